/*
 * cmd_user.c - `zbb user add|list|passwd|disable|enable|role`: the CLI front end of
 * auth.c.  Reads passwords from the terminal without echo (twice, to
 * confirm) or, with --password-stdin, one line from standard input.
 */
#include "auth.h"
#include "dispatch.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* One line from f into buf (without the line end); 0, or -1 at EOF. */
static int read_line(FILE *f, char *buf, size_t size)
{
	if (!fgets(buf, (int)size, f))
		return -1;
	buf[strcspn(buf, "\r\n")] = 0;
	return 0;
}

static int read_tty_password(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	int rc;
	fputs(prompt, stderr);
	fflush(stderr);
	if (tcgetattr(0, &old))
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	tcsetattr(0, TCSAFLUSH, &quiet);
	rc = read_line(stdin, buf, size);
	tcsetattr(0, TCSAFLUSH, &old);
	return rc;
}

/* The new password: from stdin, or asked twice on the terminal. */
static int get_password(const struct command *c, int from_stdin, char *pw, size_t size)
{
	if (from_stdin) {
		if (read_line(stdin, pw, size)) {
			usage_error(c, "%s", L("标准输入没有密码", "no password on standard input"));
			return -1;
		}
		return 0;
	}
	if (!isatty(0)) {
		usage_error(c, "%s", L("标准输入不是终端：请用 --password-stdin", "stdin is not a terminal: use --password-stdin"));
		return -1;
	}
	char again[AUTH_PW_MAX + 2];
	if (read_tty_password(L("密码：", "Password: "), pw, size) ||
	    read_tty_password(L("再输入一次：", "Again: "), again, sizeof again)) {
		usage_error(c, "%s", L("没有读到密码", "no password read"));
		return -1;
	}
	int same = !strcmp(pw, again);
	sodium_memzero(again, sizeof again);
	if (!same) {
		zb_err("%s", L("两次输入的密码不一致", "the passwords do not match"));
		return -1;
	}
	return 0;
}

static int status(int rc)
{
	return rc == AUTH_OK ? EXIT_OK : rc == AUTH_BAD ? EXIT_USAGE : EXIT_FAIL;
}

static int user_list(struct cmd_ctx *ctx)
{
	struct user *u;
	size_t n;
	struct buf err = BUF_INIT;
	if (auth_user_list(ctx->b, &u, &n, &err)) {
		zb_err("%s", buf_str(&err));
		buf_release(&err);
		return EXIT_FAIL;
	}
	if (ctx->g->format && !strcmp(ctx->g->format, "json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, auth_user_json(&u[i]));
		json_dumpf(arr, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(arr);
	} else {
		printf("%-20s %-9s %-12s %-10s %s\n", L("用户", "user"), L("角色", "role"), L("单位", "agency"),
		       L("区划", "region"), L("状态", "status"));
		for (size_t i = 0; i < n; i++)
			printf("%-20s %-9s %-12s %-10s %s%s\n", u[i].name, role_name(u[i].role), u[i].agency[0] ? u[i].agency : "-",
			       u[i].region, u[i].is_disabled ? L("已停用", "disabled") : L("正常", "active"),
			       u[i].scope[0] ? L("，可读下级汇总", ", reads its subtree") : "");
	}
	free(u);
	return EXIT_OK;
}

int cmd_user(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c = command_find("user");
	const char *sub = argc > 1 ? argv[1] : NULL, *role_s = NULL, *agency = NULL, *name = NULL, *v;
	int from_stdin = 0, scoped = 0, rc;
	if (!sub)
		return usage_error(c, "%s", L("需要子命令：add、list、passwd、disable、enable 或 role",
					      "a subcommand is needed: add, list, passwd, disable, enable or role"));
	for (int i = 2; i < argc; i++) {
		int r;
		if ((r = opt_arg(argc, argv, &i, "--role", &v))) {
			if (r < 0)
				return EXIT_USAGE;
			role_s = v;
		} else if ((r = opt_arg(argc, argv, &i, "--agency", &v))) {
			if (r < 0)
				return EXIT_USAGE;
			agency = v;
		} else if (!strcmp(argv[i], "--password-stdin")) {
			from_stdin = 1;
		} else if (!strcmp(argv[i], "--scope")) {
			scoped = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error(c, L("未知选项：%s", "unknown option: %s"), argv[i]);
		} else if (!name) {
			name = argv[i];
		} else {
			return usage_error(c, L("多余的参数：%s", "unexpected argument: %s"), argv[i]);
		}
	}
	if (!strcmp(sub, "list")) {
		if (name || role_s || agency || from_stdin)
			return usage_error(c, "%s", L("user list 不带参数", "user list takes no arguments"));
		return user_list(ctx);
	}
	int is_add = !strcmp(sub, "add"), is_passwd = !strcmp(sub, "passwd"), is_disable = !strcmp(sub, "disable");
	int is_enable = !strcmp(sub, "enable"), is_role = !strcmp(sub, "role");
	if (!is_add && !is_passwd && !is_disable && !is_enable && !is_role)
		return usage_error(c, L("未知子命令：%s", "unknown subcommand: %s"), sub);
	if (!name)
		return usage_error(c, "%s", L("需要用户名", "a user name is needed"));
	if (!is_add && scoped)
		return usage_error(c, "%s", L("--scope 只用于 user add", "--scope goes with user add only"));
	if (!is_add && !is_role && (role_s || agency))
		return usage_error(c, "%s", L("--role 和 --agency 只用于 user add 和 user role", "--role and --agency go with user add and user role only"));
	if ((is_disable || is_enable || is_role) && from_stdin)
		return usage_error(c, L("user %s 不需要密码", "user %s takes no password"), sub);
	unsigned role = 0;
	if (is_add || is_role) {
		if (!role_s)
			return usage_error(c, "%s", L("请用 --role 指定角色", "give the role with --role"));
		if (role_parse(role_s, &role))
			return usage_error(c, L("角色应为 agency、reviewer、budget、viewer 或 admin：%s",
						"the role is agency, reviewer, budget, viewer or admin: %s"),
					   role_s);
	}
	struct buf err = BUF_INIT;
	if (auth_check_name(name, &err)) {
		zb_err("%s: %s", name, buf_str(&err));
		buf_release(&err);
		return EXIT_USAGE;
	}
	char pw[AUTH_PW_MAX + 2] = "";
	if ((is_add || is_passwd) && get_password(c, from_stdin, pw, sizeof pw))
		return EXIT_USAGE;
	const char *actor = ctx->who;
	struct auth_change ch = { NULL, is_enable ? 0 : -1, is_role ? (int)role : -1, agency };
	if (is_add)
		rc = auth_user_add_in(ctx->b, actor, name, role, agency, scoped, pw, &err);
	else if (is_passwd)
		rc = auth_user_passwd(ctx->b, actor, name, pw, &err);
	else if (is_disable)
		rc = auth_user_disable(ctx->b, actor, name, &err);
	else
		rc = auth_user_change(ctx->b, actor, name, &ch, &err);
	sodium_memzero(pw, sizeof pw);
	if (rc)
		zb_err("%s", buf_str(&err));
	else if (is_add)
		printf(L("已添加用户 %s（%s，区划 %s%s）\n", "added user %s (%s, region %s%s)\n"), name, role_name(role),
		       ctx->b->region, scoped ? L("，可读下级区划汇总", ", may read its subtree's roll-ups") : "");
	else if (is_passwd)
		printf(L("已修改用户 %s 的密码，其登录会话已失效\n", "changed the password of %s; its sessions ended\n"), name);
	else if (is_disable)
		printf(L("已停用用户 %s\n", "disabled user %s\n"), name);
	else if (is_enable)
		printf(L("已启用用户 %s\n", "enabled user %s\n"), name);
	else
		printf(L("用户 %s 的角色已改为 %s%s%s，其登录会话已失效\n", "user %s is now %s%s%s; its sessions ended\n"), name,
		       role_name(role), agency ? " " : "", agency ? agency : "");
	buf_release(&err);
	return status(rc);
}
