/*
 * model.h - the in-memory model of one fiscal year of the budget book: the
 * fifteen kinds of SPEC §4 as arrays, sorted by key, cross-referenced by
 * integer index, with the settings of SPEC §3 parsed to exact integers.
 *
 * It is what the core works on: the rules (rules.h, SPEC §5), the
 * allocation (SPEC §6) and the reports (SPEC §7) take a const struct model
 * and never touch the book.  Nothing here does I/O: the store builds the
 * model from the book's rows (store_model_load) with model_add_* and
 * model_finish, as tests and the API's drafts build one by hand.
 *
 * Invariants after model_finish (the "finished" model):
 *  - Every array is sorted by its kind's key in byte order (the order of
 *    SQLite's BINARY collation, i.e. strcmp): agencies, bases, standards,
 *    priorities, negative, pools, sources by code; prices by (pool,
 *    standard); projects by code; items by (project code, seq); history by
 *    (project code, year); evaluations by project; reviews by (project,
 *    seq, round); targets by (project, name); plans by (project, year);
 *    quotas by code; selfevals by (project code, year).
 *    Hence an array index orders like the code: standard i < standard j iff
 *    code_i < code_j, and looking a code up is a binary search
 *    (model_find_*).
 *  - Rows of a project are contiguous: a project's items are
 *    items[first_item .. first_item + n_items) in seq order, and likewise
 *    its reviews, targets, plans, history rows and basis references.  A
 *    pool's prices are prices[first_price .. +n_prices) ordered by standard
 *    index.
 *  - Cross references are int32 indices into the model's arrays, -1 when
 *    absent or unresolved (an unknown code is kept as text next to the -1:
 *    the rules judge it, SPEC §4).
 *  - Optional numbers use -1 for "not given" (scores, ratios, review price
 *    and quantity, quota); money and quantities are otherwise >= 0.
 *  - Dates are ints yyyymmdd; an empty valid_from is 0 and an empty
 *    valid_to is 99991231, so "valid on day d" is from <= d && d <= to.
 *  - Strings are NUL-terminated UTF-8 in the model's arena; NULL means the
 *    column was empty.  Repeated short strings (economic codes, units,
 *    standard codes, sources) are interned: equal text, equal pointer.
 *
 * Memory: the model owns every array and string; model_release frees them
 * all at once.  Pointers into the model stay valid until model_release
 * (while building with model_add_*, only until the next add of that kind).
 * The model is not modified by the rules, the allocation or the reports, so
 * any number of readers may share it.
 */
#ifndef ZBB_MODEL_H
#define ZBB_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "arena.h"
#include "money.h"
#include "settings.h"
#include "util.h"

/* --- enumerations (stored as text in the book; see model_enum_name) --- */
enum basis_level { BASIS_NONE, BASIS_NATIONAL, BASIS_PROVINCIAL, BASIS_MUNICIPAL };
enum neg_scope { NEG_ALL, NEG_MAJOR };
enum project_kind { KIND_PERSONNEL, KIND_OPERATION, KIND_SPECIFIC };
/* In funding order (SPEC §6.2). */
enum tier { TIER_WAGES, TIER_LIVELIHOOD, TIER_OPERATIONS, TIER_MAJOR, TIER_GENERAL, TIER__N };
enum project_scope { SCOPE_DEPARTMENT, SCOPE_TRANSFER, SCOPE_GOVERNMENT };
enum source_kind { SOURCE_GENERAL, SOURCE_EARMARKED };
/* The budget a source belongs to (SPEC §4 sources.budget). */
enum source_budget { BUDGET_PUBLIC, BUDGET_FUND, BUDGET_CAPITAL, BUDGET_UNIT, BUDGET__N };
enum conclusion { CONCL_SUPPORT, CONCL_PARTIAL, CONCL_REJECT };
enum review_action { REVIEW_APPROVE, REVIEW_ADJUST, REVIEW_CUT };
enum target_level1 { TARGET_OUTPUT, TARGET_BENEFIT, TARGET_SATISFACTION };
enum target_op { OP_EQ, OP_GE, OP_LE, OP_GT, OP_LT, OP_QUALITATIVE };
enum quota_kind { QUOTA_PERSONNEL, QUOTA_OPERATION };
enum quota_count { QUOTA_STAFF, QUOTA_RETIRED };
enum grade { GRADE_EXCELLENT, GRADE_GOOD, GRADE_FAIR, GRADE_POOR };

#define MODEL_DATE_OPEN_END 99991231

/* --- the rows --- */
struct agency {
	const char *code, *name, *parent, *function;
	const char *class_code;  /* 定额类别, or NULL */
	int64_t headcount;
	int64_t establishment;   /* 编制数, -1: not set */
	int64_t retired;         /* 离退休人数 */
	int32_t parent_idx;
	/* this agency's projects: m->agency_projects[first_project .. +n_projects),
	 * project indices in code order */
	int32_t first_project, n_projects;
	/* the budget season (SPEC §11; set by the store after model_finish):
	 * the agency's round and the control number issued for it, -1 none */
	int32_t season_round;
	zb_fen control_fen;
};

struct basis {
	const char *code, *title;
	enum basis_level level;
	int32_t valid_from, valid_to;
};

struct standard {
	const char *code, *name, *economic, *unit, *basis;
	zb_fen max_price_fen;
	zb_qty quota_per_head; /* -1: no quota */
	int32_t basis_idx;
	int32_t valid_from, valid_to;
};

struct priority {
	const char *code, *name;
	int32_t rank; /* 1 = highest */
};

struct negative_entry {
	const char *code, *description;
	const char *economic; /* prefix, or NULL */
	const char *keyword;  /* substring of content, or NULL */
	const char *except;   /* as stored: ';'-joined phrases, or NULL */
	const char **excepts; /* split, in the arena */
	int32_t n_excepts;
	enum neg_scope scope;
};

struct pool {
	const char *code, *name;
	const char *economic;    /* as stored: ';'-joined prefixes */
	const char **prefixes;   /* split, in the arena */
	int32_t n_prefixes;
	int32_t first_price, n_prices;
};

struct price {
	const char *pool_code, *standard_code;
	int32_t pool, standard;
	zb_fen price_fen;
};

struct project {
	const char *code, *agency_code, *name, *function;
	const char *basis;    /* as stored: ';'-joined codes, or NULL */
	const char *priority_code;
	enum project_kind kind;
	enum tier tier;       /* as declared; the rules may rank a major one as general */
	enum project_scope scope;
	uint8_t is_rigid, is_urgent, is_new;
	uint8_t is_basic;     /* generated by `zbb basic` (SPEC §13) */
	uint8_t has_earlier;  /* a project of this code is in an earlier year of the book (NOT_CONTINUING) */
	int32_t score;        /* hundredths, -1: none */
	int32_t start_year, end_year; /* 0: none */
	int32_t agency, priority;     /* indices, -1 unresolved / none */
	int32_t first_item, n_items;
	/* basis references: m->basis_refs[first_basis .. +n_basis] (index into
	 * bases or -1) with the cited codes in m->basis_ref_codes */
	int32_t first_basis, n_basis;
	int32_t evaluation;           /* index or -1 */
	int32_t first_review, n_reviews;
	int32_t first_target, n_targets;
	int32_t first_plan, n_plans;
	int32_t first_history, n_history; /* years before the budget year */
	int32_t hist_prev, hist_prev2;    /* history rows of year-1 and year-2, or -1 */
	int32_t first_selfeval, n_selfevals; /* years before the budget year */
};

struct item {
	const char *project_code; /* the project's code (same pointer as its row's) */
	const char *content, *economic, *standard_code, *unit, *source;
	zb_fen price_fen;
	zb_qty quantity;
	int32_t project;  /* index */
	int32_t seq;
	int32_t standard; /* index; -1 when none named or unknown (see standard_code) */
	int32_t econ;     /* index into m->econs (distinct economic codes) */
	uint8_t level;    /* 1, 2 or 3 */
};

struct history {
	int32_t year;
	const char *project_code, *agency_code, *name;
	zb_fen budget_fen, executed_fen, carryover_fen;
	int32_t score;   /* hundredths, -1 none */
	int32_t project; /* this year's project, -1 when retired */
	int32_t agency;  /* -1 when the agency is not in this year's book */
};

struct source {
	const char *code, *name;
	enum source_kind kind;
	const char *function;   /* as stored, or NULL */
	const char **prefixes;  /* split (earmarked only) */
	int32_t n_prefixes;
	zb_fen amount_fen;
	enum source_budget budget;
};

struct evaluation {
	const char *project_code;
	int32_t project;
	int32_t score; /* hundredths */
	enum conclusion conclusion;
	int64_t ratio; /* millionths, -1 unless partial */
	int32_t necessity, economy, targets, feasibility, compliance; /* hundredths, -1 */
	const char *evaluator, *date;
};

struct review {
	const char *project_code;
	int32_t project;
	int32_t seq;      /* 0: the whole project */
	int32_t item;     /* index, -1 for a whole-project review (or no such item) */
	int32_t round;
	enum review_action action;
	zb_fen price_fen; /* -1: not given */
	zb_qty quantity;  /* -1: not given */
	const char *reason, *reviewer;
};

struct target {
	const char *project_code;
	int32_t project;
	enum target_level1 level1;
	enum target_op op;
	const char *level2, *name, *value, *unit;
	int32_t weight; /* hundredths, -1 */
};

struct plan {
	const char *project_code;
	int32_t project;
	int32_t year;
	zb_fen amount_fen;
};

struct quota {
	const char *code, *standard_code;
	const char *class_code; /* NULL: every agency */
	enum quota_kind kind;
	enum quota_count count;
	int32_t standard;       /* index, -1 unresolved */
};

struct selfeval {
	int32_t year;
	const char *project_code, *note;
	int32_t score;     /* hundredths */
	int32_t grade;     /* enum grade: as given, else derived from the score */
	int32_t project;   /* this year's project, -1 when retired */
};

struct model {
	int year;          /* the budget year */
	int32_t jan1;      /* yyyymmdd of 1 January of the budget year */
	struct model_settings set;

	struct agency *agencies;         size_t n_agencies;
	struct basis *bases;             size_t n_bases;
	struct standard *standards;      size_t n_standards;
	struct priority *priorities;     size_t n_priorities;
	struct negative_entry *negative; size_t n_negative;
	struct pool *pools;              size_t n_pools;
	struct price *prices;            size_t n_prices;
	struct project *projects;        size_t n_projects;
	struct item *items;              size_t n_items;
	struct history *history;         size_t n_history;
	struct source *sources;          size_t n_sources;
	struct evaluation *evaluations;  size_t n_evaluations;
	struct review *reviews;          size_t n_reviews;
	struct target *targets;          size_t n_targets;
	struct plan *plans;              size_t n_plans;
	struct quota *quotas;            size_t n_quotas;
	struct selfeval *selfevals;      size_t n_selfevals;

	int32_t *agency_projects;        /* n_projects: by agency index, then code */
	int32_t *basis_refs;             /* see struct project */
	const char **basis_ref_codes;
	size_t n_basis_refs;
	const char **econs;              /* distinct economic codes of items */
	size_t n_econs;

	/* private: capacities, arena, intern table */
	size_t cap_[17], cap_basis_refs_;
	struct arena arena_, intern_arena_;
	struct strmap intern_;
	void *lock_; /* guards intern_ while loading with two threads */
	int is_finished_;
};

/* --- lifetime --- */
void model_release(struct model *m);

/* --- building a model (the store's loading, tests, the API's drafts) ---
 * model_init, then model_add_* (each returns a zeroed row with every index
 * and optional number set to -1, valid_to open, level 1, and the defaults
 * of SPEC §4), fill the row's fields with strings from model_str, then
 * model_finish: it sorts every array by key, resolves all cross references
 * and builds the indexes.  After model_finish the model is read-only. */
void model_init(struct model *m, int year);
const char *model_str(struct model *m, const char *s);          /* copy into the arena */
const char *model_intern(struct model *m, const char *s, size_t n); /* shared copy */
struct agency *model_add_agency(struct model *m);
struct basis *model_add_basis(struct model *m);
struct standard *model_add_standard(struct model *m);
struct priority *model_add_priority(struct model *m);
struct negative_entry *model_add_negative(struct model *m);
struct pool *model_add_pool(struct model *m);
struct price *model_add_price(struct model *m);
struct project *model_add_project(struct model *m);
struct item *model_add_item(struct model *m);
struct history *model_add_history(struct model *m);
struct source *model_add_source(struct model *m);
struct evaluation *model_add_evaluation(struct model *m);
struct review *model_add_review(struct model *m);
struct target *model_add_target(struct model *m);
struct plan *model_add_plan(struct model *m);
struct quota *model_add_quota(struct model *m);
/* grade -1: derived from the score by model_finish */
struct selfeval *model_add_selfeval(struct model *m);
/* 0, or -1 with a message (duplicate keys, a dangling structural reference). */
int model_finish(struct model *m, struct buf *err);

/* Room for at least this many projects, items and targets (a copy that
 * knows its size grows its arrays once). */
void model_reserve(struct model *m, size_t n_projects, size_t n_items, size_t n_targets);
/* For loaders that fill parts of the model on several threads:
 * model_share_intern makes model_intern take mutex (a pthread_mutex_t *)
 * until called again with NULL; model_adopt_arena hands strings allocated
 * in a loader's own arena over to the model; model_set_items hands a
 * loader's array of items (malloc'd, cap rows) over as the model's. */
void model_share_intern(struct model *m, void *mutex);
void model_adopt_arena(struct model *m, struct arena *a);
void model_set_items(struct model *m, struct item *items, size_t n, size_t cap);
/* Walking the (sorted) projects alongside rows ordered by project code:
 * the index of code's project, or -1.  Start from MODEL_WALK_INIT; codes
 * must come in ascending order. */
struct model_walk {
	size_t cur;
	const char *last;
	int32_t last_idx;
};
#define MODEL_WALK_INIT { 0, NULL, -1 }
int32_t model_walk_project(const struct model *m, struct model_walk *w, const char *code);

/* --- lookups (binary search; -1 when absent) --- */
int32_t model_find_agency(const struct model *m, const char *code);
int32_t model_find_basis(const struct model *m, const char *code);
int32_t model_find_standard(const struct model *m, const char *code);
int32_t model_find_priority(const struct model *m, const char *code);
int32_t model_find_pool(const struct model *m, const char *code);
int32_t model_find_project(const struct model *m, const char *code);
/* The latest self-evaluation of a project (a past year), or -1. */
int32_t model_latest_selfeval(const struct model *m, int32_t project);
/* The item of a project by seq, or -1. */
int32_t model_find_item(const struct model *m, int32_t project, int32_t seq);
/* The negotiated price of a standard in a pool, or -1. */
int32_t model_find_price(const struct model *m, int32_t pool, int32_t standard);

/* --- derived facts shared by the rules, the allocation and the reports --- */
/* yyyymmdd from "YYYY-MM-DD" (NULL or empty: dflt). */
int32_t model_date(const char *iso, int32_t dflt);
/* The review in force (highest round) of an item (seq >= 1) or of the whole
 * project (seq 0), or -1. */
int32_t model_review_in_force(const struct model *m, int32_t project, int32_t seq);
/* The project's score for ranking (SPEC §6.2): its evaluation score, else
 * its own score, else its latest score of a past year (a selfevals row,
 * or else the history row's score, of the latest year that has either),
 * else 60 (hundredths). */
int32_t model_project_score(const struct model *m, int32_t project);
/* The project's carryover from history of year-1 (fen, 0 when none). */
zb_fen model_project_carryover(const struct model *m, int32_t project);
/* Whether a function code falls in a livelihood class of the settings. */
int model_is_livelihood(const struct model *m, const char *function);
/* The pool an economic code falls in (SPEC §5 step 6): the pool with the
 * longest matching prefix, between equally long ones the first in code
 * order; -1 when none. */
int32_t model_pool_of(const struct model *m, const char *economic);
/* Whether `prefix` is a prefix of `code`. */
int model_has_prefix(const char *code, const char *prefix);

/* The enumerations as stored in the book: a value's code ("wages" …) and
 * back (dflt when the text is NULL or unknown). */
enum model_enum { ME_BASIS_LEVEL, ME_NEG_SCOPE, ME_KIND, ME_TIER, ME_SCOPE, ME_SOURCE_KIND, ME_CONCLUSION,
		  ME_ACTION, ME_LEVEL1, ME_OP, ME_QUOTA_KIND, ME_QUOTA_COUNT, ME_GRADE, ME_SOURCE_BUDGET, ME__N };
/* The grade of a self-evaluation score (hundredths): 优 >= 90, 良 >= 80,
 * 中 >= 60, else 差. */
enum grade model_grade_of(int32_t score);
int model_enum_parse(enum model_enum e, const char *s, int dflt);
const char *model_enum_code(enum model_enum e, int v);
/* The code of an enumeration value as stored in the book ("wages"…) and
 * its Chinese name ("保工资"…). */
const char *model_tier_code(enum tier t);
const char *model_tier_zh(enum tier t);
const char *model_kind_code(enum project_kind k);
const char *model_conclusion_code(enum conclusion c);
const char *model_action_code(enum review_action a);

#endif
