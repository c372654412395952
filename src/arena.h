/*
 * arena.h - a bump allocator for one request's or one command's lifetime.
 *
 * Everything allocated from an arena is freed at once by arena_release;
 * nothing is freed singly.  Allocation never fails (it aborts on
 * out-of-memory, like xmalloc).  Memory is aligned for any type.  An arena
 * is zero-initialised with ARENA_INIT and is not thread-safe: one request,
 * one thread.
 */
#ifndef ZBB_ARENA_H
#define ZBB_ARENA_H

#include <stddef.h>
#include <stdarg.h>

struct arena_block;
struct arena {
	struct arena_block *head;
};
#define ARENA_INIT { NULL }

void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_release(struct arena *a);

#endif
