/* test_money - SPEC §2: exact money and quantities, table-driven at the edges. */
#include "unit.h"
#include "money.h"
#include "util.h"

#include <string.h>

struct pcase {
	const char *id, *in;
	int ok;
	int64_t want;
};

static void test_money_parse(void **state)
{
	(void)state;
	static const struct pcase cases[] = {
		{ "money-1.1", "12500", 1, 1250000 },
		{ "money-1.2", "12500.5", 1, 1250050 },
		{ "money-1.3", "12,500.50", 1, 1250050 },
		{ "money-1.4", "1,234.5", 1, 123450 },
		{ "money-1.5", " 7 ", 1, 700 },
		{ "money-1.6", "0", 1, 0 },
		{ "money-1.7", "0.01", 1, 1 },
		{ "money-1.8", "92233720368547758.07", 1, INT64_MAX },
		{ "money-2.1", "0.005", 0, 0 },
		{ "money-2.2", "1e5", 0, 0 },
		{ "money-2.3", "+5", 0, 0 },
		{ "money-2.4", "-5", 0, 0 },
		{ "money-2.5", "-0", 0, 0 },
		{ "money-2.6", "１２", 0, 0 },
		{ "money-2.7", "92233720368547758.08", 0, 0 },
		{ "money-2.8", "99999999999999999999", 0, 0 },
		{ "money-2.9", "12,50", 0, 0 },
		{ "money-2.10", "1,2345", 0, 0 },
		{ "money-2.11", ",100", 0, 0 },
		{ "money-2.12", "", 0, 0 },
		{ "money-2.13", "5.", 0, 0 },
		{ "money-2.14", ".5", 0, 0 },
		{ "money-2.15", "1 000", 0, 0 },
		{ "money-2.16", "5-", 0, 0 },
		{ "money-2.17", "12.345", 0, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t v = -1;
		const char *why = NULL;
		int rc = money_parse(cases[i].in, strlen(cases[i].in), 0, &v, &why);
		if ((rc == 0) != cases[i].ok)
			fail_msg("%s: %s: rc %d", cases[i].id, cases[i].in, rc);
		if (cases[i].ok && v != cases[i].want)
			fail_msg("%s: %s: got %lld", cases[i].id, cases[i].in, (long long)v);
		if (!cases[i].ok)
			assert_non_null(why);
	}
	/* a sign where one is allowed */
	int64_t v;
	const char *why;
	assert_int_equal(money_parse("-0", 2, DEC_NEG, &v, &why), 0);
	assert_int_equal(v, 0);
	assert_int_equal(money_parse("-12.5", 5, DEC_NEG, &v, &why), 0);
	assert_int_equal(v, -1250);
}

static void test_qty_parse(void **state)
{
	(void)state;
	static const struct pcase cases[] = {
		{ "qty-1.1", "3", 1, 30000 },
		{ "qty-1.2", "2.5", 1, 25000 },
		{ "qty-1.3", "0.0001", 1, 1 },
		{ "qty-1.4", "1,000.1234", 1, 10001234 },
		{ "qty-2.1", "0.00001", 0, 0 },
		{ "qty-2.2", "-1", 0, 0 },
		{ "qty-2.3", "1E2", 0, 0 },
		{ "qty-2.4", "922337203685477.5808", 0, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t v = -1;
		const char *why = NULL;
		int rc = qty_parse(cases[i].in, strlen(cases[i].in), &v, &why);
		if ((rc == 0) != cases[i].ok)
			fail_msg("%s: %s: rc %d", cases[i].id, cases[i].in, rc);
		if (cases[i].ok && v != cases[i].want)
			fail_msg("%s: %s: got %lld", cases[i].id, cases[i].in, (long long)v);
	}
}

static void test_mul_qty(void **state)
{
	(void)state;
	struct {
		const char *id;
		int64_t price, qty;
		int ok;
		int64_t want;
	} cases[] = {
		{ "mul-1.1", 350000, 20000, 1, 700000 },   /* 3,500.00 × 2 = 7,000.00 */
		{ "mul-1.2", 1, 5000, 1, 1 },              /* 0.01 × 0.5 = 0.005 → 0.01 (half up) */
		{ "mul-1.3", 1, 4999, 1, 0 },              /* 0.004999 → 0.00 */
		{ "mul-1.4", 333, 3333, 1, 111 },          /* 3.33 × 0.3333 = 1.109889 → 1.11 */
		{ "mul-1.5", 0, 123456789, 1, 0 },
		{ "mul-1.6", INT64_MAX, 10000, 1, INT64_MAX }, /* × 1 */
		{ "mul-2.1", INT64_MAX, 10001, 0, 0 },     /* just over */
		{ "mul-2.2", INT64_MAX / 2, 30000, 0, 0 },
		{ "mul-1.7", -1, 5000, 1, -1 },            /* half away from zero */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t v = -7;
		int rc = money_mul_qty(cases[i].price, cases[i].qty, &v);
		if ((rc == 0) != cases[i].ok)
			fail_msg("%s: rc %d", cases[i].id, rc);
		if (cases[i].ok && v != cases[i].want)
			fail_msg("%s: got %lld want %lld", cases[i].id, (long long)v, (long long)cases[i].want);
	}
}

static void test_scale_floor(void **state)
{
	(void)state;
	int64_t v;
	/* 0.7 and 0.9 average to exactly 0.8: 1000.00 × 8/10 = 800.00 */
	assert_int_equal(money_scale_floor(100000, 8, 10, &v), 0);
	assert_int_equal(v, 80000);
	/* 1.00 × 2/3 = 0.666… → floored to 0.66 */
	assert_int_equal(money_scale_floor(100, 2, 3, &v), 0);
	assert_int_equal(v, 66);
	assert_int_equal(money_scale_floor(INT64_MAX, 1, 1, &v), 0);
	assert_int_equal(v, INT64_MAX);
	assert_int_equal(money_scale_floor(INT64_MAX, 2, 1, &v), -1);
	int64_t s;
	assert_int_equal(money_add(INT64_MAX, 1, &s), -1);
	assert_int_equal(money_sub(INT64_MIN, 1, &s), -1);
	assert_int_equal(money_add(INT64_MAX - 1, 1, &s), 0);
	assert_int_equal(s, INT64_MAX);
}

static void test_format(void **state)
{
	(void)state;
	char b[MONEY_BUFSZ];
	assert_string_equal(money_format(1250050, UNIT_YUAN, b), "12,500.50");
	assert_string_equal(money_format(1250050, UNIT_WAN, b), "1.25");
	assert_string_equal(money_format(1255000, UNIT_WAN, b), "1.26"); /* 1.255 → half up */
	assert_string_equal(money_format(123456789012, UNIT_WAN, b), "123,456.79");
	assert_string_equal(money_format(123456789012, UNIT_YI, b), "12.35");
	assert_string_equal(money_format(-1250050, UNIT_YUAN, b), "-12,500.50");
	assert_string_equal(money_format(0, UNIT_WAN, b), "0.00");
	assert_string_equal(money_format(INT64_MAX, UNIT_YUAN, b), "92,233,720,368,547,758.07");
	assert_string_equal(money_format(INT64_MIN, UNIT_YUAN, b), "-92,233,720,368,547,758.08");
	assert_string_equal(money_format_plain(1250050, b), "12500.50");
	assert_string_equal(dec_format_min(25000, 4, b), "2.5");
	assert_string_equal(dec_format_min(30000, 4, b), "3");
	assert_string_equal(dec_format_min(1, 4, b), "0.0001");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_parse), cmocka_unit_test(test_qty_parse),
		cmocka_unit_test(test_mul_qty),     cmocka_unit_test(test_scale_floor),
		cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
