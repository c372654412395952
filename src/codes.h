/*
 * codes.h - the budget classification tables compiled into the binary
 * (政府收支分类科目: function classes 201–234, economic classes 301–399),
 * and the checks that input codes must pass (SPEC §2).
 *
 * The tables are generated at build time from data/function.csv and data/economic.csv and are sorted by
 * code.  All returned strings are static.
 */
#ifndef ZBB_CODES_H
#define ZBB_CODES_H

#include <stddef.h>

struct code_entry {
	const char *code;
	const char *name;
	int is_sangong; /* 三公经费 (economic only) */
};

enum code_kind { CODE_FUNCTION, CODE_ECONOMIC };

extern const struct code_entry codes_function[];
extern const size_t codes_function_n;
extern const struct code_entry codes_economic[];
extern const size_t codes_economic_n;

/* The entry with exactly this code, or NULL. */
const struct code_entry *codes_find(enum code_kind k, const char *code, size_t len);
/* Check a classification code: digits only, 3/5/7 digits for function,
 * 3/5 for economic, first three digits a listed class.  0 or -1 + why. */
int codes_check(enum code_kind k, const char *s, size_t n, const char **why);
/* Check a prefix (pools, negative list, earmarked sources): 3 to 7 digits
 * whose first three are a listed class. */
int codes_check_prefix(enum code_kind k, const char *s, size_t n, const char **why);
/* The name of the longest listed code that is a prefix of code, or NULL. */
const char *codes_name(enum code_kind k, const char *code);

#endif
