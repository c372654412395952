/* test_xlsxread - SPEC §4: XLSX read as CSV is.  Workbooks written by
 * libxlsxwriter (shared and inline strings) and packages built part by part
 * with libzip (the quirks Excel and others write), read back row by row. */
#include "unit.h"
#include "xlsxread.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

static char tmpdir[] = "/tmp/zbb-xlsx.XXXXXX";

static int setup(void **state)
{
	(void)state;
	zb_lang = LANG_EN;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[64];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	return system(cmd);
}

static const char *tmp(const char *name)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	return path;
}

/* Rows as "LINE|field|field…\n", stopping with stop_rc at line stop_at. */
struct rows {
	struct buf out;
	long stop_at;
	int stop_rc;
};

static int collect(void *ctx, long line, const struct csv_field *f, size_t n)
{
	struct rows *r = ctx;
	buf_printf(&r->out, "%ld", line);
	for (size_t i = 0; i < n; i++)
		buf_printf(&r->out, "|%.*s", (int)f[i].n, f[i].s);
	buf_addc(&r->out, '\n');
	return line == r->stop_at ? r->stop_rc : 0;
}

/* Read path; check the return code, the rows and (when rc < 0) that the
 * message holds want_err. */
static void check(const char *id, const char *path, int want_rc, const char *want_rows, const char *want_err)
{
	struct rows r = { BUF_INIT, 0, 0 };
	struct buf err = BUF_INIT;
	int rc = xlsx_read_file(path, collect, &r, &err);
	if (rc != want_rc)
		fail_msg("%s: rc %d, wanted %d (%s)", id, rc, want_rc, buf_str(&err));
	if (want_rows && strcmp(buf_str(&r.out), want_rows))
		fail_msg("%s: rows\n%s\nwanted\n%s", id, buf_str(&r.out), want_rows);
	if (want_err && (!strstr(buf_str(&err), want_err) || strncmp(buf_str(&err), path, strlen(path))))
		fail_msg("%s: error \"%s\", wanted \"%s\" after the file name", id, buf_str(&err), want_err);
	if (rc >= 0 && err.len)
		fail_msg("%s: unexpected message %s", id, buf_str(&err));
	buf_release(&r.out);
	buf_release(&err);
}

/* ---- workbooks from libxlsxwriter ---- */

static void write_book(const char *path, int constant_memory)
{
	lxw_workbook_options opt = { .constant_memory = (uint8_t)constant_memory, .tmpdir = tmpdir };
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	assert_non_null(wb);
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy-mm-dd");
	lxw_worksheet *ws = workbook_add_worksheet(wb, "预算单位");
	worksheet_write_string(ws, 0, 0, "code", NULL);
	worksheet_write_string(ws, 0, 1, "name", NULL);
	worksheet_write_string(ws, 0, 2, "amount", NULL);
	worksheet_write_string(ws, 0, 3, "note", NULL);
	worksheet_write_string(ws, 1, 0, "A01", NULL);
	worksheet_write_string(ws, 1, 1, "市财政局", NULL);
	worksheet_write_number(ws, 1, 2, 12500.5, NULL);
	/* row 3 (index 2) left empty; row 4 has a hole in the middle */
	worksheet_write_string(ws, 3, 0, "A02", NULL);
	worksheet_write_number(ws, 3, 2, 3, NULL);
	worksheet_write_string(ws, 3, 3, "备注：含“引号”, 逗号", NULL);
	worksheet_write_string(ws, 4, 0, " lead", NULL);
	worksheet_write_boolean(ws, 4, 1, 1, NULL);
	worksheet_write_number(ws, 4, 2, 0.1, NULL);
	lxw_datetime d = { 2026, 3, 1, 0, 0, 0 };
	worksheet_write_datetime(ws, 4, 3, &d, date);
	worksheet_write_blank(ws, 5, 1, date); /* formatted, no value: skipped */
	worksheet_write_string(ws, 6, 4, "wide", NULL);
	ws = workbook_add_worksheet(wb, "Other");
	worksheet_write_string(ws, 0, 0, "must not be read", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static const char *const book_rows =
	"1|code|name|amount|note\n"
	"2|A01|市财政局|12500.5|\n"
	"4|A02||3|备注：含“引号”, 逗号\n"
	"5| lead|TRUE|0.1|2026-03-01\n"
	"7|||||wide\n";

static void test_xlsxwriter_shared(void **state)
{
	(void)state;
	write_book(tmp("shared.xlsx"), 0);
	check("xlsx-1.1", tmp("shared.xlsx"), 0, book_rows, NULL);
}

static void test_xlsxwriter_inline(void **state)
{
	(void)state;
	write_book(tmp("inline.xlsx"), 1); /* constant memory: inline strings */
	check("xlsx-1.2", tmp("inline.xlsx"), 0, book_rows, NULL);
}

/* ---- packages built part by part ---- */

struct part {
	const char *name, *xml;
};

static void make_zip(const char *path, const struct part *parts)
{
	int e;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
	assert_non_null(z);
	for (; parts->name; parts++) {
		zip_source_t *s = zip_source_buffer(z, parts->xml, strlen(parts->xml), 0);
		assert_non_null(s);
		assert_true(zip_file_add(z, parts->name, s, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG_RELS                                                                                   \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"                                                \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"    \
	"<Relationship Id=\"rId1\" Type=\"" RNS "/officeDocument\" Target=\"xl/book.xml\"/>"         \
	"</Relationships>"
/* the first sheet in tab order is data.xml, by a roundabout target */
#define BOOK_RELS                                                                                  \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"    \
	"<Relationship Id=\"rId1\" Type=\"" RNS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"    \
	"<Relationship Id=\"rId7\" Type=\"" RNS "/worksheet\" Target=\"/xl/worksheets/../worksheets/data.xml\"/>" \
	"<Relationship Id=\"rId3\" Type=\"" RNS "/sharedStrings\" Target=\"sharedStrings.xml\"/>"    \
	"<Relationship Id=\"rId4\" Type=\"" RNS "/styles\" Target=\"./styles.xml\"/>"                \
	"<Relationship Id=\"rId9\" Type=\"" RNS "/hyperlink\" Target=\"http://x/\" TargetMode=\"External\"/>" \
	"</Relationships>"
#define BOOK(pr)                                                                                   \
	"<x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "        \
	"xmlns:r=\"" RNS "\">" pr "<x:sheets><x:sheet name=\"数据\" sheetId=\"2\" r:id=\"rId7\"/>" \
	"<x:sheet name=\"Other\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>"
#define SST                                                                                        \
	"<sst " NS "><si><t>code</t></si><si><t>name</t></si>"                                      \
	"<si><r><rPr><b/></rPr><t xml:space=\"preserve\">市 </t></r><r><t>财政局</t></r></si>"      \
	"<si><t>  trimmed\n</t></si>"                                                               \
	"<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh><phoneticPr fontId=\"1\"/></si>"  \
	"<si><t>a_x000D_b_x005F_x0041_ _xD83D__xDE00_</t></si><si><t/></si></sst>"
#define STYLES                                                                                     \
	"<styleSheet " NS "><numFmts count=\"1\">"                                                  \
	"<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>" \
	"</numFmts><cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"                 \
	"<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"      \
	"<xf numFmtId=\"4\"/><xf numFmtId=\"165\"/></cellXfs>"                                       \
	"<dxfs><dxf><numFmt numFmtId=\"165\" formatCode=\"yyyy\"/></dxf></dxfs></styleSheet>"
#define OTHER "<worksheet " NS "><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>WRONG</t></is></c></row></sheetData></worksheet>"
#define SHEET(rows) "<worksheet " NS "><dimension ref=\"A1:F10\"/><sheetData>" rows "</sheetData></worksheet>"

static void test_quirks(void **state)
{
	(void)state;
	static const struct part parts[] = {
		{ "_rels/.rels", PKG_RELS },
		{ "xl/book.xml", BOOK("<x:workbookPr date1904=\"false\"/>") },
		{ "xl/_rels/book.xml.rels", BOOK_RELS },
		{ "xl/sharedStrings.xml", SST },
		{ "xl/styles.xml", STYLES },
		{ "xl/worksheets/sheet1.xml", OTHER },
		{ "xl/worksheets/data.xml",
		  SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
			"<c r=\"C1\" t=\"inlineStr\"><is><t>amount</t></is></c><c r=\"D1\" t=\"str\"><v>when</v></c></row>"
			/* numbers as written; a date format turns whole serials into dates */
			"<row r=\"3\"><c r=\"D3\" s=\"1\"><v>46023</v></c><c r=\"A3\" t=\"s\"><v>2</v></c>"
			"<c r=\"C3\"><v>0.30000000000000004</v></c></row>"
			"<row r=\"4\"><c r=\"B4\" t=\"s\"><v>3</v></c><c r=\"D4\" s=\"2\"><v>45658.0</v></c></row>"
			"<row r=\"5\"><c r=\"A5\" t=\"s\"><v>4</v></c><c r=\"B5\"><f>1+1</f><v>2</v></c>"
			"<c r=\"C5\" s=\"3\"><v>12500.5</v></c><c r=\"D5\" s=\"1\"><v>45658.5</v></c></row>"
			/* only empty cells: skipped */
			"<row r=\"6\"><c r=\"A6\" t=\"s\"/><c r=\"B6\" s=\"1\"/><c r=\"C6\" t=\"s\"><v>6</v></c></row>"
			"<row r=\"7\"><c r=\"A7\" t=\"s\"><v>5</v></c><c r=\"B7\" t=\"b\"><v>1</v></c><c t=\"b\"><v>0</v></c>"
			"<c r=\"F7\" t=\"e\"><v>#DIV/0!</v></c></row>"
			"<row><c r=\"B8\" s=\"4\"><v>1E-3</v></c><c r=\"c8\" s=\"1\"><v>60</v></c>"
			"<c r=\"D8\" s=\"1\"><v>1</v></c></row>"
			"<row r=\"10\"><c r=\"A10\" t=\"inlineStr\"><is><r><t xml:space=\"preserve\"> x </t></r>"
			"<r><t>y</t></r><rPh><t>z</t></rPh></is></c></row>") },
		{ NULL, NULL },
	};
	make_zip(tmp("quirks.xlsx"), parts);
	check("xlsx-2.1", tmp("quirks.xlsx"), 0,
	      "1|code|name|amount|when\n"
	      "3|市 财政局||0.3|2026-01-01\n"
	      "4||trimmed||2025-01-01\n"
	      "5|漢字|2|12500.5|45658.5\n"
	      "7|a\rb_x0041_ 😀|TRUE|FALSE|||#DIV/0!\n"
	      "8||0.001|60|1900-01-01\n"
	      "10| x y|||\n",
	      NULL);

	/* numbers as shown (SPEC §4): 15 significant digits, so a stored
	 * double's noise goes (1234.5600000000001 is 1234.56, 0.1+0.2 is 0.3,
	 * 99.999999999999986 is 100); exponents written out; a percent format
	 * gives the shown percent (0.85 → 85%, 0.125 → 12.5%), a quoted "%"
	 * is text, not a percent */
	static const struct part pnum[] = {
		{ "_rels/.rels", PKG_RELS },
		{ "xl/book.xml", BOOK("") },
		{ "xl/_rels/book.xml.rels", BOOK_RELS },
		{ "xl/styles.xml",
		  "<styleSheet " NS "><numFmts count=\"2\"><numFmt numFmtId=\"166\" formatCode=\"0.0%\"/>"
		  "<numFmt numFmtId=\"167\" formatCode=\"0.00&quot;%&quot;\"/></numFmts>"
		  "<cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"9\"/><xf numFmtId=\"10\"/>"
		  "<xf numFmtId=\"166\"/><xf numFmtId=\"4\"/><xf numFmtId=\"167\"/></cellXfs></styleSheet>" },
		{ "xl/worksheets/data.xml",
		  SHEET("<row r=\"1\"><c s=\"4\"><v>1234.5600000000001</v></c><c><v>0.30000000000000004</v></c>"
			"<c><v>99.999999999999986</v></c><c><v>-2.5E+3</v></c><c><v>1.25E-7</v></c></row>"
			"<row r=\"2\"><c s=\"1\"><v>0.85</v></c><c s=\"2\"><v>1</v></c><c s=\"3\"><v>0.125</v></c>"
			"<c s=\"5\"><v>85</v></c><c s=\"1\"><v>0</v></c></row>"
			"<row r=\"3\"><c s=\"4\"><v>1234.5599999999999</v></c><c><v>123456789012345678</v></c>"
			"<c><v>0.1234567890123456789</v></c><c><v>1E+99</v></c><c><v>0</v></c></row>") },
		{ NULL, NULL },
	};
	make_zip(tmp("num.xlsx"), pnum);
	check("xlsx-2.3", tmp("num.xlsx"), 0,
	      "1|1234.56|0.3|100|-2500|0.000000125\n"
	      "2|85%|100%|12.5%|85|0%\n"
	      "3|1234.56|123456789012346000|0.123456789012346|1E+99|0\n",
	      NULL);

	/* the 1904 date system; a stop from the callback ends the read */
	static const struct part p1904[] = {
		{ "_rels/.rels", PKG_RELS },
		{ "xl/book.xml", BOOK("<x:workbookPr date1904=\"1\"/>") },
		{ "xl/_rels/book.xml.rels", BOOK_RELS },
		{ "xl/styles.xml", STYLES },
		{ "xl/worksheets/data.xml",
		  SHEET("<row r=\"1\"><c s=\"1\"><v>0</v></c><c><v>0</v></c></row>"
			"<row r=\"2\"><c s=\"1\"><v>44561</v></c></row><row r=\"3\"><c><v>3</v></c></row>") },
		{ NULL, NULL },
	};
	make_zip(tmp("d1904.xlsx"), p1904);
	check("xlsx-2.2", tmp("d1904.xlsx"), 0, "1|1904-01-01|0\n2|2026-01-01|\n3|3|\n", NULL);
	struct rows r = { BUF_INIT, 2, 7 };
	struct buf err = BUF_INIT;
	assert_int_equal(xlsx_read_file(tmp("d1904.xlsx"), collect, &r, &err), 7);
	assert_string_equal(buf_str(&r.out), "1|1904-01-01|0\n2|2026-01-01|\n");
	assert_int_equal(err.len, 0);
	buf_release(&r.out);
	buf_release(&err);
}

/* ---- files that are refused ---- */

static void write_bytes(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	fclose(f);
}

/* A one-sheet package whose sheet (or shared strings) is xml. */
static void make_sheet(const char *path, const char *sheet_xml, const char *sst_xml)
{
	const struct part parts[] = {
		{ "_rels/.rels", PKG_RELS },
		{ "xl/book.xml", BOOK("") },
		{ "xl/_rels/book.xml.rels", BOOK_RELS },
		{ "xl/worksheets/data.xml", sheet_xml },
		{ sst_xml ? "xl/sharedStrings.xml" : NULL, sst_xml },
		{ NULL, NULL },
	};
	make_zip(path, parts);
}

static void test_refused(void **state)
{
	(void)state;
	char junk[512];
	srand(42);
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)(rand() & 0xff);
	write_bytes(tmp("junk.xlsx"), junk, sizeof junk);
	check("xlsx-3.1", tmp("junk.xlsx"), -1, "", "not a valid XLSX file");
	write_bytes(tmp("old.xlsx"), "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
	check("xlsx-3.2", tmp("old.xlsx"), -1, "", "(.xls) or password-protected");
	check("xlsx-3.3", tmp("absent.xlsx"), -1, "", "cannot open");
	check("xlsx-3.4", tmpdir, -1, "", "not a regular file");

	static const struct part nobook[] = { { "hello.txt", "hello" }, { NULL, NULL } };
	make_zip(tmp("nobook.xlsx"), nobook);
	check("xlsx-3.5", tmp("nobook.xlsx"), -1, "", "xl/workbook.xml is missing");

	static const struct part nosheet[] = {
		{ "xl/workbook.xml", "<workbook " NS "><sheets/></workbook>" },
		{ NULL, NULL },
	};
	make_zip(tmp("nosheet.xlsx"), nosheet);
	check("xlsx-3.6", tmp("nosheet.xlsx"), -1, "", "no sheet");

	static const struct part chart[] = {
		{ "xl/workbook.xml", "<workbook " NS " xmlns:r=\"" RNS "\"><sheets><sheet r:id=\"c\"/></sheets></workbook>" },
		{ "xl/_rels/workbook.xml.rels",
		  "<Relationships><Relationship Id=\"c\" Type=\"" RNS "/chartsheet\" Target=\"chartsheets/sheet1.xml\"/></Relationships>" },
		{ NULL, NULL },
	};
	make_zip(tmp("chart.xlsx"), chart);
	check("xlsx-3.7", tmp("chart.xlsx"), -1, "", "not a worksheet");

	make_sheet(tmp("badxml.xlsx"), SHEET("<row r=\"1\"><c><v>1</v></row>"), NULL);
	check("xlsx-3.8", tmp("badxml.xlsx"), -1, "", "xl/worksheets/data.xml line 1: bad XML");
	make_sheet(tmp("trunc.xlsx"), "<worksheet " NS "><sheetData><row r=\"1\"><c><v>1</v></c></row>", NULL);
	check("xlsx-3.9", tmp("trunc.xlsx"), -1, "1|1\n", "bad XML");
	make_sheet(tmp("laughs.xlsx"),
		   "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>"
		   "<worksheet " NS "><sheetData><row><c t=\"inlineStr\"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>",
		   NULL);
	check("xlsx-3.10", tmp("laughs.xlsx"), -1, "", "DOCTYPE");
	make_sheet(tmp("sst.xlsx"), SHEET("<row r=\"1\"><c><v>1</v></c><c t=\"s\"><v>1</v></c></row>"),
		   "<sst " NS "><si><t>only</t></si></sst>");
	check("xlsx-3.11", tmp("sst.xlsx"), -1, "", ":1: B1: bad shared string index \"1\"");
	make_sheet(tmp("ref.xlsx"), SHEET("<row r=\"2\"><c r=\"XFE2\"><v>1</v></c></row>"), NULL);
	check("xlsx-3.12", tmp("ref.xlsx"), -1, "", ":2: bad cell reference \"XFE2\"");
	make_sheet(tmp("row.xlsx"), SHEET("<row r=\"1048577\"><c><v>1</v></c></row>"), NULL);
	check("xlsx-3.13", tmp("row.xlsx"), -1, "", "bad row number");

	/* a field over CSV_MAX_FIELD, inline and shared */
	struct buf big = BUF_INIT, xml = BUF_INIT;
	for (size_t i = 0; i <= CSV_MAX_FIELD; i++)
		buf_addc(&big, 'x');
	buf_printf(&xml, SHEET("<row r=\"3\"><c r=\"C3\" t=\"inlineStr\"><is><t>%s</t></is></c></row>"), big.s);
	make_sheet(tmp("long.xlsx"), xml.s, NULL);
	check("xlsx-3.14", tmp("long.xlsx"), -1, "", ":3: C3: a field is longer than 65536 bytes");
	buf_reset(&xml);
	buf_printf(&xml, "<sst " NS "><si><t>%s</t></si><si><t>ok</t></si></sst>", big.s);
	make_sheet(tmp("longsst.xlsx"), SHEET("<row r=\"1\"><c t=\"s\"><v>1</v></c></row><row r=\"2\"><c t=\"s\"><v>0</v></c></row>"),
		   xml.s);
	check("xlsx-3.15", tmp("longsst.xlsx"), -1, "1|ok\n", ":2: A2: a field is longer");
	buf_release(&big);
	buf_release(&xml);

	/* Chinese first by default */
	zb_lang = LANG_ZH;
	check("xlsx-3.16", tmp("junk.xlsx"), -1, "", "不是有效的 XLSX 文件");
	zb_lang = LANG_EN;
}

/* A sheet that inflates past XLSX_MAX_PART: refused, never held. */
struct bomb {
	zip_uint64_t done, size;
};

static zip_int64_t bomb_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct bomb *b = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		b->done = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		static const char head[] = "<worksheet><sheetData>";
		zip_uint64_t n = len < b->size - b->done ? len : b->size - b->done;
		memset(data, ' ', n);
		if (b->done == 0 && n >= sizeof head)
			memcpy(data, head, sizeof head - 1);
		b->done += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_STAT:
		zip_stat_init(data);
		return sizeof(zip_stat_t);
	case ZIP_SOURCE_ERROR:
		return 2 * sizeof(int);
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
						      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		return -1;
	}
}

static void test_bomb(void **state)
{
	(void)state;
	struct bomb b = { 0, (zip_uint64_t)XLSX_MAX_PART + 1 };
	int e;
	make_sheet(tmp("bomb.xlsx"), SHEET(""), NULL);
	zip_t *z = zip_open(tmp("bomb.xlsx"), 0, &e);
	assert_non_null(z);
	zip_source_t *s = zip_source_function(z, bomb_source, &b);
	assert_non_null(s);
	assert_true(zip_file_add(z, "xl/worksheets/data.xml", s, ZIP_FL_OVERWRITE) >= 0);
	zip_set_file_compression(z, (zip_uint64_t)zip_name_locate(z, "xl/worksheets/data.xml", 0), ZIP_CM_DEFLATE, 1);
	assert_int_equal(zip_close(z), 0);
	check("xlsx-4.1", tmp("bomb.xlsx"), -1, "", "xl/worksheets/data.xml is over 512 MiB uncompressed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsxwriter_shared),
		cmocka_unit_test(test_xlsxwriter_inline),
		cmocka_unit_test(test_quirks),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_bomb),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
