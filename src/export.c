/*
 * export.c - one kind out of the book as CSV, JSON or an XLSX template
 * (see export.h).
 */
#include "export.h"
#include "csvout.h"
#include "money.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

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

/* --- XLSX: a template an agency fills in ------------------------------------ */

static const char *type_words(const struct col *c, char *buf, size_t size)
{
	switch (c->type) {
	case T_CODE:
		if (c->ref)
			snprintf(buf, size, L("编码：须为已有的%s编码（或本表中的）", "a code of an existing %s (or of this file)"),
				 kind_find(c->ref) ? L(kind_find(c->ref)->zh, c->ref) : c->ref);
		else
			snprintf(buf, size, "%s", L("编码：1–64 个字符，不含空格和分号", "a code: 1–64 bytes, no spaces or ';'"));
		return buf;
	case T_TEXT:
		return L("文字", "text");
	case T_MONEY:
		return L("金额（元），最多两位小数，可带千分位：12500 或 12,500.50", "yuan, at most 2 decimals: 12500 or 12,500.50");
	case T_QTY:
		return L("数量，最多四位小数", "a quantity, at most 4 decimals");
	case T_INT:
		snprintf(buf, size, L("整数，%lld 到 %lld", "a whole number from %lld to %lld"), (long long)c->min,
			 (long long)c->max);
		return buf;
	case T_SCORE:
	case T_WEIGHT:
		return L("0 到 100 的数，最多两位小数", "0 to 100, at most 2 decimals");
	case T_DIM:
		return L("0 到 20 的数，最多两位小数", "0 to 20, at most 2 decimals");
	case T_RATIO:
		return L("0 到 1 的比例，也可写百分数（85%）", "a ratio from 0 to 1, or a percent (85%)");
	case T_DATE:
		return L("日期：2026-01-01 或 2026/1/1", "a date: 2026-01-01 or 2026/1/1");
	case T_BOOL:
		return L("是 / 否", "yes / no");
	case T_ENUM:
		return L("从下拉列表中选择", "one of the list");
	case T_FUNC:
		return L("功能分类科目编码：3、5 或 7 位（zbb codes function）", "a function code: 3, 5 or 7 digits");
	case T_ECON:
		return L("经济分类科目编码：3 或 5 位（zbb codes economic）", "an economic code: 3 or 5 digits");
	case T_FUNC_PREFIXES:
		return L("功能分类科目前缀，多个用分号分隔：205;2080", "function prefixes separated by ';'");
	case T_ECON_PREFIXES:
		return L("经济分类科目前缀，多个用分号分隔：30201;31002", "economic prefixes separated by ';'");
	case T_ECON_PREFIX:
		return L("一个经济分类科目前缀", "one economic prefix");
	case T_CODE_LIST:
		return L("编码，多个用分号分隔", "codes separated by ';'");
	}
	return "";
}

/* What a person picks for an enumeration value: its Chinese name if it
 * has one (import reads both). */
static const char *enum_shown(const struct col *c, const char *code, size_t n)
{
	for (const struct enum_val *e = c->enums; e->code; e++)
		if (strlen(e->code) == n && !memcmp(e->code, code, n))
			return e->alias && ZB_LANG != LANG_EN ? e->alias : e->code;
	return NULL;
}

struct xout {
	lxw_worksheet *ws;
	lxw_format *text, *money, *number;
	lxw_row_t row;
	struct buf tmp;
};

static int put_xlsx_row(const struct kind *k, const struct val *v, void *arg)
{
	struct xout *o = arg;
	char tmp[MONEY_BUFSZ];
	o->row++;
	for (size_t i = 0; i < k->n_cols; i++) {
		const struct col *c = &k->cols[i];
		lxw_col_t col = (lxw_col_t)i;
		if (v[i].is_null)
			continue;
		if (c->type == T_ENUM) {
			const char *w = enum_shown(c, v[i].s, v[i].n);
			buf_reset(&o->tmp);
			if (w)
				buf_adds(&o->tmp, w);
			else
				buf_add(&o->tmp, v[i].s, v[i].n);
			worksheet_write_string(o->ws, o->row, col, buf_str(&o->tmp), o->text);
		} else if (c->type == T_BOOL) {
			worksheet_write_string(o->ws, o->row, col, v[i].i ? L("是", "y") : L("否", "n"), o->text);
		} else if (kind_col_is_text(c)) {
			buf_reset(&o->tmp);
			buf_add(&o->tmp, v[i].s, v[i].n);
			worksheet_write_string(o->ws, o->row, col, buf_str(&o->tmp), o->text);
		} else {
			/* a number cell when a double holds it to the digit (15
			 * significant digits, what the importer reads back), else
			 * the exact decimal as text */
			const char *d = fmt_num(c, v[i].i, tmp);
			size_t digits = 0;
			for (const char *q = d; *q; q++)
				digits += *q >= '0' && *q <= '9';
			if (digits <= 15)
				worksheet_write_number(o->ws, o->row, col, strtod(d, NULL),
						       c->type == T_MONEY ? o->money : o->number);
			else
				worksheet_write_string(o->ws, o->row, col, d, o->text);
		}
	}
	return 0;
}

int export_kind_xlsx(struct book *b, const struct kind *k, const char *path, struct buf *err)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		buf_printf(err, L("%s: 无法创建 XLSX 文件", "%s: cannot create the XLSX file"), path);
		return -1;
	}
	lxw_format *head = workbook_add_format(wb), *head_req = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xDDEBF7);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_bold(head_req);
	format_set_bg_color(head_req, 0xFCE4D6);
	format_set_border(head_req, LXW_BORDER_THIN);
	lxw_format *text = workbook_add_format(wb);
	format_set_num_format(text, "@"); /* codes stay text: 20502 is not a number */
	lxw_format *money = workbook_add_format(wb);
	format_set_num_format(money, "0.00");
	lxw_format *number = workbook_add_format(wb);
	format_set_num_format(number, "General");
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	lxw_worksheet *ws = workbook_add_worksheet(wb, L(k->zh, k->name));
	lxw_worksheet *help = workbook_add_worksheet(wb, L("填表说明", "how to fill in"));
	char tw[512];
	struct buf note = BUF_INIT, list = BUF_INIT;
	/* the help sheet: one row per column */
	static const char *const hh[][2] = { { "列名", "column" },     { "英文列名", "name" }, { "必填", "required" },
					     { "填写要求", "format" }, { "可选值", "values" }, { "默认值", "default" } };
	for (int j = 0; j < 6; j++)
		worksheet_write_string(help, 0, (lxw_col_t)j, L(hh[j][0], hh[j][1]), head);
	worksheet_set_column(help, 0, 1, 16, NULL);
	worksheet_set_column(help, 2, 2, 8, NULL);
	worksheet_set_column(help, 3, 4, 48, wrap);
	worksheet_set_column(help, 5, 5, 12, NULL);
	char first[600];
	snprintf(first, sizeof first,
		 L("第一张工作表“%s”就是导入的数据：表头用中文或英文列名均可，列的顺序不限；红色表头为必填列。"
		   "填好后用 zbb import %s 文件名.xlsx 导入，整表检查，有错则一行也不写入。",
		   "The first sheet (%s) is what is imported: Chinese or English headers, any column order; red "
		   "headers are required.  Import it with zbb import %s FILE.xlsx: every row is checked, any error "
		   "and nothing is written."),
		 L(k->zh, k->name), k->name);
	worksheet_merge_range(help, (lxw_row_t)(k->n_cols + 2), 0, (lxw_row_t)(k->n_cols + 2), 5, first, wrap);
	worksheet_set_row(help, (lxw_row_t)(k->n_cols + 2), 45, NULL);
	for (size_t i = 0; i < k->n_cols; i++) {
		const struct col *c = &k->cols[i];
		lxw_col_t col = (lxw_col_t)i;
		lxw_row_t hr = (lxw_row_t)(i + 1);
		int req = (c->flags & C_REQ) != 0;
		worksheet_write_string(ws, 0, col, L(c->zh, c->name), req ? head_req : head);
		size_t w = utf8_width(c->zh) + 4;
		worksheet_set_column(ws, col, col, (double)(w < 12 ? 12 : w > 40 ? 40 : w),
				     kind_col_is_text(c) && c->type != T_BOOL && c->type != T_ENUM ? text : NULL);
		const char *tws = type_words(c, tw, sizeof tw);
		buf_reset(&list);
		if (c->type == T_ENUM)
			for (const struct enum_val *e = c->enums; e->code; e++)
				buf_printf(&list, "%s%s", list.len ? L("、", ", ") : "", enum_shown(c, e->code, strlen(e->code)));
		else if (c->type == T_BOOL)
			buf_adds(&list, L("是、否", "y, n"));
		worksheet_write_string(help, hr, 0, c->zh, NULL);
		worksheet_write_string(help, hr, 1, c->name, NULL);
		worksheet_write_string(help, hr, 2, req ? L("是", "yes") : "", NULL);
		worksheet_write_string(help, hr, 3, tws, wrap);
		if (list.len)
			worksheet_write_string(help, hr, 4, buf_str(&list), wrap);
		if (c->def)
			worksheet_write_string(help, hr, 5, c->def, NULL);
		/* the same on the header cell, as a comment */
		buf_reset(&note);
		buf_printf(&note, "%s%s%s", req ? L("必填。", "required. ") : "", tws, list.len ? L("：", ": ") : "");
		if (list.len)
			buf_adds(&note, buf_str(&list));
		worksheet_write_comment(ws, 0, col, buf_str(&note));
		/* drop-down lists for enumerations and yes/no, ranges for numbers */
		lxw_data_validation dv;
		memset(&dv, 0, sizeof dv);
		char *vals[16];
		int nv = 0;
		if (c->type == T_ENUM) {
			for (const struct enum_val *e = c->enums; e->code && nv < 15; e++)
				vals[nv++] = (char *)enum_shown(c, e->code, strlen(e->code));
		} else if (c->type == T_BOOL) {
			vals[nv++] = (char *)L("是", "y");
			vals[nv++] = (char *)L("否", "n");
		}
		vals[nv] = NULL;
		if (nv) {
			dv.validate = LXW_VALIDATION_TYPE_LIST;
			dv.value_list = vals;
		} else if (c->type == T_INT) {
			dv.validate = LXW_VALIDATION_TYPE_INTEGER;
			dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
			dv.minimum_number = (double)c->min;
			dv.maximum_number = (double)c->max;
		} else if (c->type == T_SCORE || c->type == T_WEIGHT || c->type == T_DIM) {
			dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
			dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
			dv.minimum_number = 0;
			dv.maximum_number = c->type == T_DIM ? 20 : 100;
		}
		if (dv.validate) {
			dv.error_title = (char *)L("不在可选范围内", "not allowed");
			dv.error_message = (char *)tws;
			worksheet_data_validation_range(ws, 1, col, 10000, col, &dv);
		}
	}
	worksheet_freeze_panes(ws, 1, 0);
	struct xout o = { ws, text, money, number, 0, BUF_INIT };
	int rc = store_rows_each(b, k, NULL, NULL, put_xlsx_row, &o, err);
	buf_release(&o.tmp);
	buf_release(&note);
	buf_release(&list);
	lxw_error e = workbook_close(wb);
	if (!rc && e != LXW_NO_ERROR) {
		buf_printf(err, "%s: %s", path, lxw_strerror(e));
		rc = -1;
	}
	return rc ? -1 : 0;
}
