/*
 * alloc.c - SPEC §6: decision packages, the funding order, the money each
 * package draws and the affordability check.  See alloc.h for the
 * contract.  Integer arithmetic only; every sum is checked.
 */
#include "alloc.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

int alloc_prefix_match(const char *prefixes, const char *code)
{
	if (!prefixes || !code)
		return 0;
	const char *p = prefixes;
	size_t cl = strlen(code);
	while (*p) {
		size_t n = strcspn(p, ";");
		if (n && n <= cl && !memcmp(p, code, n))
			return 1;
		p += n;
		if (*p == ';')
			p++;
	}
	return 0;
}

/* The sort's context, through qsort_r: the server allocates on several
 * threads at once, so no globals. */
struct sort_ctx {
	const struct alloc_input *in;
	const uint32_t *code_rank; /* per project: its place in code order */
};

static int cmp_code(const void *a, const void *b, void *arg)
{
	const struct alloc_input *in = arg;
	return strcmp(in->projects[*(const uint32_t *)a].code, in->projects[*(const uint32_t *)b].code);
}

static int cmp_pkg(const void *a, const void *b, void *arg)
{
	const struct sort_ctx *sc = arg;
	const struct alloc_package *x = a, *y = b;
	const struct alloc_project *px = &sc->in->projects[x->project], *py = &sc->in->projects[y->project];
	uint32_t cx = sc->code_rank[x->project], cy = sc->code_rank[y->project];
	if (px->tier != py->tier)
		return px->tier < py->tier ? -1 : 1;
	switch (px->tier) {
	case TIER_MAJOR:
		if (px->rank != py->rank)
			return px->rank < py->rank ? -1 : 1;
		/* then by project code and level */
		__attribute__((fallthrough));
	case TIER_WAGES:
	case TIER_LIVELIHOOD:
	case TIER_OPERATIONS:
		if (cx != cy)
			return cx < cy ? -1 : 1;
		return x->level - y->level;
	default:
		if (x->level != y->level)
			return x->level - y->level;
		if (px->is_urgent != py->is_urgent)
			return px->is_urgent ? -1 : 1;
		if (px->score != py->score)
			return px->score > py->score ? -1 : 1;
		if (x->amount != y->amount)
			return x->amount < y->amount ? -1 : 1;
		return cx < cy ? -1 : cx > cy;
	}
}

/* commitments + plan within ratio × planned for every year? */
static int affordable(const struct alloc_input *in, const zb_fen *commit, const zb_fen *plans, struct alloc_afford *why)
{
	for (int y = 0; y < ALLOC_YEARS; y++) {
		if (plans[y] <= 0)
			continue;
		__int128 lhs = ((__int128)commit[y] + plans[y]) * 1000000;
		__int128 rhs = (__int128)in->affordability_ppm * in->planned[y];
		if (lhs > rhs) {
			__int128 line = rhs / 1000000;
			*why = (struct alloc_afford){ y, line > INT64_MAX ? INT64_MAX : (zb_fen)line, commit[y], plans[y] };
			return 0;
		}
	}
	return 1;
}

static void add_draw(struct alloc_result *r, size_t *cap, uint32_t item, uint32_t src, zb_fen amount)
{
	XGROW(r->draws, *cap, r->n_draws + 1);
	r->draws[r->n_draws++] = (struct alloc_draw){ item, src, amount };
	r->n_item_draws[item]++;
}

/* One run, in the phases of SPEC §6: the sources as the scenario sees
 * them, the packages (§6.1) and their order (§6.2), then each package in
 * its turn: the money open to it, the decision (§6.4 affordability,
 * eligibility, §6.3 money) and, when funded, its items' draws. */
struct run {
	const struct alloc_input *in;
	struct alloc_result *r;
	uint8_t *state;   /* per project and level: 0 empty, 1 funded, 2 not */
	uint8_t *checked; /* per project: affordability checked (1), its plans committed (2) */
	uint8_t *match;   /* per project × source: the earmarked source may fund it */
	size_t draw_cap;
};

static void result_init(struct run *x)
{
	const struct alloc_input *in = x->in;
	struct alloc_result *r = x->r;
	size_t np = in->n_projects, ni = in->n_items, ns = in->n_sources;
	memset(r, 0, sizeof(*r));
	r->funded = xcalloc(ni, sizeof(zb_fen));
	r->pkg_of_item = xmalloc((ni ? ni : 1) * sizeof(uint32_t));
	r->first_draw = xmalloc((ni ? ni : 1) * sizeof(uint32_t));
	r->n_item_draws = xcalloc(ni, sizeof(uint32_t));
	r->source_amount = xcalloc(ns, sizeof(zb_fen));
	r->source_left = xcalloc(ns, sizeof(zb_fen));
	r->carry_left = xcalloc(np, sizeof(zb_fen));
	r->over_afford = xcalloc(np, 1);
	r->afford = xcalloc(np ? np : 1, sizeof(*r->afford));
	r->earmark_idle = xcalloc(ns ? ns : 1, sizeof(uint32_t));
	x->state = xcalloc(np * 3, 1);
	x->checked = xcalloc(np, 1);
	for (size_t i = 0; i < ni; i++)
		r->pkg_of_item[i] = UINT32_MAX;
}

/* The sources as this scenario sees them: a what-if capacity replaces the
 * general sources' total, its excess joining the first general source. */
static int sources_as_seen(struct run *x)
{
	const struct alloc_input *in = x->in;
	struct alloc_result *r = x->r;
	zb_fen cap_left = in->capacity;
	int first_general = -1;
	for (size_t s = 0; s < in->n_sources; s++) {
		zb_fen a = in->sources[s].amount;
		if (!in->sources[s].is_earmarked && in->capacity >= 0) {
			if (first_general < 0)
				first_general = (int)s;
			a = a < cap_left ? a : cap_left;
			cap_left -= a;
		}
		r->source_amount[s] = a;
	}
	if (in->capacity >= 0 && cap_left > 0 && first_general >= 0 &&
	    money_add(r->source_amount[first_general], cap_left, &r->source_amount[first_general]))
		return -1;
	memcpy(r->source_left, r->source_amount, in->n_sources * sizeof(zb_fen));
	for (size_t p = 0; p < in->n_projects; p++)
		r->carry_left[p] = in->projects[p].carryover;
	return 0;
}

/* Decision packages: a project's items of one level (§6.1); continuing
 * projects' plans are commitments from the start (§6.4). */
static int make_packages(struct run *x)
{
	const struct alloc_input *in = x->in;
	struct alloc_result *r = x->r;
	size_t pcap = 0;
	for (size_t p = 0; p < in->n_projects; p++) {
		const struct alloc_project *pr = &in->projects[p];
		zb_fen amt[3] = { 0, 0, 0 };
		for (size_t i = pr->first_item; i < pr->first_item + pr->n_items; i++) {
			int l = in->items[i].level;
			if (l < 1 || l > 3 || money_add(amt[l - 1], in->items[i].approved, &amt[l - 1]))
				return -1;
		}
		for (int l = 0; l < 3; l++) {
			if (amt[l] <= 0)
				continue;
			XGROW(r->packages, pcap, r->n_packages + 1);
			r->packages[r->n_packages++] = (struct alloc_package){ (uint32_t)p, l + 1, amt[l], 0, PKG_CUT_CAPACITY, 0, 0, 0, 0 };
			x->state[p * 3 + (size_t)l] = 2;
		}
		if (pr->has_plans && !pr->is_new)
			for (int y = 0; y < ALLOC_YEARS; y++)
				if (money_add(r->commitments[y], pr->plans[y], &r->commitments[y]))
					return -1;
	}
	return 0;
}

/* The order (§6.2); codes compared once, as ranks.  The input is usually
 * in code order already (the model's arrays are), which the check below
 * notices without sorting. */
static void order_packages(struct run *x)
{
	const struct alloc_input *in = x->in;
	struct alloc_result *r = x->r;
	size_t np = in->n_projects;
	uint32_t *by_code = xmalloc((np ? np : 1) * sizeof(uint32_t));
	uint32_t *code_rank = xmalloc((np ? np : 1) * sizeof(uint32_t));
	int in_order = 1;
	for (size_t p = 0; p < np; p++) {
		by_code[p] = (uint32_t)p;
		if (p && strcmp(in->projects[p - 1].code, in->projects[p].code) >= 0)
			in_order = 0;
	}
	if (!in_order)
		qsort_r(by_code, np, sizeof(uint32_t), cmp_code, (void *)in);
	for (size_t k = 0; k < np; k++)
		code_rank[by_code[k]] = (uint32_t)k;
	struct sort_ctx sc = { in, code_rank };
	if (r->n_packages)
		qsort_r(r->packages, r->n_packages, sizeof(*r->packages), cmp_pkg, &sc);
	free(by_code);
	free(code_rank);
}

/* Each item's package, in one pass in item order (not by jumping around
 * the items in funding order); which earmarked sources may fund which
 * project, decided once. */
static void index_packages(struct run *x)
{
	const struct alloc_input *in = x->in;
	struct alloc_result *r = x->r;
	size_t np = in->n_projects, ns = in->n_sources;
	uint32_t *pkg_at = xmalloc((np ? np : 1) * 3 * sizeof(uint32_t));
	for (size_t q = 0; q < np * 3; q++)
		pkg_at[q] = UINT32_MAX;
	for (size_t k = 0; k < r->n_packages; k++)
		pkg_at[(size_t)r->packages[k].project * 3 + (size_t)r->packages[k].level - 1] = (uint32_t)k;
	for (size_t p = 0; p < np; p++) {
		const struct alloc_project *pr = &in->projects[p];
		for (size_t i = pr->first_item; i < pr->first_item + pr->n_items; i++)
			r->pkg_of_item[i] = pkg_at[p * 3 + (size_t)in->items[i].level - 1];
	}
	free(pkg_at);
	x->match = xcalloc((np ? np : 1) * (ns ? ns : 1), 1);
	for (size_t p = 0; p < np; p++)
		for (size_t s = 0; s < ns; s++)
			x->match[p * ns + s] = in->sources[s].is_earmarked &&
					       alloc_prefix_match(in->sources[s].functions, in->projects[p].function);
}

/* §6.3: an earmarked source with money left at the end while some package
 * that could draw on it (its project's function matches) was cut. */
static int earmarks_idle(struct run *x)
{
	const struct alloc_input *in = x->in;
	struct alloc_result *r = x->r;
	size_t ns = in->n_sources;
	for (size_t s = 0; s < ns; s++) {
		if (!in->sources[s].is_earmarked || r->source_left[s] <= 0)
			continue;
		if (money_add(r->earmarked_unused, r->source_left[s], &r->earmarked_unused))
			return -1;
		for (size_t k = 0; k < r->n_packages && !r->earmark_idle[s]; k++) {
			const struct alloc_package *pk = &r->packages[k];
			if (pk->decision == PKG_CUT_CAPACITY && x->match[(size_t)pk->project * ns + s])
				r->earmark_idle[s] = (uint32_t)k + 1;
		}
	}
	return 0;
}

/* The money open to a package when its turn comes. */
static int money_open(struct run *x, struct alloc_package *pk)
{
	const struct alloc_input *in = x->in;
	struct alloc_result *r = x->r;
	size_t p = pk->project, ns = in->n_sources;
	pk->carry_left = r->carry_left[p];
	for (size_t s = 0; s < ns; s++) {
		if (in->sources[s].is_earmarked) {
			if (x->match[p * ns + s] && money_add(pk->earmarked_left, r->source_left[s], &pk->earmarked_left))
				return -1;
		} else if (money_add(pk->general_left, r->source_left[s], &pk->general_left)) {
			return -1;
		}
	}
	if (money_add(pk->carry_left, pk->earmarked_left, &pk->available) ||
	    money_add(pk->available, pk->general_left, &pk->available))
		return -1;
	return 0;
}

/* Whether the package may be funded: not while its project is over the
 * affordability line (checked at its first package, §6.4), nor when a
 * lower level of it was not funded (§6.1), nor without the money (§6.3). */
static enum pkg_decision decide(struct run *x, const struct alloc_package *pk)
{
	const struct alloc_input *in = x->in;
	struct alloc_result *r = x->r;
	size_t p = pk->project;
	const struct alloc_project *pr = &in->projects[p];
	if (r->over_afford[p])
		return PKG_OVER_AFFORDABILITY;
	for (int l = 1; l < pk->level; l++)
		if (x->state[p * 3 + (size_t)l - 1] == 2)
			return PKG_INELIGIBLE;
	if (pr->is_new && pr->has_plans && !x->checked[p]) {
		x->checked[p] = 1;
		if (!affordable(in, r->commitments, pr->plans, &r->afford[p])) {
			r->over_afford[p] = 1;
			return PKG_OVER_AFFORDABILITY;
		}
	}
	return pk->available < pk->amount ? PKG_CUT_CAPACITY : PKG_FUNDED;
}

/* One item of a funded package draws, in seq order, from the project's
 * carryover, then the matching earmarked sources, then the general ones
 * (§6.3). */
static int draw_item(struct run *x, size_t p, size_t i)
{
	const struct alloc_input *in = x->in;
	struct alloc_result *r = x->r;
	size_t ns = in->n_sources;
	zb_fen need = in->items[i].approved;
	r->funded[i] = need;
	r->first_draw[i] = (uint32_t)r->n_draws;
	if (need > 0 && r->carry_left[p] > 0) {
		zb_fen d = need < r->carry_left[p] ? need : r->carry_left[p];
		r->carry_left[p] -= d;
		need -= d;
		r->carryover_drawn += d;
		add_draw(r, &x->draw_cap, (uint32_t)i, DRAW_CARRYOVER, d);
	}
	for (int pass = 0; pass < 2 && need > 0; pass++)
		for (size_t s = 0; s < ns && need > 0; s++) {
			const struct alloc_source *src = &in->sources[s];
			if (pass == 0 && !x->match[p * ns + s])
				continue;
			if (pass == 1 && src->is_earmarked)
				continue;
			if (r->source_left[s] <= 0)
				continue;
			zb_fen d = need < r->source_left[s] ? need : r->source_left[s];
			r->source_left[s] -= d;
			need -= d;
			add_draw(r, &x->draw_cap, (uint32_t)i, (uint32_t)s, d);
		}
	/* available ≥ amount guarantees the money was there */
	if (need != 0)
		abort();
	return money_add(r->funded_total, r->funded[i], &r->funded_total);
}

/* A package funded whole: its plans become commitments once, its items draw. */
static int fund(struct run *x, const struct alloc_package *pk)
{
	const struct alloc_input *in = x->in;
	struct alloc_result *r = x->r;
	size_t p = pk->project;
	const struct alloc_project *pr = &in->projects[p];
	x->state[p * 3 + (size_t)pk->level - 1] = 1;
	if (pr->is_new && pr->has_plans && x->checked[p] == 1) {
		x->checked[p] = 2;
		for (int y = 0; y < ALLOC_YEARS; y++)
			if (money_add(r->commitments[y], pr->plans[y], &r->commitments[y]))
				return -1;
	}
	for (size_t i = pr->first_item; i < pr->first_item + pr->n_items; i++)
		if (in->items[i].level == pk->level && draw_item(x, p, i))
			return -1;
	return 0;
}

/* What was approved but not funded, by reason; the guarantee tiers' part
 * is the shortfall. */
static int book_unfunded(struct run *x)
{
	struct alloc_result *r = x->r;
	for (size_t k = 0; k < r->n_packages; k++) {
		const struct alloc_package *pk = &r->packages[k];
		if (pk->decision == PKG_FUNDED)
			continue;
		zb_fen *to = pk->decision == PKG_OVER_AFFORDABILITY ? &r->affordability_fen : &r->capacity_fen_cut;
		if (money_add(*to, pk->amount, to))
			return -1;
		if (TIER_GUARANTEED(x->in->projects[pk->project].tier) && money_add(r->shortfall, pk->amount, &r->shortfall))
			return -1;
	}
	for (size_t i = 0; i < x->in->n_items; i++)
		if (!r->n_item_draws[i])
			r->first_draw[i] = (uint32_t)r->n_draws;
	return 0;
}

int alloc_run(const struct alloc_input *in, struct alloc_result *r)
{
	struct run x = { in, r, NULL, NULL, NULL, 0 };
	int rc = -1;
	result_init(&x);
	if (sources_as_seen(&x) || make_packages(&x))
		goto out;
	order_packages(&x);
	index_packages(&x);
	for (size_t k = 0; k < r->n_packages; k++) {
		struct alloc_package *pk = &r->packages[k];
		pk->turn = (uint32_t)(k + 1);
		if (money_open(&x, pk))
			goto out;
		pk->decision = decide(&x, pk);
		if (pk->decision == PKG_FUNDED && fund(&x, pk))
			goto out;
	}
	if (book_unfunded(&x) || earmarks_idle(&x))
		goto out;
	rc = 0;
out:
	free(x.match);
	free(x.state);
	free(x.checked);
	if (rc)
		alloc_result_free(r);
	return rc;
}

void alloc_result_free(struct alloc_result *r)
{
	free(r->funded);
	free(r->pkg_of_item);
	free(r->packages);
	free(r->draws);
	free(r->first_draw);
	free(r->n_item_draws);
	free(r->source_amount);
	free(r->source_left);
	free(r->carry_left);
	free(r->over_afford);
	free(r->afford);
	free(r->earmark_idle);
	memset(r, 0, sizeof(*r));
}
