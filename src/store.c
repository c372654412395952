/*
 * store.c - opening, creating and migrating a book; the one write path
 * (store_write) and drafts; settings, counts and the backup (see store.h).
 * Loading the model is store_model.c's, rows of the kinds store_rows.c's.
 */
#include "store.h"
#include "db.h"
#include "settings.h"
#include "store_schema.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void fail(struct book *b, struct buf *err, const char *what)
{
	buf_printf(err, "%s: %s: %s", b->name, what, db_errmsg(b->db));
}

/* --- opening ------------------------------------------------------------ */

static int migrate(struct book *b, int v, struct buf *err)
{
	struct buf e = BUF_INIT;
	int rc = -1;
	/* a migration that makes tables again (12 -> 13) moves their rows
	 * with the foreign keys off, which SQLite sets outside a transaction */
	if (v < 13)
		db_tune(b->db, DB_TUNE_BULK);
	/* the rows' digests follow what the migration did to the rows */
	if (db_begin(b->db, DB_TXN_WRITE, &e) || store_schema_migrate(b->db, v, &e) || store_digest_rebase(b, &e) ||
	    db_commit(b->db, &e)) {
		buf_printf(err, "%s: %s", b->name, buf_str(&e));
		db_rollback(b->db);
	} else {
		rc = 0;
	}
	if (v < 13)
		db_tune(b->db, DB_TUNE_NORMAL);
	buf_release(&e);
	return rc;
}

/* Check the schema version; migrate a writable book forward. */
static int check_schema(struct book *b, unsigned flags, struct buf *err)
{
	int v = db_schema_version(b->db);
	if (v < 0 && db_is_busy(b->db)) {
		buf_printf(err, L("%s: 账簿正被另一个程序占用（等待 %u 毫秒后仍未释放）",
				  "%s: another program holds the book (still after waiting %u ms)"),
			   b->name, db_busy_ms);
		return STORE_OPEN_FAIL;
	}
	if (v < 0) {
		buf_printf(err, L("%s: 不是 zbb 账簿（无法作为 SQLite 数据库读取）",
				  "%s: not a zbb book (not readable as an SQLite database)"),
			   b->name);
		return -1;
	}
	if (v > STORE_SCHEMA_VERSION) {
		buf_printf(err,
			   L("%s: 此账簿由较新版本的 zbb 写入（账簿结构第 %d 版，本程序只认识到第 %d 版），请升级 zbb 后再打开",
			     "%s: this book was written by a newer zbb (schema version %d; this zbb knows up to %d); upgrade zbb to open it"),
			   b->name, v, STORE_SCHEMA_VERSION);
		return -1;
	}
	if (v == STORE_SCHEMA_VERSION)
		return 0;
	if (!(flags & STORE_READONLY))
		return migrate(b, v, err) ? STORE_OPEN_FAIL : 0;
	/* an older book opened for reading: its schema is brought forward
	 * once (housekeeping, not a change of its data), when the file may be
	 * written; else it cannot be read by this zbb */
	struct book *w;
	if ((db_is_url(b->path) || access(b->path, W_OK) == 0) && store_open(b->path, 0, &w, err) == 0) {
		store_close(w);
		return 0;
	}
	buf_reset(err);
	buf_printf(err,
		   L("%s: 账簿结构为第 %d 版，需先升级到第 %d 版，但文件不可写（复制一份可写的再打开）",
		     "%s: the book's schema is version %d and needs upgrading to %d, but the file cannot be written (open a writable copy)"),
		   b->name, v, STORE_SCHEMA_VERSION);
	return -1;
}

int store_book_exists(const char *path)
{
	if (!db_is_url(path))
		return access(path, F_OK) == 0;
	/* a database on a server: a book once zbb has made its schema there
	 * (one that cannot be reached counts as there: opening it says why) */
	struct db *db = NULL;
	struct buf e = BUF_INIT;
	int v = db_open(path, DB_READONLY, &db, &e) ? -1 : db_schema_version(db);
	db_close(db);
	buf_release(&e);
	return v != 0;
}

int store_open(const char *path, unsigned flags, struct book **out, struct buf *err)
{
	struct book *b = xcalloc(1, sizeof(*b));
	b->path = xstrdup(path);
	b->name = db_shown(path);
	b->is_readonly = (flags & STORE_READONLY) != 0;
	b->is_scratch = (flags & STORE_SCRATCH) != 0;
	*out = NULL;
	int is_url = db_is_url(path), exists = store_book_exists(path), rc = STORE_OPEN_BAD;
	if (!(flags & STORE_CREATE) && !exists) {
		buf_printf(err,
			   L("%s: 账簿不存在（先运行 zbb init --year 年度，或用 --book 指定账簿）",
			     "%s: no such book (run zbb init --year YEAR first, or name one with --book)"),
			   b->name);
		goto fail;
	}
	if ((flags & STORE_CREATE) && exists) {
		buf_printf(err,
			   L("%s: 账簿已存在，不能重复新建（另选 --book，或删除旧文件）",
			     "%s: the book already exists (choose another --book, or remove the old file)"),
			   b->name);
		goto fail;
	}
	if (exists && !is_url && !b->is_readonly && access(path, W_OK) != 0) {
		buf_printf(err, L("%s: 账簿文件不可写（只读的命令仍可使用）", "%s: the book cannot be written (reading commands still work)"),
			   b->name);
		rc = STORE_OPEN_FAIL;
		goto fail;
	}
	unsigned dbf = b->is_readonly ? DB_READONLY : (flags & STORE_CREATE) ? DB_CREATE : 0;
	if (!b->is_readonly && (flags & STORE_DURABLE))
		dbf |= DB_DURABLE;
	if (db_open(path, dbf, &b->db, err)) {
		/* a server's reason names the book itself (shown) */
		struct buf why = BUF_INIT;
		if (is_url)
			buf_adds(&why, buf_str(err));
		buf_reset(err);
		if (is_url)
			buf_printf(err, L("无法打开账簿：%s", "cannot open the book: %s"), buf_str(&why));
		else
			buf_printf(err, L("%s: 无法打开账簿", "%s: cannot open the book"), b->name);
		buf_release(&why);
		rc = STORE_OPEN_FAIL;
		goto fail;
	}
	if ((rc = check_schema(b, flags, err)) != 0)
		goto fail;
	b->year = store_current_year(b);
	if (store_use_region(b, NULL, err)) {
		rc = STORE_OPEN_FAIL;
		goto fail;
	}
	*out = b;
	return 0;
fail:
	store_close(b);
	return rc;
}

void store_close(struct book *b)
{
	if (!b)
		return;
	store_totals_forget(b);
	db_close(b->db2);
	db_close(b->db);
	free(b->path);
	free(b->name);
	free(b);
}

int store_current_year(struct book *b)
{
	struct db_stmt *st = db_cached(b->db, "SELECT value FROM meta WHERE key='year'");
	int y = 0;
	if (!st)
		return 0;
	if (db_step(st) == DB_ROW)
		y = atoi(db_col_text(st, 0) ? db_col_text(st, 0) : "0");
	db_done(st);
	return y;
}

int store_set_year(struct book *b, int year, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct db_stmt *st = db_cached(b->db, "INSERT INTO meta(key, value) VALUES('year', ?1), ('created_by', ?2)"
					      " ON CONFLICT(key) DO UPDATE SET value=excluded.value");
	char y[16];
	snprintf(y, sizeof y, "%d", year);
	if (!st) {
		fail(b, err, "init");
		return -1;
	}
	db_bind_text(st, 1, y, (size_t)-1);
	db_bind_text(st, 2, "zbb " ZBB_VERSION, (size_t)-1);
	int s = db_step(st);
	db_done(st);
	if (s != DB_DONE) {
		fail(b, err, "init");
		return -1;
	}
	b->year = year;
	return 0;
}

static int init_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	int year = *(int *)arg;
	c->after = json_pack("{s:i}", "year", year);
	return store_set_year(b, year, err);
}

int store_init_year(struct book *b, const char *who, int year, struct buf *err)
{
	struct store_change c = { who, "book.init", "book", NULL, NULL, STORE_BOOK_WIDE };
	int rc = store_write(b, &c, init_fn, &year, err);
	store_change_release(&c);
	return rc ? -1 : 0;
}

/* --- the write path ------------------------------------------------------ */

void store_change_release(struct store_change *c)
{
	json_decref(c->before);
	json_decref(c->after);
	c->before = c->after = NULL;
}

int store_in_write(struct book *b)
{
	return db_in_txn(b->db);
}

int store_test_hold(struct book *b, int bulk, struct buf *err)
{
	int rc = db_hold(b->db, bulk, err);
	if (!rc)
		b->held = 1;
	return rc;
}

int store_test_release(struct book *b, struct buf *err)
{
	b->held = 0;
	return db_hold_end(b->db, err);
}

int store_outside_write(struct book *b, struct buf *err)
{
	/* a bug of the caller: every change is a store_write */
	if (err)
		buf_printf(err, "%s: a write outside store_write", b->name);
	return -1;
}

int store_write(struct book *b, struct store_change *c, store_write_fn fn, void *arg, struct buf *err)
{
	int rc;
	if (b->is_readonly) {
		buf_printf(err, L("%s: 账簿以只读方式打开", "%s: the book is open read-only"), b->name);
		return -1;
	}
	if (db_in_txn(b->db)) {
		buf_printf(err, "%s: store_write inside a transaction", b->name);
		return -1;
	}
	int bulk = c->flags & (STORE_BULK | STORE_BULK_BIG);
	if (bulk)
		db_tune(b->db, (c->flags & STORE_BULK_BIG) || b->is_scratch ? DB_TUNE_BULK_BIG : DB_TUNE_BULK);
	struct buf e = BUF_INIT;
	if (db_begin(b->db, DB_TXN_WRITE, &e)) {
		buf_printf(err, "%s: %s", b->name, buf_str(&e));
		rc = -1;
		goto out;
	}
	/* an adopted year is locked: no change may touch its rows (SPEC §12) */
	struct store_adoption ad;
	b->locked[0] = 0;
	int adopted = store_adoption_get(b, b->year, &ad, err);
	if (adopted < 0) {
		db_rollback(b->db);
		rc = -1;
		goto out;
	}
	struct store_digests *dg = b->is_scratch ? NULL : store_digest_begin(b, adopted ? b->year : 0, err);
	if (!dg && !b->is_scratch) {
		db_rollback(b->db);
		rc = -1;
		goto out;
	}
	b->dg = dg;
	rc = fn(b, c, arg, err);
	b->dg = NULL;
	/* the rows the change wrote, told now where a driver tells them only
	 * when tracking ends (PostgreSQL) */
	if (!rc && store_digest_collect(b, dg, err))
		rc = -1;
	if (!rc && store_digest_locked(dg)) {
		snprintf(b->locked, sizeof b->locked,
			 L("%d 年度预算已于 %s 批复（采用场景 %s，第 %lld 条审计记录），本年度的数据已锁定，不能再修改（%s）；之后的变更请录入预算调整（adjustments）",
			   "the %d budget was adopted on %s (scenario %s, audit entry %lld): the year's data are locked and cannot change (%s); record later changes as adjustments"),
			 b->year, ad.adopted_at, ad.scenario, (long long)ad.entry, store_digest_locked(dg));
		buf_printf(err, "%s", b->locked);
		rc = -1;
	}
	int64_t id = -1;
	int append = 1;
	if (!rc) {
		/* the entry, with the digests of the rows the change wrote */
		struct buf rows = BUF_INIT;
		id = store_audit_next_id(b);
		if (id < 0 || store_digest_flush(b, dg, id, &rows, err)) {
			rc = -1;
		} else if ((c->flags & STORE_COUNTED) && !rows.len) {
			append = store_audit_counted(b, c->action, err);
			rc = append < 0 ? -1 : 0;
		}
		if (!rc && append > 0 &&
		    store_audit_append_rows(b, id, (c->flags & STORE_BOOK_WIDE) ? "" : b->region, c->who ? c->who : "-",
					    c->action, c->object ? c->object : "", c->before, c->after, buf_str(&rows), err))
			rc = -1;
		buf_release(&rows);
	}
	store_digest_end(b, dg);
	if (!rc && db_commit(b->db, &e)) {
		buf_printf(err, "%s: %s", b->name, buf_str(&e));
		rc = -1;
	}
	if (rc)
		db_rollback(b->db);
	else if (!(c->flags & STORE_SESSION_ONLY))
		b->n_writes++;
	if (!rc && append > 0)
		store_totals_committed(b, id);
	else
		store_totals_forget(b);
out:
	if (bulk)
		db_tune(b->db, DB_TUNE_NORMAL);
	buf_release(&e);
	return rc;
}

int store_draft(struct book *b, store_draft_fn fn, void *arg, struct buf *err)
{
	struct buf e = BUF_INIT;
	int rc = -1;
	if (b->is_readonly) {
		buf_printf(err, L("%s: 账簿以只读方式打开", "%s: the book is open read-only"), b->name);
	} else if (db_begin(b->db, DB_TXN_WRITE, &e)) {
		buf_printf(err, "%s: %s", b->name, buf_str(&e));
	} else {
		rc = fn(b, arg, err);
		db_rollback(b->db);
		store_totals_forget(b);
	}
	buf_release(&e);
	return rc;
}

struct store_stamp store_stamp(struct book *b)
{
	return (struct store_stamp){ db_data_version(b->db), b->n_writes };
}

/* --- settings -------------------------------------------------------------- */

char *store_setting_get(struct book *b, const char *key)
{
	struct db_stmt *st = db_cached(b->db, "SELECT value FROM settings WHERE region=zbb_region() AND key=?1");
	char *v = NULL;
	if (!st)
		return NULL;
	db_bind_text(st, 1, key, (size_t)-1);
	if (db_step(st) == DB_ROW && db_col_text(st, 0))
		v = xstrdup(db_col_text(st, 0));
	db_done(st);
	return v;
}

int store_setting_put(struct book *b, const char *key, const char *value, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct db_stmt *st = db_cached(b->db, "INSERT INTO settings(region, key, value) VALUES(zbb_region(), ?1, ?2)"
					      " ON CONFLICT(region, key) DO UPDATE SET value=excluded.value");
	if (!st) {
		fail(b, err, "set");
		return -1;
	}
	db_bind_text(st, 1, key, (size_t)-1);
	db_bind_text(st, 2, value, (size_t)-1);
	int s = db_step(st);
	db_done(st);
	if (s != DB_DONE) {
		fail(b, err, "set");
		return -1;
	}
	return 0;
}

struct settings_put {
	size_t n;
	const char *const *keys;
	char **norm;
};

static int settings_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct settings_put *x = arg;
	c->before = json_object();
	c->after = json_object();
	for (size_t i = 0; i < x->n; i++) {
		char *old = store_setting_get(b, x->keys[i]);
		json_object_set_new(c->before, x->keys[i], json_string(old ? old : settings_find(x->keys[i])->def));
		json_object_set_new(c->after, x->keys[i], json_string(x->norm[i]));
		free(old);
		if (store_setting_put(b, x->keys[i], x->norm[i], err))
			return -1;
	}
	return 0;
}

int store_settings_put(struct book *b, const char *who, size_t n, const char *const *keys,
		       const char *const *values, struct buf *err)
{
	struct settings_put x = { n, keys, xcalloc(n + 1, sizeof(char *)) };
	int rc = 1;
	for (size_t i = 0; i < n; i++) {
		struct buf norm = BUF_INIT;
		if (settings_check(keys[i], values[i], &norm, err)) {
			buf_release(&norm);
			goto out;
		}
		x.norm[i] = buf_detach(&norm);
		if (!x.norm[i])
			x.norm[i] = xstrdup("");
	}
	struct store_change c = { who, "settings.set", "settings", NULL, NULL, 0 };
	rc = store_write(b, &c, settings_fn, &x, err);
	store_change_release(&c);
out:
	for (size_t i = 0; i < n; i++)
		free(x.norm[i]);
	free(x.norm);
	return rc;
}

/* --- counts ----------------------------------------------------------------- */

int64_t store_count(struct book *b, const char *table)
{
	const struct kind *k = kind_find(table);
	char sql[160];
	if (!k)
		return -1; /* only the kinds' tables are counted: the name goes into SQL */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"%s", k->name, k->has_fy ? " WHERE region=zbb_region() AND fy=?1" : "");
	struct db_stmt *st = db_prepare(b->db, sql);
	int64_t n = -1;
	if (!st)
		return -1;
	if (k->has_fy)
		db_bind_int64(st, 1, b->year);
	if (db_step(st) == DB_ROW)
		n = db_col_int64(st, 0);
	db_done(st);
	return n;
}

int store_totals(struct book *b, zb_fen *requested, zb_fen *sources, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT price_fen, quantity FROM items WHERE region=zbb_region() AND fy=?1");
	int rc = 0, s;
	*requested = *sources = 0;
	if (!st)
		goto sqlfail;
	db_bind_int64(st, 1, b->year);
	while (!rc && (s = db_step(st)) == DB_ROW)
		if (money_line_add(requested, db_col_int64(st, 0), db_col_int64(st, 1)))
			rc = 1;
	db_done(st);
	if (!rc && s != DB_DONE)
		goto sqlfail;
	if (!rc && !(st = db_cached(b->db, "SELECT amount_fen FROM sources WHERE region=zbb_region() AND fy=?1")))
		goto sqlfail;
	if (!rc) {
		db_bind_int64(st, 1, b->year);
		while (!rc && (s = db_step(st)) == DB_ROW)
			if (money_add(*sources, db_col_int64(st, 0), sources))
				rc = 1;
		db_done(st);
		if (!rc && s != DB_DONE)
			goto sqlfail;
	}
	if (rc)
		buf_adds(err, L("金额合计超出范围", "money total out of range"));
	return rc ? -1 : 0;
sqlfail:
	fail(b, err, "totals");
	return -1;
}

/* --- backup ----------------------------------------------------------------- */

int store_backup(struct book *b, const char *dest, int force, void (*progress)(int done, int total),
		 struct buf *err)
{
	struct stat st_src, st_dst;
	if (stat(dest, &st_dst) == 0) {
		if (stat(b->path, &st_src) == 0 && st_src.st_dev == st_dst.st_dev && st_src.st_ino == st_dst.st_ino) {
			buf_printf(err, L("%s: 不能备份到账簿自身", "%s: cannot back a book up onto itself"), dest);
			return 1;
		}
		if (!force) {
			buf_printf(err, L("%s: 文件已存在（用 --force 覆盖）", "%s: the file exists (--force overwrites it)"),
				   dest);
			return 1;
		}
	}
	return db_backup(b->db, dest, STORE_BACKUP_STEP, progress, err);
}
