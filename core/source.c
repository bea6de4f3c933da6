// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * source.c - read an image in order, plain or compressed (gzip, xz, zstd,
 * bzip2, told apart by their magic bytes), decompressing on the fly with
 * no temporary file. The decoders are the codec-*.c files' (codec.h).
 */
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codec.h"
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
	const struct codec_ops *codec; /* NULL for a plain image */
	void *dec;		       /* its decoder, NULL until started */
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

static void dec_end(struct source *src)
{
	if (src->codec)
		src->codec->dec_free(src->dec);
	src->dec = NULL;
}

static int dec_init(struct stk_ctx *ctx, struct source *src)
{
	if (!src->codec)
		return 0;
	src->dec = src->codec->dec_new();
	if (!src->dec)
		return stk_seterr(ctx, -ENOMEM, "cannot start the %s decoder",
				  stk_compression_name(src->comp));
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
	src->codec = codec_for(src->comp);
	if (!src->codec)
		src->size_bytes = src->file_bytes;
	else if (src->codec->dec_size) /* gzip, bzip2: not usably */
		src->size_bytes =
			src->codec->dec_size(src->fd, src->file_bytes);
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
	const char *why = NULL;
	enum codec_rc r;
	size_t used = 0;

	*made = 0;
	r = src->codec->dec_step(src->dec, src->in + src->in_pos,
				 src->in_len - src->in_pos, src->in_eof, out,
				 len, &used, made, &why);
	src->in_pos += used;
	if (r == CODEC_END) {
		if (!more_input(ctx, src))
			src->done = true;
		else if (src->codec->dec_restart)
			r = src->codec->dec_restart(src->dec, &why);
	}
	switch (r) {
	case CODEC_DONE:
		src->done = true;
		break;
	case CODEC_TRUNC:
		return truncated(ctx, src);
	case CODEC_CORRUPT:
		return corrupt(ctx, src, why);
	case CODEC_NOMEM:
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	case CODEC_OK:
	case CODEC_END:
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
		if (src->codec->dec_idle && src->codec->dec_idle(src->dec) &&
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
