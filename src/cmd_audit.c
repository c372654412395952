/*
 * cmd_audit.c - `zbb audit list|verify`: the CLI front end of audit.c.
 */
#include "audit.h"
#include "dispatch.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A string member of an entry, "?" when a tampered entry lacks it. */
static const char *str(const json_t *e, const char *key)
{
	const char *s = json_string_value(json_object_get(e, key));
	return s ? s : "?";
}

int cmd_audit(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("audit");
	const char *sub = argc > 1 ? argv[1] : NULL, *v;
	int64_t since = 0;
	struct buf err = BUF_INIT;
	if (!sub || (strcmp(sub, "list") && strcmp(sub, "verify")))
		return usage_error(c, "%s", L("需要子命令：list 或 verify", "a subcommand is needed: list or verify"));
	for (int i = 2; i < argc; i++) {
		int r;
		if (!strcmp(sub, "list") && (r = opt_arg(argc, argv, &i, "--since", &v))) {
			char *end;
			if (r < 0)
				return EXIT_USAGE;
			long long n = strtoll(v, &end, 10);
			if (!*v || *end || n < 0)
				return usage_error(c, L("--since 应为非负整数：%s", "--since must be a whole number: %s"), v);
			since = n;
		} else {
			return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[i]);
		}
	}
	if (!strcmp(sub, "verify")) {
		struct audit_check r;
		int rc = store_audit_verify(ctx->b, &r, &err);
		if (rc < 0) {
			zb_err("%s", buf_str(&err));
			buf_release(&err);
			return EXIT_FAIL;
		}
		if (rc) {
			zb_err(L("审计日志在第 %lld 条断裂：%s", "the audit log breaks at entry %lld: %s"),
			       (long long)r.bad_id, r.why);
			return EXIT_FINDINGS;
		}
		printf(L("OK：审计日志完整，共 %lld 条\n", "OK: the audit log is unbroken, %lld entries\n"),
		       (long long)r.n_entries);
		return EXIT_OK;
	}
	json_t *arr = store_audit_list(ctx->b, since, 0, &err);
	if (!arr) {
		zb_err("%s", buf_str(&err));
		buf_release(&err);
		return EXIT_FAIL;
	}
	if (ctx->g->format && !strcmp(ctx->g->format, "json")) {
		json_dumpf(arr, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	} else {
		size_t i;
		json_t *e;
		json_array_foreach(arr, i, e)
		{
			printf("%6lld  %s  %-16s %-22s %s\n", (long long)json_integer_value(json_object_get(e, "id")),
			       str(e, "time"), str(e, "user"), str(e, "action"), str(e, "object"));
		}
	}
	json_decref(arr);
	return EXIT_OK;
}
