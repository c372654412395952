/*
 * demo_season.c - the demo city's budget season (SPEC §11), run by `zbb
 * demo` after the city is loaded and allocated (see demo.h).
 *
 * Every step is an ordinary transition of season.c (season_act /
 * season_issue, each one store_write with its audit entry and event), by
 * the bureau's operator of the book: round 1 every agency submits (一上);
 * every seventh agency is returned once with an opinion (on one of its
 * projects, or on the whole agency) and submits again; the budget office
 * accepts them all and issues round 2's control numbers from the base
 * scenario's funded amounts (一下); each agency above its control number
 * lowers the prices of its own (not generated) items proportionally to
 * meet it, one store_write audited "demo.revise" per agency; then all
 * submit (二上), are accepted and approved (二下), and the approved requests
 * are allocated as scenario "final" (scenario.allocate).  The stages stop the
 * season after a step, so a new user may look at any state.
 *
 * All arithmetic is integer fen; the proportional price cut is floored
 * and then settled fen by fen, so each agency's request ends at or just
 * below its control number, never above.
 */
#include "demo.h"
#include "report.h"
#include "scenario.h"
#include "season.h"

#include <stdlib.h>
#include <string.h>

static const char *const stage_names[DEMO_STAGE_N] = { "draft", "submitted", "returned", "accepted", "issued",
							"approved" };

int demo_stage_parse(const char *s, int *out)
{
	for (int i = 0; i < DEMO_STAGE_N; i++)
		if (!strcmp(s, stage_names[i])) {
			*out = i;
			return 0;
		}
	return -1;
}

const char *demo_stage_list(void)
{
	return "draft|submitted|returned|accepted|issued|approved";
}

/* The opinions of the returns, in turn. */
static const char *const opinions[] = {
	"绩效目标不够明确，请细化产出指标和效果指标后重新申报",
	"部分明细单价高于支出标准，请按标准重新测算",
	"申报总额较上年增长过快，请压减一般性支出后重新申报",
	"请补充项目的政策依据文件，并说明与上年项目的区别",
};

struct ag {
	char *code;
	char *project; /* the first project not generated, for an opinion */
};

struct season_run {
	struct book *b;
	const struct season_actor *a;
	struct buf *msg;
	struct ag *ags;
	size_t n;
	struct strmap basic; /* generated projects (not revised by the demo) */
};

static int act(struct season_run *r, const char *agency, enum season_action action, const char *opinion,
	       const char *project)
{
	const char *projects[1] = { project };
	struct season_request q = { agency, action, opinion, projects, project ? 1 : 0, -1, 0, NULL };
	json_t *res = NULL;
	int rc = season_act(r->b, r->a, &q, &res, r->msg);
	json_decref(res);
	return rc;
}

/* --- the agency's own revision to its control number ------------------------ */

struct demo_item {
	char *project;
	int64_t seq;
	zb_fen price;
	zb_qty qty;
	struct val v[16];
	char *texts[16];
};

struct revise {
	struct season_run *r;
	const char *agency;
	zb_fen control;
	struct demo_item *items;
	size_t n, cap;
	const struct kind *k;
	int price_col, qty_col;
};

static int keep_item(const struct kind *k, const struct val *v, void *arg)
{
	struct revise *x = arg;
	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 64;
		x->items = xrealloc(x->items, x->cap * sizeof *x->items);
	}
	struct demo_item *it = &x->items[x->n++];
	memset(it, 0, sizeof *it);
	for (size_t c = 0; c < k->n_cols && c < 16; c++) {
		it->v[c] = v[c];
		if (kind_col_is_text(&k->cols[c]) && !v[c].is_null) {
			it->texts[c] = xmalloc(v[c].n + 1);
			memcpy(it->texts[c], v[c].s, v[c].n);
			it->texts[c][v[c].n] = 0;
			it->v[c].s = it->texts[c];
		}
	}
	it->project = it->texts[0];
	it->seq = v[1].i;
	it->price = v[x->price_col].i;
	it->qty = v[x->qty_col].i;
	return 0;
}

struct proj_list {
	struct season_run *r;
	char **codes;
	size_t n;
	zb_fen requested;
	int overflow;
};

static int list_project(const struct store_project_row *p, void *arg)
{
	struct proj_list *l = arg;
	for (size_t i = 0; i < p->n_items && !l->overflow; i++)
		l->overflow = money_line_add(&l->requested, p->price_fen[i], p->quantity[i]);
	if (!strmap_get(&l->r->basic, p->code, strlen(p->code))) {
		l->codes = xrealloc(l->codes, (l->n + 1) * sizeof *l->codes);
		l->codes[l->n++] = xstrdup(p->code);
	}
	return 0;
}

static int revise_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct revise *x = arg;
	struct proj_list l = { x->r, NULL, 0, 0, 0 };
	int rc = store_projects_each(b, x->agency, list_project, &l, err);
	for (size_t i = 0; !rc && i < l.n; i++)
		rc = store_rows_each(b, x->k, "project", l.codes[i], keep_item, x, err);
	zb_fen own = 0, cut = 0, target = 0;
	if (!rc && (l.overflow || money_sub(l.requested, x->control, &cut))) {
		buf_printf(err, "%s", L("示范单位的申报合计超出范围", "a demo agency's request overflows"));
		rc = -1;
	}
	for (size_t i = 0; !rc && i < x->n; i++)
		if (money_line_add(&own, x->items[i].price, x->items[i].qty)) {
			buf_printf(err, "%s", L("示范单位的申报合计超出范围", "a demo agency's request overflows"));
			rc = -1;
		}
	if (!rc && (cut <= 0 || own < cut)) {
		/* nothing to do, or the generated projects alone exceed the control */
		rc = cut <= 0 ? 0 : 1;
		goto out;
	}
	target = own - cut;
	/* every own item's price × target / own, floored; then the biggest
	 * lines lose one fen at a time until the total is within target */
	zb_fen now = 0;
	for (size_t i = 0; !rc && i < x->n; i++) {
		struct demo_item *it = &x->items[i];
		it->price = (zb_fen)((__int128)it->price * target / own);
		money_line_add(&now, it->price, it->qty);
	}
	for (int guard = 0; !rc && now > target && guard < 1000000; guard++) {
		size_t best = 0;
		for (size_t i = 1; i < x->n; i++)
			if (x->items[i].price > x->items[best].price)
				best = i;
		struct demo_item *it = &x->items[best];
		if (it->price <= 0)
			break;
		zb_fen before = 0, after = 0;
		money_line_add(&before, it->price, it->qty);
		/* lower by the excess at this quantity, at least one fen */
		zb_fen step = (zb_fen)(((__int128)(now - target) * QTY_ONE + it->qty - 1) / (it->qty ? it->qty : 1));
		if (step < 1)
			step = 1;
		it->price = it->price > step ? it->price - step : 0;
		money_line_add(&after, it->price, it->qty);
		now += after - before;
	}
	if (!rc && now > target) {
		rc = 1;
		goto out;
	}
	for (size_t i = 0; !rc && i < x->n; i++) {
		struct demo_item *it = &x->items[i];
		it->v[x->price_col].i = it->price;
		if (store_row_put(b, x->k, it->v, STORE_UPDATE, err) != STORE_OK)
			rc = -1;
	}
	c->before = json_pack("{s:s, s:I, s:I}", "agency", x->agency, "requested_fen", (json_int_t)l.requested,
			      "control_fen", (json_int_t)x->control);
	c->after = json_pack("{s:s, s:I, s:I}", "agency", x->agency, "requested_fen",
			     (json_int_t)(l.requested - own + now), "items_revised", (json_int_t)x->n);
out:
	for (size_t i = 0; i < l.n; i++)
		free(l.codes[i]);
	free(l.codes);
	return rc;
}

static void revise_release(struct revise *x)
{
	for (size_t i = 0; i < x->n; i++)
		for (int c = 0; c < 16; c++)
			free(x->items[i].texts[c]);
	free(x->items);
}

/* The agency lowers its own items' prices to meet its control number
 * (one audited change).  0; 1 when it cannot (msg says why); -1. */
static int revise(struct season_run *r, const char *agency, zb_fen control)
{
	struct revise x;
	memset(&x, 0, sizeof x);
	x.r = r;
	x.agency = agency;
	x.control = control;
	x.k = kind_find("items");
	x.price_col = kind_col(x.k, "price");
	x.qty_col = kind_col(x.k, "quantity");
	/* a bulk write: the demo computed every price itself (on PostgreSQL no
	 * savepoint per item, 60,000 of them in a season) */
	struct store_change c = { r->a->who, "demo.revise", agency, NULL, NULL, STORE_BULK };
	int rc = store_write(r->b, &c, revise_fn, &x, r->msg);
	store_change_release(&c);
	revise_release(&x);
	if (rc == 1)
		buf_printf(r->msg, L("示范单位 %s 无法压减到控制数以内", "the demo agency %s cannot meet its control number"),
			   agency);
	return rc;
}

/* --- the season --------------------------------------------------------------- */

static int first_own(const struct store_project_row *p, void *arg)
{
	struct season_run *r = arg;
	struct ag *g = &r->ags[r->n];
	if (!g->project && p->n_items && !strmap_get(&r->basic, p->code, strlen(p->code)))
		g->project = xstrdup(p->code);
	return 0;
}

int demo_season_begun(struct book *b, struct buf *err)
{
	json_t *all = season_json(b, NULL, err);
	if (!all)
		return -1;
	size_t i;
	json_t *o;
	int begun = 0;
	json_array_foreach(all, i, o)
	{
		if (json_integer_value(json_object_get(o, "round")) != 1 ||
		    strcmp(json_string_value(json_object_get(o, "state")), "draft") ||
		    json_integer_value(json_object_get(o, "version")) != 0)
			begun = 1;
	}
	json_decref(all);
	return begun;
}

int demo_season(struct book *b, const char *who, int stage, struct demo_season_result *out, struct buf *msg)
{
	memset(out, 0, sizeof *out);
	if (stage <= DEMO_STAGE_DRAFT)
		return 0;
	struct season_actor a = { who, ROLE_AGENCY | ROLE_REVIEWER | ROLE_BUDGET, NULL };
	struct season_run r = { b, &a, msg, NULL, 0, STRMAP_INIT };
	json_t *all = season_json(b, NULL, msg);
	if (!all)
		return -1;
	int rc = store_basic_codes(b, &r.basic, msg);
	size_t i;
	json_t *o;
	/* only a season not yet begun: every agency in round 1's draft, no history */
	int begun = rc ? 0 : demo_season_begun(b, msg);
	if (begun < 0)
		rc = -1;
	out->already = begun > 0;
	r.ags = xcalloc(json_array_size(all) + 1, sizeof *r.ags);
	json_array_foreach(all, i, o)
	{
		if (rc || out->already)
			break;
		r.ags[r.n].code = xstrdup(json_string_value(json_object_get(o, "agency")));
		rc = store_projects_each(b, r.ags[r.n].code, first_own, &r, msg);
		r.n++;
	}
	json_decref(all);
	if (out->already)
		goto done;
	/* 一上 */
	for (i = 0; !rc && i < r.n; i++)
		rc = act(&r, r.ags[i].code, SEASON_SUBMIT, NULL, NULL);
	if (rc || stage < DEMO_STAGE_RETURNED)
		goto done;
	/* every seventh agency returned with an opinion */
	for (i = 3; !rc && i < r.n; i += 7) {
		int whole = (out->returned % 3) == 2 || !r.ags[i].project;
		rc = act(&r, r.ags[i].code, SEASON_RETURN, opinions[out->returned % (sizeof opinions / sizeof *opinions)],
			 whole ? NULL : r.ags[i].project);
		out->returned++;
	}
	if (rc || stage < DEMO_STAGE_ACCEPTED)
		goto done;
	for (i = 3; !rc && i < r.n; i += 7)
		rc = act(&r, r.ags[i].code, SEASON_SUBMIT, NULL, NULL);
	for (i = 0; !rc && i < r.n; i++)
		rc = act(&r, r.ags[i].code, SEASON_ACCEPT, NULL, NULL);
	if (rc || stage < DEMO_STAGE_ISSUED)
		goto done;
	/* 一下: the control numbers from the first allocation */
	json_t *res = NULL;
	rc = season_issue(b, &a, 2, "base", &res, msg);
	json_decref(res);
	if (rc || stage < DEMO_STAGE_APPROVED)
		goto done;
	/* 二上: each agency meets its control number, and submits */
	all = season_json(b, NULL, msg);
	if (!all) {
		rc = -1;
		goto done;
	}
	json_array_foreach(all, i, o)
	{
		if (rc)
			break;
		json_t *req = json_object_get(o, "requested_fen"), *ctl = json_object_get(o, "control_fen");
		if (json_is_integer(ctl) && json_integer_value(req) > json_integer_value(ctl)) {
			rc = revise(&r, json_string_value(json_object_get(o, "agency")), (zb_fen)json_integer_value(ctl));
			out->revised++;
		}
	}
	json_decref(all);
	for (i = 0; !rc && i < r.n; i++)
		rc = act(&r, r.ags[i].code, SEASON_SUBMIT, NULL, NULL);
	for (i = 0; !rc && i < r.n; i++)
		rc = act(&r, r.ags[i].code, SEASON_ACCEPT, NULL, NULL);
	for (i = 0; !rc && i < r.n; i++)
		rc = act(&r, r.ags[i].code, SEASON_APPROVE, NULL, NULL);
	/* 二下's allocation of the approved requests, as scenario "final"
	 * (base stays the first allocation the control numbers came from) */
	if (!rc) {
		struct scenario_params sp;
		struct pipeline pl;
		scenario_params_init(&sp, "final");
		if (pipeline_run(b, b->year, &sp, &pl, msg)) {
			rc = -1;
		} else {
			json_t *summary = report_summary_json(&pl);
			if (!summary) {
				buf_printf(msg, "%s", L("金额合计超出范围", "a money total is out of range"));
				rc = -1;
			} else if (scenario_allocate(b, who, &pl, summary, msg)) {
				rc = -1;
			}
			json_decref(summary);
			pipeline_release(&pl);
		}
		scenario_params_release(&sp);
	}
done:
	out->agencies = r.n;
	for (i = 0; i < r.n; i++) {
		free(r.ags[i].code);
		free(r.ags[i].project);
	}
	free(r.ags);
	strmap_release(&r.basic);
	return rc;
}
