/*
 * basic.h - basic expenditure from staff and quotas (定员定额, SPEC §13).
 *
 * For every agency with a matching quota, two generated projects:
 * {agency}-RY 人员经费 (personnel, tier wages, rigid) from the personnel
 * quotas and {agency}-GY 公用经费 (operation, tier operations) from the
 * operation quotas, with the agency's function code and no basis.  One
 * item per quota that applies (its class empty or the agency's), in quota
 * code order, seq 1, 2, …: the standard's name, economic code and unit,
 * price = the standard's max_price (the amount per head and year),
 * quantity = the count: `staff` is 定员, the headcount or the
 * establishment when that is set and smaller; `retired` the retired
 * count.  A count of 0 gives no item, an agency without items no project.
 *
 * basic_plan_make is pure (a finished model in, the plan out);
 * basic_run writes the plan into the book as one change (store_write,
 * audited as "basic"), replacing every earlier generated project of the
 * year; the projects are marked basic (store_basic_mark), so imports and
 * the API refuse to change them (re-run basic after changing staff or
 * quotas).  The plan owns its arrays (basic_plan_release).
 */
#ifndef ZBB_BASIC_H
#define ZBB_BASIC_H

#include "model.h"
#include "store.h"

struct basic_item {
	int32_t quota;   /* index into m->quotas */
	zb_qty quantity; /* the count, in 1/10000 */
};

struct basic_project {
	int32_t agency;
	enum quota_kind kind; /* QUOTA_PERSONNEL: -RY, QUOTA_OPERATION: -GY */
	char code[72];
	size_t first_item, n_items; /* into plan->items */
};

struct basic_plan {
	struct basic_project *projects;
	size_t n_projects;
	struct basic_item *items;
	size_t n_items;
};

/* 定员: the headcount, or the establishment when set and smaller. */
int64_t basic_staff(const struct agency *a);
/* The plan for every agency of m, in agency code order (RY before GY).
 * 0, or 1 with the reason in err (an agency with items but no function
 * code, or a code that would pass 64 bytes). */
int basic_plan_make(const struct model *m, struct basic_plan *p, struct buf *err);
void basic_plan_release(struct basic_plan *p);

struct basic_result {
	int64_t n_removed;   /* generated projects replaced */
	int64_t n_projects, n_items, n_agencies;
	zb_fen requested_fen; /* Σ price × quantity of the generated items */
};
/* Generate and store, as one change by who.  0; 1 when refused (err says
 * why, nothing written: the plan's reasons, a project of the same code
 * that was not generated, an amount out of range); -1 on failure. */
int basic_run(struct book *b, const char *who, struct basic_result *res, struct buf *err);
/* The same inside the caller's open write (zbb demo's one change): 0, 1
 * refused (the reason in why), -1 with err. */
int basic_in_write(struct book *b, struct basic_result *res, struct buf *why, struct buf *err);

#endif
