// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * verify.c - read the target back, bypassing the page cache, and compare
 * it with what was meant: the manifest's hashes after a write, or the
 * image itself for a standalone verify. Names the first differing sector.
 */
#define _GNU_SOURCE /* O_DIRECT */
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"
#include "manifest.h"
#include "map.h"
#include "ring.h"
#include "source.h"
#include "target.h"
#include "verify.h"
#include "write.h"

#define SLOT_BYTES (WRITE_CHUNK_BYTES + 2 * 4096) /* room to align */
/*
 * Read back in pieces smaller than a chunk, hashed as they come: with many
 * targets verifying at once, memory stays small (a few pieces each).
 */
#define PIECE_BYTES	 (512u * 1024)
#define PIECE_SLOT_BYTES (PIECE_BYTES + 2 * 4096)
#define PIECE_DEPTH	 3

struct vrange {
	uint64_t off;
	size_t len;
};

/* What the reader thread walks: manifest chunks, or a map's extents. */
struct vreader {
	struct target *tg;
	const struct manifest *mf; /* manifest mode */
	struct map *map;	   /* map mode */
	uint64_t error_off;	   /* where a read failed */
};

static uint64_t align_down(uint64_t v, uint32_t a)
{
	return v / a * a;
}

/* Read what the device holds at [lo, hi); returns bytes read (short at
 * the end of a file) or -errno. */
static ssize_t read_span(int fd, uint8_t *buf, uint64_t lo, uint64_t hi)
{
	size_t done = 0, len = (size_t)(hi - lo);

	while (done < len) {
		ssize_t n =
			pread(fd, buf + done, len - done, (off_t)(lo + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

static int try_read(struct target *tg, void *buf, size_t at, uint64_t off,
		    size_t len)
{
	return read_span(tg->fd, buf, off, off + len) < 0;
}

/* Read one range of the target into a slot, aligned for O_DIRECT. */
static int fetch(struct stk_ctx *ctx, struct vreader *vr, struct ring_slot *s,
		 uint64_t off, size_t len)
{
	struct target *tg = vr->tg;
	uint64_t lo = align_down(off, tg->sector_bytes);
	uint64_t hi =
		align_down(off + len + tg->sector_bytes - 1, tg->sector_bytes);
	ssize_t n;

	if (tg->is_blockdev && hi > tg->size_bytes)
		hi = tg->size_bytes;
	s->off = off;
	s->len = len;
	s->skip = (size_t)(off - lo);
	n = hi > lo ? read_span(tg->fd, s->buf, lo, hi) : 0;
	if (n < 0) {
		/* the first sector that fails alone (else the span's start) */
		vr->error_off =
			target_first_bad(tg, try_read, s->buf, lo,
					 (size_t)(hi - lo), tg->sector_bytes);
		if (vr->error_off == UINT64_MAX)
			vr->error_off = lo;
		return target_io_error(ctx, tg, false, (int)n, vr->error_off);
	}
	if ((uint64_t)n < off + len - lo && tg->is_blockdev &&
	    target_is_gone(tg)) {
		/* a pulled stick reads as one of size 0, not as an error */
		vr->error_off = lo + (uint64_t)n;
		return target_io_error(ctx, tg, false, -ENODEV, vr->error_off);
	}
	if ((uint64_t)n < off + len - lo) {
		/* the target ends early: @len becomes what it has */
		s->short_read = true;
		s->len = (uint64_t)n > s->skip ? (size_t)n - s->skip : 0;
	}
	return 0;
}

static int produce(struct ring *r, struct stk_ctx *pctx, void *arg)
{
	struct vreader *vr = arg;
	struct ring_slot *s;
	size_t i;
	int rc;

	if (vr->mf) {
		for (i = 0; i < vr->mf->n; i++) {
			const struct manifest_chunk *c = &vr->mf->chunk[i];

			uint32_t pos, n;

			for (pos = 0; pos < c->len; pos += n) {
				n = c->len - pos < PIECE_BYTES ? c->len - pos
							       : PIECE_BYTES;
				s = ring_claim(r);
				if (!s)
					return -ECANCELED;
				rc = fetch(pctx, vr, s, c->off + pos, n);
				if (rc)
					return rc;
				ring_push(r);
			}
		}
		return 0;
	}
	for (i = 0; i < vr->map->n; i++) {
		const struct map_extent *e = &vr->map->ext[i];
		uint64_t pos = e->off, end = e->off + e->len, stop;

		if (vr->tg->is_blockdev && end > vr->tg->size_bytes)
			end = vr->tg->size_bytes;
		for (; pos < end; pos = stop) {
			stop = (pos / WRITE_CHUNK_BYTES + 1) *
			       WRITE_CHUNK_BYTES;
			if (stop > end)
				stop = end;
			s = ring_claim(r);
			if (!s)
				return -ECANCELED;
			rc = fetch(pctx, vr, s, pos, (size_t)(stop - pos));
			if (rc)
				return rc;
			ring_push(r);
		}
	}
	return 0;
}

/* Count the sectors of [off, off + len) where @want and @have differ. */
static void count_bad(const uint8_t *want, const uint8_t *have, size_t len,
		      uint64_t off, uint32_t ss, struct verify_stats *vs)
{
	uint64_t pos = off, end = off + len;

	while (pos < end) {
		uint64_t next = align_down(pos, ss) + ss;
		size_t n = (size_t)((next < end ? next : end) - pos);

		if (memcmp(want + (pos - off), have + (pos - off), n)) {
			if (!vs->bad_sectors)
				vs->first_bad_sector = pos / ss;
			vs->bad_sectors++;
		}
		pos += n;
	}
}

/* Every sector of [off, off + len) is missing from the target. */
static void count_missing(uint64_t off, size_t len, uint32_t ss,
			  struct verify_stats *vs)
{
	uint64_t first = off / ss, last = (off + len - 1) / ss;

	if (!len)
		return;
	if (!vs->bad_sectors)
		vs->first_bad_sector = first;
	vs->bad_sectors += last - first + 1;
}

/*
 * The page cache must not answer for the device: drop it when O_DIRECT
 * is not in use (files on tmpfs, or a device that refused it).
 */
void verify_drop_cache(struct target *tg)
{
	if (tg->direct)
		return;
	/* right after the writer's last fdatasync nothing is dirty: only
	 * the cache is dropped, no third sync */
	if (tg->is_blockdev) {
		if (!tg->synced && !fsync(tg->fd))
			tg->synced = true;
		ioctl(tg->fd, BLKFLSBUF, 0);
		return;
	}
	if (!tg->synced && !fdatasync(tg->fd))
		tg->synced = true;
	posix_fadvise(tg->fd, 0, 0, POSIX_FADV_DONTNEED);
}

static int mismatch_msg(struct stk_ctx *ctx, struct target *tg,
			const struct verify_stats *vs)
{
	return stk_seterr(
		ctx, -EBADMSG,
		"'%s' differs from the image: %" PRIu64
		" sector%s of %u bytes, first difference at sector %" PRIu64
		" (byte %" PRIu64 ")",
		tg->path, vs->bad_sectors, vs->bad_sectors == 1 ? "" : "s",
		tg->sector_bytes, vs->first_bad_sector,
		vs->first_bad_sector * tg->sector_bytes);
}

static int outcome(struct verify_stats *vs, int rc)
{
	if (rc == -EBADMSG)
		vs->outcome = VERIFY_MISMATCH;
	else if (rc == -ENODEV)
		vs->outcome = VERIFY_VANISHED;
	else if (rc == -EIO)
		vs->outcome = VERIFY_READ_ERROR;
	return rc;
}

/* Re-read the source for the chunks whose hashes differ, sector by sector. */
static int locate(struct stk_ctx *ctx, struct map *map, struct target *tg,
		  const struct manifest *mf, const size_t *bad, size_t n_bad,
		  struct verify_stats *vs)
{
	uint8_t *want = io_alloc_aligned(SLOT_BYTES);
	struct vreader vr = {.tg = tg};
	struct ring_slot s = {.buf = io_alloc_aligned(SLOT_BYTES)};
	struct stk_throttle tp = {.phase = STK_PHASE_VERIFY, .t0 = stk_now()};
	size_t i, got;
	int rc = 0;

	tp.last = tp.t0;

	if (!want || !s.buf) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}
	for (i = 0; i < n_bad; i++) {
		const struct manifest_chunk *c = &mf->chunk[bad[i]];

		rc = map_read(ctx, map, c->off, want, c->len, &got);
		if (rc)
			goto out_free;
		s.short_read = false;
		rc = fetch(ctx, &vr, &s, c->off, c->len);
		if (rc) {
			vs->error_off = vr.error_off;
			goto out_free;
		}
		count_bad(want, s.buf + s.skip, s.len, c->off, tg->sector_bytes,
			  vs);
		count_missing(c->off + s.len, c->len - s.len, tg->sector_bytes,
			      vs);
		/* a counterfeit stick can differ everywhere: stay cancellable
		 */
		tp.total = vs->bytes_read;
		rc = stk_throttle(ctx, &tp, vs->bytes_read, false);
		if (rc)
			goto out_free;
	}
	/* a hash said different, bytes say same: the source changed */
	if (!vs->bad_sectors)
		rc = stk_seterr(
			ctx, -EBADMSG,
			"'%s' differs from what was written, but not from the image: did the image change?",
			tg->path);
	else
		rc = mismatch_msg(ctx, tg, vs);
out_free:
	free(s.buf);
	free(want);
	return rc;
}

/* Stops the reader thread: the first error, and where a read failed. */
static int reader_end(struct stk_ctx *ctx, struct ring *r,
		      const struct vreader *vr, struct verify_stats *vs, int rc)
{
	int rc2 = ring_finish(ctx, r);

	vs->error_off = vr->error_off;
	return rc ? rc : rc2;
}

int verify_manifest(struct stk_ctx *ctx, struct map *map,
		    const struct manifest *mf, struct target *tg,
		    struct verify_stats *vs)
{
	struct vreader vr = {.tg = tg, .mf = mf};
	struct manifest_hasher *h = NULL;
	struct ring_slot *s;
	struct ring *r = NULL;
	uint64_t total = 0;
	struct stk_throttle tp = {.phase = STK_PHASE_VERIFY, .t0 = stk_now()};
	size_t i, next = 0, n_bad = 0, *bad = NULL;
	uint32_t at = 0, piece;
	bool short_chunk = false;
	int rc;

	memset(vs, 0, sizeof(*vs));
	for (i = 0; i < mf->n; i++)
		total += mf->chunk[i].len;
	tp.total = total;
	bad = calloc(mf->n ? mf->n : 1, sizeof(*bad));
	if (!bad)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	verify_drop_cache(tg);

	/* 1. The reader thread reads the chunks back; we hash them. */
	h = manifest_hasher_new();
	if (!h) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}
	manifest_hasher_reset(h);
	rc = ring_start_shared(ctx, PIECE_SLOT_BYTES, PIECE_DEPTH, 1, produce,
			       &vr, &r);
	if (rc)
		goto out_free;
	for (;;) {
		rc = ring_next(r, &s, ctx, &tp, &vs->bytes_read);
		if (rc == 1) {
			rc = 0;
			break;
		}
		if (rc)
			break;
		/* the pieces of chunk @next come in order; hash as they do */
		manifest_hasher_add(h, s->buf + s->skip, s->len);
		short_chunk = short_chunk || s->short_read;
		piece = mf->chunk[next].len - at < PIECE_BYTES
				? mf->chunk[next].len - at
				: PIECE_BYTES;
		at += piece;
		if (at == mf->chunk[next].len) {
			if (short_chunk ||
			    manifest_hasher_value(h) != mf->chunk[next].hash)
				bad[n_bad++] = next;
			next++;
			at = 0;
			short_chunk = false;
			manifest_hasher_reset(h);
		}
		vs->bytes_read += s->len;
		ring_release(r);
		rc = stk_throttle(ctx, &tp, vs->bytes_read, false);
		if (rc)
			break;
	}
	rc = reader_end(ctx, r, &vr, vs, rc);
	if (!rc)
		rc = stk_throttle(ctx, &tp, vs->bytes_read, true);

	/* 2. Only on a difference: which sectors, from the source. */
	if (!rc && n_bad)
		rc = locate(ctx, map, tg, mf, bad, n_bad, vs);
out_free:
	manifest_hasher_free(h);
	free(bad);
	vs->seconds = stk_now() - tp.t0;
	return outcome(vs, rc);
}

int verify_map(struct stk_ctx *ctx, struct map *map, struct target *tg,
	       struct verify_stats *vs)
{
	struct vreader vr = {.tg = tg, .map = map};
	uint8_t *want = io_alloc_aligned(WRITE_CHUNK_BYTES);
	struct ring_slot *s;
	struct ring *r = NULL;
	uint64_t total = map_data_bytes(map);
	struct stk_throttle tp = {.phase = STK_PHASE_VERIFY, .t0 = stk_now()};
	bool ended = false;
	size_t got;
	int rc;

	memset(vs, 0, sizeof(*vs));
	if (!want)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	if (map->stream && source_size_bytes(map->stream) && map->n == 1 &&
	    map->ext[0].open_end)
		total = source_size_bytes(map->stream);
	tp.total = total;
	verify_drop_cache(tg);

	/* The reader thread reads the target while we read the source. */
	rc = ring_start(ctx, SLOT_BYTES, produce, &vr, &r);
	if (rc)
		goto out_free;
	while (!ended) {
		rc = ring_next(r, &s, ctx, &tp, &vs->bytes_read);
		if (rc == 1) {
			rc = 0;
			break;
		}
		if (rc)
			break;
		rc = map_read(ctx, map, s->off, want, s->len, &got);
		if (rc)
			break;
		ended = got < s->len; /* the image ended here */
		count_bad(want, s->buf + s->skip, got, s->off, tg->sector_bytes,
			  vs);
		vs->bytes_read += got;
		if (s->short_read && !ended) {
			/* the target ends before the image does */
			count_missing(s->off + s->len, 1, tg->sector_bytes, vs);
			rc = stk_seterr(
				ctx, -EBADMSG,
				"'%s' differs from the image: the target ends at byte %" PRIu64
				", before the image does",
				tg->path, s->off + s->len);
			break;
		}
		ring_release(r);
		rc = stk_throttle(ctx, &tp, vs->bytes_read, false);
		if (rc)
			break;
	}
	rc = reader_end(ctx, r, &vr, vs, rc);
	if (rc)
		goto out_free;
	/* an image that goes on past the end of the target does not fit */
	if (!ended && map->n && map->ext[map->n - 1].open_end) {
		rc = source_read(ctx, map->stream, want, 1, &got);
		if (!rc && got) {
			count_missing(vs->bytes_read, 1, tg->sector_bytes, vs);
			rc = stk_seterr(
				ctx, -EBADMSG,
				"'%s' differs from the image: the target ends at byte %" PRIu64
				", before the image does",
				tg->path, tg->size_bytes);
		}
		if (rc)
			goto out_free;
	}
	rc = stk_throttle(ctx, &tp, vs->bytes_read, true);
	if (!rc && vs->bad_sectors)
		rc = mismatch_msg(ctx, tg, vs);
out_free:
	free(want);
	vs->seconds = stk_now() - tp.t0;
	return outcome(vs, rc);
}
