/*
 * model.c - the book's year in memory: building, sorting and
 * cross-referencing, lookups.  No I/O: the store fills the model from the
 * book's rows (store_model.c), tests and drafts by hand.
 *
 * Strings go into an arena of large blocks, and short repeated strings
 * (economic codes, units, standard and source codes) are interned.
 * model_finish resolves references by walking sorted arrays side by side
 * (child rows arrive grouped by project in code order, so no hashing is
 * needed) or by binary search.
 */
#include "model.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MODEL_BLOCK (1u << 20)

static void *m_alloc(struct model *m, size_t n, size_t align)
{
	return arena_alloc_align(&m->arena_, n, align);
}

static const char *m_strndup(struct model *m, const char *s, size_t n)
{
	return arena_strndup(&m->arena_, s, n);
}

const char *model_str(struct model *m, const char *s)
{
	return s ? m_strndup(m, s, strlen(s)) : NULL;
}

/* Interning: the strmap maps the text to the copy's address in the intern
 * arena.  While several threads load, a mutex guards both. */
const char *model_intern(struct model *m, const char *s, size_t n)
{
	int is_new;
	if (m->lock_)
		pthread_mutex_lock(m->lock_);
	int64_t *slot = strmap_put(&m->intern_, s, n, 0, &is_new);
	if (is_new)
		*slot = (int64_t)(intptr_t)arena_strndup(&m->intern_arena_, s, n);
	const char *r = (const char *)(intptr_t)*slot;
	if (m->lock_)
		pthread_mutex_unlock(m->lock_);
	return r;
}

void model_share_intern(struct model *m, void *mutex)
{
	m->lock_ = mutex;
}

void model_adopt_arena(struct model *m, struct arena *a)
{
	arena_adopt(&m->arena_, a);
}

/* --- building -------------------------------------------------------- */

enum { K_AGENCY, K_BASIS, K_STANDARD, K_PRIORITY, K_NEGATIVE, K_POOL, K_PRICE, K_PROJECT,
       K_ITEM, K_HISTORY, K_SOURCE, K_EVALUATION, K_REVIEW, K_TARGET, K_PLAN, K_QUOTA, K_SELFEVAL };

#define ADD_ROW(m, arr, n, k) \
	(xgrow((void **)&(m)->arr, &(m)->cap_[k], (m)->n + 1, sizeof(*(m)->arr)), \
	 memset(&(m)->arr[(m)->n], 0, sizeof(*(m)->arr)), &(m)->arr[(m)->n++])

void model_init(struct model *m, int year)
{
	memset(m, 0, sizeof(*m));
	m->year = year;
	m->jan1 = year * 10000 + 101;
	m->arena_.block = m->intern_arena_.block = MODEL_BLOCK;
	settings_default(&m->set);
}

struct agency *model_add_agency(struct model *m)
{
	struct agency *a = ADD_ROW(m, agencies, n_agencies, K_AGENCY);
	a->parent_idx = -1;
	a->establishment = -1;
	a->season_round = 1;
	a->control_fen = -1;
	return a;
}

struct basis *model_add_basis(struct model *m)
{
	struct basis *b = ADD_ROW(m, bases, n_bases, K_BASIS);
	b->valid_to = MODEL_DATE_OPEN_END;
	return b;
}

struct standard *model_add_standard(struct model *m)
{
	struct standard *s = ADD_ROW(m, standards, n_standards, K_STANDARD);
	s->quota_per_head = -1;
	s->basis_idx = -1;
	s->valid_to = MODEL_DATE_OPEN_END;
	return s;
}

struct priority *model_add_priority(struct model *m)
{
	return ADD_ROW(m, priorities, n_priorities, K_PRIORITY);
}

struct negative_entry *model_add_negative(struct model *m)
{
	return ADD_ROW(m, negative, n_negative, K_NEGATIVE);
}

struct pool *model_add_pool(struct model *m)
{
	return ADD_ROW(m, pools, n_pools, K_POOL);
}

struct price *model_add_price(struct model *m)
{
	struct price *p = ADD_ROW(m, prices, n_prices, K_PRICE);
	p->pool = p->standard = -1;
	return p;
}

struct project *model_add_project(struct model *m)
{
	struct project *p = ADD_ROW(m, projects, n_projects, K_PROJECT);
	p->score = -1;
	p->agency = p->priority = p->evaluation = -1;
	p->hist_prev = p->hist_prev2 = -1;
	p->tier = TIER_GENERAL;
	p->kind = KIND_SPECIFIC;
	return p;
}

struct item *model_add_item(struct model *m)
{
	struct item *it = ADD_ROW(m, items, n_items, K_ITEM);
	it->project = it->standard = it->econ = -1;
	it->level = 1;
	return it;
}

struct history *model_add_history(struct model *m)
{
	struct history *h = ADD_ROW(m, history, n_history, K_HISTORY);
	h->score = -1;
	h->project = h->agency = -1;
	return h;
}

struct source *model_add_source(struct model *m)
{
	return ADD_ROW(m, sources, n_sources, K_SOURCE);
}

struct evaluation *model_add_evaluation(struct model *m)
{
	struct evaluation *e = ADD_ROW(m, evaluations, n_evaluations, K_EVALUATION);
	e->project = -1;
	e->ratio = -1;
	e->necessity = e->economy = e->targets = e->feasibility = e->compliance = -1;
	return e;
}

struct review *model_add_review(struct model *m)
{
	struct review *r = ADD_ROW(m, reviews, n_reviews, K_REVIEW);
	r->project = r->item = -1;
	r->round = 1;
	r->price_fen = -1;
	r->quantity = -1;
	return r;
}

struct target *model_add_target(struct model *m)
{
	struct target *t = ADD_ROW(m, targets, n_targets, K_TARGET);
	t->project = -1;
	t->weight = -1;
	return t;
}

struct plan *model_add_plan(struct model *m)
{
	struct plan *p = ADD_ROW(m, plans, n_plans, K_PLAN);
	p->project = -1;
	return p;
}

struct quota *model_add_quota(struct model *m)
{
	struct quota *q = ADD_ROW(m, quotas, n_quotas, K_QUOTA);
	q->standard = -1;
	return q;
}

struct selfeval *model_add_selfeval(struct model *m)
{
	struct selfeval *e = ADD_ROW(m, selfevals, n_selfevals, K_SELFEVAL);
	e->project = -1;
	e->grade = -1;
	return e;
}

void model_release(struct model *m)
{
	free(m->agencies);
	free(m->bases);
	free(m->standards);
	free(m->priorities);
	free(m->negative);
	free(m->pools);
	free(m->prices);
	free(m->projects);
	free(m->items);
	free(m->history);
	free(m->sources);
	free(m->evaluations);
	free(m->reviews);
	free(m->targets);
	free(m->plans);
	free(m->quotas);
	free(m->selfevals);
	free(m->agency_projects);
	free(m->basis_refs);
	free(m->basis_ref_codes);
	free(m->econs);
	arena_release(&m->arena_);
	arena_release(&m->intern_arena_);
	strmap_release(&m->intern_);
	memset(m, 0, sizeof(*m));
}

/* --- small helpers ---------------------------------------------------- */

int32_t model_date(const char *iso, int32_t dflt)
{
	if (!iso || strlen(iso) < 10)
		return dflt;
	int32_t v = 0;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		v = v * 10 + (iso[i] - '0');
	}
	return v;
}

int32_t model_pool_of(const struct model *m, const char *economic)
{
	int32_t pool = -1;
	size_t best = 0;
	for (size_t p = 0; economic && p < m->n_pools; p++)
		for (int32_t j = 0; j < m->pools[p].n_prefixes; j++) {
			const char *pre = m->pools[p].prefixes[j];
			size_t len = strlen(pre);
			if (len > best && model_has_prefix(economic, pre)) {
				pool = (int32_t)p;
				best = len;
			}
		}
	return pool;
}

int model_has_prefix(const char *code, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(code, prefix, n) == 0;
}

static const char **split_list(struct model *m, const char *s, int32_t *n_out)
{
	int32_t n = 0;
	if (!s || !*s) {
		*n_out = 0;
		return NULL;
	}
	for (const char *p = s; *p; p++)
		n += *p == ';';
	n++;
	const char **v = m_alloc(m, (size_t)n * sizeof(char *), sizeof(char *));
	int32_t k = 0;
	for (const char *p = s;;) {
		size_t len = strcspn(p, ";");
		if (len)
			v[k++] = model_intern(m, p, len);
		if (!p[len])
			break;
		p += len + 1;
	}
	*n_out = k;
	return v;
}

/* A ';'-list of phrases (the negative list's exceptions), each trimmed of
 * ASCII spaces; empty phrases are dropped. */
static const char **split_phrases(struct model *m, const char *s, int32_t *n_out)
{
	int32_t n = 1, k = 0;
	*n_out = 0;
	if (!s || !*s)
		return NULL;
	for (const char *p = s; *p; p++)
		n += *p == ';';
	const char **v = m_alloc(m, (size_t)n * sizeof(char *), sizeof(char *));
	for (const char *p = s;;) {
		size_t len = strcspn(p, ";");
		const char *e = p;
		size_t el = len;
		while (el && (*e == ' ' || *e == '\t')) {
			e++;
			el--;
		}
		while (el && (e[el - 1] == ' ' || e[el - 1] == '\t'))
			el--;
		if (el)
			v[k++] = m_strndup(m, e, el);
		if (!p[len])
			break;
		p += len + 1;
	}
	*n_out = k;
	return v;
}

/* --- sorting and resolving -------------------------------------------- */

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

#define CMP_INT(a, b) ((a) < (b) ? -1 : (a) > (b))

static int cmp_agency(const void *a, const void *b)
{ return cmp_str(((const struct agency *)a)->code, ((const struct agency *)b)->code); }
static int cmp_basis(const void *a, const void *b)
{ return cmp_str(((const struct basis *)a)->code, ((const struct basis *)b)->code); }
static int cmp_standard(const void *a, const void *b)
{ return cmp_str(((const struct standard *)a)->code, ((const struct standard *)b)->code); }
static int cmp_priority(const void *a, const void *b)
{ return cmp_str(((const struct priority *)a)->code, ((const struct priority *)b)->code); }
static int cmp_negative(const void *a, const void *b)
{ return cmp_str(((const struct negative_entry *)a)->code, ((const struct negative_entry *)b)->code); }
static int cmp_pool(const void *a, const void *b)
{ return cmp_str(((const struct pool *)a)->code, ((const struct pool *)b)->code); }
static int cmp_source(const void *a, const void *b)
{ return cmp_str(((const struct source *)a)->code, ((const struct source *)b)->code); }
static int cmp_project(const void *a, const void *b)
{ return cmp_str(((const struct project *)a)->code, ((const struct project *)b)->code); }
static int cmp_evaluation(const void *a, const void *b)
{
	return cmp_str(((const struct evaluation *)a)->project_code, ((const struct evaluation *)b)->project_code);
}
static int cmp_price(const void *a, const void *b)
{
	const struct price *x = a, *y = b;
	int c = cmp_str(x->pool_code, y->pool_code);
	return c ? c : cmp_str(x->standard_code, y->standard_code);
}
static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = x->project_code == y->project_code ? 0 : cmp_str(x->project_code, y->project_code);
	return c ? c : CMP_INT(x->seq, y->seq);
}
static int cmp_history(const void *a, const void *b)
{
	const struct history *x = a, *y = b;
	int c = cmp_str(x->project_code, y->project_code);
	return c ? c : CMP_INT(x->year, y->year);
}
static int cmp_review(const void *a, const void *b)
{
	const struct review *x = a, *y = b;
	int c = cmp_str(x->project_code, y->project_code);
	if (c)
		return c;
	c = CMP_INT(x->seq, y->seq);
	return c ? c : CMP_INT(x->round, y->round);
}
static int cmp_target(const void *a, const void *b)
{
	const struct target *x = a, *y = b;
	int c = cmp_str(x->project_code, y->project_code);
	return c ? c : cmp_str(x->name, y->name);
}
static int cmp_quota(const void *a, const void *b)
{ return cmp_str(((const struct quota *)a)->code, ((const struct quota *)b)->code); }
static int cmp_selfeval(const void *a, const void *b)
{
	const struct selfeval *x = a, *y = b;
	int c = cmp_str(x->project_code, y->project_code);
	return c ? c : CMP_INT(x->year, y->year);
}
static int cmp_plan(const void *a, const void *b)
{
	const struct plan *x = a, *y = b;
	int c = cmp_str(x->project_code, y->project_code);
	return c ? c : CMP_INT(x->year, y->year);
}

/* Sort unless already sorted (the load path); -1 on a duplicate key. */
static int sort_rows(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *),
		     const char *what, struct buf *err)
{
	char *p = base;
	int sorted = 1;
	for (size_t i = 1; i < n && sorted; i++)
		if (cmp(p + (i - 1) * size, p + i * size) > 0)
			sorted = 0;
	if (!sorted)
		qsort(base, n, size, cmp);
	for (size_t i = 1; i < n; i++)
		if (cmp(p + (i - 1) * size, p + i * size) == 0) {
			buf_printf(err, L("%s：键重复（第 %zu 行）", "%s: duplicate key (row %zu)"), what, i + 1);
			return -1;
		}
	return 0;
}

#define BSEARCH_CODE(arr, n, code)                                   \
	do {                                                         \
		size_t lo_ = 0, hi_ = (n);                           \
		if (!(code))                                         \
			return -1;                                   \
		while (lo_ < hi_) {                                  \
			size_t mid_ = (lo_ + hi_) / 2;               \
			int c_ = strcmp((arr)[mid_].code, (code));   \
			if (!c_)                                     \
				return (int32_t)mid_;                \
			if (c_ < 0)                                  \
				lo_ = mid_ + 1;                      \
			else                                         \
				hi_ = mid_;                          \
		}                                                    \
		return -1;                                           \
	} while (0)

int32_t model_find_agency(const struct model *m, const char *code) { BSEARCH_CODE(m->agencies, m->n_agencies, code); }
int32_t model_find_basis(const struct model *m, const char *code) { BSEARCH_CODE(m->bases, m->n_bases, code); }
int32_t model_find_standard(const struct model *m, const char *code) { BSEARCH_CODE(m->standards, m->n_standards, code); }
int32_t model_find_priority(const struct model *m, const char *code) { BSEARCH_CODE(m->priorities, m->n_priorities, code); }
int32_t model_find_pool(const struct model *m, const char *code) { BSEARCH_CODE(m->pools, m->n_pools, code); }
int32_t model_find_project(const struct model *m, const char *code) { BSEARCH_CODE(m->projects, m->n_projects, code); }

int32_t model_find_item(const struct model *m, int32_t project, int32_t seq)
{
	if (project < 0)
		return -1;
	const struct project *p = &m->projects[project];
	int32_t lo = p->first_item, hi = p->first_item + p->n_items;
	while (lo < hi) {
		int32_t mid = lo + (hi - lo) / 2;
		if (m->items[mid].seq == seq)
			return mid;
		if (m->items[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int32_t model_find_price(const struct model *m, int32_t pool, int32_t standard)
{
	if (pool < 0 || standard < 0)
		return -1;
	const struct pool *pl = &m->pools[pool];
	int32_t lo = pl->first_price, hi = pl->first_price + pl->n_prices;
	while (lo < hi) {
		int32_t mid = lo + (hi - lo) / 2;
		if (m->prices[mid].standard == standard)
			return mid;
		if (m->prices[mid].standard < standard)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int32_t model_walk_project(const struct model *m, struct model_walk *w, const char *code)
{
	if (!code)
		return -1;
	if (code == w->last)
		return w->last_idx;
	if (w->last && strcmp(code, w->last) < 0)
		w->cur = 0; /* not sorted: start over (cannot happen after sorting) */
	while (w->cur < m->n_projects && strcmp(m->projects[w->cur].code, code) < 0)
		w->cur++;
	w->last = code;
	w->last_idx = w->cur < m->n_projects && !strcmp(m->projects[w->cur].code, code) ? (int32_t)w->cur : -1;
	return w->last_idx;
}

/* Resolve rows' project references and their per-project ranges. */
#define RESOLVE_CHILDREN(m, arr, n, first, count, what, required)                                       \
	do {                                                                                             \
		struct model_walk w_ = MODEL_WALK_INIT;                                                        \
		for (size_t i_ = 0; i_ < (m)->n; i_++) {                                                 \
			int32_t p_ = model_walk_project((m), &w_, (m)->arr[i_].project_code);                  \
			(m)->arr[i_].project = p_;                                                       \
			if (p_ < 0) {                                                                    \
				if (required) {                                                          \
					buf_printf(err, L("%s：项目 %s 不存在", "%s: no project %s"), what,  \
						   (m)->arr[i_].project_code ? (m)->arr[i_].project_code : ""); \
					return -1;                                                       \
				}                                                                        \
				continue;                                                                \
			}                                                                                \
			if (!(m)->projects[p_].count++)                                                  \
				(m)->projects[p_].first = (int32_t)i_;                                   \
		}                                                                                        \
	} while (0)

/* model_finish, in phases: sort every array by its key, give the items
 * their projects, resolve the reference lists, the projects and their
 * child rows, and index the projects by agency.  Each phase relies on
 * the ones before it (sorted arrays, then projects found by index). */

static int sort_all(struct model *m, struct buf *err)
{
	if (sort_rows(m->agencies, m->n_agencies, sizeof(*m->agencies), cmp_agency, "agencies", err) ||
	    sort_rows(m->bases, m->n_bases, sizeof(*m->bases), cmp_basis, "bases", err) ||
	    sort_rows(m->standards, m->n_standards, sizeof(*m->standards), cmp_standard, "standards", err) ||
	    sort_rows(m->priorities, m->n_priorities, sizeof(*m->priorities), cmp_priority, "priorities", err) ||
	    sort_rows(m->negative, m->n_negative, sizeof(*m->negative), cmp_negative, "negative", err) ||
	    sort_rows(m->pools, m->n_pools, sizeof(*m->pools), cmp_pool, "pools", err) ||
	    sort_rows(m->prices, m->n_prices, sizeof(*m->prices), cmp_price, "prices", err) ||
	    sort_rows(m->projects, m->n_projects, sizeof(*m->projects), cmp_project, "projects", err) ||
	    sort_rows(m->history, m->n_history, sizeof(*m->history), cmp_history, "history", err) ||
	    sort_rows(m->sources, m->n_sources, sizeof(*m->sources), cmp_source, "sources", err) ||
	    sort_rows(m->evaluations, m->n_evaluations, sizeof(*m->evaluations), cmp_evaluation, "evaluations", err) ||
	    sort_rows(m->reviews, m->n_reviews, sizeof(*m->reviews), cmp_review, "reviews", err) ||
	    sort_rows(m->targets, m->n_targets, sizeof(*m->targets), cmp_target, "targets", err) ||
	    sort_rows(m->plans, m->n_plans, sizeof(*m->plans), cmp_plan, "plans", err) ||
	    sort_rows(m->quotas, m->n_quotas, sizeof(*m->quotas), cmp_quota, "quotas", err) ||
	    sort_rows(m->selfevals, m->n_selfevals, sizeof(*m->selfevals), cmp_selfeval, "selfevals", err))
		return -1;
	return 0;
}

/* Items share their project's code pointer, so that sorting and walking
 * compare pointers first; then they are sorted unless they came so. */
static int items_to_projects(struct model *m, struct buf *err)
{
	int sorted = 1;
	for (size_t i = 0; i < m->n_items; i++) {
		struct item *it = &m->items[i];
		int32_t p = it->project >= 0 && (size_t)it->project < m->n_projects &&
					    m->projects[it->project].code == it->project_code
				    ? it->project
				    : model_find_project(m, it->project_code);
		if (p < 0) {
			buf_printf(err, L("明细：项目 %s 不存在", "items: no project %s"),
				   it->project_code ? it->project_code : "");
			return -1;
		}
		it->project = p;
		it->project_code = m->projects[p].code;
		if (i && cmp_item(&m->items[i - 1], it) >= 0)
			sorted = 0;
	}
	if (!sorted && sort_rows(m->items, m->n_items, sizeof(*m->items), cmp_item, "items", err))
		return -1;
	return 0;
}

/* Agencies' parents, standards' bases, pools' prefixes and prices,
 * earmarked sources' prefixes. */
static int resolve_lists(struct model *m, struct buf *err)
{
	for (size_t i = 0; i < m->n_agencies; i++)
		m->agencies[i].parent_idx = model_find_agency(m, m->agencies[i].parent);
	for (size_t i = 0; i < m->n_standards; i++)
		m->standards[i].basis_idx = model_find_basis(m, m->standards[i].basis);
	for (size_t i = 0; i < m->n_pools; i++) {
		struct pool *pl = &m->pools[i];
		pl->prefixes = split_list(m, pl->economic, &pl->n_prefixes);
		pl->first_price = pl->n_prices = 0;
	}
	for (size_t i = 0; i < m->n_prices; i++) {
		struct price *pr = &m->prices[i];
		pr->pool = model_find_pool(m, pr->pool_code);
		pr->standard = model_find_standard(m, pr->standard_code);
		if (pr->pool < 0 || pr->standard < 0) {
			buf_printf(err, L("集中议价：统筹类别 %s 或支出标准 %s 不存在",
					  "prices: no pool %s or no standard %s"),
				   pr->pool_code ? pr->pool_code : "", pr->standard_code ? pr->standard_code : "");
			return -1;
		}
		if (!m->pools[pr->pool].n_prices++)
			m->pools[pr->pool].first_price = (int32_t)i;
	}
	for (size_t i = 0; i < m->n_sources; i++)
		m->sources[i].prefixes = split_list(m, m->sources[i].function, &m->sources[i].n_prefixes);
	for (size_t i = 0; i < m->n_negative; i++)
		m->negative[i].excepts = split_phrases(m, m->negative[i].except, &m->negative[i].n_excepts);
	for (size_t i = 0; i < m->n_quotas; i++) {
		struct quota *q = &m->quotas[i];
		q->standard = model_find_standard(m, q->standard_code);
		if (q->standard < 0) {
			buf_printf(err, L("定员定额 %s：支出标准 %s 不存在", "quotas %s: no standard %s"),
				   q->code ? q->code : "", q->standard_code ? q->standard_code : "");
			return -1;
		}
	}
	return 0;
}

/* Projects: agency, priority, basis references; their ranges emptied for
 * the phases that follow. */
static int resolve_projects(struct model *m, struct buf *err)
{
	size_t n_refs = 0;
	for (size_t i = 0; i < m->n_projects; i++) {
		const char *s = m->projects[i].basis;
		if (s && *s) {
			n_refs++;
			for (; *s; s++)
				n_refs += *s == ';';
		}
	}
	free(m->basis_refs);
	free(m->basis_ref_codes);
	m->basis_refs = xmalloc((n_refs + 1) * sizeof(*m->basis_refs));
	m->basis_ref_codes = xmalloc((n_refs + 1) * sizeof(*m->basis_ref_codes));
	m->n_basis_refs = 0;
	for (size_t i = 0; i < m->n_projects; i++) {
		struct project *p = &m->projects[i];
		p->agency = model_find_agency(m, p->agency_code);
		if (p->agency < 0) {
			buf_printf(err, L("项目 %s：预算单位 %s 不存在", "project %s: no agency %s"), p->code,
				   p->agency_code ? p->agency_code : "");
			return -1;
		}
		p->priority = model_find_priority(m, p->priority_code);
		p->first_item = p->n_items = 0;
		p->first_review = p->n_reviews = p->first_target = p->n_targets = 0;
		p->first_plan = p->n_plans = p->first_history = p->n_history = 0;
		p->first_selfeval = p->n_selfevals = 0;
		p->evaluation = p->hist_prev = p->hist_prev2 = -1;
		p->first_basis = (int32_t)m->n_basis_refs;
		p->n_basis = 0;
		for (const char *s = p->basis; s && *s;) {
			size_t len = strcspn(s, ";");
			if (len) {
				const char *code = model_intern(m, s, len);
				m->basis_ref_codes[m->n_basis_refs] = code;
				m->basis_refs[m->n_basis_refs++] = model_find_basis(m, code);
				p->n_basis++;
			}
			if (!s[len])
				break;
			s += len + 1;
		}
	}

	return 0;
}

/* Items: their projects' ranges, their standards and the distinct
 * economic codes.  The codes are mostly interned, so a small cache keyed
 * by the pointer answers most lookups without comparing text. */
static void resolve_items(struct model *m)
{
	struct strmap econ = STRMAP_INIT;
	struct { const char *s; int32_t idx; } std_cache[256], econ_cache[256];
	size_t cap_econs = 0;
	memset(std_cache, 0, sizeof std_cache);
	memset(econ_cache, 0, sizeof econ_cache);
	free(m->econs);
	m->econs = NULL;
	m->n_econs = 0;
	for (size_t i = 0; i < m->n_items; i++) {
		struct item *it = &m->items[i];
		struct project *p = &m->projects[it->project];
		if (!p->n_items++)
			p->first_item = (int32_t)i;
		if (!it->standard_code) {
			it->standard = -1;
		} else {
			size_t h = ((uintptr_t)it->standard_code >> 3) & 255;
			if (std_cache[h].s != it->standard_code) {
				std_cache[h].s = it->standard_code;
				std_cache[h].idx = model_find_standard(m, it->standard_code);
			}
			it->standard = std_cache[h].idx;
		}
		const char *e = it->economic ? it->economic : "";
		size_t h = ((uintptr_t)e >> 3) & 255;
		if (econ_cache[h].s != e) {
			int is_new;
			int64_t *slot = strmap_put(&econ, e, strlen(e), (int64_t)m->n_econs, &is_new);
			if (is_new) {
				XGROW(m->econs, cap_econs, m->n_econs + 1);
				m->econs[m->n_econs++] = model_intern(m, e, strlen(e));
			}
			econ_cache[h].s = e;
			econ_cache[h].idx = (int32_t)*slot;
		}
		it->econ = econ_cache[h].idx;
	}
	strmap_release(&econ);
}

/* Self-evaluations: their projects (-1 when retired) and grades. */
static void resolve_selfevals(struct model *m)
{
	struct model_walk w = MODEL_WALK_INIT;
	for (size_t i = 0; i < m->n_selfevals; i++) {
		struct selfeval *e = &m->selfevals[i];
		if (e->grade < 0)
			e->grade = (int32_t)model_grade_of(e->score);
		e->project = model_walk_project(m, &w, e->project_code);
		if (e->project < 0)
			continue;
		struct project *p = &m->projects[e->project];
		if (!p->n_selfevals++)
			p->first_selfeval = (int32_t)i;
	}
}

/* History: its project (-1 when retired) and the two look-back years. */
static void resolve_history(struct model *m)
{
	struct model_walk w = MODEL_WALK_INIT;
	for (size_t i = 0; i < m->n_history; i++) {
		struct history *h = &m->history[i];
		h->agency = model_find_agency(m, h->agency_code);
		h->project = model_walk_project(m, &w, h->project_code);
		if (h->project < 0)
			continue;
		struct project *p = &m->projects[h->project];
		if (!p->n_history++)
			p->first_history = (int32_t)i;
		if (h->year == m->year - 1)
			p->hist_prev = (int32_t)i;
		else if (h->year == m->year - 2)
			p->hist_prev2 = (int32_t)i;
	}
}

static int resolve_evaluations(struct model *m, struct buf *err)
{
	struct model_walk w = MODEL_WALK_INIT;
	for (size_t i = 0; i < m->n_evaluations; i++) {
		struct evaluation *e = &m->evaluations[i];
		e->project = model_walk_project(m, &w, e->project_code);
		if (e->project < 0) {
			buf_printf(err, L("事前绩效评估：项目 %s 不存在", "evaluations: no project %s"),
				   e->project_code ? e->project_code : "");
			return -1;
		}
		m->projects[e->project].evaluation = (int32_t)i;
	}
	return 0;
}

/* Reviews (and their items), targets and plans with their projects' ranges. */
static int resolve_children(struct model *m, struct buf *err)
{
	RESOLVE_CHILDREN(m, reviews, n_reviews, first_review, n_reviews, "reviews", 1);
	for (size_t i = 0; i < m->n_reviews; i++) {
		struct review *r = &m->reviews[i];
		r->item = r->seq > 0 ? model_find_item(m, r->project, r->seq) : -1;
	}
	RESOLVE_CHILDREN(m, targets, n_targets, first_target, n_targets, "targets", 1);
	RESOLVE_CHILDREN(m, plans, n_plans, first_plan, n_plans, "plans", 1);
	return 0;
}

/* Projects by agency: a counting sort keeps code order within each. */
static void index_agencies(struct model *m)
{
	for (size_t i = 0; i < m->n_agencies; i++)
		m->agencies[i].first_project = m->agencies[i].n_projects = 0;
	for (size_t i = 0; i < m->n_projects; i++)
		m->agencies[m->projects[i].agency].n_projects++;
	int32_t at = 0;
	for (size_t i = 0; i < m->n_agencies; i++) {
		m->agencies[i].first_project = at;
		at += m->agencies[i].n_projects;
		m->agencies[i].n_projects = 0;
	}
	free(m->agency_projects);
	m->agency_projects = xmalloc((m->n_projects + 1) * sizeof(int32_t));
	for (size_t i = 0; i < m->n_projects; i++) {
		struct agency *a = &m->agencies[m->projects[i].agency];
		m->agency_projects[a->first_project + a->n_projects++] = (int32_t)i;
	}
}

int model_finish(struct model *m, struct buf *err)
{
	if (sort_all(m, err) || items_to_projects(m, err) || resolve_lists(m, err) || resolve_projects(m, err))
		return -1;
	resolve_items(m);
	resolve_history(m);
	resolve_selfevals(m);
	if (resolve_evaluations(m, err) || resolve_children(m, err))
		return -1;
	index_agencies(m);
	m->is_finished_ = 1;
	return 0;
}

/* --- derived facts ---------------------------------------------------- */

int32_t model_review_in_force(const struct model *m, int32_t project, int32_t seq)
{
	const struct project *p = &m->projects[project];
	int32_t best = -1;
	/* reviews are sorted by (seq, round): the last of the seq is in force */
	int32_t lo = p->first_review, hi = p->first_review + p->n_reviews;
	while (lo < hi) {
		int32_t mid = lo + (hi - lo) / 2;
		if (m->reviews[mid].seq <= seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > p->first_review && m->reviews[lo - 1].seq == seq)
		best = lo - 1;
	return best;
}

int32_t model_project_score(const struct model *m, int32_t project)
{
	const struct project *p = &m->projects[project];
	if (p->evaluation >= 0)
		return m->evaluations[p->evaluation].score;
	if (p->score >= 0)
		return p->score;
	int32_t se = model_latest_selfeval(m, project), hi = -1;
	for (int32_t i = p->first_history + p->n_history - 1; i >= p->first_history && p->n_history; i--)
		if (m->history[i].score >= 0) {
			hi = i;
			break;
		}
	/* the latest year that has either; in the same year the self-evaluation */
	if (se >= 0 && (hi < 0 || m->selfevals[se].year >= m->history[hi].year))
		return m->selfevals[se].score;
	if (hi >= 0)
		return m->history[hi].score;
	return 60 * SCORE_ONE;
}

int32_t model_latest_selfeval(const struct model *m, int32_t project)
{
	const struct project *p = &m->projects[project];
	return p->n_selfevals ? p->first_selfeval + p->n_selfevals - 1 : -1;
}

enum grade model_grade_of(int32_t score)
{
	return score >= 90 * SCORE_ONE ? GRADE_EXCELLENT
	       : score >= 80 * SCORE_ONE ? GRADE_GOOD
	       : score >= 60 * SCORE_ONE ? GRADE_FAIR
					 : GRADE_POOR;
}

zb_fen model_project_carryover(const struct model *m, int32_t project)
{
	int32_t h = m->projects[project].hist_prev;
	return h >= 0 ? m->history[h].carryover_fen : 0;
}

int model_is_livelihood(const struct model *m, const char *function)
{
	if (!function || strlen(function) < 3)
		return 0;
	int c = (function[0] - '0') * 100 + (function[1] - '0') * 10 + (function[2] - '0');
	for (int i = 0; i < m->set.n_livelihood; i++)
		if (m->set.livelihood[i] == c)
			return 1;
	return 0;
}

static const char *const basis_level_codes[] = { "", "national", "provincial", "municipal" };
static const char *const neg_scope_codes[] = { "all", "major" };
static const char *const kind_codes[] = { "personnel", "operation", "specific" };
static const char *const tier_codes[] = { "wages", "livelihood", "operations", "major", "general" };
static const char *const tier_zh[] = { "保工资", "保基本民生", "保运转", "大事要事", "一般项目" };
static const char *const scope_codes[] = { "department", "transfer", "government" };
static const char *const source_kind_codes[] = { "general", "earmarked" };
static const char *const concl_codes[] = { "support", "partial", "reject" };
static const char *const action_codes[] = { "approve", "adjust", "cut" };
static const char *const level1_codes[] = { "output", "benefit", "satisfaction" };
static const char *const op_codes[] = { "=", ">=", "<=", ">", "<", "qualitative" };
static const char *const quota_kind_codes[] = { "personnel", "operation" };
static const char *const quota_count_codes[] = { "staff", "retired" };
static const char *const grade_codes[] = { "excellent", "good", "fair", "poor" };
static const char *const budget_codes[] = { "public", "fund", "capital", "unit" };

#define ENUM(names) { names, sizeof(names) / sizeof(names[0]) }
static const struct {
	const char *const *names;
	size_t n;
} enums[ME__N] = {
	[ME_BASIS_LEVEL] = ENUM(basis_level_codes), [ME_NEG_SCOPE] = ENUM(neg_scope_codes),
	[ME_KIND] = ENUM(kind_codes),               [ME_TIER] = ENUM(tier_codes),
	[ME_SCOPE] = ENUM(scope_codes),             [ME_SOURCE_KIND] = ENUM(source_kind_codes),
	[ME_CONCLUSION] = ENUM(concl_codes),        [ME_ACTION] = ENUM(action_codes),
	[ME_LEVEL1] = ENUM(level1_codes),           [ME_OP] = ENUM(op_codes),
	[ME_QUOTA_KIND] = ENUM(quota_kind_codes),   [ME_QUOTA_COUNT] = ENUM(quota_count_codes),
	[ME_GRADE] = ENUM(grade_codes),
	[ME_SOURCE_BUDGET] = ENUM(budget_codes),
};

int model_enum_parse(enum model_enum e, const char *s, int dflt)
{
	if (!s)
		return dflt;
	for (size_t i = 0; i < enums[e].n; i++)
		if (!strcmp(s, enums[e].names[i]))
			return (int)i;
	return dflt;
}

const char *model_enum_code(enum model_enum e, int v)
{
	return v >= 0 && (size_t)v < enums[e].n ? enums[e].names[v] : "";
}

const char *model_tier_code(enum tier t) { return tier_codes[t]; }
const char *model_tier_zh(enum tier t) { return tier_zh[t]; }
const char *model_kind_code(enum project_kind k) { return kind_codes[k]; }
const char *model_conclusion_code(enum conclusion c) { return concl_codes[c]; }
const char *model_action_code(enum review_action a) { return action_codes[a]; }

void model_reserve(struct model *m, size_t n_projects, size_t n_items, size_t n_targets)
{
	xgrow((void **)&m->projects, &m->cap_[K_PROJECT], n_projects, sizeof(*m->projects));
	xgrow((void **)&m->items, &m->cap_[K_ITEM], n_items, sizeof(*m->items));
	xgrow((void **)&m->targets, &m->cap_[K_TARGET], n_targets, sizeof(*m->targets));
}

void model_set_items(struct model *m, struct item *items, size_t n, size_t cap)
{
	free(m->items);
	m->items = items;
	m->n_items = n;
	m->cap_[K_ITEM] = cap;
}
