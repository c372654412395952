/*
 * table.h - a report table as data (typed columns, rows of cells) and its
 * renderers: aligned text (CJK characters counted double-width, money in
 * the chosen unit), CSV for programs (JSON keys, integer fen, codes), CSV
 * for people (a BOM, Chinese headers, the chosen unit, words for codes),
 * JSON (an array of objects keyed by column key, money as integer fen,
 * shares as numbers in [0, 1]) and XLSX sheets (xlsxout.c).
 *
 * What people read is dressed: a title, the 表号, the 部门 line, the
 * scenario line and the unit; codes shown as words (words.h); money
 * rounded to the unit so that the shown rows add up to the shown totals
 * (SPEC §7, 尾差).  Rows form a tree by their level (0 the grand total,
 * 1 its parts, 2 the parts of the row 1 above …; a table with a totals row
 * and no levels set is one level under it): every parent's shown value is
 * its own value rounded half up, and the difference between it and the sum
 * of its children's rounded values goes onto the largest child, noted
 * under the table.  A column may instead be shown as the difference of
 * two others (项目支出 = 合计 − 基本支出), so that both directions add up.
 * A table has up to two trees (a two-sided 收支总表), chosen per column.
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
#include "words.h"

enum tcol_type { TC_TEXT, TC_INT, TC_MONEY, TC_SHARE };

struct tcol {
	char *key;     /* JSON key / CSV header (SPEC §7) */
	char *zh, *en; /* text header; "基本支出|人员经费" puts it under a group header */
	enum tcol_type type;
	enum words_dict words; /* TC_TEXT codes shown as words to people */
	int tree;              /* which row tree its money adds up in (0, 1) */
	uint64_t plus, minus;  /* non-zero: shown as Σ plus columns − Σ minus columns
				* (bit j: column j; computed in column order) */
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
	unsigned char *levels[2]; /* per row and tree, or NULL (see above) */
	size_t cap_levels[2];
	char *number;        /* 表号 ("公开01表"), or NULL */
	char *sheet;         /* the XLSX sheet's name, or NULL for the title */
	char *org;           /* "部门：…" line, or NULL */
	char *meta;          /* year and scenario line ("场景：base（草案）"), or NULL */
	char *note;          /* notes people read under the table, or NULL */
	int label_col;       /* the column whose text is indented by level */
	int sums_below;      /* a sum row follows its parts (收支总表) */
	int no_sums;         /* table_query: its money columns do not add up (the ledger's stages) */
	/* a document around the table (the 批复): the number centred above
	 * the title; paragraphs ('\n'-separated) between the title and the
	 * table; lines right-aligned under it (the issuer, the date); lines
	 * under those (the audit anchor); A4 portrait rather than landscape */
	int number_centered;
	char *preface;
	char *sign;
	char *foot;
	int portrait;
};

enum { LEVEL_TOTAL = 0, LEVEL_NONE = 255 };

/* The money a person is shown: per cell (n_rows × n_cols, fen, each a
 * multiple of the unit's hundredth), and the 尾差 notes. */
struct table_shown {
	int64_t *v;
	struct buf notes;
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

/* Dressing for people (copied; NULL leaves a field as it is). */
void table_dress(struct table *t, const char *number, const char *sheet, const char *org, const char *meta);
void table_add_note(struct table *t, const char *note);
/* The document around a table (see struct table; copied, NULL leaves a
 * field as it is). */
void table_document(struct table *t, const char *preface, const char *sign, const char *foot);
void table_col_words(struct table *t, size_t col, enum words_dict d);
void table_col_tree(struct table *t, size_t col, int tree);
void table_col_diff(struct table *t, size_t col, size_t a, size_t b);
void table_col_calc(struct table *t, size_t col, uint64_t plus, uint64_t minus);
/* A row's level in tree 0 or 1 (LEVEL_TOTAL, 1, 2 …, LEVEL_NONE). */
void table_level(struct table *t, size_t row, int tree, int level);
int table_row_level(const struct table *t, size_t row, int tree);

/* The shown money of every cell in unit u (see above). */
void table_shown(const struct table *t, enum money_unit u, struct table_shown *s);
void table_shown_release(struct table_shown *s);
/* A cell as a person reads it: money (the shown value) in unit u, shares
 * as percents, codes as words; into out, returning its text. */
const char *table_cell_people(const struct table *t, const struct table_shown *s, size_t row, size_t col,
			      enum money_unit u, struct buf *out);
/* A column's header for people ("申报数（万元）"); group gets the group
 * part ("基本支出") or "" (may be NULL). */
const char *table_col_header(const struct table *t, size_t col, enum money_unit u, struct buf *out,
			     struct buf *group);
/* The year/scenario and unit line ("场景：base（草案）    单位：万元"). */
const char *table_unit_line(const struct table *t, enum money_unit u, struct buf *out);

/* A share rendered to millionths, rounded half up; -1 when den is 0. */
int64_t share_millionths(int64_t num, int64_t den);
/* "72.35%" style text of a share. */
char *share_percent(int64_t num, int64_t den, char *buf);
/* Append s padded with spaces to display width w, right-aligned or not. */
void text_pad(struct buf *b, const char *s, size_t w, int right);

void table_print_text(const struct table *t, FILE *out, enum money_unit u);
/* CSV for programs: JSON keys, integer fen, codes, no totals row. */
void table_print_csv(const struct table *t, FILE *out);
/* CSV for people (--for excel): a UTF-8 BOM, Chinese headers with the
 * unit, money shown in u (adding up, 尾差), words, the totals row. */
void table_print_csv_people(const struct table *t, FILE *out, enum money_unit u);
/* A flat table too long to hold (report cuts: millions of rows), made a
 * row at a time: t has its columns and dressing and no rows of its own;
 * row(i, t, arg) sets every cell of t's one row (row 0) from candidate i of
 * n and returns 1 to show it, 0 to leave it out.  Text calls it twice per
 * candidate (the widths, then the lines), CSV once.  Flat: no totals row,
 * no levels, no derived columns, so each money cell is shown rounded on
 * its own, as table_print_* show such a table held whole. */
struct table_stream {
	size_t n;
	int (*row)(size_t i, struct table *t, void *arg);
	void *arg;
};
void table_stream_text(struct table *t, const struct table_stream *s, FILE *out, enum money_unit u);
void table_stream_csv(struct table *t, const struct table_stream *s, FILE *out);
void table_stream_csv_people(struct table *t, const struct table_stream *s, FILE *out, enum money_unit u);
/* A JSON array of row objects (jansson json_t *, caller owns). */
void *table_to_json(const struct table *t);
/* Rows [from, from + n) as a JSON array, and one row as an object (the
 * totals row too; jansson json_t *, caller owns). */
void *table_rows_json(const struct table *t, size_t from, size_t n);
void *table_row_json(const struct table *t, size_t row);
/* What a person is shown of t in unit u (table_shown), as JSON: {unit,
 * rows: one object per row of the table (its 合计 row too, last) with the
 * shown fen of each money column, notes: the 尾差 notes}. */
void *table_shown_json(const struct table *t, enum money_unit u);

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
