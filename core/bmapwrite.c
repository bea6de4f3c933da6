// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * bmapwrite.c - write the block map of an image as bmaptool does, so that
 * `bmaptool copy` (and `stickler write`) skip its empty blocks and check
 * each range it writes.
 *
 * Format facts (bmap-tools' docs and the files it writes, version 2.0):
 * <ImageSize> in bytes, <BlockSize>, <BlocksCount> (the last block may be
 * partial), <MappedBlocksCount>, <ChecksumType> sha256, <BmapFileChecksum>
 * the SHA-256 of the whole file with this field's hex digits read as
 * zeros, and <BlockMap> with <Range chksum="hex"> first-last </Range>
 * (or a single block), inclusive, in blocks, whose checksum covers the
 * range's bytes of the image.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "bmap.h"
#include "hash.h"
#include "source.h"

#define READ_BYTES (1024u * 1024u)

struct bw {
	FILE *f;   /* the ranges, into memory */
	bool open; /* a range is being hashed */
	uint64_t first;
	struct sha256 sum;
	uint64_t mapped;       /* blocks */
	uint64_t mapped_bytes; /* the last block may be short */
};

static bool all_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void close_range(struct bw *w, uint64_t last)
{
	uint8_t d[SHA256_BYTES];
	char hex[2 * SHA256_BYTES + 1];

	if (!w->open)
		return;
	sha256_final(&w->sum, d);
	hash_hex(d, sizeof(d), hex);
	if (last == w->first)
		fprintf(w->f,
			"        <Range chksum=\"%s\"> %" PRIu64 " </Range>\n",
			hex, w->first);
	else
		fprintf(w->f,
			"        <Range chksum=\"%s\"> %" PRIu64 "-%" PRIu64
			" </Range>\n",
			hex, w->first, last);
	w->mapped += last - w->first + 1;
	w->open = false;
}

/* One block (the last may be short): into the open range, or it ends it. */
static void block(struct bw *w, uint64_t n, const uint8_t *p, size_t len)
{
	if (all_zero(p, len)) {
		if (w->open)
			close_range(w, n - 1);
		return;
	}
	if (!w->open) {
		w->open = true;
		w->first = n;
		sha256_init(&w->sum);
	}
	sha256_update(&w->sum, p, len);
	w->mapped_bytes += len;
}

/* Reads the whole image; the ranges go to w->f. Sets *@bytes. */
static int scan(struct stk_ctx *ctx, struct source *src, struct bw *w,
		uint64_t *bytes)
{
	uint64_t total = source_size_bytes(src), off = 0, blk = 0;
	struct stk_throttle th;
	uint8_t *buf;
	size_t got, i;
	int rc = 0;

	stk_throttle_init(&th, STK_PHASE_CHECKSUM, total);
	buf = malloc(READ_BYTES);
	if (!buf)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	for (;;) {
		rc = source_read(ctx, src, buf, READ_BYTES, &got);
		if (rc || !got)
			break;
		for (i = 0; i < got; i += BMAP_WRITE_BLOCK_BYTES, blk++)
			block(w, blk, buf + i,
			      got - i < BMAP_WRITE_BLOCK_BYTES
				      ? got - i
				      : BMAP_WRITE_BLOCK_BYTES);
		off += got;
		rc = stk_throttle(ctx, &th, off, false);
		if (rc || got < READ_BYTES)
			break;
	}
	close_range(w, blk ? blk - 1 : 0);
	if (!rc)
		rc = stk_throttle(ctx, &th, off, true);
	*bytes = off;
	free(buf);
	return rc;
}

/* The file with its own checksum zeroed, then filled in. */
static int finish(struct stk_ctx *ctx, const char *path, uint64_t bytes,
		  const struct bw *w, const char *ranges)
{
	uint64_t blocks =
		(bytes + BMAP_WRITE_BLOCK_BYTES - 1) / BMAP_WRITE_BLOCK_BYTES;
	uint8_t d[SHA256_BYTES];
	char hex[2 * SHA256_BYTES + 1], *text = NULL, *at;
	struct sha256 s;
	size_t len = 0;
	FILE *f;
	int rc = 0;

	f = open_memstream(&text, &len);
	if (!f)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	fprintf(f,
		"<?xml version=\"1.0\" ?>\n"
		"<!-- The block map of an image, for bmaptool copy: the blocks\n"
		"     not listed hold only zeros. Written by stickler read. -->\n"
		"<bmap version=\"2.0\">\n"
		"    <ImageSize> %" PRIu64 " </ImageSize>\n"
		"    <BlockSize> %u </BlockSize>\n"
		"    <BlocksCount> %" PRIu64 " </BlocksCount>\n"
		"    <MappedBlocksCount> %" PRIu64 " </MappedBlocksCount>\n"
		"    <ChecksumType> sha256 </ChecksumType>\n"
		"    <BmapFileChecksum> %064d </BmapFileChecksum>\n"
		"    <BlockMap>\n%s    </BlockMap>\n"
		"</bmap>\n",
		bytes, BMAP_WRITE_BLOCK_BYTES, blocks, w->mapped, 0, ranges);
	if (fclose(f) || !text)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	sha256_init(&s);
	sha256_update(&s, text, len);
	sha256_final(&s, d);
	hash_hex(d, sizeof(d), hex);
	at = strstr(text, "<BmapFileChecksum> ");
	memcpy(at + 19, hex, 2 * SHA256_BYTES);

	f = fopen(path, "w");
	if (!f) {
		rc = stk_seterr_errno(ctx, -errno, "cannot create '%s'", path);
		goto out;
	}
	if (fwrite(text, 1, len, f) != len)
		rc = stk_seterr(ctx, -EIO, "cannot write '%s'", path);
	if (fclose(f) && !rc)
		rc = stk_seterr(ctx, -EIO, "cannot write '%s'", path);
out:
	free(text);
	return rc;
}

int bmap_write(struct stk_ctx *ctx, const char *image, const char *bmap_path,
	       uint64_t *mapped_bytes)
{
	struct source *src = NULL;
	struct bw w = {0};
	char *ranges = NULL;
	size_t len = 0;
	uint64_t bytes = 0;
	int rc;

	*mapped_bytes = 0;
	rc = source_open(ctx, image, &src);
	if (rc)
		return rc;
	w.f = open_memstream(&ranges, &len);
	if (!w.f) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_close;
	}
	rc = scan(ctx, src, &w, &bytes);
	if (fclose(w.f) || !ranges) {
		rc = rc ? rc : stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}
	if (!rc && len > BMAP_MAX_BYTES)
		rc = stk_seterr(ctx, -EFBIG,
				"the bmap of '%s' would hold too many ranges",
				image);
	if (!rc)
		rc = finish(ctx, bmap_path, bytes, &w, ranges);
	if (!rc)
		*mapped_bytes = w.mapped_bytes;
out_free:
	free(ranges);
out_close:
	source_close(src);
	return rc;
}
