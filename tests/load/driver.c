/*
 * driver.c - the load driver of tests/load/demo.sh: agency sessions on
 * loopback, one thread and one keep-alive connection each, requesting
 * what the agency pages request with no pause between requests, and
 * optionally big downloads beside them.  Latencies of reads, writes and
 * downloads are kept apart; every acknowledged write is logged.
 *
 *   driver PORT DIR SECONDS [WRITE_EVERY [DOWNLOADS [DOWNLOAD_PATH]]]
 *
 * DIR/sessions.txt: one session a line, "COOKIE CSRF AGENCY W P"; DIR/body-N.json
 * the N-th session's PUT body of its project W, with -77777 for the version
 * and -88888 for the first item's price.  Each session cycles through its
 * reads (/me, its agency's project list, projects W and P, its agency's
 * findings, explain of W, reports agencies and cuts) and after every
 * WRITE_EVERY reads (4; 0: never) writes W with the version its last answer
 * gave.  Acknowledged writes go to DIR/acked.log as "CODE VERSION".
 * DOWNLOADS threads (0) fetch DOWNLOAD_PATH in turn as the session whose cookie
 * is $ZBB_DOWNLOAD_COOKIE (else the first).
 * Prints the figures and a RESULT line; exit 0 unless it could not run.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct session {
	char cookie[80], csrf[80], agency[64], w[64], p[64];
	char *body;
	long version;
};

struct lat {
	int64_t *v;
	size_t n, cap;
};

struct worker {
	struct session *s;
	int is_download;
	struct lat reads, writes, downloads;
	struct lat kind[8]; /* reads by page request (ZBB_LOAD_KINDS=1 prints them) */
	int64_t sec_max[64];  /* the slowest read begun in each second of the run (the same) */
	long n_ok, n_conflict, n_other, n_sockerr, n_read, n_write;
	char other[400];
	char (*acked)[96];
	size_t n_acked, cap_acked;
};

static int port;
static int64_t started, deadline;
static int write_every = 4;
static const char *download_path = "/api/v1/reports/ledger?format=xlsx";

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void lat_add(struct lat *l, int64_t us)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 1024;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v)
			abort();
	}
	l->v[l->n++] = us;
}

static int connect_to(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	struct timeval tv = { .tv_sec = 30 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (connect(fd, (struct sockaddr *)&a, sizeof a)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* A response read whole: status, body (NUL-terminated, malloc'd). */
struct resp {
	char *buf;
	size_t n, cap;
	int status;
	char *body;
	size_t body_n;
};

static int fill(int fd, struct resp *r)
{
	if (r->cap - r->n < 65536) {
		r->cap = r->cap * 2 + 65536;
		r->buf = realloc(r->buf, r->cap + 1);
		if (!r->buf)
			abort();
	}
	ssize_t k = recv(fd, r->buf + r->n, r->cap - r->n, 0);
	if (k <= 0)
		return -1;
	r->n += (size_t)k;
	r->buf[r->n] = 0;
	return 0;
}

static int read_resp(int fd, struct resp *r)
{
	r->n = 0;
	char *hend;
	for (;;) {
		if (r->buf && (hend = strstr(r->buf, "\r\n\r\n")))
			break;
		if (fill(fd, r))
			return -1;
	}
	*hend = 0;
	r->status = atoi(r->buf + 9);
	size_t hlen = (size_t)(hend - r->buf) + 4;
	char *cl = strcasestr(r->buf, "\r\nContent-Length:");
	int chunked = strcasestr(r->buf, "\r\nTransfer-Encoding: chunked") != NULL;
	if (cl) {
		size_t want = strtoul(cl + 17, NULL, 10);
		while (r->n < hlen + want)
			if (fill(fd, r))
				return -1;
		r->body = r->buf + hlen;
		r->body_n = want;
		r->body[want] = 0; /* nothing follows: one request in flight */
		return 0;
	}
	if (!chunked)
		return -1;
	/* chunked: decode in place after the headers */
	size_t at = hlen, out = hlen;
	for (;;) {
		char *eol;
		while (!(eol = strstr(r->buf + at, "\r\n")))
			if (fill(fd, r))
				return -1;
		size_t len = strtoul(r->buf + at, NULL, 16);
		size_t data = (size_t)(eol - r->buf) + 2;
		while (r->n < data + len + 2)
			if (fill(fd, r))
				return -1;
		memmove(r->buf + out, r->buf + data, len);
		out += len;
		at = data + len + 2;
		if (!len)
			break;
	}
	r->body = r->buf + hlen;
	r->body_n = out - hlen;
	r->buf[out] = 0;
	return 0;
}

/* One request on the worker's connection (reconnecting once if the
 * server closed it); 0 with r filled, -1 on a socket error. */
static int exchange(int *fd, const char *method, const char *path, const struct session *s, const char *body,
		    struct resp *r)
{
	size_t bn = body ? strlen(body) : 0;
	char *req;
	int n = asprintf(&req,
			 "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: zbb_session=%s\r\n%s%s%s"
			 "Content-Length: %zu\r\n\r\n",
			 method, path, s->cookie, body ? "X-CSRF-Token: " : "", body ? s->csrf : "",
			 body ? "\r\nContent-Type: application/json\r\nSec-Fetch-Site: same-origin\r\n" : "", bn);
	if (n < 0)
		abort();
	for (int attempt = 0; attempt < 2; attempt++) {
		r->n = 0;
		if (*fd < 0 && (*fd = connect_to()) < 0)
			break;
		if (!send_all(*fd, req, (size_t)n) && (!bn || !send_all(*fd, body, bn)) && !read_resp(*fd, r)) {
			if (strcasestr(r->buf, "\r\nConnection: close")) {
				close(*fd);
				*fd = -1;
			}
			free(req);
			return 0;
		}
		close(*fd);
		*fd = -1;
		if (attempt == 0 && r->n)
			break; /* an answer cut short is an error, not a closed idle connection */
	}
	free(req);
	return -1;
}

static void note_other(struct worker *w, const char *path, const struct resp *r)
{
	w->n_other++;
	size_t k = strlen(w->other);
	if (k < sizeof w->other - 200)
		snprintf(w->other + k, sizeof w->other - k, "%d %s %.100s\n", r->status, path, r->body ? r->body : "");
}

static char *write_body(const struct session *s)
{
	char v[32], p[32];
	snprintf(v, sizeof v, "%ld", s->version);
	snprintf(p, sizeof p, "%ld", 1000 + s->version);
	size_t cap = strlen(s->body) + 64;
	char *out = malloc(cap), *o = out;
	for (const char *b = s->body; *b;) {
		if (!strncmp(b, "-77777", 6)) {
			o = stpcpy(o, v);
			b += 6;
		} else if (!strncmp(b, "-88888", 6)) {
			o = stpcpy(o, p);
			b += 6;
		} else {
			*o++ = *b++;
		}
	}
	*o = 0;
	return out;
}

static void *run(void *arg)
{
	struct worker *w = arg;
	struct session *s = w->s;
	struct resp r = { 0 };
	int fd = -1;
	char path[256];
	for (long k = 0; now_us() < deadline; k++) {
		int64_t t0 = now_us();
		if (w->is_download) {
			if (exchange(&fd, "GET", download_path, s, NULL, &r)) {
				w->n_sockerr++;
				continue;
			}
			lat_add(&w->downloads, now_us() - t0);
			if (r.status != 200)
				note_other(w, download_path, &r);
			continue;
		}
		if (write_every && k % (write_every + 1) == write_every) {
			char *body = write_body(s);
			snprintf(path, sizeof path, "/api/v1/projects/%s", s->w);
			w->n_write++;
			int rc = exchange(&fd, "PUT", path, s, body, &r);
			free(body);
			if (rc) {
				w->n_sockerr++;
				continue;
			}
			lat_add(&w->writes, now_us() - t0);
			const char *v = strstr(r.body, "\"version\":");
			if (r.status == 200 && v) {
				w->n_ok++;
				s->version = strtol(v + 10, NULL, 10);
				if (w->n_acked == w->cap_acked) {
					w->cap_acked = w->cap_acked ? 2 * w->cap_acked : 256;
					w->acked = realloc(w->acked, w->cap_acked * sizeof(*w->acked));
				}
				snprintf(w->acked[w->n_acked++], 96, "%s %ld", s->w, s->version);
			} else if (r.status == 409 && strstr(r.body, "STALE_VERSION")) {
				w->n_conflict++;
			} else {
				note_other(w, path, &r);
			}
			continue;
		}
		switch (k % 8) {
		case 0: snprintf(path, sizeof path, "/api/v1/me"); break;
		case 1: snprintf(path, sizeof path, "/api/v1/projects?agency=%s", s->agency); break;
		case 2: snprintf(path, sizeof path, "/api/v1/projects/%s", s->w); break;
		case 3: snprintf(path, sizeof path, "/api/v1/findings?agency=%s", s->agency); break;
		case 4: snprintf(path, sizeof path, "/api/v1/projects/%s", s->p); break;
		case 5: snprintf(path, sizeof path, "/api/v1/explain/%s?scenario=base", s->w); break;
		case 6: snprintf(path, sizeof path, "/api/v1/reports/agencies?scenario=base&format=json"); break;
		default: snprintf(path, sizeof path, "/api/v1/reports/cuts?scenario=base&format=json"); break;
		}
		w->n_read++;
		if (exchange(&fd, "GET", path, s, NULL, &r)) {
			w->n_sockerr++;
			continue;
		}
		lat_add(&w->reads, now_us() - t0);
		lat_add(&w->kind[k % 8], now_us() - t0);
		int64_t sec = (t0 - started) / 1000000;
		if (sec >= 0 && sec < 64 && now_us() - t0 > w->sec_max[sec])
			w->sec_max[sec] = now_us() - t0;
		if (r.status != 200)
			note_other(w, path, &r);
	}
	if (fd >= 0)
		close(fd);
	free(r.buf);
	return NULL;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *what, struct lat *l, double secs)
{
	if (!l->n) {
		printf("load: %-9s none\n", what);
		return;
	}
	qsort(l->v, l->n, sizeof(*l->v), cmp64);
#define PCT(q) (l->v[(size_t)((double)(l->n - 1) * (q))] / 1000.0)
	printf("load: %-9s %7zu in %.1f s (%.0f/s): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n", what, l->n,
	       secs, l->n / secs, PCT(0.5), PCT(0.9), PCT(0.99), l->v[l->n - 1] / 1000.0);
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: driver PORT DIR SECONDS [WRITE_EVERY [DOWNLOADS [PATH]]]\n");
		return 2;
	}
	port = atoi(argv[1]);
	const char *dir = argv[2];
	int seconds = atoi(argv[3]);
	if (argc > 4)
		write_every = atoi(argv[4]);
	int downloads = argc > 5 ? atoi(argv[5]) : 0;
	if (argc > 6)
		download_path = argv[6];
	char fn[4096];
	snprintf(fn, sizeof fn, "%s/sessions.txt", dir);
	FILE *f = fopen(fn, "r");
	if (!f) {
		perror(fn);
		return 2;
	}
	struct session *ss = NULL;
	size_t n = 0, cap = 0;
	char line[1024];
	while (fgets(line, sizeof line, f)) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			ss = realloc(ss, cap * sizeof(*ss));
		}
		struct session *s = &ss[n];
		memset(s, 0, sizeof(*s));
		if (sscanf(line, "%79s %79s %63s %63s %63s", s->cookie, s->csrf, s->agency, s->w, s->p) != 5)
			continue;
		snprintf(fn, sizeof fn, "%s/body-%zu.json", dir, n + 1);
		FILE *bf = fopen(fn, "r");
		if (!bf) {
			perror(fn);
			return 2;
		}
		fseek(bf, 0, SEEK_END);
		long len = ftell(bf);
		rewind(bf);
		s->body = calloc(1, (size_t)len + 1);
		if (fread(s->body, 1, (size_t)len, bf) != (size_t)len)
			return 2;
		fclose(bf);
		s->version = 1;
		n++;
	}
	fclose(f);
	/* the versions the sessions start from: DIR/versions.txt "CODE VERSION" */
	snprintf(fn, sizeof fn, "%s/versions.txt", dir);
	if ((f = fopen(fn, "r"))) {
		char code[64];
		long v;
		while (fscanf(f, "%63s %ld", code, &v) == 2)
			for (size_t i = 0; i < n; i++)
				if (!strcmp(ss[i].w, code))
					ss[i].version = v;
		fclose(f);
	}
	size_t nw = n + (size_t)downloads;
	struct worker *w = calloc(nw, sizeof(*w));
	pthread_t *th = calloc(nw, sizeof(*th));
	int64_t t0 = now_us();
	started = t0;
	deadline = t0 + (int64_t)seconds * 1000000;
	/* downloads as $ZBB_DOWNLOAD_COOKIE's session (the budget office's), else the first */
	struct session dl = ss[0];
	const char *dc = getenv("ZBB_DOWNLOAD_COOKIE");
	if (dc && *dc)
		snprintf(dl.cookie, sizeof dl.cookie, "%s", dc);
	for (size_t i = 0; i < nw; i++) {
		w[i].s = i < n ? &ss[i] : &dl;
		w[i].is_download = i >= n;
		pthread_attr_t at;
		pthread_attr_init(&at);
		pthread_attr_setstacksize(&at, 256 * 1024);
		if (pthread_create(&th[i], &at, run, &w[i])) {
			fprintf(stderr, "driver: cannot start thread %zu\n", i);
			return 2;
		}
		pthread_attr_destroy(&at);
	}
	struct lat reads = { 0 }, writes = { 0 }, dls = { 0 }, kinds[8] = { { 0 } };
	long ok = 0, conflicts = 0, other = 0, sockerr = 0, nr = 0, nwr = 0;
	snprintf(fn, sizeof fn, "%s/acked.log", dir);
	FILE *ack = fopen(fn, "w");
	for (size_t i = 0; i < nw; i++) {
		pthread_join(th[i], NULL);
		for (size_t k = 0; k < w[i].reads.n; k++)
			lat_add(&reads, w[i].reads.v[k]);
		for (size_t k = 0; k < w[i].writes.n; k++)
			lat_add(&writes, w[i].writes.v[k]);
		for (size_t k = 0; k < w[i].downloads.n; k++)
			lat_add(&dls, w[i].downloads.v[k]);
		for (int j = 0; j < 8; j++) {
			for (size_t k = 0; k < w[i].kind[j].n; k++)
				lat_add(&kinds[j], w[i].kind[j].v[k]);
			free(w[i].kind[j].v);
		}
		for (size_t k = 0; k < w[i].n_acked; k++)
			fprintf(ack, "%s\n", w[i].acked[k]);
		ok += w[i].n_ok;
		conflicts += w[i].n_conflict;
		other += w[i].n_other;
		sockerr += w[i].n_sockerr;
		nr += w[i].n_read;
		nwr += w[i].n_write;
		if (w[i].other[0])
			printf("other answers:\n%s", w[i].other);
	}
	fclose(ack);
	double secs = (now_us() - t0) / 1e6;
	printf("load: %zu sessions, %d downloading, %.1f s\n", n, downloads, secs);
	report("reads", &reads, secs);
	report("writes", &writes, secs);
	if (downloads)
		report("downloads", &dls, secs);
	if (getenv("ZBB_LOAD_KINDS")) {
		static const char *const names[8] = { "me", "list", "own", "queue", "other", "explain", "agencies", "cuts" };
		for (int j = 0; j < 8; j++)
			report(names[j], &kinds[j], secs);
		printf("load: slowest read begun in each second (ms):");
		for (int sec = 0; sec < 64 && sec < seconds + 1; sec++) {
			int64_t mx = 0;
			for (size_t i = 0; i < nw; i++)
				if (w[i].sec_max[sec] > mx)
					mx = w[i].sec_max[sec];
			printf(" %.0f", mx / 1000.0);
		}
		printf("\n");
	}
	printf("load: reads sent %ld, writes sent %ld: %ld acknowledged, %ld conflicts (409), %ld other; socket errors %ld\n",
	       nr, nwr, ok, conflicts, other, sockerr);
	qsort(reads.v, reads.n, sizeof(int64_t), cmp64);
	qsort(writes.v, writes.n, sizeof(int64_t), cmp64);
	printf("RESULT reads=%zu writes=%zu read_p99=%.1f write_p99=%.1f writes_ok=%ld conflicts=%ld other=%ld "
	       "sockerr=%ld\n",
	       reads.n, writes.n, reads.n ? reads.v[(size_t)((reads.n - 1) * 0.99)] / 1000.0 : 0,
	       writes.n ? writes.v[(size_t)((writes.n - 1) * 0.99)] / 1000.0 : 0, ok, conflicts, other, sockerr);
	return 0;
}
