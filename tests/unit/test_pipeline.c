/*
 * test_pipeline - rules and allocation together on books built in memory:
 * one hand-worked book through every stage, then invariants over many
 * generated books: funded ≤ approved ≤ requested for every item, an item's
 * draws sum to its funded amount, no source or carryover below zero, and
 * the savings causes partition requested − funded exactly.
 */
#include "unit.h"
#include "report.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define Y(x) ((zb_fen)(x) * 100) /* yuan → fen */
#define Q(x) ((zb_qty)(x) * QTY_ONE)

static struct model M;

static void agency(const char *code, int64_t headcount)
{
	struct agency *a = model_add_agency(&M);
	a->code = model_str(&M, code);
	a->name = model_str(&M, code);
	a->headcount = headcount;
}

static struct project *project(const char *code, const char *agency, enum tier t, const char *function)
{
	struct project *p = model_add_project(&M);
	p->code = model_str(&M, code);
	p->agency_code = model_str(&M, agency);
	p->name = model_str(&M, code);
	p->function = model_str(&M, function);
	p->kind = t == TIER_WAGES ? KIND_PERSONNEL : t == TIER_OPERATIONS ? KIND_OPERATION : KIND_SPECIFIC;
	p->tier = t;
	if (p->kind == KIND_SPECIFIC)
		p->basis = model_str(&M, "B1");
	return p;
}

static struct item *item(const char *project, int seq, int level, zb_fen price, zb_qty qty)
{
	struct item *it = model_add_item(&M);
	it->project_code = model_str(&M, project);
	it->seq = seq;
	it->level = (uint8_t)level;
	it->content = model_str(&M, "咨询服务");
	it->economic = model_intern(&M, "30203", 5);
	it->unit = model_str(&M, "项");
	it->price_fen = price;
	it->quantity = qty;
	return it;
}

/* Targets of the three level-1 classes (SPEC §5: TARGET_INCOMPLETE
 * otherwise), unweighted, quantitative with numeric values. */
static void target(const char *project)
{
	static const char *const names[] = { "完成率", "受益人数", "满意度" }, *const l2[] = { "数量", "社会", "服务对象满意度" };
	for (int k = 0; k < 3; k++) {
		struct target *t = model_add_target(&M);
		t->project_code = model_str(&M, project);
		t->level1 = (enum target_level1)k;
		t->op = OP_GE;
		t->name = model_str(&M, names[k]);
		t->level2 = model_str(&M, l2[k]);
		t->value = model_str(&M, "100");
	}
}

static void source(const char *code, enum source_kind k, const char *fn, zb_fen amount)
{
	struct source *s = model_add_source(&M);
	s->code = model_str(&M, code);
	s->name = model_str(&M, code);
	s->kind = k;
	s->function = fn ? model_str(&M, fn) : NULL;
	s->amount_fen = amount;
}

static void history(const char *project, const char *agency, int year, zb_fen budget, zb_fen executed, zb_fen carry)
{
	struct history *h = model_add_history(&M);
	h->project_code = model_str(&M, project);
	h->agency_code = model_str(&M, agency);
	h->year = year;
	h->budget_fen = budget;
	h->executed_fen = executed;
	h->carryover_fen = carry;
}

static void begin(void)
{
	model_init(&M, 2026);
	struct basis *b = model_add_basis(&M);
	b->code = model_str(&M, "B1");
	b->title = model_str(&M, "B1");
}

static void run(struct pipeline *p, zb_fen capacity)
{
	struct buf err = BUF_INIT;
	if (model_finish(&M, &err))
		fail_msg("model_finish: %s", buf_str(&err));
	struct scenario_params sp;
	scenario_params_init(&sp, "t");
	sp.capacity = capacity;
	if (pipeline_run_model(&M, &sp, p, &err))
		fail_msg("pipeline: %s", buf_str(&err));
	scenario_params_release(&sp);
	buf_release(&err);
}

/*
 * G (function 205) continuing project with history 2025 budget 1,000 yuan
 * executed 600, 2024 budget 1,000 executed 800: mean rate (0.6 + 0.8) / 2 =
 * 0.7 < 0.8 → LOW_EXECUTION scales 2,000 → 1,400 (600 booked to
 * low_execution).  Its 2025 carryover is 300.
 * H (general, 205) new, 500 yuan, no history.
 * Money: E (earmarked 2050) 400, Q (general) 1,000.
 * General level 1 by score (both 60) then amount: H 500 first: draws E 400
 * (earmarked before general) and Q 100 → Q 900.  G 1,400: carryover 300,
 * E 0 left, Q 900, total 1,200 < 1,400 → cut for capacity.
 * funded 500; savings: low_execution 600, capacity 1,400; requested 2,500.
 */
static void test_hand_worked(void **state)
{
	(void)state;
	struct pipeline p;
	begin();
	agency("A", 10);
	project("G", "A", TIER_GENERAL, "20501");
	target("G");
	item("G", 1, 1, Y(1000), Q(2));
	history("G", "A", 2025, Y(1000), Y(600), Y(300));
	history("G", "A", 2024, Y(1000), Y(800), 0);
	struct project *h = project("H", "A", TIER_GENERAL, "20502");
	h->is_new = 1;
	target("H");
	item("H", 1, 1, Y(500), Q(1));
	source("E", SOURCE_EARMARKED, "2050", Y(400));
	source("Q", SOURCE_GENERAL, NULL, Y(1000));
	run(&p, -1);
	struct report_totals t;
	assert_int_equal(report_totals(&p, &t), 0);
	assert_int_equal(t.requested, Y(2500));
	assert_int_equal(t.approved, Y(1900));
	assert_int_equal(t.funded, Y(500));
	assert_int_equal(t.savings[CAUSE_LOW_EXECUTION], Y(600));
	assert_int_equal(t.savings[CAUSE_CAPACITY], Y(1400));
	assert_int_equal(t.carryover_drawn, 0);
	/* unused: Q 900 + G's carryover 300 */
	assert_int_equal(t.unused, Y(1200));
	assert_int_equal(t.base, Y(1000));
	assert_int_equal(t.base_growth, Y(1050));
	int32_t gi = model_find_item(&p.m, model_find_project(&p.m, "G"), 1);
	int32_t hi = model_find_item(&p.m, model_find_project(&p.m, "H"), 1);
	assert_int_equal(p.ar.funded[hi], Y(500));
	assert_int_equal(p.ar.n_item_draws[hi], 2);
	assert_int_equal(p.ar.draws[p.ar.first_draw[hi]].amount, Y(400));
	assert_int_equal(pipeline_item_status(&p, (size_t)gi), STATUS_CUT);
	struct buf codes = BUF_INIT;
	pipeline_item_codes(&p, (size_t)gi, &codes);
	/* the look-back, the warning that it carries funds over, the cut */
	assert_string_equal(buf_str(&codes), "LOW_EXECUTION;CARRYOVER;CUT_CAPACITY");
	buf_release(&codes);
	const struct alloc_package *pk = &p.ar.packages[p.ar.pkg_of_item[gi]];
	assert_int_equal(pk->carry_left, Y(300));
	assert_int_equal(pk->earmarked_left, 0);
	assert_int_equal(pk->general_left, Y(900));
	/* the same book with 1,000 more general money funds G too, drawing its
	 * carryover 300 first, then 1,100 of Q */
	struct buf err = BUF_INIT;
	assert_int_equal(pipeline_realloc(&p, Y(2000), &err), 0);
	assert_int_equal(p.ar.funded[gi], Y(1400));
	assert_int_equal(p.ar.draws[p.ar.first_draw[gi]].source, DRAW_CARRYOVER);
	assert_int_equal(p.ar.draws[p.ar.first_draw[gi]].amount, Y(300));
	assert_int_equal(p.ar.carryover_drawn, Y(300));
	json_t *o = report_summary_json(&p);
	assert_int_equal(json_integer_value(json_object_get(o, "funded_fen")), Y(1900));
	assert_int_equal(json_integer_value(json_object_get(o, "carryover_fen")), Y(300));
	json_decref(o);
	buf_release(&err);
	pipeline_release(&p);
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void test_invariants(void **state)
{
	(void)state;
	static const char *fns[] = { "20501", "21001", "20101", "21301" };
	for (int round = 0; round < 300; round++) {
		struct pipeline p;
		char code[16], ag[16];
		begin();
		int n_ag = 1 + (int)(rnd() % 3);
		for (int a = 0; a < n_ag; a++) {
			snprintf(ag, sizeof ag, "A%d", a);
			agency(ag, (int64_t)(rnd() % 20));
		}
		struct priority *pr = model_add_priority(&M);
		pr->code = model_str(&M, "PR1");
		pr->name = model_str(&M, "PR1");
		pr->rank = 1;
		/* a standard on the items' code and a pool with a negotiated price */
		struct standard *st = model_add_standard(&M);
		st->code = model_intern(&M, "S1", 2);
		st->name = model_str(&M, "咨询费");
		st->economic = model_intern(&M, "30203", 5);
		st->unit = model_str(&M, "项");
		st->max_price_fen = (zb_fen)(rnd() % Y(3000));
		struct pool *po = model_add_pool(&M);
		po->code = model_str(&M, "PA");
		po->name = model_str(&M, "咨询");
		po->economic = model_str(&M, rnd() % 2 ? "302" : "30203");
		struct price *pc = model_add_price(&M);
		pc->pool_code = model_str(&M, "PA");
		pc->standard_code = model_str(&M, "S1");
		pc->price_fen = (zb_fen)(rnd() % Y(3000));
		int n_pr = 1 + (int)(rnd() % 8);
		for (int i = 0; i < n_pr; i++) {
			snprintf(code, sizeof code, "P%d", i);
			snprintf(ag, sizeof ag, "A%d", (int)(rnd() % (uint64_t)n_ag));
			struct project *P = project(code, ag, (enum tier)(rnd() % TIER__N), fns[rnd() % 4]);
			if (P->tier == TIER_MAJOR)
				P->priority_code = model_str(&M, rnd() % 4 ? "PR1" : "PRX");
			P->is_new = rnd() % 2;
			P->is_rigid = rnd() % 4 == 0;
			P->is_urgent = rnd() % 4 == 0;
			P->score = rnd() % 2 ? (int32_t)(rnd() % 10001) : -1;
			if (rnd() % 2)
				target(code);
			int n_it = (int)(rnd() % 5);
			for (int s = 1; s <= n_it; s++) {
				struct item *it = item(code, s, 1 + (int)(rnd() % 3), (zb_fen)(rnd() % Y(3000)),
						       (zb_qty)(rnd() % Q(5)));
				if (rnd() % 2)
					it->standard_code = model_intern(&M, "S1", 2);
				if (rnd() % 5 == 0) {
					struct review *rv = model_add_review(&M);
					rv->project_code = model_str(&M, code);
					rv->seq = s;
					rv->round = 1;
					rv->action = rnd() % 2 ? REVIEW_CUT : REVIEW_ADJUST;
					rv->quantity = rv->action == REVIEW_ADJUST ? (zb_qty)(rnd() % Q(5)) : -1;
				}
			}
			for (int y = 2024; y <= 2025; y++)
				if (rnd() % 2) {
					zb_fen b = (zb_fen)(rnd() % Y(8000));
					history(code, ag, y, b, b ? (zb_fen)(rnd() % (uint64_t)b) : 0,
						rnd() % 3 ? 0 : (zb_fen)(rnd() % Y(500)));
				}
			for (int y = 2026; y <= 2028; y++)
				if (rnd() % 3 == 0) {
					struct plan *pl = model_add_plan(&M);
					pl->project_code = model_str(&M, code);
					pl->year = y;
					pl->amount_fen = (zb_fen)(rnd() % Y(3000));
				}
		}
		int n_src = 1 + (int)(rnd() % 4);
		for (int s = 0; s < n_src; s++) {
			snprintf(code, sizeof code, "S%d", s);
			int earmarked = rnd() % 2;
			source(code, earmarked ? SOURCE_EARMARKED : SOURCE_GENERAL, earmarked ? fns[rnd() % 4] : NULL,
			       (zb_fen)(rnd() % Y(10000)));
		}
		run(&p, rnd() % 3 ? -1 : (zb_fen)(rnd() % Y(10000)));
		struct report_totals t;
		assert_int_equal(report_totals(&p, &t), 0);
		zb_fen sum = 0;
		for (int c = 0; c < CAUSE__N; c++)
			sum += t.savings[c];
		assert_int_equal(sum, t.requested - t.funded);
		for (size_t i = 0; i < p.m.n_items; i++) {
			assert_true(p.ar.funded[i] >= 0);
			assert_true(p.ar.funded[i] <= p.rr.approved_fen[i]);
			assert_true(p.rr.approved_fen[i] <= p.rr.requested_fen[i]);
			zb_fen d = 0;
			for (uint32_t k = 0; k < p.ar.n_item_draws[i]; k++)
				d += p.ar.draws[p.ar.first_draw[i] + k].amount;
			assert_int_equal(d, p.ar.funded[i]);
		}
		for (size_t s = 0; s < p.m.n_sources; s++)
			assert_true(p.ar.source_left[s] >= 0);
		for (size_t i = 0; i < p.m.n_projects; i++)
			assert_true(p.ar.carry_left[i] >= 0);
		assert_true(t.cut_nonrigid <= t.requested - t.funded);
		/* the pools report accounts for every fen the pooled prices saved */
		struct table pt;
		assert_int_equal(report_build(&p, "pools", NULL, &pt), 0);
		zb_fen pooled = 0;
		for (size_t r = 0; r < pt.n_rows; r++)
			pooled += table_cell(&pt, r, 4)->i - table_cell(&pt, r, 5)->i;
		assert_int_equal(pooled, t.savings[CAUSE_POOL]);
		table_free(&pt);
		assert_true(t.livelihood_funded <= t.funded);
		/* a project's items' codes at once are each item's */
		for (size_t pj = 0; pj < p.m.n_projects; pj++) {
			const struct project *P = &p.m.projects[pj];
			struct buf *pcs = calloc((size_t)P->n_items + 1, sizeof *pcs), one = BUF_INIT;
			assert_non_null(pcs);
			pipeline_project_codes(&p, (int32_t)pj, pcs);
			for (int32_t k = 0; k < P->n_items; k++) {
				buf_reset(&one);
				pipeline_item_codes(&p, (size_t)(P->first_item + k), &one);
				assert_string_equal(buf_str(&pcs[k]), buf_str(&one));
				buf_release(&pcs[k]);
			}
			buf_release(&one);
			free(pcs);
		}
		pipeline_release(&p);
	}
}

/*
 * pipeline-3 EARMARK_IDLE and earmarked_unused_fen (SPEC §6.3, §7).
 * E: earmarked for 205, 400; Q: general, 100.  P2 (210) 50 comes first in
 * level 1 (the smaller amount): Q 50 left.  P1 (20501) 600 may draw E 400 +
 * Q 50 = 450 < 600: cut, and E's 400 lies idle while P1 could have used
 * it.  With P1 at 450 exactly, E and Q are spent: nothing idle.  With P1
 * on function 210 instead (E cannot fund it), E's 400 is unused but not
 * idle.
 */
static void earmark_book(zb_fen p1, const char *p1_function)
{
	begin();
	agency("A", 10);
	project("P1", "A", TIER_GENERAL, p1_function)->is_new = 1;
	target("P1");
	item("P1", 1, 1, p1, Q(1));
	project("P2", "A", TIER_GENERAL, "21001")->is_new = 1;
	target("P2");
	item("P2", 1, 1, Y(50), Q(1));
	source("E", SOURCE_EARMARKED, "205", Y(400));
	source("Q", SOURCE_GENERAL, NULL, Y(100));
}

static void test_earmark_idle(void **state)
{
	(void)state;
	struct pipeline p;
	struct report_totals t;
	earmark_book(Y(600), "20501");
	run(&p, -1);
	assert_int_equal(report_totals(&p, &t), 0);
	assert_int_equal(t.funded, Y(50));
	assert_int_equal(t.unused, Y(450));
	assert_int_equal(t.earmarked_unused, Y(400));
	assert_int_equal(t.findings[F_EARMARK_IDLE], 1);
	assert_int_equal(p.ar.earmark_idle[0], p.ar.pkg_of_item[model_find_item(&p.m, model_find_project(&p.m, "P1"), 1)] + 1);
	assert_int_equal(p.ar.earmark_idle[1], 0);
	json_t *j = report_summary_json(&p);
	assert_int_equal(json_integer_value(json_object_get(j, "earmarked_unused_fen")), Y(400));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "findings"), "EARMARK_IDLE")), 1);
	json_t *idle = json_array_get(json_object_get(j, "earmark_idle"), 0);
	assert_string_equal(json_string_value(json_object_get(idle, "source")), "E");
	assert_string_equal(json_string_value(json_object_get(idle, "project")), "P1");
	assert_int_equal(json_integer_value(json_object_get(idle, "left_fen")), Y(400));
	json_decref(j);
	pipeline_release(&p);
	earmark_book(Y(450), "20501");
	run(&p, -1);
	assert_int_equal(report_totals(&p, &t), 0);
	assert_int_equal(t.funded, Y(500));
	assert_int_equal(t.earmarked_unused, 0);
	assert_int_equal(t.findings[F_EARMARK_IDLE], 0);
	pipeline_release(&p);
	earmark_book(Y(600), "21002");
	run(&p, -1);
	assert_int_equal(report_totals(&p, &t), 0);
	assert_int_equal(t.earmarked_unused, Y(400));
	assert_int_equal(t.findings[F_EARMARK_IDLE], 0);
	pipeline_release(&p);
}

/* The stored results' blob (scenario.c, format 1) read back: one laid out
 * by hand, then the same cut short, of another format, or with a draw's
 * source out of range, each refused. */
struct seen {
	char out[256];
	size_t len;
};

static int seen_item(const char *project, zb_fen project_funded, int seq, zb_fen funded_fen, enum item_status status,
		     const struct scenario_draw *draws, size_t n_draws, void *arg)
{
	struct seen *x = arg;
	x->len += (size_t)snprintf(x->out + x->len, sizeof x->out - x->len, "%s=%lld/%d:%lld:%s", project,
				   (long long)project_funded, seq, (long long)funded_fen, item_status_name(status));
	for (size_t k = 0; k < n_draws; k++)
		x->len += (size_t)snprintf(x->out + x->len, sizeof x->out - x->len, ",%s:%lld", draws[k].source,
					   (long long)draws[k].amount_fen);
	x->len += (size_t)snprintf(x->out + x->len, sizeof x->out - x->len, " ");
	return 0;
}

static unsigned char *le(unsigned char *o, uint64_t v, int n)
{
	for (int k = 0; k < n; k++)
		*o++ = (unsigned char)(v >> (8 * k));
	return o;
}

static void test_results_blob(void **state)
{
	(void)state;
	/* P1 (funded 100): item 1 funded 100 from E1 30 and carryover 70;
	 * P2 (funded 0): item 3 cut, no draws */
	unsigned char b[200], *o = b;
	memcpy(o, "zbbR", 4);
	o = le(o + 4, 1, 4);
	o = le(o, 2, 4);  /* projects */
	o = le(o, 2, 4);  /* items */
	o = le(o, 2, 4);  /* draws */
	o = le(o, 2, 4);  /* sources */
	o = le(o, 10, 4); /* text: P1 P2 E1 "" */
	o = le(o, 100, 8);
	o = le(o, 0, 8);
	o = le(o, 1, 4);
	o = le(o, 1, 4);
	o = le(o, 1, 4); /* seq */
	o = le(o, 3, 4);
	o = le(o, 100, 8); /* funded */
	o = le(o, 0, 8);
	*o++ = STATUS_FUNDED;
	*o++ = STATUS_CUT;
	o = le(o, 2, 4); /* draws per item */
	o = le(o, 0, 4);
	o = le(o, 0, 4); /* draw sources */
	o = le(o, 1, 4);
	o = le(o, 30, 8);
	o = le(o, 70, 8);
	memcpy(o, "P1\0P2\0E1\0\0", 10);
	o += 10;
	size_t n = (size_t)(o - b);
	struct seen x = { "", 0 };
	assert_int_equal(scenario_results_decode(b, n, seen_item, &x), 0);
	assert_string_equal(x.out, "P1=100/1:100:funded,E1:30,:70 P2=0/3:0:cut ");
	for (size_t cut = 0; cut < n; cut++)
		assert_int_equal(scenario_results_decode(b, cut, seen_item, &x), -1);
	b[4] = 2;
	assert_int_equal(scenario_results_decode(b, n, seen_item, &x), -1);
	b[4] = 1;
	b[n - 10 - 16 - 8 + 4] = 2; /* the second draw's source: there are 2 */
	assert_int_equal(scenario_results_decode(b, n, seen_item, &x), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_worked),
		cmocka_unit_test(test_invariants),
		cmocka_unit_test(test_earmark_idle),
		cmocka_unit_test(test_results_blob),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
