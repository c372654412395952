/*
 * cmd_alloc.c - `zbb allocate`, `zbb scenarios` and `zbb report`: parse
 * options, run the pipeline (scenario.c), render the reports (report.c,
 * table.c, xlsxout.c).  No business logic here.
 */
#include "dispatch.h"
#include "current.h"
#include "season.h"
#include "report.h"
#include "rollup.h"
#include "xlsxout.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

static void print_json(json_t *o)
{
	json_dumpf(o, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	putchar('\n');
}

static int is_json(struct cmd_ctx *ctx)
{
	return ctx->g->format && !strcmp(ctx->g->format, "json");
}

/* Microseconds of the monotonic clock, for --bench only (never money). */
static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* allocate --bench N: time each stage of the pipeline, then N what-if
 * re-allocations at capacities from 60% to 100% of the general sources;
 * nothing is stored. */
static int allocate_bench(struct cmd_ctx *ctx, int n)
{
	struct pipeline p;
	struct buf err = BUF_INIT;
	int rc = EXIT_FAIL;
	int64_t t0 = now_us();
	memset(&p, 0, sizeof p);
	scenario_params_init(&p.params, "bench");
	p.sources_next[0] = p.sources_next[1] = -1;
	if (store_model_load(ctx->b, ctx->b->year, &p.m, &err))
		goto out;
	p.has_model = 1;
	int64_t t1 = now_us();
	struct model m = p.m;
	memset(&p.m, 0, sizeof p.m);
	p.has_model = 0;
	pipeline_release(&p);
	/* rules + allocation through the same path as zbb allocate */
	if (pipeline_run_model(&m, NULL, &p, &err))
		goto out;
	int64_t t2 = now_us();
	struct report_totals tot;
	if (report_totals(&p, &tot))
		goto out;
	int64_t t3 = now_us();
	zb_fen general = 0;
	for (size_t s = 0; s < p.m.n_sources; s++)
		if (p.m.sources[s].kind == SOURCE_GENERAL)
			general += p.m.sources[s].amount_fen;
	int64_t *w = xcalloc((size_t)n, sizeof(int64_t));
	for (int i = 0; i < n; i++) {
		zb_fen cap;
		money_scale_floor(general, 60 + 40 * i / (n > 1 ? n - 1 : 1), 100, &cap);
		int64_t a = now_us();
		if (pipeline_realloc(&p, cap, &err)) {
			free(w);
			goto out;
		}
		w[i] = now_us() - a;
	}
	qsort(w, (size_t)n, sizeof(int64_t), cmp_i64);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("items %zu projects %zu packages %zu\n", p.m.n_items, p.m.n_projects, p.ar.n_packages);
	printf("load %.3f ms\nrules+allocation %.3f ms\nsummary %.3f ms\npipeline %.3f ms\n",
	       (t1 - t0) / 1000.0, (t2 - t1) / 1000.0, (t3 - t2) / 1000.0, (t3 - t0) / 1000.0);
	printf("what-if median %.3f ms, min %.3f ms, max %.3f ms (%d runs)\n", w[n / 2] / 1000.0, w[0] / 1000.0,
	       w[n - 1] / 1000.0, n);
	printf("maxrss %ld MB, %.0f bytes per item\n", ru.ru_maxrss / 1024,
	       p.m.n_items ? ru.ru_maxrss * 1024.0 / (double)p.m.n_items : 0.0);
	free(w);
	rc = EXIT_OK;
out:
	if (rc)
		zb_err("%s", buf_str(&err));
	pipeline_release(&p);
	buf_release(&err);
	return rc;
}

int cmd_allocate(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("allocate");
	struct scenario_params sp;
	struct pipeline p;
	struct buf err = BUF_INIT;
	const char *v;
	int rc = EXIT_USAGE;
	scenario_params_init(&sp, "base");
	for (int i = 1; i < argc; i++) {
		int k;
		if ((k = opt_arg(argc, argv, &i, "--scenario", &v)) > 0) {
			if (!scenario_name_ok(v)) {
				usage_error(c, L("场景名只能含字母、数字、汉字和 _ - .（最长 64 字节）：%s",
						 "a scenario name has letters, digits, _ - . only (at most 64 bytes): %s"), v);
				goto out;
			}
			snprintf(sp.name, sizeof sp.name, "%s", v);
		} else if (k == 0 && (k = opt_arg(argc, argv, &i, "--capacity", &v)) > 0) {
			const char *why;
			if (money_parse(v, strlen(v), 0, &sp.capacity, &why)) {
				usage_error(c, "--capacity: %s: %s", why, v);
				goto out;
			}
		} else if (k == 0 && (k = opt_arg(argc, argv, &i, "--bench", &v)) > 0) {
			int n = atoi(v);
			if (n < 1 || n > 10000) {
				usage_error(c, "%s", L("--bench 次数应为 1 到 10000", "--bench takes a count from 1 to 10000"));
				goto out;
			}
			scenario_params_release(&sp);
			return allocate_bench(ctx, n);
		} else if (k == 0 && (k = opt_arg(argc, argv, &i, "--set", &v)) > 0) {
			if (scenario_params_set(&sp, v, &err)) {
				usage_error(c, "--set: %s", buf_str(&err));
				goto out;
			}
		} else if (k < 0) {
			goto out;
		} else {
			usage_error(c, L("未知参数：%s", "unknown argument: %s"), argv[i]);
			goto out;
		}
	}
	if (progress_wanted())
		fprintf(stderr, "%s", L("正在载入、审核并安排资金……", "loading, checking and allocating…"));
	if (pipeline_run(ctx->b, ctx->b->year, &sp, &p, &err)) {
		if (progress_wanted())
			progress_done();
		zb_err("%s", buf_str(&err));
		rc = EXIT_FAIL;
		goto out;
	}
	json_t *summary = report_summary_json(&p);
	if (!summary || scenario_allocate(ctx->b, ctx->who, &p, summary, &err)) {
		if (progress_wanted())
			progress_done();
		zb_err("%s", summary ? buf_str(&err) : L("金额合计超出范围", "a money total is out of range"));
		json_decref(summary);
		rc = EXIT_FAIL;
		goto out_p;
	}
	if (progress_wanted())
		progress_done();
	if (is_json(ctx))
		print_json(summary);
	else
		report_summary_text(&p, stdout, ctx->g->unit);
	json_decref(summary);
	rc = p.ar.shortfall || p.ar.affordability_fen ? EXIT_FINDINGS : EXIT_OK;
	if (rc == EXIT_FINDINGS) {
		/* one line that says which errors made the exit status 1 */
		char a[MONEY_BUFSZ];
		struct buf line = BUF_INIT, names = BUF_INIT;
		size_t n_over = 0;
		if (p.ar.shortfall)
			buf_printf(&line, L("三保缺口 %s 元：保工资、保基本民生、保运转的审核数未能全部安排（SHORTFALL）",
					    "shortfall of %s yuan: wages, basic livelihood and operations are not fully funded (SHORTFALL)"),
				   money_format(p.ar.shortfall, UNIT_YUAN, a));
		for (size_t i = 0; i < p.m.n_projects; i++)
			if (p.ar.over_afford[i] && n_over++ < 5)
				buf_printf(&names, "%s%s", n_over > 1 ? L("、", ", ") : "", p.m.projects[i].code);
		if (n_over > 5)
			buf_printf(&names, L(" 等", " …"));
		if (n_over)
			buf_printf(&line, L("%s%zu 个新增项目超过财政承受能力，%s 元未安排（OVER_AFFORDABILITY：%s）",
					    "%s%zu new projects over the affordability line, %s yuan not funded (OVER_AFFORDABILITY: %s)"),
				   line.len ? L("；", "; ") : "", n_over, money_format(p.ar.affordability_fen, UNIT_YUAN, a),
				   buf_str(&names));
		zb_err("%s%s", buf_str(&line), L("（见 zbb report cuts、zbb explain 项目）", " (see zbb report cuts, zbb explain PROJECT)"));
		buf_release(&line);
		buf_release(&names);
	}
out_p:
	pipeline_release_at_exit(&p); /* the command's last use of it */
out:
	scenario_params_release(&sp);
	buf_release(&err);
	return rc;
}

/* scenarios show NAME [--project CODE]: the item results as stored. */
static int scenario_show(struct cmd_ctx *ctx, const struct command *c, int argc, char **argv)
{
	const char *project = NULL;
	if (argc == 5 && !strcmp(argv[3], "--project"))
		project = argv[4];
	else if (argc != 3)
		return usage_error(c, "%s", L("用法：scenarios show NAME [--project CODE]", "usage: scenarios show NAME [--project CODE]"));
	struct buf err = BUF_INIT;
	int found;
	json_t *rows = scenario_results_json(ctx->b, argv[2], project, &found, &err);
	if (!rows) {
		if (found == 0) {
			zb_err(L("没有这个场景：%s", "no such scenario: %s"), argv[2]);
			buf_release(&err);
			return EXIT_USAGE;
		}
		zb_err("%s", buf_str(&err));
		buf_release(&err);
		return EXIT_FAIL;
	}
	buf_release(&err);
	if (is_json(ctx)) {
		print_json(rows);
		json_decref(rows);
		return EXIT_OK;
	}
	struct table t;
	table_init(&t, "scenario_results", L("场景的明细结果", "A scenario's item results"));
	table_col(&t, "agency", "单位", "agency", TC_TEXT);
	table_col(&t, "project", "项目", "project", TC_TEXT);
	table_col(&t, "seq", "明细", "item", TC_INT);
	table_col(&t, "funded_fen", "安排数", "funded", TC_MONEY);
	table_col(&t, "status", "结果", "result", TC_TEXT);
	table_col(&t, "draws", "资金来源", "sources", TC_TEXT);
	table_col_words(&t, 4, WORDS_ITEM_STATUS);
	size_t i;
	json_t *e;
	struct buf dv = BUF_INIT;
	json_array_foreach(rows, i, e)
	{
		size_t r = table_row(&t);
		table_text(&t, r, 0, json_string_value(json_object_get(e, "agency")));
		table_text(&t, r, 1, json_string_value(json_object_get(e, "project")));
		table_int(&t, r, 2, json_integer_value(json_object_get(e, "seq")));
		table_int(&t, r, 3, json_integer_value(json_object_get(e, "funded_fen")));
		table_text(&t, r, 4, json_string_value(json_object_get(e, "status")));
		buf_reset(&dv);
		size_t k;
		json_t *d;
		json_array_foreach(json_object_get(e, "draws"), k, d)
		{
			/* for a person: each source with its amount in the unit */
			char mb[MONEY_BUFSZ];
			buf_printf(&dv, "%s%s %s", k ? L("；", "; ") : "", json_string_value(json_object_get(d, "source")),
				   money_format_fit(json_integer_value(json_object_get(d, "amount_fen")), ctx->g->unit, mb));
		}
		table_text(&t, r, 5, buf_str(&dv));
	}
	buf_release(&dv);
	json_decref(rows);
	if (ctx->g->format && !strcmp(ctx->g->format, "csv"))
		table_print_csv(&t, stdout);
	else
		table_print_text(&t, stdout, ctx->g->unit);
	table_free(&t);
	return EXIT_OK;
}

int cmd_scenarios(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("scenarios");
	struct buf err = BUF_INIT;
	if (argc >= 2 && !strcmp(argv[1], "rm")) {
		if (argc != 3)
			return usage_error(c, "%s", L("需要场景名", "a scenario name is needed"));
		int r = scenario_remove(ctx->b, ctx->who, argv[2], &err);
		if (r < 0) {
			zb_err("%s", buf_str(&err));
			buf_release(&err);
			return EXIT_FAIL;
		}
		if (!r) {
			zb_err(L("没有这个场景：%s", "no such scenario: %s"), argv[2]);
			return EXIT_USAGE;
		}
		printf(L("已删除场景 %s\n", "removed scenario %s\n"), argv[2]);
		return EXIT_OK;
	}
	if (argc >= 2 && !strcmp(argv[1], "show"))
		return scenario_show(ctx, c, argc, argv);
	if (argc > 1)
		return usage_error(c, L("未知参数：%s", "unknown argument: %s"), argv[1]);
	json_t *list = scenario_list_json(ctx->b, &err);
	if (!list) {
		zb_err("%s", buf_str(&err));
		buf_release(&err);
		return EXIT_FAIL;
	}
	if (is_json(ctx)) {
		print_json(list);
		json_decref(list);
		return EXIT_OK;
	}
	/* text and CSV: the list as a table, the parameters as compact JSON */
	static const char *const money_keys[] = { "capacity_fen", "requested_fen", "approved_fen", "funded_fen",
						  "shortfall_fen" };
	struct table t;
	table_init(&t, "scenarios", L("资金安排场景", "Scenarios"));
	table_col(&t, "name", "场景", "scenario", TC_TEXT);
	table_col(&t, "created", "运行时间", "run at", TC_TEXT);
	table_col(&t, "params", "参数", "parameters", TC_TEXT);
	table_col(&t, "capacity_fen", "可用财力", "capacity", TC_MONEY);
	table_col(&t, "requested_fen", "申报数", "requested", TC_MONEY);
	table_col(&t, "approved_fen", "审核数", "approved", TC_MONEY);
	table_col(&t, "funded_fen", "安排数", "funded", TC_MONEY);
	table_col(&t, "shortfall_fen", "三保缺口", "shortfall", TC_MONEY);
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
	{
		size_t r = table_row(&t);
		char *params = json_dumps(json_object_get(e, "params"), JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
		table_text(&t, r, 0, json_string_value(json_object_get(e, "name")));
		table_text(&t, r, 1, json_string_value(json_object_get(e, "created")));
		table_text(&t, r, 2, params);
		free(params);
		for (size_t k = 0; k < 5; k++)
			table_int(&t, r, 3 + k, json_integer_value(json_object_get(e, money_keys[k])));
	}
	json_decref(list);
	if (ctx->g->format && !strcmp(ctx->g->format, "csv"))
		table_print_csv(&t, stdout);
	else
		table_print_text(&t, stdout, ctx->g->unit);
	table_free(&t);
	return EXIT_OK;
}

/* The pipeline of a scenario, or an exit status with the error printed. */
static int open_scenario(struct cmd_ctx *ctx, const char *name, int rerun, struct pipeline *p)
{
	struct buf err = BUF_INIT;
	int rc = scenario_open_record(ctx->b, name, rerun, p, &err);
	if (rc)
		zb_err("%s", buf_str(&err));
	buf_release(&err);
	return rc == 0 ? EXIT_OK : rc == 1 ? EXIT_USAGE : EXIT_FAIL;
}

/* Where a report goes: stdout, or --output FILE for every format. */
struct report_out {
	const char *path; /* NULL: stdout (xlsx gets a default name) */
	const char *fmt;  /* text json csv xlsx */
	int for_people;   /* csv: --for excel */
	enum money_unit u;
	const struct pipeline *p, *q; /* the scenarios shown: a stale record says so (SPEC §12) */
	const char *as;               /* --as adopted|current, or NULL: JSON says which */
};

/* A stale record's first line of text (SPEC §12). */
static void stale_text(const struct report_out *o, FILE *f)
{
	struct buf line = BUF_INIT;
	for (int k = 0; k < 2; k++) {
		const struct pipeline *p = k ? o->q : o->p;
		if (p)
			fputs(scenario_stale_line(p, &line), f);
	}
	buf_release(&line);
}

/* A table report's JSON: the rows; a stale record's come with what it is. */
static json_t *stale_wrap(const struct report_out *o, json_t *a)
{
	if (!(o->p && o->p->is_stale) && !(o->q && o->q->is_stale) && !o->as)
		return a;
	json_t *w = json_pack("{s:s}", "scenario", o->p->params.name);
	if (o->as)
		json_object_set_new(w, "as", json_string(o->as));
	scenario_stale_json(o->p, w);
	if (o->q && o->q->is_stale) {
		json_t *qo = json_pack("{s:s}", "scenario", o->q->params.name);
		scenario_stale_json(o->q, qo);
		json_object_set_new(w, "against", qo);
	}
	json_object_set_new(w, "rows", a);
	return w;
}

static FILE *out_open(const struct report_out *o)
{
	if (!o->path)
		return stdout;
	FILE *f = fopen(o->path, "wb");
	if (!f)
		zb_err(L("%s: 无法写入：%s", "%s: cannot write: %s"), o->path, strerror(errno));
	return f;
}

static int out_close(const struct report_out *o, FILE *f)
{
	if (f == stdout)
		return fflush(f) == 0 ? EXIT_OK : EXIT_FAIL;
	if (fclose(f) != 0) {
		zb_err(L("%s: 写入失败", "%s: write failed"), o->path);
		return EXIT_FAIL;
	}
	printf(L("已写出 %s\n", "wrote %s\n"), o->path);
	return EXIT_OK;
}

static void json_out(FILE *f, json_t *o)
{
	json_dumpf(o, f, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	fputc('\n', f);
}

static int write_xlsx(const struct report_out *o, struct table *const *tabs, size_t n, const char *def_name)
{
	struct buf err = BUF_INIT;
	const char *path = o->path ? o->path : def_name;
	int rc = EXIT_OK;
	if (xlsx_write_tables(path, tabs, n, o->u, &err)) {
		zb_err("%s", buf_str(&err));
		rc = EXIT_FAIL;
	} else {
		printf(L("已写出 %s\n", "wrote %s\n"), path);
	}
	buf_release(&err);
	return rc;
}

/* One table in the chosen format. */
static int render_table(const struct report_out *o, struct table *t, const char *def_name)
{
	if (!strcmp(o->fmt, "xlsx")) {
		struct table *tabs[] = { t };
		return write_xlsx(o, tabs, 1, def_name);
	}
	FILE *f = out_open(o);
	if (!f)
		return EXIT_FAIL;
	if (!strcmp(o->fmt, "json")) {
		json_t *a = stale_wrap(o, table_to_json(t));
		json_out(f, a);
		json_decref(a);
	} else if (!strcmp(o->fmt, "csv")) {
		if (o->for_people)
			table_print_csv_people(t, f, o->u);
		else
			table_print_csv(t, f);
	} else {
		stale_text(o, f);
		table_print_text(t, f, o->u);
	}
	return out_close(o, f);
}

/* A streamed table (report_stream) as text or CSV. */
static int render_stream(const struct report_out *o, struct table *t, const struct table_stream *s)
{
	FILE *f = out_open(o);
	if (!f)
		return EXIT_FAIL;
	if (!strcmp(o->fmt, "csv")) {
		if (o->for_people)
			table_stream_csv_people(t, s, f, o->u);
		else
			table_stream_csv(t, s, f);
	} else {
		stale_text(o, f);
		table_stream_text(t, s, f, o->u);
	}
	return out_close(o, f);
}

/* A report of several tables (disclosure, approval) as CSV: one file per
 * table, into a folder (the --output, or def_dir/) or a .zip. */
static int tables_csv(const struct report_out *o, struct table *t, size_t n, const char *def_dir)
{
	const char *dest = o->path ? o->path : def_dir;
	size_t dl = strlen(dest);
	int is_zip = dl > 4 && !strcasecmp(dest + dl - 4, ".zip");
	struct buf name = BUF_INIT, err = BUF_INIT;
	char **files = xcalloc(n, sizeof(char *));
	size_t *lens = xcalloc(n, sizeof(size_t));
	int rc = EXIT_OK;
	for (size_t k = 0; k < n; k++) {
		FILE *m = open_memstream(&files[k], &lens[k]);
		if (o->for_people)
			table_print_csv_people(&t[k], m, o->u);
		else
			table_print_csv(&t[k], m);
		fclose(m);
	}
	if (!is_zip && mkdir(dest, 0777) != 0 && errno != EEXIST) {
		zb_err(L("%s: 无法创建目录：%s", "%s: cannot create the folder: %s"), dest, strerror(errno));
		rc = EXIT_FAIL;
		goto out;
	}
	char **names = xcalloc(n, sizeof(char *));
	for (size_t k = 0; k < n; k++) {
		buf_reset(&name);
		if (t[k].number)
			buf_printf(&name, "%s-", t[k].number);
		buf_printf(&name, "%s.csv", t[k].sheet ? t[k].sheet : t[k].name);
		names[k] = buf_detach(&name);
	}
	int wrc = files_write(dest, is_zip, (const char *const *)names, files, lens, n, &err);
	for (size_t k = 0; k < n; k++)
		free(names[k]);
	free(names);
	if (wrc) {
		zb_err("%s", buf_str(&err));
		rc = EXIT_FAIL;
		goto out;
	}
	printf(L("已写出 %s（%zu 张表）\n", "wrote %s (%zu tables)\n"), dest, n);
out:
	for (size_t k = 0; k < n; k++)
		free(files[k]);
	free(files);
	free(lens);
	buf_release(&name);
	buf_release(&err);
	return rc;
}

/* disclosure: the tables of SPEC §7, one workbook (or one JSON document,
 * or text, or one CSV file per table). */
static int print_disclosure(struct cmd_ctx *ctx, const struct pipeline *p, const char *agency,
			    const struct report_out *o, const char *scenario)
{
	int32_t a = -1;
	int rc = EXIT_OK;
	(void)ctx;
	if (agency && (a = model_find_agency(&p->m, agency)) < 0) {
		zb_err(L("没有这个单位：%s", "no such agency: %s"), agency);
		return EXIT_USAGE;
	}
	struct table t[DISCLOSURE_TABLES];
	report_disclosure(p, a, t);
	char def[256];
	if (!strcmp(o->fmt, "json")) {
		FILE *f = out_open(o);
		if (!f) {
			rc = EXIT_FAIL;
		} else {
			json_t *obj = json_object();
			if (o->p && o->p->is_stale) /* the eleven tables, and what a stale record is */
				scenario_stale_json(o->p, obj);
			if (p->view != VIEW_DRAFT)
				json_object_set_new(obj, "as", json_string(p->view == VIEW_CURRENT ? "current" : "adopted"));
			for (int k = 0; k < DISCLOSURE_TABLES; k++)
				json_object_set_new(obj, t[k].name, table_to_json(&t[k]));
			json_out(f, obj);
			json_decref(obj);
			rc = out_close(o, f);
		}
	} else if (!strcmp(o->fmt, "xlsx")) {
		struct table *tabs[DISCLOSURE_TABLES];
		for (int k = 0; k < DISCLOSURE_TABLES; k++)
			tabs[k] = &t[k];
		snprintf(def, sizeof def, "disclosure-%s-%s.xlsx", agency ? agency : "all", scenario);
		rc = write_xlsx(o, tabs, DISCLOSURE_TABLES, def);
	} else if (!strcmp(o->fmt, "csv")) {
		snprintf(def, sizeof def, "disclosure-%s-%s", agency ? agency : "all", scenario);
		rc = tables_csv(o, t, DISCLOSURE_TABLES, def);
	} else {
		FILE *f = out_open(o);
		if (!f) {
			rc = EXIT_FAIL;
		} else {
			for (int k = 0; k < DISCLOSURE_TABLES; k++) {
				if (k)
					fputc('\n', f);
				table_print_text(&t[k], f, o->u);
			}
			rc = out_close(o, f);
		}
	}
	for (int k = 0; k < DISCLOSURE_TABLES; k++)
		table_free(&t[k]);
	return rc;
}

/* adjustments (SPEC §12): the adopted scenario's adjustment documents and
 * per agency adopted → adjustments → current; text and CSV print the two
 * tables one after the other, XLSX has a sheet each, JSON the documents
 * with their lines and the agencies. */
static int print_adjustments(struct cmd_ctx *ctx, const struct report_out *o0, const char *scenario, int has_scenario)
{
	char adopted[72], named[72];
	struct buf err = BUF_INIT;
	struct report_out o = *o0;
	int f = current_adopted_name(ctx->b, adopted, &err);
	if (f <= 0) {
		if (f < 0)
			zb_err("%s", buf_str(&err));
		else
			zb_err(L("%d 年度预算尚未批复（zbb adopt --scenario S），还没有预算调剂和调整",
				 "the %d budget is not adopted yet (zbb adopt --scenario S): there are no adjustments"),
			       ctx->b->year);
		buf_release(&err);
		return f < 0 ? EXIT_FAIL : EXIT_USAGE;
	}
	if (has_scenario && strcmp(scenario_resolve(ctx->b, scenario, named, sizeof named), adopted)) {
		zb_err(L("预算调剂和调整只属于批复的预算（场景 %s），场景 %s 不是",
			 "adjustments belong to the adopted budget (scenario %s), not scenario %s"),
		       adopted, scenario);
		buf_release(&err);
		return EXIT_USAGE;
	}
	struct pipeline p;
	struct current cur;
	struct current_lines cl;
	int rc = open_scenario(ctx, adopted, 0, &p);
	if (rc) {
		buf_release(&err);
		return rc;
	}
	if (current_lines_load(ctx->b, &cl, &err)) {
		zb_err("%s", buf_str(&err));
		pipeline_release(&p);
		buf_release(&err);
		return EXIT_FAIL;
	}
	if (current_build(&p, &cl, &cur, &err)) {
		zb_err("%s", buf_str(&err));
		current_lines_release(&cl);
		pipeline_release(&p);
		buf_release(&err);
		return EXIT_FAIL;
	}
	o.p = &p;
	struct table t[ADJ_TABLES];
	report_adjustments(&p, &cur, &cl, -1, t);
	if (!strcmp(o.fmt, "xlsx")) {
		char def[128];
		struct table *tabs[] = { &t[0], &t[1], &t[2] };
		snprintf(def, sizeof def, "adjustments-%s.xlsx", adopted);
		rc = write_xlsx(&o, tabs, ADJ_TABLES, def);
	} else {
		FILE *f = out_open(&o);
		if (!f) {
			rc = EXIT_FAIL;
		} else {
			if (!strcmp(o.fmt, "json")) {
				json_t *obj = report_adjustments_json(&p, &cl, -1, t);
				json_out(f, obj);
				json_decref(obj);
			} else {
				for (int k = 0; k < ADJ_TABLES; k++) {
					if (k)
						fputc('\n', f);
					if (!strcmp(o.fmt, "csv") && o.for_people)
						table_print_csv_people(&t[k], f, o.u);
					else if (!strcmp(o.fmt, "csv"))
						table_print_csv(&t[k], f);
					else
						table_print_text(&t[k], f, o.u);
				}
			}
			rc = out_close(&o, f);
		}
	}
	for (int k = 0; k < ADJ_TABLES; k++)
		table_free(&t[k]);
	current_release(&cur);
	current_lines_release(&cl);
	pipeline_release(&p);
	buf_release(&err);
	return rc;
}

/* approval: the 批复 of the adopted budget for one agency (SPEC §12):
 * one workbook, one JSON document (the notice's words and the tables in
 * fen), the text, or one CSV file per table. */
static int print_approval(struct cmd_ctx *ctx, const char *agency, const char *scenario, struct report_out *o)
{
	struct buf why = BUF_INIT, err = BUF_INIT;
	struct pipeline p;
	struct approval_open ao;
	int f = scenario_approval_open(ctx->b, agency, scenario, &p, &ao, &why, &err);
	if (f) {
		zb_err("%s", buf_str(f > 0 ? &why : &err));
		buf_release(&why);
		buf_release(&err);
		return f > 0 ? EXIT_USAGE : EXIT_FAIL;
	}
	buf_release(&why);
	buf_release(&err);
	o->p = &p;
	struct table t[APPROVAL_TABLES];
	report_approval(&p, ao.agency, &ao.ai, t);
	const char *code = p.m.agencies[ao.agency].code;
	char def[256];
	int rc = EXIT_OK;
	if (!strcmp(o->fmt, "json")) {
		FILE *out = out_open(o);
		if (!out) {
			rc = EXIT_FAIL;
		} else {
			json_t *obj = report_approval_json(&p, ao.agency, &ao.ai, t, o->u);
			json_out(out, obj);
			json_decref(obj);
			rc = out_close(o, out);
		}
	} else if (!strcmp(o->fmt, "xlsx")) {
		struct table *tabs[APPROVAL_TABLES];
		for (int k = 0; k < APPROVAL_TABLES; k++)
			tabs[k] = &t[k];
		snprintf(def, sizeof def, "approval-%s-%d.xlsx", code, p.m.year);
		rc = write_xlsx(o, tabs, APPROVAL_TABLES, def);
	} else if (!strcmp(o->fmt, "csv")) {
		snprintf(def, sizeof def, "approval-%s-%d", code, p.m.year);
		rc = tables_csv(o, t, APPROVAL_TABLES, def);
	} else {
		FILE *out = out_open(o);
		if (!out) {
			rc = EXIT_FAIL;
		} else {
			for (int k = 0; k < APPROVAL_TABLES; k++) {
				if (k)
					fputs("\n\f\n", out); /* a page each, as printed */
				table_print_text(&t[k], out, o->u);
			}
			rc = out_close(o, out);
		}
	}
	for (int k = 0; k < APPROVAL_TABLES; k++)
		table_free(&t[k]);
	pipeline_release(&p);
	return rc;
}

/* A subtree of regions as one (SPEC §14): summary|agencies|functions
 * --rollup, and the regions report (rollup.c). */
static int print_rollup(struct cmd_ctx *ctx, const char *name, const char *scenario, int rerun,
			const struct report_out *o)
{
	struct rollup r;
	struct table t;
	struct buf err = BUF_INIT;
	int is_table = !strcmp(name, "agencies") || !strcmp(name, "functions");
	int rc = rollup_run(ctx->b, scenario, rerun, is_table ? name : NULL, &r, is_table ? &t : NULL, &err);
	if (rc) {
		zb_err("%s", buf_str(&err));
		buf_release(&err);
		rollup_release(&r);
		return rc > 0 ? EXIT_USAGE : EXIT_FAIL;
	}
	buf_release(&err);
	char def[256];
	snprintf(def, sizeof def, "%s-%s-%s.xlsx", name, r.scope, scenario);
	if (!strcmp(name, "summary") && strcmp(o->fmt, "csv") && strcmp(o->fmt, "xlsx")) {
		FILE *f = out_open(o);
		if (!f) {
			rollup_release(&r);
			return EXIT_FAIL;
		}
		if (!strcmp(o->fmt, "json")) {
			json_t *obj = rollup_summary_json(&r, ctx->b->year, scenario);
			json_out(f, obj);
			json_decref(obj);
		} else {
			char *scope_name = store_region_name(ctx->b, r.scope);
			rollup_summary_text(&r, ctx->b->year, scenario, scope_name, f, ctx->g->unit);
			free(scope_name);
			struct table rt;
			rollup_regions_table(&r, ctx->b->year, scenario, &rt);
			fputc('\n', f);
			table_print_text(&rt, f, ctx->g->unit);
			table_free(&rt);
		}
		rollup_release(&r);
		return out_close(o, f);
	}
	if (!is_table)
		rollup_regions_table(&r, ctx->b->year, scenario, &t);
	rollup_release(&r);
	rc = render_table(o, &t, def);
	table_free(&t);
	return rc;
}

int cmd_report(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("report");
	const char *name = NULL, *scenario = "base", *against = NULL, *output = NULL, *agency = NULL, *v;
	const char *fmt = ctx->g->format ? ctx->g->format : "text", *for_ = NULL, *as = NULL;
	int rerun = 0, has_scenario = 0, rollup = 0;
	for (int i = 1; i < argc; i++) {
		int k;
		if (!strcmp(argv[i], "--rerun"))
			rerun = 1;
		else if (!strcmp(argv[i], "--rollup"))
			rollup = 1;
		else if ((k = opt_arg(argc, argv, &i, "--scenario", &v)) > 0)
			scenario = v, has_scenario = 1;
		else if (k == 0 && (k = opt_arg(argc, argv, &i, "--as", &v)) > 0)
			as = v;
		else if (k == 0 && (k = opt_arg(argc, argv, &i, "--against", &v)) > 0)
			against = v;
		else if (k == 0 && (k = opt_arg(argc, argv, &i, "--output", &v)) > 0)
			output = v;
		else if (k == 0 && (k = opt_arg(argc, argv, &i, "--agency", &v)) > 0)
			agency = v;
		else if (k == 0 && (k = opt_arg(argc, argv, &i, "--for", &v)) > 0)
			for_ = v;
		else if (k < 0)
			return EXIT_USAGE;
		else if (argv[i][0] == '-' && argv[i][1])
			return usage_error(c, L("未知选项：%s", "unknown option: %s"), argv[i]);
		else if (!name)
			name = argv[i];
		else
			return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[i]);
	}
	if (!name)
		return usage_error(c, "%s", L("需要报表名", "a report name is needed"));
	if (rollup && strcmp(name, "summary") && strcmp(name, "agencies") && strcmp(name, "functions") &&
	    strcmp(name, "regions"))
		return usage_error(c, L("--rollup 只用于 summary、agencies 和 functions：%s",
					"--rollup is for summary, agencies and functions only: %s"), name);
	if (rollup || !strcmp(name, "regions")) {
		if (strcmp(fmt, "text") && strcmp(fmt, "json") && strcmp(fmt, "csv") && strcmp(fmt, "xlsx"))
			return usage_error(c, L("--format 应为 text、json、csv 或 xlsx：%s",
						"--format must be text, json, csv or xlsx: %s"), fmt);
		if (against || agency || as)
			return usage_error(c, "%s", L("区划汇总不接受 --against、--agency 或 --as",
						      "a roll-up of regions takes no --against, --agency or --as"));
		size_t ol = output ? strlen(output) : 0;
		struct report_out o = { output, fmt,
					for_ ? !strcmp(for_, "excel") : ol > 4 && !strcasecmp(output + ol - 4, ".csv"),
					ctx->g->unit, NULL, NULL, NULL };
		return print_rollup(ctx, name, scenario, rerun, &o);
	}
	if (!report_known(name)) {
		struct buf names = BUF_INIT;
		for (size_t i = 0; i < report_names_n; i++)
			buf_printf(&names, "%s%s", i ? " " : "", report_names[i]);
		usage_error(c, L("没有这个报表：%s（可选：%s）", "no such report: %s (one of: %s)"), name, buf_str(&names));
		buf_release(&names);
		return EXIT_USAGE;
	}
	if (strcmp(fmt, "text") && strcmp(fmt, "json") && strcmp(fmt, "csv") && strcmp(fmt, "xlsx"))
		return usage_error(c, L("--format 应为 text、json、csv 或 xlsx：%s",
					"--format must be text, json, csv or xlsx: %s"), fmt);
	if (for_ && strcmp(for_, "excel") && strcmp(for_, "data"))
		return usage_error(c, L("--for 应为 excel（给人看的 CSV）或 data（给程序读的 CSV）：%s",
					"--for must be excel (CSV for people) or data (CSV for programs): %s"), for_);
	if (!strcmp(name, "compare") && !against)
		return usage_error(c, "%s", L("compare 需要 --against 另一个场景", "compare needs --against SCENARIO"));
	/* --as: the adopted budget or the current one (SPEC §12), of the
	 * adopted scenario only; without --scenario it is that one */
	char adopted[72];
	if (as) {
		if (strcmp(as, "adopted") && strcmp(as, "current"))
			return usage_error(c, L("--as 应为 adopted（年初预算）或 current（调整后预算）：%s",
						"--as must be adopted or current: %s"), as);
		if (strcmp(name, "summary") && strcmp(name, "agencies") && strcmp(name, "disclosure"))
			return usage_error(c, L("--as 只用于 summary、agencies 和 disclosure：%s",
						"--as is for summary, agencies and disclosure only: %s"), name);
		struct buf err = BUF_INIT;
		int f = current_adopted_name(ctx->b, adopted, &err);
		if (f < 0) {
			zb_err("%s", buf_str(&err));
			buf_release(&err);
			return EXIT_FAIL;
		}
		buf_release(&err);
		if (!f) {
			zb_err(L("%d 年度预算尚未批复（zbb adopt --scenario S），--as %s 只用于批复后的预算",
				 "the %d budget is not adopted yet (zbb adopt --scenario S): --as %s is for the adopted budget"),
			       ctx->b->year, as);
			return EXIT_USAGE;
		}
		char named[72];
		if (has_scenario && strcmp(scenario_resolve(ctx->b, scenario, named, sizeof named), adopted)) {
			zb_err(L("--as %s 只用于批复的预算（场景 %s），场景 %s 不是",
				 "--as %s is for the adopted budget (scenario %s), not scenario %s"),
			       as, adopted, scenario);
			return EXIT_USAGE;
		}
		scenario = adopted;
	}
	/* CSV for people when asked, or when the output is a .csv file;
	 * CSV for programs on stdout (SPEC §7) */
	size_t ol = output ? strlen(output) : 0;
	struct report_out o = { output, fmt,
				for_ ? !strcmp(for_, "excel") : ol > 4 && !strcasecmp(output + ol - 4, ".csv"),
				ctx->g->unit, NULL, NULL, as };
	if (!strcmp(fmt, "csv") && (!strcmp(name, "disclosure") || !strcmp(name, "approval")) && !for_)
		o.for_people = 1; /* files for the public: in 万元, as published */
	if (!strcmp(name, "approval")) {
		if (!agency)
			return usage_error(c, "%s", L("approval（批复）按单位出具：需要 --agency 单位编码",
						      "approval is for one agency: --agency CODE is needed"));
		if (rerun || against)
			return usage_error(c, "%s", L("approval 出自已批准的预算，不接受 --rerun 或 --against",
						      "approval reads the adopted budget: no --rerun or --against"));
		return print_approval(ctx, agency, has_scenario ? scenario : NULL, &o);
	}
	struct pipeline p, q;
	struct table t;
	struct current cur;
	const struct pipeline *rp = &p;
	int rc, have_p = 0, have_q = 0, have_cur = 0;
	char def[256];
	snprintf(def, sizeof def, "%s-%s.xlsx", name, !strcmp(name, "rounds") ? "season" : scenario);
	if (!strcmp(name, "adjustments"))
		return print_adjustments(ctx, &o, scenario, has_scenario);
	if (!strcmp(name, "rounds")) {
		/* the season's record (SPEC §11): no scenario in it */
		struct buf err = BUF_INIT;
		if (season_rounds_table(ctx->b, &t, &err)) {
			zb_err("%s", buf_str(&err));
			buf_release(&err);
			table_free(&t);
			return EXIT_FAIL;
		}
		buf_release(&err);
		rc = EXIT_OK;
		goto render;
	}
	if ((rc = open_scenario(ctx, scenario, rerun, &p)))
		return rc;
	have_p = 1;
	if (against) {
		if ((rc = open_scenario(ctx, against, rerun, &q))) {
			pipeline_release(&p);
			return rc;
		}
		have_q = 1;
	}
	/* --as current: the adopted result with its adjustments (current.c) */
	if (as && !strcmp(as, "current")) {
		struct current_lines cl;
		struct buf err = BUF_INIT;
		int bad = current_lines_load(ctx->b, &cl, &err) || current_build(&p, &cl, &cur, &err);
		current_lines_release(&cl);
		if (bad) {
			zb_err("%s", buf_str(&err));
			buf_release(&err);
			rc = EXIT_FAIL;
			goto done;
		}
		buf_release(&err);
		have_cur = 1;
		rp = &cur.p;
	}
	o.p = rp;
	o.q = have_q ? &q : NULL;
	/* CSV and XLSX carry no line of their own: a stale record says so on stderr */
	if (!strcmp(fmt, "csv") || !strcmp(fmt, "xlsx")) {
		struct buf line = BUF_INIT;
		for (int k = 0; k < 1 + have_q; k++) {
			const char *l = scenario_stale_line(k ? &q : &p, &line);
			if (*l)
				fprintf(stderr, "zbb: %s", l);
		}
		buf_release(&line);
	}
	int is_summary = !strcmp(name, "summary");
	if (!strcmp(name, "disclosure")) {
		rc = print_disclosure(ctx, rp, agency, &o, scenario);
		goto done;
	}
	if (is_summary && strcmp(fmt, "csv") && strcmp(fmt, "xlsx")) {
		FILE *f = out_open(&o);
		if (!f) {
			rc = EXIT_FAIL;
			goto done;
		}
		if (!strcmp(fmt, "json")) {
			json_t *obj = report_summary_json(rp);
			scenario_stale_json(rp, obj);
			json_out(f, obj);
			json_decref(obj);
		} else {
			stale_text(&o, f);
			report_summary_text(rp, f, ctx->g->unit);
		}
		rc = out_close(&o, f);
		goto done;
	}
	if (!strcmp(name, "findings")) {
		int32_t a = -1;
		if (agency && (a = model_find_agency(&p.m, agency)) < 0) {
			zb_err(L("没有这个单位：%s", "no such agency: %s"), agency);
			rc = EXIT_USAGE;
			goto done;
		}
		char fdef[256];
		snprintf(fdef, sizeof fdef, "findings-%s-%s.xlsx", agency ? agency : "all", scenario);
		report_findings(&p, a, &t);
		rc = render_table(&o, &t, fdef);
		table_free(&t);
		goto done;
	}
	struct table_stream ts;
	if (!is_summary && (!strcmp(fmt, "text") || !strcmp(fmt, "csv")) && report_stream(rp, name, &t, &ts) == 0) {
		/* a long report, a row at a time (table.h) */
		rc = render_stream(&o, &t, &ts);
		report_stream_release(&ts);
		table_free(&t);
		goto done;
	}
	if (is_summary)
		report_summary_table(rp, &t);
	else if (!strcmp(name, "compare"))
		report_compare(&p, &q, &t);
	else
		report_build(rp, name, NULL, &t);
	if (!strcmp(name, "ledger")) {
		/* each item's amount in each round's snapshot (SPEC §11) */
		struct buf err = BUF_INIT;
		if (season_ledger_snapshots(ctx->b, &t, &err)) {
			zb_err("%s", buf_str(&err));
			rc = EXIT_FAIL;
		}
		buf_release(&err);
	}
render:
	rc = render_table(&o, &t, def);
	table_free(&t);
done:
	if (have_cur)
		current_release(&cur);
	if (have_q)
		pipeline_release(&q);
	if (have_p)
		pipeline_release_at_exit(&p); /* the report's last use of it */
	return rc;
}

/* `zbb adopt --scenario S` (SPEC §12). */
int cmd_adopt(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("adopt");
	const char *name = NULL, *v;
	for (int i = 1; i < argc; i++) {
		int k = opt_arg(argc, argv, &i, "--scenario", &v);
		if (k < 0)
			return EXIT_USAGE;
		if (k > 0)
			name = v;
		else
			return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[i]);
	}
	if (!name)
		return usage_error(c, "%s", L("需要 --scenario 场景名", "--scenario NAME is needed"));
	if (!scenario_name_ok(name))
		return usage_error(c, L("场景名不合规：%s", "not a scenario name: %s"), name);
	struct store_adoption a;
	struct buf why = BUF_INIT, err = BUF_INIT;
	int rc = scenario_adopt(ctx->b, ctx->who, name, &a, &why, &err);
	if (rc < 0)
		zb_err("%s", buf_str(&err));
	else if (rc > 0)
		zb_err("%s", buf_str(&why));
	else if (ctx->g->format && !strcmp(ctx->g->format, "json")) {
		json_t *o = json_pack("{s:i, s:s, s:s, s:I, s:s}", "year", a.fy, "scenario", a.scenario, "adopted_at",
				      a.adopted_at, "entry", (json_int_t)a.entry, "result_hash", a.result_hash);
		print_json(o);
		json_decref(o);
	} else {
		printf(L("已批复 %d 年度预算：场景 %s，%s（第 %lld 条审计记录，结果哈希 %s）；本年度的数据自此锁定\n",
			 "adopted the %d budget: scenario %s, %s (audit entry %lld, result hash %s); the year's data are locked from now on\n"),
		       a.fy, a.scenario, a.adopted_at, (long long)a.entry, a.result_hash);
	}
	buf_release(&why);
	buf_release(&err);
	return rc < 0 ? EXIT_FAIL : rc > 0 ? EXIT_USAGE : EXIT_OK;
}
