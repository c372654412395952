/*
 * store_rows.c - rows of the input kinds (SPEC §4) in and out of the book
 * (see store.h): the statements are made from the kinds' column tables
 * (kinds.h), so import, export and the API speak exactly the same shape.
 *
 * A kind's table has its columns under their SQL names (kind_sql_col),
 * with the fiscal year `fy` first in the key of every kind but history.
 * The statements' text is built once per (kind, operation, column) and
 * kept for the life of the process, so that every connection prepares it
 * once and keeps it in its statement cache (db_cached keys on the text's
 * address).
 */
#include "store.h"
#include "db.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum op { OP_ALL, OP_WHERE, OP_KEY, OP_INSERT, OP_UPSERT, OP_UPDATE, OP_DELETE_KEY, OP_DELETE_WHERE, OP_CODES,
	  OP_CODE_EXISTS, OP__N };

#define MAX_KINDS 32
#define MAX_COLS 32
static char *texts[MAX_KINDS][OP__N][MAX_COLS];
static pthread_mutex_t texts_mu = PTHREAD_MUTEX_INITIALIZER;

static const char *colname(const struct col *c, char *nm)
{
	return kind_sql_col(c, nm, 80);
}

/* The first placeholder of the kind's columns: ?1 is the year where the
 * kind has one. */
static int first_arg(const struct kind *k)
{
	return k->has_fy ? 2 : 1;
}

static void select_cols(const struct kind *k, struct buf *sql)
{
	char nm[80];
	buf_adds(sql, "SELECT ");
	for (size_t i = 0; i < k->n_cols; i++)
		buf_printf(sql, "%s\"%s\"", i ? ", " : "", colname(&k->cols[i], nm));
	buf_printf(sql, " FROM \"%s\"", k->name);
}

/* " WHERE region=zbb_region() AND fy=?1": every row of a kind is the
 * connection's region's (db_set_region), and the working year's where the
 * kind has one */
static const char *where_head(const struct kind *k)
{
	return k->has_fy ? " WHERE region=zbb_region() AND fy=?1" : " WHERE region=zbb_region()";
}

/* " WHERE region=… AND fy=?1 AND k1=?2 AND k2=?3" (key columns), numbered from first. */
static void where_keys(const struct kind *k, struct buf *sql)
{
	char nm[80];
	int j = first_arg(k);
	buf_adds(sql, where_head(k));
	for (size_t i = 0; i < k->n_cols; i++)
		if (k->cols[i].flags & C_KEY)
			buf_printf(sql, " AND \"%s\"=?%d", colname(&k->cols[i], nm), j++);
}

static void order_keys(const struct kind *k, struct buf *sql)
{
	char nm[80];
	int n = 0;
	for (size_t i = 0; i < k->n_cols; i++)
		if (k->cols[i].flags & C_KEY)
			buf_printf(sql, "%s\"%s\"", n++ ? ", " : " ORDER BY ", colname(&k->cols[i], nm));
}

/* INSERT (upsert: ON CONFLICT … DO UPDATE) of n rows: the year is ?1 in
 * every row, row r's columns ?(first_arg + r × n_cols) on. */
static void insert_sql(const struct kind *k, int upsert, size_t n_rows, struct buf *sql)
{
	char nm[80];
	struct buf keys = BUF_INIT, set = BUF_INIT;
	buf_printf(sql, "INSERT INTO \"%s\"(region%s", k->name, k->has_fy ? ", fy" : "");
	buf_adds(&keys, k->has_fy ? "region, fy" : "region");
	for (size_t i = 0; i < k->n_cols; i++) {
		const char *c = colname(&k->cols[i], nm);
		buf_printf(sql, ", \"%s\"", c);
		if (k->cols[i].flags & C_KEY)
			buf_printf(&keys, "%s\"%s\"", keys.len ? ", " : "", c);
		else
			buf_printf(&set, "%s\"%s\"=excluded.\"%s\"", set.len ? ", " : "", c, c);
	}
	buf_adds(sql, ") VALUES");
	size_t arg = (size_t)first_arg(k);
	for (size_t r = 0; r < n_rows; r++) {
		buf_adds(sql, r ? ", (zbb_region()" : "(zbb_region()");
		if (k->has_fy)
			buf_adds(sql, ", ?1");
		for (size_t i = 0; i < k->n_cols; i++)
			buf_printf(sql, ", ?%zu", arg++);
		buf_addc(sql, ')');
	}
	if (upsert) {
		buf_printf(sql, " ON CONFLICT(%s) DO UPDATE SET %s", buf_str(&keys), buf_str(&set));
		if (!strcmp(k->name, "projects"))
			buf_adds(sql, ", version=projects.version+1"); /* the old row's, not excluded's */
	}
	buf_release(&keys);
	buf_release(&set);
}

static void build(const struct kind *k, enum op op, int col, struct buf *sql)
{
	char nm[80];
	int j = first_arg(k);
	switch (op) {
	case OP_ALL:
		select_cols(k, sql);
		buf_adds(sql, where_head(k));
		order_keys(k, sql);
		break;
	case OP_WHERE:
		select_cols(k, sql);
		buf_printf(sql, "%s AND \"%s\"=?%d", where_head(k), colname(&k->cols[col], nm), j);
		order_keys(k, sql);
		break;
	case OP_KEY:
		select_cols(k, sql);
		where_keys(k, sql);
		break;
	case OP_INSERT:
	case OP_UPSERT:
		insert_sql(k, op == OP_UPSERT, 1, sql);
		break;
	case OP_UPDATE: {
		int n = 0;
		buf_printf(sql, "UPDATE \"%s\" SET ", k->name);
		for (size_t i = 0; i < k->n_cols; i++)
			if (!(k->cols[i].flags & C_KEY))
				buf_printf(sql, "%s\"%s\"=?%zu", n++ ? ", " : "", colname(&k->cols[i], nm), i + (size_t)j);
		if (!strcmp(k->name, "projects"))
			buf_adds(sql, ", version=version+1");
		buf_adds(sql, where_head(k));
		for (size_t i = 0; i < k->n_cols; i++)
			if (k->cols[i].flags & C_KEY)
				buf_printf(sql, " AND \"%s\"=?%zu", colname(&k->cols[i], nm), i + (size_t)j);
		break;
	}
	case OP_DELETE_KEY:
		buf_printf(sql, "DELETE FROM \"%s\"", k->name);
		where_keys(k, sql);
		break;
	case OP_DELETE_WHERE:
		buf_printf(sql, "DELETE FROM \"%s\"%s AND \"%s\"=?%d", k->name, where_head(k), colname(&k->cols[col], nm), j);
		break;
	case OP_CODES:
		/* every referenced kind is keyed by "code" */
		buf_printf(sql, "SELECT code FROM \"%s\" WHERE region=zbb_region() AND fy=?1", k->name);
		break;
	case OP_CODE_EXISTS:
		buf_printf(sql, "SELECT 1 FROM \"%s\" WHERE region=zbb_region() AND fy=?1 AND code=?2", k->name);
		break;
	case OP__N:
		break;
	}
}

static const char *sql_of(const struct kind *k, enum op op, int col)
{
	size_t ki = (size_t)(k - kinds);
	if (ki >= MAX_KINDS || k->n_cols > MAX_COLS || col < 0 || col >= MAX_COLS)
		abort(); /* a table grown past its bounds: raise MAX_KINDS / MAX_COLS */
	pthread_mutex_lock(&texts_mu);
	char **slot = &texts[ki][op][col];
	if (!*slot) {
		struct buf sql = BUF_INIT;
		build(k, op, col, &sql);
		*slot = buf_detach(&sql);
	}
	const char *s = *slot;
	pthread_mutex_unlock(&texts_mu);
	return s;
}

static struct db_stmt *stmt(struct book *b, const struct kind *k, enum op op, int col, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, sql_of(k, op, col));
	if (!st)
		buf_printf(err, "%s: %s: %s", b->name, k->name, db_errmsg(b->db));
	else if (k->has_fy)
		db_bind_int64(st, 1, b->year);
	return st;
}

static int sqlfail(struct book *b, const struct kind *k, struct buf *err)
{
	buf_printf(err, "%s: %s: %s", b->name, k->name, db_errmsg(b->db));
	return -1;
}

/* A key column's text bound as it is stored: an integer column as an
 * integer when the text is one. */
static void bind_key(struct db_stmt *st, int j, const struct col *c, const char *text)
{
	if (!kind_col_is_text(c)) {
		char *end;
		long long v = strtoll(text, &end, 10);
		if (*text && !*end) {
			db_bind_int64(st, j, v);
			return;
		}
	}
	db_bind_text(st, j, text, (size_t)-1);
}

static void bind_keys(struct db_stmt *st, const struct kind *k, const char *const *keys)
{
	int j = first_arg(k), n = 0;
	for (size_t i = 0; i < k->n_cols; i++)
		if (k->cols[i].flags & C_KEY)
			bind_key(st, j++, &k->cols[i], keys[n++]);
}

/* The row under the statement's cursor as vals. */
static void read_row(struct db_stmt *st, const struct kind *k, struct val *v)
{
	for (size_t i = 0; i < k->n_cols; i++) {
		const struct col *c = &k->cols[i];
		memset(&v[i], 0, sizeof v[i]);
		if (db_col_is_null(st, (int)i)) {
			v[i].is_null = 1;
		} else if (kind_col_is_text(c)) {
			v[i].s = db_col_text(st, (int)i);
			v[i].n = db_col_len(st, (int)i);
		} else {
			v[i].i = db_col_int64(st, (int)i);
			v[i].is_null = kind_col_zero_is_null(c) && v[i].i == 0;
		}
	}
}

static void bind_row(struct db_stmt *st, const struct kind *k, const struct val *v)
{
	int j = first_arg(k);
	for (size_t i = 0; i < k->n_cols; i++, j++) {
		const struct col *c = &k->cols[i];
		if (v[i].is_null && (c->flags & C_KEY))
			db_bind_int64(st, j, 0); /* a whole-project review: seq 0 */
		else if (v[i].is_null)
			db_bind_null(st, j);
		else if (kind_col_is_text(c))
			db_bind_text(st, j, v[i].s, v[i].n);
		else
			db_bind_int64(st, j, v[i].i);
	}
}

static int each(struct book *b, const struct kind *k, struct db_stmt *st, store_row_fn fn, void *arg,
		struct buf *err)
{
	struct val v[MAX_COLS];
	int s, rc = 0;
	while (!rc && (s = db_step(st)) == DB_ROW) {
		read_row(st, k, v);
		rc = fn(k, v, arg);
	}
	if (!rc && s != DB_DONE)
		rc = sqlfail(b, k, err);
	db_done(st);
	return rc;
}

int store_rows_each(struct book *b, const struct kind *k, const char *col, const char *value, store_row_fn fn,
		    void *arg, struct buf *err)
{
	int ci = col ? kind_col(k, col) : 0;
	if (ci < 0) {
		buf_printf(err, "%s: no column %s", k->name, col);
		return -1;
	}
	struct db_stmt *st = stmt(b, k, col ? OP_WHERE : OP_ALL, col ? ci : 0, err);
	if (!st)
		return -1;
	if (col)
		bind_key(st, first_arg(k), &k->cols[ci], value);
	return each(b, k, st, fn, arg, err);
}

struct found {
	store_row_fn fn;
	void *arg;
	int n;
};

static int found_one(const struct kind *k, const struct val *v, void *arg)
{
	struct found *f = arg;
	f->n++;
	f->fn(k, v, f->arg);
	return 0;
}

int store_row_get(struct book *b, const struct kind *k, const char *const *keys, store_row_fn fn, void *arg,
		  struct buf *err)
{
	struct db_stmt *st = stmt(b, k, OP_KEY, 0, err);
	struct found f = { fn, arg, 0 };
	if (!st)
		return -1;
	bind_keys(st, k, keys);
	if (each(b, k, st, found_one, &f, err))
		return -1;
	return f.n > 0;
}

static int put_result(struct book *b, int s, struct buf *err)
{
	if (s == DB_DONE)
		return STORE_OK;
	if (s == DB_DUPLICATE)
		return STORE_DUPLICATE;
	if (s == DB_CONSTRAINT) {
		buf_adds(err, db_errmsg(b->db));
		return STORE_REFUSED;
	}
	buf_printf(err, "%s: %s", b->name, db_errmsg(b->db));
	return STORE_FAIL;
}

int store_row_put(struct book *b, const struct kind *k, const struct val *v, int mode, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct db_stmt *st = stmt(b, k, mode == STORE_UPDATE ? OP_UPDATE : mode == STORE_UPSERT ? OP_UPSERT : OP_INSERT, 0,
				  err);
	if (!st)
		return STORE_FAIL;
	bind_row(st, k, v);
	int s = db_step(st);
	db_done(st);
	return put_result(b, s, err);
}

int store_row_delete(struct book *b, const struct kind *k, const char *const *keys, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct db_stmt *st = stmt(b, k, OP_DELETE_KEY, 0, err);
	if (!st)
		return -1;
	bind_keys(st, k, keys);
	int s = db_step(st);
	db_done(st);
	if (s != DB_DONE)
		return sqlfail(b, k, err);
	return db_changes(b->db) > 0;
}

int store_rows_delete(struct book *b, const struct kind *k, const char *col, const char *value, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	int ci = kind_col(k, col);
	if (ci < 0) {
		buf_printf(err, "%s: no column %s", k->name, col);
		return -1;
	}
	struct db_stmt *st = stmt(b, k, OP_DELETE_WHERE, ci, err);
	if (!st)
		return -1;
	bind_key(st, first_arg(k), &k->cols[ci], value);
	int s = db_step(st);
	db_done(st);
	return s == DB_DONE ? 0 : sqlfail(b, k, err);
}

int store_codes(struct book *b, const char *kind, struct strmap *set, struct buf *err)
{
	const struct kind *k = kind_find(kind);
	struct db_stmt *st = k ? stmt(b, k, OP_CODES, 0, err) : NULL;
	if (!st)
		return -1;
	int s;
	while ((s = db_step(st)) == DB_ROW)
		strmap_put(set, db_col_text(st, 0), db_col_len(st, 0), 1, NULL);
	db_done(st);
	return s == DB_DONE ? 0 : sqlfail(b, k, err);
}

int store_code_exists(struct book *b, const char *kind, const char *code, size_t n)
{
	const struct kind *k = kind_find(kind);
	struct buf err = BUF_INIT;
	struct db_stmt *st = k ? stmt(b, k, OP_CODE_EXISTS, 0, &err) : NULL;
	buf_release(&err);
	if (!st)
		return -1;
	db_bind_text(st, 2, code, n);
	int s = db_step(st);
	db_done(st);
	return s == DB_ROW ? 1 : s == DB_DONE ? 0 : -1;
}

int store_item_exists(struct book *b, const char *project, size_t n, int64_t seq)
{
	struct db_stmt *st = db_cached(b->db, "SELECT 1 FROM items WHERE region=zbb_region() AND fy=?1 AND project=?2 AND seq=?3");
	if (!st)
		return -1;
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, project, n);
	db_bind_int64(st, 3, seq);
	int s = db_step(st);
	db_done(st);
	return s == DB_ROW ? 1 : s == DB_DONE ? 0 : -1;
}

/* --- the import's writer ------------------------------------------------ */

struct store_writer {
	struct book *b;
	const struct kind *k;
	struct db_stmt *st;    /* one row */
	struct db_stmt *batch; /* cap rows (NULL: cap is 1) */
	size_t cap, n;         /* rows kept, up to cap */
	size_t n_put;          /* rows put in all */
	struct val *v;         /* cap × n_cols; text at off into bytes */
	size_t *off;
	long *lines;
	struct buf bytes;
};

struct store_writer *store_writer_open(struct book *b, const struct kind *k, int is_empty, struct buf *err)
{
	if (!store_in_write(b)) {
		store_outside_write(b, err);
		return NULL;
	}
	/* a statement of its own, not the cache's: the API's single rows may
	 * use the cached one meanwhile on another path */
	struct db_stmt *st = db_prepare(b->db, sql_of(k, is_empty ? OP_INSERT : OP_UPSERT, 0));
	if (!st) {
		sqlfail(b, k, err);
		return NULL;
	}
	struct store_writer *w = xcalloc(1, sizeof(*w));
	*w = (struct store_writer){ b, k, st, NULL, 1, 0, 0, NULL, NULL, NULL, BUF_INIT };
	int cap = db_batch_rows(b->db);
	if (cap > 1) {
		struct buf sql = BUF_INIT;
		insert_sql(k, !is_empty, (size_t)cap, &sql);
		w->batch = db_prepare(b->db, buf_str(&sql));
		buf_release(&sql);
		if (!w->batch) {
			sqlfail(b, k, err);
			store_writer_close(w);
			return NULL;
		}
		db_guard(w->batch); /* a failed batch is sent again row by row */
		w->cap = (size_t)cap;
		w->v = xmalloc(w->cap * k->n_cols * sizeof(*w->v));
		w->off = xmalloc(w->cap * k->n_cols * sizeof(*w->off));
		w->lines = xmalloc(w->cap * sizeof(*w->lines));
	}
	return w;
}

static int put_one(struct store_writer *w, const struct val *v, struct buf *msg)
{
	db_reset(w->st);
	if (w->k->has_fy)
		db_bind_int64(w->st, 1, w->b->year);
	bind_row(w->st, w->k, v);
	int s = db_step(w->st);
	if (s == DB_DONE)
		return STORE_OK;
	if (s == DB_DUPLICATE || s == DB_CONSTRAINT) {
		buf_adds(msg, db_errmsg(w->b->db));
		return STORE_REFUSED;
	}
	buf_printf(msg, "%s: %s", w->b->name, db_errmsg(w->b->db));
	return STORE_FAIL;
}

/* The kept rows' text where it is now (bytes may have moved). */
static void kept_fix(struct store_writer *w)
{
	size_t nc = w->k->n_cols;
	for (size_t x = 0; x < w->n * nc; x++)
		if (!w->v[x].is_null && kind_col_is_text(&w->k->cols[x % nc]))
			w->v[x].s = w->v[x].n ? w->bytes.s + w->off[x] : "";
}

static int flush_kept(struct store_writer *w, size_t n, struct buf *msg, long *bad_line)
{
	size_t nc = w->k->n_cols;
	if (n == w->cap) {
		db_reset(w->batch);
		if (w->k->has_fy)
			db_bind_int64(w->batch, 1, w->b->year);
		for (size_t r = 0; r < n; r++) {
			/* bind_row's numbering, shifted to row r */
			int j = first_arg(w->k) + (int)(r * nc);
			const struct val *v = &w->v[r * nc];
			for (size_t i = 0; i < nc; i++, j++) {
				const struct col *c = &w->k->cols[i];
				if (v[i].is_null && (c->flags & C_KEY))
					db_bind_int64(w->batch, j, 0);
				else if (v[i].is_null)
					db_bind_null(w->batch, j);
				else if (kind_col_is_text(c))
					db_bind_text(w->batch, j, v[i].s, v[i].n);
				else
					db_bind_int64(w->batch, j, v[i].i);
			}
		}
		int s = db_step(w->batch);
		db_reset(w->batch);
		if (s == DB_DONE)
			return STORE_OK;
		if (s != DB_DUPLICATE && s != DB_CONSTRAINT) {
			buf_printf(msg, "%s: %s", w->b->name, db_errmsg(w->b->db));
			return STORE_FAIL;
		}
		/* refused: which row, row by row (the batch left nothing) */
	}
	for (size_t r = 0; r < n; r++) {
		int rc = put_one(w, &w->v[r * nc], msg);
		if (rc != STORE_OK) {
			*bad_line = w->lines[r];
			return rc;
		}
	}
	return STORE_OK;
}

int store_writer_flush(struct store_writer *w, struct buf *msg, long *bad_line)
{
	if (!w->n)
		return STORE_OK;
	size_t n = w->n;
	kept_fix(w);
	int rc = flush_kept(w, n, msg, bad_line);
	w->n = 0;
	buf_reset(&w->bytes); /* after the statements are done with the text */
	return rc;
}

int store_writer_finish(struct store_writer *w, struct buf *msg, long *bad_line)
{
	int rc = store_writer_flush(w, msg, bad_line);
	if (rc == STORE_OK && w->n_put >= 1000 && db_analyze(w->b->db, w->k->name, msg)) {
		buf_printf(msg, " (%s: %s)", w->b->name, w->k->name);
		rc = STORE_FAIL;
	}
	return rc;
}

int store_writer_put(struct store_writer *w, const struct val *v, long line, struct buf *msg, long *bad_line)
{
	if (w->cap == 1) {
		w->n_put++;
		int rc = put_one(w, v, msg);
		if (rc != STORE_OK)
			*bad_line = line;
		return rc;
	}
	size_t nc = w->k->n_cols;
	struct val *kv = &w->v[w->n * nc];
	for (size_t i = 0; i < nc; i++) {
		kv[i] = v[i];
		if (!v[i].is_null && kind_col_is_text(&w->k->cols[i])) {
			w->off[w->n * nc + i] = w->bytes.len;
			if (v[i].n)
				buf_add(&w->bytes, v[i].s, v[i].n);
		}
	}
	w->lines[w->n++] = line;
	w->n_put++;
	return w->n == w->cap ? store_writer_flush(w, msg, bad_line) : STORE_OK;
}

void store_writer_close(struct store_writer *w)
{
	if (!w)
		return;

	db_done(w->st);
	db_done(w->batch);
	free(w->v);
	free(w->off);
	free(w->lines);
	buf_release(&w->bytes);
	free(w);
}

/* --- projects -------------------------------------------------------------- */

int store_project_head(struct book *b, const char *code, char *agency, size_t agency_size, int64_t *version)
{
	struct db_stmt *st = db_cached(b->db, "SELECT agency, version FROM projects WHERE region=zbb_region() AND fy=?1 AND code=?2");
	if (!st)
		return -1;
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, code, (size_t)-1);
	int s = db_step(st), rc = 0;
	if (s == DB_ROW) {
		if (agency)
			snprintf(agency, agency_size, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "");
		if (version)
			*version = db_col_int64(st, 1);
		rc = 1;
	} else if (s != DB_DONE) {
		rc = -1;
	}
	db_done(st);
	return rc;
}

int store_next_project_code(struct book *b, const char *agency, char *out, size_t size)
{
	struct db_stmt *st = db_cached(b->db, "SELECT code FROM projects WHERE region=zbb_region() AND fy=?1 AND substr(code, 1, ?3)=?2");
	char prefix[80];
	int64_t max = 0;
	if (!st)
		return -1;
	snprintf(prefix, sizeof prefix, "%s-", agency);
	size_t n = strlen(prefix);
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, prefix, n);
	db_bind_int64(st, 3, (int64_t)n);
	int s;
	while ((s = db_step(st)) == DB_ROW) {
		const char *c = db_col_text(st, 0);
		size_t k = c ? strlen(c) : 0;
		if (k <= n || k - n > 9 || strspn(c + n, "0123456789") != k - n)
			continue;
		int64_t v = atoll(c + n);
		if (v > max)
			max = v;
	}
	db_done(st);
	if (s != DB_DONE)
		return -1;
	snprintf(out, size, "%s%03lld", prefix, (long long)(max + 1));
	return 0;
}

static char *dup_col(struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);
	return xstrdup(s ? s : "");
}

int store_projects_each(struct book *b, const char *agency, store_project_fn fn, void *arg, struct buf *err)
{
	/* two statements, so that one agency's read uses projects_agency
	 * (an "?2 IS NULL OR" would scan every project of the year); its
	 * order is by an expression, p.code || '', which no index gives, so
	 * that SQLite does not read the year's projects in key order to
	 * avoid sorting the agency's few (88 ms against 4 ms an agency in a
	 * book of 150,950 projects: the province demo's season stalled) */
	struct db_stmt *st = agency ? db_cached(b->db, "SELECT p.code, p.agency, p.name, p.kind, p.tier, p.function, p.new,"
						       " p.version, i.price_fen, i.quantity"
						       " FROM projects p LEFT JOIN items i ON i.region = p.region AND i.fy = p.fy AND i.project = p.code"
						       " WHERE p.region=zbb_region() AND p.fy=?1 AND p.agency=?2 ORDER BY p.code || '', i.seq")
				    : db_cached(b->db, "SELECT p.code, p.agency, p.name, p.kind, p.tier, p.function, p.new,"
						       " p.version, i.price_fen, i.quantity"
						       " FROM projects p LEFT JOIN items i ON i.region = p.region AND i.fy = p.fy AND i.project = p.code"
						       " WHERE p.region=zbb_region() AND p.fy=?1 ORDER BY p.code, i.seq");
	if (!st) {
		buf_printf(err, "%s: projects: %s", b->name, db_errmsg(b->db));
		return -1;
	}
	db_bind_int64(st, 1, b->year);
	if (agency)
		db_bind_text(st, 2, agency, (size_t)-1);
	struct store_project_row p;
	char *f[6] = { NULL };
	zb_fen *price = NULL;
	zb_qty *qty = NULL;
	size_t cap = 0;
	int s, rc = 0, have = 0;
	memset(&p, 0, sizeof p);
	for (;;) {
		s = db_step(st);
		int next = s == DB_ROW && (!have || strcmp(f[0], db_col_text(st, 0)));
		if (have && (next || s != DB_ROW)) {
			p.price_fen = price;
			p.quantity = qty;
			if ((rc = fn(&p, arg)))
				break;
		}
		if (s != DB_ROW)
			break;
		if (next) {
			for (int i = 0; i < 6; i++) {
				free(f[i]);
				f[i] = dup_col(st, i);
			}
			p = (struct store_project_row){ f[0], f[1], f[2], f[3], f[4], f[5], db_col_int64(st, 6) != 0,
							db_col_int64(st, 7), 0, NULL, NULL };
			have = 1;
		}
		if (!db_col_is_null(st, 8)) {
			if (p.n_items == cap) {
				size_t c2 = cap;
				XGROW(price, cap, p.n_items + 1);
				XGROW(qty, c2, p.n_items + 1);
			}
			price[p.n_items] = db_col_int64(st, 8);
			qty[p.n_items++] = db_col_int64(st, 9);
		}
	}
	if (!rc && s != DB_DONE && s != DB_ROW) {
		buf_printf(err, "%s: projects: %s", b->name, db_errmsg(b->db));
		rc = -1;
	}
	db_done(st);
	for (int i = 0; i < 6; i++)
		free(f[i]);
	free(price);
	free(qty);
	return rc;
}

/* --- the consistency rules' reads (consist.c) ------------------------------ */

int store_project_totals(struct book *b, store_total_fn fn, void *arg, struct buf *err)
{
	struct db_stmt *st =
		db_cached(b->db, "SELECT project, price_fen, quantity FROM items WHERE region=zbb_region() AND fy=?1 ORDER BY project, seq");
	struct buf cur = BUF_INIT;
	zb_fen total = 0;
	int overflow = 0, have = 0, rc = 0, s;
	if (!st)
		goto fail;
	db_bind_int64(st, 1, b->year);
	while (!rc && (s = db_step(st)) == DB_ROW) {
		const char *p = db_col_text(st, 0);
		size_t n = db_col_len(st, 0);
		if (!have || cur.len != n || memcmp(cur.s, p, n)) {
			if (have)
				rc = fn(buf_str(&cur), total, overflow, arg);
			buf_reset(&cur);
			buf_add(&cur, p, n);
			total = 0;
			overflow = 0;
			have = 1;
		}
		if (!overflow && money_line_add(&total, db_col_int64(st, 1), db_col_int64(st, 2)))
			overflow = 1;
	}
	db_done(st);
	if (!rc && s != DB_DONE)
		goto fail;
	if (!rc && have)
		rc = fn(buf_str(&cur), total, overflow, arg);
	buf_release(&cur);
	return rc;
fail:
	buf_release(&cur);
	buf_printf(err, "%s: %s", b->name, db_errmsg(b->db));
	return -1;
}

int store_prices_each(struct book *b, store_price_fn fn, void *arg, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT p.pool, p.standard, s.economic, pl.economic FROM prices p"
					      " JOIN standards s ON s.region = p.region AND s.fy = p.fy AND s.code=p.standard"
					      " JOIN pools pl ON pl.region = p.region AND pl.fy = p.fy AND pl.code=p.pool"
					      " WHERE p.region=zbb_region() AND p.fy=?1 ORDER BY p.pool, p.standard");
	int rc = 0, s;
	if (!st)
		goto fail;
	db_bind_int64(st, 1, b->year);
	while (!rc && (s = db_step(st)) == DB_ROW)
		rc = fn(db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3), arg);
	db_done(st);
	if (!rc && s != DB_DONE)
		goto fail;
	return rc;
fail:
	buf_printf(err, "%s: %s", b->name, db_errmsg(b->db));
	return -1;
}

int store_adjustments_each(struct book *b, store_adjustment_fn fn, void *arg, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT a.code, a.kind, a.date, a.project, p.agency, a.\"trigger\","
					      " a.reason, a.\"by\", a.seq, a.amount_fen FROM adjustments a"
					      " LEFT JOIN projects p ON p.region = a.region AND p.fy = a.fy AND p.code=a.project"
					      " WHERE a.region=zbb_region() AND a.fy=?1 ORDER BY a.code, a.project, a.seq");
	int rc = 0, s;
	if (!st)
		goto fail;
	db_bind_int64(st, 1, b->year);
	while (!rc && (s = db_step(st)) == DB_ROW) {
		struct store_adjustment a = { db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
					      db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5),
					      db_col_text(st, 6), db_col_text(st, 7), db_col_int64(st, 8),
					      db_col_int64(st, 9) };
		rc = fn(&a, arg);
	}
	db_done(st);
	if (!rc && s != DB_DONE)
		goto fail;
	return rc;
fail:
	buf_printf(err, "%s: %s", b->name, db_errmsg(b->db));
	return -1;
}

/* --- generated basic expenditure (basic.c, SPEC §13) ----------------------- */

int store_basic_clear(struct book *b, int64_t *n_removed, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct db_stmt *st = db_cached(
		b->db, "DELETE FROM items WHERE region=zbb_region() AND fy=?1 AND project IN (SELECT code FROM projects WHERE region=zbb_region() AND fy=?1 AND is_basic=1)");
	if (!st)
		goto fail;
	db_bind_int64(st, 1, b->year);
	int s = db_step(st);
	db_done(st);
	if (s != DB_DONE)
		goto fail;
	st = db_cached(b->db, "SELECT count(*) FROM projects WHERE region=zbb_region() AND fy=?1 AND is_basic=1");
	if (!st)
		goto fail;
	db_bind_int64(st, 1, b->year);
	s = db_step(st);
	*n_removed = s == DB_ROW ? db_col_int64(st, 0) : 0;
	db_done(st);
	if (s != DB_ROW)
		goto fail;
	return 0;
fail:
	buf_printf(err, "%s: %s", b->name, db_errmsg(b->db));
	return -1;
}

/* one statement on (the book's year ?1, a code ?2) that returns no rows */
static int exec_year_code(struct book *b, const char *sql, const char *code, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, sql);
	int s = DB_ERROR;
	if (st) {
		db_bind_int64(st, 1, b->year);
		db_bind_text(st, 2, code, (size_t)-1);
		s = db_step(st);
		db_done(st);
	}
	if (s == DB_DONE)
		return 0;
	buf_printf(err, "%s: %s", b->name, db_errmsg(b->db));
	return -1;
}

int store_basic_drop(struct book *b, const char *project, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	/* the child rows first: a bulk load (zbb demo) runs with the foreign
	 * keys off, so nothing may be left to the cascade */
	static const char *const sql[] = {
		"DELETE FROM items WHERE region=zbb_region() AND fy=?1 AND project=?2",   "DELETE FROM reviews WHERE region=zbb_region() AND fy=?1 AND project=?2",
		"DELETE FROM targets WHERE region=zbb_region() AND fy=?1 AND project=?2", "DELETE FROM evaluations WHERE region=zbb_region() AND fy=?1 AND project=?2",
		"DELETE FROM plans WHERE region=zbb_region() AND fy=?1 AND project=?2",   "DELETE FROM projects WHERE region=zbb_region() AND fy=?1 AND code=?2 AND is_basic=1",
	};
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++)
		if (exec_year_code(b, sql[i], project, err) < 0)
			return -1;
	return 0;
}

int store_basic_mark(struct book *b, const char *project, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	return exec_year_code(b, "UPDATE projects SET is_basic=1 WHERE region=zbb_region() AND fy=?1 AND code=?2", project, err);
}

int store_basic_codes(struct book *b, struct strmap *set, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT code FROM projects WHERE region=zbb_region() AND fy=?1 AND is_basic=1");
	int s, is_new;
	if (!st)
		goto fail;
	db_bind_int64(st, 1, b->year);
	while ((s = db_step(st)) == DB_ROW)
		strmap_put(set, db_col_text(st, 0), db_col_len(st, 0), 1, &is_new);
	db_done(st);
	if (s != DB_DONE)
		goto fail;
	return 0;
fail:
	buf_printf(err, "%s: %s", b->name, db_errmsg(b->db));
	return -1;
}

int store_project_is_basic(struct book *b, const char *code)
{
	struct db_stmt *st = db_cached(b->db, "SELECT is_basic FROM projects WHERE region=zbb_region() AND fy=?1 AND code=?2");
	if (!st)
		return -1;
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, code, (size_t)-1);
	int s = db_step(st), r = s == DB_ROW ? db_col_int64(st, 0) != 0 : s == DB_DONE ? 0 : -1;
	db_done(st);
	return r;
}
