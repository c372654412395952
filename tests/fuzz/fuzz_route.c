/*
 * fuzz_route - the HTTP path handling (http.c, api_assets.c): route
 * matching with {param} extraction over the real route table, and the
 * asset name look-up.  The path is percent-decoded first by
 * http_unescape, as the server does before the dispatcher sees it.
 *
 * Input: byte 0 picks the method; the rest is the raw path (up to the
 * first NUL).  Invariants: a matched route's pattern with its params put
 * back gives the path again; a param is never empty and never holds '/';
 * an asset answer is 200 only for a name of the embedded table (never
 * anything with "..", '/', '\\' or '%'), else 400 or 404, always JSON or
 * the asset's bytes.
 */
#include "assets.h"
#include "http.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define fail(...)                                                                                                 \
	do {                                                                                                      \
		fprintf(stderr, "fuzz invariant: " __VA_ARGS__);                                                  \
		fputc('\n', stderr);                                                                              \
		abort();                                                                                          \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const methods[] = { "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "get" };
	if (size < 1)
		return 0;
	lang_init("en");
	char *path = xstrndup((const char *)data + 1, size - 1);
	size_t n = http_unescape(path);
	if (n != strlen(path))
		fail("unescaped to a NUL");
	struct req r;
	memset(&r, 0, sizeof r);
	r.method = methods[data[0] & 7];
	r.path = path;
	const struct route *path_only;
	const struct route *rt = http_route_find(&r, &path_only);
	if (rt) {
		struct buf back = BUF_INIT;
		const char *p = rt->pattern;
		size_t k = 0;
		while (*p) {
			if (*p == '{') {
				if (k >= r.n_params)
					fail("fewer params than the pattern has");
				const char *v = r.params[k++];
				if (!*v || strchr(v, '/'))
					fail("param \"%s\"", v);
				buf_adds(&back, v);
				p = strchr(p, '}') + 1;
			} else {
				buf_addc(&back, *p++);
			}
		}
		if (k != r.n_params || strcmp(buf_str(&back), path))
			fail("%s rebuilt as %s", path, buf_str(&back));
		buf_release(&back);
		if (!strcmp(rt->pattern, "/assets/{name}")) {
			const char *name = r.params[0];
			rt->fn(&r);
			if (r.status == 200) {
				int is_hashed;
				const struct asset *a = asset_find(name, &is_hashed);
				if (!a || r.raw != a->data || strstr(name, "..") || strpbrk(name, "/\\%"))
					fail("served \"%s\"", name);
			} else if (r.status != 400 && r.status != 404) {
				fail("asset status %u", r.status);
			} else if (!json_is_object(r.out)) {
				fail("asset error without JSON");
			}
		}
	} else if (path_only && !strcmp(r.method, path_only->method)) {
		fail("path_only has the same method");
	}
	json_decref(r.out);
	arena_release(&r.a);
	free(path);
	return 0;
}
