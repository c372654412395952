/*
 * csvread.h - reading RFC 4180 CSV files row by row, with line numbers,
 * encoding detection and limits.  Built on libcsv.
 *
 * The whole file is read into memory.  A UTF-8 BOM is dropped.  A file
 * that is not valid UTF-8 is converted from GB18030 (unless the encoding is
 * forced) and info->converted says so.  Each record is handed to the row
 * callback with the line it starts on; fields are valid only during the
 * call.  Blank lines are skipped.  A double quote inside an unquoted field
 * is read literally, as spreadsheets read it.  Structural problems (an
 * unterminated quote, a line or field over the limits, undecodable bytes)
 * stop the read with "FILE:LINE: reason" in err.
 */
#ifndef ZBB_CSVREAD_H
#define ZBB_CSVREAD_H

#include <stddef.h>
#include "util.h"

#define CSV_MAX_LINE (1u << 20)   /* bytes in one physical line */
#define CSV_MAX_FIELD (64u << 10) /* bytes in one field */

enum csv_encoding { ENC_AUTO, ENC_UTF8, ENC_GB18030 };

struct csv_field {
	const char *s;
	size_t n;
};

struct csv_info {
	int converted;      /* read as GB18030 */
	size_t bytes;       /* size of the text after conversion */
	long n_records;     /* records handed to the callback */
};

/* Return 0 to go on, non-zero to stop (the read then returns that value). */
typedef int (*csv_row_fn)(void *ctx, long line, const struct csv_field *f, size_t n);
/* Called now and then with the bytes consumed so far (may be NULL). */
typedef void (*csv_progress_fn)(void *ctx, size_t done, size_t total);

int csv_read_file(const char *path, enum csv_encoding enc, csv_row_fn fn, csv_progress_fn prog,
		  void *ctx, struct csv_info *info, struct buf *err);
/* The same over bytes in memory; name is used in messages. */
int csv_read_mem(const char *name, const char *data, size_t len, enum csv_encoding enc,
		 csv_row_fn fn, csv_progress_fn prog, void *ctx, struct csv_info *info,
		 struct buf *err);
/* Offset of the first byte that is not valid UTF-8, or n. */
size_t utf8_first_invalid(const char *s, size_t n);

#endif
