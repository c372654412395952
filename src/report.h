/*
 * report.h - SPEC §7: the reports of a scenario, built from a pipeline
 * (model + rules + allocation) into report tables (table.h) or, for the
 * summary, a JSON object with exactly the contract's keys.
 *
 * Pure: no I/O beyond the renderers' FILE*.  The caller owns returned
 * tables (table_free) and JSON (json_decref).
 */
#ifndef ZBB_REPORT_H
#define ZBB_REPORT_H

#include "scenario.h"
#include "table.h"

/* The names of SPEC §7 this module builds, sorted. */
extern const char *const report_names[];
extern const size_t report_names_n;
int report_known(const char *name);

/* Totals every report agrees on. */
struct report_totals {
	zb_fen requested, approved, funded, capacity, carryover_drawn, carryover_total, unused, shortfall,
		cut_nonrigid, livelihood_funded, base, base_growth, earmarked_unused, basic;
	zb_fen savings[CAUSE__N];
	zb_fen tier_requested[TIER__N], tier_approved[TIER__N], tier_funded[TIER__N];
	int64_t findings[F__N];
};
int report_totals(const struct pipeline *p, struct report_totals *t);

/* summary: a json_t * object (SPEC §7 keys). */
void *report_summary_json(const struct pipeline *p);
void report_summary_text(const struct pipeline *p, FILE *out, enum money_unit u);
/* summary as a two-column table (key, value) for CSV and XLSX. */
void report_summary_table(const struct pipeline *p, struct table *t);

/* agencies, functions, cuts, pools, lookback, ledger: 0, or -1 when the
 * name is not one of them. */
int report_build(const struct pipeline *p, const char *name, struct table *t);
/* cuts by project (the API's ?by=project view of cuts): each project with
 * an item not fully funded, those items' count, requested and funded
 * totals and their difference (核减数). */
void report_cuts_by_project(const struct pipeline *p, struct table *t);
/* findings: the rules' findings, the reviewers' opinions and what the
 * money did not cover, of one agency (index) or all (-1): the list the
 * bureau sends back to an agency. */
void report_findings(const struct pipeline *p, int32_t agency, struct table *t);
/* The heading people read: the year in the title, the scenario line
 * (草案 until adoption), the sheet name (every builder calls it). */
void report_dress(const struct pipeline *p, struct table *t);
/* compare: scenario a against b, per agency and per tier. */
void report_compare(const struct pipeline *a, const struct pipeline *b, struct table *t);



/* disclosure: the department budget disclosure tables (部门预算公开表,
 * SPEC §7) of one agency with its subordinate units rolled up (index), or
 * of all agencies (-1): 公开01–11 into out[0..10], titled, numbered and
 * dressed.  Every table is a sum of the same fen (see report.c), so the
 * totals they share are equal. */
#define DISCLOSURE_TABLES 11
void report_disclosure(const struct pipeline *p, int32_t agency, struct table out[DISCLOSURE_TABLES]);
#endif
