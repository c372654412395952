/*
 * api_projects.c - the project routes of SPEC §9: list, read, create,
 * replace and delete a project with its items and targets.  Roles, the
 * agency scope, CSRF and the project's existence are the dispatcher's
 * (http.c); every write here is one transaction with its audit entry, and
 * PUT/DELETE refuse a stale version with 409.
 *
 * Body of POST and PUT: the project's columns as in `zbb export projects
 * --format json`, plus "items" (array of item objects without "project")
 * and "targets" (array of target objects without "project"); PUT and
 * DELETE carry "version" (DELETE may give it as ?version=N instead).  PUT
 * replaces every column (an absent one takes its default, as a re-import
 * would) and replaces the items or targets when their key is present.
 */
#include "api.h"
#include "draft.h"
#include "money.h"

#include <stdlib.h>
#include <string.h>

/* Findings of one project on the book as it is (the rules of SPEC §5
 * with the book's own settings), from the connection's cached pipeline:
 * sets "findings", "amounts" and "approved_fen" on p.  Never inside a
 * write transaction (the cache is of committed data). */
static int project_findings(struct req *r, const char *code, json_t *p, struct buf *err)
{
	int found;
	struct pipeline *pl = api_pipeline_exact(r, API_BOOK, &found, err);
	if (!pl)
		return -1;
	int32_t k = model_find_project(&pl->m, code);
	if (k >= 0)
		api_findings_json(&pl->m, &pl->rr, k, p);
	else
		json_object_set_new(p, "findings", json_array());
	return 0;
}

/* The project as the API shows it, or json null when absent. */
static json_t *project_doc(struct req *r, const char *code, struct buf *err)
{
	const char *keys[] = { code };
	json_t *p = api_row_get(r->b, kind_find("projects"), keys, err);
	if (!p || json_is_null(p))
		return p;
	int64_t version;
	if (store_project_head(r->b, code, NULL, 0, &version) > 0)
		json_object_set_new(p, "version", json_integer(version));
	json_t *items = api_rows_json(r->b, kind_find("items"), "project", code, err);
	json_t *targets = items ? api_rows_json(r->b, kind_find("targets"), "project", code, err) : NULL;
	json_t *reviews = targets ? api_rows_json(r->b, kind_find("reviews"), "project", code, err) : NULL;
	json_t *eval = reviews ? api_row_get(r->b, kind_find("evaluations"), keys, err) : NULL; /* keyed by the project */
	if (!items || !targets || !reviews || !eval) {
		json_decref(p);
		json_decref(items);
		json_decref(targets);
		json_decref(reviews);
		return NULL;
	}
	/* requested amounts, exact: price × quantity rounded half up, summed
	 * checked (an item's amount fits: the import refuses one that does not) */
	zb_fen total = 0;
	int overflow = 0;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		zb_fen amount = 0;
		zb_qty q = 0;
		const char *why, *qs = json_string_value(json_object_get(it, "quantity"));
		zb_fen price = (zb_fen)json_integer_value(json_object_get(it, "price_fen"));
		json_object_del(it, "project");
		if (qs && !qty_parse(qs, strlen(qs), &q, &why) && !money_line_add(&amount, price, q))
			json_object_set_new(it, "amount_fen", json_integer(amount));
		if (!qs || qty_parse(qs, strlen(qs), &q, &why) || money_line_add(&total, price, q))
			overflow = 1;
	}
	json_array_foreach(targets, i, it)
		json_object_del(it, "project");
	json_array_foreach(reviews, i, it)
		json_object_del(it, "project");
	if (json_is_object(eval))
		json_object_del(eval, "project");
	json_object_set_new(p, "requested_fen", overflow ? json_null() : json_integer(total));
	json_object_set_new(p, "items", items);
	json_object_set_new(p, "targets", targets);
	/* read only: reviews and the evaluation have their own routes */
	json_object_set_new(p, "reviews", reviews);
	json_object_set_new(p, "evaluation", eval);
	return p;
}

void api_project_get(struct req *r)
{
	struct buf err = BUF_INIT;
	json_t *p = project_doc(r, r->params[0], &err);
	if (!p || project_findings(r, r->params[0], p, &err)) {
		json_decref(p);
		api_fail(r, &err);
	} else {
		api_reply(r, 200, p);
	}
	buf_release(&err);
}

static int list_project(const struct store_project_row *p, void *arg)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:I}", "code", p->code, "agency", p->agency,
			      "name", p->name, "kind", p->kind, "tier", p->tier, "function", p->function, "new",
			      p->is_new, "version", (json_int_t)p->version, "items", (json_int_t)p->n_items);
	zb_fen total = 0;
	int overflow = 0;
	for (size_t i = 0; i < p->n_items && !overflow; i++)
		overflow = money_line_add(&total, p->price_fen[i], p->quantity[i]);
	/* never silently wrapped: a total that does not fit is no number */
	json_object_set_new(o, "requested_fen", overflow ? json_null() : json_integer(total));
	json_array_append_new(arg, o);
	return 0;
}

void api_projects_list(struct req *r)
{
	const char *agency = http_query(r, "agency");
	struct buf err = BUF_INIT;
	/* an agency user sees its own agency whatever it asks for */
	if (r->scope_agency) {
		if (agency && strcmp(agency, r->scope_agency)) {
			api_reply(r, 200, json_pack("{s:[]}", "projects"));
			return;
		}
		agency = r->scope_agency;
	}
	json_t *arr = json_array();
	if (store_projects_each(r->b, agency, list_project, arr, &err)) {
		json_decref(arr);
		api_fail(r, &err);
	} else {
		api_reply(r, 200, json_pack("{s:o}", "projects", arr));
	}
	buf_release(&err);
}

static const char *const project_skip[] = { "items", "targets", "version", "findings", "requested_fen",
					    "approved_fen", "amounts", "reviews", "evaluation", NULL };
static const char *const child_skip[] = { "amount_fen", "requested_fen", "approved_fen", NULL };

/* Check and store the items or targets of a body, replacing the stored
 * ones.  Returns 0, 1 when answered (422), -1 on storage failure.  After
 * the first bad row nothing more is stored, unless is_lenient (a draft
 * being checked): then every good row is. */
static int store_children(struct req *r, const char *code, const char *key, struct api_errors *errs,
			  struct buf *err, int is_lenient)
{
	json_t *arr = json_object_get(r->json, key);
	const struct kind *k = kind_find(key);
	if (!arr)
		return 0;
	if (!json_is_array(arr)) {
		api_error(r, 422, "INVALID", key, L("%s 应为数组", "%s must be an array"), key);
		return 1;
	}
	if (store_rows_delete(r->b, k, "project", code, err))
		return -1;
	struct strmap seen = STRMAP_INIT;
	size_t i;
	json_t *o;
	int rc = 0;
	const char *pn[] = { "project" }, *pv[] = { code };
	json_array_foreach(arr, i, o)
	{
		const char *loc = arena_printf(&r->a, "%s[%zu]", key, i);
		struct api_row row;
		if (!json_is_object(o)) {
			json_t *e = json_pack("{s:s, s:s}", "message",
					      arena_printf(&r->a, "%s: %s", loc, L("应为对象", "must be an object")), "field", loc);
			if (!errs->list)
				errs->list = json_array();
			json_array_append_new(errs->list, e);
			continue;
		}
		json_t *proj = json_object_get(o, "project");
		if (proj && !(json_is_string(proj) && !strcmp(json_string_value(proj), code))) {
			json_t *e = json_pack("{s:s, s:s}", "message",
					      arena_printf(&r->a, "%s: project: %s", loc,
							   L("应为本项目的编码或省略", "must be this project's code or left out")),
					      "field", arena_printf(&r->a, "%s.project", loc));
			if (!errs->list)
				errs->list = json_array();
			json_array_append_new(errs->list, e);
			continue;
		}
		if (api_row_parse(r, k, o, loc, child_skip, 1, pn, pv, &row, errs)) {
			api_row_release(&row);
			continue;
		}
		/* a repeated key within the body, said as import says it */
		int kc = !strcmp(key, "items") ? kind_col(k, "seq") : kind_col(k, "name");
		struct buf kb = BUF_INIT;
		if (k->cols[kc].type == T_INT)
			buf_printf(&kb, "%lld", (long long)row.v[kc].i);
		else
			buf_add(&kb, row.v[kc].s, row.v[kc].n);
		int is_new;
		int64_t *first = strmap_put(&seen, kb.s, kb.len, (int64_t)i, &is_new);
		buf_release(&kb);
		if (!is_new) {
			json_t *e = json_pack("{s:s, s:s}", "message",
					      arena_printf(&r->a, L("%s: %s: 键重复：与 %s[%lld] 相同", "%s: %s: duplicate key: same as %s[%lld]"),
							   loc, k->cols[kc].name, key, (long long)*first),
					      "field", arena_printf(&r->a, "%s.%s", loc, k->cols[kc].name));
			if (!errs->list)
				errs->list = json_array();
			json_array_append_new(errs->list, e);
			api_row_release(&row);
			continue;
		}
		if (!errs->list || is_lenient)
			rc = api_row_store(r, &row, ROW_INSERT, err);
		api_row_release(&row);
		if (rc)
			break;
	}
	strmap_release(&seen);
	return rc;
}

/* A JSON integer version from the body or ?version=; -1 when missing. */
static int64_t body_version(struct req *r)
{
	json_t *v = r->json ? json_object_get(r->json, "version") : NULL;
	if (json_is_integer(v))
		return json_integer_value(v);
	const char *q = http_query(r, "version");
	if (!v && q && *q && strspn(q, "0123456789") == strlen(q) && strlen(q) < 18)
		return strtoll(q, NULL, 10);
	return -1;
}

/* The stored version inside the write transaction (-1: gone). */
static int64_t current_version(struct req *r, const char *code)
{
	int64_t v = -1;
	if (store_project_head(r->b, code, NULL, 0, &v) <= 0)
		return -1;
	return v;
}

static void stale(struct req *r, int64_t have, int64_t want)
{
	api_error(r, 409, "STALE_VERSION", "version",
		  L("项目已被他人修改（当前版本 %lld，提交的版本 %lld），请刷新后重做",
		    "the project changed meanwhile (version %lld now, %lld sent); reload and redo"),
		  (long long)have, (long long)want);
}

/* Create (is_new) or replace the project of the body. */
struct project_write {
	struct req *r;
	int is_new;
	const char *code;       /* the address's (PUT), or the body's (POST) */
	int64_t want;           /* PUT: the version read */
	size_t n_extra;
	const char *const *names, *const *vals;
	const char *xn[2], *xv[2];
	int is_assigned;        /* an agency user's new project: the server gives its code */
	struct api_row row;
	struct api_errors errs;
};

/* Inside the write: the version, the row, the items and targets; an error
 * of the body answers 409/422 and rolls everything back. */
static int project_write_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct project_write *x = arg;
	struct req *r = x->r;
	int rc;
	(void)b;
	if (!x->is_new) {
		int64_t have = current_version(r, x->code);
		if (have != x->want) {
			stale(r, have, x->want);
			return 1;
		}
		if (!(c->before = project_doc(r, x->code, err)))
			return -1;
	}
	if (x->is_assigned) {
		/* in the write: two agency users saving at once get two codes */
		char code[96];
		if (store_next_project_code(b, r->scope_agency, code, sizeof code)) {
			buf_printf(err, "%s: %s", b->path, L("无法读取项目", "cannot read the projects"));
			return -1;
		}
		x->xv[0] = arena_strdup(&r->a, code);
		x->names = x->xn;
		x->vals = x->xv;
		x->n_extra = 2;
	}
	if (api_row_parse(r, kind_find("projects"), r->json, NULL, project_skip, x->n_extra, x->names, x->vals, &x->row,
			  &x->errs)) {
		api_errors_reply(r, &x->errs);
		return 1;
	}
	x->code = c->object = arena_strndup(&r->a, x->row.v[0].s, x->row.v[0].n);
	if ((rc = api_row_store(r, &x->row, x->is_new ? ROW_INSERT : ROW_UPDATE, err)) ||
	    (rc = store_children(r, x->code, "items", &x->errs, err, 0)) ||
	    (rc = store_children(r, x->code, "targets", &x->errs, err, 0)))
		return rc;
	if (x->errs.list) {
		api_errors_reply(r, &x->errs);
		return 1;
	}
	if ((rc = api_row_consist(r, kind_find("items"), err)))
		return rc;
	return (c->after = project_doc(r, x->code, err)) ? 0 : -1;
}

static void write_project(struct req *r, int is_new)
{
	struct buf err = BUF_INIT;
	struct project_write x;
	json_t *after = NULL;
	memset(&x, 0, sizeof x);
	x.r = r;
	x.is_new = is_new;
	if (is_new) {
		x.code = json_string_value(json_object_get(r->json, "code"));
	} else {
		x.code = r->params[0];
		json_t *c = json_object_get(r->json, "code");
		if (c && !(json_is_string(c) && !strcmp(json_string_value(c), x.code))) {
			api_error(r, 422, "INVALID", "code", "%s",
				  L("code: 不能修改项目编码（应与地址中的编码相同或省略）",
				    "code: the project code cannot change (same as in the address, or left out)"));
			return;
		}
		if ((x.want = body_version(r)) < 0) {
			api_error(r, 422, "INVALID", "version", "%s",
				  L("version: 必填（修改时须带上读取时的版本号）", "version: required (the version you read)"));
			return;
		}
	}
	/* an agency user files under its own agency only */
	json_t *ag = json_object_get(r->json, "agency");
	const char *agency = json_string_value(ag);
	if (r->scope_agency && ag && !json_is_null(ag) && (!agency || strcmp(agency, r->scope_agency))) {
		api_error(r, 403, "FORBIDDEN", "agency", "%s",
			  L("只能为本单位申报项目", "an agency user files projects for its own agency only"));
		return;
	}
	if (!agency || !*agency)
		agency = r->scope_agency ? r->scope_agency : r->project_agency;
	/* an agency user's new project is numbered by the server ({agency}-NNN):
	 * a code of its choosing could only tell it which codes others took */
	x.is_assigned = is_new && r->scope_agency;
	if (x.is_assigned)
		x.code = NULL;
	x.xn[0] = "code";
	x.xn[1] = "agency";
	x.xv[0] = x.code ? x.code : "";
	x.xv[1] = agency ? agency : "";
	x.n_extra = is_new ? (agency ? 1 : 0) : (agency ? 2 : 1);
	x.names = is_new ? x.xn + 1 : x.xn;
	x.vals = is_new ? x.xv + 1 : x.xv;
	if (!api_write(r, is_new ? "project.create" : "project.update", x.code ? x.code : "", project_write_fn, &x,
		       &after)) {
		/* the findings of the book as it is now, committed */
		if (project_findings(r, x.code, after, &err))
			api_fail(r, &err);
		else
			api_reply(r, is_new ? 201 : 200, json_incref(after));
	}
	api_row_release(&x.row);
	json_decref(x.errs.list);
	json_decref(after);
	buf_release(&err);
}

void api_project_create(struct req *r)
{
	write_project(r, 1);
}

void api_project_update(struct req *r)
{
	write_project(r, 0);
}

struct project_delete {
	struct req *r;
	int64_t want;
};

static int project_delete_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct project_delete *x = arg;
	const char *code = c->object;
	int64_t have = current_version(x->r, code);
	if (have != x->want) {
		stale(x->r, have, x->want);
		return 1;
	}
	if (!(c->before = project_doc(x->r, code, err)))
		return -1;
	const char *keys[] = { code };
	/* its items, targets, reviews, evaluation and plans go with it
	 * (the book's foreign keys cascade) */
	return store_row_delete(b, kind_find("projects"), keys, err) < 0 ? -1 : 0;
}

void api_project_delete(struct req *r)
{
	struct project_delete x = { r, body_version(r) };
	if (x.want < 0) {
		api_error(r, 422, "INVALID", "version", "%s",
			  L("version: 必填（删除时须带上读取时的版本号）", "version: required (the version you read)"));
		return;
	}
	if (!api_write(r, "project.delete", r->params[0], project_delete_fn, &x, NULL))
		api_reply(r, 200, json_pack("{s:s}", "deleted", r->params[0]));
}

/* --- POST /api/v1/check ------------------------------------------------- */

struct draft_check {
	struct req *r;
	const char *code, *agency;
	struct pipeline *pl;
	struct api_row row;
	struct api_errors errs;
	struct model dm;
	int has_model;
};

/* Inside a transaction that is rolled back: the draft stored exactly as a
 * save would store it (so it is judged by the same import rules) and read
 * back into a model of its agency (draft.h) built from the cached
 * pipeline of the book.  0, 1 when answered, -1 on failure. */
static int draft_fn(struct book *b, void *arg, struct buf *err)
{
	struct draft_check *x = arg;
	struct req *r = x->r;
	char have[72];
	int rc;
	int exists = store_project_head(b, x->code, have, sizeof have, NULL);
	if (exists < 0) {
		buf_printf(err, "check: %s", L("无法读取项目", "cannot read the projects"));
		return -1;
	}
	if (r->scope_agency && (!exists || strcmp(have, r->scope_agency)) && strcmp(x->code, "DRAFT")) {
		/* not its own project: a new one, checked under the stand-in code
		 * whether or not another agency has the code (nothing tells them apart) */
		x->code = "DRAFT";
		if ((exists = store_project_head(b, x->code, have, sizeof have, NULL)) < 0) {
			buf_printf(err, "check: %s", L("无法读取项目", "cannot read the projects"));
			return -1;
		}
	}
	if (exists && r->scope_agency && strcmp(have, r->scope_agency)) {
		api_error(r, 404, "NOT_FOUND", NULL, L("没有项目 %s", "no project %s"), x->code);
		return 1;
	}
	const char *agency = x->agency;
	if (!agency || !*agency)
		agency = r->scope_agency ? r->scope_agency : exists ? arena_strdup(&r->a, have) : NULL;
	const char *xn[2] = { "code", "agency" }, *xv[2] = { x->code, agency ? agency : "" };
	const struct kind *pk = kind_find("projects");
	if (api_row_parse(r, pk, r->json, NULL, project_skip, agency ? 2 : 1, xn, xv, &x->row, &x->errs)) {
		api_errors_reply(r, &x->errs);
		return 1;
	}
	int ac = kind_col(pk, "agency");
	x->agency = arena_strndup(&r->a, x->row.v[ac].s, x->row.v[ac].n);
	if ((rc = api_row_store(r, &x->row, exists ? ROW_UPDATE : ROW_INSERT, err)) ||
	    (rc = store_children(r, x->code, "items", &x->errs, err, 1)) ||
	    (rc = store_children(r, x->code, "targets", &x->errs, err, 1)))
		return rc;
	draft_model_init(&x->pl->m, x->agency, x->code, &x->dm);
	x->has_model = 1;
	return store_model_add_project(b, x->code, &x->dm, err);
}

void api_check(struct req *r)
{
	struct buf err = BUF_INIT;
	struct draft_check x;
	struct rules_result rr;
	int has_rules = 0, found;
	memset(&x, 0, sizeof x);
	x.r = r;
	if (!(x.pl = api_pipeline(r, API_BOOK, &found, &err))) {
		api_fail(r, &err);
		goto out;
	}
	json_t *jc = json_object_get(r->json, "code");
	x.code = json_string_value(jc);
	if (jc && !json_is_null(jc) && !json_is_string(jc)) {
		api_error(r, 422, "INVALID", "code", "%s", L("code: 应为字符串", "code: must be a string"));
		goto out;
	}
	if (!x.code || !*x.code)
		x.code = "DRAFT"; /* a project not yet named is checked under a stand-in code */
	json_t *ag = json_object_get(r->json, "agency");
	x.agency = json_string_value(ag);
	if (r->scope_agency && ag && !json_is_null(ag) && (!x.agency || strcmp(x.agency, r->scope_agency))) {
		api_error(r, 403, "FORBIDDEN", "agency", "%s",
			  L("只能为本单位申报项目", "an agency user files projects for its own agency only"));
		goto out;
	}
	int rc = store_draft(r->b, draft_fn, &x, &err);
	if (rc) {
		if (rc < 0)
			api_fail(r, &err);
		goto out;
	}
	if (model_finish(&x.dm, &err)) {
		api_error(r, 422, "INVALID", NULL, "%s", buf_str(&err));
		goto out;
	}
	if (rules_run(&x.dm, &rr, &err)) {
		api_error(r, 422, "INVALID", NULL, "%s", buf_str(&err));
		goto out;
	}
	has_rules = 1;
	int32_t k = model_find_project(&x.dm, x.code);
	json_t *o = json_pack("{s:s, s:s, s:I}", "project", x.code, "agency", x.agency, "requested_fen",
			      (json_int_t)rr.project_requested_fen[k]);
	api_findings_json(&x.dm, &rr, k, o);
	json_object_set_new(o, "errors", x.errs.list ? x.errs.list : json_array());
	x.errs.list = NULL;
	api_reply(r, 200, o);
out:
	if (has_rules)
		rules_result_release(&rr);
	if (x.has_model)
		model_release(&x.dm);
	api_row_release(&x.row);
	json_decref(x.errs.list);
	buf_release(&err);
}

/* --- findings as JSON ---------------------------------------------------- */

void api_findings_json(const struct model *m, const struct rules_result *rr, int32_t project, json_t *obj)
{
	json_t *arr = json_array(), *amounts = json_array();
	struct buf msg = BUF_INIT;
	const struct project *P = &m->projects[project];
	for (int32_t k = rr->project_findings[project]; k < rr->project_findings[project + 1]; k++) {
		const struct finding *f = &rr->findings[k];
		buf_reset(&msg);
		rules_message(m, f, &msg);
		json_t *o = json_pack("{s:s, s:s}", "code", rules_code_name((enum finding_code)f->code), "severity",
				      rules_severity_name((enum severity)f->severity));
		json_object_set_new(o, "cause",
				    f->cause >= 0 ? json_string(rules_cause_name((enum cause)f->cause)) : json_null());
		json_object_set_new(o, "project", json_string(P->code));
		json_object_set_new(o, "seq", f->item >= 0 ? json_integer(m->items[f->item].seq) : json_null());
		json_object_set_new(o, "effect_fen", json_integer(f->effect_fen));
		json_object_set_new(o, "before_fen", json_integer(f->before_fen));
		json_object_set_new(o, "after_fen", json_integer(f->after_fen));
		json_t *ms = json_string(buf_str(&msg));
		json_object_set_new(o, "message", ms ? ms : json_string("?"));
		json_array_append_new(arr, o);
	}
	for (int32_t i = P->first_item; i < P->first_item + P->n_items; i++)
		json_array_append_new(amounts, json_pack("{s:i, s:I, s:I}", "seq", (int)m->items[i].seq, "requested_fen",
							 (json_int_t)rr->requested_fen[i], "approved_fen",
							 (json_int_t)rr->approved_fen[i]));
	json_object_set_new(obj, "findings", arr);
	json_object_set_new(obj, "amounts", amounts);
	json_object_set_new(obj, "approved_fen", json_integer(rr->project_approved_fen[project]));
	buf_release(&msg);
}
