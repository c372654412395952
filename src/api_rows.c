/*
 * api_rows.c - JSON objects in and out as rows of the input kinds (see
 * api.h).  Validation is import_check_row's, so a body and a CSV row are
 * judged by the same rules and say the same things.
 */
#include "api.h"
#include "audit.h"
#include "consist.h"
#include "export.h"
#include "money.h"

#include <stdlib.h>
#include <string.h>

static void add_error(struct api_errors *errs, const char *msg, const char *field)
{
	if (!errs->list)
		errs->list = json_array();
	json_t *e = json_pack("{s:s}", "message", msg);
	if (!e) /* not UTF-8: never an error without its answer */
		e = json_pack("{s:s}", "message", L("输入有误（说明中含无法显示的字符）", "invalid input (the reason holds bytes that are not text)"));
	json_object_set_new(e, "field", field ? json_string(field) : json_null());
	json_array_append_new(errs->list, e);
}

/* The JSON key of a column: money travels in fen. */
static const char *json_key(const struct col *c, char *buf, size_t size)
{
	return kind_sql_col(c, buf, size);
}

static void locate(struct req *r, const char *loc, const char *key, const char *msg, struct api_errors *errs)
{
	const char *field = key ? (loc ? arena_printf(&r->a, "%s.%s", loc, key) : key) : loc;
	const char *m = loc ? arena_printf(&r->a, "%s: %s", loc, msg) : msg;
	add_error(errs, m, field);
}

/* One JSON value as the text an import cell would hold; NULL + why when
 * it cannot be one. */
static const char *value_text(struct req *r, const struct col *c, const char *key, json_t *v, const char **why)
{
	char tmp[MONEY_BUFSZ];
	size_t klen = strlen(key);
	int is_fen_key = klen > 4 && !strcmp(key + klen - 4, "_fen");
	if (c && c->type == T_MONEY) {
		if (!is_fen_key) {
			*why = L("金额以分为单位的整数写在 …_fen 字段中", "money is an integer of fen in a …_fen key");
			return NULL;
		}
		if (json_is_null(v))
			return "";
		if (!json_is_integer(v)) {
			*why = L("应为整数（分）", "must be an integer (fen)");
			return NULL;
		}
		json_int_t f = json_integer_value(v);
		if (f < 0 && !(c->flags & C_SIGNED)) {
			*why = L("金额不能为负", "money cannot be negative");
			return NULL;
		}
		return arena_strdup(&r->a, money_format_plain((zb_fen)f, tmp));
	}
	switch (json_typeof(v)) {
	case JSON_NULL:
		return "";
	case JSON_STRING:
		return json_string_value(v);
	case JSON_INTEGER:
		return arena_printf(&r->a, "%lld", (long long)json_integer_value(v));
	case JSON_TRUE:
		return "y";
	case JSON_FALSE:
		return "n";
	case JSON_REAL:
		*why = L("小数请写成字符串（如 \"2.5\"），以保证精确", "write decimals as strings (e.g. \"2.5\") to keep them exact");
		return NULL;
	case JSON_ARRAY: {
		struct buf b = BUF_INIT;
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
		{
			if (!json_is_string(e)) {
				buf_release(&b);
				*why = L("列表的元素应为字符串", "list elements must be strings");
				return NULL;
			}
			if (i)
				buf_addc(&b, ';');
			buf_adds(&b, json_string_value(e));
		}
		const char *s = arena_strdup(&r->a, buf_str(&b));
		buf_release(&b);
		return s;
	}
	default:
		*why = L("不能是对象", "cannot be an object");
		return NULL;
	}
}

long api_row_parse(struct req *r, const struct kind *k, json_t *obj, const char *loc, const char *const *skip,
		   size_t n_extra, const char *const *extra_names, const char *const *extra_texts, struct api_row *row,
		   struct api_errors *errs)
{
	size_t cap = json_object_size(obj) + n_extra, n = 0;
	const char **names = arena_alloc(&r->a, (cap + 1) * sizeof(char *));
	const char **texts = arena_alloc(&r->a, (cap + 1) * sizeof(char *));
	long n_err = 0;
	const char *key;
	json_t *v;
	char nm[80];
	memset(row, 0, sizeof(*row));
	row->k = k;
	json_object_foreach(obj, key, v)
	{
		int skipped = 0;
		for (const char *const *s = skip; s && *s; s++)
			if (!strcmp(*s, key))
				skipped = 1;
		for (size_t i = 0; i < n_extra; i++)
			if (!strcmp(extra_names[i], key))
				skipped = 1;
		if (skipped)
			continue;
		/* "price_fen" names the money column "price" */
		const struct col *c = NULL;
		const char *name = key;
		for (size_t i = 0; i < k->n_cols; i++)
			if (kind_col_named(&k->cols[i], key)) {
				c = &k->cols[i];
				name = c->name;
			}
		const char *why = NULL;
		const char *t = value_text(r, c, key, v, &why);
		if (!t) {
			locate(r, loc, key, arena_printf(&r->a, "%s: %s", key, why), errs);
			n_err++;
			continue;
		}
		names[n] = name;
		texts[n++] = t;
	}
	for (size_t i = 0; i < n_extra; i++) {
		names[n] = extra_names[i];
		texts[n++] = extra_texts[i];
	}
	if (n_err)
		return n_err;
	struct import_result res;
	memset(&res, 0, sizeof res);
	n_err = import_check_row(r->b, k, n, names, texts, row->v, row->scratch, &res);
	for (size_t i = 0; i < res.n_shown; i++) {
		/* "column: reason": the field is the column's JSON key */
		const char *msg = res.errors[i], *field = NULL;
		for (size_t j = 0; j < k->n_cols; j++) {
			size_t cl = strlen(k->cols[j].name);
			if (!strncmp(msg, k->cols[j].name, cl) && !strncmp(msg + cl, ": ", 2))
				field = arena_strdup(&r->a, json_key(&k->cols[j], nm, sizeof nm));
		}
		for (size_t j = 0; !field && j < n; j++) {
			size_t cl = strlen(names[j]);
			if (!strncmp(msg, names[j], cl) && !strncmp(msg + cl, ": ", 2))
				field = names[j];
		}
		locate(r, loc, field, msg, errs);
	}
	import_result_release(&res);
	return n_err;
}

void api_row_release(struct api_row *row)
{
	for (size_t i = 0; i < API_MAX_COLS; i++)
		buf_release(&row->scratch[i]);
}

void api_errors_reply(struct req *r, struct api_errors *errs)
{
	json_t *first = json_array_get(errs->list, 0);
	json_t *e = json_pack("{s:s, s:O, s:O}", "code", "INVALID", "message", json_object_get(first, "message"),
			      "field", json_object_get(first, "field"));
	if (!e)
		e = json_pack("{s:s, s:s}", "code", "INVALID", "message", L("输入有误", "invalid input"));
	api_reply(r, 422, json_pack("{s:o, s:o}", "error", e, "errors", errs->list));
	errs->list = NULL;
}

int api_row_store(struct req *r, const struct api_row *row, int mode, struct buf *err)
{
	struct buf msg = BUF_INIT;
	int rc = store_row_put(r->b, row->k, row->v,
			       mode == ROW_UPDATE ? STORE_UPDATE : mode == ROW_UPSERT ? STORE_UPSERT : STORE_INSERT, &msg);
	if (rc == STORE_DUPLICATE)
		api_error(r, 409, "EXISTS", NULL, "%s", L("已存在（请用 PUT 修改）", "exists already (use PUT to change it)"));
	else if (rc == STORE_REFUSED)
		api_error(r, 422, "INVALID", NULL, "%s", buf_str(&msg));
	else if (rc == STORE_FAIL)
		buf_add(err, msg.s, msg.len);
	buf_release(&msg);
	return rc == STORE_OK ? 0 : rc == STORE_FAIL ? -1 : 1;
}

static int to_json(const struct kind *k, const struct val *v, void *arg)
{
	json_array_append_new(arg, export_row_json(k, v));
	return 0;
}

json_t *api_rows_json(struct book *b, const struct kind *k, const char *where_col, const char *value, struct buf *err)
{
	json_t *arr = json_array();
	if (store_rows_each(b, k, where_col, value, to_json, arr, err)) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

static int one_json(const struct kind *k, const struct val *v, void *arg)
{
	*(json_t **)arg = export_row_json(k, v);
	return 0;
}

json_t *api_row_get(struct book *b, const struct kind *k, const char *const *keys, struct buf *err)
{
	json_t *o = NULL;
	int rc = store_row_get(b, k, keys, one_json, &o, err);
	if (rc < 0)
		return NULL;
	return rc ? o : json_null();
}

const char *api_row_keys(struct req *r, const struct api_row *row, const char *prefix, const char **keys)
{
	const struct kind *k = row->k;
	const char *object = prefix ? arena_printf(&r->a, "%s:", prefix) : "";
	size_t n = 0;
	for (size_t i = 0; i < k->n_cols; i++)
		if (k->cols[i].flags & C_KEY) {
			const struct val *v = &row->v[i];
			keys[n] = k->cols[i].type == T_INT ? arena_printf(&r->a, "%lld", v->is_null ? 0LL : (long long)v->i)
							   : arena_strndup(&r->a, v->s, v->n);
			object = arena_printf(&r->a, "%s%s%s", object, n ? "/" : "", keys[n]);
			n++;
		}
	return object;
}

static void on_consist(const struct consist_error *e, void *arg)
{
	struct api_errors *errs = arg;
	const char *field = !strcmp(e->kind, "items") ? "items" : e->col;
	if (!errs->list)
		errs->list = json_array();
	json_array_append_new(errs->list, json_pack("{s:s, s:s}", "message", e->msg, "field", field));
}

int api_row_consist(struct req *r, const struct kind *k, const char *project, struct buf *err)
{
	struct api_errors errs = { NULL };
	int n = project ? consist_project(r->b, project, on_consist, &errs, err) : consist_book(r->b, k, on_consist, &errs, err);
	if (n < 0) {
		json_decref(errs.list);
		return -1;
	}
	if (!n)
		return 0;
	api_errors_reply(r, &errs);
	return 1;
}

int64_t api_row_version(const json_t *row)
{
	char *t = json_dumps(row, JSON_COMPACT | JSON_SORT_KEYS);
	char hex[AUDIT_HASH_HEX];
	audit_sha256_hex(t ? t : "", t ? strlen(t) : 0, hex);
	free(t);
	hex[13] = 0; /* 52 bits: exact in a JavaScript number */
	return strtoll(hex, NULL, 16);
}

json_t *api_row_versioned(json_t *row)
{
	if (json_is_object(row)) {
		json_object_del(row, "version");
		json_object_set_new(row, "version", json_integer(api_row_version(row)));
	}
	return row;
}

void api_rows_versioned(json_t *rows)
{
	size_t i;
	json_t *o;
	json_array_foreach(rows, i, o)
		api_row_versioned(o);
}

int api_row_check_version(struct req *r, const json_t *before)
{
	json_t *v = r->json ? json_object_get(r->json, "version") : NULL;
	int has = json_is_integer(v);
	if (before && !json_is_null(before)) {
		int64_t have = api_row_version(before);
		if (!has) {
			api_error(r, 409, "STALE_VERSION", "version",
				  L("这一行已存在（版本 %lld），修改时须带上读取时的版本号 version",
				    "the row exists (version %lld): send the version you read"),
				  (long long)have);
			return 1;
		}
		if (json_integer_value(v) != have) {
			api_error(r, 409, "STALE_VERSION", "version",
				  L("这一行已被他人修改（当前版本 %lld，提交的版本 %lld），请刷新后重做",
				    "the row changed meanwhile (version %lld now, %lld sent); reload and redo"),
				  (long long)have, (long long)json_integer_value(v));
			return 1;
		}
	} else if (has && json_integer_value(v) != 0) {
		api_error(r, 409, "STALE_VERSION", "version", "%s",
			  L("这一行已被他人删除，请刷新后重做", "the row was deleted meanwhile; reload and redo"));
		return 1;
	}
	return 0;
}

int api_row_upsert(struct req *r, const struct api_row *row, const char *const *keys, struct store_change *c,
		   int *is_new, struct buf *err)
{
	int rc;
	if (!(c->before = api_row_get(r->b, row->k, keys, err)))
		return -1;
	if (api_row_check_version(r, c->before))
		return 1;
	if ((rc = api_row_store(r, row, ROW_UPSERT, err)) || (rc = api_row_consist(r, row->k, NULL, err)))
		return rc;
	if (!(c->after = api_row_get(r->b, row->k, keys, err)))
		return -1;
	api_row_versioned(c->after);
	*is_new = json_is_null(c->before);
	if (*is_new) {
		json_decref(c->before);
		c->before = NULL;
	}
	return 0;
}

int api_write(struct req *r, const char *action, const char *object, store_write_fn fn, void *arg, json_t **after)
{
	struct store_change c = { r->s.u.name, action, object, NULL, NULL, 0 };
	struct buf err = BUF_INIT;
	int rc = store_write(r->b, &c, fn, arg, &err);
	if (rc < 0)
		api_fail(r, &err);
	if (after && !rc) {
		*after = c.after;
		c.after = NULL;
	}
	store_change_release(&c);
	buf_release(&err);
	return rc;
}

struct pipeline *api_pipeline(struct req *r, const char *name, int *found, struct buf *err)
{
	int is_get = r->method && !strcmp(r->method, "GET");
	return cache_pipeline(r->b, name, is_get, found, err);
}

struct pipeline *api_pipeline_exact(struct req *r, const char *name, int *found, struct buf *err)
{
	return cache_pipeline(r->b, name, 0, found, err);
}

static int whole_number(const char *s, long max, long *out)
{
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 10)
		return -1;
	long long v = strtoll(s, NULL, 10);
	if (v > max)
		return -1;
	*out = (long)v;
	return 0;
}

int api_page_parse(struct req *r, long default_limit, long max_limit, struct api_page *pg)
{
	const char *off = http_query(r, "offset"), *lim = http_query(r, "limit");
	pg->offset = 0;
	pg->limit = default_limit;
	pg->sort = http_query(r, "sort");
	pg->q = http_query(r, "q");
	pg->is_paged = off || lim || (pg->sort && *pg->sort) || (pg->q && *pg->q);
	if (off && whole_number(off, 2000000000L, &pg->offset)) {
		api_error(r, 422, "INVALID", "offset", "%s", L("offset 应为非负整数", "offset must be a whole number"));
		return 1;
	}
	if (lim && (whole_number(lim, max_limit, &pg->limit) || pg->limit < 1)) {
		api_error(r, 422, "INVALID", "limit", L("limit 应为 1 到 %ld", "limit must be from 1 to %ld"), max_limit);
		return 1;
	}
	return 0;
}
