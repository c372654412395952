/*
 * draft.h - a small model for judging one draft project (POST
 * /api/v1/check): the reference lists and settings of a finished model,
 * and of the projects only those of one agency, so that the rules of SPEC
 * §5 give the draft exactly the findings they would give it in the whole
 * book.  That holds because every rule looks at one project with the
 * reference lists, its agency's headcount, its own history, reviews and
 * evaluation, and (DUPLICATE) the other projects of the same agency; none
 * looks further.  Sources are left out: no allocation runs on a draft.
 *
 * Pure: no I/O.  The copy owns its strings (copied into its arena), so
 * the source model may be released first.
 */
#ifndef ZBB_DRAFT_H
#define ZBB_DRAFT_H

#include "model.h"

/* Start out (model_init) as a copy of src's year, settings and reference
 * lists, and of the projects of agency `agency` (by code) with their rows,
 * except the project row, items and targets of `draft` (a project code):
 * the caller adds those with model_add_* and then calls model_finish.
 * The reviews, evaluations, plans, history and self-evaluations of those
 * projects and of the draft are copied from rows (NULL: src), which must
 * hold the whole book's when src does not (an agency's own model holds
 * only its projects' rows).  The agency itself is copied even when it
 * has no project. */
void draft_model_init(const struct model *src, const struct model *rows, const char *agency, const char *draft,
		      struct model *out);

/* Start out as a copy of the whole finished model base (its sources too),
 * except that the projects of each agency a (base's index) with over[a]
 * set are those of over[a] (its projects of that agency, with their items
 * and targets): a book whose agencies' newer models are kept apart (the
 * server's resident findings).  The other rows (history, reviews,
 * evaluations, plans, self-evaluations) are base's.  The projects come in
 * code order, each with its has_earlier; from, when not NULL, is given
 * out's projects' sources (the caller frees it): project p of out is
 * project from[p].project of from[p].m, which model_finish keeps.  The
 * caller calls model_finish, then draft_model_merge_finish for what the
 * store sets after it (the agencies' season rounds and control numbers).
 * The projects', items' and targets' texts that are not interned (codes,
 * names, contents, values) are not copied: out points into base's and
 * over's, so it must not outlive them (the server keeps them while the
 * pipeline made of out lives). */
struct draft_from {
	const struct model *m;
	int32_t project;
};
void draft_model_merge(const struct model *base, const struct model *const *over, struct model *out,
		       struct draft_from **from);
void draft_model_merge_finish(const struct model *base, struct model *out);

#endif
