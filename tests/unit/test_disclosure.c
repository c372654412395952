/*
 * test_disclosure - SPEC §7: the disclosure tables (公开01–11) reconcile.
 * Over many generated books (a department with subordinate units and one
 * outside it, every kind of project, 3-, 5- and 7-digit function codes,
 * sources of all four budgets, earmarked ones, carryovers): the totals the
 * tables share are equal to the fen (收支总表 = 收入总表 = 支出总表, the
 * revenue by budget, 一般公共预算支出表 = 基本 + 项目 = the revenue from the
 * general public budget, its basic part = the basic expenditure table, the
 * project table = the projects' expenditure …), and, shown in 万元, every
 * table's rows add up to its shown totals and every table shows the same
 * grand total (SPEC §7, 尾差).
 */
#include "unit.h"
#include "report.h"

#include <string.h>

#define Y(x) ((zb_fen)(x) * 100)
#define Q(x) ((zb_qty)(x) * QTY_ONE)

static struct model M;

static uint64_t rng = 0x2545F4914F6CDD1DULL;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void agency(const char *code, const char *parent)
{
	struct agency *a = model_add_agency(&M);
	a->code = model_str(&M, code);
	a->name = model_str(&M, code);
	a->parent = parent ? model_str(&M, parent) : NULL;
	a->headcount = 10;
}

static zb_fen money(const struct table *t, size_t r, size_t c)
{
	const struct tcell *x = &t->cells[r * t->n_cols + c];
	assert_false(x->is_null);
	return x->i;
}

/* Every parent's shown value is the sum of its children's (table.h: rows
 * form a tree by level, the sums below their parts when sums_below). */
static void check_tree(const struct table *t, const struct table_shown *s)
{
	size_t nr = t->n_rows, nc = t->n_cols;
	for (size_t j = 0; j < nc; j++) {
		if (t->cols[j].type != TC_MONEY)
			continue;
		int tree = t->cols[j].tree;
		long root = -1;
		for (size_t r = 0; r < nr && root < 0; r++)
			if (table_row_level(t, r, tree) == LEVEL_TOTAL && !t->cells[r * nc + j].is_null)
				root = (long)r;
		int64_t *sum = calloc(nr + 1, sizeof(int64_t));
		int *has = calloc(nr + 1, sizeof(int));
		long stack[64];
		size_t sp = 0;
		for (size_t i = 0; i < nr; i++) {
			size_t r = t->sums_below ? nr - 1 - i : i;
			int lv = table_row_level(t, r, tree);
			if (t->cells[r * nc + j].is_null || lv == LEVEL_NONE || lv == LEVEL_TOTAL)
				continue;
			while (sp && table_row_level(t, (size_t)stack[sp - 1], tree) >= lv)
				sp--;
			long p = sp ? stack[sp - 1] : root;
			if (p >= 0) {
				sum[p] += s->v[r * nc + j];
				has[p] = 1;
			}
			assert_true(sp < 64);
			stack[sp++] = (long)r;
		}
		for (size_t r = 0; r < nr; r++)
			if (has[r] && sum[r] != s->v[r * nc + j])
				fail_msg("%s: row %zu column %s shows %lld, its rows add up to %lld", t->name, r,
					 t->cols[j].key, (long long)s->v[r * nc + j], (long long)sum[r]);
		free(sum);
		free(has);
	}
}

/* Every calc column's shown value is its shown parts' sum along the row,
 * and the grand total (the totals row in a column that is no other's part)
 * its true value rounded (table.h). */
static void check_rows(const struct table *t, const struct table_shown *s)
{
	size_t nr = t->n_rows, nc = t->n_cols;
	uint64_t part = 0;
	for (size_t j = 0; j < nc; j++) {
		const struct tcol *c = &t->cols[j];
		part |= c->minus ? c->minus | 1ULL << j : c->plus;
		if (!c->plus && !c->minus)
			continue;
		for (size_t r = 0; r < nr; r++) {
			if (t->cells[r * nc + j].is_null)
				continue;
			int64_t v = 0;
			for (size_t k = 0; k < nc; k++)
				v += (c->plus >> k & 1 ? s->v[r * nc + k] : 0) - (c->minus >> k & 1 ? s->v[r * nc + k] : 0);
			if (v != s->v[r * nc + j])
				fail_msg("%s: row %zu column %s shows %lld, its parts add up to %lld", t->name, r, c->key,
					 (long long)s->v[r * nc + j], (long long)v);
		}
	}
	for (size_t j = 0; j < nc; j++) {
		if (t->cols[j].type != TC_MONEY || part >> j & 1)
			continue;
		for (size_t r = 0; r < nr; r++)
			if (table_row_level(t, r, t->cols[j].tree) == LEVEL_TOTAL && !t->cells[r * nc + j].is_null) {
				int64_t x = t->cells[r * nc + j].i, q = (x < 0 ? -x : x) / 10000, m = (x < 0 ? -x : x) % 10000;
				int64_t want = (q + (m >= 5000)) * 10000 * (x < 0 ? -1 : 1);
				if (s->v[r * nc + j] != want)
					fail_msg("%s: the grand total in %s shows %lld, its true value %lld", t->name,
						 t->cols[j].key, (long long)s->v[r * nc + j], (long long)x);
				break;
			}
	}
}

static void reconcile(const struct pipeline *p, int32_t agency)
{
	struct table t[DISCLOSURE_TABLES];
	report_disclosure(p, agency, t);
	const struct table *t01 = &t[0], *t02 = &t[1], *t03 = &t[2], *t04 = &t[3], *t05 = &t[4], *t06 = &t[5],
			   *t07 = &t[6], *t08 = &t[7], *t09 = &t[8], *t10 = &t[9], *t11 = &t[10];
	size_t last = t01->n_rows - 1;
	zb_fen total = money(t01, last, 1);
	/* 收支总表 balances and equals 收入总表 and 支出总表 */
	assert_int_equal(money(t01, last, 3), total);
	assert_int_equal(money(t02, 0, 2), total);
	assert_int_equal(money(t03, 0, 2), total);
	assert_int_equal(money(t03, 0, 3) + money(t03, 0, 4), total);
	/* revenue by budget: 01's rows are 02's totals; the carryover too */
	for (size_t b = 0; b < 4; b++)
		assert_int_equal(money(t01, b, 1), money(t02, 0, 4 + b));
	assert_int_equal(money(t01, last - 1, 1), money(t02, 0, 8));
	assert_int_equal(money(t01, last - 2, 1) + money(t01, last - 1, 1), total);
	/* 财政拨款 = all but 单位资金, balanced */
	size_t l4 = t04->n_rows - 1;
	assert_int_equal(money(t04, l4, 1), total - money(t01, 3, 1));
	assert_int_equal(money(t04, l4, 3), money(t04, l4, 1));
	/* 一般公共预算: 05 = the revenue from it = 基本 + 项目; 基本 = 06 */
	assert_int_equal(money(t05, 0, 2), money(t01, 0, 1));
	assert_int_equal(money(t05, 0, 3) + money(t05, 0, 6), money(t05, 0, 2));
	assert_int_equal(money(t05, 0, 4) + money(t05, 0, 5), money(t05, 0, 3));
	assert_int_equal(money(t06, 0, 2), money(t05, 0, 3));
	assert_int_equal(money(t06, 0, 3), money(t05, 0, 4));
	assert_true(money(t07, 0, 1) <= money(t05, 0, 2));
	/* the fund and capital tables are the revenue from those budgets */
	assert_int_equal(money(t08, 0, 2), money(t01, 1, 1));
	assert_int_equal(money(t09, 0, 2), money(t01, 2, 1));
	/* the project table is the projects' expenditure, each project once
	 * in the targets table */
	assert_int_equal(money(t10, 0, 3), money(t03, 0, 4));
	zb_fen tg = 0;
	for (size_t r = 0; r < t11->n_rows; r++)
		if (!t11->cells[r * t11->n_cols + 2].is_null)
			tg += money(t11, r, 2);
	assert_int_equal(tg, money(t10, 0, 3));
	/* shown in 万元: every table adds up, and the grand totals agree */
	int64_t shown_total = -1;
	for (int k = 0; k < DISCLOSURE_TABLES; k++) {
		struct table_shown s;
		table_shown(&t[k], UNIT_WAN, &s);
		check_tree(&t[k], &s);
		check_rows(&t[k], &s);
		int64_t g = k == 0 ? s.v[last * t[0].n_cols + 1] : k == 1 || k == 2 ? s.v[2] : -1;
		if (k == 0)
			assert_int_equal(s.v[last * t[0].n_cols + 3], g);
		if (g >= 0) {
			if (shown_total < 0)
				shown_total = g;
			assert_int_equal(g, shown_total);
		}
		table_shown_release(&s);
	}
	for (int k = 0; k < DISCLOSURE_TABLES; k++)
		table_free(&t[k]);
}

/* The 批复 (SPEC §12): its total, basic and project expenditure read the
 * same, to the 0.01 万元, in table 1, tables 2 and 3, table 4 and the
 * notice; every table adds up both ways. */
static void reconcile_approval(const struct pipeline *p, int32_t agency)
{
	struct approval_info ai = { "t", "2026-11-01T09:00:00Z", 1, "1:00" };
	struct table t[APPROVAL_TABLES];
	report_approval(p, agency, &ai, t);
	struct table_shown s[APPROVAL_TABLES];
	for (int k = 0; k < APPROVAL_TABLES; k++) {
		table_shown(&t[k], UNIT_WAN, &s[k]);
		check_tree(&t[k], &s[k]);
		check_rows(&t[k], &s[k]);
	}
	size_t n1 = t[0].n_cols, n4 = t[3].n_cols;
	int64_t total = s[0].v[0 * n1 + 1], basic = s[0].v[1 * n1 + 1], proj = s[0].v[4 * n1 + 1];
	assert_int_equal(basic + proj, total);
	for (int k = 1; k <= 2; k++) { /* their totals row first */
		assert_int_equal(s[k].v[2], total);
		assert_int_equal(s[k].v[3], basic);
		assert_int_equal(s[k].v[4], proj);
	}
	assert_int_equal(s[3].v[0 * n4 + 4], total);
	for (size_t r = 1; r < t[3].n_rows; r++)
		if (table_row_level(&t[3], r, 0) == 1) {
			const char *g = t[3].cells[r * n4 + 1].s;
			assert_int_equal(s[3].v[r * n4 + 4], strstr(g, "基本支出") ? basic : proj);
		}
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], want[300];
	snprintf(want, sizeof want, "部门预算支出 %s 万元，其中基本支出 %s 万元、项目支出 %s 万元", money_format(total, UNIT_WAN, a),
		 money_format(basic, UNIT_WAN, b), money_format(proj, UNIT_WAN, c));
	if (!strstr(t[0].preface, want))
		fail_msg("the notice does not say [%s]: %s", want, t[0].preface);
	for (int k = 0; k < APPROVAL_TABLES; k++) {
		table_shown_release(&s[k]);
		table_free(&t[k]);
	}
}

static void test_reconcile(void **state)
{
	(void)state;
	static const char *const fns[] = { "201", "20101", "2010101", "205", "20502", "2050201", "21401", "2140106" };
	static const char *const econ[] = { "30101", "30305", "301", "30201", "30217", "30231", "31013", "31005", "30227" };
	for (int round = 0; round < 200; round++) {
		char code[16];
		model_init(&M, 2026);
		struct basis *bs = model_add_basis(&M);
		bs->code = model_str(&M, "B1");
		bs->title = model_str(&M, "B1");
		agency("D", NULL);
		agency("D1", "D");
		agency("D2", "D1");
		agency("X", NULL);
		static const char *const ags[] = { "D", "D1", "D2", "X" };
		int n_pr = 1 + (int)(rnd() % 12);
		for (int i = 0; i < n_pr; i++) {
			snprintf(code, sizeof code, "P%02d", i);
			struct project *P = model_add_project(&M);
			P->code = model_str(&M, code);
			P->agency_code = model_str(&M, ags[rnd() % 4]);
			P->name = model_str(&M, code);
			P->function = model_str(&M, fns[rnd() % 8]);
			P->tier = (enum tier)(rnd() % TIER__N);
			P->kind = P->tier == TIER_WAGES ? KIND_PERSONNEL : P->tier == TIER_OPERATIONS ? KIND_OPERATION : KIND_SPECIFIC;
			P->basis = model_str(&M, "B1");
			P->score = -1;
			if (rnd() % 2) {
				struct target *g = model_add_target(&M);
				g->project_code = model_str(&M, code);
				g->name = model_str(&M, "完成率");
				g->level2 = model_str(&M, "数量");
				g->value = model_str(&M, "100");
			}
			int n_it = 1 + (int)(rnd() % 4);
			for (int s = 1; s <= n_it; s++) {
				struct item *it = model_add_item(&M);
				it->project_code = model_str(&M, code);
				it->seq = s;
				it->level = 1;
				it->content = model_str(&M, "x");
				const char *e = econ[rnd() % 9];
				it->economic = model_intern(&M, e, strlen(e));
				it->unit = model_str(&M, "项");
				/* odd amounts, so that 万元 rounds */
				it->price_fen = (zb_fen)(rnd() % Y(90000)) + 1;
				it->quantity = Q(1);
			}
			if (rnd() % 4 == 0) {
				struct history *h = model_add_history(&M);
				h->project_code = model_str(&M, code);
				h->agency_code = P->agency_code;
				h->year = 2025;
				h->budget_fen = Y(1000);
				h->executed_fen = Y(950);
				h->carryover_fen = (zb_fen)(rnd() % Y(3000));
			}
		}
		int n_src = 1 + (int)(rnd() % 5);
		for (int s = 0; s < n_src; s++) {
			snprintf(code, sizeof code, "S%d", s);
			struct source *x = model_add_source(&M);
			x->code = model_str(&M, code);
			x->name = model_str(&M, code);
			x->kind = rnd() % 3 ? SOURCE_GENERAL : SOURCE_EARMARKED;
			x->function = x->kind == SOURCE_EARMARKED ? model_str(&M, fns[rnd() % 8]) : NULL;
			x->amount_fen = (zb_fen)(rnd() % Y(300000));
			x->budget = (enum source_budget)(rnd() % BUDGET__N);
		}
		struct buf err = BUF_INIT;
		if (model_finish(&M, &err))
			fail_msg("model_finish: %s", buf_str(&err));
		struct scenario_params sp;
		scenario_params_init(&sp, "t");
		struct pipeline p;
		if (pipeline_run_model(&M, &sp, &p, &err))
			fail_msg("pipeline: %s", buf_str(&err));
		scenario_params_release(&sp);
		buf_release(&err);
		reconcile(&p, -1);
		reconcile(&p, model_find_agency(&p.m, "D"));
		reconcile(&p, model_find_agency(&p.m, "D1"));
		reconcile(&p, model_find_agency(&p.m, "X"));
		reconcile_approval(&p, model_find_agency(&p.m, "D"));
		reconcile_approval(&p, model_find_agency(&p.m, "X"));
		pipeline_release(&p);
	}
}

/* words-1: every finding code and every key of the summary table has the
 * words a person reads (SPEC §7: 集中议价, not POOLED). */
static void test_words(void **state)
{
	(void)state;
	for (int c = 0; c < F__N; c++)
		if (!words_for(WORDS_FINDING, rules_code_name((enum finding_code)c)))
			fail_msg("no words for %s", rules_code_name((enum finding_code)c));
	model_init(&M, 2026);
	struct buf err = BUF_INIT;
	assert_int_equal(model_finish(&M, &err), 0);
	struct scenario_params sp;
	scenario_params_init(&sp, "t");
	struct pipeline p;
	assert_int_equal(pipeline_run_model(&M, &sp, &p, &err), 0);
	struct table t;
	report_summary_table(&p, &t);
	for (size_t r = 0; r < t.n_rows; r++)
		if (!words_for(WORDS_SUMMARY, table_cell(&t, r, 0)->s))
			fail_msg("no words for the summary's %s", table_cell(&t, r, 0)->s);
	struct buf w = BUF_INIT;
	assert_string_equal(words_list(WORDS_FINDING, "POOLED;CUT_CAPACITY", &w), "集中议价、财力不足未安排");
	assert_string_equal(words_list(WORDS_STAGE, "review_round_2", &w), "第2轮评审");
	assert_string_equal(words_list(WORDS_TIER, "wages", &w), "保工资");
	buf_release(&w);
	table_free(&t);
	pipeline_release(&p);
	scenario_params_release(&sp);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reconcile),
		cmocka_unit_test(test_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
