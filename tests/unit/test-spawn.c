// SPDX-License-Identifier: GPL-3.0-or-later
/* test-spawn.c - running helper tools: output logged, status as errors. */
#include <stdlib.h>

#include "t.h"
#include "internal.h"
#include "spawn.h"

static void output_is_captured_and_logged(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	const char *argv[] = { "sh", "-c", "echo one; echo two >&2; echo three",
			       NULL };
	const char *lines[8];
	char *out = NULL;
	size_t n, i;
	int seen = 0;

	T_EQ_INT(spawn_run(ctx, argv, NULL, &out), 0);
	T_OK(out && strstr(out, "one\n") && strstr(out, "two\n") &&
	     strstr(out, "three\n"));
	n = stk_ctx_log_lines(ctx, lines, 8);
	for (i = 0; i < n; i++)
		seen |= (!strcmp(lines[i], "sh: one")) |
			(!strcmp(lines[i], "sh: two")) << 1 |
			(!strcmp(lines[i], "sh: three")) << 2;
	T_EQ_INT(seen, 7);
	free(out);
	stk_ctx_free(ctx);
}

static enum stk_level worst;

static void note_level(enum stk_level level, const char *msg, void *data)
{
	if (level > worst)
		worst = level;
}

static void tool_chatter_stays_in_the_log(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	const char *argv[] = { "sh", "-c", "echo 'sh: warning: banner' >&2",
			       NULL };
	const char *lines[4];

	worst = STK_LOG_DEBUG;
	stk_ctx_set_log(ctx, note_level, NULL);
	T_EQ_INT(spawn_run(ctx, argv, NULL, NULL), 0);
	/* INFO never reaches a screen; the tool is not named twice */
	T_EQ_INT(worst, STK_LOG_INFO);
	T_EQ_INT(stk_ctx_log_lines(ctx, lines, 4), 1);
	T_EQ_STR(lines[0], "sh: warning: banner");
	stk_ctx_free(ctx);
}

static void environment_is_added(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	const char *argv[] = { "sh", "-c", "printf %s \"$STK_T\"", NULL };
	const char *env[] = { "STK_T=yes", NULL };
	char *out = NULL;

	T_EQ_INT(spawn_run(ctx, argv, env, &out), 0);
	T_EQ_STR(out, "yes");
	free(out);
	stk_ctx_free(ctx);
}

static void exit_status_is_an_error_with_the_last_line(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	const char *argv[] = { "sh", "-c", "echo 'disk full' >&2; exit 3",
			       NULL };

	T_EQ_INT(spawn_run(ctx, argv, NULL, NULL), -EIO);
	T_EQ_STR(stk_ctx_errmsg(ctx),
		 "'sh' failed with exit status 3: disk full");
	stk_ctx_free(ctx);
}

static void missing_tool_says_so(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	const char *argv[] = { "/nonexistent/stk-tool", NULL };

	T_EQ_INT(spawn_run(ctx, argv, NULL, NULL), -ENOENT);
	T_OK(strstr(stk_ctx_errmsg(ctx), "cannot run 'stk-tool'") != NULL);
	stk_ctx_free(ctx);
}

static void long_output_does_not_block(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	const char *argv[] = { "sh", "-c",
			       "i=0; while [ $i -lt 3000 ]; do echo line$i; echo err$i >&2; i=$((i+1)); done",
			       NULL };
	char *out = NULL;

	T_EQ_INT(spawn_run(ctx, argv, NULL, &out), 0);
	T_OK(out && strstr(out, "line2999\n") != NULL);
	free(out);
	stk_ctx_free(ctx);
}

T_MAIN(
	T_CASE(output_is_captured_and_logged),
	T_CASE(tool_chatter_stays_in_the_log),
	T_CASE(environment_is_added),
	T_CASE(exit_status_is_an_error_with_the_last_line),
	T_CASE(missing_tool_says_so),
	T_CASE(long_output_does_not_block),
)
