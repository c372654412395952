/*
 * xlsxout.c - XLSX output of report tables (see xlsxout.h).
 */
#include "xlsxout.h"

#include <string.h>
#include <xlsxwriter.h>

int xlsx_write_tables(const char *path, struct table *const *tables, size_t n, enum money_unit u,
		      struct buf *err)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		buf_printf(err, L("%s: 无法创建 XLSX 文件", "%s: cannot create the XLSX file"), path);
		return -1;
	}
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xDDEBF7);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_text_wrap(head);
	lxw_format *money = workbook_add_format(wb);
	format_set_num_format(money, "#,##0.00");
	lxw_format *money_b = workbook_add_format(wb);
	format_set_num_format(money_b, "#,##0.00");
	format_set_bold(money_b);
	lxw_format *pct = workbook_add_format(wb);
	format_set_num_format(pct, "0.00%");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	double div = u == UNIT_YUAN ? 100.0 : u == UNIT_WAN ? 1000000.0 : 10000000000.0;
	for (size_t k = 0; k < n; k++) {
		const struct table *t = tables[k];
		char sheet[32];
		snprintf(sheet, sizeof sheet, "%.31s", t->name);
		lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
		for (size_t j = 0; j < t->n_cols; j++) {
			char h[256];
			const struct tcol *c = &t->cols[j];
			if (c->type == TC_MONEY)
				snprintf(h, sizeof h, "%s(%s)", L(c->zh, c->en), money_unit_name(u));
			else
				snprintf(h, sizeof h, "%s", L(c->zh, c->en));
			worksheet_write_string(ws, 0, (lxw_col_t)j, h, head);
			worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j,
					     c->type == TC_TEXT ? 18 : 14, NULL);
		}
		worksheet_freeze_panes(ws, 1, 0);
		for (size_t r = 0; r < t->n_rows; r++) {
			int is_total = t->has_total && r == t->n_rows - 1;
			for (size_t j = 0; j < t->n_cols; j++) {
				const struct tcell *c = &t->cells[r * t->n_cols + j];
				lxw_row_t row = (lxw_row_t)(r + 1);
				lxw_col_t col = (lxw_col_t)j;
				if (c->is_null)
					continue;
				switch (t->cols[j].type) {
				case TC_TEXT:
					worksheet_write_string(ws, row, col, c->s ? c->s : "", is_total ? bold : NULL);
					break;
				case TC_INT:
					worksheet_write_number(ws, row, col, (double)c->i, is_total ? bold : NULL);
					break;
				case TC_MONEY:
					worksheet_write_number(ws, row, col, (double)c->i / div, is_total ? money_b : money);
					break;
				case TC_SHARE:
					worksheet_write_number(ws, row, col,
							       (double)share_millionths(c->i, c->den) / 1e6, pct);
					break;
				}
			}
		}
	}
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR) {
		buf_printf(err, "%s: %s", path, lxw_strerror(e));
		return -1;
	}
	return 0;
}
