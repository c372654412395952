/*
 * fuzz.h - shared by the libFuzzer targets (tests/fuzz/fuzz_*.c): a small
 * in-memory book with one of every kind, made once.  The targets that
 * write run each input inside a held transaction rolled back after it
 * (store_test_hold), so each input starts from the same book and a crash
 * reproduces from its one input, whatever ran before.  (They used to copy
 * the book before each input with db_copy_into, SQLite's backup, which
 * bumps the schema cookie: the schema was read again and every cached
 * statement prepared again, most of an input's cost.)
 *
 * A target's invariant that does not hold calls fuzz_fail, which aborts:
 * libFuzzer then saves the input as a crash.
 */
#ifndef ZBB_FUZZ_H
#define ZBB_FUZZ_H

#include "db.h"
#include "store.h"
#include "import.h"
#include "kinds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define fuzz_fail(...)                                                                                            \
	do {                                                                                                      \
		fprintf(stderr, "fuzz invariant: " __VA_ARGS__);                                                  \
		fputc('\n', stderr);                                                                              \
		abort();                                                                                          \
	} while (0)

static inline void fuzz_import_text(struct book *b, const char *kind, const char *csv)
{
	struct import_result res;
	struct buf err = BUF_INIT;
	if (import_mem(b, "test", kind_find(kind), kind, csv, strlen(csv), NULL, &res, &err))
		fuzz_fail("seed import %s: %s %s", kind, buf_str(&err), res.n_shown ? res.errors[0] : "");
	import_result_release(&res);
	buf_release(&err);
}

/* A book of year 2026 with a row of every kind: agencies A1 A2, project PA
 * of A1 (item 1) and PB of A2, standards, pools, sources … */
static inline struct book *fuzz_seed_book(void)
{
	struct book *b;
	struct buf err = BUF_INIT;
	setenv("ZBB_NOW", "2026-11-01T09:00:00Z", 1);
	lang_init("zh");
	if (store_open(":memory:", STORE_CREATE, &b, &err) || store_init_year(b, "test", 2026, &err))
		fuzz_fail("seed book: %s", buf_str(&err));
	fuzz_import_text(b, "agencies", "code,name,headcount,function\nA1,市教育局,10,205\nA2,市卫生健康委,5,210\n");
	fuzz_import_text(b, "bases", "code,title,level,valid_from\nB1,《预算法》,national,2015-01-01\n");
	fuzz_import_text(b, "standards", "code,name,economic,unit,max_price,quota_per_head\nS1,台式电脑,31002,台,6000,1\n");
	fuzz_import_text(b, "priorities", "code,name,rank\nPR1,北斗规模应用,1\n");
	fuzz_import_text(b, "negative", "code,description,economic,keyword\nN1,楼堂馆所,309,办公楼\n");
	fuzz_import_text(b, "pools", "code,name,economic\nIT,信息化,310;30213\n");
	fuzz_import_text(b, "prices", "pool,standard,price\nIT,S1,4500\n");
	fuzz_import_text(b, "projects",
			 "code,agency,name,kind,tier,function,basis,new\n"
			 "PA,A1,教学设备购置,specific,general,2050201,B1,y\n"
			 "PB,A2,医院设备,specific,general,2100201,B1,n\n");
	fuzz_import_text(b, "items",
			 "project,seq,content,economic,standard,unit,price,quantity\n"
			 "PA,1,台式电脑,31002,S1,台,5000,2.5\nPB,1,监护仪,31002,,台,25000.5,2\n");
	fuzz_import_text(b, "history", "year,agency,project,budget,executed\n2025,A2,PB,90000,85000\n");
	fuzz_import_text(b, "sources", "code,name,kind,function,amount\nG1,一般公共预算收入,general,,1250000\n");
	fuzz_import_text(b, "evaluations", "project,score,conclusion\nPB,80,support\n");
	fuzz_import_text(b, "reviews", "project,seq,action,price\nPB,1,adjust,24000\n");
	fuzz_import_text(b, "targets", "project,level1,level2,name,operator,value,unit\nPA,output,数量,台数,>=,2,台\n");
	fuzz_import_text(b, "plans", "project,year,amount\nPA,2027,1000\n");
	buf_release(&err);
	return b;
}

/* Make work a copy of tmpl (same year). */
static inline void fuzz_restore(struct book *work, struct book *tmpl)
{
	struct buf err = BUF_INIT;
	if (db_copy_into(work->db, tmpl->db, &err))
		fuzz_fail("restore: %s", buf_str(&err));
	buf_release(&err);
	work->year = tmpl->year;
}

#endif
