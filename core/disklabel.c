// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * disklabel.c - MBR, GPT and Apple partition map parsing on byte buffers,
 * enough to tell a hybrid or raw disk image from a plain ISO.
 */
#include <stdio.h>
#include <strings.h>

#include "internal.h"
#include "disklabel.h"

#define MBR_TABLE    446
#define MBR_TYPE_GPT 0xee

const char *mbr_parse(const uint8_t sec[512], struct mbr_info *out)
{
	struct mbr_info m;
	int i;

	memset(out, 0, sizeof(*out));
	memset(&m, 0, sizeof(m));
	m.signature = sec[510] == 0x55 && sec[511] == 0xaa;
	for (i = 0; i < MBR_CODE_BYTES; i++)
		if (sec[i]) {
			m.boot_code = true;
			break;
		}
	out->signature = m.signature;
	out->boot_code = m.boot_code;
	if (!m.signature)
		return "no 55 aa boot signature at byte 510";

	for (i = 0; i < 4; i++) {
		const uint8_t *e = sec + MBR_TABLE + 16 * i;
		struct stk_mbr_part *p;

		if (e[0] != 0x00 && e[0] != 0x80)
			return "a partition entry has a bad status byte";
		/* as fdisk does: an entry is used when it has sectors, even
		 * of type 0 (memtest86+'s isohybrid MBR has one) */
		if (get_le32(e + 12) == 0)
			continue;
		p = &m.part[m.n_parts++];
		p->type = e[4];
		p->bootable = e[0] == 0x80;
		p->start_lba = get_le32(e + 8);
		p->sectors = get_le32(e + 12);
	}
	m.protective = m.n_parts >= 1 && m.part[0].type == MBR_TYPE_GPT;
	*out = m;
	return NULL;
}

uint32_t gpt_crc32(const uint8_t *buf, size_t len)
{
	uint32_t crc = 0xffffffffu;
	size_t i;
	int k;

	for (i = 0; i < len; i++) {
		crc ^= buf[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1u));
	}
	return ~crc;
}

/* UEFI 2.10 section 5.3.2: the GPT header. */
const char *gpt_parse_header(const uint8_t *sec, uint32_t sector_bytes,
			     struct gpt_header *out)
{
	uint8_t copy[512];
	uint32_t hdr_bytes;

	memset(out, 0, sizeof(*out));
	if (memcmp(sec, "EFI PART", 8))
		return "no 'EFI PART' signature";
	hdr_bytes = get_le32(sec + 12);
	if (hdr_bytes < 92 || hdr_bytes > sector_bytes ||
	    hdr_bytes > sizeof(copy))
		return "GPT header size is out of range";
	memcpy(copy, sec, hdr_bytes);
	memset(copy + 16, 0, 4);
	if (gpt_crc32(copy, hdr_bytes) != get_le32(sec + 16))
		return "GPT header CRC does not match";
	out->sector_bytes = sector_bytes;
	out->my_lba = get_le64(sec + 24);
	out->alt_lba = get_le64(sec + 32);
	out->first_usable = get_le64(sec + 40);
	out->last_usable = get_le64(sec + 48);
	out->entries_lba = get_le64(sec + 72);
	out->n_entries = get_le32(sec + 80);
	out->entry_bytes = get_le32(sec + 84);
	out->entries_crc = get_le32(sec + 88);
	if (out->my_lba != 1)
		return "GPT header does not say it is at LBA 1";
	if (out->entry_bytes < 128 || out->entry_bytes % 128 ||
	    out->entry_bytes > 4096)
		return "GPT partition entry size is invalid";
	if (out->n_entries == 0 || out->n_entries > 4096)
		return "GPT partition entry count is out of range";
	if (out->first_usable > out->last_usable)
		return "GPT usable area is empty";
	if (out->entries_lba < 2)
		return "GPT partition entries overlap the header";
	return NULL;
}

static void guid_string(const uint8_t g[16], char out[37])
{
	snprintf(out, 37, "%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X",
		 get_le32(g), get_le16(g + 4), get_le16(g + 6), g[8], g[9],
		 g[10], g[11], g[12], g[13], g[14], g[15]);
}

/* UTF-16LE (36 code units at most) to UTF-8; drops surrogates. */
static void name_utf8(const uint8_t *u16, char *out, size_t size)
{
	size_t o = 0;
	int i;

	for (i = 0; i < 36; i++) {
		unsigned c = get_le16(u16 + 2 * i);

		if (!c)
			break;
		if (c >= 0xd800 && c < 0xe000)
			c = '?';
		if (c < 0x80 && o + 1 < size) {
			out[o++] = (char)c;
		} else if (c < 0x800 && o + 2 < size) {
			out[o++] = (char)(0xc0 | c >> 6);
			out[o++] = (char)(0x80 | (c & 0x3f));
		} else if (c >= 0x800 && o + 3 < size) {
			out[o++] = (char)(0xe0 | c >> 12);
			out[o++] = (char)(0x80 | ((c >> 6) & 0x3f));
			out[o++] = (char)(0x80 | (c & 0x3f));
		}
	}
	out[o] = '\0';
}

const char *gpt_parse_entries(const uint8_t *buf, size_t len,
			      const struct gpt_header *h,
			      struct stk_gpt_part *parts, int max, int *n)
{
	static const uint8_t zero[16];
	uint64_t need = (uint64_t)h->n_entries * h->entry_bytes;
	uint32_t i;

	*n = 0;
	if (need > len)
		return "GPT partition entries are cut short";
	if (gpt_crc32(buf, (size_t)need) != h->entries_crc)
		return "GPT partition entries CRC does not match";
	for (i = 0; i < h->n_entries && *n < max; i++) {
		const uint8_t *e = buf + (size_t)i * h->entry_bytes;
		struct stk_gpt_part *p;

		if (!memcmp(e, zero, 16))
			continue;
		p = &parts[(*n)++];
		memset(p, 0, sizeof(*p));
		guid_string(e, p->type_guid);
		stk_strlcpy(p->type_name, gpt_type_name(p->type_guid),
			    sizeof(p->type_name));
		p->first_lba = get_le64(e + 32);
		p->last_lba = get_le64(e + 40);
		name_utf8(e + 56, p->name, sizeof(p->name));
	}
	return NULL;
}

const char *gpt_type_name(const char *guid)
{
	static const struct {
		const char *guid;
		const char *name;
	} types[] = {
		{"C12A7328-F81F-11D2-BA4B-00A0C93EC93B", "EFI System"},
		{"EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", "Basic Data"},
		{"0FC63DAF-8483-4772-8E79-3D69D8477DE4", "Linux filesystem"},
		{"21686148-6449-6E6F-744E-656564454649", "BIOS boot"},
		{"48465300-0000-11AA-AA11-00306543ECAC", "Apple HFS+"},
		{"E3C9E316-0B5C-4DB8-817D-F92DF00215AE", "Microsoft reserved"},
		{"0657FD6D-A4AB-43C4-84E5-0933C84B4F4F", "Linux swap"},
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcasecmp(guid, types[i].guid))
			return types[i].name;
	return "";
}

/*
 * Inside Macintosh: Devices, the driver descriptor map ("ER") in block 0
 * gives the block size; the first partition map entry ("PM") is block 1.
 */
bool apm_present(const uint8_t *buf, size_t len)
{
	uint32_t bs;

	if (len < 1024 || buf[0] != 'E' || buf[1] != 'R')
		return false;
	bs = get_be16(buf + 2);
	if (bs != 512 && bs != 1024 && bs != 2048)
		return false;
	if (len < 2 * (size_t)bs)
		return false;
	return buf[bs] == 'P' && buf[bs + 1] == 'M';
}
