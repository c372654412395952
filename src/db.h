/*
 * db.h - the thin database driver under the store (store.h): one
 * connection, prepared statements, transactions.  db_sqlite.c is its only
 * implementation today and the only file that calls sqlite3_*; a libpq
 * driver (db_pg.c) can be added beside it without touching the store's
 * callers.
 *
 * What a driver promises:
 *  - SQL text is the store's, written portably: numbered placeholders ?1,
 *    ?2 … (a PostgreSQL driver rewrites them to $1 …), INSERT … ON
 *    CONFLICT … DO UPDATE, no backend-only functions outside the places the
 *    store marks per dialect (schema, migrations).  db_dialect() says which
 *    backend is speaking, for those places.
 *  - Backend-specific tuning (SQLite's PRAGMAs, WAL, mmap, the online
 *    backup, data_version) is behind the functions of this header, never
 *    written by a caller.
 *  - A connection belongs to one thread at a time; there is no global
 *    connection state, so any number of connections (to one or several
 *    books, of either backend) may be open in one process.
 *
 * Memory: db_open hands the caller a struct db it frees with db_close.
 * A statement from db_prepare is the caller's until db_done; a cached one
 * (db_cached) belongs to the connection, and db_done only resets it.
 * Text from db_col_text lives until the next db_step, db_reset or db_done
 * of that statement.  Text bound with db_bind_text must live until the
 * statement is stepped for the last time with it (it is not copied).
 *
 * Errors: functions returning int give 0 (or a count) on success and -1 on
 * failure; the connection's message is then db_errmsg(db).  db_step
 * returns DB_ROW, DB_DONE, DB_DUPLICATE (a primary-key or unique
 * violation), DB_CONSTRAINT (another constraint) or DB_ERROR.
 */
#ifndef ZBB_DB_H
#define ZBB_DB_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

struct db;
struct db_stmt;

enum db_dialect { DB_SQLITE, DB_POSTGRES };

enum {
	DB_READONLY = 1, /* never writes; works on a file the process may not write */
	DB_CREATE = 2,   /* create the file (mode 0600) when missing */
	DB_DURABLE = 4,  /* a commit is on the disk before it returns (SQLite synchronous=FULL) */
};

/* How long a connection waits for another writer (or a checkpoint) before
 * failing with "locked": db_busy_ms milliseconds (5000 unless the command
 * line says otherwise).  With db_busy_say set, the first wait of a
 * connection is said on stderr (who waits, and for how long at most). */
extern unsigned db_busy_ms;
extern int db_busy_say;
/* How many times a SQLite connection of this process slept in SQLite's
 * busy wait (another process's writer, or a checkpoint): writers of one
 * process queue for the book instead (db_sqlite.c), so under their own
 * load it stays 0. */
extern unsigned long db_busy_sleeps;

enum { DB_ERROR = -1, DB_DONE = 0, DB_ROW = 1, DB_CONSTRAINT = 2, DB_DUPLICATE = 3 };

/* target: a file name (SQLite) or a postgresql:// (postgres://) URL
 * (PostgreSQL, db_pg.c).  0, or -1 with the reason in err. */
/* target names a PostgreSQL database (a postgresql:// or postgres:// URL) */
int db_is_url(const char *target);
/* target as it may be shown (errors, zbb info, logs): a URL's password,
 * in user:PASSWORD@ or password=PASSWORD, as ***; the caller frees it. */
char *db_shown(const char *target);
int db_open(const char *target, unsigned flags, struct db **out, struct buf *err);
void db_close(struct db *db);
enum db_dialect db_dialect(const struct db *db);
const char *db_errmsg(struct db *db);
/* The last failure was the book being locked by another writer after the
 * wait (db_busy_ms). */
int db_is_busy(struct db *db);
/* The connection's commit durability: 2 full (DB_DURABLE), 1 normal. */
int db_synchronous(struct db *db);

/* Statements.  db_prepare: a statement of the caller's (NULL on failure).
 * db_cached: the connection's own statement for this SQL text, prepared
 * on first use and keyed by the text's address (pass string literals). */
struct db_stmt *db_prepare(struct db *db, const char *sql);
struct db_stmt *db_cached(struct db *db, const char *sql);
void db_done(struct db_stmt *st);
void db_reset(struct db_stmt *st);
void db_bind_int64(struct db_stmt *st, int i, int64_t v);
/* n == (size_t)-1: up to the NUL.  s == NULL binds NULL. */
void db_bind_text(struct db_stmt *st, int i, const char *s, size_t n);
void db_bind_null(struct db_stmt *st, int i);
/* Bytes (not copied: they must live as db_bind_text's). */
void db_bind_blob(struct db_stmt *st, int i, const void *p, size_t n);
/* A blob column's bytes (db_col_len of them; NULL when empty or NULL). */
const void *db_col_blob(struct db_stmt *st, int i);
int db_step(struct db_stmt *st);
int db_col_is_null(struct db_stmt *st, int i);
int64_t db_col_int64(struct db_stmt *st, int i);
/* NULL for SQL NULL. */
const char *db_col_text(struct db_stmt *st, int i);
size_t db_col_len(struct db_stmt *st, int i);
/* The row's columns at once, for the loaders' hot loops: types[i] is 't'
 * (text: s, n; s NULL for NULL), 'i' (an integer: v; is_null) or 'I'
 * (an integer of a NOT NULL column: v only) for column i, as many as
 * types has letters.  One call instead of one or two per column. */
struct db_value {
	const char *s;
	size_t n;
	int64_t v;
	int is_null;
};
void db_row(struct db_stmt *st, const char *types, struct db_value *out);
/* Rows changed by the last statement, and by the connection in all. */
int64_t db_changes(struct db *db);
int64_t db_total_changes(struct db *db);

/* Run a script of statements without results (schema, migrations). */
int db_exec(struct db *db, const char *sql, struct buf *err);

/* Transactions.  DB_TXN_READ: a consistent snapshot for reading;
 * DB_TXN_WRITE: takes the write lock at once (no deadlock between two
 * writers that both read first). */
enum db_txn { DB_TXN_READ, DB_TXN_WRITE };
int db_begin(struct db *db, enum db_txn mode, struct buf *err);
int db_commit(struct db *db, struct buf *err);
void db_rollback(struct db *db);
int db_in_txn(struct db *db);
/* Two connections of one book reading one state (store_model.c's two
 * threads).  db_snapshot_export, inside a read transaction: its snapshot
 * for another connection (PostgreSQL: pg_export_snapshot, valid while
 * this transaction is open): 0 with its id in out (n bytes); 1 when the
 * backend cannot share one (SQLite: the transaction's own is taken now,
 * so that another's, begun after, is no older); -1 with err.
 * db_begin_at: a read transaction (as db_begin's DB_TXN_READ) on such a
 * snapshot of another connection; id NULL: its own. */
int db_snapshot_export(struct db *db, char *out, size_t n, struct buf *err);
int db_begin_at(struct db *db, const char *id, struct buf *err);
/* For tests that run many inputs on one database: db_hold opens an outer
 * transaction, inside which db_begin / db_commit / db_rollback are a
 * savepoint and its release (db_in_txn: one is open); db_hold_end rolls
 * it all back.  Foreign keys cannot change inside a transaction, so a
 * hold is for ordinary writes, or with bulk for bulk loads only
 * (DB_TUNE_BULK's foreign keys off are set before it).  -1 with err from
 * db_hold_end when a transaction was left open or a write of the other
 * sort (or a DB_TUNE_BULK_BIG one) ran: it did not run as it does
 * outside. */
int db_hold(struct db *db, int bulk, struct buf *err);
int db_hold_end(struct db *db, struct buf *err);

/* The schema version the store keeps in the database (0 in a new one). */
int db_schema_version(struct db *db);
int db_set_schema_version(struct db *db, int v, struct buf *err);

/* A number that changes whenever another connection commits a change to
 * the database (this connection's own changes do not count). */
int64_t db_data_version(struct db *db);

/* Tuning, a no-op where a backend has no such knob.
 *  DB_TUNE_SCAN: the next reads scan whole tables (SQLite: nothing now; a
 *    memory map of the file counted its pages in the process's memory).
 *  DB_TUNE_BULK / DB_TUNE_BULK_BIG: a bulk load follows in the next
 *    transaction, whose rows the caller has checked itself (SQLite: no
 *    per-row foreign-key look-ups, a large page cache; BIG also writes
 *    new pages once, under a rollback journal instead of the WAL, when no
 *    one else has the file open).  Call before db_begin.
 *  DB_TUNE_NORMAL: back to the defaults (after the commit or rollback). */
enum db_tune { DB_TUNE_SCAN, DB_TUNE_BULK, DB_TUNE_BULK_BIG, DB_TUNE_NORMAL };
void db_tune(struct db *db, enum db_tune t);

/* How many rows a bulk writer sends in one statement: 1 where a statement
 * costs no round trip (SQLite, in the process), more where each is one
 * (PostgreSQL: a city's 60,000 items are 60,000 round trips otherwise). */
int db_batch_rows(struct db *db);
/* A failure of st leaves the transaction usable, in a bulk load too
 * (PostgreSQL: a savepoint around each step; SQLite: always so). */
void db_guard(struct db_stmt *st);
/* After a large change to table inside the open transaction: the
 * planner's statistics made again, and so the plans cached from them
 * (PostgreSQL: ANALYZE; a foreign key's look-up planned when the table
 * was empty otherwise scans it for every row of the next load; SQLite:
 * nothing).  -1 with err. */
int db_analyze(struct db *db, const char *table, struct buf *err);

/* A consistent copy of the whole database into the file dest (replaced
 * if it exists: the caller decides whether it may be), step pages at a
 * time under one read snapshot, so that others may write meanwhile.  The
 * copy is written beside dest and renamed into place when complete.
 * progress may be NULL.  0, or -1 with the reason in err. */
int db_backup(struct db *db, const char *dest, int step, void (*progress)(int done, int total),
	      struct buf *err);

/* Make dst a copy of src, both open (the fuzzers' pristine book). */
int db_copy_into(struct db *dst, struct db *src, struct buf *err);

/* Row changes, for the store's row digests (store_digest.c).
 * A table as the database has it: its columns in order, each one's place
 * in the primary key (1-based, 0 when not in it) and its declared default
 * (SQL text as written in the schema, NULL when none). */
struct db_table {
	char *name;
	int n_cols;
	char **cols;
	char **dflt;
	int *pk;
	int n_parents;
	char **parents; /* the tables its foreign keys refer to (itself not), by name */
};
/* One column's value: type 'n' NULL, 'i' integer (v), 'r' real (r),
 * 't' text or 'b' blob (s, n). */
struct db_cell {
	char type;
	int64_t v;
	double r;
	const void *s;
	size_t n;
};
enum { DB_OP_INSERT = 1, DB_OP_UPDATE = 2, DB_OP_DELETE = 3 };
/* fn is told every row this connection inserts, updates or deletes in
 * the database's own tables (SQLite: the pre-update hook, so cascades and
 * REPLACE deletes too), until db_track(db, NULL, NULL, …): old is NULL for
 * an insert, new NULL for a delete, each t->n_cols cells.  fn must not use
 * the connection.  0, or -1 with err. */
typedef void (*db_change_fn)(void *arg, const struct db_table *t, int op, const struct db_cell *old,
			     const struct db_cell *new);
int db_track(struct db *db, db_change_fn fn, void *arg, struct buf *err);
/* Tell fn now the changes made so far while tracking (a driver that tells
 * them only when tracking ends, PostgreSQL's; a no-op where each change is
 * told as it happens). */
int db_track_flush(struct db *db, struct buf *err);
/* The database's own tables (not the backend's) by name, as they are now;
 * the array is the connection's, valid until the schema changes. */
int db_tables(struct db *db, const struct db_table **out, size_t *n, struct buf *err);
/* Column i of the current row as a cell (valid until the next step). */
void db_col_cell(struct db_stmt *st, int i, struct db_cell *c);

/* The backend libraries' versions, for `zbb version`: SQLite's and
 * libpq's ("3.46.1", "17.2"). */
const char *db_version(void);
const char *db_libpq_version(void);
/* The server's version of a PostgreSQL connection ("17.2"), NULL on SQLite;
 * the text is the connection's. */
const char *db_server_version(struct db *db);
/* The region (财政区划, SPEC §14) the store's statements read and write
 * on this connection: their SQL says zbb_region() where the region goes,
 * and the driver answers it with this code (SQLite: a function of the
 * connection; PostgreSQL: the session's setting zbb.region, which the
 * schema's zbb_region() reads).  NULL or "" for none: no row matches
 * and no row can be written.  Inside a transaction, for a statement over
 * the whole book (PostgreSQL: the change is undone if the transaction is
 * rolled back).  0, or -1 with err. */
int db_set_region(struct db *db, const char *code, struct buf *err);

/* After rows were written with their own values in an identity column
 * (a copied book's season_events.id): the next value the database gives
 * follows the largest (PostgreSQL: the column's sequence; SQLite: a no-op,
 * an INTEGER PRIMARY KEY follows its largest).  0, or -1 with err. */
int db_sync_ids(struct db *db, const char *table, const char *column, struct buf *err);

/* Process-wide set-up before any connection is opened (main). */
void db_global_init(void);


/* --- for db.c and the drivers (db_*.c) only ---------------------------
 * A driver's functions in a table.  Each driver's struct db and struct
 * db_stmt begin with a pointer to its table (DB_OPS reads it), so that
 * db.c sends every call above to the driver the connection was opened
 * with. */
struct db_ops {
	const char *name;
	int (*open)(const char *target, unsigned flags, struct db **out, struct buf *err);
	void (*close)(struct db *db);
	enum db_dialect (*dialect)(const struct db *db);
	const char *(*errmsg)(struct db *db);
	int (*is_busy)(struct db *db);
	int (*synchronous)(struct db *db);
	struct db_stmt *(*prepare)(struct db *db, const char *sql);
	struct db_stmt *(*cached)(struct db *db, const char *sql);
	void (*done)(struct db_stmt *st);
	void (*reset)(struct db_stmt *st);
	void (*bind_int64)(struct db_stmt *st, int i, int64_t v);
	void (*bind_text)(struct db_stmt *st, int i, const char *s, size_t n);
	void (*bind_null)(struct db_stmt *st, int i);
	void (*bind_blob)(struct db_stmt *st, int i, const void *p, size_t n);
	const void *(*col_blob)(struct db_stmt *st, int i);
	int (*step)(struct db_stmt *st);
	int (*col_is_null)(struct db_stmt *st, int i);
	int64_t (*col_int64)(struct db_stmt *st, int i);
	const char *(*col_text)(struct db_stmt *st, int i);
	size_t (*col_len)(struct db_stmt *st, int i);
	void (*row)(struct db_stmt *st, const char *types, struct db_value *out);
	int64_t (*changes)(struct db *db);
	int64_t (*total_changes)(struct db *db);
	int (*exec)(struct db *db, const char *sql, struct buf *err);
	int (*begin)(struct db *db, enum db_txn mode, struct buf *err);
	int (*commit)(struct db *db, struct buf *err);
	void (*rollback)(struct db *db);
	int (*in_txn)(struct db *db);
	int (*snapshot_export)(struct db *db, char *out, size_t n, struct buf *err);
	int (*begin_at)(struct db *db, const char *id, struct buf *err);
	int (*schema_version)(struct db *db);
	int (*set_schema_version)(struct db *db, int v, struct buf *err);
	int64_t (*data_version)(struct db *db);
	void (*tune)(struct db *db, enum db_tune t);
	int (*batch_rows)(struct db *db);      /* NULL: 1 */
	void (*guard)(struct db_stmt *st);     /* NULL: nothing to do */
	int (*analyze)(struct db *db, const char *table, struct buf *err); /* NULL: nothing to do */
	int (*backup)(struct db *db, const char *dest, int step, void (*progress)(int done, int total), struct buf *err);
	int (*copy_into)(struct db *dst, struct db *src, struct buf *err);
	int (*track)(struct db *db, db_change_fn fn, void *arg, struct buf *err);
	int (*track_flush)(struct db *db, struct buf *err); /* NULL: changes are told as they happen */
	int (*tables)(struct db *db, const struct db_table **out, size_t *n, struct buf *err);
	void (*col_cell)(struct db_stmt *st, int i, struct db_cell *c);
	int (*set_region)(struct db *db, const char *code, struct buf *err);
	int (*sync_ids)(struct db *db, const char *table, const char *column, struct buf *err); /* NULL: nothing to do */
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

/* The table a connection's or statement's first member points to. */
#define DB_OPS(p) (*(const struct db_ops *const *)(const void *)(p))

/* The SQLite driver's process-wide set-up and library version. */
void db_sqlite_global_init(void);
const char *db_sqlite_version(void);
const char *db_pg_version(void);
const char *db_pg_server_version(struct db *db);

#endif
