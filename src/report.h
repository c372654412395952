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

#include "current.h"
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
/* a += t; -1 (a left part-added) when a sum would pass int64 */
int report_totals_add(struct report_totals *a, const struct report_totals *t);
/* The summary's totals as its JSON keys, set into the json_t * object o;
 * and as its text after the title (a pipeline's own parts, idle earmarks
 * and pools, only when p is not NULL). */
void report_totals_json(const struct report_totals *t, void *o);
void report_totals_text(const struct report_totals *t, const struct pipeline *p, FILE *out, enum money_unit u);

/* summary: a json_t * object (SPEC §7 keys). */
void *report_summary_json(const struct pipeline *p);
void report_summary_text(const struct pipeline *p, FILE *out, enum money_unit u);
/* summary as a two-column table (key, value) for CSV and XLSX. */
void report_summary_table(const struct pipeline *p, struct table *t);

/* agencies, functions, cuts, pools, lookback, ledger: 0, or -1 when the
 * name is not one of them.  agency (a code, or NULL for all): cuts, ledger
 * and findings hold that agency's rows alone. */
int report_build(const struct pipeline *p, const char *name, const char *agency, struct table *t);
/* The same as a stream (table.h) for a report too long to hold (cuts):
 * t gets the columns and the dressing, s the rows; 0, or -1 when the
 * report does not stream.  report_stream_release frees what s holds. */
int report_stream(const struct pipeline *p, const char *name, struct table *t, struct table_stream *s);
void report_stream_release(struct table_stream *s);
/* cuts by project (the API's ?by=project view of cuts): each project with
 * an item not fully funded, those items' count, requested and funded
 * totals and their difference (核减数). */
void report_cuts_by_project(const struct pipeline *p, struct table *t);
/* findings: the rules' findings, the reviewers' opinions and what the
 * money did not cover, of one agency (index) or all (-1): the list the
 * bureau sends back to an agency. */
void report_findings(const struct pipeline *p, int32_t agency, struct table *t);
/* The heading people read: the year in the title, the scenario line
 * (草案, 已批复 or 调整后), the sheet name (every builder calls it). */
void report_dress(const struct pipeline *p, struct table *t);
/* 草案, 已批复 or 调整后: what the scenario line says p is (p->view). */
const char *report_view_word(const struct pipeline *p);
/* What the title adds for it: "", （年初预算） or （调整后预算）. */
const char *report_view_title(const struct pipeline *p);
/* adjustments (SPEC §12): every line of every adjustment document
 * (t[0], lines: 文号, kind and trigger in words, date, reason, by, project,
 * item, agency, amount; 合计), per agency the adopted budget, the
 * transfers, the adjusts and the current budget (t[1], agencies; 合计) and
 * the same per project with its documents' numbers (t[2], projects with an
 * adopted amount or an adjustment; 合计).  a is the adopted pipeline, c its
 * current budget (current_build), l the lines it was built from; scope an
 * agency (an agency user: its own lines, row and projects; an index past
 * the agencies: none) or -1. */
#define ADJ_TABLES 3
void report_adjustments(const struct pipeline *a, const struct current *c, const struct current_lines *l, int32_t scope,
			struct table t[ADJ_TABLES]);
/* The same as JSON (a json_t *): year, scenario, documents (code, kind,
 * kind_name, date, trigger, reason, by, amount_fen, lines: project, seq,
 * agency, agency_name, amount_fen; in scope), agencies and projects (the
 * rows of t[1] and t[2]) with agencies_total and projects_total (their
 * 合计 rows). */
void *report_adjustments_json(const struct pipeline *a, const struct current_lines *l, int32_t scope,
			      const struct table t[ADJ_TABLES]);
/* compare: scenario a against b, per agency and per tier. */
void report_compare(const struct pipeline *a, const struct pipeline *b, struct table *t);



/* disclosure: the department budget disclosure tables (部门预算公开表,
 * SPEC §7) of one agency with its subordinate units rolled up (index), or
 * of all agencies (-1): 公开01–11 into out[0..10], titled, numbered and
 * dressed.  Every table is a sum of the same fen (see report.c), so the
 * totals they share are equal. */
#define DISCLOSURE_TABLES 11
void report_disclosure(const struct pipeline *p, int32_t agency, struct table out[DISCLOSURE_TABLES]);

/* approval: the 批复 of the adopted budget for one agency with its
 * subordinate units rolled up (SPEC §12): the notice (out[0]: the
 * document around its table 1, totals by use and by budget), table 2 by
 * function 类/款/项, table 3 by economic 类/款, table 4 the funded projects
 * and their items; funded amounts only.  The document number is
 * approval_prefix〔YEAR〕N号, N the agency's place in code order (1-based:
 * the year's agencies cannot change once it is adopted, so N is stable). */
#define APPROVAL_TABLES 4
/* struct approval_info: scenario.h */
void report_approval(const struct pipeline *p, int32_t agency, const struct approval_info *ai,
		     struct table out[APPROVAL_TABLES]);
/* The 批复 as one JSON object (json_t *, caller owns): the notice's words
 * and each table's rows keyed by their name, money in fen; under "shown"
 * each table as a person reads it in unit u (table_shown_json: the
 * rounded fen that add up, and the 尾差 notes). */
void *report_approval_json(const struct pipeline *p, int32_t agency, const struct approval_info *ai,
			   const struct table t[APPROVAL_TABLES], enum money_unit u);
/* The document number of agency ("财预〔2027〕3号"), into out. */
const char *report_approval_number(const struct pipeline *p, int32_t agency, char *out, size_t n);
#endif
