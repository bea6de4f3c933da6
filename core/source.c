// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * source.c - read an image in order, plain or compressed (gzip, xz, zstd,
 * bzip2, told apart by their magic bytes), decompressing on the fly with
 * no temporary file.
 */
#include <bzlib.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <lzma.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "guard.h"
#include "internal.h"
#include "source.h"

#define IN_BYTES (1u << 20) /* compressed input buffer */

struct source {
	char *path;
	int fd;
	enum stk_compression comp;
	uint64_t file_bytes;
	uint64_t size_bytes;
	uint64_t pos; /* decompressed bytes handed out */
	bool done;    /* the last stream ended */

	uint8_t *in; /* compressed input */
	size_t in_len;
	size_t in_pos;
	bool in_eof;
	bool dec_live; /* decoder initialised */
	z_stream z;
	lzma_stream x;
	ZSTD_DStream *zs;
	size_t zs_hint; /* last ZSTD_decompressStream() result */
	bz_stream bz;
};

/* Magic numbers: RFC 1952 2.3.1, xz file format 2.1.1.1, RFC 8878 3.1.1
 * (and 3.1.2 for skippable frames), bzip2's "BZh" plus block size digit. */
enum stk_compression source_detect(const uint8_t *b, size_t n)
{
	static const uint8_t xz[6] = {0xfd, '7', 'z', 'X', 'Z', 0x00};

	if (n >= 3 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 8)
		return STK_COMP_GZIP;
	if (n >= 6 && !memcmp(b, xz, 6))
		return STK_COMP_XZ;
	if (n >= 4 && get_le32(b) == 0xfd2fb528)
		return STK_COMP_ZSTD;
	if (n >= 4 && (get_le32(b) & 0xfffffff0) == 0x184d2a50)
		return STK_COMP_ZSTD;
	if (n >= 4 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h' &&
	    b[3] >= '1' && b[3] <= '9')
		return STK_COMP_BZIP2;
	return STK_COMP_NONE;
}

/* xz: the index before the stream footer records the uncompressed size.
 * Only a single stream (with optional padding) gives an exact answer. */
static uint64_t xz_size(int fd, uint64_t file_bytes)
{
	uint8_t footer[LZMA_STREAM_HEADER_SIZE];
	lzma_stream_flags flags;
	uint64_t end = file_bytes, memlimit = UINT64_MAX, size = 0;
	lzma_index *idx = NULL;
	uint8_t *buf;
	size_t pos = 0;

	/* stream padding: zero bytes in multiples of four */
	while (end >= 4 + LZMA_STREAM_HEADER_SIZE) {
		uint8_t pad[4];

		if (io_pread_full(fd, pad, 4, end - 4) || get_le32(pad))
			break;
		end -= 4;
	}
	if (end < 2 * LZMA_STREAM_HEADER_SIZE ||
	    io_pread_full(fd, footer, sizeof(footer), end - sizeof(footer)) ||
	    lzma_stream_footer_decode(&flags, footer) != LZMA_OK ||
	    flags.backward_size > end - 2 * LZMA_STREAM_HEADER_SIZE ||
	    flags.backward_size > 64 * STK_MIB)
		return 0;
	buf = malloc(flags.backward_size);
	if (!buf)
		return 0;
	if (!io_pread_full(fd, buf, flags.backward_size,
			   end - sizeof(footer) - flags.backward_size) &&
	    lzma_index_buffer_decode(&idx, &memlimit, NULL, buf, &pos,
				     flags.backward_size) == LZMA_OK) {
		if (lzma_index_file_size(idx) == end)
			size = lzma_index_uncompressed_size(idx);
		lzma_index_end(idx, NULL);
	}
	free(buf);
	return size;
}

/* zstd: sum the content sizes of every frame, walking block headers to
 * find where each frame ends (RFC 8878 3.1.1.2). 0 if any is unknown. */
static uint64_t zstd_size(int fd, uint64_t file_bytes)
{
	uint64_t off = 0, total = 0;
	static const uint8_t did_bytes[4] = {0, 1, 2, 4};
	static const uint8_t fcs_bytes[4] = {0, 2, 4, 8};
	uint8_t hdr[18]; /* the largest frame header */

	while (off < file_bytes) {
		size_t n = sizeof(hdr), hsize;
		unsigned long long fcs;
		uint32_t bh;
		bool last = false;

		if (file_bytes - off < n)
			n = (size_t)(file_bytes - off);
		if (n < 8 || io_pread_full(fd, hdr, n, off))
			return 0;
		if ((get_le32(hdr) & 0xfffffff0) == 0x184d2a50) {
			off += 8 + (uint64_t)get_le32(hdr + 4);
			continue;
		}
		fcs = ZSTD_getFrameContentSize(hdr, n);
		if (fcs == ZSTD_CONTENTSIZE_UNKNOWN ||
		    fcs == ZSTD_CONTENTSIZE_ERROR)
			return 0;
		/* magic, descriptor, window byte unless single segment,
		 * dictionary id, content size (1 byte if single segment) */
		hsize = 5 + !(hdr[4] & 0x20) + did_bytes[hdr[4] & 3] +
			((hdr[4] >> 6) ? fcs_bytes[hdr[4] >> 6]
				       : !!(hdr[4] & 0x20));
		total += fcs;
		off += hsize;
		while (!last) {
			uint8_t b[3];

			if (io_pread_full(fd, b, 3, off))
				return 0;
			bh = (uint32_t)b[0] | (uint32_t)b[1] << 8 |
			     (uint32_t)b[2] << 16;
			last = bh & 1;
			/* an RLE block (type 1) stores one byte */
			off += 3 + (((bh >> 1) & 3) == 1 ? 1 : bh >> 3);
		}
		if (hdr[4] & 0x04) /* Content_Checksum_flag */
			off += 4;
	}
	return off == file_bytes ? total : 0;
}

static void dec_end(struct source *src)
{
	if (!src->dec_live)
		return;
	switch (src->comp) {
	case STK_COMP_GZIP:
		inflateEnd(&src->z);
		break;
	case STK_COMP_XZ:
		lzma_end(&src->x);
		break;
	case STK_COMP_ZSTD:
		ZSTD_freeDStream(src->zs);
		src->zs = NULL;
		break;
	case STK_COMP_BZIP2:
		BZ2_bzDecompressEnd(&src->bz);
		break;
	case STK_COMP_NONE:
		break;
	}
	src->dec_live = false;
}

static int dec_init(struct stk_ctx *ctx, struct source *src)
{
	int ok = 0;

	switch (src->comp) {
	case STK_COMP_GZIP:
		memset(&src->z, 0, sizeof(src->z));
		ok = inflateInit2(&src->z, 15 + 16) == Z_OK;
		break;
	case STK_COMP_XZ:
		memset(&src->x, 0, sizeof(src->x));
		ok = lzma_stream_decoder(&src->x, UINT64_MAX,
					 LZMA_CONCATENATED) == LZMA_OK;
		break;
	case STK_COMP_ZSTD:
		src->zs = ZSTD_createDStream();
		ok = src->zs && !ZSTD_isError(ZSTD_initDStream(src->zs));
		src->zs_hint = 1;
		break;
	case STK_COMP_BZIP2:
		memset(&src->bz, 0, sizeof(src->bz));
		ok = BZ2_bzDecompressInit(&src->bz, 0, 0) == BZ_OK;
		break;
	case STK_COMP_NONE:
		return 0;
	}
	if (!ok)
		return stk_seterr(ctx, -ENOMEM, "cannot start the %s decoder",
				  stk_compression_name(src->comp));
	src->dec_live = true;
	return 0;
}

int source_open(struct stk_ctx *ctx, const char *path, struct source **out)
{
	struct source *src;
	uint8_t magic[8];
	struct stat st;
	ssize_t n;
	int rc;

	*out = NULL;
	src = calloc(1, sizeof(*src));
	if (!src)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	src->fd = guard_open_image(ctx, path, &st);
	if (src->fd < 0) {
		rc = src->fd;
		goto out_free;
	}
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(src->fd, BLKGETSIZE64, &src->file_bytes) < 0) {
			rc = stk_seterr_errno(ctx, -errno, "cannot size '%s'",
					      path);
			goto out_free;
		}
	} else if (S_ISREG(st.st_mode)) {
		src->file_bytes = (uint64_t)st.st_size;
	} else {
		rc = stk_seterr(ctx, -EINVAL, "'%s' is not a regular file",
				path);
		goto out_free;
	}
	src->path = strdup(path);
	if (!src->path) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}
	n = pread(src->fd, magic, sizeof(magic), 0);
	if (n < 0) {
		rc = stk_seterr_errno(ctx, -errno, "cannot read '%s'", path);
		goto out_free;
	}
	src->comp = source_detect(magic, (size_t)n);
	switch (src->comp) {
	case STK_COMP_NONE:
		src->size_bytes = src->file_bytes;
		break;
	case STK_COMP_XZ:
		src->size_bytes = xz_size(src->fd, src->file_bytes);
		break;
	case STK_COMP_ZSTD:
		src->size_bytes = zstd_size(src->fd, src->file_bytes);
		break;
	default:
		break; /* gzip and bzip2 do not record it usably */
	}
	if (src->comp != STK_COMP_NONE) {
		src->in = malloc(IN_BYTES);
		if (!src->in) {
			rc = stk_seterr(ctx, -ENOMEM, "out of memory");
			goto out_free;
		}
	}
	posix_fadvise(src->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	rc = dec_init(ctx, src);
	if (rc)
		goto out_free;
	*out = src;
	return 0;

out_free:
	source_close(src);
	return rc;
}

void source_close(struct source *src)
{
	if (!src)
		return;
	dec_end(src);
	if (src->fd >= 0)
		close(src->fd);
	free(src->in);
	free(src->path);
	free(src);
}

enum stk_compression source_compression(const struct source *src)
{
	return src->comp;
}

uint64_t source_file_bytes(const struct source *src)
{
	return src->file_bytes;
}

uint64_t source_size_bytes(const struct source *src)
{
	return src->size_bytes;
}

uint64_t source_tell(const struct source *src)
{
	return src->pos;
}

int source_rewind(struct stk_ctx *ctx, struct source *src)
{
	if (lseek(src->fd, 0, SEEK_SET) < 0)
		return stk_seterr_errno(ctx, -errno, "cannot rewind '%s'",
					src->path);
	dec_end(src);
	src->pos = 0;
	src->done = false;
	src->in_len = 0;
	src->in_pos = 0;
	src->in_eof = false;
	return dec_init(ctx, src);
}

/* Refill the compressed input when it is used up. */
static int fill_in(struct stk_ctx *ctx, struct source *src)
{
	ssize_t n;

	if (src->in_pos < src->in_len || src->in_eof)
		return 0;
	do {
		n = read(src->fd, src->in, IN_BYTES);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return stk_seterr_errno(ctx, -errno, "cannot read '%s'",
					src->path);
	src->in_len = (size_t)n;
	src->in_pos = 0;
	src->in_eof = n == 0;
	return 0;
}

static int truncated(struct stk_ctx *ctx, struct source *src)
{
	return stk_seterr(
		ctx, -EINVAL,
		"'%s' is truncated: the %s stream ends early, after %" PRIu64
		" bytes of image",
		src->path, stk_compression_name(src->comp), src->pos);
}

static int corrupt(struct stk_ctx *ctx, struct source *src, const char *why)
{
	return stk_seterr(ctx, -EINVAL,
			  "'%s' is corrupt: %s stream error after %" PRIu64
			  " bytes of image (%s)",
			  src->path, stk_compression_name(src->comp), src->pos,
			  why);
}

/* More input after the end of one stream starts another (gzip members,
 * bzip2 streams concatenated, as pbzip2 and `cat` make them). */
static bool more_input(struct stk_ctx *ctx, struct source *src)
{
	return !fill_in(ctx, src) && src->in_pos < src->in_len;
}

/* One decoder step into [out, out + len); *made = bytes produced. */
static int step(struct stk_ctx *ctx, struct source *src, uint8_t *out,
		size_t len, size_t *made)
{
	size_t avail = src->in_len - src->in_pos;
	const uint8_t *in = src->in + src->in_pos;
	int rc;

	*made = 0;
	switch (src->comp) {
	case STK_COMP_GZIP:
		src->z.next_in = (uint8_t *)in;
		src->z.avail_in = (uInt)avail;
		src->z.next_out = out;
		src->z.avail_out = (uInt)len;
		rc = inflate(&src->z, Z_NO_FLUSH);
		*made = len - src->z.avail_out;
		src->in_pos += avail - src->z.avail_in;
		if (rc == Z_STREAM_END) {
			if (!more_input(ctx, src))
				src->done = true;
			else if (inflateReset(&src->z) != Z_OK)
				return corrupt(ctx, src, "reset");
			return 0;
		}
		if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT)
			return corrupt(ctx, src,
				       src->z.msg ? src->z.msg : "data");
		if (rc == Z_MEM_ERROR)
			return stk_seterr(ctx, -ENOMEM, "out of memory");
		break;
	case STK_COMP_XZ: {
		lzma_ret r;

		src->x.next_in = in;
		src->x.avail_in = avail;
		src->x.next_out = out;
		src->x.avail_out = len;
		r = lzma_code(&src->x, src->in_eof ? LZMA_FINISH : LZMA_RUN);
		*made = len - src->x.avail_out;
		src->in_pos += avail - src->x.avail_in;
		if (r == LZMA_STREAM_END) {
			src->done = true;
			return 0;
		}
		if (r == LZMA_BUF_ERROR && src->in_eof)
			return truncated(ctx, src);
		if (r == LZMA_MEM_ERROR)
			return stk_seterr(ctx, -ENOMEM, "out of memory");
		if (r != LZMA_OK && r != LZMA_BUF_ERROR)
			return corrupt(ctx, src,
				       r == LZMA_DATA_ERROR ? "bad data"
				       : r == LZMA_FORMAT_ERROR
					       ? "bad format"
					       : "bad check or options");
		break;
	}
	case STK_COMP_ZSTD: {
		ZSTD_inBuffer zi = {in, avail, 0};
		ZSTD_outBuffer zo = {out, len, 0};
		size_t r;

		r = ZSTD_decompressStream(src->zs, &zo, &zi);
		*made = zo.pos;
		src->in_pos += zi.pos;
		if (ZSTD_isError(r))
			return corrupt(ctx, src, ZSTD_getErrorName(r));
		src->zs_hint = r;
		/* 0: a frame is complete and flushed; stop at end of input */
		if (r == 0 && zo.pos < zo.size && !more_input(ctx, src))
			src->done = true;
		break;
	}
	case STK_COMP_BZIP2:
		src->bz.next_in = (char *)in;
		src->bz.avail_in = (unsigned)avail;
		src->bz.next_out = (char *)out;
		src->bz.avail_out = (unsigned)len;
		rc = BZ2_bzDecompress(&src->bz);
		*made = len - src->bz.avail_out;
		src->in_pos += avail - src->bz.avail_in;
		if (rc == BZ_STREAM_END) {
			if (!more_input(ctx, src)) {
				src->done = true;
				return 0;
			}
			BZ2_bzDecompressEnd(&src->bz);
			memset(&src->bz, 0, sizeof(src->bz));
			if (BZ2_bzDecompressInit(&src->bz, 0, 0) != BZ_OK) {
				src->dec_live = false;
				return stk_seterr(ctx, -ENOMEM,
						  "out of memory");
			}
			return 0;
		}
		if (rc == BZ_MEM_ERROR)
			return stk_seterr(ctx, -ENOMEM, "out of memory");
		if (rc != BZ_OK)
			return corrupt(ctx, src,
				       rc == BZ_DATA_ERROR_MAGIC ? "bad magic"
								 : "bad data");
		break;
	case STK_COMP_NONE:
		break;
	}
	return 0;
}

static int read_plain(struct stk_ctx *ctx, struct source *src, uint8_t *buf,
		      size_t len, size_t *got)
{
	while (*got < len) {
		ssize_t n = read(src->fd, buf + *got, len - *got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return stk_seterr_errno(
				ctx, -errno, "cannot read '%s' at %" PRIu64 "",
				src->path, src->pos + *got);
		if (n == 0) {
			src->done = true;
			break;
		}
		*got += (size_t)n;
	}
	return 0;
}

/*
 * The size a frame header (zstd) or an index (xz) records is a claim:
 * the stream that ends elsewhere is damaged, whatever the decoder said.
 */
static int check_claim(struct stk_ctx *ctx, struct source *src)
{
	const char *where =
		src->comp == STK_COMP_XZ ? "index" : "frame headers";

	if (!src->size_bytes || src->comp == STK_COMP_NONE)
		return 0;
	if (src->pos > src->size_bytes)
		return stk_seterr(
			ctx, -EINVAL,
			"'%s' is corrupt: the %s stream runs past the %" PRIu64
			" bytes its %s record",
			src->path, stk_compression_name(src->comp),
			src->size_bytes, where);
	if (src->done && src->pos < src->size_bytes)
		return stk_seterr(
			ctx, -EINVAL,
			"'%s' is corrupt: the %s stream ends after %" PRIu64
			" bytes, its %s record %" PRIu64,
			src->path, stk_compression_name(src->comp), src->pos,
			where, src->size_bytes);
	return 0;
}

int source_read(struct stk_ctx *ctx, struct source *src, void *buf, size_t len,
		size_t *got)
{
	uint8_t *out = buf;
	size_t made;
	int rc = 0;

	*got = 0;
	if (src->comp == STK_COMP_NONE) {
		rc = read_plain(ctx, src, out, len, got);
		src->pos += *got;
		return rc;
	}
	while (*got < len && !src->done) {
		rc = fill_in(ctx, src);
		if (rc)
			break;
		if (src->comp == STK_COMP_ZSTD && src->zs_hint == 0 &&
		    src->in_eof && src->in_pos == src->in_len) {
			src->done = true; /* last frame ended with input */
			break;
		}
		rc = step(ctx, src, out + *got, len - *got, &made);
		*got += made;
		src->pos += made;
		if (rc)
			break;
		/* no output, no input left, no end of stream: cut short */
		if (!made && src->in_eof && src->in_pos == src->in_len &&
		    !src->done) {
			rc = truncated(ctx, src);
			break;
		}
	}
	if (!rc)
		rc = check_claim(ctx, src);
	return rc;
}

int source_peek(struct stk_ctx *ctx, const char *path, void *buf, size_t len,
		size_t *got, enum stk_compression *comp, uint64_t *size_bytes)
{
	struct source *src;
	size_t n = 0;
	int rc;

	if (got)
		*got = 0;
	rc = source_open(ctx, path, &src);
	if (rc)
		return rc;
	rc = source_read(ctx, src, buf, len, &n);
	/* a short or damaged image still has a first MiB worth probing */
	if (rc && n)
		rc = 0;
	if (got)
		*got = n;
	if (comp)
		*comp = src->comp;
	if (size_bytes)
		*size_bytes = src->size_bytes;
	source_close(src);
	return rc;
}
