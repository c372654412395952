/*
 * rollup.c - a subtree of regions read as one (SPEC §14: `report summary|
 * agencies|functions --rollup` and the regions report).
 *
 * Each region is allocated on its own: its scenario (base unless said) is
 * opened as a record of that region alone, exactly as `--region CODE
 * report …` opens it, and only the results are added up.  Regions never
 * share money, so nothing here runs an allocation across them.
 */
#include "rollup.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

struct collect {
	const char *scope;
	struct rollup *r;
};

static int collect_region(const char *code, const char *name, void *arg)
{
	struct collect *c = arg;
	if (!region_in_scope(code, c->scope))
		return 0;
	struct rollup *r = c->r;
	XGROW(r->regions, r->cap, r->n + 1);
	struct rollup_region *g = &r->regions[r->n++];
	memset(g, 0, sizeof(*g));
	snprintf(g->code, sizeof g->code, "%s", code);
	g->name = xstrdup(name ? name : "");
	g->level = region_level(code);
	return 0;
}

/* Add region table rt (one region's report) into the rolled-up table t:
 * agencies get the region's code and name first and keep their rows;
 * functions add up by their code (the first column). */
static int merge_table(struct table *t, const struct table *rt, const struct rollup_region *g, int by_key,
		       int *started)
{
	size_t off = by_key ? 0 : 2;
	if (!*started) {
		table_init(t, rt->name, rt->title);
		if (!by_key) {
			table_col(t, "region", "区划代码", "region", TC_TEXT);
			table_col(t, "region_name", "区划名称", "region name", TC_TEXT);
		}
		for (size_t c = 0; c < rt->n_cols; c++) {
			const struct tcol *k = &rt->cols[c];
			table_col(t, k->key, k->zh, k->en, k->type);
			if (k->words)
				table_col_words(t, off + c, k->words);
		}
		table_dress(t, rt->number, rt->sheet, rt->org, rt->meta);
		*started = 1;
	}
	size_t n = rt->n_rows - (rt->has_total ? 1 : 0);
	for (size_t i = 0; i < n; i++) {
		size_t row = (size_t)-1;
		if (by_key) {
			const char *key = rt->cells[i * rt->n_cols].s;
			for (size_t j = 0; j < t->n_rows && key; j++) {
				const char *s = t->cells[j * t->n_cols].s;
				if (s && !strcmp(s, key)) {
					row = j;
					break;
				}
			}
		}
		if (row == (size_t)-1) {
			row = table_row(t);
			if (!by_key) {
				table_text(t, row, 0, g->code);
				table_text(t, row, 1, g->name);
			}
			for (size_t c = 0; c < rt->n_cols; c++) {
				const struct tcell *x = &rt->cells[i * rt->n_cols + c];
				struct tcell *y = table_cell(t, row, off + c);
				y->is_null = x->is_null;
				y->i = x->i;
				y->den = x->den;
				if (x->s)
					table_text(t, row, off + c, x->s);
			}
			continue;
		}
		for (size_t c = 0; c < rt->n_cols; c++) {
			const struct tcell *x = &rt->cells[i * rt->n_cols + c];
			struct tcell *y = table_cell(t, row, off + c);
			enum tcol_type ty = rt->cols[c].type;
			if (x->is_null || (ty != TC_MONEY && ty != TC_INT && ty != TC_SHARE))
				continue;
			if (y->is_null) {
				*y = (struct tcell){ 0, x->i, x->den, NULL };
				continue;
			}
			if (money_add(y->i, x->i, &y->i) || (ty == TC_SHARE && money_add(y->den, x->den, &y->den)))
				return -1;
		}
	}
	return 0;
}

static int cmp_key(const void *a, const void *b, void *arg)
{
	const struct table *t = arg;
	const char *x = t->cells[*(const size_t *)a * t->n_cols].s, *y = t->cells[*(const size_t *)b * t->n_cols].s;
	return strcmp(x ? x : "", y ? y : "");
}

/* functions: in code order, as one region's report is */
static void sort_rows(struct table *t)
{
	size_t *ix = xcalloc(t->n_rows ? t->n_rows : 1, sizeof(size_t));
	for (size_t i = 0; i < t->n_rows; i++)
		ix[i] = i;
	qsort_r(ix, t->n_rows, sizeof(size_t), cmp_key, t);
	struct tcell *cells = xcalloc(t->n_rows * t->n_cols + 1, sizeof(struct tcell));
	for (size_t i = 0; i < t->n_rows; i++)
		memcpy(&cells[i * t->n_cols], &t->cells[ix[i] * t->n_cols], t->n_cols * sizeof(struct tcell));
	memcpy(t->cells, cells, t->n_rows * t->n_cols * sizeof(struct tcell));
	free(cells);
	free(ix);
}

/* the totals row: 合计 in the first text column, every money column summed */
static int total_row(struct table *t)
{
	size_t n = t->n_rows, row = table_row(t);
	int labelled = 0;
	for (size_t c = 0; c < t->n_cols; c++) {
		enum tcol_type ty = t->cols[c].type;
		if (ty == TC_TEXT) {
			if (!labelled++)
				table_text(t, row, c, L("合计", "Total"));
			else
				table_cell(t, row, c)->is_null = 1;
			continue;
		}
		int64_t s = 0, d = 0;
		int any = 0;
		for (size_t i = 0; i < n; i++) {
			const struct tcell *x = &t->cells[i * t->n_cols + c];
			if (x->is_null)
				continue;
			any = 1;
			if (money_add(s, x->i, &s) || (ty == TC_SHARE && money_add(d, x->den, &d)))
				return -1;
		}
		struct tcell *y = table_cell(t, row, c);
		if (!any || (ty == TC_SHARE && d <= 0))
			y->is_null = 1;
		else
			*y = (struct tcell){ 0, s, ty == TC_SHARE ? d : 0, NULL };
	}
	t->has_total = 1;
	return 0;
}

int rollup_run(struct book *b, const char *scenario, int rerun, const char *report, struct rollup *r,
	       struct table *t, struct buf *err)
{
	char home[16];
	int rc = -1, started = 0, by_key = report && !strcmp(report, "functions");
	memset(r, 0, sizeof(*r));
	snprintf(home, sizeof home, "%s", b->region);
	snprintf(r->scope, sizeof r->scope, "%s", home[0] ? home : REGION_DEFAULT);
	struct collect c = { r->scope, r };
	if (store_regions_each(b, collect_region, &c, err))
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		struct rollup_region *g = &r->regions[i];
		struct pipeline p;
		struct buf why = BUF_INIT;
		if (store_use_region(b, g->code, err))
			goto out;
		int f = scenario_open_record(b, scenario, rerun, &p, &why);
		if (f > 0) {
			/* no such scenario in this region: it is listed, not added */
			g->why = buf_detach(&why);
			continue;
		}
		buf_release(&why);
		if (f < 0) {
			buf_printf(err, "%s %s: %s", g->code, g->name, buf_str(&why));
			goto out;
		}
		if (!p.m.n_projects && !p.m.n_sources) {
			/* a region with no budget of its own (a province's level
			 * before its data come): listed, not counted */
			g->is_empty = 1;
			pipeline_release(&p);
			continue;
		}
		g->has = 1;
		g->is_stale = p.is_stale;
		int bad = report_totals(&p, &g->t) || report_totals_add(&r->sum, &g->t);
		if (!bad && t && report) {
			struct table rt;
			bad = report_build(&p, report, NULL, &rt) || merge_table(t, &rt, g, by_key, &started);
			table_free(&rt);
		}
		pipeline_release(&p);
		if (bad) {
			buf_printf(err, L("%s %s：合计超出金额范围", "%s %s: the sums are out of range"), g->code, g->name);
			goto out;
		}
		r->n_has++;
	}
	if (t && report) {
		if (!started) {
			buf_printf(err, L("区划 %s 及其下级都没有场景 %s", "no region in %s has scenario %s"), r->scope,
				   scenario);
			rc = 1;
			goto out;
		}
		if (by_key)
			sort_rows(t);
		if (total_row(t))
			goto out;
	}
	rc = 0;
out:
	{
		struct buf e = BUF_INIT;
		if (store_use_region(b, home[0] ? home : NULL, &e) && !err->len)
			buf_adds(err, buf_str(&e));
		buf_release(&e);
	}
	if (rc && started)
		table_free(t);
	return rc;
}

void rollup_release(struct rollup *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->regions[i].name);
		free(r->regions[i].why);
	}
	free(r->regions);
	memset(r, 0, sizeof(*r));
}

void rollup_regions_table(const struct rollup *r, int year, const char *scenario, struct table *t)
{
	table_init(t, "regions", L("分区划预算安排汇总", "Budget by region"));
	table_col(t, "region", "区划代码", "region", TC_TEXT);
	table_col(t, "name", "区划名称", "name", TC_TEXT);
	table_col(t, "level", "级次", "level", TC_TEXT);
	table_col(t, "capacity_fen", "可用财力", "capacity", TC_MONEY);
	table_col(t, "requested_fen", "申报数", "requested", TC_MONEY);
	table_col(t, "approved_fen", "审核数", "approved", TC_MONEY);
	table_col(t, "funded_fen", "安排数", "funded", TC_MONEY);
	table_col(t, "unused_fen", "未安排财力", "unused", TC_MONEY);
	table_col(t, "shortfall_fen", "三保缺口", "shortfall", TC_MONEY);
	table_col(t, "status", "状态", "status", TC_TEXT);
	char meta[200];
	snprintf(meta, sizeof meta, L("%d 年度，各区划场景 %s，各自安排", "%d, each region's scenario %s, each allocated on its own"),
		 year, scenario);
	table_dress(t, NULL, NULL, NULL, meta);
	for (size_t i = 0; i < r->n; i++) {
		const struct rollup_region *g = &r->regions[i];
		size_t row = table_row(t);
		table_text(t, row, 0, g->code);
		table_text(t, row, 1, g->name);
		table_text(t, row, 2, region_level_name(g->level));
		zb_fen v[6] = { g->t.capacity, g->t.requested, g->t.approved, g->t.funded, g->t.unused, g->t.shortfall };
		for (int k = 0; k < 6; k++) {
			if (g->has)
				table_int(t, row, 3 + (size_t)k, v[k]);
			else
				table_cell(t, row, 3 + (size_t)k)->is_null = 1;
		}
		table_text(t, row, 9, g->is_empty ? L("无预算数据", "no budget data")
				      : !g->has ? L("未安排（没有此场景）", "not allocated (no such scenario)")
				      : g->is_stale ? L("运行后账簿已变更", "book changed since the run")
						    : L("已安排", "allocated"));
	}
	size_t row = table_row(t);
	table_text(t, row, 0, L("合计", "Total"));
	table_cell(t, row, 1)->is_null = 1;
	table_cell(t, row, 2)->is_null = 1;
	zb_fen v[6] = { r->sum.capacity, r->sum.requested, r->sum.approved, r->sum.funded, r->sum.unused, r->sum.shortfall };
	for (int k = 0; k < 6; k++)
		table_int(t, row, 3 + (size_t)k, v[k]);
	table_cell(t, row, 9)->is_null = 1;
	char st[96];
	if (ZB_LANG == LANG_EN)
		snprintf(st, sizeof st, "%zu of %zu regions allocated", r->n_has, r->n);
	else
		snprintf(st, sizeof st, "%zu 个区划中 %zu 个已安排", r->n, r->n_has);
	table_add_note(t, st);
	t->has_total = 1;
}

void *rollup_summary_json(const struct rollup *r, int year, const char *scenario)
{
	const struct report_totals *t = &r->sum;
	json_t *o = json_object();
	json_object_set_new(o, "year", json_integer(year));
	json_object_set_new(o, "scenario", json_string(scenario));
	json_object_set_new(o, "rollup", json_string(r->scope));
	report_totals_json(t, o);
	json_t *regions = json_array();
	for (size_t i = 0; i < r->n; i++) {
		const struct rollup_region *g = &r->regions[i];
		json_t *x = json_pack("{s:s, s:s, s:i, s:b}", "region", g->code, "name", g->name, "level", g->level,
				      "allocated", g->has);
		if (g->has) {
			json_object_set_new(x, "requested_fen", json_integer(g->t.requested));
			json_object_set_new(x, "approved_fen", json_integer(g->t.approved));
			json_object_set_new(x, "funded_fen", json_integer(g->t.funded));
			json_object_set_new(x, "capacity_fen", json_integer(g->t.capacity));
			json_object_set_new(x, "shortfall_fen", json_integer(g->t.shortfall));
		}
		json_array_append_new(regions, x);
	}
	json_object_set_new(o, "regions", regions);
	return o;
}

void rollup_summary_text(const struct rollup *r, int year, const char *scenario, const char *scope_name, FILE *out,
			 enum money_unit u)
{
	const struct report_totals *t = &r->sum;
	if (!scope_name)
		fprintf(out, L("%d 年度预算安排汇总：全部 %zu 个区划（各区划场景 %s，各自安排）\n",
			       "Budget %d: all %zu regions (each region's scenario %s, each allocated on its own)\n"),
			year, r->n, scenario);
	else
		fprintf(out, L("%d 年度预算安排汇总：%s %s 及下级，%zu 个区划（各区划场景 %s，各自安排）\n",
			       "Budget %d: %s %s and below, %zu regions (each region's scenario %s, each allocated on its own)\n"),
			year, r->scope, scope_name, r->n, scenario);
	if (r->n_has < r->n) {
		fprintf(out, L("  其中 %zu 个区划没有预算数据或没有场景 %s，未计入：",
			       "  %zu regions have no budget data or no scenario %s and are not counted:"),
			r->n - r->n_has, scenario);
		for (size_t i = 0; i < r->n; i++)
			if (!r->regions[i].has)
				fprintf(out, " %s %s", r->regions[i].code, r->regions[i].name);
		fputc('\n', out);
	}
	report_totals_text(t, NULL, out, u);
}
