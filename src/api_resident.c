/*
 * api_resident.c - the server's resident findings (see api_resident.h).
 *
 * The state: the base (the whole book loaded and checked once, at audit
 * entry base_seq or later) and, per agency of the base, the agency's own
 * model once a write touched it (draft_model_init from the agency's
 * current view - its own model, else the base - with the written project
 * read back from the book).  The view of an agency is its own model when
 * it has one, else the base.  seq is the last audit entry reflected.
 *
 * Why "reflected" holds although nothing here reads in one transaction:
 * every row a model holds was read after the entry seq was committed, so
 * it is at least as new as seq; a project changed after seq is re-read
 * when its entry is applied, after that entry's commit.  A model may thus
 * hold a project newer than seq (never older), and the next update
 * re-reads it again.
 */
#include "api_resident.h"

#include "clock.h"
#include "draft.h"
#include "scenario.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rmodel {
	int refs; /* the state's own reference, and one per reader */
	struct model m;
	struct rules_result rr;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char *path;
	char region[16];
	int year;
	int64_t seq;
	int64_t version; /* counts the changes applied (a reload or an agency's re-run) */
	struct rmodel *base;
	struct rmodel **agency; /* by the base's agency index, NULL: the base is its view */
	size_t n_agencies;
} R;

static void unref(struct rmodel *x)
{
	if (!x || --x->refs)
		return;
	rules_result_release(&x->rr);
	model_release(&x->m);
	free(x);
}

/* Under mu: drop the state. */
static void drop(void)
{
	for (size_t i = 0; i < R.n_agencies; i++)
		unref(R.agency[i]);
	free(R.agency);
	R.agency = NULL;
	R.n_agencies = 0;
	unref(R.base);
	R.base = NULL;
	free(R.path);
	R.path = NULL;
}

/* Under mu: the whole book, as of entry seq or later. */
static int reload(struct book *b, int64_t seq, struct buf *err)
{
	drop();
	struct rmodel *x = xcalloc(1, sizeof(*x));
	x->refs = 1;
	if (store_model_load(b, b->year, &x->m, err)) {
		free(x);
		return -1;
	}
	if (rules_run(&x->m, &x->rr, err)) {
		model_release(&x->m);
		free(x);
		return -1;
	}
	R.base = x;
	R.path = xstrdup(b->path);
	snprintf(R.region, sizeof R.region, "%s", b->region);
	R.year = b->year;
	R.seq = seq;
	R.version++;
	R.n_agencies = x->m.n_agencies;
	R.agency = xcalloc(R.n_agencies + 1, sizeof(*R.agency));
	if (getenv("ZBB_TRACE_RESIDENT"))
		fprintf(stderr, "resident: reload at entry %lld\n", (long long)seq);
	return 0;
}

static struct rmodel *view_of(int32_t a)
{
	return a >= 0 && R.agency[a] ? R.agency[a] : R.base;
}

/* The agency (of the base) whose current view holds project code, -1 none. */
static int32_t holder_of(const char *code)
{
	for (size_t a = 0; a < R.n_agencies; a++)
		if (R.agency[a] && model_find_project(&R.agency[a]->m, code) >= 0)
			return (int32_t)a;
	int32_t k = model_find_project(&R.base->m, code);
	if (k < 0)
		return -1;
	int32_t a = R.base->m.projects[k].agency;
	/* an agency with a model of its own that no longer holds it: it went (a full reload follows) */
	return a >= 0 && R.agency[a] ? -2 : a;
}

enum { APPLIED = 0, FAILED = -1, RELOAD = 1 };

/* Under mu: project code was written; its agency re-run, or RELOAD when
 * that cannot tell the whole truth (it moved, it went, a new agency). */
static int apply_project(struct book *b, const char *code, struct buf *err)
{
	char agency[128];
	int ex = store_project_head(b, code, agency, sizeof agency, NULL);
	if (ex < 0) {
		buf_printf(err, "%s: %s", b->path, L("无法读取项目", "cannot read the projects"));
		return FAILED;
	}
	if (!ex)
		return RELOAD;
	int32_t a = model_find_agency(&R.base->m, agency);
	if (a < 0)
		return RELOAD;
	int32_t was = holder_of(code);
	if (was == -2 || (was >= 0 && was != a))
		return RELOAD;
	const struct model *src = &view_of(a)->m;
	struct rmodel *x = xcalloc(1, sizeof(*x));
	x->refs = 1;
	/* the rows other than projects (history, evaluations, reviews, self-evaluations,
	 * plans) from the base, which holds the whole book's: an agency's own model holds
	 * only those of the projects it had, not a code's that comes back this year */
	draft_model_init(src, &R.base->m, agency, code, &x->m);
	if (store_model_add_project(b, code, &x->m, err) || model_finish(&x->m, err)) {
		model_release(&x->m);
		free(x);
		return FAILED;
	}
	/* what the store sets after model_finish: the agency's round and control
	 * number, each project's has_earlier (the written one's from the book) */
	int32_t sa = model_find_agency(src, agency), xa = model_find_agency(&x->m, agency);
	if (sa >= 0 && xa >= 0) {
		x->m.agencies[xa].season_round = src->agencies[sa].season_round;
		x->m.agencies[xa].control_fen = src->agencies[sa].control_fen;
	}
	for (size_t p = 0; p < x->m.n_projects; p++) {
		struct project *P = &x->m.projects[p];
		int32_t sp = model_find_project(src, P->code);
		int he = strcmp(P->code, code) && sp >= 0 ? src->projects[sp].has_earlier : store_project_has_earlier(b, P->code);
		if (he < 0) {
			buf_printf(err, "%s: %s", b->path, L("无法读取项目", "cannot read the projects"));
			model_release(&x->m);
			free(x);
			return FAILED;
		}
		P->has_earlier = (uint8_t)he;
	}
	if (rules_run(&x->m, &x->rr, err)) {
		model_release(&x->m);
		free(x);
		return FAILED;
	}
	unref(R.agency[a]);
	R.agency[a] = x;
	R.version++;
	if (getenv("ZBB_TRACE_RESIDENT"))
		fprintf(stderr, "resident: agency %s for project %s\n", agency, code);
	return APPLIED;
}

struct entry {
	int64_t id;
	char *action, *object;
};
struct entries {
	struct entry *v;
	size_t n, cap;
};

static int collect(int64_t id, const char *action, const char *object, void *arg)
{
	struct entries *e = arg;
	XGROW(e->v, e->cap, e->n + 1);
	e->v[e->n++] = (struct entry){ id, xstrdup(action), xstrdup(object) };
	return 0;
}

static int prefixed(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Under mu: reflect every committed entry. */
static int catch_up(struct book *b, struct buf *err)
{
	int64_t next = store_audit_next_id(b);
	if (next < 0) {
		buf_printf(err, "%s: audit: %s", b->path, L("无法读取审计日志", "cannot read the audit log"));
		return -1;
	}
	if (!R.base || strcmp(R.path, b->path) || strcmp(R.region, b->region) || R.year != b->year)
		return reload(b, next - 1, err);
	if (next - 1 <= R.seq)
		return 0;
	struct entries e = { 0 };
	int rc = store_audit_since(b, R.seq, collect, &e, err);
	for (size_t i = 0; i < e.n && !rc; i++) {
		const char *act = e.v[i].action;
		if (!strcmp(act, "project.update") || !strcmp(act, "project.create"))
			rc = apply_project(b, e.v[i].object, err);
		else if (!prefixed(act, "session.") && !prefixed(act, "user."))
			rc = RELOAD; /* anything else may change what the rules see */
		if (!rc)
			R.seq = e.v[i].id;
	}
	if (rc == RELOAD)
		rc = reload(b, e.n ? e.v[e.n - 1].id : next - 1, err);
	for (size_t i = 0; i < e.n; i++) {
		free(e.v[i].action);
		free(e.v[i].object);
	}
	free(e.v);
	if (rc)
		drop(); /* nothing half-applied is kept */
	return rc;
}

static int run_on(struct book *b, const char *code, const char *agency, resident_fn fn, void *arg, struct buf *err)
{
	pthread_mutex_lock(&mu);
	if (catch_up(b, err)) {
		pthread_mutex_unlock(&mu);
		return -1;
	}
	/* the project's agency as reflected (not as the book says now: a move
	 * committed since is reflected by the next read) */
	int32_t a = code ? holder_of(code) : model_find_agency(&R.base->m, agency);
	struct rmodel *x = view_of(a);
	x->refs++;
	pthread_mutex_unlock(&mu);
	int32_t k = code ? model_find_project(&x->m, code) : -1;
	int rc = fn(&x->m, &x->rr, k, arg);
	pthread_mutex_lock(&mu);
	unref(x);
	pthread_mutex_unlock(&mu);
	return rc;
}

/* The merged model m's rules result from the base's and the agencies'
 * (held[a], NULL: the base is agency a's view), each project's from the
 * model it was copied from (from, draft_model_merge's); ZBB_CHECK_RESIDENT=1
 * also runs the rules on m and refuses a result that differs. */
static int assemble(const struct model *m, const struct draft_from *from, const struct rmodel *base,
		    struct rmodel *const *held, size_t n_held, struct rules_result *rr, struct buf *err)
{
	struct rules_from *rf = xcalloc(m->n_projects + 1, sizeof(*rf));
	int rc = 0;
	for (size_t p = 0; p < m->n_projects && !rc; p++) {
		/* the model it came from: its agency's own (m's agencies are base's, in
		 * base's order), or the base */
		int32_t a = m->projects[p].agency;
		const struct rmodel *src = NULL;
		if (a >= 0 && (size_t)a < n_held && held[a] && &held[a]->m == from[p].m)
			src = held[a];
		else if (&base->m == from[p].m)
			src = base;
		if (!src) {
			buf_printf(err, L("项目 %s 不在常驻模型中", "project %s is not in the resident model"), m->projects[p].code);
			rc = -1;
		} else {
			rf[p] = (struct rules_from){ &src->m, &src->rr, from[p].project };
		}
	}
	if (!rc)
		rc = rules_assemble(m, rf, rr, err);
	free(rf);
	if (!rc && getenv("ZBB_CHECK_RESIDENT")) {
		struct rules_result full;
		if (rules_run(m, &full, err)) {
			rules_result_release(rr);
			return -1;
		}
		int same = rules_result_same(rr, &full);
		rules_result_release(&full);
		if (!same) {
			fprintf(stderr, "resident: the assembled rules differ from a full run\n");
			buf_adds(err, "resident: the assembled rules differ from a full run");
			rules_result_release(rr);
			return -1;
		}
	}
	return rc;
}

/* the models a pipeline's model points into (api_resident_pipeline) */
struct resident_hold {
	struct rmodel *base, **held;
	size_t n;
};

void api_resident_unhold(struct resident_hold *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&mu);
	for (size_t a = 0; a < h->n; a++)
		unref(h->held[a]);
	unref(h->base);
	pthread_mutex_unlock(&mu);
	free(h->held);
	free(h);
}

int api_resident_pipeline(struct book *b, const struct scenario_params *sp, struct pipeline *p, int64_t *version,
			  struct resident_hold **hold, struct buf *err)
{
	*hold = NULL;
	int64_t t0 = clock_mono_ns();
	pthread_mutex_lock(&mu);
	if (catch_up(b, err)) {
		pthread_mutex_unlock(&mu);
		return -1;
	}
	/* the base and the agencies' models as they are now, held while copied */
	size_t n = R.n_agencies;
	struct rmodel *base = R.base, **held = xcalloc(n + 1, sizeof(*held));
	const struct model **over = xcalloc(n + 1, sizeof(*over));
	base->refs++;
	for (size_t a = 0; a < n; a++)
		if ((held[a] = R.agency[a])) {
			held[a]->refs++;
			over[a] = &held[a]->m;
		}
	*version = R.version;
	pthread_mutex_unlock(&mu);

	struct model m;
	struct rules_result rr;
	int has_rr = 0;
	int64_t t1 = clock_mono_ns();
	struct draft_from *from = NULL;
	draft_model_merge(&base->m, over, &m, &from);
	int64_t t2 = clock_mono_ns();
	int rc = model_finish(&m, err);
	int64_t t3 = clock_mono_ns();
	if (!rc) {
		draft_model_merge_finish(&base->m, &m);
		/* the rules as they stand: each project's findings from the model
		 * that holds its agency (rules read across projects only within
		 * one), not run again for the whole city */
		if (!sp->n_sets) {
			rc = assemble(&m, from, base, held, n, &rr, err);
			has_rr = !rc;
		}
	}

	free(from);
	free(over);
	/* m points into base's and the agencies' texts: they stay while it lives */
	struct resident_hold *h = xcalloc(1, sizeof(*h));
	*h = (struct resident_hold){ base, held, n };
	int64_t t4 = clock_mono_ns();
	zb_fen next[2];
	if (!rc)
		rc = store_next_sources(b, b->year, next, err);
	if (rc) {
		if (has_rr)
			rules_result_release(&rr);
		model_release(&m);
		api_resident_unhold(h);
		return -1;
	}
	int64_t t5 = clock_mono_ns();
	rc = pipeline_run_model_next(&m, next, sp, has_rr ? &rr : NULL, p, err);
	if (rc)
		api_resident_unhold(h); /* p is released */
	else
		*hold = h;
	if (getenv("ZBB_TRACE_RESIDENT"))
		fprintf(stderr,
			"resident: pipeline of version %lld, rules %s (built %lld us: waited %lld, merged %lld, finished %lld,"
			" rules %lld; run %lld us)\n",
			(long long)*version, has_rr ? "assembled" : "run", (long long)(t5 - t0) / 1000,
			(long long)(t1 - t0) / 1000, (long long)(t2 - t1) / 1000, (long long)(t3 - t2) / 1000,
			(long long)(t4 - t3) / 1000, (long long)(clock_mono_ns() - t5) / 1000);
	return rc;
}

int64_t api_resident_version(struct book *b, struct buf *err)
{
	pthread_mutex_lock(&mu);
	int64_t v = catch_up(b, err) ? -1 : R.version;
	pthread_mutex_unlock(&mu);
	return v;
}

int api_resident_project(struct book *b, const char *code, resident_fn fn, void *arg, struct buf *err)
{
	return run_on(b, code, NULL, fn, arg, err);
}

int api_resident_agency(struct book *b, const char *agency, resident_fn fn, void *arg, struct buf *err)
{
	return run_on(b, NULL, agency, fn, arg, err);
}

void api_resident_release(void)
{
	pthread_mutex_lock(&mu);
	drop();
	pthread_mutex_unlock(&mu);
}
