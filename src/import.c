/*
 * import.c - one file of one kind into the book, all or nothing.
 *
 * The file is read row by row (csvread.c, or xlsxread.c for .xlsx).  The
 * header maps file columns to the kind's columns.  Each data row is parsed
 * by column type, checked by the kind's consistency rule, checked for a
 * duplicate key within the file and for structural references, and upserted
 * through the store's writer inside one change of the book (store_write,
 * audited as "import").  After the first bad row nothing more is written,
 * but every row is still checked so the user sees all the errors at once;
 * then the change is rolled back.
 */
#include "import.h"
#include "audit.h"
#include "codes.h"
#include "consist.h"
#include "money.h"
#include "xlsxread.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_COLS 32

/*
 * The keys seen in this file, for the duplicate check, over one growing
 * byte arena, so a file of millions of rows costs no allocation per row.
 * Files usually come sorted by key (exports, generated files): while every
 * key is greater than the one before (byte order of the encoded key, which
 * is the key order: see key_encode), no key can repeat, and the keys are
 * only listed.  At the first key out of order the list becomes an
 * open-addressing table of (hash, offset, length, line).
 */
struct keyset_slot {
	uint64_t hash;
	size_t off;  /* into arena; line 0 marks an empty slot */
	uint32_t len;
	long line;
};
struct keyset_entry {
	size_t off;
	uint32_t len;
	long line;
};
struct keyset {
	int is_hashed;
	struct keyset_entry *list; /* while sorted: the keys in order */
	size_t n_list, cap_list;
	struct keyset_slot *tab;   /* once hashed */
	size_t n, cap;
	struct buf arena;
};

static int key_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	return c ? c : an < bn ? -1 : an > bn;
}

static struct keyset_slot *keyset_slot(const struct keyset *ks, const char *k, size_t n, uint64_t h)
{
	size_t i = h & (ks->cap - 1);
	for (;;) {
		struct keyset_slot *e = &ks->tab[i];
		if (!e->line)
			return e;
		if (e->hash == h && e->len == n && !memcmp(ks->arena.s + e->off, k, n))
			return e;
		i = (i + 1) & (ks->cap - 1);
	}
}

static void keyset_grow(struct keyset *ks, size_t need)
{
	if (need * 2 <= ks->cap)
		return;
	size_t nc = ks->cap ? ks->cap : 1024;
	while (need * 2 > nc)
		nc *= 2;
	struct keyset_slot *nt = xcalloc(nc, sizeof(*nt));
	for (size_t i = 0; i < ks->cap; i++) {
		struct keyset_slot *e = &ks->tab[i];
		if (!e->line)
			continue;
		size_t j = e->hash & (nc - 1);
		while (nt[j].line)
			j = (j + 1) & (nc - 1);
		nt[j] = *e;
	}
	free(ks->tab);
	ks->tab = nt;
	ks->cap = nc;
}

/* The line the key was first seen on, or 0 after recording it at line. */
static long keyset_add(struct keyset *ks, const char *k, size_t n, long line)
{
	if (!ks->is_hashed) {
		const struct keyset_entry *last = ks->n_list ? &ks->list[ks->n_list - 1] : NULL;
		if (!last || key_cmp(k, n, ks->arena.s + last->off, last->len) > 0) {
			XGROW(ks->list, ks->cap_list, ks->n_list + 1);
			ks->list[ks->n_list++] = (struct keyset_entry){ ks->arena.len, (uint32_t)n, line };
			buf_add(&ks->arena, k, n);
			return 0;
		}
		/* out of order: from now on, a table */
		keyset_grow(ks, ks->n_list + 1);
		for (size_t i = 0; i < ks->n_list; i++) {
			const struct keyset_entry *e = &ks->list[i];
			uint64_t h = hash_bytes(ks->arena.s + e->off, e->len);
			*keyset_slot(ks, ks->arena.s + e->off, e->len, h) = (struct keyset_slot){ h, e->off, e->len, e->line };
		}
		ks->n = ks->n_list;
		free(ks->list);
		ks->list = NULL;
		ks->n_list = ks->cap_list = 0;
		ks->is_hashed = 1;
	}
	keyset_grow(ks, ks->n + 1);
	uint64_t h = hash_bytes(k, n);
	struct keyset_slot *e = keyset_slot(ks, k, n, h);
	if (e->line)
		return e->line;
	*e = (struct keyset_slot){ h, ks->arena.len, (uint32_t)n, line };
	buf_add(&ks->arena, k, n);
	ks->n++;
	return 0;
}

/* The line a key was first seen on, 0 when not seen. */
static long keyset_line(const struct keyset *ks, const char *k, size_t n)
{
	if (ks->is_hashed)
		return ks->cap ? keyset_slot(ks, k, n, hash_bytes(k, n))->line : 0;
	size_t lo = 0, hi = ks->n_list;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct keyset_entry *e = &ks->list[mid];
		int c = key_cmp(k, n, ks->arena.s + e->off, e->len);
		if (!c)
			return e->line;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

static void keyset_release(struct keyset *ks)
{
	free(ks->list);
	free(ks->tab);
	buf_release(&ks->arena);
	memset(ks, 0, sizeof(*ks));
}

/* The last code found in a referenced kind, per column: rows usually come
 * grouped (the items of one project), so most look-ups are the same code. */
struct ref_cache {
	struct buf code;
	int valid;
};

struct deferred_ref {
	long line;
	int col;
	char *code;
};

/*
 * A big import runs on two threads: this one reads, parses and checks rows
 * (the reader) while the calling thread writes them to the book (the
 * writer).  Checked rows travel in batches through a small ring; a row's
 * text is copied into its batch, so the reader's buffers can move on.  The
 * reader never touches the store: everything it looks up in the book is
 * loaded before it starts.
 */
#define Q_ROWS 4096
#define Q_SLOTS 4

struct qval {
	int is_null;
	int64_t i;
	size_t off, n; /* text: bytes[off .. off + n) */
};

struct qbatch {
	long *lines;
	struct qval *vals; /* rows × n_cols (struct rowq) */
	size_t n;
	struct buf bytes;
};

struct rowq {
	pthread_mutex_t mu;
	pthread_cond_t can_put, can_get;
	struct qbatch slot[Q_SLOTS];
	size_t rows;     /* a batch's capacity: Q_ROWS, fewer for a small file */
	size_t put, get; /* batches published / consumed */
	int done;        /* the reader has published its last batch */
	struct qbatch *cur; /* the reader's batch being filled */
};

struct import_ctx {
	struct kind_sink sink; /* first: the kinds' checks report here */
	struct book *b;
	const struct kind *k;
	const char *file;
	const struct import_opts *o;
	struct import_result *res;
	long line;
	int have_header;
	size_t n_header;
	unsigned char unnamed[MAX_COLS]; /* file columns with an empty header cell */
	int file_col[MAX_COLS];  /* descriptor column → file column, or -1 */
	struct val v[MAX_COLS];
	struct buf scratch[MAX_COLS];
	int row_bad;
	struct store_writer *w;
	struct keyset seen;   /* keys in this file → line */
	struct ref_cache last_ref[MAX_COLS];
	unsigned char bad[MAX_COLS]; /* the cell of this column failed to parse */
	struct strmap refs[MAX_COLS]; /* codes in the book of each referenced kind */
	struct strmap project_line;   /* items: each project's first line in the file */
	struct strmap basic;          /* projects, items: the generated projects' codes */
	int check_basic;
	struct buf last_project;
	int refs_loaded[MAX_COLS];
	int defer_items;      /* import_item_exists only notes the question */
	struct item_q {
		long line;
		char *project;
		int64_t seq;
	} *item_qs;
	size_t n_item_qs, cap_item_qs;
	struct deferred_ref *deferred;
	size_t n_deferred, cap_deferred;
	int storage_failed;
	struct buf *err;
	struct buf key;
	struct rowq *q;          /* two threads: rows go here instead of to the writer */
	atomic_int any_error;    /* set by the reader at its first error */
};

static void add_error(struct import_ctx *c, const char *msg)
{
	struct import_result *r = c->res;
	int max = c->o && c->o->max_errors > 0 ? c->o->max_errors : 50;
	r->n_errors++;
	atomic_store(&c->any_error, 1);
	if (r->n_shown < (size_t)max) {
		r->errors = xrealloc(r->errors, (r->n_shown + 1) * sizeof(char *));
		r->errors[r->n_shown++] = xstrdup(msg);
	}
}

/* "FILE:LINE: column: reason" (line 0 and not a row's: "FILE: …") into
 * the result. */
static void verrorf(struct import_ctx *c, long line, int is_row, const char *col, const char *fmt, va_list ap)
{
	struct buf m = BUF_INIT;
	if (line > 0 || is_row)
		buf_printf(&m, "%s:%ld: ", c->file, line);
	else
		buf_printf(&m, "%s: ", c->file);
	if (col)
		buf_printf(&m, "%s: ", col);
	buf_vprintf(&m, fmt, ap);
	add_error(c, buf_str(&m));
	buf_release(&m);
}

static void errorf(struct import_ctx *c, long line, const char *col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void errorf(struct import_ctx *c, long line, const char *col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verrorf(c, line, 0, col, fmt, ap);
	va_end(ap);
}

static void row_error(struct import_ctx *c, const char *col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void row_error(struct import_ctx *c, const char *col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verrorf(c, c->line, 1, col, fmt, ap);
	va_end(ap);
	c->row_bad = 1;
}

/* The sink the kinds' checks report into. */
static void sink_error(struct kind_sink *s, const char *col, const char *msg)
{
	row_error((struct import_ctx *)s, col, "%s", msg);
}

static int sink_item_exists(struct kind_sink *s, const char *project, size_t n, int64_t seq);

/* A cell's blanks and invisible characters at either end are dropped
 * (a name pasted with a NBSP or a zero-width space is the name); inside a
 * code they are refused (check_code). */
static void trim(const char **s, size_t *n)
{
	utf8_trim_invisible(s, n);
}

/* A code keeps what it has beyond ASCII blanks, to be refused. */
static void trim_cell(const struct col *col, const char **s, size_t *n)
{
	if (col->type != T_CODE && col->type != T_CODE_LIST) {
		trim(s, n);
		return;
	}
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

static int check_code(const char *s, size_t n, const char **why)
{
	if (n > 64) {
		*why = L("编码最长 64 字节", "a code has at most 64 bytes");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		size_t k;
		if (ch <= ' ' || ch == ';' || ch == 0x7f) {
			*why = L("编码不能含空格、分号或控制字符", "a code has no spaces, ';' or control characters");
			return -1;
		}
		uint32_t cp = utf8_invisible(s + i, n - i, &k);
		if (cp) {
			static _Thread_local char msg[128];
			snprintf(msg, sizeof msg,
				 L("编码不能含不可见字符（U+%04X，如零宽空格、不换行空格、方向控制符）",
				   "a code has no invisible characters (U+%04X: zero-width or no-break spaces, direction marks)"),
				 (unsigned)cp);
			*why = msg;
			return -1;
		}
	}
	return 0;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* A date: ISO YYYY-MM-DD, or Y/M/D with one- or two-digit month and day
 * as Excel on Chinese Windows writes it (2026/1/1, 2026/01/01, SPEC §2).
 * The ISO form goes to out[11]. */
static int parse_date(const char *s, size_t n, char out[11], const char **why)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int part[3] = { 0, 0, 0 }, digits[3] = { 0, 0, 0 }, k = 0;
	char sep = 0;
	*why = L("日期应写作 YYYY-MM-DD（或 YYYY/M/D）", "a date is written YYYY-MM-DD (or YYYY/M/D)");
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch >= '0' && ch <= '9') {
			if (++digits[k] > (k ? 2 : 4))
				return -1;
			part[k] = part[k] * 10 + (ch - '0');
		} else if ((ch == '-' || ch == '/') && k < 2 && (!sep || ch == sep)) {
			sep = ch;
			k++;
		} else {
			return -1;
		}
	}
	if (k != 2 || digits[0] != 4 || !digits[1] || !digits[2] ||
	    (sep == '-' && (digits[1] != 2 || digits[2] != 2)))
		return -1;
	int y = part[0], m = part[1], d = part[2];
	if (y < 1900 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && is_leap(y))) {
		*why = L("不是有效日期", "not a valid date");
		return -1;
	}
	const int f[8] = { y / 1000, y / 100 % 10, y / 10 % 10, y % 10, m / 10, m % 10, d / 10, d % 10 };
	for (int i = 0, j = 0; i < 10; i++)
		out[i] = i == 4 || i == 7 ? '-' : (char)('0' + f[j++]);
	out[10] = 0;
	return 0;
}

static int parse_bool(const char *s, size_t n, int64_t *out)
{
	static const char *const yes[] = { "y", "yes", "true", "1", "是" };
	static const char *const no[] = { "n", "no", "false", "0", "否" };
	for (size_t i = 0; i < 5; i++) {
		if (strlen(yes[i]) == n && !strncasecmp(s, yes[i], n)) {
			*out = 1;
			return 0;
		}
		if (strlen(no[i]) == n && !strncasecmp(s, no[i], n)) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/* Parse a ';'-list, checking each element; the normalised list goes to out. */
static int parse_list(const char *s, size_t n, enum col_type t, struct buf *out, const char **why)
{
	size_t i = 0;
	int count = 0;
	buf_reset(out);
	while (i <= n) {
		size_t j = i;
		while (j < n && s[j] != ';')
			j++;
		const char *e = s + i;
		size_t len = j - i;
		if (t == T_CODE_LIST) {
			struct col cc = { .type = T_CODE_LIST };
			trim_cell(&cc, &e, &len);
		} else {
			trim(&e, &len);
		}
		if (len) {
			int rc = t == T_CODE_LIST ? check_code(e, len, why)
				 : codes_check_prefix(t == T_FUNC_PREFIXES ? CODE_FUNCTION : CODE_ECONOMIC,
						      e, len, why);
			if (rc)
				return -1;
			if (count++)
				buf_addc(out, ';');
			buf_add(out, e, len);
		}
		i = j + 1;
	}
	if (!count) {
		*why = L("列表为空", "empty list");
		return -1;
	}
	return 0;
}

/* A percent where no ratio is asked for changes the value's meaning when
 * read (100% is not 100, and turning it into 1 would be silent): an error
 * (SPEC §2). */
static int no_percent(const char *s, size_t n, const char **why)
{
	if (n && memchr(s, '%', n)) {
		*why = L("此列不接受百分数（只有比例列可写 85%）", "a percent is not accepted here (only ratios may be written 85%)");
		return -1;
	}
	return 0;
}

/* Parse one cell (already trimmed, non-empty) of column c into v. */
static int parse_cell(const struct col *c, const char *s, size_t n, struct val *v, struct buf *scratch,
		      const char **why)
{
	int64_t x;
	v->is_null = 0;
	v->s = s;
	v->n = n;
	switch (c->type) {
	case T_CODE:
		return check_code(s, n, why);
	case T_TEXT:
		if (n > 4000) {
			*why = L("文字过长（最多 4000 字节）", "text too long (at most 4000 bytes)");
			return -1;
		}
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
				*why = L("含控制字符", "contains a control character");
				return -1;
			}
		return 0;
	case T_MONEY:
		return no_percent(s, n, why) || money_parse(s, n, (c->flags & C_SIGNED) ? DEC_NEG : 0, &v->i, why);
	case T_QTY:
		return no_percent(s, n, why) || qty_parse(s, n, &v->i, why);
	case T_INT:
		if (no_percent(s, n, why) || dec_parse(s, n, 0, DEC_COMMAS, &x, why))
			return -1;
		if (x < c->min || x > c->max) {
			static _Thread_local char msg[96]; /* the server checks rows on several threads */
			snprintf(msg, sizeof msg, L("应在 %lld 到 %lld 之间", "must be from %lld to %lld"),
				 (long long)c->min, (long long)c->max);
			*why = msg;
			return -1;
		}
		v->i = x;
		return 0;
	case T_SCORE:
	case T_DIM:
	case T_WEIGHT: {
		int64_t max = c->type == T_DIM ? 20 * SCORE_ONE : 100 * SCORE_ONE;
		if (no_percent(s, n, why) || dec_parse(s, n, 2, 0, &x, why))
			return -1;
		if (x > max) {
			*why = c->type == T_DIM ? L("应在 0 到 20 之间", "must be from 0 to 20")
						: L("应在 0 到 100 之间", "must be from 0 to 100");
			return -1;
		}
		v->i = x;
		return 0;
	}
	case T_RATIO:
		/* a ratio may be written as a percent, read exactly: 85% = 0.85,
		 * 12.5% = 0.125 (in millionths, a percent with 4 places is the
		 * ratio with 6: "85" at 4 places is 850000) */
		if (n > 1 && s[n - 1] == '%') {
			if (dec_parse(s, n - 1, 4, 0, &x, why))
				return -1;
		} else if (dec_parse(s, n, 6, 0, &x, why)) {
			return -1;
		}
		if (x > RATIO_ONE) {
			*why = L("应在 0 到 1 之间", "must be from 0 to 1");
			return -1;
		}
		v->i = x;
		return 0;
	case T_DATE: {
		char iso[11];
		if (parse_date(s, n, iso, why))
			return -1;
		buf_reset(scratch);
		buf_add(scratch, iso, 10);
		v->s = scratch->s;
		v->n = 10;
		return 0;
	}
	case T_BOOL:
		if (parse_bool(s, n, &v->i)) {
			*why = L("应为 y/n、是/否、true/false 或 1/0", "must be y/n, yes/no, true/false or 1/0");
			return -1;
		}
		return 0;
	case T_ENUM:
		for (const struct enum_val *e = c->enums; e->code; e++) {
			if ((strlen(e->code) == n && !memcmp(e->code, s, n)) ||
			    (e->alias && strlen(e->alias) == n && !memcmp(e->alias, s, n))) {
				v->s = e->code;
				v->n = strlen(e->code);
				return 0;
			}
		}
		{
			static _Thread_local char msg[256];
			size_t k = (size_t)snprintf(msg, sizeof msg, "%s", L("应为以下之一：", "must be one of: "));
			for (const struct enum_val *e = c->enums; e->code && k < sizeof msg; e++)
				k += (size_t)snprintf(msg + k, sizeof msg - k, "%s%s", e == c->enums ? "" : " ", e->code);
			*why = msg;
		}
		return -1;
	case T_FUNC:
		return codes_check(CODE_FUNCTION, s, n, why);
	case T_ECON:
		return codes_check(CODE_ECONOMIC, s, n, why);
	case T_ECON_PREFIX:
		return codes_check_prefix(CODE_ECONOMIC, s, n, why);
	case T_FUNC_PREFIXES:
	case T_ECON_PREFIXES:
	case T_CODE_LIST:
		if (parse_list(s, n, c->type, scratch, why))
			return -1;
		v->s = scratch->s;
		v->n = scratch->len;
		return 0;
	}
	return -1;
}

static int load_codes(struct import_ctx *c, const char *kind, struct strmap *m)
{
	if (store_codes(c->b, kind, m, c->err)) {
		c->storage_failed = 1;
		return -1;
	}
	return 0;
}

/* An integer in a key (see key_encode in on_row): a 0x01 mark and 8
 * big-endian bytes with the sign flipped, or 0x00 when empty; then 0x1f. */
static void key_int(struct buf *key, int is_null, int64_t v)
{
	char e[10];
	uint64_t u = (uint64_t)v ^ (1ULL << 63);
	size_t n = 0;
	if (is_null) {
		e[n++] = 0;
	} else {
		e[n++] = 1;
		for (int b = 7; b >= 0; b--)
			e[n++] = (char)(u >> (8 * b));
	}
	e[n++] = 0x1f;
	buf_add(key, e, n);
}

/* Whether (project, seq) is an item of the book's working year.  The
 * reader thread of a file import may not touch the book: it notes the
 * question (answered after the file is read, see check_items_deferred);
 * elsewhere (the API's one-row checks) it is one indexed look-up. */
static int sink_item_exists(struct kind_sink *s, const char *project, size_t n, int64_t seq)
{
	struct import_ctx *c = (struct import_ctx *)s;
	if (c->defer_items) {
		XGROW(c->item_qs, c->cap_item_qs, c->n_item_qs + 1);
		c->item_qs[c->n_item_qs++] = (struct item_q){ c->line, xstrndup(project, n), seq };
		return 1;
	}
	return store_item_exists(c->b, project, n, seq) > 0;
}

/* The reader's deferred item questions, answered from the book. */
static int check_items_deferred(struct import_ctx *c)
{
	for (size_t i = 0; i < c->n_item_qs; i++) {
		const struct item_q *q = &c->item_qs[i];
		int e = store_item_exists(c->b, q->project, strlen(q->project), q->seq);
		if (e < 0) {
			buf_printf(c->err, "%s: %s", c->b->name, L("无法读取明细", "cannot read the items"));
			c->storage_failed = 1;
			return -1;
		}
		if (!e)
			errorf(c, q->line, "seq", L("项目 %s 没有第 %lld 条明细", "project %s has no item %lld"), q->project,
			       (long long)q->seq);
	}
	return 0;
}

static int on_header(struct import_ctx *c, const struct csv_field *f, size_t n)
{
	const struct kind *k = c->k;
	int bad = 0;
	for (size_t i = 0; i < k->n_cols; i++)
		c->file_col[i] = -1;
	if (n > MAX_COLS) {
		errorf(c, c->line, NULL, L("列数过多（%zu）", "too many columns (%zu)"), n);
		return 1;
	}
	for (size_t j = 0; j < n; j++) {
		const char *s = f[j].s;
		size_t len = f[j].n;
		trim(&s, &len);
		int col = -1;
		c->unnamed[j] = 0;
		if (!len) {
			/* Excel and WPS write trailing empty columns: a column
			 * without a name is ignored as long as it stays empty */
			c->unnamed[j] = 1;
			continue;
		}
		/* the English name, or the Chinese one zbb prints (SPEC §4) */
		for (size_t i = 0; i < k->n_cols; i++)
			if ((strlen(k->cols[i].name) == len && !memcmp(k->cols[i].name, s, len)) ||
			    (strlen(k->cols[i].zh) == len && !memcmp(k->cols[i].zh, s, len)))
				col = (int)i;
		if (col < 0 && n == 1 && (memchr(s, '\t', len) || memchr(s, ';', len))) {
			/* one field holding the whole header: another separator */
			int tab = memchr(s, '\t', len) != NULL;
			errorf(c, c->line, NULL, "%s",
			       tab ? L("文件是制表符分隔的文本（如 Excel 的“文本文件（制表符分隔）”或“Unicode 文本”），请另存为“CSV UTF-8（逗号分隔）”或 .xlsx",
				       "the file is tab-separated text; save it as CSV (comma-separated) or .xlsx")
				   : L("文件是分号分隔的文本（欧洲区域设置的 CSV），请另存为逗号分隔的 CSV 或 .xlsx",
				       "the file is semicolon-separated text; save it as comma-separated CSV or .xlsx"));
			return 1;
		}
		if (col < 0) {
			struct buf known = BUF_INIT;
			for (size_t i = 0; i < k->n_cols; i++)
				buf_printf(&known, "%s%s", i ? ", " : "", k->cols[i].name);
			errorf(c, c->line, NULL,
			       L("%.*s: 未知列（%s 的列为：%s）", "%.*s: unknown column (the columns of %s are: %s)"),
			       (int)len, s, k->name, buf_str(&known));
			buf_release(&known);
			bad = 1;
		} else if (c->file_col[col] >= 0) {
			errorf(c, c->line, k->cols[col].name, "%s", L("列重复", "column appears twice"));
			bad = 1;
		} else {
			c->file_col[col] = (int)j;
		}
	}
	for (size_t i = 0; i < k->n_cols; i++)
		if ((k->cols[i].flags & C_REQ) && c->file_col[i] < 0) {
			errorf(c, c->line, k->cols[i].name, "%s%s%s",
			       L("缺少必填列（", "required column missing"), L(k->cols[i].zh, ""), L("）", ""));
			bad = 1;
		}
	c->n_header = n;
	c->have_header = 1;
	return bad;
}

/* True when every field is empty or blank. */
static int row_is_empty(const struct csv_field *f, size_t n)
{
	for (size_t j = 0; j < n; j++)
		for (size_t i = 0; i < f[j].n; i++)
			if (f[j].s[i] != ' ' && f[j].s[i] != '\t')
				return 0;
	return 1;
}

/* The length of the longest prefix of s[0..n) of at most max bytes that
 * does not cut a UTF-8 character, for quoting a cell in a message. */
static size_t utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	size_t k = max;
	while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	return k;
}

/* The reader hands over its batch being filled. */
static void q_publish(struct rowq *q)
{
	pthread_mutex_lock(&q->mu);
	q->put++;
	q->cur = NULL;
	pthread_cond_signal(&q->can_get);
	pthread_mutex_unlock(&q->mu);
}

static int enqueue_row(struct import_ctx *c, long line)
{
	struct rowq *q = c->q;
	const struct kind *k = c->k;
	if (!q->cur) {
		pthread_mutex_lock(&q->mu);
		while (q->put - q->get == Q_SLOTS)
			pthread_cond_wait(&q->can_put, &q->mu);
		q->cur = &q->slot[q->put % Q_SLOTS];
		pthread_mutex_unlock(&q->mu);
		q->cur->n = 0;
		buf_reset(&q->cur->bytes);
	}
	struct qbatch *bt = q->cur;
	struct qval *qv = &bt->vals[bt->n * k->n_cols];
	for (size_t i = 0; i < k->n_cols; i++) {
		const struct val *v = &c->v[i];
		qv[i] = (struct qval){ v->is_null, v->i, 0, 0 };
		if (!v->is_null && kind_col_is_text(&k->cols[i])) {
			qv[i].off = bt->bytes.len;
			qv[i].n = v->n;
			buf_add(&bt->bytes, v->s, v->n);
		}
	}
	bt->lines[bt->n++] = line;
	if (bt->n == q->rows)
		q_publish(q);
	return 0;
}

/* Items: the first line of each project in the file, to locate the
 * project's requested total (consist_book). */
static void note_project_line(struct import_ctx *c, long line)
{
	const struct val *p = &c->v[0];
	if (p->is_null || (c->last_project.len == p->n && !memcmp(c->last_project.s, p->s, p->n)))
		return;
	buf_reset(&c->last_project);
	buf_add(&c->last_project, p->s, p->n);
	int is_new;
	strmap_put(&c->project_line, p->s, p->n, line, &is_new);
}

static int on_row(void *ctx, long line, const struct csv_field *f, size_t n)
{
	struct import_ctx *c = ctx;
	const struct kind *k = c->k;
	c->line = line;
	if (!c->have_header)
		return on_header(c, f, n);
	if (row_is_empty(f, n))
		return 0; /* a row of empty cells (",,,"), as spreadsheets write them */
	c->res->n_rows++;
	if (c->o && c->o->max_rows > 0 && c->res->n_rows > c->o->max_rows) {
		errorf(c, line, NULL,
		       L("超过一次导入的行数上限 %ld 行（--max-rows），请拆分文件或调高上限",
			 "more than %ld rows in one import (--max-rows); split the file or raise the limit"),
		       c->o->max_rows);
		return 1;
	}
	c->row_bad = 0;
	if (n != c->n_header) {
		row_error(c, NULL, L("本行有 %zu 列，表头有 %zu 列", "this row has %zu fields, the header %zu"), n,
				 c->n_header);
		return 0;
	}
	for (size_t j = 0; j < n; j++)
		if (c->unnamed[j] && !row_is_empty(&f[j], 1))
			row_error(c, NULL, L("第 %zu 列表头没有列名，本行在该列却有内容",
						    "field %zu has data but its column has no name in the header"),
					 j + 1);
	for (size_t i = 0; i < k->n_cols; i++) {
		const struct col *col = &k->cols[i];
		struct val *v = &c->v[i];
		const char *s = "";
		size_t len = 0;
		memset(v, 0, sizeof(*v));
		v->is_null = 1;
		c->bad[i] = 0;
		if (c->file_col[i] >= 0) {
			s = f[c->file_col[i]].s;
			len = f[c->file_col[i]].n;
			trim_cell(col, &s, &len);
		}
		if (!len) {
			if (col->flags & C_REQ) {
				if (ZB_LANG == LANG_EN)
					row_error(c, col->name, "%s", "required");
				else
					row_error(c, col->name, "必填（%s）", col->zh);
				c->bad[i] = 1;
				continue;
			}
			if (!col->def)
				continue;
			s = col->def;
			len = strlen(s);
		}
		const char *why = NULL;
		if (parse_cell(col, s, len, v, &c->scratch[i], &why)) {
			size_t shown = utf8_cut(s, len, 80);
			row_error(c, col->name, "%s: “%.*s%s”", why, (int)shown, s, shown < len ? "…" : "");
			v->is_null = 1;
			c->bad[i] = 1;
		}
	}
	if (!c->row_bad && k->check)
		k->check(&c->sink, c->v);
	if (!c->row_bad)
		consist_row(k, c->v, c->b->year, &c->sink);
	if (!c->row_bad && !strcmp(k->name, "items"))
		note_project_line(c, line);
	if (c->check_basic && !c->v[0].is_null && strmap_get(&c->basic, c->v[0].s, c->v[0].n))
		row_error(c, k->cols[0].name,
			  L("项目 %.*s 由 zbb basic 按定员定额生成，不能导入（人数或定额变动后重新运行 zbb basic）",
			    "project %.*s is generated by zbb basic from staff and quotas and cannot be imported "
			    "(run zbb basic again after staff or quotas change)"),
			  (int)c->v[0].n, c->v[0].s);
	/* duplicate keys within the file (a key that did not parse has been
	 * reported already and is not compared) */
	buf_reset(&c->key);
	int key_ok = 1;
	for (size_t i = 0; i < k->n_cols; i++)
		if ((k->cols[i].flags & C_KEY) && c->bad[i])
			key_ok = 0;
	for (size_t i = 0; i < k->n_cols && key_ok; i++)
		if (k->cols[i].flags & C_KEY) {
			const struct val *v = &c->v[i];
			/* key_encode: text as is (it holds no control character
			 * but tab and line breaks), an integer as a 0x01 mark and
			 * 8 big-endian bytes with the sign flipped, an empty one as
			 * 0x00; each ended by 0x1f.  Equal keys encode equally, and
			 * byte order is the key's order for the sorted fast path. */
			if (k->cols[i].type == T_INT) {
				key_int(&c->key, v->is_null, v->i);
			} else if (v->is_null) {
				buf_adds(&c->key, "\x1f");
			} else {
				buf_add(&c->key, v->s, v->n);
				buf_addc(&c->key, 0x1f);
			}
		}
	long first = key_ok ? keyset_add(&c->seen, c->key.s, c->key.len, line) : 0;
	if (first) {
		struct buf cols = BUF_INIT;
		for (size_t i = 0; i < k->n_cols; i++)
			if (k->cols[i].flags & C_KEY)
				buf_printf(&cols, "%s%s", cols.len ? "," : "", k->cols[i].name);
		row_error(c, buf_str(&cols), L("键重复：与第 %ld 行相同", "duplicate key: same as line %ld"),
				 first);
		buf_release(&cols);
	}
	/* structural references */
	for (size_t i = 0; i < k->n_cols; i++) {
		const struct col *col = &k->cols[i];
		const struct val *v = &c->v[i];
		if (!col->ref || v->is_null)
			continue;
		if (!strcmp(col->ref, k->name)) {
			XGROW(c->deferred, c->cap_deferred, c->n_deferred + 1);
			c->deferred[c->n_deferred++] =
				(struct deferred_ref){ line, (int)i, xstrndup(v->s, v->n) };
			continue;
		}
		struct ref_cache *rc = &c->last_ref[i];
		if (rc->valid && rc->code.len == v->n && !memcmp(rc->code.s, v->s, v->n))
			continue;
		if (!c->refs_loaded[i]) {
			c->refs_loaded[i] = 1;
			if (load_codes(c, col->ref, &c->refs[i]))
				return -1;
		}
		if (!strmap_get(&c->refs[i], v->s, v->n)) {
			const struct kind *rk = kind_find(col->ref);
			row_error(c, col->name, L("%s “%.*s” 不存在（先导入 %s）", "no such %s \"%.*s\" (import %s first)"),
					 L(rk->zh, rk->name), (int)v->n, v->s, rk->name);
			continue;
		}
		buf_reset(&rc->code);
		buf_add(&rc->code, v->s, v->n);
		rc->valid = 1;
	}
	if (c->row_bad || c->res->n_errors)
		return 0;
	if (c->q)
		return enqueue_row(c, line);
	struct buf msg = BUF_INIT;
	long bad = line;
	int r = store_writer_put(c->w, c->v, line, &msg, &bad);
	if (r == STORE_REFUSED) {
		errorf(c, bad, NULL, "%s", buf_str(&msg));
		c->row_bad = bad == line;
	} else if (r != STORE_OK) {
		buf_add(c->err, msg.s, msg.len);
		c->storage_failed = 1;
	}
	buf_release(&msg);
	return r == STORE_FAIL ? -1 : 0;
}

/* A write that failed: a refused row is the file's error at its line, any
 * other failure the storage's. */
static void write_failed(struct import_ctx *c, const struct buf *failure, long line, int is_constraint)
{
	if (failure->len && is_constraint) {
		errorf(c, line, NULL, "%s", buf_str(failure));
	} else if (failure->len) {
		buf_add(c->err, failure->s, failure->len);
		c->storage_failed = 1;
	}
}

/* The rows the writer still keeps into the book, after the last row. */
static void flush_rows(struct import_ctx *c, struct buf *failure, long *failure_line, int *is_constraint)
{
	if (failure->len || c->storage_failed || c->res->n_errors || atomic_load(&c->any_error))
		return;
	int r = store_writer_finish(c->w, failure, failure_line);
	*is_constraint = r == STORE_REFUSED;
}

static void progress(void *ctx, size_t done, size_t total)
{
	struct import_ctx *c = ctx;
	c->o->progress(c->o->progress_ctx, done, total);
}

struct reader_job {
	struct import_ctx *c;
	int is_xlsx, from_file;
	const char *name, *data;
	size_t len;
	enum csv_encoding enc;
	csv_progress_fn prog;
	struct csv_info *info;
	struct buf *rerr;
	int rc;
};

/* The reader: the whole file through on_row, then its last batch. */
static void *reader_main(void *arg)
{
	struct reader_job *j = arg;
	struct import_ctx *c = j->c;
	if (j->is_xlsx)
		j->rc = xlsx_read_file(j->name, on_row, c, j->rerr);
	else if (j->from_file)
		j->rc = csv_read_file(j->name, j->enc, on_row, j->prog, c, j->info, j->rerr);
	else
		j->rc = csv_read_mem(j->name, j->data, j->len, j->enc, on_row, j->prog, c, j->info, j->rerr);
	struct rowq *q = c->q;
	if (!q)
		return NULL;
	if (q->cur && q->cur->n)
		q_publish(q);
	pthread_mutex_lock(&q->mu);
	q->done = 1;
	pthread_cond_signal(&q->can_get);
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/* The writer: every batch into the store, until the reader is done.  After
 * any error (the reader's or its own) it only drains the batches; the
 * transaction is rolled back anyway. */
static void write_rows(struct import_ctx *c, struct rowq *q)
{
	const struct kind *k = c->k;
	struct buf failure = BUF_INIT;
	struct val vals[MAX_COLS]; /* the writer's own: c->v is the reader's */
	long failure_line = 0;
	int is_constraint = 0;
	for (;;) {
		pthread_mutex_lock(&q->mu);
		while (q->get == q->put && !q->done)
			pthread_cond_wait(&q->can_get, &q->mu);
		if (q->get == q->put) {
			pthread_mutex_unlock(&q->mu);
			break;
		}
		struct qbatch *bt = &q->slot[q->get % Q_SLOTS];
		pthread_mutex_unlock(&q->mu);
		for (size_t r = 0; r < bt->n && !failure.len && !atomic_load(&c->any_error); r++) {
			const struct qval *qv = &bt->vals[r * k->n_cols];
			for (size_t i = 0; i < k->n_cols; i++) {
				struct val *v = &vals[i];
				v->is_null = qv[i].is_null;
				v->i = qv[i].i;
				v->s = bt->bytes.s + qv[i].off;
				v->n = qv[i].n;
			}
			int w = store_writer_put(c->w, vals, bt->lines[r], &failure, &failure_line);
			if (w != STORE_OK)
				is_constraint = w == STORE_REFUSED;
		}
		pthread_mutex_lock(&q->mu);
		q->get++;
		pthread_cond_signal(&q->can_put);
		pthread_mutex_unlock(&q->mu);
	}
	flush_rows(c, &failure, &failure_line, &is_constraint);
	write_failed(c, &failure, failure_line, is_constraint);
	buf_release(&failure);
}

/* --- one file, in named phases ------------------------------------------ */

static void ctx_init(struct import_ctx *c, struct book *b, const struct kind *k, const char *name,
		     const struct import_opts *o, struct import_result *res, struct buf *err)
{
	memset(c, 0, sizeof(*c));
	c->sink = (struct kind_sink){ sink_error, sink_item_exists };
	c->b = b;
	c->k = k;
	c->file = name;
	c->o = o;
	c->res = res;
	c->err = err;
}

static void ctx_release(struct import_ctx *c)
{
	store_writer_close(c->w);
	c->w = NULL;
	for (size_t i = 0; i < MAX_COLS; i++) {
		buf_release(&c->scratch[i]);
		strmap_release(&c->refs[i]);
		buf_release(&c->last_ref[i].code);
	}
	keyset_release(&c->seen);
	strmap_release(&c->project_line);
	strmap_release(&c->basic);
	buf_release(&c->last_project);
	for (size_t i = 0; i < c->n_item_qs; i++)
		free(c->item_qs[i].project);
	free(c->item_qs);
	for (size_t i = 0; i < c->n_deferred; i++)
		free(c->deferred[i].code);
	free(c->deferred);
	buf_release(&c->key);
}

/* Everything the reader will look up in the book, loaded before it starts
 * (every structural reference is checked here, against the book and the
 * file, before a row is written). */
static int preload_refs(struct import_ctx *c)
{
	const struct kind *k = c->k;
	/* the projects basic generates, and their items, are not imported */
	if (!strcmp(k->name, "projects") || !strcmp(k->name, "items")) {
		if (store_basic_codes(c->b, &c->basic, c->err)) {
			c->storage_failed = 1;
			return -1;
		}
		c->check_basic = c->basic.n > 0;
	}
	for (size_t i = 0; i < k->n_cols; i++)
		if (k->cols[i].ref && strcmp(k->cols[i].ref, k->name) && !c->refs_loaded[i]) {
			c->refs_loaded[i] = 1;
			if (load_codes(c, k->cols[i].ref, &c->refs[i]))
				return -1;
		}
	return 0;
}

/* Read every row: the reader on a thread of its own, this one writing the
 * checked rows (or both in turn when no thread is to be had). */
static int read_rows(struct import_ctx *c, struct reader_job *job)
{
	const struct kind *k = c->k;
	struct rowq q;
	memset(&q, 0, sizeof q);
	pthread_mutex_init(&q.mu, NULL);
	pthread_cond_init(&q.can_put, NULL);
	pthread_cond_init(&q.can_get, NULL);
	/* a CSV in memory has at most one row per line end (every encoding
	 * read ends a line with a byte 0x0A or 0x0D): a small file does not
	 * allocate the batches of a big one */
	q.rows = Q_ROWS;
	if (job->data && !job->from_file && !job->is_xlsx) {
		size_t ends = 1;
		for (size_t i = 0; i < job->len && ends < Q_ROWS; i++)
			ends += job->data[i] == '\n' || job->data[i] == '\r';
		q.rows = ends;
	}
	/* a file smaller than one batch is read and written in turn on this
	 * thread: starting a thread for a few rows (an API import, a
	 * correction of ten lines) costs more than it saves */
	int small = q.rows < Q_ROWS;
	for (int i = 0; i < Q_SLOTS && !small; i++) {
		q.slot[i].lines = xmalloc(q.rows * sizeof(long));
		q.slot[i].vals = xmalloc(q.rows * k->n_cols * sizeof(struct qval));
	}
	c->defer_items = 1;
	c->q = &q;
	pthread_t th;
	if (!small && pthread_create(&th, NULL, reader_main, job) == 0) {
		write_rows(c, &q);
		pthread_join(th, NULL);
	} else {
		c->q = NULL;
		reader_main(job);
		struct buf failure = BUF_INIT;
		long line = 0;
		int is_constraint = 0;
		flush_rows(c, &failure, &line, &is_constraint);
		write_failed(c, &failure, line, is_constraint);
		buf_release(&failure);
	}
	c->q = NULL;
	c->defer_items = 0;
	for (int i = 0; i < Q_SLOTS; i++) {
		free(q.slot[i].lines);
		free(q.slot[i].vals);
		buf_release(&q.slot[i].bytes);
	}
	pthread_mutex_destroy(&q.mu);
	pthread_cond_destroy(&q.can_put);
	pthread_cond_destroy(&q.can_get);
	return job->rc;
}

/* After the last row: an empty file, the reviews' items, then references
 * to rows of the same kind (in the file or the book). */
static int check_after(struct import_ctx *c)
{
	const struct kind *k = c->k;
	struct import_result *res = c->res;
	if (!c->have_header && !res->n_errors)
		errorf(c, 0, NULL, "%s", L("文件为空（缺少表头行）", "empty file (no header row)"));
	/* a header with no rows imports nothing and succeeds: exporting an
	 * empty kind and importing it is a no-op (SPEC §4) */
	if (check_items_deferred(c))
		return -1;
	for (size_t i = 0; i < c->n_deferred; i++) {
		struct deferred_ref *d = &c->deferred[i];
		char kb[80];
		snprintf(kb, sizeof kb, "%s\x1f", d->code);
		if (keyset_line(&c->seen, kb, strlen(kb)))
			continue;
		if (!c->refs_loaded[d->col]) {
			c->refs_loaded[d->col] = 1;
			if (load_codes(c, k->cols[d->col].ref, &c->refs[d->col]))
				return -1;
		}
		if (!strmap_get(&c->refs[d->col], d->code, strlen(d->code)))
			errorf(c, d->line, k->cols[d->col].name,
			       L("“%s” 既不在本文件中，也不在账簿中", "\"%s\" is neither in this file nor in the book"),
			       d->code);
	}
	return 0;
}

/* A book-wide rule's finding, located at the file's line that holds the
 * object (the project's first item, the price, the pool or standard row),
 * else at the file's last line. */
static void on_consist(const struct consist_error *e, void *arg)
{
	struct import_ctx *c = arg;
	const struct kind *k = c->k;
	struct buf key = BUF_INIT;
	long line = 0;
	const char *col = e->col;
	if (!strcmp(e->kind, "items") && e->key1) {
		int64_t *l = strmap_get(&c->project_line, e->key1, strlen(e->key1));
		line = l ? *l : 0;
	} else if (!strcmp(e->kind, "prices")) {
		if (!strcmp(k->name, "prices"))
			buf_printf(&key, "%s\x1f%s\x1f", e->key1, e->key2);
		else
			buf_printf(&key, "%s\x1f", !strcmp(k->name, "pools") ? e->key1 : e->key2);
		line = keyset_line(&c->seen, key.s, key.len);
		if (strcmp(k->name, "prices"))
			col = "economic";
	} else if (!strcmp(e->kind, "adjustments")) {
		buf_printf(&key, "%s\x1f%s\x1f", e->key1, e->key2);
		key_int(&key, 0, e->seq);
		line = keyset_line(&c->seen, key.s, key.len);
	}
	errorf(c, line ? line : c->line, col, "%s", e->msg);
	buf_release(&key);
}

/* What a file is, by its first bytes, never by its name (SPEC §4). */
enum file_format { FF_CSV, FF_XLSX, FF_XLS, FF_ODS, FF_UTF16, FF_ZIP_MEM };

static enum file_format sniff_bytes(const unsigned char *h, size_t n)
{
	if (n >= 4 && !memcmp(h, "PK\x03\x04", 4)) {
		/* an OpenDocument file is a zip whose first member is an
		 * uncompressed "mimetype" naming its type */
		if (n >= 72 && !memcmp(h + 30, "mimetype", 8) &&
		    !memcmp(h + 38, "application/vnd.oasis.opendocument", 34))
			return FF_ODS;
		return FF_XLSX;
	}
	if (n >= 8 && !memcmp(h, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
		return FF_XLS;
	if (n >= 2 && ((h[0] == 0xff && h[1] == 0xfe) || (h[0] == 0xfe && h[1] == 0xff)))
		return FF_UTF16;
	/* UTF-16 without a BOM: ASCII text with every other byte zero */
	if (n >= 4 && ((h[1] == 0 && h[3] == 0 && h[0] && h[2]) || (h[0] == 0 && h[2] == 0 && h[1] && h[3])))
		return FF_UTF16;
	return FF_CSV;
}

static enum file_format sniff(const char *name, const char *data, size_t len, int from_file)
{
	unsigned char h[128];
	size_t n = 0;
	if (from_file) {
		FILE *f = fopen(name, "rb");
		if (!f)
			return FF_CSV; /* the reader says why it cannot open it */
		n = fread(h, 1, sizeof h, f);
		fclose(f);
	} else {
		n = len < sizeof h ? len : sizeof h;
		memcpy(h, data, n);
	}
	enum file_format ff = sniff_bytes(h, n);
	/* the XLSX reader reads files (libzip); bytes in memory are text */
	return ff == FF_XLSX && !from_file ? FF_ZIP_MEM : ff;
}

static const char *format_refusal(enum file_format ff)
{
	switch (ff) {
	case FF_XLS:
		return L("文件是旧版 Excel 工作簿（.xls）或加密的工作簿，请另存为 .xlsx 或“CSV UTF-8（逗号分隔）”",
			 "the file is an old Excel workbook (.xls) or an encrypted one; save it as .xlsx or CSV UTF-8");
	case FF_ODS:
		return L("文件是 OpenDocument 表格（.ods），请另存为 .xlsx 或“CSV UTF-8（逗号分隔）”",
			 "the file is an OpenDocument spreadsheet (.ods); save it as .xlsx or CSV UTF-8");
	case FF_UTF16:
		return L("文件是 UTF-16 编码的文本（Excel 的“Unicode 文本”），请另存为“CSV UTF-8（逗号分隔）”或 .xlsx",
			 "the file is UTF-16 text (Excel's \"Unicode text\"); save it as CSV UTF-8 or .xlsx");
	case FF_ZIP_MEM:
		return L("XLSX 工作簿须以文件导入", "an XLSX workbook is imported from a file");
	default:
		return "";
	}
}

/* One file into the open write transaction: IMPORT_OK, IMPORT_BAD_INPUT
 * or IMPORT_FAILED.  The caller rolls back unless IMPORT_OK. */
static int run(struct book *b, const struct kind *k, const char *name, const char *data, size_t len,
	       int from_file, const struct import_opts *o, struct import_result *res, struct buf *err)
{
	struct import_ctx c;
	struct buf rerr = BUF_INIT;
	struct csv_info info = { 0 };
	int rc = IMPORT_FAILED;
	memset(res, 0, sizeof(*res));
	ctx_init(&c, b, k, name, o, res, err);
	int64_t before = store_count(b, k->name);
	if (before < 0) {
		buf_printf(err, "%s: %s", b->name, k->name);
		goto out;
	}
	if (!(c.w = store_writer_open(b, k, before == 0, err)) || preload_refs(&c))
		goto out;
	enum file_format ff = sniff(name, data, len, from_file);
	if (ff != FF_CSV && ff != FF_XLSX) {
		errorf(&c, 0, NULL, "%s", format_refusal(ff));
		rc = IMPORT_BAD_INPUT;
		goto out;
	}
	int is_xlsx = ff == FF_XLSX;
	struct reader_job job = { &c, is_xlsx, from_file, name, data, len, o ? o->enc : ENC_AUTO,
				  o && o->progress ? progress : NULL, &info, &rerr, 0 };
	int rrc = read_rows(&c, &job);
	res->converted = info.converted;
	if (c.storage_failed)
		goto out;
	if (rrc < 0 && rerr.len)
		add_error(&c, buf_str(&rerr));
	if (check_after(&c))
		goto out;
	if (!res->n_errors && consist_book(b, k, on_consist, &c, err) < 0)
		goto out;
	if (res->n_errors) {
		rc = IMPORT_BAD_INPUT;
		goto out;
	}
	/* into an empty kind every row is new: no need to count again */
	int64_t after = before ? store_count(b, k->name) : res->n_rows;
	res->n_inserted = after - before;
	res->n_updated = res->n_rows - res->n_inserted;
	rc = IMPORT_OK;
out:
	ctx_release(&c);
	buf_release(&rerr);
	return rc;
}

/* --- the change of the book ----------------------------------------------- */

struct import_job {
	const struct kind *k;
	const char *name, *data;
	size_t len;
	int from_file;
	const struct import_opts *o;
	struct import_result *res;
};

/* The file's (or the text's) SHA-256, on a thread of its own while the
 * rows go in (a scale-50 items file is 350 MB: hashing it takes about a
 * second). */
struct file_hash {
	const char *path;
	char hex[AUDIT_HASH_HEX];
	struct buf err;
	int rc;
	const char *data; /* the text itself, when not from a file */
	size_t len;
};

static void *hash_main(void *arg)
{
	struct file_hash *h = arg;
	if (h->data)
		audit_sha256_hex(h->data, h->len, h->hex);
	else
		h->rc = audit_sha256_file(h->path, h->hex, &h->err);
	return NULL;
}

static int import_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct import_job *j = arg;
	struct file_hash fh = { j->name, "", BUF_INIT, 0, j->from_file ? NULL : j->data ? j->data : "", j->len };
	pthread_t th;
	int threaded = pthread_create(&th, NULL, hash_main, &fh) == 0;
	int rc = run(b, j->k, j->name, j->data, j->len, j->from_file, j->o, j->res, err);
	if (threaded)
		pthread_join(th, NULL);
	else
		hash_main(&fh);
	if (rc == IMPORT_OK && fh.rc)
		buf_add(err, fh.err.s, fh.err.len);
	buf_release(&fh.err);
	if (rc != IMPORT_OK || fh.rc)
		return rc == IMPORT_BAD_INPUT ? IMPORT_BAD_INPUT : -1;
	const char *hash = fh.hex;
	memcpy(j->res->sha256, hash, AUDIT_HASH_HEX);
	c->after = json_pack("{s:s, s:I, s:I, s:I, s:s}", "file", j->name, "rows", (json_int_t)j->res->n_rows,
			     "inserted", (json_int_t)j->res->n_inserted, "replaced", (json_int_t)j->res->n_updated,
			     "sha256", hash);
	if (j->res->converted)
		json_object_set_new(c->after, "encoding", json_string("gb18030"));
	return 0;
}

/* A file of 8 MiB or more is a big load (store.h: STORE_BULK_BIG). */
static unsigned bulk_flags(const char *path, int from_file)
{
	struct stat st;
	return STORE_BULK | (from_file && stat(path, &st) == 0 && st.st_size >= (8 << 20) ? STORE_BULK_BIG : 0);
}

static int import_change(struct book *b, const char *who, struct import_job *j, struct buf *err)
{
	struct store_change c = { who, "import", j->k->name, NULL, NULL, bulk_flags(j->name, j->from_file) };
	int rc = store_write(b, &c, import_fn, j, err);
	store_change_release(&c);
	return rc < 0 ? IMPORT_FAILED : rc ? IMPORT_BAD_INPUT : IMPORT_OK;
}

int import_file(struct book *b, const char *who, const struct kind *k, const char *path, const struct import_opts *o,
		struct import_result *res, struct buf *err)
{
	struct import_job j = { k, path, NULL, 0, 1, o, res };
	memset(res, 0, sizeof(*res));
	return import_change(b, who, &j, err);
}

int import_mem(struct book *b, const char *who, const struct kind *k, const char *name, const char *data, size_t len,
	       const struct import_opts *o, struct import_result *res, struct buf *err)
{
	struct import_job j = { k, name, data, len, 0, o, res };
	memset(res, 0, sizeof(*res));
	return import_change(b, who, &j, err);
}

int import_file_in(struct book *b, const struct kind *k, const char *path, const struct import_opts *o,
		   struct import_result *res, struct buf *err)
{
	return run(b, k, path, NULL, 0, 1, o, res, err);
}

unsigned import_bulk_flags(const char *path)
{
	return bulk_flags(path, 1);
}

void import_result_release(struct import_result *res)
{
	for (size_t i = 0; i < res->n_shown; i++)
		free(res->errors[i]);
	free(res->errors);
	memset(res, 0, sizeof(*res));
}

/* --- one row from the web API ------------------------------------------
 * The same checks as a file row (cell parsers, defaults, the kind's
 * consistency rule, structural references in the book), for a row given
 * as column name → text pairs.  Kept apart from the file path above. */

long import_check_row(struct book *b, const struct kind *k, size_t n, const char *const names[],
		      const char *const texts[], struct val v[], struct buf scratch[], struct import_result *res)
{
	struct import_ctx c;
	int idx[MAX_COLS];
	long before = res->n_errors;
	size_t first_new = res->n_shown;
	/* messages come out as ":0: column: reason"; the prefix is cut below */
	ctx_init(&c, b, k, "", NULL, res, NULL);
	for (size_t i = 0; i < k->n_cols && i < MAX_COLS; i++)
		idx[i] = -1;
	for (size_t j = 0; j < n; j++) {
		int col = kind_col(k, names[j]);
		if (col < 0) {
			struct buf known = BUF_INIT;
			for (size_t i = 0; i < k->n_cols; i++)
				buf_printf(&known, "%s%s", i ? ", " : "", k->cols[i].name);
			row_error(&c, names[j], L("未知字段（%s 的字段为：%s）", "unknown field (the fields of %s are: %s)"),
					 k->name, buf_str(&known));
			buf_release(&known);
		} else if (idx[col] >= 0) {
			row_error(&c, names[j], "%s", L("字段重复", "field given twice"));
		} else {
			idx[col] = (int)j;
		}
	}
	for (size_t i = 0; i < k->n_cols; i++) {
		const struct col *col = &k->cols[i];
		const char *s = idx[i] >= 0 ? texts[idx[i]] : "";
		size_t len = strlen(s);
		const char *why = NULL;
		memset(&v[i], 0, sizeof v[i]);
		v[i].is_null = 1;
		trim_cell(col, &s, &len);
		if (!len) {
			if (col->flags & C_REQ) {
				row_error(&c, col->name, L("必填（%s）", "required (%s)"), col->zh);
				continue;
			}
			if (!col->def)
				continue;
			s = col->def;
			len = strlen(s);
		}
		if (parse_cell(col, s, len, &v[i], &scratch[i], &why)) {
			size_t shown = utf8_cut(s, len, 80);
			row_error(&c, col->name, "%s: “%.*s%s”", why, (int)shown, s, shown < len ? "…" : "");
			v[i].is_null = 1;
		}
	}
	if (!c.row_bad && k->check)
		k->check(&c.sink, v);
	if (!c.row_bad)
		consist_row(k, v, b->year, &c.sink);
	for (size_t i = 0; i < k->n_cols; i++) {
		const struct col *col = &k->cols[i];
		if (!col->ref || v[i].is_null)
			continue;
		int e = store_code_exists(b, col->ref, v[i].s, v[i].n);
		if (e < 0) {
			row_error(&c, NULL, "%s", L("无法读取账簿", "cannot read the book"));
		} else if (!e) {
			const struct kind *rk = kind_find(col->ref);
			row_error(&c, col->name, L("%s “%.*s” 不存在（先导入 %s）", "no such %s \"%.*s\" (import %s first)"),
					 L(rk->zh, rk->name), (int)v[i].n, v[i].s, rk->name);
		}
	}

	for (size_t i = first_new; i < res->n_shown; i++) {
		char *e = res->errors[i];
		if (!strncmp(e, ":0: ", 4))
			memmove(e, e + 4, strlen(e + 4) + 1);
	}
	return res->n_errors - before;
}
