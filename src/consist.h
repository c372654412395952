/*
 * consist.h - the consistency rules of SPEC §4 that reach beyond a row's
 * own columns (a kind's check in kinds.c sees one row; these see the
 * budget year or the rows already in the book):
 *  - a history or selfevals row's year is before the budget year; a plans
 *    row's year is not before it (consist_row, per row);
 *  - every project's requested total (Σ price × quantity of its items) and
 *    the book's fit in int64 fen, so that no book that imports can later
 *    fail to load (consist_book after items are written);
 *  - a price row's standard has an economic code inside its pool's
 *    prefixes (consist_book after prices, pools or standards are written);
 *  - adjustments (SPEC §12) only on an adopted year; the lines of one
 *    document (code) agree on kind and date; a transfer's lines sum to
 *    zero within one agency; no item's current budget (adopted funded +
 *    its adjustments) goes below zero (consist_book after adjustments).
 *
 * Both are called by the importer (a file, or one API row) and by the
 * API's project writes, inside the open write (store_write): the caller
 * reports what they find and rolls the change back, so nothing breaking
 * them is ever stored.  Messages are in the user's language.
 */
#ifndef ZBB_CONSIST_H
#define ZBB_CONSIST_H

#include "kinds.h"
#include "store.h"

/* The per-row year rules for a row of k (v in column order), into s. */
void consist_row(const struct kind *k, const struct val *v, int year, struct kind_sink *s);

/* What a book-wide rule found: the object's kind ("items": a project's
 * total, key1 the project or NULL for the book's total; "prices": key1
 * the pool, key2 the standard), the column to name and the reason. */
struct consist_error {
	const char *kind, *key1, *key2, *col, *msg;
	int64_t seq; /* "adjustments": key1 the code, key2 the project, seq the item */
};
typedef void (*consist_fn)(const struct consist_error *e, void *arg);
/* After rows of k were written (inside the write): the book-wide rules k
 * can break.  The number of errors reported through fn, or -1 with err on
 * a storage failure. */
int consist_book(struct book *b, const struct kind *k, consist_fn fn, void *arg, struct buf *err);
/* The same for items after one project's items were written: its total
 * and the book's (without reading every item of the book when the totals
 * kept from the last write still hold: store_project_check_total). */
int consist_project(struct book *b, const char *project, consist_fn fn, void *arg, struct buf *err);

#endif
