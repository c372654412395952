/* cmd_demo.c - placeholder; the demo city generator replaces it. */
#include "dispatch.h"
int cmd_demo(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx; (void)argc; (void)argv;
	zb_err("demo: not built yet");
	return EXIT_FAIL;
}
