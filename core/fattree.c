// SPDX-License-Identifier: GPL-3.0-or-later
/* fattree.c - the tree a caller gives the FAT32 builder: nodes and lookup. */
#include <stdlib.h>

#include "internal.h"
#include "fat.h"
#include "fatint.h"
#include "fatname.h"

int fat_tree_new(struct stk_ctx *ctx, struct fat_tree **out)
{
	struct fat_tree *t;

	*out = NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	t->root.is_dir = true;
	t->n_dirs = 1;
	*out = t;
	return 0;
}

static void free_children(struct fat_node *dir)
{
	struct fat_node *c, *next;

	free(dir->index);
	for (c = dir->first_child; c; c = next) {
		next = c->next;
		if (c->is_dir)
			free_children(c);
		free(c->name);
		free(c->name_utf8);
		free(c->data);
		free(c);
	}
}

void fat_tree_free(struct fat_tree *tree)
{
	if (!tree)
		return;
	free_children(&tree->root);	/* the root's index too */
	free(tree);
}

struct fat_node *fat_tree_root(struct fat_tree *tree)
{
	return tree ? &tree->root : NULL;
}

static bool same_name(const struct fat_node *c, const uint16_t *u, size_t n)
{
	size_t i;

	if (c->name_units != n)
		return false;
	for (i = 0; i < n; i++)
		if (fatname_upper(c->name[i]) != fatname_upper(u[i]))
			return false;
	return true;
}

static size_t name_hash(const uint16_t *u, size_t n)
{
	size_t h = 2166136261u, i;

	for (i = 0; i < n; i++)
		h = (h ^ fatname_upper(u[i])) * 16777619u;
	return h;
}

/* The child of @dir FAT would take for the name @u, or NULL. */
static struct fat_node *find_child(const struct fat_node *dir,
				   const uint16_t *u, size_t n)
{
	size_t i;

	if (!dir->index_cap)
		return NULL;
	i = name_hash(u, n) & (dir->index_cap - 1);
	for (; dir->index[i]; i = (i + 1) & (dir->index_cap - 1))
		if (same_name(dir->index[i], u, n))
			return dir->index[i];
	return NULL;
}

static void index_put(struct fat_node *dir, struct fat_node *c)
{
	size_t i = name_hash(c->name, c->name_units) & (dir->index_cap - 1);

	while (dir->index[i])
		i = (i + 1) & (dir->index_cap - 1);
	dir->index[i] = c;
}

/* Room for one more child in the index, kept at most half full. */
static int index_grow(struct fat_node *dir)
{
	struct fat_node *c;
	size_t cap;

	if (2 * (dir->n_children + 1) <= dir->index_cap)
		return 0;
	cap = dir->index_cap ? dir->index_cap * 2 : 16;
	free(dir->index);
	dir->index = calloc(cap, sizeof(*dir->index));
	dir->index_cap = dir->index ? cap : 0;
	if (!dir->index)
		return -ENOMEM;
	for (c = dir->first_child; c; c = c->next)
		index_put(dir, c);
	return 0;
}

struct fat_node *fat_tree_lookup(struct fat_node *dir, const char *name)
{
	uint16_t u[FAT_NAME_UNITS];
	size_t n;

	if (!dir || !dir->is_dir || fatname_from_utf8(name, u, &n))
		return NULL;
	return find_child(dir, u, n);
}

uint32_t fat_node_first_cluster(const struct fat_node *n)
{
	return n && !n->is_dir ? n->first_cluster : 0;
}

static int add_node(struct stk_ctx *ctx, struct fat_tree *tree,
		    struct fat_node *parent, const char *name,
		    struct fat_node **out)
{
	uint16_t u[FAT_NAME_UNITS];
	struct fat_node *n, *c;
	const char *why;
	size_t units;

	*out = NULL;
	if (!tree || !parent || !parent->is_dir || !name)
		return stk_seterr(ctx, -EINVAL,
				  "bad arguments to the FAT tree");
	why = fatname_from_utf8(name, u, &units);
	if (why)
		return stk_seterr(ctx, -EINVAL, "cannot put '%s' on FAT: %s",
				  name, why);
	c = find_child(parent, u, units);
	if (c)
		return stk_seterr(ctx, -EEXIST,
				  "cannot put '%s' on FAT: '%s' is the same name to FAT",
				  name, c->name_utf8);
	if (index_grow(parent))
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	n = calloc(1, sizeof(*n));
	if (!n)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	n->name = calloc(units, sizeof(*n->name));
	n->name_utf8 = strdup(name);
	if (!n->name || !n->name_utf8) {
		free(n->name);
		free(n->name_utf8);
		free(n);
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	}
	memcpy(n->name, u, units * sizeof(*u));
	n->name_units = units;
	n->parent = parent;
	n->seq = tree->seq++;
	if (parent->last_child)
		parent->last_child->next = n;
	else
		parent->first_child = n;
	parent->last_child = n;
	parent->n_children++;
	index_put(parent, n);
	*out = n;
	return 0;
}

int fat_tree_add_dir(struct stk_ctx *ctx, struct fat_tree *tree,
		     struct fat_node *parent, const char *name, int64_t mtime,
		     struct fat_node **out)
{
	struct fat_node *n;
	int rc;

	if (out)
		*out = NULL;
	rc = add_node(ctx, tree, parent, name, &n);
	if (rc)
		return rc;
	n->is_dir = true;
	n->mtime = mtime;
	tree->n_dirs++;
	if (out)
		*out = n;
	return 0;
}

int fat_tree_add_file(struct stk_ctx *ctx, struct fat_tree *tree,
		      struct fat_node *parent, const struct fat_file_spec *spec,
		      struct fat_node **out)
{
	struct fat_node *n;
	int rc;

	if (out)
		*out = NULL;
	if (!spec || !spec->name)
		return stk_seterr(ctx, -EINVAL,
				  "bad arguments to the FAT tree");
	if (spec->size_bytes > FAT_MAX_FILE_BYTES)
		return stk_seterr(ctx, -ENOTSUP,
				  "'%s' is 4 GiB or larger, which FAT32 cannot hold",
				  spec->name);
	rc = add_node(ctx, tree, parent, spec->name, &n);
	if (rc)
		return rc;
	n->size_bytes = spec->size_bytes;
	n->mtime = spec->mtime;
	n->order = spec->order;
	n->attr = spec->attr & (FAT_ATTR_READONLY | FAT_ATTR_HIDDEN |
				FAT_ATTR_SYSTEM);
	n->opaque = spec->opaque;
	if (spec->data && spec->size_bytes) {
		n->data = malloc(spec->size_bytes);
		if (!n->data)
			return stk_seterr(ctx, -ENOMEM, "out of memory");
		memcpy(n->data, spec->data, spec->size_bytes);
	}
	tree->n_files++;
	if (out)
		*out = n;
	return 0;
}

