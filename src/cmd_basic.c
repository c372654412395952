/*
 * cmd_basic.c - `zbb basic`: generate each agency's basic expenditure
 * from its staff and the quotas (basic.c, SPEC §13) and say what was
 * written.  No business logic here.
 */
#include "basic.h"
#include "dispatch.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

int cmd_basic(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("basic");
	struct basic_result res;
	struct buf err = BUF_INIT;
	if (argc > 1)
		return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[1]);
	int rc = basic_run(ctx->b, ctx->who, &res, &err);
	if (rc) {
		zb_err("%s", buf_str(&err));
		buf_release(&err);
		return rc > 0 ? EXIT_USAGE : EXIT_FAIL;
	}
	if (ctx->g->format && !strcmp(ctx->g->format, "json")) {
		json_t *o = json_pack("{s:i, s:I, s:I, s:I, s:I, s:I}", "year", ctx->b->year, "agencies",
				      (json_int_t)res.n_agencies, "projects", (json_int_t)res.n_projects, "items",
				      (json_int_t)res.n_items, "replaced", (json_int_t)res.n_removed, "requested_fen",
				      (json_int_t)res.requested_fen);
		json_dumpf(o, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
	} else {
		char m[MONEY_BUFSZ];
		printf(L("已生成 %d 年度基本支出：%lld 个单位，%lld 个项目，%lld 条明细，申报 %s %s（替换原生成项目 %lld 个）\n",
			 "basic expenditure of %d generated: %lld agencies, %lld projects, %lld items, requested %s %s "
			 "(replacing %lld generated projects)\n"),
		       ctx->b->year, (long long)res.n_agencies, (long long)res.n_projects, (long long)res.n_items,
		       money_format(res.requested_fen, ctx->g->unit, m), money_unit_name(ctx->g->unit),
		       (long long)res.n_removed);
	}
	buf_release(&err);
	return EXIT_OK;
}
