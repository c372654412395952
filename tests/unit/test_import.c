/*
 * test_import - SPEC §4: importing the fifteen kinds into a book.
 *
 * Each test runs on a fresh temporary book (year 2026) with a small base
 * of reference data, feeds import_mem a hand-written file and checks the
 * result code, the exact "FILE:LINE: column: reason" messages and what is
 * stored.  Expected values are worked out by hand from SPEC §2/§4 and
 * noted beside each case.
 */
#include "unit.h"
#include "db.h"
#include "store.h"
#include "export.h"
#include "import.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fx {
	char dir[64];
	char path[96];
	struct book *b;
};

static struct fx *F;

/* Import text as kind; returns the import code; the errors, one per line,
 * are left in *errs (caller frees), the counts in *res. */
static int imp_res(const char *kind, const char *text, struct import_result *res, char **errs)
{
	struct buf err = BUF_INIT, all = BUF_INIT;
	const struct kind *k = kind_find(kind);
	assert_non_null(k);
	int rc = import_mem(F->b, "test", k, "t.csv", text, strlen(text), NULL, res, &err);
	if (rc == IMPORT_FAILED)
		fail_msg("%s: storage failure: %s", kind, buf_str(&err));
	for (size_t i = 0; i < res->n_shown; i++)
		buf_printf(&all, "%s\n", res->errors[i]);
	*errs = buf_detach(&all);
	buf_release(&err);
	return rc;
}

/* Import that must succeed. */
static void ok(const char *kind, const char *text)
{
	struct import_result res;
	char *errs;
	if (imp_res(kind, text, &res, &errs) != IMPORT_OK)
		fail_msg("%s: import failed:\n%s", kind, errs);
	free(errs);
	import_result_release(&res);
}

/* Import that must fail with exactly these messages (joined by newlines,
 * each ended by one), leaving the kind's export unchanged. */
static char *exp_kind(const char *kind);
static void bad(const char *kind, const char *text, const char *want)
{
	struct import_result res;
	char *errs, *before = exp_kind(kind);
	int rc = imp_res(kind, text, &res, &errs);
	if (rc != IMPORT_BAD_INPUT)
		fail_msg("%s: rc %d for:\n%s", kind, rc, text);
	if (strcmp(errs, want))
		fail_msg("%s: errors\n  got  [%s]\n  want [%s]", kind, errs, want);
	char *after = exp_kind(kind);
	if (strcmp(before, after))
		fail_msg("%s: the book changed on a failed import:\n%s\n---\n%s", kind, before, after);
	free(before);
	free(after);
	free(errs);
	import_result_release(&res);
}

static char *exp_fmt(const char *kind, enum export_format f)
{
	char *s = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&s, &n);
	struct buf err = BUF_INIT;
	if (export_kind(F->b, kind_find(kind), f, out, &err))
		fail_msg("export %s: %s", kind, buf_str(&err));
	fclose(out);
	buf_release(&err);
	return s;
}

static char *exp_kind(const char *kind)
{
	return exp_fmt(kind, EXPORT_CSV);
}

static void exp_is(const char *kind, const char *want)
{
	char *got = exp_kind(kind);
	if (strcmp(got, want))
		fail_msg("export %s\n  got  [%s]\n  want [%s]", kind, got, want);
	free(got);
}

static int64_t q1(const char *sql)
{
	struct db_stmt *st = db_prepare(F->b->db, sql);
	int64_t v = -999;
	assert_non_null(st);
	if (db_step(st) == DB_ROW)
		v = db_col_is_null(st, 0) ? -1 : db_col_int64(st, 0);
	db_done(st);
	return v;
}

static int setup(void **state)
{
	(void)state;
	struct buf err = BUF_INIT;
	F = calloc(1, sizeof(*F));
	strcpy(F->dir, "/tmp/zbb-imp-XXXXXX");
	assert_non_null(mkdtemp(F->dir));
	snprintf(F->path, sizeof F->path, "%s/book.db", F->dir);
	if (store_open(F->path, STORE_CREATE, &F->b, &err) || store_init_year(F->b, "test", 2026, &err))
		fail_msg("book: %s", buf_str(&err));
	buf_release(&err);
	zb_lang = LANG_ZH;
	/* the reference data most tests lean on */
	ok("agencies", "code,name,headcount,function\nA1,市教育局,100,205\n");
	ok("bases", "code,title,level,valid_from\nB1,关于义务教育经费保障的通知,national,2020-01-01\n");
	ok("standards", "code,name,economic,unit,max_price,basis\nS1,办公设备,30201,台,5000,B1\n");
	ok("pools", "code,name,economic\nPL1,信息化,30201;31002\n");
	ok("priorities", "code,name,rank\nPR1,教育强市,1\n");
	ok("projects", "code,agency,name,kind,tier,function\nP1,A1,校舍维修,specific,general,20502\n");
	ok("items", "project,seq,content,economic,unit,price,quantity\nP1,1,维修,30209,项,100,1\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	store_close(F->b);
	snprintf(cmd, sizeof cmd, "rm -rf %s", F->dir);
	assert_int_equal(system(cmd), 0);
	free(F);
	zb_lang = LANG_ZH;
	return 0;
}

/* imp-1: the header. */
static void test_header(void **state)
{
	(void)state;
	/* 1.1 columns in any order, optional ones left out: headcount takes its
	 * default 0, parent and function stay empty */
	ok("agencies", "name,code\n市财政局,A2\n");
	exp_is("agencies", "code,name,parent,headcount,function,establishment,retired,class\n"
			   "A1,市教育局,,100,205,,0,\nA2,市财政局,,0,,,0,\n");
	/* 1.2 unknown column */
	bad("agencies", "code,name,colour\nA3,x,red\n",
	    "t.csv:1: colour: 未知列（agencies 的列为：code, name, parent, headcount, function, establishment, retired, "
	    "class）\n");
	/* 1.3 missing required column */
	bad("agencies", "code,headcount\nA3,1\n", "t.csv:1: name: 缺少必填列（单位名称）\n");
	/* 1.4 a column twice */
	bad("agencies", "code,name,code\nA3,x,A3\n", "t.csv:1: code: 列重复\n");
	/* 1.5 header names are trimmed; a BOM before the header is dropped */
	ok("agencies", "\xEF\xBB\xBF code , name \nA3,x\n");
	assert_int_equal(store_count(F->b, "agencies"), 3);
	/* 1.6 an unnamed (empty) header column is ignored while it stays empty,
	 * as Excel writes trailing empty columns ... */
	ok("agencies", "code,name,,\nA4,y,,\n");
	/* ... but data under it is an error */
	bad("agencies", "code,name,\nA5,z,\nA6,w,oops\n", "t.csv:3: 第 3 列表头没有列名，本行在该列却有内容\n");
	/* 1.7 header only; empty file; only blank lines */
	ok("agencies", "code,name\n"); /* imports nothing and succeeds (SPEC §4) */
	bad("agencies", "", "t.csv: 文件为空（缺少表头行）\n");
	bad("agencies", "\n \n\n", "t.csv: 文件为空（缺少表头行）\n");
	/* 1.8 English */
	zb_lang = LANG_EN;
	bad("agencies", "code,headcount\nA3,1\n", "t.csv:1: name: required column missing\n");
	bad("agencies", "code,name\nA3,\n", "t.csv:2: name: required\n");
	zb_lang = LANG_ZH;
}

/* imp-2: cells. */
static void test_cells(void **state)
{
	(void)state;
	bad("agencies", "code,name\nA9,\n", "t.csv:2: name: 必填（单位名称）\n");
	bad("agencies", "code,name\nA9,  \n", "t.csv:2: name: 必填（单位名称）\n");
	bad("agencies", "code,name,headcount\nA9,x,12x\n", "t.csv:2: headcount: 不是数字: “12x”\n");
	bad("agencies", "code,name,headcount\nA9,x,-1\n", "t.csv:2: headcount: 不能为负数: “-1”\n");
	bad("agencies", "code,name\nA 9,x\n", "t.csv:2: code: 编码不能含空格、分号或控制字符: “A 9”\n");
	/* a 65-byte code */
	bad("agencies", "code,name\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,x\n",
	    "t.csv:2: code: 编码最长 64 字节: “AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA”\n");
	/* every bad cell of a row is reported, in column order */
	bad("agencies", "code,name,headcount,function\n,,x,2050\n",
	    "t.csv:2: code: 必填（单位编码）\nt.csv:2: name: 必填（单位名称）\n"
	    "t.csv:2: headcount: 不是数字: “x”\nt.csv:2: function: 功能分类科目应为 3、5 或 7 位数字: “2050”\n");
	/* a long Chinese cell is quoted up to 80 bytes, cut between characters:
	 * 27 × "市" is 81 bytes, so 26 of them (78 bytes) are shown */
	bad("agencies",
	    "code,name,headcount\nA9,x,市市市市市市市市市市市市市市市市市市市市市市市市市市市\n",
	    "t.csv:2: headcount: 含全角或非 ASCII 字符，请使用半角数字: "
	    "“市市市市市市市市市市市市市市市市市市市市市市市市市市…”\n");
	/* a row of empty cells is skipped like a blank line; the ragged row is not */
	ok("agencies", "code,name\nA9,x\n,\n , \n");
	bad("agencies", "code,name\nA10,x\nA11,y,z\nA12\n",
	    "t.csv:3: 本行有 3 列，表头有 2 列\nt.csv:4: 本行有 1 列，表头有 2 列\n");
}

/* imp-3: money and quantities on items, stored exactly. */
static void test_money(void **state)
{
	(void)state;
	const char *h = "project,seq,content,economic,unit,price,quantity\n";
	char f[512];
	/* "3,500.50" yuan = 350050 fen; "2.5" = 25000 ten-thousandths */
	snprintf(f, sizeof f, "%sP1,2,打印机,30201,台,\"3,500.50\",2.5\n", h);
	ok("items", f);
	assert_int_equal(q1("SELECT price_fen FROM items WHERE project='P1' AND seq=2"), 350050);
	assert_int_equal(q1("SELECT quantity FROM items WHERE project='P1' AND seq=2"), 25000);
	/* 0.0001 is the smallest quantity: 1 */
	snprintf(f, sizeof f, "%sP1,3,耗材,30201,件,0.01,0.0001\n", h);
	ok("items", f);
	assert_int_equal(q1("SELECT quantity FROM items WHERE project='P1' AND seq=3"), 1);
	assert_int_equal(q1("SELECT price_fen FROM items WHERE project='P1' AND seq=3"), 1);
	snprintf(f, sizeof f, "%sP1,4,x,30201,台,1.005,1\n", h);
	bad("items", f, "t.csv:2: price: 最多两位小数: “1.005”\n");
	snprintf(f, sizeof f, "%sP1,4,x,30201,台,-5,1\n", h);
	bad("items", f, "t.csv:2: price: 不能为负数: “-5”\n");
	snprintf(f, sizeof f, "%sP1,4,x,30201,台,5,1.23456\n", h);
	bad("items", f, "t.csv:2: quantity: 最多四位小数: “1.23456”\n");
	snprintf(f, sizeof f, "%sP1,4,x,30201,台,1e3,1\n", h);
	bad("items", f, "t.csv:2: price: 不接受科学计数法: “1e3”\n");
	snprintf(f, sizeof f, "%sP1,4,x,30201,台,\"12,50\",1\n", h);
	bad("items", f, "t.csv:2: price: 千分位逗号位置不对: “12,50”\n");
	/* INT64_MAX fen × 1 is representable as an item; × 2 is not:
	 * 9223372036854775807 × 20000 / 10000 > INT64_MAX.  Beside P1's other
	 * items (7001.25 + 0.01 yuan, and whatever seq 1 holds) it makes the
	 * project's requested total leave int64 fen (SPEC §4): refused. */
	snprintf(f, sizeof f, "%sP1,4,x,30201,台,92233720368547758.07,1\n", h);
	bad("items", f, "t.csv:2: quantity: 项目 P1 的申报总额（各明细单价×数量之和）超出金额范围\n");
	/* the largest item that still fits beside them: INT64_MAX − the rest */
	int64_t rest = q1("SELECT sum(price_fen * quantity / 10000) FROM items WHERE project='P1'");
	assert_true(rest > 0);
	snprintf(f, sizeof f, "%sP1,4,x,30201,台,%lld.%02lld,1\n", h, (long long)((INT64_MAX - rest) / 100),
		 (long long)((INT64_MAX - rest) % 100));
	ok("items", f);
	snprintf(f, sizeof f, "%sP1,4,x,30201,台,%lld.%02lld,1\n", h, (long long)((INT64_MAX - rest + 1) / 100),
		 (long long)((INT64_MAX - rest + 1) % 100));
	bad("items", f, "t.csv:2: quantity: 项目 P1 的申报总额（各明细单价×数量之和）超出金额范围\n");
	snprintf(f, sizeof f, "%sP1,4,x,30201,台,92233720368547758.07,2\n", h);
	bad("items", f, "t.csv:2: quantity: 单价×数量超出金额范围\n");
	/* 46116860184273879.04 yuan × 2 = 2^63 fen: one fen over */
	snprintf(f, sizeof f, "%sP1,4,x,30201,台,46116860184273879.04,2\n", h);
	bad("items", f, "t.csv:2: quantity: 单价×数量超出金额范围\n");
	snprintf(f, sizeof f, "%sP1,4,x,30201,台,92233720368547758.08,1\n", h);
	bad("items", f, "t.csv:2: price: 数值超出范围: “92233720368547758.08”\n");
	/* seq and level ranges */
	snprintf(f, sizeof f, "project,seq,content,economic,unit,price,quantity,level\nP1,0,x,30201,台,1,1,4\n");
	bad("items", f, "t.csv:2: seq: 应在 1 到 100000000 之间: “0”\nt.csv:2: level: 应在 1 到 3 之间: “4”\n");
}

/* imp-4: classification codes (SPEC §2). */
static void test_codes(void **state)
{
	(void)state;
	const char *h = "code,agency,name,kind,tier,function\n";
	char f[256];
	/* function: 3, 5 or 7 digits */
	snprintf(f, sizeof f, "%sQ1,A1,x,specific,general,205\nQ2,A1,x,specific,general,20502\n"
		 "Q3,A1,x,specific,general,2050201\n", h);
	ok("projects", f);
	snprintf(f, sizeof f, "%sQ4,A1,x,specific,general,2050\nQ5,A1,x,specific,general,205020\n", h);
	bad("projects", f, "t.csv:2: function: 功能分类科目应为 3、5 或 7 位数字: “2050”\n"
			   "t.csv:3: function: 功能分类科目应为 3、5 或 7 位数字: “205020”\n");
	/* 218 is not a function class in the table; 20a is not digits */
	snprintf(f, sizeof f, "%sQ4,A1,x,specific,general,21801\nQ5,A1,x,specific,general,20a\n", h);
	bad("projects", f, "t.csv:2: function: 功能分类中没有这个类级科目（见 zbb codes function）: “21801”\n"
			   "t.csv:3: function: 科目编码只能由数字组成: “20a”\n");
	/* economic: 3 or 5 digits; 304 is not a class */
	const char *hi = "project,seq,content,economic,unit,price,quantity\n";
	snprintf(f, sizeof f, "%sP1,5,x,302,台,1,1\nP1,6,x,30201,台,1,1\n", hi);
	ok("items", f);
	snprintf(f, sizeof f, "%sP1,7,x,3020101,台,1,1\nP1,8,x,30401,台,1,1\n", hi);
	bad("items", f, "t.csv:2: economic: 经济分类科目应为 3 或 5 位数字: “3020101”\n"
			"t.csv:3: economic: 经济分类中没有这个类级科目（见 zbb codes economic）: “30401”\n");
	/* prefixes: pools take a ';' list of 3–7 digit prefixes */
	ok("pools", "code,name,economic\nPL2,车辆, 30231 ; 31013 ;\n");
	exp_is("pools", "code,name,economic\nPL1,信息化,30201;31002\nPL2,车辆,30231;31013\n");
	bad("pools", "code,name,economic\nPL3,x,30;304\n",
	    "t.csv:2: economic: 经济分类科目应为 3 或 5 位数字: “30;304”\n");
	bad("pools", "code,name,economic\nPL3,x,;\n", "t.csv:2: economic: 列表为空: “;”\n");
}

/* imp-5: structural references must resolve (SPEC §4). */
static void test_refs(void **state)
{
	(void)state;
	bad("projects", "code,agency,name,kind,tier,function\nQ1,AX,x,specific,general,205\n",
	    "t.csv:2: agency: 预算单位 “AX” 不存在（先导入 agencies）\n");
	bad("items", "project,seq,content,economic,unit,price,quantity\nPX,1,x,30201,台,1,1\n",
	    "t.csv:2: project: 项目 “PX” 不存在（先导入 projects）\n");
	bad("prices", "pool,standard,price\nPL1,SX,10\nPLX,S1,10\n",
	    "t.csv:2: standard: 支出标准 “SX” 不存在（先导入 standards）\n"
	    "t.csv:3: pool: 统筹类别 “PLX” 不存在（先导入 pools）\n");
	ok("prices", "pool,standard,price\nPL1,S1,4500\n");
	bad("standards", "code,name,economic,unit,max_price,basis\nS2,x,30201,台,1,BX\n",
	    "t.csv:2: basis: 政策依据 “BX” 不存在（先导入 bases）\n");
	bad("history", "year,agency,project,budget,executed\n2025,AX,P1,1,1\n",
	    "t.csv:2: agency: 预算单位 “AX” 不存在（先导入 agencies）\n");
	for (const char *const *k = (const char *const[]){ "evaluations", "targets", "plans", NULL }; *k; k++) {
		const char *f = !strcmp(*k, "evaluations") ? "project,score,conclusion\nPX,80,support\n"
				: !strcmp(*k, "targets") ? "project,level1,level2,name,operator,value\nPX,output,数量,x,=,1\n"
							 : "project,year,amount\nPX,2027,1\n";
		bad(*k, f, "t.csv:2: project: 项目 “PX” 不存在（先导入 projects）\n");
	}
	/* references the rules judge are stored as given: an item's standard,
	 * a project's bases and priority (a finding later, not an import error) */
	ok("items", "project,seq,content,economic,standard,unit,price,quantity\nP1,2,x,30201,SX,台,1,1\n");
	ok("projects", "code,agency,name,kind,tier,function,basis,priority\n"
		       "Q1,A1,x,specific,major,205,B1;BX,PRX\n");
	exp_is("projects", "code,agency,name,kind,tier,function,rigid,urgent,new,basis,priority,scope,score,start_year,end_year\n"
			   "P1,A1,校舍维修,specific,general,20502,n,n,n,,,department,,,\n"
			   "Q1,A1,x,specific,major,205,n,n,n,B1;BX,PRX,department,,,\n");
	/* self-reference: a parent on a later line of the same file, or in the book */
	ok("agencies", "code,name,parent\nA20,子单位,A21\nA21,主管部门,A1\n");
	bad("agencies", "code,name,parent\nA22,x,AZ\n", "t.csv:2: parent: “AZ” 既不在本文件中，也不在账簿中\n");
	bad("agencies", "code,name,parent\nA22,x,A22\n", "t.csv:2: parent: 上级单位不能是本单位\n");
}

/* imp-6: keys: duplicates in one file, upsert, all or nothing. */
static void test_keys(void **state)
{
	(void)state;
	bad("agencies", "code,name\nA7,x\nA8,y\nA7,z\n", "t.csv:4: code: 键重复：与第 2 行相同\n");
	/* seq is a number: "01" and "1" are the same key; line 4 starts the
	 * record after a quoted field spanning two lines */
	bad("items", "project,seq,content,economic,unit,price,quantity\nP1,5,\"a\nb\",30201,台,1,1\nP1,05,x,30201,台,1,1\n",
	    "t.csv:4: project,seq: 键重复：与第 2 行相同\n");
	/* empty keys are reported once, not also as duplicates of each other */
	bad("agencies", "code,name\n,x\n,y\n", "t.csv:2: code: 必填（单位编码）\nt.csv:3: code: 必填（单位编码）\n");
	/* upsert: one new, one replaced; the replaced row's values change */
	struct import_result res;
	char *errs;
	assert_int_equal(imp_res("agencies", "code,name,headcount\nA1,市教育局（新）,120\nA2,市卫健委,30\n", &res, &errs),
			 IMPORT_OK);
	assert_int_equal(res.n_rows, 2);
	assert_int_equal(res.n_inserted, 1);
	assert_int_equal(res.n_updated, 1);
	assert_int_equal(res.converted, 0);
	free(errs);
	import_result_release(&res);
	exp_is("agencies", "code,name,parent,headcount,function,establishment,retired,class\n"
			   "A1,市教育局（新）,,120,,,0,\nA2,市卫健委,,30,,,0,\n");
	/* re-importing a project keeps its items (an upsert, not delete+insert) */
	ok("projects", "code,agency,name,kind,tier,function\nP1,A1,校舍维修（改）,specific,general,20502\n");
	assert_int_equal(store_count(F->b, "items"), 1);
	assert_int_equal(q1("SELECT version FROM projects WHERE code='P1'"), 2);
	/* all or nothing: good rows, then one bad row at the end; the export
	 * before and after must match (bad() compares them) */
	bad("agencies", "code,name\nA1,改名\nA30,新单位\nA31,\n", "t.csv:4: name: 必填（单位名称）\n");
	assert_int_equal(store_count(F->b, "agencies"), 2);
	/* the error cap: 60 bad rows, 50 kept, 60 counted */
	struct buf f = BUF_INIT;
	buf_adds(&f, "code,name\n");
	for (int i = 0; i < 60; i++)
		buf_printf(&f, "X%d,\n", i);
	assert_int_equal(imp_res("agencies", f.s, &res, &errs), IMPORT_BAD_INPUT);
	assert_int_equal(res.n_errors, 60);
	assert_int_equal(res.n_shown, 50);
	assert_string_equal(res.errors[49], "t.csv:51: name: 必填（单位名称）");
	free(errs);
	import_result_release(&res);
	struct import_opts o = { .max_errors = 3 };
	struct buf err = BUF_INIT;
	assert_int_equal(import_mem(F->b, "test", kind_find("agencies"), "t.csv", f.s, f.len, &o, &res, &err), IMPORT_BAD_INPUT);
	assert_int_equal(res.n_shown, 3);
	assert_int_equal(res.n_errors, 60);
	import_result_release(&res);
	buf_release(&err);
	buf_release(&f);
}

/* imp-7: projects' consistency rules (SPEC §4). */
static void test_projects(void **state)
{
	(void)state;
	const char *h = "code,agency,name,kind,tier,function,priority,start_year,end_year\n";
	char f[512];
	snprintf(f, sizeof f, "%sQ1,A1,工资,personnel,general,205,,,\n", h);
	bad("projects", f, "t.csv:2: tier: 人员类项目的保障档次应为 wages（保工资）\n");
	snprintf(f, sizeof f, "%sQ1,A1,运转,operation,wages,205,,,\n", h);
	bad("projects", f, "t.csv:2: tier: 运转类项目的保障档次应为 operations（保运转）\n");
	snprintf(f, sizeof f, "%sQ1,A1,大事,specific,major,205,,,\n", h);
	bad("projects", f, "t.csv:2: priority: 大事要事项目须填写所属的大事要事保障清单事项\n");
	snprintf(f, sizeof f, "%sQ1,A1,x,specific,general,205,,2028,2027\n", h);
	bad("projects", f, "t.csv:2: end_year: 终止年度早于起始年度\n");
	snprintf(f, sizeof f, "%sQ1,A1,x,特定,general,205,,,\n", h);
	bad("projects", f, "t.csv:2: kind: 应为以下之一：personnel operation specific: “特定”\n");
	/* Chinese aliases are stored as codes; booleans in any spelling */
	ok("projects", "code,agency,name,kind,tier,function,rigid,urgent,new,score\n"
		       "Q1,A1,工资,人员类,保工资,205,是,YES,0,85.5\n"
		       "Q2,A1,运转,operation,operations,205,TRUE,n,否,100\n");
	exp_is("projects", "code,agency,name,kind,tier,function,rigid,urgent,new,basis,priority,scope,score,start_year,end_year\n"
			   "P1,A1,校舍维修,specific,general,20502,n,n,n,,,department,,,\n"
			   "Q1,A1,工资,personnel,wages,205,y,y,n,,,department,85.5,,\n"
			   "Q2,A1,运转,operation,operations,205,y,n,n,,,department,100,,\n");
	assert_int_equal(q1("SELECT score FROM projects WHERE code='Q1'"), 8550);
	/* 100.01 has two decimals but is over 100; 85.555 has three */
	bad("projects", "code,agency,name,kind,tier,function,rigid,score\nQ3,A1,x,specific,general,205,maybe,100.01\n"
			"Q4,A1,x,specific,general,205,n,85.555\n",
	    "t.csv:2: rigid: 应为 y/n、是/否、true/false 或 1/0: “maybe”\n"
	    "t.csv:2: score: 应在 0 到 100 之间: “100.01”\n"
	    "t.csv:3: score: 最多两位小数: “85.555”\n");
}

/* imp-8: evaluations, reviews, sources, negative, bases, standards,
 * targets, history: the rest of the consistency rules. */
static void test_rules(void **state)
{
	(void)state;
	/* evaluations: 16.1 × 5 = 80.5 = score */
	ok("evaluations", "project,score,conclusion,necessity,economy,targets,feasibility,compliance,evaluator,date\n"
			  "P1,80.5,support,16.1,16.1,16.1,16.1,16.1,某评估公司,2026-03-01\n");
	/* 16 × 4 + 15 = 79 ≠ 80 */
	bad("evaluations", "project,score,conclusion,necessity,economy,targets,feasibility,compliance\n"
			   "P1,80,support,16,16,16,16,15\n",
	    "t.csv:2: score: 评分 80 不等于五个维度之和 79\n");
	bad("evaluations", "project,score,conclusion,necessity,economy,targets,feasibility\nP1,80,support,20,20,20,20\n",
	    "t.csv:2: necessity: 五个维度（necessity、economy、targets、feasibility、compliance）须全部填写或全部留空\n");
	bad("evaluations", "project,score,conclusion,necessity\nP1,80,support,20.5\n",
	    "t.csv:2: necessity: 应在 0 到 20 之间: “20.5”\n");
	bad("evaluations", "project,score,conclusion\nP1,80,partial\n",
	    "t.csv:2: ratio: 调整后支持（partial）须填写核定比例\n");
	bad("evaluations", "project,score,conclusion,ratio\nP1,80,support,0.5\n",
	    "t.csv:2: ratio: 只有调整后支持（partial）才填写比例\n");
	bad("evaluations", "project,score,conclusion,ratio\nP1,80,partial,1.2\n", "t.csv:2: ratio: 应在 0 到 1 之间: “1.2”\n");
	/* 0.7 is 700000 millionths; conclusion in Chinese */
	ok("evaluations", "project,score,conclusion,ratio\nP1,75,调整后支持,0.7\n");
	assert_int_equal(q1("SELECT ratio FROM evaluations WHERE project='P1'"), 700000);
	exp_is("evaluations", "project,score,conclusion,ratio,necessity,economy,targets,feasibility,compliance,evaluator,date\n"
			      "P1,75,partial,0.7,,,,,,,\n");

	/* reviews: whole project (empty seq) approve or cut; adjust needs an item */
	ok("reviews", "project,seq,round,action,reason,reviewer\nP1,,,approve,重新论证,张三\nP1,1,2,cut,不必要,李四\n");
	assert_int_equal(q1("SELECT seq FROM reviews WHERE project='P1' AND round=1"), 0);
	exp_is("reviews", "project,seq,round,action,price,quantity,reason,reviewer\n"
			  "P1,,1,approve,,,重新论证,张三\nP1,1,2,cut,,,不必要,李四\n");
	bad("reviews", "project,seq,action,price\nP1,,adjust,10\n", "t.csv:2: seq: 调整（adjust）须指明明细序号\n");
	bad("reviews", "project,seq,action\nP1,1,adjust\n", "t.csv:2: price: 调整（adjust）须给出核定单价或数量\n");
	bad("reviews", "project,seq,action,quantity\nP1,1,approve,2\n", "t.csv:2: quantity: 只有调整（adjust）才填写单价或数量\n");
	bad("reviews", "project,seq,action,price\nP1,9,adjust,10\n", "t.csv:2: seq: 项目 P1 没有第 9 条明细\n");
	bad("reviews", "project,seq,action\nP1,,cut\nP1,,approve\n", "t.csv:3: project,seq,round: 键重复：与第 2 行相同\n");
	ok("reviews", "project,seq,round,action,price,quantity\nP1,1,3,adjust,80.5,0.5\n");
	assert_int_equal(q1("SELECT price_fen FROM reviews WHERE project='P1' AND seq=1 AND round=3"), 8050);
	assert_int_equal(q1("SELECT quantity FROM reviews WHERE project='P1' AND seq=1 AND round=3"), 5000);

	/* sources */
	bad("sources", "code,name,kind,amount\nF1,中央转移支付,earmarked,100\n",
	    "t.csv:2: function: 上级专项转移支付须填写适用的功能分类前缀\n");
	bad("sources", "code,name,kind,function,amount\nF1,一般公共预算,general,205,100\n",
	    "t.csv:2: function: 一般性财力不限定功能分类，应留空\n");
	ok("sources", "code,name,kind,function,amount\nF1,一般公共预算,general,,\"1,000,000\"\nF2,教育专项,earmarked,205;2080,50000.5\n");
	exp_is("sources", "code,name,kind,function,amount,budget\nF1,一般公共预算,general,,1000000.00,public\nF2,教育专项,earmarked,205;2080,50000.50,public\n");
	/* the budget a source belongs to (SPEC §4), by code or Chinese name */
	ok("sources", "code,name,kind,amount,budget\nF3,土地出让收入,general,10,政府性基金预算\nF4,国企利润,general,5,capital\n");
	assert_int_equal(q1("SELECT count(*) FROM sources WHERE code='F3' AND budget='fund'"), 1);
	assert_int_equal(q1("SELECT count(*) FROM sources WHERE code='F4' AND budget='capital'"), 1);
	bad("sources", "code,name,kind,amount,budget\nF5,x,general,1,other\n",
	    "t.csv:2: budget: 应为以下之一：public fund capital unit: “other”\n");

	/* negative: an economic prefix, a keyword or both */
	bad("negative", "code,description,scope\nN1,x,all\n", "t.csv:2: economic: 经济分类前缀和关键词至少填一项\n");
	bad("negative", "code,description,keyword,scope\nN1,x,庆典,some\n", "t.csv:2: scope: 应为以下之一：all major: “some”\n");
	ok("negative", "code,description,keyword\nN1,禁止庆典,庆典\n");
	exp_is("negative", "code,description,economic,keyword,scope,except\nN1,禁止庆典,,庆典,all,\n");

	/* valid_from ≤ valid_to, real dates */
	bad("bases", "code,title,valid_from,valid_to\nB2,x,2026-01-02,2026-01-01\n", "t.csv:2: valid_to: 失效日期早于生效日期\n");
	bad("standards", "code,name,economic,unit,max_price,valid_from,valid_to\nS2,x,30201,台,1,2027-01-01,2026-12-31\n",
	    "t.csv:2: valid_to: 失效日期早于生效日期\n");
	bad("bases", "code,title,valid_from\nB2,x,2026-02-29\n", "t.csv:2: valid_from: 不是有效日期: “2026-02-29”\n");
	bad("bases", "code,title,valid_from\nB2,x,2026.01.01\n", "t.csv:2: valid_from: 日期应写作 YYYY-MM-DD（或 YYYY/M/D）: “2026.01.01”\n");
	ok("bases", "code,title,level,valid_from,valid_to\nB2,x,省级,2024-02-29,2024-02-29\n");

	/* targets: a quantitative value that is not a number is stored as
	 * given; the rules report it (TARGET_NOT_MEASURABLE, SPEC §5), as the
	 * platforms do, rather than refusing the agency's whole file */
	ok("targets", "project,level1,level2,name,operator,value\nP1,output,数量,维修面积,>=,很多\n");
	assert_int_equal(q1("SELECT count(*) FROM targets WHERE value='很多'"), 1);
	ok("targets", "project,level1,level2,name,operator,value,unit,weight\n"
		      "P1,产出,数量,维修面积,>=,\"1,200\",平方米,30\n"
		      "P1,效益,社会,安全隐患,<=,-0.5%,,\n"
		      "P1,满意度,服务对象满意度,师生满意,qualitative,较好,,\n");
	/* ordered by (project, name) in byte order: 安 E5 AE, 师 E5 B8, 维 E7 BB */
	exp_is("targets", "project,level1,level2,name,operator,value,unit,weight\n"
			  "P1,benefit,社会,安全隐患,<=,-0.5%,,\n"
			  "P1,satisfaction,服务对象满意度,师生满意,qualitative,较好,,\n"
			  "P1,output,数量,维修面积,>=,\"1,200\",平方米,30\n");

	/* history: no fiscal year column, keyed by (year, project); the
	 * project may be retired, the agency must exist */
	ok("history", "year,agency,project,name,budget,executed,carryover,score\n"
		      "2025,A1,OLD1,已撤销项目,100,80,,90\n2024,A1,OLD1,已撤销项目,100,100,,\n2025,A1,P1,,50.5,50.5,1,\n");
	exp_is("history", "year,agency,project,name,budget,executed,carryover,score\n"
			  "2024,A1,OLD1,已撤销项目,100.00,100.00,0.00,\n"
			  "2025,A1,OLD1,已撤销项目,100.00,80.00,0.00,90\n"
			  "2025,A1,P1,,50.50,50.50,1.00,\n");
	bad("history", "year,agency,project,budget,executed\n2025,A1,P1,1,1\n2025,A1,P1,2,2\n",
	    "t.csv:3: year,project: 键重复：与第 2 行相同\n");

	/* plans */
	ok("plans", "project,year,amount\nP1,2027,\"1,000\"\nP1,2028,0\n");
	exp_is("plans", "project,year,amount\nP1,2027,1000.00\nP1,2028,0.00\n");
}

/* imp-9: GB18030 input through import, and the JSON export. */
static void test_encoding_json(void **state)
{
	(void)state;
	struct import_result res;
	char *errs;
	/* "市财政局" in GB18030: 市 CA D0, 财 B2 C6, 政 D5 FE, 局 BE D6 */
	assert_int_equal(imp_res("agencies", "code,name\nA2,\xca\xd0\xb2\xc6\xd5\xfe\xbe\xd6\n", &res, &errs), IMPORT_OK);
	assert_int_equal(res.converted, 1);
	free(errs);
	import_result_release(&res);
	exp_is("agencies", "code,name,parent,headcount,function,establishment,retired,class\n"
			   "A1,市教育局,,100,205,,0,\nA2,市财政局,,0,,,0,\n");
	char *j = exp_fmt("items", EXPORT_JSON);
	/* item P1/1: price 100 yuan = 10000 fen, quantity 1 */
	assert_non_null(strstr(j, "\"price_fen\": 10000"));
	assert_non_null(strstr(j, "\"quantity\": \"1\""));
	assert_null(strstr(j, "\"price\":"));
	free(j);
}


/* imp-10: what Excel and WPS write (SPEC §2, §4): Chinese headers, Y/M/D
 * dates, thousands separators in integers, percents only for ratios, bare
 * quotes, files judged by their content. */
static void test_excel(void **state)
{
	(void)state;
	/* 10.1 the Chinese column names zbb prints, mixed with English ones */
	ok("agencies", "单位编码,单位名称,实有人数,function\nA7,市卫健委,\"1,250\",210\n");
	assert_int_equal(q1("SELECT headcount FROM agencies WHERE code='A7'"), 1250);
	bad("agencies", "单位编码,code,name\nA8,A8,x\n", "t.csv:1: code: 列重复\n");
	/* 10.2 thousands separators in integers, misplaced ones refused */
	bad("agencies", "code,name,headcount\nA8,x,\"12,50\"\n", "t.csv:2: headcount: 千分位逗号位置不对: “12,50”\n");
	/* 10.3 dates: 2026/1/1 and 2026/01/01 are 2026-01-01 */
	ok("bases", "code,title,valid_from,valid_to\nB7,x,2026/1/1,2026/12/31\nB8,y,2026/01/01,\n");
	exp_is("bases", "code,title,level,valid_from,valid_to\n"
			"B1,关于义务教育经费保障的通知,national,2020-01-01,\n"
			"B7,x,,2026-01-01,2026-12-31\nB8,y,,2026-01-01,\n");
	bad("bases", "code,title,valid_from\nB9,x,2026/2/30\n", "t.csv:2: valid_from: 不是有效日期: “2026/2/30”\n");
	bad("bases", "code,title,valid_from\nB9,x,2026-1-1\n",
	    "t.csv:2: valid_from: 日期应写作 YYYY-MM-DD（或 YYYY/M/D）: “2026-1-1”\n");
	bad("bases", "code,title,valid_from\nB9,x,2026/1-1\n",
	    "t.csv:2: valid_from: 日期应写作 YYYY-MM-DD（或 YYYY/M/D）: “2026/1-1”\n");
	/* 10.4 a percent where a ratio is asked: 85% = 0.85 = 850000
	 * millionths, 12.5% = 125000; above 100% is out of range */
	ok("evaluations", "project,score,conclusion,ratio\nP1,80,partial,85%\n");
	assert_int_equal(q1("SELECT ratio FROM evaluations WHERE project='P1'"), 850000);
	ok("evaluations", "project,score,conclusion,ratio\nP1,80,partial,12.5%\n");
	assert_int_equal(q1("SELECT ratio FROM evaluations WHERE project='P1'"), 125000);
	bad("evaluations", "project,score,conclusion,ratio\nP1,80,partial,120%\n",
	    "t.csv:2: ratio: 应在 0 到 1 之间: “120%”\n");
	/* ... and an error anywhere else, never a silent change of value */
	bad("items", "project,seq,content,economic,unit,price,quantity\nP1,5,x,30201,台,100,100%\n",
	    "t.csv:2: quantity: 此列不接受百分数（只有比例列可写 85%）: “100%”\n");
	bad("agencies", "code,name,headcount\nA8,x,50%\n",
	    "t.csv:2: headcount: 此列不接受百分数（只有比例列可写 85%）: “50%”\n");
	bad("evaluations", "project,score,conclusion\nP1,80%,support\n",
	    "t.csv:2: score: 此列不接受百分数（只有比例列可写 85%）: “80%”\n");
	/* 10.5 a bare quote inside a field is literal */
	ok("agencies", "code,name\nA8,长株潭供水\"水塔\"\n");
	exp_is("agencies", "code,name,parent,headcount,function,establishment,retired,class\nA1,市教育局,,100,205,,0,\n"
			   "A7,市卫健委,,1250,210,,0,\nA8,\"长株潭供水\"\"水塔\"\"\",,0,,,0,\n");
	/* 10.6 another separator, named */
	bad("agencies", "code\tname\nA9\tx\n",
	    "t.csv:1: 文件是制表符分隔的文本（如 Excel 的“文本文件（制表符分隔）”或“Unicode 文本”），请另存为“CSV UTF-8（逗号分隔）”或 .xlsx\n");
	bad("agencies", "code;name\nA9;x\n",
	    "t.csv:1: 文件是分号分隔的文本（欧洲区域设置的 CSV），请另存为逗号分隔的 CSV 或 .xlsx\n");
	/* 10.7 the format by content: UTF-16 (with and without a BOM), an
	 * OLE2 (.xls) file; a zip in memory is not read as text */
	struct import_result res;
	char *errs;
	static const char u16[] = "\xff\xfe" "c\0o\0d\0e\0";
	assert_int_equal(import_mem(F->b, "t", kind_find("agencies"), "t.csv", u16, sizeof u16 - 1, NULL, &res,
				    &(struct buf)BUF_INIT), IMPORT_BAD_INPUT);
	assert_string_equal(res.errors[0],
			    "t.csv: 文件是 UTF-16 编码的文本（Excel 的“Unicode 文本”），请另存为“CSV UTF-8（逗号分隔）”或 .xlsx");
	import_result_release(&res);
	static const char u16nobom[] = "c\0o\0d\0e\0,\0";
	assert_int_equal(import_mem(F->b, "t", kind_find("agencies"), "t.csv", u16nobom, sizeof u16nobom - 1, NULL,
				    &res, &(struct buf)BUF_INIT), IMPORT_BAD_INPUT);
	assert_non_null(strstr(res.errors[0], "UTF-16"));
	import_result_release(&res);
	static const char ole[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0";
	assert_int_equal(import_mem(F->b, "t", kind_find("agencies"), "t.csv", ole, sizeof ole - 1, NULL, &res,
				    &(struct buf)BUF_INIT), IMPORT_BAD_INPUT);
	assert_string_equal(res.errors[0],
			    "t.csv: 文件是旧版 Excel 工作簿（.xls）或加密的工作簿，请另存为 .xlsx 或“CSV UTF-8（逗号分隔）”");
	import_result_release(&res);
	(void)errs;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cells, setup, teardown),
		cmocka_unit_test_setup_teardown(test_money, setup, teardown),
		cmocka_unit_test_setup_teardown(test_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_projects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encoding_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_excel, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
