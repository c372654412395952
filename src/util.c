/*
 * util.c - allocation, buffers, the string map and small text helpers used
 * by every module.  No business logic lives here.
 */
#include "util.h"

#include <errno.h>

#include <malloc.h>

#include <stdlib.h>
#include <string.h>

enum zb_lang zb_lang = LANG_ZH;
_Thread_local int zb_lang_here = -1;

static void oom(void)
{
	fputs("zbb: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

void xgrow(void **p, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return;
	size_t c = *cap ? *cap : 16;
	while (c < need)
		c *= 2;
	*p = xrealloc(*p, c * sz);
	*cap = c;
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t c = b->cap ? b->cap : 64;
		while (c < b->len + n + 1)
			c *= 2;
		b->s = xrealloc(b->s, c);
		b->cap = c;
	}
	if (n)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = 0;
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	buf_add(b, NULL, 0);
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t c = b->cap;
		while (c < b->len + (size_t)n + 1)
			c *= 2;
		b->s = xrealloc(b->s, c);
		b->cap = c;
	}
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = 0;
}

void buf_release(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

char *buf_detach(struct buf *b)
{
	buf_add(b, NULL, 0);
	char *s = b->s;
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

const char *buf_str(const struct buf *b)
{
	return b->s ? b->s : "";
}

uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static struct strmap_entry *find_slot(struct strmap_entry *tab, size_t cap, const char *key,
				      size_t len, uint64_t h)
{
	size_t i = h & (cap - 1);
	for (;;) {
		struct strmap_entry *e = &tab[i];
		if (!e->key)
			return e;
		if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
			return e;
		i = (i + 1) & (cap - 1);
	}
}

int64_t *strmap_put(struct strmap *m, const char *key, size_t len, int64_t val, int *is_new)
{
	if ((m->n + 1) * 4 > m->cap * 3) {
		size_t nc = m->cap ? m->cap * 2 : 64;
		struct strmap_entry *nt = xcalloc(nc, sizeof(*nt));
		for (size_t i = 0; i < m->cap; i++) {
			struct strmap_entry *e = &m->tab[i];
			if (e->key)
				*find_slot(nt, nc, e->key, e->len, e->hash) = *e;
		}
		free(m->tab);
		m->tab = nt;
		m->cap = nc;
	}
	uint64_t h = hash_bytes(key, len);
	struct strmap_entry *e = find_slot(m->tab, m->cap, key, len, h);
	if (e->key) {
		if (is_new)
			*is_new = 0;
		return &e->val;
	}
	e->key = xstrndup(key, len);
	e->len = len;
	e->hash = h;
	e->val = val;
	m->n++;
	if (is_new)
		*is_new = 1;
	return &e->val;
}

int64_t *strmap_get(const struct strmap *m, const char *key, size_t len)
{
	if (!m->cap)
		return NULL;
	struct strmap_entry *e = find_slot(m->tab, m->cap, key, len, hash_bytes(key, len));
	return e->key ? &e->val : NULL;
}

void strmap_release(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->tab[i].key);
	free(m->tab);
	m->tab = NULL;
	m->n = m->cap = 0;
}

void lang_init(const char *override)
{
	const char *v = override;
	if (!v || !*v)
		v = getenv("ZBB_LANG");
	if (!v || !*v)
		v = getenv("LC_ALL");
	if (!v || !*v)
		v = getenv("LC_MESSAGES");
	if (!v || !*v)
		v = getenv("LANG");
	zb_lang = (v && (v[0] == 'e' || v[0] == 'E') && (v[1] == 'n' || v[1] == 'N')) ? LANG_EN
										     : LANG_ZH;
}

void zb_verr(const char *fmt, va_list ap)
{
	fputs("zbb: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void zb_err(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	zb_verr(fmt, ap);
	va_end(ap);
}

int utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		/* fast path over ASCII, eight bytes at a time */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t k;
		uint32_t cp;
		if (c >= 0xc2 && c <= 0xdf) {
			k = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		for (size_t j = 1; j <= k; j++) {
			if (i + j >= n || (s[i + j] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + j] & 0x3f);
		}
		if ((k == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (k == 3 && (cp < 0x10000 || cp > 0x10ffff)))
			return 0;
		i += k + 1;
	}
	return 1;
}

size_t utf8_width(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t w = 0;
	while (*s) {
		unsigned char c = *s;
		uint32_t cp;
		int k;
		if (c < 0x80) {
			cp = c;
			k = 0;
		} else if ((c & 0xe0) == 0xc0) {
			cp = c & 0x1f;
			k = 1;
		} else if ((c & 0xf0) == 0xe0) {
			cp = c & 0x0f;
			k = 2;
		} else {
			cp = c & 0x07;
			k = 3;
		}
		s++;
		for (int j = 0; j < k && (*s & 0xc0) == 0x80; j++, s++)
			cp = (cp << 6) | (*s & 0x3f);
		/* East Asian wide and full-width ranges */
		if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
		    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
		    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
		    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd))
			w += 2;
		else
			w += 1;
	}
	return w;
}

void utf8_pad(struct buf *b, const char *s, size_t width)
{
	size_t w = utf8_width(s);
	buf_adds(b, s);
	while (w++ < width)
		buf_addc(b, ' ');
}

void zb_malloc_init(void)
{
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

const char *zb_strerror(int errnum)
{
	static const struct {
		int e;
		const char *zh;
	} t[] = {
		{ ENOENT, "没有这个文件或目录" },   { EACCES, "没有权限" },
		{ EPERM, "不允许的操作" },          { EISDIR, "这是一个目录" },
		{ ENOTDIR, "路径中有一段不是目录" }, { EEXIST, "文件已存在" },
		{ ENOSPC, "磁盘空间不足" },         { EROFS, "只读文件系统" },
		{ EMFILE, "打开的文件过多" },       { ENAMETOOLONG, "文件名过长" },
		{ EIO, "输入输出错误" },            { EBUSY, "设备或资源忙" },
		{ EFBIG, "文件过大" },              { EINVAL, "参数无效" },
		{ ENOMEM, "内存不足" },             { EDQUOT, "超出磁盘配额" },
	};
	if (ZB_LANG != LANG_EN)
		for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
			if (t[i].e == errnum)
				return t[i].zh;
	return strerror(errnum);
}

/* Cf (format) and Zs/Zl/Zp (space) code points other than U+0020, as
 * ranges (Unicode 15). */
static const uint32_t invisible[][2] = {
	{ 0x00A0, 0x00A0 }, { 0x00AD, 0x00AD }, { 0x0600, 0x0605 }, { 0x061C, 0x061C }, { 0x06DD, 0x06DD },
	{ 0x070F, 0x070F }, { 0x0890, 0x0891 }, { 0x08E2, 0x08E2 }, { 0x1680, 0x1680 }, { 0x180E, 0x180E },
	{ 0x2000, 0x200F }, { 0x2028, 0x202F }, { 0x205F, 0x2064 }, { 0x2066, 0x206F }, { 0x3000, 0x3000 },
	{ 0xFEFF, 0xFEFF }, { 0xFFF9, 0xFFFB }, { 0x110BD, 0x110BD }, { 0x110CD, 0x110CD }, { 0x13430, 0x1343F },
	{ 0x1BCA0, 0x1BCA3 }, { 0x1D173, 0x1D17A }, { 0xE0001, 0xE0001 }, { 0xE0020, 0xE007F },
};

uint32_t utf8_invisible(const char *s, size_t n, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;
	size_t k;
	if (!n || u[0] < 0xC2)
		return 0;
	if (u[0] < 0xE0) {
		k = 2;
		cp = u[0] & 0x1F;
	} else if (u[0] < 0xF0) {
		k = 3;
		cp = u[0] & 0x0F;
	} else {
		k = 4;
		cp = u[0] & 0x07;
	}
	if (k > n)
		return 0;
	for (size_t i = 1; i < k; i++)
		cp = cp << 6 | (u[i] & 0x3F);
	for (size_t i = 0; i < sizeof invisible / sizeof *invisible; i++)
		if (cp >= invisible[i][0] && cp <= invisible[i][1]) {
			*len = k;
			return cp;
		}
	return 0;
}

void utf8_trim_invisible(const char **s, size_t *n)
{
	size_t k;
	for (;;) {
		if (*n && (**s == ' ' || **s == '\t')) {
			(*s)++;
			(*n)--;
		} else if (utf8_invisible(*s, *n, &k)) {
			*s += k;
			*n -= k;
		} else {
			break;
		}
	}
	for (;;) {
		if (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t')) {
			(*n)--;
			continue;
		}
		/* the last character's start */
		size_t i = *n;
		while (i && ((unsigned char)(*s)[i - 1] & 0xC0) == 0x80)
			i--;
		if (i && utf8_invisible(*s + i - 1, *n - (i - 1), &k) && i - 1 + k == *n) {
			*n = i - 1;
			continue;
		}
		break;
	}
}
