/*
 * api_misc.c - GET /api/v1/agencies, POST /api/v1/reviews, POST
 * /api/v1/evaluations and GET /api/v1/audit.  Reviews and evaluations are
 * rows of their import kinds, checked by the import rules and stored as a
 * re-import would store them (same key: replaced), each write with its
 * audit entry in one transaction.
 */
#include "api.h"

#include "money.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>

/* The working year's adoption (SPEC §12) as {scenario, adopted_at, by},
 * json null when not adopted; NULL on a failure (err). */
static json_t *adoption_json(struct book *b, struct buf *err)
{
	struct store_adoption a;
	int f = store_adoption_get(b, b->year, &a, err);
	if (f < 0)
		return NULL;
	if (!f)
		return json_null();
	return json_pack("{s:s, s:s, s:s}", "scenario", a.scenario, "adopted_at", a.adopted_at, "by", a.who);
}

void api_agencies(struct req *r)
{
	struct buf err = BUF_INIT;
	const struct kind *k = kind_find("agencies");
	json_t *arr = r->scope_agency ? api_rows_json(r->b, k, "code", r->scope_agency, &err)
				      : api_rows_json(r->b, k, NULL, NULL, &err);
	json_t *adopted = arr ? adoption_json(r->b, &err) : NULL;
	if (!adopted) {
		json_decref(arr);
		api_fail(r, &err);
	} else {
		api_reply(r, 200, json_pack("{s:i, s:o, s:o}", "year", r->b->year, "agencies", arr, "adopted", adopted));
	}
	buf_release(&err);
}

/* Record one row of kind (reviews, evaluations): check, upsert, audit. */
struct record {
	struct req *r;
	const struct kind *k;
	const char *who_col;
	struct api_row row;
	struct api_errors errs;
	int is_new;
	int is_reviewer; /* the who column is always the signed-in user */
};

static int record_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct record *x = arg;
	struct req *r = x->r;
	const struct kind *k = x->k;
	const char *keys[4];
	/* a review's reviewer is the signed-in user, whatever the body says
	 * (the bureau's record of who decided); an evaluation's evaluator
	 * (an institution) defaults to the signed-in user */
	json_t *who = json_object_get(r->json, x->who_col);
	const char *xn[] = { x->who_col }, *xv[] = { r->s.u.name };
	size_t n_extra = (x->is_reviewer || !who || json_is_null(who) || (json_is_string(who) && !*json_string_value(who)))
				 ? 1 : 0;
	static const char *const skip[] = { "version", NULL };
	if (api_row_parse(r, k, r->json, NULL, skip, n_extra, xn, xv, &x->row, &x->errs)) {
		api_errors_reply(r, &x->errs);
		return 1;
	}
	(void)b;
	c->object = api_row_keys(r, &x->row, NULL, keys);
	return api_row_upsert(r, &x->row, keys, c, &x->is_new, err);
}

/* Nothing but white space (ASCII or the ideographic U+3000). */
static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
			i++;
		else if (i + 2 < n && (unsigned char)s[i] == 0xe3 && (unsigned char)s[i + 1] == 0x80 &&
			 (unsigned char)s[i + 2] == 0x80)
			i += 3;
		else
			return 0;
	}
	return 1;
}

/* A reviewer's decision through the API says why, and an adjustment
 * lowers the item's amount: SPEC §5 step 8 never lets a review raise it
 * above steps 5-7's (the standard, the pool's price, the quota), and one
 * that would is refused here in words rather than stored and silently
 * capped.  (The import of SPEC §4 takes a file's reviews as they are: a
 * reason is optional there and the rules cap.)  Before the write, on the
 * connection's exact pipeline of the book; a body that is no review row
 * is left to the write, which answers its errors.  0, or 1 when answered. */
static int review_checks(struct req *r)
{
	const struct kind *k = kind_find("reviews");
	struct api_row row;
	struct api_errors errs = { NULL };
	struct buf err = BUF_INIT;
	static const char *const skip[] = { "version", "reviewer", NULL };
	int rc = 0;
	if (api_row_parse(r, k, r->json, NULL, skip, 0, NULL, NULL, &row, &errs))
		goto out;
	const struct val *reason = &row.v[kind_col(k, "reason")], *seq = &row.v[kind_col(k, "seq")];
	const struct val *action = &row.v[kind_col(k, "action")], *project = &row.v[kind_col(k, "project")];
	const struct val *price = &row.v[kind_col(k, "price")], *qty = &row.v[kind_col(k, "quantity")];
	if (reason->is_null || blank(reason->s, reason->n)) {
		api_error(r, 422, "INVALID", "reason", "%s",
			  L("请填写理由：评审意见须说明为何核减、调整或通过",
			    "give the reason: a review says why it cuts, adjusts or approves"));
		rc = 1;
		goto out;
	}
	if (action->is_null || action->n != 6 || memcmp(action->s, "adjust", 6) || seq->is_null)
		goto out;
	int found;
	struct pipeline *pl = api_pipeline(r, API_BOOK, &found, &err);
	if (!pl) {
		api_fail(r, &err);
		rc = 1;
		goto out;
	}
	const char *code = arena_strndup(&r->a, project->s, project->n);
	int32_t pi = model_find_project(&pl->m, code);
	int32_t i = pi >= 0 ? model_find_item(&pl->m, pi, (int32_t)seq->i) : -1;
	if (i < 0)
		goto out; /* the write answers it */
	/* what the rules will do with it: the price and quantity not given
	 * are those after steps 5-7 */
	struct rules_before_review was;
	rules_before_review(&pl->m, &pl->rr, pi, i, &was);
	zb_fen np = price->is_null ? was.price_fen : price->i, amount, ceiling = was.amount_fen;
	zb_qty nq = qty->is_null ? was.quantity : qty->i;
	int overflow = money_mul_qty(np, nq, &amount) != 0;
	if (overflow || amount > ceiling) {
		char a[MONEY_BUFSZ], c[MONEY_BUFSZ];
		api_error(r, 422, "INVALID", price->is_null ? "quantity" : "price_fen",
			  L("调整后金额 %s 元高于核定数 %s 元（按支出标准、议价和定额核定）：评审调整只能调减",
			    "the adjusted amount, %s yuan, is above the approved %s yuan (after the standard, the pool's "
			    "price and the quota): a review may only lower an amount"),
			  overflow ? "—" : money_format(amount, UNIT_YUAN, a), money_format(ceiling, UNIT_YUAN, c));
		rc = 1;
	}
out:
	api_row_release(&row);
	json_decref(errs.list);
	buf_release(&err);
	return rc;
}

static void record(struct req *r, const char *kind, const char *action, const char *who_col)
{
	struct record x;
	json_t *after = NULL;
	memset(&x, 0, sizeof x);
	x.r = r;
	x.k = kind_find(kind);
	x.who_col = who_col;
	x.is_reviewer = !strcmp(kind, "reviews");
	if (x.is_reviewer && review_checks(r))
		return;
	if (!api_write(r, action, "", record_fn, &x, &after))
		api_reply(r, x.is_new ? 201 : 200, after);
	api_row_release(&x.row);
	json_decref(x.errs.list);
}

void api_reviews_post(struct req *r)
{
	record(r, "reviews", "review.record", "reviewer");
}

void api_evaluations_post(struct req *r)
{
	record(r, "evaluations", "evaluation.record", "evaluator");
}

/* ?order=desc: newest first, paged with offset and searched with q, and
 * the count of what matches */
static void audit_page(struct req *r)
{
	struct api_page pg;
	struct buf err = BUF_INIT;
	int64_t total = 0;
	if (api_page_parse(r, 200, 5000, &pg))
		return;
	json_t *arr = store_audit_page(r->b, pg.offset, pg.limit, pg.q, &total, &err);
	if (!arr) {
		api_fail(r, &err);
		buf_release(&err);
		return;
	}
	api_reply(r, 200, json_pack("{s:o, s:I, s:I, s:I, s:b}", "entries", arr, "total", (json_int_t)total, "offset",
				    (json_int_t)pg.offset, "limit", (json_int_t)pg.limit, "more",
				    pg.offset + (int64_t)json_array_size(arr) < total));
}

void api_audit(struct req *r)
{
	const char *order = http_query(r, "order");
	if (order && !strcmp(order, "desc")) {
		audit_page(r);
		return;
	}
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
	json_t *arr = store_audit_list(r->b, since, limit + 1, &err);
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

/* POST /api/v1/adjustments (SPEC §12): one document, {code, kind, date,
 * trigger, reason, by, lines: [{project, seq, amount_fen}, …]}, checked
 * line by line as rows of the adjustments kind and then as a document
 * (consist_book: adopted year, a transfer sums to zero in one agency, no
 * item below zero); all its lines stored, or none.  A code already used
 * is refused (409 EXISTS): a document is not replaced through the API. */
struct adjustment {
	struct req *r;
	struct api_errors errs;
};

static int adjustment_fn(struct book *b, struct store_change *c, void *arg, struct buf *err)
{
	struct adjustment *x = arg;
	struct req *r = x->r;
	const struct kind *k = kind_find("adjustments");
	static const char *const head[] = { "code", "kind", "date", "trigger", "reason", "by" };
	const char *hv[6];
	size_t nh = 0;
	const char *hn[6];
	for (size_t i = 0; i < 6; i++) {
		json_t *v = json_object_get(r->json, head[i]);
		if (v && !json_is_null(v) && !json_is_string(v)) {
			api_error(r, 422, "INVALID", head[i], L("%s: 应为文字", "%s: must be text"), head[i]);
			return 1;
		}
		hn[nh] = head[i];
		hv[nh++] = v ? (json_is_null(v) ? "" : json_string_value(v)) : "";
	}
	json_t *lines = json_object_get(r->json, "lines");
	if (!json_is_array(lines) || !json_array_size(lines)) {
		api_error(r, 422, "INVALID", "lines", "%s",
			  L("lines: 至少一行（project、seq、amount_fen）", "lines: at least one line (project, seq, amount_fen)"));
		return 1;
	}
	const char *code = hv[0];
	if (*code) {
		const char *keys[1] = { code };
		(void)keys;
		json_t *same = api_rows_json(b, k, "code", code, err);
		if (!same)
			return -1;
		size_t n_same = json_array_size(same);
		json_decref(same);
		if (n_same) {
			api_error(r, 409, "EXISTS", "code", L("文号 %s 已录入", "document %s exists already"), code);
			return 1;
		}
	}
	size_t i;
	json_t *line;
	long n_err = 0;
	json_t *rows = json_array();
	json_array_foreach(lines, i, line)
	{
		struct api_row row;
		const char *loc = arena_printf(&r->a, "lines[%zu]", i);
		if (!json_is_object(line)) {
			api_error(r, 422, "INVALID", loc, "%s: %s", loc, L("应为对象", "must be an object"));
			json_decref(rows);
			return 1;
		}
		long e = api_row_parse(r, k, line, loc, NULL, nh, hn, hv, &row, &x->errs);
		n_err += e;
		if (!e && api_row_store(r, &row, ROW_INSERT, err)) {
			api_row_release(&row);
			json_decref(rows);
			return err->len ? -1 : 1;
		}
		if (!e) {
			const char *keys[4];
			api_row_keys(r, &row, NULL, keys);
			json_t *got = api_row_get(b, k, keys, err);
			if (!got) {
				api_row_release(&row);
				json_decref(rows);
				return -1;
			}
			json_array_append_new(rows, got);
		}
		api_row_release(&row);
	}
	if (n_err) {
		json_decref(rows);
		api_errors_reply(r, &x->errs);
		return 1;
	}
	int rc = api_row_consist(r, k, NULL, err);
	if (rc) {
		json_decref(rows);
		return rc;
	}
	c->object = code;
	c->after = json_pack("{s:s, s:o}", "code", code, "lines", rows);
	return 0;
}

void api_adjustments_post(struct req *r)
{
	struct adjustment x;
	json_t *after = NULL;
	memset(&x, 0, sizeof x);
	x.r = r;
	if (!api_write(r, "budget.adjust", "", adjustment_fn, &x, &after))
		api_reply(r, 201, after);
	json_decref(x.errs.list);
}

/* GET /api/v1/adjustments: the year's adoption and the adjustment lines as
 * stored (one row per line, amount_fen signed), for an agency user those
 * of its own projects only.  A read of the record, no sums: what the
 * current budget is comes from the reports. */
void api_adjustments_get(struct req *r)
{
	struct buf err = BUF_INIT;
	json_t *rows = api_rows_json(r->b, kind_find("adjustments"), NULL, NULL, &err);
	json_t *adopted = rows ? adoption_json(r->b, &err) : NULL;
	if (rows && adopted && r->scope_agency) {
		json_t *own = api_rows_json(r->b, kind_find("projects"), "agency", r->scope_agency, &err);
		if (!own) {
			json_decref(adopted);
			adopted = NULL;
		} else {
			json_t *mine = json_object();
			size_t i;
			json_t *p;
			json_array_foreach(own, i, p)
			{
				const char *c = json_string_value(json_object_get(p, "code"));
				if (c)
					json_object_set_new(mine, c, json_true());
			}
			json_t *kept = json_array();
			json_array_foreach(rows, i, p)
			{
				const char *c = json_string_value(json_object_get(p, "project"));
				if (c && json_object_get(mine, c))
					json_array_append(kept, p);
			}
			json_decref(own);
			json_decref(mine);
			json_decref(rows);
			rows = kept;
		}
	}
	if (!rows || !adopted) {
		json_decref(rows);
		api_fail(r, &err);
	} else {
		api_reply(r, 200, json_pack("{s:i, s:o, s:o}", "year", r->b->year, "adopted", adopted, "adjustments", rows));
	}
	buf_release(&err);
}
