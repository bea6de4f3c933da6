// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ring.c - the bounded queue of aligned buffers between a producer thread
 * (reading the image, or reading the target back) and the caller's thread.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "internal.h"
#include "ring.h"

struct ring {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct ring_slot slot[RING_DEPTH];
	unsigned head;	      /* next slot the consumer takes */
	unsigned count;	      /* slots filled or held by the consumer */
	bool stop;	      /* consumer: stop producing */
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

	for (i = 0; i < RING_DEPTH; i++)
		free(r->slot[i].buf);
	free(r->pctx);
	pthread_cond_destroy(&r->cond);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

int ring_start(struct stk_ctx *ctx, size_t buf_bytes, ring_produce_fn fn,
	       void *arg, struct ring **out)
{
	struct ring *r;
	unsigned i;

	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	r->pctx = calloc(1, sizeof(*r->pctx));
	for (i = 0; i < RING_DEPTH; i++) {
		r->slot[i].buf = io_alloc_aligned(buf_bytes);
		r->slot[i].cap = buf_bytes;
		if (!r->slot[i].buf)
			break;
	}
	if (!r->pctx || i < RING_DEPTH) {
		ring_free(r);
		return stk_seterr(ctx, -ENOMEM, "cannot allocate I/O buffers");
	}
	r->pctx->debug_mask = ctx->debug_mask;
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

struct ring_slot *ring_claim(struct ring *r)
{
	struct ring_slot *s = NULL;

	pthread_mutex_lock(&r->lock);
	while (!r->stop && r->count == RING_DEPTH)
		pthread_cond_wait(&r->cond, &r->lock);
	if (!r->stop) {
		s = &r->slot[(r->head + r->count) % RING_DEPTH];
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
	r->count++;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

int ring_pop(struct ring *r, struct ring_slot **slot, int timeout_ms)
{
	struct timespec ts;
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += (long)timeout_ms * 1000000L;
	ts.tv_sec += ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&r->lock);
	while (!r->count && !r->ended && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&r->cond, &r->lock, &ts);
	if (r->count) {
		*slot = &r->slot[r->head];
		rc = 0;
	} else if (r->ended) {
		rc = r->rc ? r->rc : 1;
	} else {
		rc = -ETIMEDOUT;
	}
	pthread_mutex_unlock(&r->lock);
	return rc;
}

void ring_release(struct ring *r)
{
	pthread_mutex_lock(&r->lock);
	r->head = (r->head + 1) % RING_DEPTH;
	r->count--;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
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
	rc = r->rc;
	if (rc && rc != -ECANCELED && r->pctx->errmsg[0])
		stk_seterr(ctx, rc, "%s", r->pctx->errmsg);
	ring_free(r);
	return rc;
}
