/*
 * api_resident.h - the server's resident findings: one model of the open
 * book's working year with its rules' result (SPEC §5), kept in memory for
 * the life of the process and brought up to date in place by each
 * committed change, so that a project's findings after a write are exact
 * without reloading and re-checking the whole book.
 *
 * What it reflects is counted by the audit log (every change of the book,
 * from this server or a CLI beside it, appends one entry): a read first
 * looks for entries past the last one it reflects.  An entry that writes a
 * project (project.update, project.create) re-runs only that project's
 * agency: a model of the agency (draft.h: the reference lists, the
 * agency's projects with the project read back from the book) and its
 * rules - the project's own rules and the agency-wide checks (DUPLICATE,
 * QUOTA_SPLIT, OVER_CONTROL ...), which look at nothing beyond the agency.
 * Any other entry (a reference list, the settings, a review, the season, a
 * project moved to another agency) reloads the whole book once.  So a
 * finding is never older than the last entry committed before the read
 * began.  No allocation here: reports and explain keep their own
 * pipelines (api_cache.h).
 *
 * The state is process-wide, guarded by one mutex held only while it is
 * brought up to date (a project's agency: about a millisecond); what a
 * caller reads is reference-counted, so a later write never frees it
 * under the reader.  No HTTP here.  With ZBB_TRACE_RESIDENT set, each
 * reload and each agency re-run is told on stderr (tests count them).
 */
#ifndef ZBB_API_RESIDENT_H
#define ZBB_API_RESIDENT_H

#include "model.h"
#include "rules.h"
#include "store.h"

/* Called with the model and rules' result that hold the project (k its
 * index in m, -1 when the book has no such project) or the agency. */
typedef int (*resident_fn)(const struct model *m, const struct rules_result *rr, int32_t k, void *arg);

/* The findings of project `code` on the book as it is now: fn's value, or
 * -1 with err on failure. */
int api_resident_project(struct book *b, const char *code, resident_fn fn, void *arg, struct buf *err);
/* The same for every project of agency `agency` (k is -1; the model may
 * hold other agencies' projects too: filter by agency). */
int api_resident_agency(struct book *b, const char *agency, resident_fn fn, void *arg, struct buf *err);
/* The resident model's version once it reflects every committed entry:
 * it changes when an entry changed what the rules see (a project's
 * agency re-run, a reload), not for a sign-in; -1 with err on failure. */
int64_t api_resident_version(struct book *b, struct buf *err);
/* The pipeline of scenario parameters sp (scenario.h) on the book as the
 * resident findings reflect it (the whole book built from the base and the
 * agencies' newer models: no book load), and the version it is of: 0, or
 * -1 with err.  The pipeline's model points into the resident models it
 * was made of (their texts are not copied): *hold keeps them, and
 * api_resident_unhold(*hold) lets them go once p is released. */
struct scenario_params;
struct pipeline;
struct resident_hold;
int api_resident_pipeline(struct book *b, const struct scenario_params *sp, struct pipeline *p, int64_t *version,
			  struct resident_hold **hold, struct buf *err);
void api_resident_unhold(struct resident_hold *h);
/* Free everything (the server stops; no request may be running). */
void api_resident_release(void);

#endif
