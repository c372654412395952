/*
 * fuzz_http - requests over a socket to the real server (http.c with
 * libmicrohttpd) running in this process on a loopback port: the request
 * line's method and target (path and query, percent-encoded or not) and
 * any header lines come from the input, with the session cookie of an
 * anonymous, a budget or an agency user.  No CSRF token is ever sent, so
 * nothing is written and every input sees the same book.
 *
 * Input: byte 0 picks the session; then "METHOD TARGET", then optional
 * header lines after '\n'.  Invariants: an answer always comes within
 * 25 s (the client has closed its side, so a server waiting for more
 * would hold on until its 30 s idle timeout).  The "stalls" seen before
 * (no answer "within 25 s" after a second or two, now and then) were
 * libFuzzer's own SIGALRM interrupting recv (EINTR), which this harness
 * took for the server's timeout; it now waits on through EINTR up to the
 * 25 s, and tests/cli/t0900-fuzz.sh runs it with an alarm every second.
 * The answer is never a 500, and every answer of the dispatcher carries the
 * security headers (Content-Security-Policy, nosniff).
 */
#include "auth.h"
#include "fuzz.h"
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static struct http_server *srv;
static int port;
static char cookies[3][AUTH_TOKEN_HEX];
static char dir[64];
static long n_reset;

static void cleanup(void)
{
	char cmd[96];
	http_stop(srv);
	if (n_reset)
		fprintf(stderr, "fuzz_http: %ld connections reset without an answer\n", n_reset);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct book *seed = fuzz_seed_book(), *b;
	struct buf err = BUF_INIT;
	char path[128];
	snprintf(dir, sizeof dir, "/tmp/zbb-fuzz-http.XXXXXX");
	if (!mkdtemp(dir))
		fuzz_fail("mkdtemp");
	snprintf(path, sizeof path, "%s/book.db", dir);
	if (store_open(path, STORE_CREATE, &b, &err))
		fuzz_fail("%s", buf_str(&err));
	fuzz_restore(b, seed);
	store_close(seed);
	if (auth_user_add(b, "fuzz", "bud", ROLE_BUDGET, NULL, "password-1", &err) ||
	    auth_user_add(b, "fuzz", "ag1", ROLE_AGENCY, "A1", "password-1", &err))
		fuzz_fail("%s", buf_str(&err));
	static const char *const names[] = { "bud", "ag1" };
	for (int i = 0; i < 2; i++) {
		struct session s;
		int64_t retry;
		if (auth_login(b, names[i], "password-1", &s, cookies[i + 1], &retry, &err) != LOGIN_OK)
			fuzz_fail("login %s: %s", names[i], buf_str(&err));
	}
	store_close(b);
	if (http_start(path, 0, "127.0.0.1:0", 2, &srv, &err))
		fuzz_fail("%s", buf_str(&err));
	port = http_port(srv);
	atexit(cleanup);
	buf_release(&err);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 8192)
		return 0;
	struct buf q = BUF_INIT, in = BUF_INIT;
	const char *s = (const char *)data + 1;
	size_t n = size - 1, line = 0;
	while (line < n && s[line] != '\n')
		line++;
	buf_add(&q, s, line);
	buf_adds(&q, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
	if (cookies[data[0] % 3][0])
		buf_printf(&q, "Cookie: zbb_session=%s\r\n", cookies[data[0] % 3]);
	for (size_t i = line + 1; i < n; i++) {
		if (s[i] == '\n')
			buf_addc(&q, '\r');
		buf_addc(&q, s[i]);
	}
	if (line < n)
		buf_adds(&q, "\r\n");
	buf_adds(&q, "\r\n");
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { 0 };
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct timeval tv = { 25, 0 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	/* close with a reset: thousands of connections a second must not
	 * leave the client's ports in TIME_WAIT */
	struct linger lg = { 1, 0 };
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	int tries = 0;
	while (connect(fd, (struct sockaddr *)&a, sizeof a)) {
		if (++tries == 50)
			fuzz_fail("connect: %s", strerror(errno));
		usleep(20000);
	}
	size_t off = 0;
	while (off < q.len) {
		ssize_t k = send(fd, q.s + off, q.len - off, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		off += (size_t)k;
	}
	shutdown(fd, SHUT_WR);
	char tmp[8192];
	ssize_t k;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		k = recv(fd, tmp, sizeof tmp, 0);
		if (k > 0) {
			buf_add(&in, tmp, (size_t)k);
			continue;
		}
		/* libFuzzer's SIGALRM (every -timeout/2+1 s, installed without
		 * SA_RESTART) interrupts a recv that waits: not the server's
		 * silence, which is only 25 s of it */
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (k < 0 && errno == EINTR && t1.tv_sec - t0.tv_sec < 25)
			continue;
		break;
	}
	if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		fuzz_fail("no answer within 25 s (%lld s) to:\n%s", (long long)(t1.tv_sec - t0.tv_sec), buf_str(&q));
	if (k < 0) {
		/* a reset: the server closed a connection it would not serve (at
		 * its limit of connections per address, say) - no stall; counted
		 * and said at the end, it was told as one before */
		n_reset++;
		in.len = 0;
	}
	close(fd);
	int status = 0;
	if (in.len && sscanf(buf_str(&in), "HTTP/1.%*d %d", &status) != 1)
		fuzz_fail("not an HTTP answer: %.80s", buf_str(&in));
	if (status == 500)
		fuzz_fail("500 for:\n%s\n%s", buf_str(&q), buf_str(&in));
	/* the dispatcher's answers are JSON or assets; libmicrohttpd answers
	 * malformed requests itself (400, 413, 414, 431, 505) */
	const char *body = strstr(buf_str(&in), "\r\n\r\n");
	int ours = body && (strstr(body, "{\"error\"") == body + 4 || status == 200 || status == 405);
	if (ours && (!strstr(buf_str(&in), "\r\nContent-Security-Policy: default-src 'self'; script-src 'self'; "
						 "frame-ancestors 'none'\r\n") ||
		     !strstr(buf_str(&in), "\r\nX-Content-Type-Options: nosniff\r\n")))
		fuzz_fail("security headers missing:\n%s", buf_str(&in));
	buf_release(&q);
	buf_release(&in);
	return 0;
}
