/*
 * test_alloc_threads - alloc_run on several threads at once, as the web
 * server runs it (one allocation per request): every thread's result must
 * equal the one-thread result.  alloc.c once ordered packages through a
 * global comparator argument and crashed or misordered here.
 */
#include "unit.h"
#include "alloc.h"
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define NP 6000

static struct alloc_project pr[NP];
static struct alloc_item it[NP];
static char codes[NP][12];
static struct alloc_source src[1] = { { "G1", 0, NULL, 0 } };
static struct alloc_input in;
static zb_fen want_total;
static uint32_t want_order[NP];

static void *worker(void *arg)
{
	int *bad = arg;
	for (int round = 0; round < 12; round++) {
		struct alloc_result r;
		if (alloc_run(&in, &r)) {
			(*bad)++;
			continue;
		}
		if (r.funded_total != want_total || r.n_packages != NP)
			(*bad)++;
		for (size_t k = 0; k < r.n_packages && k < NP; k++)
			if (r.packages[k].project != want_order[k]) {
				(*bad)++;
				break;
			}
		alloc_result_free(&r);
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	uint32_t x = 12345;
	zb_fen total = 0;
	for (size_t p = 0; p < NP; p++) {
		x = x * 1103515245u + 12345u;
		snprintf(codes[p], sizeof codes[p], "P%05zu", p);
		pr[p] = (struct alloc_project){ codes[p], "2050201", (x >> 8) % 3 ? TIER_GENERAL : TIER_LIVELIHOOD, 0,
						(int64_t)((x >> 4) % 10000), (int)((x >> 20) & 1), 0, 0, 0, { 0, 0, 0 }, p, 1 };
		it[p] = (struct alloc_item){ 1, 1, (zb_fen)(1000 + (x >> 12) % 100000) };
		total += it[p].approved;
	}
	src[0].amount = total / 2;
	in = (struct alloc_input){ pr, NP, it, NP, src, 1, -1, { total, total, total }, 100000 };
	struct alloc_result r;
	assert_int_equal(alloc_run(&in, &r), 0);
	want_total = r.funded_total;
	assert_true(want_total > 0 && want_total <= total / 2);
	for (size_t k = 0; k < r.n_packages; k++)
		want_order[k] = r.packages[k].project;
	alloc_result_free(&r);
	pthread_t th[4];
	int bad[4] = { 0 };
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, worker, &bad[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(bad[i], 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_threads) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
