// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ring.c - the bounded queue of aligned buffers between a producer thread
 * (reading the image, or reading the target back) and one or more
 * consumers. Every consumer sees every slot, at its own pace; a slot is
 * filled again only when every consumer still in the ring is done with it,
 * so the slowest one holds the producer back by at most the ring's depth.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "internal.h"
#include "ring.h"

struct ring {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct ring_slot *slot;
	unsigned depth;
	uint64_t filled; /* slots pushed so far (a sequence number) */
	uint64_t oldest; /* oldest slot some consumer still needs */
	unsigned n_cons;
	uint64_t *next;	      /* per consumer: the slot it takes next */
	bool *gone;	      /* per consumer: left the ring */
	bool stop;	      /* stop producing */
	bool ended;	      /* producer returned */
	int rc;		      /* its return code */
	struct stk_ctx *pctx; /* its messages */
	ring_produce_fn fn;
	void *arg;
	pthread_t thread;
};

static void *ring_main(void *p)
{
	struct ring *r = p;
	int rc = r->fn(r, r->pctx, r->arg);

	pthread_mutex_lock(&r->lock);
	r->rc = rc;
	r->ended = true;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

static void ring_free(struct ring *r)
{
	unsigned i;

	for (i = 0; r->slot && i < r->depth; i++)
		free(r->slot[i].buf);
	free(r->slot);
	free(r->next);
	free(r->gone);
	free(r->pctx);
	pthread_cond_destroy(&r->cond);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

int ring_start_shared(struct stk_ctx *ctx, size_t buf_bytes, unsigned depth,
		      unsigned n_cons, ring_produce_fn fn, void *arg,
		      struct ring **out)
{
	struct ring *r;
	unsigned i;

	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	r->depth = depth;
	r->n_cons = n_cons;
	r->pctx = ctx_worker_new(ctx);
	r->slot = calloc(depth, sizeof(*r->slot));
	r->next = calloc(n_cons, sizeof(*r->next));
	r->gone = calloc(n_cons, sizeof(*r->gone));
	for (i = 0; r->slot && i < depth; i++) {
		r->slot[i].buf = io_alloc_aligned(buf_bytes);
		r->slot[i].cap = buf_bytes;
		if (!r->slot[i].buf)
			break;
	}
	if (!r->pctx || !r->slot || !r->next || !r->gone || i < depth) {
		ring_free(r);
		return stk_seterr(ctx, -ENOMEM, "cannot allocate I/O buffers");
	}
	r->fn = fn;
	r->arg = arg;
	if (pthread_create(&r->thread, NULL, ring_main, r)) {
		ring_free(r);
		return stk_seterr(ctx, -EAGAIN,
				  "cannot start the reader thread");
	}
	*out = r;
	return 0;
}

int ring_start(struct stk_ctx *ctx, size_t buf_bytes, ring_produce_fn fn,
	       void *arg, struct ring **out)
{
	return ring_start_shared(ctx, buf_bytes, RING_DEPTH, 1, fn, arg, out);
}

/* The oldest slot a consumer still in the ring has not released. */
static void advance_oldest(struct ring *r)
{
	uint64_t min = r->filled;
	unsigned i;

	for (i = 0; i < r->n_cons; i++)
		if (!r->gone[i] && r->next[i] < min)
			min = r->next[i];
	r->oldest = min;
}

static bool all_gone(const struct ring *r)
{
	unsigned i;

	for (i = 0; i < r->n_cons; i++)
		if (!r->gone[i])
			return false;
	return true;
}

struct ring_slot *ring_claim(struct ring *r)
{
	struct ring_slot *s = NULL;

	pthread_mutex_lock(&r->lock);
	while (!r->stop && r->filled - r->oldest == r->depth)
		pthread_cond_wait(&r->cond, &r->lock);
	if (!r->stop) {
		s = &r->slot[r->filled % r->depth];
		s->off = 0;
		s->len = 0;
		s->skip = 0;
		s->hash = 0;
		s->short_read = false;
	}
	pthread_mutex_unlock(&r->lock);
	return s;
}

void ring_push(struct ring *r)
{
	pthread_mutex_lock(&r->lock);
	r->filled++;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

int ring_pop_for(struct ring *r, unsigned cons, struct ring_slot **slot,
		 int timeout_ms)
{
	struct timespec ts;
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += (long)timeout_ms * 1000000L;
	ts.tv_sec += ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&r->lock);
	while (r->next[cons] == r->filled && !r->ended && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&r->cond, &r->lock, &ts);
	if (r->next[cons] < r->filled) {
		*slot = &r->slot[r->next[cons] % r->depth];
		rc = 0;
	} else if (r->ended) {
		rc = r->rc ? r->rc : 1;
	} else {
		rc = -ETIMEDOUT;
	}
	pthread_mutex_unlock(&r->lock);
	return rc;
}

int ring_pop(struct ring *r, struct ring_slot **slot, int timeout_ms)
{
	return ring_pop_for(r, 0, slot, timeout_ms);
}

void ring_release_for(struct ring *r, unsigned cons)
{
	pthread_mutex_lock(&r->lock);
	r->next[cons]++;
	advance_oldest(r);
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

void ring_release(struct ring *r)
{
	ring_release_for(r, 0);
}

void ring_leave(struct ring *r, unsigned cons)
{
	pthread_mutex_lock(&r->lock);
	r->gone[cons] = true;
	advance_oldest(r);
	/* nobody left to read: the producer need not go on */
	if (all_gone(r))
		r->stop = true;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

int ring_error(struct stk_ctx *ctx, struct ring *r)
{
	int rc;

	pthread_mutex_lock(&r->lock);
	rc = r->ended ? r->rc : 0;
	pthread_mutex_unlock(&r->lock);
	if (rc && rc != -ECANCELED && r->pctx->errmsg[0])
		stk_seterr(ctx, rc, "%s", r->pctx->errmsg);
	return rc;
}

int ring_finish(struct stk_ctx *ctx, struct ring *r)
{
	int rc;

	if (!r)
		return 0;
	pthread_mutex_lock(&r->lock);
	r->stop = true;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	rc = ring_error(ctx, r);
	ring_free(r);
	return rc;
}

int ring_next_for(struct ring *r, unsigned cons, struct ring_slot **slot,
		  struct stk_ctx *ctx, struct stk_throttle *tp,
		  const uint64_t *done, bool take_error)
{
	int rc;

	for (;;) {
		rc = ring_pop_for(r, cons, slot, 100);
		if (rc == -ETIMEDOUT) {
			/* a cancel keeps the message stk_report() gave it */
			rc = stk_throttle(ctx, tp, *done, false);
			if (rc)
				return rc;
			continue;
		}
		if (rc < 0 && take_error)
			ring_error(ctx, r);
		return rc;
	}
}

int ring_next(struct ring *r, struct ring_slot **slot, struct stk_ctx *ctx,
	      struct stk_throttle *tp, const uint64_t *done)
{
	return ring_next_for(r, 0, slot, ctx, tp, done, false);
}
