/*
 * test_csvread - SPEC §2/§4: the CSV reader behind every import.
 *
 * Table-driven over csv_read_mem.  Each case's records are rendered as
 * "LINE:field|field|…" one per line, so the expected value shows at a
 * glance which line each record starts on and how its fields were split.
 * Every expected value is worked out by hand from RFC 4180 and the rules in
 * csvread.h (BOM dropped, blank lines skipped, a record's line is the line
 * it starts on).
 */
#include "unit.h"
#include "csvread.h"
#include "util.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sink {
	struct buf out;
	int stop_after; /* stop (return 7) after this many records; 0 never */
	long n;
};

static int collect(void *ctx, long line, const struct csv_field *f, size_t n)
{
	struct sink *k = ctx;
	buf_printf(&k->out, "%ld:", line);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(&k->out, '|');
		buf_add(&k->out, f[i].s, f[i].n);
	}
	buf_addc(&k->out, '\n');
	k->n++;
	return k->stop_after && k->n == k->stop_after ? 7 : 0;
}

struct rcase {
	const char *id;
	const char *in;
	size_t len; /* 0: strlen(in) */
	enum csv_encoding enc;
	int rc;           /* expected return */
	const char *want; /* records, or the expected error message when rc < 0 */
	int converted;
};

/* "市教育局" in GB18030 (iconv -f UTF-8 -t GB18030): 市 CA D0, 教 BD CC,
 * 育 D3 FD, 局 BE D6. */
#define GB_SJYJ "\xca\xd0\xbd\xcc\xd3\xfd\xbe\xd6"
/* "é€😀" in GB18030: é A8 A6 (two bytes), € A2 E3, 😀 94 39 FC 36 (four). */
#define GB_MIXED "\xa8\xa6\xa2\xe3\x94\x39\xfc\x36"

static const struct rcase cases[] = {
	/* shapes of well-formed input */
	{ "csv-1.1 plain", "a,b\nc,d\n", 0, ENC_AUTO, 0, "1:a|b\n2:c|d\n", 0 },
	{ "csv-1.2 no final newline", "a,b\nc,d", 0, ENC_AUTO, 0, "1:a|b\n2:c|d\n", 0 },
	{ "csv-1.3 quoted comma, quote, newline",
	  "a,\"x,y\"\n\"he said \"\"hi\"\"\",\"l1\nl2\"\nz,w\n", 0, ENC_AUTO, 0,
	  "1:a|x,y\n2:he said \"hi\"|l1\nl2\n4:z|w\n", 0 },
	{ "csv-1.4 CRLF", "a,b\r\nc,d\r\n", 0, ENC_AUTO, 0, "1:a|b\n2:c|d\n", 0 },
	{ "csv-1.5 CR only", "a,b\rc,d\r\re,f", 0, ENC_AUTO, 0, "1:a|b\n2:c|d\n4:e|f\n", 0 },
	{ "csv-1.6 BOM", "\xEF\xBB\xBF" "code,name\nA,B\n", 0, ENC_AUTO, 0, "1:code|name\n2:A|B\n", 0 },
	{ "csv-1.7 blank lines skipped", "\na,b\n\n  \n\t\r\nc,d\n\n", 0, ENC_AUTO, 0, "2:a|b\n6:c|d\n", 0 },
	{ "csv-1.8 blank line inside quotes kept", "a,\"x\n\ny\"\nc,d\n", 0, ENC_AUTO, 0,
	  "1:a|x\n\ny\n4:c|d\n", 0 },
	{ "csv-1.9 empty trailing field", "a,b,\nc,d,", 0, ENC_AUTO, 0, "1:a|b|\n2:c|d|\n", 0 },
	{ "csv-1.10 all fields empty", ",,\n", 0, ENC_AUTO, 0, "1:||\n", 0 },
	{ "csv-1.11 quoted empty and CRLF inside quotes", "\"\",\"a\r\nb\"\r\nx,y\r\n", 0, ENC_AUTO, 0,
	  "1:|a\r\nb\n3:x|y\n", 0 },
	{ "csv-1.12 empty input", "", 0, ENC_AUTO, 0, "", 0 },
	{ "csv-1.13 only a BOM and blank lines", "\xEF\xBB\xBF\n\n", 0, ENC_AUTO, 0, "", 0 },
	{ "csv-1.14 UTF-8 Chinese untouched", "单位,名称\nA1,市教育局\n", 0, ENC_AUTO, 0,
	  "1:单位|名称\n2:A1|市教育局\n", 0 },
	/* encodings */
	{ "csv-2.1 GB18030 detected", "code,name\nA1," GB_SJYJ "\n", 0, ENC_AUTO, 0,
	  "1:code|name\n2:A1|市教育局\n", 1 },
	{ "csv-2.2 GB18030 2- and 4-byte forms", "x\n" GB_MIXED "\n", 0, ENC_AUTO, 0, "1:x\n2:é€😀\n", 1 },
	{ "csv-2.3 GB18030 forced", "code,name\nA1," GB_SJYJ "\n", 0, ENC_GB18030, 0,
	  "1:code|name\n2:A1|市教育局\n", 1 },
	{ "csv-2.4 GB18030 forced on ASCII", "a,b\n", 0, ENC_GB18030, 0, "1:a|b\n", 1 },
	{ "csv-2.5 UTF-8 forced on GB18030 bytes", "code,name\n\nA1," GB_SJYJ "\n", 0, ENC_UTF8, -1,
	  "t.csv:3: 不是有效的 UTF-8 文本（可用 --encoding gb18030 按 GB18030 读取）", 0 },
	{ "csv-2.6 neither UTF-8 nor GB18030 (0xFF)", "a,b\nc,d\ne,\xff\xfe\n", 0, ENC_AUTO, -1,
	  "t.csv:3: 文件既不是 UTF-8 也不是 GB18030 编码（第 11 字节起无法识别）", 0 },
	{ "csv-2.7 neither (lone 0x80)", "a\n\x80\n", 0, ENC_AUTO, -1,
	  "t.csv:2: 文件既不是 UTF-8 也不是 GB18030 编码（第 3 字节起无法识别）", 0 },
	{ "csv-2.8 truncated GB18030 at the end", "a\nb," "\xca", 0, ENC_AUTO, -1,
	  "t.csv:2: 文件既不是 UTF-8 也不是 GB18030 编码（第 5 字节起无法识别）", 0 },
	{ "csv-2.9 UTF-8 BOM then broken bytes", "\xEF\xBB\xBF" "a\nb\n" GB_SJYJ "\n", 0, ENC_AUTO, -1,
	  "t.csv:3: 不是有效的 UTF-8 文本", 0 },
	{ "csv-2.10 UTF-8 forced, valid", "\xEF\xBB\xBF" "a,市\n", 0, ENC_UTF8, 0, "1:a|市\n", 0 },
	/* structural errors */
	{ "csv-3.1 unterminated quote names the record's first line", "a,b\nc,\"d\ne\nf\n", 0, ENC_AUTO, -1,
	  "t.csv:2: 引号没有闭合", 0 },
	{ "csv-3.2 a bare quote inside a field is literal (as Excel reads it)", "a,b\nc,d\"e\n", 0, ENC_AUTO, 0,
	  "1:a|b\n2:c|d\"e\n", 0 },
	{ "csv-3.3 bare quotes after a record spanning lines", "a,\"1\n2\n3\"\nc,长株潭供水\"水塔\"\n", 0, ENC_AUTO, 0,
	  "1:a|1\n2\n3\n4:c|长株潭供水\"水塔\"\n", 0 },
	/* libcsv (not strict) keeps a quoted field open after text that follows
	 * its closing quote: at the end of the file that is an open quote */
	{ "csv-3.4 text after a closing quote leaves the field open", "a,\"b\"c\n", 0, ENC_AUTO, -1,
	  "t.csv:1: 引号没有闭合", 0 },
	{ "csv-3.5 CR-only file, error on the third line", "a,b\rc,d\re,\"f\r", 0, ENC_AUTO, -1,
	  "t.csv:3: 引号没有闭合", 0 },
};

static void run_case(const struct rcase *c)
{
	struct sink k = { BUF_INIT, 0, 0 };
	struct buf err = BUF_INIT;
	struct csv_info info;
	size_t len = c->len ? c->len : strlen(c->in);
	int rc = csv_read_mem("t.csv", c->in, len, c->enc, collect, NULL, &k, &info, &err);
	if (rc != c->rc)
		fail_msg("%s: rc %d, wanted %d (err: %s)", c->id, rc, c->rc, buf_str(&err));
	if (c->rc < 0) {
		if (strcmp(buf_str(&err), c->want))
			fail_msg("%s: error\n  got  [%s]\n  want [%s]", c->id, buf_str(&err), c->want);
	} else {
		if (strcmp(buf_str(&k.out), c->want))
			fail_msg("%s: records\n  got  [%s]\n  want [%s]", c->id, buf_str(&k.out), c->want);
		if (info.converted != c->converted)
			fail_msg("%s: converted %d", c->id, info.converted);
		if (info.n_records != k.n)
			fail_msg("%s: n_records %ld, saw %ld", c->id, info.n_records, k.n);
	}
	buf_release(&k.out);
	buf_release(&err);
}

static void test_cases(void **state)
{
	(void)state;
	zb_lang = LANG_ZH;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		run_case(&cases[i]);
}

/* csv-4: the limits, on inputs too big to write as literals. */
static void test_limits(void **state)
{
	(void)state;
	zb_lang = LANG_ZH;
	struct buf in = BUF_INIT, err = BUF_INIT;
	struct sink k = { BUF_INIT, 0, 0 };
	/* csv-4.1: a physical line of CSV_MAX_LINE + 1 bytes (newline included) */
	buf_adds(&in, "a,b\n");
	for (size_t i = 0; i < CSV_MAX_LINE; i++)
		buf_addc(&in, 'x');
	buf_addc(&in, '\n');
	assert_int_equal(csv_read_mem("t.csv", in.s, in.len, ENC_AUTO, collect, NULL, &k, NULL, &err), -1);
	assert_string_equal(buf_str(&err), "t.csv:2: 行长度超过 1048576 字节");
	/* csv-4.2: exactly CSV_MAX_LINE bytes with its newline is accepted, but
	 * its one field is over CSV_MAX_FIELD */
	buf_reset(&err);
	in.len = in.len - 2;
	buf_addc(&in, '\n');
	assert_int_equal(in.len, 4 + CSV_MAX_LINE);
	assert_int_equal(csv_read_mem("t.csv", in.s, in.len, ENC_AUTO, collect, NULL, &k, NULL, &err), -1);
	assert_string_equal(buf_str(&err), "t.csv:2: 字段长度超过 65536 字节");
	/* csv-4.3: a field of exactly CSV_MAX_FIELD bytes passes; one more fails,
	 * reported on the line its record starts on even when it spans lines */
	buf_reset(&in);
	buf_reset(&err);
	buf_reset(&k.out);
	k.n = 0;
	buf_adds(&in, "h\n\"");
	for (size_t i = 0; i < CSV_MAX_FIELD; i++)
		buf_addc(&in, i == 100 ? '\n' : 'y');
	buf_adds(&in, "\"\n");
	assert_int_equal(csv_read_mem("t.csv", in.s, in.len, ENC_AUTO, collect, NULL, &k, NULL, &err), 0);
	assert_int_equal(k.n, 2);
	assert_int_equal(k.out.len, strlen("1:h\n2:\n") + CSV_MAX_FIELD);
	in.len -= 2;
	buf_adds(&in, "z\"\nlast\n");
	assert_int_equal(csv_read_mem("t.csv", in.s, in.len, ENC_AUTO, collect, NULL, &k, NULL, &err), -1);
	assert_string_equal(buf_str(&err), "t.csv:2: 字段长度超过 65536 字节");
	buf_release(&in);
	buf_release(&err);
	buf_release(&k.out);
}

/* csv-5: the callback's stop, English messages, utf8_first_invalid. */
static void test_misc(void **state)
{
	(void)state;
	struct buf err = BUF_INIT;
	struct sink k = { BUF_INIT, 2, 0 };
	struct csv_info info;
	const char *in = "a\nb\nc\nd\n";
	/* csv-5.1 a non-zero return stops the read and is returned */
	assert_int_equal(csv_read_mem("t.csv", in, strlen(in), ENC_AUTO, collect, NULL, &k, &info, &err), 7);
	assert_string_equal(buf_str(&k.out), "1:a\n2:b\n");
	assert_int_equal(info.n_records, 2);
	/* csv-5.2 English */
	zb_lang = LANG_EN;
	in = "a,b\nc,\"d\n";
	assert_int_equal(csv_read_mem("t.csv", in, strlen(in), ENC_AUTO, collect, NULL, &k, NULL, &err), -1);
	assert_string_equal(buf_str(&err), "t.csv:2: unterminated quote");
	buf_reset(&err);
	in = "a\n\xff\n";
	assert_int_equal(csv_read_mem("t.csv", in, strlen(in), ENC_AUTO, collect, NULL, &k, NULL, &err), -1);
	assert_string_equal(buf_str(&err), "t.csv:2: the file is neither UTF-8 nor GB18030 (undecodable from byte 3)");
	zb_lang = LANG_ZH;
	/* csv-5.3 utf8_first_invalid: offsets worked out byte by byte */
	assert_int_equal(utf8_first_invalid("abc", 3), 3);
	assert_int_equal(utf8_first_invalid("a\n市\xca", 6), 5);  /* a \n E5 B8 82 CA */
	assert_int_equal(utf8_first_invalid("ab\xe5\xb8", 4), 2); /* a truncated 3-byte form */
	assert_int_equal(utf8_first_invalid("\xc0\x80", 2), 0);   /* overlong NUL */
	buf_release(&err);
	buf_release(&k.out);
}

/* csv-6: csv_read_file reads the same as csv_read_mem; a missing file is
 * an error naming it. */
static void test_file(void **state)
{
	(void)state;
	char path[] = "/tmp/zbb-csv-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *in = "\xEF\xBB\xBF" "code,name\r\nA1," GB_SJYJ "\r\n";
	assert_int_equal(write(fd, in, strlen(in)), (ssize_t)strlen(in));
	close(fd);
	struct buf err = BUF_INIT;
	struct sink k = { BUF_INIT, 0, 0 };
	struct csv_info info;
	/* a UTF-8 BOM with GB18030 text after it is refused, not guessed */
	assert_int_equal(csv_read_file(path, ENC_AUTO, collect, NULL, &k, &info, &err), -1);
	assert_non_null(strstr(buf_str(&err), ":2: 不是有效的 UTF-8 文本"));
	fd = open(path, O_WRONLY | O_TRUNC);
	in = "code,name\r\nA1," GB_SJYJ "\r\n";
	assert_int_equal(write(fd, in, strlen(in)), (ssize_t)strlen(in));
	close(fd);
	buf_reset(&err);
	assert_int_equal(csv_read_file(path, ENC_AUTO, collect, NULL, &k, &info, &err), 0);
	assert_string_equal(buf_str(&k.out), "1:code|name\n2:A1|市教育局\n");
	assert_int_equal(info.converted, 1);
	unlink(path);
	assert_int_equal(csv_read_file(path, ENC_AUTO, collect, NULL, &k, &info, &err), -1);
	assert_non_null(strstr(buf_str(&err), path));
	buf_release(&err);
	buf_release(&k.out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_misc),
		cmocka_unit_test(test_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
