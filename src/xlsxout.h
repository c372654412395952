/*
 * xlsxout.h - report tables into an XLSX workbook (libxlsxwriter): one
 * sheet per table, bold header row frozen in place, money in the chosen
 * unit with a "#,##0.00" format, shares as percentages, the totals row in
 * bold.  Cell values in a workbook are binary floating point by the file
 * format's nature; this is output only, never read back into money.
 */
#ifndef ZBB_XLSXOUT_H
#define ZBB_XLSXOUT_H

#include "table.h"

/* Write the tables to path; 0 or -1 with the reason in err. */
int xlsx_write_tables(const char *path, struct table *const *tables, size_t n, enum money_unit u,
		      struct buf *err);

#endif
