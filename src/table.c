/*
 * table.c - report tables and their text, CSV and JSON renderers
 * (see table.h).  XLSX lives in xlsxout.c.
 */
#include "table.h"
#include "csvout.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

void table_init(struct table *t, const char *name, const char *title)
{
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(name);
	t->title = xstrdup(title ? title : name);
}

void table_free(struct table *t)
{
	for (size_t i = 0; i < t->n_cols; i++) {
		free(t->cols[i].key);
		free(t->cols[i].zh);
		free(t->cols[i].en);
	}
	for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
		free(t->cells[i].s);
	free(t->cols);
	free(t->cells);
	free(t->name);
	free(t->title);
	memset(t, 0, sizeof(*t));
}

void table_col(struct table *t, const char *key, const char *zh, const char *en, enum tcol_type type)
{
	/* columns are fixed before the first row */
	if (t->n_rows)
		abort();
	XGROW(t->cols, t->cap_cols, t->n_cols + 1);
	t->cols[t->n_cols++] = (struct tcol){ xstrdup(key), xstrdup(zh), xstrdup(en), type };
}

size_t table_row(struct table *t)
{
	XGROW(t->cells, t->cap_cells, (t->n_rows + 1) * t->n_cols);
	for (size_t i = 0; i < t->n_cols; i++)
		t->cells[t->n_rows * t->n_cols + i] = (struct tcell){ 1, 0, 1, NULL };
	return t->n_rows++;
}

struct tcell *table_cell(struct table *t, size_t row, size_t col)
{
	return &t->cells[row * t->n_cols + col];
}

void table_text(struct table *t, size_t row, size_t col, const char *s)
{
	struct tcell *c = table_cell(t, row, col);
	free(c->s);
	c->s = s ? xstrdup(s) : NULL;
	c->is_null = s == NULL;
}

void table_int(struct table *t, size_t row, size_t col, int64_t v)
{
	struct tcell *c = table_cell(t, row, col);
	c->i = v;
	c->is_null = 0;
}

void table_share(struct table *t, size_t row, size_t col, int64_t num, int64_t den)
{
	struct tcell *c = table_cell(t, row, col);
	c->is_null = den == 0;
	c->i = num;
	c->den = den ? den : 1;
}

int64_t share_millionths(int64_t num, int64_t den)
{
	if (den == 0)
		return -1;
	__int128 n = (__int128)num * 1000000;
	int neg = (n < 0) != (den < 0);
	if (n < 0)
		n = -n;
	__int128 d = den < 0 ? -(__int128)den : den;
	__int128 q = (2 * n + d) / (2 * d);
	return (int64_t)(neg ? -q : q);
}

char *share_percent(int64_t num, int64_t den, char *buf)
{
	int64_t m = share_millionths(num, den);
	if (m < 0 && den == 0) {
		strcpy(buf, "-");
		return buf;
	}
	/* millionths → hundredths of a percent, rounded half up */
	int64_t c = m >= 0 ? (m + 50) / 100 : -((-m + 50) / 100);
	dec_format(c, 2, buf);
	strcat(buf, "%");
	return buf;
}

void text_pad(struct buf *b, const char *s, size_t w, int right)
{
	if (!right) {
		utf8_pad(b, s, w);
		return;
	}
	for (size_t i = utf8_width(s); i < w; i++)
		buf_addc(b, ' ');
	buf_adds(b, s);
}

static void cell_text(const struct table *t, size_t col, const struct tcell *c, enum money_unit u,
		      char *buf, size_t size)
{
	if (c->is_null) {
		buf[0] = 0;
		return;
	}
	switch (t->cols[col].type) {
	case TC_TEXT:
		snprintf(buf, size, "%s", c->s ? c->s : "");
		break;
	case TC_INT:
		snprintf(buf, size, "%lld", (long long)c->i);
		break;
	case TC_MONEY:
		money_format(c->i, u, buf);
		break;
	case TC_SHARE:
		share_percent(c->i, c->den, buf);
		break;
	}
}

void table_print_text(const struct table *t, FILE *out, enum money_unit u)
{
	size_t *w = xcalloc(t->n_cols, sizeof(size_t));
	char tmp[4096];
	struct buf line = BUF_INIT;
	for (size_t j = 0; j < t->n_cols; j++) {
		const struct tcol *c = &t->cols[j];
		char h[256];
		if (c->type == TC_MONEY)
			snprintf(h, sizeof h, "%s(%s)", L(c->zh, c->en), money_unit_name(u));
		else
			snprintf(h, sizeof h, "%s", L(c->zh, c->en));
		w[j] = utf8_width(h);
	}
	for (size_t r = 0; r < t->n_rows; r++)
		for (size_t j = 0; j < t->n_cols; j++) {
			cell_text(t, j, &t->cells[r * t->n_cols + j], u, tmp, sizeof tmp);
			size_t cw = utf8_width(tmp);
			if (cw > w[j])
				w[j] = cw;
		}
	if (t->title && *t->title)
		fprintf(out, "%s\n", t->title);
	for (size_t j = 0; j < t->n_cols; j++) {
		const struct tcol *c = &t->cols[j];
		char h[256];
		if (c->type == TC_MONEY)
			snprintf(h, sizeof h, "%s(%s)", L(c->zh, c->en), money_unit_name(u));
		else
			snprintf(h, sizeof h, "%s", L(c->zh, c->en));
		if (j)
			buf_adds(&line, "  ");
		text_pad(&line, h, w[j], c->type != TC_TEXT);
	}
	fprintf(out, "%s\n", buf_str(&line));
	size_t total_w = 0;
	for (size_t j = 0; j < t->n_cols; j++)
		total_w += w[j] + (j ? 2 : 0);
	for (size_t i = 0; i < total_w; i++)
		fputc('-', out);
	fputc('\n', out);
	for (size_t r = 0; r < t->n_rows; r++) {
		buf_reset(&line);
		if (t->has_total && r == t->n_rows - 1) {
			for (size_t i = 0; i < total_w; i++)
				fputc('-', out);
			fputc('\n', out);
		}
		for (size_t j = 0; j < t->n_cols; j++) {
			cell_text(t, j, &t->cells[r * t->n_cols + j], u, tmp, sizeof tmp);
			if (j)
				buf_adds(&line, "  ");
			text_pad(&line, tmp, j + 1 == t->n_cols && t->cols[j].type == TC_TEXT ? 0 : w[j],
				 t->cols[j].type != TC_TEXT);
		}
		fprintf(out, "%s\n", buf_str(&line));
	}
	buf_release(&line);
	free(w);
}

void table_print_csv(const struct table *t, FILE *out)
{
	struct buf line = BUF_INIT;
	char tmp[64];
	for (size_t j = 0; j < t->n_cols; j++) {
		if (j)
			buf_addc(&line, ',');
		buf_adds(&line, t->cols[j].key);
	}
	buf_addc(&line, '\n');
	for (size_t r = 0; r < t->n_rows; r++) {
		if (t->has_total && r == t->n_rows - 1)
			break;
		for (size_t j = 0; j < t->n_cols; j++) {
			const struct tcell *c = &t->cells[r * t->n_cols + j];
			if (j)
				buf_addc(&line, ',');
			if (c->is_null)
				continue;
			switch (t->cols[j].type) {
			case TC_TEXT:
				csv_put_cell(&line, c->s ? c->s : "", c->s ? strlen(c->s) : 0);
				break;
			case TC_INT:
			case TC_MONEY:
				buf_printf(&line, "%lld", (long long)c->i);
				break;
			case TC_SHARE:
				buf_adds(&line, dec_format_min(share_millionths(c->i, c->den), 6, tmp));
				break;
			}
		}
		buf_addc(&line, '\n');
		if (line.len > 1 << 16) {
			fwrite(line.s, 1, line.len, out);
			buf_reset(&line);
		}
	}
	fwrite(line.s ? line.s : "", 1, line.len, out);
	buf_release(&line);
}

void *table_to_json(const struct table *t)
{
	json_t *arr = json_array();
	for (size_t r = 0; r < t->n_rows; r++) {
		if (t->has_total && r == t->n_rows - 1)
			break;
		json_t *o = json_object();
		for (size_t j = 0; j < t->n_cols; j++) {
			const struct tcell *c = &t->cells[r * t->n_cols + j];
			json_t *v;
			if (c->is_null)
				v = json_null();
			else if (t->cols[j].type == TC_TEXT)
				v = json_string(c->s ? c->s : "");
			else if (t->cols[j].type == TC_SHARE)
				/* display only: an exact share rounded to millionths */
				v = json_real((double)share_millionths(c->i, c->den) / 1e6);
			else
				v = json_integer(c->i);
			json_object_set_new(o, t->cols[j].key, v);
		}
		json_array_append_new(arr, o);
	}
	return arr;
}
