/*
 * money.h - exact money, quantities and ratios (SPEC §2).
 *
 * Money is an int64 count of fen.  Quantities are int64 counts of 1/10000.
 * Ratios, scores and shares parsed from text are exact decimals held as
 * int64 numerators over a fixed power of ten (the "scale").  Nothing here
 * uses floating point; every operation that can overflow is checked and
 * reports it instead of wrapping.  Parsers return 0 on success and -1 with
 * a static, user-language reason on failure.  Formatters write into a
 * caller's buffer of at least MONEY_BUFSZ bytes and return it.
 */
#ifndef ZBB_MONEY_H
#define ZBB_MONEY_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t zb_fen;
typedef int64_t zb_qty; /* units of 1/10000 */

#define QTY_ONE 10000
#define RATIO_ONE 1000000 /* ratios are kept in millionths */
#define SCORE_ONE 100     /* scores are kept in hundredths of a point */
#define MONEY_BUFSZ 48

enum { DEC_NEG = 1, /* a leading '-' is allowed */
       DEC_COMMAS = 2 /* thousands separators are allowed */ };

/* Parse an ASCII decimal with at most `places` decimals into value×10^places.
 * Surrounding ASCII spaces are ignored.  Refuses exponents, '+', a sign
 * without DEC_NEG, misplaced commas, full-width digits, more decimals than
 * `places`, and overflow. */
int dec_parse(const char *s, size_t n, int places, unsigned flags, int64_t *out, const char **why);
/* Write value/10^places with exactly `places` decimals (no grouping). */
char *dec_format(int64_t v, int places, char *buf);
/* Same, with trailing zero decimals (and a bare '.') removed. */
char *dec_format_min(int64_t v, int places, char *buf);

/* Yuan with at most two decimals ("12500", "12500.5", "12,500.50") to fen. */
int money_parse(const char *s, size_t n, unsigned flags, zb_fen *out, const char **why);
/* Quantity with at most four decimals to 1/10000 units. */
int qty_parse(const char *s, size_t n, zb_qty *out, const char **why);

/* price × quantity rounded half up (half away from zero) to the fen.
 * Returns -1 on overflow. */
int money_mul_qty(zb_fen price, zb_qty q, zb_fen *out);
/* floor(a × num / den), den > 0; -1 on overflow. */
int money_scale_floor(zb_fen a, int64_t num, int64_t den, zb_fen *out);
/* Checked a + b and a - b. */
int money_add(zb_fen a, zb_fen b, zb_fen *out);
int money_sub(zb_fen a, zb_fen b, zb_fen *out);
/* A line's amount (price × quantity, as money_mul_qty) added to *total:
 * the one way a project's, an agency's or a book's requested total is
 * summed.  -1 on overflow (then *total is unchanged). */
int money_line_add(zb_fen *total, zb_fen price, zb_qty q);

enum money_unit { UNIT_YUAN, UNIT_WAN, UNIT_YI };
/* Human output: grouped, two decimals, in the unit (万元 and 亿元 rounded
 * half up for display).  No unit suffix. */
char *money_format(zb_fen v, enum money_unit u, char *buf);
/* Plain yuan for files: "12500.50", no grouping. */
char *money_format_plain(zb_fen v, char *buf);
/* As money_format, but an amount too small to show in 万元 or 亿元 (not
 * zero, yet 0.00 in the unit) is shown in 元 with its unit: "30.00 元". */
char *money_format_fit(zb_fen v, enum money_unit u, char *buf);
/* The unit's name in the user's language ("万元" / "10k yuan"). */
const char *money_unit_name(enum money_unit u);
int money_unit_parse(const char *s, enum money_unit *u);

#endif
