/*
 * http.h - the web server (SPEC §9): libmicrohttpd with a thread pool, a
 * small pool of book connections, and the dispatcher that enforces each
 * route's flags before a handler runs.
 *
 * Routes are rows of routes[] (dispatch.c): method, path pattern with
 * {name} segments, handler, flags and the roles that may call it.  For
 * every request the dispatcher, in this order: matches the route (404, or
 * 405 when only the method differs); refuses a body over HTTP_MAX_BODY
 * (413); with R_SESSION finds the session from the cookie (401); checks
 * the role mask (403); with R_WRITE checks the X-CSRF-Token header (403);
 * with R_BODY parses a JSON object (400); with R_PROJECT looks up the
 * {code} project of the working year and hides other agencies' projects
 * from agency users (404).  Handlers never re-check any of this; they
 * read the request, do their one transaction with its audit entry, and
 * answer through api_reply / api_error.  Every response carries the
 * security headers (CSP, nosniff, no-referrer).
 *
 * A request's memory lives in its arena (r->a) and is freed with it; JSON
 * handed to api_reply is stolen.  One book connection serves one request
 * at a time.
 */
#ifndef ZBB_HTTP_H
#define ZBB_HTTP_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include "arena.h"
#include "auth.h"
#include "store.h"

#define HTTP_MAX_BODY (1u << 20)
/* Limits against slow or greedy clients: a connection idle (nothing
 * received or sent) this many seconds is closed, however far its request
 * got; the request line and headers of one connection must fit in
 * HTTP_CONN_MEMORY bytes (libmicrohttpd answers 431 or 414 beyond); at
 * most HTTP_MAX_CONNECTIONS connections are open at once.  libmicrohttpd
 * splits that limit evenly over the worker threads and the kernel does not
 * spread connections evenly, so it is set well above the clients expected
 * (a limit of 256 over 4 threads refused some of 100 connections). */
#define HTTP_IDLE_TIMEOUT 30
#define HTTP_CONN_MEMORY (64u << 10)
#define HTTP_MAX_CONNECTIONS 1024
/* Until its headers are in, a connection may idle only HTTP_HEADER_TIMEOUT
 * seconds (then the idle timeout holds); at most HTTP_MAX_PER_ADDRESS
 * connections from one client address (serve --max-per-address); a request
 * has at most HTTP_MAX_HEADERS header fields (431) and HTTP_MAX_ARGS query
 * arguments (414). */
#define HTTP_HEADER_TIMEOUT 10
#define HTTP_MAX_PER_ADDRESS 64
#define HTTP_MAX_HEADERS 64
#define HTTP_MAX_ARGS 32
#define HTTP_MAX_PARAMS 4
#define HTTP_VERIFY_QUEUE 16   /* verifications waiting at most; beyond, 503 */
#define HTTP_VERIFY_PER_ADDR 2 /* ... and at most this many of one client address */
#define HTTP_LANE_QUEUE 4096   /* requests waiting for a worker of one lane at most; beyond, 503 */
#define HTTP_DOWNLOAD_QUEUE 32 /* ... for the download lane */
#define HTTP_DOWNLOADERS 2     /* workers of the download lane */
#define HTTP_COOKIE "zbb_session"

enum {
	R_SESSION = 1,   /* needs a valid session (else 401) */
	R_WRITE = 2,     /* changes data: needs X-CSRF-Token (else 403) */
	R_BODY = 4,      /* needs a JSON object body (else 400) */
	R_BODY_OPT = 8,  /* may carry a JSON object body */
	R_PROJECT = 16,  /* {code} is a project of the year, scoped to an agency user's agency */
	R_STORES_NOTHING = 32, /* a POST that computes and stores nothing (a draft check, a what-if): a reader */
};

struct req;
typedef void (*route_fn)(struct req *r);

struct route {
	const char *method;
	const char *pattern; /* "/api/v1/projects/{code}" */
	route_fn fn;
	unsigned flags;
	unsigned roles; /* ROLE_* bits allowed; ROLE_ANY for every signed-in user; 0 when public */
	const char *zh, *en;
};

extern const struct route routes[];
extern const size_t routes_n;

/* What the web UI may offer a user (GET /api/v1/me sends them): each right
 * is what one route allows (its role mask, so the UI never guesses), or,
 * for a page that reads several routes, a mask of its own.  The UI only
 * shows or hides; the server checks every request. */
struct ui_right {
	const char *name;            /* "editProjects", "page:review" … */
	const char *method, *pattern; /* the route whose roles it is, or NULL */
	unsigned roles;              /* without a route: the roles */
};
extern const struct ui_right ui_rights[];
extern const size_t ui_rights_n;
/* The roles a right allows (its route's, or its own mask). */
unsigned ui_right_roles(const struct ui_right *r);

struct req {
	struct arena a;
	struct MHD_Connection *conn;
	const char *method, *path;
	const struct route *route;
	const char *params[HTTP_MAX_PARAMS]; /* the {…} segments, in order */
	size_t n_params;
	char *body;
	size_t body_len;
	int is_too_big;
	json_t *json;          /* the parsed body (R_BODY, R_BODY_OPT), owned by the request */
	struct book *b;        /* a connection of the pool, working year set */
	struct session s;      /* valid with R_SESSION */
	int has_session;
	const char *scope_agency; /* an agency user's agency; NULL when the user sees all */
	const char *project_agency; /* R_PROJECT: the project's agency */
	int64_t project_version;    /* R_PROJECT: its version when looked up */
	/* the answer */
	unsigned status;
	json_t *out;
	const void *raw;       /* or raw bytes, not copied: static, or in r->a (lives until the answer is sent) */
	size_t raw_len;
	const char *content_type, *cache_control, *set_cookie;
	const char *content_disposition; /* a download: "attachment; filename=…" */
	const char *etag;                /* assets: the content-hashed name */
	int64_t retry_after;
	/* the client and the server (http.c) */
	const char *client_addr;    /* "127.0.0.1", "::1"; "-" in-process */
	int is_https;               /* the client speaks TLS (to us, or to a trusted proxy) */
	struct http_server *srv;
	/* deferred work (http_defer): run on the verifier pool, the handler again after */
	void (*defer_fn)(struct req *r);
	struct req *defer_next;
	int is_suspended;
	int on_worker;              /* running on a worker lane (the connection is suspended already) */
	int is_done;                /* the worker answered: send it when the connection resumes */
	struct login_try *login;    /* api_login between its steps */
	const char *log_user;       /* the access log's user when not the session's (a sign-in) */
	int64_t t0_us;              /* when the request's headers were in (monotonic) */
};

struct http_server;
struct http_opts {
	int threads;           /* worker threads (and book connections) */
	int verify_threads;    /* password verifiers; 0: one per two cores */
	unsigned header_timeout;  /* seconds; 0 means HTTP_HEADER_TIMEOUT */
	unsigned max_per_address; /* connections; 0 means HTTP_MAX_PER_ADDRESS */
	const char *tls_cert, *tls_key; /* PEM files: serve HTTPS (libmicrohttpd with GnuTLS) */
	const char *trust_proxy;  /* a reverse proxy's address: its X-Forwarded-For/-Proto are believed */
	FILE *access_log;         /* one line per request, or NULL */
	unsigned idle_timeout; /* seconds; 0 means HTTP_IDLE_TIMEOUT */
	const char *region;    /* the region served (SPEC §14); NULL: the book's only one */
};
/* Start serving book_path on listen ("HOST:PORT", PORT 0 for any free
 * one; HOST an IPv4 address or [IPv6]) with a pool of threads.  year 0
 * means the book's current year.  0, or -1 with err. */
int http_start(const char *book_path, int year, const char *listen, int threads,
	       struct http_server **out, struct buf *err);
int http_start_opts(const char *book_path, int year, const char *listen, const struct http_opts *o,
		    struct http_server **out, struct buf *err);
/* The port actually bound; whether it speaks TLS. */
int http_port(const struct http_server *s);
int http_is_tls(const struct http_server *s);
void http_stop(struct http_server *s);

/* The route of r->method and r->path, its {…} segments in r->params
 * (copied into r->a).  NULL when none; then *path_only is a route of the
 * same path with another method (405), or NULL (404). */
const struct route *http_route_find(struct req *r, const struct route **path_only);
/* Percent-decode a path or query argument in place, as the server does
 * before routing: every %XX except %00, which stays as it is written (a
 * NUL would cut "app.css%00.html" to "app.css" unseen; kept, the '%' is
 * refused or matches nothing).  '+' is left alone.  Returns the length. */
size_t http_unescape(char *s);
/* A request's query argument, or NULL. */
const char *http_query(struct req *r, const char *name);
/* Run fn(r) on the server's verifier pool (slow work that needs no book
 * connection, e.g. Argon2id), then r's handler again, with the request's
 * book connection given back meanwhile: 0, deferred (the handler returns
 * at once); 1, fn ran here already (no server: in-process requests); -1,
 * too many waiting (HTTP_VERIFY_QUEUE): answer 503. */
int http_defer(struct req *r, void (*fn)(struct req *r));
/* A request header, or NULL. */
const char *http_header(struct req *r, const char *name);

/* Answers (api.c).  api_reply steals body. */
void api_reply(struct req *r, unsigned status, json_t *body);
/* A 200 JSON answer whose bytes are laid out already (text lives as r->a
 * does: a copy from api_answer_find, or api_reply_laid_out's). */
void api_reply_text(struct req *r, const char *text, size_t len);
/* api_reply(r, 200, body), laid out now (takes body): its bytes, in r->a,
 * as they will be sent, for the caller to keep. */
const char *api_reply_laid_out(struct req *r, json_t *body, size_t *len);
void api_error(struct req *r, unsigned status, const char *code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* A storage failure: logs err on stderr, answers 500. */
void api_fail(struct req *r, const struct buf *err);

/* Route handlers (api_*.c). */
void api_login(struct req *r);
void api_logout(struct req *r);
void api_me(struct req *r);
void api_agencies(struct req *r);
void api_projects_list(struct req *r);
void api_project_get(struct req *r);
void api_project_create(struct req *r);
void api_project_update(struct req *r);
void api_project_delete(struct req *r);
void api_reviews_post(struct req *r);
void api_evaluations_post(struct req *r);
void api_audit(struct req *r);
void api_check(struct req *r);
void api_allocate(struct req *r);
void api_adopt(struct req *r);
void api_adjustments_post(struct req *r);
void api_adjustments_get(struct req *r);
void api_whatif(struct req *r);
void api_scenarios(struct req *r);
void api_findings(struct req *r);
void api_report(struct req *r);
void api_explain(struct req *r);
void api_users_list(struct req *r);
void api_users_add(struct req *r);
void api_users_update(struct req *r);
void api_settings_get(struct req *r);
void api_settings_put(struct req *r);
void api_list_get(struct req *r);
void api_list_put(struct req *r);
void api_list_delete(struct req *r);
void api_codes(struct req *r);
void api_season_get(struct req *r);
void api_season_post(struct req *r);
void api_todo(struct req *r);
void api_basic(struct req *r);
void api_asset_index(struct req *r);
void api_asset(struct req *r);

#endif
