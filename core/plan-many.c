// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * plan-many.c - the targets of a plan that writes one image to several:
 * each one distinct and none the image itself, and their accessors.
 */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "fanout.h"
#include "plan.h"

/* What names one object on this machine, however it is spelt. */
struct ident {
	bool exists;
	bool blk;
	dev_t dev;
	ino_t ino;
	char path[2 * PATH_MAX]; /* a file not created yet */
};

static void ident_of(const char *path, struct ident *id)
{
	char dir[PATH_MAX], base[PATH_MAX], real[PATH_MAX];
	struct stat st;

	memset(id, 0, sizeof(*id));
	if (!stat(path, &st)) {
		id->exists = true;
		id->blk = S_ISBLK(st.st_mode);
		id->dev = id->blk ? st.st_rdev : st.st_dev;
		id->ino = id->blk ? 0 : st.st_ino;
		return;
	}
	stk_strlcpy(dir, path, sizeof(dir));
	stk_strlcpy(base, path, sizeof(base));
	if (realpath(dirname(dir), real))
		snprintf(id->path, sizeof(id->path), "%s/%s", real,
			 basename(base));
	else
		stk_strlcpy(id->path, path, sizeof(id->path));
}

static bool ident_same(const struct ident *a, const struct ident *b)
{
	if (a->exists != b->exists)
		return false;
	if (!a->exists)
		return !strcmp(a->path, b->path);
	return a->blk == b->blk && a->dev == b->dev && a->ino == b->ino;
}

struct stk_plan *plan_target_plan(const struct stk_plan *plan, size_t i)
{
	if (!plan || i > plan->n_peers)
		return NULL;
	return i ? plan->peer[i - 1] : (struct stk_plan *)plan;
}

static int twice(struct stk_ctx *ctx, const struct stk_plan *a,
		 const struct stk_plan *b)
{
	return stk_seterr(ctx, -EINVAL,
			  "'%s' and '%s' are the same target; name it once",
			  a->target_path, b->target_path);
}

int plan_check_distinct(struct stk_ctx *ctx, const struct stk_plan *plan)
{
	size_t n = plan->n_peers + 1, i, j;
	struct ident *id, img;
	int rc = 0;

	id = calloc(n, sizeof(*id));
	if (!id)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	ident_of(plan->image_path, &img);
	for (i = 0; i < n && !rc; i++) {
		const struct stk_plan *p = plan_target_plan(plan, i);

		ident_of(p->target_path, &id[i]);
		if (ident_same(&id[i], &img))
			rc = stk_seterr(ctx, -EINVAL,
					"target '%s' is the image itself",
					p->target_path);
		for (j = 0; j < i && !rc; j++)
			if (ident_same(&id[i], &id[j]))
				rc = twice(ctx, plan_target_plan(plan, j), p);
	}
	free(id);
	return rc;
}

size_t stk_plan_target_count(const struct stk_plan *plan)
{
	return plan ? plan->n_peers + 1 : 0;
}

const char *stk_plan_target_at(const struct stk_plan *plan, size_t i)
{
	const struct stk_plan *p = plan_target_plan(plan, i);

	return p ? p->target_path : NULL;
}

const struct stk_result *stk_plan_result_at(const struct stk_plan *plan,
					    size_t i)
{
	const struct stk_plan *p = plan_target_plan(plan, i);

	return p ? &p->result : NULL;
}

const struct stk_device *stk_plan_device_at(const struct stk_plan *plan,
					    size_t i)
{
	const struct stk_plan *p = plan_target_plan(plan, i);

	return p ? p->target_dev : NULL;
}
