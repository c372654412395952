/*
 * settings.c - the table of settings and the one parser of their values
 * (see settings.h).
 */
#include "settings.h"
#include "codes.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static const char *const standards_modes[] = { "covered", "all", "off", NULL };
static const char *const rounds_choices[] = { "2", "3", NULL };

#define OFF(f) offsetof(struct model_settings, f)
_Static_assert(sizeof(enum standards_mode) == sizeof(int), "a SET_CHOICE field is written as an int");

const struct setting_def settings_table[] = {
	{ "affordability_ratio", SET_RATIO, "0.10", RATIO_ONE, NULL, OFF(affordability_ratio),
	  "新增投资项目跨年度支出责任占当年计划支出的上限比例",
	  "cap on multi-year commitments of new investment projects as a share of a year's planned spending" },
	{ "approval_prefix", SET_TEXT, "财预", 10, NULL, OFF(approval_prefix),
	  "批复文号的机关代字（文号为 代字〔年度〕序号号）",
	  "the prefix of the approval's document number (PREFIX [YEAR] No. N)" },
	{ "bureau_name", SET_TEXT, "市财政局", 30, NULL, OFF(bureau_name), "批复的发文机关（财政部门全称，如 某某市财政局）",
	  "the bureau issuing the approval (its full name)" },
	{ "eval_threshold", SET_MONEY, "5000000", 0, NULL, OFF(eval_threshold_fen),
	  "新增项目申报总额达到此数（元）须经事前绩效评估",
	  "a new project requesting at least this (yuan) needs an evaluation" },
	{ "growth", SET_RATIO, "0.05", 10 * (int64_t)RATIO_ONE, NULL, OFF(growth), "“基数+增长”对照口径的增长率",
	  "growth of the base-plus-growth counterfactual" },
	{ "livelihood_functions", SET_FUNC_CLASSES, "205;206;207;208;210;211;212;213;214;221", 0, NULL, 0,
	  "计入民生支出的功能分类类级科目", "function classes counted as livelihood spending" },
	{ "low_execution", SET_RATIO, "0.8", RATIO_ONE, NULL, OFF(low_execution),
	  "回头看：延续项目平均执行率低于此值时按执行率压减",
	  "look-back: continuing projects executing below this mean rate are scaled by it" },
	{ "rereview_threshold", SET_MONEY, "20000000", 0, NULL, OFF(rereview_threshold_fen),
	  "上年预算达到此数（元）的延续项目须重新论证",
	  "continuing projects whose last budget reached this (yuan) must be argued afresh" },
	{ "rounds", SET_CHOICE, "2", 0, rounds_choices, OFF(rounds),
	  "预算编制的轮次（§11）：2 两上两下，3 三上三下", "rounds of the budget season (2 or 3)" },
	{ "standards_required", SET_CHOICE, "covered", 0, standards_modes, OFF(standards_required),
	  "无标准不安排：covered（有标准的科目须引用标准）、all（302/310 全部须引用）、off",
	  "no standard, no money: covered, all (every 302/310 item) or off" },
};
const size_t settings_n = sizeof(settings_table) / sizeof(settings_table[0]);

const struct setting_def *settings_find(const char *key)
{
	for (size_t i = 0; i < settings_n; i++)
		if (!strcmp(settings_table[i].key, key))
			return &settings_table[i];
	return NULL;
}

/* "a、b 或 c" / "a, b or c" */
static void choice_list(const char *const *c, struct buf *out)
{
	size_t n = 0;
	while (c[n])
		n++;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(out, i + 1 == n ? L(" 或 ", " or ") : L("、", ", "));
		buf_adds(out, c[i]);
	}
}

/* The classes of a ';'-list, each trimmed of spaces; empty elements are
 * dropped.  Returns the count, or -1 with the reason. */
static int parse_classes(const char *key, const char *v, int *out, struct buf *norm, struct buf *err)
{
	const char *why;
	int n = 0;
	for (const char *p = v; *p;) {
		size_t len = strcspn(p, ";");
		const char *e = p;
		size_t l = len;
		while (l && *e == ' ') {
			e++;
			l--;
		}
		while (l && e[l - 1] == ' ')
			l--;
		if (l) {
			if (l != 3 || codes_check(CODE_FUNCTION, e, l, &why)) {
				buf_printf(err, L("%s: “%.*s” 不是功能分类类级科目（3 位）",
						  "%s: \"%.*s\" is not a function class (3 digits)"),
					   key, (int)l, e);
				return -1;
			}
			if (n == SETTINGS_MAX_LIVELIHOOD) {
				buf_printf(err, L("%s: 最多 %d 个类级科目", "%s: at most %d classes"), key,
					   SETTINGS_MAX_LIVELIHOOD);
				return -1;
			}
			if (out)
				out[n] = (e[0] - '0') * 100 + (e[1] - '0') * 10 + (e[2] - '0');
			if (norm) {
				if (n)
					buf_addc(norm, ';');
				buf_add(norm, e, l);
			}
			n++;
		}
		p += len;
		if (*p == ';')
			p++;
	}
	return n;
}

/* Words people read: valid UTF-8, 1..max characters, no control
 * characters (a tab or a newline would break the kept record), no space
 * at either end. */
static int parse_text(const struct setting_def *d, const char *v, struct buf *norm, struct buf *err)
{
	size_t n = strlen(v), chars = 0;
	if (!n || !utf8_valid(v, n)) {
		buf_printf(err, L("%s: 不能为空，且须为 UTF-8 文字", "%s: must be UTF-8 text, not empty"), d->key);
		return -1;
	}
	if (v[0] == ' ' || v[n - 1] == ' ') {
		buf_printf(err, L("%s: 首尾不能有空格：“%s”", "%s: no space at either end: \"%s\""), d->key, v);
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			buf_printf(err, L("%s: 不能含控制字符（换行、制表符等）", "%s: no control characters (newlines, tabs …)"),
				   d->key);
			return -1;
		}
		chars += (*p & 0xC0) != 0x80;
	}
	if ((int64_t)chars > d->max || n > SETTINGS_TEXT_MAX) {
		buf_printf(err, L("%s: 最多 %lld 个字：“%s”", "%s: at most %lld characters: \"%s\""), d->key,
			   (long long)d->max, v);
		return -1;
	}
	if (norm)
		buf_adds(norm, v);
	return 0;
}

/* The value of def parsed: v (money, ratio, choice index) or the classes. */
static int parse(const struct setting_def *d, const char *v, int64_t *out, int *classes, struct buf *norm,
		 struct buf *err)
{
	const char *why;
	char tmp[MONEY_BUFSZ];
	switch (d->type) {
	case SET_MONEY:
		if (money_parse(v, strlen(v), 0, out, &why)) {
			buf_printf(err, "%s: %s", d->key, why);
			return -1;
		}
		if (norm)
			buf_adds(norm, dec_format_min(*out, 2, tmp));
		return 0;
	case SET_RATIO:
		if (dec_parse(v, strlen(v), 6, 0, out, &why)) {
			buf_printf(err, "%s: %s", d->key, why);
			return -1;
		}
		if (*out > d->max) {
			/* say the range: "low_execution: 应在 0 到 1 之间" */
			buf_printf(err, L("%s: 应在 0 到 %s 之间：“%s”", "%s: must be from 0 to %s: \"%s\""), d->key,
				   dec_format_min(d->max, 6, tmp), v);
			return -1;
		}
		if (norm)
			buf_adds(norm, dec_format_min(*out, 6, tmp));
		return 0;
	case SET_CHOICE:
		for (int64_t i = 0; d->choices[i]; i++)
			if (!strcmp(v, d->choices[i])) {
				*out = i;
				if (norm)
					buf_adds(norm, v);
				return 0;
			}
		buf_printf(err, L("%s: 应为 ", "%s: must be "), d->key);
		choice_list(d->choices, err);
		return -1;
	case SET_FUNC_CLASSES: {
		int n = parse_classes(d->key, v, classes, norm, err);
		*out = n;
		return n < 0 ? -1 : 0;
	}
	case SET_TEXT:
		return parse_text(d, v, norm, err);
	}
	return -1;
}

int settings_check(const char *key, const char *value, struct buf *norm, struct buf *err)
{
	const struct setting_def *d = settings_find(key);
	int64_t v;
	if (!d) {
		buf_printf(err, L("没有这个设置项：%s（见 zbb get）", "no such setting: %s (see zbb get)"), key);
		return -1;
	}
	return parse(d, value, &v, NULL, norm, err);
}

int settings_apply(struct model_settings *s, const char *key, const char *value, struct buf *err)
{
	const struct setting_def *d = settings_find(key);
	int classes[SETTINGS_MAX_LIVELIHOOD];
	int64_t v;
	if (!d) {
		buf_printf(err, L("没有这个设置项：%s（见 zbb get）", "no such setting: %s (see zbb get)"), key);
		return -1;
	}
	if (parse(d, value, &v, classes, NULL, err))
		return -1;
	char *field = (char *)s + d->offset;
	switch (d->type) {
	case SET_MONEY:
	case SET_RATIO:
		*(int64_t *)field = v;
		break;
	case SET_CHOICE:
		*(int *)field = (int)v; /* the field is an enum */
		break;
	case SET_FUNC_CLASSES:
		memcpy(s->livelihood, classes, (size_t)v * sizeof(int));
		s->n_livelihood = (int)v;
		break;
	case SET_TEXT:
		snprintf(field, SETTINGS_TEXT_MAX + 1, "%s", value);
		break;
	}
	return 0;
}

void settings_default(struct model_settings *s)
{
	struct buf err = BUF_INIT;
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < settings_n; i++)
		settings_apply(s, settings_table[i].key, settings_table[i].def, &err);
	buf_release(&err);
}
