// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * test-imgend.c - where an image ends, on hand-made first sectors; and the
 * fuzz corpus of fuzz-imgend replayed (it must never read past the buffer
 * nor end past the source).
 */
#include <stdio.h>
#include <stdlib.h>

#include "t.h"
#include "imgread.h"

static uint8_t head[IMGREAD_HEAD_BYTES];

static void pvd(uint32_t blocks)
{
	uint8_t *p = head + 16 * 2048;

	p[0] = 1;
	memcpy(p + 1, "CD001", 5);
	put_le32(p + 80, blocks);
	put_le16(p + 128, 2048);
}

static void mbr_part(int i, uint8_t type, uint32_t start, uint32_t sectors)
{
	uint8_t *e = head + 446 + 16 * i;

	e[4] = type;
	put_le32(e + 8, start);
	put_le32(e + 12, sectors);
	head[510] = 0x55;
	head[511] = 0xaa;
}

static void iso_alone(void)
{
	struct imgread_end e;

	memset(head, 0, sizeof(head));
	pvd(300);
	imgread_find_end(head, sizeof(head), 10u << 20, 512, false, &e);
	T_EQ_INT(e.rule, IMGREAD_RULE_ISO);
	T_EQ_U64(e.end_bytes, 300 * 2048);
	T_OK(strstr(e.why, "end of the ISO 9660 volume") != NULL);
}

static void iso_appended_partition(void)
{
	struct imgread_end e;

	memset(head, 0, sizeof(head));
	pvd(300);
	mbr_part(0, 0x83, 0, 1200);
	mbr_part(1, 0xef, 1200, 4096);
	imgread_find_end(head, sizeof(head), 10u << 20, 2048, false, &e);
	T_EQ_INT(e.rule, IMGREAD_RULE_ISO_PARTS);
	T_EQ_INT(e.last_part, 2);
	T_EQ_U64(e.end_bytes, (1200 + 4096) * 512ull);
}

static void claims_more_than_source(void)
{
	struct imgread_end e;

	memset(head, 0, sizeof(head));
	pvd(0xfffffff0u);
	imgread_find_end(head, sizeof(head), 1u << 20, 512, false, &e);
	T_EQ_U64(e.end_bytes, 1u << 20);
	T_OK(strstr(e.why, "more than the source holds") != NULL);
}

static void nothing_or_whole(void)
{
	struct imgread_end e;

	memset(head, 0xa5, sizeof(head));
	imgread_find_end(head, sizeof(head), 12345, 512, false, &e);
	T_EQ_INT(e.rule, IMGREAD_RULE_NOTHING);
	T_EQ_U64(e.end_bytes, 12345);
	memset(head, 0, sizeof(head));
	pvd(10);
	imgread_find_end(head, sizeof(head), 99999, 512, true, &e);
	T_EQ_INT(e.rule, IMGREAD_RULE_WHOLE);
	T_EQ_U64(e.end_bytes, 99999);
}

static void short_buffer(void)
{
	struct imgread_end e;

	memset(head, 0, sizeof(head));
	pvd(300);
	/* the volume descriptor is beyond the bytes given */
	imgread_find_end(head, 1000, 1000, 512, false, &e);
	T_EQ_INT(e.rule, IMGREAD_RULE_NOTHING);
	T_EQ_U64(e.end_bytes, 1000);
}

static void find_end(const uint8_t *buf, size_t len)
{
	struct imgread_end e;

	imgread_find_end(buf, len, len, 2048, false, &e);
	T_OK(e.end_bytes <= len);
}

static void corpus(void)
{
	/* the probe's seeds (ISO, hybrid, MBR, GPT in 2048-byte sectors) */
	T_OK(t_corpus("tests/fuzz/corpus-fuzz-imgend", sizeof(head),
		      find_end) >= 3);
}

T_MAIN(
	T_CASE(iso_alone),
	T_CASE(iso_appended_partition),
	T_CASE(claims_more_than_source),
	T_CASE(nothing_or_whole),
	T_CASE(short_buffer),
	T_CASE(corpus),
)
