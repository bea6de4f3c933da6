/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bmap.h - block maps (bmaptool's .bmap XML, format versions 1.x and 2.x):
 * which blocks of an image hold data, with a checksum per range.
 */
#ifndef STK_BMAP_H
#define STK_BMAP_H

#include "internal.h"

#define BMAP_MAX_BYTES	(64u * STK_MIB)	/* a bmap larger than this is refused */
#define BMAP_SUM_MAX	32		/* SHA-256 */

enum bmap_csum {
	BMAP_CSUM_NONE,		/* format 1.2 and older: no checksums */
	BMAP_CSUM_MD5,
	BMAP_CSUM_SHA1,
	BMAP_CSUM_SHA256,
};

struct bmap_range {
	uint64_t	first;		/* blocks, inclusive */
	uint64_t	last;
	uint8_t		sum[BMAP_SUM_MAX]; /* of the range's bytes */
	bool		has_sum;
};

struct bmap {
	unsigned	major;		/* <bmap version="2.0"> */
	unsigned	minor;
	uint64_t	image_bytes;	/* <ImageSize> */
	uint64_t	block_bytes;	/* <BlockSize> */
	uint64_t	blocks;		/* <BlocksCount> */
	uint64_t	mapped_blocks;	/* <MappedBlocksCount> */
	enum bmap_csum	csum;		/* <ChecksumType>, or SHA-1 for 1.x */
	/* the bmap's checksum of itself: its hex digits at @self_off in the
	 * text, which are read as zeros when it is computed */
	bool		has_self;
	uint8_t		self_sum[BMAP_SUM_MAX];
	size_t		self_off;
	size_t		self_len;
	size_t		n;
	struct bmap_range *range;	/* ascending, not overlapping */
};

/* Digest bytes of @c: 16, 20, 32, or 0 for none. */
size_t bmap_csum_bytes(enum bmap_csum c);
/* "md5", "sha1", "sha256", "none" */
const char *bmap_csum_name(enum bmap_csum c);

/*
 * bmap_parse - read the bmap XML in @text (@len bytes, untrusted). Checks
 * that the numbers agree with each other (block count and image size,
 * mapped count and the ranges, ranges inside the image, ascending).
 * Return: 0; -EINVAL with *@why the reason; -ENOMEM. Free with
 * bmap_free() in every case.
 */
int bmap_parse(const char *text, size_t len, struct bmap *out,
	       const char **why);
void bmap_free(struct bmap *b);

#define BMAP_WRITE_BLOCK_BYTES	4096u

/*
 * bmap_write - the bmap of the (decompressed) image @image, into
 * @bmap_path, as bmaptool writes it (format 2.0, SHA-256 per range and
 * of the file itself): blocks of BMAP_WRITE_BLOCK_BYTES that hold only
 * zeros are left unmapped. Progress: phase CHECKSUM. Sets *@mapped_bytes.
 * Return: 0, -ECANCELED, or the read or write error.
 */
int bmap_write(struct stk_ctx *ctx, const char *image, const char *bmap_path,
	       uint64_t *mapped_bytes);

#endif
