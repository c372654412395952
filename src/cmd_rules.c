/*
 * cmd_rules.c - `zbb check` and `zbb explain`: load the model, run the
 * rules (rules.c), print findings and traces as text, JSON or CSV.  No
 * business logic here, and nothing is written to the book.
 *
 * explain prints the document of explain.c, as text or as it is.
 */
#include "dispatch.h"
#include "csvout.h"
#include "model.h"
#include "rules.h"
#include "explain.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

enum fmt { FMT_TEXT, FMT_JSON, FMT_CSV };

static int parse_format(const struct command *c, const char *f, enum fmt *out)
{
	if (!f || !strcmp(f, "text"))
		*out = FMT_TEXT;
	else if (!strcmp(f, "json"))
		*out = FMT_JSON;
	else if (!strcmp(f, "csv"))
		*out = FMT_CSV;
	else
		return usage_error(c, L("--format 应为 text、json 或 csv：%s", "--format must be text, json or csv: %s"), f);
	return 0;
}

/* --- output helpers ----------------------------------------------------- */

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

/* A text cell of the findings CSV, guarded against formula injection. */
static void csv_field(FILE *out, const char *s)
{
	struct buf b = BUF_INIT;
	s = s ? s : "";
	csv_put_cell(&b, s, strlen(s));
	fwrite(buf_str(&b), 1, b.len, out);
	buf_release(&b);
}

static double now_sec(void)
{
	/* timing for --bench only, never money */
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- check ------------------------------------------------------------- */

struct check_opts {
	int32_t agency, project;
	int severity; /* -1: all */
	enum fmt fmt;
	enum money_unit unit;
};

static int selected(const struct model *m, const struct check_opts *o, size_t p)
{
	return (o->agency < 0 || m->projects[p].agency == o->agency) && (o->project < 0 || (int32_t)p == o->project);
}

static void print_totals_text(const struct model *m, const struct rules_totals *t, enum money_unit u)
{
	char b1[MONEY_BUFSZ], b2[MONEY_BUFSZ], b3[MONEY_BUFSZ];
	(void)m;
	printf(L("合计：申报 %s，核定 %s，核减 %s（%s）\n", "Total: requested %s, approved %s, removed %s (%s)\n"),
	       money_format(t->requested_fen, u, b1), money_format(t->approved_fen, u, b2),
	       money_format(t->requested_fen - t->approved_fen, u, b3), money_unit_name(u));
	int any = 0;
	for (int c = 0; c < CAUSE__N; c++) {
		if (!t->savings_fen[c])
			continue;
		printf("%s%s %s", any ? L("，", ", ") : L("  按原因：", "  by cause: "), rules_cause_label(c),
		       money_format(t->savings_fen[c], u, b1));
		any = 1;
	}
	if (any)
		printf("\n");
	printf(L("  发现：错误 %lld 条，调整 %lld 条，提示 %lld 条\n", "  findings: %lld errors, %lld adjustments, %lld warnings\n"),
	       (long long)t->n_severity[SEV_ERROR], (long long)t->n_severity[SEV_ADJUST],
	       (long long)t->n_severity[SEV_WARN]);
}

static void check_text(const struct model *m, const struct rules_result *r, const struct check_opts *o,
		       const struct rules_totals *t)
{
	char b1[MONEY_BUFSZ], b2[MONEY_BUFSZ];
	struct buf msg = BUF_INIT;
	enum money_unit u = o->unit;
	printf(L("零基预算审核（%d 年度），金额单位：%s\n\n", "Budget check for %d; amounts in %s\n\n"), m->year,
	       money_unit_name(u));
	for (size_t a = 0; a < m->n_agencies; a++) {
		const struct agency *ag = &m->agencies[a];
		int shown_agency = 0;
		if (o->agency >= 0 && (int32_t)a != o->agency)
			continue;
		for (int32_t k = 0; k < ag->n_projects; k++) {
			int32_t p = m->agency_projects[ag->first_project + k];
			if (!selected(m, o, (size_t)p))
				continue;
			int shown_project = 0;
			for (int32_t fi = r->project_findings[p]; fi < r->project_findings[p + 1]; fi++) {
				const struct finding *f = &r->findings[fi];
				if (o->severity >= 0 && f->severity != o->severity)
					continue;
				if (!shown_agency) {
					printf("%s %s\n", ag->code, ag->name);
					shown_agency = 1;
				}
				if (!shown_project) {
					const struct project *pr = &m->projects[p];
					printf(L("  %s %s（%s）申报 %s，核定 %s\n", "  %s %s (%s) requested %s, approved %s\n"),
					       pr->code, pr->name,
					       ZB_LANG == LANG_EN ? model_tier_code(r->tier[p]) : model_tier_zh(r->tier[p]),
					       money_format_fit(r->project_requested_fen[p], u, b1),
					       money_format_fit(r->project_approved_fen[p], u, b2));
					shown_project = 1;
				}
				buf_reset(&msg);
				rules_message(m, f, &msg);
				struct buf obj = BUF_INIT;
				rules_object(m, f, &obj);
				printf("    [%s] %-18s %-10s %s", rules_severity_label(f->severity), rules_code_name(f->code), buf_str(&obj),
				       buf_str(&msg));
				if (f->effect_fen)
					printf(L("（核减 %s）", " (−%s)"), money_format_fit(f->effect_fen, u, b1));
				printf("\n");
				buf_release(&obj);
			}
		}
		if (shown_agency)
			printf("\n");
	}
	print_totals_text(m, t, u);
	buf_release(&msg);
}

static void json_totals(FILE *out, const struct rules_totals *t)
{
	fprintf(out, "\"requested_fen\": %lld, \"approved_fen\": %lld, \"savings_fen\": {",
		(long long)t->requested_fen, (long long)t->approved_fen);
	for (int c = 0; c < CAUSE__N; c++)
		fprintf(out, "%s\"%s\": %lld", c ? ", " : "", rules_cause_name(c), (long long)t->savings_fen[c]);
	fprintf(out, "}, \"counts\": {");
	int n = 0;
	for (int c = 0; c < F__N; c++)
		if (t->count[c])
			fprintf(out, "%s\"%s\": %lld", n++ ? ", " : "", rules_code_name(c), (long long)t->count[c]);
	fprintf(out, "}, \"errors\": %lld, \"adjusts\": %lld, \"warnings\": %lld", (long long)t->n_severity[SEV_ERROR],
		(long long)t->n_severity[SEV_ADJUST], (long long)t->n_severity[SEV_WARN]);
}

static void check_rows(const struct model *m, const struct rules_result *r, const struct check_opts *o,
		       const struct rules_totals *t)
{
	struct buf msg = BUF_INIT;
	FILE *out = stdout;
	int n = 0;
	if (o->fmt == FMT_JSON)
		fprintf(out, "{\"year\": %d, \"findings\": [", m->year);
	else
		fputs("code,severity,cause,agency,project,seq,effect_fen,before_fen,after_fen,message\n", out);
	for (size_t p = 0; p < m->n_projects; p++) {
		if (!selected(m, o, p))
			continue;
		const struct project *pr = &m->projects[p];
		for (int32_t fi = r->project_findings[p]; fi < r->project_findings[p + 1]; fi++) {
			const struct finding *f = &r->findings[fi];
			if (o->severity >= 0 && f->severity != o->severity)
				continue;
			buf_reset(&msg);
			rules_message(m, f, &msg);
			const char *agency = m->agencies[pr->agency].code;
			if (o->fmt == FMT_JSON) {
				fprintf(out, "%s\n {\"code\": \"%s\", \"severity\": \"%s\", \"cause\": ", n++ ? "," : "",
					rules_code_name(f->code), rules_severity_name(f->severity));
				if (f->cause >= 0)
					fprintf(out, "\"%s\"", rules_cause_name(f->cause));
				else
					fputs("null", out);
				fputs(", \"agency\": ", out);
				json_str(out, agency);
				fputs(", \"project\": ", out);
				json_str(out, pr->code);
				if (f->item >= 0)
					fprintf(out, ", \"seq\": %d", (int)m->items[f->item].seq);
				else
					fputs(", \"seq\": null", out);
				fprintf(out, ", \"effect_fen\": %lld, \"before_fen\": %lld, \"after_fen\": %lld, \"message\": ",
					(long long)f->effect_fen, (long long)f->before_fen, (long long)f->after_fen);
				json_str(out, buf_str(&msg));
				fputc('}', out);
			} else {
				fprintf(out, "%s,%s,%s,", rules_code_name(f->code), rules_severity_name(f->severity),
					rules_cause_name(f->cause));
				csv_field(out, agency);
				fputc(',', out);
				csv_field(out, pr->code);
				if (f->item >= 0)
					fprintf(out, ",%d", (int)m->items[f->item].seq);
				else
					fputc(',', out);
				fprintf(out, ",%lld,%lld,%lld,", (long long)f->effect_fen, (long long)f->before_fen,
					(long long)f->after_fen);
				csv_field(out, buf_str(&msg));
				fputc('\n', out);
			}
		}
	}
	if (o->fmt == FMT_JSON) {
		fputs("\n], ", out);
		json_totals(out, t);
		fputs(", \"totals\": {", out);
		json_totals(out, t);
		fputs("}}\n", out);
	}
	buf_release(&msg);
}

static int load(struct cmd_ctx *ctx, struct model *m)
{
	struct buf err = BUF_INIT;
	int rc = store_model_load(ctx->b, ctx->b->year, m, &err);
	if (rc)
		zb_err("%s", buf_str(&err));
	buf_release(&err);
	return rc;
}

int cmd_check(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("check");
	const char *agency = NULL, *project = NULL, *sev = NULL, *fmt = ctx->g->format, *v;
	struct check_opts o = { -1, -1, -1, FMT_TEXT, ctx->g->unit };
	struct model m;
	struct rules_result r;
	struct buf err = BUF_INIT;
	int bench = 0, rc = EXIT_FAIL;
	for (int i = 1; i < argc; i++) {
		int k;
		if ((k = opt_arg(argc, argv, &i, "--agency", &v)))
			agency = v;
		else if ((k = opt_arg(argc, argv, &i, "--project", &v)))
			project = v;
		else if ((k = opt_arg(argc, argv, &i, "--severity", &v)))
			sev = v;
		else if ((k = opt_arg(argc, argv, &i, "--format", &v)))
			fmt = v;
		else if (!strcmp(argv[i], "--bench"))
			bench = k = 1;
		else
			return usage_error(c, L("未知参数：%s", "unexpected argument: %s"), argv[i]);
		if (k < 0)
			return EXIT_USAGE;
	}
	if (parse_format(c, fmt, &o.fmt))
		return EXIT_USAGE;
	if (sev && (o.severity = rules_severity_parse(sev)) < 0)
		return usage_error(c, L("--severity 应为 error、adjust 或 warn：%s", "--severity must be error, adjust or warn: %s"),
				   sev);
	double t0 = now_sec();
	if (load(ctx, &m))
		return EXIT_FAIL;
	double t1 = now_sec();
	if (rules_run(&m, &r, &err)) {
		zb_err("%s", buf_str(&err));
		goto out_model;
	}
	double t2 = now_sec();
	if (bench) {
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		printf("items %zu projects %zu findings %zu\nload %.3f s\nrules %.3f s\ntotal %.3f s\n"
		       "maxrss %ld MB\n",
		       m.n_items, m.n_projects, r.n_findings, t1 - t0, t2 - t1, t2 - t0, ru.ru_maxrss / 1024);
		rc = EXIT_OK;
		goto out;
	}
	if (agency && (o.agency = model_find_agency(&m, agency)) < 0) {
		rc = usage_error(c, L("没有这个预算单位：%s", "no such agency: %s"), agency);
		goto out;
	}
	if (project && (o.project = model_find_project(&m, project)) < 0) {
		rc = usage_error(c, L("没有这个项目：%s", "no such project: %s"), project);
		goto out;
	}
	struct rules_totals t;
	rules_sum(&m, &r, o.agency, o.project, &t);
	if (o.fmt == FMT_TEXT)
		check_text(&m, &r, &o, &t);
	else
		check_rows(&m, &r, &o, &t);
	rc = t.n_severity[SEV_ERROR] ? EXIT_FINDINGS : EXIT_OK;
out:
	rules_result_release(&r);
out_model:
	model_release(&m);
	buf_release(&err);
	return rc;
}

/* --- explain ------------------------------------------------------------ */

int cmd_explain(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("explain");
	const char *target = NULL, *fmt = ctx->g->format, *scenario = "base", *v;
	enum fmt f;
	struct pipeline pl;
	struct buf err = BUF_INIT;
	int rc = EXIT_FAIL;
	for (int i = 1; i < argc; i++) {
		int k;
		if ((k = opt_arg(argc, argv, &i, "--format", &v))) {
			if (k < 0)
				return EXIT_USAGE;
			fmt = v;
		} else if ((k = opt_arg(argc, argv, &i, "--scenario", &v))) {
			if (k < 0)
				return EXIT_USAGE;
			scenario = v;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error(c, L("未知选项：%s", "unknown option: %s"), argv[i]);
		} else if (!target) {
			target = argv[i];
		} else {
			return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[i]);
		}
	}
	if (!target)
		return usage_error(c, "%s", L("需要 PROJECT 或 PROJECT/SEQ", "PROJECT or PROJECT/SEQ is needed"));
	if (parse_format(c, fmt, &f) || f == FMT_CSV)
		return f == FMT_CSV ? usage_error(c, "%s", L("explain 只支持 text 或 json", "explain prints text or json"))
				    : EXIT_USAGE;
	char *code = xstrdup(target);
	long seq = 0;
	char *slash = strchr(code, '/');
	if (slash) {
		char *end;
		*slash = 0;
		seq = strtol(slash + 1, &end, 10);
		if (*end || seq <= 0) {
			free(code);
			return usage_error(c, L("明细序号应为正整数：%s", "the item's seq must be a positive integer: %s"), target);
		}
	}
	int orc = scenario_open(ctx->b, scenario, &pl, &err);
	if (orc) {
		zb_err("%s", buf_str(&err));
		buf_release(&err);
		free(code);
		return orc == 1 ? EXIT_USAGE : EXIT_FAIL;
	}
	int32_t p = model_find_project(&pl.m, code), item = -1;
	json_t *doc = NULL;
	if (p < 0) {
		zb_err(L("没有这个项目：%s", "no such project: %s"), code);
		rc = EXIT_USAGE;
	} else if (seq && (item = model_find_item(&pl.m, p, (int32_t)seq)) < 0) {
		zb_err(L("项目 %s 没有第 %ld 条明细", "project %s has no item %ld"), code, seq);
		rc = EXIT_USAGE;
	} else if (!(doc = explain_json(&pl, p, item, &err))) {
		zb_err("%s", buf_str(&err));
	} else {
		if (f == FMT_TEXT) {
			explain_text(doc, stdout);
		} else {
			json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
			putchar('\n');
		}
		rc = EXIT_OK;
	}
	json_decref(doc);
	pipeline_release(&pl);
	free(code);
	buf_release(&err);
	return rc;
}
