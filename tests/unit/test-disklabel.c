// SPDX-License-Identifier: GPL-3.0-or-later
/* test-disklabel.c - MBR, GPT and Apple map parsing on built sectors. */
#include <stdlib.h>
#include <unistd.h>

#include "t.h"
#include "internal.h"
#include "disklabel.h"

/* GUIDs as they sit on disk (first three fields little-endian). */
static const uint8_t esp_guid[16] = {
	0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11,
	0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b,
};
static const uint8_t basic_guid[16] = {
	0xa2, 0xa0, 0xd0, 0xeb, 0xe5, 0xb9, 0x33, 0x44,
	0x87, 0xc0, 0x68, 0xb6, 0xb7, 0x26, 0x99, 0xc7,
};

static uint8_t disk[64 * 1024];

static void mbr_entry(int i, uint8_t status, uint8_t type, uint32_t start,
		      uint32_t sectors)
{
	uint8_t *e = disk + 446 + 16 * i;

	e[0] = status;
	e[4] = type;
	put_le32(e + 8, start);
	put_le32(e + 12, sectors);
}

static void mbr_none(void)
{
	struct mbr_info m;
	const char *why;

	memset(disk, 0, sizeof(disk));
	why = mbr_parse(disk, &m);
	T_OK(why && strstr(why, "55 aa"));
	T_OK(!m.signature);
	T_OK(!m.boot_code);
	T_EQ_INT(m.n_parts, 0);
}

static void mbr_isohybrid(void)
{
	struct mbr_info m;

	memset(disk, 0, sizeof(disk));
	disk[0] = 0x33;			/* xor ax, ax: boot code */
	disk[1] = 0xed;
	disk[510] = 0x55;
	disk[511] = 0xaa;
	mbr_entry(0, 0x80, 0x17, 0, 2048);
	T_OK(mbr_parse(disk, &m) == NULL);
	T_OK(m.signature);
	T_OK(m.boot_code);
	T_OK(!m.protective);
	T_EQ_INT(m.n_parts, 1);
	T_EQ_INT(m.part[0].type, 0x17);
	T_OK(m.part[0].bootable);
	T_EQ_U64(m.part[0].start_lba, 0);
	T_EQ_U64(m.part[0].sectors, 2048);
}

static void mbr_plain_disk(void)
{
	struct mbr_info m;
	const char *why;

	memset(disk, 0, sizeof(disk));
	disk[510] = 0x55;
	disk[511] = 0xaa;
	mbr_entry(0, 0x00, 0x0c, 2048, 100000);
	mbr_entry(2, 0x80, 0x83, 102048, 5000);
	T_OK(mbr_parse(disk, &m) == NULL);
	T_OK(!m.boot_code);
	T_EQ_INT(m.n_parts, 2);
	T_EQ_INT(m.part[1].type, 0x83);
	T_OK(m.part[1].bootable);
	T_EQ_U64(m.part[1].start_lba, 102048);

	/* a FAT boot sector: 55 aa, but no sane table */
	mbr_entry(1, 0x29, 0x01, 1, 1);
	why = mbr_parse(disk, &m);
	T_OK(why && strstr(why, "status"));
	T_OK(m.signature);
	T_EQ_INT(m.n_parts, 0);
}

static void mbr_protective(void)
{
	struct mbr_info m;

	memset(disk, 0, sizeof(disk));
	disk[510] = 0x55;
	disk[511] = 0xaa;
	mbr_entry(0, 0x00, 0xee, 1, 0xffffffff);
	T_OK(mbr_parse(disk, &m) == NULL);
	T_OK(m.protective);
}

/* A GPT at LBA 1 of @ss-byte sectors with an ESP and a Basic Data part. */
static void make_gpt(uint32_t ss)
{
	uint8_t *h = disk + ss;
	uint8_t *e = disk + 2 * ss;

	memset(disk, 0, sizeof(disk));
	memcpy(h, "EFI PART", 8);
	put_le32(h + 8, 0x00010000);
	put_le32(h + 12, 92);
	put_le64(h + 24, 1);
	put_le64(h + 32, 9999);
	put_le64(h + 40, 34);
	put_le64(h + 48, 9966);
	put_le64(h + 72, 2);
	put_le32(h + 80, 128);
	put_le32(h + 84, 128);
	memcpy(e, esp_guid, 16);
	put_le64(e + 32, 64);
	put_le64(e + 40, 2111);
	put_le16(e + 56, 'E');
	put_le16(e + 58, 'S');
	put_le16(e + 60, 'P');
	memcpy(e + 128, basic_guid, 16);
	put_le64(e + 128 + 32, 2112);
	put_le64(e + 128 + 40, 9000);
	put_le32(h + 88, gpt_crc32(e, 128 * 128));
	put_le32(h + 16, gpt_crc32(h, 92));
}

static void gpt_at(uint32_t ss)
{
	struct stk_gpt_part parts[STK_MAX_PARTS];
	struct gpt_header h;
	int n = -1;

	make_gpt(ss);
	T_OK(gpt_parse_header(disk + ss, ss, &h) == NULL);
	T_EQ_U64(h.entries_lba, 2);
	T_EQ_INT(h.n_entries, 128);
	T_OK(gpt_parse_entries(disk + 2 * ss, 128 * 128, &h, parts,
			       STK_MAX_PARTS, &n) == NULL);
	T_EQ_INT(n, 2);
	T_EQ_STR(parts[0].type_guid, "C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
	T_EQ_STR(parts[0].type_name, "EFI System");
	T_EQ_STR(parts[0].name, "ESP");
	T_EQ_U64(parts[0].first_lba, 64);
	T_EQ_U64(parts[0].last_lba, 2111);
	T_EQ_STR(parts[1].type_name, "Basic Data");
	T_EQ_U64(parts[1].first_lba, 2112);
}

static void gpt_512(void)
{
	gpt_at(512);
}

static void gpt_2048(void)
{
	gpt_at(2048);
}

static void gpt_bad_crc(void)
{
	struct stk_gpt_part parts[STK_MAX_PARTS];
	struct gpt_header h;
	const char *why;
	int n = -1;

	make_gpt(512);
	disk[512 + 40] ^= 1;		/* first usable LBA, CRC unchanged */
	why = gpt_parse_header(disk + 512, 512, &h);
	T_OK(why && strstr(why, "CRC"));

	make_gpt(512);
	disk[1024 + 40] ^= 1;		/* entry array changed */
	T_OK(gpt_parse_header(disk + 512, 512, &h) == NULL);
	why = gpt_parse_entries(disk + 1024, 128 * 128, &h, parts,
				STK_MAX_PARTS, &n);
	T_OK(why && strstr(why, "CRC"));
	T_EQ_INT(n, 0);

	make_gpt(512);
	why = gpt_parse_header(disk + 2048, 2048, &h);	/* wrong place */
	T_OK(why && strstr(why, "EFI PART"));
}

/*
 * A header whose entry LBA times the sector size wraps around 2^64 must
 * not lead the probe to entries somewhere else (here: the real ones).
 */
static void gpt_entries_lba_wraps(void)
{
	char path[] = "/tmp/stk-test-gpt.XXXXXX";
	struct stk_image *img = NULL;
	const struct stk_report *r;
	struct stk_ctx *ctx = stk_ctx_new();
	int fd = mkstemp(path);

	make_gpt(512);
	put_le64(disk + 512 + 72, 2 + (1ull << 55));	/* * 512 = 2^64 + 1024 */
	put_le32(disk + 512 + 16, 0);
	put_le32(disk + 512 + 16, gpt_crc32(disk + 512, 92));
	T_OK(fd >= 0);
	if (fd < 0)
		goto out;
	T_EQ_INT(io_pwrite_full(fd, disk, sizeof(disk), 0), 0);
	T_EQ_INT(stk_image_open(ctx, path, &img), 0);
	if (!img)
		goto out;
	r = stk_image_report(img);
	T_OK(!r->gpt);
	T_EQ_INT(r->n_gpt_parts, 0);
	T_OK(strstr(r->gpt_problem, "past the end") != NULL);
out:
	stk_image_close(img);
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	stk_ctx_free(ctx);
}

static void crc32_known(void)
{
	/* the standard check value of CRC-32/ISO-HDLC */
	T_EQ_U64(gpt_crc32((const uint8_t *)"123456789", 9), 0xcbf43926u);
}

static void apple_map(void)
{
	memset(disk, 0, sizeof(disk));
	T_OK(!apm_present(disk, sizeof(disk)));
	disk[0] = 'E';
	disk[1] = 'R';
	disk[2] = 0x08;			/* block size 2048, big-endian */
	disk[2048] = 'P';
	disk[2049] = 'M';
	T_OK(apm_present(disk, sizeof(disk)));
	T_OK(!apm_present(disk, 2048));
	disk[2048] = 0;
	T_OK(!apm_present(disk, sizeof(disk)));
}

T_MAIN(
	T_CASE(mbr_none),
	T_CASE(mbr_isohybrid),
	T_CASE(mbr_plain_disk),
	T_CASE(mbr_protective),
	T_CASE(gpt_512),
	T_CASE(gpt_2048),
	T_CASE(gpt_bad_crc),
	T_CASE(gpt_entries_lba_wraps),
	T_CASE(crc32_known),
	T_CASE(apple_map),
)
