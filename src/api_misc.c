/*
 * api_misc.c - GET /api/v1/agencies, POST /api/v1/reviews, POST
 * /api/v1/evaluations and GET /api/v1/audit.  Reviews and evaluations are
 * rows of their import kinds, checked by the import rules and stored as a
 * re-import would store them (same key: replaced), each write with its
 * audit entry in one transaction.
 */
#include "api.h"
#include "audit.h"

#include <stdlib.h>
#include <string.h>

void api_agencies(struct req *r)
{
	struct buf err = BUF_INIT;
	const struct kind *k = kind_find("agencies");
	json_t *arr = r->scope_agency ? api_rows_json(r->b, k, "code", r->scope_agency, &err)
				      : api_rows_json(r->b, k, NULL, NULL, &err);
	if (!arr)
		api_fail(r, &err);
	else
		api_reply(r, 200, json_pack("{s:i, s:o}", "year", r->b->year, "agencies", arr));
	buf_release(&err);
}

/* The text of a key column of a checked row, for api_row_get. */
static const char *key_text(struct req *r, const struct kind *k, const struct api_row *row, size_t i)
{
	const struct val *v = &row->v[i];
	if (k->cols[i].type == T_INT)
		return arena_printf(&r->a, "%lld", v->is_null ? 0LL : (long long)v->i);
	return arena_strndup(&r->a, v->s, v->n);
}

/* Record one row of kind (reviews, evaluations): check, upsert, audit. */
static void record(struct req *r, const char *kind, const char *action, const char *who_col)
{
	const struct kind *k = kind_find(kind);
	struct buf err = BUF_INIT;
	struct api_errors errs = { NULL };
	struct api_row row;
	json_t *before = NULL, *after = NULL;
	const char *keys[4], *object = "";
	size_t n_keys = 0;
	memset(&row, 0, sizeof row);
	/* who did it defaults to the signed-in user */
	json_t *who = json_object_get(r->json, who_col);
	const char *xn[] = { who_col }, *xv[] = { r->s.u.name };
	size_t n_extra = (!who || json_is_null(who) || (json_is_string(who) && !*json_string_value(who))) ? 1 : 0;
	if (book_begin(r->b, &err)) {
		api_fail(r, &err);
		goto out;
	}
	if (api_row_parse(r, k, r->json, NULL, NULL, n_extra, xn, xv, &row, &errs)) {
		api_errors_reply(r, &errs);
		goto out;
	}
	for (size_t i = 0; i < k->n_cols; i++)
		if (k->cols[i].flags & C_KEY) {
			keys[n_keys] = key_text(r, k, &row, i);
			object = n_keys ? arena_printf(&r->a, "%s/%s", object, keys[n_keys]) : keys[n_keys];
			n_keys++;
		}
	int rc = 0;
	if (!(before = api_row_get(r->b, k, keys, &err)) || (rc = api_row_store(r, &row, ROW_UPSERT, &err)) < 0 ||
	    (!rc && !(after = api_row_get(r->b, k, keys, &err)))) {
		api_fail(r, &err);
		goto out;
	}
	if (rc)
		goto out;
	if (audit_append(r->b, r->s.u.name, action, object, json_is_null(before) ? NULL : before, after, &err) ||
	    book_commit(r->b, &err)) {
		api_fail(r, &err);
		goto out;
	}
	api_reply(r, json_is_null(before) ? 201 : 200, json_incref(after));
out:
	book_rollback(r->b);
	api_row_release(&row);
	json_decref(errs.list);
	json_decref(before);
	json_decref(after);
	buf_release(&err);
}

void api_reviews_post(struct req *r)
{
	record(r, "reviews", "review.record", "reviewer");
}

void api_evaluations_post(struct req *r)
{
	record(r, "evaluations", "evaluation.record", "evaluator");
}

void api_audit(struct req *r)
{
	const char *s = http_query(r, "since"), *l = http_query(r, "limit");
	int64_t since = 0, limit = 500;
	struct buf err = BUF_INIT;
	if (s) {
		if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 18) {
			api_error(r, 422, "INVALID", "since", "%s", L("since 应为非负整数", "since must be a whole number"));
			return;
		}
		since = strtoll(s, NULL, 10);
	}
	if (l) {
		if (!*l || strspn(l, "0123456789") != strlen(l) || strlen(l) > 6 || !(limit = strtoll(l, NULL, 10)) ||
		    limit > 5000) {
			api_error(r, 422, "INVALID", "limit", "%s", L("limit 应为 1 到 5000", "limit must be from 1 to 5000"));
			return;
		}
	}
	json_t *arr = audit_list_json(r->b, since, limit + 1, &err);
	if (!arr) {
		api_fail(r, &err);
		buf_release(&err);
		return;
	}
	int more = json_array_size(arr) > (size_t)limit;
	if (more)
		json_array_remove(arr, (size_t)limit);
	api_reply(r, 200, json_pack("{s:o, s:b}", "entries", arr, "more", more));
}
