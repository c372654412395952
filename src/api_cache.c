/*
 * api_cache.c - the per-connection cache of scenario pipelines and the
 * findings of a project as JSON (see api.h).
 *
 * Each book connection of the server's pool has its own entry (a request
 * holds its connection alone, so an entry is only ever used by one thread
 * at a time); the table of entries is guarded by a mutex only while an
 * entry is found or made.
 */
#include "api.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	int is_used;
	char name[72];
	char *params;          /* the parameters' JSON it was run with */
	struct api_stamp stamp;
	uint64_t last_used;
	struct pipeline p;
};

struct conn_cache {
	struct book *b;
	struct slot slots[API_CACHE_SLOTS];
	uint64_t clock;
};

#define MAX_CONNS 128
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct conn_cache *conns[MAX_CONNS];

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

void api_cache_release(struct book *b)
{
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

struct api_stamp api_cache_stamp(struct book *b)
{
	struct api_stamp s = { -1, sqlite3_total_changes64(b->db) };
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(b->db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			s.data_version = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	return s;
}

static int stamp_eq(struct api_stamp a, struct api_stamp b)
{
	return a.data_version >= 0 && a.data_version == b.data_version && a.changes == b.changes;
}

void api_cache_keep(struct book *b, struct api_stamp before)
{
	struct conn_cache *c = cache_of(b);
	struct api_stamp now = api_cache_stamp(b);
	if (now.data_version != before.data_version)
		return; /* another connection committed meanwhile: nothing is kept */
	for (int k = 0; c && k < API_CACHE_SLOTS; k++)
		if (c->slots[k].is_used && stamp_eq(c->slots[k].stamp, before))
			c->slots[k].stamp = now;
}

struct pipeline *api_pipeline(struct req *r, const char *name, int *found, struct buf *err)
{
	struct scenario_params sp;
	struct pipeline *out = NULL;
	*found = 1;
	struct api_stamp now = api_cache_stamp(r->b);
	if (!*name) {
		scenario_params_init(&sp, "base");
	} else {
		int f = scenario_find(r->b, name, &sp, err);
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
	struct conn_cache *c = cache_of(r->b);
	struct slot *s = NULL;
	assert(c); /* a server has at most 64 connections, released when it stops */
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
	if (pipeline_run(r->b, r->b->year, &sp, &p, err))
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

void api_findings_json(const struct model *m, const struct rules_result *rr, int32_t project, json_t *obj)
{
	json_t *arr = json_array(), *amounts = json_array();
	struct buf msg = BUF_INIT;
	const struct project *P = &m->projects[project];
	for (int32_t k = rr->project_findings[project]; k < rr->project_findings[project + 1]; k++) {
		const struct finding *f = &rr->findings[k];
		buf_reset(&msg);
		rules_message(m, f, &msg);
		json_t *o = json_pack("{s:s, s:s}", "code", rules_code_name((enum finding_code)f->code), "severity",
				      rules_severity_name((enum severity)f->severity));
		json_object_set_new(o, "cause",
				    f->cause >= 0 ? json_string(rules_cause_name((enum cause)f->cause)) : json_null());
		json_object_set_new(o, "project", json_string(P->code));
		json_object_set_new(o, "seq", f->item >= 0 ? json_integer(m->items[f->item].seq) : json_null());
		json_object_set_new(o, "effect_fen", json_integer(f->effect_fen));
		json_object_set_new(o, "before_fen", json_integer(f->before_fen));
		json_object_set_new(o, "after_fen", json_integer(f->after_fen));
		json_t *ms = json_string(buf_str(&msg));
		json_object_set_new(o, "message", ms ? ms : json_string("?"));
		json_array_append_new(arr, o);
	}
	for (int32_t i = P->first_item; i < P->first_item + P->n_items; i++)
		json_array_append_new(amounts, json_pack("{s:i, s:I, s:I}", "seq", (int)m->items[i].seq, "requested_fen",
							 (json_int_t)rr->requested_fen[i], "approved_fen",
							 (json_int_t)rr->approved_fen[i]));
	json_object_set_new(obj, "findings", arr);
	json_object_set_new(obj, "amounts", amounts);
	json_object_set_new(obj, "approved_fen", json_integer(rr->project_approved_fen[project]));
	buf_release(&msg);
}
