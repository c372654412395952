/*
 * export.h - writing one kind of the book's working year back out in the
 * shape import reads (SPEC §4), as CSV or JSON.  Export then import is
 * lossless.  JSON is one array of objects whose keys are the CSV columns,
 * money as integers in fen under "<column>_fen" (SPEC §2).
 */
#ifndef ZBB_EXPORT_H
#define ZBB_EXPORT_H

#include <stdio.h>
#include "book.h"
#include "kinds.h"

enum export_format { EXPORT_CSV, EXPORT_JSON };

/* 0 on success, -1 with the reason in err. */
int export_kind(struct book *b, const struct kind *k, enum export_format f, FILE *out, struct buf *err);
/* One row of a SELECT of k's columns (in the kind's order, from column 0)
 * as a JSON object (a json_t *, the caller owns it): money as "<col>_fen"
 * integers, exact decimals as strings, an empty cell as null. */
void *export_row_json(const struct kind *k, sqlite3_stmt *st);
/* Append one CSV field, quoted when it must be. */
void csv_put_field(struct buf *line, const char *s, size_t n);
/* The same for a report's text cell, guarded against formula injection:
 * text starting with '=', '+', '-', '@', a tab or CR gets a leading "'"
 * so that Excel and WPS show it as text instead of running it.  Reports
 * are read by people, not re-imported; export (above) stays lossless and
 * does not guard: its files are zbb's input format (see README). */
void csv_put_cell(struct buf *line, const char *s, size_t n);

#endif
