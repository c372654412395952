/*
 * xlsxread.h - reading the first sheet of an XLSX workbook row by row, for
 * imports (SPEC §4: XLSX files are accepted wherever CSV is).  Built on
 * libzip and expat; every part is streamed, never held whole.
 *
 * The first sheet is the first in tab order, found through the workbook's
 * relationships (its part need not be sheet1.xml).  Rows are handed to the
 * same callback as csvread's, with the sheet's row number (r="7") as the
 * line; fields are valid only during the call.  Cells are given as text:
 * shared and inline strings resolved (rich-text runs joined, phonetic runs
 * dropped, _xHHHH_ escapes decoded), booleans as TRUE/FALSE, formulas by
 * their cached value, numbers as a spreadsheet shows them, by decimal
 * digits and never through a double: rounded to 15 significant digits (the
 * noise of a stored double goes: 1234.5600000000001 is 1234.56), exponents
 * written out, a cell with a percent format as its percent ("85%", which
 * only a ratio column accepts), and a whole serial number in a cell with a
 * date format as YYYY-MM-DD.  Cells are placed by their reference (r="B7"); missing
 * cells are empty fields.  The first row with a non-empty cell is the
 * header; every row is padded to the header's width (a row with a non-empty
 * cell further right is longer).  Rows with no non-empty cell are skipped.
 *
 * Limits: a part may decompress to at most XLSX_MAX_PART bytes (a guard
 * against zip bombs), a field to CSV_MAX_FIELD bytes, a row to
 * CSV_MAX_LINE bytes and XLSX_MAX_COLS columns; all the cells' text (shared
 * strings expanded) to XLSX_MAX_TEXT bytes, the reading to XLSX_MAX_SECONDS.
 * DOCTYPEs are refused.
 *
 * Returns 0, the callback's non-zero value, or -1 with "FILE: reason" (or
 * "FILE:ROW: reason") in err.
 */
#ifndef ZBB_XLSXREAD_H
#define ZBB_XLSXREAD_H

#include "csvread.h"

#define XLSX_MAX_PART (512u << 20) /* decompressed bytes of one part */
#define XLSX_MAX_COLS 16384u       /* columns in a row (Excel's own, A..XFD) */
#define XLSX_MAX_ROWS 1048576L     /* rows in a sheet (Excel's own) */
/* The budget of one file: the text of all its cells (a shared string
 * counted each time a cell uses it, so a small file repeating one long
 * string cannot expand to gigabytes) and the time spent reading it. */
#define XLSX_MAX_TEXT (64u << 20)
#define XLSX_MAX_SECONDS 60

int xlsx_read_file(const char *path, csv_row_fn fn, void *ctx, struct buf *err);
/* The same over a workbook's bytes in memory (read in place, not copied);
 * name is used in messages as the path is. */
int xlsx_read_mem(const char *name, const void *data, size_t len, csv_row_fn fn, void *ctx, struct buf *err);

#endif
