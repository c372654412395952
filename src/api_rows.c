/*
 * api_rows.c - JSON objects in and out as rows of the input kinds (see
 * api.h).  Validation is import_check_row's, so a body and a CSV row are
 * judged by the same rules and say the same things.
 */
#include "api.h"
#include "export.h"
#include "money.h"

#include <stdlib.h>
#include <string.h>

static void add_error(struct api_errors *errs, const char *msg, const char *field)
{
	if (!errs->list)
		errs->list = json_array();
	json_t *e = json_pack("{s:s}", "message", msg);
	if (!json_object_get(e, "message"))
		json_object_set_new(e, "message", json_string("?"));
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
		if (f < 0) {
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
			if (!strcmp(json_key(&k->cols[i], nm, sizeof nm), key) || !strcmp(k->cols[i].name, key)) {
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
	api_reply(r, 422, json_pack("{s:o, s:o}", "error", e, "errors", errs->list));
	errs->list = NULL;
}

static int is_text_type(enum col_type t)
{
	return !(t == T_MONEY || t == T_QTY || t == T_INT || t == T_SCORE || t == T_DIM || t == T_WEIGHT ||
		 t == T_RATIO || t == T_BOOL);
}

static void bind_val(sqlite3_stmt *st, int j, const struct col *c, const struct val *v)
{
	if (v->is_null && (c->flags & C_KEY))
		sqlite3_bind_int64(st, j, 0); /* a whole-project review: seq 0, as import stores it */
	else if (v->is_null)
		sqlite3_bind_null(st, j);
	else if (is_text_type(c->type))
		sqlite3_bind_text(st, j, v->s, (int)v->n, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int64(st, j, v->i);
}

int api_row_store(struct req *r, const struct api_row *row, int mode, struct buf *err)
{
	const struct kind *k = row->k;
	struct buf sql = BUF_INIT, keys = BUF_INIT, set = BUF_INIT;
	sqlite3_stmt *st = NULL;
	char nm[80];
	int rc = -1;
	for (size_t i = 0; i < k->n_cols; i++) {
		const char *col = kind_sql_col(&k->cols[i], nm, sizeof nm);
		if (k->cols[i].flags & C_KEY)
			buf_printf(&keys, "%s\"%s\"", keys.len ? ", " : "", col);
		else
			buf_printf(&set, "%s\"%s\"=?%zu", set.len ? ", " : "", col, i + 2);
	}
	if (mode == ROW_UPDATE) {
		buf_printf(&sql, "UPDATE \"%s\" SET %s", k->name, buf_str(&set));
		if (!strcmp(k->name, "projects"))
			buf_adds(&sql, ", version=version+1");
		buf_adds(&sql, " WHERE fy=?1");
		for (size_t i = 0; i < k->n_cols; i++)
			if (k->cols[i].flags & C_KEY)
				buf_printf(&sql, " AND \"%s\"=?%zu", kind_sql_col(&k->cols[i], nm, sizeof nm), i + 2);
	} else {
		buf_printf(&sql, "INSERT INTO \"%s\"(fy", k->name);
		for (size_t i = 0; i < k->n_cols; i++)
			buf_printf(&sql, ", \"%s\"", kind_sql_col(&k->cols[i], nm, sizeof nm));
		buf_adds(&sql, ") VALUES(?1");
		for (size_t i = 0; i < k->n_cols; i++)
			buf_printf(&sql, ", ?%zu", i + 2);
		buf_adds(&sql, ")");
		if (mode == ROW_UPSERT) {
			struct buf ex = BUF_INIT;
			for (size_t i = 0; i < k->n_cols; i++)
				if (!(k->cols[i].flags & C_KEY)) {
					const char *col = kind_sql_col(&k->cols[i], nm, sizeof nm);
					buf_printf(&ex, "%s\"%s\"=excluded.\"%s\"", ex.len ? ", " : "", col, col);
				}
			buf_printf(&sql, " ON CONFLICT(fy, %s) DO UPDATE SET %s", buf_str(&keys), buf_str(&ex));
			buf_release(&ex);
		}
	}
	if (sqlite3_prepare_v2(r->b->db, buf_str(&sql), -1, &st, NULL) != SQLITE_OK) {
		buf_printf(err, "%s: %s", buf_str(&sql), sqlite3_errmsg(r->b->db));
		goto out;
	}
	sqlite3_bind_int(st, 1, r->b->year);
	for (size_t i = 0; i < k->n_cols; i++)
		bind_val(st, (int)i + 2, &k->cols[i], &row->v[i]);
	int s = sqlite3_step(st);
	if (s == SQLITE_CONSTRAINT || sqlite3_errcode(r->b->db) == SQLITE_CONSTRAINT) {
		if (sqlite3_extended_errcode(r->b->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
			api_error(r, 409, "EXISTS", NULL, "%s", L("已存在（请用 PUT 修改）", "exists already (use PUT to change it)"));
		else
			api_error(r, 422, "INVALID", NULL, "%s", sqlite3_errmsg(r->b->db));
		rc = 1;
		goto out;
	}
	if (s != SQLITE_DONE) {
		buf_printf(err, "%s: %s", k->name, sqlite3_errmsg(r->b->db));
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	buf_release(&sql);
	buf_release(&keys);
	buf_release(&set);
	return rc;
}

/* A stored row as JSON, exactly as `zbb export --format json` writes it. */
static json_t *row_json(const struct kind *k, sqlite3_stmt *st)
{
	return export_row_json(k, st);
}

static void select_sql(const struct kind *k, struct buf *sql)
{
	char nm[80];
	buf_adds(sql, "SELECT ");
	for (size_t i = 0; i < k->n_cols; i++)
		buf_printf(sql, "%s\"%s\"", i ? ", " : "", kind_sql_col(&k->cols[i], nm, sizeof nm));
	buf_printf(sql, " FROM \"%s\" WHERE fy=?1", k->name);
}

static void order_sql(const struct kind *k, struct buf *sql)
{
	char nm[80];
	int n = 0;
	for (size_t i = 0; i < k->n_cols; i++)
		if (k->cols[i].flags & C_KEY)
			buf_printf(sql, "%s\"%s\"", n++ ? ", " : " ORDER BY ", kind_sql_col(&k->cols[i], nm, sizeof nm));
}

json_t *api_rows_json(struct book *b, const struct kind *k, const char *where_col, const char *value, struct buf *err)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	json_t *arr = NULL;
	select_sql(k, &sql);
	if (where_col)
		buf_printf(&sql, " AND \"%s\"=?2", where_col);
	order_sql(k, &sql);
	if (sqlite3_prepare_v2(b->db, buf_str(&sql), -1, &st, NULL) != SQLITE_OK) {
		buf_printf(err, "%s: %s", k->name, sqlite3_errmsg(b->db));
		buf_release(&sql);
		return NULL;
	}
	buf_release(&sql);
	sqlite3_bind_int(st, 1, b->year);
	if (where_col)
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	arr = json_array();
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, row_json(k, st));
	if (s != SQLITE_DONE) {
		buf_printf(err, "%s: %s", k->name, sqlite3_errmsg(b->db));
		json_decref(arr);
		arr = NULL;
	}
	sqlite3_finalize(st);
	return arr;
}

json_t *api_row_get(struct book *b, const struct kind *k, const char *const *keys, struct buf *err)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	char nm[80];
	int j = 2;
	select_sql(k, &sql);
	for (size_t i = 0; i < k->n_cols; i++)
		if (k->cols[i].flags & C_KEY)
			buf_printf(&sql, " AND \"%s\"=?%d", kind_sql_col(&k->cols[i], nm, sizeof nm), j++);
	if (sqlite3_prepare_v2(b->db, buf_str(&sql), -1, &st, NULL) != SQLITE_OK) {
		buf_printf(err, "%s: %s", k->name, sqlite3_errmsg(b->db));
		buf_release(&sql);
		return NULL;
	}
	buf_release(&sql);
	sqlite3_bind_int(st, 1, b->year);
	for (int i = 2; i < j; i++)
		sqlite3_bind_text(st, i, keys[i - 2], -1, SQLITE_STATIC);
	json_t *o;
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		o = row_json(k, st);
	else if (s == SQLITE_DONE)
		o = json_null();
	else {
		buf_printf(err, "%s: %s", k->name, sqlite3_errmsg(b->db));
		o = NULL;
	}
	sqlite3_finalize(st);
	return o;
}
