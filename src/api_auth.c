/*
 * api_auth.c - POST /api/v1/login, POST /api/v1/logout, GET /api/v1/me.
 * The session token goes to the client only in its HttpOnly cookie; the
 * CSRF token in the JSON answer (and again from /me after a reload).
 */
#include "api.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Who is signed in, with what the UI needs to know once: the rights of
 * the role (from the route table, http.h), the tiers in funding order and
 * the rules' finding codes (the contract's, so the UI keeps no copy). */
static json_t *me_json(const struct session *s)
{
	json_t *o = json_pack("{s:s, s:s}", "user", s->u.name, "role", role_name(s->u.role));
	json_object_set_new(o, "agency", s->u.agency[0] ? json_string(s->u.agency) : json_null());
	json_object_set_new(o, "csrf", json_string(s->csrf));
	json_t *rights = json_object(), *tiers = json_array(), *codes = json_array();
	for (size_t i = 0; i < ui_rights_n; i++)
		json_object_set_new(rights, ui_rights[i].name, json_boolean(ui_right_roles(&ui_rights[i]) & s->u.role));
	for (int t = 0; t < TIER__N; t++)
		json_array_append_new(tiers, json_string(model_tier_code((enum tier)t)));
	for (int c = 0; c < F_OVER_AFFORDABILITY; c++) /* the allocation's come after the rules' */
		json_array_append_new(codes, json_string(rules_code_name((enum finding_code)c)));
	json_object_set_new(o, "rights", rights);
	json_object_set_new(o, "tiers", tiers);
	json_object_set_new(o, "finding_codes", codes);
	return o;
}

static const char *login_password(struct req *r)
{
	return json_string_value(json_object_get(r->json, "password"));
}

/* On the verifiers (http_defer): Argon2id, no book connection held. */
static void login_verify(struct req *r)
{
	auth_login_verify(r->login, login_password(r));
}

/* A sign-in in its three steps (auth.h): the throttle and the user's hash
 * here; the verification deferred to the server's verifiers; when they are
 * done this runs again and writes the outcome. */
void api_login(struct req *r)
{
	const char *name = json_string_value(json_object_get(r->json, "name"));
	const char *pw = login_password(r);
	char token[AUTH_TOKEN_HEX];
	int64_t retry;
	struct session s;
	struct buf err = BUF_INIT;
	if (!name || !pw) {
		api_error(r, 422, "INVALID", !name ? "name" : "password", "%s",
			  L("须给出 name 和 password（字符串）", "name and password (strings) are needed"));
		return;
	}
	int rc;
	if (!r->login) {
		r->login = arena_alloc(&r->a, sizeof(*r->login));
		rc = auth_login_begin(r->b, r->client_addr, name, pw, r->login, &retry, &err);
		if (rc == LOGIN_VERIFY) {
			int d = http_defer(r, login_verify);
			if (!d) {
				buf_release(&err);
				return; /* again when verified */
			}
			if (d < 0) {
				sodium_memzero(r->login->hash, sizeof r->login->hash);
				r->retry_after = 1;
				api_error(r, 503, "BUSY", NULL, "%s",
					  L("同时登录的人过多，请稍后再试", "too many sign-ins at once; try again in a moment"));
				buf_release(&err);
				return;
			}
		}
	} else {
		rc = LOGIN_VERIFY;
	}
	/* a session is no change to the budget (STORE_SESSION_ONLY): the
	 * cached pipelines stay */
	if (rc == LOGIN_VERIFY)
		rc = auth_login_end(r->b, r->login, &s, token, &err);
	switch (rc) {
	case LOGIN_OK:
		r->set_cookie = arena_printf(&r->a, HTTP_COOKIE "=%s; HttpOnly; SameSite=Strict; Path=/%s", token,
					     r->is_https ? "; Secure" : "");
		sodium_memzero(token, sizeof token);
		r->log_user = arena_strdup(&r->a, s.u.name);
		api_reply(r, 200, me_json(&s));
		break;
	case LOGIN_DENIED:
		api_error(r, 401, "LOGIN_FAILED", NULL, "%s", L("用户名或密码不正确", "wrong user name or password"));
		break;
	case LOGIN_LOCKED:
		r->retry_after = retry;
		api_error(r, 429, "LOCKED", NULL,
			  L("登录失败次数过多，请 %lld 秒后再试", "too many failed sign-ins; try again in %lld seconds"),
			  (long long)retry);
		break;
	default:
		api_fail(r, &err);
	}
	buf_release(&err);
}

void api_logout(struct req *r)
{
	struct buf err = BUF_INIT;
	if (auth_logout(r->b, &r->s, &err)) {
		api_fail(r, &err);
	} else {
		r->set_cookie = r->is_https ? HTTP_COOKIE "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0; Secure"
					    : HTTP_COOKIE "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0";
		api_reply(r, 200, json_pack("{s:b}", "ok", 1));
	}
	buf_release(&err);
}

void api_me(struct req *r)
{
	json_t *o = me_json(&r->s);
	/* the region served and the user's (SPEC §14): the page names it */
	char *name = store_region_name(r->b, r->b->region);
	json_object_set_new(o, "region", json_pack("{s:s, s:s, s:s}", "code", r->b->region, "name", name ? name : "",
						   "level", region_level_name(region_level(r->b->region))));
	json_object_set_new(o, "scope", r->s.u.scope[0] ? json_string(r->s.u.scope) : json_null());
	free(name);
	api_reply(r, 200, o);
}
