/*
 * store_totals.c - the requested totals of a year's projects, kept between
 * writes (see store.h, store_project_check_total).
 *
 * A write of one project must check that the project's requested total
 * (Σ price × quantity of its items) and the book's (the sum over every
 * project) stay in range.  Reading every item of the book for that made a
 * project's save cost about 20 ms at the demo city's size, most of the
 * server's write.  So the totals of every project are kept here, process
 * wide, as of one committed audit entry: a write whose transaction starts
 * from that entry reads only its own project's items, and when it
 * commits (as the next entry) the kept totals move on with it.  Anything
 * else - another process's commit, a write that did not come through here,
 * a rollback - leaves the kept totals at an older entry than the book's
 * last, and the next check reads the whole book again, as before.  Every
 * change of a book appends an audit entry, so the entry number says
 * exactly which state the totals describe.  With ZBB_TRACE_TOTALS set,
 * each check says on stderr which way it went (tests count them).
 */
#include "store.h"

#include "db.h"
#include "money.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tot {
	char *code; /* NULL: an empty slot */
	zb_fen total;
};
struct tot_map {
	struct tot *v;
	size_t cap, n; /* cap a power of two, or 0 */
	__int128 sum;
};

/* What a check leaves for the commit (b->totals). */
struct totals_check {
	int is_full;        /* m is the whole year as the write left it */
	struct tot_map m;   /* is_full */
	char *code;         /* else: the one project written, */
	zb_fen total;       /* its new total, */
	int64_t based_on;   /* applied to the kept totals of this entry */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char *path;
	int year;
	int64_t entry; /* the audit entry the totals are as of; 0: none kept */
	struct tot_map m;
} K;

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct tot *map_slot(struct tot_map *m, const char *code)
{
	if (!m->cap)
		return NULL;
	for (size_t i = hash(code) & (m->cap - 1);; i = (i + 1) & (m->cap - 1))
		if (!m->v[i].code || !strcmp(m->v[i].code, code))
			return &m->v[i];
}

static void map_put(struct tot_map *m, const char *code, zb_fen total)
{
	if (2 * (m->n + 1) > m->cap) {
		struct tot_map g = { xcalloc(m->cap ? 2 * m->cap : 1024, sizeof(struct tot)), m->cap ? 2 * m->cap : 1024,
				     0, 0 };
		for (size_t i = 0; i < m->cap; i++)
			if (m->v[i].code) {
				*map_slot(&g, m->v[i].code) = m->v[i];
				g.n++;
			}
		g.sum = m->sum;
		free(m->v);
		*m = g;
	}
	struct tot *t = map_slot(m, code);
	if (t->code) {
		m->sum -= t->total;
	} else {
		t->code = xstrdup(code);
		m->n++;
	}
	t->total = total;
	m->sum += total;
}

static void map_release(struct tot_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->v[i].code);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

static void pending_release(struct book *b)
{
	struct totals_check *t = b->totals;
	if (!t)
		return;
	map_release(&t->m);
	free(t->code);
	free(t);
	b->totals = NULL;
}

struct scan {
	struct tot_map *m;
	const char *code;
	zb_fen *total;
	int *overflow;
};

static int on_scan(const char *project, zb_fen total, int overflow, void *arg)
{
	struct scan *s = arg;
	if (!strcmp(project, s->code)) {
		*s->total = total;
		*s->overflow = overflow;
	}
	if (overflow)
		return 1; /* a project out of range: the check fails anyway */
	map_put(s->m, project, total);
	return 0;
}

/* The items of one project: its total. */
static int project_total(struct book *b, const char *code, zb_fen *total, int *overflow, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT price_fen, quantity FROM items WHERE region=zbb_region() AND fy=?1 AND project=?2");
	int s;
	*total = 0;
	*overflow = 0;
	if (!st)
		goto fail;
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, code, (size_t)-1);
	while ((s = db_step(st)) == DB_ROW)
		if (!*overflow && money_line_add(total, db_col_int64(st, 0), db_col_int64(st, 1)))
			*overflow = 1;
	db_done(st);
	if (s != DB_DONE)
		goto fail;
	return 0;
fail:
	buf_printf(err, "%s: %s", b->name, db_errmsg(b->db));
	return -1;
}

int store_project_check_total(struct book *b, const char *code, zb_fen *total, int *overflow, int *book_overflow,
			      struct buf *err)
{
	pending_release(b);
	*book_overflow = 0;
	int64_t last = store_audit_next_id(b) - 1;
	if (last < 0) {
		buf_printf(err, "%s: audit: %s", b->name, db_errmsg(b->db));
		return -1;
	}
	if (project_total(b, code, total, overflow, err))
		return -1;
	if (*overflow)
		return 0;
	pthread_mutex_lock(&mu);
	if (K.entry && K.entry == last && K.year == b->year && !strcmp(K.path, b->path)) {
		struct tot *t = map_slot(&K.m, code);
		__int128 sum = K.m.sum - (t && t->code ? t->total : 0) + *total;
		pthread_mutex_unlock(&mu);
		*book_overflow = sum > INT64_MAX;
		if (getenv("ZBB_TRACE_TOTALS"))
			fprintf(stderr, "totals: project %s\n", code);
		struct totals_check *p = xcalloc(1, sizeof(*p));
		p->code = xstrdup(code);
		p->total = *total;
		p->based_on = last;
		b->totals = p;
		return 0;
	}
	pthread_mutex_unlock(&mu);
	/* nothing kept as of the last entry: the whole year, as this write leaves it */
	if (getenv("ZBB_TRACE_TOTALS"))
		fprintf(stderr, "totals: the whole year for project %s\n", code);
	struct totals_check *p = xcalloc(1, sizeof(*p));
	p->is_full = 1;
	zb_fen mine = 0;
	int mine_over = 0;
	struct scan s = { &p->m, code, &mine, &mine_over };
	int rc = store_project_totals(b, on_scan, &s, err);
	if (rc < 0) {
		map_release(&p->m);
		free(p);
		return -1;
	}
	if (rc) { /* another project is out of range: nothing to keep */
		map_release(&p->m);
		free(p);
		*book_overflow = 1;
		return 0;
	}
	*book_overflow = p->m.sum > INT64_MAX;
	b->totals = p;
	return 0;
}

void store_totals_committed(struct book *b, int64_t entry)
{
	struct totals_check *p = b->totals;
	if (!p)
		return;
	pthread_mutex_lock(&mu);
	if (p->is_full) {
		map_release(&K.m);
		K.m = p->m;
		memset(&p->m, 0, sizeof(p->m));
		free(K.path);
		K.path = xstrdup(b->path);
		K.year = b->year;
		K.entry = entry;
	} else if (K.entry && K.entry == p->based_on && entry == p->based_on + 1 && K.year == b->year &&
		   !strcmp(K.path, b->path)) {
		map_put(&K.m, p->code, p->total);
		K.entry = entry;
	} else {
		K.entry = 0; /* another write came between: read again next time */
	}
	pthread_mutex_unlock(&mu);
	pending_release(b);
}

void store_totals_forget(struct book *b)
{
	pending_release(b);
}

void store_totals_release(void)
{
	pthread_mutex_lock(&mu);
	map_release(&K.m);
	free(K.path);
	K.path = NULL;
	K.entry = 0;
	pthread_mutex_unlock(&mu);
}
