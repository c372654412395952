/*
 * auth.h - users, roles, passwords, sessions and the login throttle
 * (SPEC §9).  No HTTP here: http.c and cmd_user.c are the front ends; the
 * rows are the store's (store.h: struct user, struct session, ROLE_*).
 *
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str,
 * interactive limits) and are never stored, logged or returned.  A session
 * is a random 32-byte token (64 hex digits) handed to the client once; the
 * book keeps only its SHA-256, the SHA-256 of its CSRF token (which is
 * derived from the session token, so only its holder can show it again),
 * when it began and when it was last seen.  A session ends at logout,
 * AUTH_LIFETIME after its sign-in, after AUTH_IDLE seconds without use,
 * when its user is disabled or changes password, or when the user signs in
 * an (AUTH_MAX_SESSIONS + 1)th time: a new sign-in always succeeds and
 * ends the user's least recently used session (a forgotten browser should
 * not lock its owner out; the audit entry of the sign-in counts what
 * ended).  The login throttle lives in the server's memory and cannot be
 * turned against a user: failed sign-ins are counted per (client address,
 * name) and per client address (and, in the book, per name); after
 * AUTH_FREE_FAILS failures for a name from one address that pair is
 * locked for a window doubling from AUTH_LOCK_FIRST, and after
 * AUTH_ADDR_FREE_FAILS failures from one address, whatever the names, the
 * address waits a delay doubling from 1 s; both up to AUTH_LOCK_MAX.  The
 * owner signing in from another address is never locked out by someone
 * else's failures.  A sign-in is three steps so that the slow one never
 * holds a book connection: auth_login_begin (the throttle, the user's
 * hash read), auth_login_verify (Argon2id, on the server's own small pool
 * of verifier threads), auth_login_end (the session or the failure,
 * written).  Every change to users or
 * sessions is one store_write with its audit entry.  Slow work (Argon2id)
 * runs outside write transactions so that a login never holds the book's
 * write lock while hashing.  Functions return AUTH_OK, AUTH_BAD (the
 * user's mistake; err says why, in the user's language) or AUTH_FAIL
 * (storage; err).
 */
#ifndef ZBB_AUTH_H
#define ZBB_AUTH_H

#include <jansson.h>
#include <stdint.h>
#include "store.h"

enum { AUTH_OK = 0, AUTH_BAD = 2, AUTH_FAIL = 3 };

#define AUTH_PW_MIN 8      /* characters (code points) */
#define AUTH_PW_MAX 1024   /* bytes */
#define AUTH_IDLE (8 * 3600)
#define AUTH_LIFETIME (12 * 3600) /* a session ends this long after its sign-in, however used */
#define AUTH_FREE_FAILS 5          /* failures before the first lockout */
#define AUTH_LOCK_FIRST 30         /* seconds; doubles with each further failure */
#define AUTH_LOCK_MAX (15 * 60)
#define AUTH_ADDR_FREE_FAILS 20    /* failures from one address before it is slowed */
#define AUTH_TOKEN_HEX 65          /* 64 hex digits + NUL */
#define AUTH_MAX_SESSIONS 10       /* live sessions per user */

/* Validate a user name (1–64 bytes of UTF-8 without spaces or control
 * characters) and a password: AUTH_PW_MIN characters to AUTH_PW_MAX
 * bytes, not the user's name (name may be NULL), not one character
 * repeated, not one of the most common passwords (pwlist.c), whatever
 * the case. */
int auth_check_name(const char *name, struct buf *err);
int auth_check_password(const char *pw, const char *name, struct buf *err);
/* pwlist.c: pw is on the list of common passwords (any case); the list is
 * in order (a test). */
int auth_password_is_common(const char *pw);
int auth_password_list_sorted(void);

/* A user as the API and `zbb user list --format json` show it (and as
 * the audit log records it): {name, role, agency, disabled}. */
json_t *auth_user_json(const struct user *u);

/* Add a user.  An agency user names an agency of the book's working
 * year; other roles name none.  actor is who does it (for the audit). */
int auth_user_add(struct book *b, const char *actor, const char *name, unsigned role,
		  const char *agency, const char *password, struct buf *err);
/* The same; the user belongs to b's region (SPEC §14) and, scoped, may
 * read the roll-ups of its subtree (not an agency user, not a township). */
int auth_user_add_in(struct book *b, const char *actor, const char *name, unsigned role, const char *agency,
		     int scoped, const char *password, struct buf *err);
/* A change of a user, as one audited write: a new password (NULL: keep),
 * disabled 1 or enabled again 0 (-1: keep), a new role (-1: keep; a
 * ROLE_* bit) with its agency for an agency user.  Refused (AUTH_BAD) when
 * the actor disables or demotes themself, or it would leave no active
 * admin.  The user's sessions end, unless it was only enabled. */
struct auth_change {
	const char *password;
	int disabled;
	int role;
	const char *agency;
};
int auth_user_change(struct book *b, const char *actor, const char *name, const struct auth_change *ch,
		     struct buf *err);
/* A new password (password not NULL) and/or disable the user, as one
 * change; the user's sessions end. */
int auth_user_update(struct book *b, const char *actor, const char *name, const char *password, int disable,
		     struct buf *err);
int auth_user_passwd(struct book *b, const char *actor, const char *name, const char *password,
		     struct buf *err);
int auth_user_disable(struct book *b, const char *actor, const char *name, struct buf *err);
/* 1 found, 0 not, -1 storage failure. */
int auth_user_get(struct book *b, const char *name, struct user *u);
/* All users by name; *out is malloc'd (caller frees). */
int auth_user_list(struct book *b, struct user **out, size_t *n, struct buf *err);

enum { LOGIN_OK = 0, LOGIN_DENIED = 1, LOGIN_LOCKED = 2, LOGIN_FAIL = 3, LOGIN_VERIFY = 4 };

/* One sign-in between its steps (see above); the caller keeps it and
 * wipes nothing: auth_login_end does. */
struct login_try {
	char name[72];
	char addr[64];
	int name_ok, found, pw_ok;
	struct user u;
	char hash[128]; /* crypto_pwhash_STRBYTES */
	int64_t now;
};
/* The throttle and the user's hash: LOGIN_LOCKED (*retry_after set),
 * LOGIN_FAIL (err), or LOGIN_VERIFY: call auth_login_verify next.  addr
 * is the client's address ("-" when unknown). */
int auth_login_begin(struct book *b, const char *addr, const char *name, const char *password,
		     struct login_try *t, int64_t *retry_after, struct buf *err);
/* Argon2id: the slow step; touches no book.  The same work whether or
 * not the user exists. */
void auth_login_verify(struct login_try *t, const char *password);
/* The outcome, written: LOGIN_OK (the session; token set), LOGIN_DENIED
 * (the failure counted), LOGIN_FAIL.  Wipes t's hash. */
int auth_login_end(struct book *b, struct login_try *t, struct session *s, char *token, struct buf *err);
/* Forget the throttle's counts (tests). */
void auth_throttle_reset(void);
/* Check name and password; on success create a session and write its
 * token to token (AUTH_TOKEN_HEX bytes).  LOGIN_DENIED says nothing about
 * which of name or password was wrong.  LOGIN_LOCKED sets *retry_after
 * (seconds) and does not look at the password. */
int auth_login(struct book *b, const char *name, const char *password, struct session *s,
	       char *token, int64_t *retry_after, struct buf *err);
/* The live session of a token: 1 (s filled, last_seen refreshed at most
 * once a minute), 0 (no such session, expired, or user disabled), -1. */
int auth_session_get(struct book *b, const char *token, struct session *s);
int auth_logout(struct book *b, const struct session *s, struct buf *err);
/* Constant-time comparison of a CSRF header with the session's token. */
int auth_csrf_ok(const struct session *s, const char *header);

#endif
