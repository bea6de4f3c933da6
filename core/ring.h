/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ring.h - a bounded queue between a producer thread and the caller (ring.c).
 */
#ifndef STK_RING_H
#define STK_RING_H

#include "internal.h"

/*
 * A bounded queue of aligned buffers between one producer thread and one
 * or more consumers (ring.c); the writer and the verifier both use it.
 * The producer reports failures in its own context (@pctx), copied to the
 * caller's by ring_finish().
 */
struct ring_slot {
	uint8_t		*buf;		/* io_alloc_aligned(@cap) */
	size_t		cap;
	uint64_t	off;		/* target offset of the data */
	size_t		len;		/* bytes of data */
	size_t		skip;		/* data starts at buf + skip */
	uint64_t	hash;		/* set by a producer that hashes */
	bool		short_read;	/* the target ended before @len */
};

/* Buffers in flight between the producer and one consumer. */
#define RING_DEPTH	4

struct ring;
typedef int (*ring_produce_fn)(struct ring *r, struct stk_ctx *pctx,
			       void *arg);

/* One consumer, RING_DEPTH slots of @buf_bytes. */
int ring_start(struct stk_ctx *ctx, size_t buf_bytes, ring_produce_fn fn,
	       void *arg, struct ring **out);
/*
 * @n_cons consumers (numbered from 0), each seeing every slot; a slot is
 * refilled once every consumer still in the ring released it.
 */
int ring_start_shared(struct stk_ctx *ctx, size_t buf_bytes, unsigned depth,
		      unsigned n_cons, ring_produce_fn fn, void *arg,
		      struct ring **out);
/* Producer: a free slot to fill, or NULL when told to stop. */
struct ring_slot *ring_claim(struct ring *r);
/* Producer: hand the claimed slot to the consumer. */
void ring_push(struct ring *r);
/*
 * Consumer: the next filled slot in *@slot (0), 1 at the end, -ETIMEDOUT
 * after @timeout_ms with nothing, or the producer's error.
 */
int ring_pop(struct ring *r, struct ring_slot **slot, int timeout_ms);
/*
 * Consumer: ring_pop() that passes on the progress *@done through @tp
 * while it waits. 0 with a slot, 1 at the end, or a negative errno (the
 * producer's error, or -ECANCELED from the progress callback). The
 * producer's message reaches @ctx through ring_finish().
 */
int ring_next(struct ring *r, struct ring_slot **slot, struct stk_ctx *ctx,
	      struct stk_throttle *tp, const uint64_t *done);
/*
 * ring_next() for consumer @cons of a shared ring. With @take_error the
 * producer's error is recorded in @ctx at once (ring_error()), for a
 * consumer whose context is not the one ring_finish() is given; a cancel
 * from the progress callback keeps its own message either way.
 */
int ring_next_for(struct ring *r, unsigned cons, struct ring_slot **slot,
		  struct stk_ctx *ctx, struct stk_throttle *tp,
		  const uint64_t *done, bool take_error);
/* Consumer: done with the slot ring_pop() gave. */
void ring_release(struct ring *r);
/* ring_pop() and ring_release() for consumer @cons of a shared ring. */
int ring_pop_for(struct ring *r, unsigned cons, struct ring_slot **slot,
		 int timeout_ms);
void ring_release_for(struct ring *r, unsigned cons);
/* Consumer @cons reads no more; when none is left the producer stops. */
void ring_leave(struct ring *r, unsigned cons);
/* A producer that failed: its message into @ctx, its code (else 0). */
int ring_error(struct stk_ctx *ctx, struct ring *r);
/*
 * Stop the producer, wait for it and free the ring. When the producer
 * failed, its message is recorded in @ctx; returns its code (or 0).
 */
int ring_finish(struct stk_ctx *ctx, struct ring *r);

#endif /* STK_RING_H */
