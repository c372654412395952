/*
 * test_table - the money a person is shown (table_shown, SPEC §7 尾差), on
 * small tables worked out by hand in 万元.  The grand total and every calc
 * column are their true values rounded half away from zero (not the sums
 * of rounded parts), the shown cells add up along the rows (calc columns)
 * and down the row tree, the 尾差 goes to the largest cell that can take it
 * and is noted.  W(x) is x thousandths of a 万元 (1 万元 = 1,000,000 fen).
 */
#include "unit.h"
#include "table.h"

#include <string.h>

#define W(x) ((int64_t)(x) * 1000)
#define S(x) ((int64_t)(x) * 10000) /* x hundredths of a 万元: a shown value */

static void money_cols(struct table *t, const char *const *keys, size_t n)
{
	table_col(t, "item", "项目", "item", TC_TEXT);
	for (size_t j = 0; j < n; j++)
		table_col(t, keys[j], keys[j], keys[j], TC_MONEY);
}

/* a row: its label, its level, then one value per money column */
static size_t row(struct table *t, const char *label, int level, const int64_t *v)
{
	size_t r = table_row(t);
	table_text(t, r, 0, label);
	table_level(t, r, 0, level);
	for (size_t j = 1; j < t->n_cols; j++)
		table_int(t, r, j, v[j - 1]);
	return r;
}

/* shown (in hundredths of a 万元) must be want, row by row */
static void expect(const struct table *t, const struct table_shown *s, const int64_t *want)
{
	for (size_t r = 0; r < t->n_rows; r++)
		for (size_t j = 1; j < t->n_cols; j++)
			if (s->v[r * t->n_cols + j] != S(want[r * (t->n_cols - 1) + j - 1]))
				fail_msg("row %zu column %s shows %lld fen, wanted %lld", r, t->cols[j].key,
					 (long long)s->v[r * t->n_cols + j], (long long)S(want[r * (t->n_cols - 1) + j - 1]));
}

/* table-1: 合计 = a + b, rounding up.  Root a 1.004, b 1.004, 合计 2.008:
 * the parts round to 1.00 + 1.00 = 2.00, the true total to 2.01 (the old
 * code showed 2.00).  The root row's 尾差 +0.01 goes on its largest part (a
 * tie: the first, a → 1.01); then r1 (合计 1.006 → 1.01) lacks 0.01 in a
 * column that lacks it too: cell r1·a (1.004, the largest) → 1.01. */
static void test_total_up(void **state)
{
	(void)state;
	struct table t;
	table_init(&t, "t", NULL);
	static const char *const k[] = { "合计", "a", "b" };
	money_cols(&t, k, 3);
	table_col_calc(&t, 1, (1ULL << 2) | (1ULL << 3), 0);
	row(&t, "合计", LEVEL_TOTAL, (int64_t[]){ W(2008), W(1004), W(1004) });
	row(&t, "r1", 1, (int64_t[]){ W(1006), W(1004), W(2) });
	row(&t, "r2", 1, (int64_t[]){ W(1002), 0, W(1002) });
	struct table_shown s;
	table_shown(&t, UNIT_WAN, &s);
	expect(&t, &s, (int64_t[]){ 201, 101, 100, /**/ 101, 101, 0, /**/ 100, 0, 100 });
	assert_string_equal(buf_str(&s.notes),
			    "“合计”的“a”含尾差 +0.01 万元（各列四舍五入后与“合计”列之差，计入最大的一列）\n"
			    "“r1”的“a”含尾差 +0.01 万元（四舍五入后与“合计”行、“合计”列之差，计入最大的一格）");
	table_shown_release(&s);
	/* in yuan nothing is rounded: the true values, no notes */
	table_shown(&t, UNIT_YUAN, &s);
	assert_int_equal(s.v[1], W(2008));
	assert_int_equal(s.notes.len, 0);
	table_shown_release(&s);
	table_free(&t);
}

/* table-2: 项目 = 合计 − 基本 (a calc column with a minus), rounding down,
 * negative values.  Root 合计 1.003 → 1.00, 基本 0.505 → 0.51, 项目 0.498 →
 * 0.50: 0.51 + 0.50 = 1.01, so 基本 (the larger) takes −0.01 → 0.50.  合计
 * down the rows: r1 1.006 → 1.01, r2 −0.003 → 0.00, 1.01 against 1.00: r1
 * (the larger) → 1.00.  Then r2 lacks +0.01 (0.00 against 0.00 + −0.01, its
 * 项目 −0.005 rounding away from zero) and so does 项目 (0.50 against 0.50 +
 * −0.01): their cell r2·项目 → 0.00.  (The old code showed 项目 as 合计 −
 * 基本 of the shown: root 0.49, r1 0.49.) */
static void test_diff_down_negative(void **state)
{
	(void)state;
	struct table t;
	table_init(&t, "t", NULL);
	static const char *const k[] = { "合计", "基本", "项目" };
	money_cols(&t, k, 3);
	table_col_diff(&t, 3, 1, 2);
	row(&t, "合计", LEVEL_TOTAL, (int64_t[]){ W(1003), W(505), W(498) });
	row(&t, "r1", 1, (int64_t[]){ W(1006), W(503), W(503) });
	row(&t, "r2", 1, (int64_t[]){ W(-3), W(2), W(-5) });
	struct table_shown s;
	table_shown(&t, UNIT_WAN, &s);
	expect(&t, &s, (int64_t[]){ 100, 50, 50, /**/ 100, 50, 50, /**/ 0, 0, 0 });
	assert_string_equal(buf_str(&s.notes),
			    "“合计”的“基本”含尾差 -0.01 万元（各列四舍五入后与“合计”列之差，计入最大的一列）\n"
			    "“r1”的“合计”含尾差 -0.01 万元（各行四舍五入后与“合计”之差，计入最大的一行）\n"
			    "“r2”的“项目”含尾差 +0.01 万元（四舍五入后与“合计”行、“合计”列之差，计入最大的一格）");
	table_shown_release(&s);
	table_free(&t);
}

/* table-3: a true zero stays zero.  合计 down the rows: r1 5.004, r2 2.004,
 * r3 2.004 round to 9.00 against 9.012 → 9.01, r1 (the largest) → 5.01.  Now
 * r1 lacks 0.01 and so does 项目 (2.008 → 2.01 against 0 + 1.00 + 1.00), but
 * r1's 项目 is truly 0: rather than show 0.01 there, r1's 基本 takes +0.01
 * (5.01), r2's 基本 gives it back (1.000 → 0.99: the larger of the cells
 * that can, r2 before r3 on a tie) and r2's 项目 takes it (1.004 → 1.01). */
static void test_zero_stays_zero(void **state)
{
	(void)state;
	struct table t;
	table_init(&t, "t", NULL);
	static const char *const k[] = { "合计", "基本", "项目" };
	money_cols(&t, k, 3);
	table_col_diff(&t, 3, 1, 2);
	row(&t, "合计", LEVEL_TOTAL, (int64_t[]){ W(9012), W(7004), W(2008) });
	row(&t, "r1", 1, (int64_t[]){ W(5004), W(5004), 0 });
	row(&t, "r2", 1, (int64_t[]){ W(2004), W(1000), W(1004) });
	row(&t, "r3", 1, (int64_t[]){ W(2004), W(1000), W(1004) });
	struct table_shown s;
	table_shown(&t, UNIT_WAN, &s);
	expect(&t, &s,
	       (int64_t[]){ 901, 700, 201, /**/ 501, 501, 0, /**/ 200, 99, 101, /**/ 200, 100, 100 });
	table_shown_release(&s);
	table_free(&t);
}

/* table-4: a horizontal table (no row tree) with a calc column of a calc
 * column: 合计 = a + b + 小计, 小计 = c + d.  a 1.004, b 1.004, c 0.503,
 * d 0.503: 小计 1.006 → 1.01, 合计 3.014 → 3.01 (the old code: 1.00 and
 * 3.00).  3.01 = 1.00 + 1.00 + 1.01; 小计 1.01 against 0.50 + 0.50: c (a tie,
 * the first) → 0.51. */
static void test_calc_of_calc(void **state)
{
	(void)state;
	struct table t;
	table_init(&t, "t", NULL);
	static const char *const k[] = { "合计", "a", "b", "小计", "c", "d" };
	money_cols(&t, k, 6);
	table_col_calc(&t, 4, (1ULL << 5) | (1ULL << 6), 0);
	table_col_calc(&t, 1, (1ULL << 2) | (1ULL << 3) | (1ULL << 4), 0);
	row(&t, "本年", LEVEL_NONE, (int64_t[]){ W(3014), W(1004), W(1004), W(1006), W(503), W(503) });
	size_t r = table_row(&t); /* an empty row stays empty */
	table_text(&t, r, 0, "上年");
	table_level(&t, r, 0, LEVEL_NONE);
	struct table_shown s;
	table_shown(&t, UNIT_WAN, &s);
	expect(&t, &s, (int64_t[]){ 301, 100, 100, 101, 51, 50, /**/ 0, 0, 0, 0, 0, 0 });
	assert_string_equal(buf_str(&s.notes),
			    "“本年”的“c”含尾差 +0.01 万元（各列四舍五入后与“小计”列之差，计入最大的一列）");
	table_shown_release(&s);
	table_free(&t);
}

/* table-5: negative money in the grand total's parts (调整后 = 年初 + 调剂 +
 * 调整, the totals row last).  年初 10.004 + 5.004 = 15.008 → 15.01, 调整
 * −2.004 → −2.00, 调整后 13.004 → 13.00: 15.01 − 2.00 = 13.01 is 0.01 too
 * much, taken off the largest part, 年初 → 15.00; its rows 10.00 + 5.00 then
 * add up.  (The old code showed 调整后 13.01 and r1 10.01 / 8.01.) */
static void test_negative_parts(void **state)
{
	(void)state;
	struct table t;
	table_init(&t, "t", NULL);
	static const char *const k[] = { "年初", "调剂", "调整", "调整后" };
	money_cols(&t, k, 4);
	table_col_calc(&t, 4, (1ULL << 1) | (1ULL << 2) | (1ULL << 3), 0);
	size_t r = table_row(&t);
	table_text(&t, r, 0, "r1");
	int64_t r1[] = { W(10004), 0, W(-2004), W(8000) }, r2[] = { W(5004), 0, 0, W(5004) },
		tot[] = { W(15008), 0, W(-2004), W(13004) };
	for (size_t j = 0; j < 4; j++)
		table_int(&t, r, j + 1, r1[j]);
	r = table_row(&t);
	table_text(&t, r, 0, "r2");
	for (size_t j = 0; j < 4; j++)
		table_int(&t, r, j + 1, r2[j]);
	r = table_row(&t);
	table_text(&t, r, 0, "合计");
	for (size_t j = 0; j < 4; j++)
		table_int(&t, r, j + 1, tot[j]);
	t.has_total = 1;
	struct table_shown s;
	table_shown(&t, UNIT_WAN, &s);
	expect(&t, &s, (int64_t[]){ 1000, 0, -200, 800, /**/ 500, 0, 0, 500, /**/ 1500, 0, -200, 1300 });
	assert_string_equal(buf_str(&s.notes),
			    "“合计”的“年初”含尾差 -0.01 万元（各列四舍五入后与“调整后”列之差，计入最大的一列）");
	table_shown_release(&s);
	table_free(&t);
}

/* table-6: one column, a tree two deep (as before): 合计 1.000; A 0.667 →
 * 0.67 with A1 0.333 → 0.33, A2 0.334 → 0.33 (0.66: A2, the larger, →
 * 0.34); B 0.333 → 0.33; 0.67 + 0.33 = 1.00. */
static void test_tree(void **state)
{
	(void)state;
	struct table t;
	table_init(&t, "t", NULL);
	static const char *const k[] = { "v" };
	money_cols(&t, k, 1);
	row(&t, "合计", LEVEL_TOTAL, (int64_t[]){ W(1000) });
	row(&t, "A", 1, (int64_t[]){ W(667) });
	row(&t, "A1", 2, (int64_t[]){ W(333) });
	row(&t, "A2", 2, (int64_t[]){ W(334) });
	row(&t, "B", 1, (int64_t[]){ W(333) });
	struct table_shown s;
	table_shown(&t, UNIT_WAN, &s);
	expect(&t, &s, (int64_t[]){ 100, 67, 33, 34, 33 });
	assert_string_equal(buf_str(&s.notes),
			    "“A2”的“v”含尾差 +0.01 万元（各行四舍五入后与“A”之差，计入最大的一行）");
	table_shown_release(&s);
	table_free(&t);
}

/* table-7: a calc column of neither form (a + b − c) is summed from its
 * shown parts, as before: 1.004 + 1.004 − 0.003 = 2.005 shows 2.00. */
static void test_other_calc(void **state)
{
	(void)state;
	struct table t;
	table_init(&t, "t", NULL);
	static const char *const k[] = { "x", "a", "b", "c" };
	money_cols(&t, k, 4);
	table_col_calc(&t, 1, (1ULL << 2) | (1ULL << 3), 1ULL << 4);
	row(&t, "r", LEVEL_NONE, (int64_t[]){ W(2005), W(1004), W(1004), W(3) });
	struct table_shown s;
	table_shown(&t, UNIT_WAN, &s);
	expect(&t, &s, (int64_t[]){ 200, 100, 100, 0 });
	table_shown_release(&s);
	table_free(&t);
}

/* table-8: calc columns that form a cycle (x = y + p, y = x + q) are no
 * tree: table_shown ends (it looped for ever when the cycle stayed in the
 * column tree), and the plain columns still add up down the rows: p's
 * root 2.008 → 2.01, its rows 1.004 + 1.004 → 1.00 + 1.00, the 尾差 +0.01
 * on the first of the tie (r1). */
static void test_calc_cycle(void **state)
{
	(void)state;
	struct table t;
	table_init(&t, "t", NULL);
	static const char *const k[] = { "x", "y", "p", "q" };
	money_cols(&t, k, 4);
	table_col_calc(&t, 1, (1ULL << 2) | (1ULL << 3), 0);
	table_col_calc(&t, 2, (1ULL << 1) | (1ULL << 4), 0);
	row(&t, "合计", LEVEL_TOTAL, (int64_t[]){ 0, 0, W(2008), W(3) });
	row(&t, "r1", 1, (int64_t[]){ 0, 0, W(1004), W(1) });
	row(&t, "r2", 1, (int64_t[]){ 0, 0, W(1004), W(2) });
	struct table_shown s;
	table_shown(&t, UNIT_WAN, &s);
	expect(&t, &s, (int64_t[]){ 0, 0, 201, 0, /**/ 0, 0, 101, 0, /**/ 0, 0, 100, 0 });
	table_shown_release(&s);
	table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_total_up),	cmocka_unit_test(test_diff_down_negative),
		cmocka_unit_test(test_zero_stays_zero), cmocka_unit_test(test_calc_of_calc),
		cmocka_unit_test(test_negative_parts),	cmocka_unit_test(test_tree),
		cmocka_unit_test(test_other_calc),	cmocka_unit_test(test_calc_cycle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
