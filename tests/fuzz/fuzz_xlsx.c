/*
 * fuzz_xlsx - the XLSX reader (xlsxread.c): the input is a workbook file,
 * read in memory through xlsx_read_mem (the zip and XML parsing of
 * xlsx_read_file, which an import uses, without writing a temporary file
 * per input).  Invariants: every
 * field handed to the row callback is valid UTF-8 and at most
 * CSV_MAX_FIELD bytes, a row at most CSV_MAX_LINE bytes in all; a row
 * number is the sheet's (1 to XLSX_MAX_ROWS; a sheet may list its rows in
 * any order); a failed read says where ("FILE: …"); the text handed out
 * stays within XLSX_MAX_TEXT.  Seeds are small workbooks (a shared
 * string, an inline string, a number, a date) made by tests/mkxlsx.
 */
#include "xlsxread.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define fail(...)                                                                                                 \
	do {                                                                                                      \
		fprintf(stderr, "fuzz invariant: " __VA_ARGS__);                                                  \
		fputc('\n', stderr);                                                                              \
		abort();                                                                                          \
	} while (0)

struct seen {
	long last_line;
	size_t n_text;
};

static int on_row(void *ctx, long line, const struct csv_field *f, size_t n)
{
	struct seen *s = ctx;
	size_t row = 0;
	if (line < 1 || line > XLSX_MAX_ROWS)
		fail("row number %ld", line);
	s->last_line = line;
	for (size_t i = 0; i < n; i++) {
		if (f[i].n > CSV_MAX_FIELD)
			fail("field of %zu bytes", f[i].n);
		if (!utf8_valid(f[i].s, f[i].n))
			fail("field %zu of row %ld is not UTF-8", i, line);
		row += f[i].n;
	}
	if (row > CSV_MAX_LINE)
		fail("row of %zu bytes", row);
	s->n_text += row;
	return 0;
}

static const char path[] = "f.xlsx";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	lang_init("en");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen s = { 0, 0 };
	struct buf err = BUF_INIT;
	int rc = xlsx_read_mem(path, data, size, on_row, &s, &err);
	if (rc < 0 && strncmp(buf_str(&err), path, strlen(path)))
		fail("a failed read without a located reason: \"%s\"", buf_str(&err));
	if (rc == 0 && err.len)
		fail("success with an error: %s", buf_str(&err));
	if (s.n_text > XLSX_MAX_TEXT)
		fail("%zu bytes of text beyond the budget", s.n_text);
	buf_release(&err);
	return 0;
}
