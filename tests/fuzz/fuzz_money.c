/*
 * fuzz_money - the exact decimal parsers and money arithmetic (money.c).
 *
 * Input: byte 0 picks the parser (dec_parse with 0–6 places and flags,
 * money_parse, qty_parse), the rest is the text.  Invariants: a parse that
 * succeeds formats back to text that parses to the same value (and
 * dec_format_min's text too); a value never exceeds the int64 range
 * silently.  Inputs of at least 17 bytes also drive the arithmetic with
 * two int64 from the bytes: money_mul_qty, money_scale_floor, add and sub
 * agree with 128-bit reference arithmetic or report overflow, never wrap;
 * money_format never overruns MONEY_BUFSZ.
 */
#include "money.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define fail(...)                                                                                                 \
	do {                                                                                                      \
		fprintf(stderr, "fuzz invariant: " __VA_ARGS__);                                                  \
		fputc('\n', stderr);                                                                              \
		abort();                                                                                          \
	} while (0)

static void roundtrip(int places, unsigned flags, int64_t v)
{
	char buf[MONEY_BUFSZ], buf2[MONEY_BUFSZ];
	int64_t back;
	const char *why;
	dec_format(v, places, buf);
	if (strlen(buf) >= MONEY_BUFSZ)
		fail("dec_format overran");
	if (dec_parse(buf, strlen(buf), places, flags | DEC_NEG, &back, &why) || back != v)
		fail("dec_format %lld/%d -> \"%s\" does not parse back", (long long)v, places, buf);
	dec_format_min(v, places, buf2);
	if (dec_parse(buf2, strlen(buf2), places, flags | DEC_NEG, &back, &why) || back != v)
		fail("dec_format_min %lld/%d -> \"%s\" does not parse back", (long long)v, places, buf2);
}

static void arith(int64_t a, int64_t b)
{
	zb_fen out;
	/* price x quantity, rounded half away from zero */
	__int128 p = (__int128)a * b, q = p / QTY_ONE, r = p % QTY_ONE;
	if ((r < 0 ? -r : r) * 2 >= QTY_ONE)
		q += p < 0 ? -1 : 1;
	int fits = q >= INT64_MIN && q <= INT64_MAX;
	int rc = money_mul_qty(a, b, &out);
	if (fits ? (rc || out != (int64_t)q) : !rc)
		fail("money_mul_qty(%lld, %lld)", (long long)a, (long long)b);
	/* floor(a * b / den) for a positive den made from b */
	int64_t den = (int64_t)((uint64_t)b % 1000000) + 1;
	__int128 fp = (__int128)a * (b >> 20), fq = fp / den;
	if (fp % den != 0 && fp < 0)
		fq -= 1;
	fits = fq >= INT64_MIN && fq <= INT64_MAX;
	rc = money_scale_floor(a, b >> 20, den, &out);
	if (fits ? (rc || out != (int64_t)fq) : !rc)
		fail("money_scale_floor(%lld, %lld, %lld)", (long long)a, (long long)(b >> 20), (long long)den);
	__int128 s = (__int128)a + b, d = (__int128)a - b;
	rc = money_add(a, b, &out);
	if ((s >= INT64_MIN && s <= INT64_MAX) ? (rc || out != (int64_t)s) : !rc)
		fail("money_add");
	rc = money_sub(a, b, &out);
	if ((d >= INT64_MIN && d <= INT64_MAX) ? (rc || out != (int64_t)d) : !rc)
		fail("money_sub");
	char buf[MONEY_BUFSZ];
	for (int u = UNIT_YUAN; u <= UNIT_YI; u++)
		if (strlen(money_format(a, (enum money_unit)u, buf)) >= MONEY_BUFSZ)
			fail("money_format overran");
	/* INT64_MIN has no positive twin: it formats but cannot be parsed
	 * back (no parse or checked sum produces it) */
	if (a != INT64_MIN)
		roundtrip(2, 0, a);
	if (b != INT64_MIN)
		roundtrip(4, 0, b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned sel = data[0];
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	int64_t v;
	const char *why = NULL;
	int places = (int)(sel % 7);
	unsigned flags = (sel >> 3) & (DEC_NEG | DEC_COMMAS);
	switch ((sel >> 5) % 3) {
	case 0:
		if (!dec_parse(s, n, places, flags, &v, &why)) {
			if (v < 0 && !(flags & DEC_NEG))
				fail("negative without DEC_NEG");
			roundtrip(places, flags, v);
		} else if (!why || !*why) {
			fail("dec_parse failed without a reason");
		}
		break;
	case 1:
		if (!money_parse(s, n, flags, &v, &why))
			roundtrip(2, flags, v);
		else if (!why)
			fail("money_parse failed without a reason");
		break;
	default:
		if (!qty_parse(s, n, &v, &why)) {
			if (v < 0)
				fail("negative quantity");
			roundtrip(4, 0, v);
		} else if (!why) {
			fail("qty_parse failed without a reason");
		}
	}
	if (size >= 17) {
		int64_t a, b;
		memcpy(&a, data + 1, 8);
		memcpy(&b, data + 9, 8);
		arith(a, b);
	}
	return 0;
}
