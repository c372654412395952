/*
 * money.c - exact decimal parsing and formatting, checked fen arithmetic.
 * See money.h for the rules; no floating point anywhere in this file.
 */
#include "money.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

static int64_t pow10i(int p)
{
	int64_t v = 1;
	while (p-- > 0)
		v *= 10;
	return v;
}

int dec_parse(const char *s, size_t n, int places, unsigned flags, int64_t *out, const char **why)
{
	size_t i = 0;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	while (i < n && s[i] == ' ')
		i++;
	if (i == n) {
		*why = L("为空", "empty");
		return -1;
	}
	int neg = 0;
	if (s[i] == '-') {
		if (!(flags & DEC_NEG)) {
			*why = L("不能为负数", "must not be negative");
			return -1;
		}
		neg = 1;
		i++;
	} else if (s[i] == '+') {
		*why = L("不允许正负号", "a sign is not allowed");
		return -1;
	}
	int64_t ip = 0;
	size_t n_int = 0, group = 0;
	int seen_comma = 0;
	for (; i < n && s[i] != '.'; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (__builtin_mul_overflow(ip, 10, &ip) || __builtin_add_overflow(ip, c - '0', &ip))
				goto overflow;
			n_int++;
			group++;
		} else if (c == ',' && (flags & DEC_COMMAS)) {
			if (n_int == 0 || (seen_comma ? group != 3 : group > 3)) {
				*why = L("千分位逗号位置不对", "misplaced thousands separator");
				return -1;
			}
			seen_comma = 1;
			group = 0;
		} else if (c == 'e' || c == 'E') {
			*why = L("不接受科学计数法", "exponents are not accepted");
			return -1;
		} else if ((unsigned char)c >= 0x80) {
			*why = L("含全角或非 ASCII 字符，请使用半角数字", "non-ASCII character; use plain digits");
			return -1;
		} else if (c == '-' || c == '+') {
			*why = L("正负号位置不对", "stray sign");
			return -1;
		} else {
			*why = L("不是数字", "not a number");
			return -1;
		}
	}
	if (n_int == 0) {
		*why = L("小数点前缺少数字", "no digits before the decimal point");
		return -1;
	}
	if (seen_comma && group != 3) {
		*why = L("千分位逗号位置不对", "misplaced thousands separator");
		return -1;
	}
	int64_t fp = 0;
	int n_frac = 0;
	if (i < n && s[i] == '.') {
		i++;
		if (i == n) {
			*why = L("小数点后缺少数字", "no digits after the decimal point");
			return -1;
		}
		for (; i < n; i++) {
			char c = s[i];
			if (c < '0' || c > '9') {
				if (c == 'e' || c == 'E')
					*why = L("不接受科学计数法", "exponents are not accepted");
				else if ((unsigned char)c >= 0x80)
					*why = L("含全角或非 ASCII 字符，请使用半角数字",
						 "non-ASCII character; use plain digits");
				else
					*why = L("不是数字", "not a number");
				return -1;
			}
			if (n_frac == places) {
				*why = places == 2 ? L("最多两位小数", "at most two decimals")
					: places == 4 ? L("最多四位小数", "at most four decimals")
					: L("小数位数过多", "too many decimals");
				return -1;
			}
			fp = fp * 10 + (c - '0');
			n_frac++;
		}
	}
	fp *= pow10i(places - n_frac);
	int64_t v;
	if (__builtin_mul_overflow(ip, pow10i(places), &v) || __builtin_add_overflow(v, fp, &v))
		goto overflow;
	*out = neg ? -v : v;
	return 0;
overflow:
	*why = L("数值超出范围", "number out of range");
	return -1;
}

char *dec_format(int64_t v, int places, char *buf)
{
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t p = (uint64_t)pow10i(places);
	char tmp[MONEY_BUFSZ];
	int k = 0;
	uint64_t frac = u % p, ip = u / p;
	for (int j = 0; j < places; j++) {
		tmp[k++] = (char)('0' + frac % 10);
		frac /= 10;
	}
	if (places)
		tmp[k++] = '.';
	do {
		tmp[k++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	if (v < 0)
		tmp[k++] = '-';
	for (int j = 0; j < k; j++)
		buf[j] = tmp[k - 1 - j];
	buf[k] = 0;
	return buf;
}

char *dec_format_min(int64_t v, int places, char *buf)
{
	dec_format(v, places, buf);
	if (places) {
		size_t n = strlen(buf);
		while (buf[n - 1] == '0')
			buf[--n] = 0;
		if (buf[n - 1] == '.')
			buf[--n] = 0;
	}
	return buf;
}

int money_parse(const char *s, size_t n, unsigned flags, zb_fen *out, const char **why)
{
	return dec_parse(s, n, 2, flags | DEC_COMMAS, out, why);
}

int qty_parse(const char *s, size_t n, zb_qty *out, const char **why)
{
	return dec_parse(s, n, 4, DEC_COMMAS, out, why);
}

static int div_round_half_away(__int128 num, int64_t den, int64_t *out)
{
	__int128 q = num / den, r = num % den;
	if (r < 0)
		r = -r;
	if (2 * r >= den)
		q += num < 0 ? -1 : 1;
	if (q > INT64_MAX || q < INT64_MIN)
		return -1;
	*out = (int64_t)q;
	return 0;
}

int money_mul_qty(zb_fen price, zb_qty q, zb_fen *out)
{
	return div_round_half_away((__int128)price * q, QTY_ONE, out);
}

int money_scale_floor(zb_fen a, int64_t num, int64_t den, zb_fen *out)
{
	__int128 p = (__int128)a * num;
	__int128 q = p / den;
	if ((p % den != 0) && ((p < 0) != (den < 0)))
		q -= 1;
	if (q > INT64_MAX || q < INT64_MIN)
		return -1;
	*out = (int64_t)q;
	return 0;
}

int money_add(zb_fen a, zb_fen b, zb_fen *out)
{
	return __builtin_add_overflow(a, b, out) ? -1 : 0;
}

int money_sub(zb_fen a, zb_fen b, zb_fen *out)
{
	return __builtin_sub_overflow(a, b, out) ? -1 : 0;
}

int money_line_add(zb_fen *total, zb_fen price, zb_qty q)
{
	zb_fen amount, t;
	if (money_mul_qty(price, q, &amount) || money_add(*total, amount, &t))
		return -1;
	*total = t;
	return 0;
}

char *money_format(zb_fen v, enum money_unit u, char *buf)
{
	/* express the value in hundredths of the unit, rounded half away from zero */
	int64_t div = u == UNIT_YUAN ? 1 : u == UNIT_WAN ? 10000 : 100000000;
	int64_t c;
	div_round_half_away((__int128)v, div, &c);
	char plain[MONEY_BUFSZ];
	dec_format(c, 2, plain);
	/* insert grouping commas into the integer part */
	const char *p = plain;
	size_t k = 0;
	if (*p == '-')
		buf[k++] = *p++;
	size_t n_int = strcspn(p, ".");
	for (size_t j = 0; j < n_int; j++) {
		if (j && (n_int - j) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = p[j];
	}
	strcpy(buf + k, p + n_int);
	return buf;
}

char *money_format_fit(zb_fen v, enum money_unit u, char *buf)
{
	int64_t div = u == UNIT_YUAN ? 1 : u == UNIT_WAN ? 10000 : 100000000, c;
	div_round_half_away((__int128)v, div, &c);
	if (u == UNIT_YUAN || !v || c)
		return money_format(v, u, buf);
	money_format(v, UNIT_YUAN, buf);
	size_t n = strlen(buf);
	snprintf(buf + n, MONEY_BUFSZ - n, " %s", money_unit_name(UNIT_YUAN));
	return buf;
}

char *money_format_plain(zb_fen v, char *buf)
{
	return dec_format(v, 2, buf);
}

const char *money_unit_name(enum money_unit u)
{
	switch (u) {
	case UNIT_YUAN:
		return L("元", "yuan");
	case UNIT_WAN:
		return L("万元", "10k yuan");
	default:
		return L("亿元", "100m yuan");
	}
}

int money_unit_parse(const char *s, enum money_unit *u)
{
	if (!strcmp(s, "yuan") || !strcmp(s, "元"))
		*u = UNIT_YUAN;
	else if (!strcmp(s, "wan") || !strcmp(s, "万元"))
		*u = UNIT_WAN;
	else if (!strcmp(s, "yi") || !strcmp(s, "亿元"))
		*u = UNIT_YI;
	else
		return -1;
	return 0;
}
