/*
 * audit.h - the hash chain of the append-only audit log (SPEC §9): an
 * entry's canonical serialization and hash, the check of a chain, and the
 * name the CLI writes entries under.  Pure: the log itself is kept by the
 * store (store_audit_append, store_audit_list, store_audit_verify), and
 * every change reaches it through store_write.
 *
 * Each entry is (id, time, user, action, object, before, after, prev_hash,
 * hash).  ids run 1, 2, 3 … without gaps; time comes from clock.c (ZBB_NOW
 * in tests); before and after are JSON texts in canonical form (compact,
 * keys sorted; "null" when absent); prev_hash is the previous entry's hash
 * (AUDIT_GENESIS for the first); hash is the hex SHA-256 of the entry's
 * canonical serialization, which includes prev_hash:
 *
 *     "zbb-audit-1\n" then, for id, time, user, action, object, before,
 *     after, prev_hash in that order: decimal byte length ":" bytes "\n"
 *     and, for an entry that wrote rows, the same for rows (store_digest.c)
 *
 * so changing, removing or reordering any entry breaks the chain from that
 * entry on.  Callers never put passwords, password hashes or session
 * tokens into before/after.  The schema's triggers refuse UPDATE and
 * DELETE on the table.
 */
#ifndef ZBB_AUDIT_H
#define ZBB_AUDIT_H

#include <jansson.h>
#include <stdint.h>
#include "util.h"

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"
#define AUDIT_HASH_HEX 65

struct audit_entry {
	int64_t id;
	const char *time, *user, *action, *object, *before, *after, *prev_hash, *hash;
	const char *rows; /* "N SUM": the rows it wrote and the digest sum after it; NULL or "" none */
	const char *region; /* the region it was written in; NULL or "" the whole book's */
};

/* The entry's hash from its fields (hash itself is not read) into out. */
void audit_entry_hash(const struct audit_entry *e, char *out);
/* JSON in canonical form (malloc'd); "null" for NULL. */
char *audit_canonical(const json_t *j);

/* Walking a chain from its first entry. */
struct audit_check {
	int64_t n_entries; /* entries read */
	int64_t bad_id;    /* the first broken entry, 0 when the chain holds */
	const char *why;   /* static, user-language reason when broken */
	char prev[AUDIT_HASH_HEX];
};
void audit_check_init(struct audit_check *r);
/* The next entry: 0 when it holds, 1 when it breaks the chain (r says
 * where and why). */
int audit_check_next(struct audit_check *r, const struct audit_entry *e);

/* The name the CLI writes entries under: "cli:" + the login name. */
const char *audit_cli_user(void);

/* Hex SHA-256 of data into out (AUDIT_HASH_HEX bytes). */
void audit_sha256_hex(const void *data, size_t n, char *out);
/* Hex SHA-256 of a file's bytes; 0, or -1 with err. */
int audit_sha256_file(const char *path, char *out, struct buf *err);

#endif
