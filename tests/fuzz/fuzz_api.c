/*
 * fuzz_api - the JSON bodies of the write routes, handed to their
 * handlers (api_projects.c, api_misc.c, api_rows.c) the way the
 * dispatcher (http.c) would after its checks, without a socket: one small
 * in-memory book, made once, whose every change an input makes is rolled
 * back after it (store_test_hold: the handler's store_write is a
 * savepoint inside a transaction that is never committed), so each input
 * sees the same book; a signed-in user, the body parsed as the dispatcher
 * parses it.
 *
 * Input: byte 0 picks the route (POST /projects, PUT and DELETE
 * /projects/PA, POST /reviews, POST /evaluations) and the role (budget,
 * the agency of PA, a reviewer, another agency); the rest is the body.
 * A role the route's row does not allow is skipped, as the dispatcher
 * answers 403 before the handler runs.  Invariants: the handler answers
 * 200, 201, 403, 404, 409 or 422 with a JSON body, never 500; it leaves
 * no transaction open; an answered write (2xx) is in the audit log, whose
 * chain still verifies; a refused one left the book unchanged.
 */
#include "audit.h"
#include "auth.h"
#include "fuzz.h"
#include "http.h"

#include <stdint.h>

static struct book *work;

int LLVMFuzzerInitialize(int *argc, char **argv[])
{
	(void)argc;
	(void)argv;
	work = fuzz_seed_book();
	return 0;
}

static int64_t audit_count(void)
{
	return store_audit_count(work);
}

static const struct route *route_of(const char *method, const char *pattern)
{
	for (size_t i = 0; i < routes_n; i++)
		if (!strcmp(routes[i].method, method) && !strcmp(routes[i].pattern, pattern))
			return &routes[i];
	fuzz_fail("no route %s %s", method, pattern);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct {
		const char *method, *pattern;
	} targets[] = {
		{ "POST", "/api/v1/projects" },    { "PUT", "/api/v1/projects/{code}" },
		{ "DELETE", "/api/v1/projects/{code}" }, { "POST", "/api/v1/reviews" },
		{ "POST", "/api/v1/evaluations" },
	};
	static const struct {
		const char *name;
		unsigned role;
		const char *agency;
	} users[] = { { "bud", ROLE_BUDGET, NULL }, { "ag1", ROLE_AGENCY, "A1" }, { "rev", ROLE_REVIEWER, NULL },
		      { "ag2", ROLE_AGENCY, "A2" } };
	if (size < 1)
		return 0;
	unsigned t = (data[0] & 7) % 5, u = (data[0] >> 3) & 3;
	const struct route *rt = route_of(targets[t].method, targets[t].pattern);
	if (!(rt->roles & users[u].role))
		return 0;
	struct req r;
	memset(&r, 0, sizeof r);
	r.method = rt->method;
	r.path = rt->pattern;
	r.route = rt;
	r.body = (char *)data + 1;
	r.body_len = size - 1;
	if (r.body_len || (rt->flags & R_BODY)) {
		r.json = json_loadb(r.body, r.body_len, JSON_REJECT_DUPLICATES, NULL);
		if (!json_is_object(r.json)) { /* the dispatcher's 400 */
			json_decref(r.json);
			return 0;
		}
	}
	struct buf herr = BUF_INIT;
	if (store_test_hold(work, 0, &herr))
		fuzz_fail("hold: %s", buf_str(&herr));
	r.b = work;
	r.has_session = 1;
	snprintf(r.s.u.name, sizeof r.s.u.name, "%s", users[u].name);
	r.s.u.role = users[u].role;
	if (users[u].agency) {
		snprintf(r.s.u.agency, sizeof r.s.u.agency, "%s", users[u].agency);
		r.scope_agency = r.s.u.agency;
	}
	if (rt->flags & R_PROJECT) {
		/* the dispatcher's look-up: PA belongs to A1 */
		if (r.scope_agency && strcmp(r.scope_agency, "A1"))
			goto out;
		r.params[0] = "PA";
		r.n_params = 1;
		r.project_agency = "A1";
		r.project_version = 1;
	}
	int64_t before = audit_count();
	rt->fn(&r);
	if (store_in_write(work))
		fuzz_fail("a transaction left open");
	if (!r.out || !json_is_object(r.out))
		fuzz_fail("no JSON answer (status %u)", r.status);
	switch (r.status) {
	case 200:
	case 201: {
		struct audit_check chk;
		struct buf err = BUF_INIT;
		if (audit_count() != before + 1)
			fuzz_fail("a %u write without its audit entry", r.status);
		if (store_audit_verify(work, &chk, &err))
			fuzz_fail("the audit chain breaks: %s %s", chk.why ? chk.why : "", buf_str(&err));
		buf_release(&err);
		break;
	}
	case 403:
	case 404:
	case 409:
	case 422:
		if (audit_count() != before)
			fuzz_fail("a refused write (%u) is in the audit log", r.status);
		break;
	default: {
		char *text = json_dumps(r.out, 0);
		fuzz_fail("status %u: %s", r.status, text);
	}
	}
out:
	if (store_test_release(work, &herr))
		fuzz_fail("release: %s", buf_str(&herr));
	buf_release(&herr);
	json_decref(r.json);
	json_decref(r.out);
	arena_release(&r.a);
	return 0;
}
