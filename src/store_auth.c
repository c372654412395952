/*
 * store_auth.c - the tables of users, sessions and the login throttle
 * (see store.h).  Passwords, tokens and the rules around them are
 * auth.c's: here are only their rows (a password as its Argon2id hash, a
 * session as its token's SHA-256).
 */
#include "store.h"
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[] = { "agency", "reviewer", "budget", "viewer", "admin" };

const char *role_name(unsigned role)
{
	for (unsigned i = 0; i < 5; i++)
		if (role == 1u << i)
			return role_names[i];
	return "?";
}

int role_parse(const char *s, unsigned *role)
{
	for (unsigned i = 0; i < 5; i++)
		if (s && !strcmp(s, role_names[i])) {
			*role = 1u << i;
			return 0;
		}
	return -1;
}

static int sqlfail(struct book *b, struct buf *err)
{
	if (err)
		buf_printf(err, "%s: %s", b->name, db_errmsg(b->db));
	return -1;
}

/* One statement with text parameters (NULL binds NULL), no rows. */
static int run(struct book *b, const char *sql, int n, const char *const *args, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, sql);
	if (!st)
		return sqlfail(b, err);
	for (int i = 0; i < n; i++)
		db_bind_text(st, i + 1, args[i], (size_t)-1);
	int s = db_step(st);
	db_done(st);
	return s == DB_DONE ? 0 : sqlfail(b, err);
}

static void fill_user(struct db_stmt *st, struct user *u)
{
	memset(u, 0, sizeof(*u));
	snprintf(u->name, sizeof u->name, "%s", db_col_text(st, 0));
	if (role_parse(db_col_text(st, 1), &u->role))
		u->role = 0; /* unknown role: may do nothing */
	if (!db_col_is_null(st, 2))
		snprintf(u->agency, sizeof u->agency, "%s", db_col_text(st, 2));
	u->is_disabled = db_col_int64(st, 3) != 0;
	snprintf(u->region, sizeof u->region, "%s", db_col_text(st, 4) ? db_col_text(st, 4) : "");
	snprintf(u->scope, sizeof u->scope, "%s", db_col_text(st, 5) ? db_col_text(st, 5) : "");
}

/* the columns fill_user reads, first in every statement that fills a user */
#define USER_COLS "name, role, agency, is_disabled, region, scope"

int store_user_get(struct book *b, const char *name, struct user *u, char *pwhash, size_t pwhash_size)
{
	struct db_stmt *st = db_cached(b->db, "SELECT " USER_COLS ", pwhash FROM users WHERE name=?1");
	if (!st)
		return -1;
	db_bind_text(st, 1, name, (size_t)-1);
	int s = db_step(st), rc = 0;
	if (s == DB_ROW) {
		fill_user(st, u);
		if (pwhash)
			snprintf(pwhash, pwhash_size, "%s", db_col_text(st, 6) ? db_col_text(st, 6) : "");
		rc = 1;
	} else if (s != DB_DONE) {
		rc = -1;
	}
	db_done(st);
	return rc;
}

int store_users(struct book *b, struct user **out, size_t *n, struct buf *err)
{
	struct db_stmt *st = db_cached(b->db, "SELECT " USER_COLS " FROM users ORDER BY name");
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (!st)
		return sqlfail(b, err);
	int s;
	while ((s = db_step(st)) == DB_ROW) {
		XGROW(*out, cap, *n + 1);
		fill_user(st, &(*out)[(*n)++]);
	}
	db_done(st);
	return s == DB_DONE ? 0 : sqlfail(b, err);
}

int store_user_insert(struct book *b, const struct user *u, const char *pwhash, const char *now, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	const char *args[] = { u->name, role_name(u->role), u->agency[0] ? u->agency : NULL, pwhash, now, u->region,
			       u->scope[0] ? u->scope : NULL };
	return run(b,
		   "INSERT INTO users(name, role, agency, pwhash, created, changed, region, scope)"
		   " VALUES(?1, ?2, ?3, ?4, ?5, ?5, ?6, CAST(?7 AS TEXT))",
		   7, args, err);
}

int store_user_change(struct book *b, const char *name, const char *pwhash, int disable, const char *now,
		      struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct store_user_set x = { pwhash, disable ? 1 : -1, NULL, NULL };
	return store_user_set(b, name, &x, now, err);
}

int store_user_set(struct book *b, const char *name, const struct store_user_set *x, const char *now,
		   struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	const char *args[] = { name, now, x->pwhash, x->role, x->agency };
	if (x->pwhash && run(b, "UPDATE users SET pwhash=?3, changed=?2 WHERE name=?1", 3, args, err))
		return -1;
	if (x->disabled >= 0 &&
	    run(b, x->disabled ? "UPDATE users SET is_disabled=1, changed=?2 WHERE name=?1"
			       : "UPDATE users SET is_disabled=0, changed=?2 WHERE name=?1",
		2, args, err))
		return -1;
	/* every parameter of a statement used in it: PostgreSQL cannot type one that is not */
	const char *rargs[] = { name, now, x->role, x->agency };
	if (x->role && x->agency && run(b, "UPDATE users SET role=?3, agency=?4, changed=?2 WHERE name=?1", 4, rargs, err))
		return -1;
	if (x->role && !x->agency && run(b, "UPDATE users SET role=?3, agency=NULL, changed=?2 WHERE name=?1", 3, rargs, err))
		return -1;
	return 0;
}

int64_t store_admins_active(struct book *b, const char *except)
{
	struct db_stmt *st = db_cached(b->db, "SELECT count(*) FROM users WHERE role='admin' AND is_disabled=0 AND name<>?1");
	int64_t n = -1;
	if (!st)
		return -1;
	db_bind_text(st, 1, except ? except : "", (size_t)-1);
	if (db_step(st) == DB_ROW)
		n = db_col_int64(st, 0);
	db_done(st);
	return n;
}

int64_t store_sessions_end(struct book *b, const char *user, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	const char *args[] = { user };
	if (run(b, "DELETE FROM sessions WHERE \"user\"=?1", 1, args, err))
		return -1;
	return db_changes(b->db);
}

int store_session_get(struct book *b, const char *token_hash, struct session *s)
{
	struct db_stmt *st = db_cached(b->db, "SELECT u.name, u.role, u.agency, u.is_disabled, u.region, u.scope, s.csrf, s.last_seen, s.created"
					      " FROM sessions s JOIN users u ON u.name = s.\"user\" WHERE s.token_hash=?1");
	if (!st)
		return -1;
	db_bind_text(st, 1, token_hash, (size_t)-1);
	int r = db_step(st), rc = 0;
	if (r == DB_ROW) {
		fill_user(st, &s->u);
		snprintf(s->csrf_hash, sizeof s->csrf_hash, "%s", db_col_text(st, 6) ? db_col_text(st, 6) : "");
		s->last_seen = db_col_int64(st, 7);
		s->created = db_col_int64(st, 8);
		snprintf(s->token_hash, sizeof s->token_hash, "%s", token_hash);
		rc = 1;
	} else if (r != DB_DONE) {
		rc = -1;
	}
	db_done(st);
	return rc;
}

int store_session_insert(struct book *b, const struct session *s, int64_t now, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct db_stmt *st = db_cached(b->db, "INSERT INTO sessions(token_hash, \"user\", csrf, created, last_seen)"
					      " VALUES(?1, ?2, ?3, ?4, ?4)");
	if (!st)
		return sqlfail(b, err);
	db_bind_text(st, 1, s->token_hash, (size_t)-1);
	db_bind_text(st, 2, s->u.name, (size_t)-1);
	db_bind_text(st, 3, s->csrf_hash, (size_t)-1);
	db_bind_int64(st, 4, now);
	int r = db_step(st);
	db_done(st);
	return r == DB_DONE ? 0 : sqlfail(b, err);
}

void store_session_touch(struct book *b, const char *token_hash, int64_t now)
{
	struct db_stmt *st = db_cached(b->db, "UPDATE sessions SET last_seen=?2 WHERE token_hash=?1");
	if (!st)
		return;
	db_bind_text(st, 1, token_hash, (size_t)-1);
	db_bind_int64(st, 2, now);
	db_step(st);
	db_done(st);
}

int store_session_delete(struct book *b, const char *token_hash, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	const char *args[] = { token_hash };
	return run(b, "DELETE FROM sessions WHERE token_hash=?1", 1, args, err);
}

int64_t store_sessions_trim(struct book *b, const char *user, const char *current, int64_t before, int keep,
			    struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct db_stmt *st = db_cached(b->db, "DELETE FROM sessions WHERE \"user\"=?1 AND last_seen < ?2");
	if (!st)
		return sqlfail(b, err);
	db_bind_text(st, 1, user, (size_t)-1);
	db_bind_int64(st, 2, before);
	int r = db_step(st);
	db_done(st);
	if (r != DB_DONE)
		return sqlfail(b, err);
	/* the least recently used beyond keep */
	st = db_cached(b->db, "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions"
			      " WHERE \"user\"=?1 AND token_hash<>?2 ORDER BY last_seen DESC, created DESC"
			      " LIMIT ?4 OFFSET ?3)");
	if (!st)
		return sqlfail(b, err);
	db_bind_text(st, 1, user, (size_t)-1);
	db_bind_text(st, 2, current, (size_t)-1);
	db_bind_int64(st, 3, keep);
	db_bind_int64(st, 4, INT64_MAX);
	r = db_step(st);
	db_done(st);
	if (r != DB_DONE)
		return sqlfail(b, err);
	return db_changes(b->db);
}

int store_login_failures_get(struct book *b, const char *name, struct store_login_failures *f)
{
	struct db_stmt *st =
		db_cached(b->db, "SELECT n_failed, last_failed, locked_until FROM login_failures WHERE name=?1");
	memset(f, 0, sizeof(*f));
	if (!st)
		return -1;
	db_bind_text(st, 1, name, (size_t)-1);
	int s = db_step(st), rc = 0;
	if (s == DB_ROW) {
		f->n_failed = db_col_int64(st, 0);
		f->last_failed = db_col_int64(st, 1);
		f->locked_until = db_col_int64(st, 2);
		rc = 1;
	} else if (s != DB_DONE) {
		rc = -1;
	}
	db_done(st);
	return rc;
}

int store_login_failures_put(struct book *b, const char *name, const struct store_login_failures *f,
			     struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	struct db_stmt *st = db_cached(b->db, "INSERT INTO login_failures(name, n_failed, last_failed, locked_until)"
					      " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(name) DO UPDATE SET"
					      " n_failed=excluded.n_failed, last_failed=excluded.last_failed,"
					      " locked_until=excluded.locked_until");
	if (!st)
		return sqlfail(b, err);
	db_bind_text(st, 1, name, (size_t)-1);
	db_bind_int64(st, 2, f->n_failed);
	db_bind_int64(st, 3, f->last_failed);
	db_bind_int64(st, 4, f->locked_until);
	int s = db_step(st);
	db_done(st);
	return s == DB_DONE ? 0 : sqlfail(b, err);
}

int store_login_failures_clear(struct book *b, const char *name, struct buf *err)
{
	if (!store_in_write(b))
		return store_outside_write(b, err);
	const char *args[] = { name };
	return run(b, "DELETE FROM login_failures WHERE name=?1", 1, args, err);
}
