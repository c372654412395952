/* test_season - the state machine of SPEC §11 as a table: every state ×
 * action × role × (last round or not) judged by season_decide against the
 * outcome worked out by hand from the spec's table.  The CLI runs the same
 * table end to end (tests/cli/t0700-season.sh); the API in test_api.c. */
#include "unit.h"
#include "season.h"

#include <string.h>

enum { AG, RV, BU, VW, AD, N_R };
static const unsigned role_bits[N_R] = { ROLE_AGENCY, ROLE_REVIEWER, ROLE_BUDGET, ROLE_VIEWER, ROLE_ADMIN };
static const char *const role_label[N_R] = { "agency", "reviewer", "budget", "viewer", "admin" };

/* outcome: a state name, "role" or "state" */
struct cell {
	const char *id;
	enum season_state from;
	int is_last; /* the agency is in the last round */
	enum season_action action;
	const char *want[N_R];
};

#define ROLE "role"
#define STATE "state"
static const struct cell cells[] = {
	{ "season-1.1", SEASON_DRAFT, 0, SEASON_SUBMIT, { "submitted", ROLE, ROLE, ROLE, ROLE } },
	{ "season-1.2", SEASON_DRAFT, 0, SEASON_RETURN, { ROLE, STATE, STATE, ROLE, ROLE } },
	{ "season-1.3", SEASON_DRAFT, 0, SEASON_ACCEPT, { ROLE, ROLE, STATE, ROLE, ROLE } },
	{ "season-1.4", SEASON_DRAFT, 0, SEASON_ISSUE, { ROLE, ROLE, STATE, ROLE, ROLE } },
	{ "season-1.5", SEASON_DRAFT, 1, SEASON_APPROVE, { ROLE, ROLE, STATE, ROLE, ROLE } },
	{ "season-1.6", SEASON_SUBMITTED, 0, SEASON_SUBMIT, { STATE, ROLE, ROLE, ROLE, ROLE } },
	{ "season-1.7", SEASON_SUBMITTED, 0, SEASON_RETURN, { ROLE, "returned", "returned", ROLE, ROLE } },
	{ "season-1.8", SEASON_SUBMITTED, 1, SEASON_RETURN, { ROLE, "returned", "returned", ROLE, ROLE } },
	{ "season-1.9", SEASON_SUBMITTED, 0, SEASON_ACCEPT, { ROLE, ROLE, "accepted", ROLE, ROLE } },
	{ "season-1.10", SEASON_SUBMITTED, 1, SEASON_APPROVE, { ROLE, ROLE, STATE, ROLE, ROLE } },
	{ "season-1.11", SEASON_RETURNED, 0, SEASON_SUBMIT, { "submitted", ROLE, ROLE, ROLE, ROLE } },
	{ "season-1.12", SEASON_RETURNED, 0, SEASON_ACCEPT, { ROLE, ROLE, STATE, ROLE, ROLE } },
	{ "season-1.13", SEASON_ACCEPTED, 0, SEASON_ISSUE, { ROLE, ROLE, "draft", ROLE, ROLE } },
	{ "season-1.14", SEASON_ACCEPTED, 1, SEASON_ISSUE, { ROLE, ROLE, STATE, ROLE, ROLE } },
	{ "season-1.15", SEASON_ACCEPTED, 0, SEASON_APPROVE, { ROLE, ROLE, STATE, ROLE, ROLE } },
	{ "season-1.16", SEASON_ACCEPTED, 1, SEASON_APPROVE, { ROLE, ROLE, "approved", ROLE, ROLE } },
	{ "season-1.17", SEASON_ACCEPTED, 1, SEASON_SUBMIT, { STATE, ROLE, ROLE, ROLE, ROLE } },
	{ "season-1.18", SEASON_ACCEPTED, 1, SEASON_RETURN, { ROLE, STATE, STATE, ROLE, ROLE } },
	{ "season-1.19", SEASON_APPROVED, 1, SEASON_SUBMIT, { STATE, ROLE, ROLE, ROLE, ROLE } },
	{ "season-1.20", SEASON_APPROVED, 1, SEASON_RETURN, { ROLE, STATE, STATE, ROLE, ROLE } },
	{ "season-1.21", SEASON_APPROVED, 1, SEASON_ACCEPT, { ROLE, ROLE, STATE, ROLE, ROLE } },
	{ "season-1.22", SEASON_APPROVED, 1, SEASON_ISSUE, { ROLE, ROLE, STATE, ROLE, ROLE } },
	{ "season-1.23", SEASON_APPROVED, 1, SEASON_APPROVE, { ROLE, ROLE, STATE, ROLE, ROLE } },
};

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		const struct cell *c = &cells[i];
		for (int r = 0; r < N_R; r++) {
			const struct season_rule *rule;
			int round = c->is_last ? 2 : 1;
			int rc = season_decide(c->from, round, 2, c->action, role_bits[r], &rule);
			const char *got = rc == SEASON_WRONG_ROLE ? ROLE : rc == SEASON_WRONG_STATE ? STATE
				: season_state_name(rule->to);
			if (strcmp(got, c->want[r]))
				fail_msg("%s %s %s as %s: %s, want %s", c->id, season_state_name(c->from),
					 season_action_name(c->action), role_label[r], got, c->want[r]);
			if (rc == SEASON_OK) {
				assert_int_equal(rule->next_round, c->action == SEASON_ISSUE);
			}
		}
	}
	/* the operator of the CLI holds agency, reviewer and budget at once */
	const struct season_rule *rule;
	assert_int_equal(season_decide(SEASON_SUBMITTED, 1, 3, SEASON_RETURN, ROLE_AGENCY | ROLE_REVIEWER | ROLE_BUDGET,
				       &rule), SEASON_OK);
	/* three rounds: round 2 is not the last, issue opens round 3 */
	assert_int_equal(season_decide(SEASON_ACCEPTED, 2, 3, SEASON_ISSUE, ROLE_BUDGET, &rule), SEASON_OK);
	assert_int_equal(season_decide(SEASON_ACCEPTED, 2, 3, SEASON_APPROVE, ROLE_BUDGET, &rule), SEASON_WRONG_STATE);
	assert_int_equal(season_decide(SEASON_ACCEPTED, 3, 3, SEASON_APPROVE, ROLE_BUDGET, &rule), SEASON_OK);
}

static void test_words(void **state)
{
	(void)state;
	static const char *const zh[] = { "编制中", "已送审", "已退回", "已审核", "已批复" };
	for (int s = 0; s < SEASON_N_STATES; s++) {
		enum season_state back;
		assert_string_equal(season_state_zh((enum season_state)s), zh[s]);
		assert_int_equal(season_state_parse(season_state_name((enum season_state)s), &back), 0);
		assert_int_equal(back, s);
	}
	for (int a = 0; a < SEASON_N_ACTIONS; a++) {
		enum season_action back;
		assert_int_equal(season_action_parse(season_action_name((enum season_action)a), &back), 0);
		assert_int_equal(back, a);
	}
	enum season_state s;
	assert_int_equal(season_state_parse("Draft", &s), -1);
	assert_int_equal(season_rounds_of(NULL), 2);
	assert_int_equal(season_rounds_of("2"), 2);
	assert_int_equal(season_rounds_of("3"), 3);
}

int main(void)
{
	lang_init("zh");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
