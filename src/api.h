/*
 * api.h - helpers shared by the JSON API front ends (api_*.c): turning a
 * JSON object into a row of an input kind checked by exactly the import
 * rules, storing such a row, and reading rows back as JSON in the shape
 * of `zbb export --format json`.
 *
 * JSON conventions (SPEC §2, §9): money is an integer count of fen under
 * the column's name + "_fen" ("price_fen"); quantities, scores and ratios
 * are decimal strings ("2.5") or integers — a JSON fraction (2.5) is
 * refused, because a binary float cannot carry an exact decimal;
 * booleans are true/false (or the import's words); ';'-lists may be a
 * string or an array of strings; null or "" means empty (the column's
 * default).  Read back, exact decimals come as strings and lists as
 * ';'-joined strings, exactly as export writes them.
 */
#ifndef ZBB_API_H
#define ZBB_API_H

#include "api_cache.h"
#include "http.h"
#include "import.h"
#include "kinds.h"
#include "scenario.h"

#define API_MAX_COLS 32

struct api_row {
	const struct kind *k;
	struct val v[API_MAX_COLS];
	struct buf scratch[API_MAX_COLS];
};

/* Errors gathered over a body's rows: each {message, field}. */
struct api_errors {
	json_t *list;
};

/* Check obj as a row of k.  loc prefixes messages and fields ("items[2]",
 * or NULL for the top level); keys listed in skip (NULL-ended) are left to
 * the caller.  extra_names/extra_texts add columns the caller supplies
 * (e.g. an item's project); they override obj.  Returns the number of
 * errors, added to errs. */
long api_row_parse(struct req *r, const struct kind *k, json_t *obj, const char *loc, const char *const *skip,
		   size_t n_extra, const char *const *extra_names, const char *const *extra_texts,
		   struct api_row *row, struct api_errors *errs);
void api_row_release(struct api_row *row);
/* Answer 422 with the first error and the whole list; frees the list. */
void api_errors_reply(struct req *r, struct api_errors *errs);

/* Store a checked row in the working year.  mode: insert, insert or
 * replace on the key (upsert), or update the non-key columns of the row
 * with the same key.  -1 with err on a storage failure; a constraint
 * failure answers 409/422 itself and returns 1. */
enum { ROW_INSERT, ROW_UPSERT, ROW_UPDATE };
int api_row_store(struct req *r, const struct api_row *row, int mode, struct buf *err);
/* After rows of k were stored (inside the write): the book-wide
 * consistency rules of SPEC §4 (consist.h).  0; 1 when one is broken
 * (answered 422 with every finding); -1 with err on a storage failure. */
int api_row_consist(struct req *r, const struct kind *k, const char *project, struct buf *err);

/* The texts of a checked row's key columns into keys (in column order)
 * and the audit object they make: "K1/K2", or "PREFIX:K1/K2". */
const char *api_row_keys(struct req *r, const struct api_row *row, const char *prefix, const char **keys);
/* Rows of reviews, evaluations and the lists carry a version: a number
 * from the SHA-256 of the row's JSON (52 bits), so any change of the row,
 * by the API or by an import, changes it.  A write of a row that exists
 * must send the version it read (else 409 STALE_VERSION); one sent for a
 * row that is gone is refused the same way. */
int64_t api_row_version(const json_t *row);
/* Set "version" on a row object (returned), or on each of an array. */
json_t *api_row_versioned(json_t *row);
void api_rows_versioned(json_t *rows);
/* The body's "version" against the row as stored (NULL or null: none).
 * 0 when it may be written; 1 when answered 409. */
int api_row_check_version(struct req *r, const json_t *before);
/* Inside a store_write: upsert the row whose key texts are keys, with
 * the row before (NULL when new, *is_new) and after it (versioned) in c, the body's version checked
 * first.  0, 1 when answered (409/422), -1 on failure. */
int api_row_upsert(struct req *r, const struct api_row *row, const char *const *keys, struct store_change *c,
		   int *is_new, struct buf *err);

/* The rows of k in the working year with where_col = value (NULL: all),
 * ordered by key, as a JSON array.  NULL with err on failure. */
json_t *api_rows_json(struct book *b, const struct kind *k, const char *where_col, const char *value,
		      struct buf *err);
/* The one row of k whose key columns equal keys (texts), or json null. */
json_t *api_row_get(struct book *b, const struct kind *k, const char *const *keys, struct buf *err);

/* The pipeline of a scenario for this request (api_cache.h): a GET may
 * share one process-wide; api_pipeline_exact always takes the
 * connection's exact cache (a project's own findings: GET
 * /projects/{code} shows the book as it is). */
struct pipeline *api_pipeline(struct req *r, const char *name, int *found, struct buf *err);
struct pipeline *api_pipeline_exact(struct req *r, const char *name, int *found, struct buf *err);

/* The findings of a project of a finished model with its rules result,
 * as `zbb check --format json` writes them, and its items' amounts:
 * sets "findings" (array), "amounts" ([{seq, requested_fen,
 * approved_fen, before_review: {amount_fen, price_fen, quantity}}]) and
 * "approved_fen" on obj. */
void api_findings_json(const struct model *m, const struct rules_result *rr, int32_t project, json_t *obj);

/* A list's page as the query asks for it: ?offset=&limit=&sort=&q=
 * (offset from 0, limit 1 to max_limit; sort a column key, "-key"
 * descending).  is_paged when any of them is given.  0, or 1 when
 * answered (422). */
struct api_page {
	long offset, limit;
	const char *sort, *q;
	int is_paged;
};
int api_page_parse(struct req *r, long default_limit, long max_limit, struct api_page *pg);
/* A list built as a table answered as the page pg asks for ({columns,
 * rows, total, total_row}: searched, sorted, 合计 over the whole result),
 * or with fmt "xlsx" the whole result as a workbook (?unit=). */
struct table;
void api_table_reply(struct req *r, struct table *t, const char *fmt, const struct api_page *pg);

/* The change of the book a request makes, audited under the signed-in
 * user (store.h); answers api_fail itself when the write failed, and
 * returns store_write's value. */
int api_write(struct req *r, const char *action, const char *object, store_write_fn fn, void *arg,
	      json_t **after);

#endif
