// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * imgend.c - where an image on a stick or a disc ends, decided from its
 * first sectors alone: ISO 9660 volume, MBR and GPT partitions, backup
 * GPT. Pure: bytes in, an end and a sentence out.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "imgread.h"
#include "disklabel.h"
#include "plan.h"

#define PVD_OFFSET	(16u * ISO_BLOCK_BYTES)
#define GPT_MAX_ENTRIES 128

/* ECMA-119 8.4: "CD001" at byte 1, volume space size (7.3.3) at 80,
 * logical block size (7.2.3) at 128; the little-endian halves. */
static uint64_t iso_volume_bytes(const uint8_t *head, size_t len)
{
	const uint8_t *pvd = head + PVD_OFFSET;
	uint32_t blocks;
	uint16_t block;

	if (len < PVD_OFFSET + ISO_BLOCK_BYTES || pvd[0] != 1 ||
	    memcmp(pvd + 1, "CD001", 5))
		return 0;
	blocks = get_le32(pvd + 80);
	block = get_le16(pvd + 128);
	if (block != 512 && block != 1024 && block != 2048)
		block = ISO_BLOCK_BYTES;
	return (uint64_t)blocks * block;
}

/* The furthest end of an MBR partition (LBAs of 512 bytes), no 0xee. */
static uint64_t mbr_end(const uint8_t *head, size_t len, int *num)
{
	struct mbr_info mi;
	uint64_t end = 0, e;
	int i;

	*num = 0;
	if (len < 512 || mbr_parse(head, &mi) || mi.protective)
		return 0;
	for (i = 0; i < mi.n_parts; i++) {
		if (!mi.part[i].sectors || mi.part[i].type == 0xee)
			continue;
		e = ((uint64_t)mi.part[i].start_lba + mi.part[i].sectors) * 512;
		if (e > end) {
			end = e;
			*num = i + 1;
		}
	}
	return end;
}

/* A GPT with its header in sector 1 of @ssz bytes: partitions and backup. */
static bool gpt_end(const uint8_t *head, size_t len, uint32_t ssz,
		    struct imgread_end *out)
{
	struct stk_gpt_part *parts;
	struct gpt_header h;
	uint64_t need, e;
	int i, n = 0;

	if (len < 2ull * ssz || gpt_parse_header(head + ssz, ssz, &h))
		return false;
	out->gpt = true;
	if (h.alt_lba < UINT64_MAX / ssz)
		out->gpt_backup_bytes = (h.alt_lba + 1) * ssz;
	need = (uint64_t)h.n_entries * h.entry_bytes;
	if (h.entries_lba > len / ssz || need > len - h.entries_lba * ssz)
		return true; /* entries out of reach: the backup says enough */
	parts = calloc(GPT_MAX_ENTRIES, sizeof(*parts));
	if (!parts)
		return true;
	if (!gpt_parse_entries(head + h.entries_lba * ssz, (size_t)need, &h,
			       parts, GPT_MAX_ENTRIES, &n)) {
		for (i = 0; i < n; i++) {
			if (parts[i].last_lba >= UINT64_MAX / ssz)
				continue;
			e = (parts[i].last_lba + 1) * ssz;
			if (e > out->parts_bytes) {
				out->parts_bytes = e;
				out->last_part = i + 1;
			}
		}
	}
	free(parts);
	return true;
}

static void words(uint64_t bytes, char *buf, size_t len)
{
	stk_size_format(bytes, buf, len);
}

void imgread_find_end(const uint8_t *head, size_t len, uint64_t source_bytes,
		      uint32_t sector_bytes, bool whole,
		      struct imgread_end *out)
{
	uint64_t end = 0, mbr;
	char a[32], b[32];
	int num = 0;

	memset(out, 0, sizeof(*out));
	if (sector_bytes < 512 || sector_bytes & (sector_bytes - 1))
		sector_bytes = 512;

	/* 1. What the medium says about itself. */
	out->iso_bytes = iso_volume_bytes(head, len);
	if (!gpt_end(head, len, 512, out) && sector_bytes != 512)
		gpt_end(head, len, sector_bytes, out);
	mbr = mbr_end(head, len, &num);
	if (!out->gpt && mbr) {
		out->parts_bytes = mbr;
		out->last_part = num;
	}

	/* 2. The rule. */
	if (whole) {
		out->rule = IMGREAD_RULE_WHOLE;
	} else if (out->iso_bytes) {
		end = out->iso_bytes;
		out->rule = IMGREAD_RULE_ISO;
		if (out->parts_bytes > end || out->gpt_backup_bytes > end)
			out->rule = IMGREAD_RULE_ISO_PARTS;
	} else if (out->parts_bytes || out->gpt) {
		out->rule = IMGREAD_RULE_PARTS;
	} else {
		out->rule = IMGREAD_RULE_NOTHING;
	}
	if (out->rule == IMGREAD_RULE_ISO_PARTS ||
	    out->rule == IMGREAD_RULE_PARTS) {
		if (out->parts_bytes > end)
			end = out->parts_bytes;
		if (out->gpt_backup_bytes > end)
			end = out->gpt_backup_bytes;
	}
	if (!end)
		end = source_bytes;
	out->claimed_bytes = end;
	if (end % sector_bytes && end < UINT64_MAX - sector_bytes)
		end += sector_bytes - end % sector_bytes;
	if (end > source_bytes)
		end = source_bytes;
	out->end_bytes = end;

	/* 3. The rule in words, for the plan line. */
	words(out->end_bytes, a, sizeof(a));
	switch (out->rule) {
	case IMGREAD_RULE_WHOLE:
		snprintf(out->why, sizeof(out->why),
			 "the whole source, as asked (%s)", a);
		break;
	case IMGREAD_RULE_ISO:
		snprintf(out->why, sizeof(out->why),
			 "to the end of the ISO 9660 volume (%s)", a);
		break;
	case IMGREAD_RULE_ISO_PARTS:
		words(out->iso_bytes, b, sizeof(b));
		if (out->gpt_backup_bytes > out->parts_bytes)
			snprintf(
				out->why, sizeof(out->why),
				"past the ISO 9660 volume (%s) to the end of the backup GPT (%s)",
				b, a);
		else
			snprintf(
				out->why, sizeof(out->why),
				"past the ISO 9660 volume (%s) to the end of partition %d (%s)",
				b, out->last_part, a);
		break;
	case IMGREAD_RULE_PARTS:
		snprintf(out->why, sizeof(out->why),
			 "to the end of the last partition (%d)%s (%s)",
			 out->last_part,
			 out->gpt_backup_bytes > out->parts_bytes
				 ? " and the backup GPT"
				 : "",
			 a);
		break;
	case IMGREAD_RULE_NOTHING:
		snprintf(
			out->why, sizeof(out->why),
			"the whole source: no ISO 9660 volume or partition table on it (%s)",
			a);
		break;
	}
	if (out->claimed_bytes > source_bytes &&
	    out->rule != IMGREAD_RULE_WHOLE) {
		size_t n = strlen(out->why);

		words(out->claimed_bytes, b, sizeof(b));
		snprintf(out->why + n, sizeof(out->why) - n,
			 "; it claims %s, more than the source holds", b);
	}
}
