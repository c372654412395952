/*
 * audit.c - appending to, listing and verifying the hash-chained audit log
 * (see audit.h for the serialization).  It does not decide what is logged:
 * the front ends and auth.c call audit_append with the change.
 */
#include "audit.h"
#include "clock.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pwd.h>

void audit_sha256_hex(const void *data, size_t n, char *out)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(out, AUDIT_HASH_HEX, h, sizeof h);
}

static void field(struct buf *s, const char *p, size_t n)
{
	buf_printf(s, "%zu:", n);
	buf_add(s, p, n);
	buf_addc(s, '\n');
}

/* The canonical serialization of one entry and its hash. */
static void entry_hash(int64_t id, const char *time, const char *user, const char *action,
		       const char *object, const char *before, const char *after, const char *prev,
		       char *out)
{
	struct buf s = BUF_INIT;
	char ids[24];
	buf_adds(&s, "zbb-audit-1\n");
	snprintf(ids, sizeof ids, "%lld", (long long)id);
	field(&s, ids, strlen(ids));
	field(&s, time, strlen(time));
	field(&s, user, strlen(user));
	field(&s, action, strlen(action));
	field(&s, object, strlen(object));
	field(&s, before, strlen(before));
	field(&s, after, strlen(after));
	field(&s, prev, strlen(prev));
	audit_sha256_hex(s.s, s.len, out);
	buf_release(&s);
}

static char *canonical(const json_t *j)
{
	if (!j)
		return xstrdup("null");
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	if (!s)
		abort(); /* only on out-of-memory */
	return s;
}

int audit_append(struct book *b, const char *user, const char *action, const char *object,
		 const json_t *before, const json_t *after, struct buf *err)
{
	sqlite3_stmt *st = NULL;
	char prev[AUDIT_HASH_HEX] = AUDIT_GENESIS, hash[AUDIT_HASH_HEX], now[CLOCK_ISO_SZ];
	int64_t id = 1;
	char *bj = canonical(before), *aj = canonical(after);
	int rc = -1;
	if (sodium_init() < 0)
		abort();
	if (sqlite3_get_autocommit(b->db)) {
		buf_printf(err, "audit_append outside a transaction");
		goto out;
	}
	if (sqlite3_prepare_v2(b->db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", -1, &st, NULL) !=
	    SQLITE_OK)
		goto sqlfail;
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0) + 1;
		snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(st, 1));
	} else if (s != SQLITE_DONE) {
		goto sqlfail;
	}
	sqlite3_finalize(st);
	st = NULL;
	clock_iso(clock_now(), now);
	entry_hash(id, now, user, action, object, bj, aj, prev, hash);
	if (sqlite3_prepare_v2(b->db,
			       "INSERT INTO audit(id, time, user, action, object, before_json, after_json,"
			       " prev_hash, hash) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
			       -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, object, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, bj, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, aj, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, hash, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto sqlfail;
	rc = 0;
	goto out;
sqlfail:
	buf_printf(err, "%s: audit: %s", b->path, sqlite3_errmsg(b->db));
out:
	sqlite3_finalize(st);
	free(bj);
	free(aj);
	return rc;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

int audit_verify(struct book *b, struct audit_check *r, struct buf *err)
{
	sqlite3_stmt *st;
	char prev[AUDIT_HASH_HEX] = AUDIT_GENESIS, hash[AUDIT_HASH_HEX];
	int64_t want_id = 1;
	memset(r, 0, sizeof(*r));
	if (sodium_init() < 0)
		abort();
	if (sqlite3_prepare_v2(b->db,
			       "SELECT id, time, user, action, object, before_json, after_json, prev_hash, hash"
			       " FROM audit ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK) {
		buf_printf(err, "%s: audit: %s", b->path, sqlite3_errmsg(b->db));
		return -1;
	}
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		r->n_entries++;
		if (id != want_id) {
			r->bad_id = id;
			r->why = L("编号不连续（有条目被删除或插入）", "ids are not consecutive (an entry was removed or inserted)");
			break;
		}
		if (strcmp(col_text(st, 7), prev)) {
			r->bad_id = id;
			r->why = L("prev_hash 与上一条的哈希不符", "prev_hash does not match the previous entry's hash");
			break;
		}
		entry_hash(id, col_text(st, 1), col_text(st, 2), col_text(st, 3), col_text(st, 4), col_text(st, 5),
			   col_text(st, 6), prev, hash);
		if (strcmp(col_text(st, 8), hash)) {
			r->bad_id = id;
			r->why = L("内容与哈希不符（条目被改动）", "content does not match its hash (the entry was changed)");
			break;
		}
		memcpy(prev, hash, sizeof prev);
		want_id++;
	}
	if (!r->bad_id && s != SQLITE_DONE) {
		buf_printf(err, "%s: audit: %s", b->path, sqlite3_errmsg(b->db));
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return r->bad_id ? 1 : 0;
}

json_t *audit_list_json(struct book *b, int64_t since, int64_t limit, struct buf *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(b->db,
			       "SELECT id, time, user, action, object, before_json, after_json, prev_hash, hash"
			       " FROM audit WHERE id > ?1 ORDER BY id LIMIT ?2",
			       -1, &st, NULL) != SQLITE_OK) {
		buf_printf(err, "%s: audit: %s", b->path, sqlite3_errmsg(b->db));
		return NULL;
	}
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
	json_t *arr = json_array();
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(sqlite3_column_int64(st, 0)));
		json_object_set_new(o, "time", json_string(col_text(st, 1)));
		json_object_set_new(o, "user", json_string(col_text(st, 2)));
		json_object_set_new(o, "action", json_string(col_text(st, 3)));
		json_object_set_new(o, "object", json_string(col_text(st, 4)));
		for (int i = 5; i <= 6; i++) {
			/* a tampered entry may no longer be JSON: show it as text */
			json_t *v = json_loads(col_text(st, i), JSON_DECODE_ANY, NULL);
			json_object_set_new(o, i == 5 ? "before" : "after", v ? v : json_string(col_text(st, i)));
		}
		json_object_set_new(o, "prev_hash", json_string(col_text(st, 7)));
		json_object_set_new(o, "hash", json_string(col_text(st, 8)));
		json_array_append_new(arr, o);
	}
	if (s != SQLITE_DONE) {
		buf_printf(err, "%s: audit: %s", b->path, sqlite3_errmsg(b->db));
		json_decref(arr);
		arr = NULL;
	}
	sqlite3_finalize(st);
	return arr;
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
