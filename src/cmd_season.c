/*
 * cmd_season.c - the budget season's CLI front ends (SPEC §11): season,
 * submit, return, accept, issue and approve.  Options and printing only;
 * the state machine and its checks are season.c's, shared with the API.
 *
 * Who acts: without --as the CLI is the bureau's operator of the book
 * file and may take every action of the table (audited as "cli:" + the
 * OS user); with --as NAME it acts as that user of the book, with its
 * role and agency, audited under NAME.
 */
#include "dispatch.h"
#include "season.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>

static int wants_json(const struct cmd_ctx *ctx)
{
	return ctx->g->format && !strcmp(ctx->g->format, "json");
}

static void print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	if (s)
		puts(s);
	free(s);
}

/* The actor of --as NAME (or the operator).  0, or an exit status. */
static int actor_of(struct cmd_ctx *ctx, const char *as, struct season_actor *a, struct user *u)
{
	a->who = ctx->who;
	a->roles = ROLE_AGENCY | ROLE_REVIEWER | ROLE_BUDGET;
	a->agency = NULL;
	if (!as)
		return 0;
	int f = store_user_get(ctx->b, as, u, NULL, 0);
	if (f < 0) {
		zb_err(L("%s: 无法读取用户", "%s: cannot read the users"), ctx->b->name);
		return EXIT_FAIL;
	}
	if (!f || u->is_disabled) {
		zb_err(L("--as: 没有用户 %s%s", "--as: no user %s%s"), as, f ? L("（已停用）", " (disabled)") : "");
		return EXIT_USAGE;
	}
	a->who = u->name;
	a->roles = u->role;
	a->agency = u->role == ROLE_AGENCY ? u->agency : NULL;
	return 0;
}

static int refusal_exit(int rc)
{
	return rc < 0 ? EXIT_FAIL : rc ? EXIT_USAGE : EXIT_OK;
}

static void print_state(const struct cmd_ctx *ctx, json_t *o)
{
	if (wants_json(ctx)) {
		print_json(o);
		return;
	}
	enum season_state st = SEASON_DRAFT;
	season_state_parse(json_string_value(json_object_get(o, "state")), &st);
	printf(L("%s（%s）：第 %d 轮 %s\n", "%s (%s): round %d, %s\n"), json_string_value(json_object_get(o, "name")),
	       json_string_value(json_object_get(o, "agency")), (int)json_integer_value(json_object_get(o, "round")),
	       season_state_word(st));
}

/* submit, accept, approve: AGENCY; return: AGENCY|PROJECT … --opinion. */
static int act(struct cmd_ctx *ctx, int argc, char **argv, enum season_action action)
{
	const struct command *c = command_find(argv[0]);
	const char *as = NULL, *opinion = NULL, *version = NULL;
	const char **targets = xcalloc((size_t)argc + 1, sizeof(char *));
	size_t n_targets = 0;
	int rc = EXIT_USAGE, r;
	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((r = opt_arg(argc, argv, &i, "--as", &v))) {
			if (r < 0)
				goto out;
			as = v;
		} else if ((r = opt_arg(argc, argv, &i, "--opinion", &v)) && action == SEASON_RETURN) {
			if (r < 0)
				goto out;
			opinion = v;
		} else if ((r = opt_arg(argc, argv, &i, "--version", &v))) {
			if (r < 0)
				goto out;
			version = v;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			rc = usage_error(c, L("未知选项：%s", "unknown option: %s"), argv[i]);
			goto out;
		} else {
			targets[n_targets++] = argv[i];
		}
	}
	if (!n_targets || (action != SEASON_RETURN && n_targets > 1)) {
		rc = usage_error(c, "%s", n_targets ? L("只能给一个单位", "one agency only") : L("需要单位编码", "the agency code is needed"));
		goto out;
	}
	struct season_request q = { targets[0], action, opinion, NULL, 0, -1, 0, NULL };
	if (version) {
		char *end;
		q.version = strtoll(version, &end, 10);
		if (!*version || *end || q.version < 0) {
			rc = usage_error(c, L("--version 应为非负整数：%s", "--version must be a non-negative integer: %s"), version);
			goto out;
		}
	}
	/* return: each target is the agency, or a project of it */
	const char **projects = xcalloc(n_targets + 1, sizeof(char *));
	const char *agency = NULL;
	char have[72];
	for (size_t i = 0; action == SEASON_RETURN && i < n_targets; i++) {
		const char *ag = targets[i];
		int f = store_project_head(ctx->b, targets[i], have, sizeof have, NULL);
		if (f < 0) {
			zb_err(L("%s: 无法读取项目", "%s: cannot read the projects"), ctx->b->name);
			rc = EXIT_FAIL;
			free(projects);
			goto out;
		}
		if (f) {
			projects[q.n_projects++] = targets[i];
			ag = have;
		}
		if (agency && strcmp(agency, ag)) {
			zb_err(L("一次退回只针对一个单位：%s 与 %s 不同", "one return concerns one agency: %s and %s differ"), agency, ag);
			free(projects);
			free((void *)agency);
			goto out;
		}
		if (!agency)
			agency = xstrdup(ag);
	}
	if (action == SEASON_RETURN) {
		q.agency = agency;
		q.projects = projects;
	}
	struct season_actor a;
	struct user u;
	if ((rc = actor_of(ctx, as, &a, &u))) {
		free(projects);
		free((void *)agency);
		goto out;
	}
	struct buf msg = BUF_INIT;
	json_t *res = NULL;
	r = season_act(ctx->b, &a, &q, &res, &msg);
	if (r) {
		zb_err("%s", buf_str(&msg));
	} else {
		print_state(ctx, res);
	}
	rc = refusal_exit(r);
	json_decref(res);
	buf_release(&msg);
	free(projects);
	free((void *)agency);
out:
	free(targets);
	return rc;
}

int cmd_submit(struct cmd_ctx *ctx, int argc, char **argv)
{
	return act(ctx, argc, argv, SEASON_SUBMIT);
}

int cmd_return(struct cmd_ctx *ctx, int argc, char **argv)
{
	return act(ctx, argc, argv, SEASON_RETURN);
}

int cmd_accept(struct cmd_ctx *ctx, int argc, char **argv)
{
	return act(ctx, argc, argv, SEASON_ACCEPT);
}

int cmd_approve(struct cmd_ctx *ctx, int argc, char **argv)
{
	return act(ctx, argc, argv, SEASON_APPROVE);
}

int cmd_issue(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("issue");
	const char *as = NULL, *round = NULL, *scenario = NULL;
	int r;
	for (int i = 1; i < argc; i++) {
		const char *v;
		const char **slot = NULL;
		if ((r = opt_arg(argc, argv, &i, "--as", &v)))
			slot = &as;
		else if ((r = opt_arg(argc, argv, &i, "--round", &v)))
			slot = &round;
		else if ((r = opt_arg(argc, argv, &i, "--scenario", &v)))
			slot = &scenario;
		if (r < 0)
			return EXIT_USAGE;
		if (!slot)
			return usage_error(c, L("未知参数：%s", "unexpected argument: %s"), argv[i]);
		*slot = v;
	}
	if (!round || (strcmp(round, "2") && strcmp(round, "3")))
		return usage_error(c, "%s", L("--round 应为 2 或 3", "--round must be 2 or 3"));
	struct season_actor a;
	struct user u;
	int rc = actor_of(ctx, as, &a, &u);
	if (rc)
		return rc;
	struct buf msg = BUF_INIT;
	json_t *res = NULL;
	r = season_issue(ctx->b, &a, atoi(round), scenario, &res, &msg);
	if (r) {
		zb_err("%s", buf_str(&msg));
	} else if (wants_json(ctx)) {
		print_json(res);
	} else {
		size_t i;
		json_t *o;
		char m[MONEY_BUFSZ];
		json_array_foreach(res, i, o)
			printf(L("%s（%s）：第 %s 轮控制数 %s 元\n", "%s (%s): round %s control number %s yuan\n"),
			       json_string_value(json_object_get(o, "name")), json_string_value(json_object_get(o, "agency")),
			       round, money_format((zb_fen)json_integer_value(json_object_get(o, "control_fen")), UNIT_YUAN, m));
	}
	json_decref(res);
	buf_release(&msg);
	return refusal_exit(r);
}

int cmd_season(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("season");
	const char *agency = NULL;
	int r;
	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((r = opt_arg(argc, argv, &i, "--agency", &v))) {
			if (r < 0)
				return EXIT_USAGE;
			agency = v;
		} else {
			return usage_error(c, L("未知参数：%s", "unexpected argument: %s"), argv[i]);
		}
	}
	struct buf err = BUF_INIT;
	json_t *all = season_json(ctx->b, agency, &err);
	if (!all) {
		zb_err("%s", buf_str(&err));
		buf_release(&err);
		return EXIT_FAIL;
	}
	buf_release(&err);
	if (agency && !json_array_size(all)) {
		zb_err(L("没有单位 %s", "no agency %s"), agency);
		json_decref(all);
		return EXIT_USAGE;
	}
	if (wants_json(ctx)) {
		json_t *doc = json_pack("{s:i, s:O}", "year", ctx->b->year, "agencies", all);
		print_json(doc);
		json_decref(doc);
		json_decref(all);
		return EXIT_OK;
	}
	struct table t;
	table_init(&t, "season", L("预算编制进度", "the budget season"));
	table_col(&t, "agency", "单位编码", "agency", TC_TEXT);
	table_col(&t, "name", "单位名称", "name", TC_TEXT);
	table_col(&t, "round", "轮次", "round", TC_INT);
	table_col(&t, "state", "状态", "state", TC_TEXT);
	table_col(&t, "requested_fen", "申报数", "requested", TC_MONEY);
	table_col(&t, "control_fen", "控制数", "control", TC_MONEY);
	table_col(&t, "opinion", "审核意见", "opinion", TC_TEXT);
	size_t i;
	json_t *o;
	json_array_foreach(all, i, o)
	{
		size_t row = table_row(&t);
		enum season_state st = SEASON_DRAFT;
		season_state_parse(json_string_value(json_object_get(o, "state")), &st);
		table_text(&t, row, 0, json_string_value(json_object_get(o, "agency")));
		table_text(&t, row, 1, json_string_value(json_object_get(o, "name")));
		table_int(&t, row, 2, json_integer_value(json_object_get(o, "round")));
		table_text(&t, row, 3, season_state_word(st));
		json_t *req = json_object_get(o, "requested_fen"), *ctl = json_object_get(o, "control_fen");
		if (json_is_integer(req))
			table_int(&t, row, 4, json_integer_value(req));
		else
			table_cell(&t, row, 4)->is_null = 1;
		if (json_is_integer(ctl))
			table_int(&t, row, 5, json_integer_value(ctl));
		else
			table_cell(&t, row, 5)->is_null = 1;
		struct buf op = BUF_INIT;
		size_t k;
		json_t *e;
		json_array_foreach(json_object_get(o, "opinions"), k, e)
		{
			json_t *pr = json_object_get(e, "projects");
			buf_printf(&op, "%s%s", k ? "；" : "", json_string_value(json_object_get(e, "opinion")));
			if (json_array_size(pr)) {
				size_t j;
				json_t *p;
				buf_adds(&op, L("（", " ("));
				json_array_foreach(pr, j, p)
					buf_printf(&op, "%s%s", j ? L("、", ", ") : "", json_string_value(p));
				buf_adds(&op, L("）", ")"));
			}
		}
		table_text(&t, row, 6, buf_str(&op));
		buf_release(&op);
	}
	table_print_text(&t, stdout, ctx->g->unit);
	table_free(&t);
	json_decref(all);
	return EXIT_OK;
}
