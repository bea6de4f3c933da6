/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * part.h - the partition table, written with libparted (part.c).
 */
#ifndef STK_PART_H
#define STK_PART_H

#include "internal.h"

#define PART_SECTOR_BYTES	512u
#define PART_MIN_SECTORS	(32u * 1024 * 1024 / PART_SECTOR_BYTES)

struct part_layout {
	enum stk_scheme	scheme;
	uint64_t	start_bytes;	/* of the FAT32 partition */
	uint64_t	size_bytes;
};

/* Where the partition goes on a disk of @disk_bytes; -ENOSPC if too small. */
int part_plan(uint64_t disk_bytes, enum stk_scheme scheme,
	      struct part_layout *out);
/* Writes the table into the file @path (the shadow) and fills @out. */
int part_write(struct stk_ctx *ctx, const char *path, uint64_t disk_bytes,
	       enum stk_scheme scheme, struct part_layout *out);

#endif /* STK_PART_H */
