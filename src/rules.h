/*
 * rules.h - SPEC §5: from request to approved amount.  Pure: a finished
 * model in, per-item requested and approved amounts, per-project effective
 * tier and status, and findings out.  No I/O, nothing approximate: amounts
 * are int64 fen, ratios exact fractions, every scaled amount floored.
 *
 * How the amounts move (the contract the tests pin down):
 *  1. R = price × quantity (rounded half up), per item.
 *  2. Project gates, checked in the spec's order; every gate that applies
 *     is reported, the first one books the project's whole requested total
 *     (each item's R) to its cause and zeroes every item; the others report
 *     with effect 0.  In a gated project steps 3-4 are still checked and
 *     reported (they must be fixed too) with effect 0; steps 5-10 are not
 *     applied (nothing is left to adjust).  Warnings are reported anyway.
 *  3-4. Item errors (NEGATIVE_LIST, UNKNOWN_STANDARD, STANDARD_MISMATCH,
 *     EXPIRED_STANDARD, NO_STANDARD): every one that applies is reported;
 *     the first in that order books the item's whole R; the item is
 *     approved 0 and steps 5-8 are skipped for it.
 *  5-8. OVER_STANDARD, POOLED, OVER_QUOTA, item review (REVIEW_CUT books
 *     the amount as it stood; REVIEW_ADJUSTED the decrease, a raise is
 *     capped at step 7's amount and books 0).  Each books the decrease of
 *     price × quantity (rounded) it causes, as the amount stood.
 *  10. EVAL_PARTIAL scales each item by the evaluation ratio, then
 *     LOW_EXECUTION scales the already-scaled amounts by the mean execution
 *     rate; each floors per item to the fen and books per item the
 *     difference; the project's finding carries the sum.
 *  11. Warnings change nothing and book nothing.
 * Hence for every item R − A is the sum of what its steps booked, and the
 * per-cause savings partition requested − approved exactly.
 *
 * Memory: rules_run fills a struct rules_result that owns its arrays;
 * rules_result_release frees them.  Findings refer to the model by index,
 * so the model must outlive the result.
 */
#ifndef ZBB_RULES_H
#define ZBB_RULES_H

#include "model.h"

/* Finding codes (SPEC §5, and §6's, which the allocation emits).  The
 * order is the spec's; rules_code_name gives the contract's text. */
enum finding_code {
	F_NO_BASIS, F_EXPIRED_BASIS, F_NEEDS_EVALUATION, F_EVAL_REJECTED, F_REVIEW_CUT, F_NEEDS_REVIEW,
	F_NEGATIVE_LIST, F_NEGATIVE_MAJOR,
	F_UNKNOWN_STANDARD, F_STANDARD_MISMATCH, F_EXPIRED_STANDARD, F_NO_STANDARD,
	F_OVER_STANDARD, F_POOLED, F_OVER_QUOTA, F_REVIEW_ADJUSTED,
	F_EVAL_PARTIAL, F_LOW_EXECUTION,
	F_DUPLICATE, F_NOT_ON_LIST, F_CARRYOVER, F_NO_TARGETS,
	F_QUOTA_SPLIT, F_OVER_ESTABLISHMENT, F_TARGET_INCOMPLETE, F_TARGET_WEIGHTS, F_TARGET_NOT_MEASURABLE,
	F_POOR_SELFEVAL, F_OVER_CONTROL, F_NOT_CONTINUING, F_TIER_MISMATCH,
	/* SPEC §6, emitted by the allocation, never by the rules */
	F_OVER_AFFORDABILITY, F_CUT_CAPACITY, F_SHORTFALL, F_EARMARK_IDLE,
	F__N
};

enum severity { SEV_ERROR, SEV_ADJUST, SEV_WARN, SEV__N };

/* Causes of removed fen, in the order of the summary's savings_fen. */
enum cause {
	CAUSE_NONE = -1,
	CAUSE_STANDARD, CAUSE_QUOTA, CAUSE_POOL, CAUSE_REVIEW, CAUSE_EVALUATION, CAUSE_LOW_EXECUTION,
	CAUSE_NEGATIVE, CAUSE_NO_BASIS, CAUSE_NO_STANDARD, CAUSE_AFFORDABILITY, CAUSE_CAPACITY,
	CAUSE__N
};

/* One finding: 56 bytes.  The object is the project (item == -1) or the
 * item.  before/after are the amounts around the step (the project's
 * totals for a project-level finding).  a, b, c and ref carry what the
 * message needs; their meaning depends on the code (see rules.c). */
struct finding {
	uint8_t code;     /* enum finding_code */
	uint8_t severity; /* enum severity */
	int8_t cause;     /* enum cause, CAUSE_NONE for warnings */
	uint8_t c;
	int32_t project;
	int32_t item;     /* index into m->items, or -1 */
	int32_t ref;      /* index of the standard, pool, review, negative entry … or -1 */
	zb_fen effect_fen; /* fen removed and booked to the cause (>= 0) */
	zb_fen before_fen, after_fen;
	int64_t a, b;
};

/* Per-item and per-project flags. */
enum { ITEM_REJECTED = 1 };  /* an error zeroed it (a gate, steps 3-4, a review cut) */
enum { PROJECT_REJECTED = 1, /* a gate fired: no item is funded */
       PROJECT_DEMOTED = 2   /* tier major ranked as general (NEGATIVE_MAJOR, NOT_ON_LIST) */ };

struct rules_totals {
	zb_fen requested_fen, approved_fen;
	zb_fen savings_fen[CAUSE__N];
	int64_t count[F__N];
	int64_t n_severity[SEV__N];
};

struct rules_result {
	size_t n_items, n_projects;
	zb_fen *requested_fen;          /* per item: R */
	zb_fen *approved_fen;           /* per item: A */
	uint8_t *item_flags;            /* per item: ITEM_* */
	uint8_t *tier;                  /* per project: the tier it is ranked in (enum tier) */
	uint8_t *project_flags;         /* per project: PROJECT_* */
	zb_fen *project_requested_fen;  /* per project: sum of R */
	zb_fen *project_approved_fen;   /* per project: sum of A */
	/* findings grouped by project in code order: project p's are
	 * findings[project_findings[p] .. project_findings[p + 1]) — gates
	 * first, then each item's in step order, then step 10, then warnings */
	struct finding *findings;
	size_t n_findings, cap_findings;
	int32_t *project_findings;      /* n_projects + 1 offsets */
	struct rules_totals totals;     /* over the whole book */
};

/* Books of at least this many items are checked on two threads (the
 * result is the same; tests lower it to exercise both paths). */
extern size_t rules_thread_min_items;

/* Run every rule.  0, or -1 with a message in err (an amount overflows);
 * r is then released. */
int rules_run(const struct model *m, struct rules_result *r, struct buf *err);
void rules_result_release(struct rules_result *r);

/* What rules_run would give on m, put together from other models' results
 * instead of run again: project p of m is project from[p].project of the
 * model from[p].m, whose result is from[p].r.  Exact when each agency's
 * projects all come from one model that holds the whole agency, with m's
 * reference lists (the same standards, pools and negative list, in the
 * same order) and settings, as draft_model_merge's models are: the rules
 * read across projects only within an agency (duplicates, split quotas,
 * the establishment, the control number).  0, or -1 with a message in err. */
struct rules_from {
	const struct model *m;
	const struct rules_result *r;
	int32_t project;
};
int rules_assemble(const struct model *m, const struct rules_from *from, struct rules_result *r, struct buf *err);
/* 1 when two results are the same to the byte (a check of rules_assemble). */
int rules_result_same(const struct rules_result *a, const struct rules_result *b);

/* Item i (of project pi) as a review finds it (SPEC §5 step 8): its
 * price, quantity and amount after steps 5-7 (the standard's ceiling, the
 * pool's price, the quota).  A review's adjustment replaces that price
 * and/or quantity and may lower the amount, never raise it.  An item the
 * rules rejected before them (a gate, steps 3-4) is as requested. */
struct rules_before_review {
	zb_fen price_fen, amount_fen;
	zb_qty quantity;
};
void rules_before_review(const struct model *m, const struct rules_result *r, int32_t pi, int32_t i,
			 struct rules_before_review *out);

/* Totals over one agency and/or one project (-1: all). */
void rules_sum(const struct model *m, const struct rules_result *r, int32_t agency, int32_t project,
	       struct rules_totals *t);

/* The trace of one project for `zbb explain`: every step that touched each
 * item, in order, with the item's amount before and after it.  A
 * project-level finding appears once per item with that item's share. */
struct rules_step {
	int32_t item;
	zb_fen before_fen, after_fen;
	struct finding f;
};
struct rules_trace {
	struct rules_step *steps;
	size_t n, cap;
	zb_fen *requested_fen, *approved_fen; /* per item of the project */
	uint8_t tier, project_flags;          /* as in struct rules_result */
};
/* 0, or -1 with a message in err.  The trace owns its arrays. */
int rules_trace_project(const struct model *m, int32_t project, struct rules_trace *t, struct buf *err);
void rules_trace_release(struct rules_trace *t);
/* The same for many projects of one model (the ledger walks them all):
 * the tracer prepares what they share once.  err lives as long as it. */
struct rules_tracer;
struct rules_tracer *rules_tracer_new(const struct model *m, struct buf *err);
int rules_tracer_project(struct rules_tracer *tr, int32_t project, struct rules_trace *t);
void rules_tracer_free(struct rules_tracer *tr);

/* Names: the contract's code ("OVER_STANDARD"), severity ("error"),
 * cause ("standard"); and a code from its name (-1 if unknown). */
const char *rules_code_name(enum finding_code c);
const char *rules_severity_name(enum severity s);
const char *rules_cause_name(enum cause c);
enum severity rules_code_severity(enum finding_code c);
enum cause rules_code_cause(enum finding_code c);
int rules_code_parse(const char *name);
int rules_severity_parse(const char *name);
/* A cause's and a severity's words in the user's language ("支出标准" /
 * "standards", "错误" / "error"). */
const char *rules_cause_label(enum cause c);
const char *rules_severity_label(enum severity s);
/* The finding's message in the user's language (appended to out). */
void rules_message(const struct model *m, const struct finding *f, struct buf *out);
/* "P001" or "P001/3": the finding's object. */
void rules_object(const struct model *m, const struct finding *f, struct buf *out);

#endif
