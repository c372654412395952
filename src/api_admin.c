/*
 * api_admin.c - users (GET/POST /api/v1/users, PUT /api/v1/users/{name}),
 * settings (GET/PUT /api/v1/settings), the reference lists of the budget
 * office (GET/PUT/DELETE /api/v1/lists/{kind}) and the built-in
 * classification codes (GET /api/v1/codes/{kind}).
 *
 * Users go through auth.c (which writes its own transaction and audit
 * entry).  Settings and list rows are checked exactly as `zbb set` and
 * `zbb import` check them (book_setting_check, api_row_parse) and written
 * in one transaction with their audit entry.
 */
#include "api.h"
#include "audit.h"
#include "codes.h"

#include <stdlib.h>
#include <string.h>

/* --- users --------------------------------------------------------------- */

static json_t *user_json(const struct user *u)
{
	json_t *o = json_pack("{s:s, s:s, s:b}", "name", u->name, "role", role_name(u->role), "disabled", u->is_disabled);
	json_object_set_new(o, "agency", u->agency[0] ? json_string(u->agency) : json_null());
	return o;
}

void api_users_list(struct req *r)
{
	struct user *us = NULL;
	size_t n = 0;
	struct buf err = BUF_INIT;
	if (auth_user_list(r->b, &us, &n, &err)) {
		api_fail(r, &err);
		buf_release(&err);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, user_json(&us[i]));
	free(us);
	api_reply(r, 200, json_pack("{s:o}", "users", arr));
}

static void auth_answer(struct req *r, int rc, struct buf *err, const char *field)
{
	if (rc == AUTH_BAD)
		api_error(r, 422, "INVALID", field, "%s", buf_str(err));
	else
		api_fail(r, err);
}

void api_users_add(struct req *r)
{
	const char *name = json_string_value(json_object_get(r->json, "name"));
	const char *role = json_string_value(json_object_get(r->json, "role"));
	const char *agency = json_string_value(json_object_get(r->json, "agency"));
	const char *pw = json_string_value(json_object_get(r->json, "password"));
	struct buf err = BUF_INIT;
	unsigned rl;
	struct user u;
	if (!name || !pw) {
		api_error(r, 422, "INVALID", !name ? "name" : "password", "%s",
			  L("须给出 name 和 password（字符串）", "name and password (strings) are needed"));
		return;
	}
	if (!role || role_parse(role, &rl)) {
		api_error(r, 422, "INVALID", "role", "%s",
			  L("role 应为 agency、reviewer、budget、viewer 或 admin", "role must be agency, reviewer, budget, viewer or admin"));
		return;
	}
	if (auth_check_name(name, &err)) {
		api_error(r, 422, "INVALID", "name", "%s", buf_str(&err));
		goto out;
	}
	if (auth_check_password(pw, &err)) {
		api_error(r, 422, "INVALID", "password", "%s", buf_str(&err));
		goto out;
	}
	int have = auth_user_get(r->b, name, &u);
	if (have > 0) {
		api_error(r, 409, "EXISTS", "name", L("用户 %s 已存在", "user %s exists already"), name);
		goto out;
	}
	int rc = auth_user_add(r->b, r->s.u.name, name, rl, agency && *agency ? agency : NULL, pw, &err);
	if (rc)
		auth_answer(r, rc, &err, "agency");
	else if (auth_user_get(r->b, name, &u) > 0)
		api_reply(r, 201, user_json(&u));
	else
		api_fail(r, &err);
out:
	buf_release(&err);
}

void api_users_update(struct req *r)
{
	const char *name = r->params[0];
	const char *pw = json_string_value(json_object_get(r->json, "password"));
	json_t *dis = json_object_get(r->json, "disabled");
	struct buf err = BUF_INIT;
	struct user u;
	if (auth_user_get(r->b, name, &u) <= 0) {
		api_error(r, 404, "NOT_FOUND", NULL, L("没有用户 %s", "no user %s"), name);
		return;
	}
	if (!pw && !json_is_true(dis)) {
		api_error(r, 422, "INVALID", NULL, "%s",
			  L("须给出 password（新密码）或 disabled: true", "give password (a new one) or disabled: true"));
		return;
	}
	int rc = AUTH_OK;
	if (pw)
		rc = auth_user_passwd(r->b, r->s.u.name, name, pw, &err);
	if (rc == AUTH_OK && json_is_true(dis))
		rc = auth_user_disable(r->b, r->s.u.name, name, &err);
	if (rc)
		auth_answer(r, rc, &err, pw ? "password" : "disabled");
	else if (auth_user_get(r->b, name, &u) > 0)
		api_reply(r, 200, user_json(&u));
	else
		api_fail(r, &err);
	buf_release(&err);
}

/* --- settings ------------------------------------------------------------ */

static json_t *settings_json(struct book *b)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < book_settings_n; i++) {
		const struct setting_def *d = &book_settings[i];
		char *v = book_setting_get(b, d->key);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s}", "key", d->key, "value", v ? v : d->def,
						     "default", d->def, "zh", d->zh, "en", d->en));
		free(v);
	}
	return arr;
}

void api_settings_get(struct req *r)
{
	api_reply(r, 200, json_pack("{s:i, s:o}", "year", r->b->year, "settings", settings_json(r->b)));
}

/* Body: {KEY: "VALUE", …}; every value is checked first, then all are
 * written in one transaction with one audit entry. */
void api_settings_put(struct req *r)
{
	struct buf err = BUF_INIT, norm = BUF_INIT;
	const char *key;
	json_t *v, *before = NULL, *after = NULL, *changed = json_object();
	if (!json_object_size(r->json)) {
		api_error(r, 422, "INVALID", NULL, "%s", L("没有要修改的设置", "no setting to change"));
		goto out;
	}
	json_object_foreach(r->json, key, v)
	{
		const char *val = json_string_value(v);
		char tmp[32];
		if (json_is_integer(v)) {
			snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(v));
			val = tmp;
		}
		if (!book_setting_def(key)) {
			api_error(r, 422, "INVALID", key, L("%s: 没有这个设置", "%s: no such setting"), key);
			goto out;
		}
		buf_reset(&err);
		buf_reset(&norm);
		if (!val || book_setting_check(key, val, &norm, &err)) {
			api_error(r, 422, "INVALID", key, "%s: %s", key, val ? buf_str(&err) : L("应为字符串", "must be a string"));
			goto out;
		}
		json_object_set_new(changed, key, json_string(buf_str(&norm)));
	}
	buf_reset(&err);
	if (book_begin(r->b, &err))
		goto fail;
	before = settings_json(r->b);
	json_object_foreach(changed, key, v)
	{
		if (book_setting_set(r->b, key, json_string_value(v), &err))
			goto fail;
	}
	after = settings_json(r->b);
	if (audit_append(r->b, r->s.u.name, "settings.set", "settings", before, after, &err) || book_commit(r->b, &err))
		goto fail;
	api_reply(r, 200, json_pack("{s:i, s:O}", "year", r->b->year, "settings", after));
	goto out;
fail:
	api_fail(r, &err);
out:
	book_rollback(r->b);
	json_decref(changed);
	json_decref(before);
	json_decref(after);
	buf_release(&err);
	buf_release(&norm);
}

/* --- reference lists ------------------------------------------------------ */

static const char *const list_kinds[] = { "bases", "negative", "pools", "prices", "priorities", "sources", "standards",
					  NULL };

/* The kind of {kind}, or NULL when answered (404, or 403 for an agency
 * user asking for the city's sources). */
static const struct kind *list_kind(struct req *r)
{
	for (const char *const *k = list_kinds; *k; k++)
		if (!strcmp(*k, r->params[0])) {
			if (r->scope_agency && !strcmp(*k, "sources")) {
				api_error(r, 403, "FORBIDDEN", NULL, "%s",
					  L("预算单位用户不能查看资金来源", "an agency user may not read the sources"));
				return NULL;
			}
			return kind_find(*k);
		}
	api_error(r, 404, "NOT_FOUND", NULL, L("没有这个清单：%s", "no such list: %s"), r->params[0]);
	return NULL;
}

void api_list_get(struct req *r)
{
	struct buf err = BUF_INIT;
	const struct kind *k = list_kind(r);
	if (!k)
		return;
	json_t *arr = api_rows_json(r->b, k, NULL, NULL, &err);
	if (!arr)
		api_fail(r, &err);
	else
		api_reply(r, 200, json_pack("{s:s, s:o}", "kind", k->name, "rows", arr));
	buf_release(&err);
}

/* The key texts of a checked row and the audit object "k1/k2". */
static size_t row_keys(struct req *r, const struct kind *k, const struct api_row *row, const char **keys,
		       const char **object)
{
	size_t n = 0;
	*object = "";
	for (size_t i = 0; i < k->n_cols; i++)
		if (k->cols[i].flags & C_KEY) {
			const struct val *v = &row->v[i];
			keys[n] = k->cols[i].type == T_INT ? arena_printf(&r->a, "%lld", (long long)v->i)
							   : arena_strndup(&r->a, v->s, v->n);
			*object = n ? arena_printf(&r->a, "%s/%s", *object, keys[n]) : arena_printf(&r->a, "%s:%s", k->name, keys[n]);
			n++;
		}
	return n;
}

/* PUT: one row, inserted or replacing the row of the same key. */
void api_list_put(struct req *r)
{
	struct buf err = BUF_INIT;
	struct api_errors errs = { NULL };
	struct api_row row;
	json_t *before = NULL, *after = NULL;
	const char *keys[4], *object;
	int rc;
	memset(&row, 0, sizeof row);
	const struct kind *k = list_kind(r);
	if (!k)
		return;
	if (book_begin(r->b, &err)) {
		api_fail(r, &err);
		goto out;
	}
	if (api_row_parse(r, k, r->json, NULL, NULL, 0, NULL, NULL, &row, &errs)) {
		api_errors_reply(r, &errs);
		goto out;
	}
	row_keys(r, k, &row, keys, &object);
	if (!(before = api_row_get(r->b, k, keys, &err)) || (rc = api_row_store(r, &row, ROW_UPSERT, &err)) < 0 ||
	    (!rc && !(after = api_row_get(r->b, k, keys, &err)))) {
		api_fail(r, &err);
		goto out;
	}
	if (rc)
		goto out;
	if (audit_append(r->b, r->s.u.name, "list.put", object, json_is_null(before) ? NULL : before, after, &err) ||
	    book_commit(r->b, &err)) {
		api_fail(r, &err);
		goto out;
	}
	api_reply(r, json_is_null(before) ? 201 : 200, json_incref(after));
out:
	book_rollback(r->b);
	api_row_release(&row);
	json_decref(errs.list);
	json_decref(before);
	json_decref(after);
	buf_release(&err);
}

/* DELETE: body {key columns}; prices of a deleted pool or standard go with
 * it (the book's foreign keys cascade), and are in the audit entry. */
void api_list_delete(struct req *r)
{
	struct buf err = BUF_INIT, sql = BUF_INIT;
	const char *keys[4];
	size_t n = 0;
	char nm[80];
	json_t *before = NULL;
	const struct kind *k = list_kind(r);
	if (!k)
		return;
	const char *object = k->name;
	for (size_t i = 0; i < k->n_cols; i++)
		if (k->cols[i].flags & C_KEY) {
			json_t *v = json_object_get(r->json, k->cols[i].name);
			const char *t = json_string_value(v);
			if (!t || !*t) {
				api_error(r, 422, "INVALID", k->cols[i].name, L("%s: 必填", "%s: required"), k->cols[i].name);
				goto out;
			}
			keys[n++] = t;
			object = arena_printf(&r->a, "%s%s%s", object, n == 1 ? ":" : "/", t);
		}
	if (book_begin(r->b, &err))
		goto fail;
	if (!(before = api_row_get(r->b, k, keys, &err)))
		goto fail;
	if (json_is_null(before)) {
		api_error(r, 404, "NOT_FOUND", NULL, L("没有 %s", "no %s"), object);
		goto out;
	}
	if (!strcmp(k->name, "pools") || !strcmp(k->name, "standards")) {
		/* the prices that cascade, for the record */
		json_t *prices = api_rows_json(r->b, kind_find("prices"), !strcmp(k->name, "pools") ? "pool" : "standard",
					       keys[0], &err);
		if (!prices)
			goto fail;
		json_object_set_new(before, "prices", prices);
	}
	buf_printf(&sql, "DELETE FROM \"%s\" WHERE fy=?1", k->name);
	int j = 2;
	for (size_t i = 0; i < k->n_cols; i++)
		if (k->cols[i].flags & C_KEY)
			buf_printf(&sql, " AND \"%s\"=?%d", kind_sql_col(&k->cols[i], nm, sizeof nm), j++);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(r->b->db, buf_str(&sql), -1, &st, NULL) != SQLITE_OK) {
		buf_printf(&err, "%s: %s", k->name, sqlite3_errmsg(r->b->db));
		goto fail;
	}
	sqlite3_bind_int(st, 1, r->b->year);
	for (size_t i = 0; i < n; i++)
		sqlite3_bind_text(st, (int)i + 2, keys[i], -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE) {
		buf_printf(&err, "%s: %s", k->name, sqlite3_errmsg(r->b->db));
		goto fail;
	}
	if (audit_append(r->b, r->s.u.name, "list.delete", object, before, NULL, &err) || book_commit(r->b, &err))
		goto fail;
	api_reply(r, 200, json_pack("{s:s}", "deleted", object));
	goto out;
fail:
	api_fail(r, &err);
out:
	book_rollback(r->b);
	json_decref(before);
	buf_release(&err);
	buf_release(&sql);
}

/* --- classification codes ------------------------------------------------- */

void api_codes(struct req *r)
{
	const struct code_entry *tab;
	size_t n;
	if (!strcmp(r->params[0], "function")) {
		tab = codes_function;
		n = codes_function_n;
	} else if (!strcmp(r->params[0], "economic")) {
		tab = codes_economic;
		n = codes_economic_n;
	} else {
		api_error(r, 404, "NOT_FOUND", NULL, "%s", L("分类应为 function 或 economic", "function or economic"));
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "code", tab[i].code, "name", tab[i].name, "sangong",
						     tab[i].is_sangong));
	r->cache_control = "private, max-age=3600";
	api_reply(r, 200, json_pack("{s:s, s:o}", "kind", r->params[0], "codes", arr));
}
