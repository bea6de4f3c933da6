// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * plan.c - decide what a run will write, check everything that can be
 * checked without writing, and say it in words for the confirmation.
 */
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "compose.h"
#include "device.h"
#include "plan.h"
#include "probe.h"
#include "source.h"
#include "target.h"
#include "fanout.h"
#include "sparse.h"

void stk_options_init(struct stk_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->mode = STK_MODE_AUTO;
	opt->scheme = STK_SCHEME_AUTO;
	opt->verify = true;
}

const char *stk_verify_outcome_name(enum stk_verify_outcome v)
{
	switch (v) {
	case STK_VERIFY_NOT_RUN:
		return "not run";
	case STK_VERIFY_IDENTICAL:
		return "identical";
	case STK_VERIFY_MISMATCH:
		return "mismatch";
	case STK_VERIFY_READ_ERROR:
		return "read error";
	case STK_VERIFY_VANISHED:
		return "device vanished";
	case STK_VERIFY_STOPPED:
		return "stopped";
	}
	return "unknown";
}

/* ISO mode is composed in core/compose*.c. */
static int plan_iso(struct stk_ctx *ctx, struct stk_plan *plan)
{
	return compose_plan(ctx, plan);
}

static int choose_mode(struct stk_ctx *ctx, struct stk_plan *plan)
{
	const struct stk_report *rep = stk_image_report(plan->img);
	enum stk_mode mode = plan->opt.mode;

	/* persistence is made in ISO mode, so "auto" means that mode */
	if (mode == STK_MODE_AUTO && plan->opt.persistence_bytes && rep &&
	    rep->possible[STK_MODE_ISO])
		mode = STK_MODE_ISO;
	else if (mode == STK_MODE_AUTO && plan->opt.persistence_bytes && rep &&
		 rep->possible[STK_MODE_ISO_UEFI_ONLY])
		mode = STK_MODE_ISO_UEFI_ONLY;
	if (mode == STK_MODE_AUTO)
		mode = rep ? rep->verdict : STK_MODE_RAW;
	if (mode == STK_MODE_RAW && plan->opt.persistence_bytes)
		return stk_seterr(
			ctx, -ENOTSUP,
			"persistence cannot be added in raw mode: the boot menu stays inside the ISO 9660 file system, where no boot parameter can be added; use --mode iso");
	if (mode == STK_MODE_UNSUPPORTED) {
		if (rep && rep->n_reasons)
			return stk_seterr(ctx, -ENOTSUP,
					  "'%s' cannot be made bootable: %s",
					  plan->image_path, rep->reason[0]);
		return stk_seterr(ctx, -ENOTSUP, "'%s' cannot be made bootable",
				  plan->image_path);
	}
	if (mode == STK_MODE_AUTO)
		mode = STK_MODE_RAW;
	plan->mode = mode;
	return 0;
}

unsigned plan_check_flags(const struct stk_plan *plan)
{
	return (plan->opt.any_device ? STK_CHECK_ANY_DEVICE : 0) |
	       (plan->opt.unmount ? STK_CHECK_UNMOUNT : 0);
}

/* What the target is, without writing to it (nor creating it). */
static int check_target(struct stk_ctx *ctx, struct stk_plan *plan)
{
	struct target *tg = NULL;
	struct stat st;
	unsigned fl = TARGET_WRITE;
	char *dir;
	int rc;
	/* usb:SERIAL becomes the stick's /dev path */
	rc = target_resolve(ctx, &plan->target_path);
	if (rc)
		return rc;
	if (stat(plan->target_path, &st) < 0) {
		if (errno != ENOENT)
			return stk_seterr_errno(ctx, -errno, "cannot open '%s'",
						plan->target_path);
		/* a new file: its directory must take it */
		dir = strdup(plan->target_path);
		if (!dir)
			return stk_seterr(ctx, -ENOMEM, "out of memory");
		rc = access(dirname(dir), W_OK) ? -errno : 0;
		if (rc)
			rc = stk_seterr(ctx,
					rc == -EROFS || rc == -EACCES ? -EROFS
								      : rc,
					"cannot create '%s': %s",
					plan->target_path, strerror(-rc));
		free(dir);
		plan->target_new = true;
		plan->target_bytes = plan->opt.target_bytes
					     ? plan->opt.target_bytes
					     : plan->image_bytes;
		plan->sector_bytes = 512;
		return rc;
	}
	/* a device: the device layer's rules now, without unmounting yet
	 * (the user has not confirmed), then its size read-only; a file:
	 * opened for writing, which writes nothing */
	if (S_ISBLK(st.st_mode)) {
		/* what the user confirms; the run refuses another disk */
		rc = stk_device_lookup(ctx, plan->target_path,
				       &plan->target_dev);
		if (!rc)
			rc = device_check_now(
				ctx, plan->target_dev, plan->image_path,
				plan_check_flags(plan) | STK_CHECK_DRY_RUN);
		if (rc == -ENOTBLK)
			rc = stk_seterr(ctx, rc, "'%s' is not a block device",
					plan->target_path);
		fl = 0;
	} else if (plan->opt.dry_run) {
		/* what the write's open would say, without opening for it */
		fl = 0;
		rc = access(plan->target_path, W_OK) ? -errno : 0;
		if (rc)
			rc = stk_seterr(ctx,
					rc == -EACCES || rc == -EPERM ? -EROFS
								      : rc,
					"'%s' is not writable: %s",
					plan->target_path, strerror(-rc));
	} else {
		rc = 0;
	}
	if (!rc)
		rc = target_open(ctx, plan->target_path, plan->image_path, fl,
				 0, &tg);
	if (rc)
		return rc;
	plan->target_blockdev = tg->is_blockdev;
	plan->sector_bytes = tg->sector_bytes;
	holds_describe(tg->fd, plan->holds, sizeof(plan->holds));
	if (tg->is_blockdev)
		plan->target_bytes = tg->size_bytes;
	else
		plan->file_bytes = tg->size_bytes;
	if (!tg->is_blockdev)
		plan->target_bytes = plan->opt.target_bytes
					     ? plan->opt.target_bytes
					     : plan->image_bytes;
	target_close(tg);
	return 0;
}

/* One target's plan: everything but ISO mode's composition. */
static int plan_one(struct stk_ctx *ctx, const struct stk_image *img,
		    const char *target_path, const struct stk_options *opt,
		    struct stk_plan **out)
{
	struct stk_plan *plan;
	struct source *src = NULL;
	int rc;

	*out = NULL;
	plan = calloc(1, sizeof(*plan));
	if (!plan)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	plan->img = img;
	plan->opt = *opt;
	plan->image_path = strdup(stk_image_path(img));
	plan->target_path = strdup(target_path);
	plan->label = opt->label ? strdup(opt->label) : NULL;
	plan->opt.label = plan->label;
	plan->bmap_path = opt->bmap_path ? strdup(opt->bmap_path) : NULL;
	plan->opt.bmap_path = plan->bmap_path;
	if (!plan->image_path || !plan->target_path ||
	    (opt->label && !plan->label) ||
	    (opt->bmap_path && !plan->bmap_path)) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}

	/* 1. The mode: the caller's, else the probe's verdict. */
	rc = choose_mode(ctx, plan);
	if (rc)
		goto out_free;

	/* 2. The image as it will stream: compression, recorded size. */
	rc = source_open(ctx, plan->image_path, &src);
	if (rc)
		goto out_free;
	plan->comp = source_compression(src);
	plan->image_bytes = source_size_bytes(src);
	source_close(src);

	/* 2b. Raw: the whole image, or what its bmap (or --sparse) maps. */
	rc = sparse_plan(ctx, plan, &plan->sparse);
	if (rc)
		goto out_free;

	/* 3. The target: writable, not mounted. */
	rc = check_target(ctx, plan);
	if (rc)
		goto out_free;
	plan->result.sector_bytes = plan->sector_bytes;
	stk_strlcpy(plan->result.target_state, "untouched",
		    sizeof(plan->result.target_state));
	*out = plan;
	return 0;

out_free:
	stk_plan_free(plan);
	return rc;
}

static int check_fits(struct stk_ctx *ctx, const struct stk_plan *plan,
		      uint64_t need)
{
	char a[32], b[32];

	if (!need || !plan->target_bytes || need <= plan->target_bytes)
		return 0;
	stk_size_format(need, a, sizeof(a));
	stk_size_format(plan->target_bytes, b, sizeof(b));
	return stk_seterr(ctx, -ENOSPC, "image is larger than '%s' (%s > %s)",
			  plan->target_path, a, b);
}

int stk_plan_new(struct stk_ctx *ctx, const struct stk_image *img,
		 const char *target_path, const struct stk_options *opt,
		 struct stk_plan **out)
{
	return stk_plan_new_many(ctx, img, &target_path, 1, opt, out);
}

int stk_plan_new_many(struct stk_ctx *ctx, const struct stk_image *img,
		      const char *const *targets, size_t n,
		      const struct stk_options *opt, struct stk_plan **out)
{
	struct stk_plan *plan = NULL, *small;
	size_t i;
	int rc;

	if (!out)
		return stk_seterr(ctx, -EINVAL, "no plan to fill");
	*out = NULL;
	if (!ctx || !img || !targets || !n || !opt)
		return stk_seterr(ctx, -EINVAL,
				  "missing image, target or options");

	/* 1. Every target by the same rules, before any is written. */
	rc = plan_one(ctx, img, targets[0], opt, &plan);
	if (rc)
		return rc;
	if (n > 1) {
		plan->peer = calloc(n - 1, sizeof(*plan->peer));
		if (!plan->peer) {
			rc = stk_seterr(ctx, -ENOMEM, "out of memory");
			goto out_free;
		}
	}
	for (i = 1; i < n; i++) {
		rc = plan_one(ctx, img, targets[i], opt, &plan->peer[i - 1]);
		if (rc)
			goto out_free;
		plan->n_peers++;
	}
	rc = plan_check_distinct(ctx, plan);
	if (rc)
		goto out_free;

	/* 2. ISO mode composes once, for the smallest target. */
	small = plan;
	for (i = 0; i < plan->n_peers; i++)
		if (plan->peer[i]->target_bytes &&
		    plan->peer[i]->target_bytes < small->target_bytes)
			small = plan->peer[i];
	if (plan->mode != STK_MODE_RAW) {
		for (i = 0; i < plan->n_peers && !rc; i++)
			if (plan->peer[i]->sector_bytes != plan->sector_bytes)
				rc = stk_seterr(
					ctx, -ENOTSUP,
					"ISO mode needs one sector size on every target: '%s' has %u bytes, '%s' %u",
					plan->target_path, plan->sector_bytes,
					plan->peer[i]->target_path,
					plan->peer[i]->sector_bytes);
		if (!rc)
			rc = plan_iso(ctx, small);
		if (rc)
			goto out_free;
		if (small != plan) {
			plan->compose = small->compose;
			small->compose = NULL;
		}
		/* every file target gets the layout's size, not only the
		 * one composed for: the run writes that size to each */
		for (i = 0; i <= plan->n_peers; i++) {
			struct stk_plan *p = i ? plan->peer[i - 1] : plan;

			if (!p->target_blockdev)
				p->target_bytes =
					compose_target_bytes(plan->compose);
		}
	}

	/* 3. Each target large enough, named if it is not. */
	for (i = 0; i <= plan->n_peers && !rc; i++) {
		struct stk_plan *p = i ? plan->peer[i - 1] : plan;

		rc = check_fits(ctx, p, plan->image_bytes);
		if (!rc && plan->compose)
			rc = check_fits(ctx, p,
					compose_target_bytes(plan->compose));
	}
	if (rc)
		goto out_free;
	*out = plan;
	return 0;

out_free:
	stk_plan_free(plan);
	return rc;
}

/* The target by name, make and size, and what it holds now. */
static void describe_target(FILE *f, const struct stk_plan *p, const char *size)
{
	const struct stk_device *d = p->target_dev;
	char who[3 * STK_DEV_STR_MAX + 16], now[32];
	char esc[TEXT_ONELINE_MAX(3 * STK_DEV_STR_MAX + 16)];
	char *path_buf = malloc(TEXT_ONELINE_MAX(strlen(p->target_path)));
	const char *path =
		path_buf
			? text_oneline(p->target_path, path_buf,
				       TEXT_ONELINE_MAX(strlen(p->target_path)))
			: p->target_path;

	/* names are quoted whole on their line: a newline in one is \x0a */
	if (p->target_new) {
		fprintf(f, "target: '%s' (new file, %s, %u-byte sectors)\n",
			path, size, p->sector_bytes);
		fprintf(f, "  CREATE: '%s' does not exist yet\n", path);
		free(path_buf);
		return;
	}
	who[0] = '\0';
	if (d && (d->vendor[0] || d->model[0]))
		snprintf(who, sizeof(who), "%s%s%s, ", d->vendor,
			 d->vendor[0] && d->model[0] ? " " : "", d->model);
	if (d && d->serial[0])
		snprintf(who + strlen(who), sizeof(who) - strlen(who),
			 "serial %s, ", d->serial);
	if (!p->target_blockdev)
		stk_size_format(p->file_bytes, now, sizeof(now));
	fprintf(f, "target: '%s' (%s, %s%s, %u-byte sectors)\n", path,
		p->target_blockdev ? "block device" : "file",
		text_oneline(who, esc, sizeof(esc)),
		p->target_blockdev ? size : now, p->sector_bytes);
	fprintf(f, "  it holds now: %s\n", p->holds);
	/* the write sizes a file to what it makes (target.c, write.c) */
	if (!p->target_blockdev && !p->target_bytes)
		fprintf(f,
			"  the file is overwritten and takes the image's size\n");
	else if (!p->target_blockdev && p->file_bytes == p->target_bytes)
		fprintf(f, "  the file is overwritten and keeps its size\n");
	else if (!p->target_blockdev)
		fprintf(f, "  the file is overwritten and %s %s\n",
			p->file_bytes > p->target_bytes ? "cut to" : "grows to",
			size);
	free(path_buf);
}

/* @name with a newline in it as \x0a, for a plan line ("image: 'I'",
 * "everything on 'T' is destroyed"); free *buf after use. */
static const char *one_line(const char *name, char **buf)
{
	size_t n = TEXT_ONELINE_MAX(strlen(name));

	*buf = malloc(n);
	return *buf ? text_oneline(name, *buf, n) : name;
}

char *stk_plan_describe(const struct stk_plan *plan)
{
	char img[32], tgt[32], *text = NULL, *buf;
	size_t len = 0, i;
	FILE *f;

	if (!plan)
		return NULL;
	f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	if (plan->image_bytes)
		stk_size_format(plan->image_bytes, img, sizeof(img));
	else
		stk_strlcpy(img, "size not recorded", sizeof(img));
	fprintf(f, "image: '%s' (%s%s%s)\n", one_line(plan->image_path, &buf),
		img, plan->comp ? ", decompressed from " : "",
		plan->comp ? stk_compression_name(plan->comp) : "");
	free(buf);
	if (plan->n_peers)
		fprintf(f,
			"%zu targets, written at once, the image read once:\n",
			plan->n_peers + 1);
	for (i = 0; i <= plan->n_peers; i++) {
		const struct stk_plan *p = plan_target_plan(plan, i);

		if (p->target_bytes)
			stk_size_format(p->target_bytes, tgt, sizeof(tgt));
		else
			stk_strlcpy(tgt, "the image's size", sizeof(tgt));
		describe_target(f, p, tgt);
	}
	if (plan->compose) {
		char *iso = compose_describe(plan->compose);

		fprintf(f, "mode: %s: %s", stk_mode_name(plan->mode),
			iso ? iso : "\n");
		free(iso);
	} else {
		const struct stk_report *r = stk_image_report(plan->img);

		fprintf(f, "mode: %s: the image is written byte for byte\n",
			stk_mode_name(plan->mode));
		if (r && r->kind == STK_KIND_ISO9660 && !r->hybrid)
			fprintf(f,
				"WARNING: this ISO is not a disk image (not hybrid): written byte for byte it will not boot from a stick; ISO mode rebuilds the stick from the ISO's files\n");
	}
	if (plan->sparse) {
		char *sp = sparse_describe(plan->sparse, plan->image_bytes);

		if (sp)
			fputs(sp, f);
		free(sp);
	}
	if (plan->target_bytes)
		fprintf(f,
			"the first and last MiB of the target are cleared where the image does not cover them\n");
	fprintf(f,
		"the first MiB is written last, so an interrupted write leaves a target that does not boot\n");
	if (plan->opt.verify)
		fprintf(f,
			"then everything written is read back, bypassing the page cache, and compared\n");
	else
		fprintf(f, "no verification (--no-verify)\n");
	for (i = 0; i <= plan->n_peers; i++) {
		const struct stk_plan *p = plan_target_plan(plan, i);

		if (p->target_new)
			continue;
		fprintf(f, "everything on '%s' is destroyed\n",
			one_line(p->target_path, &buf));
		free(buf);
	}
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}

const struct stk_result *stk_plan_result(const struct stk_plan *plan)
{
	return plan ? &plan->result : NULL;
}

const char *stk_plan_target(const struct stk_plan *plan)
{
	return plan ? plan->target_path : NULL;
}

uint64_t stk_plan_target_bytes(const struct stk_plan *plan)
{
	return plan ? plan->target_bytes : 0;
}

enum stk_mode stk_plan_mode(const struct stk_plan *plan)
{
	return plan ? plan->mode : STK_MODE_AUTO;
}

void stk_plan_free(struct stk_plan *plan)
{
	size_t i;

	if (!plan)
		return;
	free(plan->image_path);
	free(plan->target_path);
	free(plan->label);
	free(plan->bmap_path);
	sparse_free(plan->sparse);
	compose_free(plan->compose);
	stk_device_free(plan->target_dev);
	for (i = 0; i < plan->n_peers; i++)
		stk_plan_free(plan->peer[i]);
	free(plan->peer);
	free(plan);
}
