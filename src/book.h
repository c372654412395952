/*
 * book.h - the budget book: one SQLite file holding a city's data for
 * several fiscal years (SPEC §3).
 *
 * book_open opens (or with BOOK_CREATE creates) the file, turns on WAL and
 * foreign keys, and migrates the schema forward; a book whose schema is
 * newer than this binary knows is refused.  Data tables carry the fiscal
 * year `fy`; history is keyed by its own year.  Settings have defaults in
 * code and are stored only once set.  The caller owns the struct book and
 * frees it with book_close.  Errors come back as -1 with a message in the
 * caller's buffer.
 */
#ifndef ZBB_BOOK_H
#define ZBB_BOOK_H

#include <sqlite3.h>
#include <stdint.h>
#include "util.h"

#define BOOK_SCHEMA_VERSION 3

struct book {
	sqlite3 *db;
	char *path;
	int year; /* the year commands work on (the book's current year unless --year) */
};

enum { BOOK_CREATE = 1, BOOK_READONLY = 2 };

int book_open(const char *path, unsigned flags, struct book **out, struct buf *err);
void book_close(struct book *b);
/* Create the schema in a new book and set its current year. */
int book_init(struct book *b, int year, struct buf *err);
/* The current year stored in the book (0 when unset). */
int book_current_year(struct book *b);
int book_exec(struct book *b, const char *sql, struct buf *err);
int book_begin(struct book *b, struct buf *err);
int book_commit(struct book *b, struct buf *err);
void book_rollback(struct book *b);
/* Row count of a table for the working year (history: all years). */
int64_t book_count(struct book *b, const char *table);

/* A consistent copy of the book in dest (SQLite's online backup, stepped
 * BOOK_BACKUP_STEP pages at a time under one read snapshot, so other
 * connections may write meanwhile; the copy is the book as of one commit).
 * The copy is written beside dest and renamed into place when complete.
 * An existing dest (or the book itself) is refused unless force: 1 with
 * the reason in err.  progress may be NULL.  0, or -1 with the reason in
 * err on a storage failure. */
#define BOOK_BACKUP_STEP 256
int book_backup(struct book *b, const char *dest, int force, void (*progress)(int done, int total),
		struct buf *err);

/* Settings (SPEC §3).  A setting's value is kept as the text the user gave,
 * after validation and normalisation. */
struct setting_def {
	const char *key;
	const char *def;
	const char *zh, *en; /* meaning */
};
extern const struct setting_def book_settings[];
extern const size_t book_settings_n;
const struct setting_def *book_setting_def(const char *key);
/* Validate and normalise a value; 0 or -1 with a reason. */
int book_setting_check(const char *key, const char *value, struct buf *norm, struct buf *err);
/* The value in force: stored, else default.  Returns a malloc'd string. */
char *book_setting_get(struct book *b, const char *key);
int book_setting_set(struct book *b, const char *key, const char *value, struct buf *err);

#endif
