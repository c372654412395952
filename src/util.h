/*
 * util.h - allocation that never fails, an owned growable buffer, a string
 * map, and the user's language.
 *
 * xmalloc and friends abort on out-of-memory: callers never check for NULL.
 * struct buf owns its bytes; buf_release frees them, buf_detach hands them
 * over.  The bytes are always NUL-terminated (len excludes the NUL).
 * struct strmap maps byte strings to int64 values; it copies keys into its
 * own storage and frees them in strmap_release.
 */
#ifndef ZBB_UTIL_H
#define ZBB_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdarg.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grow *p (an array of *cap elements of size sz) to hold at least need. */
void xgrow(void **p, size_t *cap, size_t need, size_t sz);
#define XGROW(p, cap, need) xgrow((void **)&(p), &(cap), (need), sizeof(*(p)))

struct buf {
	char *s;
	size_t len, cap;
};
#define BUF_INIT { NULL, 0, 0 }
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_reset(struct buf *b);
void buf_release(struct buf *b);
char *buf_detach(struct buf *b);
/* The buffer's text, "" when empty (never NULL). */
const char *buf_str(const struct buf *b);

struct strmap_entry {
	char *key;
	size_t len;
	uint64_t hash;
	int64_t val;
};
struct strmap {
	struct strmap_entry *tab;
	size_t n, cap;
};
#define STRMAP_INIT { NULL, 0, 0 }
/* Returns the value slot for key, inserting val if it is absent;
 * *is_new tells which happened (may be NULL). */
int64_t *strmap_put(struct strmap *m, const char *key, size_t len, int64_t val, int *is_new);
/* Returns the value slot or NULL. */
int64_t *strmap_get(const struct strmap *m, const char *key, size_t len);
void strmap_release(struct strmap *m);

/* User-facing language: Chinese by default, English when LANG/LC_ALL says en*
 * or --lang en was given. */
enum zb_lang { LANG_ZH, LANG_EN };
extern enum zb_lang zb_lang; /* the process's: ZBB_LANG, LC_ALL, LANG … */
/* This thread's, -1 for the process's: the server answers each request in
 * the language it asks for (X-ZBB-Lang or ?lang=, http.c). */
extern _Thread_local int zb_lang_here;
#define ZB_LANG (zb_lang_here >= 0 ? (enum zb_lang)zb_lang_here : zb_lang)
void lang_init(const char *override);
/* Pick the message of the user's language. */
#define L(zh, en) (ZB_LANG == LANG_EN ? (en) : (zh))
/* The reason of a failed system call in the user's language (strerror is
 * English whatever the locale: "无法打开：No such file or directory"). */
const char *zb_strerror(int errnum);

/* Once per process, before the first model is loaded: a model's arrays
 * are megabytes, and glibc's sliding mmap threshold maps them afresh (and
 * faults every page in again) on each load or not, depending on what was
 * freed first.  Fixed, they come from the heap and are reused by the
 * server's and the what-ifs' many loads. */
void zb_malloc_init(void);

/* Print "zbb: MSG" on stderr. */
void zb_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void zb_verr(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* FNV-1a over n bytes, then a final mix so that the low bits are usable
 * (the string map's and the importer's key set's hash). */
uint64_t hash_bytes(const char *s, size_t n);

/* Number of terminal columns of a UTF-8 string (CJK counted as 2). */
size_t utf8_width(const char *s);
/* Append s to b, then spaces up to `width` terminal columns (by
 * utf8_width, so CJK text lines up); nothing is cut when s is wider. */
void utf8_pad(struct buf *b, const char *s, size_t width);
/* True when s[0..n) is valid UTF-8. */
int utf8_valid(const char *s, size_t n);
/* The code point of an invisible character at s (Unicode format characters
 * such as U+200B, U+FEFF, U+202E, and every space but U+0020: NBSP,
 * U+3000 …), with its length in *len; 0 when s[0..n) does not start with
 * one.  s is valid UTF-8. */
uint32_t utf8_invisible(const char *s, size_t n, size_t *len);
/* Trim ASCII blanks and invisible characters from both ends of s[0..*n). */
void utf8_trim_invisible(const char **s, size_t *n);

#endif
