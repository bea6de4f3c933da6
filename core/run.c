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
		res->verify = STK_VERIFY_NOT_RUN; /* cancelled, ENOMEM */
	res->verify_s = vs->seconds;
	res->bytes_verified = vs->bytes_read;
	res->first_bad_sector = vs->first_bad_sector;
	res->bad_sectors = vs->bad_sectors;
	if (vs->outcome == VERIFY_READ_ERROR || vs->outcome == VERIFY_VANISHED)
		res->error_offset = vs->error_off;
}

/* The raw map: the whole image from byte 0, zero edges around it. */
static int raw_map(struct stk_ctx *ctx, struct stk_plan *plan,
		   struct source *src, struct target *tg, struct map **out)
{
	uint64_t size =
		tg->is_blockdev ? tg->size_bytes : plan->opt.target_bytes;
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
static void describe_state(struct stk_plan *plan, const struct write_stats *ws,
			   int rc)
{
	struct stk_result *res = &plan->result;

	if (!ws->bytes_written && !ws->head_written) {
		state(res,
		      ws->labels_cleared
			      ? "cleared: its old boot sector and partition tables were wiped, nothing else was written"
			      : "untouched: nothing was written");
		return;
	}
	if (!ws->head_written) {
		state(res,
		      "partially written (%" PRIu64 " bytes)%s; its first "
		      "MiB was not written, so it will not boot: write it "
		      "again",
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
	case STK_VERIFY_NOT_RUN:
		state(res,
		      rc == -ECANCELED
			      ? "written completely; verification was stopped"
			      : "written completely, not verified");
		break;
	}
}

int stk_plan_run(struct stk_ctx *ctx, struct stk_plan *plan)
{
	struct stk_result *res;
	struct write_stats ws = {0};
	struct verify_stats vs = {0};
	struct manifest mf = {0};
	struct source *src = NULL;
	struct target *tg = NULL;
	struct map *map = NULL;
	unsigned fl = TARGET_WRITE | TARGET_CREATE;
	uint64_t size;
	int rc;

	if (!ctx || !plan)
		return stk_seterr(ctx, -EINVAL, "no plan to run");
	res = &plan->result;
	memset(res, 0, sizeof(*res));
	res->sector_bytes = plan->sector_bytes;
	if (plan->opt.any_device)
		fl |= TARGET_ANY_DEVICE;
	if (plan->opt.unmount)
		fl |= TARGET_UNMOUNT;

	/* 1. Open both ends; a file target is created and sized. */
	rc = source_open(ctx, plan->image_path, &src);
	if (rc)
		goto out;
	size = plan->opt.target_bytes ? plan->opt.target_bytes
				      : source_size_bytes(src);
	if (plan->compose)
		size = compose_target_bytes(plan->compose);
	/* the stick the user confirmed, not one swapped in meanwhile */
	if (plan->target_dev) {
		rc = stk_device_recheck(ctx, plan->target_dev);
		if (rc)
			goto out;
	}
	rc = target_open(ctx, plan->target_path, plan->image_path, fl, size,
			 &tg);
	if (rc)
		goto out;
	res->sector_bytes = tg->sector_bytes;
	res->image_bytes = source_size_bytes(src);

	/* 2. The map: one stream extent, the edges zeroed; or ISO mode's. */
	if (plan->compose)
		map = compose_map(plan->compose);
	else
		rc = raw_map(ctx, plan, src, tg, &map);
	if (rc)
		goto out;

	/* 3. Write; the manifest records each chunk's hash. */
	rc = write_map(ctx, map, tg, &mf, &ws);
	res->bytes_written = ws.bytes_written;
	res->write_s = ws.seconds;
	res->direct = ws.direct;
	res->image_bytes = ws.stream_bytes ? ws.stream_bytes : res->image_bytes;
	if (plan->sparse) {
		res->sparse = true;
		res->image_bytes = plan->image_bytes;
		res->image_bytes_written =
			sparse_mapped_bytes(plan->sparse) - ws.bytes_skipped;
	}
	if (rc) {
		res->error_offset = ws.fail_off;
		goto out;
	}

	/* 4. Read back what the manifest says was written. */
	if (plan->opt.verify) {
		manifest_sort(&mf);
		rc = verify_manifest(ctx, map, &mf, tg, &vs);
		copy_verify(res, &vs, rc);
	}
out:
	describe_state(plan, &ws, rc);
	if (rc && tg && tg->created && !ws.bytes_written)
		unlink(tg->path);
	manifest_clear(&mf);
	if (!plan->compose)
		map_free(map);
	target_close(tg);
	source_close(src);
	return rc;
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
	if (size && !source_compression(src) && size > tg->size_bytes) {
		/* a target that ends early does not hold the image */
		plan_size_words(size, a, sizeof(a));
		plan_size_words(tg->size_bytes, b, sizeof(b));
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
	stk_strlcpy(res->target_state, "unchanged: only read",
		    sizeof(res->target_state));
out:
	map_free(map);
	target_close(tg);
	source_close(src);
	return rc;
}
