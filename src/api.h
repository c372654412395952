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

/* The rows of k in the working year with where_col = value (NULL: all),
 * ordered by key, as a JSON array.  NULL with err on failure. */
json_t *api_rows_json(struct book *b, const struct kind *k, const char *where_col, const char *value,
		      struct buf *err);
/* The one row of k whose key columns equal keys (texts), or json null. */
json_t *api_row_get(struct book *b, const struct kind *k, const char *const *keys, struct buf *err);

/* --- the pipeline cache (api_cache.c) ---
 * The pipeline (model, rules, allocation) of a scenario of the working
 * year, computed once per book connection and kept while the book does
 * not change: the key is the connection's PRAGMA data_version (commits of
 * every other connection and process) with its own change count, and the
 * scenario's stored parameters.  A city-scale pipeline takes tens of
 * milliseconds to build; a cached one answers at once.
 *
 * name: a stored scenario; "base" when not stored runs with the book's
 * settings as they are; API_BOOK ("") is always the book as it is (no
 * overrides), for findings.  Returns the pipeline, owned by the cache and
 * valid until the request ends (the handler may re-run its allocation
 * with pipeline_realloc but must put the capacity back); NULL with
 * *found = 0 when there is no such scenario, or NULL with err on failure.
 * Up to API_CACHE_SLOTS pipelines are kept per connection, so a request
 * may hold that many at once. */
#define API_BOOK ""
#define API_CACHE_SLOTS 2 /* compare holds two; a city-scale pipeline is ~25 MB at scale 1 */
struct pipeline *api_pipeline(struct req *r, const char *name, int *found, struct buf *err);
/* The connection's stamp now.  After a write of this connection that is
 * no change to the budget (a rolled-back draft, a session's last_seen),
 * api_cache_keep(b, stamp taken before it) keeps what was cached then,
 * unless another connection committed meanwhile. */
struct api_stamp {
	int64_t data_version, changes;
};
struct api_stamp api_cache_stamp(struct book *b);
void api_cache_keep(struct book *b, struct api_stamp before);
/* GET requests share one pipeline per scenario across connections, at
 * most 2 s old and never older than the user's own last write (see
 * api_cache.c); api_cache_wrote records a user's write request (before its
 * answer goes out), api_cache_done releases what a request of b held (b
 * goes back to the pool). */
void api_cache_wrote(const struct req *r);
/* api_pipeline always from the connection's exact cache (a project's own
 * findings: GET /projects/{code} shows the book as it is). */
struct pipeline *api_pipeline_exact(struct req *r, const char *name, int *found, struct buf *err);
void api_cache_done(struct book *b);
/* Drop a connection's cache (the server stops). */
void api_cache_release(struct book *b);

/* The findings of a project of a finished model with its rules result,
 * as `zbb check --format json` writes them, and its items' amounts:
 * sets "findings" (array) and "amounts" ([{seq, requested_fen,
 * approved_fen}]) on obj. */
void api_findings_json(const struct model *m, const struct rules_result *rr, int32_t project, json_t *obj);

#endif
