/*
 * db_sqlite.c - the SQLite driver of db.h.  The only file of zbb that
 * calls sqlite3_*: opening (WAL, foreign keys, busy timeout), statements
 * and their per-connection cache, transactions, the schema version in
 * PRAGMA user_version, PRAGMA data_version, the tuning PRAGMAs and the
 * online backup.
 */
#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
/* Debian builds SQLite with the pre-update hook (PRAGMA compile_options) */
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct db_stmt {
	const struct db_ops *ops; /* first: db.c reads it */
	sqlite3_stmt *st;
	struct db *db;
	int is_cached;
};

struct cache_slot {
	const char *sql; /* the key: the text's address */
	struct db_stmt *st;
};

struct db {
	const struct db_ops *ops; /* first: db.c reads it */
	sqlite3 *h;
	char *path;    /* for the wait message */
	int said_wait;
	unsigned flags;
	int is_bulk_big;
	struct cache_slot *cache; /* open addressing, cap a power of two */
	size_t n_cache, cap_cache;
	/* row changes (db_track) and the tables they are told in */
	db_change_fn track_fn;
	void *track_arg;
	struct db_table *tables;
	size_t n_tables;
	int64_t tables_cookie; /* PRAGMA schema_version they were read at; -1 none */
	/* db_hold: an outer transaction that is always rolled back; the
	 * transactions inside it are savepoints (depth: open ones).  hold is
	 * 1, or 2 for a bulk hold (foreign keys off, as DB_TUNE_BULK has them);
	 * bulk_on: DB_TUNE_BULK is in effect; mismatch: a write ran other
	 * than it would outside the hold */
	int hold, hold_depth, hold_bulk_on, hold_mismatch;
	char region[16]; /* db_set_region's code ("" none), zbb_region()'s answer */
	struct wq *q;    /* the writers' queue of its file (a writable connection's), or NULL */
	struct wq *wq;   /* … while this connection's write transaction holds it, else NULL */
	int wq_gave_up;  /* … or it waited db_busy_ms for it in vain: SQLite's wait is not waited again */
};

/* zbb_region(): the connection's region (db_set_region), NULL when none */
static void fn_region(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	struct db *db = sqlite3_user_data(cx);
	if (db->region[0])
		sqlite3_result_text(cx, db->region, -1, SQLITE_STATIC);
	else
		sqlite3_result_null(cx);
}

static int sq_set_region(struct db *db, const char *code, struct buf *err)
{
	if (code && strlen(code) >= sizeof db->region) {
		buf_printf(err, "region code too long: %s", code);
		return -1;
	}
	snprintf(db->region, sizeof db->region, "%s", code ? code : "");
	return 0;
}

static void tables_free(struct db *db);
static void sq_close(struct db *db);
static int sq_exec(struct db *db, const char *sql, struct buf *err);
static int sq_schema_version(struct db *db);
static int64_t pragma_int(struct db *db, const char *sql);


/* SQLite's busy handler: sleep a little longer each time, up to
 * db_busy_ms in all; say once that this connection waits. */
static int on_busy(void *arg, int n)
{
	struct db *db = arg;
	static const unsigned steps[] = { 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 };
	unsigned total = 0;
	if (db->wq_gave_up)
		return 0; /* a writer of this process held the book all the while */
	for (int i = 0; i < n; i++)
		total += i < 12 ? steps[i] : 100;
	if (total >= db_busy_ms)
		return 0;
	unsigned ms = n < 12 ? steps[n] : 100;
	if (ms > db_busy_ms - total)
		ms = db_busy_ms - total;
	if (db_busy_say && !db->said_wait && total >= 20) {
		db->said_wait = 1;
		zb_err(L("%s: 另一个程序正在写账簿，最多再等 %.1f 秒……", "%s: another program is writing the book; waiting up to %.1f more seconds..."),
		       db->path ? db->path : "?", (db_busy_ms - total) / 1000.0);
	}
	__atomic_add_fetch(&db_busy_sleeps, 1, __ATOMIC_RELAXED);
	sqlite3_sleep((int)ms);
	return 1;
}

/* The writers of one book file in this process queue here before BEGIN
 * IMMEDIATE, the one writer SQLite lets in at a time: the next is woken
 * the moment the last one commits.  SQLite's own wait (on_busy) sleeps
 * 1, 2, 5 … 100 ms between looks, so under a server's stream of writes a
 * writer could sleep on while others went first.  A writer in another
 * process is still waited for by on_busy; a queue not had within
 * db_busy_ms is passed by (SQLite's wait then decides). */
struct wq {
	char *path;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int is_held;
	int users; /* the connections open on the file (wqs_mu) */
};
#define WQ_MAX 16
static struct wq *wqs[WQ_MAX];
static pthread_mutex_t wqs_mu = PTHREAD_MUTEX_INITIALIZER;

/* The queue of the file a writable connection opens, shared by the
 * connections open on it and freed with the last; NULL for an in-memory
 * database, or past WQ_MAX files open at once (SQLite's wait alone). */
static struct wq *wq_get(const char *path)
{
	struct wq *w = NULL;
	if (!path || !*path || !strcmp(path, ":memory:"))
		return NULL;
	pthread_mutex_lock(&wqs_mu);
	for (size_t i = 0; i < WQ_MAX && !w; i++)
		if (wqs[i] && !strcmp(wqs[i]->path, path))
			w = wqs[i];
	for (size_t i = 0; i < WQ_MAX && !w; i++)
		if (!wqs[i]) {
			w = wqs[i] = xcalloc(1, sizeof(*w));
			w->path = xstrdup(path);
			pthread_mutex_init(&w->mu, NULL);
			pthread_cond_init(&w->cv, NULL);
		}
	if (w)
		w->users++;
	pthread_mutex_unlock(&wqs_mu);
	return w;
}

static void wq_put(struct wq *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&wqs_mu);
	if (!--w->users) {
		for (size_t i = 0; i < WQ_MAX; i++)
			if (wqs[i] == w)
				wqs[i] = NULL;
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->cv);
		free(w->path);
		free(w);
	}
	pthread_mutex_unlock(&wqs_mu);
}

static void wq_enter(struct db *db)
{
	struct wq *w = db->q;
	if (!w || db->wq)
		return;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += db_busy_ms / 1000;
	until.tv_nsec += (long)(db_busy_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&w->mu);
	int timed_out = 0;
	while (w->is_held && !timed_out)
		timed_out = pthread_cond_timedwait(&w->cv, &w->mu, &until) == ETIMEDOUT;
	if (!w->is_held) {
		w->is_held = 1;
		db->wq = w;
	} else {
		db->wq_gave_up = 1;
	}
	pthread_mutex_unlock(&w->mu);
}

static void wq_leave(struct db *db)
{
	struct wq *w = db->wq;
	if (!w)
		return;
	db->wq = NULL;
	pthread_mutex_lock(&w->mu);
	w->is_held = 0;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

/* BEGIN IMMEDIATE after this process's writers before it: the write lock,
 * or -1 (busy past db_busy_ms, the queue let go). */
static int begin_immediate(struct db *db, struct buf *err)
{
	wq_enter(db);
	int rc = sq_exec(db, "BEGIN IMMEDIATE", err);
	db->wq_gave_up = 0;
	if (rc)
		wq_leave(db);
	return rc;
}

static int sq_is_busy(struct db *db)
{
	int c = db->h ? sqlite3_errcode(db->h) & 0xff : 0;
	return c == SQLITE_BUSY || c == SQLITE_LOCKED;
}

static int sq_synchronous(struct db *db)
{
	return (int)pragma_int(db, "PRAGMA synchronous");
}

void db_sqlite_global_init(void)
{
	/* no global lock around every SQLite allocation for statistics nobody reads */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

const char *db_sqlite_version(void)
{
	return sqlite3_libversion();
}

static enum db_dialect sq_dialect(const struct db *db)
{
	(void)db;
	return DB_SQLITE;
}

const char *sq_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->h);
}

static void pragma(struct db *db, const char *sql)
{
	sqlite3_exec(db->h, sql, NULL, NULL, NULL);
}

static void db_close_handle(struct db *db);

/* A WAL book that no one has open, on a file and in a folder this process
 * may not write: SQLite cannot make the -shm beside it, so it is read as
 * immutable (nothing writes it while no one may). */
static int reopen_immutable(struct db *db, const char *path)
{
	struct buf uri = BUF_INIT;
	if (access(path, W_OK) == 0)
		return -1; /* writable after all: the failure is another one */
	buf_adds(&uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7f)
			buf_printf(&uri, "%%%02X", *p);
		else
			buf_addc(&uri, (char)*p);
	}
	buf_adds(&uri, "?immutable=1");
	db_close_handle(db);
	int rc = sqlite3_open_v2(buf_str(&uri), &db->h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
				 NULL);
	buf_release(&uri);
	return rc == SQLITE_OK ? 0 : -1;
}

static int sq_open(const char *target, unsigned flags, struct db **out, struct buf *err)
{
	struct db *db = xcalloc(1, sizeof(*db));
	db->ops = &db_sqlite_ops;
	db->flags = flags;
	db->tables_cookie = -1;
	db->path = xstrdup(target);
	if (!(flags & DB_READONLY))
		db->q = wq_get(target);
	*out = NULL;
	if ((flags & DB_CREATE) && !(flags & DB_READONLY) && strcmp(target, ":memory:") && access(target, F_OK) != 0) {
		/* a book holds password hashes and sessions: only its owner reads it
		 * (SQLite gives the -wal and -shm files the same mode) */
		int fd = open(target, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0 && errno != EEXIST) {
			buf_printf(err, "%s: %s", target, zb_strerror(errno));
			sq_close(db);
			return -1;
		}
		if (fd >= 0)
			close(fd);
	}
	int oflags = (flags & DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (sqlite3_open_v2(target, &db->h, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		buf_printf(err, "%s: %s", target, db->h ? sqlite3_errmsg(db->h) : "out of memory");
		sq_close(db);
		return -1;
	}
	if ((flags & DB_READONLY) && pragma_int(db, "PRAGMA user_version") < 0 &&
	    ((sqlite3_errcode(db->h) & 0xff) == SQLITE_CANTOPEN || (sqlite3_errcode(db->h) & 0xff) == SQLITE_READONLY) &&
	    reopen_immutable(db, target)) {
		buf_printf(err, "%s: %s", target, sqlite3_errmsg(db->h));
		sq_close(db);
		return -1;
	}
	sqlite3_busy_handler(db->h, on_busy, db);
	sqlite3_create_function(db->h, "zbb_region", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, db, fn_region, NULL, NULL);
	pragma(db, "PRAGMA foreign_keys=ON");
	/* WAL once the file reads as a database (a file that is not one is
	 * left untouched: the store says so at db_schema_version) */
	if (!(flags & DB_READONLY) && sq_schema_version(db) >= 0) {
		pragma(db, "PRAGMA journal_mode=WAL");
		pragma(db, (flags & DB_DURABLE) ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
	}
	*out = db;
	return 0;
}

/* The connection's statements and handle (the struct stays). */
static void db_close_handle(struct db *db)
{
	for (size_t i = 0; i < db->cap_cache; i++)
		if (db->cache[i].st) {
			sqlite3_finalize(db->cache[i].st->st);
			free(db->cache[i].st);
		}
	free(db->cache);
	db->cache = NULL;
	db->n_cache = db->cap_cache = 0;
	if (db->h)
		sqlite3_close_v2(db->h);
	db->h = NULL;
}

static void sq_close(struct db *db)
{
	if (!db)
		return;
	db_close_handle(db);
	wq_leave(db); /* an open transaction ended with the connection */
	wq_put(db->q);
	tables_free(db);
	free(db->path);
	free(db);
}

/* --- statements -------------------------------------------------------- */

struct db_stmt *sq_prepare(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	struct db_stmt *s = xmalloc(sizeof(*s));
	s->ops = &db_sqlite_ops;
	s->st = st;
	s->db = db;
	s->is_cached = 0;
	return s;
}

static size_t slot_of(const struct db *db, const char *sql)
{
	size_t i = ((uintptr_t)sql >> 3) * 0x9e3779b97f4a7c15ULL >> 7 & (db->cap_cache - 1);
	while (db->cache[i].sql && db->cache[i].sql != sql)
		i = (i + 1) & (db->cap_cache - 1);
	return i;
}

struct db_stmt *sq_cached(struct db *db, const char *sql)
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
	struct db_stmt *s = sq_prepare(db, sql);
	if (!s)
		return NULL;
	s->is_cached = 1;
	db->cache[slot_of(db, sql)] = (struct cache_slot){ sql, s };
	db->n_cache++;
	return s;
}

static void sq_reset(struct db_stmt *st)
{
	sqlite3_reset(st->st);
}

static void sq_done(struct db_stmt *st)
{
	if (!st)
		return;
	if (st->is_cached) {
		sqlite3_reset(st->st);
		sqlite3_clear_bindings(st->st);
		return;
	}
	sqlite3_finalize(st->st);
	free(st);
}

static void sq_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(st->st, i, v);
}

static void sq_bind_text(struct db_stmt *st, int i, const char *s, size_t n)
{
	if (!s)
		sqlite3_bind_null(st->st, i);
	else
		sqlite3_bind_text(st->st, i, s, n == (size_t)-1 ? -1 : (int)n, SQLITE_STATIC);
}

static void sq_bind_null(struct db_stmt *st, int i)
{
	sqlite3_bind_null(st->st, i);
}

static void sq_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
	sqlite3_bind_blob64(st->st, i, p, (sqlite3_uint64)n, SQLITE_STATIC);
}

const void *sq_col_blob(struct db_stmt *st, int i)
{
	return sqlite3_column_blob(st->st, i);
}

static int sq_step(struct db_stmt *st)
{
	int rc = sqlite3_step(st->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		int x = sqlite3_extended_errcode(st->db->h);
		return x == SQLITE_CONSTRAINT_PRIMARYKEY || x == SQLITE_CONSTRAINT_UNIQUE ? DB_DUPLICATE : DB_CONSTRAINT;
	}
	return DB_ERROR;
}

static int sq_col_is_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(st->st, i) == SQLITE_NULL;
}

static int64_t sq_col_int64(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(st->st, i);
}

const char *sq_col_text(struct db_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st->st, i);
}

static size_t sq_col_len(struct db_stmt *st, int i)
{
	return (size_t)sqlite3_column_bytes(st->st, i);
}

static void sq_row(struct db_stmt *st, const char *types, struct db_value *out)
{
	for (int i = 0; types[i]; i++) {
		struct db_value *o = &out[i];
		if (types[i] == 't') {
			o->s = (const char *)sqlite3_column_text(st->st, i);
			o->n = o->s ? (size_t)sqlite3_column_bytes(st->st, i) : 0;
			o->is_null = !o->s;
		} else if (types[i] == 'I') {
			o->is_null = 0;
			o->v = sqlite3_column_int64(st->st, i);
		} else {
			o->is_null = sqlite3_column_type(st->st, i) == SQLITE_NULL;
			o->v = o->is_null ? 0 : sqlite3_column_int64(st->st, i);
		}
	}
}

static int64_t sq_changes(struct db *db)
{
	return sqlite3_changes64(db->h);
}

static int64_t sq_total_changes(struct db *db)
{
	return sqlite3_total_changes64(db->h);
}

/* --- scripts and transactions ------------------------------------------ */

static int sq_exec(struct db *db, const char *sql, struct buf *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		buf_adds(err, msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int sq_begin(struct db *db, enum db_txn mode, struct buf *err)
{
	if (db->hold) {
		if (db->hold_depth) {
			buf_adds(err, "cannot start a transaction within a transaction");
			return -1;
		}
		if (mode == DB_TXN_WRITE && (db->hold == 2) != db->hold_bulk_on)
			db->hold_mismatch = 1;
		if (db_exec(db, "SAVEPOINT zbb_txn", err))
			return -1;
		db->hold_depth++;
		return 0;
	}
	return mode == DB_TXN_WRITE ? begin_immediate(db, err) : sq_exec(db, "BEGIN", err);
}

/* No snapshot to share (this SQLite has no sqlite3_snapshot_get): the
 * transaction's read begins now, so that another's is no older. */
static int sq_snapshot_export(struct db *db, char *out, size_t n, struct buf *err)
{
	if (n)
		out[0] = 0;
	return sq_exec(db, "SELECT 1 FROM sqlite_schema LIMIT 1", err) ? -1 : 1;
}

static int sq_begin_at(struct db *db, const char *id, struct buf *err)
{
	(void)id;
	return sq_begin(db, DB_TXN_READ, err);
}

static int sq_commit(struct db *db, struct buf *err)
{
	if (db->hold) {
		if (!db->hold_depth) {
			buf_adds(err, "cannot commit - no transaction is active");
			return -1;
		}
		if (db_exec(db, "RELEASE zbb_txn", err))
			return -1;
		db->hold_depth--;
		return 0;
	}
	int rc = sq_exec(db, "COMMIT", err);
	if (sqlite3_get_autocommit(db->h))
		wq_leave(db); /* ended (a failed COMMIT may leave it open: the rollback ends it) */
	return rc;
}

static void sq_rollback(struct db *db)
{
	if (db->hold) {
		if (db->hold_depth) {
			pragma(db, "ROLLBACK TO zbb_txn");
			pragma(db, "RELEASE zbb_txn");
			db->hold_depth--;
		}
		return;
	}
	if (!sqlite3_get_autocommit(db->h))
		pragma(db, "ROLLBACK");
	wq_leave(db);
}

int db_hold(struct db *db, int bulk, struct buf *err)
{
	if (db->hold || !sqlite3_get_autocommit(db->h)) {
		buf_adds(err, "db_hold inside a transaction");
		return -1;
	}
	if (bulk)
		pragma(db, "PRAGMA foreign_keys=OFF");
	if (begin_immediate(db, err)) {
		if (bulk)
			pragma(db, "PRAGMA foreign_keys=ON");
		return -1;
	}
	db->hold = bulk ? 2 : 1;
	db->hold_depth = db->hold_bulk_on = db->hold_mismatch = 0;
	return 0;
}

int db_hold_end(struct db *db, struct buf *err)
{
	int rc = 0, bulk = db->hold == 2;
	if (!db->hold)
		return 0;
	if (db->hold_depth) {
		buf_adds(err, "a transaction left open under db_hold");
		rc = -1;
	} else if (db->hold_mismatch) {
		buf_adds(err, bulk ? "a write under a bulk db_hold that was not a bulk load (or a big one)"
				   : "a bulk load under db_hold (its PRAGMAs have no effect inside a transaction)");
		rc = -1;
	}
	db->hold = db->hold_depth = db->hold_bulk_on = db->hold_mismatch = 0;
	if (!sqlite3_get_autocommit(db->h))
		pragma(db, "ROLLBACK");
	wq_leave(db);
	if (bulk)
		pragma(db, "PRAGMA foreign_keys=ON");
	return rc;
}

static int sq_in_txn(struct db *db)
{
	if (db->hold)
		return db->hold_depth > 0;
	return !sqlite3_get_autocommit(db->h);
}

/* --- versions ------------------------------------------------------------ */

static int64_t pragma_int(struct db *db, const char *sql)
{
	struct db_stmt *st = sq_cached(db, sql);
	int64_t v = -1;
	if (!st)
		return -1;
	if (sq_step(st) == DB_ROW)
		v = sq_col_int64(st, 0);
	sq_done(st);
	return v;
}

static int sq_schema_version(struct db *db)
{
	/* a file that is not a database fails here, on its first read */
	return (int)pragma_int(db, "PRAGMA user_version");
}

static int sq_set_schema_version(struct db *db, int v, struct buf *err)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", v);
	return sq_exec(db, sql, err);
}

static int64_t sq_data_version(struct db *db)
{
	return pragma_int(db, "PRAGMA data_version");
}

/* --- tuning --------------------------------------------------------------- */

static void sq_tune(struct db *db, enum db_tune t)
{
	if (db->hold) {
		/* inside the held transaction foreign_keys and journal_mode do
		 * not change: a bulk hold set foreign keys off before it */
		if (t == DB_TUNE_BULK_BIG || (t == DB_TUNE_BULK && db->hold == 1))
			db->hold_mismatch = 1;
		if (t == DB_TUNE_BULK || t == DB_TUNE_NORMAL)
			db->hold_bulk_on = t == DB_TUNE_BULK;
	}
	switch (t) {
	case DB_TUNE_SCAN:
		/* read through SQLite's small page cache, not a memory map of
		 * the file: the pages of a map count in the process's memory
		 * (600 MB of the scale-50 city's 1.6 GB peak), while reading
		 * them costs the same from the OS page cache (issue 17) */
		break;
	case DB_TUNE_BULK_BIG:
		/* new pages written once, not to the WAL and again at the
		 * checkpoint; just as atomic (a crash leaves a journal that the
		 * next open rolls back); with other connections open SQLite
		 * keeps WAL and nothing changes */
		pragma(db, "PRAGMA journal_mode=DELETE");
		db->is_bulk_big = 1;
		/* fall through */
	case DB_TUNE_BULK:
		/* the caller checked every reference; SQLite's own look-up per
		 * row would only repeat it.  A big cache keeps the B-tree pages
		 * of a large load in memory until the commit. */
		pragma(db, "PRAGMA foreign_keys=OFF");
		pragma(db, "PRAGMA cache_size=-262144");
		break;
	case DB_TUNE_NORMAL:
		pragma(db, "PRAGMA foreign_keys=ON");
		pragma(db, "PRAGMA cache_size=-2000");
		if (db->is_bulk_big)
			pragma(db, "PRAGMA journal_mode=WAL");
		db->is_bulk_big = 0;
		break;
	}
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
	}
	free(db->tables);
	db->tables = NULL;
	db->n_tables = 0;
	db->tables_cookie = -1;
}

static char *dup_col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? xstrdup(s) : NULL;
}

/* The main database's own tables with their columns, read again when the
 * schema changed since the last time. */
static int tables_load(struct db *db, struct buf *err)
{
	int64_t cookie = pragma_int(db, "PRAGMA schema_version");
	if (cookie >= 0 && cookie == db->tables_cookie)
		return 0;
	tables_free(db);
	sqlite3_stmt *st = NULL, *ti = NULL, *fk = NULL;
	size_t cap = 0;
	int rc = -1;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
			       " ORDER BY name",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db->h, "SELECT name, dflt_value, pk FROM pragma_table_info(?1) ORDER BY cid", -1, &ti,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db->h, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1) WHERE \"table\" <> ?1",
			       -1, &fk, NULL) != SQLITE_OK)
		goto out;
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&db->tables, &cap, db->n_tables + 1, sizeof(*db->tables));
		struct db_table *t = &db->tables[db->n_tables++];
		memset(t, 0, sizeof(*t));
		t->name = dup_col(st, 0);
		size_t ccap = 0;
		sqlite3_reset(ti);
		sqlite3_bind_text(ti, 1, t->name, -1, SQLITE_STATIC);
		while (sqlite3_step(ti) == SQLITE_ROW) {
			if ((size_t)t->n_cols + 1 > ccap) {
				ccap = ccap ? 2 * ccap : 16;
				t->cols = xrealloc(t->cols, ccap * sizeof(*t->cols));
				t->dflt = xrealloc(t->dflt, ccap * sizeof(*t->dflt));
				t->pk = xrealloc(t->pk, ccap * sizeof(*t->pk));
			}
			t->cols[t->n_cols] = dup_col(ti, 0);
			t->dflt[t->n_cols] = dup_col(ti, 1);
			t->pk[t->n_cols] = sqlite3_column_int(ti, 2);
			t->n_cols++;
		}
		sqlite3_reset(fk);
		sqlite3_bind_text(fk, 1, t->name, -1, SQLITE_STATIC);
		while (sqlite3_step(fk) == SQLITE_ROW) {
			t->parents = xrealloc(t->parents, (size_t)(t->n_parents + 1) * sizeof(*t->parents));
			t->parents[t->n_parents++] = dup_col(fk, 0);
		}
	}
	if (s != SQLITE_DONE)
		goto out;
	db->tables_cookie = cookie;
	rc = 0;
out:
	if (rc) {
		buf_printf(err, "%s", sqlite3_errmsg(db->h));
		tables_free(db);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(ti);
	sqlite3_finalize(fk);
	return rc;
}

static int sq_tables(struct db *db, const struct db_table **out, size_t *n, struct buf *err)
{
	if (tables_load(db, err))
		return -1;
	*out = db->tables;
	*n = db->n_tables;
	return 0;
}

static void cell_of(sqlite3_value *v, struct db_cell *c)
{
	memset(c, 0, sizeof(*c));
	switch (v ? sqlite3_value_type(v) : SQLITE_NULL) {
	case SQLITE_INTEGER:
		c->type = 'i';
		c->v = sqlite3_value_int64(v);
		break;
	case SQLITE_FLOAT:
		c->type = 'r';
		c->r = sqlite3_value_double(v);
		break;
	case SQLITE_TEXT:
		c->type = 't';
		c->s = sqlite3_value_text(v);
		c->n = (size_t)sqlite3_value_bytes(v);
		break;
	case SQLITE_BLOB:
		c->type = 'b';
		c->s = sqlite3_value_blob(v);
		c->n = (size_t)sqlite3_value_bytes(v);
		break;
	default:
		c->type = 'n';
	}
}

static void sq_col_cell(struct db_stmt *st, int i, struct db_cell *c)
{
	cell_of(sqlite3_column_value(st->st, i), c);
}

static const struct db_table *table_find(struct db *db, const char *name)
{
	size_t lo = 0, hi = db->n_tables;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int r = strcmp(db->tables[mid].name, name);
		if (!r)
			return &db->tables[mid];
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

#define CELLS_STACK 64

static void preupdate(void *arg, sqlite3 *h, int op, const char *zdb, const char *table, sqlite3_int64 k1,
		      sqlite3_int64 k2)
{
	struct db *db = arg;
	(void)k1;
	(void)k2;
	if (!db->track_fn || strcmp(zdb, "main"))
		return;
	const struct db_table *t = table_find(db, table);
	if (!t)
		return;
	int n = sqlite3_preupdate_count(h);
	if (n != t->n_cols)
		return; /* the schema moved under the tracker: not a change of data */
	struct db_cell stack_old[CELLS_STACK], stack_new[CELLS_STACK];
	struct db_cell *old = n <= CELLS_STACK ? stack_old : xmalloc((size_t)n * sizeof(*old));
	struct db_cell *new = n <= CELLS_STACK ? stack_new : xmalloc((size_t)n * sizeof(*new));
	int o = op == SQLITE_INSERT ? DB_OP_INSERT : op == SQLITE_DELETE ? DB_OP_DELETE : DB_OP_UPDATE;
	for (int i = 0; i < n; i++) {
		sqlite3_value *v = NULL;
		if (o != DB_OP_INSERT) {
			sqlite3_preupdate_old(h, i, &v);
			cell_of(v, &old[i]);
		}
		v = NULL;
		if (o != DB_OP_DELETE) {
			sqlite3_preupdate_new(h, i, &v);
			cell_of(v, &new[i]);
		}
	}
	db->track_fn(db->track_arg, t, o, o == DB_OP_INSERT ? NULL : old, o == DB_OP_DELETE ? NULL : new);
	if (n > CELLS_STACK) {
		free(old);
		free(new);
	}
}

static int sq_track(struct db *db, db_change_fn fn, void *arg, struct buf *err)
{
	if (fn && tables_load(db, err))
		return -1;
	db->track_fn = fn;
	db->track_arg = arg;
	sqlite3_preupdate_hook(db->h, fn ? preupdate : NULL, fn ? db : NULL);
	return 0;
}

/* --- backup ---------------------------------------------------------------- */

static void remove_sidecars(const char *path)
{
	char *p = xmalloc(strlen(path) + sizeof "-journal");
	sprintf(p, "%s-wal", path);
	unlink(p);
	sprintf(p, "%s-shm", path);
	unlink(p);
	sprintf(p, "%s-journal", path);
	unlink(p);
	free(p);
}

static int sq_backup(struct db *db, const char *dest, int step, void (*progress)(int done, int total), struct buf *err)
{
	sqlite3 *out = NULL;
	sqlite3_backup *bk = NULL;
	int rc = -1, in_read = 0;
	/* into a temporary name beside dest, renamed when complete: dest
	 * never holds half a copy */
	char *tmp = xmalloc(strlen(dest) + 32);
	sprintf(tmp, "%s.tmp-%ld", dest, (long)getpid());
	unlink(tmp);
	remove_sidecars(tmp);
	if (sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		buf_printf(err, "%s: %s", dest, out ? sqlite3_errmsg(out) : "cannot open");
		goto out;
	}
	/* one read transaction over the whole copy: in WAL mode it pins a
	 * snapshot, so writers go on and the copy is the book as of one
	 * commit, however many steps it takes */
	if (sq_exec(db, "BEGIN", err) || sq_exec(db, "SELECT count(*) FROM sqlite_schema", err))
		goto out;
	in_read = 1;
	if (!(bk = sqlite3_backup_init(out, "main", db->h, "main"))) {
		buf_printf(err, "%s: %s", dest, sqlite3_errmsg(out));
		goto out;
	}
	int s;
	do {
		s = sqlite3_backup_step(bk, step);
		if (progress)
			progress(sqlite3_backup_pagecount(bk) - sqlite3_backup_remaining(bk), sqlite3_backup_pagecount(bk));
		if (s == SQLITE_BUSY || s == SQLITE_LOCKED)
			sqlite3_sleep(5);
	} while (s == SQLITE_OK || s == SQLITE_BUSY || s == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	bk = NULL;
	if (s != SQLITE_DONE) {
		buf_printf(err, "%s: %s", dest, sqlite3_errstr(s));
		goto out;
	}
	sq_rollback(db);
	in_read = 0;
	/* the copy stands alone: no WAL beside it */
	char *msg = NULL;
	if (sqlite3_exec(out, "PRAGMA journal_mode=DELETE", NULL, NULL, &msg) != SQLITE_OK) {
		buf_printf(err, "%s: %s", dest, msg ? msg : sqlite3_errmsg(out));
		sqlite3_free(msg);
		goto out;
	}
	if (sqlite3_close(out) != SQLITE_OK) {
		buf_printf(err, "%s: %s", dest, sqlite3_errmsg(out));
		goto out;
	}
	out = NULL;
	remove_sidecars(dest);
	if (rename(tmp, dest) != 0) {
		buf_printf(err, "%s: %s", dest, zb_strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (bk)
		sqlite3_backup_finish(bk);
	if (in_read)
		sq_rollback(db);
	if (out)
		sqlite3_close(out);
	if (rc) {
		unlink(tmp);
		remove_sidecars(tmp);
	}
	free(tmp);
	return rc;
}

static int sq_copy_into(struct db *dst, struct db *src, struct buf *err)
{
	sqlite3_backup *bk = sqlite3_backup_init(dst->h, "main", src->h, "main");
	int s = bk ? sqlite3_backup_step(bk, -1) : SQLITE_ERROR;
	if (bk)
		sqlite3_backup_finish(bk);
	if (s != SQLITE_DONE) {
		buf_adds(err, sqlite3_errmsg(dst->h));
		return -1;
	}
	return 0;
}


const struct db_ops db_sqlite_ops = {
	.name = "sqlite",
	.backup = sq_backup,
	.begin = sq_begin,
	.snapshot_export = sq_snapshot_export,
	.begin_at = sq_begin_at,
	.bind_blob = sq_bind_blob,
	.bind_int64 = sq_bind_int64,
	.bind_null = sq_bind_null,
	.bind_text = sq_bind_text,
	.cached = sq_cached,
	.changes = sq_changes,
	.close = sq_close,
	.col_blob = sq_col_blob,
	.col_cell = sq_col_cell,
	.set_region = sq_set_region,
	.col_int64 = sq_col_int64,
	.col_is_null = sq_col_is_null,
	.col_len = sq_col_len,
	.col_text = sq_col_text,
	.commit = sq_commit,
	.copy_into = sq_copy_into,
	.data_version = sq_data_version,
	.dialect = sq_dialect,
	.done = sq_done,
	.errmsg = sq_errmsg,
	.exec = sq_exec,
	.in_txn = sq_in_txn,
	.is_busy = sq_is_busy,
	.open = sq_open,
	.prepare = sq_prepare,
	.reset = sq_reset,
	.rollback = sq_rollback,
	.row = sq_row,
	.schema_version = sq_schema_version,
	.set_schema_version = sq_set_schema_version,
	.step = sq_step,
	.synchronous = sq_synchronous,
	.tables = sq_tables,
	.total_changes = sq_total_changes,
	.track = sq_track,
	.tune = sq_tune,
};
