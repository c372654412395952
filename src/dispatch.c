/*
 * dispatch.c - the sorted command table and the dispatcher that enforces
 * each command's flags.  Model: git.c's commands[], Fossil's dispatch.c.
 */
#include "dispatch.h"
#include "http.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Keep sorted by name: command_find bisects, and a test checks it. */
const struct command commands[] = {
	{ "audit", cmd_audit, CMD_BOOK, "audit list [--since N] | audit verify",
	  "查看或校验审计日志", "list or verify the audit log",
	  "list 按顺序列出审计日志条目（--since N 只列编号大于 N 的；--format json 输出 JSON）。\n"
	  "verify 重新计算哈希链：完整时显示 OK（退出码 0），否则指出第一条断裂的条目（退出码 1）。\n"
	  "每条记录：编号、时间、用户、动作、对象、修改前后的 JSON、上一条的哈希、本条的哈希。",
	  "list prints the audit entries in order (--since N: only ids above N; --format json).\n"
	  "verify recomputes the hash chain: OK (exit 0) when unbroken, else the first broken\n"
	  "entry (exit 1).  Each entry: id, time, user, action, object, JSON before and after,\n"
	  "the previous entry's hash and its own." },
	{ "codes", cmd_codes, 0, "codes [function|economic] [PREFIX]",
	  "列出内置的政府收支分类科目", "list the built-in budget classification codes",
	  "功能分类（201–234 类及常用款、项）和部门预算支出经济分类（301–399 类及款）；\n"
	  "PREFIX 只列出以它开头的科目。--format json 输出 JSON。",
	  "Function classes 201–234 with their common 款 and 项, and the department economic\n"
	  "classes 301–399 with their 款; PREFIX limits the list.  --format json prints JSON." },
	{ "demo", cmd_demo, 0, "demo [--scale N] [--csv DIR]",
	  "生成示范城市账簿", "build the demo city book",
	  "按一个真实地级市的样子生成示范城市（约 120 个单位、3,000 个项目、60,000 条明细），\n"
	  "写入账簿（默认 --book demo.db 之外的当前账簿）并显示账簿概况。--scale N 放大 N 倍；\n"
	  "--csv DIR 同时写出各类输入文件，作为格式示例。结果是确定的：同样的参数得到同样的城市。",
	  "Builds a demo city modelled on a real prefecture-level city (about 120 agencies,\n"
	  "3,000 projects, 60,000 items) into the book and prints what it holds.  --scale N\n"
	  "multiplies it; --csv DIR also writes the input files as examples.  Deterministic." },
	{ "export", cmd_export, CMD_BOOK, "export KIND [--format csv|json] [--output FILE]",
	  "导出一类数据", "write one kind of data out",
	  "按导入的格式写出 KIND（agencies bases standards priorities negative pools prices projects\n"
	  "items history sources evaluations reviews targets plans），导出后可原样再导入。",
	  "Writes KIND in the shape import reads, so export then import is lossless." },
	{ "get", cmd_get, CMD_BOOK, "get [KEY]",
	  "查看设置", "show settings",
	  "不带 KEY 时列出全部设置、当前值和含义。",
	  "Without KEY, lists every setting with its value and meaning." },
	{ "help", cmd_help, 0, "help [COMMAND]", "帮助", "help",
	  "zbb help COMMAND 显示一个命令的用法。", "zbb help COMMAND shows one command's usage." },
	{ "import", cmd_import, CMD_BOOK | CMD_WRITES,
	  "import KIND FILE [--encoding utf-8|gb18030] [--max-errors N]",
	  "导入一个输入文件", "load one input file",
	  "读入 CSV（或 XLSX 的第一个工作表），逐行校验；任何一行有错则整个文件不导入，\n"
	  "并逐条报告“文件:行: 列: 原因”。相同的键再次导入时替换原有记录。\n"
	  "文件不是 UTF-8 时按 GB18030 读取并提示；--encoding 可强制指定。",
	  "Reads a CSV (or the first sheet of an XLSX) and checks every row; with any bad row\n"
	  "nothing is written and every error is reported as FILE:LINE: column: reason.\n"
	  "Rows with keys already in the book replace them.  A file that is not UTF-8 is read\n"
	  "as GB18030 (and said so); --encoding forces either." },
	{ "info", cmd_info, CMD_BOOK, "info", "显示账簿概况", "show what the book holds",
	  "各类数据的行数、申报总额和资金来源总额。", "Row counts of every kind, the requested total and the sources." },
	{ "init", cmd_init, 0, "init --year YEAR", "新建账簿", "create a book",
	  "新建一个账簿文件（默认 zbb.db，或 --book FILE、环境变量 ZBB_BOOK），设定当前预算年度。",
	  "Creates a book file (zbb.db, --book FILE or $ZBB_BOOK) and sets its budget year." },
	{ "serve", cmd_serve, CMD_BOOK | CMD_WRITES, "serve [--listen ADDRESS:PORT] [--threads N]",
	  "启动 Web 服务（界面和 JSON API）", "serve the web UI and the JSON API",
	  "默认监听 127.0.0.1:8080（端口 0 表示任选空闲端口）；--threads 为工作线程数（默认 4）。\n"
	  "API 位于 /api/v1/，用户由 zbb user 管理；所有写操作都记入审计日志。Ctrl-C 停止。",
	  "Listens on 127.0.0.1:8080 by default (port 0 picks a free one); --threads sets the\n"
	  "worker threads (4).  The API is under /api/v1/; users come from zbb user; every write\n"
	  "goes to the audit log.  Ctrl-C stops it." },
	{ "set", cmd_set, CMD_BOOK | CMD_WRITES, "set KEY VALUE", "修改设置", "change a setting",
	  "设置项见 zbb get；每个值都经过校验。", "See zbb get for the settings; every value is checked." },
	{ "user", cmd_user, CMD_BOOK | CMD_WRITES,
	  "user add NAME --role ROLE [--agency CODE] [--password-stdin] | user list |\n"
	  "       user passwd NAME [--password-stdin] | user disable NAME",
	  "管理 Web 用户", "manage the web users",
	  "角色：agency（预算单位，须 --agency 指定本年度的一个单位）、reviewer（评审）、budget（预算科）、\n"
	  "viewer（只读）、admin（用户和设置）。密码至少 8 个字符，在终端上输入两次（不回显），\n"
	  "或用 --password-stdin 从标准输入读一行；以 Argon2id 哈希保存。修改密码或停用用户会结束其登录会话。\n"
	  "每次变更都写入审计日志（不含密码）。",
	  "Roles: agency (names an agency of the working year with --agency), reviewer, budget,\n"
	  "viewer (read only) and admin (users and settings).  Passwords have at least 8\n"
	  "characters, typed twice on the terminal without echo or read as one line from stdin\n"
	  "with --password-stdin, and are kept as Argon2id hashes.  A new password or disabling\n"
	  "a user ends its sessions.  Every change is in the audit log (never the password)." },
	{ "version", cmd_version, 0, "version", "显示版本", "print the version", "", "" },
};
const size_t commands_n = sizeof(commands) / sizeof(commands[0]);

/* The HTTP routes (SPEC §9), enforced by http.c's dispatcher: the flags
 * (R_*) and the role mask are checked before the handler runs.  Add the
 * allocation, report, explain and check routes here, as rows.  A test
 * (tests/unit/test_api.c) holds the expected status of every route for
 * every role and fails when a route has no row there. */
#define BUDGET_READERS (ROLE_AGENCY | ROLE_REVIEWER | ROLE_BUDGET | ROLE_VIEWER)
const struct route routes[] = {
	{ "GET", "/", api_asset_index, 0, 0, "界面", "the UI" },
	{ "GET", "/assets/{name}", api_asset, 0, 0, "界面文件", "UI files" },
	{ "POST", "/api/v1/login", api_login, R_BODY, 0, "登录", "sign in" },
	{ "POST", "/api/v1/logout", api_logout, R_SESSION | R_WRITE, ROLE_ANY, "退出", "sign out" },
	{ "GET", "/api/v1/me", api_me, R_SESSION, ROLE_ANY, "当前用户", "who am I" },
	{ "GET", "/api/v1/agencies", api_agencies, R_SESSION, ROLE_ANY, "预算单位", "agencies" },
	{ "GET", "/api/v1/projects", api_projects_list, R_SESSION, BUDGET_READERS, "项目列表", "projects" },
	{ "POST", "/api/v1/projects", api_project_create, R_SESSION | R_WRITE | R_BODY, ROLE_AGENCY | ROLE_BUDGET,
	  "新建项目", "create a project" },
	{ "GET", "/api/v1/projects/{code}", api_project_get, R_SESSION | R_PROJECT, BUDGET_READERS, "项目", "a project" },
	{ "PUT", "/api/v1/projects/{code}", api_project_update, R_SESSION | R_WRITE | R_BODY | R_PROJECT,
	  ROLE_AGENCY | ROLE_BUDGET, "修改项目", "replace a project" },
	{ "DELETE", "/api/v1/projects/{code}", api_project_delete, R_SESSION | R_WRITE | R_BODY_OPT | R_PROJECT,
	  ROLE_AGENCY | ROLE_BUDGET, "删除项目", "delete a project" },
	{ "POST", "/api/v1/reviews", api_reviews_post, R_SESSION | R_WRITE | R_BODY, ROLE_REVIEWER | ROLE_BUDGET,
	  "预算评审", "record a review" },
	{ "POST", "/api/v1/evaluations", api_evaluations_post, R_SESSION | R_WRITE | R_BODY, ROLE_REVIEWER | ROLE_BUDGET,
	  "事前绩效评估", "record an evaluation" },
	{ "GET", "/api/v1/audit", api_audit, R_SESSION, ROLE_REVIEWER | ROLE_BUDGET | ROLE_VIEWER | ROLE_ADMIN,
	  "审计日志", "the audit log" },
};
const size_t routes_n = sizeof(routes) / sizeof(routes[0]);

const struct command *command_find(const char *name)
{
	size_t lo = 0, hi = commands_n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(commands[mid].name, name);
		if (!c)
			return &commands[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int opt_arg(int argc, char **argv, int *i, const char *name, const char **val)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n))
		return 0;
	if (argv[*i][n] == '=') {
		*val = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n])
		return 0;
	if (*i + 1 >= argc) {
		zb_err(L("%s 需要一个值", "%s needs a value"), name);
		*val = NULL;
		return -1;
	}
	*val = argv[++*i];
	return 1;
}

int usage_error(const struct command *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("zbb: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (c)
		fprintf(stderr, "%s: zbb %s\n", L("用法", "usage"), c->usage);
	return EXIT_USAGE;
}

int progress_wanted(void)
{
	return isatty(1) && isatty(2);
}

void progress_draw(const char *label, size_t done, size_t total)
{
	if (!total)
		return;
	int pct = (int)(done * 100 / total);
	int w = pct * 30 / 100;
	fprintf(stderr, "\r%s [", label);
	for (int i = 0; i < 30; i++)
		fputc(i < w ? '#' : '.', stderr);
	fprintf(stderr, "] %3d%%", pct);
	fflush(stderr);
}

void progress_done(void)
{
	fputs("\r\033[K", stderr);
	fflush(stderr);
}

int dispatch(struct zb_opts *g, int argc, char **argv)
{
	struct cmd_ctx ctx = { g, NULL };
	if (argc < 1) {
		char *h[] = { "help" };
		return cmd_help(&ctx, 1, h);
	}
	const struct command *c = command_find(argv[0]);
	if (!c) {
		zb_err(L("没有这个命令：%s（见 zbb help）", "no such command: %s (see zbb help)"), argv[0]);
		return EXIT_USAGE;
	}
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			char *h[] = { "help", (char *)c->name };
			return cmd_help(&ctx, 2, h);
		}
	int rc;
	if (c->flags & CMD_BOOK) {
		struct buf err = BUF_INIT;
		if (book_open(g->book, (c->flags & CMD_WRITES) ? 0 : 0, &ctx.b, &err)) {
			zb_err("%s", buf_str(&err));
			buf_release(&err);
			return EXIT_USAGE;
		}
		buf_release(&err);
		if (g->year)
			ctx.b->year = g->year;
		if (!ctx.b->year) {
			zb_err(L("%s: 账簿没有预算年度（运行 zbb init --year 年度）",
				 "%s: the book has no budget year (run zbb init --year YEAR)"),
			       g->book);
			book_close(ctx.b);
			return EXIT_USAGE;
		}
	}
	rc = c->fn(&ctx, argc, argv);
	book_close(ctx.b);
	return rc;
}

int cmd_help(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc >= 2) {
		const struct command *c = command_find(argv[1]);
		if (!c) {
			zb_err(L("没有这个命令：%s", "no such command: %s"), argv[1]);
			return EXIT_USAGE;
		}
		printf("%s: zbb [--book FILE] [--year Y] %s\n\n%s\n", L("用法", "usage"), c->usage, L(c->zh, c->en));
		const char *h = L(c->help_zh, c->help_en);
		if (h && *h)
			printf("\n%s\n", h);
		return EXIT_OK;
	}
	printf("%s\n\n%s: zbb [--book FILE] [--year Y] [--format text|json|csv] [--unit yuan|wan|yi] [--lang zh|en] %s\n\n",
	       L("zbb —— 零基预算管理系统", "zbb — zero-based budgeting for public finance"), L("用法", "usage"),
	       L("命令 …", "COMMAND …"));
	for (size_t i = 0; i < commands_n; i++)
		printf("  %-10s %s\n", commands[i].name, L(commands[i].zh, commands[i].en));
	printf("\n%s\n", L("zbb help 命令 显示详细用法。账簿默认为当前目录的 zbb.db（--book 或 ZBB_BOOK 可改）。",
			   "zbb help COMMAND for details.  The book is zbb.db here unless --book or ZBB_BOOK says otherwise."));
	return EXIT_OK;
}

int cmd_version(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	printf("zbb %s (sqlite %s, %s %d)\n", ZBB_VERSION, sqlite3_libversion(), L("账簿结构版本", "book schema"),
	       BOOK_SCHEMA_VERSION);
	return EXIT_OK;
}
