/*
 * cmd_book.c - the book's CLI front ends: init, backup, import, export,
 * codes, set, get and info.  Parsing options and printing only; the work
 * is the store's (store.h), import.c's, export.c's and codes.c's.
 */
#include "audit.h"
#include "codes.h"
#include "db.h"
#include "dispatch.h"
#include "export.h"
#include "import.h"
#include "settings.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct init_arg {
	int year;
	const char *region, *name;
};

static int init_region_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct init_arg *a = arg;
	int rc = store_set_year(b, a->year, err);
	if (!rc && a->region)
		rc = store_region_rename_default(b, a->region, a->name, err);
	if (!rc)
		c->after = a->region ? json_pack("{s:i, s:s, s:s}", "year", a->year, "region", a->region, "name", a->name)
				     : json_pack("{s:i}", "year", a->year);
	return rc;
}

int cmd_init(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("init");
	struct buf err = BUF_INIT;
	struct book *b = NULL;
	const char *name = NULL;
	int rc = EXIT_FAIL;
	for (int i = 1; i < argc; i++) {
		const char *v;
		int r = opt_arg(argc, argv, &i, "--name", &v);
		if (r < 0)
			return EXIT_USAGE;
		if (r > 0)
			name = v;
		else
			return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[i]);
	}
	if (!ctx->g->year)
		return usage_error(c, "%s", L("请用 --year 指定预算年度", "give the budget year with --year"));
	const char *region = ctx->g->region;
	if (region && !strcmp(region, REGION_DEFAULT))
		region = NULL;
	if (region && region_code_check(region, &err)) {
		zb_err("%s", buf_str(&err));
		buf_release(&err);
		return EXIT_USAGE;
	}
	if (name && !region)
		return usage_error(c, "%s", L("--name 是 --region 所给区划的名称", "--name names the region given with --region"));
	if (store_book_exists(ctx->g->book)) {
		zb_err(L("%s: 账簿已存在，不能重复新建（另选 --book，或删除旧文件）",
			 "%s: the book already exists (choose another --book, or remove the old file)"),
		       ctx->g->shown);
		return EXIT_USAGE;
	}
	char dflt[32];
	snprintf(dflt, sizeof dflt, "%s", region ? region : "");
	struct init_arg a = { ctx->g->year, region, name ? name : dflt };
	struct store_change ch = { ctx->who, "book.init", "book", NULL, NULL, STORE_BOOK_WIDE };
	if (store_open(ctx->g->book, STORE_CREATE, &b, &err)) {
		zb_err("%s", buf_str(&err));
		goto out;
	}
	int wrc = store_write(b, &ch, init_region_fn, &a, &err);
	store_change_release(&ch);
	if (wrc) {
		zb_err("%s", buf_str(&err));
		rc = wrc > 0 ? EXIT_USAGE : EXIT_FAIL;
		goto out;
	}
	if (region)
		printf(L("已新建账簿 %s，预算年度 %d，区划 %s %s\n", "created book %s for budget year %d, region %s %s\n"),
		       ctx->g->shown, ctx->g->year, region, a.name);
	else
		printf(L("已新建账簿 %s，预算年度 %d\n", "created book %s for budget year %d\n"), ctx->g->shown, ctx->g->year);
	rc = EXIT_OK;
out:
	store_close(b);
	buf_release(&err);
	return rc;
}

/* --- regions ------------------------------------------------------------ */

struct region_list {
	json_t *arr;
	int is_json;
};

static int region_row(const char *code, const char *name, void *arg)
{
	struct region_list *l = arg;
	int level = region_level(code);
	if (l->is_json)
		json_array_append_new(l->arr, json_pack("{s:s, s:s, s:i, s:s}", "code", code, "name", name, "level", level,
							"level_name", region_level_name(level)));
	else
		printf("  %s  %-6s %s\n", code, region_level_name(level), name);
	return 0;
}

int cmd_region(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("region");
	struct buf err = BUF_INIT;
	if (argc < 2 || !strcmp(argv[1], "list")) {
		if (argc > 2)
			return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[2]);
		struct region_list l = { NULL, ctx->g->format && !strcmp(ctx->g->format, "json") };
		if (l.is_json)
			l.arr = json_array();
		else
			printf(L("账簿 %s 的区划：\n", "regions of %s:\n"), ctx->b->name);
		if (store_regions_each(ctx->b, region_row, &l, &err)) {
			zb_err("%s", buf_str(&err));
			buf_release(&err);
			json_decref(l.arr);
			return EXIT_FAIL;
		}
		if (l.is_json) {
			json_dumpf(l.arr, stdout, JSON_INDENT(2));
			fputc('\n', stdout);
			json_decref(l.arr);
		}
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "add")) {
		if (argc != 4)
			return usage_error(c, "%s", L("用法：region add 代码 名称", "usage: region add CODE NAME"));
		int rc = store_region_add(ctx->b, ctx->who, argv[2], argv[3], &err);
		if (rc) {
			zb_err("%s", buf_str(&err));
			buf_release(&err);
			return rc > 0 ? EXIT_USAGE : EXIT_FAIL;
		}
		printf(L("已增加区划 %s %s（%s）\n", "added region %s %s (%s)\n"), argv[2], argv[3],
		       region_level_name(region_level(argv[2])));
		return EXIT_OK;
	}
	return usage_error(c, L("未知的子命令：%s", "unknown subcommand: %s"), argv[1]);
}

static void backup_progress(int done, int total)
{
	progress_draw(L("备份", "backup"), (size_t)done, (size_t)total);
}

int cmd_backup(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("backup");
	const char *dest = NULL;
	int force = 0;
	struct buf err = BUF_INIT;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--force") || !strcmp(argv[i], "-f"))
			force = 1;
		else if (argv[i][0] == '-' && argv[i][1])
			return usage_error(c, L("未知选项：%s", "unknown option: %s"), argv[i]);
		else if (!dest)
			dest = argv[i];
		else
			return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[i]);
	}
	if (!dest)
		return usage_error(c, "%s", L("需要备份文件名 FILE", "FILE is needed"));
	int show = progress_wanted();
	int rc = store_backup(ctx->b, dest, force, show ? backup_progress : NULL, &err);
	if (show)
		progress_done();
	if (rc) {
		zb_err("%s", buf_str(&err));
		buf_release(&err);
		return rc > 0 ? EXIT_USAGE : EXIT_FAIL; /* a refusal is the user's to fix */
	}
	printf(L("已备份 %s 到 %s\n", "backed up %s to %s\n"), ctx->b->name, dest);
	return EXIT_OK;
}

struct prog_state {
	const char *label;
};

static void import_progress(void *p, size_t done, size_t total)
{
	struct prog_state *ps = p;
	progress_draw(ps->label, done, total);
}

int cmd_import(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("import");
	const char *kind = NULL, *file = NULL, *v;
	struct import_opts o = { .max_rows = IMPORT_MAX_ROWS };
	struct import_result res;
	struct buf err = BUF_INIT;
	for (int i = 1; i < argc; i++) {
		int r;
		if ((r = opt_arg(argc, argv, &i, "--encoding", &v))) {
			if (r < 0)
				return EXIT_USAGE;
			if (!strcasecmp(v, "utf-8") || !strcasecmp(v, "utf8"))
				o.enc = ENC_UTF8;
			else if (!strcasecmp(v, "gb18030") || !strcasecmp(v, "gbk"))
				o.enc = ENC_GB18030;
			else
				return usage_error(c, L("--encoding 应为 utf-8 或 gb18030：%s",
							"--encoding must be utf-8 or gb18030: %s"), v);
		} else if ((r = opt_arg(argc, argv, &i, "--max-errors", &v))) {
			if (r < 0)
				return EXIT_USAGE;
			o.max_errors = atoi(v);
			if (o.max_errors <= 0)
				return usage_error(c, "%s", L("--max-errors 应为正整数", "--max-errors must be positive"));
		} else if ((r = opt_arg(argc, argv, &i, "--max-rows", &v))) {
			char *end;
			if (r < 0)
				return EXIT_USAGE;
			long long n = strtoll(v, &end, 10);
			if (*end || n < 1 || n > 2000000000)
				return usage_error(c, L("--max-rows 应为 1 到 2000000000：%s",
							"--max-rows must be from 1 to 2000000000: %s"), v);
			o.max_rows = (long)n;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error(c, L("未知选项：%s", "unknown option: %s"), argv[i]);
		} else if (!kind) {
			kind = argv[i];
		} else if (!file) {
			file = argv[i];
		} else {
			return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[i]);
		}
	}
	if (!kind || !file)
		return usage_error(c, "%s", L("需要 KIND 和 FILE", "KIND and FILE are needed"));
	const struct kind *k = kind_find(kind);
	if (!k) {
		struct buf names = BUF_INIT;
		for (size_t i = 0; i < kinds_n; i++)
			buf_printf(&names, "%s%s", i ? " " : "", kinds[i].name);
		usage_error(c, L("没有这类数据：%s（可选：%s）", "no such kind: %s (one of: %s)"), kind, buf_str(&names));
		buf_release(&names);
		return EXIT_USAGE;
	}
	struct prog_state ps = { k->name };
	if (progress_wanted()) {
		o.progress = import_progress;
		o.progress_ctx = &ps;
	}
	int rc = import_file(ctx->b, ctx->who, k, file, &o, &res, &err);
	if (o.progress)
		progress_done();
	if (res.converted)
		zb_err(L("%s: 文件不是 UTF-8 编码，已按 GB18030 读取", "%s: not UTF-8; read as GB18030"), file);
	if (rc == IMPORT_OK) {
		printf(L("已导入 %s（%s）%ld 行：新增 %ld，替换 %ld\n", "imported %s (%s): %ld rows, %ld new, %ld replaced\n"),
		       k->name, k->zh, res.n_rows, res.n_inserted, res.n_updated);
	} else if (rc == IMPORT_BAD_INPUT) {
		for (size_t i = 0; i < res.n_shown; i++)
			zb_err("%s", res.errors[i]);
		if (res.n_errors > (long)res.n_shown)
			zb_err(L("……另有 %ld 处错误未列出", "… and %ld more errors"), res.n_errors - (long)res.n_shown);
		zb_err(L("%s: 共 %ld 处错误，未导入任何数据，账簿保持原样",
			 "%s: %ld errors; nothing was imported and the book is unchanged"),
		       file, res.n_errors);
		rc = EXIT_USAGE;
	} else {
		zb_err("%s", buf_str(&err));
		rc = EXIT_FAIL;
	}
	import_result_release(&res);
	buf_release(&err);
	return rc;
}

int cmd_export(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("export");
	const char *kind = NULL, *output = NULL;
	enum export_format f = EXPORT_CSV;
	for (int i = 1; i < argc; i++) {
		int r;
		if ((r = opt_arg(argc, argv, &i, "--output", &output)) || (r = opt_arg(argc, argv, &i, "-o", &output))) {
			if (r < 0)
				return EXIT_USAGE;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error(c, L("未知选项：%s", "unknown option: %s"), argv[i]);
		} else if (!kind) {
			kind = argv[i];
		} else {
			return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[i]);
		}
	}
	int is_xlsx = 0;
	if (ctx->g->format) {
		if (!strcmp(ctx->g->format, "json"))
			f = EXPORT_JSON;
		else if (!strcmp(ctx->g->format, "xlsx"))
			is_xlsx = 1;
		else if (strcmp(ctx->g->format, "csv"))
			return usage_error(c, L("--format 应为 csv、json 或 xlsx：%s", "--format must be csv, json or xlsx: %s"),
					   ctx->g->format);
	}
	if (!kind)
		return usage_error(c, "%s", L("需要 KIND", "KIND is needed"));
	const struct kind *k = kind_find(kind);
	if (!k)
		return usage_error(c, L("没有这类数据：%s", "no such kind: %s"), kind);
	if (is_xlsx) {
		/* a template to fill in: a workbook file (default KIND.xlsx) */
		char def[96];
		snprintf(def, sizeof def, "%s.xlsx", k->name);
		struct buf err = BUF_INIT;
		int rc = export_kind_xlsx(ctx->b, k, output ? output : def, &err) ? EXIT_FAIL : EXIT_OK;
		if (rc)
			zb_err("%s", buf_str(&err));
		else
			printf(L("已写出 %s\n", "wrote %s\n"), output ? output : def);
		buf_release(&err);
		return rc;
	}
	FILE *out = stdout;
	if (output && !(out = fopen(output, "w"))) {
		zb_err(L("%s: 无法写入：%s", "%s: cannot write: %s"), output, zb_strerror(errno));
		return EXIT_USAGE;
	}
	struct buf err = BUF_INIT;
	int rc = export_kind(ctx->b, k, f, out, &err) ? EXIT_FAIL : EXIT_OK;
	if (rc)
		zb_err("%s", buf_str(&err));
	if (out != stdout && fclose(out) != 0) {
		zb_err(L("%s: 写入失败：%s", "%s: write failed: %s"), output, zb_strerror(errno));
		rc = EXIT_FAIL;
	}
	buf_release(&err);
	return rc;
}

int cmd_codes(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("codes");
	int want_f = 1, want_e = 1;
	const char *prefix = "";
	int i = 1;
	if (i < argc && !strcmp(argv[i], "function")) {
		want_e = 0;
		i++;
	} else if (i < argc && !strcmp(argv[i], "economic")) {
		want_f = 0;
		i++;
	}
	if (i < argc)
		prefix = argv[i++];
	if (i < argc)
		return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[i]);
	int json = ctx->g->format && !strcmp(ctx->g->format, "json");
	json_t *root = json ? json_object() : NULL;
	size_t plen = strlen(prefix), shown = 0;
	for (int k = 0; k < 2; k++) {
		if ((k == 0 && !want_f) || (k == 1 && !want_e))
			continue;
		const struct code_entry *t = k == 0 ? codes_function : codes_economic;
		size_t n = k == 0 ? codes_function_n : codes_economic_n;
		json_t *arr = json ? json_array() : NULL;
		if (!json)
			printf("%s\n", k == 0 ? L("支出功能分类科目", "function classification")
					      : L("部门预算支出经济分类科目", "economic classification"));
		for (size_t j = 0; j < n; j++) {
			if (strncmp(t[j].code, prefix, plen))
				continue;
			shown++;
			if (json) {
				json_t *o = json_pack("{s:s, s:s}", "code", t[j].code, "name", t[j].name);
				if (k == 1)
					json_object_set_new(o, "sangong", json_boolean(t[j].is_sangong));
				json_array_append_new(arr, o);
			} else {
				size_t depth = (strlen(t[j].code) - 3) / 2;
				printf("  %*s%-7s %s%s\n", (int)depth * 2, "", t[j].code, t[j].name,
				       t[j].is_sangong ? L("  【三公经费】", "  [sangong]") : "");
			}
		}
		if (json)
			json_object_set_new(root, k == 0 ? "function" : "economic", arr);
	}
	if (json) {
		json_dumpf(root, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(root);
	}
	if (!shown && plen) {
		zb_err(L("没有以 %s 开头的科目", "no code starts with %s"), prefix);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* The value in force: stored, else the default (malloc'd). */
static char *setting_value(struct book *b, const struct setting_def *d)
{
	char *v = store_setting_get(b, d->key);
	return v ? v : xstrdup(d->def);
}

int cmd_set(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("set");
	if (argc != 3)
		return usage_error(c, "%s", L("需要 KEY 和 VALUE", "KEY and VALUE are needed"));
	struct buf err = BUF_INIT;
	const char *keys[] = { argv[1] }, *values[] = { argv[2] };
	int rc = store_settings_put(ctx->b, ctx->who, 1, keys, values, &err);
	if (rc) {
		zb_err("%s", buf_str(&err));
	} else {
		char *v = setting_value(ctx->b, settings_find(argv[1]));
		printf("%s = %s\n", argv[1], v);
		free(v);
	}
	buf_release(&err);
	return rc > 0 ? EXIT_USAGE : rc ? EXIT_FAIL : EXIT_OK;
}

int cmd_get(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("get");
	int json = ctx->g->format && !strcmp(ctx->g->format, "json");
	if (argc > 2)
		return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[2]);
	if (argc == 2 && !strcmp(argv[1], "year")) {
		/* the year commands work on (the book's current year unless --year) */
		if (json)
			printf("{\"year\":%d}\n", ctx->b->year);
		else
			printf("%d\n", ctx->b->year);
		return EXIT_OK;
	}
	if (argc == 2) {
		const struct setting_def *d = settings_find(argv[1]);
		if (!d) {
			zb_err(L("没有这个设置项：%s（见 zbb get）", "no such setting: %s (see zbb get)"), argv[1]);
			return EXIT_USAGE;
		}
		char *v = setting_value(ctx->b, d);
		if (json) {
			json_t *o = json_pack("{s:s}", argv[1], v);
			json_dumpf(o, stdout, JSON_COMPACT);
			putchar('\n');
			json_decref(o);
		} else {
			printf("%s\n", v);
		}
		free(v);
		return EXIT_OK;
	}
	json_t *root = json ? json_object() : NULL;
	if (json)
		json_object_set_new(root, "year", json_integer(ctx->b->year));
	else
		printf("%-22s %d\n", "year", ctx->b->year);
	for (size_t i = 0; i < settings_n; i++) {
		const struct setting_def *d = &settings_table[i];
		char *v = setting_value(ctx->b, d);
		if (json)
			json_object_set_new(root, d->key, json_string(v));
		else {
			struct buf line = BUF_INIT;
			utf8_pad(&line, d->key, 23);
			utf8_pad(&line, v, 12);
			printf("%s  # %s\n", buf_str(&line), L(d->zh, d->en));
			buf_release(&line);
		}
		free(v);
	}
	if (json) {
		json_dumpf(root, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(root);
	}
	return EXIT_OK;
}

int cmd_info(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return info_print(ctx->b, ctx->g);
}

int info_print(struct book *b, const struct zb_opts *g)
{
	return info_print_with(b, g, NULL);
}

int info_print_with(struct book *b, const struct zb_opts *g, void *extra)
{
	int json = g->format && !strcmp(g->format, "json");
	zb_fen requested, sources;
	struct buf err = BUF_INIT;
	if (store_totals(b, &requested, &sources, &err)) {
		zb_err("%s", buf_str(&err));
		buf_release(&err);
		return EXIT_FAIL;
	}
	char m1[MONEY_BUFSZ], m2[MONEY_BUFSZ];
	json_t *root = json ? json_pack("{s:s, s:i}", "book", b->name, "year", b->year) : NULL;
	if (!json)
		printf(L("账簿 %s，预算年度 %d\n", "book %s, budget year %d\n"), b->name, b->year);
	if (strcmp(b->region, REGION_DEFAULT)) {
		/* a book of regions (SPEC §14): the one these counts are of */
		char *rn = store_region_name(b, b->region);
		int64_t nr = store_region_count(b);
		if (json)
			json_object_set_new(root, "region", json_pack("{s:s, s:s, s:I}", "code", b->region, "name", rn ? rn : "",
								      "regions", (json_int_t)nr));
		else
			printf(L("区划 %s %s（账簿共 %lld 个区划）\n", "region %s %s (%lld regions in the book)\n"), b->region,
			       rn ? rn : "", (long long)nr);
		free(rn);
	}
	for (size_t i = 0; i < kinds_n; i++) {
		int64_t n = store_count(b, kinds[i].name);
		if (json)
			json_object_set_new(root, kinds[i].name, json_integer(n));
		else {
			/* pad by display width: %-18s counts bytes, and a
			 * Chinese name is three bytes but two columns a character */
			struct buf line = BUF_INIT;
			buf_adds(&line, "  ");
			utf8_pad(&line, kinds[i].name, 13);
			utf8_pad(&line, kinds[i].zh, 19);
			printf("%s%10lld\n", buf_str(&line), (long long)n);
			buf_release(&line);
		}
	}
	if (json) {
		json_object_set_new(root, "requested_fen", json_integer(requested));
		json_object_set_new(root, "sources_fen", json_integer(sources));
		if (extra)
			json_object_set_new(root, "summary", (json_t *)extra);
		json_dumpf(root, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
		putchar('\n');
		json_decref(root);
	} else {
		printf(L("  申报总额 %s %s，资金来源 %s %s\n", "  requested %s %s, sources %s %s\n"),
		       money_format(requested, g->unit, m1), money_unit_name(g->unit),
		       money_format(sources, g->unit, m2), money_unit_name(g->unit));
	}
	return EXIT_OK;
}

/* `zbb copy --from FILE|URL --to FILE|URL [--region CODE]` (SPEC §14). */
int cmd_copy(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("copy");
	const char *from = NULL, *to = NULL, *v;
	for (int i = 1; i < argc; i++) {
		int r;
		if ((r = opt_arg(argc, argv, &i, "--from", &v)) > 0)
			from = v;
		else if (!r && (r = opt_arg(argc, argv, &i, "--to", &v)) > 0)
			to = v;
		else if (r < 0)
			return EXIT_USAGE;
		else
			return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[i]);
	}
	if (!from || !to)
		return usage_error(c, "%s", L("需要 --from 和 --to", "--from and --to are needed"));
	/* --region (global) picks the region copied; none: the whole book */
	const char *region = ctx->g->region;
	struct buf err = BUF_INIT;
	if (region && region_code_check(region, &err)) {
		zb_err("%s", buf_str(&err));
		buf_release(&err);
		return EXIT_USAGE;
	}
	char *fs = db_shown(from), *ts = db_shown(to);
	struct book *src = NULL, *dst = NULL;
	int rc = EXIT_FAIL, is_new = !store_book_exists(to);
	if (!region && !is_new) {
		zb_err(L("%s: 账簿已存在；整本复制只能复制到新的账簿（复制一个区划请加 --region）",
			 "%s: the book exists; a whole book is copied into a new one only (--region copies one region)"),
		       ts);
		rc = EXIT_USAGE;
		goto out;
	}
	int orc = store_open(from, STORE_READONLY, &src, &err);
	if (orc) {
		zb_err("%s", buf_str(&err));
		rc = orc == STORE_OPEN_FAIL ? EXIT_FAIL : EXIT_USAGE;
		goto out;
	}
	if (region && (orc = store_use_region(src, region, &err))) {
		zb_err("%s", buf_str(&err));
		rc = orc > 0 ? EXIT_USAGE : EXIT_FAIL;
		goto out;
	}
	if ((orc = store_open(to, is_new ? STORE_CREATE : 0, &dst, &err))) {
		zb_err("%s", buf_str(&err));
		rc = orc == STORE_OPEN_FAIL ? EXIT_FAIL : EXIT_USAGE;
		goto out;
	}
	struct store_copy_result res;
	int w = store_copy(src, dst, region, is_new, ctx->who, &res, &err);
	if (w) {
		zb_err("%s", buf_str(&err));
		rc = w > 0 ? EXIT_USAGE : EXIT_FAIL;
		goto out;
	}
	if (region)
		printf(L("已把 %2$s 的区划 %1$s 复制到 %3$s：%4$lld 行，%5$lld 张表\n", "copied region %s of %s into %s: %lld rows, %lld tables\n"),
		       region, fs, ts, (long long)res.n_rows, (long long)res.n_tables);
	else
		printf(L("已把 %s 整本复制到 %s：%lld 行，%lld 张表（审计日志随之复制，并记下这次复制）\n",
			 "copied %s into %s: %lld rows, %lld tables (its audit log with it, and this copy in it)\n"),
		       fs, ts, (long long)res.n_rows, (long long)res.n_tables);
	rc = EXIT_OK;
out:
	store_close(src);
	store_close(dst);
	free(fs);
	free(ts);
	buf_release(&err);
	return rc;
}
