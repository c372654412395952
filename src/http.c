/*
 * http.c - libmicrohttpd glue, the pool of book connections and the route
 * dispatcher (see http.h).  What a route does is in api_*.c; which routes
 * exist is the table in dispatch.c.
 */
#include "http.h"
#include "api_cache.h"
#include "api_resident.h"
#include "clock.h"

#include <arpa/inet.h>
#include <assert.h>
#include <ctype.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sodium.h>
#include <unistd.h>

struct book_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct book **all, **idle;
	size_t n, n_idle;
};

/* The verifiers: a few threads of their own for slow work that needs no
 * book connection (Argon2id), so a flood of sign-ins waits here, bounded,
 * and delays nothing but sign-ins. */
struct verify_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv, idle;
	struct req *head, *tail;
	size_t n_queued, n_busy;
	int stop;
	pthread_t *th;
	struct req **running; /* per verifier thread: its request, or NULL */
	int n_th;
};

/* Requests of this address at the verifiers (waiting or running). */
static int verify_of_addr(struct verify_pool *v, const char *addr)
{
	int n = 0;
	for (struct req *q = v->head; q; q = q->defer_next)
		n += !strcmp(q->client_addr, addr);
	for (int i = 0; i < v->n_th; i++)
		n += v->running[i] && !strcmp(v->running[i]->client_addr, addr);
	return n;
}

/* The workers: every request's handler runs on a worker, never on one of
 * libmicrohttpd's threads, which each serve many connections one after
 * another (a handler that waited there - for SQLite's write lock, for a
 * download being built - held up every other connection of its thread).
 * Three lanes, each with threads and a queue of its own: readers (GET,
 * and POSTs that store nothing), the writer (every other request; writes
 * take the book's write lock one at a time anyway, so they queue here
 * instead of waiting for the lock while holding a reader), and downloads
 * (a GET with a format other than JSON: a workbook, a CSV, a text
 * report), so four ledgers being built never keep a reader.  Each worker
 * takes a book connection of the pool for the request and gives it back
 * before the answer is sent; the pool has one connection per worker. */
enum { LANE_READ, LANE_WRITE, LANE_DOWNLOAD, LANE__N };
#define DOWNLOAD_NICE 10 /* the download workers' niceness (worker) */
struct lane {
	struct req *head, *tail;
	size_t n_queued, max_queued;
	pthread_cond_t cv;
	pthread_t *th;
	int n_th;
};
struct workers {
	pthread_mutex_t mu;
	struct lane lane[LANE__N];
	int stop, is_started;
};

struct http_server {
	struct MHD_Daemon *d;
	struct book_pool pool;
	struct verify_pool vp;
	struct workers w;
	unsigned idle_timeout;
	int port;
	int is_tls;
	char *trust_proxy;
	FILE *log;
	char *tls_cert, *tls_key; /* the PEM texts (libmicrohttpd keeps pointers) */
};

/* --- the pool -------------------------------------------------------- */

static struct book *pool_get(struct book_pool *p)
{
	pthread_mutex_lock(&p->mu);
	while (!p->n_idle)
		pthread_cond_wait(&p->cv, &p->mu);
	struct book *b = p->idle[--p->n_idle];
	pthread_mutex_unlock(&p->mu);
	return b;
}

static void pool_put(struct book_pool *p, struct book *b)
{
	assert(!store_in_write(b)); /* a handler never leaves a transaction open */
	api_cache_done(b);
	pthread_mutex_lock(&p->mu);
	p->idle[p->n_idle++] = b;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/* --- the verifiers ------------------------------------------------------ */

struct verifier_arg {
	struct verify_pool *v;
	int i;
};

static void *verifier(void *arg)
{
	struct verify_pool *v = ((struct verifier_arg *)arg)->v;
	int me = ((struct verifier_arg *)arg)->i;
	free(arg);
	pthread_mutex_lock(&v->mu);
	for (;;) {
		while (!v->head && !v->stop)
			pthread_cond_wait(&v->cv, &v->mu);
		if (!v->head)
			break;
		struct req *r = v->head;
		v->head = r->defer_next;
		if (!v->head)
			v->tail = NULL;
		v->n_queued--;
		v->n_busy++;
		v->running[me] = r;
		pthread_mutex_unlock(&v->mu);
		r->defer_fn(r);
		r->defer_fn = NULL;
		pthread_mutex_lock(&v->mu);
		v->running[me] = NULL;
		pthread_mutex_unlock(&v->mu);
		MHD_resume_connection(r->conn);
		pthread_mutex_lock(&v->mu);
		v->n_busy--;
		pthread_cond_broadcast(&v->idle);
	}
	pthread_mutex_unlock(&v->mu);
	return NULL;
}

int http_defer(struct req *r, void (*fn)(struct req *r))
{
	if (!r->conn || !r->srv) {
		fn(r);
		return 1;
	}
	struct verify_pool *v = &r->srv->vp;
	pthread_mutex_lock(&v->mu);
	if (v->stop || v->n_queued >= HTTP_VERIFY_QUEUE || verify_of_addr(v, r->client_addr) >= HTTP_VERIFY_PER_ADDR) {
		pthread_mutex_unlock(&v->mu);
		return -1;
	}
	r->defer_fn = fn;
	r->defer_next = NULL;
	if (r->on_worker) {
		/* suspended already: its worker queues it (verify_enqueue) once it
		 * has given its book connection back; the place is kept meanwhile */
		v->n_queued++;
		pthread_mutex_unlock(&v->mu);
		return 0;
	}
	r->is_suspended = 1;
	MHD_suspend_connection(r->conn);
	if (v->tail)
		v->tail->defer_next = r;
	else
		v->head = r;
	v->tail = r;
	v->n_queued++;
	pthread_cond_signal(&v->cv);
	pthread_mutex_unlock(&v->mu);
	return 0;
}

/* A worker's request deferred by http_defer (its place is counted): to the
 * verifiers; -1 when they have stopped (the place is given back). */
static int verify_enqueue(struct verify_pool *v, struct req *r)
{
	pthread_mutex_lock(&v->mu);
	if (v->stop) {
		v->n_queued--;
		pthread_mutex_unlock(&v->mu);
		return -1;
	}
	if (v->tail)
		v->tail->defer_next = r;
	else
		v->head = r;
	v->tail = r;
	pthread_cond_signal(&v->cv);
	pthread_mutex_unlock(&v->mu);
	return 0;
}

/* --- answers ---------------------------------------------------------- */

void api_reply(struct req *r, unsigned status, json_t *body)
{
	json_decref(r->out);
	r->status = status;
	r->out = body;
}

/* A JSON answer's bytes: compact, its keys in order, ending in a newline
 * (malloc'd, NUL-terminated; "{}" for none). */
static char *json_text(const json_t *o, size_t *len)
{
	char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	if (!text)
		text = xstrdup("{}");
	size_t n = strlen(text);
	text = xrealloc(text, n + 2);
	text[n++] = '\n';
	text[n] = 0;
	*len = n;
	return text;
}

void api_reply_text(struct req *r, const char *text, size_t len)
{
	json_decref(r->out);
	r->out = NULL;
	r->status = 200;
	r->raw = text;
	r->raw_len = len;
	r->content_type = "application/json; charset=utf-8";
	r->cache_control = "no-store";
}

const char *api_reply_laid_out(struct req *r, json_t *body, size_t *len)
{
	char *text = json_text(body, len);
	char *copy = arena_alloc(&r->a, *len + 1);
	memcpy(copy, text, *len + 1);
	free(text);
	json_decref(body);
	api_reply_text(r, copy, *len);
	return copy;
}

void api_error(struct req *r, unsigned status, const char *code, const char *field, const char *fmt, ...)
{
	struct buf m = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	json_t *e = json_pack("{s:s, s:s}", "code", code, "message", buf_str(&m));
	if (!json_object_get(e, "message")) /* not UTF-8: never from our texts */
		json_object_set_new(e, "message", json_string("?"));
	json_object_set_new(e, "field", field ? json_string(field) : json_null());
	api_reply(r, status, json_pack("{s:o}", "error", e));
	buf_release(&m);
}

void api_fail(struct req *r, const struct buf *err)
{
	if (r->b && r->b->locked[0]) {
		/* the year is adopted (SPEC §12): refused, naming the adoption */
		api_error(r, 409, "ADOPTED", NULL, "%s", r->b->locked);
		return;
	}
	fprintf(stderr, "zbb serve: %s %s: %s\n", r->method, r->path, buf_str(err));
	api_error(r, 500, "INTERNAL", NULL, "%s", L("服务器内部错误（详见服务器日志）", "internal error (see the server log)"));
}

/* A request built in-process (the fuzz targets call handlers directly)
 * has no connection: it has no query arguments and no headers. */
const char *http_query(struct req *r, const char *name)
{
	return r->conn ? MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name) : NULL;
}

const char *http_header(struct req *r, const char *name)
{
	return r->conn ? MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name) : NULL;
}

/* One line per request: time, client address, user, method, route (the
 * pattern, never the codes or a query; an unrouted path with anything
 * unusual replaced), status, bytes of the body, milliseconds.  No body,
 * no cookie, no token. */
static void access_log(struct req *r, unsigned status, size_t bytes)
{
	FILE *f = r->srv ? r->srv->log : NULL;
	if (!f)
		return;
	char now[CLOCK_ISO_SZ], path[129];
	clock_iso(clock_now(), now);
	const char *route = r->route ? r->route->pattern : NULL;
	if (!route) {
		size_t i = 0;
		for (const char *p = r->path; *p && i < sizeof path - 1; p++)
			path[i++] = (unsigned char)*p > ' ' && (unsigned char)*p < 0x7f && *p != '"' ? *p : '?';
		path[i] = 0;
		route = path;
	}
	const char *user = r->log_user ? r->log_user : r->has_session ? r->s.u.name : "-";
	double ms = (double)((clock_mono_ns() / 1000) - r->t0_us) / 1000.0;
	fprintf(f, "%s %s %s %s %s %u %zu %.1f\n", now, r->client_addr ? r->client_addr : "-", user, r->method, route,
		status, bytes, ms);
	fflush(f);
}

static enum MHD_Result send_reply(struct req *r)
{
	struct MHD_Response *resp;
	size_t bytes;
	if (r->raw) {
		resp = MHD_create_response_from_buffer(r->raw_len, (void *)r->raw, MHD_RESPMEM_PERSISTENT);
		bytes = r->raw_len;
	} else {
		size_t n;
		char *text = json_text(r->out, &n);
		resp = MHD_create_response_from_buffer(n, text, MHD_RESPMEM_MUST_FREE);
		bytes = n;
		r->content_type = "application/json; charset=utf-8";
		if (!r->cache_control)
			r->cache_control = "no-store";
	}
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", r->content_type ? r->content_type : "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; script-src 'self'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	if (r->cache_control)
		MHD_add_response_header(resp, "Cache-Control", r->cache_control);
	if (r->set_cookie)
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	if (r->content_disposition)
		MHD_add_response_header(resp, "Content-Disposition", r->content_disposition);
	if (r->etag)
		MHD_add_response_header(resp, "ETag", r->etag);
	if (r->retry_after > 0) {
		char ra[24];
		snprintf(ra, sizeof ra, "%lld", (long long)r->retry_after);
		MHD_add_response_header(resp, "Retry-After", ra);
	}
	if (r->status == 405) {
		struct buf allow = BUF_INIT;
		for (size_t i = 0; i < routes_n; i++)
			if (!strcmp(routes[i].pattern, r->route->pattern))
				buf_printf(&allow, "%s%s", allow.len ? ", " : "", routes[i].method);
		MHD_add_response_header(resp, "Allow", buf_str(&allow));
		buf_release(&allow);
	}
	if (r->is_https)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	enum MHD_Result rc = MHD_queue_response(r->conn, r->status ? r->status : 500, resp);
	MHD_destroy_response(resp);
	access_log(r, r->status ? r->status : 500, bytes);
	return rc;
}

/* --- the dispatcher ----------------------------------------------------- */

/* Match path against pattern, collecting {…} segments into r->params. */
static int match(struct req *r, const char *pattern, const char *path)
{
	size_t n = 0;
	while (*pattern && *path) {
		if (*pattern != '/' || *path != '/')
			return 0;
		pattern++;
		path++;
		size_t pl = strcspn(pattern, "/"), sl = strcspn(path, "/");
		if (pattern[0] == '{') {
			if (!sl || n >= HTTP_MAX_PARAMS)
				return 0;
			r->params[n++] = arena_strndup(&r->a, path, sl);
		} else if (pl != sl || memcmp(pattern, path, pl)) {
			return 0;
		}
		pattern += pl;
		path += sl;
	}
	if (*pattern || *path)
		return 0;
	r->n_params = n;
	return 1;
}

const struct route *http_route_find(struct req *r, const struct route **path_only)
{
	*path_only = NULL;
	r->n_params = 0;
	for (size_t i = 0; i < routes_n; i++) {
		if (!match(r, routes[i].pattern, r->path))
			continue;
		if (!strcmp(routes[i].method, r->method))
			return &routes[i];
		*path_only = &routes[i];
	}
	return NULL;
}

/* The route for the request; 404 or 405 answered when none. */
static const struct route *find_route(struct req *r)
{
	const struct route *path_only;
	const struct route *rt = http_route_find(r, &path_only);
	if (rt)
		return rt;
	if (path_only) {
		r->route = path_only;
		api_error(r, 405, "METHOD", NULL, L("此路径不支持 %s", "%s is not allowed here"), r->method);
	} else {
		api_error(r, 404, "NOT_FOUND", NULL, "%s", L("没有这个地址", "no such address"));
	}
	return NULL;
}

static const char *cookie_token(struct req *r)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, HTTP_COOKIE);
}

/* R_PROJECT: the {code} project exists this year and is visible. */
static int load_project(struct req *r)
{
	char agency[72];
	int64_t version;
	int found = store_project_head(r->b, r->params[0], agency, sizeof agency, &version);
	if (found < 0) {
		struct buf err = BUF_INIT;
		buf_printf(&err, "%s: %s", r->b->name, L("无法读取项目", "cannot read the projects"));
		api_fail(r, &err);
		buf_release(&err);
		return -1;
	}
	if (found && (!r->scope_agency || !strcmp(r->scope_agency, agency))) {
		r->project_agency = arena_strdup(&r->a, agency);
		r->project_version = version;
		return 0;
	}
	/* another agency's project looks exactly like a missing one */
	api_error(r, 404, "NOT_FOUND", NULL, L("没有项目 %s", "no project %s"), r->params[0]);
	return -1;
}

/* The language the request asks for: the UI's X-ZBB-Lang header, or
 * ?lang= (a download link); otherwise the server's own. */
static void request_lang(struct req *r)
{
	const char *v = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-ZBB-Lang");
	if (!v || !*v)
		v = http_query(r, "lang");
	zb_lang_here = !v || !*v ? -1 : (v[0] == 'e' || v[0] == 'E') ? LANG_EN : LANG_ZH;
}

static void dispatch_req(struct http_server *srv, struct req *r)
{
	request_lang(r);
	const struct route *rt = find_route(r);
	if (!rt)
		return;
	r->route = rt;
	if (r->is_too_big) {
		api_error(r, 413, "TOO_LARGE", NULL, L("请求体超过 %u 字节", "the body is over %u bytes"), HTTP_MAX_BODY);
		return;
	}
	r->b = pool_get(&srv->pool);
	if (rt->flags & R_SESSION) {
		/* refreshing last_seen is housekeeping, no change to the budget:
		 * the cached pipelines of this connection stay (api_cache.h) */
		int s = auth_session_get(r->b, cookie_token(r), &r->s);
		if (s < 0) {
			struct buf err = BUF_INIT;
			buf_printf(&err, "session: %s", L("无法读取会话", "cannot read the sessions"));
			api_fail(r, &err);
			buf_release(&err);
			return;
		}
		if (!s) {
			api_error(r, 401, "UNAUTHORIZED", NULL, "%s", L("请先登录", "please sign in"));
			return;
		}
		r->has_session = 1;
		if (!(rt->roles & r->s.u.role)) {
			api_error(r, 403, "FORBIDDEN", NULL, L("角色 %s 无权执行此操作", "the role %s may not do this"),
				  role_name(r->s.u.role));
			return;
		}
		if ((rt->flags & R_WRITE) && !auth_csrf_ok(&r->s, http_header(r, "X-CSRF-Token"))) {
			api_error(r, 403, "CSRF", NULL, "%s",
				  L("写操作须带有效的 X-CSRF-Token 请求头", "a write needs a valid X-CSRF-Token header"));
			return;
		}
		if (r->s.u.role == ROLE_AGENCY)
			r->scope_agency = r->s.u.agency;
	}
	if (rt->flags & (R_BODY | R_BODY_OPT)) {
		if (!r->json && (r->body_len || (rt->flags & R_BODY))) {
			json_error_t je;
			r->json = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &je);
			if (!r->json) {
				api_error(r, 400, "BAD_JSON", NULL, L("请求体不是有效的 JSON：%s（第 %d 行第 %d 列）",
								      "the body is not valid JSON: %s (line %d column %d)"),
					  je.text, je.line, je.column);
				return;
			}
			if (!json_is_object(r->json)) {
				api_error(r, 400, "BAD_JSON", NULL, "%s", L("请求体应为 JSON 对象", "the body must be a JSON object"));
				return;
			}
		}
	}
	if ((rt->flags & R_PROJECT) && load_project(r))
		return;
	rt->fn(r);
}

/* --- the workers (see struct workers) ------------------------------------ */

/* The handler of r, on a worker: the answer is sent by libmicrohttpd's
 * thread when the connection resumes (on_request sees is_done). */
static void work(struct http_server *srv, struct req *r)
{
	for (;;) {
		r->on_worker = 1;
		dispatch_req(srv, r);
		r->on_worker = 0;
		if (!r->defer_fn)
			break;
		/* at the verifiers (a sign-in): its book goes back first; it
		 * comes back to a worker when they resume it */
		if (r->b) {
			pool_put(&srv->pool, r->b);
			r->b = NULL;
		}
		if (!verify_enqueue(&srv->vp, r))
			return;
		r->defer_fn(r); /* the verifiers have stopped: here, then the handler again */
		r->defer_fn = NULL;
	}
	if (r->b) {
		pool_put(&srv->pool, r->b);
		r->b = NULL;
	}
	r->is_done = 1;
	MHD_resume_connection(r->conn);
}

struct worker_arg {
	struct http_server *srv;
	int lane;
};

static void *worker(void *arg)
{
	struct http_server *srv = ((struct worker_arg *)arg)->srv;
	int lane = ((struct worker_arg *)arg)->lane;
	struct lane *q = &srv->w.lane[lane];
	free(arg);
	/* a download is built at a lower CPU priority (this thread alone, on
	 * Linux): when every core is busy, four ledgers being built yield to
	 * the pages people are waiting on, and take the time that is left */
	if (lane == LANE_DOWNLOAD)
		(void)setpriority(PRIO_PROCESS, (id_t)gettid(), DOWNLOAD_NICE);
	pthread_mutex_lock(&srv->w.mu);
	for (;;) {
		while (!q->head && !srv->w.stop)
			pthread_cond_wait(&q->cv, &srv->w.mu);
		if (!q->head)
			break; /* stopping, and nothing is left waiting */
		struct req *r = q->head;
		q->head = r->defer_next;
		if (!q->head)
			q->tail = NULL;
		r->defer_next = NULL;
		q->n_queued--;
		pthread_mutex_unlock(&srv->w.mu);
		work(srv, r);
		pthread_mutex_lock(&srv->w.mu);
	}
	pthread_mutex_unlock(&srv->w.mu);
	return NULL;
}

/* The lane of a request whose body is in. */
static int lane_of(struct req *r)
{
	if (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD")) {
		const char *f = http_query(r, "format");
		return f && *f && strcmp(f, "json") ? LANE_DOWNLOAD : LANE_READ;
	}
	const struct route *path_only, *rt = http_route_find(r, &path_only);
	return rt && (rt->flags & R_STORES_NOTHING) ? LANE_READ : LANE_WRITE;
}

/* r to its lane's queue, its connection suspended: 0; 1 when there are no
 * workers (they stop: the caller runs it); -1 when the queue is full (503
 * answered). */
static int to_worker(struct http_server *srv, struct req *r)
{
	int l = lane_of(r);
	struct lane *q = &srv->w.lane[l];
	pthread_mutex_lock(&srv->w.mu);
	if (!srv->w.is_started || srv->w.stop) {
		pthread_mutex_unlock(&srv->w.mu);
		return 1;
	}
	if (q->n_queued >= q->max_queued) {
		pthread_mutex_unlock(&srv->w.mu);
		r->retry_after = 1;
		api_error(r, 503, "BUSY", NULL, "%s",
			  l == LANE_DOWNLOAD ? L("同时下载的人过多，请稍后再试", "too many downloads at once; try again in a moment")
					     : L("服务器繁忙，请稍后再试", "the server is busy; try again in a moment"));
		return -1;
	}
	MHD_suspend_connection(r->conn);
	r->defer_next = NULL;
	if (q->tail)
		q->tail->defer_next = r;
	else
		q->head = r;
	q->tail = r;
	q->n_queued++;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&srv->w.mu);
	return 0;
}

/* --- the edge: what is refused before any route ------------------------ */

struct head_count {
	unsigned n;
	const char *content_length;
	int is_conflicting;
};

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct head_count *c = cls;
	(void)kind;
	c->n++;
	if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH)) {
		if (c->content_length && strcmp(c->content_length, value ? value : ""))
			c->is_conflicting = 1;
		c->content_length = value ? value : "";
	}
	return MHD_YES;
}

/* The media type of a Content-Type value is application/json. */
static int is_json_type(const char *ct)
{
	static const char want[] = "application/json";
	if (!ct || strncasecmp(ct, want, sizeof want - 1))
		return 0;
	char c = ct[sizeof want - 1];
	return !c || c == ';' || c == ' ' || c == '\t';
}

/* The scheme the client used: https under TLS or behind a trusted proxy
 * that says so. */
static const char *request_scheme(struct req *r)
{
	return r->is_https ? "https" : "http";
}

/* A write comes from a page of this server: its Origin is this server's
 * (scheme://Host), or, without Origin, Sec-Fetch-Site says same-origin. */
static int is_same_origin(struct req *r, const char *host)
{
	const char *origin = http_header(r, "Origin");
	if (!origin) {
		const char *site = http_header(r, "Sec-Fetch-Site");
		return site && !strcasecmp(site, "same-origin");
	}
	const char *scheme = request_scheme(r);
	size_t n = strlen(scheme);
	return !strncasecmp(origin, scheme, n) && !strncmp(origin + n, "://", 3) && !strcasecmp(origin + n + 3, host);
}

/* 0, or the refusal answered in r: no Host or two Content-Lengths (400),
 * too many query arguments (414) or headers (431), a POST or a body that
 * is not JSON (415), a write (any method but GET and HEAD) not from this
 * server's pages (403). */
static int edge_refuse(struct req *r)
{
	struct head_count c = { 0 };
	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, count_header, &c);
	int n_args = MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, NULL, NULL);
	const char *host = http_header(r, "Host");
	if (c.n > HTTP_MAX_HEADERS) {
		api_error(r, 431, "TOO_MANY_HEADERS", NULL, L("请求头超过 %u 个", "more than %u header fields"), HTTP_MAX_HEADERS);
	} else if (n_args > HTTP_MAX_ARGS) {
		api_error(r, 414, "TOO_MANY_ARGS", NULL, L("查询参数超过 %u 个", "more than %u query arguments"), HTTP_MAX_ARGS);
	} else if (!host || !*host) {
		api_error(r, 400, "BAD_REQUEST", NULL, "%s", L("请求缺少 Host 头", "the request has no Host header"));
	} else if (c.is_conflicting) {
		api_error(r, 400, "BAD_REQUEST", NULL, "%s",
			  L("请求带有互相矛盾的 Content-Length 头", "the request has conflicting Content-Length headers"));
	} else if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD")) {
		int has_body = (c.content_length && strtoull(c.content_length, NULL, 10) > 0) ||
			       http_header(r, MHD_HTTP_HEADER_TRANSFER_ENCODING);
		if ((has_body || !strcmp(r->method, "POST")) && !is_json_type(http_header(r, MHD_HTTP_HEADER_CONTENT_TYPE)))
			api_error(r, 415, "MEDIA_TYPE", NULL, "%s",
				  L("写请求须为 Content-Type: application/json", "a write must be Content-Type: application/json"));
		else if (!is_same_origin(r, host))
			api_error(r, 403, "ORIGIN", NULL, "%s",
				  L("写请求须来自本站页面（Origin 或 Sec-Fetch-Site 不符）",
				    "a write must come from this site's pages (Origin or Sec-Fetch-Site)"));
		else
			return 0;
	} else {
		return 0;
	}
	return -1;
}

/* Before libmicrohttpd splits the query: a request line of thousands of
 * arguments would fill the connection's memory before any handler runs,
 * and libmicrohttpd then leaves the client waiting unanswered.  The line
 * is cut after the first HTTP_MAX_ARGS + 1 arguments (in the connection's
 * own buffer, which is writable: libmicrohttpd splits it in place next),
 * so the handler sees one too many and answers 414. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	char *q = strchr(uri, '?');
	unsigned n = 0;
	for (char *p = q; p && *p; p++)
		if (*p == '&' && ++n > HTTP_MAX_ARGS) {
			*p = 0;
			break;
		}
	return NULL;
}

/* The peer's address as text ("-" when unknown). */
static const char *client_address(struct req *r)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char text[INET6_ADDRSTRLEN] = "-";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET) {
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text, sizeof text);
		} else if (sa->sa_family == AF_INET6) {
			const struct in6_addr *a6 = &((const struct sockaddr_in6 *)sa)->sin6_addr;
			if (IN6_IS_ADDR_V4MAPPED(a6))
				inet_ntop(AF_INET, &a6->s6_addr[12], text, sizeof text);
			else
				inet_ntop(AF_INET6, a6, text, sizeof text);
		}
	}
	return arena_strdup(&r->a, text);
}

/* From the trusted proxy: the client is the last address it appended to
 * X-Forwarded-For, the scheme what X-Forwarded-Proto says. */
static void behind_proxy(struct req *r)
{
	const char *xff = http_header(r, "X-Forwarded-For");
	const char *xfp = http_header(r, "X-Forwarded-Proto");
	if (xff) {
		const char *last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		while (*last == ' ' || *last == '\t')
			last++;
		char a[INET6_ADDRSTRLEN + 1];
		size_t n = strcspn(last, " \t");
		unsigned char bin[16];
		if (n < sizeof a) {
			memcpy(a, last, n);
			a[n] = 0;
			if (inet_pton(AF_INET, a, bin) == 1 || inet_pton(AF_INET6, a, bin) == 1)
				r->client_addr = arena_strdup(&r->a, a);
		}
	}
	if (xfp && !strcasecmp(xfp, "https"))
		r->is_https = 1;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	struct http_server *srv = cls;
	struct req *r = *con_cls;
	(void)version;
	if (!r) {
		r = xcalloc(1, sizeof(*r));
		r->conn = conn;
		r->method = arena_strdup(&r->a, method);
		r->path = arena_strdup(&r->a, url);
		r->srv = srv;
		r->t0_us = (clock_mono_ns() / 1000);
		r->client_addr = client_address(r);
		r->is_https = srv->is_tls;
		if (srv->trust_proxy && !strcmp(r->client_addr, srv->trust_proxy))
			behind_proxy(r);
		*con_cls = r;
		/* the headers are in: from now on the connection may idle as long as any */
		MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT, srv->idle_timeout);
		if (edge_refuse(r)) {
			r->is_too_big = 1; /* a body that follows is dropped */
			return send_reply(r);
		}
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > HTTP_MAX_BODY) {
			/* refuse before reading the body */
			r->is_too_big = 1;
			dispatch_req(srv, r);
			return send_reply(r);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!r->is_too_big && r->body_len + *upload_data_size > HTTP_MAX_BODY) {
			r->is_too_big = 1;
		} else if (!r->is_too_big) {
			r->body = xrealloc(r->body, r->body_len + *upload_data_size + 1);
			memcpy(r->body + r->body_len, upload_data, *upload_data_size);
			r->body_len += *upload_data_size;
			r->body[r->body_len] = 0;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->is_done) /* a worker answered it */
		return send_reply(r);
	if (r->status) /* answered already (413 at the headers) */
		return MHD_YES;
	int w = to_worker(srv, r);
	if (w < 0)
		return send_reply(r);
	if (!w)
		return MHD_YES; /* again when its worker is done */
	/* no workers (the server stops): here */
	dispatch_req(srv, r);
	if (r->is_suspended) {
		/* at the verifiers: the connection is free for others meanwhile;
		 * this runs again when they resume it */
		r->is_suspended = 0;
		if (r->b) {
			pool_put(&srv->pool, r->b);
			r->b = NULL;
		}
		return MHD_YES;
	}
	if (r->b) {
		pool_put(&srv->pool, r->b);
		r->b = NULL;
	}
	return send_reply(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct req *r = *con_cls;
	(void)conn;
	(void)toe;
	if (!r)
		return;
	if (r->b)
		pool_put(&srv->pool, r->b);
	json_decref(r->json);
	json_decref(r->out);
	free(r->body);
	arena_release(&r->a);
	free(r);
	*con_cls = NULL;
}

size_t http_unescape(char *s)
{
	char *r = s, *w = s;
	while (*r) {
		if (r[0] == '%' && isxdigit((unsigned char)r[1]) && isxdigit((unsigned char)r[2]) &&
		    !(r[1] == '0' && r[2] == '0')) {
			char hex[3] = { r[1], r[2], 0 };
			*w++ = (char)strtoul(hex, NULL, 16);
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = 0;
	return (size_t)(w - s);
}

static size_t unescape_cb(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return http_unescape(s);
}

/* --- start and stop --------------------------------------------------- */

/* A whole file as a NUL-ended string (malloc'd), or NULL. */
static char *read_whole(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char tmp[4096];
	size_t k;
	while ((k = fread(tmp, 1, sizeof tmp, f)) > 0 && b.len < (1u << 20))
		buf_add(&b, tmp, k);
	int bad = ferror(f);
	fclose(f);
	*n = b.len;
	if (bad || !b.len) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, int *is_v6, struct buf *err)
{
	char host[128];
	const char *colon = strrchr(listen, ':');
	memset(ss, 0, sizeof(*ss));
	*is_v6 = 0;
	if (!colon || (size_t)(colon - listen) >= sizeof host)
		goto bad;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || port < 0 || port > 65535)
		goto bad;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = 0;
	if (host[0] == '[') {
		size_t n = strlen(host);
		if (n < 3 || host[n - 1] != ']')
			goto bad;
		host[n - 1] = 0;
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			goto bad;
		*is_v6 = 1;
		return 0;
	}
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
		goto bad;
	return 0;
bad:
	buf_printf(err, L("--listen 应写作 地址:端口（如 127.0.0.1:8080 或 [::1]:8080）：%s",
			  "--listen is ADDRESS:PORT (e.g. 127.0.0.1:8080 or [::1]:8080): %s"),
		   listen);
	return -1;
}

int http_start(const char *book_path, int year, const char *listen, int threads, struct http_server **out,
	       struct buf *err)
{
	struct http_opts o = { .threads = threads };
	return http_start_opts(book_path, year, listen, &o, out, err);
}

int http_start_opts(const char *book_path, int year, const char *listen, const struct http_opts *o,
		    struct http_server **out, struct buf *err)
{
	int threads = o->threads;
	unsigned timeout = o->idle_timeout ? o->idle_timeout : HTTP_IDLE_TIMEOUT;
	struct sockaddr_storage ss;
	int is_v6;
	if (parse_listen(listen, &ss, &is_v6, err))
		return -1;
	if (threads < 1)
		threads = 1;
	struct http_server *s = xcalloc(1, sizeof(*s));
	pthread_mutex_init(&s->w.mu, NULL);
	for (int l = 0; l < LANE__N; l++)
		pthread_cond_init(&s->w.lane[l].cv, NULL);
	pthread_mutex_init(&s->pool.mu, NULL);
	pthread_cond_init(&s->pool.cv, NULL);
	pthread_mutex_init(&s->vp.mu, NULL);
	pthread_cond_init(&s->vp.cv, NULL);
	pthread_cond_init(&s->vp.idle, NULL);
	int nv = o->verify_threads;
	if (nv < 1) {
		long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		nv = ncpu >= 4 ? (int)(ncpu / 2) : 1;
	}
	s->vp.th = xcalloc((size_t)nv, sizeof(pthread_t));
	s->vp.running = xcalloc((size_t)nv, sizeof(struct req *));
	for (; s->vp.n_th < nv; s->vp.n_th++) {
		struct verifier_arg *va = xmalloc(sizeof(*va));
		*va = (struct verifier_arg){ &s->vp, s->vp.n_th };
		if (pthread_create(&s->vp.th[s->vp.n_th], NULL, verifier, va)) {
			free(va);
			buf_adds(err, L("无法启动密码校验线程", "cannot start the password verifiers"));
			goto fail;
		}
	}
	/* the lanes' workers: a book connection each */
	int n_lane[LANE__N] = { [LANE_READ] = threads, [LANE_WRITE] = 1, [LANE_DOWNLOAD] = HTTP_DOWNLOADERS };
	int n_books = n_lane[LANE_READ] + n_lane[LANE_WRITE] + n_lane[LANE_DOWNLOAD];
	s->pool.all = xcalloc((size_t)n_books, sizeof(struct book *));
	s->pool.idle = xcalloc((size_t)n_books, sizeof(struct book *));
	for (int i = 0; i < n_books; i++) {
		struct book *b;
		if (store_open(book_path, STORE_DURABLE, &b, err))
			goto fail;
		if (o->region && store_use_region(b, o->region, err)) {
			store_close(b);
			goto fail;
		}
		if (!b->region[0]) {
			buf_printf(err, L("%s: 账簿有多个区划，请用 --region 指定本服务的区划", "%s: the book has several regions; give the one served with --region"),
				   b->name);
			store_close(b);
			goto fail;
		}
		if (year)
			b->year = year;
		s->pool.all[s->pool.n++] = b;
		s->pool.idle[s->pool.n_idle++] = b;
	}
	if (!s->pool.all[0]->year) {
		buf_printf(err, L("%s: 账簿没有预算年度", "%s: the book has no budget year"), book_path);
		goto fail;
	}
	for (int l = 0; l < LANE__N; l++) {
		struct lane *q = &s->w.lane[l];
		q->max_queued = l == LANE_DOWNLOAD ? HTTP_DOWNLOAD_QUEUE : HTTP_LANE_QUEUE;
		q->th = xcalloc((size_t)n_lane[l], sizeof(pthread_t));
		for (; q->n_th < n_lane[l]; q->n_th++) {
			struct worker_arg *wa = xmalloc(sizeof(*wa));
			*wa = (struct worker_arg){ s, l };
			if (pthread_create(&q->th[q->n_th], NULL, worker, wa)) {
				free(wa);
				buf_adds(err, L("无法启动工作线程", "cannot start the workers"));
				goto fail;
			}
		}
	}
	s->w.is_started = 1;
	s->log = o->access_log;
	if (o->trust_proxy) {
		unsigned char bin[16];
		if (inet_pton(AF_INET, o->trust_proxy, bin) != 1 && inet_pton(AF_INET6, o->trust_proxy, bin) != 1) {
			buf_printf(err, L("--trust-proxy 应为一个 IP 地址：%s", "--trust-proxy is one IP address: %s"),
				   o->trust_proxy);
			goto fail;
		}
		s->trust_proxy = xstrdup(o->trust_proxy);
	}
	if (o->tls_cert || o->tls_key) {
		size_t n;
		if (!o->tls_cert || !o->tls_key) {
			buf_adds(err, L("--tls-cert 与 --tls-key 须一起给出", "--tls-cert and --tls-key go together"));
			goto fail;
		}
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			buf_adds(err, L("此 libmicrohttpd 不支持 TLS（需 GnuTLS 版）", "this libmicrohttpd has no TLS (it needs GnuTLS)"));
			goto fail;
		}
		if (!(s->tls_cert = read_whole(o->tls_cert, &n)) || !(s->tls_key = read_whole(o->tls_key, &n))) {
			buf_printf(err, L("无法读取证书或私钥：%s", "cannot read the certificate or key: %s"),
				   s->tls_cert ? o->tls_key : o->tls_cert);
			goto fail;
		}
		s->is_tls = 1;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME |
			 (is_v6 ? MHD_USE_IPv6 : 0) | (s->is_tls ? MHD_USE_TLS : 0);
	s->idle_timeout = timeout;
	unsigned header_timeout = o->header_timeout ? o->header_timeout : HTTP_HEADER_TIMEOUT;
	if (header_timeout > timeout)
		header_timeout = timeout;
	unsigned per_addr = o->max_per_address ? o->max_per_address : HTTP_MAX_PER_ADDRESS;
	s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads, MHD_OPTION_NOTIFY_COMPLETED,
				on_completed, s, MHD_OPTION_CONNECTION_TIMEOUT, header_timeout,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_addr, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned int)HTTP_MAX_CONNECTIONS,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY,
				MHD_OPTION_UNESCAPE_CALLBACK, unescape_cb, NULL,
				s->is_tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, s->tls_cert,
				MHD_OPTION_HTTPS_MEM_KEY, s->tls_key, MHD_OPTION_END);
	if (!s->d && s->is_tls) {
		buf_printf(err, L("无法以 TLS 在 %s 上监听（证书或私钥无效，或地址被占用）",
				  "cannot serve TLS on %s (a bad certificate or key, or the address is in use)"),
			   listen);
		goto fail;
	}
	if (!s->d) {
		buf_printf(err, L("无法在 %s 上监听（地址被占用或无权限）", "cannot listen on %s (in use or not permitted)"),
			   listen);
		goto fail;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : 0;
	*out = s;
	return 0;
fail:
	http_stop(s);
	return -1;
}

int http_is_tls(const struct http_server *s)
{
	return s->is_tls;
}

int http_port(const struct http_server *s)
{
	return s->port;
}

void http_stop(struct http_server *s)
{
	if (!s)
		return;
	/* the verifiers finish what they hold (resuming its connections) first */
	pthread_mutex_lock(&s->vp.mu);
	s->vp.stop = 1;
	pthread_cond_broadcast(&s->vp.cv);
	pthread_mutex_unlock(&s->vp.mu);
	for (int i = 0; i < s->vp.n_th; i++)
		pthread_join(s->vp.th[i], NULL);
	free(s->vp.th);
	free(s->vp.running);
	/* then the workers finish every request queued (resuming its
	 * connection); a request that comes after runs on its own thread */
	pthread_mutex_lock(&s->w.mu);
	s->w.stop = 1;
	for (int l = 0; l < LANE__N; l++)
		pthread_cond_broadcast(&s->w.lane[l].cv);
	pthread_mutex_unlock(&s->w.mu);
	for (int l = 0; l < LANE__N; l++) {
		for (int i = 0; i < s->w.lane[l].n_th; i++)
			pthread_join(s->w.lane[l].th[i], NULL);
		free(s->w.lane[l].th);
	}
	if (s->d)
		MHD_stop_daemon(s->d);
	for (size_t i = 0; i < s->pool.n; i++) {
		api_cache_release(s->pool.all[i]);
		store_close(s->pool.all[i]);
	}
	api_resident_release();
	api_answers_release();
	store_totals_release();
	free(s->pool.all);
	free(s->pool.idle);
	pthread_mutex_destroy(&s->pool.mu);
	pthread_cond_destroy(&s->pool.cv);
	pthread_mutex_destroy(&s->vp.mu);
	pthread_cond_destroy(&s->vp.cv);
	pthread_cond_destroy(&s->vp.idle);
	for (int l = 0; l < LANE__N; l++)
		pthread_cond_destroy(&s->w.lane[l].cv);
	pthread_mutex_destroy(&s->w.mu);
	free(s->trust_proxy);
	if (s->tls_key)
		sodium_memzero(s->tls_key, strlen(s->tls_key));
	free(s->tls_key);
	free(s->tls_cert);
	free(s);
}
