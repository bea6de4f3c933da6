// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ctx.c - the context: callbacks, debug mask, where sysfs and the mount
 * tables are read, and the foreign libraries' message handlers, set up
 * before anything else runs.
 */
#include <stdlib.h>
#include <time.h>

#include "internal.h"

/* A copy of @var's value when it is set and not empty, else of @live. */
static char *root_from(const char *var, const char *live, bool *named)
{
	const char *v = getenv(var);

	*named = v && *v;
	return strdup(*named ? v : live);
}

static void roots_free(struct stk_roots *r)
{
	free(r->sysfs);
	free(r->mountinfo);
	free(r->swaps);
}

struct stk_ctx *stk_ctx_new(void)
{
	struct stk_ctx *ctx;
	struct stk_roots *r;
	bool named;

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return NULL;
	r = &ctx->roots;
	r->mountinfo =
		root_from("STICKLER_MOUNTINFO", "/proc/self/mountinfo", &named);
	r->swaps = root_from("STICKLER_SWAPS", "/proc/swaps", &named);
	/* any tree named, even /sys itself, is a fixture: never opened */
	r->sysfs = root_from("STICKLER_SYSFS", "/sys", &r->fixture);
	if (!r->sysfs || !r->mountinfo || !r->swaps) {
		roots_free(r);
		free(ctx);
		return NULL;
	}
	ctx->debug_mask = stk_debug_parse(getenv("STICKLER_DEBUG"));
	iso_init_logging(ctx);
	return ctx;
}

struct stk_ctx *ctx_worker_new(const struct stk_ctx *parent)
{
	struct stk_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	ctx->debug_mask = parent->debug_mask;
	ctx->roots = parent->roots;
	return ctx;
}

void stk_ctx_free(struct stk_ctx *ctx)
{
	if (!ctx)
		return;
	iso_init_logging(NULL);
	roots_free(&ctx->roots);
	free(ctx);
}

void stk_ctx_set_progress(struct stk_ctx *ctx, stk_progress_fn fn, void *data)
{
	ctx->progress_fn = fn;
	ctx->progress_data = data;
}

void stk_ctx_set_log(struct stk_ctx *ctx, stk_log_fn fn, void *data)
{
	ctx->log_fn = fn;
	ctx->log_data = data;
}

void stk_throttle_init(struct stk_throttle *t, enum stk_phase phase,
		       uint64_t total)
{
	t->phase = phase;
	t->total = total;
	t->t0 = stk_now();
	t->last = 0;
}

int stk_throttle(struct stk_ctx *ctx, struct stk_throttle *t, uint64_t done,
		 bool force)
{
	double now = stk_now();

	if (!force && now - t->last < 0.1)
		return 0;
	t->last = now;
	return stk_report(ctx, t->phase, done, t->total, now - t->t0, NULL);
}

int stk_report(struct stk_ctx *ctx, enum stk_phase phase, uint64_t done,
	       uint64_t total, double elapsed_s, const char *item)
{
	struct stk_progress pr = {
		.phase = phase,
		.done = done,
		.total = total,
		.elapsed_s = elapsed_s,
		.item = item,
	};

	if (!ctx->progress_fn)
		return 0;
	if (ctx->progress_fn(&pr, ctx->progress_data))
		return stk_seterr(ctx, -ECANCELED, "stopped by the user");
	return 0;
}

const char *stk_phase_name(enum stk_phase phase)
{
	static const char *const names[] = {
		[STK_PHASE_PROBE] = "probe",
		[STK_PHASE_PARTITION] = "partition",
		[STK_PHASE_FORMAT] = "format",
		[STK_PHASE_COPY] = "copy",
		[STK_PHASE_BOOTLOADER] = "bootloader",
		[STK_PHASE_WRITE] = "write",
		[STK_PHASE_VERIFY] = "verify",
		[STK_PHASE_SYNC] = "sync",
		[STK_PHASE_CHECKSUM] = "checksum",
	};

	if ((unsigned)phase < sizeof(names) / sizeof(names[0]) && names[phase])
		return names[phase];
	return "unknown";
}

double stk_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
