/* The book's file: the server's connections commit with
 * synchronous=FULL (STORE_DURABLE), the CLI's with NORMAL; a new book is
 * 0600 whatever the umask; a second writer waits the busy timeout for
 * the first, then fails as locked; writers of one process queue for the
 * book and never sleep in SQLite's busy wait. */
#include "unit.h"

#include "auth.h"
#include "db.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

static char dir[] = "/tmp/zbb-durable.XXXXXX";
static char book[256];

static void make_book(void)
{
	struct book *b;
	struct buf err = BUF_INIT;
	mode_t old = umask(0);
	assert_int_equal(store_open(book, STORE_CREATE, &b, &err), 0);
	umask(old);
	store_close(b);
	buf_release(&err);
}

static void test_server_commits_are_full(void **state)
{
	(void)state;
	struct book *b;
	struct buf err = BUF_INIT;
	assert_int_equal(store_open(book, STORE_DURABLE, &b, &err), 0);
	assert_int_equal(db_synchronous(b->db), 2); /* FULL */
	store_close(b);
	assert_int_equal(store_open(book, 0, &b, &err), 0);
	assert_int_equal(db_synchronous(b->db), 1); /* NORMAL */
	store_close(b);
	buf_release(&err);
}

static void test_new_book_is_private(void **state)
{
	(void)state;
	struct stat st;
	assert_int_equal(stat(book, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void test_second_writer_waits(void **state)
{
	(void)state;
	struct book *holder, *b;
	struct buf err = BUF_INIT;
	unsigned old = db_busy_ms;
	db_busy_ms = 300;
	assert_int_equal(store_open(book, 0, &holder, &err), 0);
	assert_int_equal(db_begin(holder->db, DB_TXN_WRITE, &err), 0);
	assert_int_equal(store_open(book, 0, &b, &err), 0);
	double t0 = now_ms();
	assert_int_not_equal(db_begin(b->db, DB_TXN_WRITE, &err), 0);
	double waited = now_ms() - t0;
	assert_true(db_is_busy(b->db));
	assert_true(waited >= 290 && waited < 2000); /* waited the timeout, then gave up */
	db_rollback(holder->db);
	buf_reset(&err);
	assert_int_equal(db_begin(b->db, DB_TXN_WRITE, &err), 0); /* free again */
	db_rollback(b->db);
	store_close(holder);
	store_close(b);
	db_busy_ms = old;
	buf_release(&err);
}

/* Four threads, each with its own connection, each take the write lock 50
 * times and hold it a millisecond: all 200 transactions commit, none
 * waited in SQLite's busy wait (it sleeps 1, 2, 5 … 100 ms between looks,
 * where the queue wakes the next writer when the last one commits). */
struct writer {
	struct book *b;
	int n_ok;
};

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	struct buf err = BUF_INIT;
	for (int i = 0; i < 50; i++) {
		if (db_begin(w->b->db, DB_TXN_WRITE, &err))
			continue;
		struct timespec ms = { 0, 1000000 };
		nanosleep(&ms, NULL);
		w->n_ok += db_commit(w->b->db, &err) == 0;
	}
	buf_release(&err);
	return NULL;
}

static void test_writers_queue(void **state)
{
	(void)state;
	pthread_t th[4];
	struct writer w[4] = { { 0 } };
	struct buf err = BUF_INIT;
	/* opened here, one after the other: the first open's recovery of the
	 * WAL index is not a writer's wait */
	for (int i = 0; i < 4; i++)
		assert_int_equal(store_open(book, 0, &w[i].b, &err), 0);
	unsigned long sleeps = db_busy_sleeps;
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, writer_main, &w[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].n_ok, 50);
	}
	assert_int_equal(db_busy_sleeps - sleeps, 0);
	for (int i = 0; i < 4; i++)
		store_close(w[i].b);
	buf_release(&err);
}

/* The password policy's list is in order (bsearch) and finds its words
 * in any case; the policy's other rules. */
static void test_password_policy(void **state)
{
	(void)state;
	struct buf err = BUF_INIT;
	assert_true(auth_password_list_sorted());
	assert_true(auth_password_is_common("12345678"));
	assert_true(auth_password_is_common("ZXCVBNM123"));
	assert_false(auth_password_is_common("budget-pass-1"));
	assert_int_equal(auth_check_password("Iloveyou", "x", &err), -1);
	assert_int_equal(auth_check_password("ffffffffffff", "x", &err), -1);
	assert_int_equal(auth_check_password("好好好好好好好好", "x", &err), -1);
	assert_int_equal(auth_check_password("Reviewer-01", "reviewer-01", &err), -1);
	assert_int_equal(auth_check_password("short", NULL, &err), -1);
	assert_int_equal(auth_check_password("ffffffffffffg", "x", &err), 0);
	assert_int_equal(auth_check_password("八个汉字组成的密码", "x", &err), 0);
	buf_release(&err);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	snprintf(book, sizeof book, "%s/book.db", dir);
	make_book();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_server_commits_are_full),
		cmocka_unit_test(test_new_book_is_private),
		cmocka_unit_test(test_second_writer_waits),
		cmocka_unit_test(test_writers_queue),
		cmocka_unit_test(test_password_policy),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd)) {
	}
	return rc;
}
