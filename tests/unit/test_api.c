/*
 * test_api - the JSON API of SPEC §9, without a browser: the server runs
 * inside this process on an ephemeral loopback port and the tests talk
 * HTTP to it over a socket.  The role × route matrix below holds the
 * expected status of every route for every role; a route without a row
 * fails the test.
 */
#include "unit.h"
#include "audit.h"
#include "db.h"
#include "auth.h"
#include "store.h"
#include "http.h"
#include "import.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char dir[64], book_path[128];
static struct http_server *srv;
static int port;

enum { ANON, AGENCY, REVIEWER, BUDGET, VIEWER, ADMIN, N_ROLES };
static const char *const user_of[N_ROLES] = { NULL, "ag1", "rev", "bud", "view", "adm" };
static const char *const role_label[N_ROLES] = { "anon", "agency", "reviewer", "budget", "viewer", "admin" };
#define PW "password-1"

struct sess {
	char cookie[96];
	char csrf[80];
};
static struct sess sess[N_ROLES], sess_ag2;

struct resp {
	int status;
	char *head, *body;
	json_t *json;
};

static void resp_free(struct resp *r)
{
	free(r->head);
	json_decref(r->json);
	memset(r, 0, sizeof(*r));
}

/* One request.  extra: more header lines ("Name: value\r\n"), or NULL. */
static struct resp http_raw(const char *method, const char *path, const struct sess *s, int with_csrf,
			    const char *body, const char *extra)
{
	struct resp r = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { 0 };
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	struct buf q = BUF_INIT;
	buf_printf(&q, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n", method, path);
	if (s && s->cookie[0])
		buf_printf(&q, "Cookie: zbb_session=%s\r\n", s->cookie);
	if (s && with_csrf)
		buf_printf(&q, "X-CSRF-Token: %s\r\n", s->csrf);
	/* a write comes from the server's own page, as a browser sends it */
	if (strcmp(method, "GET") && strcmp(method, "HEAD") && !(extra && strstr(extra, "Origin:"))) {
		buf_adds(&q, "Origin: http://127.0.0.1\r\n");
		if (!body && !(extra && strstr(extra, "Content-Type")))
			buf_adds(&q, "Content-Type: application/json\r\n");
	}
	if (extra)
		buf_adds(&q, extra);
	if (body)
		buf_printf(&q, "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s", strlen(body), body);
	else if (!extra || !strstr(extra, "Content-Length"))
		buf_adds(&q, "\r\n");
	size_t off = 0;
	while (off < q.len) {
		ssize_t n = send(fd, q.s + off, q.len - off, MSG_NOSIGNAL);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	buf_release(&q);
	struct buf in = BUF_INIT;
	char tmp[8192];
	ssize_t n;
	while ((n = recv(fd, tmp, sizeof tmp, 0)) > 0)
		buf_add(&in, tmp, (size_t)n);
	close(fd);
	r.head = buf_detach(&in);
	if (!r.head)
		r.head = xstrdup("");
	sscanf(r.head, "HTTP/1.1 %d", &r.status);
	char *sep = strstr(r.head, "\r\n\r\n");
	if (sep) {
		*sep = 0;
		r.body = sep + 4;
		r.json = json_loads(r.body, 0, NULL);
	}
	return r;
}

static struct resp http(const char *method, const char *path, int role, int with_csrf, const char *body)
{
	return http_raw(method, path, &sess[role], with_csrf, body, NULL);
}

static int status_of(const char *method, const char *path, int role, int with_csrf, const char *body)
{
	struct resp r = http(method, path, role, with_csrf, body);
	int st = r.status;
	resp_free(&r);
	return st;
}

static int status_raw(const char *method, const char *path, const struct sess *s, int with_csrf, const char *body,
		      const char *extra)
{
	struct resp r = http_raw(method, path, s, with_csrf, body, extra);
	int st = r.status;
	resp_free(&r);
	return st;
}

static const char *header(const struct resp *r, const char *name)
{
	static char val[512];
	const char *p = r->head;
	size_t n = strlen(name);
	while ((p = strstr(p, "\r\n"))) {
		p += 2;
		if (!strncasecmp(p, name, n) && p[n] == ':') {
			const char *v = p + n + 1;
			while (*v == ' ')
				v++;
			size_t l = strcspn(v, "\r\n");
			snprintf(val, sizeof val, "%.*s", (int)l, v);
			return val;
		}
	}
	return NULL;
}

static int login(const char *name, const char *pw, struct sess *s)
{
	char body[256];
	snprintf(body, sizeof body, "{\"name\":\"%s\",\"password\":\"%s\"}", name, pw);
	struct resp r = http_raw("POST", "/api/v1/login", NULL, 0, body, NULL);
	int st = r.status;
	if (st == 200) {
		const char *c = header(&r, "Set-Cookie");
		assert_non_null(c);
		assert_non_null(strstr(c, "HttpOnly"));
		assert_non_null(strstr(c, "SameSite=Strict"));
		assert_non_null(strstr(c, "Path=/"));
		sscanf(c, "zbb_session=%90[0-9a-f]", s->cookie);
		snprintf(s->csrf, sizeof s->csrf, "%s", json_string_value(json_object_get(r.json, "csrf")));
	}
	resp_free(&r);
	return st;
}

static void import_text(struct book *b, const char *kind, const char *csv)
{
	struct import_result res;
	struct buf err = BUF_INIT;
	int rc = import_mem(b, "test", kind_find(kind), kind, csv, strlen(csv), NULL, &res, &err);
	if (rc)
		fail_msg("import %s: %s %s", kind, buf_str(&err), res.n_shown ? res.errors[0] : "");
	import_result_release(&res);
	buf_release(&err);
}

static int64_t version_of(const char *code)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/projects/%s", code);
	struct resp r = http("GET", path, BUDGET, 0, NULL);
	assert_int_equal(r.status, 200);
	int64_t v = json_integer_value(json_object_get(r.json, "version"));
	resp_free(&r);
	return v;
}

#define PROJECT_BODY(code, agency, extra)                                                                         \
	"{\"code\":\"" code "\",\"agency\":\"" agency "\",\"name\":\"教学设备购置\",\"kind\":\"specific\","        \
	"\"tier\":\"general\",\"function\":\"2050201\",\"new\":true,\"basis\":[\"B1\"]" extra ","                   \
	"\"items\":[{\"seq\":1,\"content\":\"台式电脑\",\"economic\":\"31002\",\"unit\":\"台\","                    \
	"\"price_fen\":500000,\"quantity\":\"2.5\"}]}"

static int setup(void **state)
{
	(void)state;
	struct book *b;
	struct buf err = BUF_INIT;
	setenv("ZBB_NOW", "2026-11-01T09:00:00Z", 1);
	lang_init("zh");
	snprintf(dir, sizeof dir, "/tmp/zbb-api.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(book_path, sizeof book_path, "%s/book.db", dir);
	if (store_open(book_path, STORE_CREATE, &b, &err) || store_init_year(b, "test", 2026, &err))
		fail_msg("%s", buf_str(&err));
	import_text(b, "agencies", "code,name\nA1,市教育局\nA2,市卫生健康委\n");
	import_text(b, "projects",
		    "code,agency,name,kind,tier,function\nPA,A1,学校运转,specific,general,2050201\n"
		    "PB,A2,医院设备,specific,general,2100201\nPD,A1,待删项目,specific,general,2050201\n");
	import_text(b, "items",
		    "project,seq,content,economic,unit,price,quantity\nPA,1,办公用品,30201,批,1000,3\n"
		    "PB,1,监护仪,31002,台,25000.5,2\n");
	static const char *const roles[N_ROLES] = { NULL, "agency", "reviewer", "budget", "viewer", "admin" };
	for (int i = 1; i < N_ROLES; i++) {
		unsigned role;
		role_parse(roles[i], &role);
		if (auth_user_add(b, "test", user_of[i], role, i == AGENCY ? "A1" : NULL, PW, &err))
			fail_msg("%s", buf_str(&err));
	}
	if (auth_user_add(b, "test", "ag2", ROLE_AGENCY, "A2", PW, &err) ||
	    auth_user_add(b, "test", "thr", ROLE_VIEWER, NULL, PW, &err) ||
	    auth_user_add(b, "test", "gone", ROLE_VIEWER, NULL, PW, &err) ||
	    auth_user_add(b, "test", "pwu", ROLE_VIEWER, NULL, PW, &err))
		fail_msg("%s", buf_str(&err));
	store_close(b);
	if (http_start(book_path, 0, "127.0.0.1:0", 4, &srv, &err))
		fail_msg("%s", buf_str(&err));
	port = http_port(srv);
	assert_true(port > 0);
	for (int i = 1; i < N_ROLES; i++)
		assert_int_equal(login(user_of[i], PW, &sess[i]), 200);
	assert_int_equal(login("ag2", PW, &sess_ag2), 200);
	buf_release(&err);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_stop(srv);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd))
		return 1;
	return 0;
}

/* --- the role × route matrix ------------------------------------------ */

struct cell_req {
	const char *method;
	char path[128];
	char body[1024];
	int has_body;
	struct sess s; /* the session to use */
};

typedef void (*prep_fn)(int role, struct cell_req *c);

static void prep_logout(int role, struct cell_req *c)
{
	/* a fresh session of its own, so the others live on */
	if (role != ANON)
		assert_int_equal(login(user_of[role], PW, &c->s), 200);
}

static void prep_login(int role, struct cell_req *c)
{
	snprintf(c->body, sizeof c->body, "{\"name\":\"%s\",\"password\":\"%s\"}", role == ANON ? "view" : user_of[role],
		 PW);
	c->has_body = 1;
}

static void prep_create(int role, struct cell_req *c)
{
	/* a code of its own per role */
	snprintf(c->body, sizeof c->body, PROJECT_BODY("NEW-%s", "A1", ""), role_label[role]);
	c->has_body = 1;
}

static void prep_update(int role, struct cell_req *c)
{
	(void)role;
	snprintf(c->body, sizeof c->body,
		 "{\"version\":%lld,\"name\":\"学校运转经费\",\"kind\":\"specific\",\"tier\":\"general\","
		 "\"function\":\"2050201\"}",
		 (long long)version_of("PA"));
	c->has_body = 1;
}

static void prep_delete(int role, struct cell_req *c)
{
	/* a project of A1 to delete, made by the budget office */
	char body[1024], code[32];
	snprintf(code, sizeof code, "DEL-%s", role_label[role]);
	snprintf(body, sizeof body, PROJECT_BODY("%s", "A1", ""), code);
	assert_int_equal(status_of("POST", "/api/v1/projects", BUDGET, 1, body), 201);
	snprintf(c->path, sizeof c->path, "/api/v1/projects/%s", code);
	snprintf(c->body, sizeof c->body, "{\"version\":1}");
	c->has_body = 1;
}

static void prep_review(int role, struct cell_req *c)
{
	snprintf(c->body, sizeof c->body,
		 "{\"project\":\"PA\",\"seq\":1,\"round\":%d,\"action\":\"adjust\",\"quantity\":\"2\","
		 "\"reason\":\"按标准核减\"}",
		 10 + role);
	c->has_body = 1;
}

static void prep_evaluation(int role, struct cell_req *c)
{
	snprintf(c->body, sizeof c->body,
		 "{\"project\":\"%s\",\"score\":\"82.5\",\"conclusion\":\"partial\",\"ratio\":\"0.8\"}",
		 role == BUDGET ? "PB" : "PA");
	c->has_body = 1;
}

static void prep_check(int role, struct cell_req *c)
{
	(void)role;
	snprintf(c->body, sizeof c->body, "%s",
		 "{\"code\":\"CHK-1\",\"agency\":\"A1\",\"name\":\"草稿\",\"kind\":\"specific\",\"tier\":\"general\","
		 "\"function\":\"2050201\",\"items\":[{\"seq\":1,\"content\":\"台式电脑\",\"economic\":\"31002\","
		 "\"unit\":\"台\",\"price_fen\":500000,\"quantity\":\"2\"}]}");
	c->has_body = 1;
}

static void prep_allocate(int role, struct cell_req *c)
{
	snprintf(c->body, sizeof c->body, "{\"scenario\":\"m-%s\"}", role_label[role]);
	c->has_body = 1;
}

static void prep_whatif(int role, struct cell_req *c)
{
	(void)role;
	snprintf(c->body, sizeof c->body, "{\"capacity_fen\":100}");
	c->has_body = 1;
}

/* the matrix's book has agencies in draft: adoption is refused (422), nothing stored */
static void prep_adopt(int role, struct cell_req *c)
{
	(void)role;
	snprintf(c->body, sizeof c->body, "{\"scenario\":\"base\"}");
	c->has_body = 1;
}

/* the book is not adopted: the budget office is refused (422), nothing stored */
static void prep_adjust(int role, struct cell_req *c)
{
	(void)role;
	snprintf(c->body, sizeof c->body,
		 "{\"code\":\"D1\",\"kind\":\"adjust\",\"date\":\"2026-12-01\",\"trigger\":\"total\","
		 "\"lines\":[{\"project\":\"PA\",\"seq\":1,\"amount_fen\":100}]}");
	c->has_body = 1;
}

static void prep_user_add(int role, struct cell_req *c)
{
	snprintf(c->body, sizeof c->body, "{\"name\":\"new-%s\",\"role\":\"viewer\",\"password\":\"" PW "\"}",
		 role_label[role]);
	c->has_body = 1;
}

static void prep_user_put(int role, struct cell_req *c)
{
	(void)role;
	snprintf(c->path, sizeof c->path, "/api/v1/users/pwu");
	snprintf(c->body, sizeof c->body, "{\"password\":\"another-pass-2\"}");
	c->has_body = 1;
}

static void prep_settings(int role, struct cell_req *c)
{
	(void)role;
	snprintf(c->body, sizeof c->body, "{\"growth\":\"0.05\"}");
	c->has_body = 1;
}

static void prep_list_put(int role, struct cell_req *c)
{
	snprintf(c->body, sizeof c->body, "{\"code\":\"PR-%s\",\"name\":\"重点事项\",\"rank\":3}", role_label[role]);
	c->has_body = 1;
}

static void prep_list_delete(int role, struct cell_req *c)
{
	char body[256];
	snprintf(body, sizeof body, "{\"code\":\"DP-%s\",\"name\":\"待删\",\"rank\":9}", role_label[role]);
	struct resp r = http("PUT", "/api/v1/lists/priorities", BUDGET, 1, body);
	assert_int_equal(r.status, 201);
	/* the version read (SPEC §9: a stale one is refused) */
	snprintf(c->body, sizeof c->body, "{\"code\":\"DP-%s\",\"version\":%lld}", role_label[role],
		 (long long)json_integer_value(json_object_get(r.json, "version")));
	resp_free(&r);
	c->has_body = 1;
}

/* The version of a list row as GET /api/v1/lists/{kind} shows it. */
static int64_t list_version(const char *kind, const char *key, const char *code)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/lists/%s", kind);
	struct resp r = http("GET", path, BUDGET, 0, NULL);
	int64_t v = -1;
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(r.json, "rows"), i, o)
		if (!strcmp(json_string_value(json_object_get(o, key)), code))
			v = json_integer_value(json_object_get(o, "version"));
	resp_free(&r);
	assert_true(v > 0);
	return v;
}

/* An agency's season version as GET /api/v1/season shows it. */
static int64_t season_version(const char *agency)
{
	struct resp r = http("GET", "/api/v1/season", BUDGET, 0, NULL);
	assert_int_equal(r.status, 200);
	int64_t v = -1;
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(r.json, "agencies"), i, o)
		if (!strcmp(json_string_value(json_object_get(o, "agency")), agency))
			v = json_integer_value(json_object_get(o, "version"));
	resp_free(&r);
	assert_true(v >= 0);
	return v;
}

static const char *season_state(const char *agency, char *buf, size_t n)
{
	struct resp r = http("GET", "/api/v1/season", BUDGET, 0, NULL);
	size_t i;
	json_t *o;
	buf[0] = 0;
	json_array_foreach(json_object_get(r.json, "agencies"), i, o)
		if (!strcmp(json_string_value(json_object_get(o, "agency")), agency))
			snprintf(buf, n, "%s@%d", json_string_value(json_object_get(o, "state")),
				 (int)json_integer_value(json_object_get(o, "round")));
	resp_free(&r);
	return buf;
}

/* The season's steps on A2 (its user ag2; A1 has a project without items
 * and could not be submitted), ending where they began for the agency
 * (returned is editable): the agency submits, a reviewer returns, the
 * budget office returns again after the agency submitted once more. */
static void prep_season(int role, struct cell_req *c)
{
	char body[256];
	if (role == BUDGET) {
		snprintf(body, sizeof body, "{\"version\":%lld}", (long long)season_version("A2"));
		struct resp r = http_raw("POST", "/api/v1/season/A2/submit", &sess_ag2, 1, body, NULL);
		assert_int_equal(r.status, 200);
		resp_free(&r);
	}
	if (role == AGENCY)
		c->s = sess_ag2;
	snprintf(c->path, sizeof c->path, "/api/v1/season/A2/%s", role == AGENCY ? "submit" : "return");
	if (role == AGENCY)
		snprintf(c->body, sizeof c->body, "{\"version\":%lld}", (long long)season_version("A2"));
	else
		snprintf(c->body, sizeof c->body,
			 "{\"version\":%lld,\"opinion\":\"请补充测算依据\",\"projects\":[\"PB\"]}",
			 (long long)season_version("A2"));
	c->has_body = 1;
}

/* What a request that succeeds (2xx) leaves in the audit log: ONE entry
 * (every change of the book is one store_write) or NONE (reads, the draft
 * check, the what-if).  A row must say which: 0 is a forgotten column. */
enum { ONE = 1, NONE = 2 };

struct matrix_row {
	const char *method, *pattern, *path;
	prep_fn prep;
	int want[N_ROLES]; /* anon agency reviewer budget viewer admin */
	int entries;       /* ONE or NONE on success; a refusal leaves none */
};

static const struct matrix_row matrix[] = {
	{ "GET", "/", "/", NULL, { 200, 200, 200, 200, 200, 200 }, NONE },
	{ "GET", "/assets/{name}", "/assets/app.css", NULL, { 200, 200, 200, 200, 200, 200 }, NONE },
	{ "POST", "/api/v1/login", "/api/v1/login", prep_login, { 200, 200, 200, 200, 200, 200 }, ONE },
	{ "POST", "/api/v1/logout", "/api/v1/logout", prep_logout, { 401, 200, 200, 200, 200, 200 }, ONE },
	{ "GET", "/api/v1/me", "/api/v1/me", NULL, { 401, 200, 200, 200, 200, 200 }, NONE },
	{ "GET", "/api/v1/agencies", "/api/v1/agencies", NULL, { 401, 200, 200, 200, 200, 200 }, NONE },
	{ "GET", "/api/v1/projects", "/api/v1/projects?agency=A1", NULL, { 401, 200, 200, 200, 200, 403 }, NONE },
	{ "POST", "/api/v1/projects", "/api/v1/projects", prep_create, { 401, 201, 403, 201, 403, 403 }, ONE },
	{ "GET", "/api/v1/projects/{code}", "/api/v1/projects/PA", NULL, { 401, 200, 200, 200, 200, 403 }, NONE },
	{ "PUT", "/api/v1/projects/{code}", "/api/v1/projects/PA", prep_update, { 401, 200, 403, 200, 403, 403 }, ONE },
	{ "DELETE", "/api/v1/projects/{code}", NULL, prep_delete, { 401, 200, 403, 200, 403, 403 }, ONE },
	{ "POST", "/api/v1/reviews", "/api/v1/reviews", prep_review, { 401, 403, 201, 201, 403, 403 }, ONE },
	{ "POST", "/api/v1/evaluations", "/api/v1/evaluations", prep_evaluation, { 401, 403, 201, 201, 403, 403 }, ONE },
	{ "GET", "/api/v1/audit", "/api/v1/audit?since=0", NULL, { 401, 403, 200, 200, 200, 200 }, NONE },
	{ "POST", "/api/v1/check", "/api/v1/check", prep_check, { 401, 200, 200, 200, 200, 403 }, NONE },
	{ "POST", "/api/v1/allocate", "/api/v1/allocate", prep_allocate, { 401, 403, 403, 200, 403, 403 }, ONE },
	{ "POST", "/api/v1/whatif", "/api/v1/whatif", prep_whatif, { 401, 403, 403, 200, 200, 403 }, NONE },
	{ "POST", "/api/v1/adopt", "/api/v1/adopt", prep_adopt, { 401, 403, 403, 422, 403, 403 }, NONE },
	{ "GET", "/api/v1/adjustments", "/api/v1/adjustments", NULL, { 401, 200, 200, 200, 200, 403 }, NONE },
	{ "POST", "/api/v1/adjustments", "/api/v1/adjustments", prep_adjust, { 401, 403, 403, 422, 403, 403 }, NONE },
	{ "GET", "/api/v1/findings", "/api/v1/findings?code=NO_TARGETS", NULL, { 401, 200, 200, 200, 200, 403 }, NONE },
	{ "GET", "/api/v1/scenarios", "/api/v1/scenarios", NULL, { 401, 403, 200, 200, 200, 403 }, NONE },
	{ "GET", "/api/v1/reports/{name}", "/api/v1/reports/cuts", NULL, { 401, 200, 200, 200, 200, 403 }, NONE },
	{ "GET", "/api/v1/explain/{code}", "/api/v1/explain/PA", NULL, { 401, 200, 200, 200, 200, 403 }, NONE },
	{ "GET", "/api/v1/explain/{code}/{seq}", "/api/v1/explain/PA/1", NULL, { 401, 200, 200, 200, 200, 403 }, NONE },
	{ "GET", "/api/v1/users", "/api/v1/users", NULL, { 401, 403, 403, 403, 403, 200 }, NONE },
	{ "POST", "/api/v1/users", "/api/v1/users", prep_user_add, { 401, 403, 403, 403, 403, 201 }, ONE },
	{ "PUT", "/api/v1/users/{name}", NULL, prep_user_put, { 401, 403, 403, 403, 403, 200 }, ONE },
	{ "GET", "/api/v1/settings", "/api/v1/settings", NULL, { 401, 200, 200, 200, 200, 200 }, NONE },
	{ "PUT", "/api/v1/settings", "/api/v1/settings", prep_settings, { 401, 403, 403, 200, 403, 200 }, ONE },
	{ "GET", "/api/v1/lists/{kind}", "/api/v1/lists/standards", NULL, { 401, 200, 200, 200, 200, 403 }, NONE },
	{ "PUT", "/api/v1/lists/{kind}", "/api/v1/lists/priorities", prep_list_put, { 401, 403, 403, 201, 403, 403 }, ONE },
	{ "DELETE", "/api/v1/lists/{kind}", "/api/v1/lists/priorities", prep_list_delete, { 401, 403, 403, 200, 403, 403 }, ONE },
	{ "GET", "/api/v1/codes/{kind}", "/api/v1/codes/economic", NULL, { 401, 200, 200, 200, 200, 200 }, NONE },
	{ "GET", "/api/v1/season", "/api/v1/season", NULL, { 401, 200, 200, 200, 200, 403 }, NONE },
	{ "POST", "/api/v1/season/{agency}/{action}", NULL, prep_season, { 401, 200, 200, 200, 403, 403 }, ONE },
	{ "GET", "/api/v1/todo", "/api/v1/todo", NULL, { 401, 200, 200, 200, 200, 200 }, NONE },
	{ "POST", "/api/v1/basic", "/api/v1/basic", NULL, { 401, 403, 403, 200, 403, 403 }, ONE },
};
#define N_MATRIX (sizeof matrix / sizeof matrix[0])

/* The routes of rt[0..n) that have no row in the matrix (printed). */
static int routes_without_row(const struct route *rt, size_t n)
{
	int missing = 0;
	for (size_t i = 0; i < n; i++) {
		int found = 0;
		for (size_t j = 0; j < N_MATRIX; j++)
			found |= !strcmp(rt[i].method, matrix[j].method) && !strcmp(rt[i].pattern, matrix[j].pattern);
		if (!found) {
			print_message("route %s %s has no row in the role matrix\n", rt[i].method, rt[i].pattern);
			missing++;
		}
	}
	return missing;
}

static void test_every_route_has_a_row(void **state)
{
	(void)state;
	if (routes_without_row(routes, routes_n))
		fail_msg("routes without a row in the role matrix");
	/* … and every row says what it leaves in the audit log; a writing route
	 * (R_WRITE) that leaves none says so (the draft check, the what-if) */
	for (size_t j = 0; j < N_MATRIX; j++)
		if (matrix[j].entries != ONE && matrix[j].entries != NONE)
			fail_msg("matrix row %s %s: say ONE or NONE audit entries", matrix[j].method, matrix[j].pattern);
	/* the check itself bites: a table with one more route fails it */
	struct route *more = xcalloc(routes_n + 1, sizeof(*more));
	memcpy(more, routes, routes_n * sizeof(*more));
	more[routes_n] = (struct route){ "GET", "/api/v1/not-in-the-matrix", api_me, R_SESSION, ROLE_ANY, "", "" };
	assert_int_equal(routes_without_row(more, routes_n + 1), 1);
	free(more);
	for (size_t j = 0; j < N_MATRIX; j++) {
		int found = 0;
		for (size_t i = 0; i < routes_n; i++)
			found |= !strcmp(routes[i].method, matrix[j].method) && !strcmp(routes[i].pattern, matrix[j].pattern);
		if (!found)
			fail_msg("matrix row %s %s is not a route", matrix[j].method, matrix[j].pattern);
	}
}

/* Entries in the audit log, read on a connection of its own. */
static int64_t audit_entries(void)
{
	struct book *b;
	struct buf err = BUF_INIT;
	if (store_open(book_path, STORE_READONLY, &b, &err))
		fail_msg("%s", buf_str(&err));
	int64_t n = store_audit_count(b);
	store_close(b);
	buf_release(&err);
	return n;
}

static void test_role_matrix(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t j = 0; j < N_MATRIX; j++)
		for (int role = 0; role < N_ROLES; role++) {
			struct cell_req c;
			memset(&c, 0, sizeof c);
			c.s = sess[role];
			if (matrix[j].path)
				snprintf(c.path, sizeof c.path, "%s", matrix[j].path);
			if (matrix[j].prep)
				matrix[j].prep(role, &c);
			int is_write = strcmp(matrix[j].method, "GET") != 0;
			int64_t before = audit_entries();
			struct resp r = http_raw(matrix[j].method, c.path, &c.s, is_write, c.has_body ? c.body : NULL, NULL);
			/* api-1.5 a change leaves exactly one audit entry, a refusal or a read none */
			int64_t want = r.status / 100 == 2 && matrix[j].entries == ONE ? 1 : 0;
			if (audit_entries() - before != want) {
				print_error("matrix %s %s as %s (%d): %lld audit entries, want %lld\n", matrix[j].method, c.path,
					    role_label[role], r.status, (long long)(audit_entries() - before), (long long)want);
				bad++;
			}
			if (r.status != matrix[j].want[role]) {
				print_error("matrix %s %s as %s: got %d, want %d: %s\n", matrix[j].method, c.path,
					    role_label[role], r.status, matrix[j].want[role], r.body ? r.body : "");
				bad++;
			}
			/* every answer carries the security headers */
			const char *csp = header(&r, "Content-Security-Policy");
			if (!csp || strcmp(csp, "default-src 'self'; script-src 'self'; frame-ancestors 'none'") ||
			    !header(&r, "X-Content-Type-Options") || !header(&r, "Referrer-Policy")) {
				print_error("matrix %s %s as %s: security headers missing\n", matrix[j].method, c.path,
					    role_label[role]);
				bad++;
			}
			resp_free(&r);
		}
	assert_int_equal(bad, 0);
}

/* api-1.6 /me sends the role's rights from the route table, the tiers and
 * the finding codes: the UI keeps no copy of any */
static void test_me_rights(void **state)
{
	(void)state;
	/* every right names a route, or a mask of its own */
	for (size_t i = 0; i < ui_rights_n; i++)
		if (!ui_right_roles(&ui_rights[i]))
			fail_msg("right %s names no route", ui_rights[i].name);
	/* hand-worked from SPEC §9 for four rights, then each right as its route says */
	static const struct {
		const char *right;
		int want[N_ROLES];
	} cases[] = {
		{ "editProjects", { 0, 1, 0, 1, 0, 0 } }, { "allocate", { 0, 0, 0, 1, 0, 0 } },
		{ "whatif", { 0, 0, 0, 1, 1, 0 } },       { "users", { 0, 0, 0, 0, 0, 1 } },
		{ "page:review", { 0, 0, 1, 1, 1, 0 } },  { "page:admin", { 0, 0, 0, 1, 0, 1 } },
	};
	static const unsigned bit[N_ROLES] = { 0, ROLE_AGENCY, ROLE_REVIEWER, ROLE_BUDGET, ROLE_VIEWER, ROLE_ADMIN };
	for (int role = AGENCY; role < N_ROLES; role++) {
		struct resp r = http("GET", "/api/v1/me", role, 0, NULL);
		assert_int_equal(r.status, 200);
		json_t *rights = json_object_get(r.json, "rights");
		for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
			if (json_is_true(json_object_get(rights, cases[c].right)) != cases[c].want[role])
				fail_msg("%s as %s", cases[c].right, role_label[role]);
		for (size_t i = 0; i < ui_rights_n; i++)
			assert_int_equal(json_is_true(json_object_get(rights, ui_rights[i].name)),
					 (ui_right_roles(&ui_rights[i]) & bit[role]) != 0);
		json_t *tiers = json_object_get(r.json, "tiers");
		assert_int_equal(json_array_size(tiers), 5);
		assert_string_equal(json_string_value(json_array_get(tiers, 0)), "wages");
		assert_string_equal(json_string_value(json_array_get(tiers, 4)), "general");
		json_t *codes = json_object_get(r.json, "finding_codes");
		assert_string_equal(json_string_value(json_array_get(codes, 0)), "NO_BASIS");
		for (size_t i = 0; i < json_array_size(codes); i++)
			assert_true(strcmp(json_string_value(json_array_get(codes, i)), "CUT_CAPACITY"));
		resp_free(&r);
	}
}

/* --- agencies see only their own --------------------------------------- */

static void test_agency_isolation(void **state)
{
	(void)state;
	/* api-2.1 another agency's project does not exist for an agency user */
	assert_int_equal(status_of("GET", "/api/v1/projects/PB", AGENCY, 0, NULL), 404);
	assert_int_equal(status_of("PUT", "/api/v1/projects/PB", AGENCY, 1, "{\"version\":1,\"name\":\"x\"}"), 404);
	assert_int_equal(status_of("DELETE", "/api/v1/projects/PB", AGENCY, 1, "{\"version\":1}"), 404);
	/* api-2.2 … the same answer as a project that does not exist at all */
	struct resp a = http("GET", "/api/v1/projects/PB", AGENCY, 0, NULL);
	struct resp b = http("GET", "/api/v1/projects/NOPE", AGENCY, 0, NULL);
	assert_int_equal(b.status, 404);
	assert_string_equal(json_string_value(json_object_get(json_object_get(a.json, "error"), "code")),
			    json_string_value(json_object_get(json_object_get(b.json, "error"), "code")));
	resp_free(&a);
	resp_free(&b);
	/* api-2.3 and the other way round */
	struct resp c = http_raw("GET", "/api/v1/projects/PA", &sess_ag2, 0, NULL, NULL);
	assert_int_equal(c.status, 404);
	resp_free(&c);
	c = http_raw("GET", "/api/v1/projects/PB", &sess_ag2, 0, NULL, NULL);
	assert_int_equal(c.status, 200);
	resp_free(&c);
	/* api-2.4 lists hold only the own agency, whatever is asked */
	struct resp l = http("GET", "/api/v1/projects?agency=A2", AGENCY, 0, NULL);
	assert_int_equal(l.status, 200);
	assert_int_equal(json_array_size(json_object_get(l.json, "projects")), 0);
	resp_free(&l);
	l = http("GET", "/api/v1/projects", AGENCY, 0, NULL);
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(l.json, "projects"), i, p)
		assert_string_equal(json_string_value(json_object_get(p, "agency")), "A1");
	assert_true(json_array_size(json_object_get(l.json, "projects")) > 0);
	resp_free(&l);
	l = http("GET", "/api/v1/agencies", AGENCY, 0, NULL);
	assert_int_equal(json_array_size(json_object_get(l.json, "agencies")), 1);
	resp_free(&l);
	l = http("GET", "/api/v1/agencies", VIEWER, 0, NULL);
	assert_int_equal(json_array_size(json_object_get(l.json, "agencies")), 2);
	resp_free(&l);
	/* api-2.5 an agency user cannot file for another agency; by default files for its own */
	assert_int_equal(status_of("POST", "/api/v1/projects", AGENCY, 1, PROJECT_BODY("ISO-1", "A2", "")), 403);
	struct resp n = http("POST", "/api/v1/projects", AGENCY, 1,
			     "{\"code\":\"ISO-2\",\"name\":\"自有项目\",\"kind\":\"specific\",\"tier\":\"general\","
			     "\"function\":\"2050201\"}");
	assert_int_equal(n.status, 201);
	assert_string_equal(json_string_value(json_object_get(n.json, "agency")), "A1");
	/* api-2.5b its code is the server's, A1-NNN, one above the agency's highest */
	char iso2[32];
	snprintf(iso2, sizeof iso2, "%s", json_string_value(json_object_get(n.json, "code")));
	assert_int_equal(strncmp(iso2, "A1-", 3), 0);
	assert_int_equal(status_of("GET", "/api/v1/projects/ISO-2", AGENCY, 0, NULL), 404);
	resp_free(&n);
	n = http("POST", "/api/v1/projects", AGENCY, 1,
		 "{\"name\":\"又一个\",\"kind\":\"specific\",\"tier\":\"general\",\"function\":\"2050201\"}");
	assert_int_equal(n.status, 201);
	char next[32];
	snprintf(next, sizeof next, "A1-%03d", atoi(iso2 + 3) + 1);
	assert_string_equal(json_string_value(json_object_get(n.json, "code")), next);
	resp_free(&n);
	/* api-2.6 nor move its project to another agency */
	char body[256];
	snprintf(body, sizeof body,
		 "{\"version\":%lld,\"agency\":\"A2\",\"name\":\"x\",\"kind\":\"specific\",\"tier\":\"general\","
		 "\"function\":\"2050201\"}",
		 (long long)version_of(iso2));
	char path[64];
	snprintf(path, sizeof path, "/api/v1/projects/%s", iso2);
	assert_int_equal(status_of("PUT", path, AGENCY, 1, body), 403);
}

/* --- CSRF, versions, sizes, bodies -------------------------------------- */

static void test_csrf(void **state)
{
	(void)state;
	const char *body = PROJECT_BODY("CSRF-1", "A1", "");
	struct resp r = http("POST", "/api/v1/projects", BUDGET, 0, body);
	assert_int_equal(r.status, 403);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "code")), "CSRF");
	resp_free(&r);
	struct sess wrong = sess[BUDGET];
	memset(wrong.csrf, 'a', 64);
	assert_int_equal(status_raw("POST", "/api/v1/projects", &wrong, 1, body, NULL), 403);
	assert_int_equal(status_of("DELETE", "/api/v1/projects/PD", BUDGET, 0, "{\"version\":1}"), 403);
	/* another user's CSRF token is no good either */
	struct sess mixed = sess[BUDGET];
	memcpy(mixed.csrf, sess[AGENCY].csrf, sizeof mixed.csrf);
	assert_int_equal(status_raw("POST", "/api/v1/projects", &mixed, 1, body, NULL), 403);
	/* nothing was written */
	assert_int_equal(status_of("GET", "/api/v1/projects/CSRF-1", BUDGET, 0, NULL), 404);
}

static void test_stale_version(void **state)
{
	(void)state;
	int64_t v = version_of("PB");
	char body[512];
	const char *fmt = "{\"version\":%lld,\"name\":\"医院设备购置\",\"kind\":\"specific\",\"tier\":\"general\","
			  "\"function\":\"2100201\",\"items\":[{\"seq\":1,\"content\":\"监护仪\",\"economic\":\"31002\","
			  "\"unit\":\"台\",\"price_fen\":2500050,\"quantity\":3}]}";
	snprintf(body, sizeof body, fmt, (long long)v);
	struct resp r = http("PUT", "/api/v1/projects/PB", BUDGET, 1, body);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "version")), v + 1);
	assert_int_equal(json_integer_value(json_object_get(r.json, "requested_fen")), 7500150);
	resp_free(&r);
	/* the same version again is stale now */
	r = http("PUT", "/api/v1/projects/PB", BUDGET, 1, body);
	assert_int_equal(r.status, 409);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "version");
	resp_free(&r);
	assert_int_equal(status_of("DELETE", "/api/v1/projects/PB", BUDGET, 1, "{\"version\":1}"), 409);
	assert_int_equal(status_of("DELETE", "/api/v1/projects/PB", BUDGET, 1, "{}"), 422);
	assert_int_equal(version_of("PB"), v + 1);
	/* DELETE may carry the version in the query */
	char path[64];
	snprintf(path, sizeof path, "/api/v1/projects/PD?version=%lld", (long long)version_of("PD"));
	assert_int_equal(status_of("DELETE", path, BUDGET, 1, NULL), 200);
	assert_int_equal(status_of("GET", "/api/v1/projects/PD", BUDGET, 0, NULL), 404);
}

static void test_too_large(void **state)
{
	(void)state;
	/* refused at the headers */
	struct resp r = http_raw("POST", "/api/v1/projects", &sess[BUDGET], 1, NULL,
				 "Content-Type: application/json\r\nContent-Length: 2097152\r\n\r\n");
	assert_int_equal(r.status, 413);
	resp_free(&r);
	/* and when it only shows while reading (chunked, no length) */
	struct buf q = BUF_INIT;
	buf_adds(&q, "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n");
	char chunk[65536 + 1];
	memset(chunk, ' ', 65536);
	chunk[65536] = 0;
	for (int i = 0; i < 20; i++)
		buf_printf(&q, "10000\r\n%s\r\n", chunk);
	buf_adds(&q, "0\r\n\r\n");
	r = http_raw("POST", "/api/v1/projects", &sess[BUDGET], 1, NULL, buf_str(&q));
	assert_int_equal(r.status, 413);
	resp_free(&r);
	buf_release(&q);
}

static const char *err_field(const struct resp *r, const char *key)
{
	return json_string_value(json_object_get(json_object_get(r->json, "error"), key));
}

static void test_bad_bodies(void **state)
{
	(void)state;
	struct resp r;
	/* api-5.1 a rule of the import: the same message as the CLI */
	r = http("POST", "/api/v1/projects", BUDGET, 1,
		 "{\"code\":\"BAD-1\",\"agency\":\"A1\",\"name\":\"x\",\"kind\":\"personnel\",\"tier\":\"general\","
		 "\"function\":\"2050201\"}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "code"), "INVALID");
	assert_string_equal(err_field(&r, "field"), "tier");
	assert_string_equal(err_field(&r, "message"), "tier: 人员类项目的保障档次应为 wages（保工资）");
	resp_free(&r);
	{
		/* … which is what `zbb import` says about the same row */
		struct book *b;
		struct buf err = BUF_INIT;
		struct import_result res;
		const char *csv = "code,agency,name,kind,tier,function\nBAD-1,A1,x,personnel,general,2050201\n";
		assert_int_equal(store_open(book_path, 0, &b, &err), 0);
		assert_int_equal(import_mem(b, "test", kind_find("projects"), "p.csv", csv, strlen(csv), NULL, &res, &err),
				 IMPORT_BAD_INPUT);
		assert_string_equal(res.errors[0], "p.csv:2: tier: 人员类项目的保障档次应为 wages（保工资）");
		import_result_release(&res);
		store_close(b);
		buf_release(&err);
	}
	/* api-5.2 an item's error is located in the body */
	r = http("POST", "/api/v1/projects", BUDGET, 1,
		 "{\"code\":\"BAD-2\",\"agency\":\"A1\",\"name\":\"x\",\"kind\":\"specific\",\"tier\":\"general\","
		 "\"function\":\"2050201\",\"items\":[{\"seq\":1,\"content\":\"a\",\"economic\":\"30201\",\"unit\":\"个\","
		 "\"price_fen\":100,\"quantity\":\"1\"},{\"seq\":2,\"content\":\"b\",\"economic\":\"98765\","
		 "\"unit\":\"个\",\"price_fen\":100,\"quantity\":\"1.23456\"}]}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "items[1].economic");
	assert_non_null(strstr(err_field(&r, "message"), "items[1]: economic: "));
	assert_int_equal(json_array_size(json_object_get(r.json, "errors")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(r.json, "errors"), 1), "field")),
			    "items[1].quantity");
	resp_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/projects/BAD-2", BUDGET, 0, NULL), 404); /* nothing half written */
	/* api-5.3 money in fen only, non-negative integers */
	r = http("POST", "/api/v1/projects", BUDGET, 1,
		 "{\"code\":\"BAD-3\",\"agency\":\"A1\",\"name\":\"x\",\"kind\":\"specific\",\"tier\":\"general\","
		 "\"function\":\"2050201\",\"items\":[{\"seq\":1,\"content\":\"a\",\"economic\":\"30201\",\"unit\":\"个\","
		 "\"price_fen\":-5,\"quantity\":2.5}]}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "items[0].price_fen");
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(r.json, "errors"), 1), "field")),
			    "items[0].quantity");
	resp_free(&r);
	r = http("POST", "/api/v1/projects", BUDGET, 1,
		 "{\"code\":\"BAD-4\",\"agency\":\"A1\",\"name\":\"x\",\"kind\":\"specific\",\"tier\":\"general\","
		 "\"function\":\"2050201\",\"items\":[{\"seq\":1,\"content\":\"a\",\"economic\":\"30201\",\"unit\":\"个\","
		 "\"price\":5,\"quantity\":\"2\"}]}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "items[0].price");
	resp_free(&r);
	/* api-5.4 unknown fields, unknown references, duplicate keys, missing fields */
	r = http("POST", "/api/v1/projects", BUDGET, 1, PROJECT_BODY("BAD-5", "A1", ",\"colour\":\"red\""));
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "colour");
	resp_free(&r);
	r = http("POST", "/api/v1/projects", BUDGET, 1, PROJECT_BODY("BAD-6", "A9", ""));
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "agency");
	resp_free(&r);
	r = http("POST", "/api/v1/projects", BUDGET, 1,
		 "{\"code\":\"BAD-7\",\"agency\":\"A1\",\"name\":\"x\",\"kind\":\"specific\",\"tier\":\"general\","
		 "\"function\":\"2050201\",\"items\":[{\"seq\":1,\"content\":\"a\",\"economic\":\"30201\",\"unit\":\"个\","
		 "\"price_fen\":1,\"quantity\":\"1\"},{\"seq\":1,\"content\":\"b\",\"economic\":\"30201\",\"unit\":\"个\","
		 "\"price_fen\":1,\"quantity\":\"1\"}]}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "items[1].seq");
	resp_free(&r);
	r = http("POST", "/api/v1/projects", BUDGET, 1, "{\"code\":\"BAD-8\",\"agency\":\"A1\"}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "name");
	resp_free(&r);
	/* api-5.5 a project that exists already; reviews of unknown things */
	assert_int_equal(status_of("POST", "/api/v1/projects", BUDGET, 1, PROJECT_BODY("PA", "A1", "")), 409);
	r = http("POST", "/api/v1/reviews", REVIEWER, 1, "{\"project\":\"PA\",\"seq\":99,\"action\":\"cut\"}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "seq");
	resp_free(&r);
	r = http("POST", "/api/v1/evaluations", REVIEWER, 1, "{\"project\":\"NOPE\",\"score\":\"80\",\"conclusion\":\"support\"}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "project");
	resp_free(&r);
	/* api-5.6 not JSON, or not an object */
	assert_int_equal(status_of("POST", "/api/v1/projects", BUDGET, 1, "{\"code\":"), 400);
	assert_int_equal(status_of("POST", "/api/v1/projects", BUDGET, 1, "[1,2]"), 400);
	assert_int_equal(status_of("POST", "/api/v1/projects", BUDGET, 1, "{\"a\":1,\"a\":2}"), 400);
	/* api-5.7 unknown routes and methods */
	assert_int_equal(status_of("GET", "/api/v1/nothing", BUDGET, 0, NULL), 404);
	struct resp m = http("PATCH", "/api/v1/projects/PA", BUDGET, 1, "{}");
	assert_int_equal(m.status, 405);
	assert_non_null(header(&m, "Allow"));
	resp_free(&m);
}


/* --- check, allocation, reports, explain ------------------------------------ */

/* The finding of code on seq in a check answer, or NULL. */
static json_t *finding(json_t *doc, const char *code, int seq)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(doc, "findings"), i, f)
		if (!strcmp(json_string_value(json_object_get(f, "code")), code) &&
		    (seq ? json_integer_value(json_object_get(f, "seq")) == seq : json_is_null(json_object_get(f, "seq"))))
			return f;
	return NULL;
}

#define DRAFT(code, agency, items)                                                                                 \
	"{\"code\":\"" code "\",\"agency\":\"" agency "\",\"name\":\"设备购置\",\"kind\":\"specific\","           \
	"\"tier\":\"general\",\"function\":\"2050201\",\"basis\":\"B1\",\"items\":[" items "]}"
#define PC(seq, price) "{\"seq\":" #seq ",\"content\":\"台式电脑\",\"economic\":\"31002\",\"standard\":\"S-PC\"," \
	"\"unit\":\"台\",\"price_fen\":" #price ",\"quantity\":\"2.5\"}"

static void test_check(void **state)
{
	(void)state;
	/* api-7.1 a standard through the list route, then a draft over it */
	assert_int_equal(status_of("PUT", "/api/v1/lists/standards", BUDGET, 1,
				   "{\"code\":\"S-PC\",\"name\":\"台式计算机\",\"economic\":\"31002\",\"unit\":\"台\","
				   "\"max_price_fen\":400000}"),
			 201);
	assert_int_equal(status_of("PUT", "/api/v1/lists/bases", BUDGET, 1, "{\"code\":\"B1\",\"title\":\"规划\"}"), 201);
	struct resp r = http("POST", "/api/v1/check", AGENCY, 1,
			     DRAFT("CHK-2", "A1", PC(1, 500000) ",{\"seq\":2,\"content\":\"x\",\"economic\":\"999\","
								    "\"unit\":\"个\",\"price_fen\":1,\"quantity\":\"1\"}," PC(3, 300000)));
	assert_int_equal(r.status, 200);
	/* 2.5 × 5,000.00 = 12,500.00 requested; the ceiling 4,000.00 removes 2,500.00 */
	json_t *f = finding(r.json, "OVER_STANDARD", 1);
	assert_non_null(f);
	assert_int_equal(json_integer_value(json_object_get(f, "effect_fen")), 250000);
	assert_string_equal(json_string_value(json_object_get(f, "severity")), "adjust");
	assert_non_null(strstr(json_string_value(json_object_get(f, "message")), "S-PC"));
	assert_null(finding(r.json, "OVER_STANDARD", 3));
	assert_non_null(finding(r.json, "NO_TARGETS", 0));
	/* the bad row is reported and left out; the others are judged */
	assert_int_equal(json_array_size(json_object_get(r.json, "errors")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(r.json, "errors"), 0), "field")),
			    "items[1].economic");
	assert_int_equal(json_integer_value(json_object_get(r.json, "requested_fen")), 1250000 + 750000);
	assert_int_equal(json_integer_value(json_object_get(r.json, "approved_fen")), 1000000 + 750000);
	json_t *a = json_array_get(json_object_get(r.json, "amounts"), 0);
	assert_int_equal(json_integer_value(json_object_get(a, "approved_fen")), 1000000);
	resp_free(&r);
	/* api-7.2 nothing was stored, nothing audited */
	assert_int_equal(status_of("GET", "/api/v1/projects/CHK-2", BUDGET, 0, NULL), 404);
	r = http("GET", "/api/v1/audit?since=0&limit=5000", BUDGET, 0, NULL);
	assert_null(strstr(r.body, "CHK-2"));
	resp_free(&r);
	/* api-7.3 a stored project's draft keeps its reviews; the stored one is unchanged */
	int64_t v = version_of("PA");
	r = http("POST", "/api/v1/check", AGENCY, 1, DRAFT("PA", "A1", PC(1, 500000)));
	assert_int_equal(r.status, 200);
	assert_non_null(finding(r.json, "OVER_STANDARD", 1));
	resp_free(&r);
	assert_int_equal(version_of("PA"), v);
	/* api-7.4 agency isolation: another agency's code answers exactly as a free
	 * one (both checked as a new draft), so it tells nothing; filing for it is refused */
	r = http("POST", "/api/v1/check", AGENCY, 1, DRAFT("PB", "A1", PC(1, 500000)));
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "project")), "DRAFT");
	struct resp free_code = http("POST", "/api/v1/check", AGENCY, 1, DRAFT("NO-SUCH-9", "A1", PC(1, 500000)));
	assert_int_equal(free_code.status, 200);
	assert_string_equal(free_code.body, r.body);
	resp_free(&free_code);
	resp_free(&r);
	assert_int_equal(version_of("PB") > 0, 1);
	assert_int_equal(status_of("POST", "/api/v1/check", AGENCY, 1, DRAFT("CHK-3", "A2", PC(1, 1))), 403);
	/* api-7.5 a project row that breaks a rule: 422 with the import's message; CSRF needed */
	r = http("POST", "/api/v1/check", BUDGET, 1, "{\"code\":\"CHK-4\",\"agency\":\"A1\"}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "name");
	resp_free(&r);
	assert_int_equal(status_of("POST", "/api/v1/check", AGENCY, 0, DRAFT("CHK-5", "A1", PC(1, 1))), 403);
	/* api-7.6 GET of a stored project carries its findings */
	const char *put = "{\"version\":%lld,\"name\":\"学校运转\",\"kind\":\"specific\",\"tier\":\"general\","
			  "\"function\":\"2050201\",\"basis\":\"B1\",\"items\":[" PC(1, 500000) "]}";
	char body[1024];
	snprintf(body, sizeof body, put, (long long)version_of("PA"));
	r = http("PUT", "/api/v1/projects/PA", AGENCY, 1, body);
	assert_int_equal(r.status, 200);
	assert_non_null(finding(r.json, "OVER_STANDARD", 1));
	resp_free(&r);
	r = http("GET", "/api/v1/projects/PA", VIEWER, 0, NULL);
	assert_non_null(finding(r.json, "OVER_STANDARD", 1));
	resp_free(&r);
}

static void test_allocate_whatif(void **state)
{
	(void)state;
	/* api-8.1 sources through the list route; a scenario run and stored with its audit entry */
	assert_int_equal(status_of("PUT", "/api/v1/lists/sources", BUDGET, 1,
				   "{\"code\":\"G1\",\"name\":\"一般公共预算\",\"kind\":\"general\",\"amount_fen\":100000000}"),
			 201);
	struct resp r = http("POST", "/api/v1/allocate", BUDGET, 1, "{\"scenario\":\"full\"}");
	assert_int_equal(r.status, 200);
	json_int_t approved = json_integer_value(json_object_get(r.json, "approved_fen"));
	assert_true(approved > 0);
	assert_int_equal(json_integer_value(json_object_get(r.json, "funded_fen")), approved);
	resp_free(&r);
	r = http("POST", "/api/v1/allocate", BUDGET, 1, "{\"scenario\":\"tight\",\"capacity\":\"1000\",\"set\":{\"growth\":\"0.1\"}}");
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "capacity_fen")), 100000);
	assert_true(json_integer_value(json_object_get(r.json, "funded_fen")) < approved);
	resp_free(&r);
	r = http("GET", "/api/v1/audit?since=0&limit=5000", VIEWER, 0, NULL);
	assert_non_null(strstr(r.body, "\"action\":\"scenario.allocate\",\"object\":\"tight\""));
	resp_free(&r);
	r = http("GET", "/api/v1/scenarios", VIEWER, 0, NULL);
	assert_non_null(strstr(r.body, "\"name\":\"tight\""));
	size_t n_scen = json_array_size(json_object_get(r.json, "scenarios"));
	resp_free(&r);
	/* api-8.2 bad bodies */
	r = http("POST", "/api/v1/allocate", BUDGET, 1, "{\"scenario\":\"a b\"}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "scenario");
	resp_free(&r);
	r = http("POST", "/api/v1/allocate", BUDGET, 1, "{\"capacity\":\"12.345\"}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "capacity");
	resp_free(&r);
	r = http("POST", "/api/v1/allocate", BUDGET, 1, "{\"set\":{\"growth\":\"lots\"}}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "set.growth");
	resp_free(&r);
	assert_int_equal(status_of("POST", "/api/v1/allocate", BUDGET, 1, "{\"colour\":1}"), 422);
	assert_int_equal(status_of("POST", "/api/v1/allocate", BUDGET, 0, "{}"), 403);
	/* api-8.3 what-if: less money funds less, moves the line, stores nothing */
	r = http("POST", "/api/v1/whatif", BUDGET, 1, "{\"scenario\":\"full\"}");
	assert_int_equal(r.status, 200);
	json_int_t full = json_integer_value(json_object_get(r.json, "funded_fen"));
	assert_int_equal(full, approved);
	assert_true(json_is_null(json_object_get(json_object_get(r.json, "line"), "first_cut")));
	resp_free(&r);
	r = http("POST", "/api/v1/whatif", BUDGET, 1, "{\"scenario\":\"full\",\"capacity_fen\":0}");
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "funded_fen")), 0);
	assert_false(json_is_null(json_object_get(json_object_get(r.json, "line"), "first_cut")));
	resp_free(&r);
	r = http("POST", "/api/v1/whatif", BUDGET, 1, "{\"scenario\":\"full\"}"); /* the cache was put back */
	assert_int_equal(json_integer_value(json_object_get(r.json, "funded_fen")), full);
	resp_free(&r);
	r = http("GET", "/api/v1/scenarios", VIEWER, 0, NULL);
	assert_int_equal(json_array_size(json_object_get(r.json, "scenarios")), n_scen);
	resp_free(&r);
	assert_int_equal(status_of("POST", "/api/v1/whatif", BUDGET, 1, "{\"scenario\":\"nope\"}"), 404);
	assert_int_equal(status_of("POST", "/api/v1/whatif", BUDGET, 1, "{\"capacity_fen\":-1}"), 422);
}

/* api-8.4 allocations on several threads at once (the server's pool):
 * each answer is the one its capacity gives (alloc.c once sorted through a
 * global and crashed here) */
struct whatif_job {
	json_int_t capacity, want;
	int bad;
};

static void *whatif_worker(void *arg)
{
	struct whatif_job *j = arg;
	char body[96];
	snprintf(body, sizeof body, "{\"scenario\":\"full\",\"capacity_fen\":%lld}", (long long)j->capacity);
	for (int i = 0; i < 15; i++) {
		struct resp r = http("POST", "/api/v1/whatif", BUDGET, 1, body);
		if (r.status != 200 || json_integer_value(json_object_get(r.json, "funded_fen")) != j->want)
			j->bad++;
		resp_free(&r);
	}
	return NULL;
}

static void test_whatif_threads(void **state)
{
	(void)state;
	struct resp r = http("POST", "/api/v1/whatif", BUDGET, 1, "{\"scenario\":\"full\"}");
	json_int_t full = json_integer_value(json_object_get(r.json, "funded_fen"));
	resp_free(&r);
	struct whatif_job jobs[4] = { { 100000000, full, 0 }, { 0, 0, 0 }, { 100000000, full, 0 }, { 0, 0, 0 } };
	pthread_t th[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, whatif_worker, &jobs[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(jobs[i].bad, 0);
	}
}

static void test_reports(void **state)
{
	(void)state;
	static const char *const names[] = { "agencies", "cuts", "functions", "ledger", "lookback", "pools", "summary" };
	char path[160];
	size_t i0;
	json_t *row0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		for (int f = 0; f < 3; f++) {
			static const char *const fmts[] = { "json", "csv", "xlsx" };
			snprintf(path, sizeof path, "/api/v1/reports/%s?scenario=full&format=%s", names[i], fmts[f]);
			struct resp r = http("GET", path, BUDGET, 0, NULL);
			if (r.status != 200)
				fail_msg("%s: %d %s", path, r.status, r.body ? r.body : "");
			if (f) {
				const char *cd = header(&r, "Content-Disposition");
				assert_non_null(cd);
				assert_non_null(strstr(cd, "attachment; filename="));
			}
			if (f == 2)
				assert_memory_equal(r.body, "PK", 2);
			resp_free(&r);
		}
	}
	struct resp r = http("GET", "/api/v1/reports/compare?scenario=full&against=tight", VIEWER, 0, NULL);
	assert_int_equal(r.status, 200);
	assert_true(json_array_size(json_object_get(r.json, "rows")) > 0);
	resp_free(&r);
	/* api-9.4 disclosure: eleven tables; revenue equals expenditure; an
	 * agency user gets its own agency's; CSV comes as a zip of the tables */
	r = http("GET", "/api/v1/reports/disclosure?scenario=full", BUDGET, 0, NULL);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_object_size(r.json), 11); /* 公开01–11 */
	{
		json_t *ov = json_object_get(json_object_get(r.json, "revenue_expenditure"), "rows");
		json_t *last = json_array_get(ov, json_array_size(ov) - 1);
		assert_int_equal(json_integer_value(json_object_get(last, "revenue_fen")),
				 json_integer_value(json_object_get(last, "expenditure_fen")));
		assert_true(json_integer_value(json_object_get(last, "revenue_fen")) > 0);
	}
	resp_free(&r);
	r = http("GET", "/api/v1/reports/disclosure?scenario=full&format=xlsx", BUDGET, 0, NULL);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, "PK", 2);
	resp_free(&r);
	r = http("GET", "/api/v1/reports/disclosure?format=csv", BUDGET, 0, NULL);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, "PK", 2);
	assert_non_null(strstr(header(&r, "Content-Disposition"), ".zip"));
	resp_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/reports/disclosure?agency=NOPE", BUDGET, 0, NULL), 404);
	r = http("GET", "/api/v1/reports/disclosure?scenario=tight&agency=A2", AGENCY, 0, NULL);
	assert_int_equal(r.status, 200);
	json_array_foreach(json_object_get(json_object_get(r.json, "projects"), "rows"), i0, row0)
		if (json_object_get(row0, "agency") && json_is_string(json_object_get(row0, "agency")))
			assert_string_equal(json_string_value(json_object_get(row0, "agency")), "A1");
	resp_free(&r);
	/* api-9.1 statuses */
	assert_int_equal(status_of("GET", "/api/v1/reports/nope", BUDGET, 0, NULL), 404);
	assert_int_equal(status_of("GET", "/api/v1/reports/cuts?format=pdf", BUDGET, 0, NULL), 422);
	assert_int_equal(status_of("GET", "/api/v1/reports/compare?scenario=full", BUDGET, 0, NULL), 422);
	assert_int_equal(status_of("GET", "/api/v1/reports/cuts?scenario=nope", BUDGET, 0, NULL), 404);
	assert_int_equal(status_of("GET", "/api/v1/reports/compare?scenario=full&against=nope", BUDGET, 0, NULL), 404);
	/* api-9.2 an agency user: its own rows only; no city-wide report */
	r = http("GET", "/api/v1/reports/cuts?scenario=tight", AGENCY, 0, NULL);
	assert_int_equal(r.status, 200);
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(r.json, "rows"), i, row)
		assert_string_equal(json_string_value(json_object_get(row, "agency")), "A1");
	size_t n_a1 = json_array_size(json_object_get(r.json, "rows"));
	assert_true(n_a1 > 0);
	resp_free(&r);
	/* built from A1's items alone (report_build's agency): the same rows
	 * as the budget office's report holds for A1 */
	r = http("GET", "/api/v1/reports/cuts?scenario=tight", BUDGET, 0, NULL);
	size_t n_all_a1 = 0;
	json_array_foreach(json_object_get(r.json, "rows"), i, row)
		n_all_a1 += !strcmp(json_string_value(json_object_get(row, "agency")), "A1");
	assert_int_equal(n_all_a1, n_a1);
	assert_true(json_array_size(json_object_get(r.json, "rows")) > n_a1);
	resp_free(&r);
	r = http("GET", "/api/v1/reports/agencies?scenario=tight&format=csv", AGENCY, 0, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "A1,"));
	assert_null(strstr(r.body, "A2,"));
	resp_free(&r);
	r = http_raw("GET", "/api/v1/reports/ledger?scenario=tight", &sess_ag2, 0, NULL, NULL);
	json_array_foreach(json_object_get(r.json, "rows"), i, row)
		assert_string_equal(json_string_value(json_object_get(row, "agency")), "A2");
	resp_free(&r);
	r = http("GET", "/api/v1/findings?agency=A2", AGENCY, 0, NULL);
	json_array_foreach(json_object_get(r.json, "findings"), i, row)
		assert_string_equal(json_string_value(json_object_get(row, "agency")), "A1");
	assert_true(json_array_size(json_object_get(r.json, "findings")) > 0);
	resp_free(&r);
	r = http("GET", "/api/v1/findings?code=OVER_STANDARD&tier=general", REVIEWER, 0, NULL);
	json_array_foreach(json_object_get(r.json, "findings"), i, row)
		assert_string_equal(json_string_value(json_object_get(row, "code")), "OVER_STANDARD");
	assert_true(json_array_size(json_object_get(r.json, "findings")) > 0);
	resp_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/reports/summary", AGENCY, 0, NULL), 403);
	assert_int_equal(status_of("GET", "/api/v1/reports/compare?scenario=full&against=tight", AGENCY, 0, NULL), 403);
	/* api-9.3 explain: the rules' steps and the allocation's part; another agency's project is not there */
	r = http("GET", "/api/v1/explain/PA/1?scenario=tight", BUDGET, 0, NULL);
	assert_int_equal(r.status, 200);
	json_t *it = json_array_get(json_object_get(r.json, "items"), 0);
	/* 2.5 × 5,000.00; then the ceiling, the reviews and the evaluation of the matrix take their part */
	assert_int_equal(json_integer_value(json_object_get(it, "requested_fen")), 1250000);
	assert_true(json_integer_value(json_object_get(it, "approved_fen")) < 1000000);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(it, "steps"), 0), "code")),
			    "OVER_STANDARD");
	assert_string_equal(json_string_value(json_object_get(json_object_get(it, "allocation"), "scenario")), "tight");
	resp_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/explain/PA/99", BUDGET, 0, NULL), 404);
	assert_int_equal(status_of("GET", "/api/v1/explain/PA/x", BUDGET, 0, NULL), 404);
	assert_int_equal(status_of("GET", "/api/v1/explain/PA?scenario=nope", BUDGET, 0, NULL), 404);
	struct resp e = http_raw("GET", "/api/v1/explain/PA", &sess_ag2, 0, NULL, NULL);
	assert_int_equal(e.status, 404);
	resp_free(&e);
}

static void test_admin_lists(void **state)
{
	(void)state;
	struct resp r;
	/* api-10.1 users: a duplicate is 409, a short password 422, an agency user needs an agency */
	assert_int_equal(status_of("POST", "/api/v1/users", ADMIN, 1, "{\"name\":\"view\",\"role\":\"viewer\",\"password\":\"" PW "\"}"), 409);
	r = http("POST", "/api/v1/users", ADMIN, 1, "{\"name\":\"u2\",\"role\":\"viewer\",\"password\":\"short\"}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "password");
	resp_free(&r);
	r = http("POST", "/api/v1/users", ADMIN, 1, "{\"name\":\"u3\",\"role\":\"agency\",\"password\":\"" PW "\"}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "agency");
	resp_free(&r);
	r = http("POST", "/api/v1/users", ADMIN, 1, "{\"name\":\"u4\",\"role\":\"king\",\"password\":\"" PW "\"}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "role");
	resp_free(&r);
	r = http("POST", "/api/v1/users", ADMIN, 1, "{\"name\":\"u5\",\"role\":\"agency\",\"agency\":\"A2\",\"password\":\"" PW "\"}");
	assert_int_equal(r.status, 201);
	assert_string_equal(json_string_value(json_object_get(r.json, "agency")), "A2");
	resp_free(&r);
	r = http("GET", "/api/v1/users", ADMIN, 0, NULL);
	assert_null(strstr(r.body, "argon"));
	assert_null(strstr(r.body, PW));
	resp_free(&r);
	struct sess u5 = { 0 };
	assert_int_equal(login("u5", PW, &u5), 200);
	assert_int_equal(status_of("PUT", "/api/v1/users/u5", ADMIN, 1, "{\"disabled\":true}"), 200);
	assert_int_equal(status_raw("GET", "/api/v1/me", &u5, 0, NULL, NULL), 401);
	assert_int_equal(status_of("PUT", "/api/v1/users/nobody", ADMIN, 1, "{\"disabled\":true}"), 404);
	assert_int_equal(status_of("PUT", "/api/v1/users/u5", ADMIN, 1, "{}"), 422);
	/* api-10.2 settings are checked as zbb set checks them; all or nothing */
	r = http("PUT", "/api/v1/settings", BUDGET, 1, "{\"growth\":\"0.07\",\"low_execution\":\"2\"}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "low_execution");
	resp_free(&r);
	assert_int_equal(status_of("PUT", "/api/v1/settings", BUDGET, 1, "{\"colour\":\"red\"}"), 422);
	r = http("GET", "/api/v1/settings", AGENCY, 0, NULL);
	assert_non_null(strstr(r.body, "\"key\":\"growth\",\"value\":\"0.05\""));
	resp_free(&r);
	r = http("PUT", "/api/v1/settings", ADMIN, 1, "{\"growth\":\"0.07\",\"eval_threshold\":6000000}");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"key\":\"growth\",\"value\":\"0.07\""));
	resp_free(&r);
	/* api-10.3 lists: rows checked by the import rules, located; unknown lists; agencies see no sources */
	r = http("PUT", "/api/v1/lists/standards", BUDGET, 1,
		 "{\"code\":\"S-X\",\"name\":\"x\",\"economic\":\"98765\",\"unit\":\"台\",\"max_price_fen\":1}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "economic");
	resp_free(&r);
	r = http("PUT", "/api/v1/lists/prices", BUDGET, 1, "{\"pool\":\"NOPE\",\"standard\":\"S-PC\",\"price_fen\":1}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "pool");
	resp_free(&r);
	/* api-10.4 SPEC §4 consistency: a price's standard (31002) inside its pool's prefixes */
	assert_int_equal(status_of("PUT", "/api/v1/lists/pools", BUDGET, 1,
				   "{\"code\":\"OF\",\"name\":\"办公\",\"economic\":\"3022\"}"), 201);
	r = http("PUT", "/api/v1/lists/prices", BUDGET, 1, "{\"pool\":\"OF\",\"standard\":\"S-PC\",\"price_fen\":1}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "standard");
	assert_non_null(strstr(err_field(&r, "message"), "S-PC 的经济分类 31002 不在统筹类别 OF"));
	resp_free(&r);
	r = http("GET", "/api/v1/lists/prices", BUDGET, 0, NULL);
	assert_null(strstr(r.body, "\"OF\""));
	resp_free(&r);
	/* (a row that exists is changed with the version read: SPEC §9, issue 11) */
	char lb[256];
	snprintf(lb, sizeof lb, "{\"code\":\"OF\",\"name\":\"办公\",\"economic\":\"3022;310\",\"version\":%lld}",
		 (long long)list_version("pools", "code", "OF"));
	assert_int_equal(status_of("PUT", "/api/v1/lists/pools", BUDGET, 1, lb), 200);
	assert_int_equal(status_of("PUT", "/api/v1/lists/prices", BUDGET, 1,
				   "{\"pool\":\"OF\",\"standard\":\"S-PC\",\"price_fen\":1}"), 201);
	/* … and narrowing the pool again is refused, the price kept */
	snprintf(lb, sizeof lb, "{\"code\":\"OF\",\"name\":\"办公\",\"economic\":\"3022\",\"version\":%lld}",
		 (long long)list_version("pools", "code", "OF"));
	r = http("PUT", "/api/v1/lists/pools", BUDGET, 1, lb);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	snprintf(lb, sizeof lb, "{\"code\":\"OF\",\"version\":%lld}", (long long)list_version("pools", "code", "OF"));
	assert_int_equal(status_of("DELETE", "/api/v1/lists/pools", BUDGET, 1, lb), 200);
	assert_int_equal(status_of("GET", "/api/v1/lists/projects", BUDGET, 0, NULL), 404);
	assert_int_equal(status_of("GET", "/api/v1/lists/sources", AGENCY, 0, NULL), 403);
	assert_int_equal(status_of("GET", "/api/v1/lists/sources", VIEWER, 0, NULL), 200);
	assert_int_equal(status_of("DELETE", "/api/v1/lists/priorities", BUDGET, 1, "{\"code\":\"NOPE\"}"), 404);
	assert_int_equal(status_of("DELETE", "/api/v1/lists/priorities", BUDGET, 1, "{}"), 422);
	assert_int_equal(status_of("PUT", "/api/v1/lists/priorities", BUDGET, 0, "{\"code\":\"X\",\"name\":\"x\",\"rank\":1}"), 403);
	r = http("GET", "/api/v1/codes/economic", AGENCY, 0, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"code\":\"31002\""));
	resp_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/codes/other", AGENCY, 0, NULL), 404);
}

/* --- sessions ------------------------------------------------------------ */

/* api-10.5 SPEC §4: a project whose requested total leaves int64 fen is
 * refused with 422 before anything is committed (it used to commit, then
 * answer 500 on every read of the city); the stored project is unchanged. */
static void test_project_total_overflow(void **state)
{
	(void)state;
	char body[1024];
	snprintf(body, sizeof body,
		 "{\"version\":%lld,\"name\":\"学校运转\",\"kind\":\"specific\",\"tier\":\"general\","
		 "\"function\":\"2050201\",\"items\":["
		 "{\"seq\":1,\"content\":\"云服务\",\"economic\":\"30201\",\"unit\":\"年\",\"price_fen\":5000000000000000000,\"quantity\":\"1\"},"
		 "{\"seq\":2,\"content\":\"云服务\",\"economic\":\"30201\",\"unit\":\"年\",\"price_fen\":5000000000000000000,\"quantity\":\"1\"}]}",
		 (long long)version_of("PA"));
	int64_t v = version_of("PA");
	struct resp r = http("PUT", "/api/v1/projects/PA", BUDGET, 1, body);
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "items");
	assert_non_null(strstr(err_field(&r, "message"), "项目 PA 的申报总额"));
	resp_free(&r);
	assert_int_equal(version_of("PA"), v);
	r = http("GET", "/api/v1/projects/PA", BUDGET, 0, NULL);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "云服务"));
	resp_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/reports/summary", BUDGET, 0, NULL), 200);
}

/* api-10.6 SPEC §13: POST /api/v1/basic generates the basic expenditure
 * (budget role); a generated project is read by everyone who reads
 * projects but changed by no route (409 BASIC). */
static void test_basic(void **state)
{
	(void)state;
	struct book *b;
	struct buf err = BUF_INIT;
	if (store_open(book_path, 0, &b, &err))
		fail_msg("%s", buf_str(&err));
	import_text(b, "agencies", "code,name,headcount,establishment,retired,class,function\n"
				   "A3,市档案馆,12,10,1,basic-t,2013301\n");
	import_text(b, "standards", "code,name,economic,unit,max_price\nS-W,基本工资,30101,人·年,50000\n"
				    "S-R,退休费,30302,人·年,30000\n");
	import_text(b, "quotas", "code,standard,kind,count,class\nQW,S-W,personnel,staff,basic-t\n"
				 "QR,S-R,personnel,retired,basic-t\n");
	store_close(b);
	buf_release(&err);
	/* 定员 10 (12 staff, 编制 10) × 50,000 + 1 retired × 30,000 = 530,000 yuan */
	struct resp r = http("POST", "/api/v1/basic", BUDGET, 1, NULL);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "projects")), 1);
	assert_int_equal(json_integer_value(json_object_get(r.json, "items")), 2);
	assert_int_equal(json_integer_value(json_object_get(r.json, "requested_fen")), 53000000);
	resp_free(&r);
	r = http("GET", "/api/v1/projects/A3-RY", BUDGET, 0, NULL);
	assert_int_equal(r.status, 200);
	assert_true(json_is_true(json_object_get(r.json, "basic")));
	assert_non_null(strstr(r.body, "OVER_ESTABLISHMENT"));
	int64_t v = json_integer_value(json_object_get(r.json, "version"));
	resp_free(&r);
	char body[512];
	snprintf(body, sizeof body,
		 "{\"version\":%lld,\"name\":\"改名\",\"kind\":\"personnel\",\"tier\":\"wages\",\"function\":\"2013301\"}",
		 (long long)v);
	r = http("PUT", "/api/v1/projects/A3-RY", BUDGET, 1, body);
	assert_int_equal(r.status, 409);
	assert_string_equal(err_field(&r, "code"), "BASIC");
	resp_free(&r);
	snprintf(body, sizeof body, "{\"version\":%lld}", (long long)v);
	assert_int_equal(status_of("DELETE", "/api/v1/projects/A3-RY", BUDGET, 1, body), 409);
	assert_int_equal(version_of("A3-RY"), v);
	/* a generated project's name is the same after another run: replaced, not duplicated */
	r = http("POST", "/api/v1/basic", BUDGET, 1, NULL);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "replaced")), 1);
	resp_free(&r);
}

static int add_failed(const struct store_audit_count_row *r, void *arg)
{
	if (!strcmp(r->action, "session.login_failed"))
		*(int64_t *)arg += r->n;
	return 0;
}

/* Failed sign-ins counted so far, and entries in the log. */
static int64_t failed_counted(int64_t *entries)
{
	struct book *b;
	struct buf err = BUF_INIT;
	int64_t n = 0;
	if (store_open(book_path, STORE_READONLY, &b, &err))
		fail_msg("%s", buf_str(&err));
	assert_int_equal(store_audit_counts_each(b, add_failed, &n, &err), 0);
	*entries = store_audit_count(b);
	store_close(b);
	buf_release(&err);
	return n;
}

static void test_sessions(void **state)
{
	(void)state;
	struct sess s = { 0 };
	int64_t e0, e1;
	int64_t f0 = failed_counted(&e0);
	/* api-6.1 wrong passwords: 401, then the name is locked for a while */
	for (int i = 0; i < AUTH_FREE_FAILS; i++)
		assert_int_equal(login("thr", "wrong-password", &s), 401);
	/* api-6.0 failed sign-ins are counted: the first of the day is an
	 * entry, the others only add to the day's count */
	assert_int_equal(failed_counted(&e1) - f0, AUTH_FREE_FAILS);
	assert_int_equal(e1 - e0, f0 == 0 ? 1 : 0);
	struct resp r = http_raw("POST", "/api/v1/login", NULL, 0, "{\"name\":\"thr\",\"password\":\"" PW "\"}", NULL);
	assert_int_equal(r.status, 429);
	assert_string_equal(header(&r, "Retry-After"), "30");
	resp_free(&r);
	/* api-6.2 unknown names are answered the same way as wrong passwords */
	assert_int_equal(login("nobody", PW, &s), 401);
	assert_int_equal(login("", PW, &s), 401);
	/* api-6.3 a token that is not a session, a session gone idle, a disabled user */
	struct sess fake = sess[VIEWER];
	memset(fake.cookie, 'b', 64);
	assert_int_equal(status_raw("GET", "/api/v1/me", &fake, 0, NULL, NULL), 401);
	struct sess g = { 0 };
	assert_int_equal(login("gone", PW, &g), 200);
	assert_int_equal(status_raw("GET", "/api/v1/me", &g, 0, NULL, NULL), 200);
	{
		struct book *b;
		struct buf err = BUF_INIT;
		assert_int_equal(store_open(book_path, 0, &b, &err), 0);
		assert_int_equal(db_exec(b->db, "UPDATE sessions SET last_seen = last_seen - 9*3600 WHERE user='gone'", &err), 0);
		store_close(b);
		buf_release(&err);
	}
	assert_int_equal(status_raw("GET", "/api/v1/me", &g, 0, NULL, NULL), 401);
	assert_int_equal(login("gone", PW, &g), 200);
	{
		struct book *b;
		struct buf err = BUF_INIT;
		assert_int_equal(store_open(book_path, 0, &b, &err), 0);
		assert_int_equal(auth_user_disable(b, "test", "gone", &err), 0);
		store_close(b);
		buf_release(&err);
	}
	assert_int_equal(status_raw("GET", "/api/v1/me", &g, 0, NULL, NULL), 401);
	assert_int_equal(login("gone", PW, &g), 401);
	/* api-6.4 logout ends the session */
	struct sess o = { 0 };
	assert_int_equal(login("view", PW, &o), 200);
	r = http_raw("POST", "/api/v1/logout", &o, 1, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(header(&r, "Set-Cookie"), "Max-Age=0"));
	resp_free(&r);
	assert_int_equal(status_raw("GET", "/api/v1/me", &o, 0, NULL, NULL), 401);
	/* api-6.5 /me gives the CSRF token back after a reload, never the session token */
	r = http("GET", "/api/v1/me", AGENCY, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(r.json, "csrf")), sess[AGENCY].csrf);
	assert_string_equal(json_string_value(json_object_get(r.json, "agency")), "A1");
	assert_null(strstr(r.body, sess[AGENCY].cookie));
	resp_free(&r);
}

/* --- assets -------------------------------------------------------------- */

static void test_assets(void **state)
{
	(void)state;
	struct resp r = http("GET", "/", ANON, 0, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "零基预算管理系统"));
	assert_non_null(strstr(header(&r, "Content-Type"), "text/html"));
	/* the page names its stylesheet by hash; that name is cached forever */
	char *p = strstr(r.body, "/assets/app.");
	assert_non_null(p);
	char path[128];
	snprintf(path, sizeof path, "%.*s", (int)strcspn(p, "\""), p);
	resp_free(&r);
	r = http("GET", path, ANON, 0, NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(header(&r, "Cache-Control"), "public, max-age=31536000, immutable");
	assert_non_null(strstr(header(&r, "Content-Type"), "text/css"));
	resp_free(&r);
	/* nothing outside the table, however it is spelled */
	static const char *const bad[] = { "/assets/../../etc/passwd", "/assets/..", "/assets/..%2f..%2fetc%2fpasswd",
					   "/assets/%2e%2e", "/assets/.hidden", "/assets/nope.css", "/../etc/passwd",
					   "/assets/app.css%00.html", "/assets/%252e%252e%252f" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int st = status_of("GET", bad[i], ANON, 0, NULL);
		if (st != 400 && st != 404)
			fail_msg("%s: %d", bad[i], st);
	}
}

/* --- the audit trail ----------------------------------------------------- */

static void test_audit_chain(void **state)
{
	(void)state;
	struct resp r = http("GET", "/api/v1/audit?since=0&limit=5000", VIEWER, 0, NULL);
	assert_int_equal(r.status, 200);
	json_t *entries = json_object_get(r.json, "entries");
	size_t i;
	json_t *e;
	int n_create = 0, n_update = 0, n_delete = 0, n_review = 0, n_eval = 0, n_login = 0;
	json_array_foreach(entries, i, e)
	{
		const char *a = json_string_value(json_object_get(e, "action"));
		n_create += !strcmp(a, "project.create");
		n_update += !strcmp(a, "project.update");
		n_delete += !strcmp(a, "project.delete");
		n_review += !strcmp(a, "review.record");
		n_eval += !strcmp(a, "evaluation.record");
		n_login += !strcmp(a, "session.login");
		assert_int_equal(json_integer_value(json_object_get(e, "id")), (json_int_t)i + 1);
		assert_string_equal(json_string_value(json_object_get(e, "time")), "2026-11-01T09:00:00Z");
	}
	assert_true(n_create >= 4 && n_update >= 3 && n_delete >= 3 && n_review == 2 && n_eval == 2 && n_login > 5);
	/* no secret is in the log */
	char *all = json_dumps(entries, 0);
	for (int k = 1; k < N_ROLES; k++) {
		assert_null(strstr(all, sess[k].cookie));
		assert_null(strstr(all, sess[k].csrf));
	}
	assert_null(strstr(all, PW));
	assert_null(strstr(all, "argon2"));
	free(all);
	resp_free(&r);
	/* since and limit page through it */
	r = http("GET", "/api/v1/audit?since=3&limit=2", VIEWER, 0, NULL);
	assert_int_equal(json_array_size(json_object_get(r.json, "entries")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "entries"), 0), "id")), 4);
	assert_true(json_is_true(json_object_get(r.json, "more")));
	resp_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/audit?since=x", VIEWER, 0, NULL), 422);
	/* the chain holds after all these writes */
	struct book *b;
	struct buf err = BUF_INIT;
	struct audit_check chk;
	assert_int_equal(store_open(book_path, 0, &b, &err), 0);
	assert_int_equal(store_audit_verify(b, &chk, &err), 0);
	assert_true(chk.n_entries > 30);
	store_close(b);
	buf_release(&err);
}

/* --- the budget season (SPEC §11) ---------------------------------------- */

static const char *err_code(const struct resp *r)
{
	return json_string_value(json_object_get(json_object_get(r->json, "error"), "code"));
}

static const char *err_message(const struct resp *r)
{
	return json_string_value(json_object_get(json_object_get(r->json, "error"), "message"));
}

static struct resp as_ag2(const char *method, const char *path, const char *body)
{
	return http_raw(method, path, &sess_ag2, strcmp(method, "GET") != 0, body, NULL);
}

/* The approved amount of PRV's only item (SPEC §5 step 8), read back. */
static int64_t prv_approved(void)
{
	struct resp r = http("GET", "/api/v1/projects/PRV", BUDGET, 0, NULL);
	int64_t a = json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "amounts"), 0), "approved_fen"));
	resp_free(&r);
	return a;
}

/* api-5.8 a reviewer's decision through the API says why, and lowers an
 * item's amount as it stands after steps 5-7, never raises it (refused in
 * words, nothing stored, instead of capped).  The item: 5,000.00 × 3 under
 * a standard of 4,000.00, so the review finds 4,000.00 × 3 = 12,000.00. */
static void test_review_checks(void **state)
{
	(void)state;
	char body[1024];
	int st = status_of("PUT", "/api/v1/lists/standards", BUDGET, 1,
			   "{\"code\":\"S-MON\",\"name\":\"显示器\",\"economic\":\"31002\",\"unit\":\"台\",\"max_price_fen\":400000}");
	assert_true(st == 200 || st == 201);
	assert_int_equal(status_of("POST", "/api/v1/projects", BUDGET, 1,
				   "{\"code\":\"PRV\",\"agency\":\"A1\",\"name\":\"显示器购置\",\"kind\":\"specific\","
				   "\"tier\":\"general\",\"function\":\"2050201\",\"new\":true,\"basis\":[\"B1\"],"
				   "\"items\":[{\"seq\":1,\"content\":\"显示器\",\"economic\":\"31002\",\"standard\":\"S-MON\","
				   "\"unit\":\"台\",\"price_fen\":500000,\"quantity\":\"3\"}]}"),
			 201);
	struct resp r = http("GET", "/api/v1/projects/PRV", BUDGET, 0, NULL);
	json_t *was = json_object_get(json_array_get(json_object_get(r.json, "amounts"), 0), "before_review");
	assert_int_equal(json_integer_value(json_object_get(was, "amount_fen")), 1200000);
	assert_int_equal(json_integer_value(json_object_get(was, "price_fen")), 400000);
	assert_string_equal(json_string_value(json_object_get(was, "quantity")), "3");
	resp_free(&r);
	/* no reason, or only spaces (an ideographic one too): 422 on reason */
	static const char *const no_reason[] = { "", ",\"reason\":\"\"", ",\"reason\":\" \\u3000 \"" };
	for (int k = 0; k < 3; k++) {
		snprintf(body, sizeof body, "{\"project\":\"PRV\",\"seq\":1,\"action\":\"cut\"%s}", no_reason[k]);
		r = http("POST", "/api/v1/reviews", REVIEWER, 1, body);
		if (r.status != 422 || strcmp(err_field(&r, "field"), "reason"))
			fail_msg("no reason %d: %d %s", k, r.status, r.body);
		assert_non_null(strstr(err_message(&r), "请填写理由"));
		resp_free(&r);
	}
	/* 4,000.00 × 3.5 = 14,000.00 is above 12,000.00 (the quantity alone
	 * given: the price is the standard's, not the 5,000.00 asked) */
	r = http("POST", "/api/v1/reviews", REVIEWER, 1,
		 "{\"project\":\"PRV\",\"seq\":1,\"action\":\"adjust\",\"quantity\":\"3.5\",\"reason\":\"按实际需要\"}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "quantity");
	assert_non_null(strstr(err_message(&r), "调整后金额 14,000.00 元高于核定数 12,000.00 元"));
	resp_free(&r);
	r = http("POST", "/api/v1/reviews", REVIEWER, 1,
		 "{\"project\":\"PRV\",\"seq\":1,\"action\":\"adjust\",\"price_fen\":410000,\"reason\":\"按询价\"}");
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "field"), "price_fen");
	assert_non_null(strstr(err_message(&r), "12,300.00"));
	resp_free(&r);
	r = http("GET", "/api/v1/projects/PRV", BUDGET, 0, NULL);
	assert_int_equal(json_array_size(json_object_get(r.json, "reviews")), 0); /* nothing stored */
	resp_free(&r);
	assert_int_equal(prv_approved(), 1200000);
	/* as found (4,000.00 × 3, equal) is fine; then round 2 lowers to
	 * 3,000.00 × 3, and round 3 may restore up to 12,000.00 again:
	 * 3,800.00 × 3 = 11,400.00 */
	assert_int_equal(status_of("POST", "/api/v1/reviews", REVIEWER, 1,
				   "{\"project\":\"PRV\",\"seq\":1,\"action\":\"adjust\",\"quantity\":\"3\",\"reason\":\"维持\"}"),
			 201);
	assert_int_equal(prv_approved(), 1200000);
	assert_int_equal(status_of("POST", "/api/v1/reviews", REVIEWER, 1,
				   "{\"project\":\"PRV\",\"seq\":1,\"round\":2,\"action\":\"adjust\",\"price_fen\":300000,"
				   "\"reason\":\"按协议价\"}"),
			 201);
	assert_int_equal(prv_approved(), 900000);
	assert_int_equal(status_of("POST", "/api/v1/reviews", REVIEWER, 1,
				   "{\"project\":\"PRV\",\"seq\":1,\"round\":3,\"action\":\"adjust\",\"price_fen\":380000,"
				   "\"reason\":\"协议价已调整\"}"),
			 201);
	assert_int_equal(prv_approved(), 1140000);
	/* the bureau removes it again (the season below counts A1's projects) */
	snprintf(body, sizeof body, "{\"version\":%lld}", (long long)version_of("PRV"));
	assert_int_equal(status_of("DELETE", "/api/v1/projects/PRV", BUDGET, 1, body), 200);
}

static void test_season(void **state)
{
	(void)state;
	char body[1024], st[64], path[128];
	/* api-11.1 A2 is returned (the matrix's last step): its agency submits */
	assert_string_equal(season_state("A2", st, sizeof st), "returned@1");
	int64_t v = season_version("A2");
	snprintf(body, sizeof body, "{\"version\":%lld}", (long long)v);
	struct resp r = as_ag2("POST", "/api/v1/season/A2/submit", body);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "state")), "submitted");
	assert_int_equal(json_integer_value(json_object_get(r.json, "version")), v + 1);
	resp_free(&r);
	/* api-11.2 refusals: the state named (409 STATE), the role (403), a stale version, another agency */
	snprintf(body, sizeof body, "{\"version\":%lld}", (long long)(v + 1));
	r = as_ag2("POST", "/api/v1/season/A2/submit", body);
	assert_int_equal(r.status, 409);
	assert_string_equal(err_code(&r), "STATE");
	assert_non_null(strstr(err_message(&r), "已送审"));
	resp_free(&r);
	assert_int_equal(status_of("POST", "/api/v1/season/A2/accept", REVIEWER, 1, body), 403);
	snprintf(body, sizeof body, "{\"version\":%lld}", (long long)v);
	r = http("POST", "/api/v1/season/A2/accept", BUDGET, 1, body);
	assert_int_equal(r.status, 409);
	assert_string_equal(err_code(&r), "STALE_VERSION");
	resp_free(&r);
	snprintf(body, sizeof body, "{\"version\":%lld}", (long long)(v + 1));
	assert_int_equal(status_of("POST", "/api/v1/season/A2/submit", AGENCY, 1, body), 404);
	assert_int_equal(status_of("POST", "/api/v1/season/A2/accept", VIEWER, 1, body), 403);
	assert_int_equal(status_of("POST", "/api/v1/season/A2/frob", BUDGET, 1, body), 404);
	assert_int_equal(status_of("POST", "/api/v1/season/A2/accept", BUDGET, 1, "{}"), 422);
	assert_int_equal(status_of("POST", "/api/v1/season/ZZ/accept", BUDGET, 1, body), 404);
	r = http("POST", "/api/v1/season/A2/return", BUDGET, 1, body); /* no opinion */
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(err_message(&r), "审核意见"));
	resp_free(&r);
	assert_string_equal(season_state("A2", st, sizeof st), "submitted@1");
	/* api-11.3 locks: A2 submitted, its agency may not write its projects (409 STATE) */
	snprintf(path, sizeof path, "/api/v1/projects/PB");
	snprintf(body, sizeof body, "{\"version\":%lld,\"name\":\"医院设备购置\",\"kind\":\"specific\","
		 "\"tier\":\"general\",\"function\":\"2100201\"}", (long long)version_of("PB"));
	r = as_ag2("PUT", path, body);
	assert_int_equal(r.status, 409);
	assert_string_equal(err_code(&r), "STATE");
	assert_non_null(strstr(err_message(&r), "已送审"));
	resp_free(&r);
	r = as_ag2("POST", "/api/v1/projects", PROJECT_BODY("NEW-A2", "A2", ""));
	assert_int_equal(r.status, 409);
	resp_free(&r);
	snprintf(body, sizeof body, "{\"version\":%lld}", (long long)version_of("PB"));
	r = as_ag2("DELETE", path, body);
	assert_int_equal(r.status, 409);
	resp_free(&r);
	/* … reviewers record reviews meanwhile, in place */
	assert_int_equal(status_of("POST", "/api/v1/reviews", REVIEWER, 1,
				   "{\"project\":\"PB\",\"seq\":1,\"round\":2,\"action\":\"adjust\",\"quantity\":\"1\","
				   "\"reason\":\"数量压减\"}"),
			 201);
	/* api-11.4 the queues: reviewers see the submitted agency, the budget office may accept it */
	r = http("GET", "/api/v1/todo", REVIEWER, 0, NULL);
	assert_int_equal(r.status, 200);
	json_t *t0 = json_array_get(json_object_get(r.json, "todo"), 0);
	assert_string_equal(json_string_value(json_object_get(t0, "agency")), "A2");
	assert_string_equal(json_string_value(json_object_get(t0, "action")), "return");
	resp_free(&r);
	snprintf(body, sizeof body, "{\"version\":%lld}", (long long)season_version("A2"));
	assert_int_equal(status_of("POST", "/api/v1/season/A2/accept", BUDGET, 1, body), 200);
	r = http("GET", "/api/v1/todo", BUDGET, 0, NULL);
	t0 = json_array_get(json_object_get(r.json, "todo"), 0);
	assert_string_equal(json_string_value(json_object_get(t0, "action")), "issue");
	resp_free(&r);
	/* api-11.4b the rounds report and the ledger's snapshot rows (A2 submitted PB: 2 × 25,000.50) */
	r = http("GET", "/api/v1/reports/rounds?format=json", BUDGET, 0, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"state\": \"已审核\"") ? r.body : strstr(r.body, "\"state\":\"已审核\""));
	assert_non_null(strstr(r.body, "请补充测算依据"));
	resp_free(&r);
	r = http("GET", "/api/v1/reports/ledger?format=json", AGENCY, 0, NULL); /* A1's rows only */
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "\"PB\""));
	resp_free(&r);
	r = http("GET", "/api/v1/reports/ledger?format=json", BUDGET, 0, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "round_1"));
	resp_free(&r);
	/* issuing round 2 waits for A1, still a draft */
	r = http("POST", "/api/v1/season/all/issue", BUDGET, 1, "{\"round\":2}");
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(err_message(&r), "A1"));
	resp_free(&r);
	/* api-11.5 an agency user sees its own agency only; its to-do is to prepare */
	r = http("GET", "/api/v1/season", AGENCY, 0, NULL);
	assert_int_equal(json_array_size(json_object_get(r.json, "agencies")), 1);
	resp_free(&r);
	r = http("GET", "/api/v1/todo", AGENCY, 0, NULL);
	t0 = json_array_get(json_object_get(r.json, "todo"), 0);
	assert_string_equal(json_string_value(json_object_get(t0, "agency")), "A1");
	assert_string_equal(json_string_value(json_object_get(t0, "action")), "submit");
	resp_free(&r);

	/* api-11.6 reviewer decisions are the bureau's record (each fails on
	 * the code before the season: deleting cascaded the review away,
	 * re-posting the items orphaned it, a stale write replaced it) */
	/* (the budget office files it: its code is the one asked for; an agency user's would be the server's) */
	assert_int_equal(status_of("POST", "/api/v1/projects", BUDGET, 1, PROJECT_BODY("PR1", "A1", "")), 201);
	r = http("POST", "/api/v1/reviews", REVIEWER, 1,
		 "{\"project\":\"PR1\",\"seq\":1,\"action\":\"adjust\",\"quantity\":\"2\",\"reviewer\":\"某人\","
		 "\"reason\":\"按定额\"}");
	assert_int_equal(r.status, 201);
	assert_string_equal(json_string_value(json_object_get(r.json, "reviewer")), "rev"); /* the signed-in user */
	resp_free(&r);
	snprintf(body, sizeof body, "{\"version\":%lld}", (long long)version_of("PR1"));
	r = http("DELETE", "/api/v1/projects/PR1", AGENCY, 1, body);
	assert_int_equal(r.status, 409);
	assert_string_equal(err_code(&r), "REVIEWED");
	resp_free(&r);
	/* renumbered, or the reviewed item left out: refused; the item changed in place: fine */
	static const char *const item_bodies[] = {
		"\"items\":[{\"seq\":2,\"content\":\"台式电脑\",\"economic\":\"31002\",\"unit\":\"台\",\"price_fen\":500000,\"quantity\":\"2.5\"}]",
		"\"items\":[]",
		"\"items\":[{\"seq\":1,\"content\":\"台式电脑\",\"economic\":\"31002\",\"unit\":\"台\",\"price_fen\":500000,\"quantity\":\"3\"}]",
	};
	for (int k = 0; k < 3; k++) {
		snprintf(body, sizeof body,
			 "{\"version\":%lld,\"name\":\"教学设备购置\",\"kind\":\"specific\",\"tier\":\"general\","
			 "\"function\":\"2050201\",\"new\":true,\"basis\":[\"B1\"],%s}",
			 (long long)version_of("PR1"), item_bodies[k]);
		r = http("PUT", "/api/v1/projects/PR1", AGENCY, 1, body);
		if (r.status != (k < 2 ? 409 : 200))
			fail_msg("api-11.6 items %d: %d %s", k, r.status, r.body);
		if (k < 2)
			assert_string_equal(err_code(&r), "REVIEWED");
		resp_free(&r);
	}
	r = http("GET", "/api/v1/projects/PR1", BUDGET, 0, NULL);
	json_t *rv = json_array_get(json_object_get(r.json, "reviews"), 0);
	assert_non_null(rv);
	assert_int_equal(json_integer_value(json_object_get(rv, "seq")), 1);
	int64_t rv_version = json_integer_value(json_object_get(rv, "version"));
	assert_true(rv_version > 0);
	resp_free(&r);
	/* a project with only an evaluation is protected the same way */
	assert_int_equal(status_of("POST", "/api/v1/projects", BUDGET, 1, PROJECT_BODY("PR2", "A1", "")), 201);
	assert_int_equal(status_of("POST", "/api/v1/evaluations", REVIEWER, 1,
				   "{\"project\":\"PR2\",\"score\":\"90\",\"conclusion\":\"support\"}"),
			 201);
	snprintf(body, sizeof body, "{\"version\":%lld}", (long long)version_of("PR2"));
	assert_int_equal(status_of("DELETE", "/api/v1/projects/PR2", AGENCY, 1, body), 409);
	assert_int_equal(status_of("DELETE", "/api/v1/projects/PR2", BUDGET, 1, body), 200); /* the bureau may */
	/* a second reviewer's stale write of the same review: 409, never a silent replacement */
	snprintf(body, sizeof body,
		 "{\"project\":\"PR1\",\"seq\":1,\"action\":\"adjust\",\"quantity\":\"1\",\"reason\":\"再核减\","
		 "\"version\":%lld}", (long long)rv_version);
	assert_int_equal(status_of("POST", "/api/v1/reviews", REVIEWER, 1, body), 200);
	r = http("POST", "/api/v1/reviews", BUDGET, 1, body); /* the same read, now stale */
	assert_int_equal(r.status, 409);
	assert_string_equal(err_code(&r), "STALE_VERSION");
	resp_free(&r);
	r = http("POST", "/api/v1/reviews", BUDGET, 1,
		 "{\"project\":\"PR1\",\"seq\":1,\"action\":\"cut\",\"reason\":\"重复\"}"); /* no version: it exists */
	assert_int_equal(r.status, 409);
	resp_free(&r);
	r = http("GET", "/api/v1/projects/PR1", BUDGET, 0, NULL);
	rv = json_array_get(json_object_get(r.json, "reviews"), 0);
	assert_string_equal(json_string_value(json_object_get(rv, "reason")), "再核减");
	assert_string_equal(json_string_value(json_object_get(rv, "reviewer")), "rev");
	resp_free(&r);
	/* list rows carry versions too */
	assert_int_equal(status_of("PUT", "/api/v1/lists/priorities", BUDGET, 1,
				   "{\"code\":\"PV\",\"name\":\"民生实事\",\"rank\":4}"),
			 201);
	r = http("GET", "/api/v1/lists/priorities", BUDGET, 0, NULL);
	int64_t lv = -1;
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(r.json, "rows"), i, o)
		if (!strcmp(json_string_value(json_object_get(o, "code")), "PV"))
			lv = json_integer_value(json_object_get(o, "version"));
	resp_free(&r);
	assert_true(lv > 0);
	snprintf(body, sizeof body, "{\"code\":\"PV\",\"name\":\"民生实事项目\",\"rank\":4,\"version\":%lld}", (long long)lv);
	assert_int_equal(status_of("PUT", "/api/v1/lists/priorities", BUDGET, 1, body), 200);
	assert_int_equal(status_of("PUT", "/api/v1/lists/priorities", BUDGET, 1, body), 409); /* stale now */
	snprintf(body, sizeof body, "{\"code\":\"PV\",\"version\":%lld}", (long long)lv);
	assert_int_equal(status_of("DELETE", "/api/v1/lists/priorities", BUDGET, 1, body), 409);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_has_a_row),
		cmocka_unit_test(test_role_matrix),
		cmocka_unit_test(test_me_rights),
		cmocka_unit_test(test_agency_isolation),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_stale_version),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_bad_bodies),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_allocate_whatif),
		cmocka_unit_test(test_whatif_threads),
		cmocka_unit_test(test_reports),
		cmocka_unit_test(test_admin_lists),
		cmocka_unit_test(test_project_total_overflow),
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_sessions),
		cmocka_unit_test(test_assets),
		cmocka_unit_test(test_audit_chain),
		cmocka_unit_test(test_review_checks),
		cmocka_unit_test(test_season),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
