/* test_demo - the demo city generator: deterministic, sized as promised,
 * shaped like the input files, and tuned as the issue asks (livelihood
 * share, IT pool saving, sources below the request). */
#include "unit.h"
#include "demo.h"
#include "kinds.h"

#include <string.h>

static struct demo_out one;
static int have_one;

static const struct demo_out *city(void)
{
	if (!have_one) {
		struct demo_opts o = { 1, 2026, 0, 0, NULL };
		assert_int_equal(demo_generate(&o, &one), 0);
		have_one = 1;
	}
	return &one;
}

static void test_demo_deterministic(void **state)
{
	(void)state;
	const struct demo_out *a = city();
	struct demo_out b;
	struct demo_opts o = { 1, 2026, 0, 0, NULL };
	memset(&b, 0, sizeof b);
	assert_int_equal(demo_generate(&o, &b), 0);
	for (int k = 0; k < DEMO_N_KINDS; k++) {
		if (a->csv[k].len != b.csv[k].len || memcmp(a->csv[k].s, b.csv[k].s, a->csv[k].len))
			fail_msg("demo-1.%d: %s differs between two runs", k, demo_kind_names[k]);
	}
	demo_out_release(&b);
}

static void test_demo_sizes(void **state)
{
	(void)state;
	static const struct {
		int kind;
		long lo, hi;
	} want[] = {
		{ DK_AGENCIES, 110, 140 },   { DK_BASES, 30, 80 },        { DK_STANDARDS, 80, 200 },
		{ DK_PRIORITIES, 6, 20 },    { DK_NEGATIVE, 5, 30 },      { DK_POOLS, 7, 7 },
		{ DK_PRICES, 20, 100 },      { DK_PROJECTS, 2700, 3300 }, { DK_ITEMS, 55000, 66000 },
		{ DK_HISTORY, 2000, 8000 },  { DK_SOURCES, 5, 20 },       { DK_EVALUATIONS, 50, 500 },
		{ DK_REVIEWS, 100, 2000 },   { DK_TARGETS, 5000, 30000 }, { DK_PLANS, 20, 500 },
	};
	const struct demo_stats *st = &city()->stats;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		long n = st->n_rows[want[i].kind];
		if (n < want[i].lo || n > want[i].hi)
			fail_msg("demo-2.%zu: %s has %ld rows, wanted %ld…%ld", i, demo_kind_names[want[i].kind], n,
				 want[i].lo, want[i].hi);
	}
}

/* Every header names the kind's columns, every row has as many fields as
 * the header (the generator never needs quotes with commas inside). */
static void test_demo_shape(void **state)
{
	(void)state;
	const struct demo_out *d = city();
	for (int k = 0; k < DEMO_N_KINDS; k++) {
		const struct kind *kd = kind_find(demo_kind_names[k]);
		assert_non_null(kd);
		const char *s = d->csv[k].s, *nl = strchr(s, '\n');
		assert_non_null(nl);
		size_t n_cols = 0;
		for (const char *p = s; p < nl;) {
			const char *e = memchr(p, ',', (size_t)(nl - p));
			if (!e)
				e = nl;
			char name[64];
			snprintf(name, sizeof name, "%.*s", (int)(e - p), p);
			if (kind_col(kd, name) < 0)
				fail_msg("demo-3.%d: %s: unknown column %s", k, kd->name, name);
			n_cols++;
			p = e + 1;
		}
		long lines = 0;
		for (const char *p = nl + 1; *p;) {
			const char *e = strchr(p, '\n');
			assert_non_null(e);
			size_t commas = 0;
			int quoted = 0;
			for (const char *q = p; q < e; q++) {
				if (*q == '"')
					quoted = !quoted;
				else if (*q == ',' && !quoted)
					commas++;
			}
			if (commas + 1 != n_cols)
				fail_msg("demo-3.%d: %s line %ld has %zu fields, header %zu", k, kd->name, lines + 2,
					 commas + 1, n_cols);
			lines++;
			p = e + 1;
		}
		assert_int_equal(lines, d->stats.n_rows[k]);
	}
}

static void test_demo_tuning(void **state)
{
	(void)state;
	const struct demo_stats *st = &city()->stats;
	zb_fen tiers = 0;
	for (int i = 0; i < 5; i++)
		tiers += st->tier_fen[i];
	assert_true(tiers == st->requested_fen);
	/* livelihood above 70% of the request */
	if (st->livelihood_fen * 100 <= st->requested_fen * 70)
		fail_msg("demo-4.1: livelihood share %lld/%lld", (long long)st->livelihood_fen,
			 (long long)st->requested_fen);
	/* the IT pool's negotiated prices save about 22% */
	zb_fen saved = st->it_before_fen - st->it_after_fen;
	print_message("IT pool saving %lld.%02lld%% of %lld fen\n", (long long)(saved * 100 / st->it_before_fen),
		      (long long)(saved * 10000 / st->it_before_fen % 100), (long long)st->it_before_fen);
	if (saved * 100 < st->it_before_fen * 20 || saved * 100 > st->it_before_fen * 25)
		fail_msg("demo-4.2: IT pool saves %lld of %lld", (long long)saved, (long long)st->it_before_fen);
	/* sources somewhat short of the request, but above the three guarantees */
	zb_fen three = st->tier_fen[0] + st->tier_fen[1] + st->tier_fen[2];
	assert_true(st->sources_fen < st->requested_fen);
	assert_true(st->sources_fen > three);
	print_message("tiers (万元): wages %lld livelihood %lld operations %lld major %lld general %lld; sources %lld\n",
		      (long long)(st->tier_fen[0] / 1000000), (long long)(st->tier_fen[1] / 1000000),
		      (long long)(st->tier_fen[2] / 1000000), (long long)(st->tier_fen[3] / 1000000),
		      (long long)(st->tier_fen[4] / 1000000), (long long)(st->sources_fen / 1000000));
}

static void test_demo_scale_and_options(void **state)
{
	(void)state;
	struct demo_out b;
	struct demo_opts o = { 2, 2026, 0, 0, NULL };
	memset(&b, 0, sizeof b);
	assert_int_equal(demo_generate(&o, &b), 0);
	long n1 = city()->stats.n_rows[DK_ITEMS], n2 = b.stats.n_rows[DK_ITEMS];
	assert_true(n2 > n1 * 18 / 10 && n2 < n1 * 22 / 10);
	assert_int_equal(b.stats.n_rows[DK_AGENCIES], 2 * city()->stats.n_rows[DK_AGENCIES]);
	assert_int_equal(b.stats.n_rows[DK_STANDARDS], city()->stats.n_rows[DK_STANDARDS]);
	/* the second batch is coded apart and named after a district */
	assert_non_null(strstr(b.csv[DK_AGENCIES].s, "Q01-111002,天元区第一中学,Q01-111001,"));
	demo_out_release(&b);
	struct demo_out c;
	memset(&c, 0, sizeof c);
	struct demo_opts bad0 = { 0, 2026, 0, 0, NULL }, bad1 = { DEMO_MAX_SCALE + 1, 2026, 0, 0, NULL };
	assert_int_equal(demo_generate(&bad0, &c), -1);
	assert_int_equal(demo_generate(&bad1, &c), -1);
	demo_out_release(&c);
}

static int teardown(void **state)
{
	(void)state;
	if (have_one)
		demo_out_release(&one);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_deterministic), cmocka_unit_test(test_demo_sizes),
		cmocka_unit_test(test_demo_shape),         cmocka_unit_test(test_demo_tuning),
		cmocka_unit_test(test_demo_scale_and_options),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
