/*
 * report.c - the reports of SPEC §7 from a scenario's pipeline.
 */
#include "report.h"
#include "codes.h"

#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

const char *const report_names[] = { "adjustments", "agencies", "approval", "compare", "cuts", "disclosure", "findings",
				     "functions", "ledger", "lookback", "pools", "rounds", "summary" };
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
		/* an item raised above its request after adoption (current.h) cuts nothing */
		if (!P->is_rigid && !P->is_urgent && r > f)
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

int report_totals_add(struct report_totals *a, const struct report_totals *t)
{
	ADD(a->requested, t->requested);
	ADD(a->approved, t->approved);
	ADD(a->funded, t->funded);
	ADD(a->capacity, t->capacity);
	ADD(a->carryover_drawn, t->carryover_drawn);
	ADD(a->carryover_total, t->carryover_total);
	ADD(a->unused, t->unused);
	ADD(a->shortfall, t->shortfall);
	ADD(a->cut_nonrigid, t->cut_nonrigid);
	ADD(a->livelihood_funded, t->livelihood_funded);
	ADD(a->base, t->base);
	ADD(a->base_growth, t->base_growth);
	ADD(a->earmarked_unused, t->earmarked_unused);
	ADD(a->basic, t->basic);
	for (int c = 0; c < CAUSE__N; c++)
		ADD(a->savings[c], t->savings[c]);
	for (int k = 0; k < TIER__N; k++) {
		ADD(a->tier_requested[k], t->tier_requested[k]);
		ADD(a->tier_approved[k], t->tier_approved[k]);
		ADD(a->tier_funded[k], t->tier_funded[k]);
	}
	for (int f = 0; f < F__N; f++)
		a->findings[f] += t->findings[f];
	return 0;
}

/* The summary's keys every total has (a city's or a roll-up's), into o. */
void report_totals_json(const struct report_totals *t, void *obj)
{
	json_t *o = obj;
	json_object_set_new(o, "requested_fen", json_integer(t->requested));
	json_object_set_new(o, "approved_fen", json_integer(t->approved));
	json_object_set_new(o, "funded_fen", json_integer(t->funded));
	json_object_set_new(o, "capacity_fen", json_integer(t->capacity));
	json_object_set_new(o, "carryover_fen", json_integer(t->carryover_drawn));
	json_object_set_new(o, "unused_fen", json_integer(t->unused));
	json_object_set_new(o, "earmarked_unused_fen", json_integer(t->earmarked_unused));
	json_object_set_new(o, "shortfall_fen", json_integer(t->shortfall));
	json_object_set_new(o, "cut_nonrigid_fen", json_integer(t->cut_nonrigid));
	json_object_set_new(o, "basic_fen", json_integer(t->basic));
	json_object_set_new(o, "project_fen", json_integer(t->funded - t->basic));
	json_t *sv = json_object();
	for (int c = 0; c < CAUSE__N; c++)
		json_object_set_new(sv, rules_cause_name((enum cause)c), json_integer(t->savings[c]));
	json_object_set_new(o, "savings_fen", sv);
	/* a share for display, exact until rounded to millionths here */
	json_object_set_new(o, "livelihood_share",
			    t->funded ? json_real((double)share_millionths(t->livelihood_funded, t->funded) / 1e6)
				     : json_null());
	json_object_set_new(o, "base_fen", json_integer(t->base));
	json_object_set_new(o, "base_growth_fen", json_integer(t->base_growth));
	json_t *tiers = json_array();
	for (int k = 0; k < TIER__N; k++)
		json_array_append_new(tiers, json_pack("{s:s, s:I, s:I, s:I}", "tier", model_tier_code((enum tier)k),
						       "requested_fen", (json_int_t)t->tier_requested[k],
						       "approved_fen", (json_int_t)t->tier_approved[k], "funded_fen",
						       (json_int_t)t->tier_funded[k]));
	json_object_set_new(o, "tiers", tiers);
	json_t *fc = json_object();
	for (int c = 0; c < F__N; c++)
		if (t->findings[c])
			json_object_set_new(fc, rules_code_name((enum finding_code)c), json_integer(t->findings[c]));
	json_object_set_new(o, "findings", fc);
}

void *report_summary_json(const struct pipeline *p)
{
	struct report_totals t;
	if (report_totals(p, &t))
		return NULL;
	json_t *o = json_object();
	json_object_set_new(o, "year", json_integer(p->m.year));
	json_object_set_new(o, "scenario", json_string(p->params.name));
	if (p->view != VIEW_DRAFT) /* SPEC §12: the adopted budget or the current one */
		json_object_set_new(o, "as", json_string(p->view == VIEW_CURRENT ? "current" : "adopted"));
	report_totals_json(&t, o);
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
	/* per item of the project at hand: what its findings took off */
	struct {
		zb_fen over, pooled;
		int stopped;
	} *fx = NULL;
	size_t cap = 0;
	const char *last_econ = NULL;
	int32_t last_pool = -1;
	for (size_t pr = 0; pr < m->n_projects; pr++) {
		if (p->rr.project_flags[pr] & PROJECT_REJECTED)
			continue;
		const struct project *P = &m->projects[pr];
		if (P->n_items <= 0)
			continue;
		XGROW(fx, cap, (size_t)P->n_items);
		memset(fx, 0, (size_t)P->n_items * sizeof *fx);
		/* items that stopped at steps 3–4 never reached the pooled
		 * price; a later review cut (step 8) did */
		for (int32_t f = p->rr.project_findings[pr]; f < p->rr.project_findings[pr + 1]; f++) {
			const struct finding *fd = &p->rr.findings[f];
			if (fd->item < P->first_item || fd->item >= P->first_item + P->n_items)
				continue;
			size_t x = (size_t)(fd->item - P->first_item);
			if (fd->code == F_OVER_STANDARD)
				fx[x].over += fd->effect_fen;
			else if (fd->code == F_POOLED)
				fx[x].pooled += fd->effect_fen;
			else if (fd->code >= F_NEGATIVE_LIST && fd->code <= F_NO_STANDARD && fd->code != F_NEGATIVE_MAJOR)
				fx[x].stopped = 1;
		}
		for (int32_t i = P->first_item; i < P->first_item + P->n_items; i++) {
			/* economic codes are interned: one look-up per run of a code */
			const char *e = m->items[i].economic;
			if (e != last_econ || !e) {
				last_pool = pool_of(m, e);
				last_econ = e;
			}
			int32_t k = last_pool;
			size_t x = (size_t)(i - P->first_item);
			if (k < 0 || fx[x].stopped)
				continue;
			zb_fen b = p->rr.requested_fen[i] - fx[x].over;
			ps->before[k] += b;
			ps->after[k] += b - fx[x].pooled;
			ps->n_items[k]++;
			if (P->agency >= 0 && !agency_in[(size_t)k * na + (size_t)P->agency]) {
				agency_in[(size_t)k * na + (size_t)P->agency] = 1;
				ps->n_agencies[k]++;
			}
		}
	}
	free(fx);
	free(agency_in);
}

static void pool_sums_free(struct pool_sums *ps)
{
	free(ps->before);
	free(ps->after);
	free(ps->n_items);
	free(ps->n_agencies);
}

/* Everything of the summary after its title, from its totals: the
 * pipeline's own parts (idle earmarks, pools) only when p is given (a
 * roll-up has none). */
void report_totals_text(const struct report_totals *t, const struct pipeline *p, FILE *out, enum money_unit u)
{
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], pc[32];
	const char *un = money_unit_name(u);
	struct {
		const char *zh, *en;
		zb_fen v;
	} rows[] = {
		{ "申报数", "requested", t->requested },
		{ "审核数", "approved", t->approved },
		{ "安排数", "funded", t->funded },
		{ "可用财力", "capacity", t->capacity },
		{ "使用结转资金", "carryover drawn", t->carryover_drawn },
		{ "未安排财力", "unused", t->unused },
		{ "其中：上级专项结余", "of which earmarked", t->earmarked_unused },
		{ "三保缺口", "shortfall (三保)", t->shortfall },
		{ "压减非刚性、非急需支出", "non-rigid, non-urgent cut", t->cut_nonrigid },
		{ "基本支出（定员定额）", "basic expenditure (staff × quotas)", t->basic },
		{ "项目支出", "project expenditure", t->funded - t->basic },
		{ "上年预算（基数）", "base (last year's budget)", t->base },
		{ "“基数+增长”口径", "base plus growth", t->base_growth },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct buf line = BUF_INIT;
		text_pad(&line, L(rows[i].zh, rows[i].en), 26, 0);
		text_pad(&line, money_format(rows[i].v, u, a), 18, 1);
		fprintf(out, "  %s %s\n", buf_str(&line), un);
		buf_release(&line);
	}
	for (size_t s = 0; p && s < p->in.n_sources; s++) {
		if (!p->ar.earmark_idle[s])
			continue;
		const struct alloc_package *pk = &p->ar.packages[p->ar.earmark_idle[s] - 1];
		const struct source *src = &p->m.sources[s];
		const char *pc = p->m.projects[pk->project].code;
		if (ZB_LANG == LANG_EN)
			fprintf(out, "  [warn] earmarked transfer %s %s has %s %s left while package %d of project %s, "
				     "which could draw on it, was cut (EARMARK_IDLE)\n",
				src->code, src->name, money_format(p->ar.source_left[s], u, a), un, pk->level, pc);
		else
			fprintf(out, "  [提示] 上级专项 %s %s 结余 %s %s 未使用，而可以使用它的项目 %s 第 %d 档决策包因财力不足未安排"
				     "（EARMARK_IDLE）\n",
				src->code, src->name, money_format(p->ar.source_left[s], u, a), un, pc, pk->level);
	}
	fprintf(out, L("  民生支出占比            %s\n", "  livelihood share        %s\n"),
		t->funded ? share_percent(t->livelihood_funded, t->funded, pc) : "-");
	if (t->base) {
		zb_fen d = t->funded - t->base_growth;
		fprintf(out, L("  与“基数+增长”相比      %s %s（%s）\n", "  against base plus growth %s %s (%s)\n"),
			money_format(d, u, a), un, share_percent(d, t->base_growth ? t->base_growth : 1, pc));
	}
	fprintf(out, "%s\n", L("零基预算节约（按原因）", "Savings by cause"));
	zb_fen cut = 0;
	for (int c = 0; c < CAUSE__N; c++)
		cut += t->savings[c];
	for (int c = 0; c < CAUSE__N; c++) {
		if (!t->savings[c])
			continue;
		struct buf line = BUF_INIT;
		text_pad(&line, rules_cause_label((enum cause)c), 22, 0);
		text_pad(&line, money_format(t->savings[c], u, a), 18, 1);
		fprintf(out, "  %s %s  %7s\n", buf_str(&line), un, share_percent(t->savings[c], cut ? cut : 1, pc));
		buf_release(&line);
	}
	if (p) {
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
	}
	fprintf(out, "%s\n", L("按保障档次（申报数 / 审核数 / 安排数）", "By tier (requested / approved / funded)"));
	for (int k = 0; k < TIER__N; k++) {
		struct buf line = BUF_INIT;
		text_pad(&line, L(model_tier_zh((enum tier)k), model_tier_code((enum tier)k)), 12, 0);
		text_pad(&line, money_format(t->tier_requested[k], u, a), 16, 1);
		text_pad(&line, money_format(t->tier_approved[k], u, b), 16, 1);
		text_pad(&line, money_format(t->tier_funded[k], u, c), 16, 1);
		fprintf(out, "  %s\n", buf_str(&line));
		buf_release(&line);
	}
}

void report_summary_text(const struct pipeline *p, FILE *out, enum money_unit u)
{
	struct report_totals t;
	if (report_totals(p, &t))
		return;
	fprintf(out, L("%d 年度预算安排汇总（场景 %s）%s\n", "Budget %d, scenario %s%s\n"), p->m.year, p->params.name,
		p->view == VIEW_ADOPTED	  ? L("：年初预算（已批复）", ": adopted budget")
		: p->view == VIEW_CURRENT ? L("：调整后预算（年初预算加预算调剂、调整）", ": current budget (adopted plus adjustments)")
					  : "");
	report_totals_text(&t, p, out, u);
}

void report_summary_table(const struct pipeline *p, struct table *t)
{
	struct report_totals s;
	table_init(t, "summary", L("预算安排汇总", "Summary"));
	table_col(t, "key", "项目", "key", TC_TEXT);
	table_col(t, "value_fen", "金额", "amount", TC_MONEY);
	table_col_words(t, 0, WORDS_SUMMARY);
	report_dress(p, t);
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
	table_col_words(t, 3, WORDS_YESNO);
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

static void cuts_columns(struct table *t)
{
	table_init(t, "cuts", L("未足额安排的明细", "Items not fully funded"));
	table_col(t, "project", "项目", "project", TC_TEXT);
	table_col(t, "seq", "序号", "seq", TC_INT);
	table_col(t, "agency", "单位", "agency", TC_TEXT);
	table_col(t, "requested_fen", "申报数", "requested", TC_MONEY);
	table_col(t, "funded_fen", "安排数", "funded", TC_MONEY);
	table_col(t, "codes", "原因", "codes", TC_TEXT);
	table_col_words(t, 5, WORDS_FINDING);
}

struct cuts_rows {
	const struct pipeline *p;
	int32_t only; /* one agency's items (index), or -1 all */
	int32_t codes_of; /* the project whose items' codes pc holds, -1 none */
	struct buf *pc;   /* pipeline_project_codes of codes_of */
	size_t n_pc;
};

static void cuts_rows_release(struct cuts_rows *x)
{
	for (size_t k = 0; k < x->n_pc; k++)
		buf_release(&x->pc[k]);
	free(x->pc);
}

/* An item in cuts: funded below its request (and of the agency asked for). */
static int is_cut(const struct cuts_rows *x, size_t i)
{
	const struct pipeline *p = x->p;
	return p->ar.funded[i] < p->rr.requested_fen[i] &&
	       (x->only < 0 || p->m.projects[p->m.items[i].project].agency == x->only);
}

/* Item i into row r of t. */
static void cuts_row(struct cuts_rows *x, size_t i, struct table *t, size_t r)
{
	const struct pipeline *p = x->p;
	const struct model *m = &p->m;
	const struct project *P = &m->projects[m->items[i].project];
	table_text(t, r, 0, P->code);
	table_int(t, r, 1, m->items[i].seq);
	table_text(t, r, 2, P->agency_code);
	table_int(t, r, 3, p->rr.requested_fen[i]);
	table_int(t, r, 4, p->ar.funded[i]);
	/* the items come in order: their project's codes worked out once */
	int32_t pr = m->items[i].project;
	if (pr != x->codes_of) {
		size_t n = (size_t)P->n_items;
		if (n > x->n_pc) {
			x->pc = xrealloc(x->pc, n * sizeof *x->pc);
			for (size_t k = x->n_pc; k < n; k++)
				x->pc[k] = (struct buf)BUF_INIT;
			x->n_pc = n;
		}
		pipeline_project_codes(p, pr, x->pc);
		x->codes_of = pr;
	}
	table_text(t, r, 5, buf_str(&x->pc[(int32_t)i - P->first_item]));
}

static void build_cuts(const struct pipeline *p, int32_t only, struct table *t)
{
	struct cuts_rows x = { p, only, -1, NULL, 0 };
	cuts_columns(t);
	for (size_t i = 0; i < p->m.n_items; i++)
		if (is_cut(&x, i))
			cuts_row(&x, i, t, table_row(t));
	cuts_rows_release(&x);
}

static int cuts_stream_row(size_t i, struct table *t, void *arg)
{
	struct cuts_rows *x = arg;
	if (!is_cut(x, i))
		return 0;
	cuts_row(x, i, t, 0);
	return 1;
}

int report_stream(const struct pipeline *p, const char *name, struct table *t, struct table_stream *s)
{
	if (strcmp(name, "cuts"))
		return -1;
	struct cuts_rows *x = xcalloc(1, sizeof *x);
	x->p = p;
	x->only = -1;
	x->codes_of = -1;
	cuts_columns(t);
	report_dress(p, t);
	s->n = p->m.n_items;
	s->row = cuts_stream_row;
	s->arg = x;
	return 0;
}

void report_stream_release(struct table_stream *s)
{
	struct cuts_rows *x = s->arg;
	if (x)
		cuts_rows_release(x);
	free(x);
	s->arg = NULL;
}

void report_cuts_by_project(const struct pipeline *p, struct table *t)
{
	const struct model *m = &p->m;
	table_init(t, "cuts", L("未足额安排的项目", "Projects not fully funded"));
	table_col(t, "project", "项目", "project", TC_TEXT);
	table_col(t, "name", "项目名称", "name", TC_TEXT);
	table_col(t, "agency", "单位", "agency", TC_TEXT);
	table_col(t, "items", "明细数", "items", TC_INT);
	table_col(t, "requested_fen", "申报数", "requested", TC_MONEY);
	table_col(t, "funded_fen", "安排数", "funded", TC_MONEY);
	table_col(t, "cut_fen", "核减数", "cut", TC_MONEY);
	/* a project's items are consecutive (first_item, n_items); its
	 * requested total fits (the import checks it), and funded <= requested,
	 * so the sums cannot overflow: checked all the same */
	for (size_t pi = 0; pi < m->n_projects; pi++) {
		const struct project *P = &m->projects[pi];
		zb_fen req = 0, fun = 0;
		int64_t n = 0;
		int bad = 0;
		for (int32_t i = P->first_item; i < P->first_item + P->n_items; i++) {
			if (p->ar.funded[i] >= p->rr.requested_fen[i])
				continue;
			n++;
			bad |= money_add(req, p->rr.requested_fen[i], &req) | money_add(fun, p->ar.funded[i], &fun);
		}
		if (!n)
			continue;
		size_t r = table_row(t);
		table_text(t, r, 0, P->code);
		table_text(t, r, 1, P->name);
		table_text(t, r, 2, P->agency_code);
		table_int(t, r, 3, n);
		for (int j = 4; j < 7; j++)
			if (bad)
				table_cell(t, r, (size_t)j)->is_null = 1;
		if (!bad) {
			table_int(t, r, 4, req);
			table_int(t, r, 5, fun);
			table_int(t, r, 6, req - fun);
		}
	}
	report_dress(p, t);
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
	table_col_words(t, 7, WORDS_FLAG);
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

static void build_ledger(const struct pipeline *p, int32_t only, struct table *t)
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
	table_col_words(t, 3, WORDS_STAGE);
	table_col_words(t, 5, WORDS_FINDING);
	t->no_sums = 1; /* requested, approved and funded of the same item */
	struct buf err = BUF_INIT;
	struct rules_tracer *tracer = rules_tracer_new(m, &err);
	for (size_t pr = 0; pr < m->n_projects; pr++) {
		const struct project *P = &m->projects[pr];
		if (only >= 0 && P->agency != only)
			continue;
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

void report_findings(const struct pipeline *p, int32_t agency, struct table *t)
{
	const struct model *m = &p->m;
	struct buf msg = BUF_INIT;
	table_init(t, "findings", L("审核意见和问题清单", "Review opinions and findings"));
	table_col(t, "agency", "单位编码", "agency", TC_TEXT);
	table_col(t, "project", "项目编码", "project", TC_TEXT);
	table_col(t, "name", "项目名称", "project name", TC_TEXT);
	table_col(t, "seq", "明细序号", "seq", TC_INT);
	table_col(t, "content", "明细内容", "item", TC_TEXT);
	table_col(t, "category", "类别", "category", TC_TEXT);
	table_col(t, "code", "问题", "finding", TC_TEXT);
	table_col(t, "severity", "处理", "severity", TC_TEXT);
	table_col(t, "message", "说明", "message", TC_TEXT);
	table_col(t, "effect_fen", "核减金额", "amount removed", TC_MONEY);
	table_col_words(t, 5, WORDS_STAGE);
	table_col_words(t, 6, WORDS_FINDING);
	table_col_words(t, 7, WORDS_SEVERITY);
	for (size_t j = 0; j < m->n_projects; j++) {
		const struct project *P = &m->projects[j];
		if (agency >= 0 && P->agency != agency)
			continue;
		/* the rules' findings (SPEC §5) */
		for (int32_t k = p->rr.project_findings[j]; k < p->rr.project_findings[j + 1]; k++) {
			const struct finding *f = &p->rr.findings[k];
			size_t r = table_row(t);
			table_text(t, r, 0, P->agency_code);
			table_text(t, r, 1, P->code);
			table_text(t, r, 2, P->name);
			if (f->item >= 0) {
				table_int(t, r, 3, m->items[f->item].seq);
				table_text(t, r, 4, m->items[f->item].content);
			}
			table_text(t, r, 5, "finding");
			table_text(t, r, 6, rules_code_name((enum finding_code)f->code));
			table_text(t, r, 7, rules_severity_name((enum severity)f->severity));
			buf_reset(&msg);
			rules_message(m, f, &msg);
			table_text(t, r, 8, buf_str(&msg));
			if (f->effect_fen)
				table_int(t, r, 9, f->effect_fen);
		}
		/* the reviewers' opinions, every round */
		for (int32_t k = P->first_review; k < P->first_review + P->n_reviews; k++) {
			const struct review *rv = &m->reviews[k];
			size_t r = table_row(t);
			table_text(t, r, 0, P->agency_code);
			table_text(t, r, 1, P->code);
			table_text(t, r, 2, P->name);
			if (rv->seq) {
				table_int(t, r, 3, rv->seq);
				if (rv->item >= 0)
					table_text(t, r, 4, m->items[rv->item].content);
			}
			buf_reset(&msg);
			buf_printf(&msg, "review_round_%d", rv->round);
			table_text(t, r, 5, buf_str(&msg));
			table_text(t, r, 6, model_action_code(rv->action));
			buf_reset(&msg);
			if (rv->reason)
				buf_adds(&msg, rv->reason);
			if (rv->reviewer)
				buf_printf(&msg, L("（评审人：%s）", " (reviewer: %s)"), rv->reviewer);
			table_text(t, r, 8, buf_str(&msg));
		}
		/* what the money did not cover (SPEC §6) */
		for (int32_t i = P->first_item; i < P->first_item + P->n_items; i++) {
			zb_fen gap = p->rr.approved_fen[i] - p->ar.funded[i];
			uint32_t pk = p->ar.pkg_of_item[i];
			if (gap <= 0 || pk == UINT32_MAX)
				continue;
			int afford = p->ar.packages[pk].decision == PKG_OVER_AFFORDABILITY;
			size_t r = table_row(t);
			table_text(t, r, 0, P->agency_code);
			table_text(t, r, 1, P->code);
			table_text(t, r, 2, P->name);
			table_int(t, r, 3, m->items[i].seq);
			table_text(t, r, 4, m->items[i].content);
			table_text(t, r, 5, "allocation");
			table_text(t, r, 6, rules_code_name(afford ? F_OVER_AFFORDABILITY : F_CUT_CAPACITY));
			table_text(t, r, 7, "error");
			table_text(t, r, 8, afford ? L("多年度支出超过财政承受能力，本年不予安排", "over the affordability line: not funded")
						   : L("审核通过，但财力不足，本年未安排", "approved, but the money ran out: not funded"));
			table_int(t, r, 9, gap);
		}
	}
	buf_release(&msg);
	report_dress(p, t);
	if (agency >= 0) {
		char org[300];
		snprintf(org, sizeof org, L("单位：%s（%s）", "agency: %s (%s)"), m->agencies[agency].name,
			 m->agencies[agency].code);
		table_dress(t, NULL, NULL, org, NULL);
	}
}

void report_dress(const struct pipeline *p, struct table *t)
{
	char buf[512];
	/* the sheet keeps the plain title; the heading says the year */
	if (!t->sheet)
		table_dress(t, NULL, t->title, NULL, NULL);
	snprintf(buf, sizeof buf, L("%d 年%s%s", "%d %s%s"), p->m.year, t->title, report_view_title(p));
	free(t->title);
	t->title = xstrdup(buf);
	snprintf(buf, sizeof buf, L("场景：%s（%s）", "scenario: %s (%s)"), p->params.name, report_view_word(p));
	table_dress(t, NULL, NULL, NULL, buf);
}

/* What the title adds: nothing for a draft, 年初预算 or 调整后预算. */
const char *report_view_title(const struct pipeline *p)
{
	return p->view == VIEW_ADOPTED	 ? L("（年初预算）", " (adopted budget)")
	       : p->view == VIEW_CURRENT ? L("（调整后预算）", " (current budget)")
					 : "";
}

/* A scenario is a draft (草案) until it is adopted (SPEC §12); the adopted
 * one is 已批复, its current budget 调整后. */
const char *report_view_word(const struct pipeline *p)
{
	switch (p->view) {
	case VIEW_ADOPTED:
		return L("已批复", "adopted");
	case VIEW_CURRENT:
		return L("调整后", "after adjustments");
	default:
		return L("草案", "draft");
	}
}

int report_build(const struct pipeline *p, const char *name, const char *agency, struct table *t)
{
	/* one agency's rows only: an agency user's report is built from its
	 * own items, not the city's filtered afterwards (the caller still
	 * keeps its rows alone where a builder does not look) */
	int32_t only = agency ? model_find_agency(&p->m, agency) : -1;
	if (agency && only < 0)
		only = INT32_MAX; /* no such agency: no rows */
	if (!strcmp(name, "agencies"))
		build_agencies(p, t);
	else if (!strcmp(name, "functions"))
		build_functions(p, t);
	else if (!strcmp(name, "cuts"))
		build_cuts(p, only, t);
	else if (!strcmp(name, "pools"))
		build_pools(p, t);
	else if (!strcmp(name, "lookback"))
		build_lookback(p, t);
	else if (!strcmp(name, "ledger"))
		build_ledger(p, only, t);
	else if (!strcmp(name, "findings")) {
		report_findings(p, only, t);
		return 0;
	} else
		return -1;
	report_dress(p, t);
	return 0;
}

/* The first non-empty value of a field over a document's lines [i, j). */
static const char *doc_field(const struct current_lines *l, size_t i, size_t j, size_t off)
{
	for (size_t k = i; k < j; k++) {
		const char *v = *(char *const *)((const char *)&l->v[k] + off);
		if (v && *v)
			return v;
	}
	return "";
}

static void adj_heading(const struct pipeline *a, struct table *t)
{
	char buf[512];
	table_dress(t, NULL, t->title, NULL, NULL);
	snprintf(buf, sizeof buf, L("%d 年%s", "%d %s"), a->m.year, t->title);
	free(t->title);
	t->title = xstrdup(buf);
	snprintf(buf, sizeof buf, L("场景：%s（已批复）", "scenario: %s (adopted)"), a->params.name);
	table_dress(t, NULL, NULL, NULL, buf);
}

/* Is adjustment line x in scope (-1: all)? Its project's agency, or the
 * agency the line names when the project is not in the book. */
static int adj_in_scope(const struct model *m, const struct current_line *x, int32_t scope)
{
	if (scope < 0)
		return 1;
	if ((size_t)scope >= m->n_agencies) /* an agency the book does not have: nothing */
		return 0;
	int32_t pj = model_find_project(m, x->project);
	return pj >= 0 ? m->projects[pj].agency == scope : !strcmp(x->agency, m->agencies[scope].code);
}

/* A sum into a money cell: empty when it is out of int64 (never wrapped). */
static void put_sum(struct table *t, size_t r, size_t c, __int128 v)
{
	if (v >= INT64_MIN && v <= INT64_MAX)
		table_int(t, r, c, (int64_t)v);
}

void report_adjustments(const struct pipeline *a, const struct current *c, const struct current_lines *l, int32_t scope,
			struct table t[ADJ_TABLES])
{
	const struct model *m = &a->m;
	struct table *lt = &t[0], *at = &t[1], *pt = &t[2];
	table_init(lt, "adjustments", L("预算调剂和调整明细", "Transfers and adjusts"));
	table_col(lt, "code", "文号", "document", TC_TEXT);
	table_col(lt, "kind", "类型", "kind", TC_TEXT);
	table_col(lt, "date", "日期", "date", TC_TEXT);
	table_col(lt, "trigger", "调整事由", "trigger", TC_TEXT);
	table_col(lt, "reason", "原因", "reason", TC_TEXT);
	table_col(lt, "by", "经办人", "by", TC_TEXT);
	table_col(lt, "project", "项目编码", "project", TC_TEXT);
	table_col(lt, "project_name", "项目名称", "project name", TC_TEXT);
	table_col(lt, "seq", "明细序号", "item", TC_INT);
	table_col(lt, "agency", "单位编码", "agency", TC_TEXT);
	table_col(lt, "agency_name", "单位名称", "agency name", TC_TEXT);
	table_col(lt, "amount_fen", "调整金额", "amount", TC_MONEY);
	table_col_words(lt, 1, WORDS_ADJ_KIND);
	table_col_words(lt, 3, WORDS_TRIGGER);
	adj_heading(a, lt);
	size_t na = m->n_agencies, np = m->n_projects;
	/* per agency and per project: adopted, transfers, adjusts, current */
	/* sums in 128 bits: a document's lines may leave a running sum out of
	 * int64 on the way; a sum that ends out of it is shown empty, never wrapped
	 * (current_build keeps every item and the book's total in range) */
	__int128(*sum)[4] = xcalloc(na ? na : 1, sizeof(*sum));
	__int128(*psum)[4] = xcalloc(np ? np : 1, sizeof(*psum));
	struct buf *docs = xcalloc(np ? np : 1, sizeof(struct buf));
	size_t *last_doc = xmalloc((np ? np : 1) * sizeof(size_t));
	for (size_t j = 0; j < np; j++)
		last_doc[j] = SIZE_MAX;
	__int128 total = 0;
	for (size_t i = 0, j; i < l->n; i = j) {
		for (j = i; j < l->n && !strcmp(l->v[j].code, l->v[i].code); j++)
			;
		/* a line's empty fields read as its document's (one document, one trigger and reason) */
		const char *trigger = doc_field(l, i, j, offsetof(struct current_line, trigger));
		const char *reason = doc_field(l, i, j, offsetof(struct current_line, reason));
		const char *by = doc_field(l, i, j, offsetof(struct current_line, by));
		for (size_t k = i; k < j; k++) {
			const struct current_line *x = &l->v[k];
			if (!adj_in_scope(m, x, scope))
				continue;
			int32_t pj = model_find_project(m, x->project);
			int32_t ag = pj >= 0 ? m->projects[pj].agency : -1;
			size_t r = table_row(lt);
			table_text(lt, r, 0, x->code);
			table_text(lt, r, 1, x->kind);
			table_text(lt, r, 2, x->date);
			table_text(lt, r, 3, *x->trigger ? x->trigger : trigger);
			table_text(lt, r, 4, *x->reason ? x->reason : reason);
			table_text(lt, r, 5, *x->by ? x->by : by);
			table_text(lt, r, 6, x->project);
			table_text(lt, r, 7, pj >= 0 ? m->projects[pj].name : "");
			table_int(lt, r, 8, x->seq);
			table_text(lt, r, 9, ag >= 0 ? m->agencies[ag].code : x->agency);
			table_text(lt, r, 10, ag >= 0 ? m->agencies[ag].name : "");
			table_int(lt, r, 11, x->amount);
			total += x->amount;
			int kind = strcmp(x->kind, "transfer") ? 2 : 1;
			if (ag >= 0)
				sum[ag][kind] += x->amount;
			if (pj >= 0) {
				psum[pj][kind] += x->amount;
				/* its documents' numbers, each once (a document's lines are together) */
				if (last_doc[pj] != i) {
					last_doc[pj] = i;
					if (docs[pj].len)
						buf_adds(&docs[pj], "、");
					buf_adds(&docs[pj], x->code);
				}
			}
		}
	}
	size_t r = table_row(lt);
	table_text(lt, r, 0, L("合计", "Total"));
	put_sum(lt, r, 11, total);
	lt->has_total = 1;

	for (size_t i = 0; i < m->n_items; i++) {
		int32_t pj = m->items[i].project, ag = m->projects[pj].agency;
		psum[pj][0] += a->ar.funded[i];
		psum[pj][3] += c->p.ar.funded[i];
		if (ag < 0)
			continue;
		sum[ag][0] += a->ar.funded[i];
		sum[ag][3] += c->p.ar.funded[i];
	}

	table_init(at, "adjustments_agencies", L("分单位年初预算、调整和调整后预算", "Adopted, adjusted and current by agency"));
	table_col(at, "code", "单位编码", "code", TC_TEXT);
	table_col(at, "name", "单位名称", "name", TC_TEXT);
	table_col(at, "adopted_fen", "年初预算", "adopted", TC_MONEY);
	table_col(at, "transfer_fen", "预算调剂", "transfers", TC_MONEY);
	table_col(at, "adjust_fen", "预算调整", "adjusts", TC_MONEY);
	table_col(at, "current_fen", "调整后预算", "current", TC_MONEY);
	/* shown as adopted + transfers + adjusts, so that the rows add up both ways in 万元 */
	table_col_calc(at, 5, (1ULL << 2) | (1ULL << 3) | (1ULL << 4), 0);
	adj_heading(a, at);
	__int128 tot[4] = { 0, 0, 0, 0 };
	for (size_t g = 0; g < na; g++) {
		if (scope >= 0 && (int32_t)g != scope)
			continue;
		r = table_row(at);
		table_text(at, r, 0, m->agencies[g].code);
		table_text(at, r, 1, m->agencies[g].name);
		for (int k = 0; k < 4; k++) {
			put_sum(at, r, 2 + (size_t)k, sum[g][k]);
			tot[k] += sum[g][k];
		}
	}
	r = table_row(at);
	table_text(at, r, 1, L("合计", "Total"));
	for (int k = 0; k < 4; k++)
		put_sum(at, r, 2 + (size_t)k, tot[k]);
	at->has_total = 1;

	table_init(pt, "adjustments_projects", L("分项目年初预算、调整和调整后预算", "Adopted, adjusted and current by project"));
	table_col(pt, "project", "项目编码", "project", TC_TEXT);
	table_col(pt, "name", "项目名称", "name", TC_TEXT);
	table_col(pt, "agency", "单位编码", "agency", TC_TEXT);
	table_col(pt, "agency_name", "单位名称", "agency name", TC_TEXT);
	table_col(pt, "adopted_fen", "年初预算", "adopted", TC_MONEY);
	table_col(pt, "transfer_fen", "预算调剂", "transfers", TC_MONEY);
	table_col(pt, "adjust_fen", "预算调整", "adjusts", TC_MONEY);
	table_col(pt, "current_fen", "调整后预算", "current", TC_MONEY);
	table_col(pt, "documents", "文号", "documents", TC_TEXT);
	table_col_calc(pt, 7, (1ULL << 4) | (1ULL << 5) | (1ULL << 6), 0);
	pt->label_col = 1;
	adj_heading(a, pt);
	__int128 ptot[4] = { 0, 0, 0, 0 };
	for (size_t g = 0; g < na; g++) {
		if (scope >= 0 && (int32_t)g != scope)
			continue;
		const struct agency *A = &m->agencies[g];
		for (int32_t k = A->first_project; k < A->first_project + A->n_projects; k++) {
			int32_t j = m->agency_projects[k];
			if (!psum[j][0] && !psum[j][1] && !psum[j][2] && !psum[j][3] && !docs[j].len)
				continue;
			r = table_row(pt);
			table_text(pt, r, 0, m->projects[j].code);
			table_text(pt, r, 1, m->projects[j].name);
			table_text(pt, r, 2, A->code);
			table_text(pt, r, 3, A->name);
			for (int q = 0; q < 4; q++) {
				put_sum(pt, r, 4 + (size_t)q, psum[j][q]);
				ptot[q] += psum[j][q];
			}
			table_text(pt, r, 8, buf_str(&docs[j]));
		}
	}
	r = table_row(pt);
	table_text(pt, r, 1, L("合计", "Total"));
	for (int q = 0; q < 4; q++)
		put_sum(pt, r, 4 + (size_t)q, ptot[q]);
	pt->has_total = 1;
	for (size_t j = 0; j < np; j++)
		buf_release(&docs[j]);
	free(docs);
	free(last_doc);
	free(psum);
	free(sum);
}

void *report_adjustments_json(const struct pipeline *a, const struct current_lines *l, int32_t scope,
			      const struct table t[ADJ_TABLES])
{
	const struct model *m = &a->m;
	json_t *o = json_pack("{s:i, s:s}", "year", m->year, "scenario", a->params.name);
	json_t *docs = json_array();
	for (size_t i = 0, j; i < l->n; i = j) {
		for (j = i; j < l->n && !strcmp(l->v[j].code, l->v[i].code); j++)
			;
		json_t *lines = json_array();
		zb_fen sum = 0;
		for (size_t k = i; k < j; k++) {
			const struct current_line *x = &l->v[k];
			if (!adj_in_scope(m, x, scope))
				continue;
			int32_t pj = model_find_project(m, x->project);
			int32_t ag = pj >= 0 ? m->projects[pj].agency : -1;
			json_array_append_new(lines, json_pack("{s:s, s:I, s:s, s:s, s:I}", "project", x->project, "seq",
							       (json_int_t)x->seq, "agency", x->agency, "agency_name",
							       ag >= 0 ? m->agencies[ag].name : "", "amount_fen",
							       (json_int_t)x->amount));
			sum += x->amount;
		}
		if (!json_array_size(lines)) {
			json_decref(lines);
			continue;
		}
		const char *tr = doc_field(l, i, j, offsetof(struct current_line, trigger));
		json_t *d = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "code", l->v[i].code, "kind", l->v[i].kind,
				      "date", l->v[i].date, "reason", doc_field(l, i, j, offsetof(struct current_line, reason)),
				      "by", doc_field(l, i, j, offsetof(struct current_line, by)), "kind_name",
				      words_for(WORDS_ADJ_KIND, l->v[i].kind) ? words_for(WORDS_ADJ_KIND, l->v[i].kind) : "",
				      "amount_fen", (json_int_t)sum);
		json_object_set_new(d, "trigger", *tr ? json_string(tr) : json_null());
		json_object_set_new(d, "lines", lines);
		json_array_append_new(docs, d);
	}
	json_object_set_new(o, "documents", docs);
	json_object_set_new(o, "agencies", table_to_json(&t[1]));
	json_object_set_new(o, "agencies_total", table_row_json(&t[1], t[1].n_rows - 1));
	json_object_set_new(o, "projects", table_to_json(&t[2]));
	json_object_set_new(o, "projects_total", table_row_json(&t[2], t[2].n_rows - 1));
	return o;
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
	table_col_words(t, 0, WORDS_GROUP);
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
	report_dress(a, t);
	char meta[512];
	snprintf(meta, sizeof meta, L("场景：%s（%s）对比 %s（%s）", "scenario %s (%s) against %s (%s)"), a->params.name,
		 report_view_word(a), b->params.name, report_view_word(b));
	table_dress(t, NULL, NULL, NULL, meta);
}

/* --- disclosure (部门预算公开表, SPEC §7) ---------------------------------- */

/*
 * Every funded fen of the agency and its subordinate units is split by
 * where it came from — the budget of the source each draw was on, or the
 * project's carryover (上年结转) — and by use: basic personnel (人员经费,
 * economic 301 and 303 in personnel and operation projects), the rest of
 * basic (公用经费) and projects (项目支出).  Every table is a sum of these
 * cells, so the tables reconcile exactly in fen; shown in 万元 each table
 * puts its rounding difference on its largest row (table.h).
 */
enum { B_PUBLIC, B_FUND, B_CAPITAL, B_UNIT, B_CARRY, B__N };
enum { U_PERSONNEL, U_PUBLIC_USE, U_PROJECT, U__N };
#define NV (B__N * U__N)
#define V(b, u) ((b) * U__N + (u))

struct dsum {
	const char *code;
	zb_fen v[NV];
};

struct dmap {
	struct dsum *e;
	size_t n, cap;
	struct strmap idx;
};

static zb_fen *dmap_at(struct dmap *d, const char *code)
{
	int is_new;
	int64_t *slot = strmap_put(&d->idx, code, strlen(code), (int64_t)d->n, &is_new);
	if (is_new) {
		XGROW(d->e, d->cap, d->n + 1);
		memset(&d->e[d->n], 0, sizeof(d->e[0]));
		d->e[d->n++].code = code;
	}
	return d->e[*slot].v;
}

static void dmap_release(struct dmap *d)
{
	free(d->e);
	strmap_release(&d->idx);
}

struct disclosure_sums {
	const struct pipeline *p;
	uint8_t *in_scope;  /* per agency */
	int32_t agency;     /* -1: all */
	zb_fen all[NV];
	zb_fen *by_agency;  /* n_agencies × B__N */
	zb_fen *by_project; /* n_projects × B__N */
	struct dmap fn, ec; /* by function code; basic by economic code */
	struct dmap eca;    /* basic and projects by economic code (the 批复) */
	zb_fen sangong[4];  /* public: overseas travel, receptions, vehicle purchase, vehicle running */
};

/* 三公 by economic code */
static const char *const sg_codes[4][2] = { { "30212", NULL }, { "30217", NULL }, { "31013", "30913" }, { "30231", NULL } };

static int budget_of_draw(const struct pipeline *p, uint32_t source)
{
	if (source == DRAW_CARRYOVER)
		return B_CARRY;
	if (source < p->m.n_sources)
		return (int)p->m.sources[source].budget;
	return B_PUBLIC; /* the what-if general funds of a scenario */
}

/* The agency and every agency whose parent chain leads to it. */
static void disclosure_scope(const struct model *m, int32_t agency, uint8_t *in)
{
	for (size_t g = 0; g < m->n_agencies; g++) {
		int32_t a = (int32_t)g;
		for (size_t steps = 0; a >= 0 && steps <= m->n_agencies; steps++) {
			if (agency < 0 || a == agency) {
				in[g] = 1;
				break;
			}
			a = m->agencies[a].parent_idx;
		}
	}
}

static void disclosure_sum(const struct pipeline *p, int32_t agency, struct disclosure_sums *d)
{
	const struct model *m = &p->m;
	memset(d, 0, sizeof(*d));
	d->p = p;
	d->agency = agency;
	d->in_scope = xcalloc(m->n_agencies + 1, 1);
	d->by_agency = xcalloc((m->n_agencies + 1) * B__N, sizeof(zb_fen));
	d->by_project = xcalloc((m->n_projects + 1) * B__N, sizeof(zb_fen));
	disclosure_scope(m, agency, d->in_scope);
	for (size_t j = 0; j < m->n_projects; j++) {
		const struct project *P = &m->projects[j];
		if (P->agency < 0 || !d->in_scope[P->agency])
			continue;
		int is_basic = P->kind != KIND_SPECIFIC;
		zb_fen *fv = dmap_at(&d->fn, P->function);
		for (int32_t i = P->first_item; i < P->first_item + P->n_items; i++) {
			zb_fen f = p->ar.funded[i], split[B__N] = { 0 }, drawn = 0;
			if (!f)
				continue;
			for (uint32_t k = 0; k < p->ar.n_item_draws[i]; k++) {
				const struct alloc_draw *dr = &p->ar.draws[p->ar.first_draw[i] + k];
				split[budget_of_draw(p, dr->source)] += dr->amount;
				drawn += dr->amount;
			}
			split[B_PUBLIC] += f - drawn; /* none in practice: funded is what was drawn */
			const char *e = m->items[i].economic;
			int u = !is_basic ? U_PROJECT
				: model_has_prefix(e, "301") || model_has_prefix(e, "303") ? U_PERSONNEL
										    : U_PUBLIC_USE;
			zb_fen *ev = is_basic ? dmap_at(&d->ec, e) : NULL, *eav = dmap_at(&d->eca, e);
			for (int b = 0; b < B__N; b++) {
				d->all[V(b, u)] += split[b];
				fv[V(b, u)] += split[b];
				eav[V(b, u)] += split[b];
				if (ev)
					ev[V(b, u)] += split[b];
				d->by_agency[(size_t)P->agency * B__N + (size_t)b] += split[b];
				d->by_project[j * B__N + (size_t)b] += split[b];
			}
			for (int sg = 0; sg < 4; sg++)
				for (int v = 0; v < 2 && sg_codes[sg][v]; v++)
					if (model_has_prefix(e, sg_codes[sg][v]))
						d->sangong[sg] += split[B_PUBLIC];
		}
	}
}

static void disclosure_sums_free(struct disclosure_sums *d)
{
	free(d->in_scope);
	free(d->by_agency);
	free(d->by_project);
	dmap_release(&d->fn);
	dmap_release(&d->ec);
	dmap_release(&d->eca);
}

/* Σ of v over the budgets in bmask and the uses in umask. */
static zb_fen vsum(const zb_fen *v, unsigned bmask, unsigned umask)
{
	zb_fen s = 0;
	for (int b = 0; b < B__N; b++)
		for (int u = 0; u < U__N; u++)
			if ((bmask >> b & 1) && (umask >> u & 1))
				s += v[V(b, u)];
	return s;
}

#define BM(b) (1u << (b))
#define BM_ALL ((1u << B__N) - 1)
#define BM_FISCAL (BM(B_PUBLIC) | BM(B_FUND) | BM(B_CAPITAL) | BM(B_CARRY))
#define UM(u) (1u << (u))
#define UM_ALL ((1u << U__N) - 1)
#define UM_BASIC (UM(U_PERSONNEL) | UM(U_PUBLIC_USE))

/* The columns a classification table shows: each a (budgets, uses) sum. */
struct pick {
	unsigned bmask;
	unsigned umask[6];
	int n;
};

static int code_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Rows by classification (类/款/项) from d, the picked sums in columns c0
 * …, a 合计 row (level 0) first; nodes whose sums are all 0 are left out.
 * Amounts booked on a node that also has children get a row of their own
 * under it (其他), so that every parent is the sum of its children. */
static void class_rows(struct table *t, const struct dmap *d, enum code_kind kind, size_t max_len, size_t c0,
		       const struct pick *pk)
{
	const char **nodes = xcalloc(d->n * 3 + 1, sizeof(char *));
	char (*buf)[8] = xcalloc(d->n * 3 + 1, sizeof(*buf));
	size_t nn = 0;
	for (size_t i = 0; i < d->n; i++)
		for (size_t len = 3; len <= max_len; len += 2) {
			if (strlen(d->e[i].code) < len)
				break;
			snprintf(buf[nn], sizeof buf[nn], "%.*s", (int)len, d->e[i].code);
			nodes[nn] = buf[nn];
			nn++;
		}
	qsort(nodes, nn, sizeof(char *), code_cmp);
	size_t u = 0;
	for (size_t i = 0; i < nn; i++)
		if (!u || strcmp(nodes[u - 1], nodes[i]))
			nodes[u++] = nodes[i];
	nn = u;
	size_t r = table_row(t);
	table_text(t, r, 1, L("合计", "Total"));
	table_level(t, r, 0, LEVEL_TOTAL);
	for (int k = 0; k < pk->n; k++) {
		zb_fen s = 0;
		for (size_t i = 0; i < d->n; i++)
			s += vsum(d->e[i].v, pk->bmask, pk->umask[k]);
		table_int(t, r, c0 + (size_t)k, s);
	}
	for (size_t i = 0; i < nn; i++) {
		const char *node = nodes[i];
		size_t nl = strlen(node);
		zb_fen tot[6] = { 0 }, direct[6] = { 0 };
		int any = 0, has_child = 0, any_direct = 0;
		for (size_t e = 0; e < d->n; e++) {
			const char *c = d->e[e].code;
			size_t cl = strlen(c) > max_len ? max_len : strlen(c);
			if (strncmp(c, node, nl))
				continue;
			for (int k = 0; k < pk->n; k++) {
				zb_fen x = vsum(d->e[e].v, pk->bmask, pk->umask[k]);
				tot[k] += x;
				any |= x != 0;
				if (cl == nl) {
					direct[k] += x;
					any_direct |= x != 0;
				} else if (x) {
					has_child = 1;
				}
			}
		}
		if (!any)
			continue;
		int level = (int)(nl - 1) / 2; /* 3 → 1, 5 → 2, 7 → 3 */
		/* the code's own name only: a 项 the table does not name stays
		 * unnamed rather than borrow its 款's */
		const struct code_entry *ce = codes_find(kind, node, nl);
		const char *nm = ce ? ce->name : NULL;
		r = table_row(t);
		table_text(t, r, 0, node);
		table_text(t, r, 1, nm ? nm : "");
		table_level(t, r, 0, level);
		for (int k = 0; k < pk->n; k++)
			table_int(t, r, c0 + (size_t)k, tot[k]);
		if (has_child && any_direct) {
			r = table_row(t);
			table_text(t, r, 0, node);
			table_text(t, r, 1, L("其他（未细分到下级科目）", "other (no finer code)"));
			table_level(t, r, 0, level + 1);
			for (int k = 0; k < pk->n; k++)
				table_int(t, r, c0 + (size_t)k, direct[k]);
		}
	}
	free(nodes);
	free(buf);
}

/* "一、" … for the n-th row of a two-sided table (1-based, up to 99). */
static void cn_ordinal(int n, char *out, size_t size)
{
	static const char *const d[] = { "", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
	if (ZB_LANG == LANG_EN) {
		snprintf(out, size, "%d. ", n);
		return;
	}
	if (n < 10)
		snprintf(out, size, "%s、", d[n]);
	else if (n < 20)
		snprintf(out, size, "十%s、", d[n % 10]);
	else
		snprintf(out, size, "%s十%s、", d[n / 10 % 10], d[n % 10]);
}

/* A two-sided 收支总表: revenue rows on the left (tree 0), expenditure by
 * function class on the right (tree 1), the sums below their parts. */
static void two_sided(struct table *t, const char *const rev_zh[], const char *const rev_en[], const zb_fen rev[],
		      int n_rev, zb_fen carry_in, const struct dmap *fn, unsigned bmask)
{
	/* the classes with money */
	struct table cls;
	struct pick pk = { bmask, { UM_ALL }, 1 };
	table_init(&cls, "classes", NULL);
	table_col(&cls, "code", "", "", TC_TEXT);
	table_col(&cls, "name", "", "", TC_TEXT);
	table_col(&cls, "v", "", "", TC_MONEY);
	class_rows(&cls, fn, CODE_FUNCTION, 3, 2, &pk);
	int n_cls = (int)cls.n_rows - 1;
	int n = n_rev > n_cls ? n_rev : n_cls;
	zb_fen rev_total = 0, exp_total = 0;
	char ord[32], item[300];
	for (int k = 0; k < n; k++) {
		size_t r = table_row(t);
		if (k < n_rev) {
			cn_ordinal(k + 1, ord, sizeof ord);
			snprintf(item, sizeof item, "%s%s", ord, L(rev_zh[k], rev_en[k]));
			table_text(t, r, 0, item);
			table_int(t, r, 1, rev[k]);
			table_level(t, r, 0, 2);
			rev_total += rev[k];
		}
		if (k < n_cls) {
			cn_ordinal(k + 1, ord, sizeof ord);
			snprintf(item, sizeof item, "%s%s", ord, table_cell(&cls, (size_t)k + 1, 1)->s);
			table_text(t, r, 2, item);
			table_int(t, r, 3, table_cell(&cls, (size_t)k + 1, 2)->i);
			table_level(t, r, 1, 2);
			exp_total += table_cell(&cls, (size_t)k + 1, 2)->i;
		}
	}
	struct {
		const char *lz, *le, *rz, *re;
		zb_fen l, rv;
		int level;
	} tail[] = {
		{ "本年收入合计", "revenue this year", "本年支出合计", "expenditure this year", rev_total, exp_total, 1 },
		{ "上年结转", "carried over from last year", "结转下年", "carried to next year", carry_in, 0, 1 },
		{ "收入总计", "total revenue", "支出总计", "total expenditure", rev_total + carry_in, exp_total, LEVEL_TOTAL },
	};
	for (size_t k = 0; k < 3; k++) {
		size_t r = table_row(t);
		table_text(t, r, 0, L(tail[k].lz, tail[k].le));
		table_int(t, r, 1, tail[k].l);
		table_text(t, r, 2, L(tail[k].rz, tail[k].re));
		table_int(t, r, 3, tail[k].rv);
		table_level(t, r, 0, tail[k].level);
		table_level(t, r, 1, tail[k].level);
	}
	t->sums_below = 1;
	table_free(&cls);
}

static void disclosure_head(const struct pipeline *p, const struct disclosure_sums *d, struct table *t, int number,
			    const char *name, const char *zh, const char *en)
{
	const struct model *m = &p->m;
	char title[256], num[32], org[400], meta[300];
	snprintf(title, sizeof title, L("%d 年%s%s", "%d %s%s"), m->year, L(zh, en),
		 p->view == VIEW_CURRENT ? report_view_title(p) : "");
	table_init(t, name, title);
	snprintf(num, sizeof num, L("公开%02d表", "table %02d"), number);
	int has_sub = 0;
	if (d->agency >= 0)
		for (size_t g = 0; g < m->n_agencies; g++)
			has_sub |= d->in_scope[g] && (int32_t)g != d->agency;
	if (d->agency < 0)
		snprintf(org, sizeof org, "%s", L("部门：全市汇总（全部预算单位）", "department: all agencies"));
	else
		snprintf(org, sizeof org, L("部门：%s%s", "department: %s%s"), m->agencies[d->agency].name,
			 has_sub ? L("（含所属单位）", " (with its subordinate units)") : "");
	snprintf(meta, sizeof meta, L("场景：%s（%s）", "scenario: %s (%s)"), p->params.name, report_view_word(p));
	table_dress(t, num, zh, org, meta);
}

static const char *const budget_zh[] = { "一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入",
					 "单位资金" };
static const char *const budget_en[] = { "general public budget", "government fund budget", "state capital budget",
					 "unit funds" };

/* 公开01表 部门收支总表 */
static void d01(const struct disclosure_sums *d, struct table *t)
{
	table_col(t, "revenue_item", "收入|项目", "revenue|item", TC_TEXT);
	table_col(t, "revenue_fen", "收入|预算数", "revenue|budget", TC_MONEY);
	table_col(t, "expenditure_item", "支出|项目", "expenditure|item", TC_TEXT);
	table_col(t, "expenditure_fen", "支出|预算数", "expenditure|budget", TC_MONEY);
	table_col_tree(t, 3, 1);
	zb_fen rev[4];
	for (int b = 0; b < 4; b++)
		rev[b] = vsum(d->all, BM(b), UM_ALL);
	two_sided(t, budget_zh, budget_en, rev, 4, vsum(d->all, BM(B_CARRY), UM_ALL), &d->fn, BM_ALL);
}

/* 公开02表 部门收入总表: by unit */
static void d02(const struct disclosure_sums *d, struct table *t)
{
	const struct model *m = &d->p->m;
	table_col(t, "code", "单位编码", "code", TC_TEXT);
	table_col(t, "name", "单位名称", "unit", TC_TEXT);
	table_col(t, "total_fen", "合计", "total", TC_MONEY);
	table_col(t, "this_year_fen", "本年收入|小计", "this year|subtotal", TC_MONEY);
	table_col(t, "public_fen", "本年收入|一般公共预算拨款", "this year|general public budget", TC_MONEY);
	table_col(t, "fund_fen", "本年收入|政府性基金预算拨款", "this year|government fund budget", TC_MONEY);
	table_col(t, "capital_fen", "本年收入|国有资本经营预算拨款", "this year|state capital budget", TC_MONEY);
	table_col(t, "unit_fen", "本年收入|单位资金", "this year|unit funds", TC_MONEY);
	table_col(t, "carryover_fen", "上年结转", "carried over", TC_MONEY);
	table_col_diff(t, 3, 2, 8);
	table_col_calc(t, 4, 1ULL << 3, (1ULL << 5) | (1ULL << 6) | (1ULL << 7));
	t->label_col = 1;
	zb_fen tot[B__N] = { 0 };
	size_t r0 = table_row(t);
	table_text(t, r0, 1, L("合计", "Total"));
	table_level(t, r0, 0, LEVEL_TOTAL);
	/* the department first, then its units in code order */
	for (int pass = 0; pass < 2; pass++)
		for (size_t g = 0; g < m->n_agencies; g++) {
			if (!d->in_scope[g] || (pass == 0) != ((int32_t)g == d->agency))
				continue;
			const zb_fen *v = &d->by_agency[g * B__N];
			size_t r = table_row(t);
			table_text(t, r, 0, m->agencies[g].code);
			table_text(t, r, 1, m->agencies[g].name);
			zb_fen all = 0;
			for (int b = 0; b < B__N; b++) {
				all += v[b];
				tot[b] += v[b];
			}
			table_int(t, r, 2, all);
			table_int(t, r, 3, all - v[B_CARRY]);
			for (int b = 0; b < 4; b++)
				table_int(t, r, 4 + (size_t)b, v[b]);
			table_int(t, r, 8, v[B_CARRY]);
		}
	zb_fen all = 0;
	for (int b = 0; b < B__N; b++)
		all += tot[b];
	table_int(t, r0, 2, all);
	table_int(t, r0, 3, all - tot[B_CARRY]);
	for (int b = 0; b < 4; b++)
		table_int(t, r0, 4 + (size_t)b, tot[b]);
	table_int(t, r0, 8, tot[B_CARRY]);
}

/* By classification, basic and projects, of some budgets: function
 * 类/款/项 (03, 08, 09 and the 批复) or economic 类/款 (the 批复). */
static void basic_project_by_class(const struct dmap *map, enum code_kind kind, struct table *t, unsigned bmask,
				   const char *empty_zh, const char *empty_en)
{
	if (kind == CODE_FUNCTION)
		table_col(t, "code", "功能分类科目编码", "function code", TC_TEXT);
	else
		table_col(t, "code", "经济分类科目编码", "economic code", TC_TEXT);
	table_col(t, "name", "科目名称", "name", TC_TEXT);
	table_col(t, "total_fen", "合计", "total", TC_MONEY);
	table_col(t, "basic_fen", "基本支出", "basic", TC_MONEY);
	table_col(t, "project_fen", "项目支出", "projects", TC_MONEY);
	table_col_diff(t, 4, 2, 3);
	t->label_col = 1;
	struct pick pk = { bmask, { UM_ALL, UM_BASIC, UM(U_PROJECT) }, 3 };
	class_rows(t, map, kind, kind == CODE_FUNCTION ? 7 : 5, 2, &pk);
	if (empty_zh && t->n_rows == 1 && table_cell(t, 0, 2)->i == 0)
		table_add_note(t, L(empty_zh, empty_en));
}

static void basic_project_by_function(const struct disclosure_sums *d, struct table *t, unsigned bmask,
				      const char *empty_zh, const char *empty_en)
{
	basic_project_by_class(&d->fn, CODE_FUNCTION, t, bmask, empty_zh, empty_en);
}

/* 公开04表 财政拨款收支总表 */
static void d04(const struct disclosure_sums *d, struct table *t)
{
	table_col(t, "revenue_item", "收入|项目", "revenue|item", TC_TEXT);
	table_col(t, "revenue_fen", "收入|预算数", "revenue|budget", TC_MONEY);
	table_col(t, "expenditure_item", "支出|项目", "expenditure|item", TC_TEXT);
	table_col(t, "expenditure_fen", "支出|预算数", "expenditure|budget", TC_MONEY);
	table_col_tree(t, 3, 1);
	static const char *const zh[] = { "一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款" };
	static const char *const en[] = { "general public budget", "government fund budget", "state capital budget" };
	zb_fen rev[3];
	for (int b = 0; b < 3; b++)
		rev[b] = vsum(d->all, BM(b), UM_ALL);
	two_sided(t, zh, en, rev, 3, vsum(d->all, BM(B_CARRY), UM_ALL), &d->fn, BM_FISCAL);
}

/* 公开05表 一般公共预算支出表 */
static void d05(const struct disclosure_sums *d, struct table *t)
{
	table_col(t, "code", "功能分类科目编码", "function code", TC_TEXT);
	table_col(t, "name", "科目名称", "name", TC_TEXT);
	table_col(t, "total_fen", "合计", "total", TC_MONEY);
	table_col(t, "basic_fen", "基本支出|小计", "basic|subtotal", TC_MONEY);
	table_col(t, "personnel_fen", "基本支出|人员经费", "basic|personnel", TC_MONEY);
	table_col(t, "public_use_fen", "基本支出|公用经费", "basic|operations", TC_MONEY);
	table_col(t, "project_fen", "项目支出", "projects", TC_MONEY);
	table_col_diff(t, 5, 3, 4);
	table_col_diff(t, 6, 2, 3);
	t->label_col = 1;
	struct pick pk = { BM(B_PUBLIC), { UM_ALL, UM_BASIC, UM(U_PERSONNEL), UM(U_PUBLIC_USE), UM(U_PROJECT) }, 5 };
	class_rows(t, &d->fn, CODE_FUNCTION, 7, 2, &pk);
}

/* 公开06表 一般公共预算基本支出表 (economic 类/款) */
static void d06(const struct disclosure_sums *d, struct table *t)
{
	table_col(t, "code", "经济分类科目编码", "economic code", TC_TEXT);
	table_col(t, "name", "科目名称", "name", TC_TEXT);
	table_col(t, "total_fen", "合计", "total", TC_MONEY);
	table_col(t, "personnel_fen", "人员经费", "personnel", TC_MONEY);
	table_col(t, "public_use_fen", "公用经费", "operations", TC_MONEY);
	table_col_diff(t, 4, 2, 3);
	t->label_col = 1;
	struct pick pk = { BM(B_PUBLIC), { UM_BASIC, UM(U_PERSONNEL), UM(U_PUBLIC_USE) }, 3 };
	class_rows(t, &d->ec, CODE_ECONOMIC, 5, 2, &pk);
}

/* 公开07表 一般公共预算“三公”经费支出表 (horizontal) */
static void d07(const struct disclosure_sums *d, struct table *t)
{
	table_col(t, "year", "项目", "item", TC_TEXT);
	table_col(t, "total_fen", "合计", "total", TC_MONEY);
	table_col(t, "overseas_fen", "因公出国（境）费", "overseas travel", TC_MONEY);
	table_col(t, "reception_fen", "公务接待费", "official receptions", TC_MONEY);
	table_col(t, "vehicles_fen", "公务用车购置及运行费|小计", "official vehicles|subtotal", TC_MONEY);
	table_col(t, "vehicle_purchase_fen", "公务用车购置及运行费|购置费", "official vehicles|purchase", TC_MONEY);
	table_col(t, "vehicle_running_fen", "公务用车购置及运行费|运行费", "official vehicles|running", TC_MONEY);
	table_col_calc(t, 4, (1ULL << 5) | (1ULL << 6), 0);
	table_col_calc(t, 1, (1ULL << 2) | (1ULL << 3) | (1ULL << 4), 0);
	const zb_fen *sg = d->sangong;
	size_t r = table_row(t);
	table_level(t, r, 0, LEVEL_NONE);
	table_text(t, r, 0, L("本年预算数", "this year"));
	table_int(t, r, 1, sg[0] + sg[1] + sg[2] + sg[3]);
	table_int(t, r, 2, sg[0]);
	table_int(t, r, 3, sg[1]);
	table_int(t, r, 4, sg[2] + sg[3]);
	table_int(t, r, 5, sg[2]);
	table_int(t, r, 6, sg[3]);
	/* the book's history has the previous year's budget per project, not
	 * per economic code: its 三公 is not known (left empty, said so) */
	r = table_row(t);
	table_level(t, r, 0, LEVEL_NONE);
	table_text(t, r, 0, L("上年预算数", "last year"));
	table_add_note(t, L("上年预算数：账簿的历年预算只有项目合计、没有经济分类明细，无法得出上年“三公”经费，此行留空。",
			    "last year: the book's history holds project totals without economic codes, so last year's "
			    "figures are not known and left empty."));
}

/* 公开10表 项目支出表: funded projects by unit */
static void d10(const struct disclosure_sums *d, struct table *t)
{
	const struct model *m = &d->p->m;
	table_col(t, "name", "单位名称／项目名称", "unit / project", TC_TEXT);
	table_col(t, "code", "项目编码", "project", TC_TEXT);
	table_col(t, "function", "功能分类科目", "function", TC_TEXT);
	table_col(t, "total_fen", "合计", "total", TC_MONEY);
	table_col(t, "public_fen", "一般公共预算拨款", "general public budget", TC_MONEY);
	table_col(t, "fund_fen", "政府性基金预算拨款", "government fund budget", TC_MONEY);
	table_col(t, "capital_fen", "国有资本经营预算拨款", "state capital budget", TC_MONEY);
	table_col(t, "unit_fen", "单位资金", "unit funds", TC_MONEY);
	table_col(t, "carryover_fen", "上年结转", "carried over", TC_MONEY);
	table_col_calc(t, 4, 1ULL << 3, (1ULL << 5) | (1ULL << 6) | (1ULL << 7) | (1ULL << 8));
	zb_fen tot[B__N] = { 0 };
	size_t r0 = table_row(t);
	table_text(t, r0, 0, L("合计", "Total"));
	table_level(t, r0, 0, LEVEL_TOTAL);
	char fn[300];
	for (int pass = 0; pass < 2; pass++)
		for (size_t g = 0; g < m->n_agencies; g++) {
			if (!d->in_scope[g] || (pass == 0) != ((int32_t)g == d->agency))
				continue;
			const struct agency *A = &m->agencies[g];
			size_t ur = (size_t)-1;
			zb_fen ut[B__N] = { 0 };
			for (int32_t k = A->first_project; k < A->first_project + A->n_projects; k++) {
				int32_t j = m->agency_projects[k];
				const struct project *P = &m->projects[j];
				const zb_fen *v = &d->by_project[(size_t)j * B__N];
				zb_fen all = 0;
				for (int b = 0; b < B__N; b++)
					all += v[b];
				if (P->kind != KIND_SPECIFIC || !all)
					continue;
				if (ur == (size_t)-1) {
					ur = table_row(t);
					table_text(t, ur, 0, A->name);
					table_text(t, ur, 1, A->code);
					table_level(t, ur, 0, 1);
				}
				size_t r = table_row(t);
				table_text(t, r, 0, P->name);
				table_text(t, r, 1, P->code);
				const char *nm = codes_name(CODE_FUNCTION, P->function);
				snprintf(fn, sizeof fn, "%s %s", P->function, nm ? nm : "");
				table_text(t, r, 2, fn);
				table_level(t, r, 0, 2);
				table_int(t, r, 3, all);
				for (int b = 0; b < B__N; b++) {
					table_int(t, r, 4 + (size_t)b, v[b]);
					ut[b] += v[b];
				}
			}
			if (ur == (size_t)-1)
				continue;
			zb_fen all = 0;
			for (int b = 0; b < B__N; b++) {
				all += ut[b];
				tot[b] += ut[b];
				table_int(t, ur, 4 + (size_t)b, ut[b]);
			}
			table_int(t, ur, 3, all);
		}
	zb_fen all = 0;
	for (int b = 0; b < B__N; b++) {
		all += tot[b];
		table_int(t, r0, 4 + (size_t)b, tot[b]);
	}
	table_int(t, r0, 3, all);
}

/* 公开11表 项目支出绩效目标表 */
static void d11(const struct disclosure_sums *d, struct table *t)
{
	const struct model *m = &d->p->m;
	static const char *const ops[] = { "=", "≥", "≤", ">", "<", "" };
	table_col(t, "agency", "单位名称", "unit", TC_TEXT);
	table_col(t, "project", "项目名称", "project", TC_TEXT);
	table_col(t, "budget_fen", "预算数", "budget", TC_MONEY);
	table_col(t, "level1", "一级指标", "level 1", TC_TEXT);
	table_col(t, "level2", "二级指标", "level 2", TC_TEXT);
	table_col(t, "name", "三级指标", "indicator", TC_TEXT);
	table_col(t, "value", "指标值", "target", TC_TEXT);
	table_col_words(t, 3, WORDS_LEVEL1);
	int32_t *first = xmalloc((m->n_projects + 1) * sizeof(int32_t)), *next = xmalloc((m->n_targets + 1) * sizeof(int32_t));
	for (size_t j = 0; j < m->n_projects; j++)
		first[j] = -1;
	for (size_t k = m->n_targets; k-- > 0;) {
		int32_t j = m->targets[k].project;
		if (j < 0)
			continue;
		next[k] = first[j];
		first[j] = (int32_t)k;
	}
	char val[600];
	for (size_t j = 0; j < m->n_projects; j++) {
		const struct project *P = &m->projects[j];
		if (P->agency < 0 || !d->in_scope[P->agency] || P->kind != KIND_SPECIFIC)
			continue;
		zb_fen all = 0;
		for (int b = 0; b < B__N; b++)
			all += d->by_project[j * B__N + (size_t)b];
		if (!all)
			continue;
		int row_of_project = 1;
		for (int32_t k = first[j]; ; k = next[k]) {
			size_t r = table_row(t);
			table_level(t, r, 0, LEVEL_NONE);
			if (row_of_project) {
				table_text(t, r, 0, m->agencies[P->agency].name);
				table_text(t, r, 1, P->name);
				table_int(t, r, 2, all);
				row_of_project = 0;
			}
			if (k < 0) {
				table_text(t, r, 5, L("（未设绩效目标）", "(no targets)"));
				break;
			}
			const struct target *g = &m->targets[k];
			table_text(t, r, 3, model_enum_code(ME_LEVEL1, (int)g->level1));
			table_text(t, r, 4, g->level2);
			table_text(t, r, 5, g->name);
			snprintf(val, sizeof val, "%s%s%s%s", ops[g->op], g->op == OP_QUALITATIVE ? "" : " ", g->value,
				 g->unit ? g->unit : "");
			table_text(t, r, 6, val);
			if (next[k] < 0)
				break;
		}
	}
	free(first);
	free(next);
}

void report_disclosure(const struct pipeline *p, int32_t agency, struct table out[DISCLOSURE_TABLES])
{
	struct disclosure_sums d;
	disclosure_sum(p, agency, &d);
	disclosure_head(p, &d, &out[0], 1, "revenue_expenditure", "部门收支总表", "revenue and expenditure");
	d01(&d, &out[0]);
	disclosure_head(p, &d, &out[1], 2, "revenue", "部门收入总表", "revenue");
	d02(&d, &out[1]);
	disclosure_head(p, &d, &out[2], 3, "expenditure", "部门支出总表", "expenditure");
	basic_project_by_function(&d, &out[2], BM_ALL, NULL, NULL);
	disclosure_head(p, &d, &out[3], 4, "fiscal", "财政拨款收支总表", "fiscal appropriations");
	d04(&d, &out[3]);
	disclosure_head(p, &d, &out[4], 5, "public", "一般公共预算支出表", "general public budget expenditure");
	d05(&d, &out[4]);
	disclosure_head(p, &d, &out[5], 6, "public_basic", "一般公共预算基本支出表", "general public budget basic expenditure");
	d06(&d, &out[5]);
	disclosure_head(p, &d, &out[6], 7, "sangong", "一般公共预算“三公”经费支出表", "the three public expenses");
	d07(&d, &out[6]);
	disclosure_head(p, &d, &out[7], 8, "fund", "政府性基金预算支出表", "government fund budget expenditure");
	basic_project_by_function(&d, &out[7], BM(B_FUND),
				  "本表无数据：本部门本年度没有使用政府性基金预算拨款安排的支出。",
				  "no data: the department spends nothing from the government fund budget this year.");
	disclosure_head(p, &d, &out[8], 9, "capital", "国有资本经营预算支出表", "state capital budget expenditure");
	basic_project_by_function(&d, &out[8], BM(B_CAPITAL),
				  "本表无数据：本部门本年度没有使用国有资本经营预算拨款安排的支出。",
				  "no data: the department spends nothing from the state capital budget this year.");
	disclosure_head(p, &d, &out[9], 10, "projects", "项目支出表", "project expenditure");
	d10(&d, &out[9]);
	disclosure_head(p, &d, &out[10], 11, "targets", "项目支出绩效目标表", "project performance targets");
	d11(&d, &out[10]);
	disclosure_sums_free(&d);
}

/* --- approval (批复, SPEC §12) ------------------------------------------- */

const char *report_approval_number(const struct pipeline *p, int32_t agency, char *out, size_t n)
{
	snprintf(out, n, L("%s〔%d〕%d号", "%s [%d] No. %d"), p->m.set.approval_prefix, p->m.year, agency + 1);
	return out;
}

/* "2026年11月1日" of an ISO date or timestamp (as given when not one). */
static void cn_date(const char *iso, char *out, size_t n)
{
	int y, mo, d;
	if (sscanf(iso, "%4d-%2d-%2d", &y, &mo, &d) == 3)
		snprintf(out, n, L("%d年%d月%d日", "%04d-%02d-%02d"), y, mo, d);
	else
		snprintf(out, n, "%s", iso);
}

/* The congress that approved the budget, from the bureau's name: "杭州市财
 * 政局" → 市, "西湖区财政局" → 区; 本级 when the name does not say. */
static const char *congress_level(const char *bureau)
{
	static const char *const lv[] = { "市", "区", "县", "州", "旗", "省" };
	const char *tail = strstr(bureau, "财政");
	if (!tail || tail - bureau < 3)
		return "本级";
	for (size_t k = 0; k < sizeof lv / sizeof lv[0]; k++)
		if (!strncmp(tail - 3, lv[k], 3))
			return lv[k];
	return "本级";
}

/* 万元 with two decimals of a shown value (fen, a multiple of 100 yuan). */
static const char *wan(int64_t fen, char *buf)
{
	return money_format(fen, UNIT_WAN, buf);
}

/* table 1: totals by use (rows) and by budget (columns) */
static void approval_totals(const struct disclosure_sums *d, struct table *t)
{
	table_col(t, "item", "项目", "item", TC_TEXT);
	table_col(t, "total_fen", "合计", "total", TC_MONEY);
	table_col(t, "public_fen", "一般公共预算拨款", "general public budget", TC_MONEY);
	table_col(t, "fund_fen", "政府性基金预算拨款", "government fund budget", TC_MONEY);
	table_col(t, "capital_fen", "国有资本经营预算拨款", "state capital budget", TC_MONEY);
	table_col(t, "unit_fen", "单位资金", "unit funds", TC_MONEY);
	table_col(t, "carryover_fen", "上年结转", "carried over", TC_MONEY);
	table_col_calc(t, 1, (1ULL << 2) | (1ULL << 3) | (1ULL << 4) | (1ULL << 5) | (1ULL << 6), 0);
	static const struct {
		const char *zh, *en;
		unsigned umask;
		int level;
	} rows[] = {
		{ "合计", "Total", UM_ALL, LEVEL_TOTAL },
		{ "基本支出", "basic expenditure", UM_BASIC, 1 },
		{ "人员经费", "personnel", UM(U_PERSONNEL), 2 },
		{ "公用经费", "operations", UM(U_PUBLIC_USE), 2 },
		{ "项目支出", "project expenditure", UM(U_PROJECT), 1 },
	};
	for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
		size_t r = table_row(t);
		table_text(t, r, 0, L(rows[k].zh, rows[k].en));
		table_level(t, r, 0, rows[k].level);
		zb_fen all = 0;
		for (int b = 0; b < B__N; b++) {
			zb_fen v = vsum(d->all, BM(b), rows[k].umask);
			table_int(t, r, 2 + (size_t)b, v);
			all += v;
		}
		table_int(t, r, 1, all);
	}
}

/* table 4: the funded projects and their funded items, 基本支出 first */
static void approval_projects(const struct disclosure_sums *d, struct table *t, int has_sub)
{
	const struct model *m = &d->p->m;
	const struct alloc_result *ar = &d->p->ar;
	table_col(t, "project", "项目编码", "project", TC_TEXT);
	table_col(t, "name", "项目名称／明细内容", "project / item", TC_TEXT);
	table_col(t, "function", "功能分类科目", "function", TC_TEXT);
	table_col(t, "economic", "经济分类科目", "economic", TC_TEXT);
	table_col(t, "funded_fen", "批复数", "approved", TC_MONEY);
	t->label_col = 1;
	size_t r0 = table_row(t);
	table_text(t, r0, 1, L("合计", "Total"));
	table_level(t, r0, 0, LEVEL_TOTAL);
	zb_fen total = 0;
	char txt[600];
	for (int grp = 0; grp < 2; grp++) {
		size_t gr = (size_t)-1;
		zb_fen gt = 0;
		for (size_t g = 0; g < m->n_agencies; g++) {
			if (!d->in_scope[g])
				continue;
			const struct agency *A = &m->agencies[g];
			for (int32_t k = A->first_project; k < A->first_project + A->n_projects; k++) {
				int32_t j = m->agency_projects[k];
				const struct project *P = &m->projects[j];
				if ((P->kind == KIND_SPECIFIC) != (grp == 1))
					continue;
				zb_fen pt = 0;
				for (int32_t i = P->first_item; i < P->first_item + P->n_items; i++)
					pt += ar->funded[i];
				if (!pt)
					continue;
				if (gr == (size_t)-1) {
					gr = table_row(t);
					table_text(t, gr, 1, grp ? L("一、项目支出", "project expenditure")
								 : L("一、基本支出", "basic expenditure"));
					table_level(t, gr, 0, 1);
				}
				size_t pr = table_row(t);
				table_text(t, pr, 0, P->code);
				if (has_sub)
					snprintf(txt, sizeof txt, "%s（%s）", P->name, A->name);
				else
					snprintf(txt, sizeof txt, "%s", P->name);
				table_text(t, pr, 1, txt);
				const char *fn = codes_name(CODE_FUNCTION, P->function);
				snprintf(txt, sizeof txt, "%s %s", P->function, fn ? fn : "");
				table_text(t, pr, 2, txt);
				table_int(t, pr, 4, pt);
				table_level(t, pr, 0, 2);
				for (int32_t i = P->first_item; i < P->first_item + P->n_items; i++) {
					if (!ar->funded[i])
						continue;
					const struct item *I = &m->items[i];
					size_t ir = table_row(t);
					table_text(t, ir, 1, I->content && *I->content ? I->content : P->name);
					const char *en = codes_name(CODE_ECONOMIC, I->economic);
					snprintf(txt, sizeof txt, "%s %s", I->economic, en ? en : "");
					table_text(t, ir, 3, txt);
					table_int(t, ir, 4, ar->funded[i]);
					table_level(t, ir, 0, 3);
				}
				gt += pt;
			}
		}
		if (gr != (size_t)-1) {
			table_int(t, gr, 4, gt);
			total += gt;
		}
	}
	/* the groups' ordinals: 二、 when both are there */
	int n_groups = 0;
	for (size_t r = 1; r < t->n_rows; r++)
		if (table_row_level(t, r, 0) == 1 && ++n_groups == 2) {
			struct tcell *c = table_cell(t, r, 1);
			table_text(t, r, 1, L("二、项目支出", c->s));
		}
	table_int(t, r0, 4, total);
}

void report_approval(const struct pipeline *p, int32_t agency, const struct approval_info *ai,
		     struct table out[APPROVAL_TABLES])
{
	const struct model *m = &p->m;
	const struct agency *A = &m->agencies[agency];
	const char *bureau = m->set.bureau_name;
	struct disclosure_sums d;
	disclosure_sum(p, agency, &d);
	int has_sub = 0;
	for (size_t g = 0; g < m->n_agencies; g++)
		has_sub |= d.in_scope[g] && (int32_t)g != agency;
	char number[200], title[600], org[400], meta[300], date[64], foot[600];
	report_approval_number(p, agency, number, sizeof number);
	cn_date(ai->adopted_at, date, sizeof date);
	snprintf(org, sizeof org, L("单位：%s%s", "agency: %s%s"), A->name,
		 has_sub ? L("（含所属单位）", " (with its subordinate units)") : "");
	snprintf(meta, sizeof meta, L("文号：%s", "document: %s"), number);
	snprintf(foot, sizeof foot,
		 L("审计锚点：%s\n（打印时的 zbb audit head；本预算经第 %lld 条审计记录批准，采用场景 %s；以 zbb audit verify --head 加上述锚点核验）",
		   "audit anchor: %s\n(zbb audit head when printed; the budget was adopted by audit entry %lld, scenario %s; check with zbb audit verify --head and the anchor)"),
		 ai->head, (long long)ai->entry, ai->scenario);
	static const struct {
		const char *name, *sheet_zh, *sheet_en, *zh, *en;
	} tabs[APPROVAL_TABLES] = {
		{ "totals", "批复通知", "notice", "部门预算总表", "budget totals" },
		{ "functions", "按功能分类", "by function", "部门预算批复表（按支出功能分类）", "approved budget by function" },
		{ "economic", "按经济分类", "by economic class", "部门预算批复表（按支出经济分类）",
		  "approved budget by economic class" },
		{ "projects", "项目明细", "projects", "项目支出及明细批复表", "approved projects and items" },
	};
	for (int k = 0; k < APPROVAL_TABLES; k++) {
		char num[32];
		snprintf(title, sizeof title, L("%s%d年%s", "%s: %d %s"), A->name, m->year, L(tabs[k].zh, tabs[k].en));
		table_init(&out[k], tabs[k].name, title);
		snprintf(num, sizeof num, L("表%d", "table %d"), k + 1);
		table_dress(&out[k], num, L(tabs[k].sheet_zh, tabs[k].sheet_en), org, meta);
		table_document(&out[k], NULL, NULL, foot);
		out[k].portrait = 1;
	}
	approval_totals(&d, &out[0]);
	basic_project_by_class(&d.fn, CODE_FUNCTION, &out[1], BM_ALL, NULL, NULL);
	basic_project_by_class(&d.eca, CODE_ECONOMIC, &out[2], BM_ALL, NULL, NULL);
	approval_projects(&d, &out[3], has_sub);

	/* the notice around table 1: its sums as table 1 shows them in 万元 */
	struct table *t = &out[0];
	struct table_shown sh;
	table_shown(t, UNIT_WAN, &sh);
	const int64_t *v = sh.v;
	size_t nc = t->n_cols;
	char a1[MONEY_BUFSZ], a2[MONEY_BUFSZ], a3[MONEY_BUFSZ];
	struct buf pre = BUF_INIT;
	buf_printf(&pre, L("%s：\n", "To %s:\n"), A->name);
	if (ZB_LANG == LANG_EN)
		buf_printf(&pre, "    As approved by the people's congress, your %d department budget is approved as follows:\n",
			   m->year);
	else
		buf_printf(&pre, "　　经%s人民代表大会审议批准，现将你单位%d年部门预算批复如下：\n", congress_level(bureau),
			   m->year);
	buf_printf(&pre,
		   L("　　一、%d年部门预算支出 %s 万元，其中基本支出 %s 万元、项目支出 %s 万元。",
		     "    1. The %d budget is %s (10k yuan): basic expenditure %s, project expenditure %s."),
		   m->year, wan(v[0 * nc + 1], a1), wan(v[1 * nc + 1], a2), wan(v[4 * nc + 1], a3));
	static const char *const src_zh[] = { "一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款", "单位资金",
					      "上年结转" };
	static const char *const src_en[] = { "general public budget", "government fund budget", "state capital budget",
					      "unit funds", "carried over" };
	int n_src = 0;
	for (int b = 0; b < B__N; b++)
		if (v[2 + (size_t)b]) {
			buf_printf(&pre, "%s%s %s %s", n_src ? L("，", ", ") : L("资金来源：", " Sources: "), L(src_zh[b], src_en[b]),
				   wan(v[2 + (size_t)b], a1), L("万元", ""));
			n_src++;
		}
	if (n_src)
		buf_adds(&pre, L("。", "."));
	buf_adds(&pre, "\n");
	buf_adds(&pre, L("　　二、按支出功能分类、支出经济分类的预算和项目支出明细见表 2 至表 4，预算总额见下表（表 1）。\n",
			 "    2. Tables 2 to 4 give the budget by function, by economic class and the funded projects; table 1 below the totals.\n"));
	buf_adds(&pre, L("　　三、请严格按照批复的预算执行，不得擅自改变资金用途、扩大支出范围；执行中确需调剂或调整的，按规定程序报批。项目支出要按照绩效目标组织实施，加强预算绩效管理，提高财政资金使用效益。\n",
			 "    3. Execute the budget strictly as approved; do not change the use of funds or widen the spending; a transfer or an adjustment goes through the prescribed approval. Carry out projects against their performance targets.\n"));
	buf_adds(&pre, L("　　四、请按照《中华人民共和国预算法》的规定，在本批复下达后二十日内向社会公开部门预算。",
			 "    4. Publish the department budget within twenty days of this approval, as the Budget Law requires."));
	table_shown_release(&sh);
	char sign[400];
	snprintf(sign, sizeof sign, "%s\n%s", bureau, date);
	snprintf(title, sizeof title, L("%s关于批复%s%d年部门预算的通知", "%s: approval of the %s %d department budget"),
		 bureau, A->name, m->year);
	free(t->title);
	t->title = xstrdup(title);
	free(t->number);
	t->number = xstrdup(number);
	t->number_centered = 1;
	snprintf(org, sizeof org, L("表1　%s%d年部门预算总表", "Table 1: the %s %d budget totals"), A->name, m->year);
	free(t->org);
	t->org = xstrdup(org);
	free(t->meta);
	t->meta = NULL;
	table_document(t, buf_str(&pre), sign, NULL);
	buf_release(&pre);
	disclosure_sums_free(&d);
}

void *report_approval_json(const struct pipeline *p, int32_t agency, const struct approval_info *ai,
			   const struct table t[APPROVAL_TABLES], enum money_unit u)
{
	const struct model *m = &p->m;
	char number[200];
	json_t *notice = json_array();
	for (const char *s = t[0].preface ? t[0].preface : ""; *s;) {
		size_t len = strcspn(s, "\n");
		const char *b = s;
		size_t n = len;
		/* the paragraphs without their indent */
		while (n >= 3 && !strncmp(b, "　", 3)) {
			b += 3;
			n -= 3;
		}
		while (n && *b == ' ') {
			b++;
			n--;
		}
		json_array_append_new(notice, json_stringn(b, n));
		s += len + (s[len] == '\n');
	}
	json_t *o = json_pack("{s:s, s:i, s:{s:s, s:s}, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:o}", "report", "approval",
			      "year", m->year, "agency", "code", m->agencies[agency].code, "name", m->agencies[agency].name,
			      "document_number", report_approval_number(p, agency, number, sizeof number), "bureau",
			      m->set.bureau_name, "title", t[0].title, "adopted_at", ai->adopted_at, "scenario",
			      ai->scenario, "adoption_entry", (json_int_t)ai->entry, "audit_head", ai->head, "notice", notice);
	json_t *shown = json_object();
	for (int k = 0; k < APPROVAL_TABLES; k++) {
		json_object_set_new(o, t[k].name, table_to_json(&t[k]));
		json_object_set_new(shown, t[k].name, table_shown_json(&t[k], u));
	}
	json_object_set_new(o, "shown", shown);
	return o;
}
