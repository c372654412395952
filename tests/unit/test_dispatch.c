/* test_dispatch - the command table is sorted (command_find bisects) and
 * every row documents itself. */
#include "unit.h"
#include "dispatch.h"

#include <string.h>

static void test_sorted(void **state)
{
	(void)state;
	for (size_t i = 1; i < commands_n; i++)
		if (strcmp(commands[i - 1].name, commands[i].name) >= 0)
			fail_msg("command table not sorted at %s, %s", commands[i - 1].name, commands[i].name);
	for (size_t i = 0; i < commands_n; i++) {
		assert_ptr_equal(command_find(commands[i].name), &commands[i]);
		assert_non_null(commands[i].usage);
		assert_true(strlen(commands[i].zh) > 0 && strlen(commands[i].en) > 0);
	}
	assert_null(command_find("nosuch"));
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_sorted) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
