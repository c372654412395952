/*
 * audit.h - the append-only, hash-chained audit log (SPEC §9).
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
 *
 * so changing, removing or reordering any entry breaks the chain from that
 * entry on.  audit_append must run inside the caller's write transaction,
 * so an entry exists exactly when its change does.  Callers never put
 * passwords, password hashes or session tokens into before/after.  The
 * schema's triggers refuse UPDATE and DELETE on the table.
 */
#ifndef ZBB_AUDIT_H
#define ZBB_AUDIT_H

#include <jansson.h>
#include <stdint.h>
#include "book.h"

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"
#define AUDIT_HASH_HEX 65

/* Append one entry (inside an open transaction).  before/after may be
 * NULL; they are not stolen.  0, or -1 with the reason in err. */
int audit_append(struct book *b, const char *user, const char *action, const char *object,
		 const json_t *before, const json_t *after, struct buf *err);

struct audit_check {
	int64_t n_entries; /* entries read */
	int64_t bad_id;    /* the first broken entry, 0 when the chain holds */
	const char *why;   /* static, user-language reason when broken */
};
/* Recompute the whole chain.  0 when it holds, 1 when broken (r says
 * where and why), -1 on a storage failure (err). */
int audit_verify(struct book *b, struct audit_check *r, struct buf *err);

/* Entries with id > since, oldest first, at most limit (0: no limit), as
 * a JSON array of {id, time, user, action, object, before, after,
 * prev_hash, hash}; NULL with err on a storage failure.  Caller owns it. */
json_t *audit_list_json(struct book *b, int64_t since, int64_t limit, struct buf *err);

/* The name the CLI writes entries under: "cli:" + the login name. */
const char *audit_cli_user(void);

/* Hex SHA-256 of data into out (AUDIT_HASH_HEX bytes). */
void audit_sha256_hex(const void *data, size_t n, char *out);

#endif
