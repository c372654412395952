/*
 * api_cache.h - the server's cache of scenario pipelines (model, rules,
 * allocation), so that a city-scale report, project read or draft check
 * takes milliseconds, not the tens of milliseconds of a pipeline.
 *
 * Per book connection, the pipeline of a scenario of the working year is
 * kept while the book does not change: the key is the connection's
 * store_stamp (another connection's commit changes its data_version; its
 * own store_write commits change its count of writes; a session's
 * housekeeping and a rolled-back draft change neither) and the scenario's
 * stored parameters.  GET requests may instead share one process-wide
 * pipeline per scenario, exact as of the book's last audit entry when the
 * request began (a change through this server, another server of the same
 * book or the CLI appends one) and built from the resident model (see
 * api_cache.c).
 *
 * name: a stored scenario; "base" when not stored runs with the book's
 * settings as they are; API_BOOK ("") is always the book as it is (no
 * overrides), for findings.  The pipeline is owned by the cache and valid
 * until the request ends (the caller may re-run its allocation with
 * pipeline_realloc but must put the capacity back); NULL with *found = 0
 * when there is no such scenario, or NULL with err on failure.  Up to
 * API_CACHE_SLOTS pipelines are kept per connection, so a request may hold
 * that many at once.  No HTTP here: api.h wraps it for a request.
 */
#ifndef ZBB_API_CACHE_H
#define ZBB_API_CACHE_H

#include "scenario.h"
#include "store.h"

#define API_BOOK ""
#define API_CACHE_SLOTS 2 /* compare holds two; a city-scale pipeline is ~25 MB at scale 1 */

/* may_share: a GET's read (the process-wide pipelines). */
struct pipeline *cache_pipeline(struct book *b, const char *name, int may_share, int *found, struct buf *err);
/* Before the server listens: the resident model and the shared pipeline
 * of the base scenario, made on b (not one of the pool's connections), so
 * that the first readers do not wait for them. */
void api_cache_warm(struct book *b);
/* Release what a request of b held (b goes back to the pool). */
void api_cache_done(struct book *b);
/* Drop a connection's cache (the server stops). */
void api_cache_release(struct book *b);

/* Answers kept whole: a report's body computed from a frozen pipeline
 * (pipeline.frozen) is the same for every request that names the same
 * pipeline and asks the same, so it is kept under a key that holds the
 * serial and everything else the body depends on (the caller's).  find:
 * a copy in a (lives as a's), its length in *len, or NULL; keep: a copy
 * is kept (the least recently used ones go past API_ANSWERS_KEPT answers
 * or API_ANSWERS_BYTES bytes; a body bigger than a quarter of those is
 * not kept). */
#define API_ANSWERS_KEPT 1024 /* a report for each agency of a city, and more */
#define API_ANSWERS_BYTES (64u << 20)
const char *api_answer_find(const char *key, struct arena *a, size_t *len);
void api_answer_keep(const char *key, const char *body, size_t len);
/* Drop every kept answer (the server stops). */
void api_answers_release(void);

#endif
