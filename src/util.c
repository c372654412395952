/*
 * util.c - allocation, buffers, the string map and small text helpers used
 * by every module.  No business logic lives here.
 */
#include "util.h"

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
