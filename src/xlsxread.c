/*
 * xlsxread.c - the XLSX reader behind imports (see xlsxread.h).
 *
 * An XLSX workbook is a ZIP of XML parts tied together by relationship
 * parts.  The reader follows them: _rels/.rels names the workbook, the
 * workbook names its sheets in tab order, the workbook's .rels maps the
 * first sheet, the shared strings and the styles to parts.  Each part is
 * decompressed by libzip in chunks and fed to expat as it comes, with a cap
 * on the decompressed size.  Memory holds the shared strings, the styles'
 * date flags and one row.
 *
 * It does not evaluate formulas, convert numbers, read .xls or encrypted
 * workbooks, or look at any sheet but the first.
 */
#include "xlsxread.h"

#include <time.h>
#include <ctype.h>
#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#define SMALL_PART (16u << 20) /* cap for rels, workbook and styles */
#define CHUNK (64u << 10)
#define MAX_STYLES 65536u      /* cellXfs entries kept (Excel allows 64000) */
#define TOO_LONG SIZE_MAX      /* length of a shared string over CSV_MAX_FIELD */

struct rel {
	char *id, *type, *target; /* target resolved to a part name */
};

struct numfmt {
	long id;
	int is_date, is_pct;
};

enum { XF_DATE = 1, XF_PCT = 2 };

struct slot {
	size_t off, len; /* in row.text; len 0 is an empty cell */
};

enum cell_type { CT_NUM, CT_SST, CT_INLINE, CT_STR, CT_BOOL, CT_OTHER };

struct xr {
	const char *path;
	const void *mem; /* the workbook's bytes when read from memory (else NULL) */
	size_t mem_len;
	struct buf *err;
	zip_t *za;
	XML_Parser p;
	const char *part; /* the part being parsed, for messages */
	int failed;       /* err holds the reason */
	int stop;         /* the row callback's non-zero value */

	/* relationships of the part read last */
	const char *rels_base; /* folder its targets are relative to */
	struct rel *rels;
	size_t n_rels, cap_rels;

	/* workbook */
	int in_sheets, date1904;
	char *sheet_rid;

	/* shared strings */
	struct buf sst_text;
	struct slot *sst;
	size_t n_sst, cap_sst;
	int in_si, in_rph, in_t, t_preserve, too_long;
	size_t t_start;   /* where the current <t>'s text starts in cell */
	struct buf cell;  /* text of the current <si> or cell */

	/* styles */
	int in_numfmts, in_cellxfs;
	struct numfmt *fmts;
	size_t n_fmts, cap_fmts;
	long *xf_fmt; /* cellXfs index → numFmtId */
	size_t n_xf, cap_xf;
	unsigned char *xf_date; /* cellXfs index → XF_DATE, XF_PCT */

	/* sheet */
	csv_row_fn fn;
	void *ctx;
	int in_row, in_c, in_v, in_is;
	long line;               /* current row number */
	long col;                /* current cell's column, 0-based */
	enum cell_type type;
	long style;
	struct buf text;         /* the row's cell texts */
	struct slot *slots;      /* by column */
	size_t cap_slots, n_touched, n_used;
	size_t n_header;         /* 0 until the header row is seen */
	struct csv_field *fields;
	size_t cap_fields;
	struct buf scratch;
	/* the budget of the whole file (XLSX_MAX_TEXT, XLSX_MAX_SECONDS) */
	size_t n_text;           /* bytes of cell text handed out so far */
	unsigned n_cells;        /* cells since the clock was last read */
	struct timespec t0;
};

static void xr_fail(struct xr *x, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Record the first error and stop the parser; later errors are dropped. */
static void xr_fail(struct xr *x, long line, const char *fmt, ...)
{
	if (x->p)
		XML_StopParser(x->p, XML_FALSE);
	if (x->failed)
		return;
	x->failed = 1;
	if (line > 0)
		buf_printf(x->err, "%s:%ld: ", x->path, line);
	else
		buf_printf(x->err, "%s: ", x->path);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(x->err, fmt, ap);
	va_end(ap);
}

static int halted(const struct xr *x)
{
	return x->failed || x->stop;
}

/* Names come as "namespace|local" (transitional and strict OOXML alike). */
static const char *local(const char *name)
{
	const char *bar = strrchr(name, '|');
	return bar ? bar + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (!strcmp(local(atts[i]), name))
			return atts[i + 1];
	return NULL;
}

static int is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Parse a non-negative decimal of at most 9 digits; -1 if s is not one. */
static long parse_index(const char *s, size_t n)
{
	long v = 0;
	if (n == 0 || n > 9)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static const char *col_name(long col, char out[4])
{
	char tmp[4];
	int n = 0;
	for (long c = col + 1; c > 0 && n < 3; c = (c - 1) / 26)
		tmp[n++] = (char)('A' + (c - 1) % 26);
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = 0;
	return out;
}

/* ---- parts ---- */

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
		       int has_internal)
{
	struct xr *x = ud;
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	xr_fail(x, 0, L("%s 含有 DOCTYPE 声明，拒绝读取", "%s has a DOCTYPE declaration; refused"), x->part);
}

/* Stream part through expat with the given handlers.  Returns 0, 1 when the
 * part is absent and !required, or -1 (x->failed or x->stop set). */
static int parse_part(struct xr *x, const char *part, zip_uint64_t cap, int required,
		      XML_StartElementHandler start, XML_EndElementHandler end, XML_CharacterDataHandler text)
{
	int rc = -1;
	zip_file_t *zf = NULL;
	char *chunk = NULL;
	zip_stat_t st;
	zip_uint64_t total = 0;
	zip_int64_t idx = zip_name_locate(x->za, part, ZIP_FL_NOCASE);
	x->part = part;
	if (idx < 0) {
		if (!required) {
			rc = 1;
			goto out;
		}
		xr_fail(x, 0, L("不是有效的 XLSX 工作簿：缺少 %s", "not a valid XLSX workbook: %s is missing"), part);
		goto out;
	}
	if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && st.size > cap) {
		xr_fail(x, 0, L("%s 解压后超过 %u MiB，拒绝读取", "%s is over %u MiB uncompressed; refused"), part,
			(unsigned)(cap >> 20));
		goto out;
	}
	zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0);
	if (!zf) {
		xr_fail(x, 0, L("无法读取 %s：%s", "cannot read %s: %s"), part, zip_strerror(x->za));
		goto out;
	}
	x->p = XML_ParserCreateNS(NULL, '|');
	if (!x->p)
		abort();
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, start, end);
	XML_SetCharacterDataHandler(x->p, text);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	chunk = xmalloc(CHUNK);
	for (;;) {
		zip_int64_t k = zip_fread(zf, chunk, CHUNK);
		if (k < 0) {
			xr_fail(x, 0, L("无法解压 %s：%s", "cannot decompress %s: %s"), part, zip_file_strerror(zf));
			goto out;
		}
		total += (zip_uint64_t)k;
		if (total > cap) {
			xr_fail(x, 0, L("%s 解压后超过 %u MiB，拒绝读取", "%s is over %u MiB uncompressed; refused"),
				part, (unsigned)(cap >> 20));
			goto out;
		}
		if (XML_Parse(x->p, chunk, (int)k, k == 0) == XML_STATUS_ERROR) {
			if (!halted(x))
				xr_fail(x, 0, L("%s 第 %lu 行 XML 格式错误：%s", "%s line %lu: bad XML: %s"), part,
					(unsigned long)XML_GetCurrentLineNumber(x->p),
					XML_ErrorString(XML_GetErrorCode(x->p)));
			goto out;
		}
		if (halted(x))
			goto out;
		if (k == 0)
			break;
	}
	rc = 0;
out:
	if (x->p)
		XML_ParserFree(x->p);
	x->p = NULL;
	if (zf)
		zip_fclose(zf);
	free(chunk);
	return rc;
}

/* ---- relationships ---- */

/* The part name a relationship target points to, from the folder base
 * ("xl/" or ""): "worksheets/s.xml" → "xl/worksheets/s.xml", "/xl/a.xml"
 * → "xl/a.xml", with "." and ".." segments folded. */
static char *part_resolve(const char *base, const char *target)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	if (target[0] != '/')
		buf_adds(&in, base);
	buf_adds(&in, target);
	const char *s = buf_str(&in);
	while (*s) {
		const char *slash = strchr(s, '/');
		size_t n = slash ? (size_t)(slash - s) : strlen(s);
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			char *up = out.len ? memrchr(out.s, '/', out.len) : NULL;
			out.len = up ? (size_t)(up - out.s) : 0;
			if (out.s)
				out.s[out.len] = 0;
		} else if (n && !(n == 1 && s[0] == '.')) {
			if (out.len)
				buf_addc(&out, '/');
			buf_add(&out, s, n);
		}
		s += n + (slash != NULL);
	}
	buf_release(&in);
	return buf_detach(&out);
}

static void rels_clear(struct xr *x)
{
	for (size_t i = 0; i < x->n_rels; i++) {
		free(x->rels[i].id);
		free(x->rels[i].type);
		free(x->rels[i].target);
	}
	x->n_rels = 0;
}

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = ud;
	if (halted(x) || strcmp(local(name), "Relationship"))
		return;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
	const char *mode = attr(atts, "TargetMode");
	if (!id || !type || !target || (mode && !strcmp(mode, "External")))
		return;
	XGROW(x->rels, x->cap_rels, x->n_rels + 1);
	struct rel *r = &x->rels[x->n_rels++];
	r->id = xstrdup(id);
	r->type = xstrdup(type);
	r->target = part_resolve(x->rels_base, target);
}

static void ignore_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

/* Read the relationships of part into x->rels.  Returns parse_part's value. */
static int rels_read(struct xr *x, const char *part, int required)
{
	struct buf path = BUF_INIT, base = BUF_INIT;
	const char *slash = strrchr(part, '/');
	size_t dir = slash ? (size_t)(slash - part) + 1 : 0;
	buf_add(&base, part, dir);
	buf_printf(&path, "%.*s_rels/%s.rels", (int)dir, part, part + dir);
	rels_clear(x);
	x->rels_base = buf_str(&base);
	int rc = parse_part(x, buf_str(&path), SMALL_PART, required, rels_start, ignore_end, NULL);
	x->rels_base = NULL;
	buf_release(&path);
	buf_release(&base);
	return rc;
}

/* The relationship with the given id, or the first whose type URI ends in
 * "/kind" (transitional and strict URIs differ only before it). */
static const struct rel *rel_find(const struct xr *x, const char *id, const char *kind)
{
	for (size_t i = 0; i < x->n_rels; i++) {
		const struct rel *r = &x->rels[i];
		const char *slash = strrchr(r->type, '/');
		const char *rk = slash ? slash + 1 : r->type;
		if (id ? !strcmp(r->id, id) : !strcmp(rk, kind))
			return r;
	}
	return NULL;
}

static int rel_is(const struct rel *r, const char *kind)
{
	const char *slash = strrchr(r->type, '/');
	return !strcmp(slash ? slash + 1 : r->type, kind);
}

/* ---- workbook ---- */

static void wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = ud;
	const char *n = local(name);
	if (halted(x))
		return;
	if (!strcmp(n, "workbookPr")) {
		const char *d = attr(atts, "date1904");
		x->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
	} else if (!strcmp(n, "sheets")) {
		x->in_sheets = 1;
	} else if (!strcmp(n, "sheet") && x->in_sheets && !x->sheet_rid) {
		const char *id = attr(atts, "id"); /* r:id */
		if (id)
			x->sheet_rid = xstrdup(id);
	}
}

static void wb_end(void *ud, const XML_Char *name)
{
	struct xr *x = ud;
	if (!strcmp(local(name), "sheets"))
		x->in_sheets = 0;
}

/* ---- strings ---- */

static int hex4(const char *s, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		int c = (unsigned char)s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return 0;
		*v = *v << 4 | (unsigned)d;
	}
	return 1;
}

static void add_utf8(struct buf *b, unsigned cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_add(b, u, n);
}

/* Append s[0..n) to out with Excel's _xHHHH_ escapes (ST_Xstring: control
 * characters, and "_x" itself as _x005F_) decoded.  NUL and unpaired
 * surrogates are kept as written. */
static void xstring_decode(const char *s, size_t n, struct buf *out)
{
	size_t i = 0;
	while (i < n) {
		unsigned v, lo;
		if (i + 7 <= n && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_' && hex4(s + i + 2, &v) && v) {
			if (v < 0xd800 || v > 0xdfff) {
				add_utf8(out, v);
				i += 7;
				continue;
			}
			if (v < 0xdc00 && i + 14 <= n && s[i + 7] == '_' && s[i + 8] == 'x' && s[i + 13] == '_' &&
			    hex4(s + i + 9, &lo) && lo >= 0xdc00 && lo <= 0xdfff) {
				add_utf8(out, 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00));
				i += 14;
				continue;
			}
		}
		buf_addc(out, s[i++]);
	}
}

/* Start of a <t>: remember where its text begins and whether its blanks
 * count (xml:space="preserve"). */
static void t_open(struct xr *x, const char **atts)
{
	const char *sp = attr(atts, "space");
	x->in_t = 1;
	x->t_preserve = sp && !strcmp(sp, "preserve");
	x->t_start = x->cell.len;
}

/* End of a <t>: without xml:space="preserve" its outer blanks are layout. */
static void t_close(struct xr *x)
{
	x->in_t = 0;
	if (x->t_preserve || x->too_long || !x->cell.s)
		return;
	size_t a = x->t_start, b = x->cell.len;
	while (a < b && is_xml_space(x->cell.s[a]))
		a++;
	while (b > a && is_xml_space(x->cell.s[b - 1]))
		b--;
	memmove(x->cell.s + x->t_start, x->cell.s + a, b - a);
	x->cell.len = x->t_start + (b - a);
	x->cell.s[x->cell.len] = 0;
}

static void cell_text(void *ud, const XML_Char *s, int len)
{
	struct xr *x = ud;
	if (halted(x) || !(x->in_t || x->in_v) || x->too_long)
		return;
	if (x->cell.len + (size_t)len > CSV_MAX_FIELD) {
		x->too_long = 1;
		return;
	}
	buf_add(&x->cell, s, (size_t)len);
}

static void sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = ud;
	const char *n = local(name);
	if (halted(x))
		return;
	if (!strcmp(n, "si")) {
		x->in_si = 1;
		x->too_long = 0;
		buf_reset(&x->cell);
	} else if (!strcmp(n, "rPh")) {
		x->in_rph++;
	} else if (!strcmp(n, "t") && x->in_si && !x->in_rph) {
		t_open(x, atts);
	}
}

static void sst_end(void *ud, const XML_Char *name)
{
	struct xr *x = ud;
	const char *n = local(name);
	if (halted(x))
		return;
	if (!strcmp(n, "t") && x->in_t) {
		t_close(x);
	} else if (!strcmp(n, "rPh") && x->in_rph) {
		x->in_rph--;
	} else if (!strcmp(n, "si") && x->in_si) {
		x->in_si = 0;
		XGROW(x->sst, x->cap_sst, x->n_sst + 1);
		struct slot *s = &x->sst[x->n_sst++];
		s->off = x->sst_text.len;
		if (!x->too_long)
			xstring_decode(x->cell.s ? x->cell.s : "", x->cell.len, &x->sst_text);
		s->len = x->too_long ? TOO_LONG : x->sst_text.len - s->off;
	}
}

/* ---- styles: which cell formats are dates ---- */

/* True when an Excel number format shows a date: it has y or d, or m
 * without h or s (then m is months, not minutes), outside quotes, escapes
 * and [brackets]. */
static int format_is_date(const char *f)
{
	int has_ymd = 0, has_m = 0, has_hs = 0;
	for (; *f; f++) {
		switch (*f) {
		case '"':
			while (f[1] && f[1] != '"')
				f++;
			if (f[1])
				f++;
			break;
		case '\\':
		case '_':
		case '*':
			if (f[1])
				f++;
			break;
		case '[':
			while (f[1] && f[1] != ']')
				f++;
			if (f[1])
				f++;
			break;
		default:
			switch (tolower((unsigned char)*f)) {
			case 'y':
			case 'd':
				has_ymd = 1;
				break;
			case 'm':
				has_m = 1;
				break;
			case 'h':
			case 's':
				has_hs = 1;
				break;
			}
		}
	}
	return has_ymd || (has_m && !has_hs);
}

/* True when a number format shows a percent: a '%' outside quotes and
 * escapes. */
static int format_is_pct(const char *f)
{
	for (; *f; f++) {
		if (*f == '"') {
			while (f[1] && f[1] != '"')
				f++;
			if (f[1])
				f++;
		} else if ((*f == '\\' || *f == '_' || *f == '*') && f[1]) {
			f++;
		} else if (*f == '%') {
			return 1;
		}
	}
	return 0;
}

/* The built-in date formats, including the zh-CN ones (27-31, 36, 50-58). */
static int builtin_is_date(long id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || id == 36 ||
	       (id >= 50 && id <= 54) || id == 57 || id == 58;
}

static int numfmt_cmp(const void *a, const void *b)
{
	long x = ((const struct numfmt *)a)->id, y = ((const struct numfmt *)b)->id;
	return (x > y) - (x < y);
}

/* After the styles part: a date flag per cell format, so that cells cost a
 * lookup, not a search. */
static void styles_resolve(struct xr *x)
{
	if (!x->n_xf)
		return;
	if (x->n_fmts)
		qsort(x->fmts, x->n_fmts, sizeof(*x->fmts), numfmt_cmp);
	x->xf_date = xmalloc(x->n_xf);
	for (size_t i = 0; i < x->n_xf; i++) {
		struct numfmt key = { x->xf_fmt[i], 0, 0 };
		const struct numfmt *f = x->n_fmts ? bsearch(&key, x->fmts, x->n_fmts, sizeof(*x->fmts), numfmt_cmp)
						   : NULL;
		int is_date = f ? f->is_date : builtin_is_date(key.id);
		int is_pct = f ? f->is_pct : key.id == 9 || key.id == 10; /* 0% 0.00% */
		x->xf_date[i] = (unsigned char)((is_date ? XF_DATE : 0) | (is_pct ? XF_PCT : 0));
	}
}

static int style_is_date(const struct xr *x, long style)
{
	return style >= 0 && (size_t)style < x->n_xf && (x->xf_date[style] & XF_DATE);
}

static int style_is_pct(const struct xr *x, long style)
{
	return style >= 0 && (size_t)style < x->n_xf && (x->xf_date[style] & XF_PCT);
}

static void styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = ud;
	const char *n = local(name);
	if (halted(x))
		return;
	if (!strcmp(n, "numFmts")) {
		x->in_numfmts = 1;
	} else if (!strcmp(n, "cellXfs")) {
		x->in_cellxfs = 1;
	} else if (!strcmp(n, "numFmt") && x->in_numfmts && x->n_fmts < MAX_STYLES) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		if (!id || !code)
			return;
		XGROW(x->fmts, x->cap_fmts, x->n_fmts + 1);
		x->fmts[x->n_fmts].id = parse_index(id, strlen(id));
		x->fmts[x->n_fmts].is_date = format_is_date(code);
		x->fmts[x->n_fmts++].is_pct = format_is_pct(code);
	} else if (!strcmp(n, "xf") && x->in_cellxfs && x->n_xf < MAX_STYLES) {
		const char *id = attr(atts, "numFmtId");
		XGROW(x->xf_fmt, x->cap_xf, x->n_xf + 1);
		x->xf_fmt[x->n_xf++] = id ? parse_index(id, strlen(id)) : 0;
	}
}

static void styles_end(void *ud, const XML_Char *name)
{
	struct xr *x = ud;
	const char *n = local(name);
	if (!strcmp(n, "numFmts"))
		x->in_numfmts = 0;
	else if (!strcmp(n, "cellXfs"))
		x->in_cellxfs = 0;
}

/* A whole serial day number ("46023", "46023.0") as YYYY-MM-DD in out;
 * 0 when v is not one (a fraction, an exponent, out of range, or the
 * 1900 system's phantom 29 February). */
static int serial_to_date(const char *v, size_t n, int date1904, char out[11])
{
	size_t i = 0;
	long s = 0;
	while (i < n && v[i] >= '0' && v[i] <= '9' && i < 8)
		s = s * 10 + (v[i++] - '0');
	if (i == 0)
		return 0;
	if (i < n && v[i] == '.')
		for (i++; i < n && v[i] == '0'; i++)
			;
	if (i != n)
		return 0;
	long days; /* since 1970-01-01 */
	if (date1904)
		days = s - 24107;
	else if (s >= 1 && s < 60)
		days = s - 25568;
	else if (s > 60)
		days = s - 25569;
	else
		return 0;
	if (days > 2932896) /* 9999-12-31 */
		return 0;
	/* civil_from_days, H. Hinnant */
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	long y = yoe + era * 400 + (m <= 2);
	/* y is 1900..9999 here: no snprintf width guessing */
	const long parts[3] = { y, m, d };
	const int width[3] = { 4, 2, 2 };
	char *o = out;
	for (int i = 0; i < 3; i++) {
		for (int k = width[i] - 1; k >= 0; k--) {
			long p = parts[i];
			for (int j = 0; j < k; j++)
				p /= 10;
			*o++ = (char)('0' + p % 10);
		}
		*o++ = i < 2 ? '-' : 0;
	}
	return 1;
}

/* ---- numbers as a spreadsheet shows them ---- */

#define XLSX_DIGITS 15 /* significant digits a spreadsheet keeps and shows */

/*
 * A number cell's value ("1234.5600000000001", "1E-3", "0.85") as the
 * decimal a person sees, into out, by decimal digits (never a double):
 * rounded half up to 15 significant digits (a double's written form may
 * carry 17, the last two being binary noise: 1234.5600000000001 is
 * 1234.56), an exponent written out, trailing zeros dropped; with pct the
 * value ×100 and a '%' after it (a cell formatted 0% holding 0.85 shows
 * 85%, and the importer accepts a percent only where a ratio is asked).
 * Returns -1, writing nothing, when v is not a plain number.
 */
static int num_shown(const char *v, size_t n, int pct, struct buf *out)
{
	char d[64];
	size_t nd = 0, i = 0;
	long point = 0; /* digits before the decimal point, of d */
	int neg = 0, seen_point = 0, any = 0;
	if (i < n && (v[i] == '-' || v[i] == '+'))
		neg = v[i++] == '-';
	for (; i < n; i++) {
		char ch = v[i];
		if (ch >= '0' && ch <= '9') {
			any = 1;
			if (!nd && ch == '0') { /* a leading zero */
				if (seen_point)
					point--;
				continue;
			}
			if (nd == sizeof d)
				return -1;
			d[nd++] = ch;
			if (!seen_point)
				point++;
		} else if (ch == '.' && !seen_point) {
			seen_point = 1;
		} else {
			break;
		}
	}
	if (!any)
		return -1;
	if (i < n) {
		if (v[i] != 'e' && v[i] != 'E')
			return -1;
		i++;
		int eneg = 0;
		long e = 0;
		if (i < n && (v[i] == '-' || v[i] == '+'))
			eneg = v[i++] == '-';
		if (i == n)
			return -1;
		for (; i < n; i++) {
			if (v[i] < '0' || v[i] > '9' || e > 1000)
				return -1;
			e = e * 10 + (v[i] - '0');
		}
		if (e > 40)
			return -1; /* not a budget figure: left as written */
		point += eneg ? -e : e;
	}
	if (pct)
		point += 2;
	if (nd > XLSX_DIGITS) {
		int up = d[XLSX_DIGITS] >= '5';
		nd = XLSX_DIGITS;
		for (size_t k = nd; up && k-- > 0;) {
			if (d[k] == '9') {
				d[k] = '0';
			} else {
				d[k]++;
				up = 0;
			}
		}
		if (up) { /* 999… rounded up to 1000… */
			memmove(d + 1, d, nd - 1);
			d[0] = '1';
			point++;
		}
	}
	while (nd && d[nd - 1] == '0')
		nd--;
	if (!nd) {
		buf_adds(out, pct ? "0%" : "0");
		return 0;
	}
	if (neg)
		buf_addc(out, '-');
	if (point <= 0) {
		buf_adds(out, "0.");
		for (long k = point; k < 0; k++)
			buf_addc(out, '0');
		buf_add(out, d, nd);
	} else if ((size_t)point >= nd) {
		buf_add(out, d, nd);
		for (long k = (long)nd; k < point; k++)
			buf_addc(out, '0');
	} else {
		buf_add(out, d, (size_t)point);
		buf_addc(out, '.');
		buf_add(out, d + point, nd - (size_t)point);
	}
	if (pct)
		buf_addc(out, '%');
	return 0;
}

/* ---- the sheet ---- */

/* Column (0-based) of a reference like "B7"; -1 if malformed or beyond XFD. */
static long ref_col(const char *r)
{
	long c = 0;
	size_t i = 0;
	for (; isalpha((unsigned char)r[i]); i++) {
		if (i == 3)
			return -1;
		c = c * 26 + (toupper((unsigned char)r[i]) - 'A' + 1);
	}
	if (i == 0 || c > (long)XLSX_MAX_COLS)
		return -1;
	return c - 1;
}

static void row_start(struct xr *x, const char **atts)
{
	const char *r = attr(atts, "r");
	long line = r ? parse_index(r, strlen(r)) : x->line + 1;
	if (line < 1 || line > XLSX_MAX_ROWS) {
		xr_fail(x, x->line + 1, L("行号“%s”无效", "bad row number \"%s\""), r ? r : "");
		return;
	}
	x->line = line;
	x->in_row = 1;
	x->col = -1;
	if (x->n_touched)
		memset(x->slots, 0, x->n_touched * sizeof(*x->slots));
	x->n_touched = x->n_used = 0;
	buf_reset(&x->text);
}

static void cell_start(struct xr *x, const char **atts)
{
	const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
	long col = r ? ref_col(r) : x->col + 1;
	if (col < 0 || col >= (long)XLSX_MAX_COLS) {
		xr_fail(x, x->line, L("单元格引用“%s”无效", "bad cell reference \"%s\""), r ? r : "");
		return;
	}
	x->col = col;
	x->in_c = 1;
	x->type = !t || !strcmp(t, "n") ? CT_NUM
		: !strcmp(t, "s") ? CT_SST
		: !strcmp(t, "inlineStr") ? CT_INLINE
		: !strcmp(t, "str") ? CT_STR
		: !strcmp(t, "b") ? CT_BOOL : CT_OTHER;
	x->style = s ? parse_index(s, strlen(s)) : 0;
	x->too_long = 0;
	buf_reset(&x->cell);
}

/* The current cell's reference ("B7"), for messages. */
static const char *cell_ref(const struct xr *x, char out[24])
{
	char cn[4];
	snprintf(out, 24, "%s%ld", col_name(x->col, cn), x->line);
	return out;
}

/* The cell's text as it goes into the row; NULL after an error. */
static const char *cell_value(struct xr *x, size_t *n)
{
	char ref[24];
	const char *v = buf_str(&x->cell);
	size_t len = x->cell.len;
	if (x->too_long) {
		xr_fail(x, x->line, L("%s: 字段长度超过 %u 字节", "%s: a field is longer than %u bytes"), cell_ref(x, ref),
			CSV_MAX_FIELD);
		return NULL;
	}
	buf_reset(&x->scratch);
	switch (x->type) {
	case CT_SST: {
		long i = parse_index(v, len);
		if (i < 0 || (size_t)i >= x->n_sst) {
			xr_fail(x, x->line, L("%s: 共享字符串编号“%s”无效", "%s: bad shared string index \"%s\""), cell_ref(x, ref),
				v);
			return NULL;
		}
		if (x->sst[i].len == TOO_LONG) {
			xr_fail(x, x->line, L("%s: 字段长度超过 %u 字节", "%s: a field is longer than %u bytes"), cell_ref(x, ref),
				CSV_MAX_FIELD);
			return NULL;
		}
		*n = x->sst[i].len;
		return *n ? x->sst_text.s + x->sst[i].off : "";
	}
	case CT_INLINE:
	case CT_STR:
		xstring_decode(v, len, &x->scratch);
		break;
	case CT_BOOL:
		buf_adds(&x->scratch, len == 1 && v[0] == '1' ? "TRUE" : len == 1 && v[0] == '0' ? "FALSE" : v);
		break;
	case CT_NUM: {
		char date[11];
		if (style_is_date(x, x->style) && serial_to_date(v, len, x->date1904, date))
			buf_adds(&x->scratch, date);
		else if (num_shown(v, len, style_is_pct(x, x->style), &x->scratch))
			buf_add(&x->scratch, v, len);
		break;
	}
	case CT_OTHER: /* errors (#DIV/0!) and ISO dates: as written */
		buf_add(&x->scratch, v, len);
		break;
	}
	*n = x->scratch.len;
	return buf_str(&x->scratch);
}

static void cell_end(struct xr *x)
{
	size_t n = 0;
	x->in_c = x->in_v = x->in_is = x->in_t = x->in_rph = 0;
	if (x->cell.len == 0 && !x->too_long)
		return; /* <c r="B2" s="1"/>: formatted but empty */
	const char *v = cell_value(x, &n);
	if (!v || n == 0)
		return;
	if (x->text.len + n > CSV_MAX_LINE) {
		xr_fail(x, x->line, L("行长度超过 %u 字节", "row longer than %u bytes"), CSV_MAX_LINE);
		return;
	}
	/* shared strings cost what they expand to, each time they are used */
	x->n_text += n;
	if (x->n_text > XLSX_MAX_TEXT) {
		xr_fail(x, x->line,
			L("单元格文本合计超过 %u MiB（共享字符串被反复引用时按展开后的大小计），文件过大，拒绝读取",
			  "the cells' text exceeds %u MiB in all (shared strings counted each time they are used): refused"),
			XLSX_MAX_TEXT >> 20);
		return;
	}
	if (++x->n_cells >= 4096) {
		struct timespec now;
		x->n_cells = 0;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - x->t0.tv_sec > XLSX_MAX_SECONDS) {
			xr_fail(x, x->line, L("读取超过 %d 秒，文件过大或过于复杂，拒绝读取",
					      "reading took over %d seconds: the file is too large or too complex"),
				XLSX_MAX_SECONDS);
			return;
		}
	}
	size_t col = (size_t)x->col;
	XGROW(x->slots, x->cap_slots, col + 1);
	if (col >= x->n_touched) {
		memset(x->slots + x->n_touched, 0, (col + 1 - x->n_touched) * sizeof(*x->slots));
		x->n_touched = col + 1;
	}
	x->slots[col].off = x->text.len;
	x->slots[col].len = n;
	buf_add(&x->text, v, n);
	if (col + 1 > x->n_used)
		x->n_used = col + 1;
}

static void row_end(struct xr *x)
{
	x->in_row = 0;
	if (x->n_used == 0)
		return; /* nothing in it */
	if (!x->n_header)
		x->n_header = x->n_used;
	size_t n = x->n_used > x->n_header ? x->n_used : x->n_header;
	XGROW(x->fields, x->cap_fields, n);
	for (size_t i = 0; i < n; i++) {
		int set = i < x->n_touched && x->slots[i].len;
		x->fields[i].s = set ? x->text.s + x->slots[i].off : "";
		x->fields[i].n = set ? x->slots[i].len : 0;
	}
	int rc = x->fn(x->ctx, x->line, x->fields, n);
	if (rc) {
		x->stop = rc;
		XML_StopParser(x->p, XML_FALSE);
	}
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = ud;
	const char *n = local(name);
	if (halted(x))
		return;
	if (!strcmp(n, "row"))
		row_start(x, atts);
	else if (!strcmp(n, "c") && x->in_row)
		cell_start(x, atts);
	else if (!strcmp(n, "v") && x->in_c && !x->in_is)
		x->in_v = 1;
	else if (!strcmp(n, "is") && x->in_c)
		x->in_is = 1;
	else if (!strcmp(n, "rPh"))
		x->in_rph++;
	else if (!strcmp(n, "t") && x->in_is && !x->in_rph)
		t_open(x, atts);
}

static void sheet_end(void *ud, const XML_Char *name)
{
	struct xr *x = ud;
	const char *n = local(name);
	if (halted(x))
		return;
	if (!strcmp(n, "row") && x->in_row)
		row_end(x);
	else if (!strcmp(n, "c") && x->in_c)
		cell_end(x);
	else if (!strcmp(n, "v"))
		x->in_v = 0;
	else if (!strcmp(n, "is"))
		x->in_is = 0;
	else if (!strcmp(n, "rPh") && x->in_rph)
		x->in_rph--;
	else if (!strcmp(n, "t") && x->in_t)
		t_close(x);
}

/* ---- the file ---- */

/* Open path as a ZIP, telling apart the usual wrong files. */
static int is_ole(const unsigned char *magic)
{
	return !memcmp(magic, "\xd0\xcf\x11\xe0", 4);
}

static void zip_fail(struct xr *x, zip_error_t *ze)
{
	if (zip_error_code_zip(ze) == ZIP_ER_NOZIP)
		xr_fail(x, 0, "%s", L("不是有效的 XLSX 文件（不是 ZIP 压缩包）", "not a valid XLSX file (not a ZIP archive)"));
	else
		xr_fail(x, 0, L("不是有效的 XLSX 文件：%s", "not a valid XLSX file: %s"), zip_error_strerror(ze));
}

static void say_ole(struct xr *x)
{
	xr_fail(x, 0, "%s", L("是旧版 Excel（.xls）或设有密码的工作簿，请另存为不加密的 .xlsx 或 CSV",
			      "an old Excel (.xls) or password-protected workbook; save it as an unprotected .xlsx or CSV"));
}

/* The package from bytes in memory (x->mem), read in place. */
static int open_zip_mem(struct xr *x)
{
	zip_error_t ze;
	zip_error_init(&ze);
	if (x->mem_len >= 4 && is_ole((const unsigned char *)x->mem)) {
		say_ole(x);
		return -1;
	}
	zip_source_t *src = zip_source_buffer_create(x->mem, x->mem_len, 0, &ze);
	if (src)
		x->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!x->za) {
		zip_fail(x, &ze);
		if (src)
			zip_source_free(src);
	}
	zip_error_fini(&ze);
	return x->za ? 0 : -1;
}

static int open_zip(struct xr *x)
{
	if (x->mem)
		return open_zip_mem(x);
	int rc = -1, zerr = 0;
	unsigned char magic[4] = { 0 };
	struct stat st;
	int fd = open(x->path, O_RDONLY);
	if (fd < 0) {
		xr_fail(x, 0, L("无法打开：%s", "cannot open: %s"), zb_strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		xr_fail(x, 0, "%s", L("不是普通文件", "not a regular file"));
		goto out;
	}
	if (read(fd, magic, sizeof magic) == (ssize_t)sizeof magic && is_ole(magic)) {
		say_ole(x);
		goto out;
	}
	x->za = zip_open(x->path, ZIP_RDONLY, &zerr);
	if (!x->za) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		zip_fail(x, &ze);
		zip_error_fini(&ze);
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	return rc;
}

static int read_book(const char *path, const void *mem, size_t mem_len, csv_row_fn fn, void *ctx, struct buf *err)
{
	struct xr x;
	int rc = -1;
	char *wb = NULL, *sheet = NULL, *sst = NULL, *styles = NULL;
	memset(&x, 0, sizeof x);
	clock_gettime(CLOCK_MONOTONIC, &x.t0);
	x.path = path;
	x.mem = mem;
	x.mem_len = mem_len;
	x.err = err;
	x.fn = fn;
	x.ctx = ctx;
	if (open_zip(&x))
		goto out;
	/* the package names the workbook; xl/workbook.xml when it does not */
	if (rels_read(&x, "", 0) < 0)
		goto out;
	const struct rel *r = rel_find(&x, NULL, "officeDocument");
	wb = xstrdup(r ? r->target : "xl/workbook.xml");
	if (parse_part(&x, wb, SMALL_PART, 1, wb_start, wb_end, NULL))
		goto out;
	if (!x.sheet_rid) {
		xr_fail(&x, 0, "%s", L("工作簿中没有工作表", "the workbook has no sheet"));
		goto out;
	}
	if (rels_read(&x, wb, 1))
		goto out;
	r = rel_find(&x, x.sheet_rid, NULL);
	if (!r) {
		xr_fail(&x, 0, L("不是有效的 XLSX 工作簿：找不到第一个工作表（%s）",
				 "not a valid XLSX workbook: the first sheet (%s) is not in its relationships"),
			x.sheet_rid);
		goto out;
	}
	if (!rel_is(r, "worksheet")) {
		xr_fail(&x, 0, "%s", L("第一个工作表不是普通工作表（可能是图表），请把数据表移到最前",
				       "the first sheet is not a worksheet (a chart?); move the data sheet first"));
		goto out;
	}
	sheet = xstrdup(r->target);
	r = rel_find(&x, NULL, "sharedStrings");
	sst = r ? xstrdup(r->target) : NULL;
	r = rel_find(&x, NULL, "styles");
	styles = r ? xstrdup(r->target) : NULL;
	if (sst && parse_part(&x, sst, XLSX_MAX_PART, 0, sst_start, sst_end, cell_text) < 0)
		goto out;
	if (styles && parse_part(&x, styles, SMALL_PART, 0, styles_start, styles_end, NULL) < 0)
		goto out;
	styles_resolve(&x);
	x.in_t = x.in_rph = 0;
	if (parse_part(&x, sheet, XLSX_MAX_PART, 1, sheet_start, sheet_end, cell_text))
		goto out;
	rc = 0;
out:
	if (x.stop)
		rc = x.stop;
	else if (x.failed)
		rc = -1;
	if (x.za)
		zip_discard(x.za);
	rels_clear(&x);
	free(x.rels);
	free(x.sheet_rid);
	free(wb);
	free(sheet);
	free(sst);
	free(styles);
	buf_release(&x.sst_text);
	free(x.sst);
	buf_release(&x.cell);
	free(x.fmts);
	free(x.xf_fmt);
	free(x.xf_date);
	buf_release(&x.text);
	free(x.slots);
	free(x.fields);
	buf_release(&x.scratch);
	return rc;
}

int xlsx_read_file(const char *path, csv_row_fn fn, void *ctx, struct buf *err)
{
	return read_book(path, NULL, 0, fn, ctx, err);
}

int xlsx_read_mem(const char *name, const void *data, size_t len, csv_row_fn fn, void *ctx, struct buf *err)
{
	static const char empty[1];
	return read_book(name, data ? data : empty, len, fn, ctx, err);
}
