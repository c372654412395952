/*
 * xlsxout.c - XLSX output of report tables (see xlsxout.h).
 */
#include "xlsxout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zip.h>

#define MAX_INDENT 4

struct formats {
	lxw_format *number, *title, *line, *unit, *head, *text[MAX_INDENT + 1], *text_b[MAX_INDENT + 1], *money,
		*money_b, *pct, *pct_b, *integer, *integer_b, *note, *number_c, *para, *sign, *foot;
};

static void formats_init(lxw_workbook *wb, struct formats *f)
{
	f->number = workbook_add_format(wb);
	format_set_font_size(f->number, 10);
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 16);
	format_set_align(f->title, LXW_ALIGN_CENTER);
	format_set_align(f->title, LXW_ALIGN_VERTICAL_CENTER);
	f->line = workbook_add_format(wb);
	format_set_font_size(f->line, 10);
	f->unit = workbook_add_format(wb);
	format_set_font_size(f->unit, 10);
	format_set_align(f->unit, LXW_ALIGN_RIGHT);
	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	format_set_bg_color(f->head, 0xDDEBF7);
	format_set_border(f->head, LXW_BORDER_THIN);
	format_set_text_wrap(f->head);
	format_set_align(f->head, LXW_ALIGN_CENTER);
	format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);
	for (int k = 0; k <= MAX_INDENT; k++) {
		f->text[k] = workbook_add_format(wb);
		format_set_border(f->text[k], LXW_BORDER_THIN);
		format_set_text_wrap(f->text[k]);
		format_set_align(f->text[k], LXW_ALIGN_VERTICAL_CENTER);
		if (k)
			format_set_indent(f->text[k], (uint8_t)k);
		f->text_b[k] = workbook_add_format(wb);
		format_set_border(f->text_b[k], LXW_BORDER_THIN);
		format_set_text_wrap(f->text_b[k]);
		format_set_align(f->text_b[k], LXW_ALIGN_VERTICAL_CENTER);
		format_set_bold(f->text_b[k]);
		if (k)
			format_set_indent(f->text_b[k], (uint8_t)k);
	}
	f->money = workbook_add_format(wb);
	format_set_num_format(f->money, "#,##0.00");
	format_set_border(f->money, LXW_BORDER_THIN);
	f->money_b = workbook_add_format(wb);
	format_set_num_format(f->money_b, "#,##0.00");
	format_set_border(f->money_b, LXW_BORDER_THIN);
	format_set_bold(f->money_b);
	f->pct = workbook_add_format(wb);
	format_set_num_format(f->pct, "0.00%");
	format_set_border(f->pct, LXW_BORDER_THIN);
	f->pct_b = workbook_add_format(wb);
	format_set_num_format(f->pct_b, "0.00%");
	format_set_border(f->pct_b, LXW_BORDER_THIN);
	format_set_bold(f->pct_b);
	f->integer = workbook_add_format(wb);
	format_set_num_format(f->integer, "0");
	format_set_border(f->integer, LXW_BORDER_THIN);
	f->integer_b = workbook_add_format(wb);
	format_set_num_format(f->integer_b, "0");
	format_set_border(f->integer_b, LXW_BORDER_THIN);
	format_set_bold(f->integer_b);
	f->number_c = workbook_add_format(wb);
	format_set_font_size(f->number_c, 12);
	format_set_align(f->number_c, LXW_ALIGN_CENTER);
	f->para = workbook_add_format(wb);
	format_set_font_size(f->para, 12);
	format_set_text_wrap(f->para);
	format_set_align(f->para, LXW_ALIGN_VERTICAL_TOP);
	f->sign = workbook_add_format(wb);
	format_set_font_size(f->sign, 12);
	format_set_align(f->sign, LXW_ALIGN_RIGHT);
	f->foot = workbook_add_format(wb);
	format_set_font_size(f->foot, 9);
	format_set_text_wrap(f->foot);
	format_set_align(f->foot, LXW_ALIGN_VERTICAL_TOP);
	f->note = workbook_add_format(wb);
	format_set_font_size(f->note, 10);
	format_set_text_wrap(f->note);
	format_set_align(f->note, LXW_ALIGN_VERTICAL_TOP);
}

/* A sheet name Excel accepts: no []:*?/\, at most 31 characters, not
 * used before in this workbook (a number is appended). */
static void sheet_name(const char *want, char names[][128], size_t k, char out[128])
{
	char base[128];
	size_t n = 0, chars = 0;
	for (const char *s = want; *s && n < sizeof base - 5; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c & 0xC0) != 0x80) {
			if (chars == 28)
				break;
			chars++;
		}
		base[n++] = strchr("[]:*?/\\", *s) ? '_' : *s;
	}
	base[n] = 0;
	if (!n)
		strcpy(base, "Sheet");
	snprintf(out, 128, "%s", base);
	for (int dup = 2;; dup++) {
		int clash = 0;
		for (size_t i = 0; i < k; i++)
			if (!strcmp(names[i], out))
				clash = 1;
		if (!clash)
			return;
		snprintf(out, 128, "%s%d", base, dup);
	}
}

/* The display width of a column: its header, its cells as shown. */
static double col_width(const struct table *t, const struct table_shown *sh, size_t j, enum money_unit u,
			struct buf *tmp)
{
	size_t w = utf8_width(table_col_header(t, j, u, tmp, NULL));
	if (t->cols[j].type == TC_MONEY && w < 12)
		w = 12;
	for (size_t r = 0; r < t->n_rows; r++) {
		size_t cw = utf8_width(table_cell_people(t, sh, r, j, u, tmp));
		if ((int)j == t->label_col) {
			int lv = table_row_level(t, r, 0);
			if (lv > 1 && lv != LEVEL_NONE)
				cw += 2 * (size_t)(lv - 1);
		}
		if (cw > w)
			w = cw;
	}
	if (w > 48)
		w = 48; /* longer text wraps */
	return (double)w + 2.5;
}

/* Lines of a document ('\n'-separated), each in a row merged over the
 * table's width, tall enough for its wrapped lines: width is the sum of
 * the columns' widths (characters), pt the font's line height. */
static lxw_row_t write_lines(lxw_worksheet *ws, lxw_row_t row, lxw_col_t last, const char *s, double width,
			     double pt, lxw_format *fmt)
{
	struct buf line = BUF_INIT;
	for (const char *p = s;;) {
		size_t len = strcspn(p, "\n");
		buf_reset(&line);
		buf_add(&line, p, len);
		/* a 12-point character is about 1.2 widths of the 11-point default */
		double chars = (double)utf8_width(buf_str(&line)) * pt / 12.0 * 1.2;
		int lines = chars > 0 ? (int)(chars / (width > 1 ? width : 1)) + 1 : 1;
		worksheet_set_row(ws, row, pt * 1.5 * lines, NULL);
		if (last)
			worksheet_merge_range(ws, row, 0, row, last, buf_str(&line), fmt);
		else
			worksheet_write_string(ws, row, 0, buf_str(&line), fmt);
		row++;
		if (!p[len])
			break;
		p += len + 1;
	}
	buf_release(&line);
	return row;
}

static void write_table(lxw_workbook *wb, lxw_worksheet *ws, const struct table *t, enum money_unit u,
			const struct formats *f)
{
	size_t nc = t->n_cols ? t->n_cols : 1;
	lxw_col_t last = (lxw_col_t)(nc - 1);
	struct table_shown sh;
	struct buf tmp = BUF_INIT, grp = BUF_INIT, prev = BUF_INIT;
	double div = u == UNIT_YUAN ? 100.0 : u == UNIT_WAN ? 1000000.0 : 10000000000.0;
	(void)wb;
	table_shown(t, u, &sh);
	double width = 0;
	for (size_t j = 0; j < t->n_cols; j++) {
		double cw = col_width(t, &sh, j, u, &tmp);
		width += cw;
		worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, cw, NULL);
	}
	/* the heading: 表号, title, 部门/scenario and unit; a document's
	 * title above its number, centred, then its paragraphs */
	lxw_row_t row = 0;
	if (t->number && !t->number_centered)
		worksheet_write_string(ws, row, 0, t->number, f->number);
	row++;
	worksheet_set_row(ws, row, t->number_centered ? 42 : 30, NULL);
	if (last)
		worksheet_merge_range(ws, row, 0, row, last, t->title ? t->title : "", f->title);
	else
		worksheet_write_string(ws, row, 0, t->title ? t->title : "", f->title);
	row++;
	if (t->number && t->number_centered) {
		worksheet_set_row(ws, row, 22, NULL);
		if (last)
			worksheet_merge_range(ws, row, 0, row, last, t->number, f->number_c);
		else
			worksheet_write_string(ws, row, 0, t->number, f->number_c);
		row += 2;
	}
	if (t->preface)
		row = write_lines(ws, row, last, t->preface, width, 12, f->para) + 1;
	buf_reset(&tmp);
	if (t->org)
		buf_adds(&tmp, t->org);
	if (t->meta)
		buf_printf(&tmp, "%s%s", tmp.len ? "    " : "", t->meta);
	int has_money = 0;
	for (size_t j = 0; j < t->n_cols; j++)
		has_money |= t->cols[j].type == TC_MONEY;
	char unit[64];
	snprintf(unit, sizeof unit, "%s%s", L("单位：", "unit: "), money_unit_name(u));
	if (last >= 2 && has_money) {
		worksheet_merge_range(ws, row, 0, row, last - 1, buf_str(&tmp), f->line);
		worksheet_write_string(ws, row, last, unit, f->unit);
	} else {
		if (has_money)
			buf_printf(&tmp, "%s%s", tmp.len ? "    " : "", unit);
		if (last)
			worksheet_merge_range(ws, row, 0, row, last, buf_str(&tmp), f->line);
		else
			worksheet_write_string(ws, row, 0, buf_str(&tmp), f->line);
	}
	row++;
	/* the header: one row, or two under group headers */
	int groups = 0;
	for (size_t j = 0; j < t->n_cols; j++) {
		table_col_header(t, j, u, &tmp, &grp);
		groups |= grp.len > 0;
	}
	lxw_row_t head0 = row, head1 = (lxw_row_t)(row + (groups ? 1 : 0));
	for (size_t j = 0; j < t->n_cols; j++) {
		table_col_header(t, j, u, &tmp, &grp);
		lxw_col_t c = (lxw_col_t)j;
		if (!groups) {
			worksheet_write_string(ws, head0, c, buf_str(&tmp), f->head);
			continue;
		}
		if (!grp.len) {
			worksheet_merge_range(ws, head0, c, head1, c, buf_str(&tmp), f->head);
			continue;
		}
		worksheet_write_string(ws, head1, c, buf_str(&tmp), f->head);
		/* the group's first column merges the group over its run */
		if (prev.len && !strcmp(buf_str(&prev), buf_str(&grp)))
			continue;
		size_t e = j;
		struct buf g2 = BUF_INIT, h2 = BUF_INIT;
		while (e + 1 < t->n_cols) {
			table_col_header(t, e + 1, u, &h2, &g2);
			if (strcmp(buf_str(&g2), buf_str(&grp)))
				break;
			e++;
		}
		buf_release(&g2);
		buf_release(&h2);
		if (e > j)
			worksheet_merge_range(ws, head0, c, head0, (lxw_col_t)e, buf_str(&grp), f->head);
		else
			worksheet_write_string(ws, head0, c, buf_str(&grp), f->head);
		buf_reset(&prev);
		buf_add(&prev, grp.s, grp.len);
	}
	row = head1 + 1;
	worksheet_freeze_panes(ws, row, 0);
	worksheet_repeat_rows(ws, head0, head1);
	/* the rows */
	for (size_t r = 0; r < t->n_rows; r++, row++) {
		int lv = table_row_level(t, r, 0);
		int bold = (t->has_total && r + 1 == t->n_rows) || lv == LEVEL_TOTAL;
		int indent = lv > 1 && lv != LEVEL_NONE ? lv - 1 : 0;
		if (indent > MAX_INDENT)
			indent = MAX_INDENT;
		for (size_t j = 0; j < t->n_cols; j++) {
			const struct tcell *c = &t->cells[r * t->n_cols + j];
			lxw_col_t col = (lxw_col_t)j;
			int k = (int)j == t->label_col ? indent : 0;
			if (c->is_null) {
				worksheet_write_blank(ws, row, col, bold ? f->text_b[0] : f->text[0]);
				continue;
			}
			switch (t->cols[j].type) {
			case TC_TEXT:
				worksheet_write_string(ws, row, col, table_cell_people(t, &sh, r, j, u, &tmp),
						       bold ? f->text_b[k] : f->text[k]);
				break;
			case TC_INT:
				worksheet_write_number(ws, row, col, (double)c->i, bold ? f->integer_b : f->integer);
				break;
			case TC_MONEY:
				worksheet_write_number(ws, row, col, (double)sh.v[r * t->n_cols + j] / div,
						       bold ? f->money_b : f->money);
				break;
			case TC_SHARE:
				worksheet_write_number(ws, row, col, (double)share_millionths(c->i, c->den) / 1e6,
						       bold ? f->pct_b : f->pct);
				break;
			}
		}
	}
	/* notes under the table */
	buf_reset(&tmp);
	if (t->note)
		buf_adds(&tmp, t->note);
	if (sh.notes.len)
		buf_printf(&tmp, "%s%s", tmp.len ? "\n" : "", buf_str(&sh.notes));
	if (tmp.len) {
		struct buf note = BUF_INIT;
		buf_printf(&note, "%s%s", L("注：", "Note: "), buf_str(&tmp));
		size_t lines = 1;
		for (size_t i = 0; i < note.len; i++)
			lines += note.s[i] == '\n';
		row++;
		worksheet_set_row(ws, row, 15.0 * (double)(lines + 1), NULL);
		if (last)
			worksheet_merge_range(ws, row, 0, row, last, buf_str(&note), f->note);
		else
			worksheet_write_string(ws, row, 0, buf_str(&note), f->note);
		buf_release(&note);
	}
	if (t->sign)
		row = write_lines(ws, row + 2, last, t->sign, width, 12, f->sign);
	if (t->foot)
		write_lines(ws, row + 1, last, t->foot, width, 9, f->foot);
	/* print set-up: A4 landscape (a document portrait), one page wide,
	 * header rows repeated */
	worksheet_set_paper(ws, 9);
	if (t->portrait)
		worksheet_set_portrait(ws);
	else
		worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_center_horizontally(ws);
	worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.7);
	worksheet_set_footer(ws, L("&C第 &P 页，共 &N 页", "&CPage &P of &N"));
	table_shown_release(&sh);
	buf_release(&tmp);
	buf_release(&grp);
	buf_release(&prev);
}

int xlsx_write_tables(const char *path, struct table *const *tables, size_t n, enum money_unit u,
		      struct buf *err)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		buf_printf(err, L("%s: 无法创建 XLSX 文件", "%s: cannot create the XLSX file"), path);
		return -1;
	}
	struct formats f;
	formats_init(wb, &f);
	char (*names)[128] = xcalloc(n ? n : 1, sizeof(*names));
	for (size_t k = 0; k < n; k++) {
		const struct table *t = tables[k];
		sheet_name(t->sheet ? t->sheet : t->title ? t->title : t->name, names, k, names[k]);
		lxw_worksheet *ws = workbook_add_worksheet(wb, names[k]);
		if (!ws) {
			buf_printf(err, "%s: %s", path, names[k]);
			workbook_close(wb);
			free(names);
			return -1;
		}
		write_table(wb, ws, t, u, &f);
	}
	free(names);
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR) {
		buf_printf(err, "%s: %s", path, lxw_strerror(e));
		return -1;
	}
	return 0;
}

int files_write(const char *dest, int is_zip, const char *const names[], char *const data[], const size_t lens[],
		size_t n, struct buf *err)
{
	if (!is_zip) {
		for (size_t k = 0; k < n; k++) {
			struct buf path = BUF_INIT;
			buf_printf(&path, "%s/%s", dest, names[k]);
			FILE *f = fopen(buf_str(&path), "wb");
			int bad = !f || fwrite(data[k], 1, lens[k], f) != lens[k];
			if (f && fclose(f) != 0)
				bad = 1;
			if (bad)
				buf_printf(err, L("%s: 无法写入：%s", "%s: cannot write: %s"), buf_str(&path), strerror(errno));
			buf_release(&path);
			if (bad)
				return -1;
		}
		return 0;
	}
	int zerr = 0;
	zip_t *z = zip_open(dest, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!z) {
		buf_printf(err, L("%s: 无法创建压缩包", "%s: cannot create the zip archive"), dest);
		return -1;
	}
	for (size_t k = 0; k < n; k++) {
		zip_source_t *s = zip_source_buffer(z, data[k], lens[k], 0);
		if (!s || zip_file_add(z, names[k], s, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
			if (s)
				zip_source_free(s);
			buf_printf(err, "%s: %s", dest, zip_strerror(z));
			zip_discard(z);
			return -1;
		}
	}
	if (zip_close(z) != 0) {
		buf_printf(err, "%s: %s", dest, zip_strerror(z));
		zip_discard(z);
		return -1;
	}
	return 0;
}
