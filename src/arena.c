/*
 * arena.c - the bump allocator of arena.h.
 */
#include "arena.h"
#include "util.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
};

void *arena_alloc_align(struct arena *a, size_t n, size_t align)
{
	size_t block = a->block ? a->block : ARENA_BLOCK;
	struct arena_block *b = a->head;
	if (b) {
		size_t off = (b->used + align - 1) & ~(align - 1);
		if (off <= b->cap && b->cap - off >= n) {
			b->used = off + n;
			return b->data + off;
		}
	}
	size_t cap = n > block / 4 ? n : block;
	struct arena_block *nb = xmalloc(sizeof(*nb) + (cap ? cap : 1));
	nb->cap = cap;
	nb->used = n;
	if (cap == n && b) {
		/* a big one-off block: keep filling the current one */
		nb->next = b->next;
		b->next = nb;
	} else {
		nb->next = b;
		a->head = nb;
	}
	return nb->data;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return arena_alloc_align(a, n ? n : 1, alignof(max_align_t));
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc_align(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = arena_alloc_align(a, (size_t)n + 1, 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

void arena_adopt(struct arena *dst, struct arena *src)
{
	struct arena_block *tail = src->head;
	if (!tail)
		return;
	while (tail->next)
		tail = tail->next;
	if (dst->head) {
		/* behind dst's current block, which goes on being filled */
		tail->next = dst->head->next;
		dst->head->next = src->head;
	} else {
		dst->head = src->head;
	}
	src->head = NULL;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}
