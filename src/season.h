/*
 * season.h - the budget season of SPEC §11 (三上三下): each agency's year
 * has a round and a state, moved only by the transitions of one table
 * (season_rules) and only by the roles it names.  The CLI (cmd_season.c)
 * and the API (api_season.c) both call season_act / season_issue, so a
 * transition is judged, refused and recorded in exactly one way.
 *
 * The table is state × action → roles, condition, new state:
 *
 *   draft     submit   agency              → submitted
 *   returned  submit   agency              → submitted
 *   submitted return   reviewer, budget    → returned   (an opinion is required)
 *   submitted accept   budget              → accepted
 *   accepted  issue    budget, not last    → draft of the next round (its control number)
 *   accepted  approve  budget, last round  → approved
 *
 * A transition is one store_write: the agency's new state (its version
 * + 1), one season event (who, when, from, to, the opinion), for submit a
 * snapshot of the agency's requested items, and one audit entry
 * "season.ACTION" on the agency (before and after: its state).  A refusal
 * changes nothing and says why, naming the state.
 *
 * Memory: results are JSON the caller owns; messages go to the caller's
 * buffer in the user's language.
 */
#ifndef ZBB_SEASON_H
#define ZBB_SEASON_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "store.h"

enum season_state { SEASON_DRAFT, SEASON_SUBMITTED, SEASON_RETURNED, SEASON_ACCEPTED, SEASON_APPROVED, SEASON_N_STATES };
enum season_action { SEASON_SUBMIT, SEASON_RETURN, SEASON_ACCEPT, SEASON_ISSUE, SEASON_APPROVE, SEASON_N_ACTIONS };
/* When a rule applies: in any round, before the last round, in the last. */
enum season_when { SEASON_ANY_ROUND, SEASON_NOT_LAST, SEASON_LAST };

struct season_rule {
	enum season_state from;
	enum season_action action;
	unsigned roles; /* ROLE_* bits (store.h) */
	enum season_when when;
	enum season_state to;
	int next_round; /* 1: the transition opens the next round */
};
extern const struct season_rule season_rules[];
extern const size_t season_rules_n;

/* "draft" …; the Chinese word (编制中 …) and the user-language word. */
const char *season_state_name(enum season_state s);
const char *season_state_zh(enum season_state s);
const char *season_state_word(enum season_state s);
const char *season_action_name(enum season_action a);
const char *season_action_word(enum season_action a);
int season_state_parse(const char *s, enum season_state *out);
int season_action_parse(const char *s, enum season_action *out);
/* The rounds of the season from the `rounds` setting text (2 or 3; NULL: 2). */
int season_rounds_of(const char *setting);

/* Refusals (positive) of season_decide, season_act and season_issue. */
enum {
	SEASON_OK = 0,
	SEASON_WRONG_STATE = 1, /* API 409 STATE */
	SEASON_WRONG_ROLE,      /* 403 */
	SEASON_NOT_FOUND,       /* 404: no such agency (or another agency's, for an agency user) */
	SEASON_STALE,           /* 409: the version read is not the agency's */
	SEASON_INVALID,         /* 422: a missing opinion, an unknown project … */
	SEASON_OVER_CONTROL,    /* 409: submit above the control number */
	SEASON_NO_ITEMS,        /* 409: submit with a project without items */
};
/* The rule for this state, round and action, judged for roles: SEASON_OK
 * (*rule set), SEASON_WRONG_ROLE (a rule exists but not for these roles,
 * or these roles never take this action), or SEASON_WRONG_STATE. */
int season_decide(enum season_state from, int round, int rounds, enum season_action a, unsigned roles,
		  const struct season_rule **rule);

/* Who acts: the audit name, the roles (the CLI without --as has all the
 * roles of the bureau's operator), an agency user's agency (else NULL). */
struct season_actor {
	const char *who;
	unsigned roles;
	const char *agency;
};

struct season_request {
	const char *agency;
	enum season_action action;
	const char *opinion;            /* return: required */
	const char *const *projects;    /* return: the projects the opinion concerns (may be none) */
	size_t n_projects;
	int64_t version;                /* the agency's version read, -1: not checked */
	int round;                      /* issue: the round (0: the next) */
	const char *scenario;           /* issue: the control number from this scenario's funding */
};

/* One transition of one agency, as one store_write.  SEASON_OK with the
 * agency's new state in *result (JSON, the caller's); a refusal with its
 * message in msg; -1 on a storage failure (msg says why). */
int season_act(struct book *b, const struct season_actor *a, const struct season_request *q, json_t **result,
	       struct buf *msg);
/* `issue --round R [--scenario S]`: every agency accepted in round R−1
 * opens round R with its control number (from the controls rows of round
 * R, or the scenario's funded amount per agency), as one store_write
 * audited "season.issue".  Refused while any agency of round R−1 is not
 * yet accepted, or when one has no control number.  Same returns. */
int season_issue(struct book *b, const struct season_actor *a, int round, const char *scenario, json_t **result,
		 struct buf *msg);

/* The agencies' states as JSON: [{agency, name, round, rounds, state,
 * state_zh, version, changed, control_fen, requested_fen, opinions: [...]}]
 * (one agency's, or all when NULL).  NULL with err on failure. */
json_t *season_json(struct book *b, const char *agency, struct buf *err);

/* The `rounds` report (SPEC §11): per agency and round, the requested
 * total its last submit of the round sent, the control number, the state
 * in that round, the dates (first submit, last return, accepted, the
 * control number issued, approved) and the opinions.  Into t (initialised
 * here; the caller frees it).  0, or -1 with err. */
struct table;
int season_rounds_table(struct book *b, struct table *t, struct buf *err);
/* The ledger with each item's amount in each round's snapshot (the last
 * submit of the round: 一上数 "round_1", 二上数 "round_2" …) after its
 * "requested" row.  t is the ledger of report_build, rebuilt in place. */
int season_ledger_snapshots(struct book *b, struct table *t, struct buf *err);

/* Whether an agency user may create, edit and delete the agency's
 * projects, items and targets now (SPEC §11: in draft or returned): 1;
 * 0 with the reason naming the state in msg; -1 with err. */
int season_agency_open(struct book *b, const char *agency, struct buf *msg, struct buf *err);

#endif
