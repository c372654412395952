/* test_writes - every command that writes to a book leaves exactly one
 * audit entry for each change, under "cli:" + the OS user, and a refused
 * change leaves none (SPEC §12; the API's routes: test_api.c's matrix).
 *
 * The commands run in this process through dispatch(), in order, on one
 * book.  A command of the table that writes (CMD_WRITES, CMD_CREATES or
 * one of its write_subs) without a row here fails the test. */
#include "unit.h"
#include "audit.h"
#include "dispatch.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64], book[128];

struct write_row {
	const char *name, *sub; /* the command, and the subcommand that writes (or NULL) */
	const char *argv[8];
	const char *stdin_text;
	int want_exit;
	const char *action; /* the entry it leaves; NULL: none */
};

#define A(...) { __VA_ARGS__, NULL }
static const struct write_row rows[] = {
	{ "init", NULL, A("init"), NULL, 0, "book.init" },
	{ "import", NULL, A("import", "agencies", "agencies.csv"), NULL, 0, "import" },
	{ "import", NULL, A("import", "agencies", "bad.csv"), NULL, 2, NULL }, /* refused: no entry */
	{ "set", NULL, A("set", "growth", "0.07"), NULL, 0, "settings.set" },
	{ "set", NULL, A("set", "growth", "seven"), NULL, 2, NULL },
	{ "allocate", NULL, A("allocate", "--scenario", "t"), NULL, 0, "scenario.allocate" },
	{ "basic", NULL, A("basic"), NULL, 0, "basic" },
	{ "basic", NULL, A("basic", "extra"), NULL, 2, NULL }, /* bad usage: no entry */
	/* the season (SPEC §11): A1 has no projects, so it asks 0 and scenario t funds it 0 */
	{ "submit", NULL, A("submit", "A1"), NULL, 0, "season.submit" },
	{ "submit", NULL, A("submit", "A1"), NULL, 2, NULL }, /* submitted already */
	{ "return", NULL, A("return", "A1", "--opinion", "请补充依据"), NULL, 0, "season.return" },
	{ "return", NULL, A("return", "A1"), NULL, 2, NULL }, /* no opinion */
	{ "submit", NULL, A("submit", "A1"), NULL, 0, "season.submit" },
	{ "accept", NULL, A("accept", "A1"), NULL, 0, "season.accept" },
	{ "approve", NULL, A("approve", "A1"), NULL, 2, NULL }, /* round 1 of 2 */
	{ "issue", NULL, A("issue", "--round", "2"), NULL, 2, NULL }, /* no controls rows */
	{ "issue", NULL, A("issue", "--round", "2", "--scenario", "t"), NULL, 0, "season.issue" },
	{ "submit", NULL, A("submit", "A1"), NULL, 0, "season.submit" },
	{ "accept", NULL, A("accept", "A1"), NULL, 0, "season.accept" },
	{ "approve", NULL, A("approve", "A1"), NULL, 0, "season.approve" },
	{ "adopt", NULL, A("adopt", "--scenario", "nosuch"), NULL, 2, NULL }, /* no such scenario */
	{ "adopt", NULL, A("adopt", "--scenario", "t"), NULL, 2, NULL },      /* t ran before the issue: stale */
	{ "scenarios", "rm", A("scenarios", "rm", "t"), NULL, 0, "scenario.remove" },
	{ "scenarios", "rm", A("scenarios", "rm", "t"), NULL, 2, NULL }, /* gone already */
	{ "user", "add", A("user", "add", "u1", "--role", "viewer", "--password-stdin"), "a-long-password\n", 0,
	  "user.add" },
	{ "user", "add", A("user", "add", "u1", "--role", "viewer", "--password-stdin"), "a-long-password\n", 2, NULL },
	{ "user", "passwd", A("user", "passwd", "u1", "--password-stdin"), "another-password\n", 0, "user.passwd" },
	{ "user", "disable", A("user", "disable", "u1"), NULL, 0, "user.disable" },
	{ "user", "enable", A("user", "enable", "u1"), NULL, 0, "user.enable" },
	{ "user", "role", A("user", "role", "u1", "--role", "budget"), NULL, 0, "user.role" },
	{ "user", "role", A("user", "role", "u1", "--role", "boss"), NULL, 2, NULL },
	{ "demo", NULL, A("demo"), NULL, 2, NULL }, /* the book's season began (A1 approved): refused */
	/* copy writes another book (t1403-copy.sh counts its entry there); a
	 * refused one writes nothing anywhere */
	{ "copy", NULL, A("copy", "--from", "/nonexistent/zbb.db", "--to", "/nonexistent/copy.db"), NULL, 2, NULL },
	/* regions (SPEC §14); the last rows: the book has two regions after them */
	{ "region", "add", A("region", "add", "4302", "短"), NULL, 2, NULL }, /* not a code */
	{ "region", "add", A("region", "add", "430202000", "荷塘区"), NULL, 0, "region.add" },
	{ "region", "add", A("region", "add", "430202000", "荷塘区"), NULL, 2, NULL }, /* there already */
	/* serve writes only through its routes: test_api.c checks each */
	{ "serve", NULL, A(NULL), NULL, -1, NULL },
};
#define N_ROWS (sizeof rows / sizeof rows[0])

static int has_row(const char *name, const char *sub)
{
	for (size_t i = 0; i < N_ROWS; i++)
		if (!strcmp(rows[i].name, name) && (sub ? rows[i].sub && !strcmp(rows[i].sub, sub) : !rows[i].sub))
			return 1;
	return 0;
}

/* The writing commands and subcommands of t[0..n) without a row. */
static int without_row(const struct command *t, size_t n)
{
	int missing = 0;
	for (size_t i = 0; i < n; i++) {
		if ((t[i].flags & (CMD_WRITES | CMD_CREATES)) && !has_row(t[i].name, NULL)) {
			print_message("command %s writes but has no row\n", t[i].name);
			missing++;
		}
		for (const char *const *s = t[i].write_subs; s && *s; s++)
			if (!has_row(t[i].name, *s)) {
				print_message("command %s %s writes but has no row\n", t[i].name, *s);
				missing++;
			}
	}
	return missing;
}

static void test_every_writer_has_a_row(void **state)
{
	(void)state;
	assert_int_equal(without_row(commands, commands_n), 0);
	/* the check bites: one more writing subcommand fails it */
	static const char *const subs[] = { "frob", NULL };
	struct command *more = calloc(commands_n + 1, sizeof(*more));
	memcpy(more, commands, commands_n * sizeof(*more));
	more[commands_n] = (struct command){ "zzz", NULL, CMD_BOOK, subs, "zzz", "", "", "", "" };
	assert_int_equal(without_row(more, commands_n + 1), 1);
	free(more);
}

/* The book's audit log as JSON (a connection of its own). */
static json_t *entries(void)
{
	struct book *b;
	struct buf err = BUF_INIT;
	if (access(book, F_OK))
		return json_array();
	if (store_open(book, STORE_READONLY, &b, &err))
		fail_msg("%s", buf_str(&err));
	json_t *a = store_audit_list(b, 0, 0, &err);
	assert_non_null(a);
	store_close(b);
	buf_release(&err);
	return a;
}

static void write_file(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Run one command as `zbb --book BOOK --year 2026 ARGV…`, its output to
 * /dev/null and stdin from text; the exit status. */
static int run(const struct write_row *r)
{
	struct zb_opts g = { book, 2026, NULL, UNIT_WAN, NULL, book, NULL };
	char *argv[8];
	int argc = 0;
	while (r->argv[argc]) {
		argv[argc] = (char *)r->argv[argc];
		argc++;
	}
	fflush(stdout);
	fflush(stderr);
	int out = dup(1), err = dup(2), in = dup(0), null = open("/dev/null", O_WRONLY);
	dup2(null, 1);
	dup2(null, 2);
	close(null);
	char path[256];
	snprintf(path, sizeof path, "%s/stdin.txt", dir);
	write_file("stdin.txt", r->stdin_text ? r->stdin_text : "");
	int fd = open(path, O_RDONLY);
	dup2(fd, 0);
	close(fd);
	clearerr(stdin);
	int rc = dispatch(&g, argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(out, 1);
	dup2(err, 2);
	dup2(in, 0);
	close(out);
	close(err);
	close(in);
	clearerr(stdin);
	return rc;
}

static void test_one_entry_per_change(void **state)
{
	(void)state;
	const char *agencies = "code,name\nA1,市教育局\n";
	char want_hash[AUDIT_HASH_HEX];
	audit_sha256_hex(agencies, strlen(agencies), want_hash);
	write_file("agencies.csv", agencies);
	write_file("bad.csv", "code,name\nA2,\n");
	assert_int_equal(chdir(dir), 0);
	for (size_t i = 0; i < N_ROWS; i++) {
		const struct write_row *r = &rows[i];
		if (r->want_exit < 0)
			continue;
		json_t *before = entries();
		int rc = run(r);
		json_t *after = entries();
		size_t nb = json_array_size(before), na = json_array_size(after);
		if (rc != r->want_exit)
			fail_msg("writes-%zu %s %s: exit %d, want %d", i + 1, r->name, r->sub ? r->sub : "", rc, r->want_exit);
		if (na - nb != (r->action ? 1u : 0u))
			fail_msg("writes-%zu %s %s: %zu audit entries, want %d", i + 1, r->name, r->sub ? r->sub : "",
				 na - nb, r->action ? 1 : 0);
		if (r->action) {
			json_t *e = json_array_get(after, na - 1);
			assert_string_equal(json_string_value(json_object_get(e, "action")), r->action);
			assert_string_equal(json_string_value(json_object_get(e, "user")), audit_cli_user());
			assert_int_equal(strncmp(audit_cli_user(), "cli:", 4), 0);
			if (!strcmp(r->action, "import")) {
				/* the file's name, its rows and its hash */
				json_t *a = json_object_get(e, "after");
				assert_string_equal(json_string_value(json_object_get(e, "object")), "agencies");
				assert_string_equal(json_string_value(json_object_get(a, "file")), "agencies.csv");
				assert_int_equal(json_integer_value(json_object_get(a, "rows")), 1);
				assert_string_equal(json_string_value(json_object_get(a, "sha256")), want_hash);
			}
			if (!strcmp(r->action, "settings.set")) {
				json_t *b = json_object_get(e, "before"), *a = json_object_get(e, "after");
				assert_string_equal(json_string_value(json_object_get(b, "growth")), "0.05");
				assert_string_equal(json_string_value(json_object_get(a, "growth")), "0.07");
			}
		}
		json_decref(before);
		json_decref(after);
	}
	/* the chain holds over all of them */
	struct book *b;
	struct buf err = BUF_INIT;
	struct audit_check chk;
	assert_int_equal(store_open(book, STORE_READONLY, &b, &err), 0);
	assert_int_equal(store_audit_verify(b, &chk, &err), 0);
	assert_int_equal(chk.n_entries, 20); /* user enable and user role too; the refused demo none; region add */
	store_close(b);
	buf_release(&err);
}

/* writes-2 the store refuses a change that is not inside a store_write:
 * nothing can reach the book around the audit log */
static void test_no_write_around_the_log(void **state)
{
	(void)state;
	struct book *b;
	struct buf err = BUF_INIT;
	assert_int_equal(store_open(book, 0, &b, &err), 0);
	assert_int_equal(store_use_region(b, REGION_DEFAULT, &err), 0); /* the book's first region (writes-1 added one) */
	int64_t n = store_audit_count(b);
	assert_int_equal(store_setting_put(b, "growth", "0.09", &err), -1);
	assert_non_null(strstr(buf_str(&err), "outside store_write"));
	struct val v[5] = { { 0, 0, "A9", 2 }, { 0, 0, "某局", 6 }, { 1, 0, NULL, 0 }, { 0, 0, NULL, 0 }, { 1, 0, NULL, 0 } };
	assert_int_equal(store_row_put(b, kind_find("agencies"), v, STORE_UPSERT, &err), STORE_FAIL);
	assert_null(store_writer_open(b, kind_find("agencies"), 0, &err));
	assert_int_equal(store_scenario_remove(b, "base", &err), -1);
	char *g = store_setting_get(b, "growth");
	assert_string_equal(g, "0.07"); /* as set by writes-1 */
	free(g);
	assert_int_equal(store_code_exists(b, "agencies", "A9", 2), 0);
	assert_int_equal(store_audit_count(b), n);
	store_close(b);
	buf_release(&err);
}

static int setup(void **state)
{
	(void)state;
	setenv("ZBB_NOW", "2026-11-01T09:00:00Z", 1);
	lang_init("zh");
	snprintf(dir, sizeof dir, "/tmp/zbb-writes.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(book, sizeof book, "%s/book.db", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) ? 1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_writer_has_a_row),
		cmocka_unit_test(test_one_entry_per_change),
		cmocka_unit_test(test_no_write_around_the_log),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
