/*
 * fuzz_csv - the CSV reader with encoding detection (csvread.c): bytes in
 * memory through csv_read_mem with ENC_AUTO, ENC_UTF8 or ENC_GB18030
 * (byte 0 picks).  Invariants: every field handed to the row callback is
 * valid UTF-8 and at most CSV_MAX_FIELD bytes; record lines never go
 * backwards; a failed read says why ("NAME:LINE: …").
 */
#include "csvread.h"

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
	long n_rows;
};

static int on_row(void *ctx, long line, const struct csv_field *f, size_t n)
{
	struct seen *s = ctx;
	if (line < 1 || line < s->last_line)
		fail("line %ld after %ld", line, s->last_line);
	s->last_line = line;
	s->n_rows++;
	for (size_t i = 0; i < n; i++) {
		if (f[i].n > CSV_MAX_FIELD)
			fail("field of %zu bytes", f[i].n);
		if (!utf8_valid(f[i].s, f[i].n))
			fail("field %zu of line %ld is not UTF-8", i, line);
	}
	/* stop now and then, as an import does on a bad header */
	return n == 7 && f[0].n == 1 && f[0].s[0] == '!';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum csv_encoding encs[] = { ENC_AUTO, ENC_UTF8, ENC_GB18030 };
	if (size < 1)
		return 0;
	lang_init("en");
	struct seen s = { 0, 0 };
	struct csv_info info;
	struct buf err = BUF_INIT;
	int rc = csv_read_mem("f.csv", (const char *)data + 1, size - 1, encs[data[0] % 3], on_row, NULL, &s, &info,
			      &err);
	if (rc < 0 && strncmp(buf_str(&err), "f.csv:", 6))
		fail("a failed read without a located reason: \"%s\"", buf_str(&err));
	if (rc == 0 && err.len)
		fail("success with an error: %s", buf_str(&err));
	if (info.n_records != s.n_rows)
		fail("n_records %ld, rows %ld", info.n_records, s.n_rows);
	buf_release(&err);
	return 0;
}
