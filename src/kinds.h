/*
 * kinds.h - the fifteen input file kinds of SPEC §4 as data: their columns,
 * types, keys, defaults and structural references, shared by import and
 * export so that both speak exactly the same shape.
 *
 * A column's SQL name is its CSV name, with "_fen" appended for money.
 * Stored encodings: money in fen, quantities in 1/10000, scores, weights
 * and 0–20 dimensions in hundredths, ratios in millionths, booleans 0/1,
 * dates as ISO text, lists as ';'-joined text.  The tables are static.
 */
#ifndef ZBB_KINDS_H
#define ZBB_KINDS_H

#include <stddef.h>
#include <stdint.h>

enum col_type {
	T_CODE,          /* 1–64 bytes, no spaces or ';' */
	T_TEXT,          /* free text, trimmed */
	T_MONEY,         /* yuan → fen, not negative */
	T_QTY,           /* quantity, 4 decimals, not negative */
	T_INT,           /* integer in [min, max] */
	T_SCORE,         /* 0–100, 2 decimals */
	T_DIM,           /* 0–20, 2 decimals */
	T_WEIGHT,        /* 0–100, 2 decimals */
	T_RATIO,         /* 0–1, up to 6 decimals */
	T_DATE,          /* YYYY-MM-DD */
	T_BOOL,
	T_ENUM,
	T_FUNC,          /* function classification code */
	T_ECON,          /* economic classification code */
	T_FUNC_PREFIXES, /* ';'-list of function prefixes */
	T_ECON_PREFIXES, /* ';'-list of economic prefixes */
	T_ECON_PREFIX,   /* one economic prefix */
	T_CODE_LIST,     /* ';'-list of codes */
};

enum { C_REQ = 1, C_KEY = 2,
       C_SIGNED = 4 /* T_MONEY: may be negative (an adjustment's change) */ };

struct enum_val {
	const char *code;
	const char *alias; /* accepted on input (Chinese), or NULL */
};

struct col {
	const char *name;
	enum col_type type;
	unsigned flags;
	const char *def;               /* default text when empty, or NULL */
	const struct enum_val *enums;  /* T_ENUM, ended by a NULL code */
	int64_t min, max;              /* T_INT */
	const char *ref;               /* kind a T_CODE must exist in, or NULL */
	const char *zh;                /* the column's Chinese name */
};

struct val {
	int is_null;
	int64_t i;     /* numbers, booleans */
	const char *s; /* text (not NUL-terminated) */
	size_t n;
};

/* Where a kind's consistency check reports, and what it may ask: the
 * importer (a file row, an API row) provides one.  error gets the column
 * (or NULL) and the reason in the user's language; item_exists says
 * whether (project, seq) is an item of the book's working year (it may
 * only note the question and answer 1, asking the book later). */
struct kind_sink {
	void (*error)(struct kind_sink *s, const char *col, const char *msg);
	int (*item_exists)(struct kind_sink *s, const char *project, size_t n, int64_t seq);
};
/* Report an error on the row being checked. */
void kind_error(struct kind_sink *s, const char *col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

struct kind {
	const char *name;
	const char *zh;
	int has_fy; /* keyed by the book's fiscal year (all but history) */
	const struct col *cols;
	size_t n_cols;
	/* consistency rules across the row's columns (v in column order),
	 * reported into the sink */
	void (*check)(struct kind_sink *s, const struct val *v);
};

extern const struct kind kinds[];
extern const size_t kinds_n;

const struct kind *kind_find(const char *name);
int kind_col(const struct kind *k, const char *name);
/* The SQL column name of a column ("price" → "price_fen"): the name
 * itself, or the money column's written in buf; it is also the column's
 * JSON key (money travels in fen). */
const char *kind_sql_col(const struct col *c, char *buf, size_t size);
/* 1 when key names column c: its name, or its SQL name ("price_fen"). */
int kind_col_named(const struct col *c, const char *key);
/* Whether a column's value is kept as text (else as an integer in v->i). */
int kind_col_is_text(const struct col *c);
/* Whether a stored integer stands for an empty cell: the seq 0 that keys a
 * whole-project review (a key column that is neither required nor
 * defaulted). */
int kind_col_zero_is_null(const struct col *c);

#endif
