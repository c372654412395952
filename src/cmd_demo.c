/*
 * cmd_demo.c - `zbb demo [--scale N] [--csv DIR]`: the demo city's front end.
 *
 * Generates the city (demo.c), writes its sixteen CSV files into DIR (or a
 * private temporary folder, removed afterwards), and loads them into the
 * book through the ordinary importer in dependency order, so the demo files
 * are valid input by construction and show the formats by example.  A book
 * that does not exist is created for 2026 (or --year); an existing one
 * gets the city upserted into its working year.  Right after the quotas
 * the basic expenditure is generated from the agencies' staff (zbb basic,
 * SPEC §13); with --csv, projects.csv and items.csv are then written again
 * from the book, the generated projects included, so the files describe
 * the whole city (bench/ and its peers read them).  The imports, the basic
 * expenditure and the base scenario are one change of the book, audited as
 * "demo".  Ends by printing what the book holds (info_print).
 */
#include "basic.h"
#include "demo.h"
#include "rollup.h"
#include "dispatch.h"
#include "export.h"
#include "import.h"
#include "report.h"

#include <jansson.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEMO_DEFAULT_YEAR 2026

/* mkdir -p */
static int make_dir(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;
	for (char *s = p + 1; *s && !rc; s++)
		if (*s == '/') {
			*s = 0;
			if (mkdir(p, 0777) && errno != EEXIST)
				rc = -1;
			*s = '/';
		}
	if (!rc && mkdir(p, 0777) && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

struct prog_state {
	const char *label;
};

static void demo_progress(void *p, size_t done, size_t total)
{
	struct prog_state *ps = p;
	progress_draw(ps->label, done, total);
}

static int write_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t n = fwrite(b->s, 1, b->len, f);
	int rc = fclose(f);
	return n == b->len && rc == 0 ? 0 : -1;
}

/* Export one kind of the book into DIR/KIND.csv (replacing the file). */
static int export_to(struct book *b, const char *kind, const char *dir, struct buf *err)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s.csv", dir, kind);
	FILE *f = fopen(path.s, "wb");
	int rc = -1;
	if (!f) {
		buf_printf(err, L("%s: 无法写入：%s", "%s: cannot write: %s"), path.s, zb_strerror(errno));
	} else {
		rc = export_kind(b, kind_find(kind), EXPORT_CSV, f, err);
		if (fclose(f) && !rc) {
			buf_printf(err, L("%s: 写入失败：%s", "%s: write failed: %s"), path.s, zb_strerror(errno));
			rc = -1;
		}
	}
	buf_release(&path);
	return rc ? -1 : 0;
}

/* The load inside the demo's change: the year of a new book, the files
 * references first, then the base scenario. */
struct demo_load {
	const char *dir;
	int scale, is_new, quiet, keep_files;
	struct pipeline *pl;
	int64_t t_imported, t_allocated;
};

static int demo_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct demo_load *x = arg;
	struct buf path = BUF_INIT;
	struct scenario_params sp;
	int rc = -1;
	if (x->is_new && store_set_year(b, b->year, err))
		goto out;
	json_t *rows = json_object();
	c->after = json_pack("{s:i, s:i, s:o}", "scale", x->scale, "year", b->year, "rows", rows);
	for (int k = 0; k < DEMO_N_KINDS; k++) {
		const struct kind *kd = kind_find(demo_kind_names[k]);
		struct import_opts io = { 0 };
		struct import_result res;
		struct prog_state ps = { kd->name };
		if (progress_wanted() && !x->quiet) {
			io.progress = demo_progress;
			io.progress_ctx = &ps;
		}
		buf_reset(&path);
		buf_printf(&path, "%s/%s.csv", x->dir, demo_kind_names[k]);
		int r = import_file_in(b, kd, path.s, &io, &res, err);
		if (io.progress)
			progress_done();
		if (r != IMPORT_OK) {
			/* the generator's bug, not the user's: say exactly what */
			for (size_t i = 0; i < res.n_shown; i++)
				zb_err("%s", res.errors[i]);
			if (err->len)
				zb_err("%s", buf_str(err));
			buf_reset(err);
			buf_printf(err, L("示范数据 %s 导入失败", "the demo's %s did not import"), kd->name);
			import_result_release(&res);
			goto out;
		}
		json_object_set_new(rows, kd->name, json_integer(res.n_rows));
		import_result_release(&res);
		if (k == DK_QUOTAS) {
			/* the basic expenditure from the staff and the quotas (SPEC
			 * §13), before the files that refer to those projects */
			struct basic_result br;
			struct buf why = BUF_INIT;
			int r = basic_in_write(b, &br, &why, err);
			if (r > 0) {
				buf_reset(err);
				buf_printf(err, L("示范数据生成基本支出失败：%s", "the demo's basic expenditure failed: %s"),
					   buf_str(&why));
			}
			buf_release(&why);
			if (r)
				goto out;
			json_object_set_new(c->after, "basic",
					    json_pack("{s:I, s:I}", "projects", (json_int_t)br.n_projects, "items",
						      (json_int_t)br.n_items));
		}
	}
	/* the files describe the whole city: projects and items as the book
	 * now holds them, the generated ones included (what bench/ and the
	 * peers read) */
	if (x->keep_files && (export_to(b, "projects", x->dir, err) || export_to(b, "items", x->dir, err)))
		goto out;
	x->t_imported = now_ms();
	scenario_params_init(&sp, "base");
	if (pipeline_run(b, b->year, &sp, x->pl, err)) {
		scenario_params_release(&sp);
		goto out;
	}
	scenario_params_release(&sp);
	if (scenario_save(b, x->pl, err)) {
		pipeline_release(x->pl);
		goto out;
	}
	x->t_allocated = now_ms();
	rc = 0;
out:
	buf_release(&path);
	return rc;
}

/* --- zbb demo --province (SPEC §14) ---------------------------------------
 * A province of regions, each a demo city of its own size: the province's
 * own level, cities and, under one of them, districts and counties.  Each
 * region is generated, imported, allocated and taken through its season on
 * its own, as a bureau of that region would. */

static const struct province_region {
	const char *code, *name, *prefix;
	int share; /* percent of the city's agency families */
} province[] = {
	{ "430000000", "湖南省", "省", 100 },	     { "430100000", "长沙市", "长沙市", 100 },
	{ "430200000", "株洲市", "株洲市", 80 },   { "430202000", "株洲市荷塘区", "荷塘区", 25 },
	{ "430211000", "株洲市天元区", "天元区", 25 }, { "430223000", "攸县", "攸县", 30 },
	{ "430300000", "湘潭市", "湘潭市", 70 },   { "430381000", "湘乡市", "湘乡市", 30 },
};

static int province_init_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	(void)arg;
	if (store_set_year(b, b->year, err) || store_region_rename_default(b, province[0].code, province[0].name, err))
		return -1;
	c->after = json_pack("{s:i, s:s}", "year", b->year, "province", province[0].code);
	return 0;
}

static int demo_province(struct cmd_ctx *ctx, int size, int stage)
{
	struct buf err = BUF_INIT, path = BUF_INIT;
	struct book *b = NULL;
	int rc = EXIT_FAIL, json = ctx->g->format && !strcmp(ctx->g->format, "json");
	char dir[4096];
	const char *tmp = getenv("TMPDIR");
	if (store_book_exists(ctx->g->book)) {
		zb_err(L("%s: 账簿已存在；示范省份只建在新的账簿里（另选 --book）",
			 "%s: the book exists; the demo province goes into a new book only (choose another --book)"),
		       ctx->g->shown);
		return EXIT_USAGE;
	}
	snprintf(dir, sizeof dir, "%s/zbb-province.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		zb_err(L("%s: 无法创建临时目录：%s", "%s: cannot create a temporary folder: %s"), dir, zb_strerror(errno));
		return EXIT_FAIL;
	}
	if (store_open(ctx->g->book, STORE_CREATE, &b, &err)) {
		zb_err("%s", buf_str(&err));
		goto out;
	}
	b->year = ctx->g->year ? ctx->g->year : DEMO_DEFAULT_YEAR;
	struct store_change ic = { ctx->who, "book.init", "book", NULL, NULL, 0 };
	int w = store_write(b, &ic, province_init_fn, NULL, &err);
	store_change_release(&ic);
	if (w)
		goto fail;
	for (size_t i = 1; i < sizeof province / sizeof province[0]; i++)
		if (store_region_add(b, ctx->who, province[i].code, province[i].name, &err))
			goto fail;
	int64_t t0 = now_ms();
	if (!json)
		printf(L("示范省份：%zu 个区划，%d 年度\n", "demo province: %zu regions, budget year %d\n"),
		       sizeof province / sizeof province[0], b->year);
	for (size_t i = 0; i < sizeof province / sizeof province[0]; i++) {
		const struct province_region *pr = &province[i];
		int64_t r0 = now_ms();
		if (store_use_region(b, pr->code, &err))
			goto fail;
		struct demo_out out;
		memset(&out, 0, sizeof out);
		int share = pr->share * size / 100;
		struct demo_opts o = { 1, b->year, share < 1 ? 1 : share, 0x9e3779b97f4a7c15ULL * (i + 1), pr->prefix };
		if (demo_generate(&o, &out)) {
			demo_out_release(&out);
			buf_adds(&err, "demo_generate");
			goto fail;
		}
		int bad = 0;
		for (int k = 0; k < DEMO_N_KINDS && !bad; k++) {
			buf_reset(&path);
			buf_printf(&path, "%s/%s.csv", dir, demo_kind_names[k]);
			bad = write_file(path.s, &out.csv[k]);
		}
		demo_out_release(&out);
		if (bad) {
			zb_err(L("%s: 写入失败：%s", "%s: write failed: %s"), path.s, zb_strerror(errno));
			goto out;
		}
		struct pipeline pl;
		struct demo_load load = { dir, 1, 0, 1, 0, &pl, 0, 0 };
		buf_reset(&path);
		buf_printf(&path, "%s/%s.csv", dir, demo_kind_names[DK_ITEMS]);
		struct store_change ch = { ctx->who, "demo", pr->code, NULL, NULL, import_bulk_flags(path.s) };
		w = store_write(b, &ch, demo_fn, &load, &err);
		store_change_release(&ch);
		if (w)
			goto fail;
		struct report_totals t;
		int tb = report_totals(&pl, &t);
		pipeline_release(&pl);
		struct demo_season_result sr;
		if (demo_season(b, ctx->who, stage, &sr, &err))
			goto fail;
		if (!json && !tb) {
			char a[MONEY_BUFSZ], f[MONEY_BUFSZ];
			struct buf nm = BUF_INIT;
			text_pad(&nm, pr->name, 14, 0);
			printf(L("  %s %s %3zu 个单位  申报 %s  安排 %s %s  用时 %lld 毫秒\n",
				 "  %s %s %3zu agencies  requested %s  funded %s %s  in %lld ms\n"),
			       pr->code, buf_str(&nm), sr.agencies, money_format(t.requested, ctx->g->unit, a),
			       money_format(t.funded, ctx->g->unit, f), money_unit_name(ctx->g->unit),
			       (long long)(now_ms() - r0));
			buf_release(&nm);
		}
	}
	if (store_use_region(b, province[0].code, &err))
		goto fail;
	if (json) {
		struct rollup r;
		if (rollup_run(b, "base", 0, NULL, &r, NULL, &err)) {
			rollup_release(&r);
			goto fail;
		}
		json_t *o = rollup_summary_json(&r, b->year, "base");
		json_object_set_new(o, "book", json_string(b->name));
		json_dumpf(o, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(o);
		rollup_release(&r);
	} else {
		printf(L("\n用时 %lld 毫秒；全省汇总：zbb --book %s report summary --rollup，"
			 "各区划：zbb --book %s report regions，一个区划：zbb --region 430202000 …\n",
			 "\nin %lld ms; the province rolled up: zbb --book %s report summary --rollup, "
			 "by region: zbb --book %s report regions, one region: zbb --region 430202000 …\n"),
		       (long long)(now_ms() - t0), ctx->g->shown, ctx->g->shown);
	}
	rc = EXIT_OK;
	goto out;
fail:
	zb_err(L("示范省份未能建成：%s", "the demo province failed: %s"), buf_str(&err));
out:
	for (int k = 0; k < DEMO_N_KINDS; k++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s.csv", dir, demo_kind_names[k]);
		unlink(path.s);
	}
	rmdir(dir);
	store_close(b);
	buf_release(&err);
	buf_release(&path);
	return rc;
}

int cmd_demo(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("demo");
	const char *scale_s = NULL, *csv_dir = NULL, *stage_s = NULL, *size_s = NULL;
	int is_province = 0;
	for (int i = 1; i < argc; i++) {
		int r;
		if (!strcmp(argv[i], "--province")) {
			is_province = 1;
			continue;
		}
		if ((r = opt_arg(argc, argv, &i, "--scale", &scale_s)) || (r = opt_arg(argc, argv, &i, "--size", &size_s)) ||
		    (r = opt_arg(argc, argv, &i, "--csv", &csv_dir)) || (r = opt_arg(argc, argv, &i, "--stage", &stage_s))) {
			if (r < 0)
				return EXIT_USAGE;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error(c, L("未知选项：%s", "unknown option: %s"), argv[i]);
		} else {
			return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[i]);
		}
	}
	int scale = 1;
	if (scale_s) {
		char *end;
		long v = strtol(scale_s, &end, 10);
		if (!*scale_s || *end || v < 1 || v > DEMO_MAX_SCALE)
			return usage_error(c, L("--scale 应为 1 到 %d 之间的整数：%s",
						"--scale must be a whole number from 1 to %d: %s"),
					   DEMO_MAX_SCALE, scale_s);
		scale = (int)v;
	}
	int stage = DEMO_STAGE_APPROVED;
	if (stage_s && demo_stage_parse(stage_s, &stage))
		return usage_error(c, L("--stage 应为 %s：%s", "--stage must be %s: %s"), demo_stage_list(), stage_s);
	if (size_s && !is_province)
		return usage_error(c, "%s", L("--size 只用于 --province", "--size goes with --province"));
	if (is_province) {
		long size = 100;
		if (scale_s || csv_dir)
			return usage_error(c, "%s", L("--province 不接受 --scale 或 --csv（各区划大小已定，用 --size 整体缩放）",
						      "--province takes no --scale or --csv (each region has its size; --size scales them all)"));
		if (size_s) {
			char *end;
			size = strtol(size_s, &end, 10);
			if (!*size_s || *end || size < 1 || size > 100)
				return usage_error(c, L("--size 应为 1 到 100 的百分数：%s", "--size must be a percent from 1 to 100: %s"),
						   size_s);
		}
		return demo_province(ctx, (int)size, stage);
	}
	int json = ctx->g->format && !strcmp(ctx->g->format, "json");
	struct buf err = BUF_INIT, path = BUF_INIT;
	struct book *b = NULL;
	struct demo_out out;
	char tmpl[4096];
	const char *dir = NULL;
	struct pipeline pl;
	int made_tmp = 0, has_pl = 0, rc = EXIT_FAIL;
	memset(&out, 0, sizeof out);

	/* the book: created when missing, else its working year */
	int is_new = !store_book_exists(ctx->g->book);
	int orc = store_open(ctx->g->book, is_new ? STORE_CREATE : 0, &b, &err);
	if (orc) {
		zb_err("%s", buf_str(&err));
		rc = is_new || orc == STORE_OPEN_FAIL ? EXIT_FAIL : EXIT_USAGE;
		goto out;
	}
	if (is_new)
		b->year = ctx->g->year ? ctx->g->year : DEMO_DEFAULT_YEAR;
	else if (ctx->g->year)
		b->year = ctx->g->year;
	if (!b->year) {
		zb_err(L("%s: 账簿没有预算年度（运行 zbb init --year 年度）",
			 "%s: the book has no budget year (run zbb init --year YEAR)"),
		       ctx->g->shown);
		rc = EXIT_USAGE;
		goto out;
	}

	/* the city again into a book whose season has begun would put back
	 * requests the agencies submitted, revised or had approved */
	if (!is_new) {
		int begun = demo_season_begun(b, &err);
		if (begun) {
			if (begun > 0)
				zb_err(L("%s: 账簿的预算编制流程已经开始（zbb season），示范数据不能再次导入；请用新的账簿",
					 "%s: the book's budget season has begun (zbb season); the demo cannot load into it "
					 "again: use a new book"),
				       ctx->g->shown);
			else
				zb_err("%s", buf_str(&err));
			rc = begun > 0 ? EXIT_USAGE : EXIT_FAIL;
			goto out;
		}
	}
	int64_t t0 = now_ms();
	struct demo_opts o = { scale, b->year, 0, 0, NULL };
	if (demo_generate(&o, &out)) {
		zb_err(L("示范城市的预算年度超出范围：%d", "budget year out of range for the demo: %d"), b->year);
		rc = EXIT_USAGE;
		goto out;
	}
	int64_t t1 = now_ms();

	/* the files */
	if (csv_dir) {
		if (make_dir(csv_dir)) {
			zb_err(L("%s: 无法创建目录：%s", "%s: cannot create the folder: %s"), csv_dir, zb_strerror(errno));
			rc = EXIT_USAGE;
			goto out;
		}
		dir = csv_dir;
	} else {
		const char *tmp = getenv("TMPDIR");
		snprintf(tmpl, sizeof tmpl, "%s/zbb-demo.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(tmpl)) {
			zb_err(L("%s: 无法创建临时目录：%s", "%s: cannot create a temporary folder: %s"), tmpl,
			       zb_strerror(errno));
			goto out;
		}
		dir = tmpl;
		made_tmp = 1;
	}
	for (int k = 0; k < DEMO_N_KINDS; k++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s.csv", dir, demo_kind_names[k]);
		if (write_file(path.s, &out.csv[k])) {
			zb_err(L("%s: 写入失败：%s", "%s: write failed: %s"), path.s, zb_strerror(errno));
			goto out;
		}
		buf_release(&out.csv[k]); /* the importer reads its own copy */
	}
	int64_t t2 = now_ms();

	/* the imports and the main job (check, allocate and store the base
	 * scenario: SPEC §8), as one change */
	struct demo_load load = { dir, scale, is_new, json, csv_dir != NULL, &pl, 0, 0 };
	buf_reset(&path);
	buf_printf(&path, "%s/%s.csv", dir, demo_kind_names[DK_ITEMS]);
	struct store_change ch = { ctx->who, "demo", "book", NULL, NULL, import_bulk_flags(path.s) };
	int w = store_write(b, &ch, demo_fn, &load, &err);
	store_change_release(&ch);
	if (w) {
		if (err.len)
			zb_err("%s", buf_str(&err));
		rc = EXIT_FAIL;
		goto out;
	}
	has_pl = 1;
	/* the season (SPEC §11), through its ordinary transitions */
	struct demo_season_result sr;
	int64_t t5 = now_ms();
	int sw = demo_season(b, ctx->who, stage, &sr, &err);
	if (sw) {
		zb_err(L("示范预算编制流程失败：%s", "the demo's budget season failed: %s"), buf_str(&err));
		rc = EXIT_FAIL;
		goto out;
	}
	int64_t t6 = now_ms();
	int64_t t3 = load.t_imported, t4 = load.t_allocated;
	if (!json) {
		printf(L("示范城市（规模 %d）：生成 %lld 毫秒，写文件 %lld 毫秒，导入 %lld 毫秒\n",
			 "demo city (scale %d): generated in %lld ms, written in %lld ms, imported in %lld ms\n"),
		       scale, (long long)(t1 - t0), (long long)(t2 - t1), (long long)(t3 - t2));
		if (csv_dir)
			printf(L("输入文件已写入 %s/（各类数据的格式示例）\n", "input files written to %s/ (examples of every format)\n"),
			       csv_dir);
	}
	/* one JSON document: what the book holds, with the summary in it */
	rc = info_print_with(b, ctx->g, json ? report_summary_json(&pl) : NULL);
	if (!json && !rc) {
		printf(L("\n审核并安排资金（场景 base）用时 %lld 毫秒\n\n", "\nchecked and allocated (scenario base) in %lld ms\n\n"),
		       (long long)(t4 - t3));
		report_summary_text(&pl, stdout, ctx->g->unit);
		if (sr.already)
			printf("%s", L("\n预算编制流程已经开始，未再运行（zbb season 查看各单位状态）\n",
				       "\nthe budget season had begun: not run again (zbb season shows the states)\n"));
		else if (stage > DEMO_STAGE_DRAFT)
			printf(L("\n预算编制流程（%zu 个单位，%d 个退回一次并附审核意见，%d 个按控制数调整申报）"
				 "运行到 %s，用时 %lld 毫秒（zbb season、zbb report rounds）\n",
				 "\nthe budget season (%zu agencies, %d returned once with opinions, %d revised to their "
				 "control numbers) ran to %s in %lld ms (zbb season, zbb report rounds)\n"),
			       sr.agencies, sr.returned, sr.revised, stage_s ? stage_s : "approved", (long long)(t6 - t5));
		printf("%s", L("\n下一步：zbb check（审核问题）、zbb report agencies|cuts|pools|lookback、"
			       "zbb explain 项目编码/序号、zbb allocate --capacity 金额（假设财力）\n",
			       "\nnext: zbb check, zbb report agencies|cuts|pools|lookback, zbb explain PROJECT/SEQ, "
			       "zbb allocate --capacity AMOUNT (what-if)\n"));
	}
out:
	if (has_pl)
		pipeline_release(&pl);
	if (made_tmp) {
		for (int k = 0; k < DEMO_N_KINDS; k++) {
			buf_reset(&path);
			buf_printf(&path, "%s/%s.csv", dir, demo_kind_names[k]);
			unlink(path.s);
		}
		rmdir(dir);
	}
	demo_out_release(&out);
	store_close(b);
	buf_release(&err);
	buf_release(&path);
	return rc;
}
