/*
 * export.c - one kind out of the book as CSV or JSON (see export.h).
 */
#include "export.h"
#include "money.h"

#include <jansson.h>
#include <string.h>

void csv_put_field(struct buf *line, const char *s, size_t n)
{
	int quote = n && (s[0] == ' ' || s[n - 1] == ' ');
	for (size_t i = 0; i < n && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = 1;
	if (!quote) {
		buf_add(line, s, n);
		return;
	}
	buf_addc(line, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_addc(line, '"');
		buf_addc(line, s[i]);
	}
	buf_addc(line, '"');
}

void csv_put_cell(struct buf *line, const char *s, size_t n)
{
	/* a spreadsheet takes a cell that starts with one of these as a
	 * formula (or, after a tab or CR, may); a leading apostrophe makes
	 * Excel and WPS show it as text */
	if (n && strchr("=+-@\t\r", s[0])) {
		struct buf g = BUF_INIT;
		buf_addc(&g, '\'');
		buf_add(&g, s, n);
		csv_put_field(line, g.s, g.len);
		buf_release(&g);
		return;
	}
	csv_put_field(line, s, n);
}

/* Format a stored number the way import reads it. */
static const char *fmt_num(const struct col *c, int64_t v, char *tmp)
{
	switch (c->type) {
	case T_MONEY:
		return money_format_plain(v, tmp);
	case T_QTY:
		return dec_format_min(v, 4, tmp);
	case T_SCORE:
	case T_DIM:
	case T_WEIGHT:
		return dec_format_min(v, 2, tmp);
	case T_RATIO:
		return dec_format_min(v, 6, tmp);
	case T_BOOL:
		return v ? "y" : "n";
	default:
		return dec_format(v, 0, tmp);
	}
}

static int is_text_col(const struct col *c)
{
	return !(c->type == T_MONEY || c->type == T_QTY || c->type == T_INT || c->type == T_SCORE ||
		 c->type == T_DIM || c->type == T_WEIGHT || c->type == T_RATIO || c->type == T_BOOL);
}

/* Empty: NULL, or the seq 0 that stores a whole-project review. */
static int cell_is_null(const struct col *c, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return 1;
	return (c->flags & C_KEY) && !(c->flags & C_REQ) && c->type == T_INT && !c->def &&
	       sqlite3_column_int64(st, i) == 0;
}

void *export_row_json(const struct kind *k, sqlite3_stmt *st)
{
	json_t *obj = json_object();
	char nm[80], tmp[MONEY_BUFSZ];
	for (size_t i = 0; i < k->n_cols; i++) {
		const struct col *c = &k->cols[i];
		int64_t v = sqlite3_column_int64(st, (int)i);
		json_t *jv;
		if (cell_is_null(c, st, (int)i))
			jv = json_null();
		else if (is_text_col(c))
			jv = json_stringn((const char *)sqlite3_column_text(st, (int)i),
					  (size_t)sqlite3_column_bytes(st, (int)i));
		else if (c->type == T_MONEY || c->type == T_INT)
			jv = json_integer(v);
		else if (c->type == T_BOOL)
			jv = json_boolean(v);
		else
			/* exact decimals travel as strings: no binary float */
			jv = json_string(fmt_num(c, v, tmp));
		json_object_set_new(obj, kind_sql_col(c, nm, sizeof nm), jv ? jv : json_null());
	}
	return obj;
}

int export_kind(struct book *b, const struct kind *k, enum export_format f, FILE *out, struct buf *err)
{
	struct buf sql = BUF_INIT, line = BUF_INIT, order = BUF_INIT;
	sqlite3_stmt *st = NULL;
	json_t *arr = NULL;
	char nm[80], tmp[MONEY_BUFSZ];
	int rc = -1;
	buf_adds(&sql, "SELECT ");
	for (size_t i = 0; i < k->n_cols; i++) {
		buf_printf(&sql, "%s\"%s\"", i ? ", " : "", kind_sql_col(&k->cols[i], nm, sizeof nm));
		if (k->cols[i].flags & C_KEY)
			buf_printf(&order, "%s\"%s\"", order.len ? ", " : "", nm);
	}
	buf_printf(&sql, " FROM \"%s\"%s ORDER BY %s", k->name, k->has_fy ? " WHERE fy=?1" : "",
		   buf_str(&order));
	if (sqlite3_prepare_v2(b->db, buf_str(&sql), -1, &st, NULL) != SQLITE_OK) {
		buf_printf(err, "%s: %s", b->path, sqlite3_errmsg(b->db));
		goto out;
	}
	if (k->has_fy)
		sqlite3_bind_int(st, 1, b->year);
	if (f == EXPORT_CSV) {
		for (size_t i = 0; i < k->n_cols; i++)
			buf_printf(&line, "%s%s", i ? "," : "", k->cols[i].name);
		buf_addc(&line, '\n');
		fwrite(line.s, 1, line.len, out);
	} else {
		arr = json_array();
	}
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		if (f == EXPORT_JSON) {
			json_array_append_new(arr, export_row_json(k, st));
			continue;
		}
		buf_reset(&line);
		for (size_t i = 0; i < k->n_cols; i++) {
			const struct col *c = &k->cols[i];
			if (i)
				buf_addc(&line, ',');
			if (cell_is_null(c, st, (int)i))
				continue;
			if (is_text_col(c))
				csv_put_field(&line, (const char *)sqlite3_column_text(st, (int)i),
					      (size_t)sqlite3_column_bytes(st, (int)i));
			else
				buf_adds(&line, fmt_num(c, sqlite3_column_int64(st, (int)i), tmp));
		}
		buf_addc(&line, '\n');
		fwrite(line.s, 1, line.len, out);
	}
	if (s != SQLITE_DONE) {
		buf_printf(err, "%s: %s", b->path, sqlite3_errmsg(b->db));
		goto out;
	}
	if (f == EXPORT_JSON) {
		json_dumpf(arr, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		fputc('\n', out);
	}
	rc = 0;
out:
	json_decref(arr);
	sqlite3_finalize(st);
	buf_release(&sql);
	buf_release(&line);
	buf_release(&order);
	return rc;
}
