/* test_rules - SPEC §5, rule by rule, on small models built by hand; the
 * expected amounts are worked out in the comments.  Money is in fen
 * (yuan × 100), quantities in 1/10000.  Budget year 2026 throughout, so
 * "valid on 1 January" means valid on 2026-01-01.  Ends with a property
 * test over random books and a load through a real book (import_mem). */
#include "unit.h"
#include "store.h"
#include "import.h"
#include "model.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define Y(yuan) ((zb_fen)(yuan) * 100)  /* whole yuan → fen */
#define Q(n) ((zb_qty)(n) * QTY_ONE)    /* whole units → 1/10000 */

static struct model M;
static struct rules_result R;

/* --- building ---------------------------------------------------------- */

static void begin(void)
{
	model_init(&M, 2026);
}

static struct agency *ag(const char *code, int64_t heads)
{
	struct agency *a = model_add_agency(&M);
	a->code = model_str(&M, code);
	a->name = model_str(&M, code);
	a->headcount = heads;
	return a;
}

static struct basis *basis(const char *code, const char *from, const char *to)
{
	struct basis *b = model_add_basis(&M);
	b->code = model_intern(&M, code, strlen(code));
	b->title = model_str(&M, code);
	b->valid_from = model_date(from, 0);
	b->valid_to = model_date(to, MODEL_DATE_OPEN_END);
	return b;
}

static struct standard *std_(const char *code, const char *econ, zb_fen max, zb_qty quota)
{
	struct standard *s = model_add_standard(&M);
	s->code = model_intern(&M, code, strlen(code));
	s->name = model_str(&M, code);
	s->economic = model_intern(&M, econ, strlen(econ));
	s->unit = model_str(&M, "件");
	s->max_price_fen = max;
	s->quota_per_head = quota;
	return s;
}

static struct project *proj(const char *code, const char *agency, enum project_kind kind, enum tier tier,
			    int is_new, const char *bases)
{
	struct project *p = model_add_project(&M);
	p->code = model_str(&M, code);
	p->agency_code = model_str(&M, agency);
	p->name = model_str(&M, code);
	p->function = model_str(&M, "2050201");
	p->kind = kind;
	p->tier = tier;
	p->is_new = (uint8_t)is_new;
	p->basis = bases ? model_str(&M, bases) : NULL;
	return p;
}

/* a specific-purpose general project with a valid basis B0 and its
 * targets: one qualitative target of each level-1 class, unweighted */
static struct project *plain(const char *code, const char *agency)
{
	struct project *p = proj(code, agency, KIND_SPECIFIC, TIER_GENERAL, 0, "B0");
	static const char *const names[] = { "t-output", "t-benefit", "t-satisfaction" };
	for (int k = 0; k < 3; k++) {
		struct target *t = model_add_target(&M);
		t->project_code = model_str(&M, code);
		t->level1 = (enum target_level1)k;
		t->op = OP_QUALITATIVE;
		t->name = model_str(&M, names[k]);
		t->level2 = t->value = t->name;
	}
	return p;
}

static struct target *target(const char *project, const char *name, enum target_level1 l1, enum target_op op,
			     const char *value, int32_t weight)
{
	struct target *t = model_add_target(&M);
	t->project_code = model_str(&M, project);
	t->name = model_str(&M, name);
	t->level1 = l1;
	t->op = op;
	t->level2 = model_str(&M, "数量");
	t->value = model_str(&M, value);
	t->weight = weight;
	return t;
}

static struct selfeval *selfeval(const char *project, int year, int32_t score, int32_t grade)
{
	struct selfeval *e = model_add_selfeval(&M);
	e->project_code = model_str(&M, project);
	e->year = year;
	e->score = score;
	e->grade = grade;
	return e;
}

/* The finding's message as a person reads it (Chinese). */
static const char *message(const struct finding *f)
{
	static char text[1024];
	struct buf b = BUF_INIT;
	rules_message(&M, f, &b);
	snprintf(text, sizeof text, "%s", buf_str(&b));
	buf_release(&b);
	return text;
}

static struct item *item(const char *project, int seq, const char *content, const char *econ, const char *std,
			 zb_fen price, zb_qty qty)
{
	struct item *it = model_add_item(&M);
	it->project_code = model_str(&M, project);
	it->seq = seq;
	it->content = model_str(&M, content);
	it->economic = model_intern(&M, econ, strlen(econ));
	it->standard_code = std ? model_intern(&M, std, strlen(std)) : NULL;
	it->unit = model_str(&M, "件");
	it->price_fen = price;
	it->quantity = qty;
	return it;
}

static struct history *hist(const char *project, const char *agency, int year, zb_fen budget, zb_fen executed)
{
	struct history *h = model_add_history(&M);
	h->project_code = model_str(&M, project);
	h->agency_code = model_str(&M, agency);
	h->year = year;
	h->budget_fen = budget;
	h->executed_fen = executed;
	return h;
}

static struct review *review(const char *project, int seq, int round, enum review_action a, zb_fen price, zb_qty qty)
{
	struct review *r = model_add_review(&M);
	r->project_code = model_str(&M, project);
	r->seq = seq;
	r->round = round;
	r->action = a;
	r->price_fen = price;
	r->quantity = qty;
	return r;
}

static struct evaluation *eval(const char *project, enum conclusion c, int64_t ratio)
{
	struct evaluation *e = model_add_evaluation(&M);
	e->project_code = model_str(&M, project);
	e->score = 8000;
	e->conclusion = c;
	e->ratio = ratio;
	return e;
}

/* --- checking ---------------------------------------------------------- */

/* The invariants every result keeps: 0 <= A <= R per item; the causes
 * partition requested − approved; a trace's steps add up per item. */
static void check_invariants(const struct model *m, const struct rules_result *r)
{
	zb_fen req = 0, app = 0, saved = 0;
	for (size_t i = 0; i < m->n_items; i++) {
		if (r->approved_fen[i] < 0 || r->approved_fen[i] > r->requested_fen[i])
			fail_msg("item %zu: approved %lld of %lld", i, (long long)r->approved_fen[i],
				 (long long)r->requested_fen[i]);
		req += r->requested_fen[i];
		app += r->approved_fen[i];
	}
	for (int c = 0; c < CAUSE__N; c++)
		saved += r->totals.savings_fen[c];
	assert_int_equal(req, r->totals.requested_fen);
	assert_int_equal(app, r->totals.approved_fen);
	assert_int_equal(saved, req - app);
	for (size_t p = 0; p < m->n_projects && p < 40; p++) {
		struct rules_trace t;
		struct buf err = BUF_INIT;
		assert_int_equal(rules_trace_project(m, (int32_t)p, &t, &err), 0);
		const struct project *pr = &m->projects[p];
		for (int32_t k = 0; k < pr->n_items; k++) {
			int32_t i = pr->first_item + k;
			zb_fen booked = 0;
			for (size_t s = 0; s < t.n; s++)
				if (t.steps[s].item == i)
					booked += t.steps[s].before_fen - t.steps[s].after_fen;
			assert_int_equal(t.requested_fen[k], r->requested_fen[i]);
			assert_int_equal(t.approved_fen[k], r->approved_fen[i]);
			if (booked != r->requested_fen[i] - r->approved_fen[i])
				fail_msg("project %s item %d: steps book %lld, R-A is %lld", pr->code, (int)m->items[i].seq,
					 (long long)booked, (long long)(r->requested_fen[i] - r->approved_fen[i]));
		}
		rules_trace_release(&t);
		buf_release(&err);
	}
}

static void run(void)
{
	struct buf err = BUF_INIT;
	if (model_finish(&M, &err))
		fail_msg("model_finish: %s", buf_str(&err));
	if (rules_run(&M, &R, &err))
		fail_msg("rules_run: %s", buf_str(&err));
	buf_release(&err);
	check_invariants(&M, &R);
}

static void done(void)
{
	rules_result_release(&R);
	model_release(&M);
}

static int32_t item_idx(const char *project, int seq)
{
	int32_t p = model_find_project(&M, project);
	assert_true(p >= 0);
	int32_t i = model_find_item(&M, p, seq);
	assert_true(i >= 0);
	return i;
}

static zb_fen approved(const char *project, int seq)
{
	return R.approved_fen[item_idx(project, seq)];
}

static zb_fen requested(const char *project, int seq)
{
	return R.requested_fen[item_idx(project, seq)];
}

/* The finding of a code on a project (seq 0) or an item, or NULL. */
static const struct finding *finding(const char *project, int seq, enum finding_code code)
{
	int32_t p = model_find_project(&M, project);
	for (int32_t f = R.project_findings[p]; f < R.project_findings[p + 1]; f++) {
		const struct finding *x = &R.findings[f];
		int xs = x->item >= 0 ? M.items[x->item].seq : 0;
		if (x->code == code && xs == seq)
			return x;
	}
	return NULL;
}

static int64_t count(enum finding_code code)
{
	return R.totals.count[code];
}

static zb_fen saved(enum cause c)
{
	return R.totals.savings_fen[c];
}

static void common(void)
{
	begin();
	ag("A", 10);
	basis("B0", "2020-01-01", NULL);
}

/* --- step 2: project gates ---------------------------------------------- */

static void test_no_basis(void **state)
{
	(void)state;
	common();
	/* rules-2.1 no basis at all: 100 × 2 = 200 yuan, all booked to no_basis */
	proj("P1", "A", KIND_SPECIFIC, TIER_GENERAL, 0, NULL);
	item("P1", 1, "x", "30201", NULL, Y(100), Q(2));
	/* rules-2.2 one registered and one unknown code: still NO_BASIS */
	proj("P2", "A", KIND_SPECIFIC, TIER_GENERAL, 0, "B0;BX");
	item("P2", 1, "x", "30299", NULL, Y(50), Q(1));
	/* rules-2.3 an operation project needs no basis */
	proj("P3", "A", KIND_OPERATION, TIER_OPERATIONS, 0, NULL);
	item("P3", 1, "x", "30299", NULL, Y(70), Q(1));
	run();
	assert_int_equal(approved("P1", 1), 0);
	assert_non_null(finding("P1", 0, F_NO_BASIS));
	assert_int_equal(finding("P1", 0, F_NO_BASIS)->effect_fen, Y(200));
	assert_int_equal(approved("P2", 1), 0);
	assert_int_equal(finding("P2", 0, F_NO_BASIS)->ref >= 0, 1);
	assert_string_equal(M.basis_ref_codes[finding("P2", 0, F_NO_BASIS)->ref], "BX");
	assert_int_equal(approved("P3", 1), Y(70));
	assert_int_equal(saved(CAUSE_NO_BASIS), Y(250));
	assert_int_equal(R.project_flags[model_find_project(&M, "P1")] & PROJECT_REJECTED, PROJECT_REJECTED);
	assert_int_equal(R.item_flags[item_idx("P1", 1)] & ITEM_REJECTED, ITEM_REJECTED);
	done();
}

static void test_expired_basis(void **state)
{
	(void)state;
	common();
	basis("OLD", "2018-01-01", "2025-12-31");   /* ended the day before 1 January */
	basis("NEW", "2026-01-02", NULL);           /* starts the day after */
	basis("EDGE", "2026-01-01", "2026-01-01");  /* valid exactly on 1 January */
	/* added out of order: model_finish sorts */
	proj("P2", "A", KIND_SPECIFIC, TIER_GENERAL, 0, "OLD;EDGE");
	item("P2", 1, "x", "30299", NULL, Y(10), Q(3));
	proj("P1", "A", KIND_SPECIFIC, TIER_GENERAL, 0, "OLD;NEW");
	item("P1", 1, "x", "30299", NULL, Y(10), Q(3));
	run();
	assert_string_equal(M.projects[0].code, "P1");
	/* rules-2.4 none valid: the 30 yuan go to no_basis */
	assert_non_null(finding("P1", 0, F_EXPIRED_BASIS));
	assert_int_equal(approved("P1", 1), 0);
	assert_int_equal(saved(CAUSE_NO_BASIS), Y(30));
	/* rules-2.5 one valid on 1 January is enough */
	assert_null(finding("P2", 0, F_EXPIRED_BASIS));
	assert_int_equal(approved("P2", 1), Y(30));
	done();
}

static void test_needs_evaluation(void **state)
{
	(void)state;
	common();
	/* threshold 5,000,000 yuan (default).  P1 asks exactly 5,000,000:
	 * at least the threshold, so it needs one. */
	proj("P1", "A", KIND_SPECIFIC, TIER_GENERAL, 1, "B0");
	item("P1", 1, "x", "30299", NULL, Y(2500000), Q(2));
	/* P2 asks 4,999,999.99: below */
	proj("P2", "A", KIND_SPECIFIC, TIER_GENERAL, 1, "B0");
	item("P2", 1, "x", "30299", NULL, Y(5000000) - 1, Q(1));
	/* P3 asks 6,000,000 but has a supporting evaluation */
	proj("P3", "A", KIND_SPECIFIC, TIER_GENERAL, 1, "B0");
	item("P3", 1, "x", "30299", NULL, Y(6000000), Q(1));
	eval("P3", CONCL_SUPPORT, -1);
	/* P4 continuing (new = n): never needs one */
	proj("P4", "A", KIND_SPECIFIC, TIER_GENERAL, 0, "B0");
	item("P4", 1, "x", "30299", NULL, Y(6000000), Q(1));
	run();
	assert_non_null(finding("P1", 0, F_NEEDS_EVALUATION));
	assert_int_equal(approved("P1", 1), 0);
	assert_int_equal(saved(CAUSE_EVALUATION), Y(5000000));
	assert_null(finding("P2", 0, F_NEEDS_EVALUATION));
	assert_int_equal(approved("P2", 1), Y(5000000) - 1);
	assert_null(finding("P3", 0, F_NEEDS_EVALUATION));
	assert_int_equal(approved("P3", 1), Y(6000000));
	assert_null(finding("P4", 0, F_NEEDS_EVALUATION));
	done();
}

static void test_eval_rejected_and_review_cut(void **state)
{
	(void)state;
	common();
	plain("P1", "A");
	item("P1", 1, "x", "30299", NULL, Y(100), Q(1));
	item("P1", 2, "y", "30299", NULL, Y(200), Q(1));
	eval("P1", CONCL_REJECT, -1);
	plain("P2", "A");
	item("P2", 1, "x", "30299", NULL, Y(400), Q(1));
	review("P2", 0, 1, REVIEW_CUT, -1, -1);
	/* P3: cut in round 1, approved in round 2: round 2 is in force */
	plain("P3", "A");
	item("P3", 1, "x", "30299", NULL, Y(800), Q(1));
	review("P3", 0, 1, REVIEW_CUT, -1, -1);
	review("P3", 0, 2, REVIEW_APPROVE, -1, -1);
	run();
	/* rules-2.6 the whole 300 yuan to evaluation */
	assert_int_equal(finding("P1", 0, F_EVAL_REJECTED)->effect_fen, Y(300));
	assert_int_equal(saved(CAUSE_EVALUATION), Y(300));
	/* rules-2.7 a whole-project cut: 400 yuan to review */
	assert_int_equal(finding("P2", 0, F_REVIEW_CUT)->effect_fen, Y(400));
	assert_int_equal(saved(CAUSE_REVIEW), Y(400));
	assert_int_equal(approved("P3", 1), Y(800));
	assert_int_equal(count(F_REVIEW_CUT), 1);
	done();
}

static void test_needs_review(void **state)
{
	(void)state;
	common();
	/* threshold 20,000,000 yuan on the year-1 (2025) budget */
	plain("P1", "A"); /* 2025 budget exactly 20,000,000: needs a review */
	item("P1", 1, "x", "30299", NULL, Y(1000), Q(1));
	hist("P1", "A", 2025, Y(20000000), Y(20000000));
	plain("P2", "A"); /* the same, answered by a whole-project approve */
	item("P2", 1, "x", "30299", NULL, Y(1000), Q(1));
	hist("P2", "A", 2025, Y(20000000), Y(20000000));
	review("P2", 0, 1, REVIEW_APPROVE, -1, -1);
	plain("P3", "A"); /* answered by an evaluation */
	item("P3", 1, "x", "30299", NULL, Y(1000), Q(1));
	hist("P3", "A", 2025, Y(30000000), Y(30000000));
	eval("P3", CONCL_SUPPORT, -1);
	plain("P4", "A"); /* 19,999,999.99: below */
	item("P4", 1, "x", "30299", NULL, Y(1000), Q(1));
	hist("P4", "A", 2025, Y(20000000) - 1, Y(20000000) - 1);
	plain("P5", "A"); /* a big budget two years back (2024) does not count */
	item("P5", 1, "x", "30299", NULL, Y(1000), Q(1));
	hist("P5", "A", 2024, Y(90000000), Y(90000000));
	run();
	assert_non_null(finding("P1", 0, F_NEEDS_REVIEW));
	assert_int_equal(approved("P1", 1), 0);
	assert_int_equal(saved(CAUSE_REVIEW), Y(1000));
	assert_null(finding("P2", 0, F_NEEDS_REVIEW));
	assert_int_equal(approved("P2", 1), Y(1000));
	assert_null(finding("P3", 0, F_NEEDS_REVIEW));
	assert_null(finding("P4", 0, F_NEEDS_REVIEW));
	assert_null(finding("P5", 0, F_NEEDS_REVIEW));
	assert_int_equal(count(F_NEEDS_REVIEW), 1);
	done();
}

static void test_gates_all_reported_first_books(void **state)
{
	(void)state;
	common();
	/* no basis, rejected by evaluation, and an item on the negative list:
	 * all reported; NO_BASIS (first in order) books the 500 yuan */
	struct negative_entry *n = model_add_negative(&M);
	n->code = model_str(&M, "N1");
	n->description = n->code;
	n->economic = model_str(&M, "30217");
	proj("P1", "A", KIND_SPECIFIC, TIER_GENERAL, 0, NULL);
	item("P1", 1, "接待", "30217", NULL, Y(200), Q(1));
	item("P1", 2, "x", "30299", NULL, Y(300), Q(1));
	eval("P1", CONCL_REJECT, -1);
	run();
	assert_int_equal(finding("P1", 0, F_NO_BASIS)->effect_fen, Y(500));
	assert_int_equal(finding("P1", 0, F_EVAL_REJECTED)->effect_fen, 0);
	assert_int_equal(finding("P1", 1, F_NEGATIVE_LIST)->effect_fen, 0);
	assert_int_equal(saved(CAUSE_NO_BASIS), Y(500));
	assert_int_equal(saved(CAUSE_EVALUATION), 0);
	assert_int_equal(saved(CAUSE_NEGATIVE), 0);
	done();
}

/* --- step 3: the negative list ----------------------------------------- */

static struct negative_entry *neg(const char *code, const char *econ, const char *kw, enum neg_scope scope)
{
	struct negative_entry *n = model_add_negative(&M);
	n->code = model_str(&M, code);
	n->description = model_str(&M, code);
	n->economic = econ ? model_str(&M, econ) : NULL;
	n->keyword = kw ? model_str(&M, kw) : NULL;
	n->scope = scope;
	return n;
}

static void test_negative_list(void **state)
{
	(void)state;
	common();
	neg("N1", "30217", NULL, NEG_ALL);      /* by prefix */
	neg("N2", NULL, "礼品", NEG_ALL);       /* by keyword */
	neg("N3", "302", "宴请", NEG_ALL);      /* both must match */
	plain("P1", "A");
	item("P1", 1, "公务接待", "30217", NULL, Y(100), Q(1)); /* N1 */
	item("P1", 2, "节日礼品", "30299", NULL, Y(200), Q(1)); /* N2 */
	item("P1", 3, "宴请", "31002", NULL, Y(400), Q(1));     /* N3 prefix fails: kept */
	item("P1", 4, "宴请来宾", "30299", NULL, Y(800), Q(1)); /* N3 */
	run();
	assert_int_equal(finding("P1", 1, F_NEGATIVE_LIST)->effect_fen, Y(100));
	assert_int_equal(finding("P1", 2, F_NEGATIVE_LIST)->effect_fen, Y(200));
	assert_null(finding("P1", 3, F_NEGATIVE_LIST));
	assert_int_equal(approved("P1", 3), Y(400));
	assert_int_equal(finding("P1", 4, F_NEGATIVE_LIST)->effect_fen, Y(800));
	assert_int_equal(saved(CAUSE_NEGATIVE), Y(1100));
	assert_int_equal(R.project_approved_fen[0], Y(400));
	done();
}

/* rules-3.2 a negative-list entry's except phrases: keyword 庆典 with
 * except 国庆典型 must not catch 国庆典型案例, and still catches 国庆典礼
 * (it holds 庆典 but not the whole phrase 国庆典型); the message names the
 * entry and the keyword matched. */
static void test_negative_except(void **state)
{
	(void)state;
	common();
	struct negative_entry *n = neg("N1", NULL, "庆典", NEG_ALL);
	n->except = model_str(&M, "国庆典型; 庆典型");
	neg("N2", "30217", NULL, NEG_ALL)->except = model_str(&M, "外事");
	plain("P1", "A");
	item("P1", 1, "国庆典型案例汇编", "30202", NULL, Y(100), Q(1)); /* excepted */
	item("P1", 2, "建校周年庆典", "30299", NULL, Y(200), Q(1));     /* caught */
	item("P1", 3, "国庆典礼布置", "30299", NULL, Y(400), Q(1));     /* caught: not the phrase */
	item("P1", 4, "外事接待", "30217", NULL, Y(800), Q(1));         /* N2 excepted */
	item("P1", 5, "商务接待", "30217", NULL, Y(1600), Q(1));        /* N2 caught */
	run();
	assert_null(finding("P1", 1, F_NEGATIVE_LIST));
	assert_int_equal(approved("P1", 1), Y(100));
	assert_int_equal(finding("P1", 2, F_NEGATIVE_LIST)->ref, 0);
	assert_int_equal(finding("P1", 3, F_NEGATIVE_LIST)->effect_fen, Y(400));
	assert_null(finding("P1", 4, F_NEGATIVE_LIST));
	assert_int_equal(finding("P1", 5, F_NEGATIVE_LIST)->ref, 1);
	assert_int_equal(saved(CAUSE_NEGATIVE), Y(2200));
	assert_string_equal(message(finding("P1", 2, F_NEGATIVE_LIST)),
			    "“建校周年庆典”含关键词“庆典”，属于负面清单 N1（N1），不予安排");
	assert_string_equal(message(finding("P1", 5, F_NEGATIVE_LIST)),
			    "经济分类 30217 属于负面清单 N2（N2，经济分类 30217），不予安排");
	done();
}

static void test_negative_major(void **state)
{
	(void)state;
	common();
	struct priority *pr = model_add_priority(&M);
	pr->code = model_str(&M, "PR1");
	pr->name = pr->code;
	pr->rank = 1;
	neg("N1", NULL, "庆典", NEG_MAJOR);
	struct project *p = proj("P1", "A", KIND_SPECIFIC, TIER_MAJOR, 0, "B0");
	p->priority_code = model_str(&M, "PR1");
	item("P1", 1, "周年庆典", "30299", NULL, Y(100), Q(1));
	item("P1", 2, "x", "30299", NULL, Y(100), Q(1));
	/* the same entry in a general project has no effect */
	plain("P2", "A");
	item("P2", 1, "周年庆典", "30299", NULL, Y(100), Q(1));
	run();
	/* rules-3.3 a warning: the amount stands, the project ranks as general */
	assert_non_null(finding("P1", 1, F_NEGATIVE_MAJOR));
	assert_int_equal(finding("P1", 1, F_NEGATIVE_MAJOR)->severity, SEV_WARN);
	assert_int_equal(approved("P1", 1), Y(100));
	assert_int_equal(R.tier[model_find_project(&M, "P1")], TIER_GENERAL);
	assert_true(R.project_flags[model_find_project(&M, "P1")] & PROJECT_DEMOTED);
	assert_null(finding("P2", 1, F_NEGATIVE_MAJOR));
	assert_int_equal(R.tier[model_find_project(&M, "P2")], TIER_GENERAL);
	assert_int_equal(count(F_NEGATIVE_MAJOR), 1);
	assert_int_equal(R.totals.approved_fen, R.totals.requested_fen);
	done();
}

/* --- step 4: standards ------------------------------------------------- */

static void test_standard_errors(void **state)
{
	(void)state;
	common();
	std_("S1", "30201", Y(3000), -1);
	struct standard *old = std_("S2", "30211", Y(500), -1);
	old->valid_to = model_date("2025-12-31", 0); /* expired the day before */
	plain("P1", "A");
	item("P1", 1, "x", "30201", "S9", Y(100), Q(1));  /* UNKNOWN_STANDARD */
	item("P1", 2, "x", "30202", "S1", Y(200), Q(1));  /* STANDARD_MISMATCH: 30201 is not a prefix of 30202 */
	item("P1", 3, "x", "30211", "S2", Y(400), Q(1));  /* EXPIRED_STANDARD */
	item("P1", 4, "x", "30201", "S1", Y(800), Q(1));  /* fine */
	run();
	assert_int_equal(finding("P1", 1, F_UNKNOWN_STANDARD)->effect_fen, Y(100));
	assert_int_equal(finding("P1", 2, F_STANDARD_MISMATCH)->effect_fen, Y(200));
	assert_int_equal(finding("P1", 3, F_EXPIRED_STANDARD)->effect_fen, Y(400));
	assert_int_equal(approved("P1", 4), Y(800));
	assert_int_equal(saved(CAUSE_NO_STANDARD), Y(700));
	done();
}

/* NO_STANDARD under each mode.  S1 covers 30201; S2 (30211) is expired so
 * it covers nothing.  Items: 30201, 30211, 30299, 31002, 30101, none named. */
static void no_standard_case(enum standards_mode mode, const int *want)
{
	common();
	M.set.standards_required = mode;
	std_("S1", "30201", Y(3000), -1);
	std_("S2", "30211", Y(500), -1)->valid_to = model_date("2025-12-31", 0);
	plain("P1", "A");
	static const char *const econ[] = { "30201", "30211", "30299", "31002", "30101" };
	for (int i = 0; i < 5; i++)
		item("P1", i + 1, "x", econ[i], NULL, Y(10), Q(1));
	run();
	for (int i = 0; i < 5; i++) {
		int has = finding("P1", i + 1, F_NO_STANDARD) != NULL;
		if (has != want[i])
			fail_msg("mode %d, %s: NO_STANDARD %d, wanted %d", mode, econ[i], has, want[i]);
		assert_int_equal(approved("P1", i + 1), want[i] ? 0 : Y(10));
	}
	done();
}

static void test_no_standard_modes(void **state)
{
	(void)state;
	/* covered: only 30201 has a valid standard */
	static const int covered[] = { 1, 0, 0, 0, 0 };
	/* all: every 302/310 item, and what is covered anyway */
	static const int all[] = { 1, 1, 1, 1, 0 };
	static const int off[] = { 0, 0, 0, 0, 0 };
	no_standard_case(STD_COVERED, covered);
	no_standard_case(STD_ALL, all);
	no_standard_case(STD_OFF, off);
}

/* --- steps 5-7 ------------------------------------------------------------ */

static struct pool *pool(const char *code, const char *prefixes)
{
	struct pool *p = model_add_pool(&M);
	p->code = model_str(&M, code);
	p->name = p->code;
	p->economic = model_str(&M, prefixes);
	return p;
}

static void price(const char *pool_code, const char *std, zb_fen v)
{
	struct price *p = model_add_price(&M);
	p->pool_code = model_str(&M, pool_code);
	p->standard_code = model_str(&M, std);
	p->price_fen = v;
}

static void test_over_standard(void **state)
{
	(void)state;
	common();
	std_("S02", "30201", Y(3000), -1);
	plain("P1", "A");
	/* 3,500 × 2 = 7,000 → 3,000 × 2 = 6,000: 1,000 to standard */
	item("P1", 1, "办公费", "30201", "S02", Y(3500), Q(2));
	/* at the ceiling: nothing */
	item("P1", 2, "办公费", "30201", "S02", Y(3000), Q(1));
	run();
	assert_int_equal(requested("P1", 1), Y(7000));
	assert_int_equal(approved("P1", 1), Y(6000));
	assert_int_equal(finding("P1", 1, F_OVER_STANDARD)->effect_fen, Y(1000));
	assert_null(finding("P1", 2, F_OVER_STANDARD));
	assert_int_equal(saved(CAUSE_STANDARD), Y(1000));
	struct buf msg = BUF_INIT;
	rules_message(&M, finding("P1", 1, F_OVER_STANDARD), &msg);
	assert_string_equal(buf_str(&msg), "单价 3,500.00 元超过支出标准 S02 S02 3,000.00 元，按标准核定");
	buf_release(&msg);
	done();
}

static void test_pooled(void **state)
{
	(void)state;
	common();
	std_("S1", "31002", Y(6000), -1);
	pool("PA", "31002");       /* the longest matching prefix */
	pool("PB", "310");
	price("PA", "S1", Y(4000));
	price("PB", "S1", Y(3000)); /* cheaper, but PA's prefix is longer */
	std_("S2", "30215", Y(600), -1);
	pool("PC", "30215");
	price("PC", "S2", Y(700)); /* not below the price: no effect */
	plain("P1", "A");
	/* 5,000 × 3 = 15,000 → 4,000 × 3 = 12,000: 3,000 to pool */
	item("P1", 1, "电脑", "31002", "S1", Y(5000), Q(3));
	item("P1", 2, "会议", "30215", "S2", Y(650), Q(1)); /* → 600 by the standard, 700 is no saving */
	run();
	assert_int_equal(approved("P1", 1), Y(12000));
	assert_int_equal(finding("P1", 1, F_POOLED)->effect_fen, Y(3000));
	assert_int_equal(finding("P1", 1, F_POOLED)->ref, model_find_pool(&M, "PA"));
	assert_null(finding("P1", 2, F_POOLED));
	assert_int_equal(approved("P1", 2), Y(600));
	assert_int_equal(saved(CAUSE_POOL), Y(3000));
	assert_int_equal(saved(CAUSE_STANDARD), Y(50));
	done();
}

/* rules-6.2 POOLED takes the pool with the longest matching prefix, even
 * when a pool earlier in code order matches with a shorter one; between
 * equally long prefixes the first pool in code order. */
static void test_pooled_longest_prefix(void **state)
{
	(void)state;
	common();
	std_("S1", "31002", Y(6000), -1);
	std_("S3", "31003", Y(6000), -1);
	std_("S4", "31099", Y(6000), -1);
	pool("PA", "310;302");   /* first in code order, prefix of 3 */
	pool("PB", "301;31002"); /* the longer prefix for 31002 */
	pool("PC", "31003");     /* PC and PD tie on 31003: PC */
	pool("PD", "31003");
	price("PA", "S1", Y(3000));
	price("PB", "S1", Y(4000));
	price("PC", "S3", Y(2000));
	price("PD", "S3", Y(1500));
	price("PA", "S4", Y(2500));
	plain("P1", "A");
	/* 5,000 × 3 → PB's 4,000 × 3 = 12,000 (not PA's 3,000): 3,000 to pool */
	item("P1", 1, "电脑", "31002", "S1", Y(5000), Q(3));
	/* 2,500 → PC's 2,000 (PD's 1,500 is not taken): 500 */
	item("P1", 2, "打印机", "31003", "S3", Y(2500), Q(1));
	/* 31099 falls only in PA: 3,000 → 2,500: 500 */
	item("P1", 3, "其他设备", "31099", "S4", Y(3000), Q(1));
	run();
	assert_int_equal(approved("P1", 1), Y(12000));
	assert_int_equal(finding("P1", 1, F_POOLED)->ref, model_find_pool(&M, "PB"));
	assert_int_equal(approved("P1", 2), Y(2000));
	assert_int_equal(finding("P1", 2, F_POOLED)->ref, model_find_pool(&M, "PC"));
	assert_int_equal(approved("P1", 3), Y(2500));
	assert_int_equal(finding("P1", 3, F_POOLED)->ref, model_find_pool(&M, "PA"));
	assert_int_equal(saved(CAUSE_POOL), Y(4000));
	done();
}

static void test_over_quota(void **state)
{
	(void)state;
	common();
	ag("B", 7);
	/* 1.5 per head × 7 staff = 10.5 (exactly, in 1/10000 units) */
	std_("S1", "30201", Y(1000), 15000);
	plain("P1", "B");
	/* 100 × 12 = 1,200 → 100 × 10.5 = 1,050: 150 to quota */
	item("P1", 1, "x", "30201", "S1", Y(100), Q(12));
	/* 10.5 exactly is within the quota */
	item("P1", 2, "y", "30201", "S1", Y(100), 105000);
	run();
	assert_int_equal(approved("P1", 1), Y(1050));
	assert_int_equal(finding("P1", 1, F_OVER_QUOTA)->b, 105000);
	assert_int_equal(saved(CAUSE_QUOTA), Y(150));
	assert_null(finding("P1", 2, F_OVER_QUOTA));
	done();
}

/* rules-11.2 QUOTA_SPLIT: an agency's items citing one standard with a
 * quota per head, together over the cap, though each alone is within it.
 * Quota 1 per head: C (10 staff) asks 6 + 5 = 11 > 10 in two projects;
 * D (10) asks 6 + 4 = 10, exactly the cap; E (10) asks 11 + 1, and the 11
 * alone is over (OVER_QUOTA, not a split). */
static void test_quota_split(void **state)
{
	(void)state;
	common();
	ag("C", 10);
	ag("D", 10);
	ag("E", 10);
	std_("S1", "30201", Y(100), Q(1));
	plain("C1", "C");
	item("C1", 1, "办公用品甲", "30201", "S1", Y(100), Q(6));
	plain("C2", "C");
	item("C2", 1, "办公用品乙", "30201", "S1", Y(100), Q(5));
	plain("D1", "D");
	item("D1", 1, "办公用品甲", "30201", "S1", Y(100), Q(6));
	item("D1", 2, "办公用品乙", "30201", "S1", Y(100), Q(4));
	plain("E1", "E");
	item("E1", 1, "办公用品甲", "30201", "S1", Y(100), Q(11));
	item("E1", 2, "办公用品乙", "30201", "S1", Y(100), Q(1));
	run();
	const struct finding *f = finding("C1", 1, F_QUOTA_SPLIT);
	assert_non_null(f);
	assert_int_equal(f->a, Q(11));
	assert_int_equal(f->b, Q(10));
	assert_non_null(finding("C2", 1, F_QUOTA_SPLIT));
	assert_int_equal(approved("C1", 1) + approved("C2", 1), Y(1100)); /* a warning: nothing changes */
	assert_null(finding("D1", 1, F_QUOTA_SPLIT));
	assert_null(finding("D1", 2, F_QUOTA_SPLIT));
	assert_non_null(finding("E1", 1, F_OVER_QUOTA));
	assert_null(finding("E1", 2, F_QUOTA_SPLIT));
	assert_int_equal(count(F_QUOTA_SPLIT), 2);
	assert_string_equal(message(f), "本单位引用支出标准 S1 S1 的明细数量合计 11，超过定额（人均 1 × 实有人数 10 = 10），"
					"虽然每条明细单独未超：请合并申报或说明");
	done();
}

/* rules-11.3 OVER_ESTABLISHMENT: an agency's headcount above its
 * establishment, told once, on its generated personnel project (else its
 * first project); at the establishment exactly, nothing. */
static void test_over_establishment(void **state)
{
	(void)state;
	common();
	ag("F", 10)->establishment = 8;
	ag("G", 10)->establishment = 10;
	ag("H", 12)->establishment = 11;
	plain("F0", "F");
	struct project *ry = proj("F-RY", "F", KIND_PERSONNEL, TIER_WAGES, 0, NULL);
	ry->is_basic = 1;
	plain("G0", "G");
	plain("H1", "H");
	plain("H2", "H");
	run();
	const struct finding *f = finding("F-RY", 0, F_OVER_ESTABLISHMENT);
	assert_non_null(f);
	assert_int_equal(f->a, 10);
	assert_int_equal(f->b, 8);
	assert_null(finding("F0", 0, F_OVER_ESTABLISHMENT));
	assert_null(finding("G0", 0, F_OVER_ESTABLISHMENT));
	assert_non_null(finding("H1", 0, F_OVER_ESTABLISHMENT));
	assert_null(finding("H2", 0, F_OVER_ESTABLISHMENT));
	assert_int_equal(count(F_OVER_ESTABLISHMENT), 2);
	assert_string_equal(message(f), "单位 F F 实有人数 10 超过编制数 8：定员定额按编制数 8 计算");
	done();
}

/* rules-11.4 performance targets as the platforms check them */
static void test_targets(void **state)
{
	(void)state;
	common();
	/* T1: output and benefit only; weights 60 + 39.99 = 99.99 */
	proj("T1", "A", KIND_SPECIFIC, TIER_GENERAL, 0, "B0");
	target("T1", "完成数", TARGET_OUTPUT, OP_GE, "1,000", 6000);
	target("T1", "受益率", TARGET_BENEFIT, OP_GE, "95%", 3999);
	/* T2: all three, weights 50 + 50 + (none) = 100; a numeric operator with
	 * a value that is not a number */
	proj("T2", "A", KIND_SPECIFIC, TIER_GENERAL, 0, "B0");
	target("T2", "完成数", TARGET_OUTPUT, OP_EQ, "-2.5", 5000);
	target("T2", "效益", TARGET_BENEFIT, OP_GE, "显著提高", 5000);
	target("T2", "满意度", TARGET_SATISFACTION, OP_QUALITATIVE, "满意", -1);
	/* T3: an operation project is not asked for the three classes */
	proj("T3", "A", KIND_OPERATION, TIER_OPERATIONS, 0, NULL);
	target("T3", "保障率", TARGET_OUTPUT, OP_GE, "100", -1);
	run();
	const struct finding *f = finding("T1", 0, F_TARGET_INCOMPLETE);
	assert_non_null(f);
	assert_string_equal(message(f), "绩效目标缺少一级指标：满意度（应包括产出、效益、满意度三类指标）");
	f = finding("T1", 0, F_TARGET_WEIGHTS);
	assert_int_equal(f->a, 9999);
	assert_string_equal(message(f), "绩效目标权重合计 99.99，应为 100");
	assert_null(finding("T1", 0, F_TARGET_NOT_MEASURABLE));
	assert_null(finding("T2", 0, F_TARGET_INCOMPLETE));
	assert_null(finding("T2", 0, F_TARGET_WEIGHTS));
	f = finding("T2", 0, F_TARGET_NOT_MEASURABLE);
	assert_non_null(f);
	assert_string_equal(message(f), "绩效目标“效益”的符号为 >=，指标值“显著提高”却不是数字，无法衡量");
	assert_int_equal(count(F_TARGET_NOT_MEASURABLE), 1);
	assert_null(finding("T3", 0, F_TARGET_INCOMPLETE));
	assert_int_equal(count(F_TARGET_INCOMPLETE), 1);
	done();
}

/* rules-11.5 selfevals: POOR_SELFEVAL for a continuing project whose latest
 * self-evaluation is graded poor (below 60 when no grade is given); the
 * latest year's score ranks the project (SPEC §6.2), a self-evaluation
 * before a history score of the same year. */
static void test_selfevals(void **state)
{
	(void)state;
	common();
	plain("S1", "A"); /* 2024 poor, 2025 fair (exactly 60): the latest is fair */
	selfeval("S1", 2024, 4000, -1);
	selfeval("S1", 2025, 6000, -1);
	plain("S2", "A"); /* 2025 59.99: poor */
	selfeval("S2", 2025, 5999, -1);
	hist("S2", "A", 2025, Y(10), Y(10))->score = 9000;
	struct project *n = plain("S3", "A"); /* new: not continuing */
	n->is_new = 1;
	selfeval("S3", 2025, 1000, -1);
	plain("S4", "A"); /* graded poor as given, score 85 */
	selfeval("S4", 2025, 8500, GRADE_POOR);
	plain("S5", "A"); /* its latest self-evaluation (2024) is poor; history 2025 ranks it */
	selfeval("S5", 2024, 5000, -1);
	hist("S5", "A", 2025, Y(10), Y(10))->score = 7000;
	selfeval("GONE", 2025, 3000, -1); /* a retired project */
	run();
	assert_null(finding("S1", 0, F_POOR_SELFEVAL));
	assert_non_null(finding("S2", 0, F_POOR_SELFEVAL));
	assert_null(finding("S3", 0, F_POOR_SELFEVAL));
	assert_non_null(finding("S4", 0, F_POOR_SELFEVAL));
	assert_non_null(finding("S5", 0, F_POOR_SELFEVAL));
	assert_int_equal(count(F_POOR_SELFEVAL), 3);
	assert_string_equal(message(finding("S2", 0, F_POOR_SELFEVAL)),
			    "2025 年绩效自评得分 59.99，等级为差：延续安排须说明整改情况");
	assert_int_equal(model_project_score(&M, model_find_project(&M, "S1")), 6000);
	assert_int_equal(model_project_score(&M, model_find_project(&M, "S2")), 5999);
	assert_int_equal(model_project_score(&M, model_find_project(&M, "S5")), 7000);
	assert_int_equal(model_grade_of(9000), GRADE_EXCELLENT);
	assert_int_equal(model_grade_of(8999), GRADE_GOOD);
	assert_int_equal(model_grade_of(8000), GRADE_GOOD);
	assert_int_equal(model_grade_of(7999), GRADE_FAIR);
	done();
}

static void test_standard_pool_quota_combined(void **state)
{
	(void)state;
	common(); /* agency A has 10 staff */
	std_("S01", "31002", Y(6000), Q(1));
	pool("POOL1", "31002;3020");
	price("POOL1", "S01", Y(5000));
	plain("P1", "A");
	/* R = 6,500 × 12 = 78,000
	 * 5. price 6,500 > 6,000: 6,000 × 12 = 72,000 (standard 6,000)
	 * 6. pooled 5,000 < 6,000: 5,000 × 12 = 60,000 (pool 12,000)
	 * 7. quota 1 × 10 = 10 < 12: 5,000 × 10 = 50,000 (quota 10,000) */
	item("P1", 1, "台式计算机", "31002", "S01", Y(6500), Q(12));
	run();
	assert_int_equal(requested("P1", 1), Y(78000));
	assert_int_equal(approved("P1", 1), Y(50000));
	assert_int_equal(saved(CAUSE_STANDARD), Y(6000));
	assert_int_equal(saved(CAUSE_POOL), Y(12000));
	assert_int_equal(saved(CAUSE_QUOTA), Y(10000));
	assert_int_equal(finding("P1", 1, F_POOLED)->before_fen, Y(72000));
	assert_int_equal(finding("P1", 1, F_OVER_QUOTA)->before_fen, Y(60000));
	done();
}

/* --- step 8: item reviews ----------------------------------------------- */

static void test_item_reviews(void **state)
{
	(void)state;
	common();
	std_("S1", "30201", Y(3000), -1);
	plain("P1", "A");
	/* 1: round 1 sets price 900, round 2 quantity 5; round 2 is in force:
	 *    1,000 × 10 = 10,000 → 1,000 × 5 = 5,000 (review 5,000) */
	item("P1", 1, "a", "30299", NULL, Y(1000), Q(10));
	review("P1", 1, 1, REVIEW_ADJUST, Y(900), -1);
	review("P1", 1, 2, REVIEW_ADJUST, -1, Q(5));
	/* 2: a review that would raise 10,000 to 20,000 is capped: 0 booked */
	item("P1", 2, "b", "30299", NULL, Y(1000), Q(10));
	review("P1", 2, 1, REVIEW_ADJUST, Y(2000), -1);
	/* 3: capped at step 7's amount, not the request: 3,500 × 2 = 7,000 →
	 *    standard 6,000 → review quantity 3 gives 9,000 > 6,000: stays 6,000 */
	item("P1", 3, "c", "30201", "S1", Y(3500), Q(2));
	review("P1", 3, 1, REVIEW_ADJUST, -1, Q(3));
	/* 4: cut after the standard: books the 6,000 as it stood to review */
	item("P1", 4, "d", "30201", "S1", Y(3500), Q(2));
	review("P1", 4, 1, REVIEW_CUT, -1, -1);
	/* 5: approve changes nothing */
	item("P1", 5, "e", "30299", NULL, Y(10), Q(1));
	review("P1", 5, 1, REVIEW_APPROVE, -1, -1);
	run();
	assert_int_equal(approved("P1", 1), Y(5000));
	assert_int_equal(finding("P1", 1, F_REVIEW_ADJUSTED)->ref, 1); /* the round-2 row */
	assert_int_equal(approved("P1", 2), Y(10000));
	assert_int_equal(finding("P1", 2, F_REVIEW_ADJUSTED)->effect_fen, 0);
	assert_int_equal(finding("P1", 2, F_REVIEW_ADJUSTED)->c, 1);
	assert_int_equal(approved("P1", 3), Y(6000));
	assert_int_equal(finding("P1", 3, F_REVIEW_ADJUSTED)->effect_fen, 0);
	assert_int_equal(approved("P1", 4), 0);
	assert_int_equal(finding("P1", 4, F_REVIEW_CUT)->effect_fen, Y(6000));
	assert_int_equal(finding("P1", 4, F_REVIEW_CUT)->severity, SEV_ERROR);
	assert_int_equal(approved("P1", 5), Y(10));
	assert_int_equal(saved(CAUSE_REVIEW), Y(5000 + 6000));
	assert_int_equal(saved(CAUSE_STANDARD), Y(1000 + 1000));
	done();
}

/* --- step 10: scaling ----------------------------------------------------- */

static void test_eval_partial(void **state)
{
	(void)state;
	common();
	plain("P1", "A");
	eval("P1", CONCL_PARTIAL, 333333);
	/* floor(10,000 × 0.333333) = floor(3,333.33) = 3,333 fen
	 * floor(20,001 × 0.333333) = floor(6,666.993333) = 6,666 fen */
	item("P1", 1, "a", "30299", NULL, 10000, QTY_ONE);
	item("P1", 2, "b", "30299", NULL, 20001, QTY_ONE);
	run();
	assert_int_equal(approved("P1", 1), 3333);
	assert_int_equal(approved("P1", 2), 6666);
	assert_int_equal(finding("P1", 0, F_EVAL_PARTIAL)->effect_fen, 6667 + 13335);
	assert_int_equal(saved(CAUSE_EVALUATION), 20002);
	done();
}

static void test_low_execution(void **state)
{
	(void)state;
	common();
	/* P1: 0.7 and 0.9 average to exactly 0.8, which is not below 0.8 */
	plain("P1", "A");
	item("P1", 1, "a", "30299", NULL, Y(1000), Q(1));
	hist("P1", "A", 2025, Y(1000), Y(700));
	hist("P1", "A", 2024, Y(3000), Y(2700));
	/* P2: 2/3 and 5/7 average to 29/42 = 0.690476…:
	 * floor(10,000 × 29 / 42) = floor(6,904.76) = 6,904 fen */
	plain("P2", "A");
	item("P2", 1, "b", "30299", NULL, 10000, QTY_ONE);
	hist("P2", "A", 2025, Y(300), Y(200));
	hist("P2", "A", 2024, Y(700), Y(500));
	/* P3: the 2025 row has a zero budget and is ignored; 2024 alone is 0.5 */
	plain("P3", "A");
	item("P3", 1, "c", "30299", NULL, 999, QTY_ONE);
	hist("P3", "A", 2025, 0, 0);
	hist("P3", "A", 2024, Y(100), Y(50));
	/* P4: new projects are not looked back at */
	proj("P4", "A", KIND_SPECIFIC, TIER_GENERAL, 1, "B0");
	item("P4", 1, "d", "30299", NULL, Y(1000), Q(1));
	hist("P4", "A", 2025, Y(100), Y(10));
	/* P5: history from three years back does not count */
	plain("P5", "A");
	item("P5", 1, "e", "30299", NULL, Y(1000), Q(1));
	hist("P5", "A", 2023, Y(100), Y(10));
	run();
	assert_null(finding("P1", 0, F_LOW_EXECUTION));
	assert_int_equal(approved("P1", 1), Y(1000));
	assert_int_equal(approved("P2", 1), 6904);
	assert_int_equal(finding("P2", 0, F_LOW_EXECUTION)->a, 690476);
	assert_int_equal(finding("P2", 0, F_LOW_EXECUTION)->b, 2);
	assert_int_equal(approved("P3", 1), 499); /* floor(999 × 0.5) */
	assert_int_equal(finding("P3", 0, F_LOW_EXECUTION)->b, 1);
	assert_int_equal(approved("P4", 1), Y(1000));
	assert_int_equal(approved("P5", 1), Y(1000));
	assert_int_equal(saved(CAUSE_LOW_EXECUTION), 3096 + 500);
	done();
}

static void test_partial_then_low_execution(void **state)
{
	(void)state;
	common();
	/* a continuing project with a partial evaluation and a 0.6 look-back:
	 * 33,333 fen → ×0.5 = floor(16,666.5) = 16,666 (evaluation 16,667)
	 *            → ×0.6 = floor(9,999.6) = 9,999 (low_execution 6,667) */
	plain("P1", "A");
	eval("P1", CONCL_PARTIAL, 500000);
	item("P1", 1, "a", "30299", NULL, 33333, QTY_ONE);
	hist("P1", "A", 2025, Y(1000), Y(600));
	run();
	assert_int_equal(approved("P1", 1), 9999);
	assert_int_equal(saved(CAUSE_EVALUATION), 16667);
	assert_int_equal(saved(CAUSE_LOW_EXECUTION), 6667);
	assert_int_equal(finding("P1", 0, F_LOW_EXECUTION)->before_fen, 16666);
	done();
}

/* --- step 11: warnings ----------------------------------------------------- */

static void test_warnings(void **state)
{
	(void)state;
	common();
	ag("B", 1);
	/* DUPLICATE: same agency, economic code, standard and content, different projects */
	plain("P1", "A");
	item("P1", 1, "打印纸", "30201", NULL, Y(10), Q(1));
	item("P1", 2, "打印纸", "30201", NULL, Y(10), Q(1)); /* same project: not a duplicate */
	plain("P2", "A");
	item("P2", 1, "打印纸", "30201", NULL, Y(10), Q(1)); /* duplicates P1/1 */
	item("P2", 2, "打印纸", "30202", NULL, Y(10), Q(1)); /* other economic code */
	plain("P3", "B");
	item("P3", 1, "打印纸", "30201", NULL, Y(10), Q(1)); /* other agency */
	/* NOT_ON_LIST: a major project whose priority is not on the list */
	struct project *p = proj("P4", "A", KIND_SPECIFIC, TIER_MAJOR, 0, "B0");
	p->priority_code = model_str(&M, "PR9");
	item("P4", 1, "x", "30299", NULL, Y(10), Q(1));
	/* CARRYOVER from 2025; NO_TARGETS (P4 has no targets) */
	plain("P5", "A");
	item("P5", 1, "y", "30299", NULL, Y(10), Q(1));
	hist("P5", "A", 2025, Y(100), Y(90))->carryover_fen = Y(7);
	run();
	assert_non_null(finding("P2", 1, F_DUPLICATE));
	assert_int_equal(finding("P2", 1, F_DUPLICATE)->ref, item_idx("P1", 1));
	assert_null(finding("P1", 2, F_DUPLICATE));
	assert_null(finding("P2", 2, F_DUPLICATE));
	assert_null(finding("P3", 1, F_DUPLICATE));
	assert_int_equal(count(F_DUPLICATE), 1);
	assert_non_null(finding("P4", 0, F_NOT_ON_LIST));
	assert_int_equal(R.tier[model_find_project(&M, "P4")], TIER_GENERAL);
	assert_non_null(finding("P4", 0, F_NO_TARGETS));
	assert_int_equal(count(F_NO_TARGETS), 1);
	assert_int_equal(finding("P5", 0, F_CARRYOVER)->a, Y(7));
	assert_int_equal(R.totals.approved_fen, R.totals.requested_fen);
	assert_int_equal(R.totals.n_severity[SEV_ERROR], 0);
	done();
}

static void test_item_errors_all_reported(void **state)
{
	(void)state;
	common();
	neg("N1", "30217", NULL, NEG_ALL);
	std_("S1", "30201", Y(10), -1);
	plain("P1", "A");
	/* negative list and a mismatched standard: both reported, the negative
	 * list (step 3) books the 100 yuan; no adjustment follows */
	item("P1", 1, "接待", "30217", "S1", Y(100), Q(1));
	run();
	assert_int_equal(finding("P1", 1, F_NEGATIVE_LIST)->effect_fen, Y(100));
	assert_int_equal(finding("P1", 1, F_STANDARD_MISMATCH)->effect_fen, 0);
	assert_null(finding("P1", 1, F_OVER_STANDARD));
	assert_int_equal(saved(CAUSE_NEGATIVE), Y(100));
	assert_int_equal(saved(CAUSE_NO_STANDARD), 0);
	done();
}

/* --- property test: random books ----------------------------------------- */

static uint64_t rng_state;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}
static int64_t rnd_in(int64_t lo, int64_t hi) /* inclusive */
{
	return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
}

static void random_book(void)
{
	static const char *const econ[] = { "30201", "30202", "30211", "30217", "30299", "31002", "30101" };
	static const char *const words[] = { "纸", "电脑", "接待", "庆典", "会议" };
	char code[32], code2[32];
	begin();
	M.set.standards_required = (enum standards_mode)rnd_in(0, 2);
	M.set.eval_threshold_fen = rnd_in(0, Y(5000));
	M.set.rereview_threshold_fen = rnd_in(0, Y(5000));
	M.set.low_execution = rnd_in(0, RATIO_ONE);
	int n_ag = (int)rnd_in(1, 3);
	for (int i = 0; i < n_ag; i++) {
		snprintf(code, sizeof code, "A%d", i);
		ag(code, rnd_in(0, 20));
	}
	basis("B0", "2020-01-01", NULL);
	basis("B1", "2020-01-01", "2025-12-31");
	int n_std = (int)rnd_in(0, 4);
	for (int i = 0; i < n_std; i++) {
		snprintf(code, sizeof code, "S%d", i);
		struct standard *s = std_(code, econ[rnd_in(0, 6)], rnd_in(0, Y(2000)), rnd() % 2 ? rnd_in(0, Q(5)) : -1);
		if (rnd() % 4 == 0)
			s->valid_to = model_date("2025-12-31", 0);
	}
	if (n_std && rnd() % 2) {
		pool("PA", rnd() % 2 ? "302" : "31002;30201");
		price("PA", "S0", rnd_in(0, Y(2000)));
	}
	if (rnd() % 2)
		neg("N1", rnd() % 2 ? econ[rnd_in(0, 6)] : NULL, words[rnd_in(0, 4)], rnd() % 2 ? NEG_ALL : NEG_MAJOR);
	int n_pr = (int)rnd_in(1, 6);
	for (int i = 0; i < n_pr; i++) {
		snprintf(code, sizeof code, "P%d", i);
		snprintf(code2, sizeof code2, "A%d", (int)rnd_in(0, n_ag - 1));
		static const char *const bases[] = { NULL, "B0", "B1", "B0;BX", "B1;B0" };
		struct project *p = proj(code, code2, (enum project_kind)rnd_in(0, 2), (enum tier)rnd_in(0, 4),
					 (int)rnd_in(0, 1), bases[rnd_in(0, 4)]);
		if (p->tier == TIER_MAJOR)
			p->priority_code = model_str(&M, "PR1");
		int n_it = (int)rnd_in(0, 6);
		for (int s = 1; s <= n_it; s++) {
			char sc[8];
			snprintf(sc, sizeof sc, "S%d", (int)rnd_in(0, 5));
			item(code, s, words[rnd_in(0, 4)], econ[rnd_in(0, 6)], rnd() % 3 ? sc : NULL, rnd_in(0, Y(3000)) + rnd_in(0, 99),
			     rnd_in(0, Q(20)) + rnd_in(0, 9999));
			if (rnd() % 4 == 0)
				review(code, s, (int)rnd_in(1, 2), (enum review_action)rnd_in(0, 2),
				       rnd() % 2 ? rnd_in(0, Y(4000)) : -1, rnd() % 2 ? rnd_in(0, Q(30)) : -1);
		}
		if (rnd() % 5 == 0)
			review(code, 0, 1, rnd() % 2 ? REVIEW_APPROVE : REVIEW_CUT, -1, -1);
		if (rnd() % 3 == 0) {
			enum conclusion c = (enum conclusion)rnd_in(0, 2);
			eval(code, c, c == CONCL_PARTIAL ? rnd_in(0, RATIO_ONE) : -1);
		}
		for (int y = 2024; y <= 2025; y++)
			if (rnd() % 2) {
				zb_fen b = rnd_in(0, Y(6000));
				hist(code, code2, y, b, rnd_in(0, b + Y(100)))->carryover_fen = rnd() % 3 ? 0 : Y(5);
			}
	}
}

static void test_property_random_books(void **state)
{
	(void)state;
	rng_state = 0x2026c0ffee;
	for (int n = 0; n < 600; n++) {
		random_book();
		run(); /* check_invariants: 0 <= A <= R, causes partition R - A, traces add up */
		/* the two-thread path gives the very same result */
		struct rules_result r2;
		struct buf err = BUF_INIT;
		size_t saved_min = rules_thread_min_items;
		rules_thread_min_items = 0;
		assert_int_equal(rules_run(&M, &r2, &err), 0);
		rules_thread_min_items = saved_min;
		assert_int_equal(r2.n_findings, R.n_findings);
		assert_memory_equal(r2.approved_fen, R.approved_fen, (M.n_items + 1) * sizeof(zb_fen) - sizeof(zb_fen));
		for (size_t f = 0; f < R.n_findings; f++)
			assert_memory_equal(&r2.findings[f], &R.findings[f], sizeof(struct finding));
		assert_memory_equal(r2.project_findings, R.project_findings, (M.n_projects + 1) * sizeof(int32_t));
		assert_memory_equal(&r2.totals, &R.totals, sizeof R.totals);
		rules_result_release(&r2);
		buf_release(&err);
		done();
	}
}

/* --- through a real book: import_mem, then store_model_load ------------------------ */

static void import_csv(struct book *b, const char *kind, const char *csv)
{
	struct import_result res;
	struct buf err = BUF_INIT;
	int rc = import_mem(b, "test", kind_find(kind), kind, csv, strlen(csv), NULL, &res, &err);
	if (rc != IMPORT_OK)
		fail_msg("import %s: %s %s", kind, buf_str(&err), res.n_shown ? res.errors[0] : "");
	import_result_release(&res);
	buf_release(&err);
}

static void test_loaded_book(void **state)
{
	(void)state;
	char path[] = "/tmp/zbb-test-rules-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	struct book *b;
	struct buf err = BUF_INIT;
	assert_int_equal(store_open(path, STORE_CREATE, &b, &err), 0);
	assert_int_equal(store_init_year(b, "test", 2026, &err), 0);
	import_csv(b, "agencies", "code,name,headcount\nA01,教育局,10\n");
	import_csv(b, "bases", "code,title,valid_from\nB1,方案,2020-01-01\n");
	import_csv(b, "standards", "code,name,economic,unit,max_price,quota_per_head\nS01,计算机,31002,台,6000,1\n"
				   "S02,办公费,30201,人,3000,\n");
	import_csv(b, "pools", "code,name,economic\nPOOL1,信息化,31002\n");
	import_csv(b, "prices", "pool,standard,price\nPOOL1,S01,5000\n");
	import_csv(b, "projects", "code,agency,name,kind,tier,function,basis\n"
				  "P001,A01,智慧校园,specific,general,2050201,B1\n"
				  "P002,A01,维修,specific,general,2050201,B9\n");
	import_csv(b, "items", "project,seq,content,economic,standard,unit,price,quantity\n"
			       "P001,1,台式计算机,31002,S01,台,6500,12\n"
			       "P001,2,办公费,30201,S02,人,3500,2\n"
			       "P002,1,维修,30213,,项,20000,1\n");
	import_csv(b, "history", "year,agency,project,budget,executed\n2025,A01,P001,100000,70000\n"
				 "2024,A01,P001,100000,90000\n");
	import_csv(b, "targets", "project,level1,level2,name,operator,value\nP001,output,数量,学校,>=,20\n");
	const char *key[] = { "low_execution" }, *value[] = { "0.8" };
	assert_int_equal(store_settings_put(b, "test", 1, key, value, &err), 0);
	/* read the items on two threads, as a big book would */
	size_t saved_min = store_thread_min_projects;
	store_thread_min_projects = 1;
	assert_int_equal(store_model_load(b, 2026, &M, &err), 0);
	store_thread_min_projects = saved_min;
	assert_int_equal(M.n_items, 3);
	assert_string_equal(M.items[2].project_code, "P002");
	assert_int_equal(M.items[2].project, 1);
	assert_int_equal(M.set.low_execution, 800000);
	assert_int_equal(M.set.eval_threshold_fen, Y(5000000));
	assert_int_equal(M.projects[0].hist_prev, 1); /* history sorted by (project, year) */
	assert_int_equal(M.projects[0].hist_prev2, 0);
	assert_int_equal(rules_run(&M, &R, &err), 0);
	check_invariants(&M, &R);
	/* P001/1: 78,000 → 72,000 → 60,000 → 50,000; P001/2: 7,000 → 6,000;
	 * P002: NO_BASIS (B9) 20,000; the look-back averages to exactly 0.8 */
	assert_int_equal(approved("P001", 1), Y(50000));
	assert_int_equal(approved("P001", 2), Y(6000));
	assert_int_equal(approved("P002", 1), 0);
	assert_int_equal(R.totals.requested_fen, Y(105000));
	assert_int_equal(R.totals.approved_fen, Y(56000));
	assert_int_equal(saved(CAUSE_STANDARD), Y(7000));
	assert_int_equal(saved(CAUSE_POOL), Y(12000));
	assert_int_equal(saved(CAUSE_QUOTA), Y(10000));
	assert_int_equal(saved(CAUSE_NO_BASIS), Y(20000));
	assert_int_equal(count(F_LOW_EXECUTION), 0);
	done();
	store_close(b);
	unlink(path);
	buf_release(&err);
	char aux[64];
	snprintf(aux, sizeof aux, "%s-wal", path);
	unlink(aux);
	snprintf(aux, sizeof aux, "%s-shm", path);
	unlink(aux);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(rules_code_name(F_OVER_STANDARD), "OVER_STANDARD");
	assert_int_equal(rules_code_parse("LOW_EXECUTION"), F_LOW_EXECUTION);
	assert_int_equal(rules_code_cause(F_NEEDS_REVIEW), CAUSE_REVIEW);
	assert_int_equal(rules_code_cause(F_EXPIRED_BASIS), CAUSE_NO_BASIS);
	assert_int_equal(rules_code_severity(F_NEGATIVE_MAJOR), SEV_WARN);
	assert_string_equal(rules_cause_name(CAUSE_LOW_EXECUTION), "low_execution");
	for (int c = 0; c < F__N; c++)
		assert_non_null(rules_code_name(c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_no_basis),
		cmocka_unit_test(test_expired_basis),
		cmocka_unit_test(test_needs_evaluation),
		cmocka_unit_test(test_eval_rejected_and_review_cut),
		cmocka_unit_test(test_needs_review),
		cmocka_unit_test(test_gates_all_reported_first_books),
		cmocka_unit_test(test_negative_list),
		cmocka_unit_test(test_negative_major),
		cmocka_unit_test(test_standard_errors),
		cmocka_unit_test(test_no_standard_modes),
		cmocka_unit_test(test_over_standard),
		cmocka_unit_test(test_pooled),
		cmocka_unit_test(test_over_quota),
		cmocka_unit_test(test_standard_pool_quota_combined),
		cmocka_unit_test(test_item_reviews),
		cmocka_unit_test(test_eval_partial),
		cmocka_unit_test(test_low_execution),
		cmocka_unit_test(test_partial_then_low_execution),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_pooled_longest_prefix),
		cmocka_unit_test(test_negative_except),
		cmocka_unit_test(test_quota_split),
		cmocka_unit_test(test_over_establishment),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_selfevals),
		cmocka_unit_test(test_item_errors_all_reported),
		cmocka_unit_test(test_property_random_books),
		cmocka_unit_test(test_loaded_book),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
