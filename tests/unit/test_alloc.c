/*
 * test_alloc - SPEC §6 on small hand-made inputs; every expected amount is
 * worked out by hand in the comments (amounts in fen).  Then invariants
 * over many generated inputs.
 */
#include "unit.h"
#include "alloc.h"
#include "util.h"

#include <string.h>

#define P(code, fn, tier) { code, fn, tier, 0, 6000, 0, 0, 0, 0, { 0, 0, 0 }, 0, 0 }

struct fixture {
	struct alloc_project pr[8];
	struct alloc_item it[16];
	struct alloc_source src[6];
	struct alloc_input in;
	struct alloc_result r;
};

static void setup(struct fixture *f, size_t np, size_t ni, size_t ns)
{
	f->in.projects = f->pr;
	f->in.n_projects = np;
	f->in.items = f->it;
	f->in.n_items = ni;
	f->in.sources = f->src;
	f->in.n_sources = ns;
	f->in.capacity = -1;
	f->in.affordability_ppm = 100000;
	for (int y = 0; y < ALLOC_YEARS; y++)
		f->in.planned[y] = 1000000;
	assert_int_equal(alloc_run(&f->in, &f->r), 0);
}

/* One item per project, level 1, project p owns item p. */
static void one_item_each(struct fixture *f, size_t np, const zb_fen *approved)
{
	for (size_t p = 0; p < np; p++) {
		f->pr[p].first_item = p;
		f->pr[p].n_items = 1;
		f->it[p] = (struct alloc_item){ 1, 1, approved[p] };
	}
}

static void test_guarantee_shortfall(void **state)
{
	(void)state;
	struct fixture f = { 0 };
	/* G1 = 100.  W1 (wages) 60 is funded first, leaving 40; L1
	 * (livelihood) 50 cannot be covered: cut, and a shortfall of 50. */
	f.pr[0] = (struct alloc_project)P("L1", "20801", TIER_LIVELIHOOD);
	f.pr[1] = (struct alloc_project)P("W1", "20101", TIER_WAGES);
	one_item_each(&f, 2, (zb_fen[]){ 50, 60 });
	f.src[0] = (struct alloc_source){ "G1", 0, NULL, 100 };
	setup(&f, 2, 2, 1);
	assert_int_equal(f.r.packages[0].project, 1); /* wages first */
	assert_int_equal(f.r.funded[1], 60);
	assert_int_equal(f.r.funded[0], 0);
	assert_int_equal(f.r.packages[1].decision, PKG_CUT_CAPACITY);
	assert_int_equal(f.r.packages[1].available, 40);
	assert_int_equal(f.r.shortfall, 50);
	assert_int_equal(f.r.source_left[0], 40);
	alloc_result_free(&f.r);
}

static void test_carryover_earmarked_general(void **state)
{
	(void)state;
	struct fixture f = { 0 };
	/* P (function 20501) needs 100 with a carryover of 10: it draws the
	 * carryover 10, then E1 (205, 30) whole, then 60 of G1; E2 (210) is
	 * not its money. */
	f.pr[0] = (struct alloc_project)P("P", "20501", TIER_GENERAL);
	f.pr[0].carryover = 10;
	one_item_each(&f, 1, (zb_fen[]){ 100 });
	f.src[0] = (struct alloc_source){ "E1", 1, "205", 30 };
	f.src[1] = (struct alloc_source){ "E2", 1, "210", 50 };
	f.src[2] = (struct alloc_source){ "G1", 0, NULL, 100 };
	setup(&f, 1, 1, 3);
	assert_int_equal(f.r.funded[0], 100);
	assert_int_equal(f.r.n_item_draws[0], 3);
	struct alloc_draw *d = &f.r.draws[f.r.first_draw[0]];
	assert_int_equal(d[0].source, DRAW_CARRYOVER);
	assert_int_equal(d[0].amount, 10);
	assert_int_equal(d[1].source, 0);
	assert_int_equal(d[1].amount, 30);
	assert_int_equal(d[2].source, 2);
	assert_int_equal(d[2].amount, 60);
	assert_int_equal(f.r.source_left[1], 50);
	assert_int_equal(f.r.source_left[2], 40);
	assert_int_equal(f.r.carryover_drawn, 10);
	assert_int_equal(f.r.packages[0].available, 10 + 30 + 100);
	alloc_result_free(&f.r);
}

static void test_levels_eligibility(void **state)
{
	(void)state;
	struct fixture f = { 0 };
	/* A: level 1 = 40, level 2 = 30, level 3 = 20; B: level 1 = 50.
	 * G = 115.  Level-1 packages first, by amount (equal scores): A1 40,
	 * B1 50 → 25 left.  A2 30 > 25: cut.  A3 20 ≤ 25 but not eligible,
	 * its level 2 was not funded. */
	f.pr[0] = (struct alloc_project)P("A", "20101", TIER_GENERAL);
	f.pr[0].first_item = 0;
	f.pr[0].n_items = 3;
	f.it[0] = (struct alloc_item){ 1, 1, 40 };
	f.it[1] = (struct alloc_item){ 2, 2, 30 };
	f.it[2] = (struct alloc_item){ 3, 3, 20 };
	f.pr[1] = (struct alloc_project)P("B", "20101", TIER_GENERAL);
	f.pr[1].first_item = 3;
	f.pr[1].n_items = 1;
	f.it[3] = (struct alloc_item){ 1, 1, 50 };
	f.src[0] = (struct alloc_source){ "G", 0, NULL, 115 };
	setup(&f, 2, 4, 1);
	assert_int_equal(f.r.n_packages, 4);
	assert_int_equal(f.r.packages[0].amount, 40);
	assert_int_equal(f.r.packages[1].amount, 50);
	assert_int_equal(f.r.packages[2].level, 2);
	assert_int_equal(f.r.packages[2].decision, PKG_CUT_CAPACITY);
	assert_int_equal(f.r.packages[3].level, 3);
	assert_int_equal(f.r.packages[3].decision, PKG_INELIGIBLE);
	assert_int_equal(f.r.funded_total, 90);
	assert_int_equal(f.r.capacity_fen_cut, 50);
	assert_int_equal(f.r.shortfall, 0);
	alloc_result_free(&f.r);
}

static void test_skip_then_smaller(void **state)
{
	(void)state;
	struct fixture f = { 0 };
	/* scores X 90 (80), Y 80 (30), Z 70 (20); G = 100: X funded (20
	 * left), Y cut, Z funded (0 left). */
	f.pr[0] = (struct alloc_project)P("X", "20101", TIER_GENERAL);
	f.pr[1] = (struct alloc_project)P("Y", "20101", TIER_GENERAL);
	f.pr[2] = (struct alloc_project)P("Z", "20101", TIER_GENERAL);
	f.pr[0].score = 9000;
	f.pr[1].score = 8000;
	f.pr[2].score = 7000;
	one_item_each(&f, 3, (zb_fen[]){ 80, 30, 20 });
	f.src[0] = (struct alloc_source){ "G", 0, NULL, 100 };
	setup(&f, 3, 3, 1);
	assert_int_equal(f.r.funded[0], 80);
	assert_int_equal(f.r.funded[1], 0);
	assert_int_equal(f.r.funded[2], 20);
	assert_int_equal(f.r.source_left[0], 0);
	alloc_result_free(&f.r);
}

static void test_general_ranking(void **state)
{
	(void)state;
	struct fixture f = { 0 };
	/* urgent first (U, score 50), then by score: S90 (amount 5) before
	 * T90 (amount 7); then a tie on score and amount broken by code:
	 * A80 before B80. */
	f.pr[0] = (struct alloc_project)P("B80", "201", TIER_GENERAL);
	f.pr[1] = (struct alloc_project)P("T90", "201", TIER_GENERAL);
	f.pr[2] = (struct alloc_project)P("U", "201", TIER_GENERAL);
	f.pr[3] = (struct alloc_project)P("A80", "201", TIER_GENERAL);
	f.pr[4] = (struct alloc_project)P("S90", "201", TIER_GENERAL);
	f.pr[0].score = 8000;
	f.pr[1].score = 9000;
	f.pr[2].score = 5000;
	f.pr[2].is_urgent = 1;
	f.pr[3].score = 8000;
	f.pr[4].score = 9000;
	one_item_each(&f, 5, (zb_fen[]){ 3, 7, 9, 3, 5 });
	f.src[0] = (struct alloc_source){ "G", 0, NULL, 1000 };
	setup(&f, 5, 5, 1);
	const char *want[] = { "U", "S90", "T90", "A80", "B80" };
	for (int k = 0; k < 5; k++)
		assert_string_equal(f.pr[f.r.packages[k].project].code, want[k]);
	alloc_result_free(&f.r);
}

static void test_major_by_rank(void **state)
{
	(void)state;
	struct fixture f = { 0 };
	/* M1 rank 2, M2 rank 1, money for one: M2 goes first and is funded. */
	f.pr[0] = (struct alloc_project)P("M1", "215", TIER_MAJOR);
	f.pr[1] = (struct alloc_project)P("M2", "215", TIER_MAJOR);
	f.pr[0].rank = 2;
	f.pr[1].rank = 1;
	one_item_each(&f, 2, (zb_fen[]){ 70, 70 });
	f.src[0] = (struct alloc_source){ "G", 0, NULL, 100 };
	setup(&f, 2, 2, 1);
	assert_int_equal(f.r.funded[1], 70);
	assert_int_equal(f.r.funded[0], 0);
	assert_int_equal(f.r.shortfall, 0); /* major is not a guarantee tier */
	alloc_result_free(&f.r);
}

static void test_affordability(void **state)
{
	(void)state;
	struct fixture f = { 0 };
	/* ratio 10%, planned 1000 each year → line at 100.  Continuing C has
	 * plans 50/50/0: committed from the start.  New N1 (plans 60/0/0):
	 * 50 + 60 = 110 > 100 → OVER_AFFORDABILITY, its 30 booked to
	 * affordability.  New N2 (40/40/0): 90 ≤ 100 → funded, commitments
	 * become 90/90/0. */
	f.pr[0] = (struct alloc_project)P("C", "212", TIER_GENERAL);
	f.pr[0].has_plans = 1;
	f.pr[0].plans[0] = 50;
	f.pr[0].plans[1] = 50;
	f.pr[1] = (struct alloc_project)P("N1", "212", TIER_GENERAL);
	f.pr[1].is_new = 1;
	f.pr[1].has_plans = 1;
	f.pr[1].plans[0] = 60;
	f.pr[2] = (struct alloc_project)P("N2", "212", TIER_GENERAL);
	f.pr[2].is_new = 1;
	f.pr[2].has_plans = 1;
	f.pr[2].plans[0] = 40;
	f.pr[2].plans[1] = 40;
	one_item_each(&f, 3, (zb_fen[]){ 10, 30, 20 });
	f.src[0] = (struct alloc_source){ "G", 0, NULL, 1000 };
	f.in.projects = f.pr;
	f.in.n_projects = 3;
	f.in.items = f.it;
	f.in.n_items = 3;
	f.in.sources = f.src;
	f.in.n_sources = 1;
	f.in.capacity = -1;
	f.in.affordability_ppm = 100000;
	for (int y = 0; y < ALLOC_YEARS; y++)
		f.in.planned[y] = 1000;
	assert_int_equal(alloc_run(&f.in, &f.r), 0);
	assert_int_equal(f.r.funded[0], 10);
	assert_int_equal(f.r.funded[1], 0);
	assert_int_equal(f.r.over_afford[1], 1);
	assert_int_equal(f.r.funded[2], 20);
	assert_int_equal(f.r.affordability_fen, 30);
	assert_int_equal(f.r.commitments[0], 90);
	assert_int_equal(f.r.commitments[1], 90);
	assert_int_equal(f.r.commitments[2], 0);
	alloc_result_free(&f.r);
}

static void test_capacity_whatif(void **state)
{
	(void)state;
	struct fixture f = { 0 };
	/* G1 60 + G2 40 = 100; a what-if capacity of 70 keeps G1 at 60 and
	 * G2 at 10.  Packages 30 (score 90) and 50 (score 80): the first is
	 * funded (40 left), the second cut. */
	f.pr[0] = (struct alloc_project)P("A", "201", TIER_GENERAL);
	f.pr[1] = (struct alloc_project)P("B", "201", TIER_GENERAL);
	f.pr[0].score = 9000;
	f.pr[1].score = 8000;
	one_item_each(&f, 2, (zb_fen[]){ 30, 50 });
	f.src[0] = (struct alloc_source){ "G1", 0, NULL, 60 };
	f.src[1] = (struct alloc_source){ "G2", 0, NULL, 40 };
	f.in.capacity = 70;
	f.in.projects = f.pr;
	f.in.n_projects = 2;
	f.in.items = f.it;
	f.in.n_items = 2;
	f.in.sources = f.src;
	f.in.n_sources = 2;
	f.in.affordability_ppm = 100000;
	assert_int_equal(alloc_run(&f.in, &f.r), 0);
	assert_int_equal(f.r.source_amount[0], 60);
	assert_int_equal(f.r.source_amount[1], 10);
	assert_int_equal(f.r.funded[0], 30);
	assert_int_equal(f.r.funded[1], 0);
	assert_int_equal(f.r.funded_total, 30);
	alloc_result_free(&f.r);
	/* and the same book at full capacity funds both */
	f.in.capacity = -1;
	assert_int_equal(alloc_run(&f.in, &f.r), 0);
	assert_int_equal(f.r.funded_total, 80);
	alloc_result_free(&f.r);
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void test_invariants(void **state)
{
	(void)state;
	static const char *fns[] = { "20501", "21001", "20101", "213" };
	static const char *codes[] = { "P0", "P1", "P2", "P3", "P4", "P5", "P6", "P7" };
	for (int round = 0; round < 500; round++) {
		struct fixture f = { 0 };
		size_t np = 1 + next() % 8, ni = 0, ns = 1 + next() % 5;
		for (size_t p = 0; p < np; p++) {
			struct alloc_project *pr = &f.pr[p];
			*pr = (struct alloc_project)P(codes[p], fns[next() % 4], (enum tier)(next() % TIER__N));
			pr->score = (int64_t)(next() % 10001);
			pr->rank = (int64_t)(next() % 3);
			pr->is_urgent = next() % 2;
			pr->is_new = next() % 2;
			pr->carryover = next() % 3 ? 0 : (zb_fen)(next() % 50);
			pr->has_plans = next() % 2;
			for (int y = 0; y < ALLOC_YEARS; y++)
				pr->plans[y] = (zb_fen)(next() % 60);
			pr->first_item = ni;
			pr->n_items = next() % 3;
			for (size_t k = 0; k < pr->n_items; k++)
				f.it[ni++] = (struct alloc_item){ (int64_t)k + 1, 1 + (int)(next() % 3), (zb_fen)(next() % 100) };
		}
		for (size_t s = 0; s < ns; s++)
			f.src[s] = (struct alloc_source){ codes[s], (int)(next() % 2), "205;213", (zb_fen)(next() % 200) };
		f.in.projects = f.pr;
		f.in.n_projects = np;
		f.in.items = f.it;
		f.in.n_items = ni;
		f.in.sources = f.src;
		f.in.n_sources = ns;
		f.in.capacity = next() % 3 ? -1 : (zb_fen)(next() % 300);
		f.in.affordability_ppm = (int64_t)(next() % 200000);
		for (int y = 0; y < ALLOC_YEARS; y++)
			f.in.planned[y] = 500;
		assert_int_equal(alloc_run(&f.in, &f.r), 0);
		zb_fen approved = 0, funded = 0;
		for (size_t i = 0; i < ni; i++) {
			assert_true(f.r.funded[i] >= 0 && f.r.funded[i] <= f.it[i].approved);
			zb_fen d = 0;
			for (uint32_t k = 0; k < f.r.n_item_draws[i]; k++)
				d += f.r.draws[f.r.first_draw[i] + k].amount;
			assert_int_equal(d, f.r.funded[i]);
			approved += f.it[i].approved;
			funded += f.r.funded[i];
			/* a package is funded whole */
			if (f.r.pkg_of_item[i] != UINT32_MAX)
				assert_int_equal(f.r.funded[i] == f.it[i].approved ||
							 f.r.packages[f.r.pkg_of_item[i]].decision != PKG_FUNDED,
						 1);
		}
		for (size_t s = 0; s < ns; s++)
			assert_true(f.r.source_left[s] >= 0);
		for (size_t p = 0; p < np; p++)
			assert_true(f.r.carry_left[p] >= 0);
		assert_int_equal(funded, f.r.funded_total);
		/* approved − funded splits exactly into capacity and affordability */
		assert_int_equal(approved - funded, f.r.capacity_fen_cut + f.r.affordability_fen);
		alloc_result_free(&f.r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guarantee_shortfall), cmocka_unit_test(test_carryover_earmarked_general),
		cmocka_unit_test(test_levels_eligibility),  cmocka_unit_test(test_skip_then_smaller),
		cmocka_unit_test(test_general_ranking),     cmocka_unit_test(test_major_by_rank),
		cmocka_unit_test(test_affordability),       cmocka_unit_test(test_capacity_whatif),
		cmocka_unit_test(test_invariants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
