/*
 * draft.c - the model of one agency with a draft project (see draft.h).
 */
#include "draft.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *S(struct model *m, const char *s)
{
	return s ? model_str(m, s) : NULL;
}

static const char *I(struct model *m, const char *s)
{
	return s ? model_intern(m, s, strlen(s)) : NULL;
}

/* Interned copies of the source's strings, remembered by the source's
 * pointer (a source string met again is the same text: the same copy),
 * so that a city's items do not look up their codes one by one. */
#define ICACHE 4096
struct icache {
	const char *from[ICACHE], *to[ICACHE];
};

static const char *IC(struct model *m, struct icache *c, const char *s)
{
	if (!s)
		return NULL;
	size_t h = ((uintptr_t)s >> 3) * 0x9E3779B97F4A7C15ULL >> 52; /* 12 bits */
	if (c->from[h] != s) {
		c->from[h] = s;
		c->to[h] = model_intern(m, s, strlen(s));
	}
	return c->to[h];
}

static int eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Whether a child row (by its project code) belongs to the copied set:
 * the agency's projects, the draft included. */
static int wanted(const struct model *src, const char *agency, const char *draft, const char *project_code)
{
	if (eq(project_code, draft))
		return 1;
	int32_t p = model_find_project(src, project_code);
	return p >= 0 && eq(src->projects[p].agency_code, agency);
}

/* --- one row of each kind, its strings copied into out ------------------- */

static void copy_agency(struct model *out, const struct agency *a, int with_parent)
{
	struct agency *x = model_add_agency(out);
	x->code = S(out, a->code);
	x->name = S(out, a->name);
	x->parent = with_parent ? S(out, a->parent) : NULL;
	x->function = I(out, a->function);
	x->headcount = a->headcount;
	x->establishment = a->establishment;
	x->retired = a->retired;
	x->class_code = I(out, a->class_code);
}

/* the reference lists and the prices: everything but agencies, projects and their rows */
static void copy_lists(const struct model *src, struct model *out)
{
	for (size_t i = 0; i < src->n_bases; i++) {
		struct basis *x = model_add_basis(out);
		*x = src->bases[i];
		x->code = I(out, x->code);
		x->title = S(out, x->title);
	}
	for (size_t i = 0; i < src->n_standards; i++) {
		struct standard *x = model_add_standard(out);
		*x = src->standards[i];
		x->code = I(out, x->code);
		x->name = S(out, x->name);
		x->economic = I(out, x->economic);
		x->unit = I(out, x->unit);
		x->basis = I(out, x->basis);
		x->basis_idx = -1;
	}
	for (size_t i = 0; i < src->n_priorities; i++) {
		struct priority *x = model_add_priority(out);
		*x = src->priorities[i];
		x->code = I(out, x->code);
		x->name = S(out, x->name);
	}
	for (size_t i = 0; i < src->n_negative; i++) {
		struct negative_entry *x = model_add_negative(out);
		*x = src->negative[i];
		x->code = S(out, x->code);
		x->description = S(out, x->description);
		x->economic = I(out, x->economic);
		x->keyword = S(out, x->keyword);
		x->except = S(out, x->except);
		x->excepts = NULL;
		x->n_excepts = 0;
	}
	for (size_t i = 0; i < src->n_pools; i++) {
		struct pool *x = model_add_pool(out);
		*x = src->pools[i];
		x->code = I(out, x->code);
		x->name = S(out, x->name);
		x->economic = S(out, x->economic);
		x->prefixes = NULL;
		x->n_prefixes = 0;
	}
	for (size_t i = 0; i < src->n_prices; i++) {
		struct price *x = model_add_price(out);
		*x = src->prices[i];
		x->pool_code = I(out, x->pool_code);
		x->standard_code = I(out, x->standard_code);
		x->pool = x->standard = -1;
	}
	for (size_t i = 0; i < src->n_quotas; i++) {
		struct quota *x = model_add_quota(out);
		*x = src->quotas[i];
		x->code = S(out, x->code);
		x->standard_code = I(out, x->standard_code);
		x->class_code = I(out, x->class_code);
		x->standard = -1;
	}
}

/* a project with its items and targets (the items know their project's
 * index in out, which holds while out's projects come in code order);
 * borrow: the strings that are not interned are src's own, not copied */
static void copy_project(const struct model *src, const struct project *p, struct model *out, struct icache *ic,
			 int borrow)
{
#define B(s) (borrow ? (s) : S(out, (s)))
	int32_t at = (int32_t)out->n_projects;
	struct project *x = model_add_project(out);
	*x = *p;
	x->code = B(p->code);
	x->agency_code = I(out, p->agency_code);
	x->name = B(p->name);
	x->function = I(out, p->function);
	x->basis = I(out, p->basis);
	x->priority_code = I(out, p->priority_code);
	x->agency = x->priority = x->evaluation = -1;
	for (int32_t k = p->first_item; k < p->first_item + p->n_items; k++) {
		struct item *y = model_add_item(out);
		*y = src->items[k];
		y->project_code = x->code;
		y->content = B(y->content);
		y->economic = IC(out, ic, y->economic);
		y->standard_code = IC(out, ic, y->standard_code);
		y->unit = IC(out, ic, y->unit);
		y->source = IC(out, ic, y->source);
		y->project = at;
		y->standard = y->econ = -1;
	}
	for (int32_t k = p->first_target; k < p->first_target + p->n_targets; k++) {
		struct target *y = model_add_target(out);
		*y = src->targets[k];
		y->project_code = x->code;
		y->level2 = IC(out, ic, y->level2);
		y->name = B(y->name);
		y->value = B(y->value);
		y->unit = IC(out, ic, y->unit);
		y->project = -1;
	}
#undef B
}

static void copy_history(struct model *out, const struct history *h)
{
	struct history *x = model_add_history(out);
	*x = *h;
	x->project_code = S(out, h->project_code);
	x->agency_code = I(out, h->agency_code);
	x->name = S(out, h->name);
	x->project = x->agency = -1;
}

static void copy_evaluation(struct model *out, const struct evaluation *e)
{
	struct evaluation *x = model_add_evaluation(out);
	*x = *e;
	x->project_code = I(out, e->project_code);
	x->evaluator = S(out, e->evaluator);
	x->date = I(out, e->date);
	x->project = -1;
}

static void copy_review(struct model *out, const struct review *r)
{
	struct review *x = model_add_review(out);
	*x = *r;
	x->project_code = I(out, r->project_code);
	x->reason = S(out, r->reason);
	x->reviewer = I(out, r->reviewer);
	x->project = x->item = -1;
}

static void copy_selfeval(struct model *out, const struct selfeval *e)
{
	struct selfeval *x = model_add_selfeval(out);
	*x = *e;
	x->project_code = S(out, e->project_code);
	x->note = S(out, e->note);
	x->project = -1;
}

static void copy_plan(struct model *out, const struct plan *p)
{
	struct plan *x = model_add_plan(out);
	*x = *p;
	x->project_code = I(out, p->project_code);
	x->project = -1;
}

/* --- the draft's model -------------------------------------------------------- */

void draft_model_init(const struct model *src, const struct model *rows, const char *agency, const char *draft,
		      struct model *out)
{
	const struct model *r = rows ? rows : src;
	model_init(out, src->year);
	out->set = src->set;
	for (size_t i = 0; i < src->n_agencies; i++)
		if (eq(src->agencies[i].code, agency))
			copy_agency(out, &src->agencies[i], 0); /* the parent: nothing in the rules reads it */
	copy_lists(src, out);
	struct icache *ic = xcalloc(1, sizeof(*ic));
	for (size_t i = 0; i < src->n_projects; i++) {
		const struct project *p = &src->projects[i];
		if (eq(p->agency_code, agency) && !eq(p->code, draft))
			copy_project(src, p, out, ic, 0);
	}
	free(ic);
	for (size_t i = 0; i < r->n_history; i++)
		if (wanted(src, agency, draft, r->history[i].project_code))
			copy_history(out, &r->history[i]);
	for (size_t i = 0; i < r->n_evaluations; i++)
		if (wanted(src, agency, draft, r->evaluations[i].project_code))
			copy_evaluation(out, &r->evaluations[i]);
	for (size_t i = 0; i < r->n_reviews; i++)
		if (wanted(src, agency, draft, r->reviews[i].project_code))
			copy_review(out, &r->reviews[i]);
	for (size_t i = 0; i < r->n_selfevals; i++)
		if (wanted(src, agency, draft, r->selfevals[i].project_code))
			copy_selfeval(out, &r->selfevals[i]);
	for (size_t i = 0; i < r->n_plans; i++)
		if (wanted(src, agency, draft, r->plans[i].project_code))
			copy_plan(out, &r->plans[i]);
}

/* --- the whole book from a base and its agencies' newer models ------------------ */

/* a project to copy, and the model that holds it */
struct pick {
	const struct model *m;
	const struct project *p;
};

static int cmp_pick(const void *a, const void *b)
{
	return strcmp(((const struct pick *)a)->p->code, ((const struct pick *)b)->p->code);
}

void draft_model_merge(const struct model *base, const struct model *const *over, struct model *out,
		       struct draft_from **from)
{
	model_init(out, base->year);
	out->set = base->set;
	for (size_t i = 0; i < base->n_agencies; i++)
		copy_agency(out, &base->agencies[i], 1);
	copy_lists(base, out);
	for (size_t i = 0; i < base->n_sources; i++) {
		struct source *x = model_add_source(out);
		*x = base->sources[i];
		x->code = I(out, x->code);
		x->name = S(out, x->name);
		x->function = S(out, x->function);
		x->prefixes = NULL;
		x->n_prefixes = 0;
	}
	/* the projects in code order (so model_finish need not sort them nor
	 * their items): base's that stay, and the newer models' merged in */
	struct pick *v = NULL;
	size_t n = 0, cap = 0, n_base;
	for (size_t i = 0; i < base->n_projects; i++) {
		const struct project *p = &base->projects[i];
		if (p->agency < 0 || !over[p->agency]) { /* base is finished: p->agency is its agency's index */
			XGROW(v, cap, n + 1);
			v[n++] = (struct pick){ base, p };
		}
	}
	n_base = n;
	for (size_t a = 0; a < base->n_agencies; a++) {
		if (!over[a])
			continue;
		for (size_t i = 0; i < over[a]->n_projects; i++) {
			const struct project *p = &over[a]->projects[i];
			if (eq(p->agency_code, base->agencies[a].code)) {
				XGROW(v, cap, n + 1);
				v[n++] = (struct pick){ over[a], p };
			}
		}
	}
	if (n > n_base)
		qsort(v + n_base, n - n_base, sizeof(*v), cmp_pick);
	size_t n_items = 0, n_targets = 0;
	for (size_t i = 0; i < n; i++) {
		n_items += (size_t)v[i].p->n_items;
		n_targets += (size_t)v[i].p->n_targets;
	}
	model_reserve(out, n, n_items, n_targets);
	struct icache *ic = xcalloc(1, sizeof(*ic));
	struct draft_from *f = from ? xmalloc((n + 1) * sizeof(*f)) : NULL;
	for (size_t i = 0, j = n_base; i < n_base || j < n;) {
		const struct pick *k = j >= n || (i < n_base && strcmp(v[i].p->code, v[j].p->code) < 0) ? &v[i++] : &v[j++];
		if (f)
			f[out->n_projects] = (struct draft_from){ k->m, (int32_t)(k->p - k->m->projects) };
		copy_project(k->m, k->p, out, ic, 1); /* out lives no longer than base and over (draft.h) */
	}
	if (from)
		*from = f;
	free(ic);
	free(v);
	for (size_t i = 0; i < base->n_history; i++)
		copy_history(out, &base->history[i]);
	for (size_t i = 0; i < base->n_evaluations; i++)
		copy_evaluation(out, &base->evaluations[i]);
	for (size_t i = 0; i < base->n_reviews; i++)
		copy_review(out, &base->reviews[i]);
	for (size_t i = 0; i < base->n_selfevals; i++)
		copy_selfeval(out, &base->selfevals[i]);
	for (size_t i = 0; i < base->n_plans; i++)
		copy_plan(out, &base->plans[i]);
}

void draft_model_merge_finish(const struct model *base, struct model *out)
{
	for (size_t i = 0; i < out->n_agencies; i++) {
		int32_t a = model_find_agency(base, out->agencies[i].code);
		if (a >= 0) {
			out->agencies[i].season_round = base->agencies[a].season_round;
			out->agencies[i].control_fen = base->agencies[a].control_fen;
		}
	}
}
