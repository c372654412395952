/*
 * consist.c - the consistency rules of SPEC §4 beyond one row (see
 * consist.h).  No SQL here: the rows come from the store's reads.
 */
#include "consist.h"
#include "money.h"
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
		struct consist_error e = { "items", project, NULL, "quantity", buf_str(&m) };
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
	struct consist_error e = { "prices", pool, standard, "standard", buf_str(&m) };
	p->fn(&e, p->arg);
	buf_release(&m);
	p->n_errors++;
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
			struct consist_error e = { "items", NULL, NULL, "quantity",
						   L("全部项目的申报总额超出金额范围", "the book's requested total is out of range") };
			fn(&e, arg);
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
	return n;
}
