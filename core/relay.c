// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * relay.c - run one job per target, each on its own thread, while the
 * caller's thread alone calls the UI's callbacks: the jobs' progress and
 * log lines are queued here and handed on, and a cancel reaches them all.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fanout.h"

#define RELAY_EVENTS  8	 /* per job; reports of one phase merge */
#define RELAY_LINES   64 /* log lines waiting, all jobs together */
#define RELAY_TICK_MS 50 /* the caller's thread looks this often */
#define RELAY_ITEM    STK_PATH_MAX

struct relay;

struct event {
	struct stk_progress pr;
	char item[RELAY_ITEM];
};

struct worker {
	struct relay *rl;
	struct relay_job *job;
	struct stk_ctx *ctx;
	pthread_t thread;
	bool started;
	bool done;
	unsigned n_ev;
	struct event ev[RELAY_EVENTS];
};

struct line {
	enum stk_level level;
	char text[STK_LOG_LINE];
};

struct relay {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool cancel;
	unsigned n_lines;
	unsigned lost_lines;
	struct line line[RELAY_LINES];
};

/* A job's progress: queued for the caller's thread; says whether to stop. */
static int on_progress(const struct stk_progress *pr, void *data)
{
	struct worker *w = data;
	struct relay *rl = w->rl;
	struct event *e;
	bool stop;

	pthread_mutex_lock(&rl->lock);
	if (w->n_ev && w->ev[w->n_ev - 1].pr.phase == pr->phase)
		e = &w->ev[w->n_ev - 1];
	else if (w->n_ev < RELAY_EVENTS)
		e = &w->ev[w->n_ev++];
	else
		e = &w->ev[w->n_ev - 1];
	e->pr = *pr;
	e->pr.target = w->job->target;
	e->item[0] = '\0';
	if (pr->item)
		stk_strlcpy(e->item, pr->item, sizeof(e->item));
	stop = rl->cancel;
	pthread_mutex_unlock(&rl->lock);
	return stop;
}

static void on_log(enum stk_level level, const char *msg, void *data)
{
	struct worker *w = data;
	struct relay *rl = w->rl;

	pthread_mutex_lock(&rl->lock);
	if (rl->n_lines < RELAY_LINES) {
		rl->line[rl->n_lines].level = level;
		snprintf(rl->line[rl->n_lines].text, STK_LOG_LINE, "%s: %s",
			 w->job->name, msg);
		rl->n_lines++;
	} else {
		rl->lost_lines++;
	}
	pthread_mutex_unlock(&rl->lock);
}

static void *worker_main(void *p)
{
	struct worker *w = p;
	int rc = w->job->fn(w->ctx, w->job->arg);

	pthread_mutex_lock(&w->rl->lock);
	w->job->rc = rc;
	w->done = true;
	pthread_cond_broadcast(&w->rl->cond);
	pthread_mutex_unlock(&w->rl->lock);
	return NULL;
}

/*
 * On the caller's thread: hand on what the jobs queued. The queues are
 * copied under the lock and handed on without it, so a slow UI does not
 * hold the jobs up.
 */
static bool drain(struct stk_ctx *ctx, struct relay *rl, struct worker *w,
		  size_t n, struct event *evs, struct line *lines)
{
	unsigned n_lines, lost, i, k;
	size_t j;
	bool all_done = true, stop = false;

	pthread_mutex_lock(&rl->lock);
	n_lines = rl->n_lines;
	lost = rl->lost_lines;
	memcpy(lines, rl->line, n_lines * sizeof(*lines));
	rl->n_lines = 0;
	rl->lost_lines = 0;
	k = 0;
	for (j = 0; j < n; j++) {
		for (i = 0; i < w[j].n_ev; i++)
			evs[k++] = w[j].ev[i];
		w[j].n_ev = 0;
		if (w[j].started && !w[j].done)
			all_done = false;
	}
	pthread_mutex_unlock(&rl->lock);

	for (i = 0; i < n_lines; i++)
		stk_log(ctx, lines[i].level, "%s", lines[i].text);
	if (lost)
		stk_log(ctx, STK_LOG_WARN, "%u log lines of the targets lost",
			lost);
	for (i = 0; i < k; i++) {
		evs[i].pr.item = evs[i].item[0] ? evs[i].item : NULL;
		if (ctx->progress_fn &&
		    ctx->progress_fn(&evs[i].pr, ctx->progress_data))
			stop = true;
	}
	if (stop) {
		pthread_mutex_lock(&rl->lock);
		rl->cancel = true;
		pthread_mutex_unlock(&rl->lock);
	}
	return all_done;
}

static void wait_tick(struct relay *rl)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += RELAY_TICK_MS * 1000000L;
	ts.tv_sec += ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&rl->lock);
	pthread_cond_timedwait(&rl->cond, &rl->lock, &ts);
	pthread_mutex_unlock(&rl->lock);
}

int relay_run(struct stk_ctx *ctx, struct relay_job *jobs, size_t n)
{
	struct relay rl = {.cancel = false};
	struct worker *w;
	struct event *evs;
	struct line *lines;
	size_t i;
	int rc = 0;

	w = calloc(n, sizeof(*w));
	evs = calloc(n * RELAY_EVENTS, sizeof(*evs));
	lines = calloc(RELAY_LINES, sizeof(*lines));
	if (!w || !evs || !lines) {
		free(w);
		free(evs);
		free(lines);
		for (i = 0; i < n; i++)
			jobs[i].rc = -ENOMEM;
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	}
	pthread_mutex_init(&rl.lock, NULL);
	pthread_cond_init(&rl.cond, NULL);

	/* 1. One thread per job, each with a context of its own. */
	for (i = 0; i < n; i++) {
		w[i].rl = &rl;
		w[i].job = &jobs[i];
		w[i].ctx = ctx_worker_new(ctx);
		jobs[i].rc = -ENOMEM;
		jobs[i].errmsg[0] = '\0';
		if (!w[i].ctx) {
			rc = stk_seterr(ctx, -ENOMEM, "out of memory");
			continue;
		}
		stk_ctx_set_progress(w[i].ctx, on_progress, &w[i]);
		stk_ctx_set_log(w[i].ctx, on_log, &w[i]);
		jobs[i].rc = -EAGAIN;
		if (pthread_create(&w[i].thread, NULL, worker_main, &w[i])) {
			rc = stk_seterr(ctx, -EAGAIN,
					"cannot start a thread for '%s'",
					jobs[i].name);
			continue;
		}
		w[i].started = true;
	}

	/* 2. The callbacks, on this thread, until the last job returns. */
	while (!drain(ctx, &rl, w, n, evs, lines))
		wait_tick(&rl);

	/* 3. Collect. */
	for (i = 0; i < n; i++) {
		if (w[i].started) {
			pthread_join(w[i].thread, NULL);
			stk_strlcpy(jobs[i].errmsg, w[i].ctx->errmsg,
				    sizeof(jobs[i].errmsg));
		}
		free(w[i].ctx);
	}
	drain(ctx, &rl, w, n, evs, lines);
	pthread_cond_destroy(&rl.cond);
	pthread_mutex_destroy(&rl.lock);
	free(w);
	free(evs);
	free(lines);
	return rc;
}
