// SPDX-License-Identifier: GPL-3.0-or-later
/* test-part.c - partition tables on the shadow and the MBR boot code. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "t.h"
#include "part.h"
#include "compose.h"
#include "disklabel.h"
#include "mbr.h"
#include "shadow.h"

static void layout_starts_at_one_mib(void)
{
	struct part_layout l;

	T_EQ_INT(part_plan(64ull * STK_MIB, STK_SCHEME_MBR, 0, &l), 0);
	T_EQ_U64(l.start_bytes, STK_MIB);
	T_EQ_U64(l.size_bytes, 63ull * STK_MIB);
	T_EQ_INT(part_plan(64ull * STK_MIB, STK_SCHEME_GPT, 0, &l), 0);
	T_EQ_U64(l.start_bytes, STK_MIB);
	T_EQ_U64(l.size_bytes, 63ull * STK_MIB - 33 * 512);
	T_EQ_INT(part_plan(16ull * STK_MIB, STK_SCHEME_MBR, 0, &l), -ENOSPC);
}

/* 256 MiB: 1 MiB lead, FAT32 to 160 MiB, persistence from there on. */
static void layout_with_persistence(void)
{
	struct part_layout l;

	T_EQ_INT(part_plan(256ull * STK_MIB, STK_SCHEME_MBR, 96ull * STK_MIB,
			   &l),
		 0);
	T_EQ_U64(l.start_bytes, STK_MIB);
	T_EQ_U64(l.size_bytes, 159ull * STK_MIB);
	T_EQ_U64(l.persist_start_bytes, 160ull * STK_MIB);
	T_EQ_U64(l.persist_size_bytes, 96ull * STK_MIB);
	/* GPT: the backup table's 33 sectors come off the end, and the
	 * start moves down to the MiB boundary so the size is still had */
	T_EQ_INT(part_plan(256ull * STK_MIB, STK_SCHEME_GPT, 96ull * STK_MIB,
			   &l),
		 0);
	T_EQ_U64(l.persist_start_bytes, 159ull * STK_MIB);
	T_EQ_U64(l.persist_size_bytes, 97ull * STK_MIB - 33 * 512);
	T_EQ_U64(l.size_bytes, 158ull * STK_MIB);
	/* the FAT32 partition keeps its 32 MiB minimum */
	T_EQ_INT(
		part_plan(64ull * STK_MIB, STK_SCHEME_MBR, 40ull * STK_MIB, &l),
		-ENOSPC);
	T_EQ_INT(
		part_plan(64ull * STK_MIB, STK_SCHEME_MBR, 64ull * STK_MIB, &l),
		-ENOSPC);
	T_EQ_INT(part_plan(64ull * STK_MIB, STK_SCHEME_MBR, 0, &l), 0);
	T_EQ_U64(l.persist_size_bytes, 0);
}

static void scheme_names(void)
{
	enum stk_scheme s;

	T_EQ_INT(stk_scheme_parse("gpt", &s), 0);
	T_EQ_INT(s, STK_SCHEME_GPT);
	T_EQ_INT(stk_scheme_parse("mbr", &s), 0);
	T_EQ_INT(s, STK_SCHEME_MBR);
	T_EQ_INT(stk_scheme_parse("apm", &s), -EINVAL);
	T_EQ_STR(stk_scheme_name(STK_SCHEME_GPT), "gpt");
}

/* Reads @len bytes of the syslinux file @name; NULL if it is not there. */
static uint8_t *read_syslinux(const char *name, size_t *len)
{
	char path[256];
	uint8_t *buf = malloc(4096);
	FILE *f;

	snprintf(path, sizeof(path), "%s/mbr/%s", syslinux_dir(), name);
	f = fopen(path, "rb");
	if (!f || !buf) {
		free(buf);
		if (f)
			fclose(f);
		return NULL;
	}
	*len = fread(buf, 1, 4096, f);
	fclose(f);
	return buf;
}

static void msdos_table_with_boot_code(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	struct shadow *sh = NULL;
	struct part_layout l;
	uint8_t s0[512];
	uint8_t *code;
	size_t code_len = 0;

	T_EQ_INT(shadow_create(ctx, NULL, 64ull * STK_MIB, &sh), 0);
	if (!sh)
		return;
	T_EQ_INT(part_write(ctx, sh, STK_SCHEME_MBR, 0, &l), 0);
	T_EQ_INT(compose_mbr(ctx, sh, STK_SCHEME_MBR), 0);
	T_EQ_INT(shadow_read(ctx, sh, s0, sizeof(s0), 0), 0);
	/* MBR partition entry 1 at 446: status, ..., type at +4, LBA at +8 */
	T_EQ_INT(s0[446], 0x80);
	T_EQ_INT(s0[446 + 4], 0x0c);
	T_EQ_INT(get_le32(s0 + 446 + 8), 2048);
	T_EQ_INT(get_le32(s0 + 446 + 12), 63 * 2048);
	T_EQ_INT(s0[462 + 4], 0);
	T_EQ_INT(s0[510], 0x55);
	T_EQ_INT(s0[511], 0xaa);
	code = read_syslinux("mbr.bin", &code_len);
	T_OK(code && code_len <= MBR_CODE_BYTES);
	if (code)
		T_OK(!memcmp(s0, code, code_len));
	free(code);
	shadow_free(sh);
	stk_ctx_free(ctx);
}

static void gpt_table_with_an_esp(void)
{
	/* EFI System, C12A7328-F81F-11D2-BA4B-00A0C93EC93B, mixed endian */
	static const uint8_t esp[16] = {0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8,
					0xd2, 0x11, 0xba, 0x4b, 0x00, 0xa0,
					0xc9, 0x3e, 0xc9, 0x3b};
	struct stk_ctx *ctx = stk_ctx_new();
	struct shadow *sh = NULL;
	struct part_layout l;
	uint8_t s[3 * 512];
	uint8_t *code;
	size_t code_len = 0;

	T_EQ_INT(shadow_create(ctx, NULL, 64ull * STK_MIB, &sh), 0);
	if (!sh)
		return;
	T_EQ_INT(part_write(ctx, sh, STK_SCHEME_GPT, 0, &l), 0);
	T_EQ_INT(compose_mbr(ctx, sh, STK_SCHEME_GPT), 0);
	T_EQ_INT(shadow_read(ctx, sh, s, sizeof(s), 0), 0);
	T_EQ_INT(s[446 + 4], 0xee); /* protective MBR */
	T_OK(!memcmp(s + 512, "EFI PART", 8));
	T_OK(!memcmp(s + 1024, esp, 16));
	T_EQ_U64(get_le64(s + 1024 + 32), 2048);
	/* attribute bit 2: legacy BIOS bootable, for gptmbr.bin */
	T_OK(get_le64(s + 1024 + 48) & 4);
	code = read_syslinux("gptmbr.bin", &code_len);
	T_OK(code != NULL);
	if (code)
		T_OK(!memcmp(s, code, code_len));
	free(code);
	shadow_free(sh);
	stk_ctx_free(ctx);
}

/* CHS of LBA 2048 on 255/63 is 0/32/33; past cylinder 1023 it saturates. */
static void mbr_entry_fields(void)
{
	struct part_layout l;
	struct part_ids ids = {.mbr_signature = 0x12345678};
	uint8_t s0[512];

	T_EQ_INT(part_plan(16ull << 30, STK_SCHEME_MBR, 0, &l), 0);
	T_EQ_INT(part_mbr_build(s0, &l, (16ull << 30) / 512, &ids), 0);
	T_EQ_INT(get_le32(s0 + 440), 0x12345678);
	T_EQ_INT(s0[446 + 1], 32);
	T_EQ_INT(s0[446 + 2], 33);
	T_EQ_INT(s0[446 + 3], 0);
	T_EQ_INT(s0[446 + 5], 254);
	T_EQ_INT(s0[446 + 6], 0xff);
	T_EQ_INT(s0[446 + 7], 0xff);
	T_EQ_INT(get_le32(s0 + 446 + 12), (16u << 21) - 2048);
	/* a partition past the disk is refused */
	T_EQ_INT(part_mbr_build(s0, &l, 1000, &ids), -EINVAL);
}

/* The second entry: 0x83 on MBR; Linux data, named, on GPT. */
static void persistence_entries(void)
{
	static const uint8_t linux_type[16] = {
		0xaf, 0x3d, 0xc6, 0x0f, 0x83, 0x84, 0x72, 0x47,
		0x8e, 0x79, 0x3d, 0x69, 0xd8, 0x47, 0x7d, 0xe4,
	};
	static uint8_t head[PART_GPT_HEAD_SECTORS * 512];
	static uint8_t tail[PART_GPT_TAIL_SECTORS * 512];
	uint64_t sectors = (256ull * STK_MIB) / 512;
	struct part_layout l;
	struct part_ids ids;
	uint8_t s0[512];
	const uint8_t *e;

	part_ids_random(&ids);
	T_EQ_INT(part_plan(256ull * STK_MIB, STK_SCHEME_MBR, 96ull * STK_MIB,
			   &l),
		 0);
	T_EQ_INT(part_mbr_build(s0, &l, sectors, &ids), 0);
	T_EQ_INT(s0[446 + 16], 0);
	T_EQ_INT(s0[446 + 16 + 4], 0x83);
	T_EQ_INT(get_le32(s0 + 446 + 16 + 8), 160u * 2048);
	T_EQ_INT(get_le32(s0 + 446 + 16 + 12), 96u * 2048);
	T_EQ_INT(s0[446 + 32 + 4], 0);
	T_EQ_INT(part_plan(256ull * STK_MIB, STK_SCHEME_GPT, 96ull * STK_MIB,
			   &l),
		 0);
	T_EQ_INT(part_gpt_build(head, tail, &l, sectors, &ids), 0);
	e = head + 2 * 512 + PART_GPT_ENTRY_BYTES;
	T_OK(!memcmp(e, linux_type, 16));
	T_EQ_U64(get_le64(e + 32), 159ull * 2048);
	T_EQ_U64(get_le64(e + 40), sectors - 1 - PART_GPT_TAIL_SECTORS);
	T_OK(!memcmp(e + 56, "p\0e\0r\0s\0i\0s\0t\0e\0n\0c\0e\0\0", 24));
	/* the backup array is the same */
	T_OK(!memcmp(tail + PART_GPT_ENTRY_BYTES, e, PART_GPT_ENTRY_BYTES));
}

/* Both headers' CRCs hold, and each names the other. */
static void gpt_headers_check(void)
{
	uint64_t sectors = 131072; /* 64 MiB */
	uint8_t *head = calloc(PART_GPT_HEAD_SECTORS, 512);
	uint8_t *tail = calloc(PART_GPT_TAIL_SECTORS, 512);
	uint8_t *bh = tail + PART_GPT_ARRAY_SECTORS * 512;
	struct gpt_header h;
	uint32_t b;
	struct stk_gpt_part parts[4];
	struct part_layout l;
	struct part_ids ids;
	int n = 0;

	part_ids_random(&ids);
	T_EQ_INT(ids.disk_guid[7] >> 4, 4);
	T_EQ_INT(ids.part_guid[8] >> 6, 2);
	T_EQ_INT(part_plan(sectors * 512, STK_SCHEME_GPT, 0, &l), 0);
	T_EQ_INT(part_gpt_build(head, tail, &l, sectors, &ids), 0);
	T_OK(gpt_parse_header(head + 512, 512, &h) == NULL);
	/* the parser reads primaries only: check the backup by hand */
	b = get_le32(bh + 16);
	memset(bh + 16, 0, 4);
	T_EQ_INT(gpt_crc32(bh, 92), b);
	put_le32(bh + 16, b);
	T_EQ_U64(h.my_lba, 1);
	T_EQ_U64(h.alt_lba, sectors - 1);
	T_EQ_U64(get_le64(bh + 24), sectors - 1);
	T_EQ_U64(get_le64(bh + 32), 1);
	T_EQ_U64(get_le64(bh + 72), sectors - 33);
	T_OK(!memcmp(bh + 56, head + 512 + 56, 16));
	T_EQ_U64(h.last_usable, sectors - 34);
	T_OK(gpt_parse_entries(head + 1024, 32 * 512, &h, parts, 4, &n) ==
	     NULL);
	T_EQ_INT(n, 1);
	T_EQ_U64(get_le64(head + 1024 + 40), sectors - 34);
	/* one flipped entry byte breaks the array CRC */
	head[1024 + 100] ^= 1;
	T_OK(gpt_parse_entries(head + 1024, 32 * 512, &h, parts, 4, &n) !=
	     NULL);
	/* a partition into the backup area is refused */
	l.size_bytes += 512;
	T_EQ_INT(part_gpt_build(head, tail, &l, sectors, &ids), -EINVAL);
	free(head);
	free(tail);
}

static void boot_code_keeps_the_table(void)
{
	uint8_t s0[512], code[MBR_CODE_BYTES + 1];

	memset(s0, 0x11, sizeof(s0));
	memset(code, 0x22, sizeof(code));
	T_EQ_INT(mbr_code_apply(s0, code, 440), -EINVAL); /* no 55 aa */
	s0[510] = 0x55;
	s0[511] = 0xaa;
	T_EQ_INT(mbr_code_apply(s0, code, 441), -EINVAL);
	T_EQ_INT(mbr_code_apply(s0, code, 440), 0);
	T_EQ_INT(s0[439], 0x22);
	T_EQ_INT(s0[440], 0x11);
}

T_MAIN(T_CASE(layout_starts_at_one_mib), T_CASE(layout_with_persistence),
       T_CASE(scheme_names), T_CASE(msdos_table_with_boot_code),
       T_CASE(gpt_table_with_an_esp), T_CASE(mbr_entry_fields),
       T_CASE(gpt_headers_check), T_CASE(persistence_entries),
       T_CASE(boot_code_keeps_the_table), )
