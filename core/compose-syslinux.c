// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * compose-syslinux.c - the image's ISOLINUX made to boot from the stick:
 * every config it reaches is scanned, its modules are replaced by the
 * host's syslinux of one version (with the libraries they need), a
 * root syslinux.cfg chains to the image's own configuration, and
 * ldlinux.sys goes into its clusters with the sectors it occupies
 * patched in, as syslinux's own installer does, without running it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "cfg.h"
#include "compose.h"
#include "fat.h"
#include "shadow.h"
#include "syslinux.h"

#define SYSLINUX_MAX_CFGS 32

/* Reads a host file whole; NULL with a message on failure. */
static uint8_t *read_host(struct stk_ctx *ctx, const char *path, size_t *len)
{
	uint8_t *buf = NULL;
	FILE *f = fopen(path, "rbe"); /* not inherited by spawned tools */
	long size = -1;

	if (!f) {
		stk_seterr_errno(ctx, -errno, "cannot open '%s'", path);
		return NULL;
	}
	if (!fseek(f, 0, SEEK_END))
		size = ftell(f);
	if (size < 0 || fseek(f, 0, SEEK_SET))
		goto fail;
	buf = malloc((size_t)size + 1);
	if (!buf) {
		stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_close;
	}
	if (fread(buf, 1, (size_t)size, f) != (size_t)size)
		goto fail;
	fclose(f);
	*len = (size_t)size;
	return buf;
fail:
	stk_seterr(ctx, -EIO, "cannot read '%s'", path);
out_close:
	free(buf);
	fclose(f);
	return NULL;
}

/* @name relative to @dir ("/isolinux"), as ldlinux resolves it. */
static void join(const char *dir, const char *name, char *out, size_t size)
{
	size_t n = 0;

	if (name[0] != '/' && strcmp(dir, "/"))
		n = stk_strlcpy(out, dir, size);
	if (name[0] != '/' && n + 1 < size)
		out[n++] = '/';
	stk_strlcpy(out + n, name, size - n);
}

/* Every config reachable from @first: INCLUDE, MENU INCLUDE, CONFIG. */
static int scan_configs(struct stk_ctx *ctx, struct compose *c,
			const char *first, const char *dir,
			struct cfg_refs *refs)
{
	char todo[SYSLINUX_MAX_CFGS][STK_PATH_MAX];
	int n_todo = 1, done, j;
	int rc;

	stk_strlcpy(todo[0], first, sizeof(todo[0]));
	for (done = 0; done < n_todo; done++) {
		struct cfg_refs one;
		uint8_t *text = NULL;
		size_t len = 0;
		int i = compose_find(c, todo[done]);

		if (i < 0) {
			stk_log(ctx, STK_LOG_WARN,
				"'%s' names '%s', which is not on the image",
				first, todo[done]);
			continue;
		}
		rc = compose_read(ctx, c, i, &text, &len);
		if (rc)
			return rc;
		memset(&one, 0, sizeof(one));
		cfg_scan((const char *)text, len, &one);
		free(text);
		cfg_scan_merge(refs, &one);
		for (j = 0; j < one.n_includes && n_todo < SYSLINUX_MAX_CFGS;
		     j++) {
			char p[STK_PATH_MAX];
			int k;

			join(dir, one.include[j], p, sizeof(p));
			for (k = 0; k < n_todo; k++)
				if (!strcasecmp(todo[k], p))
					break;
			if (k == n_todo)
				stk_strlcpy(todo[n_todo++], p, sizeof(p));
		}
	}
	return 0;
}

/* The host's @name into @dir_path unless already there; then its libs. */
static int put_host_module(struct stk_ctx *ctx, struct compose *c,
			   const char *dir_path, const char *name,
			   const char *why, int depth)
{
	char names[16][CFG_NAME_MAX];
	char path[STK_PATH_MAX];
	char *host;
	uint8_t *bytes;
	size_t len = 0;
	int i, n, rc, have;

	join(dir_path, name, path, sizeof(path));
	have = compose_find(c, path);
	if (have >= 0 && c->node[have].changed)
		return 0; /* done already */
	host = syslinux_host_module(name);
	if (!host)
		return stk_seterr(
			ctx, -ENOTSUP,
			"'%s' needs '%s', which the host's syslinux does not have",
			why, name);
	bytes = read_host(ctx, host, &len);
	free(host);
	if (!bytes)
		return -EIO;
	n = c32_needed(bytes, len, names, 16);
	rc = compose_put_file(ctx, c, have >= 0 ? c->node[have].path : path,
			      bytes, len, NULL);
	if (rc)
		return rc;
	compose_note(
		c, "%s '%s': %s", have >= 0 ? "replaces" : "adds", path,
		have >= 0
			? "the host's syslinux module of the same name, to match ldlinux.sys"
			: "the host's syslinux module, which the configuration needs");
	for (i = 0; depth < 8 && i < n; i++) {
		rc = put_host_module(ctx, c, dir_path, names[i], path,
				     depth + 1);
		if (rc)
			return rc;
	}
	return 0;
}

/* ldlinux.sys (with room for its ADV) and ldlinux.c32 into the root. */
static int put_ldlinux(struct stk_ctx *ctx, struct compose *c)
{
	const struct sysinst_images *im = &c->syslinux->im;
	size_t len = im->sys_len + SYSINST_ADV_BYTES;
	uint8_t *sys = malloc(len), *c32 = malloc(im->c32_len);
	int rc, i;

	if (!sys || !c32) {
		free(sys);
		free(c32);
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	}
	memcpy(sys, im->sys, im->sys_len);
	memset(sys + im->sys_len, 0, SYSINST_ADV_BYTES);
	memcpy(c32, im->c32, im->c32_len);
	rc = compose_put_file(ctx, c, "/ldlinux.sys", sys, len, NULL);
	if (rc) {
		free(c32);
		return rc;
	}
	rc = compose_put_file(ctx, c, "/ldlinux.c32", c32, im->c32_len, NULL);
	if (rc)
		return rc;
	/* as syslinux leaves them: read-only, hidden, system */
	i = compose_find(c, "/ldlinux.sys");
	if (i >= 0)
		c->node[i].fat_attr =
			FAT_ATTR_READONLY | FAT_ATTR_HIDDEN | FAT_ATTR_SYSTEM;
	i = compose_find(c, "/ldlinux.c32");
	if (i >= 0)
		c->node[i].fat_attr =
			FAT_ATTR_READONLY | FAT_ATTR_HIDDEN | FAT_ATTR_SYSTEM;
	return 0;
}

int compose_syslinux_install(struct stk_ctx *ctx, struct compose *c,
			     struct fat_tree *tree,
			     const struct fat_layout *layout)
{
	const struct sysinst_images *im = &c->syslinux->im;
	struct fat_node *fn =
		fat_tree_lookup(fat_tree_root(tree), "ldlinux.sys");
	uint32_t cl = fat_node_first_cluster(fn);
	int i = compose_find(c, "/ldlinux.sys");
	uint8_t bs[SYSINST_SECTOR];
	uint64_t off, first, *sect;
	size_t n, k;
	int rc;

	if (i < 0 || cl < 2 || !c->node[i].data ||
	    c->node[i].size_bytes != im->sys_len + SYSINST_ADV_BYTES)
		return stk_seterr(ctx, -EINVAL,
				  "ldlinux.sys is not in the stick's root");
	/* the builder gives each file contiguous clusters */
	off = layout->data_offset_bytes +
	      (uint64_t)(cl - 2) * layout->cluster_bytes;
	first = (off - c->part.start_bytes) / SYSINST_SECTOR;
	n = (size_t)(c->node[i].size_bytes / SYSINST_SECTOR);
	sect = calloc(n, sizeof(*sect));
	if (!sect)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	for (k = 0; k < n; k++)
		sect[k] = first + k;
	rc = shadow_read(ctx, c->shadow, bs, sizeof(bs), c->part.start_bytes);
	if (!rc) {
		rc = sysinst_patch(im, c->node[i].data, sect, n,
				   c->syslinux_dir, bs);
		if (rc)
			rc = stk_seterr_errno(
				ctx, rc,
				"cannot patch ldlinux.sys (%s) for sector %llu",
				im->banner, (unsigned long long)first);
	}
	free(sect);
	if (!rc)
		rc = shadow_write(ctx, c->shadow, c->node[i].data,
				  (size_t)c->node[i].size_bytes, off);
	if (!rc)
		rc = shadow_write(ctx, c->shadow, bs, sizeof(bs),
				  c->part.start_bytes);
	if (!rc)
		rc = fat_sync_backup(ctx, c->shadow->fd, c->part.start_bytes);
	DBG(ctx, BOOT, "ldlinux.sys at sector %llu of the FAT, %zu sectors",
	    (unsigned long long)first, n);
	return rc;
}

int compose_syslinux(struct stk_ctx *ctx, struct compose *c)
{
	const struct stk_report *r = c->report;
	struct syslinux_version host, image = {0};
	struct cfg_refs *refs;
	char cfg[STK_PATH_MAX], dir[STK_PATH_MAX], p[STK_PATH_MAX];
	char *slash;
	char *chain;
	size_t i;
	int rc, k;

	/* 1. Where the image's config lives: its directory is current. */
	join("/", r->isolinux_cfg, cfg, sizeof(cfg));
	stk_strlcpy(dir, cfg, sizeof(dir));
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (!c->syslinux) {
		c->syslinux = calloc(1, sizeof(*c->syslinux));
		if (!c->syslinux)
			return stk_seterr(ctx, -ENOMEM, "out of memory");
		rc = syslinux_host_load(ctx, c->syslinux);
		if (rc) {
			free(c->syslinux);
			c->syslinux = NULL;
			return rc;
		}
	}
	host = c->syslinux->version;
	if (syslinux_version_parse(r->isolinux_version, &image))
		stk_log(ctx, STK_LOG_WARN,
			"the image's ISOLINUX has no version string; its modules are replaced anyway");

	/* 2. Every module the configs name must exist on the host. */
	refs = calloc(1, sizeof(*refs));
	if (!refs)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	rc = scan_configs(ctx, c, cfg, dir, refs);
	if (rc)
		goto out;
	for (k = 0; k < refs->n_modules; k++) {
		char *h = syslinux_host_module(refs->module[k]);

		if (!h) {
			rc = stk_seterr(
				ctx, -ENOTSUP,
				"cannot match the custom module '%s' that the image's ISOLINUX %d.%02d configuration uses: the host's syslinux %d.%02d has no such module, so the stick could not show its menu%s",
				refs->module[k], image.major, image.minor,
				host.major, host.minor,
				r->possible[STK_MODE_RAW]
					? "; the image is hybrid: write it with --mode raw"
					: "");
			goto out;
		}
		free(h);
	}

	/*
	 * 3. ldlinux.sys goes to the root, so its current directory and the
	 * first place it looks for syslinux.cfg is "/"; the host's
	 * ldlinux.c32 goes next to it, so the image's copies are left out.
	 */
	stk_strlcpy(c->syslinux_dir, "/", sizeof(c->syslinux_dir));
	for (i = 0; i < c->n; i++) {
		struct cnode *n = &c->node[i];

		if (n->skip || n->is_dir || n->parent != COMPOSE_ROOT)
			continue;
		if (!strcasecmp(n->name, "ldlinux.c32") ||
		    !strcasecmp(n->name, "ldlinux.sys") ||
		    !strcasecmp(n->name, "extlinux.conf")) {
			n->skip = true;
			compose_note(
				c,
				"replaces '%s': syslinux %d.%02d installs its own",
				n->path, host.major, host.minor);
		}
	}
	rc = put_ldlinux(ctx, c);
	if (rc)
		goto out;

	/* 4. The image's modules are replaced by the host's of one version. */
	for (i = 0; i < c->n; i++) {
		struct cnode *n = &c->node[i];
		char *h;
		char parent[STK_PATH_MAX];
		size_t len;

		len = strlen(n->name);
		if (n->skip || n->is_dir || n->changed || len < 5 ||
		    strcasecmp(n->name + len - 4, ".c32"))
			continue;
		h = syslinux_host_module(n->name);
		if (!h) {
			stk_log(ctx, STK_LOG_WARN,
				"'%s' is not a module the host's syslinux has; it is copied unchanged",
				n->path);
			continue;
		}
		free(h);
		stk_strlcpy(parent, n->path, sizeof(parent));
		*strrchr(parent, '/') = '\0';
		rc = put_host_module(ctx, c, *parent ? parent : "/", n->name,
				     n->path, 0);
		if (rc)
			goto out;
	}

	/* 5. Modules the configs name but the tree lacks, in their dir. */
	for (k = 0; k < refs->n_modules; k++) {
		join(dir, refs->module[k], p, sizeof(p));
		if (compose_find(c, p) >= 0)
			continue;
		slash = strrchr(p, '/');
		*slash = '\0';
		rc = put_host_module(ctx, c, *p ? p : "/", slash + 1, cfg, 0);
		if (rc)
			goto out;
	}

	/* 6. The root syslinux.cfg hands over to the image's config. */
	if (strcasecmp(cfg, "/syslinux.cfg")) {
		chain = cfg_chain_text(cfg);
		if (!chain) {
			rc = stk_seterr(ctx, -ENOMEM, "out of memory");
			goto out;
		}
		rc = compose_put_file(ctx, c, "/syslinux.cfg", (uint8_t *)chain,
				      strlen(chain), NULL);
		if (rc)
			goto out;
		compose_note(
			c,
			"adds '/syslinux.cfg': it chains to '%s' (CONFIG with its directory), so the image's menu runs as it did on the CD",
			cfg);
	}
	DBG(ctx, BOOT, "ISOLINUX %d.%02d, host syslinux %d.%02d, %d modules",
	    image.major, image.minor, host.major, host.minor, refs->n_modules);
out:
	free(refs);
	return rc;
}
