/*
 * explain.c - the explain document and its text (see explain.h).
 */
#include "explain.h"
#include "rules.h"

#include <string.h>

static const char *decision_code(enum pkg_decision d)
{
	return d == PKG_FUNDED ? "funded" : d == PKG_OVER_AFFORDABILITY ? "over_affordability"
				 : d == PKG_INELIGIBLE ? "ineligible" : "cut_capacity";
}

static const char *decision_text(const char *code)
{
	if (!strcmp(code, "funded"))
		return L("足额安排", "funded");
	if (!strcmp(code, "cut_capacity"))
		return L("财力不足，未安排（CUT_CAPACITY）", "not funded: not enough money (CUT_CAPACITY)");
	if (!strcmp(code, "over_affordability"))
		return L("超过财政承受能力，未安排（OVER_AFFORDABILITY）",
			 "not funded: over the affordability line (OVER_AFFORDABILITY)");
	return L("低档次决策包未获安排，本档不予安排（CUT_CAPACITY）",
		 "not funded: a lower-level package of the project was not funded (CUT_CAPACITY)");
}

/* A tier's words from its code. */
static const char *tier_words(const char *code)
{
	int t = model_enum_parse(ME_TIER, code, -1);
	return t < 0 ? code : L(model_tier_zh((enum tier)t), model_tier_code((enum tier)t));
}

/* --- the document ----------------------------------------------------------- */

static json_t *message_of(const struct model *m, const struct finding *f, struct buf *msg)
{
	buf_reset(msg);
	rules_message(m, f, msg);
	json_t *s = json_string(buf_str(msg));
	return s ? s : json_string("?");
}

/* Project-level warnings, once each (the trace repeats a project-level
 * finding for every item). */
static json_t *warnings_json(const struct model *m, const struct rules_trace *t, struct buf *msg)
{
	json_t *arr = json_array();
	for (size_t s = 0; s < t->n; s++) {
		const struct rules_step *st = &t->steps[s];
		if (st->f.item >= 0 || st->f.severity != SEV_WARN || (s && t->steps[s - 1].f.code == st->f.code))
			continue;
		json_t *o = json_pack("{s:s, s:s}", "code", rules_code_name((enum finding_code)st->f.code), "severity",
				      rules_severity_name((enum severity)st->f.severity));
		json_object_set_new(o, "message", message_of(m, &st->f, msg));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *steps_json(const struct model *m, const struct rules_trace *t, int32_t i, struct buf *msg)
{
	json_t *arr = json_array();
	for (size_t s = 0; s < t->n; s++) {
		const struct rules_step *st = &t->steps[s];
		if (st->item != i)
			continue;
		json_t *o = json_pack("{s:s, s:s, s:I, s:I, s:I}", "code", rules_code_name((enum finding_code)st->f.code),
				      "severity", rules_severity_name((enum severity)st->f.severity), "before_fen",
				      (json_int_t)st->before_fen, "after_fen", (json_int_t)st->after_fen, "effect_fen",
				      (json_int_t)(st->before_fen - st->after_fen));
		json_object_set_new(o, "message", message_of(m, &st->f, msg));
		json_object_set_new(o, "project_level", json_boolean(st->f.item < 0));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* The allocation's part of one item (SPEC §6.5). */
static json_t *allocation_json(const struct pipeline *p, int32_t i)
{
	const struct model *m = &p->m;
	uint32_t k = p->ar.pkg_of_item[i];
	json_t *o = json_pack("{s:s, s:I, s:s}", "scenario", p->params.name, "funded_fen", (json_int_t)p->ar.funded[i],
			      "status", item_status_name(pipeline_item_status(p, (size_t)i)));
	if (k == UINT32_MAX)
		return o;
	const struct alloc_package *pk = &p->ar.packages[k];
	json_object_set_new(
		o, "package",
		json_pack("{s:s, s:i, s:I, s:I, s:I, s:I, s:I, s:I, s:s}", "tier",
			  model_tier_code(p->ap[m->items[i].project].tier), "level", pk->level, "amount_fen",
			  (json_int_t)pk->amount, "turn", (json_int_t)pk->turn, "packages", (json_int_t)p->ar.n_packages,
			  "carryover_left_fen", (json_int_t)pk->carry_left, "earmarked_left_fen",
			  (json_int_t)pk->earmarked_left, "general_left_fen", (json_int_t)pk->general_left, "decision",
			  decision_code(pk->decision)));
	if (pk->decision == PKG_OVER_AFFORDABILITY) {
		const struct alloc_afford *af = &p->ar.afford[pk->project];
		struct buf msg = BUF_INIT;
		pipeline_afford_message(p, pk->project, &msg);
		json_object_set_new(json_object_get(o, "package"), "affordability",
				    json_pack("{s:i, s:I, s:I, s:I, s:s}", "year", m->year + af->year, "line_fen",
					      (json_int_t)af->line, "committed_fen", (json_int_t)af->committed, "plan_fen",
					      (json_int_t)af->plan, "message", buf_str(&msg)));
		buf_release(&msg);
	}
	json_t *draws = json_array();
	for (uint32_t j = 0; j < p->ar.n_item_draws[i]; j++) {
		const struct alloc_draw *dr = &p->ar.draws[p->ar.first_draw[i] + j];
		json_array_append_new(draws, json_pack("{s:s, s:s, s:I}", "source", pipeline_source_code(p, dr->source),
						       "source_name", pipeline_source_name(p, dr->source), "amount_fen",
						       (json_int_t)dr->amount));
	}
	json_object_set_new(o, "draws", draws);
	return o;
}

static json_t *item_json(const struct pipeline *p, const struct rules_trace *t, int32_t project, int32_t i,
			 struct buf *msg)
{
	const struct model *m = &p->m;
	const struct item *it = &m->items[i];
	int32_t k = i - m->projects[project].first_item;
	char q[MONEY_BUFSZ];
	json_t *o = json_pack("{s:i, s:s?, s:s?, s:s?, s:I, s:s, s:s?}", "seq", (int)it->seq, "content", it->content,
			      "economic", it->economic, "standard", it->standard_code, "price_fen",
			      (json_int_t)it->price_fen, "quantity", dec_format_min(it->quantity, 4, q), "unit", it->unit);
	json_object_set_new(o, "requested_fen", json_integer(t->requested_fen[k]));
	json_object_set_new(o, "approved_fen", json_integer(t->approved_fen[k]));
	json_object_set_new(o, "steps", steps_json(m, t, i, msg));
	json_object_set_new(o, "allocation", allocation_json(p, i));
	return o;
}

json_t *explain_json(const struct pipeline *p, int32_t project, int32_t item, struct buf *err)
{
	const struct model *m = &p->m;
	const struct project *P = &m->projects[project];
	const struct agency *A = &m->agencies[P->agency];
	struct rules_trace t;
	struct buf msg = BUF_INIT;
	if (rules_trace_project(m, project, &t, err))
		return NULL;
	int32_t from = item >= 0 ? item : P->first_item, to = item >= 0 ? item + 1 : P->first_item + P->n_items;
	zb_fen rq = 0, ap = 0, fd = 0;
	json_t *items = json_array();
	int overflow = 0;
	for (int32_t i = from; i < to; i++) {
		json_array_append_new(items, item_json(p, &t, project, i, &msg));
		int32_t k = i - P->first_item;
		overflow |= money_add(rq, t.requested_fen[k], &rq) || money_add(ap, t.approved_fen[k], &ap) ||
			    money_add(fd, p->ar.funded[i], &fd);
	}
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "project", P->code, "name", P->name ? P->name : "",
			      "agency", P->agency_code, "agency_name", A->name ? A->name : "", "scenario", p->params.name,
			      "tier", model_tier_code(P->tier), "ranked_as", model_tier_code((enum tier)t.tier));
	json_object_set_new(o, "warnings", warnings_json(m, &t, &msg));
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "totals", json_pack("{s:I, s:I, s:I}", "requested_fen", (json_int_t)rq, "approved_fen",
						   (json_int_t)ap, "funded_fen", (json_int_t)fd));
	rules_trace_release(&t);
	buf_release(&msg);
	if (overflow) {
		json_decref(o);
		buf_adds(err, L("金额合计超出范围", "a money total is out of range"));
		return NULL;
	}
	return o;
}

/* --- the text ------------------------------------------------------------------ */

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static zb_fen fen(const json_t *o, const char *key)
{
	return (zb_fen)json_integer_value(json_object_get(o, key));
}

static const char *yuan(const json_t *o, const char *key, char *buf)
{
	return money_format(fen(o, key), UNIT_YUAN, buf);
}

static const char *severity_words(const char *code)
{
	int s = rules_severity_parse(code);
	return s < 0 ? code : rules_severity_label((enum severity)s);
}

static void allocation_text(const json_t *a, FILE *out)
{
	char b1[MONEY_BUFSZ], b2[MONEY_BUFSZ], b3[MONEY_BUFSZ];
	const json_t *pk = json_object_get(a, "package");
	if (!pk) {
		fprintf(out, L("  资金安排（场景 %s）：核定数为零，不进入决策包\n",
			       "  allocation (scenario %s): approved nothing, so in no package\n"),
			str(a, "scenario"));
		return;
	}
	fprintf(out, L("  资金安排（场景 %s）：%s档次，第 %d 档决策包 %s 元，排第 %lld 位（共 %lld 个）\n",
		       "  allocation (scenario %s): tier %s, level-%d package of %s yuan, turn %lld of %lld\n"),
		str(a, "scenario"), tier_words(str(pk, "tier")), (int)fen(pk, "level"), yuan(pk, "amount_fen", b1),
		(long long)fen(pk, "turn"), (long long)fen(pk, "packages"));
	fprintf(out, L("    轮到时可用：本项目结转 %s 元，对口专项 %s 元，一般财力 %s 元\n",
		       "    open to it then: own carryover %s, matching earmarked %s, general %s yuan\n"),
		yuan(pk, "carryover_left_fen", b1), yuan(pk, "earmarked_left_fen", b2), yuan(pk, "general_left_fen", b3));
	size_t j;
	const json_t *d;
	json_array_foreach(json_object_get(a, "draws"), j, d)
	{
		yuan(d, "amount_fen", b1);
		if (!*str(d, "source"))
			fprintf(out, L("    使用本项目上年结转 %s 元\n", "    drew %s yuan of its own carryover\n"), b1);
		else if (ZB_LANG == LANG_EN)
			fprintf(out, "    drew %s yuan from %s %s\n", b1, str(d, "source"), str(d, "source_name"));
		else
			fprintf(out, "    使用 %s %s %s 元\n", str(d, "source"), str(d, "source_name"), b1);
	}
	fprintf(out, L("    决定：%s；安排 %s 元\n", "    decision: %s; funded %s yuan\n"),
		decision_text(str(pk, "decision")), yuan(a, "funded_fen", b1));
	const json_t *af = json_object_get(pk, "affordability");
	if (af)
		fprintf(out, "    %s\n", str(af, "message"));
}

static void item_text(const json_t *it, FILE *out)
{
	char b1[MONEY_BUFSZ], b2[MONEY_BUFSZ];
	const char *std = str(it, "standard"), *unit = str(it, "unit");
	fprintf(out, L("\n第 %d 条  %s（经济分类 %s%s%s）\n", "\nitem %d  %s (economic %s%s%s)\n"), (int)fen(it, "seq"),
		str(it, "content"), str(it, "economic"), *std ? L("，支出标准 ", ", standard ") : "", std);
	fprintf(out, L("  申报  单价 %s 元 × 数量 %s%s%s = %s 元\n", "  requested  unit price %s yuan × quantity %s%s%s = %s yuan\n"),
		yuan(it, "price_fen", b1), str(it, "quantity"), *unit ? " " : "", unit, yuan(it, "requested_fen", b2));
	size_t k;
	const json_t *st;
	json_array_foreach(json_object_get(it, "steps"), k, st)
	{
		/* project-level warnings are printed once, above */
		if (json_is_true(json_object_get(st, "project_level")) && !strcmp(str(st, "severity"), "warn"))
			continue;
		fprintf(out, "  %-18s %s → %s %s  [%s] %s\n", str(st, "code"), yuan(st, "before_fen", b1),
			yuan(st, "after_fen", b2), L("元", "yuan"), severity_words(str(st, "severity")), str(st, "message"));
	}
	fprintf(out, L("  核定  %s 元\n", "  approved  %s yuan\n"), yuan(it, "approved_fen", b1));
	allocation_text(json_object_get(it, "allocation"), out);
}

void explain_text(const json_t *doc, FILE *out)
{
	char b1[MONEY_BUFSZ], b2[MONEY_BUFSZ], b3[MONEY_BUFSZ];
	fprintf(out, L("项目 %s %s（%s %s，%s", "project %s %s (%s %s, tier %s"), str(doc, "project"), str(doc, "name"),
		str(doc, "agency"), str(doc, "agency_name"), tier_words(str(doc, "tier")));
	if (strcmp(str(doc, "tier"), str(doc, "ranked_as")))
		fprintf(out, L("，按%s排序", ", ranked as %s"), tier_words(str(doc, "ranked_as")));
	fprintf(out, "%s", L("）\n", ")\n"));
	size_t i;
	const json_t *e;
	json_array_foreach(json_object_get(doc, "warnings"), i, e)
		fprintf(out, "  %-18s [%s] %s\n", str(e, "code"), severity_words(str(e, "severity")), str(e, "message"));
	json_array_foreach(json_object_get(doc, "items"), i, e)
		item_text(e, out);
	const json_t *t = json_object_get(doc, "totals");
	fprintf(out, L("\n合计：申报 %s 元，核定 %s 元，安排 %s 元（场景 %s）\n",
		       "\ntotal: requested %s yuan, approved %s yuan, funded %s yuan (scenario %s)\n"),
		yuan(t, "requested_fen", b1), yuan(t, "approved_fen", b2), yuan(t, "funded_fen", b3), str(doc, "scenario"));
}
