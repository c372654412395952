/*
 * audit.c - the audit log's hash chain (see audit.h for the
 * serialization).  It does not decide what is logged nor keep the log:
 * store_write appends an entry for every change, store_audit.c stores them.
 */
#include "audit.h"

#include <errno.h>
#include <pwd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void audit_sha256_hex(const void *data, size_t n, char *out)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	if (sodium_init() < 0)
		abort();
	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(out, AUDIT_HASH_HEX, h, sizeof h);
}

int audit_sha256_file(const char *path, char *out, struct buf *err)
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	static _Thread_local unsigned char chunk[1 << 16];
	FILE *f = fopen(path, "rb");
	size_t n;
	if (sodium_init() < 0)
		abort();
	if (!f) {
		buf_printf(err, "%s: %s", path, zb_strerror(errno));
		return -1;
	}
	crypto_hash_sha256_init(&st);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		crypto_hash_sha256_update(&st, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		buf_printf(err, "%s: %s", path, L("读取失败", "read failed"));
		return -1;
	}
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, AUDIT_HASH_HEX, h, sizeof h);
	return 0;
}

static void field(struct buf *s, const char *p)
{
	size_t n = strlen(p);
	buf_printf(s, "%zu:", n);
	buf_add(s, p, n);
	buf_addc(s, '\n');
}

void audit_entry_hash(const struct audit_entry *e, char *out)
{
	struct buf s = BUF_INIT;
	char ids[24];
	buf_adds(&s, "zbb-audit-1\n");
	snprintf(ids, sizeof ids, "%lld", (long long)e->id);
	field(&s, ids);
	field(&s, e->time);
	field(&s, e->user);
	field(&s, e->action);
	field(&s, e->object);
	field(&s, e->before);
	field(&s, e->after);
	field(&s, e->prev_hash);
	if (e->rows && *e->rows)
		field(&s, e->rows);
	if (e->region && *e->region) {
		/* named, so that a region can never read as rows */
		field(&s, "region");
		field(&s, e->region);
	}
	audit_sha256_hex(s.s, s.len, out);
	buf_release(&s);
}

char *audit_canonical(const json_t *j)
{
	if (!j)
		return xstrdup("null");
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	if (!s)
		abort(); /* only on out-of-memory */
	return s;
}

void audit_check_init(struct audit_check *r)
{
	memset(r, 0, sizeof(*r));
	memcpy(r->prev, AUDIT_GENESIS, sizeof r->prev);
}

int audit_check_next(struct audit_check *r, const struct audit_entry *e)
{
	char hash[AUDIT_HASH_HEX];
	r->n_entries++;
	if (e->id != r->n_entries) {
		r->bad_id = e->id;
		r->why = L("编号不连续（有条目被删除或插入）", "ids are not consecutive (an entry was removed or inserted)");
		return 1;
	}
	if (strcmp(e->prev_hash, r->prev)) {
		r->bad_id = e->id;
		r->why = L("prev_hash 与上一条的哈希不符", "prev_hash does not match the previous entry's hash");
		return 1;
	}
	struct audit_entry x = *e;
	x.prev_hash = r->prev;
	audit_entry_hash(&x, hash);
	if (strcmp(e->hash, hash)) {
		r->bad_id = e->id;
		r->why = L("内容与哈希不符（条目被改动）", "content does not match its hash (the entry was changed)");
		return 1;
	}
	memcpy(r->prev, hash, sizeof r->prev);
	return 0;
}

const char *audit_cli_user(void)
{
	static char name[80];
	if (!name[0]) {
		const char *u = getenv("USER");
		if (!u || !*u) {
			struct passwd *pw = getpwuid(getuid());
			u = pw ? pw->pw_name : "unknown";
		}
		snprintf(name, sizeof name, "cli:%.60s", u);
	}
	return name;
}
