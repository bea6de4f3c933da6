// SPDX-License-Identifier: GPL-3.0-or-later
/* test-ctx.c - context: error messages, log ring, debug mask, progress,
 * the fixture roots and the contexts of worker threads. */
#include <stdlib.h>

#include "t.h"
#include "internal.h"
#include "sysfs.h"

static void seterr_returns_code_and_keeps_message(void)
{
	struct stk_ctx *ctx = stk_ctx_new();

	T_OK(ctx != NULL);
	T_EQ_STR(stk_ctx_errmsg(ctx), "");
	T_EQ_INT(stk_seterr(ctx, -EBUSY, "'%s' is mounted", "sdb"), -EBUSY);
	T_EQ_STR(stk_ctx_errmsg(ctx), "'sdb' is mounted");
	stk_ctx_free(ctx);
}

static void log_ring_keeps_the_last_lines(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	const char *lines[4];
	size_t n;
	int i;

	for (i = 0; i < STK_LOG_RING + 3; i++)
		stk_log(ctx, STK_LOG_INFO, "line %d", i);
	n = stk_ctx_log_lines(ctx, lines, 4);
	T_EQ_INT(n, 4);
	T_EQ_STR(lines[0], "line 63");
	T_EQ_STR(lines[3], "line 66");
	stk_ctx_free(ctx);
}

static void log_ring_forgets_on_request(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	const char *lines[4];

	stk_log(ctx, STK_LOG_INFO, "an earlier run");
	stk_ctx_log_forget(ctx);
	T_EQ_INT(stk_ctx_log_lines(ctx, lines, 4), 0);
	stk_log(ctx, STK_LOG_INFO, "this run");
	T_EQ_INT(stk_ctx_log_lines(ctx, lines, 4), 1);
	T_EQ_STR(lines[0], "this run");
	stk_ctx_free(ctx);
}

static void debug_mask_parses_names(void)
{
	T_EQ_INT(stk_debug_parse(NULL), 0);
	T_EQ_INT(stk_debug_parse("probe,write"), STK_DBG_PROBE | STK_DBG_WRITE);
	T_EQ_INT(stk_debug_parse("nonsense"), 0);
	T_EQ_INT(stk_debug_parse("all"), STK_DBG_ALL);
}

static int stop_at_two(const struct stk_progress *pr, void *data)
{
	int *calls = data;

	(*calls)++;
	return pr->done >= 2;
}

static void progress_callback_can_cancel(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	int calls = 0;

	T_EQ_INT(stk_report(ctx, STK_PHASE_WRITE, 1, 4, 0, NULL), 0);
	stk_ctx_set_progress(ctx, stop_at_two, &calls);
	T_EQ_INT(stk_report(ctx, STK_PHASE_WRITE, 1, 4, 0, NULL), 0);
	T_EQ_INT(stk_report(ctx, STK_PHASE_WRITE, 2, 4, 0, NULL), -ECANCELED);
	T_EQ_INT(calls, 2);
	T_EQ_STR(stk_ctx_errmsg(ctx), "stopped by the user");
	stk_ctx_free(ctx);
}

/* The roots are read when the context is made, and workers share them. */
static void roots_are_read_once_and_shared(void)
{
	struct stk_ctx *ctx, *w;

	setenv("STICKLER_SYSFS", "/tmp/stk-no-such-sys", 1);
	setenv("STICKLER_MOUNTINFO", "", 1);
	unsetenv("STICKLER_SWAPS");
	ctx = stk_ctx_new();
	unsetenv("STICKLER_SYSFS");
	unsetenv("STICKLER_MOUNTINFO");
	T_OK(ctx != NULL);
	if (!ctx)
		return;
	T_OK(sysfs_is_fixture(ctx));
	T_EQ_STR(ctx->roots.sysfs, "/tmp/stk-no-such-sys");
	T_EQ_STR(ctx->roots.mountinfo, "/proc/self/mountinfo");
	T_EQ_STR(ctx->roots.swaps, "/proc/swaps");
	w = ctx_worker_new(ctx);
	T_OK(w != NULL);
	if (w) {
		T_OK(sysfs_is_fixture(w));
		T_EQ_STR(w->roots.sysfs, "/tmp/stk-no-such-sys");
		free(w);
	}
	stk_ctx_free(ctx);
	ctx = stk_ctx_new();
	T_OK(ctx && !sysfs_is_fixture(ctx));
	T_OK(ctx && !strcmp(ctx->roots.sysfs, "/sys"));
	stk_ctx_free(ctx);
}

T_MAIN(
	T_CASE(seterr_returns_code_and_keeps_message),
	T_CASE(log_ring_keeps_the_last_lines),
	T_CASE(log_ring_forgets_on_request),
	T_CASE(debug_mask_parses_names),
	T_CASE(progress_callback_can_cancel),
	T_CASE(roots_are_read_once_and_shared),
)
