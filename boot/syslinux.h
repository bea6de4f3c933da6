/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * syslinux.h - the host's syslinux matched with the image's ISOLINUX
 * (syslinux.c).
 */
#ifndef STK_SYSLINUX_H
#define STK_SYSLINUX_H

#include "internal.h"
#include "cfg.h"
#include "sysinst.h"

struct syslinux_version {
	int	major;
	int	minor;
};

/* "ISOLINUX 6.04 20200816" -> 6, 4; -EINVAL when there is no version. */
int syslinux_version_parse(const char *s, struct syslinux_version *v);
/* The host's syslinux: its images and their version. */
struct syslinux_host {
	uint8_t			*bin;	/* the program's bytes */
	struct sysinst_images	im;	/* inside @bin */
	struct syslinux_version	version;	/* from ldlinux.sys's banner */
};

/*
 * syslinux_host_load - read the host's syslinux program
 * ($STICKLER_SYSLINUX_BIN or /usr/bin/syslinux) and find the boot sector,
 * ldlinux.sys and ldlinux.c32 in it; free with syslinux_host_free().
 */
int syslinux_host_load(struct stk_ctx *ctx, struct syslinux_host *h);
void syslinux_host_free(struct syslinux_host *h);
/*
 * syslinux_reinstall - ldlinux.sys that is already in a FAT of @fd at
 * @part_bytes, in @sectors (@n of them, relative to the FAT's start, in
 * file order), patched again from the host's images for where it is now,
 * and syslinux's boot code merged into the FAT boot sector (not its
 * backup: fat_sync_backup() after). @dir is its directory ("/").
 */
int syslinux_reinstall(struct stk_ctx *ctx, int fd, uint64_t part_bytes,
		       const uint64_t *sectors, size_t n, const char *dir);
/*
 * c32_needed - DT_NEEDED names of a .c32 module (an ELF32 shared object),
 * each at most CFG_NAME_MAX; returns the count or -EINVAL.
 */
int c32_needed(const uint8_t *elf, size_t len, char names[][CFG_NAME_MAX],
	       int max);
/* Path of the host's module @name ("menu.c32") or NULL when it has none. */
char *syslinux_host_module(const char *name);

#endif /* STK_SYSLINUX_H */
