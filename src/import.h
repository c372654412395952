/*
 * import.h - loading one input file of a kind into the book (SPEC §4).
 *
 * Every row is parsed and checked against the kind's columns, the
 * classification tables, the consistency rules, duplicate keys in the file
 * and structural references (within the file or the book).  The whole file
 * is one change of the book (store_write), audited as "import" with the
 * file's name, its row counts and its SHA-256: with any bad row nothing is
 * written and nothing logged.  Errors
 * are collected as "FILE:LINE: column: reason" lines, all of them up to
 * max_errors, then counted.  The format is judged by the content, never
 * the name: XLSX (a zip) is read from its first sheet; XLS, ODS, UTF-16
 * and tab- or semicolon-separated text are refused by name.  Headers may
 * use the Chinese column names; a header-only file imports nothing.  The result owns its error strings; import_result_release
 * frees them.
 */
#ifndef ZBB_IMPORT_H
#define ZBB_IMPORT_H

#include "store.h"
#include "csvread.h"
#include "kinds.h"

/* The default cap on data rows in one import (zbb import --max-rows). */
#define IMPORT_MAX_ROWS 20000000L

struct import_opts {
	enum csv_encoding enc;
	int max_errors;         /* errors kept in full; 0 means 50 */
	long max_rows;          /* 0 means no limit */
	csv_progress_fn progress;
	void *progress_ctx;
};

struct import_result {
	long n_rows;      /* data rows read */
	long n_inserted;  /* rows new to the book */
	long n_updated;   /* rows that replaced stored ones */
	int converted;    /* read as GB18030 */
	char sha256[65];  /* of the file's bytes, once imported */
	long n_errors;
	char **errors;    /* the first max_errors messages */
	size_t n_shown;
};

enum { IMPORT_OK = 0, IMPORT_BAD_INPUT = 2, IMPORT_FAILED = 3 };

/* Returns IMPORT_OK, IMPORT_BAD_INPUT (res->errors say why; the book is
 * unchanged) or IMPORT_FAILED (storage failure, in err).  who: the audit
 * log's user ("cli:NAME", or the signed-in user). */
int import_file(struct book *b, const char *who, const struct kind *k, const char *path,
		const struct import_opts *o, struct import_result *res, struct buf *err);
int import_mem(struct book *b, const char *who, const struct kind *k, const char *name, const char *data,
	       size_t len, const struct import_opts *o, struct import_result *res,
	       struct buf *err);
/* The same inside the caller's store_write (the demo loads its files in
 * one change): no transaction and no audit entry of its own, no hash.
 * import_bulk_flags gives the store_change flags such a load wants. */
int import_file_in(struct book *b, const struct kind *k, const char *path, const struct import_opts *o,
		   struct import_result *res, struct buf *err);
unsigned import_bulk_flags(const char *path);
void import_result_release(struct import_result *res);

/* Check one row given as column name → text pairs (the web API's rows)
 * with the same rules as a file row: unknown or repeated names, required
 * columns, defaults, cell types, the kind's consistency rule and structural
 * references in the book.  v and scratch have k->n_cols entries; on success
 * v holds the parsed values (pointing into texts, scratch or static text).
 * Errors are appended to res as "column: reason" (or "reason"), the CLI's
 * message without its "FILE:LINE: ".  Returns the number of new errors. */
long import_check_row(struct book *b, const struct kind *k, size_t n, const char *const names[],
		      const char *const texts[], struct val v[], struct buf scratch[], struct import_result *res);

#endif
