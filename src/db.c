/*
 * db.c - db.h's calls sent to the driver of the connection: db_open picks
 * PostgreSQL (db_pg.c) for a postgresql:// or postgres:// URL and SQLite
 * (db_sqlite.c) for anything else (a file name).
 */
#include "db.h"

#include <string.h>

unsigned db_busy_ms = 5000;
int db_busy_say;
unsigned long db_busy_sleeps;

int db_is_url(const char *target)
{
	return target && (!strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11));
}

char *db_shown(const char *target)
{
	if (!target)
		return xstrdup("");
	if (!db_is_url(target))
		return xstrdup(target);
	struct buf b = BUF_INIT;
	const char *p = strstr(target, "://") + 3;
	buf_add(&b, target, (size_t)(p - target));
	/* the authority's user:password@, as libpq reads it: up to the first
	 * '@' before any '/' */
	size_t at = strcspn(p, "@/");
	if (p[at] == '@') {
		size_t colon = strcspn(p, ":@");
		if (colon < at) {
			buf_add(&b, p, colon + 1);
			buf_adds(&b, "***");
			p += at;
		}
	}
	/* password=… among the query's parameters */
	const char *q = strchr(p, '?');
	if (!q) {
		buf_adds(&b, p);
		return buf_detach(&b);
	}
	buf_add(&b, p, (size_t)(q - p));
	for (p = q; *p;) {
		size_t n = 1 + strcspn(p + 1, "&");
		if (!strncmp(p + 1, "password=", 9)) {
			buf_add(&b, p, 10);
			buf_adds(&b, "***");
		} else {
			buf_add(&b, p, n);
		}
		p += n;
	}
	return buf_detach(&b);
}

int db_open(const char *target, unsigned flags, struct db **out, struct buf *err)
{
	const struct db_ops *o = db_is_url(target) ? &db_pg_ops : &db_sqlite_ops;
	return o->open(target, flags, out, err);
}

void db_close(struct db *db)
{
	if (db)
		DB_OPS(db)->close(db);
}

void db_done(struct db_stmt *st)
{
	if (st)
		DB_OPS(st)->done(st);
}

void db_global_init(void)
{
	db_sqlite_global_init();
}

const char *db_version(void)
{
	return db_sqlite_version();
}

const char *db_libpq_version(void)
{
	return db_pg_version();
}

const char *db_server_version(struct db *db)
{
	return db && db_dialect(db) == DB_POSTGRES ? db_pg_server_version(db) : NULL;
}

enum db_dialect db_dialect(const struct db *db)
{
	return DB_OPS(db)->dialect(db);
}

const char *db_errmsg(struct db *db)
{
	return DB_OPS(db)->errmsg(db);
}

int db_is_busy(struct db *db)
{
	return DB_OPS(db)->is_busy(db);
}

int db_synchronous(struct db *db)
{
	return DB_OPS(db)->synchronous(db);
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	return DB_OPS(db)->prepare(db, sql);
}

struct db_stmt *db_cached(struct db *db, const char *sql)
{
	return DB_OPS(db)->cached(db, sql);
}

void db_reset(struct db_stmt *st)
{
	DB_OPS(st)->reset(st);
}

void db_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	DB_OPS(st)->bind_int64(st, i, v);
}

void db_bind_text(struct db_stmt *st, int i, const char *s, size_t n)
{
	DB_OPS(st)->bind_text(st, i, s, n);
}

void db_bind_null(struct db_stmt *st, int i)
{
	DB_OPS(st)->bind_null(st, i);
}

void db_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
	DB_OPS(st)->bind_blob(st, i, p, n);
}

const void *db_col_blob(struct db_stmt *st, int i)
{
	return DB_OPS(st)->col_blob(st, i);
}

int db_step(struct db_stmt *st)
{
	return DB_OPS(st)->step(st);
}

int db_col_is_null(struct db_stmt *st, int i)
{
	return DB_OPS(st)->col_is_null(st, i);
}

int64_t db_col_int64(struct db_stmt *st, int i)
{
	return DB_OPS(st)->col_int64(st, i);
}

const char *db_col_text(struct db_stmt *st, int i)
{
	return DB_OPS(st)->col_text(st, i);
}

size_t db_col_len(struct db_stmt *st, int i)
{
	return DB_OPS(st)->col_len(st, i);
}

void db_row(struct db_stmt *st, const char *types, struct db_value *out)
{
	DB_OPS(st)->row(st, types, out);
}

int64_t db_changes(struct db *db)
{
	return DB_OPS(db)->changes(db);
}

int64_t db_total_changes(struct db *db)
{
	return DB_OPS(db)->total_changes(db);
}

int db_exec(struct db *db, const char *sql, struct buf *err)
{
	return DB_OPS(db)->exec(db, sql, err);
}

int db_begin(struct db *db, enum db_txn mode, struct buf *err)
{
	return DB_OPS(db)->begin(db, mode, err);
}

int db_snapshot_export(struct db *db, char *out, size_t n, struct buf *err)
{
	return DB_OPS(db)->snapshot_export(db, out, n, err);
}

int db_begin_at(struct db *db, const char *id, struct buf *err)
{
	return id ? DB_OPS(db)->begin_at(db, id, err) : db_begin(db, DB_TXN_READ, err);
}

int db_commit(struct db *db, struct buf *err)
{
	return DB_OPS(db)->commit(db, err);
}

void db_rollback(struct db *db)
{
	DB_OPS(db)->rollback(db);
}

int db_in_txn(struct db *db)
{
	return DB_OPS(db)->in_txn(db);
}

int db_schema_version(struct db *db)
{
	return DB_OPS(db)->schema_version(db);
}

int db_set_schema_version(struct db *db, int v, struct buf *err)
{
	return DB_OPS(db)->set_schema_version(db, v, err);
}

int64_t db_data_version(struct db *db)
{
	return DB_OPS(db)->data_version(db);
}

void db_tune(struct db *db, enum db_tune t)
{
	DB_OPS(db)->tune(db, t);
}

int db_batch_rows(struct db *db)
{
	return DB_OPS(db)->batch_rows ? DB_OPS(db)->batch_rows(db) : 1;
}

void db_guard(struct db_stmt *st)
{
	if (st && DB_OPS(st)->guard)
		DB_OPS(st)->guard(st);
}

int db_analyze(struct db *db, const char *table, struct buf *err)
{
	return DB_OPS(db)->analyze ? DB_OPS(db)->analyze(db, table, err) : 0;
}

int db_backup(struct db *db, const char *dest, int step, void (*progress)(int done, int total), struct buf *err)
{
	return DB_OPS(db)->backup(db, dest, step, progress, err);
}

int db_copy_into(struct db *dst, struct db *src, struct buf *err)
{
	return DB_OPS(dst)->copy_into(dst, src, err);
}

int db_track(struct db *db, db_change_fn fn, void *arg, struct buf *err)
{
	return DB_OPS(db)->track(db, fn, arg, err);
}

int db_track_flush(struct db *db, struct buf *err)
{
	return DB_OPS(db)->track_flush ? DB_OPS(db)->track_flush(db, err) : 0;
}

int db_tables(struct db *db, const struct db_table **out, size_t *n, struct buf *err)
{
	return DB_OPS(db)->tables(db, out, n, err);
}

void db_col_cell(struct db_stmt *st, int i, struct db_cell *c)
{
	DB_OPS(st)->col_cell(st, i, c);
}

int db_set_region(struct db *db, const char *code, struct buf *err)
{
	return DB_OPS(db)->set_region(db, code, err);
}

int db_sync_ids(struct db *db, const char *table, const char *column, struct buf *err)
{
	return DB_OPS(db)->sync_ids ? DB_OPS(db)->sync_ids(db, table, column, err) : 0;
}
