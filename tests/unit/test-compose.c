// SPDX-License-Identifier: GPL-3.0-or-later
/* test-compose.c - finding the composed tree's nodes by path, as FAT does:
 * without case, past the index's growth, kept nodes before left-out ones. */
#include <stdio.h>
#include <stdlib.h>

#include "t.h"
#include "internal.h"
#include "compose.h"

static struct compose *tree(struct stk_ctx **ctx)
{
	*ctx = stk_ctx_new();
	return calloc(1, sizeof(struct compose));
}

static int put(struct stk_ctx *ctx, struct compose *c, const char *path)
{
	return compose_put_file(ctx, c, path, malloc(1), 1, NULL);
}

/* Thousands of files in a few directories: every one is found, in any
 * case, after the index grew several times; a missing one is not. */
static void many_found_without_case(void)
{
	struct stk_ctx *ctx;
	struct compose *c = tree(&ctx);
	char p[64];
	int i, j, bad = 0;

	for (i = 0; i < 3000; i++) {
		snprintf(p, sizeof(p), "/Docs/D%d/File%d.txt", i % 7, i);
		T_EQ_INT(put(ctx, c, p), 0);
	}
	T_EQ_U64(c->n, 3000 + 8); /* the files, /Docs and its 7 */
	for (i = 0; i < 3000; i++) {
		snprintf(p, sizeof(p), "/docs/d%d/FILE%d.TXT", i % 7, i);
		j = compose_find(c, p);
		if (j < 0 || strcasecmp(c->node[j].path, p))
			bad++;
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(compose_find(c, "/docs/d1/file3000.txt"), -1);
	T_EQ_INT(compose_find(c, "/docs/d1"), compose_find(c, "/DOCS/D1"));
	j = compose_find(c, "/docs/d1");
	T_OK(j >= 0 && c->node[j].is_dir);
	T_EQ_INT(compose_find(c, "/"), COMPOSE_ROOT);
	/* the same path in another case is the same file, not a second one */
	T_EQ_INT(put(ctx, c, "/DOCS/D0/FILE0.TXT"), 0);
	T_EQ_U64(c->n, 3000 + 8);
	compose_free(c);
	stk_ctx_free(ctx);
}

/* A left-out node is not found by compose_find(); compose_find_any()
 * gives a kept one first, else the last left out. */
static void left_out_nodes(void)
{
	struct stk_ctx *ctx;
	struct compose *c = tree(&ctx);
	const struct cnode *n;
	int a, b;

	T_EQ_INT(put(ctx, c, "/isolinux/ldlinux.c32"), 0);
	a = compose_find(c, "/ISOLINUX/LDLINUX.C32");
	T_OK(a >= 0);
	c->node[a].skip = true;
	T_EQ_INT(compose_find(c, "/isolinux/ldlinux.c32"), -1);
	n = compose_find_any(c, "/isolinux/LDLINUX.c32");
	T_OK(n == &c->node[a]);
	/* a replacement under the same name: found by both */
	T_EQ_INT(put(ctx, c, "/isolinux/LDLINUX.C32"), 0);
	b = compose_find(c, "/isolinux/ldlinux.c32");
	T_OK(b >= 0 && b != a);
	T_OK(compose_find_any(c, "/isolinux/ldlinux.c32") == &c->node[b]);
	/* both left out: the last one */
	c->node[b].skip = true;
	T_OK(compose_find_any(c, "/isolinux/ldlinux.c32") == &c->node[b]);
	T_OK(compose_find_any(c, "/isolinux/none.c32") == NULL);
	compose_free(c);
	stk_ctx_free(ctx);
}

T_MAIN(T_CASE(many_found_without_case), T_CASE(left_out_nodes))
