/*
 * current.c - the current budget of an adopted year (SPEC §12, see
 * current.h for where an adjustment's money comes from and goes to).
 * Reads the adjustment lines through the store; builds the view without
 * touching the adopted pipeline.
 */
#include "current.h"
#include "money.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static int on_line(const struct store_adjustment *a, void *arg)
{
	struct current_lines *l = arg;
	XGROW(l->v, l->cap, l->n + 1);
	struct current_line *c = &l->v[l->n++];
	c->code = xstrdup(a->code ? a->code : "");
	c->kind = xstrdup(a->kind ? a->kind : "");
	c->date = xstrdup(a->date ? a->date : "");
	c->project = xstrdup(a->project ? a->project : "");
	c->agency = xstrdup(a->agency ? a->agency : "");
	c->trigger = xstrdup(a->trigger ? a->trigger : "");
	c->reason = xstrdup(a->reason ? a->reason : "");
	c->by = xstrdup(a->by ? a->by : "");
	c->seq = a->seq;
	c->amount = a->amount_fen;
	return 0;
}

int current_lines_load(struct book *b, struct current_lines *out, struct buf *err)
{
	memset(out, 0, sizeof(*out));
	if (store_adjustments_each(b, on_line, out, err) < 0) {
		current_lines_release(out);
		return -1;
	}
	return 0;
}

void current_lines_release(struct current_lines *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct current_line *c = &l->v[i];
		free(c->code);
		free(c->kind);
		free(c->date);
		free(c->project);
		free(c->agency);
		free(c->trigger);
		free(c->reason);
		free(c->by);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int current_adopted_name(struct book *b, char *out, struct buf *err)
{
	struct store_adoption a;
	int f = store_adoption_get(b, b->year, &a, err);
	if (f == 1)
		snprintf(out, 72, "%s", a.scenario);
	return f;
}

/* An item's draws as they stand while the documents are applied. */
struct live {
	struct alloc_draw *v;
	size_t n, cap;
	int is_set;
};

struct build {
	const struct pipeline *a;
	struct current *c;
	struct live *live; /* per item */
	zb_fen *pool;      /* per source: freed by the document being applied */
	size_t ns;
	struct buf *err;
};

static struct live *live_of(struct build *x, uint32_t item)
{
	struct live *l = &x->live[item];
	if (!l->is_set) {
		const struct alloc_result *ar = &x->a->ar;
		l->is_set = 1;
		for (uint32_t k = 0; k < ar->n_item_draws[item]; k++) {
			XGROW(l->v, l->cap, l->n + 1);
			l->v[l->n++] = ar->draws[ar->first_draw[item] + k];
		}
	}
	return l;
}

/* The item's draw on source s, made when it has none. */
static struct alloc_draw *draw_on(struct build *x, uint32_t item, uint32_t s)
{
	struct live *l = live_of(x, item);
	for (size_t k = 0; k < l->n; k++)
		if (l->v[k].source == s)
			return &l->v[k];
	XGROW(l->v, l->cap, l->n + 1);
	l->v[l->n] = (struct alloc_draw){ item, s, 0 };
	return &l->v[l->n++];
}

/* The item's home source (current.h), or UINT32_MAX when the year has none. */
static uint32_t home_of(struct build *x, uint32_t item)
{
	struct live *l = live_of(x, item);
	for (size_t k = 0; k < l->n; k++)
		if (l->v[k].source != DRAW_CARRYOVER)
			return l->v[k].source;
	const struct alloc_input *in = &x->a->in;
	for (size_t s = 0; s < in->n_sources; s++)
		if (!in->sources[s].is_earmarked)
			return (uint32_t)s;
	return in->n_sources ? 0 : UINT32_MAX;
}

#define CK(expr)                   \
	do {                       \
		if (expr)          \
			goto overflow; \
	} while (0)

/* A negative line: free -amount from the item's draws (current.h). */
static int line_decrease(struct build *x, uint32_t item, zb_fen need)
{
	struct alloc_result *r = &x->c->p.ar;
	struct live *l = live_of(x, item);
	int32_t project = x->a->m.items[item].project;
	for (size_t k = l->n; k-- > 0 && need > 0;) {
		struct alloc_draw *d = &l->v[k];
		zb_fen take = d->amount < need ? d->amount : need;
		if (take <= 0)
			continue;
		d->amount -= take;
		need -= take;
		if (d->source == DRAW_CARRYOVER) {
			CK(money_add(r->carry_left[project], take, &r->carry_left[project]));
			r->carryover_drawn -= take;
		} else {
			CK(money_add(r->source_left[d->source], take, &r->source_left[d->source]));
			CK(money_add(x->pool[d->source], take, &x->pool[d->source]));
		}
	}
	if (need > 0) {
		uint32_t h = home_of(x, item);
		if (h == UINT32_MAX)
			goto no_source;
		struct alloc_draw *d = draw_on(x, item, h);
		CK(money_sub(d->amount, need, &d->amount));
		CK(money_add(r->source_left[h], need, &r->source_left[h]));
		CK(money_add(x->pool[h], need, &x->pool[h]));
	}
	return 0;
overflow:
	buf_printf(x->err, "%s", L("调整后的金额超出范围", "an amount after the adjustments is out of range"));
	return -1;
no_source:
	buf_printf(x->err, "%s", L("本年度没有资金来源，调整无从安排", "the year has no sources to draw the adjustment on"));
	return -1;
}

/* A positive line: draw amount on what the document freed, then on the
 * item's home source (current.h). */
static int line_increase(struct build *x, uint32_t item, zb_fen need)
{
	struct alloc_result *r = &x->c->p.ar;
	for (size_t s = 0; s < x->ns && need > 0; s++) {
		zb_fen take = x->pool[s] < need ? x->pool[s] : need;
		if (take <= 0)
			continue;
		x->pool[s] -= take;
		need -= take;
		struct alloc_draw *d = draw_on(x, item, (uint32_t)s);
		CK(money_add(d->amount, take, &d->amount));
		r->source_left[s] -= take;
	}
	if (need > 0) {
		uint32_t h = home_of(x, item);
		if (h == UINT32_MAX)
			goto no_source;
		zb_fen left = r->source_left[h] > 0 ? r->source_left[h] : 0;
		zb_fen from_left = left < need ? left : need;
		r->source_left[h] -= from_left;
		CK(money_add(r->source_amount[h], need - from_left, &r->source_amount[h]));
		struct alloc_draw *d = draw_on(x, item, h);
		CK(money_add(d->amount, need, &d->amount));
	}
	return 0;
overflow:
	buf_printf(x->err, "%s", L("调整后的金额超出范围", "an amount after the adjustments is out of range"));
	return -1;
no_source:
	buf_printf(x->err, "%s", L("本年度没有资金来源，调整无从安排", "the year has no sources to draw the adjustment on"));
	return -1;
}

static zb_fen *dup_fen(const zb_fen *v, size_t n)
{
	zb_fen *o = xcalloc(n ? n : 1, sizeof(zb_fen));
	if (n)
		memcpy(o, v, n * sizeof(zb_fen));
	return o;
}

int current_build(const struct pipeline *a, const struct current_lines *l, struct current *c, struct buf *err)
{
	const struct model *m = &a->m;
	const struct alloc_result *ar = &a->ar;
	size_t ni = m->n_items, ns = a->in.n_sources;
	int rc = -1;
	memset(c, 0, sizeof(*c));
	c->p = *a;
	c->p.frozen = 0; /* other figures than a's: nothing kept under a's serial */
	c->p.view = VIEW_CURRENT;
	struct alloc_result *r = &c->p.ar;
	r->funded = dup_fen(ar->funded, ni);
	r->source_amount = dup_fen(ar->source_amount, ns);
	r->source_left = dup_fen(ar->source_left, ns);
	r->carry_left = dup_fen(ar->carry_left, m->n_projects);
	r->draws = NULL;
	r->first_draw = xcalloc(ni ? ni : 1, sizeof(uint32_t));
	r->n_item_draws = xcalloc(ni ? ni : 1, sizeof(uint32_t));
	c->adjust = xcalloc(ni ? ni : 1, sizeof(zb_fen));
	struct build x = { a, c, xcalloc(ni ? ni : 1, sizeof(struct live)), xcalloc(ns ? ns : 1, sizeof(zb_fen)), ns,
			   err };
	uint32_t *item_of = xcalloc(l->n ? l->n : 1, sizeof(uint32_t));
	for (size_t k = 0; k < l->n; k++) {
		int32_t it = model_find_item(m, model_find_project(m, l->v[k].project), (int32_t)l->v[k].seq);
		if (it < 0) {
			buf_printf(err, L("调整 %s：项目 %s 第 %lld 条明细不在批复的预算之中",
					  "adjustment %s: project %s item %lld is not in the adopted budget"),
				   l->v[k].code, l->v[k].project, (long long)l->v[k].seq);
			goto out;
		}
		item_of[k] = (uint32_t)it;
		if (money_add(c->adjust[it], l->v[k].amount, &c->adjust[it]) ||
		    money_add(r->funded[it], l->v[k].amount, &r->funded[it]) ||
		    money_add(r->funded_total, l->v[k].amount, &r->funded_total)) {
			buf_printf(err, "%s", L("调整后的金额超出范围", "an amount after the adjustments is out of range"));
			goto out;
		}
	}
	/* each document whole: its decreases, then its increases */
	for (size_t i = 0, j; i < l->n; i = j) {
		for (j = i; j < l->n && !strcmp(l->v[j].code, l->v[i].code); j++)
			if (l->v[j].amount < 0 && line_decrease(&x, item_of[j], -l->v[j].amount))
				goto out;
		for (size_t k = i; k < j; k++)
			if (l->v[k].amount > 0 && line_increase(&x, item_of[k], l->v[k].amount))
				goto out;
		memset(x.pool, 0, (ns ? ns : 1) * sizeof(zb_fen));
	}
	/* the draws again, grouped by item in item order, without empty ones */
	size_t nd = 0, cap = 0;
	for (size_t i = 0; i < ni; i++) {
		const struct alloc_draw *src = x.live[i].is_set ? x.live[i].v : ar->draws + ar->first_draw[i];
		size_t n = x.live[i].is_set ? x.live[i].n : ar->n_item_draws[i];
		r->first_draw[i] = (uint32_t)nd;
		for (size_t k = 0; k < n; k++) {
			if (!src[k].amount)
				continue;
			XGROW(r->draws, cap, nd + 1);
			r->draws[nd++] = src[k];
		}
		r->n_item_draws[i] = (uint32_t)(nd - r->first_draw[i]);
	}
	r->n_draws = nd;
	r->earmarked_unused = 0;
	for (size_t s = 0; s < ns; s++)
		if (a->in.sources[s].is_earmarked && r->source_left[s] > 0 &&
		    money_add(r->earmarked_unused, r->source_left[s], &r->earmarked_unused)) {
			buf_printf(err, "%s", L("调整后的金额超出范围", "an amount after the adjustments is out of range"));
			goto out;
		}
	rc = 0;
out:
	for (size_t i = 0; i < ni; i++)
		free(x.live[i].v);
	free(x.live);
	free(x.pool);
	free(item_of);
	if (rc)
		current_release(c);
	return rc;
}

void current_release(struct current *c)
{
	if (c->p.view == VIEW_CURRENT) {
		free(c->p.ar.funded);
		free(c->p.ar.source_amount);
		free(c->p.ar.source_left);
		free(c->p.ar.carry_left);
		free(c->p.ar.draws);
		free(c->p.ar.first_draw);
		free(c->p.ar.n_item_draws);
	}
	free(c->adjust);
	memset(c, 0, sizeof(*c));
}
