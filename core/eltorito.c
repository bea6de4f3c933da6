// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * eltorito.c - the El Torito boot record and boot catalog, parsed from
 * byte buffers (El Torito Bootable CD-ROM Format Specification 1.0).
 */
#include "internal.h"
#include "eltorito.h"

#define ET_ENTRY_BYTES	   32
#define ET_HEADER_MORE	   0x90 /* section header, more follow */
#define ET_HEADER_FINAL	   0x91 /* last section header */
#define ET_EXTENSION	   0x44 /* section entry extension */
#define ET_BOOTABLE	   0x88
#define ET_NOT_BOOTABLE	   0x00
#define ET_MEDIA_CONTINUES 0x20 /* extensions follow this entry */

static const char et_id[] = "EL TORITO SPECIFICATION";

/* Section 2.0: the boot record volume descriptor. */
bool eltorito_is_boot_record(const uint8_t vd[ISO_BLOCK_BYTES],
			     uint32_t *catalog_lba)
{
	if (vd[0] != 0 || memcmp(vd + 1, "CD001", 5) || vd[6] != 1)
		return false;
	if (memcmp(vd + 7, et_id, sizeof(et_id) - 1))
		return false;
	if (catalog_lba)
		*catalog_lba = get_le32(vd + 0x47);
	return true;
}

/* Section 2.1: the words of the validation entry add up to zero. */
static const char *check_validation_entry(const uint8_t e[ET_ENTRY_BYTES])
{
	uint16_t sum = 0;
	int i;

	if (e[0] != 0x01)
		return "boot catalog does not start with a validation entry";
	if (e[30] != 0x55 || e[31] != 0xaa)
		return "boot catalog key bytes are not 55 aa";
	for (i = 0; i < ET_ENTRY_BYTES; i += 2)
		sum = (uint16_t)(sum + get_le16(e + i));
	if (sum != 0)
		return "boot catalog checksum does not add up to zero";
	return NULL;
}

/* Sections 2.2 and 2.4: default and section entries share the layout. */
static const char *read_entry(const uint8_t e[ET_ENTRY_BYTES],
			      uint8_t platform_id, bool in_section,
			      uint64_t image_bytes, struct eltorito_info *out)
{
	struct eltorito_entry *en;
	uint64_t end;

	if (e[0] != ET_BOOTABLE && e[0] != ET_NOT_BOOTABLE)
		return "boot catalog entry has a bad boot indicator";
	if (out->n_entries >= STK_MAX_BOOT_ENTRIES)
		return "boot catalog has more entries than stickler reads";
	en = &out->entry[out->n_entries++];
	memset(en, 0, sizeof(*en));
	en->platform_id = platform_id;
	en->bootable = e[0] == ET_BOOTABLE;
	en->media = e[1] & 0x0f;
	en->load_segment = get_le16(e + 2);
	en->system_type = e[4];
	en->sector_count = get_le16(e + 6);
	en->load_lba = get_le32(e + 8);
	en->in_section = in_section;

	end = (uint64_t)en->load_lba * ISO_BLOCK_BYTES +
	      (uint64_t)en->sector_count * 512;
	if (en->media > 4)
		en->problem = "unknown emulation type";
	else if (image_bytes &&
		 ((uint64_t)en->load_lba * ISO_BLOCK_BYTES >= image_bytes ||
		  end > image_bytes))
		en->problem = "entry loads past the end of the image";
	else if (en->load_lba == 0)
		en->problem = "entry loads from block 0";
	return NULL;
}

const char *eltorito_parse_catalog(const uint8_t *buf, size_t len,
				   uint64_t image_bytes,
				   struct eltorito_info *out)
{
	const char *why;
	uint8_t platform;
	size_t off;

	memset(out, 0, sizeof(*out));
	if (len < 2 * ET_ENTRY_BYTES)
		return "boot catalog is cut short";
	why = check_validation_entry(buf);
	if (why)
		return why;
	platform = buf[1];
	memcpy(out->id, buf + 4, 24);
	out->id[24] = '\0';

	why = read_entry(buf + ET_ENTRY_BYTES, platform, false, image_bytes,
			 out);
	if (why)
		return why;

	/* Section 2.3: headers, each followed by its entries. */
	for (off = 2 * ET_ENTRY_BYTES; off + ET_ENTRY_BYTES <= len;) {
		const uint8_t *h = buf + off;
		unsigned n, i;
		bool final;

		if (h[0] == 0)
			return NULL; /* an unused slot ends the catalog */
		if (h[0] != ET_HEADER_MORE && h[0] != ET_HEADER_FINAL)
			return "boot catalog has an unknown section header";
		final = h[0] == ET_HEADER_FINAL;
		platform = h[1];
		n = get_le16(h + 2);
		off += ET_ENTRY_BYTES;
		for (i = 0; i < n; i++) {
			const uint8_t *e = buf + off;

			if (off + ET_ENTRY_BYTES > len)
				return "boot catalog section runs past its end";
			why = read_entry(e, platform, true, image_bytes, out);
			if (why)
				return why;
			off += ET_ENTRY_BYTES;
			/* Section 2.5: extensions carry selection data. */
			if (!(e[1] & ET_MEDIA_CONTINUES))
				continue;
			while (off + ET_ENTRY_BYTES <= len &&
			       buf[off] == ET_EXTENSION) {
				bool more = buf[off + 1] & 0x20;

				off += ET_ENTRY_BYTES;
				if (!more)
					break;
			}
		}
		if (final)
			return NULL;
	}
	return NULL;
}

enum stk_platform eltorito_platform(uint8_t platform_id)
{
	switch (platform_id) {
	case ELTORITO_PLATFORM_X86:
		return STK_PLATFORM_BIOS;
	case ELTORITO_PLATFORM_EFI:
		return STK_PLATFORM_UEFI;
	default:
		return STK_PLATFORM_OTHER;
	}
}

enum stk_emulation eltorito_emulation(uint8_t media)
{
	switch (media & 0x0f) {
	case 0:
		return STK_EMU_NONE;
	case 1:
		return STK_EMU_FLOPPY_1200;
	case 2:
		return STK_EMU_FLOPPY_1440;
	case 3:
		return STK_EMU_FLOPPY_2880;
	case 4:
		return STK_EMU_HARD_DISK;
	default:
		return STK_EMU_UNKNOWN;
	}
}
