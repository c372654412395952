/*
 * db_pg.c - the PostgreSQL driver of db.h (libpq).  The only file of zbb
 * that calls PQ*.  A book is a database named by a postgresql:// URL.
 *
 *  - Statements: the store's ?N placeholders become $N; every statement is
 *    prepared (PQprepare) under a name of the connection's, and the cached
 *    ones stay prepared for the connection's life.  Parameters go as text
 *    (integers in decimal), blobs in binary; results come as text, bytea
 *    decoded on demand.  Results are read whole (one round trip).
 *  - Transactions: DB_TXN_WRITE is READ COMMITTED after taking the row
 *    lock of zbb_sys.state (the writers queue there as on SQLite's single
 *    writer, so the latest committed rows are what a writer reads);
 *    DB_TXN_READ is REPEATABLE READ (one snapshot).  A statement that may
 *    fail on a constraint runs under a savepoint inside a transaction, so
 *    that the failure leaves the transaction usable, as on SQLite.
 *  - zbb_sys.state holds the schema version and the data version, which
 *    every write transaction raises (db_data_version subtracts the
 *    connection's own).
 *  - Row changes (db_track): a row trigger on each of the book's tables
 *    (a partitioned one's, so on each of its partitions TABLE__REGION, told
 *    as TABLE's) writes the old and new rows as JSON into a temporary table while the
 *    transaction-local setting zbb.track is on; db_track(db, NULL, …)
 *    drains it in order and tells the tracker.
 */
#include "db.h"

#include <ctype.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* type oids of pg_type.h */
enum { OID_BOOL = 16, OID_BYTEA = 17, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_FLOAT4 = 700,
       OID_FLOAT8 = 701, OID_NUMERIC = 1700 };

struct db_stmt {
	const struct db_ops *ops; /* first: db.c reads it */
	struct db *db;
	char name[24];
	int n_params;
	char **vals;
	int *lens;
	int *fmts;
	char **owned; /* copies of the parameters that needed one */
	PGresult *res;
	int row, n_rows, is_done;
	int is_cached;
	int is_guarded; /* may fail on a constraint: a savepoint inside a transaction */
	int is_always_guarded; /* db_guard: the savepoint in a bulk load too */
	unsigned char **blobs;
	size_t *blob_lens;
	int n_cols;
	int region_at; /* the parameter that is the connection's region (0 none) */
};

struct cache_slot {
	const char *sql;
	struct db_stmt *st;
};

struct db {
	const struct db_ops *ops; /* first: db.c reads it */
	PGconn *c;
	unsigned flags;
	struct buf err;
	int is_busy;
	int in_txn, txn_write;
	unsigned seq;
	int64_t changes, total_changes;
	int64_t own_bumps;
	struct cache_slot *cache;
	size_t n_cache, cap_cache;
	db_change_fn track_fn;
	void *track_arg;
	struct db_table *tables;
	char **types; /* per table, a letter per column: i, r, t, b */
	size_t n_tables;
	int tables_ok;
	int has_track_table;
	/* the temporary table and the triggers were made in the transaction
	 * open now: its rollback unmakes them, and they are made again */
	int track_made_in_txn;
	char server_version[32];
	char region[16]; /* db_set_region's code, "" none */
	char region_at_begin[16]; /* what a rollback gives back (set_config's change is undone) */
	/* DB_TUNE_BULK: the rows were checked by the caller, no savepoint per
	 * statement (a failure fails the whole transaction, which a bulk load
	 * is all or nothing anyway) */
	int bulk;
};

const char *db_pg_version(void)
{
	static char v[32];
	int n = PQlibVersion();
	snprintf(v, sizeof v, "%d.%d", n / 10000, n % 10000);
	return v;
}

const char *db_pg_server_version(struct db *db)
{
	int n = PQserverVersion(db->c);
	snprintf(db->server_version, sizeof db->server_version, "%d.%d", n / 10000, n % 10000);
	return db->server_version;
}

static void set_err(struct db *db, const PGresult *r)
{
	buf_reset(&db->err);
	const char *m = r ? PQresultErrorMessage(r) : NULL;
	if (!m || !*m)
		m = PQerrorMessage(db->c);
	buf_adds(&db->err, m);
	while (db->err.len && (db->err.s[db->err.len - 1] == '\n' || db->err.s[db->err.len - 1] == ' '))
		db->err.s[--db->err.len] = 0;
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	db->is_busy = state && (!strcmp(state, "55P03") || !strcmp(state, "40P01") || !strcmp(state, "40001"));
}

/* A command without parameters or results; 0 or -1 (message in db->err). */
static int run(struct db *db, const char *sql)
{
	PGresult *r = PQexec(db->c, sql);
	int st = PQresultStatus(r);
	int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : -1;
	if (rc)
		set_err(db, r);
	PQclear(r);
	return rc;
}

/* The session's region, which the schema's zbb_region() reads. */
static int pg_set_region(struct db *db, const char *code, struct buf *err)
{
	const char *v[1] = { code ? code : "" };
	if (strlen(v[0]) >= sizeof db->region) {
		buf_printf(err, "not a region: %s", v[0]);
		return -1;
	}
	PGresult *r = PQexecParams(db->c, "SELECT set_config('zbb.region', $1, false)", 1, NULL, v, NULL, NULL, 0);
	int rc = PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : -1;
	if (rc) {
		set_err(db, r);
		buf_adds(err, buf_str(&db->err));
	} else {
		snprintf(db->region, sizeof db->region, "%s", v[0]);
	}
	PQclear(r);
	return rc;
}

static int pg_sync_ids(struct db *db, const char *table, const char *column, struct buf *err)
{
	char *t = PQescapeIdentifier(db->c, table, strlen(table)), *c = PQescapeIdentifier(db->c, column, strlen(column));
	const char *v[2] = { table, column };
	struct buf q = BUF_INIT;
	buf_printf(&q, "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(%s) FROM %s), 0) + 1, false)", c, t);
	PQfreemem(t);
	PQfreemem(c);
	PGresult *r = PQexecParams(db->c, buf_str(&q), 2, NULL, v, NULL, NULL, 0);
	buf_release(&q);
	int rc = PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : -1;
	if (rc) {
		set_err(db, r);
		buf_adds(err, buf_str(&db->err));
	}
	PQclear(r);
	return rc;
}

/* A query's single integer (or -1). */
static int64_t query_int(struct db *db, const char *sql)
{
	PGresult *r = PQexec(db->c, sql);
	int64_t v = -1;
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
		v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	else if (PQresultStatus(r) != PGRES_TUPLES_OK)
		set_err(db, r);
	PQclear(r);
	return v;
}

static void on_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg; /* NOTICEs (IF NOT EXISTS …) are not the user's business */
}

static const char STATE_SQL[] =
	"CREATE SCHEMA IF NOT EXISTS zbb_sys;"
	"CREATE TABLE IF NOT EXISTS zbb_sys.state(id integer PRIMARY KEY CHECK(id = 1),"
	" schema_version integer NOT NULL, data_version bigint NOT NULL);"
	"INSERT INTO zbb_sys.state VALUES(1, 0, 0) ON CONFLICT(id) DO NOTHING;"
	"CREATE OR REPLACE FUNCTION zbb_sys.track() RETURNS trigger LANGUAGE plpgsql AS $f$"
	" BEGIN"
	"  IF current_setting('zbb.track', true) = 'on' THEN"
	"   INSERT INTO pg_temp.zbb_track(tbl, op, old, new) VALUES(TG_TABLE_NAME, TG_OP,"
	"    CASE WHEN TG_OP <> 'INSERT' THEN row_to_json(OLD) END,"
	"    CASE WHEN TG_OP <> 'DELETE' THEN row_to_json(NEW) END);"
	"  END IF;"
	"  RETURN NULL;"
	" END $f$;";

static int pg_open(const char *target, unsigned flags, struct db **out, struct buf *err)
{
	struct db *db = xcalloc(1, sizeof(*db));
	db->ops = &db_pg_ops;
	db->flags = flags;
	db->err = (struct buf)BUF_INIT;
	*out = NULL;
	db->c = PQconnectdb(target);
	if (!db->c || PQstatus(db->c) != CONNECTION_OK) {
		const char *m = db->c ? PQerrorMessage(db->c) : "out of memory";
		size_t n = strlen(m);
		while (n && m[n - 1] == '\n')
			n--;
		char *shown = db_shown(target);
		buf_printf(err, "%s: %.*s", shown, (int)n, m);
		free(shown);
		PQfinish(db->c);
		buf_release(&db->err);
		free(db);
		return -1;
	}
	PQsetNoticeProcessor(db->c, on_notice, NULL);
	char set[256];
	/* text sorts and compares by its bytes, as on SQLite; a lock is
	 * waited for db_busy_ms; a commit is on the disk before it returns
	 * only when asked (SQLite's synchronous=NORMAL otherwise) */
	snprintf(set, sizeof set,
		 "SET client_encoding = 'UTF8'; SET lock_timeout = %u; SET synchronous_commit = %s;"
		 " SET client_min_messages = warning;%s",
		 db_busy_ms, (flags & DB_DURABLE) ? "on" : "off",
		 (flags & DB_READONLY) ? " SET default_transaction_read_only = on;" : "");
	if (run(db, set) || (!(flags & DB_READONLY) && query_int(db, "SELECT count(*) FROM pg_namespace n JOIN pg_class c"
								    " ON c.relnamespace = n.oid WHERE n.nspname = 'zbb_sys'"
								    " AND c.relname = 'state'") != 1 &&
			     run(db, STATE_SQL))) {
		char *shown = db_shown(target);
		buf_printf(err, "%s: %s", shown, buf_str(&db->err));
		free(shown);
		PQfinish(db->c);
		buf_release(&db->err);
		free(db);
		return -1;
	}
	*out = db;
	return 0;
}

static void stmt_free(struct db_stmt *st);
static void tables_free(struct db *db);
static size_t table_index(struct db *db, const char *name);

static void pg_close(struct db *db)
{
	for (size_t i = 0; i < db->cap_cache; i++)
		if (db->cache[i].st)
			stmt_free(db->cache[i].st);
	free(db->cache);
	tables_free(db);
	PQfinish(db->c);
	buf_release(&db->err);
	free(db);
}

static enum db_dialect pg_dialect(const struct db *db)
{
	(void)db;
	return DB_POSTGRES;
}

static const char *pg_errmsg(struct db *db)
{
	return db->err.len ? buf_str(&db->err) : PQerrorMessage(db->c);
}

static int pg_is_busy(struct db *db)
{
	return db->is_busy;
}

static int pg_synchronous(struct db *db)
{
	return (db->flags & DB_DURABLE) ? 2 : 1;
}

/* --- statements -------------------------------------------------------- */

/* ?N -> $N outside quotes and comments; *n_params is the largest N,
 * *n_region how many calls of zbb_region() (a name of its own) it has.
 * region_at > 0: those become $region_at::text. */
static char *rewrite(const char *sql, int region_at, int *n_params, int *n_region)
{
	struct buf b = BUF_INIT;
	int max = 0;
	*n_region = 0;
	for (const char *p = sql; *p;) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			const char *e = p + 1;
			while (*e && *e != q)
				e++;
			if (*e)
				e++;
			buf_add(&b, p, (size_t)(e - p));
			p = e;
		} else if (p[0] == '-' && p[1] == '-') {
			const char *e = strchr(p, '\n');
			e = e ? e : p + strlen(p);
			buf_add(&b, p, (size_t)(e - p));
			p = e;
		} else if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
			int v = 0;
			p++;
			while (*p >= '0' && *p <= '9')
				v = v * 10 + (*p++ - '0');
			if (v > max)
				max = v;
			buf_printf(&b, "$%d", v);
		} else if (!strncmp(p, "zbb_region()", 12) &&
			   (p == sql || !(isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.'))) {
			(*n_region)++;
			if (region_at)
				buf_printf(&b, "$%d::text", region_at);
			else
				buf_add(&b, p, 12);
			p += 12;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			e = e ? e + 2 : p + strlen(p);
			buf_add(&b, p, (size_t)(e - p));
			p = e;
		} else {
			buf_addc(&b, *p++);
		}
	}
	*n_params = max;
	char *s = xstrdup(buf_str(&b));
	buf_release(&b);
	return s;
}

/* An INSERT, UPDATE or DELETE (but ON CONFLICT DO NOTHING) may fail on a key or a reference. */
static int may_violate(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t')
		sql++;
	if (strncasecmp(sql, "INSERT", 6) && strncasecmp(sql, "UPDATE", 6) && strncasecmp(sql, "DELETE", 6))
		return 0;
	return !strstr(sql, "DO NOTHING");
}

/* A statement of the caller's (db_prepare), most often run once, has
 * the connection's region as a parameter where its SQL says zbb_region():
 * the planner then knows it and plans for that region's partitions alone
 * (with the function it plans for every region's, and prunes them when
 * the plan runs: some milliseconds a statement in a province's book).
 * The connection's own (db_cached), planned once and run many times,
 * keep the function: a plan for one region would be made again at every
 * run. */
static struct db_stmt *prepare(struct db *db, const char *sql, int own)
{
	int n, region_at = 0, calls;
	char *q = rewrite(sql, 0, &n, &calls);
	if (!own && calls) {
		free(q);
		region_at = n + 1;
		q = rewrite(sql, region_at, &n, &calls);
		n = region_at;
	}
	struct db_stmt *st = xcalloc(1, sizeof(*st));
	st->ops = &db_pg_ops;
	st->db = db;
	snprintf(st->name, sizeof st->name, "z%u", ++db->seq);
	PGresult *r = PQprepare(db->c, st->name, q, 0, NULL);
	free(q);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		set_err(db, r);
		PQclear(r);
		free(st);
		return NULL;
	}
	PQclear(r);
	st->n_params = n;
	st->vals = xcalloc((size_t)n + 1, sizeof(*st->vals));
	st->lens = xcalloc((size_t)n + 1, sizeof(*st->lens));
	st->fmts = xcalloc((size_t)n + 1, sizeof(*st->fmts));
	st->owned = xcalloc((size_t)n + 1, sizeof(*st->owned));
	st->is_guarded = may_violate(sql);
	st->region_at = region_at;
	return st;
}

static struct db_stmt *pg_prepare(struct db *db, const char *sql)
{
	return prepare(db, sql, 0);
}

static size_t slot_of(const struct db *db, const char *sql)
{
	size_t i = ((uintptr_t)sql >> 3) * 0x9e3779b97f4a7c15ULL >> 7 & (db->cap_cache - 1);
	while (db->cache[i].sql && db->cache[i].sql != sql)
		i = (i + 1) & (db->cap_cache - 1);
	return i;
}

static struct db_stmt *pg_cached(struct db *db, const char *sql)
{
	if (db->cap_cache) {
		struct cache_slot *c = &db->cache[slot_of(db, sql)];
		if (c->sql)
			return c->st;
	}
	if ((db->n_cache + 1) * 2 > db->cap_cache) {
		struct cache_slot *old = db->cache;
		size_t n = db->cap_cache;
		db->cap_cache = n ? n * 2 : 64;
		db->cache = xcalloc(db->cap_cache, sizeof(*db->cache));
		for (size_t i = 0; i < n; i++)
			if (old[i].sql)
				db->cache[slot_of(db, old[i].sql)] = old[i];
		free(old);
	}
	struct db_stmt *s = prepare(db, sql, 1);
	if (!s)
		return NULL;
	s->is_cached = 1;
	db->cache[slot_of(db, sql)] = (struct cache_slot){ sql, s };
	db->n_cache++;
	return s;
}

static void blobs_free(struct db_stmt *st)
{
	for (int i = 0; i < st->n_cols; i++)
		if (st->blobs[i])
			PQfreemem(st->blobs[i]);
	free(st->blobs);
	free(st->blob_lens);
	st->blobs = NULL;
	st->blob_lens = NULL;
	st->n_cols = 0;
}

static void pg_reset(struct db_stmt *st)
{
	blobs_free(st);
	PQclear(st->res);
	st->res = NULL;
	st->row = st->n_rows = 0;
	st->is_done = 0;
}

static void clear_param(struct db_stmt *st, int i)
{
	free(st->owned[i]);
	st->owned[i] = NULL;
	st->vals[i] = NULL;
	st->lens[i] = 0;
	st->fmts[i] = 0;
}

static void stmt_free(struct db_stmt *st)
{
	pg_reset(st);
	for (int i = 0; i < st->n_params; i++)
		free(st->owned[i]);
	char sql[48];
	snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
	if (PQstatus(st->db->c) == CONNECTION_OK && PQtransactionStatus(st->db->c) != PQTRANS_INERROR)
		PQclear(PQexec(st->db->c, sql));
	free(st->vals);
	free(st->lens);
	free(st->fmts);
	free(st->owned);
	free(st);
}

static void pg_done(struct db_stmt *st)
{
	if (st->is_cached) {
		pg_reset(st);
		for (int i = 0; i < st->n_params; i++)
			clear_param(st, i);
		return;
	}
	stmt_free(st);
}

static int param(struct db_stmt *st, int i)
{
	if (i < 1 || i > st->n_params)
		return -1;
	clear_param(st, i - 1);
	return i - 1;
}

static void pg_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	if ((i = param(st, i)) < 0)
		return;
	st->owned[i] = xmalloc(24);
	snprintf(st->owned[i], 24, "%lld", (long long)v);
	st->vals[i] = st->owned[i];
}

static void pg_bind_text(struct db_stmt *st, int i, const char *s, size_t n)
{
	if ((i = param(st, i)) < 0 || !s)
		return;
	if (n == (size_t)-1) {
		st->vals[i] = (char *)s;
		return;
	}
	st->owned[i] = xmalloc(n + 1);
	memcpy(st->owned[i], s, n);
	st->owned[i][n] = 0;
	st->vals[i] = st->owned[i];
}

static void pg_bind_null(struct db_stmt *st, int i)
{
	param(st, i);
}

static void pg_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
	if ((i = param(st, i)) < 0)
		return;
	st->vals[i] = (char *)(p ? p : "");
	st->lens[i] = (int)n;
	st->fmts[i] = 1;
}

static int classify(struct db *db, PGresult *r)
{
	set_err(db, r);
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (state && !strcmp(state, "23505"))
		return DB_DUPLICATE;
	if (state && !strncmp(state, "23", 2))
		return DB_CONSTRAINT;
	return DB_ERROR;
}

static int pg_step(struct db_stmt *st)
{
	struct db *db = st->db;
	if (st->is_done)
		pg_reset(st);
	if (st->res) {
		/* a bytea decoded for the row before is not this row's */
		for (int i = 0; i < st->n_cols; i++)
			if (st->blobs[i]) {
				PQfreemem(st->blobs[i]);
				st->blobs[i] = NULL;
				st->blob_lens[i] = 0;
			}
		if (++st->row < st->n_rows)
			return DB_ROW;
		st->is_done = 1;
		return DB_DONE;
	}
	int guard = st->is_guarded && db->in_txn && (!db->bulk || st->is_always_guarded);
	if (guard && run(db, "SAVEPOINT zbb_stmt"))
		return DB_ERROR;
	if (st->region_at) {
		/* as zbb_region(): NULL when none */
		st->vals[st->region_at - 1] = db->region[0] ? db->region : NULL;
		st->lens[st->region_at - 1] = 0;
	}
	PGresult *r = PQexecPrepared(db->c, st->name, st->n_params, (const char *const *)st->vals, st->lens,
				     st->fmts, 0);
	int s = PQresultStatus(r);
	if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK) {
		if (guard && run(db, "RELEASE SAVEPOINT zbb_stmt")) {
			PQclear(r);
			return DB_ERROR;
		}
		const char *n = PQcmdTuples(r);
		db->changes = *n ? strtoll(n, NULL, 10) : 0;
		if (s == PGRES_COMMAND_OK || strncmp(PQcmdStatus(r), "SELECT", 6))
			db->total_changes += db->changes;
		st->res = r;
		st->row = 0;
		st->n_rows = s == PGRES_TUPLES_OK ? PQntuples(r) : 0;
		st->n_cols = PQnfields(r);
		st->blobs = st->n_cols ? xcalloc((size_t)st->n_cols, sizeof(*st->blobs)) : NULL;
		st->blob_lens = st->n_cols ? xcalloc((size_t)st->n_cols, sizeof(*st->blob_lens)) : NULL;
		if (st->n_rows > 0)
			return DB_ROW;
		st->is_done = 1;
		return DB_DONE;
	}
	int rc = classify(db, r);
	PQclear(r);
	if (guard) {
		struct buf keep = BUF_INIT;
		buf_adds(&keep, buf_str(&db->err));
		int busy = db->is_busy;
		run(db, "ROLLBACK TO SAVEPOINT zbb_stmt");
		run(db, "RELEASE SAVEPOINT zbb_stmt");
		buf_reset(&db->err);
		buf_adds(&db->err, buf_str(&keep));
		db->is_busy = busy;
		buf_release(&keep);
	}
	st->is_done = 1;
	return rc;
}

static int has_value(struct db_stmt *st, int i)
{
	return st->res && st->row < st->n_rows && i >= 0 && i < st->n_cols && !PQgetisnull(st->res, st->row, i);
}

static int pg_col_is_null(struct db_stmt *st, int i)
{
	return !has_value(st, i);
}

static int64_t text_int(struct db_stmt *st, int i)
{
	const char *s = PQgetvalue(st->res, st->row, i);
	if (s[0] == 't' && !s[1])
		return 1;
	if (s[0] == 'f' && !s[1])
		return 0;
	return strtoll(s, NULL, 10);
}

static int64_t pg_col_int64(struct db_stmt *st, int i)
{
	return has_value(st, i) ? text_int(st, i) : 0;
}

static const char *pg_col_text(struct db_stmt *st, int i)
{
	return has_value(st, i) ? PQgetvalue(st->res, st->row, i) : NULL;
}

static const void *pg_col_blob(struct db_stmt *st, int i)
{
	if (!has_value(st, i))
		return NULL;
	if (PQftype(st->res, i) != OID_BYTEA)
		return PQgetvalue(st->res, st->row, i);
	if (st->blobs[i]) {
		PQfreemem(st->blobs[i]);
		st->blobs[i] = NULL;
	}
	size_t n = 0;
	st->blobs[i] = PQunescapeBytea((const unsigned char *)PQgetvalue(st->res, st->row, i), &n);
	st->blob_lens[i] = n;
	return n ? st->blobs[i] : NULL;
}

static size_t pg_col_len(struct db_stmt *st, int i)
{
	if (!has_value(st, i))
		return 0;
	if (PQftype(st->res, i) == OID_BYTEA) {
		if (!st->blobs[i])
			pg_col_blob(st, i);
		return st->blob_lens[i];
	}
	return (size_t)PQgetlength(st->res, st->row, i);
}

static void pg_row(struct db_stmt *st, const char *types, struct db_value *out)
{
	for (int i = 0; types[i]; i++) {
		struct db_value *o = &out[i];
		int has = has_value(st, i);
		o->is_null = !has;
		if (types[i] == 't') {
			o->s = has ? PQgetvalue(st->res, st->row, i) : NULL;
			o->n = has ? (size_t)PQgetlength(st->res, st->row, i) : 0;
		} else {
			o->v = has ? text_int(st, i) : 0;
			if (types[i] == 'I')
				o->is_null = 0;
		}
	}
}

static int64_t pg_changes(struct db *db)
{
	return db->changes;
}

static int64_t pg_total_changes(struct db *db)
{
	return db->total_changes;
}

/* --- scripts and transactions ------------------------------------------ */

static int pg_exec(struct db *db, const char *sql, struct buf *err)
{
	db->tables_ok = 0; /* a script may change the schema */
	if (run(db, sql)) {
		buf_adds(err, buf_str(&db->err));
		return -1;
	}
	return 0;
}

static int pg_begin(struct db *db, enum db_txn mode, struct buf *err)
{
	int w = mode == DB_TXN_WRITE && !(db->flags & DB_READONLY);
	if (run(db, w ? "BEGIN ISOLATION LEVEL READ COMMITTED" : "BEGIN ISOLATION LEVEL REPEATABLE READ")) {
		buf_adds(err, buf_str(&db->err));
		return -1;
	}
	/* the writers' queue: one at a time, as SQLite's BEGIN IMMEDIATE */
	if (w && run(db, "UPDATE zbb_sys.state SET data_version = data_version + 1")) {
		buf_adds(err, buf_str(&db->err));
		int busy = db->is_busy;
		run(db, "ROLLBACK");
		db->is_busy = busy;
		return -1;
	}
	db->in_txn = 1;
	db->txn_write = w;
	memcpy(db->region_at_begin, db->region, sizeof db->region);
	return 0;
}

/* A failure (a server that cannot export one) has aborted the read
 * transaction: it is begun again, and there is no snapshot to share (1). */
static int pg_snapshot_export(struct db *db, char *out, size_t n, struct buf *err)
{
	PGresult *r = PQexec(db->c, "SELECT pg_export_snapshot()");
	int ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && (size_t)PQgetlength(r, 0, 0) < n;
	if (ok)
		snprintf(out, n, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	if (ok)
		return 0;
	if (n)
		out[0] = 0;
	if (run(db, "ROLLBACK") || run(db, "BEGIN ISOLATION LEVEL REPEATABLE READ")) {
		db->in_txn = 0;
		buf_adds(err, buf_str(&db->err));
		return -1;
	}
	return 1;
}

/* SET TRANSACTION SNAPSHOT takes no parameter: the id (hex digits and
 * dashes, as pg_export_snapshot gives it) is checked and written in. */
static int pg_begin_at(struct db *db, const char *id, struct buf *err)
{
	char sql[160];
	if (!*id || strspn(id, "0123456789ABCDEFabcdef-") != strlen(id) || strlen(id) > 64) {
		buf_printf(err, "not a snapshot: %s", id);
		return -1;
	}
	snprintf(sql, sizeof sql, "SET TRANSACTION SNAPSHOT '%s'", id);
	if (run(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") || run(db, sql)) {
		buf_adds(err, buf_str(&db->err));
		if (PQtransactionStatus(db->c) != PQTRANS_IDLE)
			run(db, "ROLLBACK");
		return -1;
	}
	db->in_txn = 1;
	db->txn_write = 0;
	memcpy(db->region_at_begin, db->region, sizeof db->region);
	return 0;
}

/* What a transaction's rollback takes back of the connection's own state:
 * the session's zbb.region set inside, and the temporary table of changes
 * and its triggers when they were made inside (track_setup). */
static void undo_txn_state(struct db *db)
{
	memcpy(db->region, db->region_at_begin, sizeof db->region);
	if (db->track_made_in_txn)
		db->has_track_table = 0;
}

static int pg_commit(struct db *db, struct buf *err)
{
	int w = db->txn_write;
	db->in_txn = db->txn_write = 0;
	PGresult *r = PQexec(db->c, "COMMIT");
	/* a failed transaction's COMMIT answers ROLLBACK */
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK && !strcmp(PQcmdStatus(r), "COMMIT");
	if (!ok) {
		set_err(db, r);
		if (!db->err.len)
			buf_adds(&db->err, "the transaction failed and was rolled back");
		buf_adds(err, buf_str(&db->err));
	}
	PQclear(r);
	if (ok && w)
		db->own_bumps++;
	if (!ok)
		undo_txn_state(db);
	db->track_made_in_txn = 0;
	return ok ? 0 : -1;
}

static void pg_rollback(struct db *db)
{
	if (PQtransactionStatus(db->c) != PQTRANS_IDLE) {
		PQclear(PQexec(db->c, "ROLLBACK"));
		if (db->in_txn)
			undo_txn_state(db);
	}
	db->track_made_in_txn = 0;
	db->in_txn = db->txn_write = 0;
}

static int pg_in_txn(struct db *db)
{
	return PQtransactionStatus(db->c) != PQTRANS_IDLE;
}

/* --- versions ------------------------------------------------------------ */

static int pg_schema_version(struct db *db)
{
	if (query_int(db, "SELECT count(*) FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid"
			  " WHERE n.nspname = 'zbb_sys' AND c.relname = 'state'") != 1)
		return db->err.len && PQstatus(db->c) != CONNECTION_OK ? -1 : 0;
	return (int)query_int(db, "SELECT schema_version FROM zbb_sys.state");
}

static int pg_set_schema_version(struct db *db, int v, struct buf *err)
{
	char sql[80];
	snprintf(sql, sizeof sql, "UPDATE zbb_sys.state SET schema_version = %d", v);
	return pg_exec(db, sql, err);
}

static int64_t pg_data_version(struct db *db)
{
	int64_t v = query_int(db, "SELECT data_version FROM zbb_sys.state");
	if (v < 0)
		return -1;
	return v - db->own_bumps - (db->txn_write ? 1 : 0);
}

static void pg_tune(struct db *db, enum db_tune t)
{
	if (t == DB_TUNE_BULK || t == DB_TUNE_BULK_BIG)
		db->bulk = 1;
	else if (t == DB_TUNE_NORMAL)
		db->bulk = 0;
}

/* --- backup ---------------------------------------------------------------- */

static int pg_backup(struct db *db, const char *dest, int step, void (*progress)(int done, int total), struct buf *err)
{
	(void)db;
	(void)step;
	(void)progress;
	buf_printf(err,
		   L("%s: PostgreSQL 上的账簿不能这样备份（用 pg_dump，或 zbb copy 复制到 SQLite 文件）",
		     "%s: a book on PostgreSQL is not backed up this way (use pg_dump, or zbb copy to an SQLite file)"),
		   dest);
	return -1;
}

static int pg_copy_into(struct db *dst, struct db *src, struct buf *err)
{
	(void)dst;
	(void)src;
	buf_adds(err, "db_copy_into: not on PostgreSQL");
	return -1;
}

/* --- row changes ------------------------------------------------------------ */

static void tables_free(struct db *db)
{
	for (size_t i = 0; i < db->n_tables; i++) {
		struct db_table *t = &db->tables[i];
		for (int c = 0; c < t->n_cols; c++) {
			free(t->cols[c]);
			free(t->dflt[c]);
		}
		for (int k = 0; k < t->n_parents; k++)
			free(t->parents[k]);
		free(t->parents);
		free(t->name);
		free(t->cols);
		free(t->dflt);
		free(t->pk);
		free(db->types[i]);
	}
	free(db->tables);
	free(db->types);
	db->tables = NULL;
	db->types = NULL;
	db->n_tables = 0;
	db->tables_ok = 0;
}

/* A column default as SQLite would show it: 'x'::text -> 'x', 0 -> 0. */
static char *dflt_of(const char *d)
{
	if (!d)
		return NULL;
	char *s = xstrdup(d);
	size_t n = strlen(s);
	if (s[0] == '\'') {
		char *e = strrchr(s, '\'');
		if (e && e != s && !strncmp(e + 1, "::", 2))
			e[1] = 0;
	} else if (s[0] == '(' && n > 2 && s[n - 1] == ')' && strspn(s + 1, "-0123456789") == n - 2) {
		memmove(s, s + 1, n - 2);
		s[n - 2] = 0;
	}
	return s;
}

static int tables_load(struct db *db, struct buf *err)
{
	if (db->tables_ok)
		return 0;
	tables_free(db);
	PGresult *r = PQexec(db->c,
			     "SELECT c.table_name, c.column_name, c.column_default, c.data_type,"
			     " coalesce((SELECT k.ordinal_position FROM information_schema.table_constraints tc"
			     "  JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name"
			     "  AND k.table_schema = tc.table_schema AND k.table_name = tc.table_name"
			     "  WHERE tc.table_schema = c.table_schema AND tc.table_name = c.table_name"
			     "  AND tc.constraint_type = 'PRIMARY KEY' AND k.column_name = c.column_name), 0)"
			     " FROM information_schema.columns c JOIN information_schema.tables t"
			     " ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
			     " WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
			     " AND NOT (SELECT p.relispartition FROM pg_class p WHERE p.relname = c.table_name"
			     "  AND p.relnamespace = current_schema()::regnamespace)"
			     " ORDER BY c.table_name COLLATE \"C\", c.ordinal_position");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		set_err(db, r);
		buf_adds(err, buf_str(&db->err));
		PQclear(r);
		return -1;
	}
	size_t cap = 0;
	struct db_table *t = NULL;
	size_t tcap = 0;
	for (int i = 0; i < PQntuples(r); i++) {
		const char *name = PQgetvalue(r, i, 0);
		if (!t || strcmp(t->name, name)) {
			xgrow((void **)&db->tables, &cap, db->n_tables + 1, sizeof(*db->tables));
			db->types = xrealloc(db->types, cap * sizeof(*db->types));
			t = &db->tables[db->n_tables];
			memset(t, 0, sizeof(*t));
			db->types[db->n_tables] = NULL;
			db->n_tables++;
			t->name = xstrdup(name);
			tcap = 0;
		}
		char **ty = &db->types[db->n_tables - 1];
		if ((size_t)t->n_cols + 1 > tcap) {
			tcap = tcap ? 2 * tcap : 16;
			t->cols = xrealloc(t->cols, tcap * sizeof(*t->cols));
			t->dflt = xrealloc(t->dflt, tcap * sizeof(*t->dflt));
			t->pk = xrealloc(t->pk, tcap * sizeof(*t->pk));
			*ty = xrealloc(*ty, tcap + 1);
		}
		t->cols[t->n_cols] = xstrdup(PQgetvalue(r, i, 1));
		t->dflt[t->n_cols] = dflt_of(PQgetisnull(r, i, 2) ? NULL : PQgetvalue(r, i, 2));
		t->pk[t->n_cols] = atoi(PQgetvalue(r, i, 4));
		const char *dt = PQgetvalue(r, i, 3);
		(*ty)[t->n_cols] = !strcmp(dt, "bigint") || !strcmp(dt, "integer") || !strcmp(dt, "smallint") ||
						   !strcmp(dt, "boolean")
					   ? 'i'
				   : !strcmp(dt, "bytea")	     ? 'b'
				   : !strcmp(dt, "double precision") || !strcmp(dt, "real") ? 'r'
											    : 't';
		t->n_cols++;
		(*ty)[t->n_cols] = 0;
	}
	PQclear(r);
	/* each table's parents, by its foreign keys */
	r = PQexec(db->c, "SELECT DISTINCT c.relname, p.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
			  " JOIN pg_class p ON p.oid = k.confrelid WHERE k.contype = 'f' AND k.conrelid <> k.confrelid"
			  " AND c.relnamespace = current_schema()::regnamespace AND k.conparentid = 0");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		set_err(db, r);
		buf_adds(err, buf_str(&db->err));
		PQclear(r);
		tables_free(db);
		return -1;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		size_t k = table_index(db, PQgetvalue(r, i, 0));
		if (k >= db->n_tables)
			continue;
		struct db_table *c = &db->tables[k];
		c->parents = xrealloc(c->parents, (size_t)(c->n_parents + 1) * sizeof(*c->parents));
		c->parents[c->n_parents++] = xstrdup(PQgetvalue(r, i, 1));
	}
	PQclear(r);
	db->tables_ok = 1;
	db->has_track_table = 0;
	return 0;
}

static int pg_tables(struct db *db, const struct db_table **out, size_t *n, struct buf *err)
{
	if (tables_load(db, err))
		return -1;
	*out = db->tables;
	*n = db->n_tables;
	return 0;
}

static size_t table_index(struct db *db, const char *name)
{
	size_t lo = 0, hi = db->n_tables;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int r = strcmp(db->tables[mid].name, name);
		if (!r)
			return mid;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

static void cell_text(struct db_cell *c, char type, const char *s, size_t n, unsigned char **freeme)
{
	memset(c, 0, sizeof(*c));
	if (!s) {
		c->type = 'n';
		return;
	}
	switch (type) {
	case 'i':
		c->type = 'i';
		c->v = s[0] == 't' && !s[1] ? 1 : s[0] == 'f' && !s[1] ? 0 : strtoll(s, NULL, 10);
		break;
	case 'r':
		c->type = 'r';
		c->r = strtod(s, NULL);
		break;
	case 'b': {
		size_t len = 0;
		*freeme = PQunescapeBytea((const unsigned char *)s, &len);
		c->type = 'b';
		c->s = *freeme;
		c->n = len;
		break;
	}
	default:
		c->type = 't';
		c->s = s;
		c->n = n;
	}
}

static void pg_col_cell(struct db_stmt *st, int i, struct db_cell *c)
{
	memset(c, 0, sizeof(*c));
	if (!has_value(st, i)) {
		c->type = 'n';
		return;
	}
	int oid = (int)PQftype(st->res, i);
	if (oid == OID_BYTEA) {
		c->type = 'b';
		c->s = pg_col_blob(st, i);
		c->n = st->blob_lens[i];
		return;
	}
	char type = oid == OID_INT8 || oid == OID_INT4 || oid == OID_INT2 || oid == OID_BOOL || oid == OID_NUMERIC ? 'i'
		    : oid == OID_FLOAT4 || oid == OID_FLOAT8							     ? 'r'
													     : 't';
	unsigned char *unused = NULL;
	cell_text(c, type, PQgetvalue(st->res, st->row, i), (size_t)PQgetlength(st->res, st->row, i), &unused);
}

/* The temporary table of changes and a trigger on every table of the book. */
static int track_setup(struct db *db, struct buf *err)
{
	if (db->has_track_table)
		return 0;
	if (run(db, "CREATE TEMP TABLE IF NOT EXISTS zbb_track(seq bigserial PRIMARY KEY, tbl text NOT NULL,"
		    " op text NOT NULL, old json, new json)"))
		goto fail;
	PGresult *r = PQexec(db->c, "SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace"
				    " AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND NOT EXISTS (SELECT 1 FROM pg_trigger g"
				    " WHERE g.tgrelid = c.oid AND g.tgname = 'zbb_track')");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		set_err(db, r);
		PQclear(r);
		goto fail;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		struct buf q = BUF_INIT;
		char *id = PQescapeIdentifier(db->c, PQgetvalue(r, i, 0), strlen(PQgetvalue(r, i, 0)));
		buf_printf(&q, "CREATE TRIGGER zbb_track AFTER INSERT OR UPDATE OR DELETE ON %s"
			       " FOR EACH ROW EXECUTE FUNCTION zbb_sys.track()", id);
		PQfreemem(id);
		int rc = run(db, buf_str(&q));
		buf_release(&q);
		if (rc) {
			PQclear(r);
			goto fail;
		}
	}
	PQclear(r);
	db->has_track_table = 1;
	db->track_made_in_txn = PQtransactionStatus(db->c) != PQTRANS_IDLE;
	return 0;
fail:
	buf_adds(err, buf_str(&db->err));
	return -1;
}

/* One JSON row as the table's cells. */
static void cells_of(json_t *row, const struct db_table *t, const char *types, struct db_cell *cells,
		     unsigned char **freeme)
{
	for (int i = 0; i < t->n_cols; i++) {
		json_t *v = json_object_get(row, t->cols[i]);
		freeme[i] = NULL;
		if (!v || json_is_null(v)) {
			cell_text(&cells[i], 'n', NULL, 0, &freeme[i]);
		} else if (json_is_integer(v)) {
			memset(&cells[i], 0, sizeof(cells[i]));
			cells[i].type = 'i';
			cells[i].v = json_integer_value(v);
		} else if (json_is_true(v) || json_is_false(v)) {
			memset(&cells[i], 0, sizeof(cells[i]));
			cells[i].type = 'i';
			cells[i].v = json_is_true(v);
		} else if (json_is_real(v)) {
			memset(&cells[i], 0, sizeof(cells[i]));
			cells[i].type = 'r';
			cells[i].r = json_real_value(v);
		} else if (json_is_string(v)) {
			cell_text(&cells[i], types[i] == 'b' ? 'b' : 't', json_string_value(v), json_string_length(v),
				  &freeme[i]);
		} else {
			cell_text(&cells[i], 'n', NULL, 0, &freeme[i]);
		}
	}
}

static int drain(struct db *db, struct buf *err)
{
	PGresult *r = PQexec(db->c, "SELECT tbl, op, old, new FROM pg_temp.zbb_track ORDER BY seq");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		set_err(db, r);
		buf_adds(err, buf_str(&db->err));
		PQclear(r);
		return -1;
	}
	struct buf tn = BUF_INIT;
	for (int i = 0; i < PQntuples(r); i++) {
		/* a partition's row is its table's: TABLE__REGION is TABLE */
		const char *name = PQgetvalue(r, i, 0), *cut = strstr(name, "__");
		buf_reset(&tn);
		buf_add(&tn, name, cut ? (size_t)(cut - name) : strlen(name));
		size_t ti = table_index(db, buf_str(&tn));
		if (ti == (size_t)-1)
			continue;
		const struct db_table *t = &db->tables[ti];
		const char *op = PQgetvalue(r, i, 1);
		int o = !strcmp(op, "INSERT") ? DB_OP_INSERT : !strcmp(op, "DELETE") ? DB_OP_DELETE : DB_OP_UPDATE;
		json_t *jo = PQgetisnull(r, i, 2) ? NULL : json_loads(PQgetvalue(r, i, 2), 0, NULL);
		json_t *jn = PQgetisnull(r, i, 3) ? NULL : json_loads(PQgetvalue(r, i, 3), 0, NULL);
		size_t n = (size_t)t->n_cols;
		struct db_cell *old = xcalloc(n ? n : 1, sizeof(*old)), *new = xcalloc(n ? n : 1, sizeof(*new));
		unsigned char **f1 = xcalloc(n ? n : 1, sizeof(*f1)), **f2 = xcalloc(n ? n : 1, sizeof(*f2));
		if (jo)
			cells_of(jo, t, db->types[ti], old, f1);
		if (jn)
			cells_of(jn, t, db->types[ti], new, f2);
		db->track_fn(db->track_arg, t, o, jo ? old : NULL, jn ? new : NULL);
		for (size_t c = 0; c < n; c++) {
			if (f1[c])
				PQfreemem(f1[c]);
			if (f2[c])
				PQfreemem(f2[c]);
		}
		free(f1);
		free(f2);
		free(old);
		free(new);
		json_decref(jo);
		json_decref(jn);
	}
	buf_release(&tn);
	PQclear(r);
	/* TRUNCATE, not DELETE: a temporary table is never vacuumed, and the
	 * dead rows of every earlier write made each DELETE slower (17 ms a
	 * write after a demo's season) */
	return run(db, "TRUNCATE pg_temp.zbb_track") ? (buf_adds(err, buf_str(&db->err)), -1) : 0;
}

static int pg_track(struct db *db, db_change_fn fn, void *arg, struct buf *err)
{
	if (fn) {
		if (tables_load(db, err) || track_setup(db, err))
			return -1;
		if (run(db, "SELECT set_config('zbb.track', 'on', true)")) {
			buf_adds(err, buf_str(&db->err));
			return -1;
		}
		db->track_fn = fn;
		db->track_arg = arg;
		return 0;
	}
	int rc = 0;
	if (db->track_fn && PQtransactionStatus(db->c) == PQTRANS_INTRANS) {
		rc = drain(db, err);
		if (run(db, "SELECT set_config('zbb.track', 'off', true)"))
			rc = -1;
	}
	db->track_fn = NULL;
	db->track_arg = NULL;
	return rc;
}

static int pg_track_flush(struct db *db, struct buf *err)
{
	return db->track_fn && PQtransactionStatus(db->c) == PQTRANS_INTRANS ? drain(db, err) : 0;
}

static int pg_batch_rows(struct db *db)
{
	(void)db;
	return 64;
}

static void pg_guard(struct db_stmt *st)
{
	st->is_always_guarded = 1;
}

static int pg_analyze(struct db *db, const char *table, struct buf *err)
{
	char *id = PQescapeIdentifier(db->c, table, strlen(table));
	if (!id) {
		buf_adds(err, PQerrorMessage(db->c));
		return -1;
	}
	struct buf q = BUF_INIT;
	buf_printf(&q, "ANALYZE %s", id);
	PQfreemem(id);
	int rc = run(db, buf_str(&q));
	buf_release(&q);
	if (rc)
		buf_adds(err, buf_str(&db->err));
	return rc ? -1 : 0;
}

const struct db_ops db_pg_ops = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.dialect = pg_dialect,
	.errmsg = pg_errmsg,
	.is_busy = pg_is_busy,
	.synchronous = pg_synchronous,
	.prepare = pg_prepare,
	.cached = pg_cached,
	.done = pg_done,
	.reset = pg_reset,
	.bind_int64 = pg_bind_int64,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.bind_blob = pg_bind_blob,
	.track_flush = pg_track_flush,
	.col_blob = pg_col_blob,
	.step = pg_step,
	.col_is_null = pg_col_is_null,
	.col_int64 = pg_col_int64,
	.col_text = pg_col_text,
	.col_len = pg_col_len,
	.row = pg_row,
	.changes = pg_changes,
	.total_changes = pg_total_changes,
	.exec = pg_exec,
	.begin = pg_begin,
	.snapshot_export = pg_snapshot_export,
	.begin_at = pg_begin_at,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_txn = pg_in_txn,
	.schema_version = pg_schema_version,
	.set_schema_version = pg_set_schema_version,
	.data_version = pg_data_version,
	.tune = pg_tune,
	.batch_rows = pg_batch_rows,
	.guard = pg_guard,
	.analyze = pg_analyze,
	.backup = pg_backup,
	.copy_into = pg_copy_into,
	.track = pg_track,
	.tables = pg_tables,
	.col_cell = pg_col_cell,
	.set_region = pg_set_region,
	.sync_ids = pg_sync_ids,
};
