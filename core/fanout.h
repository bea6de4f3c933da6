/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fanout.h - one source, many targets: the plan's targets (plan-many.c)
 * and the relay that runs one job per target on its own thread while the
 * caller's thread keeps the callbacks (relay.c).
 */
#ifndef STK_FANOUT_H
#define STK_FANOUT_H

#include "internal.h"

/* Target @i of @plan as its own plan (0 is @plan itself), or NULL. */
struct stk_plan *plan_target_plan(const struct stk_plan *plan, size_t i);

/*
 * plan_check_distinct - no target named twice (however spelt: a symlink,
 * usb:SERIAL, /dev/disk/by-id) and none the image itself. -EINVAL naming
 * them otherwise.
 */
int plan_check_distinct(struct stk_ctx *ctx, const struct stk_plan *plan);

/*
 * A job of relay_run(): @fn(@jctx, @arg) runs on a thread of its own with
 * a context of its own, whose progress reports reach the caller's
 * callback with .target = @target and whose log lines reach the caller's
 * log prefixed "@name: ". After relay_run(), @rc is what @fn returned and
 * @errmsg its context's message.
 */
typedef int (*relay_job_fn)(struct stk_ctx *jctx, void *arg);

struct relay_job {
	relay_job_fn	fn;
	void		*arg;
	int		target;		/* stk_progress.target */
	const char	*name;		/* for log lines */
	int		rc;
	char		errmsg[STK_ERRMSG_MAX];
};

/*
 * relay_run - run @n jobs at once and return when every one has. Their
 * progress and log lines are handed to @ctx's callbacks on the calling
 * thread, in order per job (a job's reports of one phase may be merged,
 * the last one always kept). A non-zero return from @ctx's progress
 * callback asks every job to stop (their own callbacks then return 1).
 * Returns 0, or -ENOMEM / -EAGAIN when the jobs could not be started
 * (each such job's @rc says so too).
 */
int relay_run(struct stk_ctx *ctx, struct relay_job *jobs, size_t n);

#endif /* STK_FANOUT_H */
