/*
 * demo.h - the demo city: a deterministic generator of the sixteen input
 * files (SPEC §4) for a budget year, modelled on a Hunan prefecture-level
 * city (about 120 agencies, 3,000 projects and 60,000 line items at scale 1).
 *
 * The generator is pure: it writes CSV text (header row first, one row a
 * line, fields quoted only where RFC 4180 needs it) into one struct buf per
 * kind and does no other I/O.  The same options always give byte-identical
 * text: it uses its own PRNG (splitmix64) from a fixed seed, never rand()
 * or the clock, and integer arithmetic only (money in fen, quantities in
 * 1/10000).  Every row is meant to pass the importer's checks; the data
 * also deliberately exercises every rule of SPEC §5 (prices over standard,
 * quotas exceeded, unknown and expired standards and bases, negative-list
 * hits, missing evaluations and re-reviews, duplicates, …).
 *
 * --scale N repeats the city's agencies N times (batches 2… are named after
 * the city's districts and coded "Qnn-…"), so projects and items grow
 * linearly; the shared lists (bases, standards, pools, …) do not grow, and
 * the sources are sized from the requested total.
 *
 * The caller owns struct demo_out and frees its buffers with
 * demo_out_release.
 */
#ifndef ZBB_DEMO_H
#define ZBB_DEMO_H

#include <stdint.h>
#include "money.h"
#include "util.h"

/* The kinds the demo writes, in the order they must be imported
 * (references first); zbb demo runs zbb basic right after the quotas. */
enum {
	DK_AGENCIES, DK_BASES, DK_STANDARDS, DK_QUOTAS, DK_PRIORITIES, DK_NEGATIVE, DK_POOLS, DK_PRICES,
	DK_PROJECTS, DK_ITEMS, DK_HISTORY, DK_SOURCES, DK_EVALUATIONS, DK_REVIEWS, DK_TARGETS,
	DK_PLANS, DEMO_N_KINDS
};
/* Kind names (as kind_find knows them), indexed by DK_*. */
extern const char *const demo_kind_names[DEMO_N_KINDS];

#define DEMO_MAX_SCALE 1000

struct demo_opts {
	int scale; /* 1 … DEMO_MAX_SCALE */
	int year;  /* the budget year (dates, history and plans follow it) */
	/* a region of a province (zbb demo --province; 0 and NULL: the city
	 * itself): share, 1 … 100, the percent of the city's agency families
	 * (an agency with those under it) kept; seed varies the numbers;
	 * prefix takes the place of 市 that begins the agencies' names
	 * (省, 攸县 …) */
	int share;
	uint64_t seed;
	const char *prefix;
};

/* What the generator produced, for the front end and the tests. */
struct demo_stats {
	long n_rows[DEMO_N_KINDS];   /* data rows per kind (header excluded) */
	zb_fen requested_fen;        /* Σ price × quantity over items */
	zb_fen livelihood_fen;       /* of which in the default livelihood functions */
	zb_fen tier_fen[5];          /* by tier: wages livelihood operations major general */
	zb_fen sources_fen;          /* Σ sources */
	zb_fen it_before_fen;        /* IT pool items with a valid standard, at min(price, ceiling) */
	zb_fen it_after_fen;         /* the same at the negotiated prices */
};

struct demo_out {
	struct buf csv[DEMO_N_KINDS];
	struct demo_stats stats;
};

/* Generate the city into out (which must be zeroed).  0, or -1 when the
 * options are out of range. */
int demo_generate(const struct demo_opts *o, struct demo_out *out);
void demo_out_release(struct demo_out *out);

/* The demo's budget season (demo_season.c): how far `zbb demo --stage S`
 * runs it.  draft: not begun; submitted: round 1 submitted by all;
 * returned: some returned with opinions; accepted: all accepted in round
 * 1; issued: round 2's control numbers issued from the base scenario;
 * approved: the whole season (the default).  Later stages may follow. */
enum { DEMO_STAGE_DRAFT, DEMO_STAGE_SUBMITTED, DEMO_STAGE_RETURNED, DEMO_STAGE_ACCEPTED, DEMO_STAGE_ISSUED,
       DEMO_STAGE_APPROVED, DEMO_STAGE_N };
int demo_stage_parse(const char *s, int *out);
const char *demo_stage_list(void);
struct book;
struct buf;
struct demo_season_result {
	size_t agencies;  /* agencies of the season */
	int returned;     /* returned once with an opinion */
	int revised;      /* revised their requests to the control number */
	int already;      /* the book's season had begun: nothing done */
};
/* 1 when the book's season has begun (an agency past round 1's draft,
 * or moved and back), 0 when not, -1 with err. */
int demo_season_begun(struct book *b, struct buf *err);
/* Run the season to stage through season.c's transitions, each audited,
 * as who (the bureau's operator: every role).  0; a refusal (positive,
 * season.h) or -1 with the message in msg. */
int demo_season(struct book *b, const char *who, int stage, struct demo_season_result *out, struct buf *msg);

#endif
