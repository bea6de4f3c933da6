// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * syslinux.c - matching the image's ISOLINUX with the host's syslinux:
 * versions, the host's .c32 modules and the libraries they need, and the
 * images syslinux installs, read from the host's syslinux program.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "cfg.h"
#include "mbr.h"
#include "syslinux.h"

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

/* Debian's syslinux program, which carries the images as data. */
#define SYSLINUX_BIN_DEFAULT "/usr/bin/syslinux"
#define SYSLINUX_BIN_MAX     (8u << 20)

int syslinux_host_load(struct stk_ctx *ctx, struct syslinux_host *h)
{
	const char *env = getenv("STICKLER_SYSLINUX_BIN");
	const char *path = env && *env ? env : SYSLINUX_BIN_DEFAULT;
	struct stat st;
	ssize_t got;
	int fd, rc;

	memset(h, 0, sizeof(*h));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return stk_seterr_errno(ctx, -errno,
					"cannot open '%s' (syslinux)", path);
	if (fstat(fd, &st) || st.st_size <= 0 ||
	    (uint64_t)st.st_size > SYSLINUX_BIN_MAX) {
		close(fd);
		return stk_seterr(ctx, -EINVAL,
				  "'%s' is not the syslinux program", path);
	}
	h->bin = malloc((size_t)st.st_size);
	if (!h->bin) {
		close(fd);
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	}
	got = pread(fd, h->bin, (size_t)st.st_size, 0);
	close(fd);
	if (got != st.st_size) {
		syslinux_host_free(h);
		return stk_seterr(ctx, -EIO, "cannot read '%s'", path);
	}
	rc = sysinst_find(h->bin, (size_t)st.st_size, &h->im);
	if (!rc)
		rc = syslinux_version_parse(h->im.banner, &h->version);
	if (rc) {
		syslinux_host_free(h);
		return stk_seterr(
			ctx, -ENOTSUP,
			"'%s' carries no boot sector, ldlinux.sys and ldlinux.c32 that stickler can find, so it cannot install syslinux",
			path);
	}
	DBG(ctx, BOOT, "%s: %s, ldlinux.sys %zu bytes, ldlinux.c32 %zu bytes",
	    path, h->im.banner, h->im.sys_len, h->im.c32_len);
	return 0;
}

void syslinux_host_free(struct syslinux_host *h)
{
	free(h->bin);
	memset(h, 0, sizeof(*h));
}

int syslinux_reinstall(struct stk_ctx *ctx, int fd, uint64_t part_bytes,
		       const uint64_t *sectors, size_t n, const char *dir)
{
	struct syslinux_host h;
	uint8_t bs[SYSINST_SECTOR];
	uint8_t *sys = NULL;
	size_t len, k;
	int rc;

	rc = syslinux_host_load(ctx, &h);
	if (rc)
		return rc;
	len = h.im.sys_len + SYSINST_ADV_BYTES;
	if (n != len / SYSINST_SECTOR) {
		rc = stk_seterr(
			ctx, -ENOTSUP,
			"ldlinux.sys has %zu sectors, the host's syslinux (%s) %zu: it was installed by another version",
			n, h.im.banner, len / SYSINST_SECTOR);
		goto out;
	}
	sys = malloc(len);
	if (!sys) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out;
	}
	memcpy(sys, h.im.sys, h.im.sys_len);
	if (io_pread_full(fd, bs, sizeof(bs), part_bytes)) {
		rc = stk_seterr(ctx, -EIO, "cannot read the FAT boot sector");
		goto out;
	}
	rc = sysinst_patch(&h.im, sys, sectors, n, dir, bs);
	if (rc) {
		rc = stk_seterr_errno(ctx, rc, "cannot patch ldlinux.sys");
		goto out;
	}
	for (k = 0; k < n && !rc; k++)
		if (io_pwrite_full(fd, sys + k * SYSINST_SECTOR, SYSINST_SECTOR,
				   part_bytes + sectors[k] * SYSINST_SECTOR))
			rc = stk_seterr(ctx, -EIO, "cannot write ldlinux.sys");
	if (!rc && io_pwrite_full(fd, bs, sizeof(bs), part_bytes))
		rc = stk_seterr(ctx, -EIO, "cannot write the FAT boot sector");
out:
	free(sys);
	syslinux_host_free(&h);
	return rc;
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
