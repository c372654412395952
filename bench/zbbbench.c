/*
 * zbbbench.c - times each stage of zbb's pipeline on a book, for bench/run.
 * Linked with build/libzbb.a; not part of the product and not a test.
 *
 *   zbbbench [--runs N] [--whatif-ppm P] BOOK     stages, medians of N runs
 *   zbbbench --rss BOOK                           one pipeline + summary, peak memory
 *
 * Prints "key value" lines: the stage times in milliseconds (load, rules,
 * alloc, summary, pipeline = load+rules+alloc+summary from the book,
 * whatif = pipeline_realloc with another capacity on a loaded pipeline,
 * bandwidth = one pass summing the loaded model's item array as 64-bit
 * words), then the summary numbers the peers must reproduce (fen, and the
 * livelihood share in millionths, as report_totals computes them).
 * Timing uses doubles; money never does.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(double), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *what, struct buf *err)
{
	fprintf(stderr, "zbbbench: %s: %s\n", what, buf_str(err));
	exit(3);
}

/* One pass over the item array: what reading the items costs at memory
 * bandwidth.  volatile keeps the sum (and so the loop) alive. */
static volatile uint64_t sink;
static double bandwidth_pass(const struct model *m, size_t *bytes)
{
	const uint64_t *w = (const uint64_t *)(const void *)m->items;
	size_t n = m->n_items * sizeof(struct item) / sizeof(uint64_t);
	uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	double t0 = now_ms();
	size_t i = 0;
	for (; i + 4 <= n; i += 4) {
		s0 += w[i];
		s1 += w[i + 1];
		s2 += w[i + 2];
		s3 += w[i + 3];
	}
	for (; i < n; i++)
		s0 += w[i];
	sink = s0 + s1 + s2 + s3;
	*bytes = n * sizeof(uint64_t);
	return now_ms() - t0;
}

static void print_summary(const char *prefix, const struct pipeline *p)
{
	struct report_totals t;
	if (report_totals(p, &t)) {
		fprintf(stderr, "zbbbench: report_totals overflows\n");
		exit(3);
	}
	printf("%srequested_fen %lld\n", prefix, (long long)t.requested);
	printf("%sapproved_fen %lld\n", prefix, (long long)t.approved);
	printf("%sfunded_fen %lld\n", prefix, (long long)t.funded);
	for (int c = 0; c < CAUSE__N; c++)
		printf("%ssavings_%s %lld\n", prefix, rules_cause_name((enum cause)c), (long long)t.savings[c]);
	printf("%slivelihood_ppm %lld\n", prefix, (long long)(t.funded ? share_millionths(t.livelihood_funded, t.funded) : -1));
}

int main(int argc, char **argv)
{
	int runs = 5, rss = 0;
	long whatif_ppm = 900000; /* the what-if: 90% of the general sources */
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--whatif-ppm") && i + 1 < argc)
			whatif_ppm = atol(argv[++i]);
		else if (!strcmp(argv[i], "--rss"))
			rss = 1;
		else
			path = argv[i];
	}
	if (!path || runs < 1) {
		fprintf(stderr, "usage: zbbbench [--runs N] [--whatif-ppm P] [--rss] BOOK\n");
		return 2;
	}
	zb_lang = LANG_EN;
	zb_malloc_init(); /* as zbb's main does */
	struct buf err = BUF_INIT;
	struct book *b;
	if (store_open(path, STORE_READONLY, &b, &err))
		die(path, &err);
	int year = store_current_year(b);
	struct pipeline p;

	if (rss) {
		double t0 = now_ms();
		if (pipeline_run(b, year, NULL, &p, &err))
			die("pipeline", &err);
		struct report_totals t;
		report_totals(&p, &t);
		double t1 = now_ms();
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		printf("items %zu\npipeline_ms %.3f\nmaxrss_kb %ld\n", p.m.n_items, t1 - t0, ru.ru_maxrss);
		/* the resident set split: anonymous (the model) and file (the book, mmap) */
		FILE *f = fopen("/proc/self/status", "r");
		char line[256];
		while (f && fgets(line, sizeof line, f)) {
			long v;
			if (sscanf(line, "RssAnon: %ld", &v) == 1)
				printf("rssanon_kb %ld\n", v);
			else if (sscanf(line, "RssFile: %ld", &v) == 1)
				printf("rssfile_kb %ld\n", v);
		}
		if (f)
			fclose(f);
		pipeline_release(&p);
		store_close(b);
		return 0;
	}

	double *t_load = calloc((size_t)runs, sizeof(double)), *t_rules = calloc((size_t)runs, sizeof(double)),
	       *t_alloc = calloc((size_t)runs, sizeof(double)), *t_sum = calloc((size_t)runs, sizeof(double)),
	       *t_pipe = calloc((size_t)runs, sizeof(double)), *t_what = calloc((size_t)runs * 4, sizeof(double)),
	       *t_bw = calloc((size_t)runs * 4, sizeof(double));
	size_t n_items = 0, bytes = 0;
	zb_fen capacity = 0;
	/* one warm-up pipeline: the book's pages in the OS cache, as for the peers */
	if (pipeline_run(b, year, NULL, &p, &err))
		die("pipeline", &err);
	pipeline_release(&p);

	for (int r = 0; r < runs; r++) {
		/* the whole pipeline from the book, as `zbb report summary` runs it */
		double t0 = now_ms();
		if (pipeline_run(b, year, NULL, &p, &err))
			die("pipeline", &err);
		struct report_totals t;
		if (report_totals(&p, &t))
			die("summary", &err);
		t_pipe[r] = now_ms() - t0;
		if (r == runs - 1)
			print_summary("", &p);

		/* the allocation alone (its input rebuilt, as a re-run does) */
		t0 = now_ms();
		if (pipeline_realloc(&p, -1, &err))
			die("alloc", &err);
		t_alloc[r] = now_ms() - t0;
		t0 = now_ms();
		report_totals(&p, &t);
		t_sum[r] = now_ms() - t0;

		/* the what-if: the general sources at whatif_ppm of their total */
		zb_fen general = 0;
		for (size_t s = 0; s < p.m.n_sources; s++)
			if (p.m.sources[s].kind == SOURCE_GENERAL)
				general += p.m.sources[s].amount_fen;
		capacity = (zb_fen)((__int128)general * whatif_ppm / 1000000);
		for (int k = 0; k < 4; k++) {
			t0 = now_ms();
			if (pipeline_realloc(&p, capacity, &err))
				die("what-if", &err);
			report_totals(&p, &t);
			t_what[r * 4 + k] = now_ms() - t0;
		}
		if (r == runs - 1) {
			printf("whatif_capacity_fen %lld\n", (long long)capacity);
			print_summary("whatif_", &p);
		}
		pipeline_release(&p);

		/* the stages on their own */
		struct model m;
		t0 = now_ms();
		if (store_model_load(b, year, &m, &err))
			die("load", &err);
		t_load[r] = now_ms() - t0;
		for (int k = 0; k < 4; k++)
			t_bw[r * 4 + k] = bandwidth_pass(&m, &bytes);
		struct rules_result rr;
		t0 = now_ms();
		if (rules_run(&m, &rr, &err))
			die("rules", &err);
		t_rules[r] = now_ms() - t0;
		n_items = m.n_items;
		rules_result_release(&rr);
		model_release(&m);
	}
	printf("items %zu\nitem_bytes %zu\n", n_items, bytes);
	printf("load_ms %.3f\nrules_ms %.3f\nalloc_ms %.3f\nsummary_ms %.3f\npipeline_ms %.3f\nwhatif_ms %.3f\n"
	       "bandwidth_ms %.3f\n",
	       median(t_load, runs), median(t_rules, runs), median(t_alloc, runs), median(t_sum, runs),
	       median(t_pipe, runs), median(t_what, runs * 4), median(t_bw, runs * 4));
	free(t_load);
	free(t_rules);
	free(t_alloc);
	free(t_sum);
	free(t_pipe);
	free(t_what);
	free(t_bw);
	store_close(b);
	buf_release(&err);
	return 0;
}
