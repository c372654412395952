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
static int affordable(const struct alloc_input *in, const zb_fen *commit, const zb_fen *plans)
{
	for (int y = 0; y < ALLOC_YEARS; y++) {
		if (plans[y] <= 0)
			continue;
		__int128 lhs = ((__int128)commit[y] + plans[y]) * 1000000;
		__int128 rhs = (__int128)in->affordability_ppm * in->planned[y];
		if (lhs > rhs)
			return 0;
	}
	return 1;
}

static void add_draw(struct alloc_result *r, size_t *cap, uint32_t item, uint32_t src, zb_fen amount)
{
	XGROW(r->draws, *cap, r->n_draws + 1);
	r->draws[r->n_draws++] = (struct alloc_draw){ item, src, amount };
	r->n_item_draws[item]++;
}

int alloc_run(const struct alloc_input *in, struct alloc_result *r)
{
	size_t np = in->n_projects, ni = in->n_items, ns = in->n_sources;
	int rc = -1;
	memset(r, 0, sizeof(*r));
	r->funded = xcalloc(ni, sizeof(zb_fen));
	r->pkg_of_item = xmalloc((ni ? ni : 1) * sizeof(uint32_t));
	r->first_draw = xmalloc((ni ? ni : 1) * sizeof(uint32_t));
	r->n_item_draws = xcalloc(ni, sizeof(uint32_t));
	r->source_amount = xcalloc(ns, sizeof(zb_fen));
	r->source_left = xcalloc(ns, sizeof(zb_fen));
	r->carry_left = xcalloc(np, sizeof(zb_fen));
	r->over_afford = xcalloc(np, 1);
	uint8_t *state = xcalloc(np * 3, 1); /* per project and level: 0 empty, 1 funded, 2 not */
	uint8_t *checked = xcalloc(np, 1);
	uint8_t *match = NULL;
	size_t draw_cap = 0;
	for (size_t i = 0; i < ni; i++)
		r->pkg_of_item[i] = UINT32_MAX;

	/* the sources as this scenario sees them */
	zb_fen cap_left = in->capacity;
	int first_general = -1;
	for (size_t s = 0; s < ns; s++) {
		zb_fen a = in->sources[s].amount;
		if (!in->sources[s].is_earmarked && in->capacity >= 0) {
			if (first_general < 0)
				first_general = (int)s;
			a = a < cap_left ? a : cap_left;
			cap_left -= a;
		}
		r->source_amount[s] = a;
	}
	/* a what-if above the sources' total: the excess joins the first general source */
	if (in->capacity >= 0 && cap_left > 0 && first_general >= 0 &&
	    money_add(r->source_amount[first_general], cap_left, &r->source_amount[first_general]))
		goto out;
	memcpy(r->source_left, r->source_amount, ns * sizeof(zb_fen));
	for (size_t p = 0; p < np; p++)
		r->carry_left[p] = in->projects[p].carryover;

	/* decision packages: a project's items of one level (§6.1) */
	size_t pcap = 0;
	for (size_t p = 0; p < np; p++) {
		const struct alloc_project *pr = &in->projects[p];
		zb_fen amt[3] = { 0, 0, 0 };
		for (size_t i = pr->first_item; i < pr->first_item + pr->n_items; i++) {
			int l = in->items[i].level;
			if (l < 1 || l > 3 || money_add(amt[l - 1], in->items[i].approved, &amt[l - 1]))
				goto out;
		}
		for (int l = 0; l < 3; l++) {
			if (amt[l] <= 0)
				continue;
			XGROW(r->packages, pcap, r->n_packages + 1);
			r->packages[r->n_packages++] = (struct alloc_package){ (uint32_t)p, l + 1, amt[l], 0, PKG_CUT_CAPACITY, 0, 0, 0, 0 };
			state[p * 3 + (size_t)l] = 2;
		}
		/* continuing projects' plans are commitments from the start (§6.4) */
		if (pr->has_plans && !pr->is_new)
			for (int y = 0; y < ALLOC_YEARS; y++)
				if (money_add(r->commitments[y], pr->plans[y], &r->commitments[y]))
					goto out;
	}
	/* the order (§6.2); codes compared once, as ranks.  The input is
	 * usually in code order already (the model's arrays are), which the
	 * check below notices without sorting. */
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
	/* which earmarked sources may fund which project, decided once */
	match = xcalloc((np ? np : 1) * (ns ? ns : 1), 1);
	for (size_t p = 0; p < np; p++)
		for (size_t s = 0; s < ns; s++)
			match[p * ns + s] = in->sources[s].is_earmarked &&
					    alloc_prefix_match(in->sources[s].functions, in->projects[p].function);

	for (size_t k = 0; k < r->n_packages; k++) {
		struct alloc_package *pk = &r->packages[k];
		size_t p = pk->project;
		const struct alloc_project *pr = &in->projects[p];
		pk->turn = (uint32_t)(k + 1);
		for (size_t i = pr->first_item; i < pr->first_item + pr->n_items; i++)
			if (in->items[i].level == pk->level)
				r->pkg_of_item[i] = (uint32_t)k;
		/* money open to it */
		pk->carry_left = r->carry_left[p];
		for (size_t s = 0; s < ns; s++) {
			if (in->sources[s].is_earmarked) {
				if (match[p * ns + s] &&
				    money_add(pk->earmarked_left, r->source_left[s], &pk->earmarked_left))
					goto out;
			} else if (money_add(pk->general_left, r->source_left[s], &pk->general_left)) {
				goto out;
			}
		}
		if (money_add(pk->carry_left, pk->earmarked_left, &pk->available) ||
		    money_add(pk->available, pk->general_left, &pk->available))
			goto out;
		if (r->over_afford[p]) {
			pk->decision = PKG_OVER_AFFORDABILITY;
			continue;
		}
		int eligible = 1;
		for (int l = 1; l < pk->level; l++)
			if (state[p * 3 + (size_t)l - 1] == 2)
				eligible = 0;
		if (!eligible) {
			pk->decision = PKG_INELIGIBLE;
			continue;
		}
		if (pr->is_new && pr->has_plans && !checked[p]) {
			checked[p] = 1;
			if (!affordable(in, r->commitments, pr->plans)) {
				r->over_afford[p] = 1;
				pk->decision = PKG_OVER_AFFORDABILITY;
				continue;
			}
		}
		if (pk->available < pk->amount) {
			pk->decision = PKG_CUT_CAPACITY;
			continue;
		}
		/* funded whole: items draw in seq order (§6.3) */
		pk->decision = PKG_FUNDED;
		state[p * 3 + (size_t)pk->level - 1] = 1;
		if (pr->is_new && pr->has_plans && checked[p] == 1) {
			checked[p] = 2; /* its plans become commitments once */
			for (int y = 0; y < ALLOC_YEARS; y++)
				if (money_add(r->commitments[y], pr->plans[y], &r->commitments[y]))
					goto out;
		}
		for (size_t i = pr->first_item; i < pr->first_item + pr->n_items; i++) {
			if (in->items[i].level != pk->level)
				continue;
			zb_fen need = in->items[i].approved;
			r->funded[i] = need;
			r->first_draw[i] = (uint32_t)r->n_draws;
			if (need > 0 && r->carry_left[p] > 0) {
				zb_fen d = need < r->carry_left[p] ? need : r->carry_left[p];
				r->carry_left[p] -= d;
				need -= d;
				r->carryover_drawn += d;
				add_draw(r, &draw_cap, (uint32_t)i, DRAW_CARRYOVER, d);
			}
			for (int pass = 0; pass < 2 && need > 0; pass++)
				for (size_t s = 0; s < ns && need > 0; s++) {
					const struct alloc_source *src = &in->sources[s];
					if (pass == 0 && !match[p * ns + s])
						continue;
					if (pass == 1 && src->is_earmarked)
						continue;
					if (r->source_left[s] <= 0)
						continue;
					zb_fen d = need < r->source_left[s] ? need : r->source_left[s];
					r->source_left[s] -= d;
					need -= d;
					add_draw(r, &draw_cap, (uint32_t)i, (uint32_t)s, d);
				}
			/* available ≥ amount guarantees the money was there */
			if (need != 0)
				abort();
			if (money_add(r->funded_total, r->funded[i], &r->funded_total))
				goto out;
		}
	}
	/* what was approved but not funded, by reason */
	for (size_t k = 0; k < r->n_packages; k++) {
		const struct alloc_package *pk = &r->packages[k];
		if (pk->decision == PKG_FUNDED)
			continue;
		zb_fen *to = pk->decision == PKG_OVER_AFFORDABILITY ? &r->affordability_fen : &r->capacity_fen_cut;
		if (money_add(*to, pk->amount, to))
			goto out;
		if (TIER_GUARANTEED(in->projects[pk->project].tier) &&
		    money_add(r->shortfall, pk->amount, &r->shortfall))
			goto out;
	}
	for (size_t i = 0; i < ni; i++)
		if (!r->n_item_draws[i])
			r->first_draw[i] = (uint32_t)r->n_draws;
	rc = 0;
out:
	free(match);
	free(state);
	free(checked);
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
	memset(r, 0, sizeof(*r));
}
