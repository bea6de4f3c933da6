/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * imgread.h - making an image from a stick, a disc or a disk: where the
 * image ends (a pure function of the first sectors), and the reader.
 */
#ifndef STK_IMGREAD_H
#define STK_IMGREAD_H

#include "internal.h"

#define IMGREAD_HEAD_BYTES	(64u * 1024u)	/* what the end rule reads */

enum imgread_rule {
	IMGREAD_RULE_WHOLE,	/* asked for: everything */
	IMGREAD_RULE_ISO,	/* the ISO 9660 volume */
	IMGREAD_RULE_ISO_PARTS,	/* a partition reaches past the volume */
	IMGREAD_RULE_PARTS,	/* a disk: the last partition, backup GPT */
	IMGREAD_RULE_NOTHING,	/* nothing recognised: everything */
};

struct imgread_end {
	enum imgread_rule rule;
	uint64_t	end_bytes;	/* what to read, <= the source size */
	uint64_t	iso_bytes;	/* volume space size, 0 without one */
	uint64_t	parts_bytes;	/* end of the last partition, 0 none */
	int		last_part;	/* its number (1-based), 0 none */
	bool		gpt;		/* a GPT: its backup header counts */
	uint64_t	gpt_backup_bytes; /* end of the backup GPT header */
	uint64_t	claimed_bytes;	/* what the volume and tables claim */
	char		why[STK_REASON_MAX]; /* the rule in words */
};

/*
 * imgread_find_end - where the image on a source of @source_bytes ends,
 * from its first @len bytes (IMGREAD_HEAD_BYTES, fewer at the end of a
 * small source): an ISO 9660 volume ends at its volume space size, or at
 * the end of the last partition if that is further (appended partitions
 * of hybrid ISOs); other disks at the end of the last partition, or of
 * the backup GPT header if that is further; nothing recognised, or
 * @whole, means the whole source. An end past the source is cut to it
 * (claimed_bytes keeps the claim). The end is rounded up to whole
 * @sector_bytes. Every field of @out is filled; this never fails.
 */
void imgread_find_end(const uint8_t *head, size_t len, uint64_t source_bytes,
		      uint32_t sector_bytes, bool whole,
		      struct imgread_end *out);

#endif /* STK_IMGREAD_H */
