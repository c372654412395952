/*
 * rules.c - SPEC §5, the rules from request to approved amount, and their
 * messages.  Pure: reads a finished model, writes a result; no I/O, no
 * approximate arithmetic (ratios are exact fractions of integers, scaled amounts
 * floored with 128-bit integer arithmetic).
 *
 * One function, eval_project, applies every rule to one project; rules_run
 * calls it for each project, rules_trace_project calls it for one with a
 * trace attached, so `zbb explain` always shows what `zbb check` computed.
 * What depends on an item's economic code alone (the standard that covers
 * it, its pool, the negative entries that may match) is computed once per
 * distinct economic code before the projects are walked.
 *
 * Meaning of struct finding's a, b, c and ref by code:
 *   NO_BASIS           ref: index into m->basis_refs of the unknown code, -1: none named
 *   NEEDS_EVALUATION   a: requested total, b: eval_threshold
 *   EVAL_REJECTED      ref: evaluation
 *   REVIEW_CUT         ref: review (whole project or the item's)
 *   NEEDS_REVIEW       ref: history row of year-1, a: its budget, b: rereview_threshold
 *   NEGATIVE_*         ref: negative entry
 *   STANDARD_MISMATCH, EXPIRED_STANDARD  ref: standard
 *   NO_STANDARD        ref: a valid standard covering the code (or -1), a: standards mode
 *   OVER_STANDARD      ref: standard, a: price before, b: price after
 *   POOLED             ref: pool, a: price before, b: price after (the negotiated one)
 *   OVER_QUOTA         ref: standard, a: quantity before, b: the cap
 *   REVIEW_ADJUSTED    ref: review, a: price, b: quantity as adjusted, c: 1 if capped
 *   EVAL_PARTIAL       ref: evaluation, a: ratio (millionths)
 *   LOW_EXECUTION      a: mean rate (millionths, floored), b: years counted (1, 2)
 *   DUPLICATE          ref: the earlier item (first of its kind in the agency)
 *   CARRYOVER          ref: history row, a: carryover
 *   NEGATIVE_LIST      ref: negative entry (its keyword is the one matched)
 *   QUOTA_SPLIT        ref: standard, a: the agency's quantity over its items, b: the cap
 *   OVER_ESTABLISHMENT a: headcount, b: establishment (on the agency's -RY
 *                      project, else its first project: the agency's finding)
 *   TARGET_INCOMPLETE  a: the level-1 classes present (bit 1 << enum target_level1)
 *   TARGET_WEIGHTS     a: the weights' sum (hundredths)
 *   TARGET_NOT_MEASURABLE  ref: target
 *   POOR_SELFEVAL      ref: selfevals row
 */
#include "rules.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const struct code_info {
	const char *name;
	enum severity sev;
	enum cause cause;
} code_info[F__N] = {
	[F_NO_BASIS] = { "NO_BASIS", SEV_ERROR, CAUSE_NO_BASIS },
	[F_EXPIRED_BASIS] = { "EXPIRED_BASIS", SEV_ERROR, CAUSE_NO_BASIS },
	[F_NEEDS_EVALUATION] = { "NEEDS_EVALUATION", SEV_ERROR, CAUSE_EVALUATION },
	[F_EVAL_REJECTED] = { "EVAL_REJECTED", SEV_ERROR, CAUSE_EVALUATION },
	[F_REVIEW_CUT] = { "REVIEW_CUT", SEV_ERROR, CAUSE_REVIEW },
	[F_NEEDS_REVIEW] = { "NEEDS_REVIEW", SEV_ERROR, CAUSE_REVIEW },
	[F_NEGATIVE_LIST] = { "NEGATIVE_LIST", SEV_ERROR, CAUSE_NEGATIVE },
	[F_NEGATIVE_MAJOR] = { "NEGATIVE_MAJOR", SEV_WARN, CAUSE_NONE },
	[F_UNKNOWN_STANDARD] = { "UNKNOWN_STANDARD", SEV_ERROR, CAUSE_NO_STANDARD },
	[F_STANDARD_MISMATCH] = { "STANDARD_MISMATCH", SEV_ERROR, CAUSE_NO_STANDARD },
	[F_EXPIRED_STANDARD] = { "EXPIRED_STANDARD", SEV_ERROR, CAUSE_NO_STANDARD },
	[F_NO_STANDARD] = { "NO_STANDARD", SEV_ERROR, CAUSE_NO_STANDARD },
	[F_OVER_STANDARD] = { "OVER_STANDARD", SEV_ADJUST, CAUSE_STANDARD },
	[F_POOLED] = { "POOLED", SEV_ADJUST, CAUSE_POOL },
	[F_OVER_QUOTA] = { "OVER_QUOTA", SEV_ADJUST, CAUSE_QUOTA },
	[F_REVIEW_ADJUSTED] = { "REVIEW_ADJUSTED", SEV_ADJUST, CAUSE_REVIEW },
	[F_EVAL_PARTIAL] = { "EVAL_PARTIAL", SEV_ADJUST, CAUSE_EVALUATION },
	[F_LOW_EXECUTION] = { "LOW_EXECUTION", SEV_ADJUST, CAUSE_LOW_EXECUTION },
	[F_DUPLICATE] = { "DUPLICATE", SEV_WARN, CAUSE_NONE },
	[F_NOT_ON_LIST] = { "NOT_ON_LIST", SEV_WARN, CAUSE_NONE },
	[F_CARRYOVER] = { "CARRYOVER", SEV_WARN, CAUSE_NONE },
	[F_NO_TARGETS] = { "NO_TARGETS", SEV_WARN, CAUSE_NONE },
	[F_QUOTA_SPLIT] = { "QUOTA_SPLIT", SEV_WARN, CAUSE_NONE },
	[F_OVER_ESTABLISHMENT] = { "OVER_ESTABLISHMENT", SEV_WARN, CAUSE_NONE },
	[F_OVER_CONTROL] = { "OVER_CONTROL", SEV_WARN, CAUSE_NONE },
	[F_NOT_CONTINUING] = { "NOT_CONTINUING", SEV_WARN, CAUSE_NONE },
	[F_TIER_MISMATCH] = { "TIER_MISMATCH", SEV_WARN, CAUSE_NONE },
	[F_TARGET_INCOMPLETE] = { "TARGET_INCOMPLETE", SEV_WARN, CAUSE_NONE },
	[F_TARGET_WEIGHTS] = { "TARGET_WEIGHTS", SEV_WARN, CAUSE_NONE },
	[F_TARGET_NOT_MEASURABLE] = { "TARGET_NOT_MEASURABLE", SEV_WARN, CAUSE_NONE },
	[F_POOR_SELFEVAL] = { "POOR_SELFEVAL", SEV_WARN, CAUSE_NONE },
	[F_OVER_AFFORDABILITY] = { "OVER_AFFORDABILITY", SEV_ERROR, CAUSE_AFFORDABILITY },
	[F_CUT_CAPACITY] = { "CUT_CAPACITY", SEV_ERROR, CAUSE_CAPACITY },
	[F_SHORTFALL] = { "SHORTFALL", SEV_ERROR, CAUSE_CAPACITY },
	[F_EARMARK_IDLE] = { "EARMARK_IDLE", SEV_WARN, CAUSE_NONE },
};

static const char *const severity_names[SEV__N] = { "error", "adjust", "warn" };
static const char *const cause_names[CAUSE__N] = { "standard", "quota", "pool", "review", "evaluation",
						   "low_execution", "negative", "no_basis", "no_standard",
						   "affordability", "capacity" };

/* What a person reads for a cause and a severity (zh, en), next to their
 * codes: the reports, `zbb check` and `zbb explain` all say these. */
static const struct label {
	const char *zh, *en;
} cause_labels[CAUSE__N] = {
	{ "支出标准", "standards" },       { "数量定额", "quotas" },         { "统筹集中议价", "pooled buying" },
	{ "预算评审", "review" },          { "事前绩效评估", "evaluation" }, { "执行率回头看", "look-back" },
	{ "负面清单", "negative list" },   { "无政策依据", "no basis" },     { "无支出标准", "no standard" },
	{ "财政承受能力", "affordability" }, { "财力不足", "capacity" },
},
  severity_labels[SEV__N] = { { "错误", "error" }, { "调整", "adjust" }, { "提示", "warn" } };

const char *rules_cause_label(enum cause c)
{
	return c >= 0 && c < CAUSE__N ? L(cause_labels[c].zh, cause_labels[c].en) : "";
}

const char *rules_severity_label(enum severity s)
{
	return L(severity_labels[s].zh, severity_labels[s].en);
}

const char *rules_code_name(enum finding_code c) { return code_info[c].name; }
const char *rules_severity_name(enum severity s) { return severity_names[s]; }
const char *rules_cause_name(enum cause c) { return c >= 0 && c < CAUSE__N ? cause_names[c] : ""; }
enum severity rules_code_severity(enum finding_code c) { return code_info[c].sev; }
enum cause rules_code_cause(enum finding_code c) { return code_info[c].cause; }

int rules_code_parse(const char *name)
{
	for (int i = 0; i < F__N; i++)
		if (!strcmp(code_info[i].name, name))
			return i;
	return -1;
}

int rules_severity_parse(const char *name)
{
	for (int i = 0; i < SEV__N; i++)
		if (!strcmp(severity_names[i], name))
			return i;
	return -1;
}

/* --- exact arithmetic -------------------------------------------------- */

typedef unsigned __int128 u128;

/* floor(a × num / den) for 0 <= a, 0 <= num <= den, 0 < den < 2^127. */
static zb_fen muldiv_floor(zb_fen a, u128 num, u128 den)
{
	if (num >> 64 == 0)
		return (zb_fen)((u128)(uint64_t)a * num / den); /* a·num < 2^127 */
	/* shift-and-add long multiplication modulo den: q·den + r = prefix·num */
	u128 q = 0, r = 0;
	for (int bit = 62; bit >= 0; bit--) {
		q <<= 1;
		r <<= 1;
		if (r >= den) {
			q++;
			r -= den;
		}
		if (((uint64_t)a >> bit) & 1) {
			r += num;
			if (r >= den) {
				q++;
				r -= den;
			}
		}
	}
	return (zb_fen)q;
}

/* --- per-run context ---------------------------------------------------- */

struct ctx {
	const struct model *m;
	struct rules_result *r;
	struct rules_trace *tr;  /* NULL unless explaining */
	int32_t trace_first;     /* the traced project's first item */
	/* by economic code index */
	int32_t *econ_covered;   /* a valid standard covering it, or -1 */
	int32_t *econ_pool;      /* its pool, or -1 */
	uint8_t *econ_302_310;
	int32_t *econ_neg_first, *econ_neg_n, *neg_list;
	/* per item: 1 + the earlier duplicate, 0 when none */
	int32_t *dup;
	/* per item: 1 + the agency's quantity over the items citing its
	 * standard when that passes the quota while the item alone does not
	 * (QUOTA_SPLIT), 0 when not; the sum itself in qsum */
	uint8_t *qsplit;
	zb_qty *qsum;
	struct buf *err;
};

static int valid_on(int32_t from, int32_t to, int32_t day)
{
	return from <= day && day <= to;
}

static void prepare_econs(struct ctx *c)
{
	const struct model *m = c->m;
	size_t n = m->n_econs;
	c->econ_covered = xmalloc((n + 1) * sizeof(int32_t));
	c->econ_pool = xmalloc((n + 1) * sizeof(int32_t));
	c->econ_302_310 = xmalloc(n + 1);
	c->econ_neg_first = xmalloc((n + 1) * sizeof(int32_t));
	c->econ_neg_n = xmalloc((n + 1) * sizeof(int32_t));
	c->neg_list = xmalloc((n * m->n_negative + 1) * sizeof(int32_t));
	size_t k = 0;
	for (size_t e = 0; e < n; e++) {
		const char *code = m->econs[e];
		c->econ_covered[e] = -1;
		for (size_t s = 0; s < m->n_standards; s++) {
			const struct standard *st = &m->standards[s];
			if (valid_on(st->valid_from, st->valid_to, m->jan1) && model_has_prefix(code, st->economic)) {
				c->econ_covered[e] = (int32_t)s;
				break;
			}
		}
		/* the pool with the longest matching prefix (SPEC §5 step 6) */
		c->econ_pool[e] = model_pool_of(m, code);
		c->econ_302_310[e] = model_has_prefix(code, "302") || model_has_prefix(code, "310");
		c->econ_neg_first[e] = (int32_t)k;
		for (size_t i = 0; i < m->n_negative; i++) {
			const struct negative_entry *ne = &m->negative[i];
			if (!ne->economic && !ne->keyword)
				continue;
			if (ne->economic && !model_has_prefix(code, ne->economic))
				continue;
			c->neg_list[k++] = (int32_t)i;
		}
		c->econ_neg_n[e] = (int32_t)(k - (size_t)c->econ_neg_first[e]);
	}
}

/* --- duplicates: per agency, items with equal economic code, standard and
 * content in different projects; each later one points at the first --- */

static uint64_t hash_text(const char *s)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	size_t n = strlen(s);
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
		s += 8;
		n -= 8;
	}
	uint64_t w = 0;
	memcpy(&w, s, n);
	h = (h ^ w ^ n) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 32;
	return h;
}

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The key of an item for duplicates: economic code, standard, content. */
static uint64_t dup_key(const struct item *it)
{
	uint64_t h = hash_text(it->content ? it->content : "") ^ ((uint64_t)(uint32_t)it->econ * 0x9e3779b97f4a7c15ULL);
	if (it->standard >= 0)
		h ^= ((uint64_t)(uint32_t)it->standard + 1) * 0xc2b2ae3d27d4eb4fULL;
	else if (it->standard_code)
		h ^= hash_text(it->standard_code) * 31;
	return h;
}

/* keys: per item, computed in one sequential pass (items are visited by
 * agency below, and a compact array keeps that walk in cache) */
static void find_duplicates_agency(struct ctx *c, int32_t agency, const uint64_t *keys, int32_t **tab,
				   size_t *cap)
{
	const struct model *m = c->m;
	const struct agency *a = &m->agencies[agency];
	size_t n = 0;
	for (int32_t k = 0; k < a->n_projects; k++)
		n += (size_t)m->projects[m->agency_projects[a->first_project + k]].n_items;
	if (a->n_projects < 2 || n < 2)
		return;
	size_t need = 16;
	while (need < 2 * n)
		need <<= 1;
	if (need > *cap) {
		free(*tab);
		*tab = xmalloc(need * sizeof(int32_t));
		*cap = need;
	}
	for (size_t i = 0; i < need; i++)
		(*tab)[i] = -1;
	size_t mask = need - 1;
	for (int32_t k = 0; k < a->n_projects; k++) {
		const struct project *p = &m->projects[m->agency_projects[a->first_project + k]];
		for (int32_t i = p->first_item; i < p->first_item + p->n_items; i++) {
			uint64_t h = keys[i];
			size_t s = h & mask;
			for (;;) {
				int32_t o = (*tab)[s];
				if (o < 0) {
					(*tab)[s] = i;
					break;
				}
				if (keys[o] == h) {
					const struct item *it = &m->items[i], *ot = &m->items[o];
					if (ot->econ == it->econ && same_text(ot->standard_code, it->standard_code) &&
					    same_text(ot->content, it->content)) {
						if (ot->project != it->project)
							c->dup[i] = o + 1;
						break;
					}
				}
				s = (s + 1) & mask;
			}
		}
	}
}

static void find_duplicates(struct ctx *c, int32_t only_agency)
{
	const struct model *m = c->m;
	int32_t *tab = NULL;
	size_t cap = 0;
	uint64_t *keys = xmalloc((m->n_items + 1) * sizeof(uint64_t));
	for (size_t i = 0; i < m->n_items; i++)
		if (only_agency < 0 || m->projects[m->items[i].project].agency == only_agency)
			keys[i] = dup_key(&m->items[i]);
	for (size_t a = 0; a < m->n_agencies; a++)
		if (only_agency < 0 || (int32_t)a == only_agency)
			find_duplicates_agency(c, (int32_t)a, keys, &tab, &cap);
	free(tab);
	free(keys);
}

/* --- quotas split over several items: per agency and standard with a
 * quota per head, the items' quantities together over the cap while
 * each alone is within it (QUOTA_SPLIT) --- */

static void find_quota_splits(struct ctx *c, int32_t only_agency)
{
	const struct model *m = c->m;
	size_t ns = m->n_standards + 1;
	zb_qty *sum = xcalloc(ns, sizeof(zb_qty)), *max = xcalloc(ns, sizeof(zb_qty));
	uint8_t *seen = xcalloc(ns, 1), *overflowed = xcalloc(ns, 1);
	int32_t *touched = xmalloc(ns * sizeof(int32_t));
	for (size_t ai = 0; ai < m->n_agencies; ai++) {
		if (only_agency >= 0 && (int32_t)ai != only_agency)
			continue;
		const struct agency *a = &m->agencies[ai];
		size_t n_touched = 0;
		/* pass 0 sums each standard's quantities, pass 1 marks the items */
		for (int pass = 0; pass < 2; pass++)
			for (int32_t k = 0; k < a->n_projects; k++) {
				const struct project *p = &m->projects[m->agency_projects[a->first_project + k]];
				for (int32_t i = p->first_item; i < p->first_item + p->n_items; i++) {
					const struct item *it = &m->items[i];
					int32_t s = it->standard;
					if (s < 0 || m->standards[s].quota_per_head < 0)
						continue;
					if (pass == 0) {
						if (!seen[s]) {
							seen[s] = 1;
							touched[n_touched++] = s;
						}
						if (__builtin_add_overflow(sum[s], it->quantity, &sum[s]))
							overflowed[s] = 1;
						if (it->quantity > max[s])
							max[s] = it->quantity;
						continue;
					}
					zb_qty cap;
					if (__builtin_mul_overflow(m->standards[s].quota_per_head, a->headcount, &cap))
						continue;
					if ((overflowed[s] || sum[s] > cap) && max[s] <= cap) {
						c->qsplit[i] = 1;
						c->qsum[i] = overflowed[s] ? INT64_MAX : sum[s];
					}
				}
			}
		for (size_t t = 0; t < n_touched; t++) {
			int32_t s = touched[t];
			sum[s] = max[s] = 0;
			seen[s] = overflowed[s] = 0;
		}
	}
	free(sum);
	free(max);
	free(seen);
	free(overflowed);
	free(touched);
}

/* --- emitting ------------------------------------------------------------ */

static struct finding *emit(struct ctx *c, enum finding_code code, int32_t project, int32_t item)
{
	struct rules_result *r = c->r;
	XGROW(r->findings, r->cap_findings, r->n_findings + 1);
	struct finding *f = &r->findings[r->n_findings++];
	memset(f, 0, sizeof(*f));
	f->code = (uint8_t)code;
	f->severity = (uint8_t)code_info[code].sev;
	f->cause = (int8_t)code_info[code].cause;
	f->project = project;
	f->item = item;
	f->ref = -1;
	return f;
}

static void trace_step(struct ctx *c, int32_t item, const struct finding *f, zb_fen before, zb_fen after)
{
	struct rules_trace *t = c->tr;
	if (!t)
		return;
	XGROW(t->steps, t->cap, t->n + 1);
	struct rules_step *s = &t->steps[t->n++];
	s->item = item;
	s->before_fen = before;
	s->after_fen = after;
	s->f = *f;
}

/* A project gate: the first one books the project's whole request. */
/* Step 10: scale every item of a project by num/den, each floored to the
 * fen; the project's finding (findings[fi]) carries the sums, and each
 * item's trace step its own share.  A[] is the amount as it stands. */
static void scale_items(struct ctx *c, size_t fi, int32_t first, int32_t end, zb_fen *A, u128 num, u128 den)
{
	for (int32_t i = first; i < end; i++) {
		zb_fen next = muldiv_floor(A[i], num, den);
		struct finding *f = &c->r->findings[fi];
		f->before_fen += A[i];
		f->after_fen += next;
		f->effect_fen += A[i] - next;
		struct finding g = *f;
		g.effect_fen = A[i] - next;
		if (A[i])
			trace_step(c, i, &g, A[i], next);
		A[i] = next;
	}
}

static struct finding *emit_gate(struct ctx *c, enum finding_code code, int32_t pi, int *gate, zb_fen Rp)
{
	struct finding *f = emit(c, code, pi, -1);
	if (*gate < 0) {
		*gate = code;
		f->before_fen = f->effect_fen = Rp;
	}
	return f;
}

static int overflow(struct ctx *c, const struct project *p)
{
	buf_printf(c->err, L("项目 %s：金额超出范围", "project %s: an amount overflows"), p->code);
	return -1;
}

/* --- the rules for one project -------------------------------------------- */

/* Whether an item's content holds one of the entry's except phrases (the
 * keyword 庆典 must not catch 国庆典型案例). */
static int negative_excepted(const struct negative_entry *ne, const char *content)
{
	for (int32_t k = 0; content && k < ne->n_excepts; k++)
		if (strstr(content, ne->excepts[k]))
			return 1;
	return 0;
}

/* Steps 3-4 for one item: report every error; returns the first code or -1. */
static int item_errors(struct ctx *c, int32_t pi, int32_t i, int booked, zb_fen R)
{
	const struct model *m = c->m;
	const struct project *p = &m->projects[pi];
	const struct item *it = &m->items[i];
	int first = -1;
	struct finding *f;

	/* 3. the negative list */
	int has_all = 0, has_major = 0;
	for (int32_t k = 0; k < c->econ_neg_n[it->econ]; k++) {
		int32_t ni = c->neg_list[c->econ_neg_first[it->econ] + k];
		const struct negative_entry *ne = &m->negative[ni];
		if (ne->scope == NEG_ALL ? has_all : (has_major || p->tier != TIER_MAJOR))
			continue;
		if (ne->keyword && !(it->content && strstr(it->content, ne->keyword)))
			continue;
		if (negative_excepted(ne, it->content))
			continue;
		if (ne->scope == NEG_ALL) {
			has_all = 1;
			f = emit(c, F_NEGATIVE_LIST, pi, i);
			f->ref = ni;
			if (first < 0) {
				first = F_NEGATIVE_LIST;
				if (booked) {
					f->effect_fen = R;
					f->before_fen = R;
				}
			}
			trace_step(c, i, f, f->before_fen, 0);
		} else {
			has_major = 1;
			f = emit(c, F_NEGATIVE_MAJOR, pi, i);
			f->ref = ni;
			c->r->project_flags[pi] |= PROJECT_DEMOTED;
			trace_step(c, i, f, booked ? R : 0, booked ? R : 0);
		}
	}

	/* 4. standards */
	int code = -1;
	int32_t ref = -1;
	int64_t a = 0;
	if (it->standard_code) {
		if (it->standard < 0) {
			code = F_UNKNOWN_STANDARD;
		} else {
			const struct standard *s = &m->standards[it->standard];
			if (!model_has_prefix(it->economic, s->economic)) {
				f = emit(c, F_STANDARD_MISMATCH, pi, i);
				f->ref = it->standard;
				if (first < 0 && booked) {
					f->effect_fen = f->before_fen = R;
				}
				trace_step(c, i, f, first < 0 && booked ? R : 0, 0);
				if (first < 0)
					first = F_STANDARD_MISMATCH;
			}
			if (!valid_on(s->valid_from, s->valid_to, m->jan1)) {
				code = F_EXPIRED_STANDARD;
				ref = it->standard;
			}
		}
	} else if (m->set.standards_required != STD_OFF) {
		int32_t cov = c->econ_covered[it->econ];
		if (cov >= 0 || (m->set.standards_required == STD_ALL && c->econ_302_310[it->econ])) {
			code = F_NO_STANDARD;
			ref = cov;
			a = m->set.standards_required;
		}
	}
	if (code >= 0) {
		f = emit(c, (enum finding_code)code, pi, i);
		f->ref = ref;
		f->a = a;
		if (first < 0 && booked)
			f->effect_fen = f->before_fen = R;
		trace_step(c, i, f, first < 0 && booked ? R : 0, 0);
		if (first < 0)
			first = code;
	}
	return first;
}

/* Steps 5-8 for one item; returns the amount after them (A, step 9). */
static int item_adjust(struct ctx *c, int32_t pi, int32_t i, zb_fen R, zb_fen *out)
{
	const struct model *m = c->m;
	const struct project *p = &m->projects[pi];
	const struct item *it = &m->items[i];
	zb_fen price = it->price_fen, amount = R, next;
	zb_qty qty = it->quantity;
	struct finding *f;
	const struct standard *s = it->standard >= 0 ? &m->standards[it->standard] : NULL;

	/* 5. the standard's price ceiling */
	if (s && price > s->max_price_fen) {
		if (money_mul_qty(s->max_price_fen, qty, &next))
			return overflow(c, p);
		f = emit(c, F_OVER_STANDARD, pi, i);
		f->ref = it->standard;
		f->a = price;
		f->b = s->max_price_fen;
		f->before_fen = amount;
		f->after_fen = next;
		f->effect_fen = amount - next;
		trace_step(c, i, f, amount, next);
		price = s->max_price_fen;
		amount = next;
	}
	/* 6. the pool's negotiated price */
	int32_t pool = c->econ_pool[it->econ];
	int32_t pr = s ? model_find_price(m, pool, it->standard) : -1;
	if (pr >= 0 && m->prices[pr].price_fen < price) {
		zb_fen np = m->prices[pr].price_fen;
		if (money_mul_qty(np, qty, &next))
			return overflow(c, p);
		f = emit(c, F_POOLED, pi, i);
		f->ref = pool;
		f->a = price;
		f->b = np;
		f->before_fen = amount;
		f->after_fen = next;
		f->effect_fen = amount - next;
		trace_step(c, i, f, amount, next);
		price = np;
		amount = next;
	}
	/* 7. the quota per head of the agency's staff, exact in 1/10000 */
	if (s && s->quota_per_head >= 0) {
		zb_qty cap;
		int64_t heads = m->agencies[p->agency].headcount;
		if (!__builtin_mul_overflow(s->quota_per_head, heads, &cap) && qty > cap) {
			if (money_mul_qty(price, cap, &next))
				return overflow(c, p);
			f = emit(c, F_OVER_QUOTA, pi, i);
			f->ref = it->standard;
			f->a = qty;
			f->b = cap;
			f->before_fen = amount;
			f->after_fen = next;
			f->effect_fen = amount - next;
			trace_step(c, i, f, amount, next);
			qty = cap;
			amount = next;
		}
	}
	/* 8. the item's review in force */
	int32_t rv = model_review_in_force(m, pi, it->seq);
	if (rv >= 0 && m->reviews[rv].action == REVIEW_CUT) {
		f = emit(c, F_REVIEW_CUT, pi, i);
		f->ref = rv;
		f->before_fen = amount;
		f->after_fen = 0;
		f->effect_fen = amount;
		trace_step(c, i, f, amount, 0);
		c->r->item_flags[i] |= ITEM_REJECTED;
		amount = 0;
	} else if (rv >= 0 && m->reviews[rv].action == REVIEW_ADJUST) {
		const struct review *r = &m->reviews[rv];
		zb_fen np = r->price_fen >= 0 ? r->price_fen : price;
		zb_qty nq = r->quantity >= 0 ? r->quantity : qty;
		if (money_mul_qty(np, nq, &next))
			return overflow(c, p);
		f = emit(c, F_REVIEW_ADJUSTED, pi, i);
		f->ref = rv;
		f->a = np;
		f->b = nq;
		if (next > amount) {
			f->c = 1; /* a review never raises the amount */
			next = amount;
		}
		f->before_fen = amount;
		f->after_fen = next;
		f->effect_fen = amount - next;
		trace_step(c, i, f, amount, next);
		amount = next;
	}
	*out = amount;
	return 0;
}

/* Step 10's mean execution rate over year-1 and year-2 as num/den. */
static int execution_rate(const struct model *m, const struct project *p, u128 *num, u128 *den)
{
	const struct history *h[2] = { NULL, NULL };
	int k = 0;
	if (p->hist_prev >= 0 && m->history[p->hist_prev].budget_fen > 0)
		h[k++] = &m->history[p->hist_prev];
	if (p->hist_prev2 >= 0 && m->history[p->hist_prev2].budget_fen > 0)
		h[k++] = &m->history[p->hist_prev2];
	if (k == 1) {
		*num = (u128)h[0]->executed_fen;
		*den = (u128)h[0]->budget_fen;
	} else if (k == 2) {
		/* (e1/b1 + e2/b2) / 2 = (e1·b2 + e2·b1) / (2·b1·b2), each < 2^127 */
		u128 b1 = (u128)h[0]->budget_fen, b2 = (u128)h[1]->budget_fen;
		*num = (u128)h[0]->executed_fen * b2 + (u128)h[1]->executed_fen * b1;
		*den = 2 * b1 * b2;
	}
	return k;
}

/* --- one project, in the steps of SPEC §5 ------------------------------- */

/* 1. requested: R = price × quantity per item; A starts as R. */
static int requested(struct ctx *c, int32_t pi, zb_fen *Rp)
{
	const struct model *m = c->m;
	const struct project *p = &m->projects[pi];
	zb_fen *R = c->r->requested_fen, *A = c->r->approved_fen;
	*Rp = 0;
	for (int32_t i = p->first_item; i < p->first_item + p->n_items; i++) {
		if (money_mul_qty(m->items[i].price_fen, m->items[i].quantity, &R[i]) || money_add(*Rp, R[i], Rp))
			return overflow(c, p);
		A[i] = R[i];
	}
	return 0;
}

/* 2. the project gates, all reported; the first books everything.  The
 * code of the first, or -1 when none applies. */
static int gates(struct ctx *c, int32_t pi, zb_fen Rp)
{
	const struct model *m = c->m;
	const struct project *p = &m->projects[pi];
	int gate = -1;
	int32_t whole = model_review_in_force(m, pi, 0);
	const struct evaluation *ev = p->evaluation >= 0 ? &m->evaluations[p->evaluation] : NULL;
	struct finding *f;
#define GATE(code_) emit_gate(c, (code_), pi, &gate, Rp)
	if (p->kind == KIND_SPECIFIC) {
		int32_t unknown = -1, n_known = 0, n_valid = 0;
		for (int32_t k = 0; k < p->n_basis; k++) {
			int32_t b = m->basis_refs[p->first_basis + k];
			if (b < 0) {
				if (unknown < 0)
					unknown = p->first_basis + k;
				continue;
			}
			n_known++;
			n_valid += valid_on(m->bases[b].valid_from, m->bases[b].valid_to, m->jan1);
		}
		if (p->n_basis == 0 || unknown >= 0)
			GATE(F_NO_BASIS)->ref = unknown;
		if (n_known && !n_valid)
			GATE(F_EXPIRED_BASIS);
	}
	if (p->is_new && Rp >= m->set.eval_threshold_fen && !ev) {
		f = GATE(F_NEEDS_EVALUATION);
		f->a = Rp;
		f->b = m->set.eval_threshold_fen;
	}
	if (ev && ev->conclusion == CONCL_REJECT)
		GATE(F_EVAL_REJECTED)->ref = p->evaluation;
	if (whole >= 0 && m->reviews[whole].action == REVIEW_CUT)
		GATE(F_REVIEW_CUT)->ref = whole;
	if (!p->is_new && p->hist_prev >= 0 && m->history[p->hist_prev].budget_fen >= m->set.rereview_threshold_fen &&
	    whole < 0 && !ev) {
		f = GATE(F_NEEDS_REVIEW);
		f->ref = p->hist_prev;
		f->a = m->history[p->hist_prev].budget_fen;
		f->b = m->set.rereview_threshold_fen;
	}
#undef GATE
	return gate;
}

/* A gated project: every item zeroed, the gates traced on each (the first
 * books the item's whole R). */
static void reject_project(struct ctx *c, int32_t pi, int gate)
{
	const struct project *p = &c->m->projects[pi];
	struct rules_result *r = c->r;
	int32_t first = p->first_item, end = p->first_item + p->n_items;
	r->project_flags[pi] |= PROJECT_REJECTED;
	if (c->tr)
		for (size_t fi = (size_t)r->project_findings[pi]; fi < r->n_findings; fi++) {
			struct finding g = r->findings[fi];
			for (int32_t i = first; i < end; i++) {
				int is_first = g.code == gate;
				g.effect_fen = is_first ? r->requested_fen[i] : 0;
				trace_step(c, i, &g, is_first ? r->requested_fen[i] : 0, 0);
			}
		}
	for (int32_t i = first; i < end; i++) {
		r->approved_fen[i] = 0;
		r->item_flags[i] |= ITEM_REJECTED;
	}
}

/* 3-9, item by item: the errors (or, when none, the adjustments), then
 * the item's warnings. */
static int each_item(struct ctx *c, int32_t pi, int gate)
{
	const struct project *p = &c->m->projects[pi];
	struct rules_result *r = c->r;
	zb_fen *R = r->requested_fen, *A = r->approved_fen;
	for (int32_t i = p->first_item; i < p->first_item + p->n_items; i++) {
		int err = item_errors(c, pi, i, gate < 0, R[i]);
		if (err >= 0 && gate < 0) {
			A[i] = 0;
			r->item_flags[i] |= ITEM_REJECTED;
		} else if (gate < 0 && item_adjust(c, pi, i, R[i], &A[i])) {
			return -1;
		}
		if (c->dup[i]) {
			struct finding *f = emit(c, F_DUPLICATE, pi, i);
			f->ref = c->dup[i] - 1;
			trace_step(c, i, f, A[i], A[i]);
		}
		if (c->qsplit[i]) {
			const struct item *it = &c->m->items[i];
			const struct standard *s = &c->m->standards[it->standard];
			struct finding *f = emit(c, F_QUOTA_SPLIT, pi, i);
			f->ref = it->standard;
			f->a = c->qsum[i];
			f->b = s->quota_per_head * c->m->agencies[p->agency].headcount;
			trace_step(c, i, f, A[i], A[i]);
		}
	}
	return 0;
}

/* 10. project scaling: the evaluation ratio, then the look-back. */
static void scale_project(struct ctx *c, int32_t pi)
{
	const struct model *m = c->m;
	const struct project *p = &m->projects[pi];
	struct rules_result *r = c->r;
	int32_t first = p->first_item, end = p->first_item + p->n_items;
	const struct evaluation *ev = p->evaluation >= 0 ? &m->evaluations[p->evaluation] : NULL;
	struct finding *f;
	if (ev && ev->conclusion == CONCL_PARTIAL && ev->ratio >= 0 && ev->ratio < RATIO_ONE) {
		size_t fi = r->n_findings;
		f = emit(c, F_EVAL_PARTIAL, pi, -1);
		f->ref = p->evaluation;
		f->a = ev->ratio;
		scale_items(c, fi, first, end, r->approved_fen, (u128)ev->ratio, RATIO_ONE);
	}
	u128 num = 0, den = 1;
	int years = p->is_new ? 0 : execution_rate(m, p, &num, &den);
	if (years && num < den) {
		int64_t rate = muldiv_floor(RATIO_ONE, num, den);
		/* num/den < t/10^6  <=>  floor(10^6·num/den) < t, t an integer */
		if (rate < m->set.low_execution) {
			size_t fi = r->n_findings;
			f = emit(c, F_LOW_EXECUTION, pi, -1);
			f->a = rate;
			f->b = years;
			scale_items(c, fi, first, end, r->approved_fen, num, den);
		}
	}
}

/* A project-level warning: reported once, traced on every item. */
static struct finding *warn_project(struct ctx *c, enum finding_code code, int32_t pi)
{
	const struct project *p = &c->m->projects[pi];
	const zb_fen *A = c->r->approved_fen;
	struct finding *f = emit(c, code, pi, -1);
	for (int32_t i = p->first_item; i < p->first_item + p->n_items; i++)
		trace_step(c, i, f, A[i], A[i]);
	return f;
}

/* Where an agency's OVER_ESTABLISHMENT is told: its generated personnel
 * project (the one whose 定员 the establishment caps), else its first. */
static int32_t establishment_project(const struct model *m, int32_t agency)
{
	const struct agency *a = &m->agencies[agency];
	int32_t first = -1;
	for (int32_t k = 0; k < a->n_projects; k++) {
		int32_t p = m->agency_projects[a->first_project + k];
		if (first < 0)
			first = p;
		if (m->projects[p].is_basic && m->projects[p].kind == KIND_PERSONNEL)
			return p;
	}
	return first;
}

/* A quantitative target's value is a number (optionally a percentage,
 * with thousands separators), as the platforms check it. */
static int target_measurable(const struct target *t)
{
	if (t->op == OP_QUALITATIVE)
		return 1;
	const char *v = t->value ? t->value : "";
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	if (n && v[n - 1] == '%')
		n--;
	int64_t x;
	const char *why;
	return n && !dec_parse(v, n, 6, DEC_NEG | DEC_COMMAS, &x, &why);
}

/* The performance targets as the platforms check them: the three level-1
 * classes of a specific project, weights summing to 100, numeric values
 * for numeric operators. */
static void target_warnings(struct ctx *c, int32_t pi)
{
	const struct model *m = c->m;
	const struct project *p = &m->projects[pi];
	unsigned present = 0;
	int has_weight = 0;
	int64_t wsum = 0;
	if (!p->n_targets)
		return;
	for (int32_t t = p->first_target; t < p->first_target + p->n_targets; t++) {
		present |= 1u << m->targets[t].level1;
		if (m->targets[t].weight >= 0) {
			has_weight = 1;
			wsum += m->targets[t].weight;
		}
	}
	if (p->kind == KIND_SPECIFIC && present != 7)
		warn_project(c, F_TARGET_INCOMPLETE, pi)->a = present;
	if (has_weight && wsum != 100 * SCORE_ONE)
		warn_project(c, F_TARGET_WEIGHTS, pi)->a = wsum;
	for (int32_t t = p->first_target; t < p->first_target + p->n_targets; t++)
		if (!target_measurable(&m->targets[t]))
			warn_project(c, F_TARGET_NOT_MEASURABLE, pi)->ref = t;
}

/* Whether a function code's class (its first three digits) is counted as
 * livelihood spending (the livelihood_functions setting). */
static int livelihood_class(const struct model *m, const char *function)
{
	if (!function || strlen(function) < 3)
		return 0;
	int cls = (function[0] - '0') * 100 + (function[1] - '0') * 10 + (function[2] - '0');
	for (int i = 0; i < m->set.n_livelihood; i++)
		if (m->set.livelihood[i] == cls)
			return 1;
	return 0;
}

/* 11. the warnings that change nothing (a major matter off the list is
 * ranked as general). */
static void project_warnings(struct ctx *c, int32_t pi)
{
	const struct model *m = c->m;
	const struct project *p = &m->projects[pi];
	struct rules_result *r = c->r;
	struct finding *f;
	if (p->tier == TIER_MAJOR && p->priority < 0) {
		r->project_flags[pi] |= PROJECT_DEMOTED;
		warn_project(c, F_NOT_ON_LIST, pi);
	}
	if (p->hist_prev >= 0 && m->history[p->hist_prev].carryover_fen > 0) {
		f = warn_project(c, F_CARRYOVER, pi);
		f->ref = p->hist_prev;
		f->a = m->history[p->hist_prev].carryover_fen;
	}
	if (p->kind == KIND_SPECIFIC && p->n_targets == 0)
		warn_project(c, F_NO_TARGETS, pi);
	target_warnings(c, pi);
	const struct agency *a = &m->agencies[p->agency];
	if (a->establishment >= 0 && a->headcount > a->establishment && establishment_project(m, p->agency) == pi) {
		f = warn_project(c, F_OVER_ESTABLISHMENT, pi);
		f->a = a->headcount;
		f->b = a->establishment;
	}
	if (!p->is_new) {
		int32_t se = model_latest_selfeval(m, pi);
		if (se >= 0 && m->selfevals[se].grade == GRADE_POOR)
			warn_project(c, F_POOR_SELFEVAL, pi)->ref = se;
	}
	/* what an agency declared about itself, for the reviewer (SPEC §5 step 11) */
	if (p->kind == KIND_SPECIFIC && !p->is_new && p->hist_prev < 0 && p->hist_prev2 < 0 && !p->has_earlier)
		warn_project(c, F_NOT_CONTINUING, pi);
	if (p->tier == TIER_LIVELIHOOD && !livelihood_class(m, p->function))
		warn_project(c, F_TIER_MISMATCH, pi);
	/* SPEC §11: from round 2, told once per agency, on its first project */
	if (a->season_round >= 2 && a->control_fen >= 0 && a->n_projects && m->agency_projects[a->first_project] == pi) {
		zb_fen total = 0;
		int overflow = 0;
		for (int32_t k = 0; k < a->n_projects && !overflow; k++) {
			const struct project *q = &m->projects[m->agency_projects[a->first_project + k]];
			for (int32_t i = q->first_item; i < q->first_item + q->n_items && !overflow; i++)
				overflow = money_line_add(&total, m->items[i].price_fen, m->items[i].quantity);
		}
		if (overflow || total > a->control_fen) {
			f = warn_project(c, F_OVER_CONTROL, pi);
			f->a = overflow ? INT64_MAX : total;
			f->b = a->control_fen;
		}
	}
	if (r->project_flags[pi] & PROJECT_DEMOTED)
		r->tier[pi] = TIER_GENERAL;
}

static int eval_project(struct ctx *c, int32_t pi)
{
	const struct project *p = &c->m->projects[pi];
	struct rules_result *r = c->r;
	zb_fen Rp, Ap = 0;
	r->project_findings[pi] = (int32_t)r->n_findings;
	r->tier[pi] = (uint8_t)p->tier;
	if (requested(c, pi, &Rp))
		return -1;
	int gate = gates(c, pi, Rp);
	if (gate >= 0)
		reject_project(c, pi, gate);
	if (each_item(c, pi, gate))
		return -1;
	if (gate < 0)
		scale_project(c, pi);
	project_warnings(c, pi);
	for (int32_t i = p->first_item; i < p->first_item + p->n_items; i++)
		if (money_add(Ap, r->approved_fen[i], &Ap))
			return overflow(c, p);
	r->project_requested_fen[pi] = Rp;
	r->project_approved_fen[pi] = Ap;
	return 0;
}

/* --- running ------------------------------------------------------------- */

static void ctx_release(struct ctx *c)
{
	free(c->econ_covered);
	free(c->econ_pool);
	free(c->econ_302_310);
	free(c->econ_neg_first);
	free(c->econ_neg_n);
	free(c->neg_list);
	free(c->dup);
	free(c->qsplit);
	free(c->qsum);
}

static void result_alloc(struct rules_result *r, size_t n_items, size_t n_projects)
{
	memset(r, 0, sizeof(*r));
	r->n_items = n_items;
	r->n_projects = n_projects;
	r->requested_fen = xmalloc((n_items + 1) * sizeof(zb_fen));
	r->approved_fen = xmalloc((n_items + 1) * sizeof(zb_fen));
	r->item_flags = xcalloc(n_items + 1, 1);
	r->tier = xcalloc(n_projects + 1, 1);
	r->project_flags = xcalloc(n_projects + 1, 1);
	r->project_requested_fen = xcalloc(n_projects + 1, sizeof(zb_fen));
	r->project_approved_fen = xcalloc(n_projects + 1, sizeof(zb_fen));
	r->project_findings = xcalloc(n_projects + 1, sizeof(int32_t));
}

void rules_result_release(struct rules_result *r)
{
	free(r->requested_fen);
	free(r->approved_fen);
	free(r->item_flags);
	free(r->tier);
	free(r->project_flags);
	free(r->project_requested_fen);
	free(r->project_approved_fen);
	free(r->findings);
	free(r->project_findings);
	memset(r, 0, sizeof(*r));
}

static int add_totals(struct rules_totals *t, const struct finding *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		t->count[f[i].code]++;
		t->n_severity[f[i].severity]++;
		if (f[i].cause >= 0 && money_add(t->savings_fen[f[i].cause], f[i].effect_fen, &t->savings_fen[f[i].cause]))
			return -1;
	}
	return 0;
}

/* A big book is checked by two threads: each phase (duplicate keys,
 * duplicates by agency, projects) is split in two halves of disjoint
 * indices; the second half collects its findings in its own array, which
 * is appended after the first's (projects are split in code order, so the
 * findings stay grouped by project in order). */
struct part {
	struct ctx c;
	struct rules_result shell; /* the second half's findings */
	uint64_t *keys;
	size_t i0, i1;
	int32_t a0, a1, p0, p1;
	int phase, rc;
	struct buf err;
};

static void *part_run(void *arg)
{
	struct part *w = arg;
	const struct model *m = w->c.m;
	if (w->phase == 0) {
		for (size_t i = w->i0; i < w->i1; i++)
			w->keys[i] = dup_key(&m->items[i]);
	} else if (w->phase == 1) {
		int32_t *tab = NULL;
		size_t cap = 0;
		for (int32_t a = w->a0; a < w->a1; a++)
			find_duplicates_agency(&w->c, a, w->keys, &tab, &cap);
		free(tab);
	} else {
		for (int32_t p = w->p0; p < w->p1 && !w->rc; p++)
			w->rc = eval_project(&w->c, p);
	}
	return NULL;
}

static void run_both(struct part *a, struct part *b, int phase, int threaded)
{
	pthread_t th;
	int started = 0;
	a->phase = b->phase = phase;
	if (threaded && pthread_create(&th, NULL, part_run, b) == 0)
		started = 1;
	part_run(a);
	if (started)
		pthread_join(th, NULL);
	else
		part_run(b);
}

size_t rules_thread_min_items = 200000;

int rules_run(const struct model *m, struct rules_result *r, struct buf *err)
{
	struct ctx c = { .m = m, .r = r, .err = err };
	struct part *w = xcalloc(2, sizeof(*w));
	int rc = -1, threaded = m->n_items >= rules_thread_min_items;
	result_alloc(r, m->n_items, m->n_projects);
	prepare_econs(&c);
	c.dup = xcalloc(m->n_items + 1, sizeof(int32_t));
	c.qsplit = xcalloc(m->n_items + 1, 1);
	c.qsum = xcalloc(m->n_items + 1, sizeof(zb_qty));
	find_quota_splits(&c, -1);
	uint64_t *keys = xmalloc((m->n_items + 1) * sizeof(uint64_t));
	for (int k = 0; k < 2; k++) {
		w[k].c = c;
		w[k].keys = keys;
	}
	w[1].shell = *r;
	w[1].shell.findings = NULL;
	w[1].shell.n_findings = w[1].shell.cap_findings = 0;
	w[1].c.r = &w[1].shell;
	w[1].c.err = &w[1].err;
	size_t ih = threaded ? m->n_items / 2 : m->n_items;
	int32_t ah = (int32_t)(threaded ? m->n_agencies / 2 : m->n_agencies);
	int32_t ph = (int32_t)(threaded ? m->n_projects / 2 : m->n_projects);
	w[0].i1 = w[1].i0 = ih;
	w[1].i1 = m->n_items;
	w[0].a1 = w[1].a0 = ah;
	w[1].a1 = (int32_t)m->n_agencies;
	w[0].p1 = w[1].p0 = ph;
	w[1].p1 = (int32_t)m->n_projects;
	run_both(&w[0], &w[1], 0, threaded);
	run_both(&w[0], &w[1], 1, threaded);
	run_both(&w[0], &w[1], 2, threaded);
	if (w[0].rc)
		goto out;
	if (w[1].rc) {
		buf_adds(err, buf_str(&w[1].err));
		goto out;
	}
	size_t n0 = r->n_findings;
	if (w[1].shell.n_findings) {
		XGROW(r->findings, r->cap_findings, n0 + w[1].shell.n_findings);
		memcpy(r->findings + n0, w[1].shell.findings, w[1].shell.n_findings * sizeof(*r->findings));
		r->n_findings += w[1].shell.n_findings;
	}
	for (int32_t p = w[1].p0; p < w[1].p1; p++)
		r->project_findings[p] += (int32_t)n0;
	for (size_t p = 0; p < m->n_projects; p++)
		if (money_add(r->totals.requested_fen, r->project_requested_fen[p], &r->totals.requested_fen) ||
		    money_add(r->totals.approved_fen, r->project_approved_fen[p], &r->totals.approved_fen)) {
			overflow(&c, &m->projects[p]);
			goto out;
		}
	r->project_findings[m->n_projects] = (int32_t)r->n_findings;
	if (add_totals(&r->totals, r->findings, r->n_findings)) {
		buf_adds(err, L("合计金额超出范围", "a total overflows"));
		goto out;
	}
	rc = 0;
out:
	free(w[1].shell.findings);
	buf_release(&w[1].err);
	free(w);
	free(keys);
	ctx_release(&c);
	if (rc)
		rules_result_release(r);
	return rc;
}

/* --- a whole book's result from its agencies' results ------------------------ */

/* The finding f of project sp of model sm as it reads in project p of m:
 * indices into the project's own rows move with them, references to the
 * reference lists stay (the same lists), references to the project's
 * history, evaluation, reviews and self-evaluations are m's own. */
static int remap(const struct model *m, int32_t p, const struct model *sm, int32_t sp, struct finding *f)
{
	const struct project *P = &m->projects[p], *S = &sm->projects[sp];
	f->project = p;
	if (f->item >= 0)
		f->item += P->first_item - S->first_item;
	switch ((enum finding_code)f->code) {
	case F_REVIEW_CUT:
	case F_REVIEW_ADJUSTED:
		f->ref = model_review_in_force(m, p, f->item >= 0 ? m->items[f->item].seq : 0);
		break;
	case F_NO_BASIS:
		if (f->ref >= 0)
			f->ref += P->first_basis - S->first_basis;
		break;
	case F_EVAL_REJECTED:
	case F_EVAL_PARTIAL:
		f->ref = P->evaluation;
		break;
	case F_NEEDS_REVIEW:
	case F_CARRYOVER:
		f->ref = P->hist_prev;
		break;
	case F_TARGET_NOT_MEASURABLE:
		f->ref += P->first_target - S->first_target;
		break;
	case F_POOR_SELFEVAL:
		f->ref = model_latest_selfeval(m, p);
		break;
	case F_DUPLICATE: {
		/* the first of the pair: an item of another project of the same agency */
		const struct item *o = &sm->items[f->ref];
		const struct project *OS = &sm->projects[o->project];
		int32_t q = model_find_project(m, OS->code);
		if (q < 0)
			return -1;
		f->ref += m->projects[q].first_item - OS->first_item;
		break;
	}
	default:
		break; /* a list's entry (standard, pool, negative list) or nothing */
	}
	return 0;
}

int rules_assemble(const struct model *m, const struct rules_from *from, struct rules_result *r, struct buf *err)
{
	result_alloc(r, m->n_items, m->n_projects);
	size_t nf = 0;
	for (size_t p = 0; p < m->n_projects; p++) {
		const struct rules_result *sr = from[p].r;
		nf += (size_t)(sr->project_findings[from[p].project + 1] - sr->project_findings[from[p].project]);
	}
	r->cap_findings = nf + 1;
	r->findings = xmalloc(r->cap_findings * sizeof(*r->findings));
	for (int32_t p = 0; p < (int32_t)m->n_projects; p++) {
		const struct model *sm = from[p].m;
		const struct rules_result *sr = from[p].r;
		int32_t sp = from[p].project;
		const struct project *P = &m->projects[p], *S = &sm->projects[sp];
		if (P->n_items != S->n_items || strcmp(P->code, S->code)) {
			buf_printf(err, L("项目 %s 与其来源不一致", "project %s differs from its source"), P->code);
			goto fail;
		}
		r->tier[p] = sr->tier[sp];
		r->project_flags[p] = sr->project_flags[sp];
		r->project_requested_fen[p] = sr->project_requested_fen[sp];
		r->project_approved_fen[p] = sr->project_approved_fen[sp];
		size_t ni = (size_t)P->n_items;
		memcpy(r->requested_fen + P->first_item, sr->requested_fen + S->first_item, ni * sizeof(zb_fen));
		memcpy(r->approved_fen + P->first_item, sr->approved_fen + S->first_item, ni * sizeof(zb_fen));
		memcpy(r->item_flags + P->first_item, sr->item_flags + S->first_item, ni);
		r->project_findings[p] = (int32_t)r->n_findings;
		for (int32_t k = sr->project_findings[sp]; k < sr->project_findings[sp + 1]; k++) {
			struct finding *f = &r->findings[r->n_findings++];
			*f = sr->findings[k];
			if (remap(m, p, sm, sp, f)) {
				buf_printf(err, L("项目 %s 的重复明细找不到", "project %s: the duplicate's item is missing"),
					   P->code);
				goto fail;
			}
		}
		if (money_add(r->totals.requested_fen, r->project_requested_fen[p], &r->totals.requested_fen) ||
		    money_add(r->totals.approved_fen, r->project_approved_fen[p], &r->totals.approved_fen)) {
			buf_printf(err, L("项目 %s：金额合计超出范围", "project %s: an amount is out of range"), P->code);
			goto fail;
		}
	}
	r->project_findings[m->n_projects] = (int32_t)r->n_findings;
	if (add_totals(&r->totals, r->findings, r->n_findings)) {
		buf_adds(err, L("合计金额超出范围", "a total overflows"));
		goto fail;
	}
	return 0;
fail:
	rules_result_release(r);
	return -1;
}

int rules_result_same(const struct rules_result *a, const struct rules_result *b)
{
	size_t ni = a->n_items, np = a->n_projects;
	if (ni != b->n_items || np != b->n_projects || a->n_findings != b->n_findings)
		return 0;
	return !memcmp(a->requested_fen, b->requested_fen, ni * sizeof(zb_fen)) &&
	       !memcmp(a->approved_fen, b->approved_fen, ni * sizeof(zb_fen)) && !memcmp(a->item_flags, b->item_flags, ni) &&
	       !memcmp(a->tier, b->tier, np) && !memcmp(a->project_flags, b->project_flags, np) &&
	       !memcmp(a->project_requested_fen, b->project_requested_fen, np * sizeof(zb_fen)) &&
	       !memcmp(a->project_approved_fen, b->project_approved_fen, np * sizeof(zb_fen)) &&
	       !memcmp(a->project_findings, b->project_findings, (np + 1) * sizeof(int32_t)) &&
	       !memcmp(a->findings, b->findings, a->n_findings * sizeof(struct finding)) &&
	       !memcmp(&a->totals, &b->totals, sizeof(a->totals));
}

void rules_before_review(const struct model *m, const struct rules_result *r, int32_t pi, int32_t i,
			 struct rules_before_review *out)
{
	out->price_fen = m->items[i].price_fen;
	out->quantity = m->items[i].quantity;
	out->amount_fen = r->requested_fen[i];
	/* an item's findings come in step order (item_adjust): b is the new
	 * price of steps 5 and 6, the new quantity of step 7 */
	for (int32_t k = r->project_findings[pi]; k < r->project_findings[pi + 1]; k++) {
		const struct finding *f = &r->findings[k];
		if (f->item != i)
			continue;
		if (f->code == F_REVIEW_CUT || f->code == F_REVIEW_ADJUSTED) {
			out->amount_fen = f->before_fen;
			return;
		}
		if (f->code == F_OVER_STANDARD || f->code == F_POOLED) {
			out->price_fen = f->b;
			out->amount_fen = f->after_fen;
		} else if (f->code == F_OVER_QUOTA) {
			out->quantity = f->b;
			out->amount_fen = f->after_fen;
		}
	}
}

void rules_sum(const struct model *m, const struct rules_result *r, int32_t agency, int32_t project,
	       struct rules_totals *t)
{
	memset(t, 0, sizeof(*t));
	for (size_t p = 0; p < m->n_projects; p++) {
		if ((agency >= 0 && m->projects[p].agency != agency) || (project >= 0 && (int32_t)p != project))
			continue;
		t->requested_fen += r->project_requested_fen[p];
		t->approved_fen += r->project_approved_fen[p];
		add_totals(t, r->findings + r->project_findings[p],
			   (size_t)(r->project_findings[p + 1] - r->project_findings[p]));
	}
}

/* Trace one project on a prepared context (its result arrays full-size, so
 * that indices are those of a full run). */
static int trace_one(struct ctx *c, int32_t project, struct rules_trace *t)
{
	const struct model *m = c->m;
	struct rules_result *r = c->r;
	memset(t, 0, sizeof(*t));
	c->tr = t;
	r->n_findings = 0;
	int rc = eval_project(c, project);
	c->tr = NULL;
	if (rc) {
		rules_trace_release(t);
		return -1;
	}
	const struct project *p = &m->projects[project];
	t->requested_fen = xmalloc(((size_t)p->n_items + 1) * sizeof(zb_fen));
	t->approved_fen = xmalloc(((size_t)p->n_items + 1) * sizeof(zb_fen));
	t->tier = r->tier[project];
	t->project_flags = r->project_flags[project];
	for (int32_t i = 0; i < p->n_items; i++) {
		t->requested_fen[i] = r->requested_fen[p->first_item + i];
		t->approved_fen[i] = r->approved_fen[p->first_item + i];
	}
	return 0;
}

int rules_trace_project(const struct model *m, int32_t project, struct rules_trace *t, struct buf *err)
{
	struct rules_result r;
	struct ctx c = { .m = m, .r = &r, .err = err };
	result_alloc(&r, m->n_items, m->n_projects);
	prepare_econs(&c);
	c.dup = xcalloc(m->n_items + 1, sizeof(int32_t));
	c.qsplit = xcalloc(m->n_items + 1, 1);
	c.qsum = xcalloc(m->n_items + 1, sizeof(zb_qty));
	find_quota_splits(&c, m->projects[project].agency);
	find_duplicates(&c, m->projects[project].agency);
	int rc = trace_one(&c, project, t);
	ctx_release(&c);
	rules_result_release(&r);
	return rc;
}

/* Many projects in a row (the ledger): what the projects share is worked
 * out once, the duplicates of every agency at once. */
struct rules_tracer {
	struct rules_result r;
	struct ctx c;
};

struct rules_tracer *rules_tracer_new(const struct model *m, struct buf *err)
{
	struct rules_tracer *tr = xcalloc(1, sizeof(*tr));
	tr->c = (struct ctx){ .m = m, .r = &tr->r, .err = err };
	result_alloc(&tr->r, m->n_items, m->n_projects);
	prepare_econs(&tr->c);
	tr->c.dup = xcalloc(m->n_items + 1, sizeof(int32_t));
	tr->c.qsplit = xcalloc(m->n_items + 1, 1);
	tr->c.qsum = xcalloc(m->n_items + 1, sizeof(zb_qty));
	find_quota_splits(&tr->c, -1);
	find_duplicates(&tr->c, -1);
	return tr;
}

int rules_tracer_project(struct rules_tracer *tr, int32_t project, struct rules_trace *t)
{
	return trace_one(&tr->c, project, t);
}

void rules_tracer_free(struct rules_tracer *tr)
{
	if (!tr)
		return;
	ctx_release(&tr->c);
	rules_result_release(&tr->r);
	free(tr);
}

void rules_trace_release(struct rules_trace *t)
{
	free(t->steps);
	free(t->requested_fen);
	free(t->approved_fen);
	memset(t, 0, sizeof(*t));
}

/* --- messages -------------------------------------------------------------- */

static const char *yuan(zb_fen v, char *b)
{
	return money_format(v, UNIT_YUAN, b);
}

static const char *qty(zb_qty q, char *b)
{
	if (q < 0)
		return "-";
	/* grouped like money when large, exact decimals otherwise */
	return dec_format_min(q, 4, b);
}

static const char *pct(int64_t millionths, char *b)
{
	return dec_format_min(millionths, 4, b); /* 800000 -> "80" (per cent) */
}

static const char *s_or(const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

static void date_text(int32_t d, char *b)
{
	if (d <= 0 || d >= MODEL_DATE_OPEN_END)
		strcpy(b, "…");
	else
		snprintf(b, 16, "%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100), (int)(d % 100));
}

void rules_object(const struct model *m, const struct finding *f, struct buf *out)
{
	if (f->item >= 0)
		buf_printf(out, "%s/%d", m->items[f->item].project_code, (int)m->items[f->item].seq);
	else if (f->project >= 0)
		buf_adds(out, m->projects[f->project].code);
}

static void review_text(const struct model *m, int32_t rv, struct buf *out)
{
	const struct review *r = &m->reviews[rv];
	if (r->reason)
		buf_printf(out, L("，理由：%s", "; reason: %s"), r->reason);
	if (r->reviewer)
		buf_printf(out, L("（评审人 %s）", " (reviewer %s)"), r->reviewer);
}

/* Step 2: the project gates. */
static int gate_message(const struct model *m, const struct finding *f, struct buf *out)
{
	char b1[MONEY_BUFSZ], b2[MONEY_BUFSZ];
	const struct project *p = &m->projects[f->project];
	switch ((enum finding_code)f->code) {
	case F_NO_BASIS:
		if (f->ref < 0)
			buf_adds(out, L("特定目标类项目未列明政策依据，不予安排",
					"a specific-purpose project names no policy basis; not funded"));
		else
			buf_printf(out, L("政策依据 %s 未在依据库中登记，不予安排",
					  "policy basis %s is not registered; not funded"),
				   m->basis_ref_codes[f->ref]);
		return 1;
	case F_EXPIRED_BASIS: {
		struct buf list = BUF_INIT;
		for (int32_t k = 0; k < p->n_basis; k++) {
			int32_t b = m->basis_refs[p->first_basis + k];
			if (b < 0)
				continue;
			char d1[16], d2[16];
			date_text(m->bases[b].valid_from, d1);
			date_text(m->bases[b].valid_to, d2);
			buf_printf(&list, "%s%s %s–%s", list.len ? L("；", "; ") : "", m->bases[b].code, d1, d2);
		}
		buf_printf(out, L("所引政策依据在 %d 年 1 月 1 日均不在有效期内（%s），不予安排",
				  "none of the policy bases is in force on 1 January %d (%s); not funded"),
			   m->year, buf_str(&list));
		buf_release(&list);
		return 1;
	}
	case F_NEEDS_EVALUATION:
		buf_printf(out, L("新增项目申报 %s 元，达到事前绩效评估门槛 %s 元，未经评估不予安排：请委托评估机构开展事前绩效评估，"
				  "再用 zbb import evaluations 导入评估结论",
				  "new project requesting %s yuan reaches the evaluation threshold of %s yuan and has no ex-ante "
				  "evaluation; not funded: commission an evaluation, then import its conclusion with zbb import "
				  "evaluations"),
			   yuan(f->a, b1), yuan(f->b, b2));
		return 1;
	case F_EVAL_REJECTED:
		buf_printf(out, L("事前绩效评估结论为不予支持（评分 %s），不予安排",
				  "the ex-ante evaluation concluded reject (score %s); not funded"),
			   dec_format_min(m->evaluations[f->ref].score, 2, b1));
		return 1;
	case F_REVIEW_CUT:
		if (f->item < 0)
			buf_printf(out, L("预算评审（第 %d 轮）整体不予安排", "the budget review (round %d) cuts the whole project"),
				   (int)m->reviews[f->ref].round);
		else
			buf_printf(out, L("预算评审（第 %d 轮）核减此明细 %s 元", "the budget review (round %d) cuts this item (%s yuan)"),
				   (int)m->reviews[f->ref].round, yuan(f->before_fen, b1));
		review_text(m, f->ref, out);
		return 1;
	case F_NEEDS_REVIEW:
		buf_printf(out, L("延续项目上年预算 %s 元，达到重新论证门槛 %s 元，但既无整体评审也无事前绩效评估，不予安排",
				  "continuing project with a last-year budget of %s yuan reaches the re-review threshold of %s yuan but has neither a whole-project review nor an evaluation; not funded"),
			   yuan(f->a, b1), yuan(f->b, b2));
		return 1;
	default:
		return 0;
	}
}

/* Steps 3-4: what keeps an item from being funded. */
static int item_message(const struct model *m, const struct finding *f, struct buf *out)
{
	const struct item *it = f->item >= 0 ? &m->items[f->item] : NULL;
	const struct standard *s = f->ref >= 0 && f->ref < (int32_t)m->n_standards ? &m->standards[f->ref] : NULL;
	switch ((enum finding_code)f->code) {
	case F_NEGATIVE_LIST: {
		const struct negative_entry *ne = &m->negative[f->ref];
		if (ne->keyword)
			buf_printf(out, L("“%s”含关键词“%s”，属于负面清单 %s（%s），不予安排",
					  "\"%s\" contains the keyword \"%s\" of negative-list entry %s (%s); not funded"),
				   s_or(it->content, ""), ne->keyword, ne->code, ne->description);
		else
			buf_printf(out, L("经济分类 %s 属于负面清单 %s（%s，经济分类 %s），不予安排",
					  "economic code %s is on negative-list entry %s (%s, economic %s); not funded"),
				   s_or(it->economic, ""), ne->code, ne->description, ne->economic);
		return 1;
	}
	case F_NEGATIVE_MAJOR:
		buf_printf(out, L("“%s”属于负面清单 %s（%s），不得作为大事要事保障，项目按一般项目排序",
				  "\"%s\" matches negative-list entry %s (%s), which may not be guaranteed as a major matter; the project is ranked as general"),
			   s_or(it->content, ""), m->negative[f->ref].code, m->negative[f->ref].description);
		return 1;
	case F_UNKNOWN_STANDARD:
		buf_printf(out, L("引用的支出标准 %s 不存在，不予安排", "standard %s does not exist; not funded"),
			   it->standard_code);
		return 1;
	case F_STANDARD_MISMATCH:
		buf_printf(out, L("支出标准 %s %s 适用于经济分类 %s，与本明细的经济分类 %s 不符，不予安排",
				  "standard %s %s applies to economic code %s, not to this item's %s; not funded"),
			   s->code, s->name, s->economic, it->economic);
		return 1;
	case F_EXPIRED_STANDARD: {
		char d1[16], d2[16];
		date_text(s->valid_from, d1);
		date_text(s->valid_to, d2);
		buf_printf(out, L("支出标准 %s %s 在 %d 年 1 月 1 日不在有效期内（%s 至 %s），不予安排",
				  "standard %s %s is not in force on 1 January %d (%s to %s); not funded"),
			   s->code, s->name, m->year, d1, d2);
		return 1;
	}
	case F_NO_STANDARD:
		if (s)
			buf_printf(out, L("经济分类 %s 已有支出标准（如 %s %s），本明细未引用标准，无标准不安排",
					  "economic code %s has a standard (e.g. %s %s) but this item names none; no standard, no money"),
				   it->economic, s->code, s->name);
		else
			buf_printf(out, L("经济分类 %s 的明细须引用支出标准，本明细未引用，无标准不安排",
					  "items of economic code %s must name a standard and this one names none; no standard, no money"),
				   it->economic);
		return 1;
	default:
		return 0;
	}
}

/* Steps 5-10: what lowers an amount. */
static int adjust_message(const struct model *m, const struct finding *f, struct buf *out)
{
	char b1[MONEY_BUFSZ], b2[MONEY_BUFSZ], b3[MONEY_BUFSZ], b4[MONEY_BUFSZ];
	const struct project *p = &m->projects[f->project];
	const struct standard *s = f->ref >= 0 && f->ref < (int32_t)m->n_standards ? &m->standards[f->ref] : NULL;
	switch ((enum finding_code)f->code) {
	case F_OVER_STANDARD:
		buf_printf(out, L("单价 %s 元超过支出标准 %s %s %s 元，按标准核定",
				  "unit price %s yuan exceeds standard %s %s of %s yuan; capped at the standard"),
			   yuan(f->a, b1), s->code, s->name, yuan(f->b, b2));
		return 1;
	case F_POOLED:
		buf_printf(out, L("属统筹类别 %s %s，按集中议价 %s 元核定单价（原 %s 元）",
				  "in pooled category %s %s: unit price set to the negotiated %s yuan (was %s yuan)"),
			   m->pools[f->ref].code, m->pools[f->ref].name, yuan(f->b, b1), yuan(f->a, b2));
		return 1;
	case F_OVER_QUOTA: {
		const struct agency *a = &m->agencies[p->agency];
		buf_printf(out, L("数量 %s 超过定额（支出标准 %s 人均 %s × 实有人数 %lld = %s），按定额核定",
				  "quantity %s exceeds the quota (standard %s: %s per head × headcount %lld = %s); capped at the quota"),
			   qty(f->a, b1), s->code, qty(s->quota_per_head, b2), (long long)a->headcount, qty(f->b, b3));
		return 1;
	}
	case F_REVIEW_ADJUSTED: {
		const struct review *r = &m->reviews[f->ref];
		buf_printf(out, L("预算评审（第 %d 轮）调整为单价 %s 元、数量 %s", "the budget review (round %d) sets unit price %s yuan, quantity %s"),
			   (int)r->round, yuan(f->a, b1), qty(f->b, b2));
		if (f->c)
			buf_printf(out, L("；调整后金额高于审核前的 %s 元，不予调增，维持 %s 元",
					  "; that would exceed the %s yuan before the review, so the amount stays at %s yuan"),
				   yuan(f->before_fen, b3), yuan(f->after_fen, b4));
		review_text(m, f->ref, out);
		return 1;
	}
	case F_EVAL_PARTIAL:
		buf_printf(out, L("事前绩效评估结论为调整后支持，按 %s%% 核定", "the ex-ante evaluation supports it at %s%%; scaled"),
			   pct(f->a, b1));
		return 1;
	case F_LOW_EXECUTION: {
		int y1 = p->hist_prev >= 0 && m->history[p->hist_prev].budget_fen > 0;
		int y2 = p->hist_prev2 >= 0 && m->history[p->hist_prev2].budget_fen > 0;
		char years[32];
		if (y1 && y2)
			snprintf(years, sizeof years, "%d–%d", m->year - 2, m->year - 1);
		else
			snprintf(years, sizeof years, "%d", y1 ? m->year - 1 : m->year - 2);
		buf_printf(out, L("%s 年%s预算执行率 %s%% 低于 %s%%，按执行率压减",
				  "the %s%s execution rate of %s%% is below %s%%; scaled by it"),
			   years, y1 && y2 ? L("平均", " mean") : "", pct(f->a, b1), pct(m->set.low_execution, b2));
		return 1;
	}
	default:
		return 0;
	}
}

/* Step 11: what is told and changes nothing. */
static int warning_message(const struct model *m, const struct finding *f, struct buf *out)
{
	char b1[MONEY_BUFSZ];
	const struct item *it = f->item >= 0 ? &m->items[f->item] : NULL;
	const struct project *p = &m->projects[f->project];
	switch ((enum finding_code)f->code) {
	case F_DUPLICATE: {
		const struct item *o = &m->items[f->ref];
		if (ZB_LANG == LANG_EN)
			buf_printf(out, "duplicates item %d of project %s (same agency, economic code, standard and content \"%s\")",
				   (int)o->seq, o->project_code, s_or(it->content, ""));
		else
			buf_printf(out, "与项目 %s 第 %d 条明细重复（同一单位、同经济分类、同标准、同内容“%s”）",
				   o->project_code, (int)o->seq, s_or(it->content, ""));
		return 1;
	}
	case F_NOT_ON_LIST:
		buf_printf(out, L("大事要事 %s 不在保障清单中，按一般项目排序",
				  "priority %s is not on the city's list of major matters; ranked as general"),
			   s_or(p->priority_code, "-"));
		return 1;
	case F_CARRYOVER:
		buf_printf(out, L("上年结转资金 %s 元，安排时先使用结转资金", "carries over %s yuan from last year, drawn on first"),
			   yuan(f->a, b1));
		return 1;
	case F_NO_TARGETS:
		buf_adds(out, L("特定目标类项目未设置绩效目标", "a specific-purpose project without performance targets"));
		return 1;
	case F_QUOTA_SPLIT: {
		const struct standard *s = &m->standards[f->ref];
		const struct agency *a = &m->agencies[p->agency];
		char b2[MONEY_BUFSZ], b3[MONEY_BUFSZ], b4[MONEY_BUFSZ];
		buf_printf(out, L("本单位引用支出标准 %s %s 的明细数量合计 %s，超过定额（人均 %s × 实有人数 %lld = %s），"
				  "虽然每条明细单独未超：请合并申报或说明",
				  "the agency's items citing standard %s %s come to %s together, above the quota (%s per head × "
				  "headcount %lld = %s), though each alone is within it: combine them or explain"),
			   s->code, s->name, f->a == INT64_MAX ? L("（超出范围）", "(out of range)") : qty(f->a, b2),
			   qty(s->quota_per_head, b3), (long long)a->headcount, qty(f->b, b4));
		(void)b1;
		return 1;
	}
	case F_OVER_CONTROL: {
		char b2[MONEY_BUFSZ], b3[MONEY_BUFSZ];
		const struct agency *a = &m->agencies[p->agency];
		if (f->a == INT64_MAX)
			buf_printf(out, L("单位 %s %s 的申报合计超出范围，高于控制数 %s 元", "agency %s %s: the requested total overflows, above the control number of %s yuan"),
				   a->code, a->name, yuan(f->b, b2));
		else
			buf_printf(out, L("单位 %s %s 第 %d 轮申报合计 %s 元超过控制数 %s 元，超出 %s 元：不能送审",
					  "agency %s %s in round %d asks %s yuan, above its control number of %s yuan by %s yuan: it cannot submit"),
				   a->code, a->name, (int)a->season_round, yuan(f->a, b1), yuan(f->b, b2), yuan(f->a - f->b, b3));
		return 1;
	}
	case F_NOT_CONTINUING:
		buf_printf(out, "%s", L("申报为延续项目，但上两年没有预算执行记录，以前年度也没有这个项目：请核实是否为新增项目",
				       "declared continuing, but without history in the last two years and no project of this code in an earlier year: is it new?"));
		return 1;
	case F_TIER_MISMATCH:
		buf_printf(out, L("申报为保基本民生，但功能分类 %s 不在民生支出科目（livelihood_functions）内",
				  "declared basic livelihood, but function %s is not a livelihood class (livelihood_functions)"),
			   s_or(p->function, "-"));
		return 1;
	case F_OVER_ESTABLISHMENT: {
		const struct agency *a = &m->agencies[p->agency];
		buf_printf(out, L("单位 %s %s 实有人数 %lld 超过编制数 %lld：定员定额按编制数 %lld 计算",
				  "agency %s %s has %lld staff, above its establishment of %lld: the quotas count %lld"),
			   a->code, a->name, (long long)f->a, (long long)f->b, (long long)f->b);
		return 1;
	}
	case F_TARGET_INCOMPLETE: {
		static const char *const zh[] = { "产出", "效益", "满意度" }, *const en[] = { "output", "benefit", "satisfaction" };
		buf_adds(out, L("绩效目标缺少一级指标：", "the performance targets lack the level-1 class: "));
		int n = 0;
		for (int k = 0; k < 3; k++)
			if (!(f->a & (1 << k)))
				buf_printf(out, "%s%s", n++ ? L("、", ", ") : "", L(zh[k], en[k]));
		buf_adds(out, L("（应包括产出、效益、满意度三类指标）", " (output, benefit and satisfaction are all needed)"));
		return 1;
	}
	case F_TARGET_WEIGHTS: {
		char w[32];
		buf_printf(out, L("绩效目标权重合计 %s，应为 100", "the targets' weights sum to %s, not 100"),
			   dec_format_min(f->a, 2, w));
		return 1;
	}
	case F_TARGET_NOT_MEASURABLE: {
		const struct target *t = &m->targets[f->ref];
		buf_printf(out, L("绩效目标“%s”的符号为 %s，指标值“%s”却不是数字，无法衡量",
				  "target \"%s\" has the operator %s but its value \"%s\" is not a number: it cannot be measured"),
			   s_or(t->name, ""), model_enum_code(ME_OP, t->op), s_or(t->value, ""));
		return 1;
	}
	case F_POOR_SELFEVAL: {
		const struct selfeval *e = &m->selfevals[f->ref];
		char sc[32];
		buf_printf(out, L("%d 年绩效自评得分 %s，等级为差：延续安排须说明整改情况",
				  "the self-evaluation of %d scored %s, graded poor: continuing it needs the remedies explained"),
			   (int)e->year, dec_format_min(e->score, 2, sc));
		return 1;
	}
	default:
		return 0;
	}
}

void rules_message(const struct model *m, const struct finding *f, struct buf *out)
{
	if (gate_message(m, f, out) || item_message(m, f, out) || adjust_message(m, f, out) ||
	    warning_message(m, f, out))
		return;
	buf_adds(out, code_info[f->code].name);
}
