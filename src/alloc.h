/*
 * alloc.h - SPEC §6: funding the approved amounts from the year's sources.
 *
 * Pure: plain arrays in, funding out; no I/O, no knowledge of SQLite or of
 * the rules (alloc_input is filled from the model and the rules' result by
 * the caller, see scenario.c).  Invariants of a result: funded ≤ approved
 * for every item; an item's draws sum to its funded amount; no source or
 * carryover goes below zero; a package is funded whole or not at all.
 * alloc_run allocates the result's arrays; alloc_result_free releases them.
 */
#ifndef ZBB_ALLOC_H
#define ZBB_ALLOC_H

#include <stddef.h>
#include <stdint.h>
#include "model.h" /* enum tier */

#define TIER_GUARANTEED(t) ((t) <= TIER_OPERATIONS)

#define ALLOC_YEARS 3 /* the budget year and the two after it (§6.4) */

struct alloc_project {
	const char *code;
	const char *function; /* function classification code */
	enum tier tier;       /* the tier it is allocated in (a demoted major is general) */
	int64_t rank;         /* the priority's rank (tier major) */
	int64_t score;        /* merit in hundredths (evaluation, own, history, else 60) */
	int is_urgent, is_new;
	zb_fen carryover;     /* year−1 carryover it may draw first */
	int has_plans;
	zb_fen plans[ALLOC_YEARS]; /* planned spending in year, year+1, year+2 */
	size_t first_item, n_items; /* its items, in seq order */
};

struct alloc_item {
	int64_t seq;
	int level;       /* 1, 2 or 3 */
	zb_fen approved; /* from the rules */
};

struct alloc_source {
	const char *code;
	int is_earmarked;
	const char *functions; /* ';'-separated function prefixes (earmarked) */
	zb_fen amount;
};

struct alloc_input {
	const struct alloc_project *projects;
	size_t n_projects;
	const struct alloc_item *items;
	size_t n_items;
	const struct alloc_source *sources; /* in code order */
	size_t n_sources;
	zb_fen capacity;           /* what-if total of the general sources, or -1 */
	zb_fen planned[ALLOC_YEARS]; /* planned expenditure of each year (§6.4) */
	int64_t affordability_ppm;   /* affordability_ratio in millionths */
};

enum pkg_decision { PKG_FUNDED, PKG_CUT_CAPACITY, PKG_OVER_AFFORDABILITY, PKG_INELIGIBLE };

struct alloc_package {
	uint32_t project;
	int level;
	zb_fen amount;
	uint32_t turn;       /* 1-based position in the funding order */
	enum pkg_decision decision;
	zb_fen available;    /* money open to it when its turn came */
	zb_fen carry_left, earmarked_left, general_left; /* … broken down */
};

#define DRAW_CARRYOVER UINT32_MAX

struct alloc_draw {
	uint32_t item;
	uint32_t source; /* index into sources, or DRAW_CARRYOVER */
	zb_fen amount;
};

enum alloc_finding { AF_CUT_CAPACITY, AF_SHORTFALL, AF_OVER_AFFORDABILITY };

/* Why a project was refused by §6.4: the first year its plan would have
 * pushed the commitments over the line, as they stood at its check. */
struct alloc_afford {
	int year;          /* 0: the budget year, 1, 2: the years after */
	zb_fen line;       /* affordability_ratio × that year's planned expenditure, floored */
	zb_fen committed;  /* commitments of that year before this project */
	zb_fen plan;       /* the project's plan for that year */
};

struct alloc_result {
	zb_fen *funded;              /* per item */
	uint32_t *pkg_of_item;       /* per item: index into packages, or UINT32_MAX */
	struct alloc_package *packages; /* in the order of their turn */
	size_t n_packages;
	struct alloc_draw *draws;    /* grouped by item in funding order */
	size_t n_draws;
	uint32_t *first_draw;        /* per item: its first draw, n_draws when none */
	uint32_t *n_item_draws;      /* per item */
	zb_fen *source_amount;       /* per source: as the scenario sees it */
	zb_fen *source_left;         /* per source: after the allocation */
	zb_fen *carry_left;          /* per project */
	uint8_t *over_afford;        /* per project: refused by §6.4 */
	struct alloc_afford *afford; /* per project: why, when over_afford */
	/* per source: an earmarked source with money left while a package
	 * that could draw on it was cut (EARMARK_IDLE, §6.3): 1 + the first
	 * such package's index, 0 when not idle */
	uint32_t *earmark_idle;
	zb_fen earmarked_unused;     /* money left in earmarked sources */
	zb_fen commitments[ALLOC_YEARS];
	zb_fen funded_total, carryover_drawn, shortfall, affordability_fen, capacity_fen_cut;
};

/* Run the allocation.  Returns 0, or -1 when a total overflows int64. */
int alloc_run(const struct alloc_input *in, struct alloc_result *out);
void alloc_result_free(struct alloc_result *r);
/* Whether a function code starts with one of the ';'-separated prefixes. */
int alloc_prefix_match(const char *prefixes, const char *code);

#endif
