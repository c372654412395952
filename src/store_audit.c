/*
 * store_audit.c - the audit log's table: appending an entry (its hash
 * computed by audit.c over the previous entry's), listing and verifying
 * the chain (see store.h and audit.h).
 */
#include "store.h"
#include "audit.h"
#include "clock.h"
#include "db.h"

#include <stdlib.h>
#include <string.h>

static int sqlfail(struct book *b, struct buf *err)
{
	buf_printf(err, "%s: audit: %s", b->name, db_errmsg(b->db));
	return -1;
}

int64_t store_audit_next_id(struct book *b)
{
	struct db_stmt *st = db_cached(b->db, "SELECT max(id) FROM audit");
	int64_t id = -1;
	if (!st)
		return -1;
	if (db_step(st) == DB_ROW)
		id = (db_col_is_null(st, 0) ? 0 : db_col_int64(st, 0)) + 1;
	db_done(st);
	return id;
}

int store_audit_since(struct book *b, int64_t since, store_audit_since_fn fn, void *arg, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT id, action, object FROM audit WHERE id > ?1 ORDER BY id");
	int s, rc = 0;
	if (!st)
		return sqlfail(b, err);
	db_bind_int64(st, 1, since);
	while (!rc && (s = db_step(st)) == DB_ROW) {
		const char *action = db_col_text(st, 1), *object = db_col_text(st, 2);
		rc = fn(db_col_int64(st, 0), action ? action : "", object ? object : "", arg);
	}
	db_done(st);
	if (!rc && s != DB_DONE)
		return sqlfail(b, err);
	return rc;
}

int store_audit_append(struct book *b, const char *who, const char *action, const char *object,
		       const json_t *before, const json_t *after, struct buf *err)
{
	return store_audit_append_rows(b, 0, b->region, who, action, object, before, after, NULL, err);
}

int store_audit_append_rows(struct book *b, int64_t want_id, const char *region, const char *who, const char *action,
			    const char *object, const json_t *before, const json_t *after, const char *rows,
			    struct buf *err)
{
	char prev[AUDIT_HASH_HEX] = AUDIT_GENESIS, hash[AUDIT_HASH_HEX], now[CLOCK_ISO_SZ];
	char *bj = audit_canonical(before), *aj = audit_canonical(after);
	int64_t id = 1;
	int rc = -1;
	if (!db_in_txn(b->db)) {
		buf_printf(err, "audit_append outside a transaction");
		goto out;
	}
	struct db_stmt *st = db_cached(b->db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
	if (!st)
		goto sql;
	int s = db_step(st);
	if (s == DB_ROW) {
		id = db_col_int64(st, 0) + 1;
		snprintf(prev, sizeof prev, "%s", db_col_text(st, 1) ? db_col_text(st, 1) : "");
	}
	db_done(st);
	if (s != DB_ROW && s != DB_DONE)
		goto sql;
	if (want_id && want_id != id) {
		buf_printf(err, "%s: audit: entry %lld expected, %lld next", b->name, (long long)want_id, (long long)id);
		goto out;
	}
	clock_iso(clock_now(), now);
	if (!region)
		region = "";
	struct audit_entry e = { id, now, who, action, object, bj, aj, prev, NULL, rows ? rows : "", region };
	audit_entry_hash(&e, hash);
	st = db_cached(b->db, "INSERT INTO audit(id, time, \"user\", action, object, before_json, after_json,"
			      " prev_hash, hash, rows, region) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
	if (!st)
		goto sql;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, now, (size_t)-1);
	db_bind_text(st, 3, who, (size_t)-1);
	db_bind_text(st, 4, action, (size_t)-1);
	db_bind_text(st, 5, object, (size_t)-1);
	db_bind_text(st, 6, bj, (size_t)-1);
	db_bind_text(st, 7, aj, (size_t)-1);
	db_bind_text(st, 8, prev, (size_t)-1);
	db_bind_text(st, 9, hash, (size_t)-1);
	db_bind_text(st, 10, rows ? rows : "", (size_t)-1);
	if (*region)
		db_bind_text(st, 11, region, (size_t)-1);
	else
		db_bind_null(st, 11);
	s = db_step(st);
	db_done(st);
	if (s != DB_DONE)
		goto sql;
	rc = 0;
	goto out;
sql:
	sqlfail(b, err);
out:
	free(bj);
	free(aj);
	return rc;
}

static const char *text(struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);
	return s ? s : "";
}

static void entry_of(struct db_stmt *st, struct audit_entry *e)
{
	e->id = db_col_int64(st, 0);
	e->time = text(st, 1);
	e->user = text(st, 2);
	e->action = text(st, 3);
	e->object = text(st, 4);
	e->before = text(st, 5);
	e->after = text(st, 6);
	e->prev_hash = text(st, 7);
	e->hash = text(st, 8);
	e->rows = text(st, 9);
	e->region = text(st, 10);
}

int store_audit_verify(struct book *b, struct audit_check *r, struct buf *err)
{
	struct db_stmt *st = db_prepare(b->db, "SELECT id, time, \"user\", action, object, before_json, after_json,"
					       " prev_hash, hash, rows, region FROM audit ORDER BY id");
	audit_check_init(r);
	if (!st)
		return sqlfail(b, err);
	int s;
	while ((s = db_step(st)) == DB_ROW) {
		struct audit_entry e;
		entry_of(st, &e);
		if (audit_check_next(r, &e))
			break;
	}
	db_done(st);
	if (!r->bad_id && s != DB_DONE)
		return sqlfail(b, err);
	return r->bad_id ? 1 : 0;
}

static json_t *entry_json(struct db_stmt *st)
{
	struct audit_entry e;
	entry_of(st, &e);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(e.id));
	json_object_set_new(o, "time", json_string(e.time));
	json_object_set_new(o, "user", json_string(e.user));
	json_object_set_new(o, "action", json_string(e.action));
	json_object_set_new(o, "object", json_string(e.object));
	const char *ba[2] = { e.before, e.after };
	for (int i = 0; i < 2; i++) {
		/* a tampered entry may no longer be JSON: show it as text */
		json_t *v = json_loads(ba[i], JSON_DECODE_ANY, NULL);
		json_object_set_new(o, i == 0 ? "before" : "after", v ? v : json_string(ba[i]));
	}
	json_object_set_new(o, "prev_hash", json_string(e.prev_hash));
	json_object_set_new(o, "hash", json_string(e.hash));
	if (*e.rows)
		json_object_set_new(o, "rows", json_string(e.rows));
	if (*e.region)
		json_object_set_new(o, "region", json_string(e.region));
	return o;
}

static json_t *entries_json(struct book *b, struct db_stmt *st, struct buf *err)
{
	json_t *arr = json_array();
	int s;
	while ((s = db_step(st)) == DB_ROW)
		json_array_append_new(arr, entry_json(st));
	db_done(st);
	if (s != DB_DONE) {
		sqlfail(b, err);
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* The entries a reader of b->region sees: that region's and the whole
 * book's (regions added, a copy); all of them with no region chosen. */
#define AUDIT_SEEN(n) "(?" #n " = '' OR region IS NULL OR region = ?" #n ")"

json_t *store_audit_list(struct book *b, int64_t since, int64_t limit, struct buf *err)
{
	struct db_stmt *st = db_prepare(b->db, "SELECT id, time, \"user\", action, object, before_json, after_json,"
					       " prev_hash, hash, rows, region FROM audit WHERE id > ?1 AND " AUDIT_SEEN(3)
					       " ORDER BY id LIMIT ?2");
	if (!st) {
		sqlfail(b, err);
		return NULL;
	}
	db_bind_int64(st, 1, since);
	db_bind_int64(st, 2, limit > 0 ? limit : INT64_MAX);
	db_bind_text(st, 3, b->region, (size_t)-1);
	return entries_json(b, st, err);
}

/* q is matched as a substring (ASCII case ignored) of who, what or the object */
#define AUDIT_MATCH "(?1 = '' OR instr(lower(\"user\"), lower(?1)) > 0 OR instr(lower(action), lower(?1)) > 0 OR instr(lower(object), lower(?1)) > 0)"

json_t *store_audit_page(struct book *b, int64_t offset, int64_t limit, const char *q, int64_t *total, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT count(*) FROM audit WHERE " AUDIT_MATCH " AND " AUDIT_SEEN(2));
	if (!st) {
		sqlfail(b, err);
		return NULL;
	}
	db_bind_text(st, 1, q ? q : "", q ? strlen(q) : 0);
	db_bind_text(st, 2, b->region, (size_t)-1);
	*total = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
	db_done(st);
	if (*total < 0) {
		sqlfail(b, err);
		return NULL;
	}
	st = db_cached(b->db, "SELECT id, time, \"user\", action, object, before_json, after_json, prev_hash, hash, rows,"
			      " region FROM audit WHERE " AUDIT_MATCH " AND " AUDIT_SEEN(4) " ORDER BY id DESC LIMIT ?2 OFFSET ?3");
	if (!st) {
		sqlfail(b, err);
		return NULL;
	}
	db_bind_text(st, 1, q ? q : "", q ? strlen(q) : 0);
	db_bind_text(st, 4, b->region, (size_t)-1);
	db_bind_int64(st, 2, limit);
	db_bind_int64(st, 3, offset);
	return entries_json(b, st, err);
}

int64_t store_audit_count(struct book *b)
{
	struct db_stmt *st = db_cached(b->db, "SELECT count(*) FROM audit");
	int64_t n = -1;
	if (!st)
		return -1;
	if (db_step(st) == DB_ROW)
		n = db_col_int64(st, 0);
	db_done(st);
	return n;
}

static int hash_of(struct book *b, const char *sql, int64_t id, int64_t *out_id, char hash[65], struct buf *err)
{
	struct db_stmt *st = db_prepare(b->db, sql);
	if (!st)
		return sqlfail(b, err);
	if (id)
		db_bind_int64(st, 1, id);
	int s = db_step(st), rc = 0;
	if (s == DB_ROW) {
		if (out_id)
			*out_id = db_col_int64(st, 0);
		snprintf(hash, 65, "%s", text(st, 1));
		rc = 1;
	}
	db_done(st);
	if (s != DB_ROW && s != DB_DONE)
		return sqlfail(b, err);
	return rc;
}

int store_audit_head(struct book *b, int64_t *id, char hash[65], struct buf *err)
{
	*id = 0;
	hash[0] = 0;
	return hash_of(b, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", 0, id, hash, err);
}

int store_audit_entry_hash(struct book *b, int64_t id, char hash[65], struct buf *err)
{
	hash[0] = 0;
	return hash_of(b, "SELECT id, hash FROM audit WHERE id = ?1", id, NULL, hash, err);
}

/* A counted change (STORE_COUNTED): 1 when it is the first of its action
 * today (the caller appends an entry for it), 0 when only counted, -1. */
int store_audit_counted(struct book *b, const char *action, struct buf *err)
{
	char now[CLOCK_ISO_SZ], day[11];
	clock_iso(clock_now(), now);
	memcpy(day, now, 10);
	day[10] = 0;
	struct db_stmt *st = db_cached(b->db, "INSERT INTO audit_counts(day, action, n, first, last)"
					      " VALUES(?1, ?2, 1, ?3, ?3) ON CONFLICT(day, action)"
					      " DO UPDATE SET n = audit_counts.n + 1, last = excluded.last RETURNING n");
	if (!st)
		return sqlfail(b, err);
	db_bind_text(st, 1, day, (size_t)-1);
	db_bind_text(st, 2, action, (size_t)-1);
	db_bind_text(st, 3, now, (size_t)-1);
	int s = db_step(st);
	int64_t n = s == DB_ROW ? db_col_int64(st, 0) : -1;
	if (s == DB_ROW)
		s = db_step(st);
	db_done(st);
	if (n < 0 || s != DB_DONE)
		return sqlfail(b, err);
	return n == 1;
}

int store_audit_counts_each(struct book *b, store_audit_count_fn fn, void *arg, struct buf *err)
{
	struct db_stmt *st = db_prepare(b->db, "SELECT day, action, n, first, last FROM audit_counts ORDER BY day, action");
	if (!st)
		return sqlfail(b, err);
	int s, rc = 0;
	while ((s = db_step(st)) == DB_ROW) {
		struct store_audit_count_row r = { text(st, 0), text(st, 1), text(st, 3), text(st, 4), db_col_int64(st, 2) };
		if ((rc = fn(&r, arg)))
			break;
	}
	db_done(st);
	if (!rc && s != DB_DONE)
		return sqlfail(b, err);
	return rc;
}
