/*
 * cmd_audit.c - `zbb audit list|head|verify`: the CLI front end of audit.c
 * and of the row digests (store_digest.c).
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

static int is_json(const struct cmd_ctx *ctx)
{
	return ctx->g->format && !strcmp(ctx->g->format, "json");
}

static int fail(struct buf *err)
{
	zb_err("%s", buf_str(err));
	buf_release(err);
	return EXIT_FAIL;
}

/* "N:HASH" (HASH: 64 hex digits) */
static int parse_head(const char *v, int64_t *id, char hash[65])
{
	char *end;
	long long n = strtoll(v, &end, 10);
	if (end == v || *end != ':' || n <= 0 || strlen(end + 1) != 64 || strspn(end + 1, "0123456789abcdef") != 64)
		return -1;
	*id = n;
	memcpy(hash, end + 1, 65);
	return 0;
}

/* A row's key as people read it: the primary key's columns named. */
static void show_row(const struct store_digest_finding *f)
{
	const char *what;
	switch (f->what) {
	case STORE_ROW_CHANGED:
		what = L("内容与最后一次审计写入（第 %lld 条）不符：在 zbb 之外被改动",
			 "differs from its last audited write (entry %lld): changed outside zbb");
		break;
	case STORE_ROW_DELETED:
		what = L("最后一次审计写入（第 %lld 条）的行已不存在：在 zbb 之外被删除",
			 "the row its last audited write (entry %lld) left is gone: deleted outside zbb");
		break;
	default:
		what = L("没有审计过的写入：在 zbb 之外加入", "has no audited write: added outside zbb");
	}
	struct buf key = BUF_INIT;
	/* the region leads every key; a book of the one default region does
	 * not show it */
	const char *k0 = f->key;
	if (!strncmp(k0, REGION_DEFAULT "/", sizeof REGION_DEFAULT))
		k0 += sizeof REGION_DEFAULT;
	for (const char *p = k0; *p; p++) {
		if (*p == '%' && p[1] && p[2]) {
			char h[3] = { p[1], p[2], 0 };
			buf_addc(&key, (char)strtol(h, NULL, 16));
			p += 2;
		} else {
			buf_addc(&key, *p);
		}
	}
	fprintf(stderr, "zbb: %s %s: ", f->table, buf_str(&key));
	fprintf(stderr, what, (long long)f->entry);
	fputc('\n', stderr);
	buf_release(&key);
}

static int on_finding(const struct store_digest_finding *f, void *arg)
{
	json_t *arr = arg;
	if (arr) {
		static const char *const names[] = { "", "changed", "added", "deleted" };
		json_t *o = json_pack("{s:s, s:s, s:s}", "table", f->table, "key", f->key, "what", names[f->what]);
		if (f->what != STORE_ROW_ADDED)
			json_object_set_new(o, "entry", json_integer(f->entry));
		json_array_append_new(arr, o);
	}
	show_row(f);
	return 0;
}

static int verify(struct cmd_ctx *ctx, const char *head, int data)
{
	struct buf err = BUF_INIT;
	struct audit_check r;
	int bad = 0;
	json_t *out = json_object();
	int rc = store_audit_verify(ctx->b, &r, &err);
	if (rc < 0) {
		json_decref(out);
		return fail(&err);
	}
	json_object_set_new(out, "entries", json_integer(r.n_entries));
	json_object_set_new(out, "chain", json_boolean(!rc));
	if (rc) {
		zb_err(L("审计日志在第 %lld 条断裂：%s", "the audit log breaks at entry %lld: %s"), (long long)r.bad_id,
		       r.why);
		bad = 1;
	}
	if (head) {
		int64_t id;
		char want[65], have[65];
		if (parse_head(head, &id, want)) {
			json_decref(out);
			return usage_error(command_find("audit"),
					   L("--head 应为 编号:哈希（zbb audit head 的输出）：%s",
					     "--head must be N:HASH (what zbb audit head prints): %s"),
					   head);
		}
		int h = store_audit_entry_hash(ctx->b, id, have, &err);
		if (h < 0) {
			json_decref(out);
			return fail(&err);
		}
		int held = h == 1 && !strcmp(have, want) && (!r.bad_id || r.bad_id > id);
		json_object_set_new(out, "head", json_boolean(held));
		if (!h) {
			zb_err(L("审计日志只到第 %lld 条，留存的第 %lld 条及其后的条目已不在（尾部被截掉）",
				 "the audit log ends at entry %lld: entry %lld that was kept and those after it are missing (its tail was cut)"),
			       (long long)r.n_entries, (long long)id);
		} else if (strcmp(have, want)) {
			zb_err(L("审计日志第 %lld 条的哈希与留存的不符：日志在此之前被改写",
				 "entry %lld of the audit log does not have the hash that was kept: the log was rewritten up to it"),
			       (long long)id);
		}
		bad |= !held;
	}
	if (data) {
		struct store_digest_check d;
		json_t *rows = json_array();
		int x = store_digest_verify(ctx->b, on_finding, rows, &d, &err);
		if (x < 0) {
			json_decref(rows);
			json_decref(out);
			return fail(&err);
		}
		if (d.digests_changed)
			zb_err("%s", L("数据行摘要表与审计日志不符：摘要在 zbb 之外被改动",
				       "the table of row digests does not match the audit log: it was changed outside zbb"));
		if (d.sum_differs && !d.n_bad)
			zb_err(L("数据行的摘要之和与第 %lld 条审计记录的不符：有行在 zbb 之外被改动",
				 "the rows' digests do not add up to what entry %lld recorded: rows were changed outside zbb"),
			       (long long)d.entry);
		json_object_set_new(out, "rows", json_integer(d.n_rows));
		json_object_set_new(out, "rows_differing", rows);
		json_object_set_new(out, "data", json_boolean(!x));
		bad |= x;
		if (!x && !is_json(ctx))
			printf(L("OK：%lld 行数据都与最后一次审计写入一致\n",
				 "OK: all %lld rows are as their last audited write left them\n"),
			       (long long)d.n_rows);
	}
	if (is_json(ctx)) {
		json_object_set_new(out, "ok", json_boolean(!bad));
		json_dumpf(out, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	} else if (!rc) {
		if (head && !bad)
			printf(L("OK：审计日志完整，共 %lld 条，仍含留存的第 %s 条\n",
				 "OK: the audit log is unbroken, %lld entries, and holds the entry kept as %s\n"),
			       (long long)r.n_entries, head);
		else
			printf(L("OK：审计日志完整，共 %lld 条\n", "OK: the audit log is unbroken, %lld entries\n"),
			       (long long)r.n_entries);
	}
	json_decref(out);
	return bad ? EXIT_FINDINGS : EXIT_OK;
}

static int show_count(const struct store_audit_count_row *r, void *arg)
{
	(void)arg;
	printf(L("%s  %-22s 共 %lld 次（%s 至 %s；第一次之后只计数）\n",
		 "%s  %-22s %lld in all (%s to %s; counted after the first)\n"),
	       r->day, r->action, (long long)r->n, r->first, r->last);
	return 0;
}

int cmd_audit(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("audit");
	const char *sub = argc > 1 ? argv[1] : NULL, *v, *head = NULL;
	int64_t since = 0;
	int data = 0;
	struct buf err = BUF_INIT;
	if (!sub || (strcmp(sub, "list") && strcmp(sub, "verify") && strcmp(sub, "head")))
		return usage_error(c, "%s",
				   L("需要子命令：list、head 或 verify", "a subcommand is needed: list, head or verify"));
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
		} else if (!strcmp(sub, "verify") && (r = opt_arg(argc, argv, &i, "--head", &v))) {
			if (r < 0)
				return EXIT_USAGE;
			head = v;
		} else if (!strcmp(sub, "verify") && !strcmp(argv[i], "--data")) {
			data = 1;
		} else {
			return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[i]);
		}
	}
	if (!strcmp(sub, "verify"))
		return verify(ctx, head, data);
	if (!strcmp(sub, "head")) {
		int64_t id;
		char hash[65];
		int h = store_audit_head(ctx->b, &id, hash, &err);
		if (h < 0)
			return fail(&err);
		if (is_json(ctx)) {
			json_t *o = json_pack("{s:I, s:s}", "id", (json_int_t)id, "hash", hash);
			json_dumpf(o, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
			fputc('\n', stdout);
			json_decref(o);
		} else {
			printf("%lld:%s\n", (long long)id, hash);
		}
		return EXIT_OK;
	}
	json_t *arr = store_audit_list(ctx->b, since, 0, &err);
	if (!arr)
		return fail(&err);
	if (is_json(ctx)) {
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
		if (store_audit_counts_each(ctx->b, show_count, NULL, &err) < 0) {
			json_decref(arr);
			return fail(&err);
		}
	}
	json_decref(arr);
	return EXIT_OK;
}
