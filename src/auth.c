/*
 * auth.c - users, password hashing, sessions and the login throttle (see
 * auth.h).  Slow work (Argon2id) runs outside write transactions so that
 * a login never holds the book's write lock while hashing.
 */
#include "auth.h"
#include "audit.h"
#include "clock.h"

#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
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
		if (!strcmp(s, role_names[i])) {
			*role = 1u << i;
			return 0;
		}
	return -1;
}

static void init_sodium(void)
{
	if (sodium_init() < 0)
		abort();
}

int auth_check_name(const char *name, struct buf *err)
{
	size_t n = strlen(name);
	if (!n || n > 64) {
		buf_adds(err, L("用户名应为 1 到 64 字节", "a user name has 1 to 64 bytes"));
		return -1;
	}
	if (!utf8_valid(name, n)) {
		buf_adds(err, L("用户名不是有效的 UTF-8", "the user name is not valid UTF-8"));
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c <= ' ' || c == 0x7f || c == ';' || c == ':') {
			buf_adds(err, L("用户名不能含空格、控制字符、分号或冒号",
					"a user name has no spaces, control characters, ';' or ':'"));
			return -1;
		}
	}
	return 0;
}

int auth_check_password(const char *pw, struct buf *err)
{
	size_t n = strlen(pw), chars = 0;
	if (n > AUTH_PW_MAX) {
		buf_printf(err, L("密码过长（最多 %d 字节）", "the password is too long (at most %d bytes)"), AUTH_PW_MAX);
		return -1;
	}
	if (!utf8_valid(pw, n)) {
		buf_adds(err, L("密码不是有效的 UTF-8", "the password is not valid UTF-8"));
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)pw[i] & 0xc0) != 0x80)
			chars++;
	if (chars < AUTH_PW_MIN) {
		buf_printf(err, L("密码至少 %d 个字符", "a password has at least %d characters"), AUTH_PW_MIN);
		return -1;
	}
	return 0;
}

static int hash_password(const char *pw, char *out /* crypto_pwhash_STRBYTES */)
{
	init_sodium();
	return crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

static int sql_fail(struct book *b, struct buf *err)
{
	buf_printf(err, "%s: %s", b->path, sqlite3_errmsg(b->db));
	return AUTH_FAIL;
}

/* Run one statement with text parameters (NULL binds NULL); for writes. */
static int exec_text(struct book *b, const char *sql, int n, const char *const *args, struct buf *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(b->db, sql, -1, &st, NULL) != SQLITE_OK)
		return sql_fail(b, err);
	for (int i = 0; i < n; i++)
		if (args[i])
			sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return sql_fail(b, err);
	return AUTH_OK;
}

static json_t *user_json(const struct user *u)
{
	json_t *o = json_pack("{s:s, s:s}", "name", u->name, "role", role_name(u->role));
	json_object_set_new(o, "agency", u->agency[0] ? json_string(u->agency) : json_null());
	json_object_set_new(o, "disabled", json_boolean(u->is_disabled));
	return o;
}

static void fill_user(sqlite3_stmt *st, struct user *u)
{
	memset(u, 0, sizeof(*u));
	snprintf(u->name, sizeof u->name, "%s", (const char *)sqlite3_column_text(st, 0));
	if (role_parse((const char *)sqlite3_column_text(st, 1), &u->role))
		u->role = 0; /* unknown role: may do nothing */
	if (sqlite3_column_type(st, 2) != SQLITE_NULL)
		snprintf(u->agency, sizeof u->agency, "%s", (const char *)sqlite3_column_text(st, 2));
	u->is_disabled = sqlite3_column_int(st, 3);
}

int auth_user_get(struct book *b, const char *name, struct user *u)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(b->db, "SELECT name, role, agency, is_disabled FROM users WHERE name=?1", -1, &st,
			       NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int s = sqlite3_step(st), rc = 0;
	if (s == SQLITE_ROW) {
		fill_user(st, u);
		rc = 1;
	} else if (s != SQLITE_DONE) {
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}

int auth_user_list(struct book *b, struct user **out, size_t *n, struct buf *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(b->db, "SELECT name, role, agency, is_disabled FROM users ORDER BY name", -1, &st,
			       NULL) != SQLITE_OK)
		return sql_fail(b, err);
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(*out, cap, *n + 1);
		fill_user(st, &(*out)[(*n)++]);
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return sql_fail(b, err);
	return AUTH_OK;
}

static int agency_exists(struct book *b, const char *code)
{
	sqlite3_stmt *st;
	int found = 0;
	if (sqlite3_prepare_v2(b->db, "SELECT 1 FROM agencies WHERE fy=?1 AND code=?2", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int(st, 1, b->year);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	found = s == SQLITE_ROW ? 1 : s == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return found;
}

int auth_user_add(struct book *b, const char *actor, const char *name, unsigned role, const char *agency,
		  const char *password, struct buf *err)
{
	char hash[crypto_pwhash_STRBYTES], now[CLOCK_ISO_SZ];
	struct user u;
	int rc;
	if (agency && !*agency)
		agency = NULL;
	if (auth_check_name(name, err) || auth_check_password(password, err))
		return AUTH_BAD;
	if (role == ROLE_AGENCY && !agency) {
		buf_adds(err, L("预算单位用户须用 --agency 指定所属单位", "an agency user names its agency with --agency"));
		return AUTH_BAD;
	}
	if (role != ROLE_AGENCY && agency) {
		buf_printf(err, L("只有 agency 角色的用户才属于某个预算单位（%s 不应带 --agency）",
				  "only agency users belong to an agency (%s takes no --agency)"),
			   role_name(role));
		return AUTH_BAD;
	}
	if (hash_password(password, hash)) {
		buf_adds(err, L("内存不足，无法计算密码哈希", "out of memory hashing the password"));
		return AUTH_FAIL;
	}
	if (book_begin(b, err))
		return AUTH_FAIL;
	if (agency) {
		int e = agency_exists(b, agency);
		if (e <= 0) {
			rc = e < 0 ? sql_fail(b, err) : AUTH_BAD;
			if (!e)
				buf_printf(err, L("%d 年度没有预算单位 %s", "%d has no agency %s"), b->year, agency);
			goto out;
		}
	}
	if ((rc = auth_user_get(b, name, &u)) != 0) {
		if (rc > 0)
			buf_printf(err, L("用户 %s 已存在", "user %s exists already"), name);
		rc = rc > 0 ? AUTH_BAD : sql_fail(b, err);
		goto out;
	}
	clock_iso(clock_now(), now);
	const char *args[] = { name, role_name(role), agency, hash, now };
	if ((rc = exec_text(b,
			    "INSERT INTO users(name, role, agency, pwhash, created, changed)"
			    " VALUES(?1, ?2, ?3, ?4, ?5, ?5)",
			    5, args, err)))
		goto out;
	memset(&u, 0, sizeof u);
	snprintf(u.name, sizeof u.name, "%s", name);
	u.role = role;
	snprintf(u.agency, sizeof u.agency, "%s", agency ? agency : "");
	json_t *after = user_json(&u);
	rc = audit_append(b, actor, "user.add", name, NULL, after, err) ? AUTH_FAIL : AUTH_OK;
	json_decref(after);
	if (!rc && book_commit(b, err))
		rc = AUTH_FAIL;
out:
	sodium_memzero(hash, sizeof hash);
	if (rc)
		book_rollback(b);
	return rc;
}

/* Shared tail of passwd and disable: the user must exist; sessions end. */
static int change_user(struct book *b, const char *actor, const char *name, const char *action,
		       const char *sql, const char *hash, struct buf *err)
{
	struct user u;
	char now[CLOCK_ISO_SZ];
	int rc;
	if (book_begin(b, err))
		return AUTH_FAIL;
	if ((rc = auth_user_get(b, name, &u)) <= 0) {
		if (!rc)
			buf_printf(err, L("没有用户 %s", "no user %s"), name);
		rc = rc ? sql_fail(b, err) : AUTH_BAD;
		goto out;
	}
	clock_iso(clock_now(), now);
	const char *args[] = { name, now, hash };
	const char *end_sessions[] = { name };
	if ((rc = exec_text(b, sql, hash ? 3 : 2, args, err)) ||
	    (rc = exec_text(b, "DELETE FROM sessions WHERE user=?1", 1, end_sessions, err)))
		goto out;
	json_t *before = user_json(&u), *after;
	if (hash) {
		/* the log says that the password changed, never what to */
		after = json_pack("{s:s}", "password", "changed");
		json_decref(before);
		before = NULL;
	} else {
		u.is_disabled = 1;
		after = user_json(&u);
	}
	rc = audit_append(b, actor, action, name, before, after, err) ? AUTH_FAIL : AUTH_OK;
	json_decref(before);
	json_decref(after);
	if (!rc && book_commit(b, err))
		rc = AUTH_FAIL;
out:
	if (rc)
		book_rollback(b);
	return rc;
}

int auth_user_passwd(struct book *b, const char *actor, const char *name, const char *password, struct buf *err)
{
	char hash[crypto_pwhash_STRBYTES];
	if (auth_check_password(password, err))
		return AUTH_BAD;
	if (hash_password(password, hash)) {
		buf_adds(err, L("内存不足，无法计算密码哈希", "out of memory hashing the password"));
		return AUTH_FAIL;
	}
	int rc = change_user(b, actor, name, "user.passwd",
			     "UPDATE users SET pwhash=?3, changed=?2 WHERE name=?1", hash, err);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

int auth_user_disable(struct book *b, const char *actor, const char *name, struct buf *err)
{
	return change_user(b, actor, name, "user.disable",
			   "UPDATE users SET is_disabled=1, changed=?2 WHERE name=?1", NULL, err);
}

/* --- sessions and login ------------------------------------------------ */

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	init_sodium();
	if (hash_password("zbb-no-such-user-password", dummy_hash))
		abort();
}

static void random_hex(char *out /* AUTH_TOKEN_HEX */)
{
	unsigned char r[32];
	init_sodium();
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(out, AUTH_TOKEN_HEX, r, sizeof r);
	sodium_memzero(r, sizeof r);
}

/* Lock state of a name: the seconds still locked (0 when free). */
static int64_t locked_for(struct book *b, const char *name, int64_t now, int64_t *n_failed)
{
	sqlite3_stmt *st;
	int64_t left = 0;
	*n_failed = 0;
	if (sqlite3_prepare_v2(b->db, "SELECT n_failed, last_failed, locked_until FROM login_failures WHERE name=?1",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		/* a day without failures forgives the count */
		if (now - sqlite3_column_int64(st, 1) < 86400)
			*n_failed = sqlite3_column_int64(st, 0);
		int64_t until = sqlite3_column_int64(st, 2);
		if (until > now)
			left = until - now;
	}
	sqlite3_finalize(st);
	return left;
}

static int record_failure(struct book *b, const char *name, int64_t now, int64_t n_failed, struct buf *err)
{
	sqlite3_stmt *st;
	int64_t n = n_failed + 1, until = 0;
	if (n >= AUTH_FREE_FAILS) {
		int64_t lock = AUTH_LOCK_FIRST;
		for (int64_t i = AUTH_FREE_FAILS; i < n && lock < AUTH_LOCK_MAX; i++)
			lock *= 2;
		until = now + (lock < AUTH_LOCK_MAX ? lock : AUTH_LOCK_MAX);
	}
	if (sqlite3_prepare_v2(b->db,
			       "INSERT INTO login_failures(name, n_failed, last_failed, locked_until)"
			       " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(name) DO UPDATE SET"
			       " n_failed=excluded.n_failed, last_failed=excluded.last_failed,"
			       " locked_until=excluded.locked_until",
			       -1, &st, NULL) != SQLITE_OK)
		return sql_fail(b, err);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, n);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, until);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	return s == SQLITE_DONE ? AUTH_OK : sql_fail(b, err);
}

static int get_pwhash(struct book *b, const char *name, struct user *u, char *hash)
{
	sqlite3_stmt *st;
	int rc = 0;
	if (sqlite3_prepare_v2(b->db, "SELECT name, role, agency, is_disabled, pwhash FROM users WHERE name=?1", -1,
			       &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		fill_user(st, u);
		snprintf(hash, crypto_pwhash_STRBYTES, "%s", (const char *)sqlite3_column_text(st, 4));
		rc = 1;
	} else if (s != SQLITE_DONE) {
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}

int auth_login(struct book *b, const char *name, const char *password, struct session *s, char *token,
	       int64_t *retry_after, struct buf *err)
{
	char hash[crypto_pwhash_STRBYTES], th[AUTH_TOKEN_HEX];
	struct user u;
	int64_t now = clock_now(), n_failed;
	struct buf dummy = BUF_INIT;
	int rc = LOGIN_FAIL;
	pthread_once(&dummy_once, make_dummy);
	memset(s, 0, sizeof(*s));
	*retry_after = 0;
	/* a malformed name cannot be a user: deny without storing it */
	int name_ok = !auth_check_name(name, &dummy) && strlen(password) <= AUTH_PW_MAX;
	buf_release(&dummy);
	if (name_ok && (*retry_after = locked_for(b, name, now, &n_failed)) > 0)
		return LOGIN_LOCKED;
	int found = name_ok ? get_pwhash(b, name, &u, hash) : 0;
	if (found < 0) {
		sql_fail(b, err);
		return LOGIN_FAIL;
	}
	/* the same work whether or not the user exists */
	int pw_ok = !crypto_pwhash_str_verify(found ? hash : dummy_hash, password, strlen(password));
	int ok = found && pw_ok && !u.is_disabled && u.role;
	sodium_memzero(hash, sizeof hash);
	if (!name_ok)
		return LOGIN_DENIED;
	if (book_begin(b, err))
		return LOGIN_FAIL;
	if (!ok) {
		/* count it, in a fresh read: another thread may have failed too */
		locked_for(b, name, now, &n_failed);
		json_t *after = json_pack("{s:I}", "failures", (json_int_t)(n_failed + 1));
		if (record_failure(b, name, now, n_failed, err) ||
		    audit_append(b, "-", "session.login_failed", name, NULL, after, err) || book_commit(b, err))
			rc = LOGIN_FAIL;
		else
			rc = LOGIN_DENIED;
		json_decref(after);
		goto out;
	}
	random_hex(token);
	audit_sha256_hex(token, strlen(token), th);
	s->u = u;
	memcpy(s->token_hash, th, sizeof th);
	random_hex(s->csrf);
	s->last_seen = now;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(b->db,
			       "INSERT INTO sessions(token_hash, user, csrf, created, last_seen)"
			       " VALUES(?1, ?2, ?3, ?4, ?4)",
			       -1, &st, NULL) != SQLITE_OK) {
		sql_fail(b, err);
		goto out;
	}
	sqlite3_bind_text(st, 1, th, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s->csrf, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	int sr = sqlite3_step(st);
	sqlite3_finalize(st);
	if (sr != SQLITE_DONE) {
		sql_fail(b, err);
		goto out;
	}
	const char *args[] = { name };
	/* drop this user's expired sessions while we hold the lock */
	sqlite3_stmt *gc;
	if (sqlite3_prepare_v2(b->db, "DELETE FROM sessions WHERE user=?1 AND last_seen < ?2", -1, &gc, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(gc, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(gc, 2, now - AUTH_IDLE);
		sqlite3_step(gc);
		sqlite3_finalize(gc);
	}
	/* at most AUTH_MAX_SESSIONS per user: end the least recently used */
	int64_t n_ended = 0;
	if (sqlite3_prepare_v2(b->db,
			       "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions"
			       " WHERE user=?1 AND token_hash<>?2 ORDER BY last_seen DESC, created DESC"
			       " LIMIT -1 OFFSET ?3)",
			       -1, &gc, NULL) != SQLITE_OK) {
		sql_fail(b, err);
		goto out;
	}
	sqlite3_bind_text(gc, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(gc, 2, th, -1, SQLITE_STATIC);
	sqlite3_bind_int(gc, 3, AUTH_MAX_SESSIONS - 1);
	sr = sqlite3_step(gc);
	sqlite3_finalize(gc);
	if (sr != SQLITE_DONE) {
		sql_fail(b, err);
		goto out;
	}
	n_ended = sqlite3_changes(b->db);
	json_t *after = json_pack("{s:s}", "role", role_name(u.role));
	if (n_ended)
		json_object_set_new(after, "sessions_ended", json_integer(n_ended));
	if (exec_text(b, "DELETE FROM login_failures WHERE name=?1", 1, args, err) ||
	    audit_append(b, u.name, "session.login", u.name, NULL, after, err) || book_commit(b, err)) {
		json_decref(after);
		goto out;
	}
	json_decref(after);
	rc = LOGIN_OK;
out:
	if (rc != LOGIN_OK && rc != LOGIN_DENIED) {
		book_rollback(b);
		memset(token, 0, AUTH_TOKEN_HEX);
	}
	if (rc == LOGIN_DENIED)
		book_rollback(b); /* no-op after a commit */
	return rc;
}

int auth_session_get(struct book *b, const char *token, struct session *s)
{
	char th[AUTH_TOKEN_HEX];
	sqlite3_stmt *st;
	size_t n = token ? strlen(token) : 0;
	int64_t now = clock_now();
	memset(s, 0, sizeof(*s));
	if (n != AUTH_TOKEN_HEX - 1 || strspn(token, "0123456789abcdef") != n)
		return 0;
	audit_sha256_hex(token, n, th);
	if (sqlite3_prepare_v2(b->db,
			       "SELECT u.name, u.role, u.agency, u.is_disabled, s.csrf, s.last_seen"
			       " FROM sessions s JOIN users u ON u.name = s.user WHERE s.token_hash=?1",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, th, -1, SQLITE_STATIC);
	int r = sqlite3_step(st), rc = 0;
	if (r == SQLITE_ROW) {
		fill_user(st, &s->u);
		snprintf(s->csrf, sizeof s->csrf, "%s", (const char *)sqlite3_column_text(st, 4));
		s->last_seen = sqlite3_column_int64(st, 5);
		memcpy(s->token_hash, th, sizeof th);
		rc = 1;
	} else if (r != SQLITE_DONE) {
		rc = -1;
	}
	sqlite3_finalize(st);
	if (rc != 1)
		return rc;
	if (s->u.is_disabled || !s->u.role || now - s->last_seen > AUTH_IDLE) {
		memset(s, 0, sizeof(*s));
		return 0;
	}
	if (now - s->last_seen >= 60) {
		/* refresh at most once a minute: reads stay reads */
		if (sqlite3_prepare_v2(b->db, "UPDATE sessions SET last_seen=?2 WHERE token_hash=?1", -1, &st, NULL) ==
		    SQLITE_OK) {
			sqlite3_bind_text(st, 1, th, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, now);
			sqlite3_step(st);
			sqlite3_finalize(st);
		}
		s->last_seen = now;
	}
	return 1;
}

int auth_logout(struct book *b, const struct session *s, struct buf *err)
{
	const char *args[] = { s->token_hash };
	if (book_begin(b, err))
		return AUTH_FAIL;
	if (exec_text(b, "DELETE FROM sessions WHERE token_hash=?1", 1, args, err) ||
	    audit_append(b, s->u.name, "session.logout", s->u.name, NULL, NULL, err) || book_commit(b, err)) {
		book_rollback(b);
		return AUTH_FAIL;
	}
	return AUTH_OK;
}

int auth_csrf_ok(const struct session *s, const char *header)
{
	size_t n = AUTH_TOKEN_HEX - 1;
	if (!header || strlen(header) != n || strlen(s->csrf) != n)
		return 0;
	return sodium_memcmp(header, s->csrf, n) == 0;
}
