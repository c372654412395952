/*
 * store.h - the budget book's store: the only interface that says SQL.
 *
 * A book (SPEC §3) is one database holding a city's data for several
 * fiscal years.  Front ends (cmd_*.c, api_*.c) and the core (model, rules,
 * alloc, report, scenario's pipeline) read and write it through these
 * functions only; the SQL text is in the store_*.c files, run through the
 * driver of db.h (db_sqlite.c today; a PostgreSQL driver goes beside it).
 *
 * The parts, each in its file:
 *   store.c           opening (read-only or writable), creating, migrating,
 *                     the one write path (store_write) and drafts, settings,
 *                     counts for `info`, the backup
 *   store_schema.c    the schema and its migrations, per dialect
 *   store_model.c     reading one year into the model (on two connections)
 *   store_rows.c      rows of the input kinds: import's writer, export's and
 *                     the API's reads, single-row upsert/update/delete
 *   store_scenario.c  stored scenarios
 *   store_auth.c      users, sessions and the login throttle
 *   store_audit.c     the hash-chained audit log (hashing is audit.c's)
 *
 * Rules every caller can rely on:
 *  - Every change to a book goes through store_write: one transaction that
 *    runs the change and appends its audit entry (who, what, the object,
 *    before/after) before committing; on any error everything is rolled
 *    back and no entry is written.  The only writes outside it are
 *    housekeeping that changes nothing a report or an auditor reads: a
 *    session's last-seen time, and schema migrations.
 *  - A book opened STORE_READONLY never writes and works on a file the
 *    process may not write (a copy on read-only media, a file of 0444).
 *  - A struct book is one connection, used by one thread at a time; there
 *    is no global state, so several books (SQLite and PostgreSQL, e.g. for
 *    `zbb copy`) may be open in one process.
 *
 * Memory: store_open hands the caller a struct book freed by store_close.
 * Rows handed to a callback (struct val) point into the store's buffers
 * and live only during the call.  Errors come back as -1 with the reason
 * in the caller's err buffer (user-language, naming the book).
 */
#ifndef ZBB_STORE_H
#define ZBB_STORE_H

#include <jansson.h>
#include <stdint.h>
#include "kinds.h"
#include "money.h"
#include "store_schema.h"
#include "util.h"

struct db;
struct model;

struct book {
	struct db *db;
	char *path;      /* the file, or the URL connected to */
	char *name;      /* path as shown to a person: a URL's password as *** (db_shown) */
	int year;        /* the year commands work on (the book's current year unless --year) */
	char region[16]; /* the region (财政区划) commands work on: the book's only one, or
			  * store_use_region's; "" when the book has several and none is chosen */
	int is_readonly;
	int64_t n_writes; /* store_write commits of this connection (see store_stamp) */
	struct store_digests *dg; /* the rows the write under way has changed (store_write's) */
	char locked[512];         /* why the last store_write was refused: the year is adopted ("" when not) */
	struct totals_check *totals; /* what the write under way checked (store_project_check_total) */
	struct db *db2; /* the second connection of store_model_load's items, kept for the next load */
	int held;       /* store_test_hold's outer transaction is open: its rows are this connection's */
	int is_scratch; /* STORE_SCRATCH: a throwaway book (see there) */
};

/* --- opening ---------------------------------------------------------- */

enum {
	STORE_CREATE = 1,   /* create a new book (the file must not exist; mode 0600) */
	STORE_READONLY = 2, /* read only: no migration, no write */
	STORE_DURABLE = 4,  /* every commit reaches the disk before it returns (the server's) */
	STORE_SCRATCH = 8,  /* a throwaway book, removed once read (a stored scenario's inputs run
			     * again): no row digests (nothing will verify it), its loads tuned big */
};
enum { STORE_OPEN_BAD = -1, STORE_OPEN_FAIL = -2 };
/* Open (or create) a book and migrate its schema forward; a book whose
 * schema is newer than this binary is refused, and so is an older one
 * opened read-only (it would need a migration). */
/* 0; STORE_OPEN_BAD when the path names no book of this zbb (missing, not
 * a book, newer); STORE_OPEN_FAIL when the storage fails (the file cannot
 * be opened or written, or another writer holds it too long): exit 3. */
/* path (a file, or a postgresql:// URL) holds a book already. */
int store_book_exists(const char *path);
int store_open(const char *path, unsigned flags, struct book **out, struct buf *err);
void store_close(struct book *b);
/* The current year stored in the book (0 when unset). */
int store_current_year(struct book *b);

/* --- the write path --------------------------------------------------- */

/* One change: who makes it ("cli:" + the OS user for the CLI, the
 * signed-in user for the API, "-" for a failed sign-in), the action
 * ("import", "settings.set", "project.update" …) and the object ("items",
 * a project code …).  The change function may set or replace object,
 * before and after; they stay the caller's (store_change_release). */
struct store_change {
	const char *who;
	const char *action;
	const char *object;
	json_t *before, *after;
	unsigned flags;
};
enum {
	STORE_SESSION_ONLY = 1, /* sessions, not budget data: not counted in n_writes */
	STORE_BULK = 2,         /* a bulk load whose rows the caller checked (db_tune) */
	STORE_BULK_BIG = 4,     /* … of a big file */
	STORE_COUNTED = 8,      /* a change that may come in floods (a failed sign-in): the
				 * first of its action on a day is an entry, the rest of that
				 * day are counted in audit_counts (store_audit_counts_each) */
	STORE_BOOK_WIDE = 16,   /* a change of the whole book, not of its region (a book made,
				 * a region added, a copy): its audit entry has no region */
};
/* The change: 0 to commit it with its audit entry; a positive value (the
 * caller's own "refused" code, with its message wherever the caller keeps
 * it) or -1 (storage failure, reason in err) to roll it back. */
typedef int (*store_write_fn)(struct book *b, struct store_change *c, void *arg, struct buf *err);
/* Begin a write transaction, run fn, append the audit entry, commit.
 * Returns fn's value, or -1 when the transaction or the entry failed. */
int store_write(struct book *b, struct store_change *c, store_write_fn fn, void *arg, struct buf *err);
/* A draft: fn runs inside a write transaction that is always rolled back
 * (nothing is kept, nothing is audited).  Returns fn's value. */
typedef int (*store_draft_fn)(struct book *b, void *arg, struct buf *err);
int store_draft(struct book *b, store_draft_fn fn, void *arg, struct buf *err);
/* Release a change's before and after (the caller's, after store_write). */
void store_change_release(struct store_change *c);
/* Whether a write transaction of this connection is open.  Every function
 * of this header that writes refuses to run outside one (store_write, or
 * store_draft), so no change can bypass the audit log: it answers -1 with
 * store_outside_write's message. */
int store_in_write(struct book *b);
/* For the fuzz targets: every store_write until store_test_release is
 * undone then (db_hold); bulk for bulk loads (imports), 0 for other
 * writes.  store_test_release fails when a write was left open or was of
 * the other sort (a held transaction cannot switch foreign keys). */
int store_test_hold(struct book *b, int bulk, struct buf *err);
int store_test_release(struct book *b, struct buf *err);
int store_outside_write(struct book *b, struct buf *err);

/* What a cache of derived results keys on: another connection's commit
 * changes data_version, this connection's own writes change writes. */
struct store_stamp {
	int64_t data_version, writes;
};
struct store_stamp store_stamp(struct book *b);

/* --- the book ---------------------------------------------------------- */

/* Set the book's current year (inside store_write). */
int store_set_year(struct book *b, int year, struct buf *err);
/* The same as a change of its own, audited as "book.init" by who. */
int store_init_year(struct book *b, const char *who, int year, struct buf *err);
/* The stored value of a setting (malloc'd), or NULL when not set. */
char *store_setting_get(struct book *b, const char *key);
/* Store a value (normalised by the caller; inside store_write). */
int store_setting_put(struct book *b, const char *key, const char *value, struct buf *err);
/* `zbb set` and PUT /api/v1/settings: n values checked and normalised by
 * settings_check, then stored as one change audited as "settings.set" by
 * who (before and after: the changed keys' values in force).  0; 1 when a
 * value is refused (err says why, naming the key; nothing written); -1. */
int store_settings_put(struct book *b, const char *who, size_t n, const char *const *keys,
		       const char *const *values, struct buf *err);

/* Rows of a table in the working year (history: every year), -1 on failure. */
int64_t store_count(struct book *b, const char *table);
/* Σ price × quantity over the working year's items and Σ of its sources;
 * checked (-1 with err on overflow or failure). */
int store_totals(struct book *b, zb_fen *requested, zb_fen *sources, struct buf *err);

/* A consistent copy of the book in dest, written beside it and renamed
 * into place when complete (others may write meanwhile).  An existing dest
 * (or the book itself) is refused unless force: 1 with the reason in err.
 * progress may be NULL.  0, or -1 on a storage failure. */
#define STORE_BACKUP_STEP 256
int store_backup(struct book *b, const char *dest, int force, void (*progress)(int done, int total),
		 struct buf *err);

/* --- regions (store_region.c, SPEC §14) ---------------------------------
 * A region is a 9-digit code (财政区划) whose trailing zeros say its level:
 * digits 3-9 zero a province, 5-9 a city, 7-9 a county.  Every row of the
 * budget's tables is one region's; the store reads and writes the region
 * of the connection (b->region).  000000000 is the region of a book made
 * without one (and of every book older than regions). */

#define REGION_DEFAULT "000000000"
/* code is a region code (9 digits): 0 or 1 with the reason in err */
int region_code_check(const char *code, struct buf *err);
/* The level of a region code: 1 province, 2 city, 3 county, 4 below
 * (000000000: 0, the book's one region); its words. */
int region_level(const char *code);
const char *region_level_name(int level);
/* code lies in the subtree of scope (a code whose trailing zeros are cut
 * off as a prefix; 000000000 holds every region) */
int region_in_scope(const char *code, const char *scope);
/* Work on region code (NULL: the book's only region; with several, none
 * is chosen and b->region is ""): 0; 1 when the book has no such region
 * (err says so); -1.  Outside a write. */
int store_use_region(struct book *b, const char *code, struct buf *err);
typedef int (*store_region_fn)(const char *code, const char *name, void *arg);
/* The book's regions in code order; fn returning non-zero stops. */
int store_regions_each(struct book *b, store_region_fn fn, void *arg, struct buf *err);
int64_t store_region_count(struct book *b);
/* The name of a region (malloc'd), NULL when the book has none such. */
char *store_region_name(struct book *b, const char *code);
/* Add a region (audited as "region.add" by who): 0; 1 refused (a bad or
 * taken code, an empty name: err says why); -1. */
/* On PostgreSQL, the partitions of region code of every partitioned
 * table made (make) or dropped (SPEC §14); nothing on SQLite.  Inside a
 * store_write. */
int store_region_partitions(struct book *b, const char *code, int make, struct buf *err);
int store_region_add(struct book *b, const char *who, const char *code, const char *name, struct buf *err);
/* A new book's region (inside its first write, before any row): the
 * default region's code and name become these. */
int store_region_rename_default(struct book *b, const char *code, const char *name, struct buf *err);

/* --- copying (store_copy.c, SPEC §14) ---------------------------------- */

struct store_copy_result {
	int64_t n_rows, n_tables;
};
/* Copy src (open read-only) into dst: the whole book into a new one
 * (dst_is_new: just made by store_open STORE_CREATE), its audit log with
 * it; or, with region, that region's rows, settings and users into a new
 * book or one without that region.  One store_write on dst audited as
 * "book.copy" by who, from one snapshot of src: all or nothing.  0; 1
 * refused (err says why: nothing written); -1. */
int store_copy(struct book *src, struct book *dst, const char *region, int dst_is_new, const char *who,
	       struct store_copy_result *res, struct buf *err);

/* --- the model (store_model.c) ---------------------------------------- */

/* Load the book's year `year` (settings, the kinds of SPEC §4; history of
 * the years before `year`) into *m, finished.  Big books read their items
 * on two connections at once (outside a write transaction).  0, or -1
 * with a message in err (the model is then released). */
int store_model_load(struct book *b, int year, struct model *m, struct buf *err);
/* Books of at least this many projects read their items on two threads;
 * tests lower it to exercise that path. */
extern size_t store_thread_min_projects;
/* Totals of the sources of year+1 and year+2, -1 for a year without any. */
int store_next_sources(struct book *b, int year, zb_fen out[2], struct buf *err);
/* Add one project of the working year with its items and targets to m
 * (not finished): a draft being checked, read back inside store_draft. */
int store_model_add_project(struct book *b, const char *code, struct model *m, struct buf *err);
/* Whether a project of this code is in an earlier year of the book
 * (struct project has_earlier): 1, 0, or -1 on failure. */
int store_project_has_earlier(struct book *b, const char *code);

/* --- rows of the input kinds (store_rows.c) ----------------------------
 * A row is the kind's columns in order as struct val (kinds.h): money in
 * fen, exact decimals scaled, text not NUL-terminated.  A whole-project
 * review has seq 0 in the book and is null here. */

typedef int (*store_row_fn)(const struct kind *k, const struct val *v, void *arg);
/* The rows of k in the working year (history: all years) ordered by key,
 * where col = value (col NULL: all).  fn returning non-zero stops (and is
 * returned).  -1 with err on failure. */
int store_rows_each(struct book *b, const struct kind *k, const char *col, const char *value, store_row_fn fn,
		    void *arg, struct buf *err);
/* The row of k whose key columns are keys (texts, in column order): fn is
 * called with it; 1 found, 0 not, -1 failure. */
int store_row_get(struct book *b, const struct kind *k, const char *const *keys, store_row_fn fn, void *arg,
		  struct buf *err);
enum { STORE_INSERT, STORE_UPSERT, STORE_UPDATE };
enum { STORE_OK = 0, STORE_FAIL = -1, STORE_DUPLICATE = 1, STORE_REFUSED = 2 };
/* Store a checked row in the working year.  STORE_OK; STORE_DUPLICATE
 * (insert of a key that exists); STORE_REFUSED (another constraint, the
 * book's message in err); STORE_FAIL. */
int store_row_put(struct book *b, const struct kind *k, const struct val *v, int mode, struct buf *err);
/* Delete the row of k with these key texts; 1 deleted, 0 none, -1. */
int store_row_delete(struct book *b, const struct kind *k, const char *const *keys, struct buf *err);
/* Delete every row of k with col = value (a project's items). */
int store_rows_delete(struct book *b, const struct kind *k, const char *col, const char *value, struct buf *err);
/* Every code of kind (a kind keyed by "code") in the working year, into
 * set (value 1). */
int store_codes(struct book *b, const char *kind, struct strmap *set, struct buf *err);
/* 1 when kind has this code in the working year, 0 when not, -1. */
int store_code_exists(struct book *b, const char *kind, const char *code, size_t n);
/* 1 when (project, seq) is an item of the working year, 0 when not, -1. */
int store_item_exists(struct book *b, const char *project, size_t n, int64_t seq);

/* The writer of a file import: prepared statements, many rows, inside
 * the caller's store_write.  is_empty: the kind has no row in the book
 * yet (a plain insert then, looked up once, not twice).  Where a
 * statement is a round trip (db_batch_rows) rows are kept and sent that
 * many to a statement; a batch that fails is sent again row by row, so
 * that the row at fault is named as before.  Rows put are in the book
 * once store_writer_flush returned STORE_OK. */
struct store_writer;
struct store_writer *store_writer_open(struct book *b, const struct kind *k, int is_empty, struct buf *err);
/* STORE_OK, STORE_REFUSED (a constraint: the message in msg, the line
 * given with the row at fault in *bad_line, maybe an earlier row's) or
 * STORE_FAIL.  v is copied. */
int store_writer_put(struct store_writer *w, const struct val *v, long line, struct buf *msg, long *bad_line);
int store_writer_flush(struct store_writer *w, struct buf *msg, long *bad_line);
/* After the last row: store_writer_flush, then, after a large load, the
 * planner's statistics of the kind's table (db_analyze). */
int store_writer_finish(struct store_writer *w, struct buf *msg, long *bad_line);
void store_writer_close(struct store_writer *w);

/* A project's agency and version in the working year: 1, 0 none, -1. */
/* The next code the server gives a project of agency this year:
 * AGENCY-NNN, one above the highest AGENCY-<digits> (from 001). */
int store_next_project_code(struct book *b, const char *agency, char *out, size_t size);
int store_project_head(struct book *b, const char *code, char *agency, size_t agency_size, int64_t *version);
/* The projects of the working year (one agency's, or all when NULL) with
 * their items' prices and quantities, in code order. */
struct store_project_row {
	const char *code, *agency, *name, *kind, *tier, *function;
	int is_new;
	int64_t version;
	size_t n_items;
	const zb_fen *price_fen;
	const zb_qty *quantity;
};
typedef int (*store_project_fn)(const struct store_project_row *p, void *arg);
int store_projects_each(struct book *b, const char *agency, store_project_fn fn, void *arg, struct buf *err);

/* The reads of the consistency rules (consist.c): each project of the
 * working year with its requested total (Σ price × quantity; overflow
 * set when it does not fit in int64 fen), in code order; each price row
 * with its standard's economic code and its pool's prefixes (';'-joined).
 * fn returning non-zero stops (and is returned); -1 with err on failure. */
typedef int (*store_total_fn)(const char *project, zb_fen total_fen, int overflow, void *arg);
int store_project_totals(struct book *b, store_total_fn fn, void *arg, struct buf *err);
typedef int (*store_price_fn)(const char *pool, const char *standard, const char *economic, const char *prefixes,
			      void *arg);
int store_prices_each(struct book *b, store_price_fn fn, void *arg, struct buf *err);
/* Each adjustments row of the working year (SPEC §12), by code, project,
 * seq, with the agency of its project (NULL when the project is gone).
 * fn returning non-zero stops (and is returned); -1 with err on failure. */
struct store_adjustment {
	const char *code, *kind, *date, *project, *agency, *trigger, *reason, *by;
	int64_t seq;
	zb_fen amount_fen;
};
typedef int (*store_adjustment_fn)(const struct store_adjustment *a, void *arg);
int store_adjustments_each(struct book *b, store_adjustment_fn fn, void *arg, struct buf *err);

/* Generated basic expenditure (SPEC §13, basic.c).  Inside store_write:
 * store_basic_clear removes the items of the working year's generated
 * projects and counts those projects (they are then written again,
 * keeping their reviews, targets and evaluations); store_basic_drop
 * removes a generated project no longer generated, with its child rows;
 * store_basic_mark marks a project as generated.  store_basic_codes puts every generated
 * project's code into set; store_project_is_basic answers 1, 0 (not
 * generated, or no such project) or -1. */
int store_basic_clear(struct book *b, int64_t *n_removed, struct buf *err);
int store_basic_mark(struct book *b, const char *project, struct buf *err);
int store_basic_drop(struct book *b, const char *project, struct buf *err);
int store_basic_codes(struct book *b, struct strmap *set, struct buf *err);
int store_project_is_basic(struct book *b, const char *code);

/* --- the budget season (store_season.c, SPEC §11) -----------------------
 * An agency without a row is in round 1, draft, version 0.  Texts of a
 * row handed to a callback live only during the call. */

struct store_season {
	const char *agency, *name; /* the agency's code and name */
	int round;
	const char *state;         /* "draft" … "approved" */
	int64_t version;
	const char *changed;       /* ISO time of the last transition, or NULL */
};
typedef int (*store_season_fn)(const struct store_season *s, void *arg);
/* Every agency of the working year (or the one named) with its state, in
 * code order.  fn returning non-zero stops (and is returned). */
int store_season_each(struct book *b, const char *agency, store_season_fn fn, void *arg, struct buf *err);
/* Set an agency's round and state, its version + 1 (inside store_write). */
int store_season_put(struct book *b, const char *agency, int round, const char *state, const char *now,
		     struct buf *err);

/* One transition of one agency (season_events). */
struct store_season_event {
	int64_t id;
	const char *agency;
	int round;
	const char *action, *from_state, *to_state, *who, *time;
	const char *opinion, *projects; /* NULL when none */
	int has_requested, has_control;
	zb_fen requested_fen, control_fen;
};
/* Append an event (inside store_write); its id in *id. */
int store_season_event_add(struct book *b, const struct store_season_event *e, int64_t *id, struct buf *err);
typedef int (*store_season_event_fn)(const struct store_season_event *e, void *arg);
/* The working year's events (one agency's, or all when NULL), oldest first. */
int store_season_events_each(struct book *b, const char *agency, store_season_event_fn fn, void *arg,
			     struct buf *err);
/* Copy the agency's items as they stand into the snapshot of event id
 * (inside store_write); the number of items copied in *n. */
int store_season_snapshot(struct book *b, int64_t event, const char *agency, int64_t *n, struct buf *err);
/* One snapshot row: the submit event's agency and round, the item. */
struct store_snapshot_row {
	int64_t event;
	const char *agency;
	int round;
	const char *project;
	int64_t seq;
	zb_fen price_fen;
	zb_qty quantity;
};
typedef int (*store_snapshot_fn)(const struct store_snapshot_row *s, void *arg);
/* Every snapshot row of the working year, by event, project and seq. */
int store_season_snapshots_each(struct book *b, store_snapshot_fn fn, void *arg, struct buf *err);

/* The control number issued to an agency for a round: 1 found, 0 none, -1. */
int store_season_control(struct book *b, const char *agency, int round, zb_fen *control, struct buf *err);
/* Record it (inside store_write); an existing one is refused: 1. */
int store_season_control_put(struct book *b, const char *agency, int round, zb_fen control, const char *origin,
			     const char *now, struct buf *err);
struct store_control_row {
	const char *agency;
	int round;
	zb_fen control_fen;
	const char *origin, *issued;
};
typedef int (*store_control_fn)(const struct store_control_row *c, void *arg);
/* The control numbers issued, of one agency (NULL: every agency), by agency and round. */
int store_season_controls_each(struct book *b, const char *agency, store_control_fn fn, void *arg, struct buf *err);
/* The funded total per agency of a stored scenario, in agency order: fn
 * gets each project's (agency, funded_fen); 1 when no such scenario, 0, -1. */
typedef int (*store_funded_fn)(const char *agency, zb_fen funded_fen, void *arg);
int store_scenario_funded_each(struct book *b, const char *scenario, store_funded_fn fn, void *arg,
			       struct buf *err);

/* --- scenarios (store_scenario.c) --------------------------------------- */

struct store_scenario {
	const char *name, *params, *created; /* params: JSON text */
	zb_fen capacity_fen, requested_fen, approved_fen, funded_fen, shortfall_fen;
	int64_t inputs_at; /* store_inputs_stamp when it ran */
};
/* Which state of the inputs the book is in: the last audit entry that
 * changed a row a scenario's run reads (every table but the scenarios
 * themselves, users, the season's states and events, meta), counting the
 * write under way; 0 when none since the stamp began. */
int64_t store_inputs_stamp(struct book *b);
/* The stored scenario name: 1 found (created copied into created, of
 * CLOCK_ISO_SZ bytes; inputs_at; has_inputs: its inputs are kept), 0, -1. */
int store_scenario_record(struct book *b, const char *name, char *created, int64_t *inputs_at, int *has_inputs,
			  struct buf *err);
/* The year's inputs as they were at stamp inputs_at (record.c's
 * format, compressed): 1 found (*data malloc'd, *n bytes; data NULL: only
 * whether they are kept, and their size), 0, -1. */
int store_scenario_inputs_get(struct book *b, int64_t inputs_at, void **data, size_t *n, struct buf *err);
/* Keep them (inside store_write); raw: their size uncompressed. */
int store_scenario_inputs_put(struct book *b, int64_t inputs_at, const void *data, size_t n, size_t raw,
			      struct buf *err);
/* The adoption of a year (SPEC §12): 1 (a filled), 0 none, -1. */
struct store_adoption {
	int fy;
	char scenario[72], adopted_at[24], who[80], result_hash[65];
	int64_t entry;
};
int store_adoption_get(struct book *b, int fy, struct store_adoption *a, struct buf *err);
/* Record the working year's adoption of scenario (inside store_write). */
int store_adoption_put(struct book *b, const struct store_adoption *a, struct buf *err);
/* SHA-256 (hex) of a stored scenario's result: its totals and every
 * agency's row in order (an older zbb's scenario: every project's row).
 * 1, 0 no such scenario, -1. */
int store_scenario_hash(struct book *b, const char *name, char hash[65], struct buf *err);
/* Drop kept inputs no scenario of the year refers to any more. */
int store_scenario_inputs_prune(struct book *b, struct buf *err);
/* Replace the scenario of that name in the working year (an older zbb's
 * project rows go); then store_scenario_put_agency for each agency, then
 * store_scenario_put_done.  Inside store_write. */
int store_scenario_put(struct book *b, const struct store_scenario *s, struct buf *err);
/* One agency's results: its funded total and its projects' and items'
 * results in scenario.c's blob format.  A row that holds them already is
 * left as it is (a run again on the same inputs writes nothing of it):
 * 1 when written, 0 when it was there, -1. */
int store_scenario_put_agency(struct book *b, const char *scenario, const char *agency, zb_fen funded_fen,
			      const void *data, size_t n, struct buf *err);
/* The stored rows of agencies other than the n of agencies (the ones just
 * put) go: 0, or -1. */
int store_scenario_put_done(struct book *b, const char *scenario, const char *const *agencies, size_t n,
			    struct buf *err);
/* Each agency's stored results of a scenario, by agency code (none for a
 * scenario an older zbb stored); fn's non-zero return stops and is returned. */
typedef int (*store_results_fn)(const char *agency, zb_fen funded_fen, const void *data, size_t n, void *arg);
int store_scenario_results_each(struct book *b, const char *scenario, store_results_fn fn, void *arg,
				struct buf *err);
/* The stored parameters (JSON text, malloc'd in *params): 1, 0 none, -1. */
int store_scenario_params(struct book *b, const char *name, char **params, struct buf *err);
/* 1 removed, 0 no such scenario, -1. */
int store_scenario_remove(struct book *b, const char *name, struct buf *err);
typedef int (*store_scenario_fn)(const struct store_scenario *s, void *arg);
int store_scenarios_each(struct book *b, store_scenario_fn fn, void *arg, struct buf *err);

/* --- users and sessions (store_auth.c) ---------------------------------- */

/* Roles are bits so that a route can allow several (SPEC §9). */
enum {
	ROLE_AGENCY = 1,
	ROLE_REVIEWER = 2,
	ROLE_BUDGET = 4,
	ROLE_VIEWER = 8,
	ROLE_ADMIN = 16,
	ROLE_ANY = 31,
};
/* "agency" … "admin" and back (as stored); role_parse returns 0 or -1. */
const char *role_name(unsigned role);
int role_parse(const char *s, unsigned *role);

struct user {
	char name[72];
	unsigned role;   /* ROLE_* (auth.h); 0 when the stored role is unknown */
	char agency[72]; /* "" unless role is ROLE_AGENCY */
	int is_disabled;
	char region[16]; /* the region the user belongs to (SPEC §14) */
	char scope[16];  /* the subtree the user may read rolled up: its region's code, or "" */
};

struct session {
	struct user u;
	char token_hash[65];
	char csrf[65];      /* the token the client shows (auth.c derives it; never stored) */
	char csrf_hash[65]; /* its SHA-256, as stored */
	int64_t created, last_seen;
};

/* 1 found (u filled; pwhash too when not NULL, of size pwhash_size), 0, -1. */
int store_user_get(struct book *b, const char *name, struct user *u, char *pwhash, size_t pwhash_size);
/* All users by name; *out is malloc'd (caller frees). */
int store_users(struct book *b, struct user **out, size_t *n, struct buf *err);
int store_user_insert(struct book *b, const struct user *u, const char *pwhash, const char *now, struct buf *err);
/* pwhash NULL: leave the password; is_disabled: set the flag. */
int store_user_change(struct book *b, const char *name, const char *pwhash, int disable, const char *now,
		      struct buf *err);
/* Any of: a new password hash (pwhash), disabled again or not (disabled
 * 1 / 0; -1 leaves it), a new role by name with its agency (NULL: none). */
struct store_user_set {
	const char *pwhash;
	int disabled;
	const char *role, *agency;
};
int store_user_set(struct book *b, const char *name, const struct store_user_set *x, const char *now,
		   struct buf *err);
/* Active admins other than except; -1 on failure. */
int64_t store_admins_active(struct book *b, const char *except);
/* End every session of a user (sessions of a disabled user or an old
 * password); returns how many, or -1. */
int64_t store_sessions_end(struct book *b, const char *user, struct buf *err);
/* The live session of a token hash with its user: 1, 0 none, -1. */
int store_session_get(struct book *b, const char *token_hash, struct session *s);
int store_session_insert(struct book *b, const struct session *s, int64_t now, struct buf *err);
/* Housekeeping, outside store_write: the session's last-seen time. */
void store_session_touch(struct book *b, const char *token_hash, int64_t now);
int store_session_delete(struct book *b, const char *token_hash, struct buf *err);
/* Drop a user's sessions idle since before `before`, then all but the
 * `keep` most recently used (never `current`); returns how many of the
 * latter ended, or -1. */
int64_t store_sessions_trim(struct book *b, const char *user, const char *current, int64_t before, int keep,
			    struct buf *err);
/* The login throttle of a name: failures, last failure, locked until. */
struct store_login_failures {
	int64_t n_failed, last_failed, locked_until;
};
/* 1 found, 0 none, -1. */
int store_login_failures_get(struct book *b, const char *name, struct store_login_failures *f);
int store_login_failures_put(struct book *b, const char *name, const struct store_login_failures *f,
			     struct buf *err);
int store_login_failures_clear(struct book *b, const char *name, struct buf *err);

/* --- the audit log (store_audit.c) -------------------------------------- */

/* Append one entry (inside an open write transaction; store_write does
 * it for every change).  before/after may be NULL; not stolen. */
int store_audit_append(struct book *b, const char *who, const char *action, const char *object,
		       const json_t *before, const json_t *after, struct buf *err);
/* The same with the rows the change wrote (store_digest_flush's text) as
 * entry id, which must be the next one (store_audit_next_id), made in
 * region ("" the whole book's; store_audit_append: b->region). */
int store_audit_append_rows(struct book *b, int64_t id, const char *region, const char *who, const char *action,
			    const char *object, const json_t *before, const json_t *after, const char *rows,
			    struct buf *err);
/* A counted change (STORE_COUNTED, store_write's): 1 when it is the first
 * of its action today, to be appended as an entry; 0 counted only; -1. */
int store_audit_counted(struct book *b, const char *action, struct buf *err);
/* The id the next entry gets, -1 on failure. */
int64_t store_audit_next_id(struct book *b);

/* Inside a write (store_write's fn), after project code's items are
 * written: its requested total (Σ price × quantity; *overflow when out of
 * range) and whether the year's total over every project is out of range
 * with it (*book_overflow).  Reads only the project's items when the
 * totals kept from an earlier write are as of the book's last entry (see
 * store_totals.c), else every item of the year.  store_write tells the
 * kept totals of its commit. */
int store_project_check_total(struct book *b, const char *code, zb_fen *total, int *overflow, int *book_overflow,
			      struct buf *err);
void store_totals_committed(struct book *b, int64_t entry);
void store_totals_forget(struct book *b);
/* Drop the kept totals (the server stops). */
void store_totals_release(void);
/* Each entry with id > since, oldest first: its id, action and object
 * (what a cache of the book needs to tell what changed).  fn returning
 * non-zero stops the walk with that value; 0, or -1 with err. */
typedef int (*store_audit_since_fn)(int64_t id, const char *action, const char *object, void *arg);
int store_audit_since(struct book *b, int64_t since, store_audit_since_fn fn, void *arg, struct buf *err);
/* Entries with id > since, oldest first, at most limit (0: no limit), as
 * a JSON array of {id, time, user, action, object, before, after,
 * prev_hash, hash}; NULL with err on failure.  Caller owns it. */
json_t *store_audit_list(struct book *b, int64_t since, int64_t limit, struct buf *err);
/* Newest first: entries [offset, offset + limit) of those whose user,
 * action or object contain q (NULL or "": all), and their count in *total.
 * NULL with err on failure. */
json_t *store_audit_page(struct book *b, int64_t offset, int64_t limit, const char *q, int64_t *total, struct buf *err);
/* Recompute the whole chain (audit.h: struct audit_check).  0 when it
 * holds, 1 when broken, -1 on failure. */
struct audit_check;
int store_audit_verify(struct book *b, struct audit_check *r, struct buf *err);
/* Entries in the log, -1 on failure. */
int64_t store_audit_count(struct book *b);
/* The last entry's id and hash (SPEC §12 `zbb audit head`): 1, 0 when the
 * log is empty, -1. */
int store_audit_head(struct book *b, int64_t *id, char hash[65], struct buf *err);
/* The hash of entry id: 1, 0 when there is no such entry, -1. */
int store_audit_entry_hash(struct book *b, int64_t id, char hash[65], struct buf *err);
/* Counted changes (STORE_COUNTED): per day and action how many, the
 * first and the last time. */
struct store_audit_count_row {
	const char *day, *action, *first, *last;
	int64_t n;
};
typedef int (*store_audit_count_fn)(const struct store_audit_count_row *r, void *arg);
int store_audit_counts_each(struct book *b, store_audit_count_fn fn, void *arg, struct buf *err);

/* --- row digests (store_digest.c) -----------------------------------------
 * store_write keeps, for every row of the book's tables that zbb writes
 * (not the log, the digests themselves, counted entries, sessions and the
 * login throttle: store_digest_tracked), a digest of the row as written
 * and the audit entry that wrote it; each entry that writes rows carries
 * their count and the sum of all live rows' digests, inside the chain. */
int store_digest_tracked(const char *table);
struct store_digests;
/* Start and stop noting the rows a write changes (store_write's). */
struct store_digests *store_digest_begin(struct book *b, int locked_fy, struct buf *err);
/* The table of the first row of year locked_fy the write touched (NULL none). */
const char *store_digest_locked(const struct store_digests *x);
/* Stop noting: the rows changed so far are all told (call before
 * store_digest_locked and store_digest_flush). */
int store_digest_collect(struct book *b, struct store_digests *x, struct buf *err);
void store_digest_end(struct book *b, struct store_digests *x);
/* Store the digests of the rows the write left, as written by entry;
 * rows gets the entry's "rows" text ("" when it wrote none). */
int store_digest_flush(struct book *b, struct store_digests *x, int64_t entry, struct buf *rows, struct buf *err);
/* Inside a write that copies a book (store_copy): the inputs' stamps
 * (store_inputs_stamp, per region) are these instead of the write's
 * entry, so that the scenarios copied with them stay what they were. */
int store_digest_keep_stamp(struct book *b, const char *key, int64_t entry);
/* Digest every row as it stands (after a migration: inside its
 * transaction). */
int store_digest_rebase(struct book *b, struct buf *err);
enum { STORE_ROW_CHANGED = 1, STORE_ROW_ADDED, STORE_ROW_DELETED };
/* A row that differs from its last audited write: the table, the key
 * (primary-key values, '/' between, '%' and '/' in text as %25 %2F), what
 * happened and the entry that last wrote it (0: the last migration; none
 * for an added row). */
struct store_digest_finding {
	const char *table, *key;
	int what;
	int64_t entry;
};
typedef int (*store_digest_fn)(const struct store_digest_finding *f, void *arg);
struct store_digest_check {
	int64_t n_rows, n_bad; /* rows read, rows named */
	int64_t entry;         /* the last entry that wrote rows (0: none since the last migration) */
	int digests_changed;   /* the digests' table no longer matches the log */
	int sum_differs;       /* the rows' digests do not add up to what the log says */
};
/* Every row against its digest: fn per finding; 0 when the book holds, 1
 * when not (r says how), -1. */
int store_digest_verify(struct book *b, store_digest_fn fn, void *arg, struct store_digest_check *r,
			struct buf *err);

#endif
