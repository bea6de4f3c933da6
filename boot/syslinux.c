// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * syslinux.c - matching the image's ISOLINUX with the host's syslinux:
 * versions, the host's .c32 modules and the libraries they need, and
 * installing ldlinux.sys on the shadow with Debian's mtools-based tool.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "compose.h"

int syslinux_version_parse(const char *s, struct syslinux_version *v)
{
	const char *p;

	/* "ISOLINUX 6.04 20200816", "syslinux 6.04  Copyright ..." */
	for (p = s; p && *p; p++) {
		char *end;
		long major, minor;

		if (!isdigit((unsigned char)*p) ||
		    (p > s && !isspace((unsigned char)p[-1])))
			continue;
		major = strtol(p, &end, 10);
		if (*end != '.' || !isdigit((unsigned char)end[1]))
			continue;
		minor = strtol(end + 1, &end, 10);
		if (major < 1 || major > 99 || minor < 0 || minor > 99)
			continue;
		v->major = (int)major;
		v->minor = (int)minor;
		return 0;
	}
	return -EINVAL;
}

int syslinux_host_version(struct stk_ctx *ctx, struct syslinux_version *v)
{
	const char *argv[] = {"syslinux", "--version", NULL};
	char *out = NULL;
	int rc;

	rc = spawn_run(ctx, argv, NULL, &out);
	if (rc)
		return rc;
	rc = syslinux_version_parse(out, v);
	free(out);
	if (rc)
		return stk_seterr(ctx, rc,
				  "'syslinux --version' names no version");
	return 0;
}

char *syslinux_host_module(const char *name)
{
	const char *base = strrchr(name, '/');
	char *path;
	char *p;

	base = base ? base + 1 : name;
	if (asprintf(&path, "%s/modules/bios/%s", syslinux_dir(), base) < 0)
		return NULL;
	/* FAT and ISO 9660 are case-insensitive, Debian's names are lower */
	for (p = strrchr(path, '/') + 1; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (access(path, R_OK)) {
		free(path);
		return NULL;
	}
	return path;
}

/* ELF32 (System V gABI 4.1): the header and program header fields used. */
#define ELF_EHDR_BYTES 52
#define ELF_PT_LOAD    1
#define ELF_PT_DYNAMIC 2
#define ELF_DT_NULL    0
#define ELF_DT_NEEDED  1
#define ELF_DT_STRTAB  5

/* File offset of virtual address @va in a PT_LOAD segment, or -1. */
static int64_t elf_va_to_off(const uint8_t *elf, size_t len, uint32_t va)
{
	uint32_t phoff = get_le32(elf + 28);
	uint16_t phentsize = get_le16(elf + 42);
	uint16_t phnum = get_le16(elf + 44);
	uint16_t i;

	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = elf + phoff + (size_t)i * phentsize;

		if (get_le32(ph) != ELF_PT_LOAD)
			continue;
		if (va >= get_le32(ph + 8) &&
		    va - get_le32(ph + 8) < get_le32(ph + 16))
			return (int64_t)get_le32(ph + 4) +
			       (va - get_le32(ph + 8));
	}
	return -1;
}

int c32_needed(const uint8_t *elf, size_t len, char names[][CFG_NAME_MAX],
	       int max)
{
	uint32_t phoff, dyn_off = 0, dyn_len = 0;
	uint16_t phentsize, phnum, i;
	int64_t strtab = -1;
	uint32_t off;
	int n = 0;

	if (len < ELF_EHDR_BYTES || memcmp(elf, "\177ELF", 4) || elf[4] != 1 ||
	    elf[5] != 1)
		return -EINVAL; /* not a little-endian ELF32 file */
	phoff = get_le32(elf + 28);
	phentsize = get_le16(elf + 42);
	phnum = get_le16(elf + 44);
	if (phentsize < 32 || phoff > len ||
	    (uint64_t)phnum * phentsize > len - phoff)
		return -EINVAL;
	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = elf + phoff + (size_t)i * phentsize;

		if (get_le32(ph) == ELF_PT_DYNAMIC) {
			dyn_off = get_le32(ph + 4);
			dyn_len = get_le32(ph + 16);
		}
	}
	if (!dyn_len)
		return 0; /* static: needs nothing */
	if (dyn_off > len || dyn_len > len - dyn_off)
		return -EINVAL;
	for (off = dyn_off; off + 8 <= dyn_off + dyn_len; off += 8) {
		uint32_t tag = get_le32(elf + off);

		if (tag == ELF_DT_NULL)
			break;
		if (tag == ELF_DT_STRTAB)
			strtab = elf_va_to_off(elf, len,
					       get_le32(elf + off + 4));
	}
	if (strtab < 0 || (uint64_t)strtab >= len)
		return -EINVAL;
	for (off = dyn_off; off + 8 <= dyn_off + dyn_len; off += 8) {
		uint32_t tag = get_le32(elf + off);
		uint64_t name_off;
		const char *name;
		size_t max_len;

		if (tag == ELF_DT_NULL)
			break;
		if (tag != ELF_DT_NEEDED)
			continue;
		name_off = (uint64_t)strtab + get_le32(elf + off + 4);
		if (name_off >= len)
			return -EINVAL;
		name = (const char *)elf + name_off;
		max_len = len - name_off;
		if (!memchr(name, '\0', max_len))
			return -EINVAL;
		if (n < max)
			stk_strlcpy(names[n], name, CFG_NAME_MAX);
		n++;
	}
	return n < max ? n : max;
}

int syslinux_install(struct stk_ctx *ctx, const char *shadow_path,
		     uint64_t offset_bytes, const char *dir)
{
	char offset[32];
	const char *argv[] = {"syslinux",    "--install", "--offset",  offset,
			      "--directory", dir,	  shadow_path, NULL};
	/* mtools would otherwise refuse a FAT it finds odd and stop */
	const char *env[] = {"MTOOLS_SKIP_CHECK=1", NULL};

	snprintf(offset, sizeof(offset), "%llu",
		 (unsigned long long)offset_bytes);
	DBG(ctx, BOOT, "syslinux --install --offset %s --directory %s %s",
	    offset, dir, shadow_path);
	return spawn_run(ctx, argv, env, NULL);
}

/* ---- ISO mode: the image's ISOLINUX made to boot from the stick -------- */

#define SYSLINUX_MAX_CFGS 32

/* Reads a host file whole; NULL with a message on failure. */
static uint8_t *read_host(struct stk_ctx *ctx, const char *path, size_t *len)
{
	uint8_t *buf = NULL;
	FILE *f = fopen(path, "rbe"); /* not inherited by spawned tools */
	long size = -1;

	if (!f) {
		stk_seterr(ctx, -errno, "cannot open '%s'", path);
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

int compose_syslinux(struct stk_ctx *ctx, struct compose *c)
{
	const struct stk_report *r = c->report;
	struct syslinux_version host = {0}, image = {0};
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
	rc = syslinux_host_version(ctx, &host);
	if (rc)
		return rc;
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
	 * first place it looks for syslinux.cfg is "/"; syslinux installs
	 * ldlinux.c32 next to it, so the image's copy there is left out.
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
