/*
 * export.c - one kind out of the book as CSV or JSON (see export.h).
 */
#include "export.h"
#include "csvout.h"
#include "money.h"

#include <jansson.h>
#include <string.h>

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

void *export_row_json(const struct kind *k, const struct val *v)
{
	json_t *obj = json_object();
	char nm[80], tmp[MONEY_BUFSZ];
	for (size_t i = 0; i < k->n_cols; i++) {
		const struct col *c = &k->cols[i];
		json_t *jv;
		if (v[i].is_null)
			jv = json_null();
		else if (kind_col_is_text(c))
			jv = json_stringn(v[i].s, v[i].n);
		else if (c->type == T_MONEY || c->type == T_INT)
			jv = json_integer(v[i].i);
		else if (c->type == T_BOOL)
			jv = json_boolean(v[i].i);
		else
			/* exact decimals travel as strings: no binary float */
			jv = json_string(fmt_num(c, v[i].i, tmp));
		json_object_set_new(obj, kind_sql_col(c, nm, sizeof nm), jv ? jv : json_null());
	}
	return obj;
}

struct out {
	enum export_format f;
	FILE *out;
	json_t *arr;
	struct buf line;
};

static int put_row(const struct kind *k, const struct val *v, void *arg)
{
	struct out *o = arg;
	char tmp[MONEY_BUFSZ];
	if (o->f == EXPORT_JSON) {
		json_array_append_new(o->arr, export_row_json(k, v));
		return 0;
	}
	buf_reset(&o->line);
	for (size_t i = 0; i < k->n_cols; i++) {
		const struct col *c = &k->cols[i];
		if (i)
			buf_addc(&o->line, ',');
		if (v[i].is_null)
			continue;
		if (kind_col_is_text(c))
			csv_put_field(&o->line, v[i].s, v[i].n);
		else
			buf_adds(&o->line, fmt_num(c, v[i].i, tmp));
	}
	buf_addc(&o->line, '\n');
	fwrite(o->line.s, 1, o->line.len, o->out);
	return 0;
}

int export_kind(struct book *b, const struct kind *k, enum export_format f, FILE *out, struct buf *err)
{
	struct out o = { f, out, NULL, BUF_INIT };
	int rc;
	if (f == EXPORT_CSV) {
		for (size_t i = 0; i < k->n_cols; i++)
			buf_printf(&o.line, "%s%s", i ? "," : "", k->cols[i].name);
		buf_addc(&o.line, '\n');
		fwrite(o.line.s, 1, o.line.len, out);
	} else {
		o.arr = json_array();
	}
	rc = store_rows_each(b, k, NULL, NULL, put_row, &o, err);
	if (!rc && f == EXPORT_JSON) {
		json_dumpf(o.arr, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		fputc('\n', out);
	}
	json_decref(o.arr);
	buf_release(&o.line);
	return rc ? -1 : 0;
}
