/*
 * draft.c - the model of one agency with a draft project (see draft.h).
 */
#include "draft.h"

#include <string.h>

static const char *S(struct model *m, const char *s)
{
	return s ? model_str(m, s) : NULL;
}

static const char *I(struct model *m, const char *s)
{
	return s ? model_intern(m, s, strlen(s)) : NULL;
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

void draft_model_init(const struct model *src, const char *agency, const char *draft, struct model *out)
{
	model_init(out, src->year);
	out->set = src->set;
	for (size_t i = 0; i < src->n_agencies; i++) {
		const struct agency *a = &src->agencies[i];
		if (!eq(a->code, agency))
			continue;
		struct agency *x = model_add_agency(out);
		x->code = S(out, a->code);
		x->name = S(out, a->name);
		x->parent = NULL; /* the parent is not copied: nothing in the rules reads it */
		x->function = I(out, a->function);
		x->headcount = a->headcount;
		x->establishment = a->establishment;
		x->retired = a->retired;
		x->class_code = I(out, a->class_code);
	}
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
	for (size_t i = 0; i < src->n_projects; i++) {
		const struct project *p = &src->projects[i];
		if (!eq(p->agency_code, agency) || eq(p->code, draft))
			continue;
		struct project *x = model_add_project(out);
		*x = *p;
		x->code = S(out, p->code);
		x->agency_code = I(out, p->agency_code);
		x->name = S(out, p->name);
		x->function = I(out, p->function);
		x->basis = I(out, p->basis);
		x->priority_code = I(out, p->priority_code);
		x->agency = x->priority = x->evaluation = -1;
		for (int32_t k = p->first_item; k < p->first_item + p->n_items; k++) {
			struct item *y = model_add_item(out);
			*y = src->items[k];
			y->project_code = x->code;
			y->content = S(out, y->content);
			y->economic = I(out, y->economic);
			y->standard_code = I(out, y->standard_code);
			y->unit = I(out, y->unit);
			y->source = I(out, y->source);
			y->project = y->standard = y->econ = -1;
		}
		for (int32_t k = p->first_target; k < p->first_target + p->n_targets; k++) {
			struct target *y = model_add_target(out);
			*y = src->targets[k];
			y->project_code = x->code;
			y->level2 = I(out, y->level2);
			y->name = S(out, y->name);
			y->value = S(out, y->value);
			y->unit = I(out, y->unit);
			y->project = -1;
		}
	}
	for (size_t i = 0; i < src->n_history; i++) {
		const struct history *h = &src->history[i];
		if (!wanted(src, agency, draft, h->project_code))
			continue;
		struct history *x = model_add_history(out);
		*x = *h;
		x->project_code = S(out, h->project_code);
		x->agency_code = I(out, h->agency_code);
		x->name = S(out, h->name);
		x->project = x->agency = -1;
	}
	for (size_t i = 0; i < src->n_evaluations; i++) {
		const struct evaluation *e = &src->evaluations[i];
		if (!wanted(src, agency, draft, e->project_code))
			continue;
		struct evaluation *x = model_add_evaluation(out);
		*x = *e;
		x->project_code = I(out, e->project_code);
		x->evaluator = S(out, e->evaluator);
		x->date = I(out, e->date);
		x->project = -1;
	}
	for (size_t i = 0; i < src->n_reviews; i++) {
		const struct review *r = &src->reviews[i];
		if (!wanted(src, agency, draft, r->project_code))
			continue;
		struct review *x = model_add_review(out);
		*x = *r;
		x->project_code = I(out, r->project_code);
		x->reason = S(out, r->reason);
		x->reviewer = I(out, r->reviewer);
		x->project = x->item = -1;
	}
	for (size_t i = 0; i < src->n_quotas; i++) {
		struct quota *x = model_add_quota(out);
		*x = src->quotas[i];
		x->code = S(out, x->code);
		x->standard_code = I(out, x->standard_code);
		x->class_code = I(out, x->class_code);
		x->standard = -1;
	}
	for (size_t i = 0; i < src->n_selfevals; i++) {
		const struct selfeval *e = &src->selfevals[i];
		if (!wanted(src, agency, draft, e->project_code))
			continue;
		struct selfeval *x = model_add_selfeval(out);
		*x = *e;
		x->project_code = S(out, e->project_code);
		x->note = S(out, e->note);
		x->project = -1;
	}
	for (size_t i = 0; i < src->n_plans; i++) {
		const struct plan *p = &src->plans[i];
		if (!wanted(src, agency, draft, p->project_code))
			continue;
		struct plan *x = model_add_plan(out);
		*x = *p;
		x->project_code = I(out, p->project_code);
		x->project = -1;
	}
}
