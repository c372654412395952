/*
 * auth.c - users, password hashing, sessions and the login throttle (see
 * auth.h).  Every change is one store_write; the rows are the store's.
 */
#include "auth.h"
#include "audit.h"
#include "clock.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

int auth_check_password(const char *pw, const char *name, struct buf *err)
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
	size_t first = 1;
	while (first < n && ((unsigned char)pw[first] & 0xc0) == 0x80)
		first++;
	size_t same = first;
	while (same + first <= n && !memcmp(pw + same, pw, first))
		same += first;
	if (same == n) {
		buf_adds(err, L("密码不能是同一个字符的重复", "a password is not one character repeated"));
		return -1;
	}
	if (name && !strcasecmp(pw, name)) {
		buf_adds(err, L("密码不能与用户名相同", "a password is not the user name"));
		return -1;
	}
	if (auth_password_is_common(pw)) {
		buf_adds(err, L("这是最常见的密码之一，请另选一个", "this is one of the most common passwords; choose another"));
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

json_t *auth_user_json(const struct user *u)
{
	json_t *o = json_pack("{s:s, s:s}", "name", u->name, "role", role_name(u->role));
	json_object_set_new(o, "agency", u->agency[0] ? json_string(u->agency) : json_null());
	json_object_set_new(o, "disabled", json_boolean(u->is_disabled));
	json_object_set_new(o, "region", json_string(u->region));
	json_object_set_new(o, "scope", u->scope[0] ? json_string(u->scope) : json_null());
	return o;
}

int auth_user_get(struct book *b, const char *name, struct user *u)
{
	return store_user_get(b, name, u, NULL, 0);
}

int auth_user_list(struct book *b, struct user **out, size_t *n, struct buf *err)
{
	return store_users(b, out, n, err) ? AUTH_FAIL : AUTH_OK;
}

struct user_add {
	struct user u;
	const char *hash;
};

static int user_add_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct user_add *x = arg;
	char now[CLOCK_ISO_SZ];
	struct user have;
	if (x->u.agency[0]) {
		int e = store_code_exists(b, "agencies", x->u.agency, strlen(x->u.agency));
		if (e < 0) {
			buf_printf(err, "%s: %s", b->name, L("无法读取预算单位", "cannot read the agencies"));
			return -1;
		}
		if (!e) {
			buf_printf(err, L("%d 年度没有预算单位 %s", "%d has no agency %s"), b->year, x->u.agency);
			return AUTH_BAD;
		}
	}
	int rc = store_user_get(b, x->u.name, &have, NULL, 0);
	if (rc) {
		if (rc > 0)
			buf_printf(err, L("用户 %s 已存在", "user %s exists already"), x->u.name);
		else
			buf_printf(err, "%s: %s", b->name, L("无法读取用户", "cannot read the users"));
		return rc > 0 ? AUTH_BAD : -1;
	}
	clock_iso(clock_now(), now);
	if (store_user_insert(b, &x->u, x->hash, now, err))
		return -1;
	c->after = auth_user_json(&x->u);
	return 0;
}

int auth_user_add(struct book *b, const char *actor, const char *name, unsigned role, const char *agency,
		  const char *password, struct buf *err)
{
	return auth_user_add_in(b, actor, name, role, agency, 0, password, err);
}

int auth_user_add_in(struct book *b, const char *actor, const char *name, unsigned role, const char *agency,
		     int scoped, const char *password, struct buf *err)
{
	char hash[crypto_pwhash_STRBYTES];
	struct user_add x;
	if (agency && !*agency)
		agency = NULL;
	if (auth_check_name(name, err) || auth_check_password(password, name, err))
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
	if (!b->region[0]) {
		buf_adds(err, L("账簿有多个区划：请用 --region 指定用户所属的区划", "the book has several regions: give the user's with --region"));
		return AUTH_BAD;
	}
	if (scoped && (role == ROLE_AGENCY || region_level(b->region) == 4)) {
		buf_adds(err, role == ROLE_AGENCY ? L("预算单位用户只看本单位，不能读取区划汇总（--scope）",
						      "an agency user reads its agency only, never a roll-up (--scope)")
						  : L("乡级区划没有下级，--scope 无从汇总", "a township has no regions under it to roll up (--scope)"));
		return AUTH_BAD;
	}
	if (hash_password(password, hash)) {
		buf_adds(err, L("内存不足，无法计算密码哈希", "out of memory hashing the password"));
		return AUTH_FAIL;
	}
	memset(&x, 0, sizeof x);
	snprintf(x.u.region, sizeof x.u.region, "%s", b->region);
	if (scoped)
		snprintf(x.u.scope, sizeof x.u.scope, "%s", b->region);
	snprintf(x.u.name, sizeof x.u.name, "%s", name);
	x.u.role = role;
	snprintf(x.u.agency, sizeof x.u.agency, "%s", agency ? agency : "");
	x.hash = hash;
	struct store_change c = { actor, "user.add", name, NULL, NULL, 0 };
	int rc = store_write(b, &c, user_add_fn, &x, err);
	store_change_release(&c);
	sodium_memzero(hash, sizeof hash);
	return rc < 0 ? AUTH_FAIL : rc;
}

struct user_change {
	const char *actor, *name, *hash;
	const struct auth_change *ch;
};

/* A change of a user, refused when it would lock the bureau out: nobody
 * disables or demotes themself, and the last active admin stays one.
 * Checked here, in the write's own transaction, for the CLI and the API
 * alike.  The user's sessions end unless it was only enabled again. */
static int user_change_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct user_change *x = arg;
	const struct auth_change *ch = x->ch;
	struct user u;
	char now[CLOCK_ISO_SZ];
	int rc = store_user_get(b, x->name, &u, NULL, 0);
	if (rc <= 0) {
		if (!rc)
			buf_printf(err, L("没有用户 %s", "no user %s"), x->name);
		else
			buf_printf(err, "%s: %s", b->name, L("无法读取用户", "cannot read the users"));
		return rc ? -1 : AUTH_BAD;
	}
	int demote = ch->role >= 0 && (unsigned)ch->role != ROLE_ADMIN && u.role == ROLE_ADMIN;
	int self = x->actor && !strcmp(x->actor, x->name);
	if (self && ch->disabled == 1) {
		buf_adds(err, L("不能停用自己的账号（请另一位管理员操作）", "you cannot disable yourself (ask another admin)"));
		return AUTH_BAD;
	}
	if (self && demote) {
		buf_adds(err, L("不能取消自己的管理员角色（请另一位管理员操作）", "you cannot take away your own admin role (ask another admin)"));
		return AUTH_BAD;
	}
	if (u.role == ROLE_ADMIN && !u.is_disabled && (ch->disabled == 1 || demote)) {
		int64_t others = store_admins_active(b, x->name);
		if (others < 0) {
			buf_printf(err, "%s: %s", b->name, L("无法读取用户", "cannot read the users"));
			return -1;
		}
		if (!others) {
			buf_printf(err, L("%s 是最后一位在用的管理员：先添加或启用另一位管理员", "%s is the last active admin: add or enable another admin first"),
				   x->name);
			return AUTH_BAD;
		}
	}
	const char *agency = ch->agency && *ch->agency ? ch->agency : NULL;
	if (ch->role >= 0) {
		if ((unsigned)ch->role == ROLE_AGENCY && !agency) {
			buf_adds(err, L("预算单位用户须指定所属单位", "an agency user names its agency"));
			return AUTH_BAD;
		}
		if ((unsigned)ch->role != ROLE_AGENCY && agency) {
			buf_printf(err, L("只有 agency 角色的用户才属于某个预算单位（%s 不应带单位）",
					  "only agency users belong to an agency (%s takes none)"),
				   role_name((unsigned)ch->role));
			return AUTH_BAD;
		}
		if (agency) {
			int e = store_code_exists(b, "agencies", agency, strlen(agency));
			if (e <= 0) {
				if (e < 0)
					buf_printf(err, "%s: %s", b->name, L("无法读取预算单位", "cannot read the agencies"));
				else
					buf_printf(err, L("%d 年度没有预算单位 %s", "%d has no agency %s"), b->year, agency);
				return e < 0 ? -1 : AUTH_BAD;
			}
		}
	}
	clock_iso(clock_now(), now);
	struct store_user_set set = { x->hash, ch->disabled, ch->role >= 0 ? role_name((unsigned)ch->role) : NULL, agency };
	if (store_user_set(b, x->name, &set, now, err))
		return -1;
	if ((x->hash || ch->disabled == 1 || ch->role >= 0) && store_sessions_end(b, x->name, err) < 0)
		return -1;
	c->before = auth_user_json(&u);
	if (ch->disabled >= 0)
		u.is_disabled = ch->disabled;
	if (ch->role >= 0) {
		u.role = (unsigned)ch->role;
		snprintf(u.agency, sizeof u.agency, "%s", agency ? agency : "");
	}
	c->after = auth_user_json(&u);
	/* the log says that the password changed, never what to */
	if (x->hash)
		json_object_set_new(c->after, "password", json_string("changed"));
	return 0;
}

int auth_user_change(struct book *b, const char *actor, const char *name, const struct auth_change *ch, struct buf *err)
{
	char hash[crypto_pwhash_STRBYTES];
	if (ch->password) {
		if (auth_check_password(ch->password, name, err))
			return AUTH_BAD;
		if (hash_password(ch->password, hash)) {
			buf_adds(err, L("内存不足，无法计算密码哈希", "out of memory hashing the password"));
			return AUTH_FAIL;
		}
	}
	int kinds = !!ch->password + (ch->disabled >= 0) + (ch->role >= 0);
	const char *action = kinds > 1	       ? "user.update"
			     : ch->password    ? "user.passwd"
			     : ch->disabled == 1 ? "user.disable"
			     : ch->disabled == 0 ? "user.enable"
						 : "user.role";
	struct user_change x = { actor, name, ch->password ? hash : NULL, ch };
	struct store_change c = { actor, action, name, NULL, NULL, 0 };
	int rc = store_write(b, &c, user_change_fn, &x, err);
	store_change_release(&c);
	sodium_memzero(hash, sizeof hash);
	return rc < 0 ? AUTH_FAIL : rc;
}

int auth_user_update(struct book *b, const char *actor, const char *name, const char *password, int disable,
		     struct buf *err)
{
	struct auth_change ch = { password, disable ? 1 : -1, -1, NULL };
	return auth_user_change(b, actor, name, &ch, err);
}

int auth_user_passwd(struct book *b, const char *actor, const char *name, const char *password, struct buf *err)
{
	return auth_user_update(b, actor, name, password, 0, err);
}

int auth_user_disable(struct book *b, const char *actor, const char *name, struct buf *err)
{
	return auth_user_update(b, actor, name, NULL, 1, err);
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

/* The CSRF token of a session token: only the holder of the session
 * cookie can show it, and the book (keeping hashes of both) cannot. */
static void csrf_of(const char *token, char *out /* AUTH_TOKEN_HEX */)
{
	struct buf m = BUF_INIT;
	buf_printf(&m, "zbb-csrf\n%s", token);
	audit_sha256_hex(m.s, m.len, out);
	sodium_memzero(m.s, m.len);
	buf_release(&m);
}

static void random_hex(char *out /* AUTH_TOKEN_HEX */)
{
	unsigned char r[32];
	init_sodium();
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(out, AUTH_TOKEN_HEX, r, sizeof r);
	sodium_memzero(r, sizeof r);
}

/* --- the throttle ------------------------------------------------------
 * In memory, one process's: a table of keys ("a" ADDR, "n" ADDR NAME)
 * with their failures; a day without failures forgives them.  When the
 * table is full the key failing longest ago gives way. */
#define THR_SLOTS 4096
#define THR_PROBE 16
struct thr_slot {
	char key[160];
	int64_t n_failed, last_failed, locked_until;
};
static struct thr_slot thr[THR_SLOTS];
static pthread_mutex_t thr_mu = PTHREAD_MUTEX_INITIALIZER;

static void thr_key(char *key, size_t n, const char *addr, const char *name)
{
	if (name)
		snprintf(key, n, "n%s\x1f%s", addr, name);
	else
		snprintf(key, n, "a%s", addr);
}

/* The key's slot (made when missing and make is set), or NULL. */
static struct thr_slot *thr_find(const char *key, int64_t now, int make)
{
	uint64_t h = hash_bytes(key, strlen(key));
	struct thr_slot *oldest = NULL;
	for (int i = 0; i < THR_PROBE; i++) {
		struct thr_slot *t = &thr[(h + (uint64_t)i) % THR_SLOTS];
		if (t->key[0] && !strcmp(t->key, key)) {
			if (now - t->last_failed >= 86400 && t->locked_until <= now)
				t->n_failed = 0;
			return t;
		}
		if (!oldest || !t->key[0] || (oldest->key[0] && t->last_failed < oldest->last_failed))
			oldest = t;
	}
	if (!make)
		return NULL;
	memset(oldest, 0, sizeof(*oldest));
	snprintf(oldest->key, sizeof oldest->key, "%s", key);
	return oldest;
}

/* The seconds the pair or the address is still locked (0 when free). */
static int64_t thr_locked(const char *addr, const char *name, int64_t now)
{
	char key[160];
	int64_t until = 0;
	pthread_mutex_lock(&thr_mu);
	for (int k = 0; k < 2; k++) {
		thr_key(key, sizeof key, addr, k ? name : NULL);
		struct thr_slot *t = thr_find(key, now, 0);
		if (t && t->locked_until > until)
			until = t->locked_until;
	}
	pthread_mutex_unlock(&thr_mu);
	return until > now ? until - now : 0;
}

static int64_t lock_after(int64_t n_failed, int64_t free_fails, int64_t first)
{
	if (n_failed < free_fails)
		return 0;
	int64_t lock = first;
	for (int64_t i = free_fails; i < n_failed && lock < AUTH_LOCK_MAX; i++)
		lock *= 2;
	return lock < AUTH_LOCK_MAX ? lock : AUTH_LOCK_MAX;
}

static void thr_failed(const char *addr, const char *name, int64_t now)
{
	char key[160];
	pthread_mutex_lock(&thr_mu);
	for (int k = 0; k < 2; k++) {
		thr_key(key, sizeof key, addr, k ? name : NULL);
		struct thr_slot *t = thr_find(key, now, 1);
		t->n_failed++;
		t->last_failed = now;
		int64_t lock = k ? lock_after(t->n_failed, AUTH_FREE_FAILS, AUTH_LOCK_FIRST)
				 : lock_after(t->n_failed, AUTH_ADDR_FREE_FAILS, 1);
		if (lock)
			t->locked_until = now + lock;
	}
	pthread_mutex_unlock(&thr_mu);
}

/* A sign-in that succeeded forgives its pair (not its address). */
static void thr_ok(const char *addr, const char *name, int64_t now)
{
	char key[160];
	thr_key(key, sizeof key, addr, name);
	pthread_mutex_lock(&thr_mu);
	struct thr_slot *t = thr_find(key, now, 0);
	if (t)
		memset(t, 0, sizeof(*t));
	pthread_mutex_unlock(&thr_mu);
}

void auth_throttle_reset(void)
{
	pthread_mutex_lock(&thr_mu);
	memset(thr, 0, sizeof thr);
	pthread_mutex_unlock(&thr_mu);
}

struct login {
	const char *name;
	int64_t now;
	struct session *s;
};

/* A failed sign-in, counted per name in the book (in a fresh read:
 * another thread may have failed too); the count is for the audit log and
 * the admin, never a lock (the throttle is per address). */
static int failure_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct login *x = arg;
	struct store_login_failures f = { 0, x->now, 0 };
	if (store_login_failures_get(b, x->name, &f) > 0 && x->now - f.last_failed >= 86400)
		f.n_failed = 0;
	f.n_failed++;
	f.last_failed = x->now;
	f.locked_until = 0;
	c->after = json_pack("{s:I}", "failures", (json_int_t)f.n_failed);
	return store_login_failures_put(b, x->name, &f, err);
}

/* A sign-in: the session, expired ones of the user dropped, at most
 * AUTH_MAX_SESSIONS kept, the name's count cleared. */
static int login_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct login *x = arg;
	int64_t n_ended;
	if (store_session_insert(b, x->s, x->now, err) ||
	    (n_ended = store_sessions_trim(b, x->name, x->s->token_hash, x->now - AUTH_IDLE, AUTH_MAX_SESSIONS - 1,
					   err)) < 0 ||
	    store_login_failures_clear(b, x->name, err))
		return -1;
	c->after = json_pack("{s:s}", "role", role_name(x->s->u.role));
	if (n_ended)
		json_object_set_new(c->after, "sessions_ended", json_integer(n_ended));
	return 0;
}

int auth_login_begin(struct book *b, const char *addr, const char *name, const char *password,
		     struct login_try *t, int64_t *retry_after, struct buf *err)
{
	struct buf dummy = BUF_INIT;
	_Static_assert(sizeof t->hash >= crypto_pwhash_STRBYTES, "login_try.hash");
	pthread_once(&dummy_once, make_dummy);
	memset(t, 0, sizeof(*t));
	*retry_after = 0;
	t->now = clock_now();
	snprintf(t->addr, sizeof t->addr, "%s", addr && *addr ? addr : "-");
	/* a malformed name cannot be a user: deny without storing it */
	t->name_ok = !auth_check_name(name, &dummy) && strlen(password) <= AUTH_PW_MAX;
	buf_release(&dummy);
	if (t->name_ok)
		snprintf(t->name, sizeof t->name, "%s", name);
	if ((*retry_after = thr_locked(t->addr, t->name, t->now)) > 0)
		return LOGIN_LOCKED;
	t->found = t->name_ok ? store_user_get(b, name, &t->u, t->hash, sizeof t->hash) : 0;
	if (t->found < 0) {
		buf_printf(err, "%s: %s", b->name, L("无法读取用户", "cannot read the users"));
		return LOGIN_FAIL;
	}
	return LOGIN_VERIFY;
}

void auth_login_verify(struct login_try *t, const char *password)
{
	size_t n = strlen(password);
	if (n > AUTH_PW_MAX)
		n = AUTH_PW_MAX;
	t->pw_ok = !crypto_pwhash_str_verify(t->found ? t->hash : dummy_hash, password, n);
	sodium_memzero(t->hash, sizeof t->hash);
}

int auth_login_end(struct book *b, struct login_try *t, struct session *s, char *token, struct buf *err)
{
	/* a user of another region signs in at that region's server only */
	int ok = t->found > 0 && t->pw_ok && !t->u.is_disabled && t->u.role && !strcmp(t->u.region, b->region);
	sodium_memzero(t->hash, sizeof t->hash);
	memset(s, 0, sizeof(*s));
	struct login x = { t->name, t->now, s };
	if (!ok) {
		thr_failed(t->addr, t->name, t->now);
		if (!t->name_ok)
			return LOGIN_DENIED;
		struct store_change c = { "-", "session.login_failed", t->name, NULL, NULL,
					  STORE_SESSION_ONLY | STORE_COUNTED };
		int rc = store_write(b, &c, failure_fn, &x, err);
		store_change_release(&c);
		return rc ? LOGIN_FAIL : LOGIN_DENIED;
	}
	random_hex(token);
	audit_sha256_hex(token, strlen(token), s->token_hash);
	s->u = t->u;
	csrf_of(token, s->csrf);
	audit_sha256_hex(s->csrf, strlen(s->csrf), s->csrf_hash);
	s->created = s->last_seen = t->now;
	struct store_change c = { t->u.name, "session.login", t->u.name, NULL, NULL, STORE_SESSION_ONLY };
	int rc = store_write(b, &c, login_fn, &x, err);
	store_change_release(&c);
	if (rc) {
		memset(token, 0, AUTH_TOKEN_HEX);
		return LOGIN_FAIL;
	}
	thr_ok(t->addr, t->name, t->now);
	return LOGIN_OK;
}

int auth_login(struct book *b, const char *name, const char *password, struct session *s, char *token,
	       int64_t *retry_after, struct buf *err)
{
	struct login_try t;
	int rc = auth_login_begin(b, "-", name, password, &t, retry_after, err);
	memset(s, 0, sizeof(*s));
	if (rc != LOGIN_VERIFY)
		return rc;
	auth_login_verify(&t, password);
	return auth_login_end(b, &t, s, token, err);
}

int auth_session_get(struct book *b, const char *token, struct session *s)
{
	char th[AUTH_TOKEN_HEX];
	size_t n = token ? strlen(token) : 0;
	int64_t now = clock_now();
	memset(s, 0, sizeof(*s));
	if (n != AUTH_TOKEN_HEX - 1 || strspn(token, "0123456789abcdef") != n)
		return 0;
	audit_sha256_hex(token, n, th);
	int rc = store_session_get(b, th, s);
	if (rc != 1)
		return rc;
	char csrf_hash[AUTH_TOKEN_HEX];
	csrf_of(token, s->csrf);
	audit_sha256_hex(s->csrf, strlen(s->csrf), csrf_hash);
	if (s->u.is_disabled || !s->u.role || strcmp(s->u.region, b->region) || now - s->last_seen > AUTH_IDLE ||
	    now - s->created > AUTH_LIFETIME ||
	    sodium_memcmp(csrf_hash, s->csrf_hash, AUTH_TOKEN_HEX - 1)) {
		memset(s, 0, sizeof(*s));
		return 0;
	}
	if (now - s->last_seen >= 60) {
		/* refresh at most once a minute: reads stay reads */
		store_session_touch(b, th, now);
		s->last_seen = now;
	}
	return 1;
}

static int logout_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	(void)c;
	return store_session_delete(b, arg, err);
}

int auth_logout(struct book *b, const struct session *s, struct buf *err)
{
	struct store_change c = { s->u.name, "session.logout", s->u.name, NULL, NULL, STORE_SESSION_ONLY };
	int rc = store_write(b, &c, logout_fn, (void *)s->token_hash, err);
	store_change_release(&c);
	return rc ? AUTH_FAIL : AUTH_OK;
}

int auth_csrf_ok(const struct session *s, const char *header)
{
	size_t n = AUTH_TOKEN_HEX - 1;
	if (!header || strlen(header) != n || strlen(s->csrf) != n)
		return 0;
	return sodium_memcmp(header, s->csrf, n) == 0;
}
