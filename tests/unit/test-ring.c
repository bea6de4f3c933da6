// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * test-ring.c - the ring with several consumers: each sees every slot in
 * order at its own pace, the producer never gets more than the depth
 * ahead of the slowest, one that leaves holds nobody back, and when all
 * have left the producer stops.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "t.h"
#include "internal.h"
#include "ring.h"

#define N_SLOTS 40
#define DEPTH	3

struct prod {
	atomic_int pushed;
	int n;
};

static int produce(struct ring *r, struct stk_ctx *pctx, void *arg)
{
	struct prod *p = arg;
	struct ring_slot *s;
	int i;

	for (i = 0; i < p->n; i++) {
		s = ring_claim(r);
		if (!s)
			return -ECANCELED;
		s->off = (uint64_t)i;
		s->len = 1;
		s->buf[0] = (uint8_t)i;
		ring_push(r);
		atomic_fetch_add(&p->pushed, 1);
	}
	return 0;
}

struct cons {
	struct ring *r;
	struct prod *p;
	unsigned idx;
	int delay_us;
	int leave_after; /* -1: read to the end */
	int seen;
	bool in_order;
	bool bounded;
	int end_rc;
};

static void *consume(void *arg)
{
	struct cons *c = arg;
	struct ring_slot *s;
	int rc;

	c->in_order = c->bounded = true;
	for (;;) {
		if (c->leave_after >= 0 && c->seen == c->leave_after) {
			ring_leave(c->r, c->idx);
			c->end_rc = 0;
			return NULL;
		}
		rc = ring_pop_for(c->r, c->idx, &s, 1000);
		if (rc == -ETIMEDOUT)
			continue;
		if (rc) {
			c->end_rc = rc;
			ring_leave(c->r, c->idx);
			return NULL;
		}
		if (s->off != (uint64_t)c->seen ||
		    s->buf[0] != (uint8_t)c->seen)
			c->in_order = false;
		/* holding slot k: at most DEPTH slots were pushed past k */
		if (atomic_load(&c->p->pushed) > c->seen + DEPTH)
			c->bounded = false;
		usleep((useconds_t)c->delay_us);
		c->seen++;
		ring_release_for(c->r, c->idx);
	}
}

static int run(struct cons *c, unsigned n, struct prod *p, int *finish_rc)
{
	struct stk_ctx *ctx = stk_ctx_new();
	pthread_t th[8];
	struct ring *r;
	unsigned i;

	T_EQ_INT(ring_start_shared(ctx, 4096, DEPTH, n, produce, p, &r), 0);
	for (i = 0; i < n; i++) {
		c[i].r = r;
		c[i].p = p;
		c[i].idx = i;
		pthread_create(&th[i], NULL, consume, &c[i]);
	}
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	*finish_rc = ring_finish(ctx, r);
	stk_ctx_free(ctx);
	return 0;
}

static void every_consumer_sees_every_slot(void)
{
	struct prod p = {.n = N_SLOTS};
	struct cons c[3] = {
		{.delay_us = 0, .leave_after = -1},
		{.delay_us = 300, .leave_after = -1},
		{.delay_us = 3000, .leave_after = -1},
	};
	int i, frc;

	run(c, 3, &p, &frc);
	T_EQ_INT(frc, 0);
	for (i = 0; i < 3; i++) {
		T_EQ_INT(c[i].seen, N_SLOTS);
		T_OK(c[i].in_order);
		T_EQ_INT(c[i].end_rc, 1);
	}
	/* the slowest set the pace: nobody saw the producer run away */
	T_OK(c[0].bounded && c[1].bounded && c[2].bounded);
}

static void one_leaving_holds_nobody_back(void)
{
	struct prod p = {.n = N_SLOTS};
	struct cons c[3] = {
		{.delay_us = 0, .leave_after = -1},
		{.delay_us = 0, .leave_after = 5},
		{.delay_us = 100, .leave_after = -1},
	};
	int frc;

	run(c, 3, &p, &frc);
	T_EQ_INT(frc, 0);
	T_EQ_INT(c[0].seen, N_SLOTS);
	T_EQ_INT(c[1].seen, 5);
	T_EQ_INT(c[2].seen, N_SLOTS);
	T_EQ_INT(atomic_load(&p.pushed), N_SLOTS);
}

static void all_leaving_stops_the_producer(void)
{
	struct prod p = {.n = 100000};
	struct cons c[2] = {
		{.delay_us = 0, .leave_after = 3},
		{.delay_us = 0, .leave_after = 4},
	};
	int frc;

	run(c, 2, &p, &frc);
	T_EQ_INT(frc, -ECANCELED);
	T_OK(atomic_load(&p.pushed) <= 4 + DEPTH);
}

T_MAIN(T_CASE(every_consumer_sees_every_slot),
       T_CASE(one_leaving_holds_nobody_back),
       T_CASE(all_leaving_stops_the_producer), )
