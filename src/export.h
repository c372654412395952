/*
 * export.h - writing one kind of the book's working year back out in the
 * shape import reads (SPEC §4), as CSV or JSON.  Export then import is
 * lossless.  JSON is one array of objects whose keys are the CSV columns,
 * money as integers in fen under "<column>_fen" (SPEC §2).  The rows come
 * from the store (store_rows_each); this module only formats them.
 */
#ifndef ZBB_EXPORT_H
#define ZBB_EXPORT_H

#include <stdio.h>
#include "kinds.h"
#include "store.h"

enum export_format { EXPORT_CSV, EXPORT_JSON };

/* 0 on success, -1 with the reason in err. */
int export_kind(struct book *b, const struct kind *k, enum export_format f, FILE *out, struct buf *err);
/* The kind as an XLSX template for an agency to fill in (SPEC §4): the
 * first sheet holds the rows under the Chinese column names (enumerations
 * by their Chinese names, codes as text), with a note on each header, a
 * drop-down list for every enumeration and yes/no column and ranges for
 * numbers; a second sheet explains every column and its allowed values.
 * The bureau imports the filled-in workbook unchanged. */
int export_kind_xlsx(struct book *b, const struct kind *k, const char *path, struct buf *err);
/* One row of k (its columns in order) as a JSON object (a json_t *, the
 * caller owns it): money as "<col>_fen" integers, exact decimals as
 * strings, an empty cell as null.  What the API answers for a row too. */
void *export_row_json(const struct kind *k, const struct val *v);

#endif
