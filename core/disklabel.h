/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * disklabel.h - MBR, GPT and Apple partition map parsing, pure (disklabel.c).
 */
#ifndef STK_DISKLABEL_H
#define STK_DISKLABEL_H

#include "internal.h"

struct mbr_info {
	bool		signature;	/* 55 aa at 510 */
	bool		boot_code;	/* code in bytes 0..439 */
	bool		protective;	/* one 0xee entry */
	int		n_parts;
	struct stk_mbr_part part[4];
};

/* Returns NULL when @sec holds an MBR, else why not; @out filled anyway. */
const char *mbr_parse(const uint8_t sec[512], struct mbr_info *out);

struct gpt_header {
	uint32_t	sector_bytes;
	uint64_t	my_lba;
	uint64_t	alt_lba;
	uint64_t	first_usable;
	uint64_t	last_usable;
	uint64_t	entries_lba;
	uint32_t	n_entries;
	uint32_t	entry_bytes;
	uint32_t	entries_crc;
};

/* The CRC-32 of GPT (IEEE 802.3, reflected, as zlib's crc32()). */
uint32_t gpt_crc32(const uint8_t *buf, size_t len);

/*
 * gpt_parse_header - @sec is one sector of @sector_bytes read at LBA 1.
 * Returns NULL when it is a sound GPT header, else why not.
 */
const char *gpt_parse_header(const uint8_t *sec, uint32_t sector_bytes,
			     struct gpt_header *out);

/*
 * gpt_parse_entries - the partition entry array (@len bytes, from
 * @h->entries_lba). Checks its CRC; fills at most @max used entries.
 */
const char *gpt_parse_entries(const uint8_t *buf, size_t len,
			      const struct gpt_header *h,
			      struct stk_gpt_part *parts, int max, int *n);

/* "EFI System", "Basic Data", ... or "" for a type GUID string. */
const char *gpt_type_name(const char *guid);

/* True when an Apple partition map starts in @buf (>= 4096 bytes). */
bool apm_present(const uint8_t *buf, size_t len);

#endif /* STK_DISKLABEL_H */
