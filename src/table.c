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

static json_t *cell_json(const struct table *t, size_t j, const struct tcell *c)
{
	if (c->is_null)
		return json_null();
	if (t->cols[j].type == TC_TEXT)
		return json_string(c->s ? c->s : "");
	if (t->cols[j].type == TC_SHARE)
		/* display only: an exact share rounded to millionths */
		return json_real((double)share_millionths(c->i, c->den) / 1e6);
	return json_integer(c->i);
}

static json_t *row_json(const struct table *t, size_t r)
{
	json_t *o = json_object();
	for (size_t j = 0; j < t->n_cols; j++)
		json_object_set_new(o, t->cols[j].key, cell_json(t, j, &t->cells[r * t->n_cols + j]));
	return o;
}

void *table_row_json(const struct table *t, size_t row)
{
	return row < t->n_rows ? row_json(t, row) : json_null();
}

void *table_rows_json(const struct table *t, size_t from, size_t n)
{
	json_t *arr = json_array();
	size_t end = t->n_rows - (t->has_total ? 1 : 0);
	for (size_t r = from; r < end && r - from < n; r++)
		json_array_append_new(arr, row_json(t, r));
	return arr;
}

void *table_to_json(const struct table *t)
{
	return table_rows_json(t, 0, t->n_rows);
}

/* --- filtering, sorting, totals (table_query) ---------------------------- */

struct sort_ctx {
	const struct table *t;
	size_t col;
	int desc;
};

static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct sort_ctx *c = arg;
	size_t ra = *(const size_t *)a, rb = *(const size_t *)b;
	const struct tcell *x = &c->t->cells[ra * c->t->n_cols + c->col], *y = &c->t->cells[rb * c->t->n_cols + c->col];
	int d = 0;
	if (x->is_null || y->is_null) {
		/* nulls last, whichever the direction */
		if (x->is_null != y->is_null)
			return x->is_null ? 1 : -1;
	} else if (c->t->cols[c->col].type == TC_TEXT) {
		d = strcmp(x->s ? x->s : "", y->s ? y->s : "");
	} else if (c->t->cols[c->col].type == TC_SHARE) {
		__int128 l = (__int128)x->i * y->den, r = (__int128)y->i * x->den;
		d = (l > r) - (l < r);
	} else {
		d = (x->i > y->i) - (x->i < y->i);
	}
	if (c->desc)
		d = -d;
	return d ? d : (ra > rb) - (ra < rb);
}

static int row_matches(const struct table *t, size_t r, char **words, size_t n_words)
{
	for (size_t w = 0; w < n_words; w++) {
		int hit = 0;
		for (size_t j = 0; j < t->n_cols && !hit; j++) {
			const struct tcell *c = &t->cells[r * t->n_cols + j];
			hit = t->cols[j].type == TC_TEXT && c->s && strcasestr(c->s, words[w]);
		}
		if (!hit)
			return 0;
	}
	return 1;
}

int table_select(const struct table *t, const char *q, const char *sort, struct table_sel *sel, struct buf *err)
{
	size_t n_data = t->n_rows - (t->has_total ? 1 : 0), n_cols = t->n_cols;
	struct sort_ctx sc = { t, 0, 0 };
	memset(sel, 0, sizeof(*sel));
	if (sort && *sort) {
		sc.desc = sort[0] == '-';
		const char *key = sort + (sc.desc || sort[0] == '+');
		for (sc.col = 0; sc.col < n_cols && strcmp(t->cols[sc.col].key, key); sc.col++)
			;
		if (sc.col == n_cols) {
			buf_printf(err, L("没有可排序的列：%s", "no column to sort by: %s"), key);
			return -1;
		}
	}
	/* the words of q */
	char *qcopy = xstrdup(q ? q : ""), *save = NULL, **words = NULL;
	size_t n_words = 0, cap_words = 0;
	for (char *w = strtok_r(qcopy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		XGROW(words, cap_words, n_words + 1);
		words[n_words++] = w;
	}
	size_t *keep = xmalloc((n_data + 1) * sizeof(*keep)), n_keep = 0;
	for (size_t r = 0; r < n_data; r++)
		if (!n_words || row_matches(t, r, words, n_words))
			keep[n_keep++] = r;
	free(words);
	free(qcopy);
	if (sort && *sort)
		qsort_r(keep, n_keep, sizeof(*keep), cmp_rows, &sc);
	/* the totals row: the report's own over all its rows, or money sums */
	int own_total = t->has_total && n_keep == n_data;
	struct tcell *sums = xcalloc(n_cols ? n_cols : 1, sizeof(*sums));
	int first_text = -1, overflow = 0;
	for (size_t j = 0; j < n_cols; j++) {
		sums[j] = (struct tcell){ 1, 0, 1, NULL };
		if (own_total) {
			sums[j] = t->cells[n_data * n_cols + j];
			sums[j].s = sums[j].s ? xstrdup(sums[j].s) : NULL;
			continue;
		}
		if (first_text < 0 && t->cols[j].type == TC_TEXT)
			first_text = (int)j;
		if (t->cols[j].type != TC_MONEY || t->no_sums)
			continue;
		sums[j].is_null = 0;
		for (size_t k = 0; k < n_keep && !overflow; k++) {
			const struct tcell *c = &t->cells[keep[k] * n_cols + j];
			if (!c->is_null && money_add(sums[j].i, c->i, &sums[j].i))
				overflow = 1;
		}
	}
	if (first_text >= 0) {
		sums[first_text].s = xstrdup(L("合计", "Total"));
		sums[first_text].is_null = 0;
	}
	sel->rows = keep;
	sel->n = n_keep;
	sel->total = sums;
	sel->n_cols = n_cols;
	if (overflow) {
		table_sel_release(sel);
		buf_adds(err, L("金额合计超出范围", "a money total is out of range"));
		return -1;
	}
	return 0;
}

void table_sel_release(struct table_sel *sel)
{
	for (size_t j = 0; sel->total && j < sel->n_cols; j++)
		free(sel->total[j].s);
	free(sel->total);
	free(sel->rows);
	memset(sel, 0, sizeof(*sel));
}

void *table_sel_json(const struct table *t, const struct table_sel *sel, size_t from, size_t n)
{
	json_t *arr = json_array();
	for (size_t k = from; k < sel->n && k - from < n; k++)
		json_array_append_new(arr, row_json(t, sel->rows[k]));
	return arr;
}

void *table_sel_total_json(const struct table *t, const struct table_sel *sel)
{
	json_t *o = json_object();
	for (size_t j = 0; j < t->n_cols; j++)
		json_object_set_new(o, t->cols[j].key, cell_json(t, j, &sel->total[j]));
	return o;
}

int table_query(struct table *t, const char *q, const char *sort, struct buf *err)
{
	struct table_sel sel;
	size_t n_data = t->n_rows - (t->has_total ? 1 : 0), n_cols = t->n_cols;
	if (table_select(t, q, sort, &sel, err))
		return -1;
	struct tcell *cells = xmalloc((sel.n + 1) * (n_cols ? n_cols : 1) * sizeof(*cells));
	unsigned char *kept = xcalloc(t->n_rows + 1, 1);
	for (size_t k = 0; k < sel.n; k++) {
		memcpy(&cells[k * n_cols], &t->cells[sel.rows[k] * n_cols], n_cols * sizeof(*cells));
		kept[sel.rows[k]] = 1;
	}
	memcpy(&cells[sel.n * n_cols], sel.total, n_cols * sizeof(*cells));
	/* the strings move to the new cells; the dropped rows' (and the old totals row's) go */
	for (size_t r = 0; r < t->n_rows; r++)
		if (!kept[r] || r >= n_data)
			for (size_t j = 0; j < n_cols; j++)
				free(t->cells[r * n_cols + j].s);
	free(kept);
	free(t->cells);
	t->cells = cells;
	t->cap_cells = (sel.n + 1) * n_cols;
	t->n_rows = sel.n + 1;
	t->has_total = 1;
	free(sel.total);
	free(sel.rows);
	return 0;
}
