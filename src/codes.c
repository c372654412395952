/*
 * codes.c - look-ups in the compiled classification tables.
 */
#include "codes.h"
#include "util.h"

#include <string.h>

static const struct code_entry *table(enum code_kind k, size_t *n)
{
	if (k == CODE_FUNCTION) {
		*n = codes_function_n;
		return codes_function;
	}
	*n = codes_economic_n;
	return codes_economic;
}

const struct code_entry *codes_find(enum code_kind k, const char *code, size_t len)
{
	size_t n;
	const struct code_entry *t = table(k, &n);
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(t[mid].code, code, len);
		if (c == 0 && t[mid].code[len] != 0)
			c = 1;
		if (c == 0)
			return &t[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int check(enum code_kind k, const char *s, size_t n, int is_prefix, const char **why)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9') {
			*why = L("科目编码只能由数字组成", "a classification code has digits only");
			return -1;
		}
	int ok_len = is_prefix ? (n >= 3 && n <= 7)
		     : k == CODE_FUNCTION ? (n == 3 || n == 5 || n == 7)
					  : (n == 3 || n == 5);
	if (!ok_len) {
		*why = k == CODE_FUNCTION ? L("功能分类科目应为 3、5 或 7 位数字",
					      "a function code has 3, 5 or 7 digits")
					  : L("经济分类科目应为 3 或 5 位数字",
					      "an economic code has 3 or 5 digits");
		return -1;
	}
	if (!codes_find(k, s, 3)) {
		*why = k == CODE_FUNCTION ? L("功能分类中没有这个类级科目（见 zbb codes function）",
					      "no such function class (see zbb codes function)")
					  : L("经济分类中没有这个类级科目（见 zbb codes economic）",
					      "no such economic class (see zbb codes economic)");
		return -1;
	}
	return 0;
}

int codes_check(enum code_kind k, const char *s, size_t n, const char **why)
{
	return check(k, s, n, 0, why);
}

int codes_check_prefix(enum code_kind k, const char *s, size_t n, const char **why)
{
	return check(k, s, n, 1, why);
}

const char *codes_name(enum code_kind k, const char *code)
{
	size_t len = strlen(code);
	for (size_t l = len; l >= 3; l--) {
		const struct code_entry *e = codes_find(k, code, l);
		if (e)
			return e->name;
		if (l == 3)
			break;
	}
	return NULL;
}
