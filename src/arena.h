/*
 * arena.h - the one bump allocator of zbb: a request's or a command's
 * memory (the server, the CLI) and the model's strings (model.c, with big
 * blocks), freed all at once by arena_release.
 *
 * Nothing is freed singly.  Allocation never fails (it aborts on
 * out-of-memory, like xmalloc).  arena_alloc is aligned for any type;
 * arena_alloc_align to what the caller asks (strings: 1).  A request
 * larger than a quarter of the block size gets a block of its own, placed
 * behind the one being filled, so small allocations keep packing.  An
 * arena starts zeroed (ARENA_INIT: blocks of ARENA_BLOCK bytes, or
 * ARENA_INIT_BLOCK(n)) and is not thread-safe: one arena, one thread
 * (threads that load together fill arenas of their own and hand them
 * over with arena_adopt).
 */
#ifndef ZBB_ARENA_H
#define ZBB_ARENA_H

#include <stddef.h>
#include <stdarg.h>

#define ARENA_BLOCK 4096

struct arena_block;
struct arena {
	struct arena_block *head;
	size_t block; /* block size; 0 means ARENA_BLOCK */
};
#define ARENA_INIT { NULL, 0 }
#define ARENA_INIT_BLOCK(n) { NULL, (n) }

void *arena_alloc(struct arena *a, size_t n);
void *arena_alloc_align(struct arena *a, size_t n, size_t align);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Move every block of src into dst (src is left empty). */
void arena_adopt(struct arena *dst, struct arena *src);
void arena_release(struct arena *a);

#endif
