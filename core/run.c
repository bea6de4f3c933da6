// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * run.c - carry a plan out: build the image map, stream it to the target,
 * read it back; and the standalone verify of an image against a target.
 * Whatever happens, the result says what state the target is in.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"
#include "compose.h"
#include "manifest.h"
#include "map.h"
#include "plan.h"
#include "probe.h"
#include "source.h"
#include "target.h"
#include "verify.h"
#include "write.h"
#include "fanout.h"
#include "sparse.h"

static void state(struct stk_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void state(struct stk_result *res, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(res->target_state, sizeof(res->target_state), fmt, ap);
	va_end(ap);
}

static enum stk_verify_outcome public_outcome(enum verify_outcome o)
{
	switch (o) {
	case VERIFY_IDENTICAL:
		return STK_VERIFY_IDENTICAL;
	case VERIFY_MISMATCH:
		return STK_VERIFY_MISMATCH;
	case VERIFY_READ_ERROR:
		return STK_VERIFY_READ_ERROR;
	case VERIFY_VANISHED:
		return STK_VERIFY_VANISHED;
	}
	return STK_VERIFY_NOT_RUN;
}

static void copy_verify(struct stk_result *res, const struct verify_stats *vs,
			int rc)
{
	res->verify =
		rc == 0 ? STK_VERIFY_IDENTICAL : public_outcome(vs->outcome);
	if (rc && res->verify == STK_VERIFY_IDENTICAL)
		res->verify = rc == -ECANCELED
				      ? STK_VERIFY_STOPPED
				      : STK_VERIFY_NOT_RUN; /* ENOMEM */
	res->verify_s = vs->seconds;
	res->bytes_verified = vs->bytes_read;
	res->first_bad_sector = vs->first_bad_sector;
	res->bad_sectors = vs->bad_sectors;
	if (vs->outcome == VERIFY_READ_ERROR || vs->outcome == VERIFY_VANISHED)
		res->error_offset = vs->error_off;
}

/* The raw map: the whole image from byte 0, zero edges around it. */
static int raw_map(struct stk_ctx *ctx, const struct stk_plan *plan,
		   uint64_t size, struct source *src, struct map **out)
{
	struct map *map;
	int rc;

	rc = map_new(ctx, size, &map);
	if (rc)
		return rc;
	map->stream = src;
	/* a size a compressed stream records is a claim: it is read to its
	 * real end, where the format's own checks are */
	if (plan->sparse)
		rc = sparse_map(ctx, plan->sparse, src, map);
	else if (source_size_bytes(src) && !source_compression(src))
		rc = map_add(ctx, map, 0, source_size_bytes(src),
			     MAP_SRC_STREAM, 0);
	else
		rc = map_add_open(ctx, map, 0, size ? size : UINT64_MAX / 2);
	if (!rc)
		rc = map_finish(ctx, map);
	if (rc) {
		map_free(map);
		return rc;
	}
	*out = map;
	return 0;
}

/* Say in words what the target holds after a run that stopped at @rc. */
static void describe_state(struct stk_result *res, const struct write_stats *ws,
			   int rc)
{
	if (!ws->bytes_written && !ws->head_written && !ws->torn) {
		state(res,
		      ws->labels_cleared
			      ? "cleared: its old boot sector and partition tables were wiped, nothing else was written"
			      : "untouched: nothing was written");
		return;
	}
	if (!ws->head_written && ws->torn) {
		state(res,
		      "partially written (%" PRIu64
		      " bytes, then the write at byte %" PRIu64
		      " failed)%s; its first MiB was not written, so it will not boot: write it again",
		      ws->bytes_written, ws->fail_off,
		      ws->labels_cleared
			      ? " after its old partition tables were wiped"
			      : "");
		return;
	}
	if (!ws->head_written) {
		state(res,
		      "partially written (%" PRIu64
		      " bytes)%s; its first MiB was not written, so it will not boot: write it again",
		      ws->bytes_written,
		      ws->labels_cleared
			      ? " after its old partition tables were wiped"
			      : "");
		return;
	}
	switch (res->verify) {
	case STK_VERIFY_IDENTICAL:
		state(res, "complete: written and verified identical");
		break;
	case STK_VERIFY_MISMATCH:
		state(res,
		      "written, but it does not hold the image: %" PRIu64
		      " bad sectors from sector %" PRIu64 "; do not trust it",
		      res->bad_sectors, res->first_bad_sector);
		break;
	case STK_VERIFY_READ_ERROR:
		state(res,
		      "written, but reading it back failed at byte %" PRIu64
		      "; do not trust it",
		      res->error_offset);
		break;
	case STK_VERIFY_VANISHED:
		state(res, "written, but it vanished while being read back");
		break;
	case STK_VERIFY_STOPPED:
		state(res, "written completely; verification was stopped");
		break;
	case STK_VERIFY_NOT_RUN:
		state(res,
		      rc == -ECANCELED
			      ? "written completely; verification was stopped"
			      : "written completely, not verified");
		break;
	}
}

/* One target of a run: what its thread needs and what it leaves. */
struct run_one {
	struct stk_plan *plan; /* its own: path, device, result */
	struct write_fan *fan;
	unsigned idx; /* its place in the fan */
	struct map *map;
	struct target *tg;
	struct write_stats ws;
	bool ran; /* its thread was given the target */
};

/* Open a target: the stick the user confirmed, not one swapped in. */
static int open_one(struct stk_ctx *ctx, struct run_one *one, uint64_t size)
{
	struct stk_plan *plan = one->plan;
	unsigned fl = TARGET_WRITE | TARGET_CREATE | plan_check_flags(plan);
	int rc;

	/* the identity as planned, then the rules (and unmounting) now */
	if (plan->target_dev) {
		rc = stk_device_check(ctx, plan->target_dev, plan->image_path,
				      fl & TARGET_CHECK_MASK);
		if (rc)
			return rc;
		fl |= TARGET_CHECKED;
	}
	rc = target_open(ctx, plan->target_path, plan->image_path, fl, size,
			 &one->tg);
	if (!rc)
		plan->result.sector_bytes = one->tg->sector_bytes;
	return rc;
}

/*
 * Compare what was written with the manifest. The map is shared with the
 * reader and the other targets, so a difference is located in the image
 * through a stream of this target's own.
 */
static int verify_one(struct stk_ctx *ctx, struct run_one *one,
		      struct manifest *mf, struct verify_stats *vs)
{
	struct map view = *one->map;
	struct source *src = NULL;
	int rc;

	if (view.stream) {
		rc = source_open(ctx, one->plan->image_path, &src);
		if (rc)
			return rc;
		view.stream = src;
	}
	manifest_sort(mf);
	rc = verify_manifest(ctx, &view, mf, one->tg, vs);
	source_close(src);
	return rc;
}

/* A target's thread: write, read back, say what it holds, let it go. */
static int run_one(struct stk_ctx *ctx, void *arg)
{
	struct run_one *one = arg;
	struct stk_result *res = &one->plan->result;
	struct write_stats *ws = &one->ws;
	struct verify_stats vs = {0};
	struct manifest mf = {0};
	int rc;

	/* 1. Write; the manifest records each chunk's hash. */
	rc = write_fan_target(ctx, one->fan, one->idx, one->tg, &mf, ws);
	res->bytes_written = ws->bytes_written;
	res->write_s = ws->seconds;
	res->direct = ws->direct;
	if (ws->stream_bytes)
		res->image_bytes = ws->stream_bytes;
	if (one->plan->sparse) {
		res->sparse = true;
		res->image_bytes = one->plan->image_bytes;
		res->image_bytes_written =
			sparse_mapped_bytes(one->plan->sparse) -
			ws->bytes_skipped;
	}
	if (rc)
		res->error_offset = ws->fail_off;

	/* 2. Read back what the manifest says was written. */
	if (!rc && one->plan->opt.verify) {
		rc = verify_one(ctx, one, &mf, &vs);
		copy_verify(res, &vs, rc);
	}
	describe_state(res, ws, rc);
	if (rc && one->tg->created && !ws->bytes_written)
		unlink(one->tg->path);
	manifest_clear(&mf);
	/* done: the stick may be pulled while the others go on */
	target_close(one->tg);
	one->tg = NULL;
	return rc;
}

/* The run's code: stopped, else the first failure, else a difference. */
static int overall(struct stk_ctx *ctx, struct stk_plan *plan)
{
	const struct stk_result *res, *pick = NULL;
	size_t i;

	for (i = 0; i <= plan->n_peers; i++) {
		res = &plan_target_plan(plan, i)->result;
		if (!res->rc)
			continue;
		if (res->rc == -ECANCELED) {
			pick = res;
			break;
		}
		if (!pick || (pick->rc == -EBADMSG && res->rc != -EBADMSG))
			pick = res;
	}
	if (!pick)
		return 0;
	if (pick->message[0])
		return stk_seterr(ctx, pick->rc, "%s", pick->message);
	return pick->rc;
}

static void record(struct stk_result *res, int rc, const char *msg)
{
	res->rc = rc;
	stk_strlcpy(res->message, rc ? msg : "", sizeof(res->message));
}

int stk_plan_run(struct stk_ctx *ctx, struct stk_plan *plan)
{
	struct write_stats none = {0};
	struct run_one *one = NULL;
	struct relay_job *jobs = NULL;
	struct source *src = NULL;
	struct write_fan *fan = NULL;
	struct map *map = NULL;
	size_t n, i, n_open = 0;
	uint64_t size, map_size = UINT64_MAX;
	bool any_verify = false;
	int rc;

	if (!ctx || !plan)
		return stk_seterr(ctx, -EINVAL, "no plan to run");
	n = plan->n_peers + 1;
	one = calloc(n, sizeof(*one));
	jobs = calloc(n, sizeof(*jobs));
	if (!one || !jobs) {
		free(one);
		free(jobs);
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		one[i].plan = plan_target_plan(plan, i);
		memset(&one[i].plan->result, 0, sizeof(one[i].plan->result));
		one[i].plan->result.sector_bytes = one[i].plan->sector_bytes;
	}

	/* 1. Open the image once and every target; one that will not open
	 *    is left out and named, the others go on. */
	rc = source_open(ctx, plan->image_path, &src);
	if (rc) {
		for (i = 0; i < n; i++)
			record(&one[i].plan->result, rc, ctx->errmsg);
		goto out;
	}
	size = plan->opt.target_bytes ? plan->opt.target_bytes
				      : source_size_bytes(src);
	if (plan->compose)
		size = compose_target_bytes(plan->compose);
	for (i = 0; i < n; i++) {
		struct stk_result *res = &one[i].plan->result;

		res->image_bytes = source_size_bytes(src);
		if (plan->compose)
			compose_proof(plan->compose, res);
		rc = open_one(ctx, &one[i], size);
		record(res, rc, ctx->errmsg);
		if (rc)
			continue;
		one[i].idx = (unsigned)n_open++;
		if (one[i].tg->is_blockdev && one[i].tg->size_bytes < map_size)
			map_size = one[i].tg->size_bytes;
	}
	if (!n_open)
		goto out;

	/* 2. The map: one stream extent, the edges zeroed (for the smallest
	 *    target; larger ones clear their own end); or ISO mode's. */
	if (map_size == UINT64_MAX)
		map_size = plan->opt.target_bytes;
	if (plan->compose)
		map = compose_map(plan->compose);
	else
		rc = raw_map(ctx, plan, map_size, src, &map);
	/* the chunks are hashed for the read-back only */
	for (i = 0; i < n; i++)
		if (one[i].tg && one[i].plan->opt.verify)
			any_verify = true;
	if (!rc)
		rc = write_fan_start(ctx, map, (unsigned)n_open, any_verify,
				     &fan);
	if (rc) {
		for (i = 0; i < n; i++)
			if (one[i].tg)
				record(&one[i].plan->result, rc, ctx->errmsg);
		goto out;
	}

	/* 3. A writer per target, all fed by the one reader. */
	n_open = 0;
	for (i = 0; i < n; i++) {
		if (!one[i].tg)
			continue;
		one[i].fan = fan;
		one[i].map = map;
		one[i].ran = true;
		jobs[n_open].fn = run_one;
		jobs[n_open].arg = &one[i];
		jobs[n_open].target = (int)i;
		jobs[n_open].name = one[i].plan->target_path;
		n_open++;
	}
	relay_run(ctx, jobs, n_open);
	for (i = 0; i < n_open; i++) {
		struct run_one *o = jobs[i].arg;

		record(&o->plan->result, jobs[i].rc, jobs[i].errmsg);
	}
	write_fan_finish(ctx, fan);
	fan = NULL;

out:
	/* 4. Targets that were not written say so. */
	for (i = 0; i < n; i++) {
		if (one[i].ran && !one[i].tg)
			continue; /* its thread said what it holds */
		describe_state(&one[i].plan->result, &none,
			       one[i].plan->result.rc);
		if (one[i].tg && one[i].tg->created)
			unlink(one[i].tg->path);
		target_close(one[i].tg);
	}
	write_fan_finish(ctx, fan);
	if (!plan->compose)
		map_free(map);
	source_close(src);
	free(one);
	free(jobs);
	return overall(ctx, plan);
}

int stk_image_verify(struct stk_ctx *ctx, const struct stk_image *img,
		     const char *target_path, struct stk_result *res)
{
	struct verify_stats vs = {0};
	struct source *src = NULL;
	struct target *tg = NULL;
	struct map *map = NULL;
	char a[32], b[32];
	uint64_t size;
	int rc;

	if (!res)
		return stk_seterr(ctx, -EINVAL, "no result to fill");
	memset(res, 0, sizeof(*res));
	if (!ctx || !img || !target_path)
		return stk_seterr(ctx, -EINVAL, "missing image or target");
	rc = source_open(ctx, stk_image_path(img), &src);
	if (rc)
		goto out;
	rc = target_open(ctx, target_path, NULL, 0, 0, &tg);
	if (rc)
		goto out;
	res->sector_bytes = tg->sector_bytes;
	size = source_size_bytes(src);
	res->image_bytes = size;
	/* a stick written in ISO mode is proven file by file */
	rc = compose_verify(ctx, img, tg, res);
	if (rc != 1)
		goto out_state;
	if (size && !source_compression(src) && size > tg->size_bytes) {
		/* a target that ends early does not hold the image */
		stk_size_format(size, a, sizeof(a));
		stk_size_format(tg->size_bytes, b, sizeof(b));
		res->verify = STK_VERIFY_MISMATCH;
		rc = stk_seterr(
			ctx, -EBADMSG,
			"'%s' differs from the image: the target ends at byte %" PRIu64
			", the image at byte %" PRIu64 " (%s < %s)",
			target_path, tg->size_bytes, size, b, a);
		goto out;
	}
	/* the image only: edges a writer cleared are not the image's */
	rc = map_new(ctx, 0, &map);
	if (rc)
		goto out;
	map->stream = src;
	rc = size && !source_compression(src)
		     ? map_add(ctx, map, 0, size, MAP_SRC_STREAM, 0)
		     : map_add_open(ctx, map, 0, tg->size_bytes);
	if (!rc)
		rc = map_finish(ctx, map);
	if (!rc) {
		rc = verify_map(ctx, map, tg, &vs);
		copy_verify(res, &vs, rc);
		if (!size || source_compression(src))
			res->image_bytes = source_tell(src);
	}
out_state:
	stk_strlcpy(res->target_state, "unchanged: only read",
		    sizeof(res->target_state));
out:
	map_free(map);
	target_close(tg);
	source_close(src);
	return rc;
}
