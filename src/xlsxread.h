/*
 * xlsxread.h - reading the first sheet of an XLSX workbook row by row, for
 * imports (SPEC §4: XLSX files are accepted wherever CSV is).
 *
 * Rows are handed to the same callback as csvread's, with the sheet's row
 * number as the line; cells are given as text (shared strings resolved,
 * numbers as written in the file, empty cells as empty fields up to the
 * last non-empty one).  Returns 0, the callback's non-zero value, or -1
 * with "FILE: reason" in err.
 */
#ifndef ZBB_XLSXREAD_H
#define ZBB_XLSXREAD_H

#include "csvread.h"

int xlsx_read_file(const char *path, csv_row_fn fn, void *ctx, struct buf *err);

#endif
