/*
 * api_assets.c - GET / and GET /assets/NAME: the embedded UI files.
 * Hashed names are cached forever; plain names and the page are
 * revalidated.  Only names in the embedded table are served, so no path
 * can reach the file system; anything that looks like a path is refused.
 */
#include "assets.h"
#include "http.h"

#include <string.h>

const struct asset *asset_find(const char *name, int *is_hashed)
{
	for (size_t i = 0; i < assets_n; i++) {
		if (!strcmp(assets[i].hashed, name)) {
			*is_hashed = 1;
			return &assets[i];
		}
		if (!strcmp(assets[i].name, name)) {
			*is_hashed = 0;
			return &assets[i];
		}
	}
	return NULL;
}

static void serve(struct req *r, const char *name)
{
	int is_hashed = 0;
	const struct asset *a;
	if (name[0] == '.' || strstr(name, "..") || strpbrk(name, "/\\%")) {
		api_error(r, 400, "BAD_PATH", NULL, "%s", L("不允许的路径", "path not allowed"));
		return;
	}
	if (!(a = asset_find(name, &is_hashed))) {
		api_error(r, 404, "NOT_FOUND", NULL, "%s", L("没有这个文件", "no such file"));
		return;
	}
	r->status = 200;
	r->raw = a->data;
	r->raw_len = a->len;
	r->content_type = a->type;
	r->cache_control = is_hashed ? "public, max-age=31536000, immutable" : "no-cache";
	/* plain names are revalidated: the hashed name is the entity tag */
	r->etag = arena_printf(&r->a, "\"%s\"", a->hashed);
	const char *inm = http_header(r, "If-None-Match");
	if (inm && !strcmp(inm, r->etag)) {
		r->status = 304;
		r->raw_len = 0;
	}
}

void api_asset_index(struct req *r)
{
	serve(r, "index.html");
}

void api_asset(struct req *r)
{
	serve(r, r->params[0]);
}
