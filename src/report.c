/*
 * report.c - the reports of SPEC §7 from a scenario's pipeline.
 */
#include "report.h"
#include "codes.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

const char *const report_names[] = { "agencies", "compare", "cuts", "disclosure", "functions", "ledger",
				     "lookback", "pools", "rounds", "summary" };
const size_t report_names_n = sizeof(report_names) / sizeof(report_names[0]);

int report_known(const char *name)
{
	for (size_t i = 0; i < report_names_n; i++)
		if (!strcmp(report_names[i], name))
			return 1;
	return 0;
}

/* Sums that cannot overflow in practice are still checked: a book whose
 * totals pass int64 is refused rather than wrapped. */
#define ADD(acc, v)                                \
	do {                                       \
		if (money_add((acc), (v), &(acc))) \
			return -1;                 \
	} while (0)

int report_totals(const struct pipeline *p, struct report_totals *t)
{
	const struct model *m = &p->m;
	const struct rules_result *rr = &p->rr;
	const struct alloc_result *ar = &p->ar;
	memset(t, 0, sizeof(*t));
	t->requested = rr->totals.requested_fen;
	t->approved = rr->totals.approved_fen;
	t->funded = ar->funded_total;
	for (size_t s = 0; s < p->in.n_sources; s++) {
		ADD(t->capacity, ar->source_amount[s]);
		ADD(t->unused, ar->source_left[s]);
	}
	for (size_t i = 0; i < m->n_projects; i++) {
		ADD(t->carryover_total, p->ap[i].carryover);
		ADD(t->unused, ar->carry_left[i]);
	}
	t->carryover_drawn = ar->carryover_drawn;
	t->earmarked_unused = ar->earmarked_unused;
	for (size_t s = 0; s < p->in.n_sources; s++)
		if (ar->earmark_idle[s])
			t->findings[F_EARMARK_IDLE]++;
	t->shortfall = ar->shortfall;
	for (int c = 0; c < CAUSE__N; c++)
		t->savings[c] = rr->totals.savings_fen[c];
	t->savings[CAUSE_AFFORDABILITY] = ar->affordability_fen;
	t->savings[CAUSE_CAPACITY] = ar->capacity_fen_cut;
	for (size_t i = 0; i < m->n_items; i++) {
		int32_t pr = m->items[i].project;
		const struct project *P = &m->projects[pr];
		enum tier tr = (enum tier)rr->tier[pr];
		zb_fen r = rr->requested_fen[i], a = rr->approved_fen[i], f = ar->funded[i];
		ADD(t->tier_requested[tr], r);
		ADD(t->tier_approved[tr], a);
		ADD(t->tier_funded[tr], f);
		if (!P->is_rigid && !P->is_urgent)
			ADD(t->cut_nonrigid, r - f);
		if (P->is_basic)
			ADD(t->basic, f);
		if (f && model_is_livelihood(m, P->function))
			ADD(t->livelihood_funded, f);
	}
	for (size_t h = 0; h < m->n_history; h++)
		if (m->history[h].year == m->year - 1)
			ADD(t->base, m->history[h].budget_fen);
	if (money_scale_floor(t->base, RATIO_ONE + m->set.growth, RATIO_ONE, &t->base_growth))
		return -1;
	for (int c = 0; c < F__N; c++)
		if (c != F_EARMARK_IDLE)
			t->findings[c] = rr->totals.count[c];
	for (size_t k = 0; k < ar->n_packages; k++) {
		const struct alloc_package *pk = &ar->packages[k];
		if (pk->decision == PKG_CUT_CAPACITY || pk->decision == PKG_INELIGIBLE) {
			t->findings[F_CUT_CAPACITY]++;
			if (TIER_GUARANTEED(p->ap[pk->project].tier))
				t->findings[F_SHORTFALL]++;
		}
	}
	for (size_t i = 0; i < m->n_projects; i++)
		if (ar->over_afford[i])
			t->findings[F_OVER_AFFORDABILITY]++;
	return 0;
}

void *report_summary_json(const struct pipeline *p)
{
	struct report_totals t;
	if (report_totals(p, &t))
		return NULL;
	json_t *o = json_object();
	json_object_set_new(o, "year", json_integer(p->m.year));
	json_object_set_new(o, "scenario", json_string(p->params.name));
	json_object_set_new(o, "requested_fen", json_integer(t.requested));
	json_object_set_new(o, "approved_fen", json_integer(t.approved));
	json_object_set_new(o, "funded_fen", json_integer(t.funded));
	json_object_set_new(o, "capacity_fen", json_integer(t.capacity));
	json_object_set_new(o, "carryover_fen", json_integer(t.carryover_drawn));
	json_object_set_new(o, "unused_fen", json_integer(t.unused));
	json_object_set_new(o, "earmarked_unused_fen", json_integer(t.earmarked_unused));
	json_object_set_new(o, "shortfall_fen", json_integer(t.shortfall));
	json_object_set_new(o, "cut_nonrigid_fen", json_integer(t.cut_nonrigid));
	json_object_set_new(o, "basic_fen", json_integer(t.basic));
	json_object_set_new(o, "project_fen", json_integer(t.funded - t.basic));
	json_t *sv = json_object();
	for (int c = 0; c < CAUSE__N; c++)
		json_object_set_new(sv, rules_cause_name((enum cause)c), json_integer(t.savings[c]));
	json_object_set_new(o, "savings_fen", sv);
	/* a share for display, exact until rounded to millionths here */
	json_object_set_new(o, "livelihood_share",
			    t.funded ? json_real((double)share_millionths(t.livelihood_funded, t.funded) / 1e6)
				     : json_null());
	json_object_set_new(o, "base_fen", json_integer(t.base));
	json_object_set_new(o, "base_growth_fen", json_integer(t.base_growth));
	json_t *tiers = json_array();
	for (int k = 0; k < TIER__N; k++)
		json_array_append_new(tiers, json_pack("{s:s, s:I, s:I, s:I}", "tier", model_tier_code((enum tier)k),
						       "requested_fen", (json_int_t)t.tier_requested[k],
						       "approved_fen", (json_int_t)t.tier_approved[k], "funded_fen",
						       (json_int_t)t.tier_funded[k]));
	json_object_set_new(o, "tiers", tiers);
	json_t *fc = json_object();
	for (int c = 0; c < F__N; c++)
		if (t.findings[c])
			json_object_set_new(fc, rules_code_name((enum finding_code)c), json_integer(t.findings[c]));
	json_object_set_new(o, "findings", fc);
	/* EARMARK_IDLE (§6.3): each earmarked source left idle, with the
	 * first package that could have drawn on it and was cut */
	json_t *idle = json_array();
	for (size_t s = 0; s < p->in.n_sources; s++) {
		if (!p->ar.earmark_idle[s])
			continue;
		const struct alloc_package *pk = &p->ar.packages[p->ar.earmark_idle[s] - 1];
		json_array_append_new(idle, json_pack("{s:s, s:I, s:s, s:i}", "source", p->in.sources[s].code, "left_fen",
						      (json_int_t)p->ar.source_left[s], "project",
						      p->m.projects[pk->project].code, "level", pk->level));
	}
	json_object_set_new(o, "earmark_idle", idle);
	return o;
}

/* The pool an economic code falls in: the longest matching prefix (§5 step 6). */
static int32_t pool_of(const struct model *m, const char *economic)
{
	return model_pool_of(m, economic);
}

/* Per pool: the items in it (not rejected), their amount at the prices
 * before pooling (the request less what the standard's ceiling removed,
 * steps 5–6) and after, and the agencies involved.  Arrays of n_pools. */
struct pool_sums {
	zb_fen *before, *after;
	int64_t *n_items, *n_agencies;
};

static void pool_sums(const struct pipeline *p, struct pool_sums *ps)
{
	const struct model *m = &p->m;
	size_t n = m->n_pools ? m->n_pools : 1, na = m->n_agencies ? m->n_agencies : 1;
	ps->before = xcalloc(n, sizeof(zb_fen));
	ps->after = xcalloc(n, sizeof(zb_fen));
	ps->n_items = xcalloc(n, sizeof(int64_t));
	ps->n_agencies = xcalloc(n, sizeof(int64_t));
	uint8_t *agency_in = xcalloc(n * na, 1);
	for (size_t pr = 0; pr < m->n_projects; pr++) {
		if (p->rr.project_flags[pr] & PROJECT_REJECTED)
			continue;
		const struct project *P = &m->projects[pr];
		for (int32_t i = P->first_item; i < P->first_item + P->n_items; i++) {
			int32_t k = pool_of(m, m->items[i].economic);
			if (k < 0)
				continue;
			/* items that stopped at steps 3–4 never reached the pooled
			 * price; a later review cut (step 8) did */
			zb_fen b = p->rr.requested_fen[i], pooled = 0;
			int stopped = 0;
			for (int32_t f = p->rr.project_findings[pr]; f < p->rr.project_findings[pr + 1]; f++) {
				const struct finding *fd = &p->rr.findings[f];
				if (fd->item != i)
					continue;
				if (fd->code == F_OVER_STANDARD)
					b -= fd->effect_fen;
				else if (fd->code == F_POOLED)
					pooled += fd->effect_fen;
				else if (fd->code >= F_NEGATIVE_LIST && fd->code <= F_NO_STANDARD && fd->code != F_NEGATIVE_MAJOR)
					stopped = 1;
			}
			if (stopped)
				continue;
			ps->before[k] += b;
			ps->after[k] += b - pooled;
			ps->n_items[k]++;
			if (P->agency >= 0 && !agency_in[(size_t)k * na + (size_t)P->agency]) {
				agency_in[(size_t)k * na + (size_t)P->agency] = 1;
				ps->n_agencies[k]++;
			}
		}
	}
	free(agency_in);
}

static void pool_sums_free(struct pool_sums *ps)
{
	free(ps->before);
	free(ps->after);
	free(ps->n_items);
	free(ps->n_agencies);
}

void report_summary_text(const struct pipeline *p, FILE *out, enum money_unit u)
{
	struct report_totals t;
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], pc[32];
	if (report_totals(p, &t))
		return;
	const char *un = money_unit_name(u);
	fprintf(out, L("%d 年度预算安排汇总（场景 %s）\n", "Budget %d, scenario %s\n"), p->m.year, p->params.name);
	struct {
		const char *zh, *en;
		zb_fen v;
	} rows[] = {
		{ "申报数", "requested", t.requested },
		{ "审核数", "approved", t.approved },
		{ "安排数", "funded", t.funded },
		{ "可用财力", "capacity", t.capacity },
		{ "使用结转资金", "carryover drawn", t.carryover_drawn },
		{ "未安排财力", "unused", t.unused },
		{ "其中：上级专项结余", "of which earmarked", t.earmarked_unused },
		{ "三保缺口", "shortfall (三保)", t.shortfall },
		{ "压减非刚性、非急需支出", "non-rigid, non-urgent cut", t.cut_nonrigid },
		{ "基本支出（定员定额）", "basic expenditure (staff × quotas)", t.basic },
		{ "项目支出", "project expenditure", t.funded - t.basic },
		{ "上年预算（基数）", "base (last year's budget)", t.base },
		{ "“基数+增长”口径", "base plus growth", t.base_growth },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct buf line = BUF_INIT;
		text_pad(&line, L(rows[i].zh, rows[i].en), 26, 0);
		text_pad(&line, money_format(rows[i].v, u, a), 18, 1);
		fprintf(out, "  %s %s\n", buf_str(&line), un);
		buf_release(&line);
	}
	for (size_t s = 0; s < p->in.n_sources; s++) {
		if (!p->ar.earmark_idle[s])
			continue;
		const struct alloc_package *pk = &p->ar.packages[p->ar.earmark_idle[s] - 1];
		const struct source *src = &p->m.sources[s];
		const char *pc = p->m.projects[pk->project].code;
		if (zb_lang == LANG_EN)
			fprintf(out, "  [warn] earmarked transfer %s %s has %s %s left while package %d of project %s, "
				     "which could draw on it, was cut (EARMARK_IDLE)\n",
				src->code, src->name, money_format(p->ar.source_left[s], u, a), un, pk->level, pc);
		else
			fprintf(out, "  [提示] 上级专项 %s %s 结余 %s %s 未使用，而可以使用它的项目 %s 第 %d 档决策包因财力不足未安排"
				     "（EARMARK_IDLE）\n",
				src->code, src->name, money_format(p->ar.source_left[s], u, a), un, pc, pk->level);
	}
	fprintf(out, L("  民生支出占比            %s\n", "  livelihood share        %s\n"),
		t.funded ? share_percent(t.livelihood_funded, t.funded, pc) : "-");
	if (t.base) {
		zb_fen d = t.funded - t.base_growth;
		fprintf(out, L("  与“基数+增长”相比      %s %s（%s）\n", "  against base plus growth %s %s (%s)\n"),
			money_format(d, u, a), un, share_percent(d, t.base_growth ? t.base_growth : 1, pc));
	}
	fprintf(out, "%s\n", L("零基预算节约（按原因）", "Savings by cause"));
	zb_fen cut = 0;
	for (int c = 0; c < CAUSE__N; c++)
		cut += t.savings[c];
	for (int c = 0; c < CAUSE__N; c++) {
		if (!t.savings[c])
			continue;
		struct buf line = BUF_INIT;
		text_pad(&line, rules_cause_label((enum cause)c), 22, 0);
		text_pad(&line, money_format(t.savings[c], u, a), 18, 1);
		fprintf(out, "  %s %s  %7s\n", buf_str(&line), un, share_percent(t.savings[c], cut ? cut : 1, pc));
		buf_release(&line);
	}
	struct pool_sums ps;
	pool_sums(p, &ps);
	zb_fen pb = 0, pa = 0;
	for (size_t k = 0; k < p->m.n_pools; k++) {
		pb += ps.before[k];
		pa += ps.after[k];
	}
	if (pb) {
		fprintf(out, L("统筹类别集中议价：议价前 %s %s，议价后 %s %s，节约 %s\n",
			       "Pooled buying: %s %s before, %s %s after, %s saved\n"),
			money_format(pb, u, a), un, money_format(pa, u, b), un, share_percent(pb - pa, pb, pc));
		for (size_t k = 0; k < p->m.n_pools; k++) {
			if (!ps.before[k])
				continue;
			struct buf line = BUF_INIT;
			text_pad(&line, p->m.pools[k].name, 22, 0);
			text_pad(&line, money_format(ps.before[k] - ps.after[k], u, a), 18, 1);
			fprintf(out, "  %s %s  %s %7s\n", buf_str(&line), un, L("节约率", "saving"),
				share_percent(ps.before[k] - ps.after[k], ps.before[k], pc));
			buf_release(&line);
		}
	}
	pool_sums_free(&ps);
	fprintf(out, "%s\n", L("按保障档次（申报数 / 审核数 / 安排数）", "By tier (requested / approved / funded)"));
	for (int k = 0; k < TIER__N; k++) {
		struct buf line = BUF_INIT;
		text_pad(&line, L(model_tier_zh((enum tier)k), model_tier_code((enum tier)k)), 12, 0);
		text_pad(&line, money_format(t.tier_requested[k], u, a), 16, 1);
		text_pad(&line, money_format(t.tier_approved[k], u, b), 16, 1);
		text_pad(&line, money_format(t.tier_funded[k], u, c), 16, 1);
		fprintf(out, "  %s\n", buf_str(&line));
		buf_release(&line);
	}
}

void report_summary_table(const struct pipeline *p, struct table *t)
{
	struct report_totals s;
	table_init(t, "summary", L("预算安排汇总", "Summary"));
	table_col(t, "key", "项目", "key", TC_TEXT);
	table_col(t, "value_fen", "金额", "amount", TC_MONEY);
	if (report_totals(p, &s))
		return;
	struct {
		const char *k;
		zb_fen v;
	} rows[] = { { "requested_fen", s.requested },     { "approved_fen", s.approved },
		     { "funded_fen", s.funded },           { "capacity_fen", s.capacity },
		     { "carryover_fen", s.carryover_drawn }, { "unused_fen", s.unused },
		     { "earmarked_unused_fen", s.earmarked_unused }, { "basic_fen", s.basic },
		     { "shortfall_fen", s.shortfall },     { "cut_nonrigid_fen", s.cut_nonrigid },
		     { "base_fen", s.base },               { "base_growth_fen", s.base_growth } };
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t r = table_row(t);
		table_text(t, r, 0, rows[i].k);
		table_int(t, r, 1, rows[i].v);
	}
	for (int c = 0; c < CAUSE__N; c++) {
		char k[64];
		snprintf(k, sizeof k, "savings_fen.%s", rules_cause_name((enum cause)c));
		size_t r = table_row(t);
		table_text(t, r, 0, k);
		table_int(t, r, 1, s.savings[c]);
	}
	for (int k = 0; k < TIER__N; k++) {
		char key[64];
		snprintf(key, sizeof key, "tiers.%s.funded_fen", model_tier_code((enum tier)k));
		size_t r = table_row(t);
		table_text(t, r, 0, key);
		table_int(t, r, 1, s.tier_funded[k]);
	}
}

static void build_agencies(const struct pipeline *p, struct table *t)
{
	const struct model *m = &p->m;
	size_t na = m->n_agencies;
	zb_fen(*sum)[4] = xcalloc(na ? na : 1, sizeof(*sum));
	table_init(t, "agencies", L("分单位预算安排", "By agency"));
	table_col(t, "code", "单位编码", "code", TC_TEXT);
	table_col(t, "name", "单位名称", "name", TC_TEXT);
	table_col(t, "requested_fen", "申报数", "requested", TC_MONEY);
	table_col(t, "approved_fen", "审核数", "approved", TC_MONEY);
	table_col(t, "funded_fen", "安排数", "funded", TC_MONEY);
	table_col(t, "base_fen", "上年预算", "base", TC_MONEY);
	table_col(t, "change", "比上年增减", "change", TC_SHARE);
	for (size_t i = 0; i < m->n_items; i++) {
		int32_t a = m->projects[m->items[i].project].agency;
		if (a < 0)
			continue;
		sum[a][0] += p->rr.requested_fen[i];
		sum[a][1] += p->rr.approved_fen[i];
		sum[a][2] += p->ar.funded[i];
	}
	for (size_t h = 0; h < m->n_history; h++)
		if (m->history[h].year == m->year - 1 && m->history[h].agency >= 0)
			sum[m->history[h].agency][3] += m->history[h].budget_fen;
	zb_fen tot[4] = { 0, 0, 0, 0 };
	for (size_t a = 0; a < na; a++) {
		size_t r = table_row(t);
		table_text(t, r, 0, m->agencies[a].code);
		table_text(t, r, 1, m->agencies[a].name);
		for (int k = 0; k < 4; k++) {
			table_int(t, r, 2 + (size_t)k, sum[a][k]);
			tot[k] += sum[a][k];
		}
		if (sum[a][3])
			table_share(t, r, 6, sum[a][2] - sum[a][3], sum[a][3]);
	}
	size_t r = table_row(t);
	table_text(t, r, 1, L("合计", "Total"));
	for (int k = 0; k < 4; k++)
		table_int(t, r, 2 + (size_t)k, tot[k]);
	if (tot[3])
		table_share(t, r, 6, tot[2] - tot[3], tot[3]);
	t->has_total = 1;
	free(sum);
}

static void build_functions(const struct pipeline *p, struct table *t)
{
	const struct model *m = &p->m;
	table_init(t, "functions", L("分功能分类预算安排", "By function class"));
	table_col(t, "code", "类级科目", "class", TC_TEXT);
	table_col(t, "name", "科目名称", "name", TC_TEXT);
	table_col(t, "funded_fen", "安排数", "funded", TC_MONEY);
	table_col(t, "livelihood", "民生支出", "livelihood", TC_TEXT);
	/* classes are 3 digits: 201 … 234, index them directly */
	zb_fen funded[1000] = { 0 };
	int seen[1000] = { 0 };
	for (size_t i = 0; i < m->n_projects; i++) {
		const char *f = m->projects[i].function;
		if (!f || strlen(f) < 3)
			continue;
		int c = (f[0] - '0') * 100 + (f[1] - '0') * 10 + (f[2] - '0');
		seen[c] = 1;
		for (int32_t k = m->projects[i].first_item; k < m->projects[i].first_item + m->projects[i].n_items; k++)
			funded[c] += p->ar.funded[k];
	}
	zb_fen tot = 0;
	for (int c = 0; c < 1000; c++) {
		if (!seen[c])
			continue;
		char code[4];
		snprintf(code, sizeof code, "%03d", c);
		size_t r = table_row(t);
		table_text(t, r, 0, code);
		const char *nm = codes_name(CODE_FUNCTION, code);
		table_text(t, r, 1, nm ? nm : "");
		table_int(t, r, 2, funded[c]);
		table_text(t, r, 3, model_is_livelihood(m, code) ? "y" : "n");
		tot += funded[c];
	}
	size_t r = table_row(t);
	table_text(t, r, 1, L("合计", "Total"));
	table_int(t, r, 2, tot);
	t->has_total = 1;
}

static void build_cuts(const struct pipeline *p, struct table *t)
{
	const struct model *m = &p->m;
	struct buf codes = BUF_INIT;
	table_init(t, "cuts", L("未足额安排的明细", "Items not fully funded"));
	table_col(t, "project", "项目", "project", TC_TEXT);
	table_col(t, "seq", "序号", "seq", TC_INT);
	table_col(t, "agency", "单位", "agency", TC_TEXT);
	table_col(t, "requested_fen", "申报数", "requested", TC_MONEY);
	table_col(t, "funded_fen", "安排数", "funded", TC_MONEY);
	table_col(t, "codes", "原因", "codes", TC_TEXT);
	for (size_t i = 0; i < m->n_items; i++) {
		if (p->ar.funded[i] >= p->rr.requested_fen[i])
			continue;
		const struct project *P = &m->projects[m->items[i].project];
		size_t r = table_row(t);
		table_text(t, r, 0, P->code);
		table_int(t, r, 1, m->items[i].seq);
		table_text(t, r, 2, P->agency_code);
		table_int(t, r, 3, p->rr.requested_fen[i]);
		table_int(t, r, 4, p->ar.funded[i]);
		buf_reset(&codes);
		pipeline_item_codes(p, i, &codes);
		table_text(t, r, 5, buf_str(&codes));
	}
	buf_release(&codes);
}

static void build_pools(const struct pipeline *p, struct table *t)
{
	const struct model *m = &p->m;
	struct pool_sums ps;
	table_init(t, "pools", L("统筹类别集中议价节约", "Pooled categories"));
	table_col(t, "code", "统筹类别", "pool", TC_TEXT);
	table_col(t, "name", "名称", "name", TC_TEXT);
	table_col(t, "agencies", "单位数", "agencies", TC_INT);
	table_col(t, "items", "明细数", "items", TC_INT);
	table_col(t, "before_fen", "议价前", "before", TC_MONEY);
	table_col(t, "after_fen", "议价后", "after", TC_MONEY);
	table_col(t, "saving", "节约率", "saving", TC_SHARE);
	pool_sums(p, &ps);
	for (size_t k = 0; k < m->n_pools; k++) {
		size_t r = table_row(t);
		table_text(t, r, 0, m->pools[k].code);
		table_text(t, r, 1, m->pools[k].name);
		table_int(t, r, 2, ps.n_agencies[k]);
		table_int(t, r, 3, ps.n_items[k]);
		table_int(t, r, 4, ps.before[k]);
		table_int(t, r, 5, ps.after[k]);
		if (ps.before[k])
			table_share(t, r, 6, ps.before[k] - ps.after[k], ps.before[k]);
	}
	pool_sums_free(&ps);
}

static void build_lookback(const struct pipeline *p, struct table *t)
{
	const struct model *m = &p->m;
	table_init(t, "lookback", L("回头看：近两年预算执行", "Look-back: the last two years"));
	table_col(t, "project", "项目", "project", TC_TEXT);
	table_col(t, "agency", "单位", "agency", TC_TEXT);
	table_col(t, "years", "年度", "years", TC_TEXT);
	table_col(t, "budget_fen", "预算数", "budget", TC_MONEY);
	table_col(t, "executed_fen", "执行数", "executed", TC_MONEY);
	table_col(t, "rate", "平均执行率", "mean rate", TC_SHARE);
	table_col(t, "carryover_fen", "结转", "carryover", TC_MONEY);
	table_col(t, "flag", "标记", "flag", TC_TEXT);
	size_t h = 0;
	while (h < m->n_history) {
		size_t e = h;
		zb_fen budget = 0, executed = 0, carry = 0;
		char years[64] = "";
		const char *agency = NULL;
		int32_t project = -1;
		/* the rate the look-back rule uses: the mean of the yearly rates
		 * executed / budget over the years with a budget, as a fraction */
		__int128 num = 0, den = 1;
		int n_rates = 0;
		for (; e < m->n_history && !strcmp(m->history[e].project_code, m->history[h].project_code); e++) {
			const struct history *x = &m->history[e];
			if (x->year < m->year - 2 || x->year >= m->year)
				continue;
			budget += x->budget_fen;
			executed += x->executed_fen;
			if (x->year == m->year - 1)
				carry = x->carryover_fen;
			size_t l = strlen(years);
			snprintf(years + l, sizeof years - l, "%s%d", l ? ";" : "", x->year);
			agency = x->agency_code;
			project = x->project;
			if (x->budget_fen > 0) {
				/* num/den + e/b = (num·b + e·den) / (den·b); at most two years */
				num = num * x->budget_fen + (__int128)x->executed_fen * den;
				den *= x->budget_fen;
				n_rates++;
			}
		}
		if (agency) {
			size_t r = table_row(t);
			table_text(t, r, 0, m->history[h].project_code);
			table_text(t, r, 1, agency);
			table_text(t, r, 2, years);
			table_int(t, r, 3, budget);
			table_int(t, r, 4, executed);
			if (n_rates) {
				/* millionths of num / (den · n), rounded half up */
				__int128 d = den * n_rates;
				table_share(t, r, 5, (int64_t)((num * 2000000 + d) / (2 * d)), 1000000);
			}
			table_int(t, r, 6, carry);
			const char *flag = "";
			if (project < 0)
				flag = "retired";
			else
				for (int32_t f = p->rr.project_findings[project]; f < p->rr.project_findings[project + 1]; f++)
					if (p->rr.findings[f].code == F_LOW_EXECUTION)
						flag = "low_execution";
			table_text(t, r, 7, flag);
		}
		h = e;
	}
}

static void build_ledger(const struct pipeline *p, struct table *t)
{
	const struct model *m = &p->m;
	struct buf codes = BUF_INIT;
	table_init(t, "ledger", L("明细台账：申报数→评审→审核数→安排数", "Ledger: requested → reviews → approved → funded"));
	table_col(t, "project", "项目", "project", TC_TEXT);
	table_col(t, "seq", "序号", "seq", TC_INT);
	table_col(t, "agency", "单位", "agency", TC_TEXT);
	table_col(t, "stage", "环节", "stage", TC_TEXT);
	table_col(t, "amount_fen", "金额", "amount", TC_MONEY);
	table_col(t, "codes", "代码", "codes", TC_TEXT);
	table_col(t, "reason", "理由", "reason", TC_TEXT);
	table_col(t, "reviewer", "评审人", "reviewer", TC_TEXT);
	t->no_sums = 1; /* requested, approved and funded of the same item */
	struct buf err = BUF_INIT;
	struct rules_tracer *tracer = rules_tracer_new(m, &err);
	for (size_t pr = 0; pr < m->n_projects; pr++) {
		const struct project *P = &m->projects[pr];
		struct rules_trace tr;
		int has_trace = rules_tracer_project(tracer, (int32_t)pr, &tr) == 0;
		buf_reset(&err);
		for (int32_t i = P->first_item; i < P->first_item + P->n_items; i++) {
			size_t r = table_row(t);
			table_text(t, r, 0, P->code);
			table_int(t, r, 1, m->items[i].seq);
			table_text(t, r, 2, P->agency_code);
			table_text(t, r, 3, "requested");
			table_int(t, r, 4, p->rr.requested_fen[i]);
			/* every review round of the item, superseded ones included */
			for (int32_t k = P->first_review; k < P->first_review + P->n_reviews; k++) {
				const struct review *rv = &m->reviews[k];
				if (rv->seq != m->items[i].seq && rv->seq != 0)
					continue;
				char stage[48];
				snprintf(stage, sizeof stage, "review_round_%d", rv->round);
				r = table_row(t);
				table_text(t, r, 0, P->code);
				table_int(t, r, 1, m->items[i].seq);
				table_text(t, r, 2, P->agency_code);
				table_text(t, r, 3, stage);
				table_text(t, r, 5, model_action_code(rv->action));
				table_text(t, r, 6, rv->reason);
				table_text(t, r, 7, rv->reviewer);
			}
			/* every rule that moved it, with the amount after */
			for (size_t s = 0; has_trace && s < tr.n; s++) {
				const struct rules_step *st = &tr.steps[s];
				if (st->item != i || st->before_fen == st->after_fen)
					continue;
				r = table_row(t);
				table_text(t, r, 0, P->code);
				table_int(t, r, 1, m->items[i].seq);
				table_text(t, r, 2, P->agency_code);
				table_text(t, r, 3, "rule");
				table_int(t, r, 4, st->after_fen);
				table_text(t, r, 5, rules_code_name((enum finding_code)st->f.code));
			}
			r = table_row(t);
			table_text(t, r, 0, P->code);
			table_int(t, r, 1, m->items[i].seq);
			table_text(t, r, 2, P->agency_code);
			table_text(t, r, 3, "approved");
			table_int(t, r, 4, p->rr.approved_fen[i]);
			r = table_row(t);
			table_text(t, r, 0, P->code);
			table_int(t, r, 1, m->items[i].seq);
			table_text(t, r, 2, P->agency_code);
			table_text(t, r, 3, "funded");
			table_int(t, r, 4, p->ar.funded[i]);
			buf_reset(&codes);
			pipeline_item_codes(p, (size_t)i, &codes);
			table_text(t, r, 5, buf_str(&codes));
		}
		if (has_trace)
			rules_trace_release(&tr);
	}
	rules_tracer_free(tracer);
	buf_release(&err);
	buf_release(&codes);
}

int report_build(const struct pipeline *p, const char *name, struct table *t)
{
	if (!strcmp(name, "agencies"))
		build_agencies(p, t);
	else if (!strcmp(name, "functions"))
		build_functions(p, t);
	else if (!strcmp(name, "cuts"))
		build_cuts(p, t);
	else if (!strcmp(name, "pools"))
		build_pools(p, t);
	else if (!strcmp(name, "lookback"))
		build_lookback(p, t);
	else if (!strcmp(name, "ledger"))
		build_ledger(p, t);
	else
		return -1;
	return 0;
}

void report_compare(const struct pipeline *a, const struct pipeline *b, struct table *t)
{
	const struct model *m = &a->m;
	table_init(t, "compare", L("场景对比", "Scenarios compared"));
	table_col(t, "group", "分组", "group", TC_TEXT);
	table_col(t, "code", "编码", "code", TC_TEXT);
	table_col(t, "name", "名称", "name", TC_TEXT);
	table_col(t, "approved_fen", "审核数", "approved", TC_MONEY);
	table_col(t, "funded_fen", "安排数", "funded", TC_MONEY);
	table_col(t, "against_approved_fen", "对比审核数", "approved (against)", TC_MONEY);
	table_col(t, "against_funded_fen", "对比安排数", "funded (against)", TC_MONEY);
	table_col(t, "difference_fen", "差额", "difference", TC_MONEY);
	/* both pipelines come from the same book, so items align */
	size_t na = m->n_agencies;
	zb_fen(*ag)[4] = xcalloc(na ? na : 1, sizeof(*ag));
	zb_fen tr[TIER__N][4];
	memset(tr, 0, sizeof tr);
	for (size_t i = 0; i < m->n_items && i < b->m.n_items; i++) {
		int32_t pr = m->items[i].project, g = m->projects[pr].agency;
		zb_fen v[4] = { a->rr.approved_fen[i], a->ar.funded[i], b->rr.approved_fen[i], b->ar.funded[i] };
		for (int k = 0; k < 4; k++) {
			if (g >= 0)
				ag[g][k] += v[k];
		}
		for (int k = 0; k < 2; k++) {
			tr[a->rr.tier[pr]][k] += v[k];
			tr[b->rr.tier[pr]][2 + k] += v[2 + k];
		}
	}
	for (size_t g = 0; g < na; g++) {
		size_t r = table_row(t);
		table_text(t, r, 0, "agency");
		table_text(t, r, 1, m->agencies[g].code);
		table_text(t, r, 2, m->agencies[g].name);
		for (int k = 0; k < 4; k++)
			table_int(t, r, 3 + (size_t)k, ag[g][k]);
		table_int(t, r, 7, ag[g][1] - ag[g][3]);
	}
	for (int k = 0; k < TIER__N; k++) {
		size_t r = table_row(t);
		table_text(t, r, 0, "tier");
		table_text(t, r, 1, model_tier_code((enum tier)k));
		table_text(t, r, 2, L(model_tier_zh((enum tier)k), model_tier_code((enum tier)k)));
		for (int j = 0; j < 4; j++)
			table_int(t, r, 3 + (size_t)j, tr[k][j]);
		table_int(t, r, 7, tr[k][1] - tr[k][3]);
	}
	free(ag);
}

/* --- disclosure (部门预算公开表) ------------------------------------- */

struct code_sum {
	const char *code;
	zb_fen a, b; /* basic, project (or just a) */
};

static int cmp_code_sum(const void *x, const void *y)
{
	return strcmp(((const struct code_sum *)x)->code, ((const struct code_sum *)y)->code);
}

/* Add to the sums of code (a small list kept by hand; codes are few). */
static void code_add(struct code_sum **list, size_t *n, size_t *cap, struct strmap *idx, const char *code, zb_fen a,
		     zb_fen b)
{
	int is_new;
	int64_t *slot = strmap_put(idx, code, strlen(code), (int64_t)*n, &is_new);
	if (is_new) {
		XGROW(*list, *cap, *n + 1);
		(*list)[(*n)++] = (struct code_sum){ code, 0, 0 };
	}
	(*list)[*slot].a += a;
	(*list)[*slot].b += b;
}

/* The disclosure, in phases: the five tables' headings, one pass over the
 * agency's projects summing what they need, then each table's rows. */
struct disclosure_sums {
	size_t n_src;
	zb_fen *by_source; /* [n_src]: the projects' carryover */
	zb_fen personnel, operation, project;
	struct code_sum *fn, *ec; /* by function (basic, project), basic by economic class */
	size_t n_fn, cap_fn, n_ec, cap_ec;
	struct strmap fn_idx, ec_idx;
	zb_fen sangong[4]; /* overseas travel, receptions, vehicle purchase, vehicle running */
};

/* 三公 by economic code */
static const char *const sg_codes[4][2] = { { "30212", NULL }, { "30217", NULL }, { "31013", "30913" }, { "30231", NULL } };

static void disclosure_heads(const struct model *m, int32_t agency, struct table out[DISCLOSURE_TABLES])
{
	const char *who = agency >= 0 ? m->agencies[agency].name : L("全市汇总", "all agencies");
	char title[256];

	snprintf(title, sizeof title, L("%s %d 年部门收支总表", "%s: revenue and expenditure, %d"), who, m->year);
	table_init(&out[0], "revenue_expenditure", title);
	table_col(&out[0], "item", "项目", "item", TC_TEXT);
	table_col(&out[0], "amount_fen", "预算数", "budget", TC_MONEY);
	snprintf(title, sizeof title, L("%s %d 年一般公共预算支出表（按功能分类）", "%s: expenditure by function, %d"), who,
		 m->year);
	table_init(&out[1], "by_function", title);
	table_col(&out[1], "code", "功能分类科目编码", "function code", TC_TEXT);
	table_col(&out[1], "name", "科目名称", "name", TC_TEXT);
	table_col(&out[1], "basic_fen", "基本支出", "basic", TC_MONEY);
	table_col(&out[1], "project_fen", "项目支出", "projects", TC_MONEY);
	table_col(&out[1], "total_fen", "合计", "total", TC_MONEY);
	snprintf(title, sizeof title, L("%s %d 年一般公共预算基本支出表（按经济分类）", "%s: basic expenditure by economic class, %d"),
		 who, m->year);
	table_init(&out[2], "basic_by_economic", title);
	table_col(&out[2], "code", "经济分类科目编码", "economic code", TC_TEXT);
	table_col(&out[2], "name", "科目名称", "name", TC_TEXT);
	table_col(&out[2], "amount_fen", "预算数", "budget", TC_MONEY);
	snprintf(title, sizeof title, L("%s %d 年“三公”经费预算表", "%s: the three public expenses, %d"), who, m->year);
	table_init(&out[3], "sangong", title);
	table_col(&out[3], "item", "项目", "item", TC_TEXT);
	table_col(&out[3], "amount_fen", "预算数", "budget", TC_MONEY);
	snprintf(title, sizeof title, L("%s %d 年项目支出表", "%s: project expenditure, %d"), who, m->year);
	table_init(&out[4], "projects", title);
	table_col(&out[4], "code", "项目编码", "project", TC_TEXT);
	table_col(&out[4], "name", "项目名称", "name", TC_TEXT);
	table_col(&out[4], "agency", "单位", "agency", TC_TEXT);
	table_col(&out[4], "function", "功能分类", "function", TC_TEXT);
	table_col(&out[4], "requested_fen", "申报数", "requested", TC_MONEY);
	table_col(&out[4], "funded_fen", "预算数", "budget", TC_MONEY);
}

/* One pass over the projects: money by source drawn, basic (personnel,
 * operation) and project expenditure, the function and economic sums,
 * 三公, and the project rows of table 5. */
static void disclosure_sum(const struct pipeline *p, int32_t agency, struct disclosure_sums *d, struct table *projects)
{
	const struct model *m = &p->m;
	memset(d, 0, sizeof(*d));
	d->n_src = p->in.n_sources;
	d->by_source = xcalloc(d->n_src + 1, sizeof(zb_fen));
	size_t n_src = d->n_src;
	zb_fen *by_source = d->by_source;
	for (size_t j = 0; j < m->n_projects; j++) {
		const struct project *P = &m->projects[j];
		if (agency >= 0 && P->agency != agency)
			continue;
		int is_basic = P->kind != KIND_SPECIFIC;
		zb_fen pf = 0, pr = 0;
		for (int32_t i = P->first_item; i < P->first_item + P->n_items; i++) {
			zb_fen f = p->ar.funded[i];
			pf += f;
			pr += p->rr.requested_fen[i];
			for (uint32_t k = 0; k < p->ar.n_item_draws[i]; k++) {
				const struct alloc_draw *d = &p->ar.draws[p->ar.first_draw[i] + k];
				by_source[d->source == DRAW_CARRYOVER ? n_src : d->source] += d->amount;
			}
			if (!f)
				continue;
			const char *e = m->items[i].economic;
			if (is_basic)
				code_add(&d->ec, &d->n_ec, &d->cap_ec, &d->ec_idx, e, f, 0);
			for (int s = 0; s < 4; s++)
				for (int v = 0; v < 2 && sg_codes[s][v]; v++)
					if (model_has_prefix(e, sg_codes[s][v]))
						d->sangong[s] += f;
		}
		if (P->kind == KIND_PERSONNEL)
			d->personnel += pf;
		else if (P->kind == KIND_OPERATION)
			d->operation += pf;
		else
			d->project += pf;
		code_add(&d->fn, &d->n_fn, &d->cap_fn, &d->fn_idx, P->function, is_basic ? pf : 0, is_basic ? 0 : pf);
		if (!is_basic) {
			size_t r = table_row(projects);
			table_text(projects, r, 0, P->code);
			table_text(projects, r, 1, P->name);
			table_text(projects, r, 2, P->agency_code);
			table_text(projects, r, 3, P->function);
			table_int(projects, r, 4, pr);
			table_int(projects, r, 5, pf);
		}
	}
}

/* 1. revenue by source, expenditure by kind */
static void disclosure_revenue(const struct pipeline *p, const struct disclosure_sums *d, struct table *t)
{
	size_t n_src = d->n_src;
	const zb_fen *by_source = d->by_source;
	zb_fen personnel = d->personnel, operation = d->operation, project = d->project;
	zb_fen revenue = 0;
	for (size_t s = 0; s <= n_src; s++) {
		if (!by_source[s])
			continue;
		char item[300];
		snprintf(item, sizeof item, "%s%s", L("收入：", "revenue: "),
			 s == n_src ? L("上年结转", "carryover") : pipeline_source_name(p, (uint32_t)s));
		size_t r = table_row(t);
		table_text(t, r, 0, item);
		table_int(t, r, 1, by_source[s]);
		revenue += by_source[s];
	}
	struct {
		const char *zh, *en;
		zb_fen v;
	} rows[] = {
		{ "收入合计", "total revenue", revenue },
		{ "支出：基本支出", "expenditure: basic", personnel + operation },
		{ "　其中：人员经费", "  of which personnel", personnel },
		{ "　　　　公用经费", "  of which operations", operation },
		{ "支出：项目支出", "expenditure: projects", project },
		{ "支出合计", "total expenditure", personnel + operation + project },
	};
	for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
		size_t r = table_row(t);
		table_text(t, r, 0, L(rows[k].zh, rows[k].en));
		table_int(t, r, 1, rows[k].v);
	}
}

/* 2. by function, with a totals row */
static void disclosure_functions(struct disclosure_sums *d, struct table *t)
{
	struct code_sum *fn = d->fn;
	size_t n_fn = d->n_fn;
	if (n_fn)
		qsort(fn, n_fn, sizeof(*fn), cmp_code_sum);
	zb_fen tb = 0, tp = 0;
	for (size_t k = 0; k < n_fn; k++) {
		size_t r = table_row(t);
		const char *nm = codes_name(CODE_FUNCTION, fn[k].code);
		table_text(t, r, 0, fn[k].code);
		table_text(t, r, 1, nm ? nm : "");
		table_int(t, r, 2, fn[k].a);
		table_int(t, r, 3, fn[k].b);
		table_int(t, r, 4, fn[k].a + fn[k].b);
		tb += fn[k].a;
		tp += fn[k].b;
	}
	size_t r = table_row(t);
	table_text(t, r, 1, L("合计", "Total"));
	table_int(t, r, 2, tb);
	table_int(t, r, 3, tp);
	table_int(t, r, 4, tb + tp);
	t->has_total = 1;
}

/* 3. basic expenditure by economic class, with a totals row */
static void disclosure_economic(struct disclosure_sums *d, struct table *t)
{
	struct code_sum *ec = d->ec;
	size_t n_ec = d->n_ec, r;
	if (n_ec)
		qsort(ec, n_ec, sizeof(*ec), cmp_code_sum);
	zb_fen te = 0;
	for (size_t k = 0; k < n_ec; k++) {
		r = table_row(t);
		const char *nm = codes_name(CODE_ECONOMIC, ec[k].code);
		table_text(t, r, 0, ec[k].code);
		table_text(t, r, 1, nm ? nm : "");
		table_int(t, r, 2, ec[k].a);
		te += ec[k].a;
	}
	r = table_row(t);
	table_text(t, r, 1, L("合计", "Total"));
	table_int(t, r, 2, te);
	t->has_total = 1;
}

/* 4. 三公经费 */
static void disclosure_sangong(const struct disclosure_sums *d, struct table *t)
{
	const zb_fen *sangong = d->sangong;
	size_t r;
	struct {
		const char *zh, *en;
		zb_fen v;
	} sg[] = {
		{ "因公出国（境）费", "overseas travel", sangong[0] },
		{ "公务接待费", "official receptions", sangong[1] },
		{ "公务用车购置及运行维护费", "official vehicles", sangong[2] + sangong[3] },
		{ "　其中：公务用车购置费", "  of which purchase", sangong[2] },
		{ "　　　　公务用车运行维护费", "  of which running", sangong[3] },
		{ "合计", "Total", sangong[0] + sangong[1] + sangong[2] + sangong[3] },
	};
	for (size_t k = 0; k < sizeof sg / sizeof sg[0]; k++) {
		r = table_row(t);
		table_text(t, r, 0, L(sg[k].zh, sg[k].en));
		table_int(t, r, 1, sg[k].v);
	}
	t->has_total = 1;
}

/* 5. projects: a totals row */
static void disclosure_projects_total(struct table *t)
{
	size_t r;
	zb_fen rq = 0, fd = 0;
	for (size_t k = 0; k < t->n_rows; k++) {
		rq += table_cell(t, k, 4)->i;
		fd += table_cell(t, k, 5)->i;
	}
	r = table_row(t);
	table_text(t, r, 1, L("合计", "Total"));
	table_int(t, r, 4, rq);
	table_int(t, r, 5, fd);
	t->has_total = 1;
}

void report_disclosure(const struct pipeline *p, int32_t agency, struct table out[DISCLOSURE_TABLES])
{
	struct disclosure_sums d;
	disclosure_heads(&p->m, agency, out);
	disclosure_sum(p, agency, &d, &out[4]);
	disclosure_revenue(p, &d, &out[0]);
	disclosure_functions(&d, &out[1]);
	disclosure_economic(&d, &out[2]);
	disclosure_sangong(&d, &out[3]);
	disclosure_projects_total(&out[4]);
	free(d.by_source);
	free(d.fn);
	free(d.ec);
	strmap_release(&d.fn_idx);
	strmap_release(&d.ec_idx);
}
