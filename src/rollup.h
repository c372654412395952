/*
 * rollup.h - a subtree of regions read as one (SPEC §14): the results of
 * each region's own scenario, added up (rollup.c).
 */
#ifndef ZBB_ROLLUP_H
#define ZBB_ROLLUP_H

#include <stdio.h>
#include "report.h"
#include "scenario.h"
#include "store.h"
#include "table.h"

struct rollup_region {
	char code[16];
	char *name;
	int level;
	int has;      /* the region has the scenario (its totals are counted) */
	int is_stale; /* … and its book changed since the run */
	int is_empty; /* the region has no budget data (no project, no source) */
	char *why;    /* why not, when not */
	struct report_totals t;
};

struct rollup {
	char scope[16]; /* the subtree's region (000000000: every region) */
	struct rollup_region *regions;
	size_t n, cap, n_has;
	struct report_totals sum;
};

/* Every region of the subtree of b's region (all of them when b has
 * none chosen, or is 000000000), each with its own scenario's record
 * (rerun: recomputed on its book as it is); report ("agencies",
 * "functions" or NULL) into t, rolled up: agencies keep their rows under
 * their region's code and name, functions add up by code; both end with a
 * totals row.  b works on its own region again afterwards.  0; 1 when no
 * region of the subtree has the scenario (err says so; t not made); -1
 * (err). */
int rollup_run(struct book *b, const char *scenario, int rerun, const char *report, struct rollup *r,
	       struct table *t, struct buf *err);
void rollup_release(struct rollup *r);
/* The regions report: a row per region (capacity, requested, approved,
 * funded, unused, 三保缺口, whether it is allocated) and the totals. */
void rollup_regions_table(const struct rollup *r, int year, const char *scenario, struct table *t);
/* summary --rollup. */
void *rollup_summary_json(const struct rollup *r, int year, const char *scenario);
void rollup_summary_text(const struct rollup *r, int year, const char *scenario, const char *scope_name, FILE *out,
			 enum money_unit u);

#endif
