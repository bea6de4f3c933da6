// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * part.c - ISO mode's partition table (MBR or GPT) built as bytes and put
 * into the shadow; no partitioning library, no child process.
 */
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "part.h"
#include "disklabel.h"
#include "shadow.h"

const char *stk_scheme_name(enum stk_scheme scheme)
{
	switch (scheme) {
	case STK_SCHEME_AUTO:
		return "auto";
	case STK_SCHEME_MBR:
		return "msdos";
	case STK_SCHEME_GPT:
		return "gpt";
	}
	return "unknown";
}

int stk_scheme_parse(const char *name, enum stk_scheme *scheme)
{
	if (!strcmp(name, "auto"))
		*scheme = STK_SCHEME_AUTO;
	else if (!strcmp(name, "msdos") || !strcmp(name, "mbr"))
		*scheme = STK_SCHEME_MBR;
	else if (!strcmp(name, "gpt"))
		*scheme = STK_SCHEME_GPT;
	else
		return -EINVAL;
	return 0;
}

/*
 * The second partition: from a MiB boundary to where the single one would
 * have ended, at least @persist_bytes; the FAT32 one ends in front of it.
 */
static int place_persist(uint64_t first, uint64_t last, uint64_t persist_bytes,
			 struct part_layout *out)
{
	const uint64_t mib_sectors = STK_MIB / PART_SECTOR_BYTES;
	uint64_t n = persist_bytes / PART_SECTOR_BYTES;
	uint64_t p;

	if (n >= last - first || last + 1 - n < first + PART_MIN_SECTORS)
		return -ENOSPC;
	p = (last + 1 - n) / mib_sectors * mib_sectors;
	if (p < first + PART_MIN_SECTORS)
		return -ENOSPC;
	out->size_bytes = (p - first) * PART_SECTOR_BYTES;
	out->persist_start_bytes = p * PART_SECTOR_BYTES;
	out->persist_size_bytes = (last - p + 1) * PART_SECTOR_BYTES;
	return 0;
}

/*
 * One partition from 1 MiB (flash erase blocks are commonly 1..4 MiB and
 * every tool since 2010 aligns there) to the end of the disk, or to the
 * last usable sector in front of the backup GPT.
 */
int part_plan(uint64_t disk_bytes, enum stk_scheme scheme,
	      uint64_t persist_bytes, struct part_layout *out)
{
	uint64_t sectors = disk_bytes / PART_SECTOR_BYTES;
	uint64_t first = STK_MIB / PART_SECTOR_BYTES;
	uint64_t last = sectors - 1;

	memset(out, 0, sizeof(*out));
	if (scheme == STK_SCHEME_AUTO)
		scheme = STK_SCHEME_MBR;
	if (scheme == STK_SCHEME_GPT)
		last = sectors - 1 - PART_GPT_TAIL_SECTORS;
	if (sectors < first + PART_MIN_SECTORS || last < first)
		return -ENOSPC;
	if (scheme == STK_SCHEME_MBR && last > UINT32_MAX)
		last = UINT32_MAX; /* MBR sector fields are 32 bits */
	out->scheme = scheme;
	out->start_bytes = first * PART_SECTOR_BYTES;
	out->size_bytes = (last - first + 1) * PART_SECTOR_BYTES;
	return persist_bytes ? place_persist(first, last, persist_bytes, out)
			     : 0;
}

void part_ids_random(struct part_ids *ids)
{
	uint8_t b[52];
	size_t i;

	if (getrandom(b, sizeof(b), GRND_NONBLOCK) != (ssize_t)sizeof(b)) {
		/* no entropy yet (early boot): unique enough for a label */
		uint64_t x = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32;

		for (i = 0; i < sizeof(b); i++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			b[i] = (uint8_t)(x >> 56);
		}
	}
	ids->mbr_signature = get_le32(b);
	memcpy(ids->disk_guid, b + 4, 16);
	memcpy(ids->part_guid, b + 20, 16);
	memcpy(ids->persist_guid, b + 36, 16);
	/* RFC 4122 4.4: version 4 in time_hi (stored little-endian), variant */
	ids->disk_guid[7] = (uint8_t)((ids->disk_guid[7] & 0x0f) | 0x40);
	ids->disk_guid[8] = (uint8_t)((ids->disk_guid[8] & 0x3f) | 0x80);
	ids->part_guid[7] = (uint8_t)((ids->part_guid[7] & 0x0f) | 0x40);
	ids->part_guid[8] = (uint8_t)((ids->part_guid[8] & 0x3f) | 0x80);
	ids->persist_guid[7] = (uint8_t)((ids->persist_guid[7] & 0x0f) | 0x40);
	ids->persist_guid[8] = (uint8_t)((ids->persist_guid[8] & 0x3f) | 0x80);
}

/* ---- MBR: one 16-byte entry at 446 ------------------------------------ */

#define MBR_ENTRY_OFF	   446
#define MBR_TYPE_FAT32_LBA 0x0c
#define MBR_TYPE_GPT_PROT  0xee
#define MBR_TYPE_LINUX	   0x83

/*
 * CHS of @lba on the 255-head, 63-sector geometry every BIOS since LBA
 * assumes; past cylinder 1023 the fields saturate (1023/254/63).
 */
static void chs(uint8_t out[3], uint64_t lba)
{
	uint64_t c = lba / (255 * 63);
	unsigned h = (unsigned)(lba / 63 % 255);
	unsigned s = (unsigned)(lba % 63 + 1);

	if (c > 1023) {
		c = 1023;
		h = 254;
		s = 63;
	}
	out[0] = (uint8_t)h;
	out[1] = (uint8_t)(s | (c >> 8 & 3) << 6);
	out[2] = (uint8_t)c;
}

static void mbr_entry(uint8_t *e, uint8_t status, uint8_t type, uint64_t lba,
		      uint64_t sectors)
{
	e[0] = status;
	chs(e + 1, lba);
	e[4] = type;
	chs(e + 5, lba + sectors - 1);
	put_le32(e + 8, (uint32_t)lba);
	put_le32(e + 12, (uint32_t)sectors);
}

int part_mbr_build(uint8_t sector0[512], const struct part_layout *l,
		   uint64_t disk_sectors, const struct part_ids *ids)
{
	uint64_t lba = l->start_bytes / PART_SECTOR_BYTES;
	uint64_t n = l->size_bytes / PART_SECTOR_BYTES;

	if (!n || lba + n > disk_sectors || lba + n - 1 > UINT32_MAX)
		return -EINVAL;
	memset(sector0, 0, 512);
	put_le32(sector0 + 440, ids->mbr_signature);
	mbr_entry(sector0 + MBR_ENTRY_OFF, 0x80, MBR_TYPE_FAT32_LBA, lba, n);
	if (l->persist_size_bytes) {
		lba = l->persist_start_bytes / PART_SECTOR_BYTES;
		n = l->persist_size_bytes / PART_SECTOR_BYTES;
		if (lba + n > disk_sectors || lba + n - 1 > UINT32_MAX)
			return -EINVAL;
		mbr_entry(sector0 + MBR_ENTRY_OFF + 16, 0, MBR_TYPE_LINUX, lba,
			  n);
	}
	sector0[510] = 0x55;
	sector0[511] = 0xaa;
	return 0;
}

/* ---- GPT: UEFI 2.10 section 5.3 ----------------------------------------- */

/* EFI System, C12A7328-F81F-11D2-BA4B-00A0C93EC93B, as stored */
static const uint8_t gpt_type_esp[16] = {
	0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11,
	0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b,
};

/* Linux file system data, 0FC63DAF-8483-4772-8E79-3D69D8477DE4 */
static const uint8_t gpt_type_linux[16] = {
	0xaf, 0x3d, 0xc6, 0x0f, 0x83, 0x84, 0x72, 0x47,
	0x8e, 0x79, 0x3d, 0x69, 0xd8, 0x47, 0x7d, 0xe4,
};

#define GPT_HEADER_BYTES 92
#define GPT_REVISION	 0x00010000u
#define GPT_ATTR_LEGACY	 (1ull << 2) /* 5.3.3: legacy BIOS bootable */
#define GPT_FIRST_USABLE PART_GPT_HEAD_SECTORS

/* Table 5-5: the header at @my_lba, its entry array at @entries_lba. */
static void gpt_header(uint8_t *h, uint64_t my_lba, uint64_t alt_lba,
		       uint64_t last_usable, uint64_t entries_lba,
		       uint32_t entries_crc, const struct part_ids *ids)
{
	memset(h, 0, 512);
	memcpy(h, "EFI PART", 8);
	put_le32(h + 8, GPT_REVISION);
	put_le32(h + 12, GPT_HEADER_BYTES);
	put_le64(h + 24, my_lba);
	put_le64(h + 32, alt_lba);
	put_le64(h + 40, GPT_FIRST_USABLE);
	put_le64(h + 48, last_usable);
	memcpy(h + 56, ids->disk_guid, 16);
	put_le64(h + 72, entries_lba);
	put_le32(h + 80, PART_GPT_ENTRIES);
	put_le32(h + 84, PART_GPT_ENTRY_BYTES);
	put_le32(h + 88, entries_crc);
	/* the CRC covers the header with its own field zero */
	put_le32(h + 16, gpt_crc32(h, GPT_HEADER_BYTES));
}

int part_gpt_build(uint8_t head[PART_GPT_HEAD_SECTORS * 512],
		   uint8_t tail[PART_GPT_TAIL_SECTORS * 512],
		   const struct part_layout *l, uint64_t disk_sectors,
		   const struct part_ids *ids)
{
	uint64_t first = l->start_bytes / PART_SECTOR_BYTES;
	uint64_t n = l->size_bytes / PART_SECTOR_BYTES;
	uint64_t last_lba, last_usable, backup_entries;
	uint8_t *entries = head + 2 * 512;
	uint64_t pmbr;
	uint32_t crc;

	if (disk_sectors < PART_GPT_HEAD_SECTORS + PART_GPT_TAIL_SECTORS + 1)
		return -EINVAL;
	last_lba = disk_sectors - 1;
	last_usable = last_lba - PART_GPT_TAIL_SECTORS;
	backup_entries = last_lba - PART_GPT_ARRAY_SECTORS;
	if (!n || first < GPT_FIRST_USABLE || first + n - 1 > last_usable)
		return -EINVAL;
	memset(head, 0, PART_GPT_HEAD_SECTORS * 512);
	memset(tail, 0, PART_GPT_TAIL_SECTORS * 512);

	/* 5.2.3: the protective MBR covers the disk, or as much as fits */
	pmbr = last_lba > UINT32_MAX ? UINT32_MAX : last_lba;
	mbr_entry(head + MBR_ENTRY_OFF, 0, MBR_TYPE_GPT_PROT, 1, pmbr);
	if (last_lba > UINT32_MAX)
		memset(head + MBR_ENTRY_OFF + 5, 0xff, 3);
	head[510] = 0x55;
	head[511] = 0xaa;

	/* Table 5-6: entry 1; the name is left empty */
	memcpy(entries, gpt_type_esp, 16);
	memcpy(entries + 16, ids->part_guid, 16);
	put_le64(entries + 32, first);
	put_le64(entries + 40, first + n - 1);
	put_le64(entries + 48, GPT_ATTR_LEGACY);
	if (l->persist_size_bytes) {
		static const char name[] = "persistence";
		uint8_t *e = entries + PART_GPT_ENTRY_BYTES;
		uint64_t p = l->persist_start_bytes / PART_SECTOR_BYTES;
		uint64_t pn = l->persist_size_bytes / PART_SECTOR_BYTES;
		size_t i;

		if (p <= first + n - 1 || p + pn - 1 > last_usable)
			return -EINVAL;
		/* Table 5-6: entry 2, named (UTF-16LE) as live-boot can
		 * also find it */
		memcpy(e, gpt_type_linux, 16);
		memcpy(e + 16, ids->persist_guid, 16);
		put_le64(e + 32, p);
		put_le64(e + 40, p + pn - 1);
		for (i = 0; name[i]; i++)
			e[56 + 2 * i] = (uint8_t)name[i];
	}
	crc = gpt_crc32(entries, PART_GPT_ENTRIES * PART_GPT_ENTRY_BYTES);

	gpt_header(head + 512, 1, last_lba, last_usable, 2, crc, ids);
	memcpy(tail, entries, PART_GPT_ARRAY_SECTORS * 512);
	gpt_header(tail + PART_GPT_ARRAY_SECTORS * 512, last_lba, 1,
		   last_usable, backup_entries, crc, ids);
	return 0;
}

/* ---- into the shadow ----------------------------------------------------- */

int part_write(struct stk_ctx *ctx, struct shadow *sh, enum stk_scheme scheme,
	       uint64_t persist_bytes, struct part_layout *out)
{
	uint64_t disk_bytes = sh->size_bytes;
	uint64_t sectors = disk_bytes / PART_SECTOR_BYTES;
	uint8_t *head = NULL, *tail = NULL;
	struct part_ids ids;
	int rc;

	rc = part_plan(disk_bytes, scheme, persist_bytes, out);
	if (rc)
		return stk_seterr(
			ctx, rc,
			"a %llu-byte target is too small for a partition",
			(unsigned long long)disk_bytes);
	part_ids_random(&ids);
	head = calloc(PART_GPT_HEAD_SECTORS, 512);
	tail = calloc(PART_GPT_TAIL_SECTORS, 512);
	if (!head || !tail) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out;
	}
	if (out->scheme == STK_SCHEME_MBR) {
		rc = part_mbr_build(head, out, sectors, &ids);
		if (!rc)
			rc = shadow_write(ctx, sh, head, 512, 0);
	} else {
		rc = part_gpt_build(head, tail, out, sectors, &ids);
		if (!rc)
			rc = shadow_write(ctx, sh, head,
					  PART_GPT_HEAD_SECTORS * 512, 0);
		if (!rc)
			rc = shadow_write(
				ctx, sh, tail, PART_GPT_TAIL_SECTORS * 512,
				(sectors - PART_GPT_TAIL_SECTORS) * 512);
	}
	if (rc == -EINVAL)
		rc = stk_seterr(ctx, rc, "no %s table fits a %llu-byte target",
				stk_scheme_name(out->scheme),
				(unsigned long long)disk_bytes);
	if (!rc)
		DBG(ctx, PART, "%s table, partition at %llu, %llu bytes",
		    stk_scheme_name(out->scheme),
		    (unsigned long long)out->start_bytes,
		    (unsigned long long)out->size_bytes);
out:
	free(head);
	free(tail);
	return rc;
}
