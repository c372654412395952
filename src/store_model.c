/*
 * store_model.c - one year of the book into the model (see store.h):
 * each table read with one SELECT ordered by its key, its columns copied
 * straight into the model's rows (model_add_*), then model_finish.
 *
 * Items are the bulk of a book: from store_thread_min_projects projects on,
 * two threads read them, each its own range of project codes on its own
 * connection (the book keeps the second for its next load) into its own
 * array and arena; interned strings go through the model's shared
 * (locked) table behind a small per-thread cache.  Statements run once a
 * load are db_prepare's, not db_cached: on PostgreSQL they are planned
 * for the connection's region alone (db_pg.c).
 */
#include "store.h"
#include "db.h"
#include "model.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Column i as a model string, NULL when NULL or empty. */
static const char *col_str(struct model *m, struct db_stmt *st, int i)
{
	const char *t = db_col_text(st, i);
	size_t n = db_col_len(st, i);
	return t && n ? arena_strndup(&m->arena_, t, n) : NULL;
}

static const char *col_intern(struct model *m, struct db_stmt *st, int i)
{
	const char *t = db_col_text(st, i);
	size_t n = db_col_len(st, i);
	return t && n ? model_intern(m, t, n) : NULL;
}

static int64_t col_int(struct db_stmt *st, int i, int64_t dflt)
{
	return db_col_is_null(st, i) ? dflt : db_col_int64(st, i);
}

static int col_enum(struct db_stmt *st, int i, enum model_enum e, int dflt)
{
	return model_enum_parse(e, db_col_text(st, i), dflt);
}

static struct db_stmt *query(struct book *b, const char *sql, int year, struct buf *err)
{
	struct db_stmt *st = db_prepare(b->db, sql);
	if (!st) {
		buf_printf(err, "%s: %s", b->name, db_errmsg(b->db));
		return NULL;
	}
	db_bind_int64(st, 1, year);
	return st;
}

static int done(struct book *b, struct db_stmt *st, int s, struct buf *err)
{
	db_done(st);
	if (s != DB_DONE) {
		buf_printf(err, "%s: %s", b->name, db_errmsg(b->db));
		return -1;
	}
	return 0;
}

/* The region's settings in one statement, each known key's value (or its
 * default) applied in the table's order. */
static int load_settings(struct book *b, struct model *m, struct buf *err)
{
	char **v = xcalloc(settings_n + 1, sizeof(*v));
	int rc = -1, s;
	struct db_stmt *st = db_prepare(b->db, "SELECT key, value FROM settings WHERE region=zbb_region()");
	if (!st) {
		buf_printf(err, "%s: %s", b->name, db_errmsg(b->db));
		goto out;
	}
	while ((s = db_step(st)) == DB_ROW) {
		const char *k = db_col_text(st, 0), *val = db_col_text(st, 1);
		for (size_t i = 0; k && val && i < settings_n; i++)
			if (!strcmp(k, settings_table[i].key) && !v[i])
				v[i] = xstrdup(val);
	}
	if (done(b, st, s, err))
		goto out;
	for (size_t i = 0; i < settings_n; i++)
		if (settings_apply(&m->set, settings_table[i].key, v[i] ? v[i] : settings_table[i].def, err))
			goto out;
	rc = 0;
out:
	for (size_t i = 0; i < settings_n; i++)
		free(v[i]);
	free(v);
	return rc;
}

static int load_agencies(struct book *b, struct model *m, struct buf *err)
{
	struct db_stmt *st = query(
		b,
		"SELECT code, name, parent, headcount, function, establishment, retired, class FROM agencies WHERE region=zbb_region() AND fy=?1"
		" ORDER BY code",
		m->year, err);
	int s;
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW) {
		struct agency *a = model_add_agency(m);
		a->code = col_str(m, st, 0);
		a->name = col_str(m, st, 1);
		a->parent = col_str(m, st, 2);
		a->headcount = col_int(st, 3, 0);
		a->function = col_intern(m, st, 4);
		a->establishment = col_int(st, 5, -1);
		a->retired = col_int(st, 6, 0);
		a->class_code = col_intern(m, st, 7);
	}
	return done(b, st, s, err);
}

static int load_bases(struct book *b, struct model *m, struct buf *err)
{
	struct db_stmt *st = query(
		b, "SELECT code, title, level, valid_from, valid_to FROM bases WHERE region=zbb_region() AND fy=?1 ORDER BY code", m->year, err);
	int s;
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW) {
		struct basis *x = model_add_basis(m);
		x->code = col_intern(m, st, 0);
		x->title = col_str(m, st, 1);
		x->level = col_enum(st, 2, ME_BASIS_LEVEL, BASIS_NONE);
		x->valid_from = model_date(db_col_text(st, 3), 0);
		x->valid_to = model_date(db_col_text(st, 4), MODEL_DATE_OPEN_END);
	}
	return done(b, st, s, err);
}

static int load_standards(struct book *b, struct model *m, struct buf *err)
{
	struct db_stmt *st =
		query(b,
		      "SELECT code, name, economic, unit, max_price_fen, quota_per_head, basis, valid_from, valid_to"
		      " FROM standards WHERE region=zbb_region() AND fy=?1 ORDER BY code",
		      m->year, err);
	int s;
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW) {
		struct standard *x = model_add_standard(m);
		x->code = col_intern(m, st, 0);
		x->name = col_str(m, st, 1);
		x->economic = col_intern(m, st, 2);
		x->unit = col_intern(m, st, 3);
		x->max_price_fen = col_int(st, 4, 0);
		x->quota_per_head = col_int(st, 5, -1);
		x->basis = col_intern(m, st, 6);
		x->valid_from = model_date(db_col_text(st, 7), 0);
		x->valid_to = model_date(db_col_text(st, 8), MODEL_DATE_OPEN_END);
	}
	return done(b, st, s, err);
}

static int load_priorities(struct book *b, struct model *m, struct buf *err)
{
	struct db_stmt *st = query(b, "SELECT code, name, rank FROM priorities WHERE region=zbb_region() AND fy=?1 ORDER BY code", m->year, err);
	int s;
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW) {
		struct priority *x = model_add_priority(m);
		x->code = col_intern(m, st, 0);
		x->name = col_str(m, st, 1);
		x->rank = (int32_t)col_int(st, 2, 0);
	}
	return done(b, st, s, err);
}

static int load_negative(struct book *b, struct model *m, struct buf *err)
{
	struct db_stmt *st = query(
		b, "SELECT code, description, economic, keyword, scope, \"except\" FROM negative WHERE region=zbb_region() AND fy=?1"
		" ORDER BY code", m->year,
		err);
	int s;
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW) {
		struct negative_entry *x = model_add_negative(m);
		x->code = col_str(m, st, 0);
		x->description = col_str(m, st, 1);
		x->economic = col_intern(m, st, 2);
		x->keyword = col_str(m, st, 3);
		x->scope = col_enum(st, 4, ME_NEG_SCOPE, NEG_ALL);
		x->except = col_str(m, st, 5);
	}
	return done(b, st, s, err);
}

static int load_pools(struct book *b, struct model *m, struct buf *err)
{
	struct db_stmt *st = query(b, "SELECT code, name, economic FROM pools WHERE region=zbb_region() AND fy=?1 ORDER BY code", m->year, err);
	int s;
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW) {
		struct pool *x = model_add_pool(m);
		x->code = col_intern(m, st, 0);
		x->name = col_str(m, st, 1);
		x->economic = col_str(m, st, 2);
	}
	if (done(b, st, s, err))
		return -1;
	st = query(b, "SELECT pool, standard, price_fen FROM prices WHERE region=zbb_region() AND fy=?1 ORDER BY pool, standard", m->year, err);
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW) {
		struct price *x = model_add_price(m);
		x->pool_code = col_intern(m, st, 0);
		x->standard_code = col_intern(m, st, 1);
		x->price_fen = col_int(st, 2, 0);
	}
	return done(b, st, s, err);
}

static void project_row(struct model *m, struct db_stmt *st, struct project *p)
{
	p->code = col_str(m, st, 0);
	p->agency_code = col_intern(m, st, 1);
	p->name = col_str(m, st, 2);
	p->kind = col_enum(st, 3, ME_KIND, KIND_SPECIFIC);
	p->tier = col_enum(st, 4, ME_TIER, TIER_GENERAL);
	p->function = col_intern(m, st, 5);
	p->is_rigid = col_int(st, 6, 0) != 0;
	p->is_urgent = col_int(st, 7, 0) != 0;
	p->is_new = col_int(st, 8, 0) != 0;
	p->basis = col_intern(m, st, 9);
	p->priority_code = col_intern(m, st, 10);
	p->scope = col_enum(st, 11, ME_SCOPE, SCOPE_DEPARTMENT);
	p->score = (int32_t)col_int(st, 12, -1);
	p->start_year = (int32_t)col_int(st, 13, 0);
	p->end_year = (int32_t)col_int(st, 14, 0);
	p->is_basic = col_int(st, 15, 0) != 0;
}

#define PROJECT_COLS                                                                                                 \
	"code, agency, name, kind, tier, function, rigid, urgent, new, basis, priority, scope, score, start_year, " \
	"end_year, is_basic"

static int load_projects(struct book *b, struct model *m, struct buf *err)
{
	struct db_stmt *st = query(b, "SELECT " PROJECT_COLS " FROM projects WHERE region=zbb_region() AND fy=?1 ORDER BY code", m->year, err);
	int s;
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW)
		project_row(m, st, model_add_project(m));
	return done(b, st, s, err);
}

static int load_history(struct book *b, struct model *m, struct buf *err)
{
	struct db_stmt *st = query(b,
				   "SELECT year, project, agency, name, budget_fen, executed_fen, carryover_fen, score"
				   " FROM history WHERE region=zbb_region() AND year<?1 ORDER BY project, year",
				   m->year, err);
	int s;
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW) {
		struct history *h = model_add_history(m);
		h->year = (int32_t)col_int(st, 0, 0);
		h->project_code = col_str(m, st, 1);
		h->agency_code = col_intern(m, st, 2);
		h->name = col_str(m, st, 3);
		h->budget_fen = col_int(st, 4, 0);
		h->executed_fen = col_int(st, 5, 0);
		h->carryover_fen = col_int(st, 6, 0);
		h->score = (int32_t)col_int(st, 7, -1);
	}
	return done(b, st, s, err);
}

static int load_selfevals(struct book *b, struct model *m, struct buf *err)
{
	struct db_stmt *st = query(b,
				   "SELECT year, project, score, grade, note FROM selfevals WHERE region=zbb_region() AND year<?1"
				   " ORDER BY project, year",
				   m->year, err);
	int s;
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW) {
		struct selfeval *e = model_add_selfeval(m);
		e->year = (int32_t)col_int(st, 0, 0);
		e->project_code = col_str(m, st, 1);
		e->score = (int32_t)col_int(st, 2, 0);
		e->grade = db_col_is_null(st, 3) ? -1 : col_enum(st, 3, ME_GRADE, -1);
		e->note = col_str(m, st, 4);
	}
	return done(b, st, s, err);
}

static int load_quotas(struct book *b, struct model *m, struct buf *err)
{
	struct db_stmt *st =
		query(b, "SELECT code, standard, kind, count, class FROM quotas WHERE region=zbb_region() AND fy=?1 ORDER BY code", m->year, err);
	int s;
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW) {
		struct quota *q = model_add_quota(m);
		q->code = col_str(m, st, 0);
		q->standard_code = col_intern(m, st, 1);
		q->kind = col_enum(st, 2, ME_QUOTA_KIND, QUOTA_PERSONNEL);
		q->count = col_enum(st, 3, ME_QUOTA_COUNT, QUOTA_STAFF);
		q->class_code = col_intern(m, st, 4);
	}
	return done(b, st, s, err);
}

static int load_sources(struct book *b, struct model *m, struct buf *err)
{
	struct db_stmt *st = query(
		b, "SELECT code, name, kind, function, amount_fen, budget FROM sources WHERE region=zbb_region() AND fy=?1 ORDER BY code", m->year,
		err);
	int s;
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW) {
		struct source *x = model_add_source(m);
		x->code = col_intern(m, st, 0);
		x->name = col_str(m, st, 1);
		x->kind = col_enum(st, 2, ME_SOURCE_KIND, SOURCE_GENERAL);
		x->function = col_str(m, st, 3);
		x->amount_fen = col_int(st, 4, 0);
		x->budget = col_enum(st, 5, ME_SOURCE_BUDGET, BUDGET_PUBLIC);
	}
	return done(b, st, s, err);
}

static int load_evaluations(struct book *b, struct model *m, struct buf *err)
{
	struct db_stmt *st = query(b,
				   "SELECT project, score, conclusion, ratio, necessity, economy, targets, feasibility,"
				   " compliance, evaluator, date FROM evaluations WHERE region=zbb_region() AND fy=?1 ORDER BY project",
				   m->year, err);
	int s;
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW) {
		struct evaluation *e = model_add_evaluation(m);
		e->project_code = col_intern(m, st, 0);
		e->score = (int32_t)col_int(st, 1, 0);
		e->conclusion = col_enum(st, 2, ME_CONCLUSION, CONCL_SUPPORT);
		e->ratio = col_int(st, 3, -1);
		e->necessity = (int32_t)col_int(st, 4, -1);
		e->economy = (int32_t)col_int(st, 5, -1);
		e->targets = (int32_t)col_int(st, 6, -1);
		e->feasibility = (int32_t)col_int(st, 7, -1);
		e->compliance = (int32_t)col_int(st, 8, -1);
		e->evaluator = col_str(m, st, 9);
		e->date = col_intern(m, st, 10);
	}
	return done(b, st, s, err);
}

static int load_reviews(struct book *b, struct model *m, struct buf *err)
{
	struct db_stmt *st = query(b,
				   "SELECT project, seq, round, action, price_fen, quantity, reason, reviewer"
				   " FROM reviews WHERE region=zbb_region() AND fy=?1 ORDER BY project, seq, round",
				   m->year, err);
	int s;
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW) {
		struct review *r = model_add_review(m);
		r->project_code = col_intern(m, st, 0);
		r->seq = (int32_t)col_int(st, 1, 0);
		r->round = (int32_t)col_int(st, 2, 1);
		r->action = col_enum(st, 3, ME_ACTION, REVIEW_APPROVE);
		r->price_fen = col_int(st, 4, -1);
		r->quantity = col_int(st, 5, -1);
		r->reason = col_str(m, st, 6);
		r->reviewer = col_intern(m, st, 7);
	}
	return done(b, st, s, err);
}

static void target_row(struct model *m, struct db_stmt *st, struct target *t)
{
	t->project_code = col_intern(m, st, 0);
	t->name = col_str(m, st, 1);
	t->level1 = col_enum(st, 2, ME_LEVEL1, TARGET_OUTPUT);
	t->level2 = col_intern(m, st, 3);
	t->op = col_enum(st, 4, ME_OP, OP_QUALITATIVE);
	t->value = col_str(m, st, 5);
	t->unit = col_intern(m, st, 6);
	t->weight = (int32_t)col_int(st, 7, -1);
}

#define TARGET_COLS "project, name, level1, level2, operator, value, unit, weight"

static int load_targets(struct book *b, struct model *m, struct buf *err)
{
	struct db_stmt *st =
		query(b, "SELECT " TARGET_COLS " FROM targets WHERE region=zbb_region() AND fy=?1 ORDER BY project, name", m->year, err);
	int s;
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW)
		target_row(m, st, model_add_target(m));
	return done(b, st, s, err);
}

static int load_plans(struct book *b, struct model *m, struct buf *err)
{
	struct db_stmt *st =
		query(b, "SELECT project, year, amount_fen FROM plans WHERE region=zbb_region() AND fy=?1 ORDER BY project, year", m->year, err);
	int s;
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW) {
		struct plan *p = model_add_plan(m);
		p->project_code = col_intern(m, st, 0);
		p->year = (int32_t)col_int(st, 1, 0);
		p->amount_fen = col_int(st, 2, 0);
	}
	return done(b, st, s, err);
}

/* --- items, on two threads ----------------------------------------------- */

struct cache_slot {
	const char *s;
	size_t n;
};

struct item_loader {
	struct model *m;
	struct db *db;
	const char *lo, *hi; /* project codes [lo, hi); NULL: open */
	struct arena arena;
	struct cache_slot cache[1024];
	struct item *items;
	size_t n, cap;
	int rc;
	struct buf err;
};

static const char *loader_intern(struct item_loader *L, const struct db_value *c)
{
	const char *t = c->s;
	size_t n = c->n;
	if (!t || !n)
		return NULL;
	uint32_t h = (uint32_t)n;
	for (size_t k = 0; k < n; k++)
		h = h * 31 + (unsigned char)t[k];
	struct cache_slot *slot = &L->cache[h & 1023];
	if (slot->s && slot->n == n && !memcmp(slot->s, t, n))
		return slot->s;
	slot->s = model_intern(L->m, t, n);
	slot->n = n;
	return slot->s;
}

#define ITEM_COLS "project, seq, content, economic, standard, unit, price_fen, quantity, level, source"

/* The items of [lo, hi) into L's array.  Their project is left for
 * items_finish (the model's projects may not be read yet when the second
 * thread runs): the code, interned, and -1. */
static void load_items(struct item_loader *L)
{
	const struct model *m = L->m;
	const char *sql = L->hi ? "SELECT " ITEM_COLS " FROM items WHERE region=zbb_region() AND fy=?1 AND project>=?2 AND project<?3"
				  " ORDER BY project, seq"
				: "SELECT " ITEM_COLS " FROM items WHERE region=zbb_region() AND fy=?1 AND project>=?2 ORDER BY project, seq";
	struct db_stmt *st = db_prepare(L->db, sql);
	int s;
	L->rc = -1;
	if (!st) {
		buf_adds(&L->err, db_errmsg(L->db));
		return;
	}
	db_bind_int64(st, 1, m->year);
	db_bind_text(st, 2, L->lo ? L->lo : "", (size_t)-1);
	if (L->hi)
		db_bind_text(st, 3, L->hi, (size_t)-1);
	const char *code = NULL;
	struct db_value c[10];
	while ((s = db_step(st)) == DB_ROW) {
		db_row(st, "tIttttIIIt", c);
		if (!code || strlen(code) != c[0].n || memcmp(code, c[0].s, c[0].n))
			code = c[0].n ? model_intern(L->m, c[0].s, c[0].n) : "";
		if (L->n == L->cap)
			XGROW(L->items, L->cap, L->n + 1);
		struct item *it = &L->items[L->n++];
		it->project = -1;
		it->project_code = code;
		it->seq = (int32_t)c[1].v;
		it->content = c[2].n ? arena_strndup(&L->arena, c[2].s, c[2].n) : NULL;
		it->economic = loader_intern(L, &c[3]);
		it->standard_code = loader_intern(L, &c[4]);
		it->unit = loader_intern(L, &c[5]);
		it->price_fen = c[6].v;
		it->quantity = c[7].v;
		it->standard = it->econ = -1;
		it->level = (uint8_t)c[8].v;
		it->source = loader_intern(L, &c[9]);
	}
	if (s != DB_DONE)
		buf_adds(&L->err, db_errmsg(L->db));
	else
		L->rc = 0;
	db_done(st);
}

size_t store_thread_min_projects = 200;

/* Reading the items on two connections.  The second (its own thread,
 * started first of all so that connecting and its query overlap this
 * connection's reading of the head) takes the upper 65% of the year's
 * projects' items; this one reads the head, the lower 35% and the tail
 * (so both end about together: measured on the demo city).
 * Both read one snapshot where the backend can share it (PostgreSQL:
 * this transaction's, exported); elsewhere (SQLite) the second's own,
 * taken after this one's.  Below store_thread_min_projects projects, or
 * when the second connection cannot be had, or inside a write (another
 * connection would not see its rows), this connection reads them all. */
struct items_load {
	struct item_loader *la, *lb;
	pthread_t th;
	pthread_mutex_t lock; /* the model's strings, shared */
	pthread_mutex_t mu;   /* the hand-over below */
	pthread_cond_t cv;
	int started;
	int snap_ready;  /* this connection's snapshot is taken: snap, or "" */
	char snap[128];
	int split_ready; /* the second knows its range: lb->lo, or NULL (it reads none) */
	int cancel;      /* the first failed: the second reads nothing more */
	const char *path, *region;
	int year;
};

static void hand_over(struct items_load *x, int *flag)
{
	pthread_mutex_lock(&x->mu);
	*flag = 1;
	pthread_cond_broadcast(&x->cv);
	pthread_mutex_unlock(&x->mu);
}

static void wait_for(struct items_load *x, const int *flag)
{
	pthread_mutex_lock(&x->mu);
	while (!*flag)
		pthread_cond_wait(&x->cv, &x->mu);
	pthread_mutex_unlock(&x->mu);
}

static int64_t count_projects(struct db *db, int year)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM projects WHERE region=zbb_region() AND fy=?1");
	int64_t n = 0;
	if (!st)
		return 0;
	db_bind_int64(st, 1, year);
	if (db_step(st) == DB_ROW)
		n = db_col_int64(st, 0);
	db_done(st);
	return n;
}

static int enough(int64_t n)
{
	return n >= 2 && (size_t)n >= store_thread_min_projects;
}

/* The project code at 35% of the year's projects (at least the first's
 * own), when there are enough to share (malloc'd), else NULL. */
static char *items_split(struct db *db, int year)
{
	int64_t n = count_projects(db, year);
	char *code = NULL;
	if (!enough(n))
		return NULL;
	struct db_stmt *st;
	st = db_prepare(db, "SELECT code FROM projects WHERE region=zbb_region() AND fy=?1 ORDER BY code LIMIT 1 OFFSET ?2");
	if (!st)
		return NULL;
	db_bind_int64(st, 1, year);
	db_bind_int64(st, 2, n * 35 / 100 > 0 ? n * 35 / 100 : 1);
	if (db_step(st) == DB_ROW && db_col_text(st, 0))
		code = xstrdup(db_col_text(st, 0));
	db_done(st);
	return code;
}

static void *second_main(void *arg)
{
	struct items_load *x = arg;
	struct item_loader *lb = x->lb;
	struct buf err = BUF_INIT;
	char *lo = NULL;
	if (lb->db || db_open(x->path, DB_READONLY, &lb->db, &err) == 0) {
		db_tune(lb->db, DB_TUNE_SCAN);
		if (db_set_region(lb->db, x->region, &err) == 0) {
			wait_for(x, &x->snap_ready);
			if (db_begin_at(lb->db, x->snap[0] ? x->snap : NULL, &err) == 0)
				lo = items_split(lb->db, x->year);
		}
	}
	lb->lo = lo;
	hand_over(x, &x->split_ready);
	pthread_mutex_lock(&x->mu);
	int cancel = x->cancel;
	pthread_mutex_unlock(&x->mu);
	if (lo && !cancel)
		load_items(lb);
	else
		lb->rc = 0; /* nothing of its own: the first reads all */
	if (lb->db && db_in_txn(lb->db))
		db_rollback(lb->db);
	if (lb->db && err.len) {
		/* a connection that failed is not kept */
		db_close(lb->db);
		lb->db = NULL;
	}
	buf_release(&err);
	return NULL;
}

static void items_start(struct book *b, struct model *m, int in_write, struct items_load *x)
{
	memset(x, 0, sizeof *x);
	struct item_loader *la = x->la = xcalloc(2, sizeof(*la)), *lb = x->lb = la + 1;
	pthread_mutex_init(&x->lock, NULL);
	pthread_mutex_init(&x->mu, NULL);
	pthread_cond_init(&x->cv, NULL);
	la->m = lb->m = m;
	la->db = b->db;
	la->arena.block = lb->arena.block = 1u << 20;
	x->path = b->path;
	x->region = b->region;
	x->year = m->year;
	if (in_write)
		return;
	/* a second connection for a book big enough (counted outside the
	 * snapshot: only to decide; the second counts again inside it), or
	 * the one of the load before, kept by the book */
	if (!b->db2 && !enough(count_projects(b->db, m->year)))
		return;
	lb->db = b->db2;
	b->db2 = NULL;
	model_share_intern(m, &x->lock);
	if (pthread_create(&x->th, NULL, second_main, x) == 0)
		x->started = 1;
	else
		model_share_intern(m, NULL);
}

/* This connection's read transaction is open: its snapshot to the second. */
static void items_snapshot(struct book *b, struct items_load *x)
{
	if (!x->started)
		return;
	struct buf err = BUF_INIT;
	if (db_snapshot_export(b->db, x->snap, sizeof x->snap, &err) != 0)
		x->snap[0] = 0;
	buf_release(&err);
	hand_over(x, &x->snap_ready);
}

/* This connection's share of the items, once the second knows its range. */
static void items_read(struct items_load *x)
{
	if (x->started) {
		wait_for(x, &x->split_ready);
		x->la->hi = x->lb->lo;
	}
	load_items(x->la);
}

/* failed: the load failed before (its reason in err): only end the second */
static int items_finish(struct book *b, struct model *m, struct items_load *x, int failed, struct buf *err)
{
	struct item_loader *la = x->la, *lb = x->lb;
	int rc = -1;
	if (x->started) {
		if (failed) {
			pthread_mutex_lock(&x->mu);
			x->cancel = 1;
			pthread_mutex_unlock(&x->mu);
		}
		/* a failure before the snapshot was handed over must not leave
		 * the second waiting for it */
		if (!x->snap_ready)
			hand_over(x, &x->snap_ready);
		pthread_join(x->th, NULL);
		model_share_intern(m, NULL);
	}
	if (failed)
		goto out;
	if (la->rc || lb->rc) {
		buf_printf(err, "%s: %s", b->name, buf_str(la->rc ? &la->err : &lb->err));
		goto out;
	}
	/* la's array becomes the model's, with lb's rows after it */
	if (lb->n) {
		XGROW(la->items, la->cap, la->n + lb->n);
		memcpy(la->items + la->n, lb->items, lb->n * sizeof(*la->items));
		la->n += lb->n;
	}
	/* their projects, in one walk (both ranges came in code order) */
	struct model_walk w = MODEL_WALK_INIT;
	for (size_t i = 0; i < la->n; i++) {
		struct item *it = &la->items[i];
		if ((it->project = model_walk_project(m, &w, it->project_code)) < 0) {
			buf_printf(err, "%s: ", b->name);
			buf_printf(err, L("明细：项目 %s 不存在", "items: no project %s"), it->project_code);
			goto out;
		}
		it->project_code = m->projects[it->project].code;
	}
	model_set_items(m, la->items, la->n, la->cap);
	la->items = NULL;
	model_adopt_arena(m, &la->arena);
	model_adopt_arena(m, &lb->arena);
	rc = 0;
out:
	/* kept for the next load, unless its items failed */
	if (lb->rc) {
		db_close(lb->db);
		lb->db = NULL;
	}
	if (lb->db) {
		db_close(b->db2);
		b->db2 = lb->db;
	}
	free((char *)lb->lo);
	for (int i = 0; i < 2; i++) {
		free(la[i].items);
		arena_release(&la[i].arena);
		buf_release(&la[i].err);
	}
	free(la);
	pthread_mutex_destroy(&x->lock);
	pthread_mutex_destroy(&x->mu);
	pthread_cond_destroy(&x->cv);
	return rc;
}

/* The season of SPEC §11 on the finished model: each agency's round and
 * the control number issued for that round; which projects have a code
 * seen in an earlier year of the book. */
static int load_season(struct book *b, struct model *m, struct buf *err)
{
	/* run once a load: the caller's statements (see db_pg.c's prepare) */
	struct db_stmt *st = db_prepare(b->db, "SELECT s.agency, s.round, r.control_fen FROM season s"
					      " LEFT JOIN season_rounds r ON r.region = s.region AND r.fy = s.fy AND r.agency = s.agency"
					      " AND r.round = s.round WHERE s.region=zbb_region() AND s.fy=?1");
	int s;
	if (!st)
		goto fail;
	db_bind_int64(st, 1, m->year);
	while ((s = db_step(st)) == DB_ROW) {
		int32_t a = model_find_agency(m, db_col_text(st, 0));
		if (a < 0)
			continue;
		m->agencies[a].season_round = (int32_t)db_col_int64(st, 1);
		m->agencies[a].control_fen = db_col_is_null(st, 2) ? -1 : db_col_int64(st, 2);
	}
	db_done(st);
	if (s != DB_DONE)
		goto fail;
	if (!(st = db_prepare(b->db, "SELECT DISTINCT code FROM projects WHERE region=zbb_region() AND fy < ?1")))
		goto fail;
	db_bind_int64(st, 1, m->year);
	while ((s = db_step(st)) == DB_ROW) {
		int32_t p = model_find_project(m, db_col_text(st, 0));
		if (p >= 0)
			m->projects[p].has_earlier = 1;
	}
	db_done(st);
	if (s != DB_DONE)
		goto fail;
	return 0;
fail:
	buf_printf(err, "%s: season: %s", b->name, db_errmsg(b->db));
	return -1;
}

int store_model_load(struct book *b, int year, struct model *m, struct buf *err)
{
	/* inside a write (or a test's held transaction) the rows are this
	 * connection's alone: no second one */
	int rc = -1, in_write = db_in_txn(b->db) || b->held;
	struct items_load x;
	model_init(m, year);
	/* the second connection connects while this one reads the head */
	items_start(b, m, in_write, &x);
	if (load_settings(b, m, err))
		goto out;
	db_tune(b->db, DB_TUNE_SCAN);
	/* one snapshot of the head and the tail, shared with the second
	 * connection where the backend can */
	if (!in_write && db_begin(b->db, DB_TXN_READ, err))
		goto out;
	if (!in_write)
		items_snapshot(b, &x);
	if (!load_agencies(b, m, err) && !load_bases(b, m, err) && !load_standards(b, m, err) &&
	    !load_priorities(b, m, err) && !load_negative(b, m, err) && !load_pools(b, m, err) &&
	    !load_projects(b, m, err)) {
		items_read(&x);
		int tail = load_history(b, m, err) || load_sources(b, m, err) || load_evaluations(b, m, err) ||
			   load_reviews(b, m, err) || load_targets(b, m, err) || load_plans(b, m, err) ||
			   load_quotas(b, m, err) || load_selfevals(b, m, err);
		if (!tail)
			rc = 0;
	}
	/* the second is joined before this snapshot ends (it may still be
	 * importing it) */
	if (items_finish(b, m, &x, rc != 0, err))
		rc = -1;
	x.la = NULL;
	if (!in_write)
		db_rollback(b->db); /* a read: nothing to commit */
	if (!rc)
		rc = model_finish(m, err);
	if (!rc)
		rc = load_season(b, m, err);
out:
	if (x.la)
		items_finish(b, m, &x, 1, err);
	if (rc)
		model_release(m);
	return rc;
}

int store_next_sources(struct book *b, int year, zb_fen out[2], struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT fy, sum(amount_fen) FROM sources WHERE region=zbb_region() AND fy IN (?1, ?2) GROUP BY fy");
	out[0] = out[1] = -1;
	if (!st)
		goto fail;
	db_bind_int64(st, 1, year + 1);
	db_bind_int64(st, 2, year + 2);
	int s;
	while ((s = db_step(st)) == DB_ROW)
		out[db_col_int64(st, 0) - year - 1] = db_col_int64(st, 1);
	db_done(st);
	if (s != DB_DONE)
		goto fail;
	return 0;
fail:
	buf_printf(err, "%s: %s", b->name, db_errmsg(b->db));
	return -1;
}

int store_project_has_earlier(struct book *b, const char *code)
{
	struct db_stmt *st = db_cached(b->db, "SELECT 1 FROM projects WHERE region=zbb_region() AND fy < ?1 AND code = ?2 LIMIT 1");
	if (!st)
		return -1;
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, code, (size_t)-1);
	int s = db_step(st);
	db_done(st);
	return s == DB_ROW ? 1 : s == DB_DONE ? 0 : -1;
}

int store_model_add_project(struct book *b, const char *code, struct model *m, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT " PROJECT_COLS " FROM projects WHERE region=zbb_region() AND fy=?1 AND code=?2");
	int s;
	if (!st)
		goto fail;
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, code, (size_t)-1);
	if ((s = db_step(st)) == DB_ROW)
		project_row(m, st, model_add_project(m));
	db_done(st);
	if (s != DB_ROW && s != DB_DONE)
		goto fail;
	st = db_cached(b->db, "SELECT " ITEM_COLS " FROM items WHERE region=zbb_region() AND fy=?1 AND project=?2 ORDER BY seq");
	if (!st)
		goto fail;
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, code, (size_t)-1);
	while ((s = db_step(st)) == DB_ROW) {
		struct item *it = model_add_item(m);
		it->project_code = model_str(m, code);
		it->seq = (int32_t)db_col_int64(st, 1);
		it->content = col_str(m, st, 2);
		it->economic = col_str(m, st, 3);
		it->standard_code = col_str(m, st, 4);
		it->unit = col_str(m, st, 5);
		it->price_fen = db_col_int64(st, 6);
		it->quantity = db_col_int64(st, 7);
		it->level = (uint8_t)db_col_int64(st, 8);
		it->source = col_str(m, st, 9);
	}
	db_done(st);
	if (s != DB_DONE)
		goto fail;
	st = db_cached(b->db, "SELECT " TARGET_COLS " FROM targets WHERE region=zbb_region() AND fy=?1 AND project=?2 ORDER BY name");
	if (!st)
		goto fail;
	db_bind_int64(st, 1, b->year);
	db_bind_text(st, 2, code, (size_t)-1);
	while ((s = db_step(st)) == DB_ROW)
		target_row(m, st, model_add_target(m));
	db_done(st);
	if (s != DB_DONE)
		goto fail;
	return 0;
fail:
	buf_printf(err, "check: %s", db_errmsg(b->db));
	return -1;
}
