/*
 * xlsxout.h - report tables into an XLSX workbook (libxlsxwriter), dressed
 * for the office (SPEC §7): one sheet per table with a Chinese name; the
 * 表号, the title, the 部门/scenario line and 单位 above the header; group
 * headers merged over their columns; money shown in the chosen unit so
 * that the rows add up to the totals (table_shown, 尾差 noted under the
 * table), with a "#,##0.00" format; codes as words; shares as percentages;
 * the totals row in bold; column widths that fit Chinese text; and print
 * set-up: A4 landscape, fitted to the page width, header rows repeated on
 * every page, page numbers in the footer.
 *
 * Cell values in a workbook are binary floating point by the file format's
 * nature; this is output only, never read back into money (a shown value
 * is a whole number of hundredths of the unit, so it prints exactly).
 */
#ifndef ZBB_XLSXOUT_H
#define ZBB_XLSXOUT_H

#include "table.h"

/* Write the tables to path; 0 or -1 with the reason in err. */
int xlsx_write_tables(const char *path, struct table *const *tables, size_t n, enum money_unit u,
		      struct buf *err);

/* Named files (a report's CSV tables) into the folder dest, or into the
 * zip archive dest; 0 or -1 with the reason in err. */
int files_write(const char *dest, int is_zip, const char *const names[], char *const data[], const size_t lens[],
		size_t n, struct buf *err);

#endif
