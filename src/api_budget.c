/*
 * api_budget.c - the allocation side of the API (SPEC §6, §7, §9):
 * POST /api/v1/allocate (run and store a scenario), POST /api/v1/whatif
 * (re-run the allocation with another capacity, store nothing), GET
 * /api/v1/scenarios, GET /api/v1/reports/{name} (JSON, CSV or XLSX) and
 * GET /api/v1/explain/{project}[/{seq}].  The computing is scenario.c's
 * and report.c's; pipelines come from the per-connection cache (api.h).
 *
 * Agency users (decided here, SPEC §9 "read its own results; nothing of
 * other agencies"): the reports whose rows belong to one agency (agencies,
 * cuts, ledger, lookback) are cut down to their own agency's rows, without
 * the totals row; the city-wide reports (summary, functions, pools,
 * compare) answer 403; explain answers 404 for another agency's project,
 * like every project route.
 */
#include "api.h"
#include "rollup.h"
#include "api_resident.h"
#include "basic.h"
#include "current.h"
#include "season.h"
#include "explain.h"
#include "report.h"
#include "xlsxout.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void bad_name(struct req *r, const char *field)
{
	api_error(r, 422, "INVALID", field, "%s",
		  L("场景名只能含字母、数字、汉字和 _ - .（最长 64 字节）",
		    "a scenario name has letters, digits, _ - . only (at most 64 bytes)"));
}

/* The capacity of a body: capacity_fen (integer fen) or capacity (yuan as
 * a string, as the CLI takes it); -1 when absent.  -2 when answered 422. */
static zb_fen body_capacity(struct req *r)
{
	json_t *f = json_object_get(r->json, "capacity_fen"), *y = json_object_get(r->json, "capacity");
	if (f && !json_is_null(f)) {
		if (!json_is_integer(f) || json_integer_value(f) < 0) {
			api_error(r, 422, "INVALID", "capacity_fen", "%s",
				  L("capacity_fen: 应为非负整数（分）", "capacity_fen: must be a whole number of fen, not negative"));
			return -2;
		}
		return json_integer_value(f);
	}
	if (y && !json_is_null(y)) {
		zb_fen v;
		const char *why = L("应为字符串（元）", "must be a string (yuan)");
		const char *s = json_string_value(y);
		if (!s || money_parse(s, strlen(s), 0, &v, &why)) {
			api_error(r, 422, "INVALID", "capacity", "capacity: %s", why);
			return -2;
		}
		return v;
	}
	return -1;
}

/* --- allocate ------------------------------------------------------------ */

/* POST /api/v1/adopt {scenario} (SPEC §12) */
void api_adopt(struct req *r)
{
	const char *name = json_string_value(json_object_get(r->json, "scenario"));
	if (!name || !scenario_name_ok(name)) {
		bad_name(r, "scenario");
		return;
	}
	struct store_adoption a;
	struct buf why = BUF_INIT, err = BUF_INIT;
	int rc = scenario_adopt(r->b, r->s.u.name, name, &a, &why, &err);
	if (rc < 0)
		api_fail(r, &err);
	else if (rc > 0)
		api_error(r, 422, "NOT_ADOPTABLE", "scenario", "%s", buf_str(&why));
	else
		api_reply(r, 200,
			  json_pack("{s:i, s:s, s:s, s:I, s:s}", "year", a.fy, "scenario", a.scenario, "adopted_at",
				    a.adopted_at, "entry", (json_int_t)a.entry, "result_hash", a.result_hash));
	buf_release(&why);
	buf_release(&err);
}

void api_allocate(struct req *r)
{
	struct scenario_params sp;
	struct pipeline p;
	struct buf err = BUF_INIT;
	int has_p = 0;
	const char *name = r->json ? json_string_value(json_object_get(r->json, "scenario")) : NULL;
	scenario_params_init(&sp, "base");
	if (r->json && json_object_get(r->json, "scenario") && !name) {
		bad_name(r, "scenario");
		goto out;
	}
	if (name) {
		if (!scenario_name_ok(name)) {
			bad_name(r, "scenario");
			goto out;
		}
		snprintf(sp.name, sizeof sp.name, "%s", name);
	}
	if (r->json) {
		const char *key;
		json_t *v;
		json_object_foreach(r->json, key, v)
		{
			if (strcmp(key, "scenario") && strcmp(key, "capacity") && strcmp(key, "capacity_fen") &&
			    strcmp(key, "set")) {
				api_error(r, 422, "INVALID", key, L("%s: 未知字段", "%s: unknown field"), key);
				goto out;
			}
		}
		zb_fen cap = body_capacity(r);
		if (cap == -2)
			goto out;
		sp.capacity = cap;
		json_t *set = json_object_get(r->json, "set");
		if (set && !json_is_null(set) && !json_is_object(set)) {
			api_error(r, 422, "INVALID", "set", "%s", L("set: 应为对象 {设置名: 值}", "set: must be an object {key: value}"));
			goto out;
		}
		json_object_foreach(set, key, v)
		{
			const char *val = json_string_value(v);
			struct buf kv = BUF_INIT;
			buf_printf(&kv, "%s=%s", key, val ? val : "");
			int bad = !val || scenario_params_set(&sp, buf_str(&kv), &err);
			buf_release(&kv);
			if (bad) {
				api_error(r, 422, "INVALID", arena_printf(&r->a, "set.%s", key), "set.%s: %s", key,
					  val ? buf_str(&err) : L("应为字符串", "must be a string"));
				goto out;
			}
		}
	}
	if (pipeline_run(r->b, r->b->year, &sp, &p, &err)) {
		api_fail(r, &err);
		goto out;
	}
	has_p = 1;
	json_t *summary = report_summary_json(&p);
	if (!summary) {
		buf_adds(&err, L("金额合计超出范围", "a money total is out of range"));
		api_fail(r, &err);
	} else if (scenario_allocate(r->b, r->s.u.name, &p, summary, &err)) {
		json_decref(summary);
		api_fail(r, &err);
	} else {
		api_reply(r, 200, summary);
	}
out:
	if (has_p)
		pipeline_release(&p);
	scenario_params_release(&sp);
	buf_release(&err);
}

/* --- what-if ------------------------------------------------------------- */

static json_t *package_json(const struct pipeline *p, const struct alloc_package *pk)
{
	const struct model *m = &p->m;
	const struct project *P = &m->projects[pk->project];
	const char *agency_name = P->agency >= 0 ? m->agencies[P->agency].name : "";
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:s, s:I, s:I}", "turn", (json_int_t)pk->turn, "project",
			 P->code, "name", P->name ? P->name : "", "agency", P->agency_code, "agency_name",
			 agency_name ? agency_name : "", "level", pk->level, "tier",
			 model_tier_code(p->ap[pk->project].tier), "amount_fen", (json_int_t)pk->amount,
			 "available_fen", (json_int_t)pk->available);
}

/* The funding line: the last funded package and the first one cut for
 * want of money, with a few packages on either side of the cut. */
static json_t *funding_line(const struct pipeline *p)
{
	const struct alloc_result *ar = &p->ar;
	size_t last_funded = SIZE_MAX, first_cut = SIZE_MAX;
	for (size_t k = 0; k < ar->n_packages; k++) {
		if (ar->packages[k].decision == PKG_FUNDED)
			last_funded = k;
		else if (ar->packages[k].decision == PKG_CUT_CAPACITY && first_cut == SIZE_MAX)
			first_cut = k;
	}
	json_t *o = json_object();
	json_object_set_new(o, "packages", json_integer((json_int_t)ar->n_packages));
	json_object_set_new(o, "last_funded", last_funded == SIZE_MAX ? json_null() : package_json(p, &ar->packages[last_funded]));
	json_object_set_new(o, "first_cut", first_cut == SIZE_MAX ? json_null() : package_json(p, &ar->packages[first_cut]));
	json_t *near = json_array();
	if (first_cut != SIZE_MAX) {
		size_t from = first_cut >= 4 ? first_cut - 4 : 0, to = first_cut + 5;
		for (size_t k = from; k < to && k < ar->n_packages; k++) {
			json_t *x = package_json(p, &ar->packages[k]);
			const char *d = ar->packages[k].decision == PKG_FUNDED ? "funded"
					: ar->packages[k].decision == PKG_OVER_AFFORDABILITY ? "over_affordability"
					: ar->packages[k].decision == PKG_INELIGIBLE ? "ineligible" : "cut_capacity";
			json_object_set_new(x, "decision", json_string(d));
			json_array_append_new(near, x);
		}
	}
	json_object_set_new(o, "near", near);
	return o;
}

static zb_fen general_total(const struct model *m)
{
	zb_fen g = 0;
	for (size_t s = 0; s < m->n_sources; s++)
		if (m->sources[s].kind == SOURCE_GENERAL && money_add(g, m->sources[s].amount_fen, &g))
			return -1;
	return g;
}

void api_whatif(struct req *r)
{
	struct buf err = BUF_INIT;
	int found;
	const char *name = "base";
	json_t *js = r->json ? json_object_get(r->json, "scenario") : NULL;
	if (js && !json_is_null(js)) {
		name = json_string_value(js);
		if (!name || !scenario_name_ok(name)) {
			bad_name(r, "scenario");
			return;
		}
	}
	zb_fen cap = r->json ? body_capacity(r) : -1;
	if (cap == -2)
		return;
	struct pipeline *p = api_pipeline(r, name, &found, &err);
	if (!p) {
		if (!found)
			api_error(r, 404, "NOT_FOUND", "scenario", L("没有这个场景：%s", "no such scenario: %s"), name);
		else
			api_fail(r, &err);
		buf_release(&err);
		return;
	}
	zb_fen orig = p->params.capacity;
	if (cap < 0)
		cap = orig;
	if (pipeline_realloc(p, cap, &err)) {
		api_cache_release(r->b);
		api_fail(r, &err);
		buf_release(&err);
		return;
	}
	json_t *o = report_summary_json(p);
	if (o) {
		json_object_set_new(o, "general_fen", json_integer(general_total(&p->m)));
		json_object_set_new(o, "scenario_capacity_fen", orig >= 0 ? json_integer(orig) : json_null());
		json_object_set_new(o, "whatif_capacity_fen", cap >= 0 ? json_integer(cap) : json_null());
		json_object_set_new(o, "line", funding_line(p));
	}
	if (pipeline_realloc(p, orig, &err)) {
		/* the cached pipeline is not what its key says: drop it */
		api_cache_release(r->b);
	}
	if (!o) {
		buf_adds(&err, L("金额合计超出范围", "a money total is out of range"));
		api_fail(r, &err);
	} else {
		api_reply(r, 200, o);
	}
	buf_release(&err);
}

/* --- scenarios ----------------------------------------------------------- */

void api_scenarios(struct req *r)
{
	struct buf err = BUF_INIT;
	json_t *arr = scenario_list_json(r->b, &err);
	struct store_adoption a;
	int f = arr ? store_adoption_get(r->b, r->b->year, &a, &err) : -1;
	if (f < 0) {
		json_decref(arr);
		api_fail(r, &err);
	} else {
		/* the year's adoption (SPEC §12), or null: the 批复 is there once adopted */
		json_t *o = json_pack("{s:i, s:o}", "year", r->b->year, "scenarios", arr);
		json_object_set_new(o, "adopted", f ? json_pack("{s:s, s:s}", "scenario", a.scenario, "adopted_at", a.adopted_at)
						    : json_null());
		api_reply(r, 200, o);
	}
	buf_release(&err);
}

/* --- reports ------------------------------------------------------------- */

/* Keep only the rows of one agency (the column "agency", or "code" in the
 * agencies report); the totals row goes. */
static void keep_agency(struct table *t, const char *agency)
{
	int col = -1;
	for (size_t j = 0; j < t->n_cols; j++)
		if (!strcmp(t->cols[j].key, !strcmp(t->name, "agencies") ? "code" : "agency"))
			col = (int)j;
	size_t kept = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		struct tcell *row = &t->cells[i * t->n_cols];
		int keep = col >= 0 && row[col].s && !strcmp(row[col].s, agency) && !(t->has_total && i == t->n_rows - 1);
		if (!keep) {
			for (size_t j = 0; j < t->n_cols; j++)
				free(row[j].s);
			continue;
		}
		if (kept != i)
			memmove(&t->cells[kept * t->n_cols], row, t->n_cols * sizeof(*row));
		kept++;
	}
	t->n_rows = kept;
	t->has_total = 0;
}

static int is_agency_report(const char *name)
{
	return !strcmp(name, "agencies") || !strcmp(name, "cuts") || !strcmp(name, "ledger") || !strcmp(name, "lookback") ||
	       !strcmp(name, "disclosure") || !strcmp(name, "findings") || !strcmp(name, "rounds") ||
	       !strcmp(name, "adjustments");
}

#define TABLE_HEAD ((const struct api_page *)1) /* table_doc: the head alone, no rows */

static json_t *table_doc(const struct table *t, const char *scenario, const char *against, const struct api_page *pg)
{
	json_t *cols = json_array();
	static const char *const types[] = { "text", "int", "money", "share" };
	for (size_t j = 0; j < t->n_cols; j++)
		json_array_append_new(cols, json_pack("{s:s, s:s, s:s, s:s}", "key", t->cols[j].key, "zh", t->cols[j].zh,
						      "en", t->cols[j].en, "type", types[t->cols[j].type]));
	json_t *o = json_pack("{s:s, s:s, s:s}", "report", t->name, "title", t->title, "scenario", scenario);
	json_object_set_new(o, "against", against ? json_string(against) : json_null());
	json_object_set_new(o, "has_total", json_boolean(t->has_total));
	json_object_set_new(o, "columns", cols);
	if (pg == TABLE_HEAD)
		return o;
	if (!pg || !pg->is_paged) {
		json_object_set_new(o, "rows", table_to_json(t));
		return o;
	}
	/* a page of the rows table_query kept, their count and their totals row */
	json_object_set_new(o, "total", json_integer((json_int_t)t->n_rows - 1));
	json_object_set_new(o, "offset", json_integer(pg->offset));
	json_object_set_new(o, "limit", json_integer(pg->limit));
	json_object_set_new(o, "rows", table_rows_json(t, (size_t)pg->offset, (size_t)pg->limit));
	json_object_set_new(o, "total_row", table_row_json(t, t->n_rows - 1));
	return o;
}

/* The bytes of a file, read into the request's arena. */
static int slurp_file(struct req *r, const char *path, struct buf *err)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char tmp[65536];
	size_t n;
	if (!f) {
		buf_printf(err, "%s: cannot read", path);
		return -1;
	}
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	char *data = arena_alloc(&r->a, b.len + 1);
	memcpy(data, buf_str(&b), b.len);
	r->raw = data;
	r->raw_len = b.len;
	buf_release(&b);
	return 0;
}

static void download(struct req *r, const char *name, const char *scenario, const char *ext, const char *type)
{
	r->status = 200;
	r->content_type = type;
	r->cache_control = "no-store";
	/* scenario names are plain (name_ok), so the file name needs no quoting beyond RFC 5987 */
	r->content_disposition = arena_printf(&r->a, "attachment; filename=\"%s-%s.%s\"", name,
					      (scenario[0] & 0x80) ? "scenario" : scenario, ext);
}

/* A list built as a table (the agency's projects): the page asked for
 * (searched, sorted, with the total count and the 合计 row over the whole
 * result), or the whole result as XLSX.  Frees nothing: t is the caller's. */
void api_table_reply(struct req *r, struct table *t, const char *fmt, const struct api_page *pg)
{
	struct buf err = BUF_INIT;
	const char *unit = http_query(r, "unit");
	enum money_unit u = UNIT_WAN;
	if (unit && money_unit_parse(unit, &u)) {
		api_error(r, 422, "INVALID", "unit", "%s", L("unit 应为 yuan、wan 或 yi", "unit must be yuan, wan or yi"));
		return;
	}
	if (table_query(t, pg->q, pg->sort, &err)) {
		api_error(r, 422, "INVALID", pg->sort && *pg->sort ? "sort" : NULL, "%s", buf_str(&err));
		buf_release(&err);
		return;
	}
	if (!strcmp(fmt, "xlsx")) {
		char path[] = "/tmp/zbb-list-XXXXXX.xlsx";
		int fd = mkstemps(path, 5);
		struct table *tabs[] = { t };
		if (fd < 0) {
			buf_adds(&err, "mkstemps failed");
			api_fail(r, &err);
		} else {
			close(fd);
			if (xlsx_write_tables(path, tabs, 1, u, &err) || slurp_file(r, path, &err))
				api_fail(r, &err);
			else
				download(r, t->name, "all", "xlsx",
					 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
			unlink(path);
		}
	} else {
		struct api_page all = *pg;
		all.is_paged = 1;
		api_reply(r, 200, table_doc(t, "", NULL, &all));
	}
	buf_release(&err);
}

/* --- adopted and current (SPEC §12) --------------------------------------- */

/* The figures a report shows: the pipeline p as it is (the cache's, shared,
 * so never written), titled 已批复 when it is the adopted scenario, or with
 * ?as=current its current budget (current.c).  0, or -1 with err. */
struct shown {
	struct pipeline v;
	struct current cur;
	int has_cur;
	const struct pipeline *p;
};

static int shown_open(struct req *r, const struct pipeline *p, const char *scenario, const char *as, struct shown *s,
		      struct buf *err)
{
	char adopted[72];
	memset(s, 0, sizeof(*s));
	s->v = *p;
	s->p = &s->v;
	int f = current_adopted_name(r->b, adopted, err);
	if (f < 0)
		return -1;
	if (f == 1 && !strcmp(adopted, scenario))
		s->v.view = VIEW_ADOPTED;
	if (as && !strcmp(as, "current")) {
		struct current_lines cl;
		if (current_lines_load(r->b, &cl, err))
			return -1;
		int rc = current_build(&s->v, &cl, &s->cur, err);
		current_lines_release(&cl);
		if (rc)
			return -1;
		s->has_cur = 1;
		s->p = &s->cur.p;
	}
	return 0;
}

static void shown_release(struct shown *s)
{
	if (s->has_cur)
		current_release(&s->cur);
}

/* "as" in a report's JSON: adopted or current (nothing for a draft). */
static void shown_json(const struct pipeline *p, json_t *o)
{
	if (o && p->view != VIEW_DRAFT)
		json_object_set_new(o, "as", json_string(p->view == VIEW_CURRENT ? "current" : "adopted"));
}

/* A report of several tables (disclosure, approval): one JSON document
 * (doc, or each table's document keyed by its name when doc is NULL), one
 * workbook, or one zip of CSV files (for people: 万元, BOM; ?for=data:
 * fen).  Takes doc. */
static void tables_reply(struct req *r, struct table *t, size_t n, const char *fmt, enum money_unit u, const char *name,
			 const char *scenario, json_t *doc)
{
	struct buf err = BUF_INIT;
	if (!strcmp(fmt, "csv")) {
		const char *for_ = http_query(r, "for");
		int people = !for_ || strcmp(for_, "data");
		char **files = xcalloc(n, sizeof(char *)), **names = xcalloc(n, sizeof(char *));
		size_t *lens = xcalloc(n, sizeof(size_t));
		for (size_t k = 0; k < n; k++) {
			FILE *m = open_memstream(&files[k], &lens[k]);
			if (people)
				table_print_csv_people(&t[k], m, u);
			else
				table_print_csv(&t[k], m);
			fclose(m);
			struct buf nm = BUF_INIT;
			buf_printf(&nm, "%s-%s.csv", t[k].number ? t[k].number : t[k].name, t[k].sheet ? t[k].sheet : t[k].name);
			names[k] = buf_detach(&nm);
		}
		char path[] = "/tmp/zbb-report-XXXXXX.zip";
		int fd = mkstemps(path, 4);
		if (fd < 0) {
			buf_adds(&err, "mkstemps failed");
			api_fail(r, &err);
		} else {
			close(fd);
			if (files_write(path, 1, (const char *const *)names, files, lens, n, &err) ||
			    slurp_file(r, path, &err))
				api_fail(r, &err);
			else
				download(r, name, scenario, "zip", "application/zip");
			unlink(path);
		}
		for (size_t k = 0; k < n; k++) {
			free(files[k]);
			free(names[k]);
		}
		free(files);
		free(names);
		free(lens);
		json_decref(doc);
	} else if (!strcmp(fmt, "json")) {
		if (!doc) {
			doc = json_object();
			for (size_t k = 0; k < n; k++)
				json_object_set_new(doc, t[k].name, table_doc(&t[k], scenario, NULL, NULL));
		}
		api_reply(r, 200, doc);
	} else {
		char path[] = "/tmp/zbb-report-XXXXXX.xlsx";
		int fd = mkstemps(path, 5);
		struct table **tabs = xcalloc(n, sizeof(struct table *));
		for (size_t k = 0; k < n; k++)
			tabs[k] = &t[k];
		if (fd < 0) {
			buf_adds(&err, "mkstemps failed");
			api_fail(r, &err);
		} else {
			close(fd);
			if (xlsx_write_tables(path, tabs, n, u, &err) || slurp_file(r, path, &err))
				api_fail(r, &err);
			else
				download(r, name, scenario, "xlsx",
					 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
			unlink(path);
		}
		free(tabs);
		json_decref(doc);
	}
	buf_release(&err);
}

/* disclosure: the tables 公开01–11 of one agency (an agency user's own,
 * or ?agency=CODE, or all). */
static void disclosure_reply(struct req *r, const struct pipeline *p, const char *fmt, enum money_unit u,
			     const char *scenario)
{
	const char *code = r->scope_agency ? r->scope_agency : http_query(r, "agency");
	int32_t a = -1;
	if (code && *code && (a = model_find_agency(&p->m, code)) < 0) {
		api_error(r, 404, "NOT_FOUND", "agency", L("没有这个单位：%s", "no such agency: %s"), code);
		return;
	}
	struct table t[DISCLOSURE_TABLES];
	report_disclosure(p, a, t);
	json_t *doc = NULL;
	if (!strcmp(fmt, "json")) {
		doc = json_object();
		shown_json(p, doc);
		for (int k = 0; k < DISCLOSURE_TABLES; k++)
			json_object_set_new(doc, t[k].name, table_doc(&t[k], scenario, NULL, NULL));
	}
	tables_reply(r, t, DISCLOSURE_TABLES, fmt, u, "disclosure", scenario, doc);
	for (int k = 0; k < DISCLOSURE_TABLES; k++)
		table_free(&t[k]);
}

/* approval: the 批复 of the adopted budget (SPEC §12) for ?agency=CODE
 * (an agency user: its own only); ?scenario, when given, must name the
 * adopted one. */
static void approval_reply(struct req *r, const char *fmt, enum money_unit u)
{
	const char *code = http_query(r, "agency"), *scenario = http_query(r, "scenario");
	if (r->scope_agency) {
		if (code && *code && strcmp(code, r->scope_agency)) {
			api_error(r, 403, "FORBIDDEN", "agency", "%s",
				  L("预算单位用户只能查看本单位的批复", "an agency user reads only its own agency's approval"));
			return;
		}
		code = r->scope_agency;
	}
	if (!code || !*code) {
		api_error(r, 422, "INVALID", "agency", "%s",
			  L("批复按单位出具：需要 agency", "an approval is for one agency: agency is needed"));
		return;
	}
	struct buf why = BUF_INIT, err = BUF_INIT;
	struct pipeline p;
	struct approval_open ao;
	int f = scenario_approval_open(r->b, code, scenario && *scenario ? scenario : NULL, &p, &ao, &why, &err);
	if (f == 2) {
		api_error(r, 404, "NOT_FOUND", "agency", "%s", buf_str(&why));
	} else if (f > 0) {
		api_error(r, 409, "NOT_ADOPTED", "scenario", "%s", buf_str(&why));
	} else if (f < 0) {
		api_fail(r, &err);
	} else {
		struct table t[APPROVAL_TABLES];
		report_approval(&p, ao.agency, &ao.ai, t);
		json_t *doc = !strcmp(fmt, "json") ? report_approval_json(&p, ao.agency, &ao.ai, t, u) : NULL;
		tables_reply(r, t, APPROVAL_TABLES, fmt, u, "approval", p.m.agencies[ao.agency].code, doc);
		for (int k = 0; k < APPROVAL_TABLES; k++)
			table_free(&t[k]);
		pipeline_release(&p);
	}
	buf_release(&why);
	buf_release(&err);
}

/* --- paged reports: built once per state of the book ---------------------
 *
 * A page of a long report (the ledger of a city is some 229,000 rows) is
 * cut from the whole table, built once and kept while the book stays as it
 * was: the key is the audit log's length (every change appends one entry,
 * SPEC §9), read before the pipeline so that an entry is never older than
 * its key, with the year, the language, the scenarios, the report and the
 * agency the user is scoped to.  Requests share a kept table read-only. */

#define REPORTS_KEPT 2 /* a city's ledger is some 60 MB */

struct kept_report {
	enum pipeline_view view; /* what its figures are (JSON "as") */
	char *key;
	struct table t;
	int refs, is_dead;
	uint64_t used;
};
static pthread_mutex_t kept_mu = PTHREAD_MUTEX_INITIALIZER;
static struct kept_report *kept[REPORTS_KEPT];
static uint64_t kept_clock;

static void kept_free(struct kept_report *k)
{
	table_free(&k->t);
	free(k->key);
	free(k);
}

static struct kept_report *kept_find(const char *key)
{
	struct kept_report *k = NULL;
	pthread_mutex_lock(&kept_mu);
	for (int i = 0; i < REPORTS_KEPT && !k; i++)
		if (kept[i] && !strcmp(kept[i]->key, key))
			k = kept[i];
	if (k) {
		k->refs++;
		k->used = ++kept_clock;
	}
	pthread_mutex_unlock(&kept_mu);
	return k;
}

/* Keep k (held by the caller), in place of the least recently used. */
static void kept_add(struct kept_report *k)
{
	pthread_mutex_lock(&kept_mu);
	int slot = 0;
	for (int i = 0; i < REPORTS_KEPT; i++) {
		if (!kept[i]) {
			slot = i;
			break;
		}
		if (kept[i]->used < kept[slot]->used)
			slot = i;
	}
	struct kept_report *old = kept[slot];
	k->used = ++kept_clock;
	kept[slot] = k;
	if (old) {
		old->is_dead = 1;
		if (!old->refs)
			kept_free(old);
	}
	pthread_mutex_unlock(&kept_mu);
}

static void kept_release(struct kept_report *k)
{
	pthread_mutex_lock(&kept_mu);
	if (!--k->refs && k->is_dead)
		kept_free(k);
	pthread_mutex_unlock(&kept_mu);
}

/* --- a stored scenario is a record (SPEC §12) ------------------------------ */

static int wants_rerun(struct req *r)
{
	const char *v = http_query(r, "rerun");
	return v && (!strcmp(v, "1") || !strcmp(v, "true"));
}

/* Stored scenarios read on the inputs kept with their run (the book has
 * changed since): a pipeline built from a record is the same until the
 * scenario runs again, so the last few are kept process-wide, keyed by the
 * book, the year, the name and the run (at, run_at), and shared by the
 * requests reading them (read only, as the cache's shared pipelines are).
 * Without it every report of a stale scenario rebuilt the city's pipeline
 * (~2 s at scale 1: the dashboard took 5 s after any edit). */
#define RECORDS_KEPT 2
static struct kept_record {
	char *key;
	struct pipeline *p;
	int refs;
	uint64_t used;
	struct kept_record *next; /* pushed out while held: on the dead list */
} *records[RECORDS_KEPT], *records_dead;
static pthread_mutex_t records_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t records_cv = PTHREAD_COND_INITIALIZER;
static uint64_t records_clock;
/* the keys being built (single-flight: a second reader of one waits for
 * it instead of building its own; the city's first readers came at once) */
#define RECORDS_BUILDING 8
static char *records_building[RECORDS_BUILDING];

static void kept_record_free(struct kept_record *k)
{
	pipeline_release(k->p);
	free(k->p);
	free(k->key);
	free(k);
}

/* Under records_mu. */
static struct pipeline *record_find(const char *key)
{
	struct pipeline *p = NULL;
	for (int i = 0; i < RECORDS_KEPT && !p; i++)
		if (records[i] && !strcmp(records[i]->key, key)) {
			records[i]->refs++;
			records[i]->used = ++records_clock;
			p = records[i]->p;
		}
	return p;
}

/* Under records_mu: the kept pipeline of key (held), else NULL once this
 * caller is to build it (*slot: its place among those being built, -1 when
 * all are taken: it builds without telling). */
static struct pipeline *record_find_or_build(const char *key, int *slot)
{
	for (;;) {
		struct pipeline *p = record_find(key);
		if (p)
			return p;
		int busy = 0, free_at = -1;
		for (int i = 0; i < RECORDS_BUILDING; i++)
			if (records_building[i] && !strcmp(records_building[i], key))
				busy = 1;
			else if (!records_building[i] && free_at < 0)
				free_at = i;
		if (!busy) {
			*slot = free_at;
			if (free_at >= 0)
				records_building[free_at] = xstrdup(key);
			return NULL;
		}
		pthread_cond_wait(&records_cv, &records_mu);
	}
}

/* Under records_mu: keep p (held once by the caller) in place of the least recently used. */
static void record_keep(const char *key, struct pipeline *p)
{
	struct kept_record *k = xcalloc(1, sizeof(*k));
	k->key = xstrdup(key);
	k->p = p;
	k->refs = 1;
	int slot = 0;
	for (int i = 0; i < RECORDS_KEPT; i++) {
		if (!records[i]) {
			slot = i;
			break;
		}
		if (records[i]->used < records[slot]->used)
			slot = i;
	}
	struct kept_record *old = records[slot];
	k->used = ++records_clock;
	records[slot] = k;
	if (old && !old->refs) {
		kept_record_free(old);
	} else if (old) {
		old->next = records_dead;
		records_dead = old;
	}
}

/* The pipeline a report of scenario name reads: a stored scenario whose
 * inputs have changed since its run runs on the inputs kept with it (*own:
 * the caller's, record_release), unless rerun=1; else the cached one. */
static struct pipeline *record_pipeline(struct req *r, const char *name, int exact, struct pipeline **own, int *found,
					struct buf *err)
{
	char run_at[24];
	int64_t at;
	int kept;
	*own = NULL;
	int rec = store_scenario_record(r->b, name, run_at, &at, &kept, err);
	if (rec < 0) {
		*found = 1;
		return NULL;
	}
	if (rec && kept && !wants_rerun(r) && store_inputs_stamp(r->b) != at) {
		*found = 1;
		char *key = arena_printf(&r->a, "%s|%d|%s|%lld|%s", r->b->path ? r->b->path : "", r->b->year, name,
					 (long long)at, run_at);
		int slot = -1;
		pthread_mutex_lock(&records_mu);
		struct pipeline *p = record_find_or_build(key, &slot);
		pthread_mutex_unlock(&records_mu);
		if (p)
			return *own = p;
		p = xcalloc(1, sizeof(*p));
		int rc = scenario_open_record(r->b, name, 0, p, err);
		pthread_mutex_lock(&records_mu);
		if (slot >= 0) {
			free(records_building[slot]);
			records_building[slot] = NULL;
		}
		if (!rc) {
			pipeline_freeze(p); /* shared by the readers of the record from now on */
			record_keep(key, p);
		}
		if (!rc && getenv("ZBB_TRACE_RESIDENT")) /* tests count the builds */
			fprintf(stderr, "record: built %s\n", name);
		pthread_cond_broadcast(&records_cv);
		pthread_mutex_unlock(&records_mu);
		if (rc) {
			free(p);
			return NULL;
		}
		return *own = p;
	}
	return exact ? api_pipeline_exact(r, name, found, err) : api_pipeline(r, name, found, err);
}

static void record_release(struct pipeline *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&records_mu);
	for (int i = 0; i < RECORDS_KEPT; i++)
		if (records[i] && records[i]->p == p) {
			records[i]->refs--;
			pthread_mutex_unlock(&records_mu);
			return;
		}
	for (struct kept_record **d = &records_dead; *d; d = &(*d)->next)
		if ((*d)->p == p) {
			struct kept_record *k = *d;
			if (!--k->refs) {
				*d = k->next;
				kept_record_free(k);
			}
			pthread_mutex_unlock(&records_mu);
			return;
		}
	pthread_mutex_unlock(&records_mu);
	pipeline_release(p); /* never kept */
	free(p);
}

/* stale, run_at and rerun of a stored scenario (nothing for one that is not stored) */
static void record_json(struct req *r, const char *name, json_t *o)
{
	char run_at[24];
	int64_t at;
	int kept;
	struct buf err = BUF_INIT;
	int rec = store_scenario_record(r->b, name, run_at, &at, &kept, &err);
	buf_release(&err);
	if (rec != 1 || !o)
		return;
	int stale = store_inputs_stamp(r->b) != at;
	json_object_set_new(o, "stale", json_boolean(stale));
	json_object_set_new(o, "run_at", json_string(run_at));
	if (stale)
		json_object_set_new(o, "rerun", json_boolean(wants_rerun(r) || !kept));
}

static void paged_report(struct req *r, const char *name, const char *scenario, const char *against, const char *as,
			 int by_project,
			 const struct api_page *pg)
{
	struct buf err = BUF_INIT;
	int64_t version = store_audit_count(r->b);
	char *key = arena_printf(&r->a, "%lld|%d|%d|%s%s|%s|%s|%s|%d|%s", (long long)version, r->b->year, (int)ZB_LANG, name,
				 by_project ? "/project" : "", scenario, against ? against : "",
				 r->scope_agency ? r->scope_agency : "", wants_rerun(r), as ? as : "");
	struct kept_report *k = version >= 0 ? kept_find(key) : NULL;
	if (!k) {
		int found;
		struct pipeline *own = NULL;
		struct pipeline *p = record_pipeline(r, scenario, 1, &own, &found, &err), *q = NULL;
		const char *missing = scenario;
		if (p && against && !(q = api_pipeline_exact(r, against, &found, &err))) {
			p = NULL;
			missing = against;
		}
		if (!p) {
			if (!found)
				api_error(r, 404, "NOT_FOUND", missing == scenario ? "scenario" : "against",
					  L("没有这个场景：%s", "no such scenario: %s"), missing);
			else
				api_fail(r, &err);
			record_release(own);
			buf_release(&err);
			return;
		}
		struct shown sh;
		if (shown_open(r, p, scenario, as, &sh, &err)) {
			api_fail(r, &err);
			record_release(own);
			buf_release(&err);
			return;
		}
		k = xcalloc(1, sizeof(*k));
		k->key = xstrdup(key);
		k->refs = 1;
		k->view = sh.p->view;
		if (!strcmp(name, "summary"))
			report_summary_table(sh.p, &k->t);
		else if (!strcmp(name, "compare"))
			report_compare(sh.p, q, &k->t);
		else if (by_project)
			report_cuts_by_project(sh.p, &k->t);
		else
			report_build(sh.p, name, r->scope_agency, &k->t);
		shown_release(&sh);
		if (!strcmp(name, "ledger") && season_ledger_snapshots(r->b, &k->t, &err)) {
			api_fail(r, &err);
			k->is_dead = 1;
			kept_release(k);
			buf_release(&err);
			return;
		}
		if (r->scope_agency)
			keep_agency(&k->t, r->scope_agency);
		record_release(own);
		if (version >= 0)
			kept_add(k);
		else
			k->is_dead = 1;
	}
	struct table_sel sel;
	if (table_select(&k->t, pg->q, pg->sort, &sel, &err)) {
		api_error(r, 422, "INVALID", pg->sort && *pg->sort ? "sort" : NULL, "%s", buf_str(&err));
	} else {
		json_t *o = table_doc(&k->t, scenario, against, TABLE_HEAD);
		json_object_set_new(o, "has_total", json_true());
		json_object_set_new(o, "total", json_integer((json_int_t)sel.n));
		json_object_set_new(o, "offset", json_integer(pg->offset));
		json_object_set_new(o, "limit", json_integer(pg->limit));
		json_object_set_new(o, "rows", table_sel_json(&k->t, &sel, (size_t)pg->offset, (size_t)pg->limit));
		json_object_set_new(o, "total_row", table_sel_total_json(&k->t, &sel));
		record_json(r, scenario, o);
		if (k->view != VIEW_DRAFT)
			json_object_set_new(o, "as", json_string(k->view == VIEW_CURRENT ? "current" : "adopted"));
		table_sel_release(&sel);
		api_reply(r, 200, o);
	}
	kept_release(k);
	buf_release(&err);
}

/* adjustments (SPEC §12): the adopted budget's documents and per agency
 * adopted → adjustments → current, as JSON (report_adjustments_json), CSV
 * (the two tables one after the other) or XLSX (a sheet each). */
static void adjustments_reply(struct req *r, const char *fmt, enum money_unit u, const char *scenario)
{
	char *adopted = arena_alloc(&r->a, 72);
	struct buf err = BUF_INIT;
	int f = current_adopted_name(r->b, adopted, &err), found;
	if (f < 0) {
		api_fail(r, &err);
		buf_release(&err);
		return;
	}
	if (!f) {
		api_error(r, 409, "NOT_ADOPTED", NULL,
			  L("%d 年度预算尚未批复（zbb adopt --scenario S），还没有预算调剂和调整",
			    "the %d budget is not adopted yet (zbb adopt --scenario S): there are no adjustments"),
			  r->b->year);
		return;
	}
	if (scenario && strcmp(scenario_resolve(r->b, scenario, arena_alloc(&r->a, 72), 72), adopted)) {
		api_error(r, 422, "INVALID", "scenario",
			  L("预算调剂和调整只属于批复的预算（场景 %s），场景 %s 不是",
			    "adjustments belong to the adopted budget (scenario %s), not scenario %s"),
			  adopted, scenario);
		return;
	}
	struct pipeline *own = NULL;
	struct pipeline *p = record_pipeline(r, adopted, 0, &own, &found, &err);
	if (!p) {
		if (!found)
			api_error(r, 404, "NOT_FOUND", "scenario", L("没有这个场景：%s", "no such scenario: %s"), adopted);
		else
			api_fail(r, &err);
		buf_release(&err);
		return;
	}
	struct pipeline v = *p;
	v.view = VIEW_ADOPTED;
	struct current_lines cl;
	struct current cur;
	if (current_lines_load(r->b, &cl, &err)) {
		api_fail(r, &err);
		record_release(own);
		buf_release(&err);
		return;
	}
	if (current_build(&v, &cl, &cur, &err)) {
		api_fail(r, &err);
		current_lines_release(&cl);
		record_release(own);
		buf_release(&err);
		return;
	}
	struct table t[ADJ_TABLES];
	int32_t scope = r->scope_agency ? model_find_agency(&v.m, r->scope_agency) : -1;
	if (r->scope_agency && scope < 0) /* an agency not in the adopted book: nothing of its own */
		scope = INT32_MAX;
	report_adjustments(&v, &cur, &cl, scope, t);
	if (!strcmp(fmt, "json")) {
		api_reply(r, 200, report_adjustments_json(&v, &cl, scope, t));
	} else if (!strcmp(fmt, "csv")) {
		char *data = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&data, &len);
		const char *for_ = http_query(r, "for");
		int people = for_ && !strcmp(for_, "excel");
		if (!people)
			fputs("\xEF\xBB\xBF", m);
		for (int k = 0; k < ADJ_TABLES; k++) {
			if (k)
				fputc('\n', m);
			if (people)
				table_print_csv_people(&t[k], m, u);
			else
				table_print_csv(&t[k], m);
		}
		fclose(m);
		char *copy = arena_alloc(&r->a, len + 1);
		memcpy(copy, data, len);
		free(data);
		r->raw = copy;
		r->raw_len = len;
		download(r, "adjustments", adopted, "csv", "text/csv; charset=utf-8");
	} else {
		char path[] = "/tmp/zbb-report-XXXXXX.xlsx";
		int fd = mkstemps(path, 5);
		struct table *tabs[] = { &t[0], &t[1], &t[2] };
		if (fd < 0) {
			buf_adds(&err, "mkstemps failed");
			api_fail(r, &err);
		} else {
			close(fd);
			if (xlsx_write_tables(path, tabs, ADJ_TABLES, u, &err) || slurp_file(r, path, &err))
				api_fail(r, &err);
			else
				download(r, "adjustments", adopted, "xlsx",
					 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
			unlink(path);
		}
	}
	for (int k = 0; k < ADJ_TABLES; k++)
		table_free(&t[k]);
	current_release(&cur);
	current_lines_release(&cl);
	record_release(own);
	buf_release(&err);
}

/* A roll-up of the regions under the server's (SPEC §14): ?rollup=1 on
 * summary, agencies and functions, and the regions report; only for a
 * user given its subtree (user add --scope). */
static void rollup_reply(struct req *r, const char *name, const char *scenario, const char *fmt)
{
	if (!r->s.u.scope[0] || r->s.u.role == ROLE_AGENCY) {
		api_error(r, 403, "FORBIDDEN", NULL, "%s",
			  L("只有可读下级区划汇总的用户（zbb user add --scope）才能查看区划汇总",
			    "only a user given its subtree (zbb user add --scope) reads roll-ups of regions"));
		return;
	}
	if (strcmp(name, "summary") && strcmp(name, "agencies") && strcmp(name, "functions") && strcmp(name, "regions")) {
		api_error(r, 422, "INVALID", "rollup", L("rollup 只用于 summary、agencies 和 functions：%s",
							 "rollup is for summary, agencies and functions only: %s"), name);
		return;
	}
	if (strcmp(fmt, "json")) {
		api_error(r, 422, "INVALID", "format", "%s", L("区划汇总以 JSON 提供（文件用 zbb report --rollup）",
								 "roll-ups come as JSON (files: zbb report --rollup)"));
		return;
	}
	struct rollup ru;
	struct table t;
	struct buf err = BUF_INIT;
	int is_table = !strcmp(name, "agencies") || !strcmp(name, "functions");
	int rc = rollup_run(r->b, scenario, 0, is_table ? name : NULL, &ru, is_table ? &t : NULL, &err);
	if (rc > 0)
		api_error(r, 404, "NOT_FOUND", "scenario", "%s", buf_str(&err));
	else if (rc < 0)
		api_fail(r, &err);
	else if (!strcmp(name, "summary"))
		api_reply(r, 200, rollup_summary_json(&ru, r->b->year, scenario));
	else {
		if (!is_table)
			rollup_regions_table(&ru, r->b->year, scenario, &t);
		json_t *o = table_doc(&t, scenario, NULL, NULL);
		json_object_set_new(o, "rollup", json_string(ru.scope));
		api_reply(r, 200, o);
		table_free(&t);
	}
	rollup_release(&ru);
	buf_release(&err);
}

void api_report(struct req *r)
{
	const char *name = r->params[0];
	const char *scenario = http_query(r, "scenario"), *against = http_query(r, "against");
	const char *fmt = http_query(r, "format"), *unit = http_query(r, "unit");
	const char *as = http_query(r, "as");
	enum money_unit u = UNIT_WAN;
	struct buf err = BUF_INIT;
	int found, has_scenario = scenario && *scenario;
	if (!scenario || !*scenario)
		scenario = "base";
	if (as && !*as)
		as = NULL;
	if (!fmt || !*fmt)
		fmt = "json";
	if (!report_known(name) && strcmp(name, "regions")) {
		api_error(r, 404, "NOT_FOUND", NULL, L("没有这个报表：%s", "no such report: %s"), name);
		return;
	}
	if (strcmp(fmt, "json") && strcmp(fmt, "csv") && strcmp(fmt, "xlsx")) {
		api_error(r, 422, "INVALID", "format", "%s", L("format 应为 json、csv 或 xlsx", "format must be json, csv or xlsx"));
		return;
	}
	if (unit && money_unit_parse(unit, &u)) {
		api_error(r, 422, "INVALID", "unit", "%s", L("unit 应为 yuan、wan 或 yi", "unit must be yuan, wan or yi"));
		return;
	}
	if (!scenario_name_ok(scenario) || (against && !scenario_name_ok(against))) {
		bad_name(r, against && scenario_name_ok(scenario) ? "against" : "scenario");
		return;
	}
	struct api_page pg;
	if (api_page_parse(r, 200, 5000, &pg))
		return;
	const char *ru = http_query(r, "rollup");
	if ((ru && (!strcmp(ru, "1") || !strcmp(ru, "true"))) || !strcmp(name, "regions")) {
		rollup_reply(r, name, scenario, fmt);
		return;
	}
	if (!strcmp(name, "approval")) {
		approval_reply(r, fmt, u);
		return;
	}
	if (!strcmp(name, "compare") && !against) {
		api_error(r, 422, "INVALID", "against", "%s", L("compare 需要 against 另一个场景", "compare needs against=SCENARIO"));
		return;
	}
	/* ?as=adopted|current: the adopted scenario's budget as adopted or
	 * after its adjustments (SPEC §12); without ?scenario that scenario */
	if (as) {
		char *adopted = arena_alloc(&r->a, 72);
		int f;
		if (strcmp(as, "adopted") && strcmp(as, "current")) {
			api_error(r, 422, "INVALID", "as", "%s",
				  L("as 应为 adopted（年初预算）或 current（调整后预算）", "as must be adopted or current"));
			return;
		}
		if (strcmp(name, "summary") && strcmp(name, "agencies") && strcmp(name, "disclosure")) {
			api_error(r, 422, "INVALID", "as", L("as 只用于 summary、agencies 和 disclosure：%s",
							     "as is for summary, agencies and disclosure only: %s"), name);
			return;
		}
		if ((f = current_adopted_name(r->b, adopted, &err)) < 0) {
			api_fail(r, &err);
			buf_release(&err);
			return;
		}
		if (!f) {
			api_error(r, 409, "NOT_ADOPTED", "as",
				  L("%d 年度预算尚未批复（zbb adopt --scenario S），as=%s 只用于批复后的预算",
				    "the %d budget is not adopted yet (zbb adopt --scenario S): as=%s is for the adopted budget"),
				  r->b->year, as);
			return;
		}
		const char *named = has_scenario ? scenario_resolve(r->b, scenario, arena_alloc(&r->a, 72), 72) : adopted;
		if (strcmp(named, adopted)) {
			api_error(r, 422, "INVALID", "scenario",
				  L("as=%s 只用于批复的预算（场景 %s），场景 %s 不是", "as=%s is for the adopted budget (scenario %s), not scenario %s"),
				  as, adopted, scenario);
			return;
		}
		scenario = adopted;
	}
	/* ?by=project: cuts summed per project (the agency's dashboard) */
	const char *by = http_query(r, "by");
	int by_project = by && !strcmp(by, "project");
	if (by && (!by_project || strcmp(name, "cuts"))) {
		api_error(r, 422, "INVALID", "by", "%s",
			  L("by 只能是 project，且只用于 cuts（按项目汇总未足额安排的明细）",
			    "by must be project, and only for cuts (the items not fully funded summed per project)"));
		return;
	}
	/* "adopted": the year's adopted scenario (SPEC §12) */
	scenario = scenario_resolve(r->b, scenario, arena_alloc(&r->a, 72), 72);
	if (against)
		against = scenario_resolve(r->b, against, arena_alloc(&r->a, 72), 72);
	if (r->scope_agency && !is_agency_report(name)) {
		api_error(r, 403, "FORBIDDEN", NULL, "%s",
			  L("预算单位用户只能查看本单位的报表（agencies、cuts、ledger、lookback、disclosure、findings、rounds、adjustments）",
			    "an agency user reads only its own agency's reports (agencies, cuts, ledger, lookback, disclosure, findings, rounds, adjustments)"));
		return;
	}
	if (!strcmp(name, "adjustments")) {
		adjustments_reply(r, fmt, u, has_scenario ? http_query(r, "scenario") : NULL);
		return;
	}
	/* the season's record: no scenario in it */
	int is_rounds = !strcmp(name, "rounds");
	if (pg.is_paged && !strcmp(fmt, "json") && strcmp(name, "disclosure") && !is_rounds) {
		paged_report(r, name, scenario, against, as, by_project, &pg);
		return;
	}
	struct pipeline *own = NULL;
	struct pipeline *p = is_rounds ? NULL : record_pipeline(r, scenario, 0, &own, &found, &err), *q = NULL;
	const char *missing = scenario;
	if (p && against && !(q = api_pipeline(r, against, &found, &err))) {
		p = NULL;
		missing = against;
	}
	if (!p && !is_rounds) {
		if (!found)
			api_error(r, 404, "NOT_FOUND", missing == scenario ? "scenario" : "against",
				  L("没有这个场景：%s", "no such scenario: %s"), missing);
		else
			api_fail(r, &err);
		record_release(own);
		buf_release(&err);
		return;
	}
	struct shown sh;
	memset(&sh, 0, sizeof sh);
	if (p) {
		if (shown_open(r, p, scenario, as, &sh, &err)) {
			api_fail(r, &err);
			record_release(own);
			buf_release(&err);
			return;
		}
		p = &sh.v; /* titled 已批复 when adopted; sh.p: the figures shown */
	}
	/* a table of a frozen pipeline as JSON: the same body for every request
	 * that asks the same of it (kept whole, api_answer_find) */
	char *answer_key = NULL;
	json_t *meta = NULL; /* record_json's fields, read once: the key's and the body's */
	if (p && sh.p == &sh.v && sh.v.frozen && !strcmp(fmt, "json") && !pg.is_paged && !against && !as && strcmp(name, "disclosure") &&
	    strcmp(name, "summary") && strcmp(name, "compare") && strcmp(name, "ledger")) {
		meta = json_object();
		record_json(r, scenario, meta);
		char *mt = json_dumps(meta, JSON_COMPACT | JSON_SORT_KEYS);
		answer_key = arena_printf(&r->a, "report|%llu|%d|%d|%s|%d|%s|%s|%s", (unsigned long long)sh.v.frozen, (int)sh.v.view, (int)ZB_LANG,
					  name, by_project, r->scope_agency ? r->scope_agency : "", scenario, mt ? mt : "");
		free(mt);
		size_t len;
		const char *body = api_answer_find(answer_key, &r->a, &len);
		if (body) {
			api_reply_text(r, body, len);
			json_decref(meta);
			shown_release(&sh);
			record_release(own);
			buf_release(&err);
			return;
		}
	}
	if (!strcmp(name, "disclosure")) {
		disclosure_reply(r, sh.p, fmt, u, scenario);
		shown_release(&sh);
		record_release(own);
		buf_release(&err);
		return;
	}
	int is_summary = !strcmp(name, "summary");
	if (is_summary && !strcmp(fmt, "json")) {
		json_t *o = report_summary_json(sh.p);
		if (!o) {
			buf_adds(&err, L("金额合计超出范围", "a money total is out of range"));
			api_fail(r, &err);
		} else {
			record_json(r, scenario, o);
			api_reply(r, 200, o);
		}
		shown_release(&sh);
		record_release(own);
		buf_release(&err);
		return;
	}
	struct table t;
	int bad = 0;
	if (is_rounds)
		bad = season_rounds_table(r->b, &t, &err);
	else if (is_summary)
		report_summary_table(sh.p, &t);
	else if (!strcmp(name, "compare"))
		report_compare(p, q, &t);
	else if (by_project)
		report_cuts_by_project(p, &t);
	else
		report_build(sh.p, name, r->scope_agency, &t);
	enum pipeline_view view = p ? sh.p->view : VIEW_DRAFT;
	shown_release(&sh);
	if (!bad && !strcmp(name, "ledger"))
		bad = season_ledger_snapshots(r->b, &t, &err);
	if (bad) {
		api_fail(r, &err);
		table_free(&t);
		record_release(own);
		buf_release(&err);
		return;
	}
	if (r->scope_agency)
		keep_agency(&t, r->scope_agency);
	record_release(own);
	/* paged, sorted or searched: the whole result for a file, a page of it in JSON */
	if (pg.is_paged && table_query(&t, pg.q, pg.sort, &err)) {
		api_error(r, 422, "INVALID", pg.sort && *pg.sort ? "sort" : NULL, "%s", buf_str(&err));
		table_free(&t);
		buf_release(&err);
		return;
	}
	if (!strcmp(fmt, "json")) {
		json_t *o = table_doc(&t, scenario, against, &pg);
		if (meta) {
			json_object_update(o, meta); /* the fields its key was made of */
			json_decref(meta);
		} else
			record_json(r, scenario, o);
		if (view != VIEW_DRAFT)
			json_object_set_new(o, "as", json_string(view == VIEW_CURRENT ? "current" : "adopted"));
		if (answer_key) {
			size_t n;
			const char *text = api_reply_laid_out(r, o, &n);
			api_answer_keep(answer_key, text, n);
			if (getenv("ZBB_TRACE_RESIDENT")) /* tests count the bodies made */
				fprintf(stderr, "answer: kept report %s\n", name);
		} else {
			api_reply(r, 200, o);
		}
	} else if (!strcmp(fmt, "csv")) {
		char *data = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&data, &len);
		const char *for_ = http_query(r, "for");
		if (for_ && !strcmp(for_, "excel")) {
			table_print_csv_people(&t, f, u); /* its own BOM, 万元, words */
		} else {
			fputs("\xEF\xBB\xBF", f); /* a BOM, so that Excel and WPS read the Chinese right */
			table_print_csv(&t, f);
		}
		fclose(f);
		char *copy = arena_alloc(&r->a, len + 1);
		memcpy(copy, data, len);
		free(data);
		r->raw = copy;
		r->raw_len = len;
		download(r, name, scenario, "csv", "text/csv; charset=utf-8");
	} else {
		char path[] = "/tmp/zbb-report-XXXXXX.xlsx";
		int fd = mkstemps(path, 5);
		struct table *tabs[] = { &t };
		if (fd < 0) {
			buf_adds(&err, "mkstemps failed");
			api_fail(r, &err);
		} else {
			close(fd);
			if (xlsx_write_tables(path, tabs, 1, u, &err) || slurp_file(r, path, &err))
				api_fail(r, &err);
			else
				download(r, name, scenario, "xlsx",
					 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
			unlink(path);
		}
	}
	table_free(&t);
	buf_release(&err);
}

/* --- explain ------------------------------------------------------------- */

void api_explain(struct req *r)
{
	const char *scenario = http_query(r, "scenario");
	struct buf err = BUF_INIT;
	int found;
	long seq = 0;
	if (!scenario || !*scenario)
		scenario = "base";
	if (!scenario_name_ok(scenario)) {
		bad_name(r, "scenario");
		return;
	}
	if (r->n_params > 1) {
		char *end;
		seq = strtol(r->params[1], &end, 10);
		if (*end || seq <= 0 || seq > INT32_MAX) {
			api_error(r, 404, "NOT_FOUND", "seq", L("没有第 %s 条明细", "no item %s"), r->params[1]);
			return;
		}
	}
	struct pipeline *p = api_pipeline(r, scenario, &found, &err);
	if (!p) {
		if (!found)
			api_error(r, 404, "NOT_FOUND", "scenario", L("没有这个场景：%s", "no such scenario: %s"), scenario);
		else
			api_fail(r, &err);
		buf_release(&err);
		return;
	}
	const struct model *m = &p->m;
	int32_t pr = model_find_project(m, r->params[0]), item = -1;
	if (pr < 0 || (seq && (item = model_find_item(m, pr, (int32_t)seq)) < 0)) {
		api_error(r, 404, "NOT_FOUND", NULL, L("没有 %s", "no %s"), r->path);
		return;
	}
	json_t *o = explain_json(p, pr, item, &err);
	if (!o)
		api_fail(r, &err);
	else
		api_reply(r, 200, o);
	buf_release(&err);
}

/* --- the findings of the book, for the review queue --------------------- */

/* GET /api/v1/findings?agency=A&code=C&tier=T&severity=S&limit=N: the
 * findings of the rules on the book as it is, item by item, with what the
 * reviewer needs to pick a line (an agency user: its own only). */
/* The queue's order: a finding is (project, its index in rr->findings). */
struct qfinding {
	int32_t pr, k;
};
struct qsort_ctx {
	const struct model *m;
	const struct rules_result *rr;
	int key, desc; /* key: 0 book order, 1 project, 2 agency, 3 requested, 4 approved, 5 effect, 6 code */
};

static zb_fen qf_amount(const struct qsort_ctx *c, const struct qfinding *q, int which)
{
	const struct finding *f = &c->rr->findings[q->k];
	if (which == 5)
		return f->effect_fen;
	if (f->item >= 0)
		return which == 3 ? c->rr->requested_fen[f->item] : c->rr->approved_fen[f->item];
	return which == 3 ? c->rr->project_requested_fen[q->pr] : c->rr->project_approved_fen[q->pr];
}

static int cmp_qfinding(const void *a, const void *b, void *arg)
{
	const struct qsort_ctx *c = arg;
	const struct qfinding *x = a, *y = b;
	int d = 0;
	if (c->key == 1)
		d = strcmp(c->m->projects[x->pr].code, c->m->projects[y->pr].code);
	else if (c->key == 2)
		d = strcmp(c->m->projects[x->pr].agency_code, c->m->projects[y->pr].agency_code);
	else if (c->key == 6)
		d = strcmp(rules_code_name((enum finding_code)c->rr->findings[x->k].code),
			   rules_code_name((enum finding_code)c->rr->findings[y->k].code));
	else if (c->key >= 3) {
		zb_fen u = qf_amount(c, x, c->key), v = qf_amount(c, y, c->key);
		d = (u > v) - (u < v);
	}
	if (c->desc)
		d = -d;
	return d ? d : (x->k > y->k) - (x->k < y->k);
}

static int has_text(const char *s, const char *w)
{
	return s && strcasestr(s, w);
}

/* Every word of q in the finding's project, agency, item or message, or
 * the words of its code or its project's tier. */
static int finding_matches(const struct model *m, const struct project *P, const struct finding *f, const char *msg,
			   char **words, size_t n_words)
{
	const struct agency *A = P->agency >= 0 ? &m->agencies[P->agency] : NULL;
	const char *content = f->item >= 0 ? m->items[f->item].content : NULL;
	for (size_t w = 0; w < n_words; w++)
		if (!has_text(P->code, words[w]) && !has_text(P->name, words[w]) && !has_text(P->agency_code, words[w]) &&
		    !(A && has_text(A->name, words[w])) && !has_text(content, words[w]) && !has_text(msg, words[w]) &&
		    !has_text(rules_code_name((enum finding_code)f->code), words[w]) &&
		    /* the words people read: 超标准 for OVER_STANDARD, 保基本民生 for livelihood */
		    !has_text(words_for(WORDS_FINDING, rules_code_name((enum finding_code)f->code)), words[w]) &&
		    !has_text(words_for(WORDS_TIER, model_tier_code(P->tier)), words[w]))
			return 0;
	return 1;
}

struct findings_q {
	struct req *r;
	const char *agency, *code, *tier, *sev;
	struct api_page pg;
	struct qsort_ctx sc;
};

/* The queue's answer from a model and its rules' result. */
static int findings_answer(const struct model *m, const struct rules_result *rr, int32_t unused, void *arg)
{
	struct findings_q *q = arg;
	struct req *r = q->r;
	const char *agency = q->agency, *code = q->code, *tier = q->tier, *sev = q->sev;
	struct api_page pg = q->pg;
	struct qsort_ctx sc = q->sc;
	struct buf msg = BUF_INIT;
	(void)unused;
	sc.m = m;
	sc.rr = rr;
	/* the words of q */
	char *qcopy = arena_printf(&r->a, "%s", pg.q ? pg.q : ""), *save = NULL, *words[16];
	size_t n_words = 0;
	for (char *w = strtok_r(qcopy, " \t", &save); w && n_words < 16; w = strtok_r(NULL, " \t", &save))
		words[n_words++] = w;
	struct qfinding *sel = NULL;
	size_t n_sel = 0, cap_sel = 0;
	zb_fen effect = 0;
	for (size_t pr = 0; pr < m->n_projects; pr++) {
		const struct project *P = &m->projects[pr];
		if (agency && *agency && strcmp(P->agency_code, agency))
			continue;
		if (tier && *tier && strcmp(model_tier_code((enum tier)rr->tier[pr]), tier))
			continue;
		for (int32_t k = rr->project_findings[pr]; k < rr->project_findings[pr + 1]; k++) {
			const struct finding *f = &rr->findings[k];
			if (code && *code && strcmp(rules_code_name((enum finding_code)f->code), code))
				continue;
			if (sev && *sev && strcmp(rules_severity_name((enum severity)f->severity), sev))
				continue;
			if (n_words) {
				buf_reset(&msg);
				rules_message(m, f, &msg);
				if (!finding_matches(m, P, f, buf_str(&msg), words, n_words))
					continue;
			}
			XGROW(sel, cap_sel, n_sel + 1);
			sel[n_sel++] = (struct qfinding){ (int32_t)pr, k };
			if (money_add(effect, f->effect_fen, &effect))
				effect = INT64_MAX;
		}
	}
	if (sc.key)
		qsort_r(sel, n_sel, sizeof(*sel), cmp_qfinding, &sc);
	json_t *arr = json_array();
	for (size_t i = (size_t)pg.offset; i < n_sel && i - (size_t)pg.offset < (size_t)pg.limit; i++) {
		const struct project *P = &m->projects[sel[i].pr];
		const struct finding *f = &rr->findings[sel[i].k];
		int32_t pr = sel[i].pr;
		buf_reset(&msg);
		rules_message(m, f, &msg);
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "code", rules_code_name((enum finding_code)f->code),
				      "severity", rules_severity_name((enum severity)f->severity), "project", P->code,
				      "name", P->name ? P->name : "", "agency", P->agency_code, "tier",
				      model_tier_code((enum tier)rr->tier[pr]));
		const char *an = P->agency >= 0 ? m->agencies[P->agency].name : NULL;
		json_object_set_new(o, "agency_name", json_string(an ? an : ""));
		if (f->item >= 0) {
			const struct item *it = &m->items[f->item];
			json_object_set_new(o, "seq", json_integer(it->seq));
			json_object_set_new(o, "content", json_string(it->content ? it->content : ""));
			json_object_set_new(o, "requested_fen", json_integer(rr->requested_fen[f->item]));
			json_object_set_new(o, "approved_fen", json_integer(rr->approved_fen[f->item]));
		} else {
			json_object_set_new(o, "seq", json_null());
			json_object_set_new(o, "requested_fen", json_integer(rr->project_requested_fen[pr]));
			json_object_set_new(o, "approved_fen", json_integer(rr->project_approved_fen[pr]));
		}
		json_object_set_new(o, "effect_fen", json_integer(f->effect_fen));
		json_t *ms = json_string(buf_str(&msg));
		json_object_set_new(o, "message", ms ? ms : json_string("?"));
		json_array_append_new(arr, o);
	}
	size_t shown = json_array_size(arr);
	/* the 合计 row: what the findings of the whole result take off (an
	 * item's requested and approved amounts would count once per finding) */
	json_t *total_row = effect == INT64_MAX ? json_null() : json_pack("{s:I}", "effect_fen", (json_int_t)effect);
	api_reply(r, 200,
		  json_pack("{s:I, s:I, s:I, s:b, s:o, s:o}", "total", (json_int_t)n_sel, "offset", (json_int_t)pg.offset,
			    "limit", (json_int_t)pg.limit, "more", (size_t)pg.offset + shown < n_sel, "findings", arr,
			    "total_row", total_row));
	free(sel);
	buf_release(&msg);
	return 0;
}

void api_findings(struct req *r)
{
	struct buf err = BUF_INIT, msg = BUF_INIT;
	int found;
	const char *agency = http_query(r, "agency"), *code = http_query(r, "code"), *tier = http_query(r, "tier");
	const char *sev = http_query(r, "severity");
	struct api_page pg;
	if (api_page_parse(r, 2000, 20000, &pg))
		return;
	static const char *const sort_keys[] = { "", "project", "agency", "requested_fen", "approved_fen", "effect_fen", "code" };
	struct qsort_ctx sc = { 0 };
	if (pg.sort && *pg.sort) {
		sc.desc = pg.sort[0] == '-';
		const char *key = pg.sort + sc.desc;
		for (sc.key = 1; sc.key < 7 && strcmp(sort_keys[sc.key], key); sc.key++)
			;
		if (sc.key == 7) {
			api_error(r, 422, "INVALID", "sort", L("没有可排序的列：%s", "no column to sort by: %s"), key);
			return;
		}
	}
	if (r->scope_agency)
		agency = r->scope_agency;
	struct findings_q q = { r, agency, code, tier, sev, pg, sc };
	if (agency && *agency) {
		/* one agency's (every agency user's): exact, from the resident model */
		if (api_resident_agency(r->b, agency, findings_answer, &q, &err))
			api_fail(r, &err);
	} else {
		struct pipeline *p = api_pipeline(r, API_BOOK, &found, &err);
		if (!p)
			api_fail(r, &err);
		else
			findings_answer(&p->m, &p->rr, -1, &q);
	}
	buf_release(&err);
	buf_release(&msg);
}

/* --- POST /api/v1/basic --------------------------------------------------- */

/* The basic expenditure from staff and quotas (SPEC §13), as `zbb basic`:
 * one change, audited under the signed-in user; a refusal is 422. */
void api_basic(struct req *r)
{
	struct basic_result res;
	struct buf err = BUF_INIT;
	int rc = basic_run(r->b, r->s.u.name, &res, &err);
	if (rc > 0)
		api_error(r, 422, "INVALID", NULL, "%s", buf_str(&err));
	else if (rc < 0)
		api_fail(r, &err);
	else
		api_reply(r, 200,
			  json_pack("{s:i, s:I, s:I, s:I, s:I, s:I}", "year", r->b->year, "agencies",
				    (json_int_t)res.n_agencies, "projects", (json_int_t)res.n_projects, "items",
				    (json_int_t)res.n_items, "replaced", (json_int_t)res.n_removed, "requested_fen",
				    (json_int_t)res.requested_fen));
	buf_release(&err);
}
