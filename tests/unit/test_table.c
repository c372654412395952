/* test_table - a flat table streamed a row at a time (table_stream_*) reads
 * exactly as the same table held whole (table_print_*): widths from every
 * row, money rounded per cell, codes as words, rows left out. */
#include "unit.h"
#include "table.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* The candidates: the third is left out (funded in full). */
static const struct {
	const char *project, *agency, *codes;
	int64_t seq, requested, funded;
	int shown;
} rows[] = {
	{ "P-1", "A1", "CUT_CAPACITY", 1, 1234567, 0, 1 },
	{ "P-22", "A1", "POOLED;OVER_STANDARD", 12, 25000, 15000, 1 },
	{ "P-333", "A2", "", 3, 5000000, 5000000, 0 },
	{ "P-4", "A10", "POOLED", 4, 123456789012, 123456780000, 1 },
};
#define N_ROWS (sizeof rows / sizeof rows[0])

static void columns(struct table *t)
{
	table_init(t, "cuts", "未足额安排的明细");
	table_col(t, "project", "项目", "project", TC_TEXT);
	table_col(t, "seq", "序号", "seq", TC_INT);
	table_col(t, "agency", "单位", "agency", TC_TEXT);
	table_col(t, "requested_fen", "申报数", "requested", TC_MONEY);
	table_col(t, "funded_fen", "安排数", "funded", TC_MONEY);
	table_col(t, "codes", "原因", "codes", TC_TEXT);
	table_col_words(t, 5, WORDS_FINDING);
}

static void fill(struct table *t, size_t i, size_t r)
{
	table_text(t, r, 0, rows[i].project);
	table_int(t, r, 1, rows[i].seq);
	table_text(t, r, 2, rows[i].agency);
	table_int(t, r, 3, rows[i].requested);
	table_int(t, r, 4, rows[i].funded);
	table_text(t, r, 5, rows[i].codes);
}

static int stream_row(size_t i, struct table *t, void *arg)
{
	int *calls = arg;
	(*calls)++;
	if (!rows[i].shown)
		return 0;
	fill(t, i, 0);
	return 1;
}

enum how { TEXT, CSV, CSV_PEOPLE };

static char *whole(enum how h)
{
	struct table t;
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	columns(&t);
	for (size_t i = 0; i < N_ROWS; i++)
		if (rows[i].shown)
			fill(&t, i, table_row(&t));
	if (h == TEXT)
		table_print_text(&t, f, UNIT_WAN);
	else if (h == CSV)
		table_print_csv(&t, f);
	else
		table_print_csv_people(&t, f, UNIT_WAN);
	fclose(f);
	table_free(&t);
	return s;
}

static char *streamed(enum how h, int *calls)
{
	struct table t;
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	struct table_stream ts = { N_ROWS, stream_row, calls };
	columns(&t);
	if (h == TEXT)
		table_stream_text(&t, &ts, f, UNIT_WAN);
	else if (h == CSV)
		table_stream_csv(&t, &ts, f);
	else
		table_stream_csv_people(&t, &ts, f, UNIT_WAN);
	fclose(f);
	table_free(&t);
	return s;
}

static void test_stream_text(void **state)
{
	(void)state;
	zb_lang = LANG_ZH;
	/* widths by hand: 项目 4 / P-22 4; 序号 4; 单位 4 / A10 3; 申报数 6 /
	 * 123,456.79 10 (123456789012 fen = 123456.789012 万元); 安排数 6 /
	 * 123,456.78 10; 原因: 集中议价、超支出标准 = 10 characters, 20 wide.
	 * the rule 4+4+4+10+10+20 and five gaps of 2 = 62.  1.234567 万元 shows
	 * 1.23, 0.025 shows 0.03, 0.015 shows 0.02 (half up). */
	const char *want = "未足额安排的明细\n"
			   "单位：万元\n"
			   "项目  序号  单位      申报数      安排数  原因\n"
			   "--------------------------------------------------------------\n"
			   "P-1      1  A1          1.23        0.00  财力不足未安排\n"
			   "P-22    12  A1          0.03        0.02  集中议价、超支出标准\n"
			   "P-4      4  A10   123,456.79  123,456.78  集中议价\n";
	int calls = 0;
	char *w = whole(TEXT), *s = streamed(TEXT, &calls);
	assert_string_equal(w, want);
	assert_string_equal(s, want);
	assert_int_equal(calls, 2 * (int)N_ROWS); /* the widths, then the lines */
	free(w);
	free(s);
}

static void test_stream_csv(void **state)
{
	(void)state;
	zb_lang = LANG_ZH;
	const char *want = "project,seq,agency,requested_fen,funded_fen,codes\n"
			   "P-1,1,A1,1234567,0,CUT_CAPACITY\n"
			   "P-22,12,A1,25000,15000,POOLED;OVER_STANDARD\n"
			   "P-4,4,A10,123456789012,123456780000,POOLED\n";
	int calls = 0;
	char *w = whole(CSV), *s = streamed(CSV, &calls);
	assert_string_equal(w, want);
	assert_string_equal(s, want);
	assert_int_equal(calls, (int)N_ROWS);
	free(w);
	free(s);
	const char *people = "\xEF\xBB\xBF"
			     "项目,序号,单位,申报数（万元）,安排数（万元）,原因\r\n"
			     "P-1,1,A1,1.23,0.00,财力不足未安排\r\n"
			     "P-22,12,A1,0.03,0.02,集中议价、超支出标准\r\n"
			     "P-4,4,A10,123456.79,123456.78,集中议价\r\n";
	w = whole(CSV_PEOPLE);
	s = streamed(CSV_PEOPLE, &calls);
	assert_string_equal(w, people);
	assert_string_equal(s, people);
	free(w);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream_text),
		cmocka_unit_test(test_stream_csv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
