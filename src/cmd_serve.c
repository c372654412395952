/*
 * cmd_serve.c - `zbb serve`: starts the web server (http.c) on the book
 * and waits for SIGINT or SIGTERM.  Prints the address it listens on (with
 * the port actually bound, so --listen 127.0.0.1:0 picks a free one), then
 * the access log, one line a request, on stdout (or --access-log FILE, or
 * off).
 */
#include "api_cache.h"
#include "dispatch.h"
#include "db.h"
#include "http.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

int cmd_serve(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("serve");
	const char *listen = "127.0.0.1:8080", *v, *log_path = "-";
	struct http_opts o = { .threads = 4, .idle_timeout = HTTP_IDLE_TIMEOUT };
	for (int i = 1; i < argc; i++) {
		int r;
		if ((r = opt_arg(argc, argv, &i, "--listen", &v))) {
			if (r < 0)
				return EXIT_USAGE;
			listen = v;
		} else if ((r = opt_arg(argc, argv, &i, "--threads", &v))) {
			char *end;
			if (r < 0)
				return EXIT_USAGE;
			long n = strtol(v, &end, 10);
			if (*end || n < 1 || n > 64)
				return usage_error(c, L("--threads 应为 1 到 64：%s", "--threads must be from 1 to 64: %s"), v);
			o.threads = (int)n;
		} else if ((r = opt_arg(argc, argv, &i, "--idle-timeout", &v))) {
			char *end;
			if (r < 0)
				return EXIT_USAGE;
			long n = strtol(v, &end, 10);
			if (*end || n < 1 || n > 3600)
				return usage_error(c, L("--idle-timeout 应为 1 到 3600（秒）：%s",
							"--idle-timeout must be from 1 to 3600 (seconds): %s"), v);
			o.idle_timeout = (unsigned)n;
		} else if ((r = opt_arg(argc, argv, &i, "--max-per-address", &v))) {
			char *end;
			if (r < 0)
				return EXIT_USAGE;
			long n = strtol(v, &end, 10);
			if (*end || n < 1 || n > 1000)
				return usage_error(c, L("--max-per-address 应为 1 到 1000：%s",
							"--max-per-address must be from 1 to 1000: %s"), v);
			o.max_per_address = (unsigned)n;
		} else if ((r = opt_arg(argc, argv, &i, "--tls-cert", &v))) {
			if (r < 0)
				return EXIT_USAGE;
			o.tls_cert = v;
		} else if ((r = opt_arg(argc, argv, &i, "--tls-key", &v))) {
			if (r < 0)
				return EXIT_USAGE;
			o.tls_key = v;
		} else if ((r = opt_arg(argc, argv, &i, "--trust-proxy", &v))) {
			if (r < 0)
				return EXIT_USAGE;
			o.trust_proxy = v;
		} else if ((r = opt_arg(argc, argv, &i, "--access-log", &v))) {
			if (r < 0)
				return EXIT_USAGE;
			log_path = v;
		} else {
			return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[i]);
		}
	}
	/* block the stop signals in every thread; this one waits for them */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	db_busy_say = 0; /* the server's connections wait for one another all the time */
	struct http_server *srv;
	struct buf err = BUF_INIT;
	FILE *log = NULL;
	if (!strcmp(log_path, "-")) {
		o.access_log = stdout;
	} else if (strcmp(log_path, "off")) {
		int fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (fd < 0 || !(log = fdopen(fd, "a"))) {
			zb_err("%s: %s", log_path, strerror(errno));
			if (fd >= 0)
				close(fd);
			return EXIT_FAIL;
		}
		o.access_log = log;
	}
	o.region = ctx->b->region;
	api_cache_warm(ctx->b); /* the first readers do not wait for the whole book */
	if (http_start_opts(ctx->b->path, ctx->b->year, listen, &o, &srv, &err)) {
		zb_err("%s", buf_str(&err));
		buf_release(&err);
		if (log)
			fclose(log);
		return EXIT_USAGE;
	}
	const char *colon = strrchr(listen, ':');
	printf(L("zbb 正在服务 %s（%d 年度）：%s://%.*s:%d/  （Ctrl-C 停止）\n",
		 "zbb serving %s (year %d): %s://%.*s:%d/  (Ctrl-C stops)\n"),
	       ctx->b->name, ctx->b->year, http_is_tls(srv) ? "https" : "http", (int)(colon - listen), listen,
	       http_port(srv));
	fflush(stdout);
	int sig;
	sigwait(&stop, &sig);
	http_stop(srv);
	if (log)
		fclose(log);
	printf("%s\n", L("已停止", "stopped"));
	return EXIT_OK;
}
