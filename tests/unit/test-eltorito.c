// SPDX-License-Identifier: GPL-3.0-or-later
/* test-eltorito.c - boot record and boot catalog parsing on built sectors. */
#include "t.h"
#include "internal.h"
#include "eltorito.h"

#define MiB (1024u * 1024u)

static uint8_t cat[2048];

/* A validation entry for @platform with its checksum made to add up. */
static void validation(uint8_t platform)
{
	uint16_t sum = 0;
	int i;

	memset(cat, 0, sizeof(cat));
	cat[0] = 0x01;
	cat[1] = platform;
	memcpy(cat + 4, "STICKLER", 8);
	cat[30] = 0x55;
	cat[31] = 0xaa;
	for (i = 0; i < 32; i += 2)
		sum = (uint16_t)(sum + get_le16(cat + i));
	put_le16(cat + 28, (uint16_t)(0x10000 - sum));
}

static void entry(int slot, uint8_t indicator, uint8_t media, uint16_t count,
		  uint32_t lba)
{
	uint8_t *e = cat + 32 * slot;

	e[0] = indicator;
	e[1] = media;
	put_le16(e + 6, count);
	put_le32(e + 8, lba);
}

static void header(int slot, uint8_t id, uint8_t platform, uint16_t n)
{
	uint8_t *h = cat + 32 * slot;

	h[0] = id;
	h[1] = platform;
	put_le16(h + 2, n);
}

static void boot_record(void)
{
	uint8_t vd[2048] = { 0 };
	uint32_t lba = 0;

	vd[0] = 0;
	memcpy(vd + 1, "CD001", 5);
	vd[6] = 1;
	memcpy(vd + 7, "EL TORITO SPECIFICATION", 23);
	put_le32(vd + 0x47, 33);
	T_OK(eltorito_is_boot_record(vd, &lba));
	T_EQ_INT(lba, 33);
	vd[8] = 'X';
	T_OK(!eltorito_is_boot_record(vd, &lba));
}

static void bios_only(void)
{
	struct eltorito_info info;

	validation(ELTORITO_PLATFORM_X86);
	entry(1, 0x88, 0, 4, 34);
	T_OK(eltorito_parse_catalog(cat, sizeof(cat), 4 * MiB, &info) == NULL);
	T_EQ_INT(info.n_entries, 1);
	T_EQ_INT(info.entry[0].platform_id, 0);
	T_OK(info.entry[0].bootable);
	T_EQ_INT(info.entry[0].sector_count, 4);
	T_EQ_U64(info.entry[0].load_lba, 34);
	T_OK(!info.entry[0].in_section);
	T_OK(info.entry[0].problem == NULL);
	T_EQ_STR(info.id, "STICKLER");
	T_EQ_INT(eltorito_platform(info.entry[0].platform_id),
		 STK_PLATFORM_BIOS);
}

static void bios_and_uefi_section(void)
{
	struct eltorito_info info;

	validation(ELTORITO_PLATFORM_X86);
	entry(1, 0x88, 0, 4, 553);
	header(2, 0x91, ELTORITO_PLATFORM_EFI, 1);
	entry(3, 0x88, 0, 2048, 41);
	T_OK(eltorito_parse_catalog(cat, sizeof(cat), 4 * MiB, &info) == NULL);
	T_EQ_INT(info.n_entries, 2);
	T_EQ_INT(info.entry[1].platform_id, 0xef);
	T_OK(info.entry[1].in_section);
	T_EQ_U64(info.entry[1].load_lba, 41);
	T_EQ_INT(info.entry[1].sector_count, 2048);
	T_EQ_INT(eltorito_platform(info.entry[1].platform_id),
		 STK_PLATFORM_UEFI);
}

static void several_sections(void)
{
	struct eltorito_info info;

	validation(ELTORITO_PLATFORM_X86);
	entry(1, 0x88, 2, 0, 100);		/* 1.44 MB floppy */
	header(2, 0x90, ELTORITO_PLATFORM_X86, 2);
	entry(3, 0x88, 4, 1, 200);		/* hard disk */
	entry(4, 0x00, 0x20, 4, 300);		/* extension follows */
	cat[5 * 32] = 0x44;			/* final extension */
	header(6, 0x91, ELTORITO_PLATFORM_EFI, 1);
	entry(7, 0x88, 0, 0, 400);
	T_OK(eltorito_parse_catalog(cat, sizeof(cat), 4 * MiB, &info) == NULL);
	T_EQ_INT(info.n_entries, 4);
	T_EQ_INT(eltorito_emulation(info.entry[0].media), STK_EMU_FLOPPY_1440);
	T_EQ_INT(eltorito_emulation(info.entry[1].media), STK_EMU_HARD_DISK);
	T_OK(!info.entry[2].bootable);
	T_EQ_U64(info.entry[2].load_lba, 300);
	T_EQ_INT(info.entry[3].platform_id, 0xef);
	T_EQ_U64(info.entry[3].load_lba, 400);
}

static void bad_checksum(void)
{
	struct eltorito_info info;
	const char *why;

	validation(ELTORITO_PLATFORM_X86);
	entry(1, 0x88, 0, 4, 34);
	cat[28] ^= 1;
	why = eltorito_parse_catalog(cat, sizeof(cat), 0, &info);
	T_OK(why && strstr(why, "checksum"));
	T_EQ_INT(info.n_entries, 0);
}

static void bad_key_bytes(void)
{
	struct eltorito_info info;
	const char *why;

	validation(ELTORITO_PLATFORM_X86);
	entry(1, 0x88, 0, 4, 34);
	cat[31] = 0;
	why = eltorito_parse_catalog(cat, sizeof(cat), 0, &info);
	T_OK(why && strstr(why, "key bytes"));
	validation(ELTORITO_PLATFORM_X86);
	cat[0] = 0x02;
	why = eltorito_parse_catalog(cat, sizeof(cat), 0, &info);
	T_OK(why && strstr(why, "validation entry"));
}

static void entry_past_end(void)
{
	struct eltorito_info info;

	validation(ELTORITO_PLATFORM_X86);
	entry(1, 0x88, 0, 4, 34);
	header(2, 0x91, ELTORITO_PLATFORM_EFI, 1);
	entry(3, 0x88, 0, 8, 2047);		/* ends 2 KiB past 4 MiB */
	T_OK(eltorito_parse_catalog(cat, sizeof(cat), 4 * MiB, &info) == NULL);
	T_EQ_INT(info.n_entries, 2);
	T_OK(info.entry[0].problem == NULL);
	T_OK(info.entry[1].problem &&
	     strstr(info.entry[1].problem, "past the end"));
	/* unknown size: no judgement */
	eltorito_parse_catalog(cat, sizeof(cat), 0, &info);
	T_OK(info.entry[1].problem == NULL);
}

static void bad_indicator_and_header(void)
{
	struct eltorito_info info;
	const char *why;

	validation(ELTORITO_PLATFORM_X86);
	entry(1, 0x42, 0, 4, 34);
	why = eltorito_parse_catalog(cat, sizeof(cat), 0, &info);
	T_OK(why && strstr(why, "boot indicator"));

	validation(ELTORITO_PLATFORM_X86);
	entry(1, 0x88, 0, 4, 34);
	header(2, 0x77, 0, 1);
	why = eltorito_parse_catalog(cat, sizeof(cat), 0, &info);
	T_OK(why && strstr(why, "section header"));
	T_EQ_INT(info.n_entries, 1);
}

static void section_cut_short(void)
{
	struct eltorito_info info;
	const char *why;

	validation(ELTORITO_PLATFORM_X86);
	entry(1, 0x88, 0, 4, 34);
	header(2, 0x91, ELTORITO_PLATFORM_EFI, 5);
	entry(3, 0x88, 0, 4, 40);
	why = eltorito_parse_catalog(cat, 4 * 32, 0, &info);	/* 1 of 5 fits */
	T_OK(why && strstr(why, "past its end"));
	why = eltorito_parse_catalog(cat, 40, 0, &info);
	T_OK(why && strstr(why, "cut short"));
}

T_MAIN(
	T_CASE(boot_record),
	T_CASE(bios_only),
	T_CASE(bios_and_uefi_section),
	T_CASE(several_sections),
	T_CASE(bad_checksum),
	T_CASE(bad_key_bytes),
	T_CASE(entry_past_end),
	T_CASE(bad_indicator_and_header),
	T_CASE(section_cut_short),
)
