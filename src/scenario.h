/*
 * scenario.h - the whole pipeline of one scenario (SPEC §6): load the
 * book's year into the model, apply the scenario's setting overrides, run
 * the rules, build the allocation's input and run it; then store the
 * scenario (its parameters and every item's result) in the book, list and
 * remove scenarios.
 *
 * struct pipeline owns the model, the rules' result and the allocation's
 * arrays; pipeline_release frees them all.  pipeline_realloc re-runs only
 * the allocation (a what-if on capacity) on an already-loaded pipeline.
 * The computing is done by model, rules and alloc, which do no I/O; the
 * book is read and written through the store (store.h).
 */
#ifndef ZBB_SCENARIO_H
#define ZBB_SCENARIO_H

#include <jansson.h>
#include "alloc.h"
#include "store.h"
#include "model.h"
#include "rules.h"

#define SCENARIO_MAX_SETS 16

struct scenario_params {
	char name[65];
	zb_fen capacity; /* -1: the sources as they are */
	size_t n_sets;
	char *set_key[SCENARIO_MAX_SETS], *set_value[SCENARIO_MAX_SETS];
};

enum item_status { STATUS_FUNDED, STATUS_CUT, STATUS_REJECTED };

/* What a pipeline's figures are (SPEC §12): a draft scenario, the adopted
 * budget (年初预算) or the current budget after adjustments (current.h). */
enum pipeline_view { VIEW_DRAFT, VIEW_ADOPTED, VIEW_CURRENT };

struct pipeline {
	struct model m;
	struct rules_result rr;
	struct scenario_params params;
	struct alloc_project *ap;
	struct alloc_item *ai;
	struct alloc_source *as;
	struct alloc_input in;
	struct alloc_result ar;
	zb_fen sources_next[2]; /* totals of year+1 and year+2 sources in the book, -1 none */
	int has_model, has_rules, has_alloc;
	/* a stored scenario's record (scenario_open_record) */
	int is_stored;     /* read from a stored scenario */
	int is_stale;      /* the book has changed since the run */
	int is_rerun;      /* … and it was recomputed on the book as it is (--rerun) */
	int is_unkept;     /* … but its inputs were not kept (run by an older zbb): recomputed */
	char run_at[24];   /* when it ran (ISO) */
	enum pipeline_view view; /* the reports' heading says which (report_dress) */
	/* nonzero: read-only from now on (the server's shared pipelines and
	 * kept records), a serial no other pipeline of the process has, so
	 * that what is computed from it may be kept under that number; a copy
	 * whose figures differ clears it (current_build), one that differs
	 * only in its view keeps it, and a key names the view */
	uint64_t frozen;
};

/* Mark p read-only for good: its serial (pipeline.frozen). */
uint64_t pipeline_freeze(struct pipeline *p);

/* Scenario names travel in JSON and file names: letters, digits, CJK and
 * _ - . only, 1–64 bytes of UTF-8.  The CLI and the API refuse others. */
int scenario_name_ok(const char *name);
void scenario_params_init(struct scenario_params *sp, const char *name);
void scenario_params_release(struct scenario_params *sp);
/* Add a KEY=VALUE override (validated).  0, or -1 with the reason. */
int scenario_params_set(struct scenario_params *sp, const char *kv, struct buf *err);
/* Parameters as JSON text (what the book stores), and back. */
char *scenario_params_json(const struct scenario_params *sp);
int scenario_params_parse(const char *json, struct scenario_params *sp, struct buf *err);

/* Load, rules, allocation.  0, or -1 with a message (p is released). */
int pipeline_run(struct book *b, int year, const struct scenario_params *sp, struct pipeline *p,
		 struct buf *err);
/* The same on a finished model built in memory (tests, API drafts); the
 * pipeline takes the model over (*m is emptied).  Later years' sources are
 * taken as absent. */
int pipeline_run_model(struct model *m, const struct scenario_params *sp, struct pipeline *p, struct buf *err);
/* The same with the totals of the year+1 and year+2 sources in the book
 * (what pipeline_run reads; NULL: none), and rr, when not NULL, the rules'
 * result on m as it is (rules_run's or rules_assemble's): taken over (*rr
 * is emptied), and used unless the scenario changes a setting. */
int pipeline_run_model_next(struct model *m, const zb_fen next[2], const struct scenario_params *sp,
			    struct rules_result *rr, struct pipeline *p, struct buf *err);
/* Re-run the allocation only, with another capacity (-1: as is). */
int pipeline_realloc(struct pipeline *p, zb_fen capacity, struct buf *err);
void pipeline_release(struct pipeline *p);
/* The same when the process is about to exit: a sanitizer build frees (its
 * leak check stays whole), a release build leaves the memory to the
 * kernel (a scale-50 pipeline is ~1 GB in many blocks). */
void pipeline_release_at_exit(struct pipeline *p);

/* An item's status and the codes that explain it (';'-joined, appended). */
enum item_status pipeline_item_status(const struct pipeline *p, size_t item);
void pipeline_item_codes(const struct pipeline *p, size_t item, struct buf *out);
/* The same of every item of project pr at once (one walk over its
 * findings): out[k], reset first, for its k-th item; out has n_items. */
void pipeline_project_codes(const struct pipeline *p, int32_t pr, struct buf *out);
const char *item_status_name(enum item_status s);

/* The code of a draw's source ("" for the project's carryover) and its
 * name.  A what-if capacity in a year without general sources is drawn
 * from a source of its own, coded PIPELINE_CAPACITY_SOURCE. */
#define PIPELINE_CAPACITY_SOURCE "capacity"
const char *pipeline_source_code(const struct pipeline *p, uint32_t s);
const char *pipeline_source_name(const struct pipeline *p, uint32_t s);
/* Why a project got OVER_AFFORDABILITY (§6.4), in the user's language: the
 * year, the line (ratio × the year's planned expenditure), the
 * commitments before it and its plan (appended to out). */
void pipeline_afford_message(const struct pipeline *p, size_t project, struct buf *out);

/* Run as `zbb allocate` and POST /api/v1/allocate store a run: the
 * scenario's parameters and every item's result, replacing a scenario of
 * the same name, as one change audited as "scenario.allocate" by who
 * (before: the old parameters; after: the new ones and summary, the
 * report's summary JSON, not stolen).  0, or -1 with err. */
int scenario_allocate(struct book *b, const char *who, const struct pipeline *p, json_t *summary, struct buf *err);
/* The same rows inside the caller's store_write (the demo's). */
int scenario_save(struct book *b, const struct pipeline *p, struct buf *err);
/* One agency's stored results (scenario.c's blob): fn for each item in
 * order, with its project's funded total and its draws (source "" is the
 * project's carryover); fn's non-zero return stops and is returned.  -1:
 * not a results blob of a format this zbb reads. */
struct scenario_draw {
	const char *source;
	zb_fen amount_fen;
};
typedef int (*scenario_item_fn)(const char *project, zb_fen project_funded, int seq, zb_fen funded_fen,
				enum item_status status, const struct scenario_draw *draws, size_t n_draws, void *arg);
int scenario_results_decode(const void *data, size_t n, scenario_item_fn fn, void *arg);
/* The stored item results of a scenario as a JSON array of {agency,
 * project, seq, funded_fen, status, draws: [{source, amount_fen}]} (only
 * project when not NULL); NULL with err (*found 0: no such scenario). */
json_t *scenario_results_json(struct book *b, const char *name, const char *project, int *found, struct buf *err);
/* The stored parameters of a scenario; 1 when found, 0 when not, -1 on error. */
int scenario_find(struct book *b, const char *name, struct scenario_params *sp, struct buf *err);
/* The pipeline of a stored scenario (its parameters re-run on the book as
 * it is now); "base" runs with the book's own settings when it has not
 * been stored.  0; 1 when there is no such scenario; -1 on failure (err). */
int scenario_open(struct book *b, const char *name, struct pipeline *p, struct buf *err);
/* The same, as a record (SPEC §12): a stored scenario whose inputs have
 * changed since its run is run on the inputs kept with it (is_stale), or,
 * with rerun, on the book as it is now (is_rerun); p says which. */
int scenario_open_record(struct book *b, const char *name, int rerun, struct pipeline *p, struct buf *err);
/* record.c: keep the year's inputs as they are at stamp (inside the
 * store_write of a run; nothing when kept already); *kept: the bytes
 * stored.  Run a scenario on the inputs kept at stamp: 0, 1 when none
 * are kept, -1. */
int scenario_inputs_keep(struct book *b, int64_t stamp, size_t *kept, struct buf *err);
int scenario_inputs_run(struct book *b, int64_t stamp, const struct scenario_params *sp, struct pipeline *p,
			struct buf *err);
/* The first line a stale record's text reports start with ("" when
 * fresh), and its JSON keys (stale, run_at, rerun) added to o. */
const char *scenario_stale_line(const struct pipeline *p, struct buf *out);
void scenario_stale_json(const struct pipeline *p, json_t *o);
/* "adopted" names the year's adopted scenario (SPEC §12): its name in
 * out, or name itself. */
const char *scenario_resolve(struct book *b, const char *name, char *out, size_t n);
/* The 批复 of one agency (SPEC §12): the adopted scenario's record opened
 * into p, the agency's index, the adoption and the audit head as the
 * document prints them (ai points into o).  scenario NULL, "adopted" or
 * the adopted scenario's name.  0; 1 refused, why saying why in words (the
 * year not adopted, another scenario, the agency empty); 2 no such agency
 * (why); -1 (err). */
/* What the 批复 (report_approval) says of the adoption. */
struct approval_info {
	const char *scenario;   /* the adopted scenario */
	const char *adopted_at; /* ISO timestamp of the adoption */
	int64_t entry;          /* its audit entry */
	const char *head;       /* the audit head "N:HASH" when printed */
};
struct approval_open {
	struct store_adoption ad;
	char head[96];
	int32_t agency;
	struct approval_info ai;
};
int scenario_approval_open(struct book *b, const char *agency, const char *scenario, struct pipeline *p,
			   struct approval_open *o, struct buf *why, struct buf *err);
/* `zbb adopt` and POST /api/v1/adopt: the stored scenario name becomes the
 * working year's adopted budget, audited as "budget.adopt" with the hash
 * of its stored result; from then on the year's rows are locked.  0
 * (*out filled); 1 refused (why says why: already adopted, no such
 * scenario, stale, an agency not approved); -1 (err). */
int scenario_adopt(struct book *b, const char *who, const char *name, struct store_adoption *out, struct buf *why,
		   struct buf *err);
/* Remove one, audited as "scenario.remove"; 1 removed, 0 no such
 * scenario (nothing written), -1 error. */
int scenario_remove(struct book *b, const char *who, const char *name, struct buf *err);
/* The year's stored scenarios by name, as a JSON array of {name, created,
 * params (object), capacity_fen, requested_fen, approved_fen, funded_fen,
 * shortfall_fen}: what `zbb scenarios` and GET /api/v1/scenarios show.
 * NULL with err on failure. */
json_t *scenario_list_json(struct book *b, struct buf *err);

#endif
