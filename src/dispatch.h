/*
 * dispatch.h - the command table (one sorted row per command: name,
 * handler, flags, usage, help) and the global options.
 *
 * The dispatcher enforces the flags: it opens the book for commands that
 * need one, read-only unless the command (or its subcommand) writes, so a
 * reading command works on a book the user may only read; it applies
 * --year, and maps a handler's result to the exit status (0 ok, 1 ran and
 * found errors, 2 bad usage or input, 3 internal or storage failure).
 * Handlers never exit, and only init and demo (which create books) open
 * one themselves.  Every write a handler makes is one store_write under
 * ctx->who ("cli:" + the OS user), so it reaches the audit log.
 */
#ifndef ZBB_DISPATCH_H
#define ZBB_DISPATCH_H

#include "store.h"
#include "money.h"

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_FAIL = 3 };

struct zb_opts {
	const char *book;   /* --book, --db, ZBB_DB, ZBB_BOOK, or zbb.db */
	int year;           /* --year, 0 when not given */
	const char *format; /* --format, NULL when not given */
	enum money_unit unit;
	const char *lang;
	char *shown; /* book as shown to a person (a URL's password as ***) */
	const char *region; /* --region or ZBB_REGION, NULL when not given */
};

struct cmd_ctx {
	struct zb_opts *g;
	struct book *b;  /* open when the command has CMD_BOOK */
	const char *who; /* the audit log's user for this command's writes */
};

enum {
	CMD_BOOK = 1,   /* needs an existing book */
	CMD_WRITES = 2, /* writes to it (opened writable); see also write_subs */
	CMD_CREATES = 4, /* creates or fills a book of its own (init, demo) */
	CMD_ANY_REGION = 8, /* works without a region chosen in a book of several (region, user, audit …) */
};

struct command {
	const char *name;
	int (*fn)(struct cmd_ctx *ctx, int argc, char **argv);
	unsigned flags;
	/* subcommands that write (the book is opened writable for them
	 * only), NULL-ended; NULL when none or when CMD_WRITES says always */
	const char *const *write_subs;
	const char *usage;
	const char *zh, *en;           /* one line */
	const char *help_zh, *help_en; /* the rest of `zbb help CMD` */
};

extern const struct command commands[];
extern const size_t commands_n;
const struct command *command_find(const char *name);
/* Whether the command, given these arguments, writes to the book. */
int command_writes(const struct command *c, int argc, char **argv);
int dispatch(struct zb_opts *g, int argc, char **argv);

/* Helpers for handlers' own options.  opt_arg: when argv[*i] is NAME VALUE
 * or NAME=VALUE, sets *val, advances *i and returns 1. */
int opt_arg(int argc, char **argv, int *i, const char *name, const char **val);
int usage_error(const struct command *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Whether progress may be drawn (stdout and stderr are terminals). */
int progress_wanted(void);
void progress_draw(const char *label, size_t done, size_t total);
void progress_done(void);

/* What the book holds (counts per kind, requested and sources totals), as
 * text or --format json; shared by info and demo.  Returns an exit status. */
int info_print(struct book *b, const struct zb_opts *g);
/* The same; with --format json, extra (a json_t *, stolen) goes into the
 * document as "summary". */
int info_print_with(struct book *b, const struct zb_opts *g, void *extra);

/* Command handlers (cmd_*.c). */
int cmd_accept(struct cmd_ctx *, int, char **);
int cmd_approve(struct cmd_ctx *, int, char **);
int cmd_check(struct cmd_ctx *, int, char **);
int cmd_allocate(struct cmd_ctx *, int, char **);
int cmd_adopt(struct cmd_ctx *, int, char **);
int cmd_audit(struct cmd_ctx *, int, char **);
int cmd_backup(struct cmd_ctx *, int, char **);
int cmd_basic(struct cmd_ctx *, int, char **);
int cmd_codes(struct cmd_ctx *, int, char **);
int cmd_demo(struct cmd_ctx *, int, char **);
int cmd_explain(struct cmd_ctx *, int, char **);
int cmd_export(struct cmd_ctx *, int, char **);
int cmd_get(struct cmd_ctx *, int, char **);
int cmd_help(struct cmd_ctx *, int, char **);
int cmd_import(struct cmd_ctx *, int, char **);
int cmd_issue(struct cmd_ctx *, int, char **);
int cmd_info(struct cmd_ctx *, int, char **);
int cmd_init(struct cmd_ctx *, int, char **);
int cmd_region(struct cmd_ctx *, int, char **);
int cmd_copy(struct cmd_ctx *, int, char **);
int cmd_report(struct cmd_ctx *, int, char **);
int cmd_return(struct cmd_ctx *, int, char **);
int cmd_scenarios(struct cmd_ctx *, int, char **);
int cmd_season(struct cmd_ctx *, int, char **);
int cmd_serve(struct cmd_ctx *, int, char **);
int cmd_set(struct cmd_ctx *, int, char **);
int cmd_submit(struct cmd_ctx *, int, char **);
int cmd_user(struct cmd_ctx *, int, char **);
int cmd_version(struct cmd_ctx *, int, char **);

#endif
