/*
 * csvread.c - the CSV reader behind every import (see csvread.h).
 */
#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct reader {
	const char *name;
	csv_row_fn fn;
	void *ctx;
	struct buf fieldbuf;      /* bytes of the current record's fields */
	size_t *offs, *lens;      /* field positions in fieldbuf */
	size_t n_fields, cap_fields;
	struct csv_field *fields; /* handed to fn */
	size_t cap_out;
	long line, start_line;
	int in_record, ended, stop, too_big;
	long n_records;
};

size_t utf8_first_invalid(const char *s, size_t n)
{
	/* utf8_valid is fast; only search when it fails */
	if (utf8_valid(s, n))
		return n;
	size_t lo = 0;
	/* find the invalid position line by line */
	while (lo < n) {
		const char *nl = memchr(s + lo, '\n', n - lo);
		size_t end = nl ? (size_t)(nl - s) + 1 : n;
		if (!utf8_valid(s + lo, end - lo)) {
			for (size_t i = lo; i < end; i++) {
				size_t k = 1;
				unsigned char c = (unsigned char)s[i];
				if (c >= 0x80) {
					k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
					if (i + k > end || !utf8_valid(s + i, k))
						return i;
					i += k - 1;
				}
			}
			return lo;
		}
		lo = end;
	}
	return n;
}

/* The character that ends a line: '\n' (LF and CRLF files), or '\r' in a
 * file written with classic Mac line endings (CR only, no LF anywhere). */
static char line_end_char(const char *s, size_t n)
{
	return !memchr(s, '\n', n) && memchr(s, '\r', n) ? '\r' : '\n';
}

static long line_of(const char *s, size_t n, size_t off)
{
	char eol = line_end_char(s, n);
	long l = 1;
	for (size_t i = 0; i < off; i++)
		if (s[i] == eol)
			l++;
	return l;
}

static void on_field(void *s, size_t n, void *data)
{
	struct reader *r = data;
	if (r->stop)
		return;
	if (n > CSV_MAX_FIELD) {
		r->too_big = 1;
		return;
	}
	if (r->n_fields == r->cap_fields) {
		r->cap_fields = r->cap_fields ? r->cap_fields * 2 : 32;
		r->offs = xrealloc(r->offs, r->cap_fields * sizeof(size_t));
		r->lens = xrealloc(r->lens, r->cap_fields * sizeof(size_t));
	}
	r->offs[r->n_fields] = r->fieldbuf.len;
	r->lens[r->n_fields] = n;
	buf_add(&r->fieldbuf, s, n);
	r->n_fields++;
}

static void on_record(int c, void *data)
{
	(void)c;
	struct reader *r = data;
	r->ended = 1;
	if (r->stop || r->too_big) {
		r->n_fields = 0;
		buf_reset(&r->fieldbuf);
		return;
	}
	if (r->n_fields > r->cap_out) {
		r->cap_out = r->cap_fields;
		r->fields = xrealloc(r->fields, r->cap_out * sizeof(*r->fields));
	}
	for (size_t i = 0; i < r->n_fields; i++) {
		r->fields[i].s = r->fieldbuf.s + r->offs[i];
		r->fields[i].n = r->lens[i];
	}
	r->n_records++;
	int rc = r->fn(r->ctx, r->start_line, r->fields, r->n_fields);
	if (rc)
		r->stop = rc;
	r->n_fields = 0;
	buf_reset(&r->fieldbuf);
}

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

static int parse(struct reader *r, const char *s, size_t n, csv_progress_fn prog, struct buf *err)
{
	struct csv_parser p;
	int rc = 0;
	/* not CSV_STRICT: a quote inside an unquoted field (长株潭供水"水塔")
	 * or after a closing quote is read literally, as Excel and LibreOffice
	 * read it (SPEC §4); an unterminated quote is still an error */
	if (csv_init(&p, CSV_STRICT_FINI) != 0) {
		buf_adds(err, "csv_init failed");
		return -1;
	}
	size_t pos = 0, next_prog = 1 << 22;
	char eol = line_end_char(s, n);
	r->line = 0;
	while (pos < n && !r->stop) {
		const char *nl = memchr(s + pos, eol, n - pos);
		size_t end = nl ? (size_t)(nl - s) + 1 : n;
		size_t len = end - pos;
		r->line++;
		if (len > CSV_MAX_LINE) {
			buf_printf(err, L("%s:%ld: 行长度超过 %u 字节", "%s:%ld: line longer than %u bytes"),
				   r->name, r->line, CSV_MAX_LINE);
			rc = -1;
			goto out;
		}
		if (!r->in_record) {
			if (is_blank(s + pos, len)) {
				pos = end;
				continue;
			}
			r->start_line = r->line;
		}
		/* most lines hold no quote: split them on commas in place, with
		 * no copy; libcsv takes the others (and any line a quoted field
		 * spans) */
		if (!r->in_record) {
			size_t body = len;
			if (body && s[pos + body - 1] == eol)
				body--;
			if (eol == '\n' && body && s[pos + body - 1] == '\r')
				body--;
			const char *ln = s + pos;
			if (!memchr(ln, '"', body) && !memchr(ln, '\r', body) && (eol != '\r' || !memchr(ln, '\n', body))) {
				size_t nf = 0, from = 0;
				for (size_t i = 0; i <= body; i++) {
					if (i < body && ln[i] != ',')
						continue;
					if (nf == r->cap_out) {
						r->cap_out = r->cap_out ? r->cap_out * 2 : 32;
						r->fields = xrealloc(r->fields, r->cap_out * sizeof(*r->fields));
					}
					if (i - from > CSV_MAX_FIELD)
						r->too_big = 1;
					r->fields[nf++] = (struct csv_field){ ln + from, i - from };
					from = i + 1;
				}
				if (r->too_big) {
					buf_printf(err, L("%s:%ld: 字段长度超过 %u 字节", "%s:%ld: a field is longer than %u bytes"),
						   r->name, r->start_line, CSV_MAX_FIELD);
					rc = -1;
					goto out;
				}
				r->n_records++;
				int frc = r->fn(r->ctx, r->start_line, r->fields, nf);
				if (frc)
					r->stop = frc;
				pos = end;
				if (prog && pos >= next_prog) {
					prog(r->ctx, pos, n);
					next_prog = pos + (1 << 22);
				}
				continue;
			}
		}
		r->ended = 0;
		if (csv_parse(&p, s + pos, len, on_field, on_record, r) != len) {
			/* without CSV_STRICT only running out of memory stops libcsv */
			buf_printf(err, L("%s:%ld: 无法读取 CSV：%s", "%s:%ld: cannot read the CSV: %s"), r->name, r->line,
				   csv_strerror(csv_error(&p)));
			rc = -1;
			goto out;
		}
		if (r->too_big) {
			buf_printf(err, L("%s:%ld: 字段长度超过 %u 字节", "%s:%ld: a field is longer than %u bytes"),
				   r->name, r->start_line, CSV_MAX_FIELD);
			rc = -1;
			goto out;
		}
		/* a record that ends on this line leaves the parser idle; a
		 * quoted field that spans the line break keeps it busy */
		r->in_record = !r->ended;
		pos = end;
		if (prog && pos >= next_prog) {
			prog(r->ctx, pos, n);
			next_prog = pos + (1 << 22);
		}
	}
	/* without CSV_STRICT, csv_fini would end an open quoted field quietly:
	 * a line break ends any record but one inside an unclosed quote */
	if (!r->stop && r->in_record) {
		r->ended = 0;
		csv_parse(&p, "\n", 1, on_field, on_record, r);
		if (!r->ended) {
			buf_printf(err, L("%s:%ld: 引号没有闭合", "%s:%ld: unterminated quote"), r->name,
				   r->start_line);
			rc = -1;
			goto out;
		}
	}
	if (!r->stop && csv_fini(&p, on_field, on_record, r) != 0) {
		buf_printf(err, L("%s:%ld: 引号没有闭合", "%s:%ld: unterminated quote"), r->name,
			   r->start_line);
		rc = -1;
		goto out;
	}
	if (r->too_big) {
		buf_printf(err, L("%s:%ld: 字段长度超过 %u 字节", "%s:%ld: a field is longer than %u bytes"),
			   r->name, r->start_line, CSV_MAX_FIELD);
		rc = -1;
		goto out;
	}
	if (prog)
		prog(r->ctx, n, n);
	rc = r->stop;
out:
	csv_free(&p);
	return rc;
}

static int gb18030_to_utf8(const char *name, const char *in, size_t n, struct buf *out,
			   struct buf *err)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1) {
		buf_printf(err, "%s: iconv GB18030: %s", name, zb_strerror(errno));
		return -1;
	}
	buf_reset(out);
	size_t cap = n * 3 / 2 + 16;
	out->s = xrealloc(out->s, cap + 1);
	out->cap = cap + 1;
	char *ip = (char *)in, *op = out->s;
	size_t il = n, ol = cap;
	int rc = 0;
	while (il > 0) {
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
			if (errno == E2BIG) {
				size_t used = (size_t)(op - out->s);
				cap *= 2;
				out->s = xrealloc(out->s, cap + 1);
				out->cap = cap + 1;
				op = out->s + used;
				ol = cap - used;
				continue;
			}
			buf_printf(err,
				   L("%s:%ld: 文件既不是 UTF-8 也不是 GB18030 编码（第 %zu 字节起无法识别）",
				     "%s:%ld: the file is neither UTF-8 nor GB18030 (undecodable from byte %zu)"),
				   name, line_of(in, n, (size_t)(ip - in)), (size_t)(ip - in) + 1);
			rc = -1;
			break;
		}
	}
	out->len = (size_t)(op - out->s);
	out->s[out->len] = 0;
	iconv_close(cd);
	return rc;
}

int csv_read_mem(const char *name, const char *data, size_t len, enum csv_encoding enc,
		 csv_row_fn fn, csv_progress_fn prog, void *ctx, struct csv_info *info,
		 struct buf *err)
{
	struct reader r = { 0 };
	struct buf conv = BUF_INIT;
	struct csv_info dummy;
	int rc;
	if (!info)
		info = &dummy;
	memset(info, 0, sizeof(*info));
	r.name = name;
	r.fn = fn;
	r.ctx = ctx;
	const char *s = data;
	size_t n = len;
	if (enc != ENC_GB18030 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		s += 3;
		n -= 3;
	}
	if (enc == ENC_GB18030 || (enc == ENC_AUTO && !utf8_valid(s, n))) {
		if (enc == ENC_AUTO && n >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
			/* a UTF-8 BOM with broken text after it: report as UTF-8 */
			size_t off = utf8_first_invalid(s, n);
			buf_printf(err, L("%s:%ld: 不是有效的 UTF-8 文本", "%s:%ld: not valid UTF-8 text"),
				   name, line_of(s, n, off));
			return -1;
		}
		if (gb18030_to_utf8(name, s, n, &conv, err)) {
			buf_release(&conv);
			return -1;
		}
		s = conv.s;
		n = conv.len;
		if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
			s += 3;
			n -= 3;
		}
		info->converted = 1;
	} else if (enc == ENC_UTF8 && !utf8_valid(s, n)) {
		size_t off = utf8_first_invalid(s, n);
		buf_printf(err, L("%s:%ld: 不是有效的 UTF-8 文本（可用 --encoding gb18030 按 GB18030 读取）",
				  "%s:%ld: not valid UTF-8 text (try --encoding gb18030)"),
			   name, line_of(s, n, off));
		return -1;
	}
	info->bytes = n;
	rc = parse(&r, s, n, prog, err);
	info->n_records = r.n_records;
	buf_release(&r.fieldbuf);
	free(r.offs);
	free(r.lens);
	free(r.fields);
	buf_release(&conv);
	return rc;
}

int csv_read_file(const char *path, enum csv_encoding enc, csv_row_fn fn, csv_progress_fn prog,
		  void *ctx, struct csv_info *info, struct buf *err)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		buf_printf(err, L("%s: 无法打开：%s", "%s: cannot open: %s"), path, zb_strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		buf_printf(err, L("%s: 不是普通文件", "%s: not a regular file"), path);
		close(fd);
		return -1;
	}
	size_t n = (size_t)st.st_size, got = 0;
	char *data = xmalloc(n + 1);
	while (got < n) {
		ssize_t k = read(fd, data + got, n - got);
		if (k <= 0) {
			if (k < 0 && errno == EINTR)
				continue;
			buf_printf(err, L("%s: 读取失败：%s", "%s: read failed: %s"), path,
				   k < 0 ? zb_strerror(errno) : "EOF");
			close(fd);
			free(data);
			return -1;
		}
		got += (size_t)k;
	}
	close(fd);
	data[n] = 0;
	int rc = csv_read_mem(path, data, n, enc, fn, prog, ctx, info, err);
	free(data);
	return rc;
}
