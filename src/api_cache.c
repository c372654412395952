/*
 * api_cache.c - the per-connection cache of scenario pipelines (see
 * api_cache.h).
 *
 * Each book connection of the server's pool has its own entry (a request
 * holds its connection alone, so an entry is only ever used by one thread
 * at a time); the table of entries is guarded by a mutex only while an
 * entry is found or made.
 *
 * GET requests (reports, dashboards, the findings queue, explain; not a project's
 * findings) share instead one process-wide pipeline per scenario,
 * reference-counted: every write bumps data_version, and recomputing the
 * whole pipeline on each of the pool's connections after each write made
 * report reads under a write stream wait for one pipeline after another.
 * A shared pipeline is exact: it is served while it reflects the book's
 * last audit entry as of the request's start (every change of the book, by
 * any process, appends one), and is built from the server's resident
 * model (api_resident.h: the whole book as the last entry left it, without
 * reading the book again), so nothing is recomputed while nothing changed
 * and a change costs the rules and the allocation, not a book load.
 * Recomputation is single-flight: concurrent GETs of the same scenario wait
 * for the one computation under way instead of each running their own.
 * Every other request (writes, POST /check, what-ifs, which re-run the
 * allocation in place) uses its connection's own exact cache as before.
 */
#include "api_cache.h"
#include "clock.h"

#include "api_resident.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	int is_used;
	char name[72];
	char *params;          /* the parameters' JSON it was run with */
	struct store_stamp stamp;
	uint64_t last_used;
	struct pipeline p;
};

#define SHARED_HELD 8 /* shared pipelines one request may hold */
struct shared;

struct conn_cache {
	struct book *b;
	struct slot slots[API_CACHE_SLOTS];
	uint64_t clock;
	struct shared *held[SHARED_HELD]; /* released when the request ends */
	int n_held;
};

#define SHARED_MAX 4 /* shared pipelines kept at once (a city-scale one is ~25 MB) */

/* All under mu.  An entry is computing until is_ready; is_dead ones are
 * freed when no request holds them. */
struct shared {
	struct shared *next;
	char name[72];
	char *params;
	int64_t started; /* CLOCK_MONOTONIC ns, taken before the book was read */
	int64_t version; /* the resident model's version it was built from */
	int refs, is_ready, is_dead;
	struct pipeline p;
	struct resident_hold *hold; /* what p's model points into, let go after p */
};
static pthread_cond_t shared_cv = PTHREAD_COND_INITIALIZER;
static struct shared *shared_list;

#define MAX_CONNS 128
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct conn_cache *conns[MAX_CONNS];

static struct conn_cache *cache_of(struct book *b);

/* Under mu: unlink the dead entries no request holds, to be freed by
 * shared_free once mu is let go (a pipeline's release, and the resident
 * models it holds, whose lock a reload keeps for seconds, never wait
 * under mu, which every request's end takes). */
static struct shared *shared_sweep(void)
{
	struct shared *gone = NULL;
	for (struct shared **pp = &shared_list; *pp;) {
		struct shared *e = *pp;
		if (e->is_dead && !e->refs) {
			*pp = e->next;
			e->next = gone;
			gone = e;
		} else {
			pp = &e->next;
		}
	}
	return gone;
}

/* Not under mu: free what shared_sweep unlinked. */
static void shared_free(struct shared *gone)
{
	while (gone) {
		struct shared *e = gone;
		gone = e->next;
		if (e->is_ready)
			pipeline_release(&e->p);
		api_resident_unhold(e->hold); /* after the pipeline that points into them */
		free(e->params);
		free(e);
	}
}

void api_cache_done(struct book *b)
{
	struct conn_cache *c = cache_of(b);
	if (!c)
		return;
	pthread_mutex_lock(&mu);
	for (int i = 0; i < c->n_held; i++)
		c->held[i]->refs--;
	c->n_held = 0;
	struct shared *gone = shared_sweep();
	pthread_mutex_unlock(&mu);
	shared_free(gone);
}

/* The shared pipeline of (name, params) for a GET (see the top); NULL
 * with err on failure. */
static struct pipeline *shared_pipeline(struct book *b, struct conn_cache *c, const char *name, const char *params,
					const struct scenario_params *sp, struct buf *err)
{
	struct shared *e = NULL;
	/* the resident model as of the book's last entry now: a pipeline of
	 * its version is exact */
	int64_t now = api_resident_version(b, err);
	if (now < 0)
		return NULL;
	pthread_mutex_lock(&mu);
	for (;;) {
		struct shared *best = NULL, *flight = NULL;
		for (struct shared *x = shared_list; x; x = x->next) {
			if (x->is_dead || strcmp(x->name, name) || strcmp(x->params, params))
				continue;
			if (!x->is_ready)
				flight = x;
			else if (x->version >= now && (!best || x->started > best->started))
				best = x;
		}
		if (best) {
			best->refs++;
			c->held[c->n_held++] = best;
			pthread_mutex_unlock(&mu);
			return &best->p;
		}
		/* one computation at a time per scenario: one that began before
		 * the last entry cannot serve it, but the next one will,
		 * and waiting for it costs less than several pipelines at once
		 * (under a stream of writes every reader would start its own) */
		if (!flight)
			break;
		pthread_cond_wait(&shared_cv, &mu);
	}
	e = xcalloc(1, sizeof(*e));
	snprintf(e->name, sizeof e->name, "%s", name);
	e->params = xstrdup(params);
	e->started = clock_mono_ns();
	e->refs = 1;
	e->next = shared_list;
	shared_list = e;
	pthread_mutex_unlock(&mu);

	int rc = api_resident_pipeline(b, sp, &e->p, &e->version, &e->hold, err);

	pthread_mutex_lock(&mu);
	e->refs--;
	if (rc) {
		e->is_dead = 1;
	} else {
		e->is_ready = 1;
		pipeline_freeze(&e->p); /* shared from now on: read-only */
		e->refs++;
		c->held[c->n_held++] = e;
		/* older ones of the same scenario go, and the oldest past SHARED_MAX */
		int n = 0;
		for (struct shared *x = shared_list; x; x = x->next)
			if (x != e && !x->is_dead && x->is_ready && !strcmp(x->name, name) && !strcmp(x->params, params) &&
			    x->started < e->started)
				x->is_dead = 1;
		for (struct shared *x = shared_list; x; x = x->next)
			n += !x->is_dead;
		while (n-- > SHARED_MAX) {
			struct shared *old = NULL;
			for (struct shared *x = shared_list; x; x = x->next)
				if (!x->is_dead && x->is_ready && x != e && (!old || x->started < old->started))
					old = x;
			if (!old)
				break;
			old->is_dead = 1;
		}
	}
	struct shared *gone = shared_sweep();
	pthread_cond_broadcast(&shared_cv);
	pthread_mutex_unlock(&mu);
	shared_free(gone);
	return rc ? NULL : &e->p;
}

static struct conn_cache *cache_of(struct book *b)
{
	struct conn_cache *c = NULL;
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < MAX_CONNS && !c; i++)
		if (conns[i] && conns[i]->b == b)
			c = conns[i];
	for (size_t i = 0; i < MAX_CONNS && !c; i++)
		if (!conns[i]) {
			c = conns[i] = xcalloc(1, sizeof(*c));
			c->b = b;
		}
	pthread_mutex_unlock(&mu);
	return c; /* NULL only past MAX_CONNS live connections */
}

static void slot_clear(struct slot *s)
{
	if (s->is_used)
		pipeline_release(&s->p);
	free(s->params);
	memset(s, 0, sizeof(*s));
}

void api_cache_warm(struct book *b)
{
	int found;
	struct buf err = BUF_INIT;
	cache_pipeline(b, "base", 1, &found, &err); /* a failure: the first read tells it */
	buf_release(&err);
	api_cache_done(b);
	/* b is not one of the pool's: its entry goes, the shared pipeline stays */
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < MAX_CONNS; i++)
		if (conns[i] && conns[i]->b == b) {
			for (int k = 0; k < API_CACHE_SLOTS; k++)
				slot_clear(&conns[i]->slots[k]);
			free(conns[i]);
			conns[i] = NULL;
		}
	pthread_mutex_unlock(&mu);
}

void api_cache_release(struct book *b)
{
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < MAX_CONNS; i++)
		if (conns[i] && conns[i]->b == b) {
			for (int k = 0; k < conns[i]->n_held; k++)
				conns[i]->held[k]->refs--;
			for (int k = 0; k < API_CACHE_SLOTS; k++)
				slot_clear(&conns[i]->slots[k]);
			free(conns[i]);
			conns[i] = NULL;
		}
	/* the shared ones too: what no request holds goes (all, once the server has stopped) */
	for (struct shared *x = shared_list; x; x = x->next)
		if (x->is_ready)
			x->is_dead = 1;
	struct shared *gone = shared_sweep();
	pthread_mutex_unlock(&mu);
	shared_free(gone);
}

static int stamp_eq(struct store_stamp a, struct store_stamp b)
{
	return a.data_version >= 0 && a.data_version == b.data_version && a.writes == b.writes;
}

struct pipeline *cache_pipeline(struct book *b, const char *name, int may_share, int *found, struct buf *err)
{
	struct scenario_params sp;
	struct pipeline *out = NULL;
	*found = 1;
	struct store_stamp now = store_stamp(b);
	if (!*name) {
		scenario_params_init(&sp, "base");
	} else {
		int f = scenario_find(b, name, &sp, err);
		if (f < 0)
			return NULL;
		if (!f && strcmp(name, "base")) {
			*found = 0;
			scenario_params_release(&sp);
			return NULL;
		}
		if (!f)
			name = API_BOOK; /* base not stored is the book as it is: one slot for both */
	}
	char *params = scenario_params_json(&sp);
	struct conn_cache *c = cache_of(b);
	struct slot *s = NULL;
	assert(c); /* a server has at most 64 connections, released when it stops */
	if (may_share && c->n_held < SHARED_HELD) {
		out = shared_pipeline(b, c, name, params, &sp, err);
		goto out;
	}
	{
		c->clock++;
		for (int k = 0; k < API_CACHE_SLOTS && !s; k++) {
			struct slot *x = &c->slots[k];
			if (x->is_used && !strcmp(x->name, name) && !strcmp(x->params, params) && stamp_eq(x->stamp, now))
				s = x;
		}
		if (s) {
			s->last_used = c->clock;
			out = &s->p;
			goto out;
		}
		/* a free slot, else the least recently used one */
		s = &c->slots[0];
		for (int k = 0; k < API_CACHE_SLOTS; k++) {
			struct slot *x = &c->slots[k];
			if (!x->is_used) {
				s = x;
				break;
			}
			if (x->last_used < s->last_used)
				s = x;
		}
		slot_clear(s);
	}
	struct pipeline p;
	if (pipeline_run(b, b->year, &sp, &p, err))
		goto out;
	s->is_used = 1;
	snprintf(s->name, sizeof s->name, "%s", name);
	s->params = params;
	params = NULL;
	s->stamp = now;
	s->last_used = c->clock;
	s->p = p;
	out = &s->p;
out:
	free(params);
	scenario_params_release(&sp);
	return out;
}

/* --- answers kept whole (see api_cache.h) ------------------------------- */

struct answer {
	char *key, *body;
	size_t len;
	uint64_t used, hash; /* hash: of the key, looked at first */
};
static pthread_mutex_t answers_mu = PTHREAD_MUTEX_INITIALIZER;
static struct answer answers[API_ANSWERS_KEPT];
static size_t answers_bytes;
static uint64_t answers_clock;

static void answer_clear(struct answer *x)
{
	answers_bytes -= x->len;
	free(x->key);
	free(x->body);
	memset(x, 0, sizeof(*x));
}

const char *api_answer_find(const char *key, struct arena *a, size_t *len)
{
	char *out = NULL;
	uint64_t h = hash_bytes(key, strlen(key));
	pthread_mutex_lock(&answers_mu);
	for (size_t i = 0; i < API_ANSWERS_KEPT && !out; i++)
		if (answers[i].key && answers[i].hash == h && !strcmp(answers[i].key, key)) {
			answers[i].used = ++answers_clock;
			out = arena_alloc(a, answers[i].len + 1);
			memcpy(out, answers[i].body, answers[i].len);
			out[answers[i].len] = 0;
			*len = answers[i].len;
		}
	pthread_mutex_unlock(&answers_mu);
	return out;
}

void api_answer_keep(const char *key, const char *body, size_t len)
{
	if (len > API_ANSWERS_BYTES / 4)
		return;
	char *k = xstrdup(key), *v = xmalloc(len + 1);
	uint64_t h = hash_bytes(key, strlen(key));
	memcpy(v, body, len);
	v[len] = 0;
	pthread_mutex_lock(&answers_mu);
	for (size_t i = 0; i < API_ANSWERS_KEPT; i++)
		if (answers[i].key && answers[i].hash == h && !strcmp(answers[i].key, key))
			answer_clear(&answers[i]); /* two requests computed it at once: the later one stays */
	for (;;) {
		struct answer *old = NULL, *empty = NULL;
		for (size_t i = 0; i < API_ANSWERS_KEPT; i++) {
			if (!answers[i].key)
				empty = empty ? empty : &answers[i];
			else if (!old || answers[i].used < old->used)
				old = &answers[i];
		}
		if (empty && answers_bytes + len <= API_ANSWERS_BYTES) {
			*empty = (struct answer){ k, v, len, ++answers_clock, h };
			answers_bytes += len;
			break;
		}
		answer_clear(old); /* full: the least recently used goes */
	}
	pthread_mutex_unlock(&answers_mu);
}

void api_answers_release(void)
{
	pthread_mutex_lock(&answers_mu);
	for (size_t i = 0; i < API_ANSWERS_KEPT; i++)
		if (answers[i].key)
			answer_clear(&answers[i]);
	pthread_mutex_unlock(&answers_mu);
}
