/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * syslinux.h - the host's syslinux matched with the image's ISOLINUX
 * (syslinux.c).
 */
#ifndef STK_SYSLINUX_H
#define STK_SYSLINUX_H

#include "internal.h"
#include "cfg.h"

struct syslinux_version {
	int	major;
	int	minor;
};

/* "ISOLINUX 6.04 20200816" -> 6, 4; -EINVAL when there is no version. */
int syslinux_version_parse(const char *s, struct syslinux_version *v);
/* The host's syslinux version (from ldlinux.c32's banner). */
int syslinux_host_version(struct stk_ctx *ctx, struct syslinux_version *v);
/*
 * c32_needed - DT_NEEDED names of a .c32 module (an ELF32 shared object),
 * each at most CFG_NAME_MAX; returns the count or -EINVAL.
 */
int c32_needed(const uint8_t *elf, size_t len, char names[][CFG_NAME_MAX],
	       int max);
/* Path of the host's module @name ("menu.c32") or NULL when it has none. */
char *syslinux_host_module(const char *name);
/*
 * syslinux_install - run Debian's mtools-based syslinux on the shadow:
 * ldlinux.sys and ldlinux.c32 into @dir of the FAT at @offset_bytes, its
 * boot code merged into the FAT boot sector.
 */
int syslinux_install(struct stk_ctx *ctx, const char *shadow_path,
		     uint64_t offset_bytes, const char *dir);

#endif /* STK_SYSLINUX_H */
