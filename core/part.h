/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * part.h - the partition tables ISO mode writes (MBR, GPT), built as bytes
 * by pure functions, and where the partitions go and their writing into
 * the shadow (part.c).
 */
#ifndef STK_PART_H
#define STK_PART_H

#include "internal.h"

struct shadow;

#define PART_SECTOR_BYTES	512u
#define PART_MIN_SECTORS	(32u * 1024 * 1024 / PART_SECTOR_BYTES)

struct part_layout {
	enum stk_scheme	scheme;
	uint64_t	start_bytes;	/* of the FAT32 partition */
	uint64_t	size_bytes;
	uint64_t	persist_start_bytes; /* the ext4 one after it, or 0 */
	uint64_t	persist_size_bytes;
};

/*
 * Where the partitions go on a disk of @disk_bytes: the FAT32 one, and
 * with @persist_bytes (0 for none) a second one of about that size at the
 * end (MiB-aligned); -ENOSPC if too small.
 */
int part_plan(uint64_t disk_bytes, enum stk_scheme scheme,
	      uint64_t persist_bytes, struct part_layout *out);
/* Writes the table into the shadow (the disk is its size), fills @out. */
int part_write(struct stk_ctx *ctx, struct shadow *sh, enum stk_scheme scheme,
	       uint64_t persist_bytes, struct part_layout *out);

#define PART_GPT_ENTRIES     128u /* UEFI 2.10 5.3.2: at least 16 KiB */
#define PART_GPT_ENTRY_BYTES 128u
#define PART_GPT_ARRAY_SECTORS                                                 \
	(PART_GPT_ENTRIES * PART_GPT_ENTRY_BYTES / PART_SECTOR_BYTES)
/* LBA 0 to the end of the primary entry array */
#define PART_GPT_HEAD_SECTORS (2 + PART_GPT_ARRAY_SECTORS)
/* the backup entry array and the backup header, the disk's last sectors */
#define PART_GPT_TAIL_SECTORS (PART_GPT_ARRAY_SECTORS + 1)

struct part_ids {
	uint32_t mbr_signature; /* MBR bytes 440..443 */
	uint8_t disk_guid[16];	/* GPT, on-disk (mixed-endian) */
	uint8_t part_guid[16];
	uint8_t persist_guid[16]; /* the persistence partition's */
};

/* Random identifiers, GUIDs as RFC 4122 version 4. */
void part_ids_random(struct part_ids *ids);

/*
 * part_mbr_build - sector 0 of an MBR disk of @disk_sectors: entry 1 is
 * @l's partition, type 0x0c (FAT32 LBA), active; entry 2 @l's persistence
 * partition when it has one, type 0x83. The boot code area is
 * left zero (mbr.c fills it).
 * Return: 0, or -EINVAL when @l does not fit the disk or MBR's 32 bits.
 */
int part_mbr_build(uint8_t sector0[512], const struct part_layout *l,
		   uint64_t disk_sectors, const struct part_ids *ids);

/*
 * part_gpt_build - a GPT disk of @disk_sectors with one EFI System
 * partition (legacy BIOS bootable, for gptmbr.bin) at @l, and @l's
 * persistence partition (Linux file system data, named "persistence")
 * when it has one: @head gets
 * LBA 0..33 (protective MBR, header, entries), @tail the last 33 sectors
 * (backup entries, backup header), CRCs filled.
 * Return: 0, or -EINVAL when @l is outside the usable sectors.
 */
int part_gpt_build(uint8_t head[PART_GPT_HEAD_SECTORS * 512],
		   uint8_t tail[PART_GPT_TAIL_SECTORS * 512],
		   const struct part_layout *l, uint64_t disk_sectors,
		   const struct part_ids *ids);

#endif
