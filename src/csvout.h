/*
 * csvout.h - writing CSV fields (RFC 4180): the one place that quotes
 * them, for export (zbb's own input format) and for the reports and
 * findings people open in Excel or WPS.  A leaf: it knows nothing of
 * kinds, tables or reports.
 */
#ifndef ZBB_CSVOUT_H
#define ZBB_CSVOUT_H

#include <stddef.h>
#include "util.h"

/* Append one CSV field, quoted when it must be (a comma, a quote, a line
 * break, or a space at either end). */
void csv_put_field(struct buf *line, const char *s, size_t n);
/* The same for a text cell people read, guarded against formula
 * injection: text starting with '=', '+', '-', '@', a tab or CR gets a
 * leading "'" so that Excel and WPS show it as text instead of running
 * it.  Reports are read by people, not re-imported; export stays lossless
 * and does not guard: its files are zbb's input format (see README). */
void csv_put_cell(struct buf *line, const char *s, size_t n);

#endif
