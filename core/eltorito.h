/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eltorito.h - El Torito boot record and catalog, pure (eltorito.c).
 */
#ifndef STK_ELTORITO_H
#define STK_ELTORITO_H

#include "internal.h"

#define ELTORITO_PLATFORM_X86	0x00
#define ELTORITO_PLATFORM_PPC	0x01
#define ELTORITO_PLATFORM_MAC	0x02
#define ELTORITO_PLATFORM_EFI	0xef

struct eltorito_entry {
	uint8_t		platform_id;	/* of the section (or validation entry) */
	bool		bootable;	/* boot indicator 0x88 */
	uint8_t		media;		/* low nibble: 0 none, 1-3 floppy, 4 hd */
	uint16_t	load_segment;
	uint8_t		system_type;
	uint16_t	sector_count;	/* 512-byte virtual sectors */
	uint32_t	load_lba;	/* 2048-byte blocks */
	bool		in_section;	/* false for the default entry */
	const char	*problem;	/* static reason or NULL */
};

struct eltorito_info {
	int		n_entries;
	struct eltorito_entry entry[STK_MAX_BOOT_ENTRIES];
	char		id[25];		/* validation entry id string */
};

/* True when @vd is a boot record volume descriptor naming El Torito. */
bool eltorito_is_boot_record(const uint8_t vd[ISO_BLOCK_BYTES],
			     uint32_t *catalog_lba);

/*
 * eltorito_parse_catalog - parse a boot catalog of @len bytes. Entries that
 * load past @image_bytes (0: unknown) get a problem. Returns NULL when the
 * catalog is sound, else why not; @out keeps the entries read before the
 * fault.
 */
const char *eltorito_parse_catalog(const uint8_t *buf, size_t len,
				   uint64_t image_bytes,
				   struct eltorito_info *out);

enum stk_platform eltorito_platform(uint8_t platform_id);
enum stk_emulation eltorito_emulation(uint8_t media);

#endif /* STK_ELTORITO_H */
