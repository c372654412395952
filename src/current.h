/*
 * current.h - SPEC §12: the current budget (调整后预算) of an adopted year.
 *
 * The current budget of an item is its adopted funded amount plus the sum
 * of its adjustments (调剂 transfers and 调整 adjusts).  It is computed
 * here and nowhere else: current_build takes the adopted scenario's
 * pipeline and the year's adjustment lines and gives a view of it — a
 * shallow copy whose funded amounts, draws on the sources, sources' and
 * carryovers' money left and totals are its own — that every report reads
 * as it reads a scenario (summary, agencies, disclosure).  The adopted
 * pipeline is not touched (the server shares it between requests).
 *
 * Where the money of an adjustment comes from and goes to (so that the
 * disclosure's revenue side, by budget of source, moves with the
 * expenditure side).  The documents are taken in code order, each whole:
 *  - a decrease (a negative line) frees money from the item's draws, its
 *    last draw first (so a carryover, drawn first, is freed last); freed
 *    money goes back to the money left in its source (or in the project's
 *    carryover);
 *  - an increase (a positive line) draws first on what the decreases of the
 *    same document freed, source by source in code order (so a transfer
 *    moves the money with its sources, and leaves the sources' totals as
 *    they were), then on the item's home source — the source of its first
 *    draw that is not a carryover, else the year's first general source,
 *    else its first source: out of what that source has left after the
 *    allocation, and beyond that as new money raising the source's amount
 *    (the capacity: an adjust that raises the total brings its money).
 * A decrease larger than the item holds at that point (an item raised by a
 * document coded later) is taken from its home source as a negative draw,
 * cancelled when the later increase comes; consist.c has checked that no
 * item ends below zero.  Invariant kept: capacity + carryovers − unused =
 * funded, and every item's draws sum to its funded amount.
 *
 * current_lines_load reads the lines through the store; current_build is
 * pure.  The caller owns both results (current_lines_release,
 * current_release).
 */
#ifndef ZBB_CURRENT_H
#define ZBB_CURRENT_H

#include "scenario.h"

struct current_line {
	char *code, *kind, *date, *project, *agency, *trigger, *reason, *by; /* "" when empty */
	int64_t seq;
	zb_fen amount;
};

struct current_lines {
	struct current_line *v; /* by code, project, seq (the store's order) */
	size_t n, cap;
};

/* The working year's adjustment lines.  0, or -1 with err. */
int current_lines_load(struct book *b, struct current_lines *out, struct buf *err);
void current_lines_release(struct current_lines *l);

/* The current budget: p is the view (p.view = VIEW_CURRENT); adjust[i] is
 * the sum of item i's adjustments. */
struct current {
	struct pipeline p;
	zb_fen *adjust;
};

/* Build the current view of the adopted pipeline a.  0, or -1 with err (a
 * line naming an item not in a, a total out of range, no source to draw
 * on); c is then empty. */
int current_build(const struct pipeline *a, const struct current_lines *l, struct current *c, struct buf *err);
void current_release(struct current *c);

/* The year's adopted scenario's name into out (72 bytes): 1, 0 when the
 * year is not adopted, -1 with err. */
int current_adopted_name(struct book *b, char *out, struct buf *err);

#endif
