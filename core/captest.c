// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * captest.c - catch counterfeit and failing sticks: find the real capacity
 * with blocks tagged by position and salt (the f3probe idea), or write and
 * read the whole surface.
 */
#define _GNU_SOURCE /* O_DIRECT */
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "plan.h"
#include "target.h"

#define BLK	      STK_CAPTEST_BLOCK_BYTES
#define RUN_BYTES     STK_MIB /* written at each probe position */
#define N_RANDOM      48      /* random positions */
#define N_TAIL	      4	      /* the last MiBs */
#define BISECT_POINTS 15
#define FULL_CHUNK    (4u * STK_MIB)
#define MAGIC	      "STKCAP01"

enum verdict { BLOCK_GOOD, BLOCK_ALIAS, BLOCK_LOST };

struct ct {
	struct stk_ctx *ctx;
	struct target *tg;
	uint64_t salt;
	uint64_t size;
	struct stk_captest_result *res;
	uint8_t *buf; /* RUN_BYTES or FULL_CHUNK, aligned */
	double t0;
	double last;
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

/* A block that names itself: magic, salt, offset, then a keyed pattern. */
static void fill_block(uint8_t *b, uint64_t salt, uint64_t off)
{
	uint64_t x = mix(salt ^ off), i;

	memcpy(b, MAGIC, 8);
	put_le64(b + 8, salt);
	put_le64(b + 16, off);
	for (i = 24; i < BLK; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		put_le64(b + i, x);
	}
}

/* What the block read at @off holds; *@other: the offset it names. */
static enum verdict judge(const uint8_t *b, uint64_t salt, uint64_t off,
			  uint64_t *other)
{
	uint8_t want[BLK];
	uint64_t named;

	if (memcmp(b, MAGIC, 8) || get_le64(b + 8) != salt)
		return BLOCK_LOST;
	named = get_le64(b + 16);
	fill_block(want, salt, named);
	if (memcmp(want, b, BLK))
		return BLOCK_LOST;
	*other = named;
	return named == off ? BLOCK_GOOD : BLOCK_ALIAS;
}

static int progress(struct ct *c, enum stk_phase ph, uint64_t done,
		    uint64_t total)
{
	double now = stk_now();

	if (now - c->last < 0.1 && done < total)
		return 0;
	c->last = now;
	return stk_report(c->ctx, ph, done, total, now - c->t0, c->tg->path);
}

static int io_err(struct ct *c, int rc, const char *what, uint64_t off)
{
	return stk_seterr_errno(c->ctx, rc,
				"%s error on '%s' at byte %" PRIu64 "", what,
				c->tg->path, off);
}

static int flush(struct ct *c)
{
	if (fdatasync(c->tg->fd) < 0)
		return stk_seterr_errno(c->ctx, -errno, "cannot flush '%s'",
					c->tg->path);
	if (!c->tg->direct) {
		if (c->tg->is_blockdev)
			ioctl(c->tg->fd, BLKFLSBUF, 0);
		posix_fadvise(c->tg->fd, 0, 0, POSIX_FADV_DONTNEED);
	}
	return 0;
}

static int write_run(struct ct *c, uint64_t off, uint64_t len)
{
	uint64_t i;
	int rc;

	for (i = 0; i < len; i += BLK)
		fill_block(c->buf + i, c->salt, off + i);
	rc = io_pwrite_full(c->tg->fd, c->buf, (size_t)len, off);
	if (rc)
		return io_err(c, rc, "write", off);
	c->res->bytes_written += len;
	return 0;
}

/*
 * Read a run back: *@first_bad the lowest offset that is not good (or
 * UINT64_MAX), *@alias the offset a wrapped block names (or UINT64_MAX).
 */
static int read_run(struct ct *c, uint64_t off, uint64_t len,
		    uint64_t *first_bad, uint64_t *alias)
{
	uint64_t i, other;
	int rc;

	*first_bad = UINT64_MAX;
	*alias = UINT64_MAX;
	rc = io_pread_full(c->tg->fd, c->buf, (size_t)len, off);
	if (rc)
		return io_err(c, rc, "read", off);
	c->res->bytes_read += len;
	for (i = 0; i < len; i += BLK) {
		enum verdict v = judge(c->buf + i, c->salt, off + i, &other);

		if (v == BLOCK_GOOD)
			continue;
		*first_bad = off + i;
		if (v == BLOCK_ALIAS && other < off + i)
			*alias = other;
		break;
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Probe positions: 0, powers of two, the last MiBs, random; descending. */
static size_t positions(struct ct *c, uint64_t *pos, size_t max)
{
	uint64_t runs = c->size / RUN_BYTES, p;
	size_t n = 0, i, j;

	pos[n++] = 0;
	for (p = RUN_BYTES; p + RUN_BYTES <= c->size && n < max; p <<= 1)
		pos[n++] = p;
	for (i = 1; i <= N_TAIL && i <= runs && n < max; i++)
		pos[n++] = (runs - i) * RUN_BYTES;
	for (i = 0; i < N_RANDOM && runs && n < max; i++)
		pos[n++] = mix(c->salt + i) % runs * RUN_BYTES;
	qsort(pos, n, sizeof(*pos), cmp_u64);
	for (i = j = 0; i < n; i++)
		if (!j || pos[i] != pos[j - 1])
			pos[j++] = pos[i];
	/* highest first: a wrapping stick keeps the lowest alias last */
	for (i = 0; i < j / 2; i++) {
		p = pos[i];
		pos[i] = pos[j - 1 - i];
		pos[j - 1 - i] = p;
	}
	return j;
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/*
 * Write the runs (descending), flush, read them back (ascending). The
 * lowest bad offset lowers *@first_bad; the highest good run below it
 * raises *@lo_good; a block that names another offset means the two are
 * one place on the stick, so the real size divides their distance: the
 * distances' greatest common divisor goes to *@period.
 */
static int probe(struct ct *c, const uint64_t *pos, size_t n, uint64_t run_len,
		 uint64_t *lo_good, uint64_t *first_bad, uint64_t *period)
{
	uint64_t bad, alias, total = 2 * n * run_len, done = 0;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = write_run(c, pos[i], run_len);
		if (!rc)
			rc = progress(c, STK_PHASE_WRITE, done += run_len,
				      total);
		if (rc)
			return rc;
		c->res->n_probes += (unsigned)(run_len / BLK);
	}
	rc = flush(c);
	if (rc)
		return rc;
	for (i = n; i-- > 0;) {
		rc = read_run(c, pos[i], run_len, &bad, &alias);
		if (!rc)
			rc = progress(c, STK_PHASE_VERIFY, done += run_len,
				      total);
		if (rc)
			return rc;
		if (bad == UINT64_MAX) {
			if (pos[i] + run_len > *lo_good && pos[i] < *first_bad)
				*lo_good = pos[i] + run_len;
			continue;
		}
		if (alias != UINT64_MAX)
			*period = gcd(*period, bad - alias);
		if (bad < *first_bad)
			*first_bad = bad;
	}
	return 0;
}

static int quick(struct ct *c)
{
	uint64_t pos[64 + N_TAIL + N_RANDOM], lo = 0, bad = UINT64_MAX;
	uint64_t period = 0;
	size_t n;
	int rc, i;

	/* 1. The spread: powers of two, the end, random offsets. */
	n = positions(c, pos, sizeof(pos) / sizeof(pos[0]));
	rc = probe(c, pos, n,
		   c->size < RUN_BYTES ? c->size / BLK * BLK : RUN_BYTES, &lo,
		   &bad, &period);
	if (rc)
		return rc;

	/* 2. Lost writes: bisect between the last good and the first bad. */
	while (bad != UINT64_MAX && !period && bad - lo > BLK) {
		uint64_t step = (bad - lo) / (BISECT_POINTS + 1) / BLK * BLK;
		size_t k = 0;

		if (!step)
			step = BLK;
		for (i = BISECT_POINTS; i >= 1; i--) {
			uint64_t p = lo + (uint64_t)i * step;

			if (p < bad && (!k || p != pos[k - 1]))
				pos[k++] = p;
		}
		if (!k)
			break;
		rc = probe(c, pos, k, BLK, &lo, &bad, &period);
		if (rc)
			return rc;
	}

	/* 3. The verdict. */
	if (bad == UINT64_MAX) {
		c->res->real_bytes = c->size;
	} else if (period) {
		c->res->wraps = true;
		c->res->real_bytes = period;
	} else {
		c->res->real_bytes = bad;
	}
	c->res->first_bad_offset = bad == UINT64_MAX ? 0 : bad;
	c->res->fake = c->res->real_bytes < c->size;
	return 0;
}

/* The whole surface: write everything, then read everything back. */
static int full(struct ct *c)
{
	uint64_t off, i, other, total = c->size / BLK * BLK;
	double t;
	int rc;

	t = stk_now();
	for (off = 0; off < total; off += FULL_CHUNK) {
		uint64_t len =
			total - off < FULL_CHUNK ? total - off : FULL_CHUNK;

		rc = write_run(c, off, len);
		if (rc)
			return rc;
		rc = progress(c, STK_PHASE_WRITE, off + len, total);
		if (rc)
			return rc;
	}
	rc = flush(c);
	if (rc)
		return rc;
	c->res->write_s = stk_now() - t;
	t = stk_now();
	for (off = 0; off < total; off += FULL_CHUNK) {
		uint64_t len =
			total - off < FULL_CHUNK ? total - off : FULL_CHUNK;

		rc = io_pread_full(c->tg->fd, c->buf, (size_t)len, off);
		if (rc)
			return io_err(c, rc, "read", off);
		c->res->bytes_read += len;
		for (i = 0; i < len; i += BLK) {
			if (judge(c->buf + i, c->salt, off + i, &other) ==
			    BLOCK_GOOD)
				continue;
			if (!c->res->bad_blocks++)
				c->res->first_bad_offset = off + i;
		}
		rc = progress(c, STK_PHASE_VERIFY, off + len, total);
		if (rc)
			return rc;
	}
	c->res->read_s = stk_now() - t;
	c->res->real_bytes =
		c->res->bad_blocks ? c->res->first_bad_offset : c->size;
	c->res->fake = false;
	return 0;
}

static void describe(struct ct *c, unsigned flags)
{
	struct stk_captest_result *r = c->res;
	char a[32], b[32];

	stk_size_format(r->real_bytes, a, sizeof(a));
	stk_size_format(r->claimed_bytes, b, sizeof(b));
	if (r->fake)
		snprintf(
			r->state, sizeof(r->state),
			"this stick holds %s, not %s as it claims (%s past that)",
			a, b,
			r->wraps ? "offsets wrap around" : "writes are lost");
	else if (flags & STK_CAPTEST_FULL && r->bad_blocks)
		snprintf(r->state, sizeof(r->state),
			 "%" PRIu64
			 " bad blocks of %u bytes, the first at byte %" PRIu64,
			 r->bad_blocks, BLK, r->first_bad_offset);
	else
		snprintf(r->state, sizeof(r->state),
			 "capacity as claimed (%s)%s", b,
			 flags & STK_CAPTEST_FULL ? ", every block sound" : "");
}

int stk_captest(struct stk_ctx *ctx, const char *target, unsigned flags,
		struct stk_captest_result *res)
{
	struct ct c = {0};
	unsigned tf = TARGET_WRITE;
	struct timespec ts;
	int rc;

	if (!res)
		return stk_seterr(ctx, -EINVAL, "no result to fill");
	memset(res, 0, sizeof(*res));
	if (!ctx || !target)
		return stk_seterr(ctx, -EINVAL, "no target to test");
	tf |= flags & (STK_CHECK_ANY_DEVICE | STK_CHECK_UNMOUNT);
	stk_strlcpy(res->state, "untouched", sizeof(res->state));

	/* 1. The write rules, and an exclusive open past the page cache. */
	rc = target_open(ctx, target, NULL, tf, 0, &c.tg);
	if (rc)
		return rc;
	c.ctx = ctx;
	c.res = res;
	c.size = c.tg->size_bytes / BLK * BLK;
	res->claimed_bytes = c.tg->size_bytes;
	if (c.size < 2 * RUN_BYTES) {
		rc = stk_seterr(ctx, -ENOSPC, "'%s' is too small to test",
				target);
		goto out;
	}
	c.buf = io_alloc_aligned(FULL_CHUNK);
	if (!c.buf) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out;
	}
	/* 2. A salt of this run: an old test's blocks never count. */
	clock_gettime(CLOCK_REALTIME, &ts);
	c.salt = mix((uint64_t)ts.tv_sec * 1000000007ull ^
		     (uint64_t)ts.tv_nsec ^ (uint64_t)getpid() << 32);
	c.t0 = stk_now();
	rc = flags & STK_CAPTEST_FULL ? full(&c) : quick(&c);
	if (!(flags & STK_CAPTEST_FULL)) {
		res->write_s = stk_now() - c.t0;
		res->read_s = 0;
	}
	if (!rc)
		describe(&c, flags);
	else if (res->bytes_written)
		snprintf(
			res->state, sizeof(res->state),
			"stopped: test blocks were written over what the stick held");
out:
	free(c.buf);
	target_close(c.tg);
	return rc;
}
