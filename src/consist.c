/*
 * consist.c - the consistency rules of SPEC §4 beyond one row (see
 * consist.h).  No SQL here: the rows come from the store's reads.
 */
#include "consist.h"
#include "money.h"
#include "scenario.h"
#include "util.h"

#include <string.h>

static int is_kind(const struct kind *k, const char *name)
{
	return !strcmp(k->name, name);
}

void consist_row(const struct kind *k, const struct val *v, int year, struct kind_sink *s)
{
	int c = kind_col(k, "year");
	if (c < 0 || v[c].is_null)
		return;
	int64_t y = v[c].i;
	if ((is_kind(k, "history") || is_kind(k, "selfevals")) && y >= year)
		kind_error(s, "year", L("年度 %lld 应早于预算年度 %d（记录的是以前年度）",
					"year %lld must be before the budget year %d (past years only)"),
			   (long long)y, year);
	else if (is_kind(k, "plans") && y < year)
		kind_error(s, "year", L("年度 %lld 早于预算年度 %d（规划的是预算年度及以后）",
					"year %lld is before the budget year %d (plans are for the budget year on)"),
			   (long long)y, year);
}

struct totals {
	consist_fn fn;
	void *arg;
	zb_fen book;
	int n_errors, book_overflow;
};

static int on_total(const char *project, zb_fen total, int overflow, void *arg)
{
	struct totals *t = arg;
	if (overflow) {
		struct buf m = BUF_INIT;
		buf_printf(&m, L("项目 %s 的申报总额（各明细单价×数量之和）超出金额范围",
				 "project %s: its requested total (Σ price × quantity of its items) is out of range"),
			   project);
		struct consist_error e = { "items", project, NULL, "quantity", buf_str(&m), 0 };
		t->fn(&e, t->arg);
		buf_release(&m);
		t->n_errors++;
	} else if (!t->book_overflow && money_add(t->book, total, &t->book)) {
		t->book_overflow = 1;
	}
	return 0;
}

struct prices {
	consist_fn fn;
	void *arg;
	int n_errors;
};

static int on_price(const char *pool, const char *standard, const char *economic, const char *prefixes, void *arg)
{
	struct prices *p = arg;
	const char *s = prefixes ? prefixes : "";
	for (;;) {
		size_t n = strcspn(s, ";");
		if (n && economic && !strncmp(economic, s, n))
			return 0;
		if (!s[n])
			break;
		s += n + 1;
	}
	struct buf m = BUF_INIT;
	buf_printf(&m, L("支出标准 %s 的经济分类 %s 不在统筹类别 %s 的经济分类前缀（%s）之内",
			 "standard %s: its economic code %s is not in the prefixes of pool %s (%s)"),
		   standard, economic ? economic : "", pool, prefixes ? prefixes : "");
	struct consist_error e = { "prices", pool, standard, "standard", buf_str(&m), 0 };
	p->fn(&e, p->arg);
	buf_release(&m);
	p->n_errors++;
	return 0;
}

/* --- adjustments (SPEC §12) ------------------------------------------------ */

struct adj_line {
	char *code, *kind, *date, *project, *agency;
	int64_t seq;
	zb_fen amount;
};

struct adj_rows {
	struct adj_line *v;
	size_t n, cap;
};

static int on_adjustment(const struct store_adjustment *a, void *arg)
{
	struct adj_rows *r = arg;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	struct adj_line *l = &r->v[r->n++];
	l->code = xstrdup(a->code);
	l->kind = xstrdup(a->kind);
	l->date = xstrdup(a->date);
	l->project = xstrdup(a->project);
	l->agency = xstrdup(a->agency ? a->agency : "");
	l->seq = a->seq;
	l->amount = a->amount_fen;
	return 0;
}

static void adj_error(consist_fn fn, void *arg, const struct adj_line *l, const char *col, const char *msg)
{
	struct consist_error e = { "adjustments", l->code, l->project, col, msg, l->seq };
	fn(&e, arg);
}

/* The item's adopted funded amount in p, or -1 when it is not an item of
 * the adopted budget. */
static zb_fen adopted_funded(const struct pipeline *p, const char *project, int64_t seq)
{
	for (size_t i = 0; i < p->m.n_items; i++) {
		const struct item *it = &p->m.items[i];
		if (it->seq == seq && !strcmp(it->project_code, project))
			return p->ar.funded[i];
	}
	return -1;
}

static int consist_adjustments(struct book *b, consist_fn fn, void *arg, struct buf *err)
{
	struct store_adoption ad;
	int adopted = store_adoption_get(b, b->year, &ad, err);
	if (adopted < 0)
		return -1;
	struct adj_rows r = { 0 };
	int n = 0;
	if (store_adjustments_each(b, on_adjustment, &r, err) < 0) {
		n = -1;
		goto out;
	}
	if (!r.n)
		goto out;
	if (!adopted) {
		struct buf m = BUF_INIT;
		buf_printf(&m, L("%d 年度预算尚未批复（zbb adopt --scenario S），批复后才能录入预算调整",
				 "the %d budget is not adopted yet (zbb adopt --scenario S): adjustments come after adoption"),
			   b->year);
		adj_error(fn, arg, &r.v[0], "code", buf_str(&m));
		buf_release(&m);
		n = 1;
		goto out;
	}
	struct pipeline p;
	int orc = scenario_open_record(b, ad.scenario, 0, &p, err);
	if (orc) {
		if (orc > 0)
			buf_printf(err, L("找不到批复的场景 %s", "the adopted scenario %s is missing"), ad.scenario);
		n = -1;
		goto out;
	}
	char a1[MONEY_BUFSZ], a2[MONEY_BUFSZ];
	/* each document: one kind and date; a transfer sums to zero in one agency */
	for (size_t i = 0, j; i < r.n; i = j) {
		zb_fen sum = 0;
		int overflow = 0;
		for (j = i; j < r.n && !strcmp(r.v[j].code, r.v[i].code); j++) {
			const struct adj_line *l = &r.v[j];
			if (strcmp(l->kind, r.v[i].kind) && (n++, 1))
				adj_error(fn, arg, l, "kind", L("同一文号的各行调整类型应相同", "the lines of one document share its kind"));
			else if (strcmp(l->date, r.v[i].date) && (n++, 1))
				adj_error(fn, arg, l, "date", L("同一文号的各行日期应相同", "the lines of one document share its date"));
			else if (!strcmp(l->kind, "transfer") && strcmp(l->agency, r.v[i].agency) && (n++, 1)) {
				struct buf m = BUF_INIT;
				buf_printf(&m, L("预算调剂只在同一单位内进行：项目 %s 属于 %s，本文号第一行的项目属于 %s",
						 "a transfer stays within one agency: project %s is of %s, the document's first line of %s"),
					   l->project, l->agency, r.v[i].agency);
				adj_error(fn, arg, l, "project", buf_str(&m));
				buf_release(&m);
			}
			if (money_add(sum, l->amount, &sum))
				overflow = 1;
		}
		if (overflow) {
			adj_error(fn, arg, &r.v[i], "amount", L("调整金额之和超出金额范围", "the document's total is out of range"));
			n++;
		} else if (!strcmp(r.v[i].kind, "transfer") && sum != 0) {
			struct buf m = BUF_INIT;
			buf_printf(&m, L("预算调剂 %s 各行金额之和应为零，实为 %s 元", "transfer %s: its lines sum to %s yuan, not zero"),
				   r.v[i].code, money_format_plain(sum, a1));
			adj_error(fn, arg, &r.v[i], "amount", buf_str(&m));
			buf_release(&m);
			n++;
		}
	}
	/* each item: adopted funded + every adjustment of it, never below zero */
	for (size_t i = 0; i < r.n; i++) {
		const struct adj_line *l = &r.v[i];
		int first = 1;
		for (size_t k = 0; k < i && first; k++)
			if (r.v[k].seq == l->seq && !strcmp(r.v[k].project, l->project))
				first = 0;
		if (!first)
			continue;
		zb_fen base = adopted_funded(&p, l->project, l->seq);
		if (base < 0) {
			struct buf m = BUF_INIT;
			buf_printf(&m, L("项目 %s 第 %lld 条明细不在批复的预算（场景 %s）之中",
					 "project %s item %lld is not in the adopted budget (scenario %s)"),
				   l->project, (long long)l->seq, ad.scenario);
			adj_error(fn, arg, l, "seq", buf_str(&m));
			buf_release(&m);
			n++;
			continue;
		}
		zb_fen cur = base;
		int overflow = 0;
		const struct adj_line *last = l;
		for (size_t k = i; k < r.n; k++)
			if (r.v[k].seq == l->seq && !strcmp(r.v[k].project, l->project)) {
				if (money_add(cur, r.v[k].amount, &cur))
					overflow = 1;
				last = &r.v[k];
			}
		if (overflow || cur < 0) {
			struct buf m = BUF_INIT;
			if (overflow)
				buf_printf(&m, "%s", L("调整后的预算超出金额范围", "the current budget is out of range"));
			else
				buf_printf(&m, L("项目 %s 第 %lld 条明细批复 %s 元，调整后为 %s 元，不能低于零",
						 "project %s item %lld: adopted %s yuan, %s yuan after the adjustments: below zero"),
					   l->project, (long long)l->seq, money_format_plain(base, a1), money_format_plain(cur, a2));
			adj_error(fn, arg, last, "amount", buf_str(&m));
			buf_release(&m);
			n++;
		}
	}
	pipeline_release(&p);
out:
	for (size_t i = 0; i < r.n; i++) {
		free(r.v[i].code);
		free(r.v[i].kind);
		free(r.v[i].date);
		free(r.v[i].project);
		free(r.v[i].agency);
	}
	free(r.v);
	return n;
}

static void book_overflow(consist_fn fn, void *arg)
{
	struct consist_error e = { "items", NULL, NULL, "quantity",
				   L("全部项目的申报总额超出金额范围", "the book's requested total is out of range"), 0 };
	fn(&e, arg);
}

int consist_project(struct book *b, const char *project, consist_fn fn, void *arg, struct buf *err)
{
	zb_fen total;
	int over, book_over;
	if (store_project_check_total(b, project, &total, &over, &book_over, err))
		return -1;
	if (over) {
		struct totals t = { fn, arg, 0, 0, 0 };
		on_total(project, total, 1, &t);
		return 1;
	}
	if (book_over) {
		book_overflow(fn, arg);
		return 1;
	}
	return 0;
}

int consist_book(struct book *b, const struct kind *k, consist_fn fn, void *arg, struct buf *err)
{
	int n = 0;
	if (is_kind(k, "items")) {
		struct totals t = { fn, arg, 0, 0, 0 };
		if (store_project_totals(b, on_total, &t, err) < 0)
			return -1;
		if (t.book_overflow && !t.n_errors) {
			book_overflow(fn, arg);
			t.n_errors++;
		}
		n += t.n_errors;
	}
	if (is_kind(k, "prices") || is_kind(k, "pools") || is_kind(k, "standards")) {
		struct prices p = { fn, arg, 0 };
		if (store_prices_each(b, on_price, &p, err) < 0)
			return -1;
		n += p.n_errors;
	}
	if (is_kind(k, "adjustments")) {
		int a = consist_adjustments(b, fn, arg, err);
		if (a < 0)
			return -1;
		n += a;
	}
	return n;
}
