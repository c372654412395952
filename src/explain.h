/*
 * explain.h - how an item's amount came about (SPEC §6.5), as one JSON
 * document: the rules' steps from the requested to the approved amount,
 * then the allocation's part (the package, its turn, the money open to it
 * when its turn came, what it drew from where, the decision).  `zbb
 * explain --format json` prints it, GET /api/v1/explain answers it, and
 * the CLI's text is explain_text of it: there is one builder.
 *
 * The document (money in fen, exact decimals as strings):
 *   {project, name, agency, agency_name, scenario, tier, ranked_as,
 *    warnings: [{code, severity, message}]   project-level warnings, once
 *    items: [{seq, content, economic, standard, price_fen, quantity, unit,
 *             requested_fen, approved_fen,
 *             steps: [{code, severity, before_fen, after_fen, effect_fen,
 *                      message, project_level}],
 *             allocation: {scenario, funded_fen, status,
 *                          package: {tier, level, amount_fen, turn, packages,
 *                                    carryover_left_fen, earmarked_left_fen,
 *                                    general_left_fen, decision},
 *                          draws: [{source, source_name, amount_fen}]}}],
 *    totals: {requested_fen, approved_fen, funded_fen}}
 * package and draws are absent for an item approved at nothing (it is in
 * no package); a draw's source "" is the project's own carryover.
 * Messages are in the user's language.  Pure: no I/O but explain_text's.
 */
#ifndef ZBB_EXPLAIN_H
#define ZBB_EXPLAIN_H

#include <jansson.h>
#include <stdio.h>
#include "scenario.h"

/* The document for project (an index of p's model) and one of its items
 * (an index, or -1 for all of them).  NULL with err on failure; the
 * caller owns it. */
json_t *explain_json(const struct pipeline *p, int32_t project, int32_t item, struct buf *err);
/* The document as `zbb explain` prints it (amounts in yuan). */
void explain_text(const json_t *doc, FILE *out);

#endif
