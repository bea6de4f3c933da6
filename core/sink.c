// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * sink.c - write an image as it is read, compressing it on the way (the
 * codec-*.c files' encoders, codec.h), to a new file or to standard
 * output.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codec.h"
#include "hash.h"
#include "sink.h"

#define SINK_OUT_BYTES (1u << 20)

struct sink {
	char *path;
	int fd;
	bool is_stdout;
	bool created;
	enum stk_compression comp;
	uint8_t *out;
	const struct codec_ops *codec; /* NULL: written as it comes */
	void *enc;		       /* its encoder */
	uint64_t file_bytes;
	bool hash;
	struct sha256 sha;
	char hex[2 * SHA256_BYTES + 1];
};

static bool ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);

	return n > m && !strcmp(s + n - m, end);
}

enum stk_compression sink_comp_for(const char *path)
{
	if (ends_with(path, ".gz"))
		return STK_COMP_GZIP;
	if (ends_with(path, ".xz"))
		return STK_COMP_XZ;
	if (ends_with(path, ".zst"))
		return STK_COMP_ZSTD;
	return STK_COMP_NONE;
}

/* Bytes to the file itself, hashed on the way. */
static int put(struct stk_ctx *ctx, struct sink *s, const uint8_t *p,
	       size_t len)
{
	if (s->hash)
		sha256_update(&s->sha, p, len);
	while (len) {
		ssize_t n = write(s->fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return stk_seterr(ctx, n < 0 ? -errno : -ENOSPC,
					  "cannot write '%s': %s", s->path,
					  strerror(n < 0 ? errno : ENOSPC));
		p += n;
		len -= (size_t)n;
		s->file_bytes += (uint64_t)n;
	}
	return 0;
}

static int start_encoder(struct stk_ctx *ctx, struct sink *s,
			 uint64_t size_bytes)
{
	s->codec = codec_for(s->comp);
	if (!s->codec)
		return 0;
	if (s->codec->enc_new)
		s->enc = s->codec->enc_new(size_bytes);
	if (!s->enc)
		return stk_seterr(ctx, -ENOMEM,
				  "cannot start the %s compressor",
				  stk_compression_name(s->comp));
	return 0;
}

int sink_open(struct stk_ctx *ctx, const char *path, bool replace,
	      uint64_t size_bytes, bool hash, struct sink **out)
{
	struct sink *s;
	struct stat st;
	int rc;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	s->fd = -1;
	s->path = strdup(path);
	s->out = malloc(SINK_OUT_BYTES);
	if (!s->path || !s->out) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}
	s->hash = hash;
	sha256_init(&s->sha);
	if (!strcmp(path, "-")) {
		s->is_stdout = true;
		s->fd = STDOUT_FILENO;
	} else {
		s->comp = sink_comp_for(path);
		if (stat(path, &st) == 0 && !replace) {
			rc = stk_seterr(ctx, -EEXIST, "'%s' exists", path);
			goto out_free;
		}
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
			rc = stk_seterr(ctx, -EINVAL,
					"'%s' is not a regular file", path);
			goto out_free;
		}
		s->fd = open(path,
			     O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
				     (replace ? 0 : O_EXCL),
			     0644);
		if (s->fd < 0) {
			rc = stk_seterr_errno(ctx, -errno, "cannot create '%s'",
					      path);
			goto out_free;
		}
		s->created = true;
	}
	rc = start_encoder(ctx, s, size_bytes);
	if (rc)
		goto out_free;
	*out = s;
	return 0;

out_free:
	sink_close(s, true);
	return rc;
}

/* One round of the encoder: @in may be empty; @finish ends the stream. */
static int encode(struct stk_ctx *ctx, struct sink *s, const uint8_t *in,
		  size_t len, bool finish)
{
	bool more = true;
	int rc;

	s->codec->enc_feed(s->enc, in, len);
	while (more) {
		size_t got = 0;

		if (s->codec->enc_step(s->enc, s->out, SINK_OUT_BYTES, finish,
				       &got, &more))
			return stk_seterr(
				ctx, -EIO, "the %s compressor failed on '%s'",
				stk_compression_name(s->comp), s->path);
		rc = put(ctx, s, s->out, got);
		if (rc)
			return rc;
	}
	return 0;
}

int sink_write(struct stk_ctx *ctx, struct sink *s, const void *buf, size_t len)
{
	if (!s->codec)
		return put(ctx, s, buf, len);
	return encode(ctx, s, buf, len, false);
}

int sink_finish(struct stk_ctx *ctx, struct sink *s)
{
	uint8_t digest[SHA256_BYTES];
	int rc = 0;

	if (s->codec)
		rc = encode(ctx, s, NULL, 0, true);
	if (!rc && !s->is_stdout && fdatasync(s->fd) < 0)
		rc = stk_seterr_errno(ctx, -errno, "cannot flush '%s'",
				      s->path);
	if (!rc && s->hash) {
		sha256_final(&s->sha, digest);
		hash_hex(digest, SHA256_BYTES, s->hex);
	}
	return rc;
}

void sink_close(struct sink *s, bool remove)
{
	if (!s)
		return;
	if (s->codec)
		s->codec->enc_free(s->enc);
	if (s->fd >= 0 && !s->is_stdout)
		close(s->fd);
	if (remove && s->created)
		unlink(s->path);
	free(s->out);
	free(s->path);
	free(s);
}

enum stk_compression sink_comp(const struct sink *s)
{
	return s->comp;
}

bool sink_is_stdout(const struct sink *s)
{
	return s->is_stdout;
}

uint64_t sink_file_bytes(const struct sink *s)
{
	return s->file_bytes;
}

const char *sink_sha256(const struct sink *s)
{
	return s->hex;
}
