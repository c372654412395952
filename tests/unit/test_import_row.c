/*
 * test_import_row - import_check_row, the web API's entry to the import
 * rules: one row as name → text pairs must be judged exactly like the same
 * row in a CSV file, message for message.
 */
#include "unit.h"
#include "import.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];
static struct book *b;

static int setup(void **state)
{
	(void)state;
	struct buf err = BUF_INIT;
	struct import_result res;
	lang_init("zh");
	snprintf(path, sizeof path, "/tmp/zbb-row-%d.db", (int)getpid());
	unlink(path);
	if (store_open(path, STORE_CREATE, &b, &err) || store_init_year(b, "test", 2026, &err))
		fail_msg("%s", buf_str(&err));
	const char *csv = "code,name\nA1,市教育局\n";
	assert_int_equal(import_mem(b, "test", kind_find("agencies"), "a.csv", csv, strlen(csv), NULL, &res, &err), IMPORT_OK);
	import_result_release(&res);
	buf_release(&err);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(b);
	char p2[80];
	unlink(path);
	snprintf(p2, sizeof p2, "%s-wal", path);
	unlink(p2);
	snprintf(p2, sizeof p2, "%s-shm", path);
	unlink(p2);
	return 0;
}

struct rcase {
	const char *id;
	const char *kind;
	const char *header, *row; /* the CSV form of the same row */
	int n_errors;
	const char *first; /* the first message, without "FILE:LINE: " */
};

static const struct rcase cases[] = {
	{ "row-1.1", "projects", "code,agency,name,kind,tier,function", "P1,A1,设备,specific,general,2050201", 0, NULL },
	{ "row-1.2", "projects", "code,agency,name,kind,tier,function", "P1,A1,设备,personnel,general,2050201", 1,
	  "tier: 人员类项目的保障档次应为 wages（保工资）" },
	{ "row-1.3", "projects", "code,agency,name,kind,tier,function", "P1,A9,设备,specific,general,2050201", 1,
	  "agency: 预算单位 “A9” 不存在（先导入 agencies）" },
	{ "row-1.4", "projects", "code,agency,name,kind,tier,function", "P1,A1,,specific,general,2050201", 1,
	  "name: 必填（项目名称）" },
	{ "row-1.5", "projects", "code,agency,name,kind,tier,function", "P1,A1,设备,special,general,2050201", 1,
	  "kind: 应为以下之一：personnel operation specific: “special”" },
	{ "row-1.6", "projects", "code,agency,name,kind,tier,function,score", "P1,A1,设备,specific,general,2050201,100.5", 1,
	  "score: 应在 0 到 100 之间: “100.5”" },
	{ "row-2.1", "items", "project,seq,content,economic,unit,price,quantity", "PX,1,电脑,31002,台,5000,2.5", 1,
	  "project: 项目 “PX” 不存在（先导入 projects）" },
	{ "row-2.2", "items", "project,seq,content,economic,unit,price,quantity", "PX,0,电脑,31002,台,5000,2.5", 2,
	  "seq: 应在 1 到 100000000 之间: “0”" },
	{ "row-2.3", "items", "project,seq,content,economic,unit,price,quantity", "PX,1,电脑,31002,台,5000.001,2.5", 2,
	  NULL },
	{ "row-3.1", "evaluations", "project,score,conclusion", "PX,80,partial", 2, "ratio: 调整后支持（partial）须填写核定比例" },
};

static void test_same_as_file(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		const struct rcase *t = &cases[c];
		const struct kind *k = kind_find(t->kind);
		/* split header and row (no quoting in these cases) */
		char *h = strdup(t->header), *r = strdup(t->row);
		const char *names[32], *texts[32];
		size_t n = 0;
		for (char *p = h, *q = r; p; n++) {
			char *pe = strchr(p, ','), *qe = strchr(q, ',');
			if (pe)
				*pe = 0;
			if (qe)
				*qe = 0;
			names[n] = p;
			texts[n] = q;
			p = pe ? pe + 1 : NULL;
			q = qe ? qe + 1 : q + strlen(q);
		}
		struct val v[32];
		struct buf scratch[32];
		memset(scratch, 0, sizeof scratch);
		struct import_result res, fres;
		memset(&res, 0, sizeof res);
		long ne = import_check_row(b, k, n, names, texts, v, scratch, &res);
		if (ne != t->n_errors)
			fail_msg("%s: %ld errors, want %d (%s)", t->id, ne, t->n_errors, res.n_shown ? res.errors[0] : "");
		if (t->first && strcmp(res.errors[0], t->first))
			fail_msg("%s: [%s], want [%s]", t->id, res.errors[0], t->first);
		/* the file says the same after its "FILE:LINE: " */
		struct buf csv = BUF_INIT, err = BUF_INIT;
		buf_printf(&csv, "%s\n%s\n", t->header, t->row);
		int rc = import_mem(b, "test", k, "f.csv", csv.s, csv.len, NULL, &fres, &err);
		if (ne) {
			assert_int_equal(rc, IMPORT_BAD_INPUT);
			if (strncmp(fres.errors[0], "f.csv:2: ", 9) || strcmp(fres.errors[0] + 9, res.errors[0]))
				fail_msg("%s: file [%s] vs row [%s]", t->id, fres.errors[0], res.errors[0]);
		} else {
			assert_int_equal(rc, IMPORT_OK);
		}
		import_result_release(&fres);
		import_result_release(&res);
		for (int i = 0; i < 32; i++)
			buf_release(&scratch[i]);
		buf_release(&csv);
		buf_release(&err);
		free(h);
		free(r);
	}
}

static void test_values_and_names(void **state)
{
	(void)state;
	const struct kind *k = kind_find("projects");
	struct val v[32];
	struct buf scratch[32];
	memset(scratch, 0, sizeof scratch);
	struct import_result res;
	memset(&res, 0, sizeof res);
	/* defaults, trimming, list normalisation, Chinese enum aliases */
	const char *names[] = { "code", "agency", "name", "kind", "tier", "function", "basis" };
	const char *texts[] = { " P9 ", "A1", "设备", "特定目标类", "一般项目", "2050201", " B1 ; B2 ;" };
	assert_int_equal(import_check_row(b, k, 7, names, texts, v, scratch, &res), 0);
	assert_int_equal((int)v[0].n, 2);
	assert_memory_equal(v[3].s, "specific", 8);
	assert_int_equal(v[6].i, 0);           /* rigid: default n */
	assert_memory_equal(v[11].s, "department", 10); /* scope default */
	assert_int_equal((int)v[9].n, 5);
	assert_memory_equal(v[9].s, "B1;B2", 5);
	/* unknown and repeated names */
	const char *n2[] = { "code", "agency", "name", "kind", "tier", "function", "colour", "name" };
	const char *t2[] = { "P9", "A1", "x", "specific", "general", "2050201", "red", "y" };
	assert_int_equal(import_check_row(b, k, 8, n2, t2, v, scratch, &res), 2);
	assert_non_null(strstr(res.errors[0], "colour: 未知字段"));
	assert_string_equal(res.errors[1], "name: 字段重复");
	import_result_release(&res);
	for (int i = 0; i < 32; i++)
		buf_release(&scratch[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_file),
		cmocka_unit_test(test_values_and_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
