// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * write.c - stream an image map to the target: a reader thread fills and
 * hashes aligned buffers, the caller's thread writes them, the first MiB
 * last, with the page cache kept out of the way.
 */
#define _GNU_SOURCE /* O_DIRECT, sync_file_range */
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
#include "write.h"

#define HEAD_PIECES	16
#define CLEAR_BYTES	8192	/* LBA 0-1 of 4096-byte sectors */
#define ZERO_SKIP_BYTES STK_MIB /* what skip_zeros extents test at once */

/* ---- reading the map's sources ---------------------------------------- */

static uint64_t ext_end(const struct map_extent *e)
{
	return e->off + e->len;
}

/* Skip the stream forward to @to, rewinding first if it is already past. */
static int stream_seek(struct stk_ctx *ctx, struct source *src, uint64_t to,
		       uint8_t *scratch, size_t scratch_len)
{
	size_t got;
	int rc;

	if (source_tell(src) > to) {
		rc = source_rewind(ctx, src);
		if (rc)
			return rc;
	}
	while (source_tell(src) < to) {
		size_t want = scratch_len;

		if (want > to - source_tell(src))
			want = (size_t)(to - source_tell(src));
		rc = source_read(ctx, src, scratch, want, &got);
		if (rc)
			return rc;
		if (got < want)
			return stk_seterr(ctx, -EINVAL,
					  "the image ends at %" PRIu64
					  ", before %" PRIu64,
					  source_tell(src), to);
	}
	return 0;
}

/*
 * Read target bytes [pos, pos + len) of extent @e into @buf; *got < len
 * only when an open-ended stream ended there.
 */
static int read_piece(struct stk_ctx *ctx, struct map *map,
		      const struct map_extent *e, uint64_t pos, uint8_t *buf,
		      size_t len, size_t *got)
{
	uint64_t src_pos = e->src_off + (pos - e->off);
	int fd = e->src == MAP_SRC_FILE ? map->file_fd : map->shadow_fd;
	int rc;

	*got = 0;
	switch (e->src) {
	case MAP_SRC_ZERO:
		memset(buf, 0, len);
		*got = len;
		return 0;
	case MAP_SRC_FILE:
	case MAP_SRC_SHADOW:
		rc = io_pread_full(fd, buf, len, src_pos);
		if (rc == -ENODATA)
			return stk_seterr(
				ctx, -EINVAL,
				"the %s source ends before byte %" PRIu64,
				e->src == MAP_SRC_FILE ? "file" : "shadow",
				src_pos + len);
		if (rc)
			return stk_seterr_errno(
				ctx, rc,
				"cannot read the %s source at %" PRIu64 "",
				e->src == MAP_SRC_FILE ? "file" : "shadow",
				src_pos);
		*got = len;
		return 0;
	case MAP_SRC_STREAM:
		if (source_tell(map->stream) != src_pos) {
			rc = stream_seek(ctx, map->stream, src_pos, buf, len);
			if (rc)
				return rc;
		}
		rc = source_read(ctx, map->stream, buf, len, got);
		if (rc)
			return rc;
		if (*got < len && !e->open_end)
			return stk_seterr(ctx, -EINVAL,
					  "the image ends at %" PRIu64
					  ", %" PRIu64 " bytes short",
					  source_tell(map->stream),
					  (uint64_t)(len - *got));
		return 0;
	}
	return -EINVAL;
}

int map_read(struct stk_ctx *ctx, struct map *map, uint64_t off, void *buf,
	     size_t len, size_t *got)
{
	uint8_t *p = buf;
	uint64_t pos = off, end = off + len;
	size_t i, n;
	int rc;

	*got = 0;
	memset(buf, 0, len);
	for (i = 0; i < map->n && pos < end; i++) {
		const struct map_extent *e = &map->ext[i];
		uint64_t stop;

		if (ext_end(e) <= pos)
			continue;
		if (e->off >= end)
			break;
		if (e->off > pos)
			pos = e->off;
		stop = ext_end(e) < end ? ext_end(e) : end;
		rc = read_piece(ctx, map, e, pos, p + (pos - off),
				(size_t)(stop - pos), &n);
		if (rc)
			return rc;
		pos += n;
		if (pos < stop) { /* an open-ended stream ended */
			*got = (size_t)(pos - off);
			return 0;
		}
	}
	*got = len;
	return 0;
}

/* ---- the reader thread ------------------------------------------------- */

struct head {
	uint8_t *buf; /* STK_MIB, aligned */
	int n;
	struct {
		uint64_t off;
		size_t len;
	} piece[HEAD_PIECES];
};

struct reader {
	struct map *map;
	uint64_t head_end;   /* chunks never straddle it */
	struct head head;    /* the first MiB, kept for the end */
	uint64_t stream_end; /* where an open-ended stream ended */
	bool stream_short;   /* ... if it did */
	bool hash;
	uint64_t bytes_skipped; /* all-zero pieces of skip_zeros extents */
};

static bool all_zero(const uint8_t *p, size_t len)
{
	return !len || (!p[0] && !memcmp(p, p + 1, len - 1));
}

/* The next chunk boundary after @pos. */
static uint64_t next_boundary(const struct reader *rd, uint64_t pos)
{
	uint64_t b = (pos / WRITE_CHUNK_BYTES + 1) * WRITE_CHUNK_BYTES;

	if (pos < rd->head_end && rd->head_end < b)
		return rd->head_end;
	return b;
}

/* One more byte in the stream past an open extent means it does not fit. */
static int check_stream_ends(struct stk_ctx *ctx, struct map *map,
			     const struct map_extent *e)
{
	uint8_t byte;
	size_t got;
	int rc;

	rc = source_read(ctx, map->stream, &byte, 1, &got);
	if (rc)
		return rc;
	if (got)
		return stk_seterr(
			ctx, -ENOSPC,
			"image is larger than the target (more than %" PRIu64
			" bytes)",
			e->len);
	return 0;
}

/*
 * The first MiB is written last, by every writer from one copy: the reader
 * keeps it as it passes, so N targets do not need N copies.
 */
static int keep_head(struct stk_ctx *ctx, struct head *h,
		     const struct ring_slot *s)
{
	if (h->n == HEAD_PIECES)
		return stk_seterr(ctx, -EINVAL,
				  "image map too fragmented in the first MiB");
	memcpy(h->buf + s->off, s->buf, s->len);
	h->piece[h->n].off = s->off;
	h->piece[h->n].len = s->len;
	h->n++;
	return 0;
}

/* Hash a filled chunk (and keep it if it is head) and hand it on. */
static int push(struct ring *r, struct stk_ctx *pctx, struct reader *rd,
		struct ring_slot *s)
{
	int rc;

	if (rd->hash)
		s->hash = manifest_hash(s->buf, s->len);
	if (s->len && s->off < rd->head_end) {
		rc = keep_head(pctx, &rd->head, s);
		if (rc)
			return rc;
	}
	ring_push(r);
	return 0;
}

static int produce_map(struct ring *r, struct stk_ctx *pctx, void *arg)
{
	struct reader *rd = arg;
	struct map *map = rd->map;
	struct ring_slot *s = NULL;
	uint64_t tail_zero = 0, tail_end = 0;
	size_t i = 0;
	uint64_t pos = map->n ? map->ext[0].off : 0;
	int rc;

	while (i < map->n || tail_zero < tail_end) {
		const struct map_extent *e;
		struct map_extent zero = {.src = MAP_SRC_ZERO};
		uint64_t stop;
		size_t got, want;

		if (tail_zero < tail_end) {
			/* the unreached part of an open extent in the last MiB
			 */
			zero.off = tail_zero;
			zero.len = tail_end - tail_zero;
			e = &zero;
		} else {
			e = &map->ext[i];
		}
		if (pos < e->off)
			pos = e->off;
		if (s && !s->len) {
			s->off = pos; /* its zeros were dropped: reuse it */
		} else if (s && (s->off + s->len != pos ||
				 pos == next_boundary(rd, s->off) ||
				 s->len == s->cap)) {
			rc = push(r, pctx, rd, s);
			if (rc)
				return rc;
			s = NULL;
		}
		if (!s) {
			s = ring_claim(r);
			if (!s)
				return -ECANCELED;
			s->off = pos;
		}
		stop = next_boundary(rd, s->off);
		if (stop > ext_end(e))
			stop = ext_end(e);
		if (e->skip_zeros &&
		    stop > (pos / ZERO_SKIP_BYTES + 1) * ZERO_SKIP_BYTES)
			stop = (pos / ZERO_SKIP_BYTES + 1) * ZERO_SKIP_BYTES;
		want = (size_t)(stop - pos);
		rc = read_piece(pctx, map, e, pos, s->buf + s->len, want, &got);
		if (!rc && e->check && map->check_fn)
			rc = map->check_fn(pctx, map->check_arg, e, pos,
					   s->buf + s->len, got);
		if (rc)
			return rc;
		if (e->skip_zeros && all_zero(s->buf + s->len, got))
			rd->bytes_skipped += got; /* the target keeps its own */
		else
			s->len += got;
		pos += got;
		if (e == &zero) {
			if (pos == ext_end(e))
				tail_zero = tail_end = 0;
			else
				tail_zero = pos;
			continue;
		}
		if (got < want) {
			/* the stream ended inside its open extent: zero what
			 * it did not reach of the target's last MiB */
			rd->stream_short = true;
			rd->stream_end = pos;
			tail_end = map->target_bytes ? ext_end(e) : 0;
			tail_zero = map->target_bytes > STK_MIB
					    ? map->target_bytes - STK_MIB
					    : 0;
			if (tail_zero < pos)
				tail_zero = pos;
			if (tail_zero >= tail_end)
				tail_zero = tail_end = 0;
			i++;
			continue;
		}
		if (pos == ext_end(e)) {
			if (e->open_end) {
				rd->stream_end = pos;
				rc = check_stream_ends(pctx, map, e);
				if (rc)
					return rc;
			}
			i++;
		}
	}
	if (s)
		return push(r, pctx, rd, s);
	return 0;
}

/* ---- the writer -------------------------------------------------------- */

static int try_write(struct target *tg, void *buf, size_t at, uint64_t off,
		     size_t len)
{
	return io_pwrite_full(tg->fd, (const uint8_t *)buf + at, len, off);
}

/*
 * Write one piece, O_DIRECT when it is aligned, else through the cache.
 * On failure *@fail_off is the first byte that could not be written.
 */
static int put(struct stk_ctx *ctx, struct target *tg, const uint8_t *buf,
	       size_t len, uint64_t off, uint64_t *fail_off)
{
	bool aligned = !(off % tg->sector_bytes) && !(len % tg->sector_bytes);
	bool was_direct = tg->direct;
	int rc;

	if (was_direct && !aligned)
		target_set_direct(tg, false);
	tg->synced = false;
	rc = io_pwrite_full(tg->fd, buf, len, off);
	if (rc == -EINVAL && tg->direct) {
		/* O_DIRECT accepted at open but refused now: use the cache */
		DBG(ctx, WRITE,
		    "O_DIRECT write refused, buffered from %" PRIu64, off);
		target_set_direct(tg, false);
		was_direct = false;
		rc = io_pwrite_full(tg->fd, buf, len, off);
	}
	if (rc == -EIO && aligned) {
		/* which sector: again in 64 KiB pieces, then sectors */
		uint64_t bad = target_first_bad(tg, try_write, (void *)buf, off,
						len, 64 * 1024);

		if (bad == UINT64_MAX) {
			stk_log(ctx, STK_LOG_WARN,
				"write at byte %" PRIu64
				" of '%s' failed once, then went through",
				off, tg->path);
			rc = 0;
		} else {
			off = bad;
		}
	}
	if (was_direct && !aligned)
		target_set_direct(tg, true);
	if (rc) {
		*fail_off = off;
		return target_io_error(ctx, tg, true, rc, off);
	}
	return 0;
}

/*
 * put() that counts what reached @tg in @st: all of @len, or on failure
 * the bytes before the failing one, and the failed write as torn (what of
 * it landed is not known).
 */
static int put_counted(struct stk_ctx *ctx, struct target *tg,
		       const uint8_t *buf, size_t len, uint64_t off,
		       struct write_stats *st)
{
	int rc = put(ctx, tg, buf, len, off, &st->fail_off);

	if (!rc) {
		st->bytes_written += len;
		return 0;
	}
	if (st->fail_off > off && st->fail_off - off <= len)
		st->bytes_written += st->fail_off - off;
	st->torn = true;
	return rc;
}

static int sync_target(struct stk_ctx *ctx, struct target *tg)
{
	if (fdatasync(tg->fd) < 0)
		return target_io_error(ctx, tg, true, -errno, 0);
	tg->synced = true;
	return 0;
}

/*
 * Buffered mode: flush what was written since @from and drop it from the
 * page cache, so a big image does not fill memory with dirty pages.
 */
static int flush_window(struct stk_ctx *ctx, struct target *tg, uint64_t from,
			uint64_t to)
{
	int rc = sync_target(ctx, tg);

	if (!rc && to > from)
		posix_fadvise(tg->fd, (off_t)from, (off_t)(to - from),
			      POSIX_FADV_DONTNEED);
	return rc;
}

/*
 * Before the body: wipe the old boot sector and the old primary and backup
 * GPT headers (LBA 0 and 1 in 512- or 4096-byte sectors, and the last
 * sector), so a write cut off halfway leaves a stick that boots nothing
 * rather than an old partition table over a half-new body. The new first
 * MiB still comes last; the map rewrites these bytes in their turn.
 */
static int clear_old_labels(struct stk_ctx *ctx, struct target *tg,
			    struct write_stats *st)
{
	uint64_t size = tg->size_bytes, at[2];
	uint8_t *zero;
	int i, n = 0, rc = 0;

	if (tg->created || size < CLEAR_BYTES)
		return 0;
	at[n++] = 0;
	if (size >= 2 * CLEAR_BYTES)
		at[n++] = size - CLEAR_BYTES;
	zero = io_alloc_aligned(CLEAR_BYTES);
	if (!zero)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	memset(zero, 0, CLEAR_BYTES);
	for (i = 0; i < n && !rc; i++)
		rc = put(ctx, tg, zero, CLEAR_BYTES, at[i], &st->fail_off);
	if (!rc)
		rc = sync_target(ctx, tg);
	if (!rc)
		st->labels_cleared = true;
	free(zero);
	return rc;
}

/* ---- one reader, N writers --------------------------------------------- */

struct write_fan {
	struct reader rd;
	struct ring *r;
	uint8_t *zero;	/* STK_MIB of zeros: a larger target's own tail
			 * (several targets; one target makes its own) */
	uint64_t total; /* bytes the map will write */
};

int write_fan_start(struct stk_ctx *ctx, struct map *map, unsigned n_targets,
		    bool hash, struct write_fan **out)
{
	struct write_fan *fan;
	size_t i;
	int rc;

	*out = NULL;
	if (!map->finished)
		return stk_seterr(ctx, -EINVAL, "image map not finished");
	fan = calloc(1, sizeof(*fan));
	if (!fan)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	fan->rd.map = map;
	fan->rd.hash = hash;
	fan->rd.head_end = STK_MIB;
	fan->rd.head.buf = io_alloc_aligned(STK_MIB);
	if (n_targets > 1)
		fan->zero = io_alloc_aligned(STK_MIB);
	if (!fan->rd.head.buf || (n_targets > 1 && !fan->zero)) {
		write_fan_finish(ctx, fan);
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	}
	if (fan->zero)
		memset(fan->zero, 0, STK_MIB);
	for (i = 0; i < map->n; i++)
		if (!map->ext[i].open_end)
			fan->total += map->ext[i].len;
		else if (map->stream && source_size_bytes(map->stream))
			fan->total += source_size_bytes(map->stream);

	/* one queue whatever N is: memory does not grow with the targets */
	rc = ring_start_shared(ctx, WRITE_CHUNK_BYTES,
			       n_targets > 1 ? WRITE_FAN_DEPTH : RING_DEPTH,
			       n_targets, produce_map, &fan->rd, &fan->r);
	if (rc) {
		write_fan_finish(ctx, fan);
		return rc;
	}
	*out = fan;
	return 0;
}

int write_fan_finish(struct stk_ctx *ctx, struct write_fan *fan)
{
	int rc;

	if (!fan)
		return 0;
	rc = ring_finish(ctx, fan->r);
	free(fan->rd.head.buf);
	free(fan->zero);
	free(fan);
	return rc;
}

/*
 * A target larger than the map (several targets, one map made for the
 * smallest) clears its own last MiB too, where the map does not reach.
 */
static int own_tail(struct stk_ctx *ctx, struct write_fan *fan,
		    struct target *tg, struct manifest *mf,
		    struct write_stats *st, uint64_t *hi)
{
	const struct map *map = fan->rd.map;
	uint64_t from, covered = fan->rd.stream_short ? fan->rd.stream_end
						      : map_end(map);
	uint8_t *zero;
	size_t len;
	int rc;

	if (!tg->is_blockdev || tg->size_bytes <= map->target_bytes ||
	    tg->size_bytes < STK_MIB)
		return 0;
	from = tg->size_bytes - STK_MIB;
	if (from < covered)
		from = covered;
	if (from >= tg->size_bytes)
		return 0;
	len = (size_t)(tg->size_bytes - from);
	zero = fan->zero ? fan->zero : io_alloc_aligned(STK_MIB);
	if (!zero)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	if (!fan->zero)
		memset(zero, 0, STK_MIB);
	rc = manifest_add(mf, from, (uint32_t)len, manifest_hash(zero, len));
	if (rc)
		rc = stk_seterr(ctx, rc, "out of memory");
	else
		rc = put_counted(ctx, tg, zero, len, from, st);
	if (zero != fan->zero)
		free(zero);
	if (rc)
		return rc;
	if (from + len > *hi)
		*hi = from + len;
	return 0;
}

int write_fan_target(struct stk_ctx *ctx, struct write_fan *fan, unsigned idx,
		     struct target *tg, struct manifest *mf,
		     struct write_stats *st)
{
	struct reader *rd = &fan->rd;
	struct map *map = rd->map;
	uint64_t total = fan->total, synced_to = 0, unsynced = 0, hi = 0;
	/* the progress counts the first MiB as it is held back, the stats
	 * only what reached the target */
	uint64_t held = 0, done = 0;
	struct ring_slot *s;
	struct stk_throttle tp;
	int rc, i;

	memset(st, 0, sizeof(*st));
	st->direct = tg->direct;
	stk_throttle_init(&tp, STK_PHASE_WRITE, total);

	/* 1. The old partition tables go first, the new first MiB last. */
	rc = clear_old_labels(ctx, tg, st);

	/* 2. The reader fills and hashes chunks; this target writes them. */
	while (!rc) {
		rc = ring_next_for(fan->r, idx, &s, ctx, &tp, &done, true);
		if (rc == 1) {
			rc = 0;
			break;
		}
		if (rc)
			break;
		if (!s->len) { /* a slot whose zeros were all dropped */
			ring_release_for(fan->r, idx);
			continue;
		}
		rc = manifest_add(mf, s->off, (uint32_t)s->len, s->hash);
		if (rc) {
			rc = stk_seterr(ctx, rc, "out of memory");
			break;
		}
		/* the first MiB waits until everything else is on the target */
		if (s->off < rd->head_end)
			held += s->len;
		else
			rc = put_counted(ctx, tg, s->buf, s->len, s->off, st);
		if (rc)
			break;
		done = st->bytes_written + held;
		if (s->off + s->len > hi)
			hi = s->off + s->len;
		unsynced += s->len;
		ring_release_for(fan->r, idx);
		if (!tg->direct && unsynced >= WRITE_SYNC_BYTES) {
			rc = flush_window(ctx, tg, synced_to, hi);
			if (rc)
				break;
			synced_to = hi;
			unsynced = 0;
		}
		rc = stk_throttle(ctx, &tp, done, false);
		if (rc)
			break;
	}
	/* the others go on without this one */
	ring_leave(fan->r, idx);
	if (!rc) {
		/* the reader has ended: its stream is ours to look at */
		st->stream_bytes = map->stream ? source_tell(map->stream) : 0;
		st->bytes_skipped = rd->bytes_skipped;
		rc = own_tail(ctx, fan, tg, mf, st, &hi);
	}
	st->direct = st->direct && tg->direct;
	if (rc)
		goto out;

	/* 3. Everything but the first MiB is written: make it durable. The
	 *    write phase ends here for the UI (the first MiB is in memory,
	 *    counted, and goes out in the sync phase), so the phases come
	 *    in order: write to its total, then sync, then verify. */
	done = st->bytes_written + held;
	if (done > total)
		tp.total = done;
	rc = stk_throttle(ctx, &tp, done, true);
	tp.phase = STK_PHASE_SYNC;
	tp.total = 0;
	if (!rc)
		rc = stk_throttle(ctx, &tp, 0, true);
	if (!rc)
		rc = flush_window(ctx, tg, synced_to, hi);
	if (rc)
		goto out;

	/* 4. Only now the first MiB: a stick cut off before this is inert. */
	for (i = 0; i < rd->head.n; i++) {
		rc = put_counted(ctx, tg, rd->head.buf + rd->head.piece[i].off,
				 rd->head.piece[i].len, rd->head.piece[i].off,
				 st);
		if (rc)
			goto out;
	}
	rc = flush_window(ctx, tg, 0, rd->head_end);
	if (rc)
		goto out;
	st->head_written = true;

	/* 5. A file target that takes the image's size ends where it ends. */
	if (!tg->is_blockdev && !map->target_bytes &&
	    ftruncate(tg->fd, (off_t)hi) < 0) {
		rc = stk_seterr_errno(ctx, -errno, "cannot size '%s'",
				      tg->path);
		goto out;
	}
	if (tg->is_blockdev && ioctl(tg->fd, BLKRRPART) < 0)
		DBG(ctx, WRITE, "BLKRRPART on '%s': %s", tg->path,
		    strerror(errno));
	rc = stk_throttle(ctx, &tp, 0, true);
out:
	st->seconds = stk_now() - tp.t0;
	return rc;
}

int write_map(struct stk_ctx *ctx, struct map *map, struct target *tg,
	      struct manifest *mf, struct write_stats *st)
{
	struct write_fan *fan;
	int rc, rc2;

	memset(st, 0, sizeof(*st));
	rc = write_fan_start(ctx, map, 1, true, &fan);
	if (rc)
		return rc;
	rc = write_fan_target(ctx, fan, 0, tg, mf, st);
	rc2 = write_fan_finish(ctx, fan);
	if (rc)
		return rc;
	return rc2;
}
