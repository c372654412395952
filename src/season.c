/*
 * season.c - the budget season's state machine and its transitions (see
 * season.h).  Judging is season_decide over the one table; season_act
 * and season_issue do the checks of SPEC §11 (opinion, items, control
 * number) and write the change through store_write.  No SQL here: the
 * rows are store_season.c's.
 */
#include "season.h"
#include "clock.h"
#include "money.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>

const struct season_rule season_rules[] = {
	{ SEASON_DRAFT, SEASON_SUBMIT, ROLE_AGENCY, SEASON_ANY_ROUND, SEASON_SUBMITTED, 0 },
	{ SEASON_RETURNED, SEASON_SUBMIT, ROLE_AGENCY, SEASON_ANY_ROUND, SEASON_SUBMITTED, 0 },
	{ SEASON_SUBMITTED, SEASON_RETURN, ROLE_REVIEWER | ROLE_BUDGET, SEASON_ANY_ROUND, SEASON_RETURNED, 0 },
	{ SEASON_SUBMITTED, SEASON_ACCEPT, ROLE_BUDGET, SEASON_ANY_ROUND, SEASON_ACCEPTED, 0 },
	{ SEASON_ACCEPTED, SEASON_ISSUE, ROLE_BUDGET, SEASON_NOT_LAST, SEASON_DRAFT, 1 },
	{ SEASON_ACCEPTED, SEASON_APPROVE, ROLE_BUDGET, SEASON_LAST, SEASON_APPROVED, 0 },
};
const size_t season_rules_n = sizeof(season_rules) / sizeof(season_rules[0]);

static const char *const state_names[] = { "draft", "submitted", "returned", "accepted", "approved" };
static const char *const state_zh[] = { "编制中", "已送审", "已退回", "已审核", "已批复" };
static const char *const state_en[] = { "draft", "submitted", "returned", "accepted", "approved" };
static const char *const action_names[] = { "submit", "return", "accept", "issue", "approve" };
static const char *const action_zh[] = { "送审", "退回", "审核通过", "下达控制数", "批复" };
static const char *const action_en[] = { "submit", "return", "accept", "issue control numbers", "approve" };

const char *season_state_name(enum season_state s)
{
	return state_names[s];
}

const char *season_state_zh(enum season_state s)
{
	return state_zh[s];
}

const char *season_state_word(enum season_state s)
{
	return L(state_zh[s], state_en[s]);
}

const char *season_action_name(enum season_action a)
{
	return action_names[a];
}

const char *season_action_word(enum season_action a)
{
	return L(action_zh[a], action_en[a]);
}

int season_state_parse(const char *s, enum season_state *out)
{
	for (int i = 0; i < SEASON_N_STATES; i++)
		if (s && !strcmp(s, state_names[i])) {
			*out = (enum season_state)i;
			return 0;
		}
	return -1;
}

int season_action_parse(const char *s, enum season_action *out)
{
	for (int i = 0; i < SEASON_N_ACTIONS; i++)
		if (s && !strcmp(s, action_names[i])) {
			*out = (enum season_action)i;
			return 0;
		}
	return -1;
}

int season_rounds_of(const char *setting)
{
	return setting && !strcmp(setting, "3") ? 3 : 2;
}

static int when_holds(enum season_when w, int round, int rounds)
{
	return w == SEASON_ANY_ROUND || (w == SEASON_NOT_LAST && round < rounds) || (w == SEASON_LAST && round >= rounds);
}

int season_decide(enum season_state from, int round, int rounds, enum season_action a, unsigned roles,
		  const struct season_rule **rule)
{
	unsigned may = 0;
	*rule = NULL;
	for (size_t i = 0; i < season_rules_n; i++)
		if (season_rules[i].action == a)
			may |= season_rules[i].roles;
	if (!(may & roles))
		return SEASON_WRONG_ROLE;
	for (size_t i = 0; i < season_rules_n; i++) {
		const struct season_rule *r = &season_rules[i];
		if (r->from == from && r->action == a && when_holds(r->when, round, rounds)) {
			if (!(r->roles & roles))
				return SEASON_WRONG_ROLE;
			*rule = r;
			return SEASON_OK;
		}
	}
	return SEASON_WRONG_STATE;
}

static const char *role_words(unsigned roles)
{
	if ((roles & (ROLE_REVIEWER | ROLE_BUDGET)) == (ROLE_REVIEWER | ROLE_BUDGET))
		return L("评审或预算科", "a reviewer or the budget office");
	if (roles & ROLE_BUDGET)
		return L("预算科", "the budget office");
	if (roles & ROLE_REVIEWER)
		return L("评审", "a reviewer");
	return L("预算单位", "the agency");
}

/* "市教育局（A1）处于 已送审（第 1 轮），不能送审；此时可以：退回、审核通过" */
static void say_state(struct buf *msg, const char *code, const char *name, enum season_state st, int round,
		      int rounds, enum season_action a)
{
	buf_printf(msg, L("%s（%s）处于 %s（第 %d 轮，共 %d 轮），不能%s", "%s (%s) is %s (round %d of %d): cannot %s"),
		   name, code, season_state_word(st), round, rounds, season_action_word(a));
	int n = 0;
	for (size_t i = 0; i < season_rules_n; i++) {
		const struct season_rule *r = &season_rules[i];
		if (r->from == st && when_holds(r->when, round, rounds))
			buf_printf(msg, "%s%s%s", n++ ? L("、", ", ") : L("；此时可以：", "; it may now: "),
				   season_action_word(r->action), "");
	}
	if (!n)
		buf_adds(msg, L("；本年度的预算已批复", "; the year's budget is approved"));
}

static void say_role(struct buf *msg, enum season_state st, enum season_action a)
{
	unsigned may = 0;
	for (size_t i = 0; i < season_rules_n; i++)
		if (season_rules[i].action == a && (season_rules[i].from == st))
			may |= season_rules[i].roles;
	if (!may)
		for (size_t i = 0; i < season_rules_n; i++)
			if (season_rules[i].action == a)
				may |= season_rules[i].roles;
	buf_printf(msg, L("无权%s：只有%s可以%s", "may not %s: only %s may %s"), season_action_word(a), role_words(may),
		   season_action_word(a));
}

/* --- reading the season -------------------------------------------------- */

struct totals {
	json_t *requested;  /* agency → requested_fen (null on overflow) */
	json_t *empty;      /* agency → [projects without items] */
	json_t *n_projects; /* agency → count */
};

static int add_project(const struct store_project_row *p, void *arg)
{
	struct totals *t = arg;
	json_t *have = json_object_get(t->requested, p->agency);
	zb_fen total = have ? (zb_fen)json_integer_value(have) : 0;
	int overflow = have && json_is_null(have);
	for (size_t i = 0; i < p->n_items && !overflow; i++)
		overflow = money_line_add(&total, p->price_fen[i], p->quantity[i]);
	json_object_set_new(t->requested, p->agency, overflow ? json_null() : json_integer(total));
	json_t *n = json_object_get(t->n_projects, p->agency);
	json_object_set_new(t->n_projects, p->agency, json_integer(n ? json_integer_value(n) + 1 : 1));
	if (!p->n_items) {
		json_t *e = json_object_get(t->empty, p->agency);
		if (!e)
			json_object_set_new(t->empty, p->agency, e = json_array());
		json_array_append_new(e, json_string(p->code));
	}
	return 0;
}

struct season_read {
	json_t *opinions; /* agency → [{round, opinion, projects, who, time}] since the last submit */
	json_t *controls; /* agency → {"2": fen, …} */
	json_t *last;     /* agency → {action: time} of the current round (for the dates) */
	struct totals t;
	json_t *list;
	int rounds;
};

static int add_event(const struct store_season_event *e, void *arg)
{
	struct season_read *x = arg;
	json_t *ops = json_object_get(x->opinions, e->agency);
	if (!ops)
		json_object_set_new(x->opinions, e->agency, ops = json_array());
	if (!strcmp(e->action, "submit"))
		json_array_clear(ops);
	if (!strcmp(e->action, "return")) {
		json_t *o = json_pack("{s:i, s:s?, s:s, s:s}", "round", e->round, "opinion", e->opinion, "who", e->who,
				      "time", e->time);
		json_t *pr = json_array();
		if (e->projects && *e->projects) {
			const char *s = e->projects;
			while (*s) {
				size_t n = strcspn(s, ";");
				json_array_append_new(pr, json_stringn(s, n));
				s += n + (s[n] == ';');
			}
		}
		json_object_set_new(o, "projects", pr);
		json_array_append_new(ops, o);
	}
	return 0;
}

static int add_control(const struct store_control_row *c, void *arg)
{
	struct season_read *x = arg;
	json_t *o = json_object_get(x->controls, c->agency);
	if (!o)
		json_object_set_new(x->controls, c->agency, o = json_object());
	char k[16];
	snprintf(k, sizeof k, "%d", c->round);
	json_object_set_new(o, k, json_integer(c->control_fen));
	return 0;
}

static int add_agency(const struct store_season *s, void *arg)
{
	struct season_read *x = arg;
	enum season_state st = SEASON_DRAFT;
	season_state_parse(s->state, &st);
	json_t *o = json_pack("{s:s, s:s, s:i, s:i, s:s, s:s, s:I, s:s?}", "agency", s->agency, "name", s->name,
			      "round", s->round, "rounds", x->rounds, "state", s->state, "state_zh", season_state_zh(st),
			      "version", (json_int_t)s->version, "changed", s->changed);
	json_t *req = json_object_get(x->t.requested, s->agency);
	json_object_set_new(o, "requested_fen", req ? json_copy(req) : json_integer(0));
	json_t *n = json_object_get(x->t.n_projects, s->agency);
	json_object_set_new(o, "projects", n ? json_copy(n) : json_integer(0));
	json_t *empty = json_object_get(x->t.empty, s->agency);
	json_object_set_new(o, "projects_without_items", empty ? json_copy(empty) : json_array());
	json_t *ctl = json_object_get(x->controls, s->agency);
	char k[16];
	snprintf(k, sizeof k, "%d", s->round);
	json_t *cur = ctl ? json_object_get(ctl, k) : NULL;
	json_object_set_new(o, "control_fen", cur ? json_copy(cur) : json_null());
	json_object_set_new(o, "controls", ctl ? json_copy(ctl) : json_object());
	json_t *ops = json_object_get(x->opinions, s->agency);
	json_object_set_new(o, "opinions", ops && st == SEASON_RETURNED ? json_copy(ops) : json_array());
	json_array_append_new(x->list, o);
	return 0;
}

json_t *season_json(struct book *b, const char *agency, struct buf *err)
{
	struct season_read x;
	memset(&x, 0, sizeof x);
	char *rs = store_setting_get(b, "rounds");
	x.rounds = season_rounds_of(rs);
	free(rs);
	x.opinions = json_object();
	x.controls = json_object();
	x.t.requested = json_object();
	x.t.empty = json_object();
	x.t.n_projects = json_object();
	x.list = json_array();
	int rc = store_projects_each(b, agency, add_project, &x.t, err);
	if (!rc)
		rc = store_season_events_each(b, agency, add_event, &x, err);
	if (!rc)
		rc = store_season_controls_each(b, agency, add_control, &x, err);
	if (!rc)
		rc = store_season_each(b, agency, add_agency, &x, err);
	json_decref(x.opinions);
	json_decref(x.controls);
	json_decref(x.t.requested);
	json_decref(x.t.empty);
	json_decref(x.t.n_projects);
	if (rc) {
		json_decref(x.list);
		return NULL;
	}
	return x.list;
}

/* --- transitions ------------------------------------------------------------ */

struct act {
	const struct season_actor *a;
	const struct season_request *q;
	struct buf *msg;
	json_t *result;
	int rounds;
	const char *now;
	/* issue */
	struct strmap funded; /* agency → the scenario's funded total (issue --scenario) */
	int has_funded;
};

static void fen_words(zb_fen v, char *buf)
{
	money_format(v, UNIT_YUAN, buf);
}

static int amount_of(const struct kind *k, const struct val *v, void *arg)
{
	(void)k;
	*(zb_fen *)arg = v[2].i;
	return 0;
}

static int control_row(struct book *b, const char *agency, int round, zb_fen *out, struct buf *err)
{
	char rb[16];
	snprintf(rb, sizeof rb, "%d", round);
	const char *keys[] = { agency, rb };
	return store_row_get(b, kind_find("controls"), keys, amount_of, out, err);
}

/* One agency's transition inside the write.  0, a refusal, or -1. */
static int act_one(struct book *b, struct act *x, const char *agency, enum season_action action, json_t **before,
		   json_t **after, struct buf *err)
{
	const struct season_actor *a = x->a;
	const struct season_request *q = x->q;
	struct buf *msg = x->msg;
	struct buf projects = BUF_INIT;
	json_t *cur = season_json(b, agency, err);
	if (!cur)
		return -1;
	json_t *o = json_array_get(cur, 0);
	if (!o || (a->agency && strcmp(a->agency, agency))) {
		json_decref(cur);
		buf_printf(msg, L("没有单位 %s", "no agency %s"), agency);
		return SEASON_NOT_FOUND;
	}
	const char *name = json_string_value(json_object_get(o, "name"));
	int round = (int)json_integer_value(json_object_get(o, "round"));
	int64_t version = json_integer_value(json_object_get(o, "version"));
	enum season_state st = SEASON_DRAFT;
	season_state_parse(json_string_value(json_object_get(o, "state")), &st);
	const struct season_rule *rule;
	int rc = season_decide(st, round, x->rounds, action, a->roles, &rule);
	if (rc == SEASON_WRONG_ROLE) {
		say_role(msg, st, action);
		goto refused;
	}
	if (rc == SEASON_WRONG_STATE) {
		say_state(msg, agency, name, st, round, x->rounds, action);
		goto refused;
	}
	if (q && q->version >= 0 && q->version != version) {
		buf_printf(msg,
			   L("%s（%s）的状态已被他人改变（当前版本 %lld，提交的版本 %lld，现为 %s），请刷新后重做",
			     "%s (%s) changed meanwhile (version %lld now, %lld sent; now %s); reload and redo"),
			   name, agency, (long long)version, (long long)q->version, season_state_word(st));
		rc = SEASON_STALE;
		goto refused;
	}
	struct store_season_event e;
	memset(&e, 0, sizeof e);
	e.agency = agency;
	e.round = round;
	e.action = season_action_name(action);
	e.from_state = season_state_name(st);
	e.to_state = season_state_name(rule->to);
	e.who = a->who;
	e.time = x->now;
	json_t *req = json_object_get(o, "requested_fen");
	json_t *ctl = json_object_get(o, "control_fen");
	int next_round = rule->next_round ? round + 1 : round;
	zb_fen control = 0;
	if (action == SEASON_SUBMIT) {
		json_t *empty = json_object_get(o, "projects_without_items");
		if (json_array_size(empty)) {
			buf_printf(msg, L("%s（%s）不能送审：以下项目没有明细：", "%s (%s) cannot be submitted: projects without items: "),
				   name, agency);
			size_t i;
			json_t *p;
			json_array_foreach(empty, i, p)
				buf_printf(msg, "%s%s", i ? L("、", ", ") : "", json_string_value(p));
			rc = SEASON_NO_ITEMS;
			goto refused;
		}
		if (json_is_null(req)) {
			buf_printf(msg, L("%s（%s）的申报合计超出范围", "%s (%s): the requested total overflows"), name, agency);
			rc = SEASON_INVALID;
			goto refused;
		}
		zb_fen requested = (zb_fen)json_integer_value(req);
		if (round >= 2 && json_is_integer(ctl) && requested > json_integer_value(ctl)) {
			char r1[MONEY_BUFSZ], r2[MONEY_BUFSZ], r3[MONEY_BUFSZ];
			zb_fen c = (zb_fen)json_integer_value(ctl);
			fen_words(requested, r1);
			fen_words(c, r2);
			fen_words(requested - c, r3);
			buf_printf(msg,
				   L("%s（%s）不能送审（OVER_CONTROL）：申报合计 %s 元超过第 %d 轮控制数 %s 元，超出 %s 元",
				     "%s (%s) cannot be submitted (OVER_CONTROL): requested %s yuan is above the round %d control "
				     "number %s yuan by %s yuan"),
				   name, agency, r1, round, r2, r3);
			rc = SEASON_OVER_CONTROL;
			goto refused;
		}
		e.has_requested = 1;
		e.requested_fen = requested;
		if (json_is_integer(ctl)) {
			e.has_control = 1;
			e.control_fen = (zb_fen)json_integer_value(ctl);
		}
	} else if (action == SEASON_RETURN) {
		const char *op = q ? q->opinion : NULL;
		while (op && *op == ' ')
			op++;
		if (!op || !*op) {
			buf_printf(msg, "%s", L("退回须写明审核意见（--opinion）", "a return needs an opinion (--opinion)"));
			rc = SEASON_INVALID;
			goto refused;
		}
		e.opinion = op;
		for (size_t i = 0; q && i < q->n_projects; i++) {
			char have[72];
			int f = store_project_head(b, q->projects[i], have, sizeof have, NULL);
			if (f < 0) {
				buf_release(&projects);
				json_decref(cur);
				buf_printf(err, "%s: %s", b->name, L("无法读取项目", "cannot read the projects"));
				return -1;
			}
			if (!f || strcmp(have, agency)) {
				buf_printf(msg, L("项目 %s 不是 %s（%s）的项目", "project %s is not a project of %s (%s)"),
					   q->projects[i], name, agency);
				rc = SEASON_INVALID;
				buf_release(&projects);
				goto refused;
			}
			buf_printf(&projects, "%s%s", i ? ";" : "", q->projects[i]);
		}
		e.projects = projects.len ? buf_str(&projects) : NULL;
	} else if (action == SEASON_ISSUE) {
		if (q && q->round && q->round != next_round) {
			buf_printf(msg, L("%s（%s）处于第 %d 轮，下一轮是第 %d 轮，不能下达第 %d 轮控制数",
					  "%s (%s) is in round %d: the next is round %d, not %d"),
				   name, agency, round, next_round, q->round);
			rc = SEASON_INVALID;
			goto refused;
		}
		int f = 1;
		if (x->has_funded) {
			int64_t *v = strmap_get(&x->funded, agency, strlen(agency));
			control = v ? *v : 0;
		} else {
			f = control_row(b, agency, next_round, &control, err);
		}
		if (f < 0) {
			json_decref(cur);
			return -1;
		}
		if (!f) {
			buf_printf(msg,
				   L("%s（%s）没有第 %d 轮的控制数（导入 controls，或用 --scenario 按场景下达）",
				     "%s (%s) has no control number for round %d (import controls, or issue from --scenario)"),
				   name, agency, next_round);
			rc = SEASON_INVALID;
			goto refused;
		}
		int put = store_season_control_put(b, agency, next_round, control,
						   x->has_funded ? x->q->scenario : "controls", x->now, err);
		if (put < 0) {
			json_decref(cur);
			return -1;
		}
		if (put > 0) {
			buf_printf(msg, L("%s（%s）第 %d 轮的控制数已经下达，不能重复下达", "%s (%s): the round %d control number was issued already"),
				   name, agency, next_round);
			rc = SEASON_WRONG_STATE;
			goto refused;
		}
		e.has_control = 1;
		e.control_fen = control;
		e.round = next_round;
	}
	int64_t id = 0;
	if (store_season_put(b, agency, next_round, season_state_name(rule->to), x->now, err) ||
	    store_season_event_add(b, &e, &id, err)) {
		buf_release(&projects);
		json_decref(cur);
		return -1;
	}
	int64_t n_items = 0;
	if (action == SEASON_SUBMIT && store_season_snapshot(b, id, agency, &n_items, err)) {
		buf_release(&projects);
		json_decref(cur);
		return -1;
	}
	json_t *now = season_json(b, agency, err);
	if (!now) {
		buf_release(&projects);
		json_decref(cur);
		return -1;
	}
	json_t *n0 = json_array_get(now, 0);
	if (e.opinion)
		json_object_set_new(n0, "opinion", json_string(e.opinion));
	if (e.projects)
		json_object_set_new(n0, "opinion_projects", json_string(e.projects));
	if (action == SEASON_SUBMIT)
		json_object_set_new(n0, "snapshot_items", json_integer(n_items));
	json_object_set_new(n0, "event", json_integer(id));
	*before = json_incref(o);
	*after = json_incref(n0);
	json_decref(now);
	json_decref(cur);
	buf_release(&projects);
	return 0;
refused:
	json_decref(cur);
	buf_release(&projects);
	return rc;
}

static int act_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct act *x = arg;
	int rc = act_one(b, x, x->q->agency, x->q->action, &c->before, &c->after, err);
	if (!rc)
		x->result = json_incref(c->after);
	return rc;
}

static int funded_add(const char *agency, zb_fen funded_fen, void *arg)
{
	struct act *x = arg;
	int is_new;
	int64_t *v = strmap_put(&x->funded, agency, strlen(agency), 0, &is_new);
	return money_add(*v, funded_fen, v) ? -1 : 0;
}

/* issue --scenario: the funded total per agency. */
static int load_funded(struct book *b, struct act *x, const char *scenario, struct buf *err)
{
	x->has_funded = 1;
	int rc = store_scenario_funded_each(b, scenario, funded_add, x, err);
	if (rc == 1) {
		buf_printf(x->msg, L("没有场景 %s（先运行 zbb allocate --scenario %s）", "no scenario %s (run zbb allocate --scenario %s)"),
			   scenario, scenario);
		return SEASON_INVALID;
	}
	if (rc < 0 && !err->len)
		buf_printf(err, "%s", L("场景的资金合计超出范围", "a scenario's funded total overflows"));
	return rc;
}

static void act_init(struct book *b, struct act *x, const struct season_actor *a, const struct season_request *q,
		     struct buf *msg, char *now)
{
	memset(x, 0, sizeof *x);
	x->a = a;
	x->q = q;
	x->msg = msg;
	char *rs = store_setting_get(b, "rounds");
	x->rounds = season_rounds_of(rs);
	free(rs);
	x->now = clock_iso(clock_now(), now);
	x->funded = (struct strmap)STRMAP_INIT;
}

int season_act(struct book *b, const struct season_actor *a, const struct season_request *q, json_t **result,
	       struct buf *msg)
{
	char now[32];
	struct act x;
	act_init(b, &x, a, q, msg, now);
	if (q->action == SEASON_ISSUE && q->scenario) {
		int rc = load_funded(b, &x, q->scenario, msg);
		if (rc) {
			strmap_release(&x.funded);
			return rc;
		}
	}
	char action[32];
	snprintf(action, sizeof action, "season.%s", season_action_name(q->action));
	struct store_change c = { a->who, action, q->agency, NULL, NULL, 0 };
	int rc = store_write(b, &c, act_fn, &x, msg);
	store_change_release(&c);
	strmap_release(&x.funded);
	if (!rc && result)
		*result = x.result;
	else
		json_decref(x.result);
	return rc;
}

struct issue {
	struct act x;
	int round;
	json_t *result;
};

static int issue_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct issue *y = arg;
	struct act *x = &y->x;
	json_t *all = season_json(b, NULL, err);
	if (!all)
		return -1;
	size_t i;
	json_t *o;
	struct buf late = BUF_INIT;
	int n_late = 0, n_moved = 0, rc = 0;
	json_array_foreach(all, i, o)
	{
		int round = (int)json_integer_value(json_object_get(o, "round"));
		const char *st = json_string_value(json_object_get(o, "state"));
		if (round < y->round - 1 || (round == y->round - 1 && strcmp(st, "accepted"))) {
			enum season_state s = SEASON_DRAFT;
			season_state_parse(st, &s);
			buf_printf(&late, L("%s%s（%s，%s，第 %d 轮）", "%s%s (%s, %s, round %d)"), n_late++ ? L("、", ", ") : "",
				   json_string_value(json_object_get(o, "name")), json_string_value(json_object_get(o, "agency")),
				   season_state_word(s), round);
		}
	}
	if (y->round < 2 || y->round > x->rounds) {
		buf_printf(x->msg, L("第 %d 轮不能下达控制数（控制数下达给第 2 轮至第 %d 轮）", "round %d cannot be issued (rounds 2 to %d)"),
			   y->round, x->rounds);
		rc = SEASON_INVALID;
	} else if (n_late) {
		buf_printf(x->msg, L("不能下达第 %d 轮控制数：以下单位的第 %d 轮尚未审核通过：%s",
				     "cannot issue round %d: these agencies are not yet accepted in round %d: %s"),
			   y->round, y->round - 1, buf_str(&late));
		rc = SEASON_WRONG_STATE;
	}
	buf_release(&late);
	c->before = json_array();
	c->after = json_array();
	json_array_foreach(all, i, o)
	{
		if (rc)
			break;
		int round = (int)json_integer_value(json_object_get(o, "round"));
		if (round != y->round - 1)
			continue;
		json_t *bf = NULL, *af = NULL;
		rc = act_one(b, x, json_string_value(json_object_get(o, "agency")), SEASON_ISSUE, &bf, &af, err);
		if (bf)
			json_array_append_new(c->before, bf);
		if (af)
			json_array_append_new(c->after, af);
		n_moved++;
	}
	if (!rc && !n_moved) {
		buf_printf(x->msg, L("没有单位等待第 %d 轮控制数", "no agency is waiting for round %d"), y->round);
		rc = SEASON_WRONG_STATE;
	}
	if (!rc)
		y->result = json_incref(c->after);
	json_decref(all);
	return rc;
}

int season_issue(struct book *b, const struct season_actor *a, int round, const char *scenario, json_t **result,
		 struct buf *msg)
{
	char now[32];
	struct issue y;
	struct season_request q = { NULL, SEASON_ISSUE, NULL, NULL, 0, -1, round, scenario };
	memset(&y, 0, sizeof y);
	act_init(b, &y.x, a, &q, msg, now);
	y.round = round;
	if (!(a->roles & ROLE_BUDGET)) {
		say_role(msg, SEASON_ACCEPTED, SEASON_ISSUE);
		return SEASON_WRONG_ROLE;
	}
	if (scenario) {
		int rc = load_funded(b, &y.x, scenario, msg);
		if (rc) {
			strmap_release(&y.x.funded);
			return rc;
		}
	}
	char object[32];
	snprintf(object, sizeof object, "round %d", round);
	struct store_change c = { a->who, "season.issue", object, NULL, NULL, 0 };
	int rc = store_write(b, &c, issue_fn, &y, msg);
	store_change_release(&c);
	strmap_release(&y.x.funded);
	if (!rc && result)
		*result = y.result;
	else
		json_decref(y.result);
	return rc;
}

struct open_check {
	int found, is_open;
	struct buf *msg;
};

static int open_row(const struct store_season *s, void *arg)
{
	struct open_check *x = arg;
	enum season_state st = SEASON_DRAFT;
	season_state_parse(s->state, &st);
	x->found = 1;
	x->is_open = st == SEASON_DRAFT || st == SEASON_RETURNED;
	if (!x->is_open)
		buf_printf(x->msg,
			   L("%s（%s）处于 %s（第 %d 轮）：预算单位只能在编制中或已退回时修改项目、明细和绩效目标",
			     "%s (%s) is %s (round %d): an agency edits its projects, items and targets only while draft or "
			     "returned"),
			   s->name, s->agency, season_state_word(st), s->round);
	return 0;
}

int season_agency_open(struct book *b, const char *agency, struct buf *msg, struct buf *err)
{
	struct open_check x = { 0, 1, msg };
	if (store_season_each(b, agency, open_row, &x, err))
		return -1;
	return x.is_open ? 1 : 0;
}

/* --- reports ------------------------------------------------------------------ */

struct rounds_read {
	json_t *by; /* "agency\tround" → {requested_fen, submitted, returned, accepted, approved, opinions} */
};

static json_t *round_obj(json_t *by, const char *agency, int round)
{
	char k[160];
	snprintf(k, sizeof k, "%s\t%d", agency, round);
	json_t *o = json_object_get(by, k);
	if (!o) {
		o = json_pack("{s:[]}", "opinions");
		json_object_set_new(by, k, o);
	}
	return o;
}

static int rounds_event(const struct store_season_event *e, void *arg)
{
	struct rounds_read *x = arg;
	json_t *o = round_obj(x->by, e->agency, e->round);
	if (!strcmp(e->action, "submit")) {
		if (!json_object_get(o, "submitted"))
			json_object_set_new(o, "submitted", json_string(e->time));
		if (e->has_requested)
			json_object_set_new(o, "requested_fen", json_integer(e->requested_fen));
	} else if (!strcmp(e->action, "return")) {
		json_object_set_new(o, "returned", json_string(e->time));
		if (e->opinion)
			json_array_append_new(json_object_get(o, "opinions"), json_string(e->opinion));
	} else if (!strcmp(e->action, "accept")) {
		json_object_set_new(o, "accepted", json_string(e->time));
	} else if (!strcmp(e->action, "approve")) {
		json_object_set_new(o, "approved", json_string(e->time));
	}
	return 0;
}

static int rounds_control(const struct store_control_row *c, void *arg)
{
	struct rounds_read *x = arg;
	json_t *o = round_obj(x->by, c->agency, c->round);
	json_object_set_new(o, "control_fen", json_integer(c->control_fen));
	json_object_set_new(o, "issued", json_string(c->issued));
	return 0;
}

static void cell_text(struct table *t, size_t r, size_t c, json_t *v)
{
	if (json_is_string(v))
		table_text(t, r, c, json_string_value(v));
	else
		table_cell(t, r, c)->is_null = 1;
}

static void cell_int(struct table *t, size_t r, size_t c, json_t *v)
{
	if (json_is_integer(v))
		table_int(t, r, c, json_integer_value(v));
	else
		table_cell(t, r, c)->is_null = 1;
}

int season_rounds_table(struct book *b, struct table *t, struct buf *err)
{
	struct rounds_read x = { json_object() };
	table_init(t, "rounds", L("预算编制轮次：各单位每轮的申报数、控制数和审核意见",
				  "Rounds: each agency's request, control number and opinions per round"));
	table_col(t, "agency", "单位编码", "agency", TC_TEXT);
	table_col(t, "name", "单位名称", "name", TC_TEXT);
	table_col(t, "round", "轮次", "round", TC_INT);
	table_col(t, "state", "状态", "state", TC_TEXT);
	table_col(t, "requested_fen", "申报数", "requested", TC_MONEY);
	table_col(t, "control_fen", "控制数", "control", TC_MONEY);
	table_col(t, "issued", "控制数下达", "issued", TC_TEXT);
	table_col(t, "submitted", "送审", "submitted", TC_TEXT);
	table_col(t, "returned", "退回", "returned", TC_TEXT);
	table_col(t, "accepted", "审核通过", "accepted", TC_TEXT);
	table_col(t, "approved", "批复", "approved", TC_TEXT);
	table_col(t, "opinions", "审核意见", "opinions", TC_TEXT);
	t->no_sums = 1; /* one agency's rounds do not add up */
	json_t *all = NULL;
	int rc = store_season_events_each(b, NULL, rounds_event, &x, err);
	if (!rc)
		rc = store_season_controls_each(b, NULL, rounds_control, &x, err);
	if (!rc && !(all = season_json(b, NULL, err)))
		rc = -1;
	size_t i;
	json_t *a;
	json_array_foreach(all, i, a)
	{
		const char *code = json_string_value(json_object_get(a, "agency"));
		int cur = (int)json_integer_value(json_object_get(a, "round"));
		for (int round = 1; round <= cur; round++) {
			json_t *o = round_obj(x.by, code, round);
			size_t r = table_row(t);
			table_text(t, r, 0, code);
			cell_text(t, r, 1, json_object_get(a, "name"));
			table_int(t, r, 2, round);
			enum season_state st = SEASON_ACCEPTED; /* a round left behind was accepted */
			if (round == cur)
				season_state_parse(json_string_value(json_object_get(a, "state")), &st);
			table_text(t, r, 3, season_state_word(st));
			cell_int(t, r, 4, json_object_get(o, "requested_fen"));
			cell_int(t, r, 5, json_object_get(o, "control_fen"));
			cell_text(t, r, 6, json_object_get(o, "issued"));
			cell_text(t, r, 7, json_object_get(o, "submitted"));
			cell_text(t, r, 8, json_object_get(o, "returned"));
			cell_text(t, r, 9, json_object_get(o, "accepted"));
			cell_text(t, r, 10, json_object_get(o, "approved"));
			struct buf ops = BUF_INIT;
			size_t k;
			json_t *e;
			json_array_foreach(json_object_get(o, "opinions"), k, e)
				buf_printf(&ops, "%s%s", k ? L("；", "; ") : "", json_string_value(e));
			if (ops.len)
				table_text(t, r, 11, buf_str(&ops));
			else
				table_cell(t, r, 11)->is_null = 1;
			buf_release(&ops);
		}
	}
	json_decref(all);
	json_decref(x.by);
	return rc;
}

struct snaps_read {
	json_t *by; /* "project/seq" → {"1": amount_fen, …} (the last submit of each round) */
	int overflow;
};

static int snap_row(const struct store_snapshot_row *s, void *arg)
{
	struct snaps_read *x = arg;
	char k[160], rk[16];
	snprintf(k, sizeof k, "%s/%lld", s->project, (long long)s->seq);
	snprintf(rk, sizeof rk, "%d", s->round);
	json_t *o = json_object_get(x->by, k);
	if (!o)
		json_object_set_new(x->by, k, o = json_object());
	zb_fen amount = 0;
	if (money_line_add(&amount, s->price_fen, s->quantity))
		x->overflow = 1;
	json_object_set_new(o, rk, json_integer(amount));
	return 0;
}

static void copy_cell(struct table *dst, size_t dr, const struct table *src, size_t sr, size_t c)
{
	const struct tcell *x = &src->cells[sr * src->n_cols + c];
	if (x->is_null)
		table_cell(dst, dr, c)->is_null = 1;
	else if (src->cols[c].type == TC_TEXT)
		table_text(dst, dr, c, x->s);
	else if (src->cols[c].type == TC_SHARE)
		table_share(dst, dr, c, x->i, x->den);
	else
		table_int(dst, dr, c, x->i);
}

int season_ledger_snapshots(struct book *b, struct table *t, struct buf *err)
{
	struct snaps_read x = { json_object(), 0 };
	if (store_season_snapshots_each(b, snap_row, &x, err)) {
		json_decref(x.by);
		return -1;
	}
	if (!json_object_size(x.by)) {
		json_decref(x.by);
		return 0; /* nothing submitted yet: the ledger as it is */
	}
	struct table nt;
	table_init(&nt, t->name, t->title);
	for (size_t c = 0; c < t->n_cols; c++)
		table_col(&nt, t->cols[c].key, t->cols[c].zh, t->cols[c].en, t->cols[c].type);
	nt.no_sums = t->no_sums;
	for (size_t r = 0; r < t->n_rows; r++) {
		size_t nr = table_row(&nt);
		for (size_t c = 0; c < t->n_cols; c++)
			copy_cell(&nt, nr, t, r, c);
		const struct tcell *stage = &t->cells[r * t->n_cols + 3];
		if (stage->is_null || !stage->s || strcmp(stage->s, "requested"))
			continue;
		char k[160];
		snprintf(k, sizeof k, "%s/%lld", t->cells[r * t->n_cols].s, (long long)t->cells[r * t->n_cols + 1].i);
		json_t *o = json_object_get(x.by, k);
		for (int round = 1; o && round <= 3; round++) {
			char rk[16], st[32];
			snprintf(rk, sizeof rk, "%d", round);
			json_t *v = json_object_get(o, rk);
			if (!v)
				continue;
			size_t sr = table_row(&nt);
			for (size_t c = 0; c < 3; c++)
				copy_cell(&nt, sr, t, r, c);
			snprintf(st, sizeof st, "round_%d", round);
			table_text(&nt, sr, 3, st);
			table_int(&nt, sr, 4, json_integer_value(v));
			for (size_t c = 5; c < t->n_cols; c++)
				table_cell(&nt, sr, c)->is_null = 1;
		}
	}
	table_free(t);
	*t = nt;
	json_decref(x.by);
	if (x.overflow) {
		buf_printf(err, "%s", L("快照的金额超出范围", "a snapshot's amount overflows"));
		return -1;
	}
	return 0;
}
