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
#include "audit.h"
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
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(r->b->db, "SELECT version FROM projects WHERE fy=?1 AND code=?2", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_int(st, 1, r->b->year);
		sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			json_object_set_new(p, "version", json_integer(sqlite3_column_int64(st, 0)));
		sqlite3_finalize(st);
	}
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
	/* requested amounts, exact: price × quantity rounded half up */
	zb_fen total = 0;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		zb_fen amount = 0;
		zb_qty q = 0;
		const char *why, *qs = json_string_value(json_object_get(it, "quantity"));
		json_object_del(it, "project");
		if (qs && !qty_parse(qs, strlen(qs), &q, &why) &&
		    !money_mul_qty((zb_fen)json_integer_value(json_object_get(it, "price_fen")), q, &amount) &&
		    !money_add(total, amount, &total))
			json_object_set_new(it, "amount_fen", json_integer(amount));
	}
	json_array_foreach(targets, i, it)
		json_object_del(it, "project");
	json_array_foreach(reviews, i, it)
		json_object_del(it, "project");
	if (json_is_object(eval))
		json_object_del(eval, "project");
	json_object_set_new(p, "requested_fen", json_integer(total));
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

void api_projects_list(struct req *r)
{
	const char *agency = http_query(r, "agency");
	sqlite3_stmt *st;
	struct buf err = BUF_INIT;
	/* an agency user sees its own agency whatever it asks for */
	if (r->scope_agency) {
		if (agency && strcmp(agency, r->scope_agency)) {
			api_reply(r, 200, json_pack("{s:[]}", "projects"));
			return;
		}
		agency = r->scope_agency;
	}
	if (sqlite3_prepare_v2(r->b->db,
			       "SELECT p.code, p.agency, p.name, p.kind, p.tier, p.function, p.new, p.version,"
			       " i.price_fen, i.quantity"
			       " FROM projects p LEFT JOIN items i ON i.fy = p.fy AND i.project = p.code"
			       " WHERE p.fy=?1 AND (?2 IS NULL OR p.agency=?2) ORDER BY p.code, i.seq",
			       -1, &st, NULL) != SQLITE_OK) {
		buf_printf(&err, "projects: %s", sqlite3_errmsg(r->b->db));
		api_fail(r, &err);
		buf_release(&err);
		return;
	}
	sqlite3_bind_int(st, 1, r->b->year);
	if (agency)
		sqlite3_bind_text(st, 2, agency, -1, SQLITE_STATIC);
	json_t *arr = json_array(), *cur = NULL;
	zb_fen total = 0;
	int64_t n_items = 0;
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		if (!cur || strcmp(json_string_value(json_object_get(cur, "code")), code)) {
			if (cur) {
				json_object_set_new(cur, "items", json_integer(n_items));
				json_object_set_new(cur, "requested_fen", json_integer(total));
			}
			cur = json_object();
			json_array_append_new(arr, cur);
			static const char *const keys[] = { "code", "agency", "name", "kind", "tier", "function" };
			for (int i = 0; i < 6; i++)
				json_object_set_new(cur, keys[i], json_string((const char *)sqlite3_column_text(st, i)));
			json_object_set_new(cur, "new", json_boolean(sqlite3_column_int(st, 6)));
			json_object_set_new(cur, "version", json_integer(sqlite3_column_int64(st, 7)));
			total = 0;
			n_items = 0;
		}
		if (sqlite3_column_type(st, 8) != SQLITE_NULL) {
			zb_fen amount;
			n_items++;
			if (!money_mul_qty(sqlite3_column_int64(st, 8), sqlite3_column_int64(st, 9), &amount))
				money_add(total, amount, &total);
		}
	}
	if (cur) {
		json_object_set_new(cur, "items", json_integer(n_items));
		json_object_set_new(cur, "requested_fen", json_integer(total));
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE) {
		json_decref(arr);
		buf_printf(&err, "projects: %s", sqlite3_errmsg(r->b->db));
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
	sqlite3_stmt *st;
	char sql[96];
	snprintf(sql, sizeof sql, "DELETE FROM \"%s\" WHERE fy=?1 AND project=?2", k->name);
	if (sqlite3_prepare_v2(r->b->db, sql, -1, &st, NULL) != SQLITE_OK) {
		buf_printf(err, "%s: %s", key, sqlite3_errmsg(r->b->db));
		return -1;
	}
	sqlite3_bind_int(st, 1, r->b->year);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE) {
		buf_printf(err, "%s: %s", key, sqlite3_errmsg(r->b->db));
		return -1;
	}
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
	sqlite3_stmt *st;
	int64_t v = -1;
	if (sqlite3_prepare_v2(r->b->db, "SELECT version FROM projects WHERE fy=?1 AND code=?2", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	sqlite3_bind_int(st, 1, r->b->year);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
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
static void write_project(struct req *r, int is_new)
{
	struct buf err = BUF_INIT;
	struct api_errors errs = { NULL };
	struct api_row row;
	json_t *before = NULL, *after = NULL;
	const char *code;
	int64_t want = -1;
	int rc;
	memset(&row, 0, sizeof row);
	if (is_new) {
		code = json_string_value(json_object_get(r->json, "code"));
	} else {
		code = r->params[0];
		json_t *c = json_object_get(r->json, "code");
		if (c && !(json_is_string(c) && !strcmp(json_string_value(c), code))) {
			api_error(r, 422, "INVALID", "code", "%s",
				  L("code: 不能修改项目编码（应与地址中的编码相同或省略）",
				    "code: the project code cannot change (same as in the address, or left out)"));
			return;
		}
		if ((want = body_version(r)) < 0) {
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
	const char *xn[2] = { "code", "agency" }, *xv[2] = { code ? code : "", agency ? agency : "" };
	size_t n_extra = is_new ? (agency ? 1 : 0) : (agency ? 2 : 1);
	const char *const *names = is_new ? xn + 1 : xn, *const *vals = is_new ? xv + 1 : xv;
	if (book_begin(r->b, &err)) {
		api_fail(r, &err);
		goto out;
	}
	if (!is_new) {
		int64_t have = current_version(r, code);
		if (have != want) {
			stale(r, have, want);
			goto out;
		}
		if (!(before = project_doc(r, code, &err))) {
			api_fail(r, &err);
			goto out;
		}
	}
	if (api_row_parse(r, kind_find("projects"), r->json, NULL, project_skip, n_extra, names, vals, &row, &errs)) {
		api_errors_reply(r, &errs);
		goto out;
	}
	code = arena_strndup(&r->a, row.v[0].s, row.v[0].n);
	if ((rc = api_row_store(r, &row, is_new ? ROW_INSERT : ROW_UPDATE, &err))) {
		if (rc < 0)
			api_fail(r, &err);
		goto out;
	}
	if ((rc = store_children(r, code, "items", &errs, &err, 0)) ||
	    (rc = store_children(r, code, "targets", &errs, &err, 0))) {
		if (rc < 0)
			api_fail(r, &err);
		goto out;
	}
	if (errs.list) {
		api_errors_reply(r, &errs);
		goto out;
	}
	if (!(after = project_doc(r, code, &err)) ||
	    audit_append(r->b, r->s.u.name, is_new ? "project.create" : "project.update", code, before, after, &err) ||
	    book_commit(r->b, &err) || project_findings(r, code, after, &err)) {
		api_fail(r, &err);
		goto out;
	}
	api_reply(r, is_new ? 201 : 200, json_incref(after));
out:
	book_rollback(r->b);
	api_row_release(&row);
	json_decref(errs.list);
	json_decref(before);
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

void api_project_delete(struct req *r)
{
	struct buf err = BUF_INIT;
	json_t *before = NULL;
	const char *code = r->params[0];
	int64_t want = body_version(r);
	if (want < 0) {
		api_error(r, 422, "INVALID", "version", "%s",
			  L("version: 必填（删除时须带上读取时的版本号）", "version: required (the version you read)"));
		return;
	}
	if (book_begin(r->b, &err))
		goto fail;
	int64_t have = current_version(r, code);
	if (have != want) {
		stale(r, have, want);
		goto out;
	}
	if (!(before = project_doc(r, code, &err)))
		goto fail;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(r->b->db, "DELETE FROM projects WHERE fy=?1 AND code=?2", -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	sqlite3_bind_int(st, 1, r->b->year);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		goto sqlfail;
	if (audit_append(r->b, r->s.u.name, "project.delete", code, before, NULL, &err) || book_commit(r->b, &err))
		goto fail;
	api_reply(r, 200, json_pack("{s:s}", "deleted", code));
	goto out;
sqlfail:
	buf_printf(&err, "delete: %s", sqlite3_errmsg(r->b->db));
fail:
	api_fail(r, &err);
out:
	book_rollback(r->b);
	json_decref(before);
	buf_release(&err);
}

/* --- POST /api/v1/check ------------------------------------------------- */

static const char *col_text(struct model *m, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t && *t ? model_str(m, (const char *)t) : NULL;
}

/* Read the draft's project row, items and targets back (inside the
 * transaction that stored them) into the draft model. */
static int read_draft(struct req *r, const char *code, struct model *m, struct buf *err)
{
	sqlite3_stmt *st = NULL;
	int s;
	if (sqlite3_prepare_v2(r->b->db,
			       "SELECT code, agency, name, kind, tier, function, rigid, urgent, new, basis, priority,"
			       " score, start_year, end_year FROM projects WHERE fy=?1 AND code=?2",
			       -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int(st, 1, r->b->year);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	if ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct project *p = model_add_project(m);
		p->code = col_text(m, st, 0);
		p->agency_code = col_text(m, st, 1);
		p->name = col_text(m, st, 2);
		p->kind = draft_kind((const char *)sqlite3_column_text(st, 3), KIND_SPECIFIC);
		p->tier = draft_tier((const char *)sqlite3_column_text(st, 4), TIER_GENERAL);
		p->function = col_text(m, st, 5);
		p->is_rigid = sqlite3_column_int(st, 6) != 0;
		p->is_urgent = sqlite3_column_int(st, 7) != 0;
		p->is_new = sqlite3_column_int(st, 8) != 0;
		p->basis = col_text(m, st, 9);
		p->priority_code = col_text(m, st, 10);
		p->score = sqlite3_column_type(st, 11) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 11);
		p->start_year = sqlite3_column_int(st, 12);
		p->end_year = sqlite3_column_int(st, 13);
	} else if (s != SQLITE_DONE) {
		goto fail;
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(r->b->db,
			       "SELECT seq, content, economic, standard, unit, price_fen, quantity, level, source"
			       " FROM items WHERE fy=?1 AND project=?2 ORDER BY seq",
			       -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int(st, 1, r->b->year);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct item *it = model_add_item(m);
		it->project_code = model_str(m, code);
		it->seq = sqlite3_column_int(st, 0);
		it->content = col_text(m, st, 1);
		it->economic = col_text(m, st, 2);
		it->standard_code = col_text(m, st, 3);
		it->unit = col_text(m, st, 4);
		it->price_fen = sqlite3_column_int64(st, 5);
		it->quantity = sqlite3_column_int64(st, 6);
		it->level = (uint8_t)sqlite3_column_int(st, 7);
		it->source = col_text(m, st, 8);
	}
	if (s != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	/* targets: the rules only ask whether there are any */
	if (sqlite3_prepare_v2(r->b->db, "SELECT name, value FROM targets WHERE fy=?1 AND project=?2", -1, &st, NULL) !=
	    SQLITE_OK)
		goto fail;
	sqlite3_bind_int(st, 1, r->b->year);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct target *t = model_add_target(m);
		t->project_code = model_str(m, code);
		t->name = col_text(m, st, 0);
		t->value = col_text(m, st, 1);
	}
	if (s != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	return 0;
fail:
	buf_printf(err, "check: %s", sqlite3_errmsg(r->b->db));
	sqlite3_finalize(st);
	return -1;
}

/* The stored project's agency (1), none (0), or -1 on failure. */
static int stored_agency(struct req *r, const char *code, const char **agency)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(r->b->db, "SELECT agency FROM projects WHERE fy=?1 AND code=?2", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	sqlite3_bind_int(st, 1, r->b->year);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	int s = sqlite3_step(st), rc = 0;
	if (s == SQLITE_ROW) {
		*agency = arena_strdup(&r->a, (const char *)sqlite3_column_text(st, 0));
		rc = 1;
	} else if (s != SQLITE_DONE) {
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}

/* The draft is stored exactly as a save would store it (so it is judged by
 * the same import rules), read back, and the transaction is rolled back:
 * nothing is kept.  Its findings come from the rules run on a model of its
 * agency (draft.h) built from the cached pipeline of the book. */
void api_check(struct req *r)
{
	struct buf err = BUF_INIT;
	struct api_errors errs = { NULL };
	struct api_row row;
	struct model dm;
	struct rules_result rr;
	int has_model = 0, has_rules = 0, found, rc;
	memset(&row, 0, sizeof row);
	struct pipeline *pl = api_pipeline(r, API_BOOK, &found, &err);
	if (!pl) {
		api_fail(r, &err);
		goto out;
	}
	json_t *jc = json_object_get(r->json, "code");
	const char *code = json_string_value(jc);
	if (jc && !json_is_null(jc) && !json_is_string(jc)) {
		api_error(r, 422, "INVALID", "code", "%s", L("code: 应为字符串", "code: must be a string"));
		goto out;
	}
	if (!code || !*code)
		code = "DRAFT"; /* a project not yet named is checked under a stand-in code */
	json_t *ag = json_object_get(r->json, "agency");
	const char *agency = json_string_value(ag), *have = NULL;
	if (r->scope_agency && ag && !json_is_null(ag) && (!agency || strcmp(agency, r->scope_agency))) {
		api_error(r, 403, "FORBIDDEN", "agency", "%s",
			  L("只能为本单位申报项目", "an agency user files projects for its own agency only"));
		goto out;
	}
	if (book_begin(r->b, &err)) {
		api_fail(r, &err);
		goto out;
	}
	struct api_stamp stamp = api_cache_stamp(r->b);
	int exists = stored_agency(r, code, &have);
	if (exists < 0) {
		buf_printf(&err, "check: %s", sqlite3_errmsg(r->b->db));
		api_fail(r, &err);
		goto out;
	}
	if (exists && r->scope_agency && strcmp(have, r->scope_agency)) {
		api_error(r, 404, "NOT_FOUND", NULL, L("没有项目 %s", "no project %s"), code);
		goto out;
	}
	if (!agency || !*agency)
		agency = r->scope_agency ? r->scope_agency : have;
	const char *xn[2] = { "code", "agency" }, *xv[2] = { code, agency ? agency : "" };
	if (api_row_parse(r, kind_find("projects"), r->json, NULL, project_skip, agency ? 2 : 1, xn, xv, &row, &errs)) {
		api_errors_reply(r, &errs);
		goto out;
	}
	agency = arena_strndup(&r->a, row.v[kind_col(kind_find("projects"), "agency")].s,
			       row.v[kind_col(kind_find("projects"), "agency")].n);
	if ((rc = api_row_store(r, &row, exists ? ROW_UPDATE : ROW_INSERT, &err)) ||
	    (rc = store_children(r, code, "items", &errs, &err, 1)) ||
	    (rc = store_children(r, code, "targets", &errs, &err, 1))) {
		if (rc < 0)
			api_fail(r, &err);
		goto out;
	}
	draft_model_init(&pl->m, agency, code, &dm);
	has_model = 1;
	rc = read_draft(r, code, &dm, &err);
	book_rollback(r->b);
	api_cache_keep(r->b, stamp);
	if (rc) {
		api_fail(r, &err);
		goto out;
	}
	if (model_finish(&dm, &err)) {
		api_error(r, 422, "INVALID", NULL, "%s", buf_str(&err));
		goto out;
	}
	if (rules_run(&dm, &rr, &err)) {
		api_error(r, 422, "INVALID", NULL, "%s", buf_str(&err));
		goto out;
	}
	has_rules = 1;
	int32_t k = model_find_project(&dm, code);
	json_t *o = json_pack("{s:s, s:s, s:I}", "project", code, "agency", agency, "requested_fen",
			      (json_int_t)rr.project_requested_fen[k]);
	api_findings_json(&dm, &rr, k, o);
	json_object_set_new(o, "errors", errs.list ? errs.list : json_array());
	errs.list = NULL;
	api_reply(r, 200, o);
out:
	book_rollback(r->b);
	if (has_rules)
		rules_result_release(&rr);
	if (has_model)
		model_release(&dm);
	api_row_release(&row);
	json_decref(errs.list);
	buf_release(&err);
}
