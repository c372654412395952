/*
 * store_copy.c - a book, or one region of it, copied into another book,
 * SQLite or PostgreSQL either way (SPEC §14, `zbb copy`; see store.h).
 *
 * The source is read in one snapshot; the target is written in one
 * store_write, audited as "book.copy": all or nothing.  Tables go parents
 * first (PostgreSQL checks every foreign key as it goes), columns by name
 * (the two backends order a region's column differently), rows many to a
 * statement where a statement is a round trip (db_batch_rows).  The order
 * of the tables is their foreign keys' (copy_order).  The
 * target's row digests are those of the rows as the copy writes them; a
 * whole book's audit log comes along, so its chain goes on unbroken with
 * the copy's own entry, and its scenarios stay as fresh as they were.
 */
#include "store.h"
#include "db.h"

#include <stdlib.h>
#include <string.h>

/* Never copied: sessions and the throttle belong to a server's running,
 * the digests are made again by the copy's own write. */
static const char *const skipped[] = { "login_failures", "row_digests", "sessions" };
/* A region's copy leaves the book's own: its log, its counted entries, its meta. */
static const char *const book_only[] = { "audit", "audit_counts", "meta" };

static int in_list(const char *t, const char *const *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(l[i], t))
			return 1;
	return 0;
}
#define IN(t, l) in_list((t), (l), sizeof(l) / sizeof((l)[0]))

static const struct db_table *table_named(const struct db_table *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	return NULL;
}

/* The tables parents first (a table after every table its foreign keys
 * refer to; else in the database's order): indexes into t, in out[n].
 * -1 when the foreign keys form a cycle. */
static int copy_order(const struct db_table *t, size_t n, size_t *out)
{
	unsigned char *done = xcalloc(n ? n : 1, 1);
	size_t k = 0;
	while (k < n) {
		size_t before = k;
		for (size_t i = 0; i < n; i++) {
			if (done[i])
				continue;
			int ready = 1;
			for (int p = 0; p < t[i].n_parents && ready; p++)
				for (size_t j = 0; j < n; j++)
					if (!done[j] && !strcmp(t[j].name, t[i].parents[p]))
						ready = 0;
			if (ready) {
				done[i] = 1;
				out[k++] = i;
			}
		}
		if (k == before)
			break;
	}
	free(done);
	return k == n ? 0 : -1;
}

struct parts {
	struct book *b;
	struct buf *err;
};

static int make_partitions(const char *code, const char *name, void *arg)
{
	(void)name;
	struct parts *p = arg;
	return store_region_partitions(p->b, code, 1, p->err);
}

static int has_col(const struct db_table *t, const char *col)
{
	for (int i = 0; i < t->n_cols; i++)
		if (!strcmp(t->cols[i], col))
			return 1;
	return 0;
}

/* a copied cell of a row waiting in a batch */
struct cell {
	char type;
	int64_t v;
	double r;
	size_t off, n; /* text or blob: bytes in the batch's buffer */
};

struct copier {
	struct book *src, *dst;
	const char *region;
	int64_t id_offset; /* added to season_events.id and season_snapshots.event */
	struct store_copy_result *res;
	json_t *counts;
};

struct tcopy {
	struct copier *x;
	const char *name;
	char **cols;
	int n_cols, id_col; /* id_col: the column offset by id_offset (-1 none) */
	size_t batch, n_rows;
	struct cell *cells;
	struct buf bytes;
	struct db_stmt *ins, *ins1; /* batch rows a statement; one (the tail) */
	size_t ins1_n;
};

static void insert_sql(const struct tcopy *c, size_t n_rows, struct buf *q)
{
	buf_printf(q, "INSERT INTO \"%s\"(", c->name);
	for (int i = 0; i < c->n_cols; i++)
		buf_printf(q, "%s\"%s\"", i ? ", " : "", c->cols[i]);
	buf_adds(q, ") VALUES");
	size_t arg = 1;
	for (size_t r = 0; r < n_rows; r++) {
		buf_adds(q, r ? ", (" : "(");
		for (int i = 0; i < c->n_cols; i++)
			buf_printf(q, "%s?%zu", i ? ", " : "", arg++);
		buf_addc(q, ')');
	}
}

static int flush(struct tcopy *c, struct buf *err)
{
	if (!c->n_rows)
		return 0;
	struct db_stmt *st;
	if (c->n_rows == c->batch) {
		st = c->ins;
	} else {
		if (c->ins1 && c->ins1_n != c->n_rows) {
			db_done(c->ins1);
			c->ins1 = NULL;
		}
		if (!c->ins1) {
			struct buf q = BUF_INIT;
			insert_sql(c, c->n_rows, &q);
			c->ins1 = db_prepare(c->x->dst->db, buf_str(&q));
			c->ins1_n = c->n_rows;
			buf_release(&q);
		}
		st = c->ins1;
	}
	if (!st) {
		buf_printf(err, "%s: %s: %s", c->x->dst->name, c->name, db_errmsg(c->x->dst->db));
		return -1;
	}
	size_t n = c->n_rows * (size_t)c->n_cols;
	for (size_t k = 0; k < n; k++) {
		const struct cell *e = &c->cells[k];
		int at = (int)k + 1;
		switch (e->type) {
		case 'i':
			db_bind_int64(st, at, e->v);
			break;
		case 't':
			db_bind_text(st, at, c->bytes.s + e->off, e->n);
			break;
		case 'b':
			db_bind_blob(st, at, c->bytes.s + e->off, e->n);
			break;
		case 'r': /* no column of a book is real; kept as its text should one be */
		default:
			db_bind_null(st, at);
		}
	}
	int s = db_step(st);
	db_reset(st);
	if (s != DB_DONE) {
		buf_printf(err, "%s: %s: %s", c->x->dst->name, c->name, db_errmsg(c->x->dst->db));
		return -1;
	}
	c->x->res->n_rows += (int64_t)c->n_rows;
	c->n_rows = 0;
	buf_reset(&c->bytes);
	return 0;
}

static int copy_table(struct copier *x, const struct db_table *st, const struct db_table *dt, struct buf *err)
{
	struct tcopy c = { x, st->name, NULL, 0, -1, 1, 0, NULL, BUF_INIT, NULL, NULL, 0 };
	int rc = -1;
	c.cols = xcalloc((size_t)st->n_cols, sizeof(char *));
	for (int i = 0; i < st->n_cols; i++)
		if (has_col(dt, st->cols[i])) {
			if (x->id_offset && ((!strcmp(st->name, "season_events") && !strcmp(st->cols[i], "id")) ||
					     (!strcmp(st->name, "season_snapshots") && !strcmp(st->cols[i], "event"))))
				c.id_col = c.n_cols;
			c.cols[c.n_cols++] = st->cols[i];
		}
	if (!c.n_cols) {
		free(c.cols);
		return 0;
	}
	/* the rows to copy */
	struct buf q = BUF_INIT;
	buf_adds(&q, "SELECT ");
	for (int i = 0; i < c.n_cols; i++)
		buf_printf(&q, "%s\"%s\"", i ? ", " : "", c.cols[i]);
	buf_printf(&q, " FROM \"%s\"", st->name);
	if (x->region) {
		if (!strcmp(st->name, "regions"))
			buf_adds(&q, " WHERE code=?1");
		else if (!strcmp(st->name, "season_snapshots"))
			buf_adds(&q, " WHERE event IN (SELECT id FROM season_events WHERE region=?1)");
		else if (has_col(st, "region"))
			buf_adds(&q, " WHERE region=?1");
	}
	struct db_stmt *sel = db_prepare(x->src->db, buf_str(&q));
	buf_release(&q);
	if (!sel) {
		buf_printf(err, "%s: %s: %s", x->src->name, st->name, db_errmsg(x->src->db));
		goto out;
	}
	if (x->region && (!strcmp(st->name, "regions") || !strcmp(st->name, "season_snapshots") || has_col(st, "region")))
		db_bind_text(sel, 1, x->region, (size_t)-1);
	/* many rows a statement where each is a round trip, within the
	 * 65,535 parameters of a PostgreSQL statement */
	int br = db_batch_rows(x->dst->db);
	c.batch = br > 1 ? (size_t)br : 1;
	while (c.batch > 1 && c.batch * (size_t)c.n_cols > 30000)
		c.batch /= 2;
	c.cells = xcalloc(c.batch * (size_t)c.n_cols, sizeof(struct cell));
	struct buf q2 = BUF_INIT;
	insert_sql(&c, c.batch, &q2);
	c.ins = db_prepare(x->dst->db, buf_str(&q2));
	buf_release(&q2);
	if (!c.ins) {
		buf_printf(err, "%s: %s: %s", x->dst->name, st->name, db_errmsg(x->dst->db));
		goto out;
	}
	int s;
	int64_t n = 0;
	while ((s = db_step(sel)) == DB_ROW) {
		struct cell *row = &c.cells[c.n_rows * (size_t)c.n_cols];
		for (int i = 0; i < c.n_cols; i++) {
			struct db_cell v;
			db_col_cell(sel, i, &v);
			row[i] = (struct cell){ v.type, v.v, v.r, 0, 0 };
			if (v.type == 't' || v.type == 'b') {
				row[i].off = c.bytes.len;
				row[i].n = v.n;
				buf_add(&c.bytes, v.s, v.n);
			}
			if (i == c.id_col && v.type == 'i' && money_add(v.v, x->id_offset, &row[i].v)) {
				buf_adds(err, "season_events.id out of range");
				goto out;
			}
		}
		n++;
		if (++c.n_rows == c.batch && flush(&c, err))
			goto out;
	}
	if (s != DB_DONE) {
		buf_printf(err, "%s: %s: %s", x->src->name, st->name, db_errmsg(x->src->db));
		goto out;
	}
	if (flush(&c, err))
		goto out;
	if (n)
		json_object_set_new(x->counts, st->name, json_integer(n));
	x->res->n_tables++;
	rc = 0;
out:
	db_done(sel);
	db_done(c.ins);
	db_done(c.ins1);
	free(c.cells);
	free(c.cols);
	buf_release(&c.bytes);
	return rc;
}

struct copy_arg {
	struct copier *x;
	const struct db_table *st, *dt;
	size_t n_st, n_dt;
	int dst_is_new;
};

/* The stamps of the source's inputs (row_digests' state rows). */
static int keep_stamps(struct book *src, struct book *dst, struct buf *err)
{
	struct db_stmt *st = db_prepare(src->db, "SELECT key, entry FROM row_digests WHERE tbl=''"
						 " AND (key='inputs' OR substr(key, 1, 7)='inputs:')");
	int s;
	if (!st) {
		buf_printf(err, "%s: %s", src->name, db_errmsg(src->db));
		return -1;
	}
	while ((s = db_step(st)) == DB_ROW)
		if (store_digest_keep_stamp(dst, db_col_text(st, 0), db_col_int64(st, 1))) {
			db_done(st);
			buf_adds(err, "too many regions' stamps");
			return -1;
		}
	db_done(st);
	return s == DB_DONE ? 0 : -1;
}

static int copy_fn(struct book *dst, struct store_change *c, void *arg, struct buf *err)
{
	struct copy_arg *a = arg;
	struct copier *x = a->x;
	/* a new book's own rows (its first region) give way to the source's */
	if (a->dst_is_new) {
		struct db_stmt *st = db_prepare(dst->db, x->region ? "DELETE FROM regions WHERE code='000000000'"
								   : "DELETE FROM regions");
		int s = st ? db_step(st) : DB_ERROR;
		db_done(st);
		if (s != DB_DONE) {
			buf_printf(err, "%s: regions: %s", dst->name, db_errmsg(dst->db));
			return -1;
		}
	}
	if (x->region) {
		/* the region must not be in the book already */
		char *name = store_region_name(dst, x->region);
		if (name) {
			free(name);
			buf_printf(err, L("%s: 区划 %s 已在目标账簿中（只能复制到没有它的账簿）",
					  "%s: region %s is in the target book already (copy into a book without it)"),
				   dst->name, x->region);
			return 1;
		}
		if (a->dst_is_new && store_set_year(dst, x->src->year, err))
			return -1;
		/* the book's events, every region's: the key is the book's */
		if (db_set_region(dst->db, "", err))
			return -1;
		struct db_stmt *st = db_prepare(dst->db, "SELECT COALESCE(max(id), 0) FROM season_events");
		x->id_offset = st && db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
		db_done(st);
		if (db_set_region(dst->db, x->region, err))
			return -1;
	}
	/* the target's partitions of the regions copied, before their rows */
	struct parts pa = { dst, err };
	if (x->region ? store_region_partitions(dst, x->region, 1, err)
		      : store_regions_each(x->src, make_partitions, &pa, err))
		return -1;
	size_t *order = xcalloc(a->n_st ? a->n_st : 1, sizeof(size_t));
	if (copy_order(a->st, a->n_st, order)) {
		free(order);
		buf_printf(err, L("%s: 表的外键成环，无法排定复制顺序", "%s: the tables' foreign keys form a cycle: no order to copy them in"),
			   x->src->name);
		return -1;
	}
	for (size_t i = 0; i < a->n_st; i++) {
		const struct db_table *t = &a->st[order[i]];
		if (IN(t->name, skipped) || (x->region && IN(t->name, book_only)))
			continue;
		const struct db_table *d = table_named(a->dt, a->n_dt, t->name);
		if (!d) {
			free(order);
			buf_printf(err, L("%s: 目标账簿没有表 %s（其 zbb 较旧？）", "%s: the target book has no table %s (an older zbb?)"),
				   dst->name, t->name);
			return 1;
		}
		if (copy_table(x, t, d, err)) {
			free(order);
			return -1;
		}
	}
	free(order);
	/* the next event follows the book's last, whichever region's */
	if (x->region && db_set_region(dst->db, "", err))
		return -1;
	if (db_sync_ids(dst->db, "season_events", "id", err))
		return -1;
	if (x->region && db_set_region(dst->db, x->region, err))
		return -1;
	if (!x->region && keep_stamps(x->src, dst, err))
		return -1;
	c->after = json_pack("{s:s, s:s?, s:I, s:O}", "from", x->src->name, "region", x->region,
			     "rows", (json_int_t)x->res->n_rows, "tables", x->counts);
	return 0;
}

int store_copy(struct book *src, struct book *dst, const char *region, int dst_is_new, const char *who,
	       struct store_copy_result *res, struct buf *err)
{
	memset(res, 0, sizeof(*res));
	if (!region && !dst_is_new) {
		buf_printf(err, L("%s: 整本复制只能复制到新的账簿", "%s: a whole book is copied into a new book only"), dst->name);
		return 1;
	}
	if (region && !(src->region[0] && !strcmp(src->region, region))) {
		char *name = store_region_name(src, region);
		if (!name) {
			buf_printf(err, L("%s: 账簿中没有区划 %s", "%s: the book has no region %s"), src->name, region);
			return 1;
		}
		free(name);
	}
	/* the tables as each database has them (the arrays are the
	 * connections' own: copied out of neither) */
	const struct db_table *st, *dt;
	size_t n_st, n_dt;
	if (db_tables(src->db, &st, &n_st, err) || db_tables(dst->db, &dt, &n_dt, err))
		return -1;
	struct copier x = { src, dst, region, 0, res, json_object() };
	struct copy_arg a = { &x, st, dt, n_st, n_dt, dst_is_new };
	struct buf e = BUF_INIT;
	/* the rows copied: the region's, else every region's, on both sides
	 * (PostgreSQL's row-level security shows and lets a connection write
	 * its region's only) */
	if (db_set_region(src->db, region ? region : "", err) || db_set_region(dst->db, region ? region : "", err)) {
		json_decref(x.counts);
		return -1;
	}
	/* one snapshot of the source for every table */
	if (db_begin(src->db, DB_TXN_READ, &e)) {
		buf_printf(err, "%s: %s", src->name, buf_str(&e));
		buf_reset(&e);
		db_set_region(src->db, src->region, &e);
		db_set_region(dst->db, dst->region, &e);
		buf_release(&e);
		json_decref(x.counts);
		return -1;
	}
	struct store_change c = { who, "book.copy", region ? region : "book", NULL, NULL, STORE_BULK | STORE_BOOK_WIDE };
	int rc = store_write(dst, &c, copy_fn, &a, err);
	store_change_release(&c);
	db_rollback(src->db);
	buf_reset(&e);
	if ((db_set_region(src->db, src->region, &e) || db_set_region(dst->db, dst->region, &e)) && !rc) {
		buf_printf(err, "%s: %s", src->name, buf_str(&e));
		rc = -1;
	}
	buf_release(&e);
	json_decref(x.counts);
	return rc;
}
