/*
 * store_region.c - the book's regions (财政区划, SPEC §14; see store.h).
 *
 * The regions table lists them (code, name).  Which one the store's
 * statements read and write is the connection's (db_set_region): every
 * statement of the budget's tables says region=zbb_region(), so a
 * connection set to one region sees no row of another.
 */
#include "store.h"
#include "db.h"

#include <stdlib.h>
#include <string.h>

int region_code_check(const char *code, struct buf *err)
{
	if (!code || strlen(code) != 9 || strspn(code, "0123456789") != 9) {
		buf_printf(err, L("区划代码应为 9 位数字（如 430200000）：%s", "a region code is 9 digits (e.g. 430200000): %s"),
			   code ? code : "");
		return 1;
	}
	return 0;
}

int region_level(const char *code)
{
	if (!strcmp(code, REGION_DEFAULT))
		return 0;
	if (strspn(code + 2, "0") >= 7)
		return 1;
	if (strspn(code + 4, "0") >= 5)
		return 2;
	if (strspn(code + 6, "0") >= 3)
		return 3;
	return 4;
}

const char *region_level_name(int level)
{
	switch (level) {
	case 1:
		return L("省级", "province");
	case 2:
		return L("市级", "city");
	case 3:
		return L("县级", "county");
	case 4:
		return L("乡级", "township");
	default:
		return L("未分级", "no level");
	}
}

/* the digits of scope's code that select its subtree */
static size_t scope_prefix(const char *scope)
{
	size_t n = strlen(scope);
	switch (region_level(scope)) {
	case 0:
		return 0;
	case 1:
		return 2;
	case 2:
		return 4;
	case 3:
		return 6;
	default:
		return n;
	}
}

int region_in_scope(const char *code, const char *scope)
{
	if (!scope || !*scope)
		return 0;
	size_t n = scope_prefix(scope);
	return strlen(code) == 9 && !strncmp(code, scope, n);
}

static int sqlfail(struct book *b, struct buf *err)
{
	buf_printf(err, "%s: regions: %s", b->name, db_errmsg(b->db));
	return -1;
}

int64_t store_region_count(struct book *b)
{
	struct db_stmt *st = db_cached(b->db, "SELECT count(*) FROM regions");
	if (!st)
		return -1;
	int64_t n = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
	db_done(st);
	return n;
}

char *store_region_name(struct book *b, const char *code)
{
	struct db_stmt *st = db_cached(b->db, "SELECT name FROM regions WHERE code=?1");
	char *name = NULL;
	if (!st)
		return NULL;
	db_bind_text(st, 1, code, (size_t)-1);
	if (db_step(st) == DB_ROW)
		name = xstrdup(db_col_text(st, 0) ? db_col_text(st, 0) : "");
	db_done(st);
	return name;
}

int store_use_region(struct book *b, const char *code, struct buf *err)
{
	char only[16] = "";
	if (!code) {
		struct db_stmt *st = db_cached(b->db, "SELECT code FROM regions ORDER BY code LIMIT 2");
		int s, n = 0;
		if (!st)
			return sqlfail(b, err);
		while ((s = db_step(st)) == DB_ROW)
			if (n++ == 0)
				snprintf(only, sizeof only, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "");
		db_done(st);
		if (s != DB_DONE)
			return sqlfail(b, err);
		if (n != 1)
			only[0] = 0;
	} else {
		char *name = NULL;
		if (region_code_check(code, err))
			return 1;
		if (!(name = store_region_name(b, code))) {
			buf_printf(err, L("%s: 账簿中没有区划 %s（zbb region list 列出已有的区划）",
					  "%s: the book has no region %s (zbb region list shows its regions)"),
				   b->name, code);
			return 1;
		}
		free(name);
		snprintf(only, sizeof only, "%s", code);
	}
	if (db_set_region(b->db, only, err))
		return -1;
	memcpy(b->region, only, sizeof b->region);
	return 0;
}

int store_regions_each(struct book *b, store_region_fn fn, void *arg, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT code, name FROM regions ORDER BY code");
	int s, rc = 0;
	if (!st)
		return sqlfail(b, err);
	while ((s = db_step(st)) == DB_ROW)
		if ((rc = fn(db_col_text(st, 0), db_col_text(st, 1), arg)) != 0)
			break;
	db_done(st);
	if (!rc && s != DB_DONE)
		return sqlfail(b, err);
	return rc;
}

struct add_arg {
	const char *code, *name;
	int is_rename;
};

static int add_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct add_arg *a = arg;
	struct db_stmt *st = db_cached(b->db, a->is_rename ? "UPDATE regions SET code=?1, name=?2 WHERE code='000000000'"
							    : "INSERT INTO regions(code, name) VALUES(?1, ?2)");
	if (!st)
		return sqlfail(b, err);
	db_bind_text(st, 1, a->code, (size_t)-1);
	db_bind_text(st, 2, a->name, (size_t)-1);
	int s = db_step(st);
	db_done(st);
	if (s == DB_DUPLICATE) {
		buf_printf(err, L("%s: 区划 %s 已在账簿中", "%s: region %s is in the book already"), b->name, a->code);
		return 1;
	}
	if (s != DB_DONE)
		return sqlfail(b, err);
	if ((a->is_rename && store_region_partitions(b, REGION_DEFAULT, 0, err)) ||
	    store_region_partitions(b, a->code, 1, err))
		return -1;
	if (c) {
		c->after = json_pack("{s:s, s:s}", "code", a->code, "name", a->name);
	}
	return 0;
}

int store_region_partitions(struct book *b, const char *code, int make, struct buf *err)
{
	if (db_dialect(b->db) != DB_POSTGRES)
		return 0; /* one SQLite file is one partition */
	struct db_stmt *st = db_cached(b->db, "SELECT zbb_sys.region_partitions(?1, ?2)");
	if (!st)
		return sqlfail(b, err);
	db_bind_text(st, 1, code, (size_t)-1);
	db_bind_int64(st, 2, make ? 1 : 0);
	int s = db_step(st);
	db_done(st);
	return s == DB_ROW || s == DB_DONE ? 0 : sqlfail(b, err);
}

static int name_check(const char *name, struct buf *err)
{
	if (!name || !*name || strlen(name) > 120) {
		buf_adds(err, L("区划名称不能为空，也不能超过 120 字节", "a region's name is neither empty nor over 120 bytes"));
		return 1;
	}
	return 0;
}

int store_region_add(struct book *b, const char *who, const char *code, const char *name, struct buf *err)
{
	if (region_code_check(code, err) || name_check(name, err))
		return 1;
	if (!strcmp(code, REGION_DEFAULT)) {
		buf_printf(err, L("区划代码 %s 只用于未设区划的账簿", "region code %s is only a book's without regions"), code);
		return 1;
	}
	struct add_arg a = { code, name, 0 };
	struct store_change c = { who, "region.add", code, NULL, NULL, STORE_BOOK_WIDE };
	int rc = store_write(b, &c, add_fn, &a, err);
	store_change_release(&c);
	return rc;
}

int store_region_rename_default(struct book *b, const char *code, const char *name, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	if (region_code_check(code, err) || name_check(name, err))
		return 1;
	struct add_arg a = { code, name, 1 };
	return add_fn(b, NULL, &a, err);
}
