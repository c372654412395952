/*
 * scenario.c - one scenario end to end: model, rules, allocation; storing
 * and finding scenarios in the book (see scenario.h).
 */
#include "scenario.h"
#include "clock.h"
#include "season.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int scenario_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				  c == '_' || c == '-' || c == '.'))
			return 0;
	}
	return utf8_valid(s, n);
}

void scenario_params_init(struct scenario_params *sp, const char *name)
{
	memset(sp, 0, sizeof(*sp));
	snprintf(sp->name, sizeof sp->name, "%s", name ? name : "base");
	sp->capacity = -1;
}

void scenario_params_release(struct scenario_params *sp)
{
	for (size_t i = 0; i < sp->n_sets; i++) {
		free(sp->set_key[i]);
		free(sp->set_value[i]);
	}
	sp->n_sets = 0;
}

static int add_set(struct scenario_params *sp, const char *key, size_t kn, const char *value,
		   struct buf *err)
{
	char *k = xstrndup(key, kn);
	struct model_settings probe;
	settings_default(&probe);
	if (settings_apply(&probe, k, value, err)) {
		free(k);
		return -1;
	}
	for (size_t i = 0; i < sp->n_sets; i++)
		if (!strcmp(sp->set_key[i], k)) {
			free(sp->set_value[i]);
			sp->set_value[i] = xstrdup(value);
			free(k);
			return 0;
		}
	if (sp->n_sets == SCENARIO_MAX_SETS) {
		buf_adds(err, L("--set 太多", "too many --set"));
		free(k);
		return -1;
	}
	sp->set_key[sp->n_sets] = k;
	sp->set_value[sp->n_sets++] = xstrdup(value);
	return 0;
}

int scenario_params_set(struct scenario_params *sp, const char *kv, struct buf *err)
{
	const char *eq = strchr(kv, '=');
	if (!eq || eq == kv) {
		buf_printf(err, L("--set 应写作 KEY=VALUE：%s", "--set takes KEY=VALUE: %s"), kv);
		return -1;
	}
	return add_set(sp, kv, (size_t)(eq - kv), eq + 1, err);
}

char *scenario_params_json(const struct scenario_params *sp)
{
	json_t *o = json_object(), *set = json_object();
	json_object_set_new(o, "capacity_fen", sp->capacity >= 0 ? json_integer(sp->capacity) : json_null());
	for (size_t i = 0; i < sp->n_sets; i++)
		json_object_set_new(set, sp->set_key[i], json_string(sp->set_value[i]));
	json_object_set_new(o, "set", set);
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

int scenario_params_parse(const char *text, struct scenario_params *sp, struct buf *err)
{
	json_error_t je;
	json_t *o = json_loads(text, 0, &je), *v;
	int rc = -1;
	if (!o || !json_is_object(o)) {
		buf_printf(err, L("场景参数无法解析：%s", "cannot parse the scenario's parameters: %s"), je.text);
		goto out;
	}
	v = json_object_get(o, "capacity_fen");
	sp->capacity = json_is_integer(v) ? json_integer_value(v) : -1;
	json_t *set = json_object_get(o, "set");
	const char *k;
	json_object_foreach(set, k, v)
	{
		if (!json_is_string(v) || add_set(sp, k, strlen(k), json_string_value(v), err))
			goto out;
	}
	rc = 0;
out:
	json_decref(o);
	return rc;
}

/* The allocation's capacity and the planned expenditure of each year
 * (§6.4: the sources as the scenario sees them; a year without sources in
 * the book uses the budget year's). */
static int set_capacity(struct pipeline *p)
{
	zb_fen earmarked = 0, general = 0;
	for (size_t s = 0; s < p->m.n_sources; s++) {
		const struct source *src = &p->m.sources[s];
		zb_fen *acc = src->kind == SOURCE_EARMARKED ? &earmarked : &general;
		if (money_add(*acc, src->amount_fen, acc))
			return -1;
	}
	p->in.capacity = p->params.capacity;
	if (money_add(earmarked, p->params.capacity >= 0 ? p->params.capacity : general, &p->in.planned[0]))
		return -1;
	p->in.planned[1] = p->sources_next[0] >= 0 ? p->sources_next[0] : p->in.planned[0];
	p->in.planned[2] = p->sources_next[1] >= 0 ? p->sources_next[1] : p->in.planned[0];
	return 0;
}

static int build_input(struct pipeline *p, struct buf *err)
{
	const struct model *m = &p->m;
	size_t np = m->n_projects, ni = m->n_items, ns = m->n_sources;
	p->ap = xcalloc(np, sizeof(*p->ap));
	p->ai = xcalloc(ni, sizeof(*p->ai));
	p->as = xcalloc(ns + 1, sizeof(*p->as));
	for (size_t i = 0; i < np; i++) {
		const struct project *pr = &m->projects[i];
		struct alloc_project *a = &p->ap[i];
		a->code = pr->code;
		a->function = pr->function;
		a->tier = (enum tier)p->rr.tier[i];
		a->rank = pr->priority >= 0 ? m->priorities[pr->priority].rank : INT32_MAX;
		a->score = model_project_score(m, (int32_t)i);
		a->is_urgent = pr->is_urgent;
		a->is_new = pr->is_new;
		a->carryover = model_project_carryover(m, (int32_t)i);
		a->first_item = (size_t)pr->first_item;
		a->n_items = (size_t)pr->n_items;
		for (int32_t k = pr->first_plan; k < pr->first_plan + pr->n_plans; k++) {
			int y = m->plans[k].year - m->year;
			if (y < 0 || y >= ALLOC_YEARS)
				continue;
			a->has_plans = 1;
			if (money_add(a->plans[y], m->plans[k].amount_fen, &a->plans[y]))
				goto overflow;
		}
	}
	for (size_t i = 0; i < ni; i++)
		p->ai[i] = (struct alloc_item){ m->items[i].seq, m->items[i].level, p->rr.approved_fen[i] };
	size_t n_general = 0;
	for (size_t s = 0; s < ns; s++) {
		const struct source *src = &m->sources[s];
		n_general += src->kind == SOURCE_GENERAL;
		p->as[s] = (struct alloc_source){ src->code, src->kind == SOURCE_EARMARKED, src->function,
						  src->amount_fen };
	}
	/* a what-if capacity in a year without general sources: the capacity
	 * is a general source of its own (SPEC §6: it replaces their total) */
	size_t n_in = ns;
	if (p->params.capacity >= 0 && !n_general)
		p->as[n_in++] = (struct alloc_source){ PIPELINE_CAPACITY_SOURCE, 0, NULL, 0 };
	p->in = (struct alloc_input){ p->ap, np, p->ai, ni, p->as, n_in, p->params.capacity, { 0, 0, 0 },
				      m->set.affordability_ratio };
	if (set_capacity(p))
		goto overflow;
	return 0;
overflow:
	buf_adds(err, L("金额合计超出范围", "a money total is out of range"));
	return -1;
}

const char *pipeline_source_code(const struct pipeline *p, uint32_t s)
{
	return s == DRAW_CARRYOVER ? "" : p->as[s].code;
}

void pipeline_afford_message(const struct pipeline *p, size_t project, struct buf *out)
{
	const struct alloc_afford *a = &p->ar.afford[project];
	char b1[MONEY_BUFSZ], b2[MONEY_BUFSZ], b3[MONEY_BUFSZ], b4[MONEY_BUFSZ], b5[MONEY_BUFSZ], r[32];
	zb_fen total;
	if (__builtin_add_overflow(a->committed, a->plan, &total))
		total = INT64_MAX;
	buf_printf(out,
		   L("项目 %s 的中期财政规划 %d 年安排 %s 元，加上当年已有支出责任 %s 元共 %s 元，超过财政承受能力上限 %s 元"
		     "（当年计划支出 %s 元 × %s），不予安排（OVER_AFFORDABILITY）",
		     "project %s: its plan for %d is %s yuan; with the %s yuan already committed that year it comes to %s "
		     "yuan, above the affordability line of %s yuan (the year's planned expenditure %s yuan × %s): not "
		     "funded (OVER_AFFORDABILITY)"),
		   p->m.projects[project].code, p->m.year + a->year, money_format(a->plan, UNIT_YUAN, b1),
		   money_format(a->committed, UNIT_YUAN, b2), money_format(total, UNIT_YUAN, b3),
		   money_format(a->line, UNIT_YUAN, b4), money_format(p->in.planned[a->year], UNIT_YUAN, b5),
		   dec_format_min(p->in.affordability_ppm, 6, r));
}

const char *pipeline_source_name(const struct pipeline *p, uint32_t s)
{
	if (s == DRAW_CARRYOVER)
		return L("本项目上年结转", "the project's carryover");
	if (s < p->m.n_sources)
		return p->m.sources[s].name;
	return L("假设的一般财力", "what-if general funds");
}

static void copy_params(struct pipeline *p, const struct scenario_params *sp)
{
	scenario_params_init(&p->params, sp ? sp->name : "base");
	if (!sp)
		return;
	p->params.capacity = sp->capacity;
	for (size_t i = 0; i < sp->n_sets; i++) {
		p->params.set_key[i] = xstrdup(sp->set_key[i]);
		p->params.set_value[i] = xstrdup(sp->set_value[i]);
	}
	p->params.n_sets = sp->n_sets;
}

/* The allocation on the pipeline's input. */
static int allocate(struct pipeline *p, struct buf *err)
{
	if (alloc_run(&p->in, &p->ar)) {
		buf_adds(err, L("资金安排中金额合计超出范围", "a money total overflowed in the allocation"));
		return -1;
	}
	p->has_alloc = 1;
	return 0;
}

/* Settings overrides, rules, the allocation's input and the allocation on
 * the pipeline's model. */
static int run_model(struct pipeline *p, struct buf *err)
{
	for (size_t i = 0; i < p->params.n_sets; i++)
		if (settings_apply(&p->m.set, p->params.set_key[i], p->params.set_value[i], err))
			return -1;
	if (!p->has_rules && rules_run(&p->m, &p->rr, err))
		return -1;
	p->has_rules = 1;
	if (build_input(p, err))
		return -1;
	return allocate(p, err);
}

uint64_t pipeline_freeze(struct pipeline *p)
{
	static atomic_uint_fast64_t serial;
	return p->frozen = (uint64_t)atomic_fetch_add(&serial, 1) + 1;
}

int pipeline_run(struct book *b, int year, const struct scenario_params *sp, struct pipeline *p,
		 struct buf *err)
{
	memset(p, 0, sizeof(*p));
	copy_params(p, sp);
	if (store_model_load(b, year, &p->m, err))
		goto fail;
	p->has_model = 1;
	if (store_next_sources(b, year, p->sources_next, err) || run_model(p, err))
		goto fail;
	return 0;
fail:
	pipeline_release(p);
	return -1;
}

int pipeline_run_model(struct model *m, const struct scenario_params *sp, struct pipeline *p, struct buf *err)
{
	return pipeline_run_model_next(m, NULL, sp, NULL, p, err);
}

int pipeline_run_model_next(struct model *m, const zb_fen next[2], const struct scenario_params *sp,
			    struct rules_result *rr, struct pipeline *p, struct buf *err)
{
	memset(p, 0, sizeof(*p));
	copy_params(p, sp);
	p->m = *m;
	memset(m, 0, sizeof(*m));
	p->has_model = 1;
	if (rr) {
		/* the model's rules, already run: valid unless the scenario changes a setting */
		if (!sp || !sp->n_sets) {
			p->rr = *rr;
			p->has_rules = 1;
		} else {
			rules_result_release(rr);
		}
		memset(rr, 0, sizeof(*rr));
	}
	p->sources_next[0] = next ? next[0] : -1;
	p->sources_next[1] = next ? next[1] : -1;
	if (run_model(p, err)) {
		pipeline_release(p);
		return -1;
	}
	return 0;
}

int pipeline_realloc(struct pipeline *p, zb_fen capacity, struct buf *err)
{
	if (p->has_alloc)
		alloc_result_free(&p->ar);
	p->has_alloc = 0;
	/* only the capacity changes: the projects, items and sources stay as
	 * built, except the what-if source of a year without general ones */
	int had_virtual = p->in.n_sources > p->m.n_sources;
	int has_general = 0;
	for (size_t s = 0; s < p->m.n_sources; s++)
		has_general |= p->m.sources[s].kind == SOURCE_GENERAL;
	p->params.capacity = capacity;
	if (had_virtual != (capacity >= 0 && !has_general)) {
		free(p->ap);
		free(p->ai);
		free(p->as);
		p->ap = NULL;
		p->ai = NULL;
		p->as = NULL;
		if (build_input(p, err))
			return -1;
	} else if (set_capacity(p)) {
		buf_adds(err, L("金额合计超出范围", "a money total is out of range"));
		return -1;
	}
	return allocate(p, err);
}

void pipeline_release_at_exit(struct pipeline *p)
{
#if defined(__SANITIZE_ADDRESS__)
#define ZBB_FREE_AT_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ZBB_FREE_AT_EXIT 1
#endif
#endif
#ifdef ZBB_FREE_AT_EXIT
	pipeline_release(p);
#else
	(void)p; /* a release build leaves the pages to the kernel at exit */
#endif
}

void pipeline_release(struct pipeline *p)
{
	if (p->has_alloc)
		alloc_result_free(&p->ar);
	if (p->has_rules)
		rules_result_release(&p->rr);
	if (p->has_model)
		model_release(&p->m);
	free(p->ap);
	free(p->ai);
	free(p->as);
	scenario_params_release(&p->params);
	memset(p, 0, sizeof(*p));
}

enum item_status pipeline_item_status(const struct pipeline *p, size_t item)
{
	if (p->rr.item_flags[item] & ITEM_REJECTED)
		return STATUS_REJECTED;
	uint32_t k = p->ar.pkg_of_item[item];
	if (k != UINT32_MAX && p->ar.packages[k].decision == PKG_FUNDED)
		return STATUS_FUNDED;
	return STATUS_CUT;
}

const char *item_status_name(enum item_status s)
{
	return s == STATUS_FUNDED ? "funded" : s == STATUS_CUT ? "cut" : "rejected";
}

static void add_code(struct buf *out, const char *code)
{
	/* codes are few per item: a linear look for duplicates is enough */
	const char *s = buf_str(out);
	size_t n = strlen(code);
	for (const char *q = s; (q = strstr(q, code)); q += n)
		if ((q == s || q[-1] == ';') && (q[n] == ';' || q[n] == 0))
			return;
	if (out->len)
		buf_addc(out, ';');
	buf_adds(out, code);
}

/* the allocation's codes of an item, after its findings' */
static void package_codes(const struct pipeline *p, size_t item, struct buf *out);

void pipeline_item_codes(const struct pipeline *p, size_t item, struct buf *out)
{
	int32_t pr = p->m.items[item].project;
	for (int32_t k = p->rr.project_findings[pr]; k < p->rr.project_findings[pr + 1]; k++) {
		const struct finding *f = &p->rr.findings[k];
		if (f->item == -1 || f->item == (int32_t)item)
			add_code(out, rules_code_name((enum finding_code)f->code));
	}
	package_codes(p, item, out);
}

void pipeline_project_codes(const struct pipeline *p, int32_t pr, struct buf *out)
{
	const struct project *P = &p->m.projects[pr];
	for (int32_t k = 0; k < P->n_items; k++)
		buf_reset(&out[k]);
	/* the findings in their order, each to the items it is of */
	for (int32_t k = p->rr.project_findings[pr]; k < p->rr.project_findings[pr + 1]; k++) {
		const struct finding *f = &p->rr.findings[k];
		const char *code = rules_code_name((enum finding_code)f->code);
		if (f->item == -1) {
			for (int32_t i = 0; i < P->n_items; i++)
				add_code(&out[i], code);
		} else if (f->item >= P->first_item && f->item < P->first_item + P->n_items) {
			add_code(&out[f->item - P->first_item], code);
		}
	}
	for (int32_t i = 0; i < P->n_items; i++)
		package_codes(p, (size_t)(P->first_item + i), &out[i]);
}

static void package_codes(const struct pipeline *p, size_t item, struct buf *out)
{
	uint32_t k = p->ar.pkg_of_item[item];
	if (k == UINT32_MAX || p->rr.approved_fen[item] == 0)
		return;
	const struct alloc_package *pk = &p->ar.packages[k];
	if (pk->decision == PKG_OVER_AFFORDABILITY)
		add_code(out, rules_code_name(F_OVER_AFFORDABILITY));
	else if (pk->decision != PKG_FUNDED) {
		add_code(out, rules_code_name(F_CUT_CAPACITY));
		if (TIER_GUARANTEED(p->ap[pk->project].tier))
			add_code(out, rules_code_name(F_SHORTFALL));
	}
}

/* --- the stored results (issue 12) -----------------------------------------
 * A row per agency (store_scenario_put_agency): its funded total and a blob,
 * little-endian, of fixed-width arrays:
 *
 *     "zbbR"  u32 format (1)  u32 np  u32 ni  u32 nd  u32 ns  u32 text_len
 *     i64 project_funded[np]  u32 project_items[np]
 *     u32 item_seq[ni]  i64 item_funded[ni]  u8 item_status[ni]  u32 item_draws[ni]
 *     u32 draw_source[nd]  i64 draw_amount[nd]
 *     text: np project codes, then ns source codes, each ending in NUL
 *
 * the agency's projects in the book's order, their items in order, each
 * item's draws in order; draw_source indexes this blob's ns sources (""
 * is a project's own carryover).  The findings' codes are not kept: a
 * report re-runs the pipeline on the kept inputs. */
#define RESULTS_MAGIC "zbbR"
#define RESULTS_FORMAT 1
#define RESULTS_HEAD 28

static unsigned char *put32(unsigned char *o, uint32_t v)
{
	for (int k = 0; k < 4; k++)
		*o++ = (unsigned char)(v >> (8 * k));
	return o;
}

static unsigned char *put64(unsigned char *o, int64_t v)
{
	uint64_t u = (uint64_t)v;
	for (int k = 0; k < 8; k++)
		*o++ = (unsigned char)(u >> (8 * k));
	return o;
}

static uint32_t get32(const unsigned char *o)
{
	return (uint32_t)o[0] | (uint32_t)o[1] << 8 | (uint32_t)o[2] << 16 | (uint32_t)o[3] << 24;
}

static int64_t get64(const unsigned char *o)
{
	uint64_t u = 0;
	for (int k = 7; k >= 0; k--)
		u = u << 8 | o[k];
	return (int64_t)u;
}

static const struct model *sort_model;

static int by_agency(const void *a, const void *b)
{
	const struct project *x = &sort_model->projects[*(const uint32_t *)a];
	const struct project *y = &sort_model->projects[*(const uint32_t *)b];
	int c = strcmp(x->agency_code ? x->agency_code : "", y->agency_code ? y->agency_code : "");
	if (c)
		return c;
	return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

/* A draw's source as an index of local[]: the pipeline's sources, then
 * the carryover. */
static uint32_t slot(const struct pipeline *p, uint32_t source)
{
	return source == DRAW_CARRYOVER ? (uint32_t)p->in.n_sources : source;
}

/* One agency's blob: the projects ord[0..np) (all of one agency). */
static int results_blob(const struct pipeline *p, const uint32_t *ord, size_t np, int32_t *local, uint32_t *used,
			struct buf *out, zb_fen *funded_total)
{
	const struct model *m = &p->m;
	size_t ni = 0, nd = 0, ns = 0, text = 0;
	for (size_t k = 0; k < np; k++) {
		const struct project *P = &m->projects[ord[k]];
		text += strlen(P->code) + 1;
		for (int32_t i = P->first_item; i < P->first_item + P->n_items; i++) {
			ni++;
			for (uint32_t d = 0; d < p->ar.n_item_draws[i]; d++) {
				uint32_t src = slot(p, p->ar.draws[p->ar.first_draw[i] + d].source);
				if (local[src] < 0) {
					local[src] = (int32_t)ns;
					used[ns++] = src;
					text += (src == p->in.n_sources ? 0 : strlen(pipeline_source_code(p, src))) + 1;
				}
				nd++;
			}
		}
	}
	size_t size = RESULTS_HEAD + np * 12 + ni * 17 + nd * 12 + text;
	buf_reset(out);
	unsigned char *o = xmalloc(size), *o0 = o;
	memcpy(o, RESULTS_MAGIC, 4);
	o = put32(o + 4, RESULTS_FORMAT);
	o = put32(o, (uint32_t)np);
	o = put32(o, (uint32_t)ni);
	o = put32(o, (uint32_t)nd);
	o = put32(o, (uint32_t)ns);
	o = put32(o, (uint32_t)text);
	unsigned char *pf = o, *pn = pf + np * 8, *is = pn + np * 4, *ifu = is + ni * 4, *ist = ifu + ni * 8,
		      *idr = ist + ni, *ds = idr + ni * 4, *da = ds + nd * 4, *tx = da + nd * 8;
	zb_fen total = 0;
	int rc = 0;
	for (size_t k = 0; k < np; k++) {
		const struct project *P = &m->projects[ord[k]];
		zb_fen funded = 0;
		for (int32_t i = P->first_item; i < P->first_item + P->n_items; i++) {
			if (money_add(funded, p->ar.funded[i], &funded))
				rc = -1;
			is = put32(is, (uint32_t)m->items[i].seq);
			ifu = put64(ifu, p->ar.funded[i]);
			*ist++ = (unsigned char)pipeline_item_status(p, (size_t)i);
			idr = put32(idr, p->ar.n_item_draws[i]);
			for (uint32_t d = 0; d < p->ar.n_item_draws[i]; d++) {
				const struct alloc_draw *dr = &p->ar.draws[p->ar.first_draw[i] + d];
				ds = put32(ds, (uint32_t)local[slot(p, dr->source)]);
				da = put64(da, dr->amount);
			}
		}
		if (money_add(total, funded, &total))
			rc = -1;
		pf = put64(pf, funded);
		pn = put32(pn, (uint32_t)P->n_items);
		size_t l = strlen(P->code) + 1;
		memcpy(tx, P->code, l);
		tx += l;
	}
	for (size_t k = 0; k < ns; k++) {
		const char *c = used[k] == p->in.n_sources ? pipeline_source_code(p, DRAW_CARRYOVER)
							   : pipeline_source_code(p, used[k]);
		size_t l = strlen(c) + 1;
		memcpy(tx, c, l);
		tx += l;
		local[used[k]] = -1;
	}
	if (tx != o0 + size)
		abort();
	buf_add(out, o0, size);
	free(o0);
	*funded_total = total;
	return rc;
}

int scenario_results_decode(const void *data, size_t n, scenario_item_fn fn, void *arg)
{
	const unsigned char *d = data;
	if (n < RESULTS_HEAD || memcmp(d, RESULTS_MAGIC, 4) || get32(d + 4) != RESULTS_FORMAT)
		return -1;
	uint64_t np = get32(d + 8), ni = get32(d + 12), nd = get32(d + 16), ns = get32(d + 20),
		 text = get32(d + 24);
	if (RESULTS_HEAD + np * 12 + ni * 17 + nd * 12 + text != n || (text && d[n - 1]))
		return -1;
	const unsigned char *pf = d + RESULTS_HEAD, *pn = pf + np * 8, *is = pn + np * 4, *ifu = is + ni * 4,
			    *ist = ifu + ni * 8, *idr = ist + ni, *ds = idr + ni * 4, *da = ds + nd * 4,
			    *tx = da + nd * 8, *end = d + n;
	/* the codes: np projects then ns sources */
	const char **codes = xcalloc(np + ns + 1, sizeof *codes);
	const unsigned char *t = tx;
	for (uint64_t k = 0; k < np + ns; k++) {
		if (t >= end) {
			free(codes);
			return -1;
		}
		codes[k] = (const char *)t;
		t += strlen((const char *)t) + 1;
	}
	uint64_t item = 0, draw = 0;
	int rc = 0;
	struct scenario_draw *dv = NULL;
	size_t dcap = 0;
	for (uint64_t k = 0; k < np && !rc; k++) {
		uint32_t items = get32(pn + 4 * k);
		if (item + items > ni) {
			rc = -1;
			break;
		}
		for (uint32_t q = 0; q < items && !rc; q++, item++) {
			uint32_t nd_i = get32(idr + 4 * item);
			if (draw + nd_i > nd || ist[item] > STATUS_REJECTED) {
				rc = -1;
				break;
			}
			if (nd_i > dcap) {
				dcap = nd_i * 2;
				dv = xrealloc(dv, dcap * sizeof *dv);
			}
			for (uint32_t e = 0; e < nd_i; e++, draw++) {
				uint32_t src = get32(ds + 4 * draw);
				if (src >= ns) {
					rc = -1;
					break;
				}
				dv[e].source = codes[np + src];
				dv[e].amount_fen = get64(da + 8 * draw);
			}
			if (!rc)
				rc = fn(codes[k], get64(pf + 8 * k), (int)get32(is + 4 * item), get64(ifu + 8 * item),
					(enum item_status)ist[item], dv, nd_i, arg);
		}
	}
	if (!rc && (item != ni || draw != nd))
		rc = -1;
	free(dv);
	free(codes);
	return rc;
}

struct results_json {
	json_t *arr;
	const char *agency, *project;
	int bad;
};

static int results_item(const char *project, zb_fen project_funded, int seq, zb_fen funded_fen,
			enum item_status status, const struct scenario_draw *draws, size_t n_draws, void *arg)
{
	struct results_json *x = arg;
	(void)project_funded;
	if (x->project && strcmp(x->project, project))
		return 0;
	json_t *dv = json_array();
	for (size_t k = 0; k < n_draws; k++)
		json_array_append_new(dv, json_pack("{s:s, s:I}", "source", draws[k].source, "amount_fen",
						    (json_int_t)draws[k].amount_fen));
	json_array_append_new(x->arr, json_pack("{s:s, s:s, s:i, s:I, s:s, s:o}", "agency", x->agency, "project",
						project, "seq", seq, "funded_fen", (json_int_t)funded_fen, "status",
						item_status_name(status), "draws", dv));
	return 0;
}

static int results_agency(const char *agency, zb_fen funded_fen, const void *data, size_t n, void *arg)
{
	struct results_json *x = arg;
	(void)funded_fen;
	x->agency = agency;
	if (scenario_results_decode(data, n, results_item, x)) {
		x->bad = 1;
		return -1;
	}
	return 0;
}

json_t *scenario_results_json(struct book *b, const char *name, const char *project, int *found, struct buf *err)
{
	char *params = NULL;
	*found = store_scenario_params(b, name, &params, err);
	free(params);
	if (*found <= 0)
		return NULL;
	struct results_json x = { json_array(), NULL, project, 0 };
	int rc = store_scenario_results_each(b, name, results_agency, &x, err);
	if (rc) {
		if (x.bad)
			buf_printf(err, L("场景 %s 的结果不是本版本可读的格式", "scenario %s: its stored results are not in a format this zbb reads"),
				   name);
		json_decref(x.arr);
		return NULL;
	}
	return x.arr;
}

int scenario_save(struct book *b, const struct pipeline *p, struct buf *err)
{
	struct buf blob = BUF_INIT;
	char *params = scenario_params_json(&p->params);
	char created[CLOCK_ISO_SZ];
	int rc = -1;
	const struct model *m = &p->m;
	uint32_t *ord = NULL, *used = NULL;
	int32_t *local = NULL;
	const char **put = NULL; /* the agencies whose rows were put */
	size_t n_put = 0, cap_put = 0;
	clock_iso(clock_now(), created);
	zb_fen capacity = 0;
	for (size_t s = 0; s < p->in.n_sources; s++)
		if (money_add(capacity, p->ar.source_amount[s], &capacity)) {
			buf_adds(err, L("金额合计超出范围", "a money total is out of range"));
			goto out;
		}
	/* the record: the inputs it ran on, once per state of them */
	int64_t stamp = store_inputs_stamp(b);
	size_t kept;
	if (scenario_inputs_keep(b, stamp, &kept, err))
		goto out;
	struct store_scenario sc = { p->params.name, params, created, capacity, p->rr.totals.requested_fen,
				     p->rr.totals.approved_fen, p->ar.funded_total, p->ar.shortfall, stamp };
	if (store_scenario_put(b, &sc, err) || store_scenario_inputs_prune(b, err))
		goto out;
	/* a row per agency, its projects in the book's order */
	ord = xcalloc(m->n_projects + 1, sizeof *ord);
	for (size_t j = 0; j < m->n_projects; j++)
		ord[j] = (uint32_t)j;
	sort_model = m;
	qsort(ord, m->n_projects, sizeof *ord, by_agency);
	size_t nsrc = p->in.n_sources + 1;
	local = xmalloc(nsrc * sizeof *local);
	used = xmalloc(nsrc * sizeof *used);
	for (size_t s = 0; s < nsrc; s++)
		local[s] = -1;
	for (size_t j = 0; j < m->n_projects;) {
		const char *ag = m->projects[ord[j]].agency_code ? m->projects[ord[j]].agency_code : "";
		size_t k = j + 1;
		while (k < m->n_projects &&
		       !strcmp(ag, m->projects[ord[k]].agency_code ? m->projects[ord[k]].agency_code : ""))
			k++;
		zb_fen funded;
		if (results_blob(p, ord + j, k - j, local, used, &blob, &funded)) {
			buf_adds(err, L("金额合计超出范围", "a money total is out of range"));
			goto out;
		}
		if (store_scenario_put_agency(b, p->params.name, ag, funded, blob.s, blob.len, err) < 0)
			goto out;
		XGROW(put, cap_put, n_put + 1);
		put[n_put++] = ag;
		j = k;
	}
	if (store_scenario_put_done(b, p->params.name, put, n_put, err))
		goto out;
	rc = 0;
out:
	free(put);
	buf_release(&blob);
	free(ord);
	free(local);
	free(used);
	free(params);
	return rc;
}

/* The stored parameters of a scenario as JSON (NULL: none stored). */
static json_t *stored_params(struct book *b, const char *name, struct buf *err, int *rc)
{
	char *text = NULL;
	*rc = store_scenario_params(b, name, &text, err);
	json_t *j = *rc > 0 ? json_loads(text, 0, NULL) : NULL;
	free(text);
	return j;
}

struct allocation {
	const struct pipeline *p;
	json_t *summary;
};

static int allocate_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct allocation *x = arg;
	int found;
	c->before = stored_params(b, x->p->params.name, err, &found);
	if (found < 0)
		return -1;
	char *pj = scenario_params_json(&x->p->params);
	c->after = json_pack("{s:o, s:O}", "params", json_loads(pj, 0, NULL), "summary", x->summary);
	free(pj);
	return scenario_save(b, x->p, err);
}

int scenario_allocate(struct book *b, const char *who, const struct pipeline *p, json_t *summary, struct buf *err)
{
	struct allocation x = { p, summary };
	struct store_change c = { who, "scenario.allocate", p->params.name, NULL, NULL, 0 };
	int rc = store_write(b, &c, allocate_fn, &x, err);
	store_change_release(&c);
	return rc;
}

int scenario_find(struct book *b, const char *name, struct scenario_params *sp, struct buf *err)
{
	char *text = NULL;
	scenario_params_init(sp, name);
	int rc = store_scenario_params(b, name, &text, err);
	if (rc > 0 && scenario_params_parse(text, sp, err))
		rc = -1;
	free(text);
	return rc;
}

static int remove_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	int found;
	c->before = stored_params(b, arg, err, &found);
	if (found <= 0)
		return found < 0 ? -1 : 1; /* none: nothing to remove, nothing to log */
	int r = store_scenario_remove(b, arg, err);
	return r < 0 || store_scenario_inputs_prune(b, err) ? -1 : 0;
}

int scenario_remove(struct book *b, const char *who, const char *name, struct buf *err)
{
	struct store_change c = { who, "scenario.remove", name, NULL, NULL, 0 };
	int rc = store_write(b, &c, remove_fn, (void *)name, err);
	store_change_release(&c);
	return rc < 0 ? -1 : rc == 0;
}

static int list_one(const struct store_scenario *s, void *arg)
{
	json_t *params = json_loads(s->params, 0, NULL);
	json_array_append_new(arg, json_pack("{s:s, s:s, s:o, s:I, s:I, s:I, s:I, s:I}", "name", s->name, "created",
					     s->created, "params", params ? params : json_null(), "capacity_fen",
					     (json_int_t)s->capacity_fen, "requested_fen", (json_int_t)s->requested_fen,
					     "approved_fen", (json_int_t)s->approved_fen, "funded_fen",
					     (json_int_t)s->funded_fen, "shortfall_fen", (json_int_t)s->shortfall_fen));
	return 0;
}

json_t *scenario_list_json(struct book *b, struct buf *err)
{
	json_t *arr = json_array();
	if (store_scenarios_each(b, list_one, arr, err)) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}
static int scenario_open_params(struct book *b, const char *name, struct pipeline *p, struct buf *err);

int scenario_open(struct book *b, const char *name, struct pipeline *p, struct buf *err)
{
	return scenario_open_record(b, name, 0, p, err);
}

const char *scenario_stale_line(const struct pipeline *p, struct buf *out)
{
	buf_reset(out);
	if (!p->is_stale)
		return "";
	if (p->is_rerun)
		buf_printf(out,
			   L("场景 %s 运行后账簿已变更（运行于 %s）；以下按当前账簿重算（--rerun），不是保存的结果\n",
			     "scenario %s: the book has changed since its run (run at %s); recomputed on the book as it is now (--rerun), not the stored result\n"),
			   p->params.name, p->run_at);
	else if (p->is_unkept)
		buf_printf(out,
			   L("场景 %s 运行后账簿已变更（运行于 %s）；该场景由旧版本保存，未保存其输入，以下按当前账簿重算\n",
			     "scenario %s: the book has changed since its run (run at %s); an older zbb stored it without its inputs, so this is recomputed on the book as it is now\n"),
			   p->params.name, p->run_at);
	else
		buf_printf(out,
			   L("场景 %s 运行后账簿已变更（运行于 %s）；以下是运行时的结果，按当前账簿重算请加 --rerun\n",
			     "scenario %s: the book has changed since its run (run at %s); this is the result of that run, --rerun recomputes it on the book as it is now\n"),
			   p->params.name, p->run_at);
	return buf_str(out);
}

void scenario_stale_json(const struct pipeline *p, json_t *o)
{
	if (!p->is_stored)
		return;
	json_object_set_new(o, "stale", json_boolean(p->is_stale));
	json_object_set_new(o, "run_at", json_string(p->run_at));
	if (p->is_stale)
		json_object_set_new(o, "rerun", json_boolean(p->is_rerun || p->is_unkept));
}

/* The year's adopted scenario is titled 已批复, not 草案 (report_dress). */
static void mark_adopted(struct book *b, const char *name, struct pipeline *p)
{
	struct store_adoption a;
	struct buf err = BUF_INIT;
	if (store_adoption_get(b, b->year, &a, &err) == 1 && !strcmp(a.scenario, name))
		p->view = VIEW_ADOPTED;
	buf_release(&err);
}

int scenario_open_record(struct book *b, const char *name, int rerun, struct pipeline *p, struct buf *err)
{
	char adopted[72];
	if (!strcmp(name, "adopted") && (name = scenario_resolve(b, name, adopted, sizeof adopted)) != adopted) {
		buf_printf(err, L("%d 年度预算尚未批复（zbb adopt --scenario S）", "the %d budget is not adopted yet (zbb adopt --scenario S)"),
			   b->year);
		return 1;
	}
	char run_at[24] = "";
	int64_t inputs_at = 0;
	int has_inputs = 0;
	int rec = store_scenario_record(b, name, run_at, &inputs_at, &has_inputs, err);
	if (rec < 0)
		return -1;
	int stale = rec && store_inputs_stamp(b) != inputs_at;
	if (stale && !rerun && has_inputs) {
		struct scenario_params sp;
		int found = scenario_find(b, name, &sp, err);
		int rc = found <= 0 ? -1 : scenario_inputs_run(b, inputs_at, &sp, p, err);
		scenario_params_release(&sp);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			p->is_stored = p->is_stale = 1;
			snprintf(p->run_at, sizeof p->run_at, "%s", run_at);
			mark_adopted(b, name, p);
			return 0;
		}
	}
	int rc = scenario_open_params(b, name, p, err);
	if (rc == 0 && rec) {
		p->is_stored = 1;
		p->is_stale = stale;
		p->is_rerun = stale && rerun;
		p->is_unkept = stale && !rerun && !has_inputs;
		snprintf(p->run_at, sizeof p->run_at, "%s", run_at);
		mark_adopted(b, name, p);
	}
	return rc;
}

/* The pipeline of a scenario's parameters on the book as it is. */
static int scenario_open_params(struct book *b, const char *name, struct pipeline *p, struct buf *err)
{
	struct scenario_params sp;
	int rc = -1;
	int found = scenario_find(b, name, &sp, err);
	if (found < 0)
		goto out;
	if (!found && strcmp(name, "base")) {
		buf_printf(err, L("没有这个场景：%s（先运行 zbb allocate --scenario %s）",
				  "no such scenario: %s (run zbb allocate --scenario %s first)"),
			   name, name);
		rc = 1;
		goto out;
	}
	rc = pipeline_run(b, b->year, &sp, p, err) ? -1 : 0;
out:
	scenario_params_release(&sp);
	return rc;
}

/* --- adoption (SPEC §12) ------------------------------------------------------ */

const char *scenario_resolve(struct book *b, const char *name, char *out, size_t n)
{
	struct store_adoption a;
	struct buf err = BUF_INIT;
	int f = strcmp(name, "adopted") ? 0 : store_adoption_get(b, b->year, &a, &err);
	buf_release(&err);
	if (f == 1) {
		snprintf(out, n, "%s", a.scenario);
		return out;
	}
	return name;
}

int scenario_approval_open(struct book *b, const char *agency, const char *scenario, struct pipeline *p,
			   struct approval_open *o, struct buf *why, struct buf *err)
{
	memset(o, 0, sizeof(*o));
	if (!agency || !*agency) {
		buf_adds(why, L("批复按单位出具：需要 --agency 单位编码", "an approval is for one agency: --agency CODE is needed"));
		return 1;
	}
	int f = store_adoption_get(b, b->year, &o->ad, err);
	if (f < 0)
		return -1;
	if (!f) {
		buf_printf(why,
			   L("%d 年度预算尚未批准（zbb adopt --scenario 场景），没有可批复的预算",
			     "the %d budget is not adopted yet (zbb adopt --scenario S): there is nothing to approve"),
			   b->year);
		return 1;
	}
	if (scenario && strcmp(scenario, "adopted") && strcmp(scenario, o->ad.scenario)) {
		buf_printf(why,
			   L("批复只能出自已批准的预算（%d 年度采用场景 %s），不能出自场景 %s",
			     "an approval comes only from the adopted budget (%d: scenario %s), not from scenario %s"),
			   b->year, o->ad.scenario, scenario);
		return 1;
	}
	int rc = scenario_open_record(b, o->ad.scenario, 0, p, err);
	if (rc)
		return -1; /* the adopted record is kept: not there is a damaged book */
	o->agency = model_find_agency(&p->m, agency);
	if (o->agency < 0) {
		buf_printf(why, L("没有这个单位：%s（%d 年度）", "no such agency: %s (%d)"), agency, b->year);
		pipeline_release(p);
		return 2;
	}
	int64_t id;
	char hash[65];
	if (store_audit_head(b, &id, hash, err) < 0) {
		pipeline_release(p);
		return -1;
	}
	snprintf(o->head, sizeof o->head, "%lld:%s", (long long)id, hash);
	o->ai.scenario = o->ad.scenario;
	o->ai.adopted_at = o->ad.adopted_at;
	o->ai.entry = o->ad.entry;
	o->ai.head = o->head;
	return 0;
}

struct adopt {
	const char *who, *name;
	struct buf *why;
	struct store_adoption a;
	struct buf waiting;
	int n_waiting, n_agencies;
};

static int adopt_agency(const struct store_season *s, void *arg)
{
	struct adopt *x = arg;
	enum season_state st;
	x->n_agencies++;
	if (season_state_parse(s->state, &st) || st != SEASON_APPROVED) {
		if (x->n_waiting < 5)
			buf_printf(&x->waiting, "%s%s %s（%s）", x->n_waiting ? L("、", ", ") : "", s->agency, s->name,
				   season_state_parse(s->state, &st) ? s->state : season_state_word(st));
		x->n_waiting++;
	}
	return 0;
}

static int adopt_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct adopt *x = arg;
	struct store_adoption old;
	char run_at[24];
	int64_t at;
	int kept;
	int f = store_adoption_get(b, b->year, &old, err);
	if (f < 0)
		return -1;
	if (f) {
		buf_printf(x->why, L("%d 年度预算已于 %s 批复（采用场景 %s），不能再次批复",
				     "the %d budget was adopted on %s (scenario %s) already"),
			   b->year, old.adopted_at, old.scenario);
		return 1;
	}
	if ((f = store_scenario_record(b, x->name, run_at, &at, &kept, err)) < 0)
		return -1;
	if (!f) {
		buf_printf(x->why, L("没有这个场景：%s（先运行 zbb allocate --scenario %s）",
				     "no such scenario: %s (run zbb allocate --scenario %s first)"),
			   x->name, x->name);
		return 1;
	}
	if (store_inputs_stamp(b) != at) {
		buf_printf(x->why,
			   L("场景 %s 运行后（%s）账簿已变更：先按当前账簿重新运行 zbb allocate --scenario %s，再批复",
			     "scenario %s: the book has changed since its run (%s): run zbb allocate --scenario %s again first"),
			   x->name, run_at, x->name);
		return 1;
	}
	if (store_season_each(b, NULL, adopt_agency, x, err) < 0)
		return -1;
	if (!x->n_agencies) {
		buf_printf(x->why, "%s", L("本年度没有预算单位，无可批复", "the year has no agencies: nothing to adopt"));
		return 1;
	}
	if (x->n_waiting) {
		buf_printf(x->why,
			   L("还有 %d 个单位未批复（approve），不能批复全年预算：%s%s",
			     "%d agencies are not approved yet, so the year cannot be adopted: %s%s"),
			   x->n_waiting, buf_str(&x->waiting), x->n_waiting > 5 ? L("等", " …") : "");
		return 1;
	}
	memset(&x->a, 0, sizeof x->a);
	x->a.fy = b->year;
	snprintf(x->a.scenario, sizeof x->a.scenario, "%s", x->name);
	clock_iso(clock_now(), x->a.adopted_at);
	snprintf(x->a.who, sizeof x->a.who, "%s", x->who);
	x->a.entry = store_audit_next_id(b);
	if (store_scenario_hash(b, x->name, x->a.result_hash, err) != 1 || store_adoption_put(b, &x->a, err))
		return -1;
	c->after = json_pack("{s:i, s:s, s:s, s:s}", "year", b->year, "scenario", x->name, "adopted_at",
			     x->a.adopted_at, "result_hash", x->a.result_hash);
	return 0;
}

int scenario_adopt(struct book *b, const char *who, const char *name, struct store_adoption *out, struct buf *why,
		   struct buf *err)
{
	struct adopt x = { who, name, why, { 0 }, BUF_INIT, 0, 0 };
	struct store_change c = { who, "budget.adopt", name, NULL, NULL, 0 };
	int rc = store_write(b, &c, adopt_fn, &x, err);
	store_change_release(&c);
	buf_release(&x.waiting);
	if (!rc && out)
		*out = x.a;
	return rc;
}
