/*
 * api_admin.c - users (GET/POST /api/v1/users, PUT /api/v1/users/{name}),
 * settings (GET/PUT /api/v1/settings), the reference lists of the budget
 * office (GET/PUT/DELETE /api/v1/lists/{kind}) and the built-in
 * classification codes (GET /api/v1/codes/{kind}).
 *
 * Users go through auth.c (each change one store_write with its audit
 * entry).  Settings and list rows are checked exactly as `zbb set` and
 * `zbb import` check them (settings_check, api_row_parse) and written as
 * one change with its audit entry.
 */
#include "api.h"
#include "codes.h"
#include "settings.h"

#include <stdlib.h>
#include <string.h>

/* --- users --------------------------------------------------------------- */

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
		json_array_append_new(arr, auth_user_json(&us[i]));
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
	if (auth_check_password(pw, name, &err)) {
		api_error(r, 422, "INVALID", "password", "%s", buf_str(&err));
		goto out;
	}
	/* said here in the page's words: auth.c's name the CLI's --agency */
	if (rl == ROLE_AGENCY && !(agency && *agency)) {
		api_error(r, 422, "INVALID", "agency", "%s", L("预算单位用户须选择所属单位", "an agency user needs its agency"));
		goto out;
	}
	if (rl != ROLE_AGENCY && agency && *agency) {
		api_error(r, 422, "INVALID", "agency", "%s",
			  L("只有预算单位角色的用户才属于某个单位", "only agency users belong to an agency"));
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
		api_reply(r, 201, auth_user_json(&u));
	else
		api_fail(r, &err);
out:
	buf_release(&err);
}

/* Body: any of {password, disabled: true|false, role, agency}, as one
 * change (auth_user_change refuses what would lock the bureau out). */
void api_users_update(struct req *r)
{
	const char *name = r->params[0];
	const char *pw = json_string_value(json_object_get(r->json, "password"));
	json_t *dis = json_object_get(r->json, "disabled"), *role = json_object_get(r->json, "role");
	const char *agency = json_string_value(json_object_get(r->json, "agency"));
	struct buf err = BUF_INIT;
	struct user u;
	unsigned rl = 0;
	if (auth_user_get(r->b, name, &u) <= 0) {
		api_error(r, 404, "NOT_FOUND", NULL, L("没有用户 %s", "no user %s"), name);
		return;
	}
	if (dis && !json_is_boolean(dis)) {
		api_error(r, 422, "INVALID", "disabled", "%s", L("disabled 应为 true 或 false", "disabled must be true or false"));
		return;
	}
	if (role && (!json_is_string(role) || role_parse(json_string_value(role), &rl))) {
		api_error(r, 422, "INVALID", "role", "%s",
			  L("role 应为 agency、reviewer、budget、viewer 或 admin", "role must be agency, reviewer, budget, viewer or admin"));
		return;
	}
	if (!pw && !dis && !role) {
		api_error(r, 422, "INVALID", NULL, "%s",
			  L("须给出 password（新密码）、disabled 或 role", "give password (a new one), disabled or role"));
		return;
	}
	struct auth_change ch = { pw, dis ? json_is_true(dis) : -1, role ? (int)rl : -1, agency };
	int rc = auth_user_change(r->b, r->s.u.name, name, &ch, &err);
	if (rc)
		auth_answer(r, rc, &err, pw ? "password" : role ? "role" : "disabled");
	else if (auth_user_get(r->b, name, &u) > 0)
		api_reply(r, 200, auth_user_json(&u));
	else
		api_fail(r, &err);
	buf_release(&err);
}

/* --- settings ------------------------------------------------------------ */

static json_t *settings_json(struct book *b)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < settings_n; i++) {
		const struct setting_def *d = &settings_table[i];
		char *v = store_setting_get(b, d->key);
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

/* Body: {KEY: "VALUE", …}; every value is checked first (each refusal
 * names its key), then all are written as one change with one audit
 * entry. */
void api_settings_put(struct req *r)
{
	struct buf err = BUF_INIT, norm = BUF_INIT;
	size_t n = json_object_size(r->json), i = 0;
	const char **keys = arena_alloc(&r->a, (n + 1) * sizeof(char *));
	const char **values = arena_alloc(&r->a, (n + 1) * sizeof(char *));
	const char *key;
	json_t *v;
	if (!n) {
		api_error(r, 422, "INVALID", NULL, "%s", L("没有要修改的设置", "no setting to change"));
		goto out;
	}
	json_object_foreach(r->json, key, v)
	{
		const char *val = json_string_value(v);
		if (json_is_integer(v))
			val = arena_printf(&r->a, "%lld", (long long)json_integer_value(v));
		if (!settings_find(key)) {
			api_error(r, 422, "INVALID", key, L("%s: 没有这个设置", "%s: no such setting"), key);
			goto out;
		}
		buf_reset(&err);
		buf_reset(&norm);
		if (!val || settings_check(key, val, &norm, &err)) {
			if (val)
				api_error(r, 422, "INVALID", key, "%s", buf_str(&err));
			else
				api_error(r, 422, "INVALID", key, "%s: %s", key, L("应为字符串", "must be a string"));
			goto out;
		}
		keys[i] = key;
		values[i++] = val;
	}
	buf_reset(&err);
	int rc = store_settings_put(r->b, r->s.u.name, n, keys, values, &err);
	if (rc > 0)
		api_error(r, 422, "INVALID", NULL, "%s", buf_str(&err));
	else if (rc < 0)
		api_fail(r, &err);
	else
		api_reply(r, 200, json_pack("{s:i, s:o}", "year", r->b->year, "settings", settings_json(r->b)));
out:
	buf_release(&err);
	buf_release(&norm);
}

/* --- reference lists ------------------------------------------------------ */

static const char *const list_kinds[] = { "bases", "negative", "pools", "prices", "priorities", "quotas", "sources",
					  "standards", NULL };

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
	api_rows_versioned(arr);
	if (!arr)
		api_fail(r, &err);
	else
		api_reply(r, 200, json_pack("{s:s, s:o}", "kind", k->name, "rows", arr));
	buf_release(&err);
}

/* PUT: one row, inserted or replacing the row of the same key. */
struct list_put {
	struct req *r;
	const struct kind *k;
	struct api_row row;
	struct api_errors errs;
	int is_new;
};

static int list_put_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct list_put *x = arg;
	const char *keys[4];
	(void)b;
	static const char *const skip[] = { "version", NULL };
	if (api_row_parse(x->r, x->k, x->r->json, NULL, skip, 0, NULL, NULL, &x->row, &x->errs)) {
		api_errors_reply(x->r, &x->errs);
		return 1;
	}
	c->object = api_row_keys(x->r, &x->row, x->k->name, keys);
	return api_row_upsert(x->r, &x->row, keys, c, &x->is_new, err);
}

void api_list_put(struct req *r)
{
	struct list_put x;
	json_t *after = NULL;
	memset(&x, 0, sizeof x);
	x.r = r;
	if (!(x.k = list_kind(r)))
		return;
	if (!api_write(r, "list.put", x.k->name, list_put_fn, &x, &after))
		api_reply(r, x.is_new ? 201 : 200, after);
	api_row_release(&x.row);
	json_decref(x.errs.list);
}

/* DELETE: body {key columns}; prices of a deleted pool or standard go with
 * it (the book's foreign keys cascade), and are in the audit entry. */
struct list_delete {
	struct req *r;
	const struct kind *k;
	const char *keys[4];
};

static int list_delete_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct list_delete *x = arg;
	const struct kind *k = x->k;
	if (!(c->before = api_row_get(b, k, x->keys, err)))
		return -1;
	if (json_is_null(c->before)) {
		api_error(x->r, 404, "NOT_FOUND", NULL, L("没有 %s", "no %s"), c->object);
		return 1;
	}
	if (api_row_check_version(x->r, c->before))
		return 1;
	if (!strcmp(k->name, "pools") || !strcmp(k->name, "standards")) {
		/* the prices that cascade, for the record */
		json_t *prices = api_rows_json(b, kind_find("prices"), !strcmp(k->name, "pools") ? "pool" : "standard",
					       x->keys[0], err);
		if (!prices)
			return -1;
		json_object_set_new(c->before, "prices", prices);
	}
	return store_row_delete(b, k, x->keys, err) < 0 ? -1 : 0;
}

void api_list_delete(struct req *r)
{
	struct list_delete x = { r, list_kind(r), { NULL } };
	size_t n = 0;
	if (!x.k)
		return;
	const char *object = x.k->name;
	for (size_t i = 0; i < x.k->n_cols; i++)
		if (x.k->cols[i].flags & C_KEY) {
			json_t *v = json_object_get(r->json, x.k->cols[i].name);
			const char *t = json_string_value(v);
			if (!t || !*t) {
				api_error(r, 422, "INVALID", x.k->cols[i].name, L("%s: 必填", "%s: required"), x.k->cols[i].name);
				return;
			}
			x.keys[n++] = t;
			object = arena_printf(&r->a, "%s%s%s", object, n == 1 ? ":" : "/", t);
		}
	if (!api_write(r, "list.delete", object, list_delete_fn, &x, NULL))
		api_reply(r, 200, json_pack("{s:s}", "deleted", object));
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
