/*
 * csvout.c - CSV fields out (see csvout.h).
 */
#include "csvout.h"

#include <string.h>

void csv_put_field(struct buf *line, const char *s, size_t n)
{
	int quote = n && (s[0] == ' ' || s[n - 1] == ' ');
	for (size_t i = 0; i < n && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = 1;
	if (!quote) {
		buf_add(line, s, n);
		return;
	}
	buf_addc(line, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_addc(line, '"');
		buf_addc(line, s[i]);
	}
	buf_addc(line, '"');
}

void csv_put_cell(struct buf *line, const char *s, size_t n)
{
	/* a spreadsheet takes a cell that starts with one of these as a
	 * formula (or, after a tab or CR, may); a leading apostrophe makes
	 * Excel and WPS show it as text */
	if (n && strchr("=+-@\t\r", s[0])) {
		struct buf g = BUF_INIT;
		buf_addc(&g, '\'');
		buf_add(&g, s, n);
		csv_put_field(line, g.s, g.len);
		buf_release(&g);
		return;
	}
	csv_put_field(line, s, n);
}
