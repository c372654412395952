/*
 * mkxlsx - writes an .xlsx for the CLI tests (with libxlsxwriter), from
 * tab-separated rows on stdin:
 *
 *   mkxlsx OUT.xlsx < rows
 *
 * Each input line is one sheet row (an empty line is an empty row).  A cell
 * is a string, except "#12.5" (a number), "&0.85" (a number with the
 * percent format 0%), "%2026-03-01" (a date with a date format), "!1" (a
 * boolean); an empty field writes no cell.  A line "---"
 * starts the next sheet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

int main(int argc, char **argv)
{
	char line[65536];
	if (argc != 2) {
		fprintf(stderr, "usage: mkxlsx OUT.xlsx < rows\n");
		return 2;
	}
	lxw_workbook *wb = workbook_new(argv[1]);
	if (!wb)
		return 1;
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy-mm-dd");
	lxw_format *pct = workbook_add_format(wb);
	format_set_num_format(pct, "0%");
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	lxw_row_t row = 0;
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\r\n")] = 0;
		if (!strcmp(line, "---")) {
			ws = workbook_add_worksheet(wb, NULL);
			row = 0;
			continue;
		}
		lxw_col_t col = 0;
		for (char *f = line, *next; f; f = next, col++) {
			next = strchr(f, '\t');
			if (next)
				*next++ = 0;
			if (!*f)
				continue;
			if (f[0] == '#') {
				worksheet_write_number(ws, row, col, strtod(f + 1, NULL), NULL);
			} else if (f[0] == '&') {
				worksheet_write_number(ws, row, col, strtod(f + 1, NULL), pct);
			} else if (f[0] == '%') {
				lxw_datetime dt = { 0 };
				if (sscanf(f + 1, "%d-%d-%d", &dt.year, &dt.month, &dt.day) != 3)
					return 2;
				worksheet_write_datetime(ws, row, col, &dt, date);
			} else if (f[0] == '!') {
				worksheet_write_boolean(ws, row, col, f[1] == '1', NULL);
			} else {
				worksheet_write_string(ws, row, col, f, NULL);
			}
		}
		row++;
	}
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
