/*
 * api_season.c - the budget season's routes (SPEC §11): GET
 * /api/v1/season, POST /api/v1/season/{agency}/{action} and GET
 * /api/v1/todo.  The transitions are season.c's (the same as the CLI's);
 * this file maps a request to them and a refusal to its status: 409
 * STATE (naming the state), 403 for a role that may not, 404 for an
 * agency that is not there (or not the agency user's), 409 STALE_VERSION,
 * 409 OVER_CONTROL / NO_ITEMS for submit, 422 for a bad body.
 *
 * Body of the POST: {version, opinion?, projects?: [codes], round?,
 * scenario?}.  {agency} "all" with action "issue" issues a whole round
 * (`zbb issue --round R`), without a version.
 */
#include "api.h"
#include "season.h"

#include <stdlib.h>
#include <string.h>

void api_season_get(struct req *r)
{
	struct buf err = BUF_INIT;
	json_t *all = season_json(r->b, r->scope_agency, &err);
	if (!all) {
		api_fail(r, &err);
	} else {
		char *rs = store_setting_get(r->b, "rounds");
		api_reply(r, 200, json_pack("{s:i, s:i, s:o}", "year", r->b->year, "rounds", season_rounds_of(rs), "agencies", all));
		free(rs);
	}
	buf_release(&err);
}

static void refused(struct req *r, int rc, struct buf *msg)
{
	static const char *const codes[] = { NULL, "STATE", "FORBIDDEN", "NOT_FOUND", "STALE_VERSION", "INVALID",
					     "OVER_CONTROL", "NO_ITEMS" };
	static const unsigned status[] = { 200, 409, 403, 404, 409, 422, 409, 409 };
	if (rc < 0) {
		api_fail(r, msg);
		return;
	}
	api_error(r, status[rc], codes[rc], NULL, "%s", buf_str(msg));
}

void api_season_post(struct req *r)
{
	enum season_action action;
	const char *agency = r->params[0];
	if (season_action_parse(r->params[1], &action)) {
		api_error(r, 404, "NOT_FOUND", NULL, L("没有这个操作：%s（submit、return、accept、issue、approve）",
						       "no such action: %s (submit, return, accept, issue, approve)"),
			  r->params[1]);
		return;
	}
	json_t *body = r->json ? r->json : NULL;
	json_t *jv = body ? json_object_get(body, "version") : NULL;
	json_t *jo = body ? json_object_get(body, "opinion") : NULL;
	json_t *jp = body ? json_object_get(body, "projects") : NULL;
	json_t *jr = body ? json_object_get(body, "round") : NULL;
	json_t *js = body ? json_object_get(body, "scenario") : NULL;
	struct season_actor a = { r->s.u.name, r->s.u.role, r->scope_agency };
	struct buf msg = BUF_INIT;
	json_t *res = NULL;
	int rc;
	if ((jo && !json_is_null(jo) && !json_is_string(jo)) || (jr && !json_is_null(jr) && !json_is_integer(jr)) ||
	    (js && !json_is_null(js) && !json_is_string(js)) || (jp && !json_is_null(jp) && !json_is_array(jp))) {
		api_error(r, 422, "INVALID", NULL, "%s",
			  L("opinion、scenario 应为字符串，round 为整数，projects 为项目编码的数组",
			    "opinion and scenario are strings, round an integer, projects an array of codes"));
		return;
	}
	int round = jr && json_is_integer(jr) ? (int)json_integer_value(jr) : 0;
	const char *scenario = js && json_is_string(js) && *json_string_value(js) ? json_string_value(js) : NULL;
	if (!strcmp(agency, "all") && action == SEASON_ISSUE) {
		if (!round) {
			api_error(r, 422, "INVALID", "round", "%s", L("round: 必填（下达第几轮的控制数）", "round: required"));
			return;
		}
		rc = season_issue(r->b, &a, round, scenario, &res, &msg);
		if (rc)
			refused(r, rc, &msg);
		else
			api_reply(r, 200, json_pack("{s:o}", "agencies", res));
		buf_release(&msg);
		return;
	}
	if (!json_is_integer(jv)) {
		api_error(r, 422, "INVALID", "version", "%s",
			  L("version: 必填（读取时该单位的版本号）", "version: required (the agency's version you read)"));
		return;
	}
	size_t n = jp ? json_array_size(jp) : 0;
	const char **projects = arena_alloc(&r->a, (n + 1) * sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		projects[i] = json_string_value(json_array_get(jp, i));
		if (!projects[i]) {
			api_error(r, 422, "INVALID", "projects", "%s", L("projects: 应为项目编码的数组", "projects: an array of codes"));
			return;
		}
	}
	struct season_request q = { agency, action, json_string_value(jo), projects, n, json_integer_value(jv), round,
				    scenario };
	rc = season_act(r->b, &a, &q, &res, &msg);
	if (rc)
		refused(r, rc, &msg);
	else
		api_reply(r, 200, res);
	buf_release(&msg);
}

/* What waits for the signed-in user: the agency its own state (draft:
 * to prepare, within the control number from round 2; returned: the
 * opinions); reviewers the submitted agencies; the budget office the
 * submitted ones and the accepted ones (to issue or approve). */
void api_todo(struct req *r)
{
	struct buf err = BUF_INIT;
	json_t *all = season_json(r->b, r->scope_agency, &err);
	if (!all) {
		api_fail(r, &err);
		buf_release(&err);
		return;
	}
	unsigned role = r->s.u.role;
	json_t *items = json_array();
	size_t i;
	json_t *o;
	json_array_foreach(all, i, o)
	{
		const char *st = json_string_value(json_object_get(o, "state"));
		int round = (int)json_integer_value(json_object_get(o, "round"));
		int rounds = (int)json_integer_value(json_object_get(o, "rounds"));
		const char *what = NULL, *action = NULL;
		if (role == ROLE_AGENCY && !strcmp(st, "draft")) {
			what = round >= 2 ? L("按控制数编制并送审", "prepare within the control number and submit")
					  : L("编制预算并送审", "prepare the budget and submit");
			action = "submit";
		} else if (role == ROLE_AGENCY && !strcmp(st, "returned")) {
			what = L("按审核意见修改后再次送审", "answer the opinions and submit again");
			action = "submit";
		} else if ((role & (ROLE_REVIEWER | ROLE_BUDGET)) && !strcmp(st, "submitted")) {
			what = role == ROLE_BUDGET ? L("审核送审预算：审核通过或退回", "review the submission: accept or return")
						   : L("评审送审预算（可退回）", "review the submission (or return it)");
			action = role == ROLE_BUDGET ? "accept" : "return";
		} else if (role == ROLE_BUDGET && !strcmp(st, "accepted")) {
			what = round < rounds ? L("下达下一轮控制数", "issue the next round's control numbers")
					      : L("批复预算", "approve the budget");
			action = round < rounds ? "issue" : "approve";
		}
		if (!what)
			continue;
		json_t *t = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:s, s:s, s:O, s:O, s:O}", "agency",
				      json_object_get(o, "agency"), "name", json_object_get(o, "name"), "round",
				      json_object_get(o, "round"), "state", json_object_get(o, "state"), "state_zh",
				      json_object_get(o, "state_zh"), "version", json_object_get(o, "version"), "action",
				      action, "message", what, "requested_fen", json_object_get(o, "requested_fen"),
				      "control_fen", json_object_get(o, "control_fen"), "opinions",
				      json_object_get(o, "opinions"));
		json_t *req = json_object_get(o, "requested_fen"), *ctl = json_object_get(o, "control_fen");
		if (json_is_integer(req) && json_is_integer(ctl))
			json_object_set_new(t, "room_fen", json_integer(json_integer_value(ctl) - json_integer_value(req)));
		json_array_append_new(items, t);
	}
	json_decref(all);
	api_reply(r, 200, json_pack("{s:o}", "todo", items));
	buf_release(&err);
}
