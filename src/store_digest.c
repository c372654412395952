/*
 * store_digest.c - digests of the rows as zbb wrote them (SPEC §12,
 * `zbb audit verify --data`; see store.h).
 *
 * While a store_write runs, the driver tells us every row it inserts,
 * updates or deletes (db_track).  Each row has a digest: BLAKE2b-128 of
 *
 *     "zbb-row-1\n" table "\n", then for each column whose value is not
 *     its declared default: name "=" tag bytes "\n", where tag is "n"
 *     (NULL), "i" decimal, "r" %.17g, "t" or "b" length ":" bytes
 *
 * (a column added later with a default leaves every row's digest as it
 * was).  At the end of the write the digests of the rows it left go to
 * row_digests (table, key, digest, the audit entry that wrote it), and
 * the entry carries the count of rows it wrote and the sum mod 2^128 of
 * the digests of every live row after it ("rows" of audit.h, inside the
 * hash chain).  The sum is kept in row_digests' row ('', '').
 *
 * A row changed behind zbb's back (sqlite3 on the file) no longer matches
 * its digest and is named; one whose digest was changed too breaks the
 * sum, which the chain holds (and `verify --head` holds the chain).
 */
#include "store.h"
#include "audit.h"
#include "db.h"
#include "arena.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIGEST_BYTES 16

/* Tables whose rows are not budget data an auditor reads, or that change
 * outside store_write: the log itself, these digests, the counted
 * entries, sessions (their last-seen time) and the login throttle. */
static const char *const untracked[] = { "audit", "audit_counts", "login_failures", "row_digests", "sessions" };

int store_digest_tracked(const char *table)
{
	for (size_t i = 0; i < sizeof untracked / sizeof untracked[0]; i++)
		if (!strcmp(untracked[i], table))
			return 0;
	return 1;
}

/* Tables a scenario's run does not read: a change to them leaves stored
 * scenarios as they are (store_inputs_stamp); the adoption and the adjustments
 * change what a run means after it, never what it read (SPEC §12): the
 * adopted scenario stays fresh. */
static const char *const not_inputs[] = { "adjustments", "adoptions", "meta", "regions", "scenario_inputs", "scenario_projects", "scenario_results", "scenarios", "season",
					  "season_events", "season_snapshots", "users" };

/* The state row of a region's inputs stamp: "inputs" for the region of a
 * book without regions (as before them), "inputs:CODE" for another. */
static const char *inputs_key(const struct book *b, char out[32])
{
	if (!b->region[0] || !strcmp(b->region, REGION_DEFAULT))
		return "inputs";
	snprintf(out, 32, "inputs:%s", b->region);
	return out;
}

static int is_input(const char *table)
{
	for (size_t i = 0; i < sizeof not_inputs / sizeof not_inputs[0]; i++)
		if (!strcmp(not_inputs[i], table))
			return 0;
	return 1;
}

/* The statement that upserts n digests (tbl, key, digest, entry each):
 * one text per n, made once (db_cached keys statements by their text). */
#define PUT_BATCH 64
static const char *put_batch_sql(size_t n)
{
	static char *sql[PUT_BATCH + 1];
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&mu);
	if (!sql[n]) {
		struct buf q = BUF_INIT;
		buf_adds(&q, "INSERT INTO row_digests(tbl, key, digest, entry) VALUES");
		for (size_t i = 0; i < n; i++)
			buf_printf(&q, "%s(?%zu, ?%zu, ?%zu, ?%zu)", i ? ", " : "", 4 * i + 1, 4 * i + 2, 4 * i + 3, 4 * i + 4);
		buf_adds(&q, " ON CONFLICT(tbl, key) DO UPDATE SET digest=excluded.digest, entry=excluded.entry");
		sql[n] = xstrdup(buf_str(&q));
		buf_release(&q);
	}
	const char *r = sql[n];
	pthread_mutex_unlock(&mu);
	return r;
}

/* --- a row's digest and key ------------------------------------------------ */

static int is_default(const struct db_cell *c, const char *d)
{
	if (c->type == 'n')
		return !d || !strcasecmp(d, "NULL");
	if (!d)
		return 0;
	if (c->type == 'i') {
		char *end;
		long long v = strtoll(d, &end, 10);
		return *d && !*end && v == c->v;
	}
	if (c->type == 't') {
		size_t n = strlen(d), j = 0;
		if (n < 2 || d[0] != '\'' || d[n - 1] != '\'')
			return 0;
		const char *s = c->s;
		for (size_t i = 1; i + 1 < n; i++, j++) {
			if (d[i] == '\'')
				i++; /* '' is one quote */
			if (j >= c->n || s[j] != d[i])
				return 0;
		}
		return j == c->n;
	}
	return 0;
}

/* decimal digits of v (the hot path: no printf per cell) */
static void add_int(struct buf *s, long long v)
{
	char d[24];
	int n = 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		d[n++] = (char)('0' + u % 10);
	while ((u /= 10));
	if (v < 0)
		buf_addc(s, '-');
	while (n)
		buf_addc(s, d[--n]);
}

static void cell_add(struct buf *s, const struct db_cell *c)
{
	switch (c->type) {
	case 'i':
		buf_addc(s, 'i');
		add_int(s, c->v);
		break;
	case 'r':
		buf_printf(s, "r%.17g", c->r);
		break;
	case 't':
	case 'b':
		buf_addc(s, c->type);
		add_int(s, (long long)c->n);
		buf_addc(s, ':');
		buf_add(s, c->s, c->n);
		break;
	default:
		buf_addc(s, 'n');
	}
}

static void row_digest(const struct db_table *t, const struct db_cell *row, struct buf *s,
		       unsigned char out[DIGEST_BYTES])
{
	buf_reset(s);
	buf_adds(s, "zbb-row-1\n");
	buf_adds(s, t->name);
	buf_addc(s, '\n');
	for (int i = 0; i < t->n_cols; i++) {
		if (is_default(&row[i], t->dflt[i]))
			continue;
		buf_adds(s, t->cols[i]);
		buf_addc(s, '=');
		cell_add(s, &row[i]);
		buf_addc(s, '\n');
	}
	crypto_generichash(out, DIGEST_BYTES, (const unsigned char *)s->s, s->len, NULL, 0);
}

/* The key: the primary key's values in key order, '/' between them (in
 * text '%' and '/' as %25 and %2F); a table without one is keyed by the
 * whole row. */
static void row_key(const struct db_table *t, const struct db_cell *row, struct buf *k)
{
	int n_pk = 0;
	buf_reset(k);
	for (int i = 0; i < t->n_cols; i++)
		if (t->pk[i] > n_pk)
			n_pk = t->pk[i];
	for (int p = 1; p <= (n_pk ? n_pk : t->n_cols); p++) {
		int i = p - 1;
		if (n_pk)
			for (i = 0; i < t->n_cols && t->pk[i] != p; i++)
				;
		if (p > 1)
			buf_addc(k, '/');
		const struct db_cell *c = &row[i];
		if (c->type == 't' || c->type == 'b') {
			const char *s = c->s;
			for (size_t j = 0; j < c->n; j++) {
				if (s[j] == '/' || s[j] == '%')
					buf_printf(k, "%%%02X", (unsigned char)s[j]);
				else
					buf_addc(k, s[j]);
			}
		} else if (c->type == 'i') {
			add_int(k, c->v);
		} else if (c->type == 'r') {
			buf_printf(k, "%.17g", c->r);
		}
	}
}

/* 128-bit sums, little-endian limbs */
struct sum128 {
	uint64_t lo, hi;
};

static void sum_add(struct sum128 *s, const unsigned char d[DIGEST_BYTES], int sign)
{
	uint64_t lo = 0, hi = 0;
	for (int i = 7; i >= 0; i--) {
		lo = lo << 8 | d[i];
		hi = hi << 8 | d[8 + i];
	}
	if (sign > 0) {
		uint64_t r = s->lo + lo;
		s->hi += hi + (r < lo);
		s->lo = r;
	} else {
		uint64_t r = s->lo - lo;
		s->hi -= hi + (s->lo < lo);
		s->lo = r;
	}
}

static void sum_hex(const struct sum128 *s, char out[33])
{
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)s->hi, (unsigned long long)s->lo);
}

static int sum_parse(const char *h, struct sum128 *s)
{
	char a[17], b[17];
	if (!h || strlen(h) != 32 || strspn(h, "0123456789abcdef") != 32)
		return -1;
	memcpy(a, h, 16);
	a[16] = 0;
	memcpy(b, h + 16, 16);
	b[16] = 0;
	s->hi = strtoull(a, NULL, 16);
	s->lo = strtoull(b, NULL, 16);
	return 0;
}

static void digest_hex(const unsigned char d[DIGEST_BYTES], char out[2 * DIGEST_BYTES + 1])
{
	sodium_bin2hex(out, 2 * DIGEST_BYTES + 1, d, DIGEST_BYTES);
}

/* --- tracking a write -------------------------------------------------------- */

/* One row written: its table "/" key, its digest, and the order of the
 * writes (the last write of a row is the one that stands). */
struct digest_change {
	const char *key;
	size_t len, seq;
	unsigned char d[DIGEST_BYTES];
	int is_deleted;
};

struct store_digests {
	/* every row written, in order; sorted by key at the flush, where the
	 * last write of each row wins (no hash map per row on the hot path) */
	struct digest_change *ch;
	size_t n_ch, cap_ch;
	struct sum128 delta;
	int inputs_changed;
	int locked_fy;          /* an adopted year whose rows no change may touch (0 none) … */
	char locked_region[16]; /* … of this region */
	const char *locked_hit; /* the table of the first such row */
	struct buf s, k, tk;
	struct arena keys; /* rows' keys: one bump allocation each, freed at once */
	/* a copy's stamps (store_digest_keep_stamp): written instead */
	struct {
		char key[32];
		int64_t entry;
	} keep[64];
	int n_keep, is_keeping;
};

int store_digest_keep_stamp(struct book *b, const char *key, int64_t entry)
{
	struct store_digests *x = b->dg;
	if (!x || strlen(key) >= sizeof x->keep[0].key || x->n_keep >= 64)
		return -1;
	x->is_keeping = 1;
	snprintf(x->keep[x->n_keep].key, sizeof x->keep[0].key, "%s", key);
	x->keep[x->n_keep++].entry = entry;
	return 0;
}

/* Tables a change may still write for an adopted year: the adoption and the adjustments. */
static int is_lockable(const char *table)
{
	return strcmp(table, "adoptions") && strcmp(table, "adjustments");
}

static void check_lock(struct store_digests *x, const struct db_table *t, const struct db_cell *row)
{
	if (!row || x->locked_hit || !is_lockable(t->name))
		return;
	int in_region = 0, in_year = !strcmp(t->name, "settings"); /* the region's settings are the working year's rules */
	for (int i = 0; i < t->n_cols; i++)
		if (!strcmp(t->cols[i], "fy"))
			in_year = row[i].type == 'i' && row[i].v == x->locked_fy;
		else if (!strcmp(t->cols[i], "region"))
			in_region = row[i].type == 't' && row[i].n == strlen(x->locked_region) &&
				    !memcmp(row[i].s, x->locked_region, row[i].n);
	if (in_region && in_year)
		x->locked_hit = t->name;
}

static void note(struct store_digests *x, const struct db_table *t, const struct db_cell *row, int is_deleted)
{
	unsigned char d[DIGEST_BYTES];
	row_key(t, row, &x->k);
	buf_reset(&x->tk);
	buf_adds(&x->tk, t->name);
	buf_addc(&x->tk, '/');
	buf_add(&x->tk, x->k.s, x->k.len);
	row_digest(t, row, &x->s, d);
	sum_add(&x->delta, d, is_deleted ? -1 : 1);
	XGROW(x->ch, x->cap_ch, x->n_ch + 1);
	struct digest_change *c = &x->ch[x->n_ch];
	c->key = arena_strndup(&x->keys, x->tk.s, x->tk.len);
	c->len = x->tk.len;
	c->seq = x->n_ch++;
	memcpy(c->d, d, DIGEST_BYTES);
	c->is_deleted = is_deleted;
}

static void on_change(void *arg, const struct db_table *t, int op, const struct db_cell *old,
		      const struct db_cell *new)
{
	struct store_digests *x = arg;
	(void)op;
	if (!store_digest_tracked(t->name))
		return;
	if (!x->inputs_changed && is_input(t->name))
		x->inputs_changed = 1;
	if (x->locked_fy) {
		check_lock(x, t, old);
		check_lock(x, t, new);
	}
	if (old)
		note(x, t, old, 1);
	if (new)
		note(x, t, new, 0);
}

const char *store_digest_locked(const struct store_digests *x)
{
	return x ? x->locked_hit : NULL;
}

struct store_digests *store_digest_begin(struct book *b, int locked_fy, struct buf *err)
{
	struct store_digests *x = xcalloc(1, sizeof(*x));
	x->locked_fy = locked_fy;
	snprintf(x->locked_region, sizeof x->locked_region, "%s", b->region);
	if (db_track(b->db, on_change, x, err)) {
		free(x);
		return NULL;
	}
	return x;
}

int store_digest_collect(struct book *b, struct store_digests *x, struct buf *err)
{
	return x ? db_track(b->db, NULL, NULL, err) : 0;
}

void store_digest_end(struct book *b, struct store_digests *x)
{
	if (!x)
		return;
	struct buf e = BUF_INIT;
	db_track(b->db, NULL, NULL, &e);
	buf_release(&e);
	arena_release(&x->keys);
	free(x->ch);
	buf_release(&x->s);
	buf_release(&x->k);
	buf_release(&x->tk);
	free(x);
}

static int change_cmp(const void *a, const void *b)
{
	const struct digest_change *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int r = memcmp(x->key, y->key, n);
	if (!r)
		r = (x->len > y->len) - (x->len < y->len);
	return r ? r : (x->seq > y->seq) - (x->seq < y->seq);
}

static int sqlfail(struct book *b, struct buf *err)
{
	buf_printf(err, "%s: row digests: %s", b->name, db_errmsg(b->db));
	return -1;
}

/* The stored sum of the live rows' digests (zero when none yet). */
static int state_get(struct book *b, struct sum128 *s)
{
	struct db_stmt *st = db_cached(b->db, "SELECT digest FROM row_digests WHERE tbl='' AND key=''");
	s->lo = s->hi = 0;
	if (!st)
		return -1;
	int r = db_step(st);
	if (r == DB_ROW && sum_parse(db_col_text(st, 0), s))
		r = DB_ERROR;
	db_done(st);
	return r == DB_ROW || r == DB_DONE ? 0 : -1;
}

static int state_put(struct book *b, const char *key, const char *value, int64_t entry)
{
	struct db_stmt *st = db_cached(b->db, "INSERT INTO row_digests(tbl, key, digest, entry) VALUES('', ?1, ?2, ?3)"
					      " ON CONFLICT(tbl, key) DO UPDATE SET digest=excluded.digest, entry=excluded.entry");
	if (!st)
		return -1;
	db_bind_text(st, 1, key, (size_t)-1);
	db_bind_text(st, 2, value, (size_t)-1);
	db_bind_int64(st, 3, entry);
	int r = db_step(st);
	db_done(st);
	return r == DB_DONE ? 0 : -1;
}

int store_digest_flush(struct book *b, struct store_digests *x, int64_t entry, struct buf *rows, struct buf *err)
{
	/* the tracker is off for these writes: they are not data */
	buf_reset(rows);
	if (!x || !x->n_ch)
		return 0;
	struct buf e = BUF_INIT;
	db_track(b->db, NULL, NULL, &e);
	buf_release(&e);
	/* by key, each row's writes in order: keep the last of each */
	qsort(x->ch, x->n_ch, sizeof(*x->ch), change_cmp);
	size_t n = 0;
	for (size_t i = 0; i < x->n_ch; i++) {
		const struct digest_change *c = &x->ch[i];
		if (i + 1 < x->n_ch && c->len == c[1].len && !memcmp(c->key, c[1].key, c->len))
			continue;
		x->ch[n++] = *c;
	}
	x->n_ch = n;
	/* the digests go PUT_BATCH rows a statement (one round trip each on
	 * PostgreSQL, where a write of a city's items makes 60,000 of them);
	 * the keys are distinct (the last write of each, above) */
	struct db_stmt *put = db_cached(b->db, put_batch_sql(PUT_BATCH)), *put1 = NULL;
	struct db_stmt *del = db_cached(b->db, "DELETE FROM row_digests WHERE tbl=?1 AND key=?2");
	int rc = -1;
	size_t n_put = 0;
	char(*hex)[2 * DIGEST_BYTES + 1] = xmalloc(PUT_BATCH * sizeof(*hex));
	if (!put || !del)
		goto out;
	for (size_t i = 0; i < n; i++)
		n_put += !x->ch[i].is_deleted;
	size_t rest = n_put % PUT_BATCH, k = 0, done = 0;
	if (rest && !(put1 = db_cached(b->db, put_batch_sql(rest))))
		goto out;
	for (size_t i = 0; i < n; i++) {
		const struct digest_change *c = &x->ch[i];
		size_t tl = (size_t)(strchr(c->key, '/') - c->key);
		const char *key = c->key + tl + 1;
		size_t kl = c->len - tl - 1;
		if (c->is_deleted) {
			db_bind_text(del, 1, c->key, tl);
			db_bind_text(del, 2, key, kl);
			int r = db_step(del);
			db_reset(del);
			if (r != DB_DONE)
				goto out;
			continue;
		}
		/* the full batches first, then the rest */
		int full = done < n_put - rest;
		struct db_stmt *st = full ? put : put1;
		digest_hex(c->d, hex[k]);
		db_bind_text(st, (int)(4 * k + 1), c->key, tl);
		db_bind_text(st, (int)(4 * k + 2), key, kl);
		db_bind_text(st, (int)(4 * k + 3), hex[k], (size_t)-1);
		db_bind_int64(st, (int)(4 * k + 4), entry);
		k++;
		if (k == (full ? PUT_BATCH : rest)) {
			int r = db_step(st);
			db_reset(st);
			if (r != DB_DONE)
				goto out;
			done += k;
			k = 0;
		}
	}
	struct sum128 s;
	char sh[33];
	if (state_get(b, &s))
		goto out;
	s.lo += x->delta.lo;
	s.hi += x->delta.hi + (s.lo < x->delta.lo);
	sum_hex(&s, sh);
	if (state_put(b, "", sh, entry))
		goto out;
	if (x->is_keeping) {
		for (int i = 0; i < x->n_keep; i++) {
			char id[24];
			snprintf(id, sizeof id, "%lld", (long long)x->keep[i].entry);
			if (state_put(b, x->keep[i].key, id, x->keep[i].entry))
				goto out;
		}
	} else if (x->inputs_changed) {
		char id[24];
		char ik[32];
		snprintf(id, sizeof id, "%lld", (long long)entry);
		if (state_put(b, inputs_key(b, ik), id, entry))
			goto out;
	}
	buf_printf(rows, "%zu %s", n, sh);
	rc = 0;
out:
	free(hex);
	db_done(put);
	db_done(put1);
	db_done(del);
	if (rc)
		sqlfail(b, err);
	return rc;
}

int64_t store_inputs_stamp(struct book *b)
{
	if (b->dg && !b->dg->inputs_changed) {
		/* what the write under way changed so far (PostgreSQL tells it late) */
		struct buf e = BUF_INIT;
		db_track_flush(b->db, &e);
		buf_release(&e);
	}
	if (b->dg && b->dg->inputs_changed)
		return store_audit_next_id(b);
	struct db_stmt *st = db_cached(b->db, "SELECT entry FROM row_digests WHERE tbl='' AND key=?1");
	int64_t v = 0;
	char ik[32];
	if (!st)
		return 0;
	db_bind_text(st, 1, inputs_key(b, ik), (size_t)-1);
	if (db_step(st) == DB_ROW)
		v = db_col_int64(st, 0);
	db_done(st);
	return v;
}

/* --- scanning the book --------------------------------------------------------- */

typedef int (*row_fn)(const struct db_table *t, const char *key, size_t kl, const unsigned char *d, void *arg);

static int scan(struct book *b, row_fn fn, void *arg, struct buf *err)
{
	const struct db_table *ts;
	size_t nt;
	struct buf sql = BUF_INIT, s = BUF_INIT, k = BUF_INIT;
	struct db_cell *row = NULL;
	int rc = 0;
	if (db_tables(b->db, &ts, &nt, err))
		return -1;
	/* every region's rows (PostgreSQL's row-level security shows a
	 * connection only its region's); the book's region again after */
	if (db_set_region(b->db, "", err))
		return -1;
	for (size_t i = 0; i < nt && !rc; i++) {
		const struct db_table *t = &ts[i];
		if (!store_digest_tracked(t->name))
			continue;
		buf_reset(&sql);
		buf_adds(&sql, "SELECT * FROM \"");
		for (const char *p = t->name; *p; p++) {
			if (*p == '"')
				buf_addc(&sql, '"');
			buf_addc(&sql, *p);
		}
		buf_addc(&sql, '"');
		struct db_stmt *st = db_prepare(b->db, buf_str(&sql));
		if (!st) {
			rc = sqlfail(b, err);
			break;
		}
		row = xrealloc(row, (size_t)(t->n_cols ? t->n_cols : 1) * sizeof(*row));
		int r;
		while ((r = db_step(st)) == DB_ROW) {
			unsigned char d[DIGEST_BYTES];
			for (int c = 0; c < t->n_cols; c++)
				db_col_cell(st, c, &row[c]);
			row_key(t, row, &k);
			row_digest(t, row, &s, d);
			if ((rc = fn(t, k.s ? k.s : "", k.len, d, arg)))
				break;
		}
		db_done(st);
		if (!rc && r != DB_DONE)
			rc = sqlfail(b, err);
	}
	struct buf e = BUF_INIT;
	if (db_set_region(b->db, b->region, &e) && !rc) {
		buf_adds(err, buf_str(&e));
		rc = -1;
	}
	buf_release(&e);
	free(row);
	buf_release(&sql);
	buf_release(&s);
	buf_release(&k);
	return rc;
}

struct rebase {
	struct book *b;
	struct db_stmt *put;
	struct sum128 sum;
};

static int rebase_row(const struct db_table *t, const char *key, size_t kl, const unsigned char *d, void *arg)
{
	struct rebase *x = arg;
	char hex[2 * DIGEST_BYTES + 1];
	digest_hex(d, hex);
	sum_add(&x->sum, d, 1);
	db_bind_text(x->put, 1, t->name, (size_t)-1);
	db_bind_text(x->put, 2, key, kl);
	db_bind_text(x->put, 3, hex, (size_t)-1);
	db_bind_int64(x->put, 4, 0);
	int r = db_step(x->put);
	db_reset(x->put);
	return r == DB_DONE ? 0 : -1;
}

int store_digest_rebase(struct book *b, struct buf *err)
{
	struct rebase x = { b, NULL, { 0, 0 } };
	char sh[33], n[24];
	if (db_exec(b->db, "DELETE FROM row_digests WHERE tbl <> '' OR (key <> 'inputs' AND substr(key, 1, 7) <> 'inputs:')", err))
		return -1;
	x.put = db_prepare(b->db, "INSERT INTO row_digests(tbl, key, digest, entry) VALUES(?1, ?2, ?3, ?4)");
	if (!x.put)
		return sqlfail(b, err);
	int rc = scan(b, rebase_row, &x, err);
	db_done(x.put);
	if (rc > 0 || (rc < 0 && !err->len))
		sqlfail(b, err);
	if (rc)
		return -1;
	sum_hex(&x.sum, sh);
	int64_t last = store_audit_count(b);
	snprintf(n, sizeof n, "%lld", (long long)(last < 0 ? 0 : last));
	if (state_put(b, "", sh, 0) || state_put(b, "rebased", n, last < 0 ? 0 : last))
		return sqlfail(b, err);
	return 0;
}

/* --- verifying ------------------------------------------------------------------ */

struct verify {
	struct strmap rows; /* table "/" key -> index */
	struct {
		unsigned char d[DIGEST_BYTES];
		int64_t entry;
		int is_seen;
	} *rec;
	size_t n_rec, cap_rec;
	struct sum128 live, recorded;
	struct buf tk;
	store_digest_fn fn;
	void *arg;
	int64_t n_rows, n_bad;
};

static int verify_row(const struct db_table *t, const char *key, size_t kl, const unsigned char *d, void *arg)
{
	struct verify *v = arg;
	sum_add(&v->live, d, 1);
	v->n_rows++;
	buf_reset(&v->tk);
	buf_adds(&v->tk, t->name);
	buf_addc(&v->tk, '/');
	buf_add(&v->tk, key, kl);
	int64_t *slot = strmap_get(&v->rows, v->tk.s, v->tk.len);
	struct store_digest_finding f = { t->name, key, STORE_ROW_ADDED, 0 };
	if (slot) {
		v->rec[*slot].is_seen = 1;
		if (!memcmp(v->rec[*slot].d, d, DIGEST_BYTES))
			return 0;
		f.what = STORE_ROW_CHANGED;
		f.entry = v->rec[*slot].entry;
	}
	v->n_bad++;
	return v->fn(&f, v->arg);
}

int store_digest_verify(struct book *b, store_digest_fn fn, void *arg, struct store_digest_check *r,
			struct buf *err)
{
	struct verify v = { STRMAP_INIT, NULL, 0, 0, { 0, 0 }, { 0, 0 }, BUF_INIT, fn, arg, 0, 0 };
	struct sum128 state = { 0, 0 };
	int64_t rebased = 0;
	int rc = -1, s;
	memset(r, 0, sizeof(*r));
	struct db_stmt *st = db_prepare(b->db, "SELECT tbl, key, digest, entry FROM row_digests");
	if (!st)
		return sqlfail(b, err);
	while ((s = db_step(st)) == DB_ROW) {
		const char *tbl = db_col_text(st, 0), *key = db_col_text(st, 1), *dig = db_col_text(st, 2);
		size_t kl = db_col_len(st, 1);
		if (!tbl || !key || !dig)
			continue;
		if (!*tbl) {
			if (!strcmp(key, ""))
				sum_parse(dig, &state);
			else if (!strcmp(key, "rebased"))
				rebased = db_col_int64(st, 3);
			continue;
		}
		XGROW(v.rec, v.cap_rec, v.n_rec + 1);
		if (strlen(dig) != 2 * DIGEST_BYTES ||
		    sodium_hex2bin(v.rec[v.n_rec].d, DIGEST_BYTES, dig, 2 * DIGEST_BYTES, NULL, NULL, NULL))
			memset(v.rec[v.n_rec].d, 0, DIGEST_BYTES);
		v.rec[v.n_rec].entry = db_col_int64(st, 3);
		v.rec[v.n_rec].is_seen = 0;
		sum_add(&v.recorded, v.rec[v.n_rec].d, 1);
		buf_reset(&v.tk);
		buf_adds(&v.tk, tbl);
		buf_addc(&v.tk, '/');
		buf_add(&v.tk, key, kl);
		strmap_put(&v.rows, v.tk.s, v.tk.len, (int64_t)v.n_rec, NULL);
		v.n_rec++;
	}
	db_done(st);
	if (s != DB_DONE) {
		sqlfail(b, err);
		goto out;
	}
	int x = scan(b, verify_row, &v, err);
	if (x < 0)
		goto out;
	/* rows with a digest that are gone */
	for (size_t i = 0; i < v.rows.cap && !x; i++) {
		const struct strmap_entry *e = &v.rows.tab[i];
		if (!e->key || v.rec[e->val].is_seen)
			continue;
		char *slash = strchr(e->key, '/');
		*slash = 0; /* the map is released below */
		struct store_digest_finding f = { e->key, slash + 1, STORE_ROW_DELETED, v.rec[e->val].entry };
		v.n_bad++;
		x = fn(&f, arg);
	}
	/* the sums: the digests as stored, the rows as they are, and the
	 * last entry of the chain that wrote rows */
	st = db_prepare(b->db, "SELECT id, rows FROM audit WHERE rows <> '' ORDER BY id DESC LIMIT 1");
	if (!st) {
		sqlfail(b, err);
		goto out;
	}
	struct sum128 chain = state;
	if ((s = db_step(st)) == DB_ROW && db_col_int64(st, 0) > rebased) {
		const char *rows = db_col_text(st, 1), *sp = rows ? strchr(rows, ' ') : NULL;
		r->entry = db_col_int64(st, 0);
		if (!sp || sum_parse(sp + 1, &chain))
			chain.lo = ~state.lo; /* unreadable: cannot match */
	}
	db_done(st);
	if (s != DB_ROW && s != DB_DONE) {
		sqlfail(b, err);
		goto out;
	}
	r->n_rows = v.n_rows;
	r->n_bad = v.n_bad;
	r->digests_changed = v.recorded.lo != state.lo || v.recorded.hi != state.hi || state.lo != chain.lo ||
			     state.hi != chain.hi;
	r->sum_differs = v.live.lo != chain.lo || v.live.hi != chain.hi;
	rc = (r->n_bad || r->digests_changed || r->sum_differs) ? 1 : 0;
out:
	strmap_release(&v.rows);
	free(v.rec);
	buf_release(&v.tk);
	return rc;
}
