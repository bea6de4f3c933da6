/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sysinst.h - installing syslinux on a FAT without its installer
 * (sysinst.c): the boot sector, ldlinux.sys and ldlinux.c32 found in the
 * host's syslinux program, and ldlinux.sys patched with the sectors it
 * occupies, as syslinux's installer library does.
 */
#ifndef STK_SYSINST_H
#define STK_SYSINST_H

#include "internal.h"

#define SYSINST_SECTOR		512u
#define SYSINST_ADV_BYTES	(2 * SYSINST_SECTOR)	/* two ADV copies */

/* Byte ranges inside the bytes of the syslinux program. */
struct sysinst_images {
	const uint8_t	*bss;		/* the FAT boot sector, 512 bytes */
	const uint8_t	*sys;		/* ldlinux.sys without its ADV */
	size_t		sys_len;	/* a whole number of sectors */
	const uint8_t	*c32;		/* ldlinux.c32, an ELF32 file */
	size_t		c32_len;
	char		banner[48];	/* "SYSLINUX 6.04 ..." */
};

/*
 * sysinst_find - the three images inside @bin, the bytes of the host's
 * /usr/bin/syslinux, which carries them as data: the boot sector starts
 * EB xx 90 "SYSLINUX" and ends 55 AA; ldlinux.sys starts with its
 * "\r\nSYSLINUX " banner a little before its patch area (the first
 * LDLINUX_MAGIC after the boot sector) and runs up to ldlinux.c32, the
 * first ELF header after it, whose length its own header gives.
 * -ENOENT when a piece is missing, -EINVAL when the patch area's fields
 * point outside the images.
 */
int sysinst_find(const uint8_t *bin, size_t len, struct sysinst_images *im);

/*
 * sysinst_patch - make @sys (a copy of im->sys, im->sys_len +
 * SYSINST_ADV_BYTES long: the file as it goes on the FAT) boot from
 * @sectors, the file's sectors relative to the file system's start, in
 * file order (@n of them, at least the file's); @dir is the directory
 * ldlinux looks in first ("/"). The ADV at the end is reset to empty.
 * Then merges the boot code into @bootsect, the file system's sector 0,
 * leaving its BPB alone, and points it at the file's first sector.
 * -ENOSPC when the sectors need more extents than ldlinux.sys holds or
 * @dir is too long, -EINVAL when @n is too small.
 */
int sysinst_patch(const struct sysinst_images *im, uint8_t *sys,
		  const uint64_t *sectors, size_t n, const char *dir,
		  uint8_t bootsect[SYSINST_SECTOR]);

#endif /* STK_SYSINST_H */
