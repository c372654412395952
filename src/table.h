/*
 * table.h - a report table as data (typed columns, rows of cells) and its
 * renderers: aligned text (CJK characters counted double-width, money in
 * the chosen unit), CSV, JSON (an array of objects keyed by column key,
 * money as integer fen, shares as numbers in [0, 1]) and XLSX sheets.
 *
 * The table owns copies of every string put into it; table_free releases
 * them.  Shares are exact fractions num/den until rendered; a null cell is
 * printed empty (text, CSV) or null (JSON).
 */
#ifndef ZBB_TABLE_H
#define ZBB_TABLE_H

#include <stdint.h>
#include <stdio.h>
#include "money.h"
#include "util.h"

enum tcol_type { TC_TEXT, TC_INT, TC_MONEY, TC_SHARE };

struct tcol {
	char *key;     /* JSON key / CSV header (SPEC §7) */
	char *zh, *en; /* text header */
	enum tcol_type type;
};

struct tcell {
	int is_null;
	int64_t i;   /* TC_INT, TC_MONEY (fen), TC_SHARE numerator */
	int64_t den; /* TC_SHARE denominator (> 0) */
	char *s;     /* TC_TEXT */
};

struct table {
	char *name;        /* report name, also the XLSX sheet name */
	char *title;       /* heading in the user's language */
	struct tcol *cols;
	size_t n_cols, cap_cols;
	struct tcell *cells; /* row-major, n_rows × n_cols */
	size_t n_rows, cap_cells;
	int has_total;       /* the last row is a totals row */
	int no_sums;         /* table_query: its money columns do not add up (the ledger's stages) */
};

void table_init(struct table *t, const char *name, const char *title);
void table_free(struct table *t);
void table_col(struct table *t, const char *key, const char *zh, const char *en, enum tcol_type type);
/* Start a new row; then set its cells by column index. */
size_t table_row(struct table *t);
void table_text(struct table *t, size_t row, size_t col, const char *s);
void table_int(struct table *t, size_t row, size_t col, int64_t v);
void table_share(struct table *t, size_t row, size_t col, int64_t num, int64_t den);
struct tcell *table_cell(struct table *t, size_t row, size_t col);

/* A share rendered to millionths, rounded half up; -1 when den is 0. */
int64_t share_millionths(int64_t num, int64_t den);
/* "72.35%" style text of a share. */
char *share_percent(int64_t num, int64_t den, char *buf);
/* Append s padded with spaces to display width w, right-aligned or not. */
void text_pad(struct buf *b, const char *s, size_t w, int right);

void table_print_text(const struct table *t, FILE *out, enum money_unit u);
void table_print_csv(const struct table *t, FILE *out);
/* A JSON array of row objects (jansson json_t *, caller owns). */
void *table_to_json(const struct table *t);
/* Rows [from, from + n) as a JSON array, and one row as an object (the
 * totals row too; jansson json_t *, caller owns). */
void *table_rows_json(const struct table *t, size_t from, size_t n);
void *table_row_json(const struct table *t, size_t row);

/* A list as the API pages it: keep the rows having every space-separated
 * word of q in some text cell (ASCII case ignored), sort them by the
 * column sort names ("-key" descending; nulls last; ties keep their
 * order), and end with a totals row over what is kept (has_total set): the
 * report's own totals row when nothing was filtered out, otherwise the sum
 * of every money column with 合计 in the first text column.  0, or -1 with
 * err for an unknown sort column or a sum out of range (the table as it
 * was). */
int table_query(struct table *t, const char *q, const char *sort, struct buf *err);
/* The same without touching t (a table shared by requests): the kept
 * rows' indices in order and the totals row's cells (owned). */
struct table_sel {
	size_t *rows, n, n_cols;
	struct tcell *total;
};
int table_select(const struct table *t, const char *q, const char *sort, struct table_sel *sel, struct buf *err);
void table_sel_release(struct table_sel *sel);
/* Kept rows [from, from + n) as a JSON array; the totals row as an object. */
void *table_sel_json(const struct table *t, const struct table_sel *sel, size_t from, size_t n);
void *table_sel_total_json(const struct table *t, const struct table_sel *sel);

#endif
