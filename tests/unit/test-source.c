// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * test-source.c - plain and compressed images read back byte for byte;
 * truncated and corrupt streams, directories and missing files refused.
 * The compressed samples are made here with the libraries' encoders.
 */
#include <bzlib.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "t.h"
#include "internal.h"
#include "source.h"

#define DATA_BYTES (3u * 1024 * 1024 + 1234)

static uint8_t *data;
static char dir[64];

/* Compressible but not trivial: words of a counter with noise. */
static void make_data(void)
{
	uint32_t x = 12345;
	size_t i;

	if (data)
		return;
	data = malloc(DATA_BYTES);
	for (i = 0; i < DATA_BYTES; i++) {
		x = x * 1103515245 + 12345;
		data[i] = (i / 4096) % 7 ? (uint8_t)(i >> 9) : (uint8_t)(x >> 16);
	}
	snprintf(dir, sizeof(dir), "/tmp/test-source.XXXXXX");
	if (!mkdtemp(dir))
		abort();
}

static char *write_file(const char *name, const void *buf, size_t len)
{
	static char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len)
		abort();
	close(fd);
	return path;
}

static size_t enc_gzip(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	z_stream z = { 0 };

	deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (uint8_t *)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	deflateEnd(&z);
	return cap - z.avail_out;
}

static size_t enc_xz(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	size_t pos = 0;

	lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, NULL, in, len, out, &pos,
				cap);
	return pos;
}

static size_t enc_zstd(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	/* with a content checksum, as the zstd tool writes by default */
	ZSTD_CCtx *c = ZSTD_createCCtx();
	size_t n;

	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
	n = ZSTD_compress2(c, out, cap, in, len);
	ZSTD_freeCCtx(c);
	return n;
}

static size_t enc_bz2(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	unsigned n = (unsigned)cap;

	BZ2_bzBuffToBuffCompress((char *)out, &n, (char *)in, (unsigned)len, 1,
				 0, 0);
	return n;
}

typedef size_t (*enc_fn)(const uint8_t *, size_t, uint8_t *, size_t);

static const struct {
	const char *name;
	enc_fn enc;
	enum stk_compression comp;
	bool size_known;
} fmts[] = {
	{ "gz", enc_gzip, STK_COMP_GZIP, false },
	{ "xz", enc_xz, STK_COMP_XZ, true },
	{ "zst", enc_zstd, STK_COMP_ZSTD, true },
	{ "bz2", enc_bz2, STK_COMP_BZIP2, false },
};

/* Read the whole source in odd-sized pieces; return the rc. */
static int read_all(struct stk_ctx *ctx, struct source *src, uint8_t *out,
		    size_t cap, size_t *total)
{
	size_t got;
	int rc;

	*total = 0;
	do {
		size_t want = 777777;

		if (want > cap - *total)
			want = cap - *total;
		rc = source_read(ctx, src, out + *total, want, &got);
		*total += got;
		if (rc)
			return rc;
	} while (got == 777777 && *total < cap);
	return 0;
}

/* Read to the end or the first error, keeping nothing. */
static int drain(struct stk_ctx *ctx, struct source *src)
{
	static uint8_t buf[65536];
	size_t got;
	int rc;

	do {
		rc = source_read(ctx, src, buf, sizeof(buf), &got);
	} while (!rc && got == sizeof(buf));
	return rc;
}

static uint8_t *encode(int f, size_t *len)
{
	size_t cap = DATA_BYTES * 2;
	uint8_t *z = malloc(cap);

	*len = fmts[f].enc(data, DATA_BYTES, z, cap);
	return z;
}

static void plain_reads_back(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	struct source *src;
	uint8_t *out = malloc(DATA_BYTES + 10);
	size_t n;

	make_data();
	T_EQ_INT(source_open(ctx, write_file("plain.img", data, DATA_BYTES),
			     &src), 0);
	T_EQ_INT(source_compression(src), STK_COMP_NONE);
	T_EQ_U64(source_size_bytes(src), DATA_BYTES);
	T_EQ_INT(read_all(ctx, src, out, DATA_BYTES + 10, &n), 0);
	T_EQ_U64(n, DATA_BYTES);
	T_OK(!memcmp(out, data, DATA_BYTES));
	T_EQ_INT(source_rewind(ctx, src), 0);
	T_EQ_INT(read_all(ctx, src, out, 1000, &n), 0);
	T_OK(!memcmp(out, data, 1000));
	source_close(src);
	free(out);
	stk_ctx_free(ctx);
}

static void compressed_read_back(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	uint8_t *out = malloc(DATA_BYTES + 10);
	char name[32];
	size_t f, n, zlen;

	make_data();
	for (f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		struct source *src;
		uint8_t *z = encode((int)f, &zlen);

		snprintf(name, sizeof(name), "image.%s", fmts[f].name);
		/* the name must not matter: detection is by magic */
		T_EQ_INT(source_open(ctx, write_file("noext", z, zlen), &src), 0);
		T_EQ_INT(source_compression(src), fmts[f].comp);
		T_EQ_U64(source_size_bytes(src),
			 fmts[f].size_known ? DATA_BYTES : 0);
		memset(out, 0, DATA_BYTES);
		T_EQ_INT(read_all(ctx, src, out, DATA_BYTES + 10, &n), 0);
		T_EQ_U64(n, DATA_BYTES);
		if (memcmp(out, data, DATA_BYTES))
			T_FAIL_AT("%s differs", name);
		/* and again after a rewind */
		T_EQ_INT(source_rewind(ctx, src), 0);
		T_EQ_INT(read_all(ctx, src, out, DATA_BYTES + 10, &n), 0);
		T_EQ_U64(n, DATA_BYTES);
		source_close(src);
		free(z);
	}
	free(out);
	stk_ctx_free(ctx);
}

static void concatenated_streams(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	uint8_t *out = malloc(2 * DATA_BYTES + 10);
	size_t f, n, zlen;

	make_data();
	for (f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		struct source *src;
		uint8_t *z = encode((int)f, &zlen);
		uint8_t *zz = malloc(2 * zlen);

		memcpy(zz, z, zlen);
		memcpy(zz + zlen, z, zlen);
		T_EQ_INT(source_open(ctx, write_file("cat", zz, 2 * zlen), &src),
			 0);
		T_EQ_INT(read_all(ctx, src, out, 2 * DATA_BYTES + 10, &n), 0);
		T_EQ_U64(n, 2 * DATA_BYTES);
		if (memcmp(out + DATA_BYTES, data, DATA_BYTES))
			T_FAIL_AT("second %s stream differs", fmts[f].name);
		/* xz's index covers one stream only: size unknown, not wrong */
		if (source_size_bytes(src))
			T_EQ_U64(source_size_bytes(src), 2 * DATA_BYTES);
		source_close(src);
		free(zz);
		free(z);
	}
	free(out);
	stk_ctx_free(ctx);
}

static void truncated_streams_fail(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	uint8_t *out = malloc(DATA_BYTES + 10);
	size_t f, n, zlen;

	make_data();
	for (f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		struct source *src;
		uint8_t *z = encode((int)f, &zlen);

		T_EQ_INT(source_open(ctx, write_file("cut", z, zlen * 2 / 3),
				     &src), 0);
		T_EQ_INT(read_all(ctx, src, out, DATA_BYTES + 10, &n), -EINVAL);
		if (!strstr(stk_ctx_errmsg(ctx), "truncated"))
			T_FAIL_AT("%s: %s", fmts[f].name, stk_ctx_errmsg(ctx));
		T_OK(n < DATA_BYTES);
		source_close(src);
		free(z);
	}
	free(out);
	stk_ctx_free(ctx);
}

static void corrupt_streams_fail(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	size_t f, zlen;

	make_data();
	for (f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		struct source *src;
		uint8_t *z = encode((int)f, &zlen);
		size_t i;

		for (i = zlen / 3; i < zlen / 3 + 64; i++)
			z[i] ^= 0x5a;
		T_EQ_INT(source_open(ctx, write_file("bad", z, zlen), &src), 0);
		stk_seterr(ctx, 0, "%s", "");
		T_EQ_INT(drain(ctx, src), -EINVAL);
		if (!strstr(stk_ctx_errmsg(ctx), "corrupt"))
			T_FAIL_AT("%s: %s", fmts[f].name, stk_ctx_errmsg(ctx));
		source_close(src);
		free(z);
	}
	stk_ctx_free(ctx);
}

static void bad_paths(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	struct source *src = (struct source *)1;

	make_data();
	T_EQ_INT(source_open(ctx, dir, &src), -EISDIR);
	T_OK(src == NULL);
	T_OK(strstr(stk_ctx_errmsg(ctx), "is a directory") != NULL);
	T_EQ_INT(source_open(ctx, "/nonexistent/image.iso", &src), -ENOENT);
	T_OK(strstr(stk_ctx_errmsg(ctx), "/nonexistent/image.iso") != NULL);
	stk_ctx_free(ctx);
}

static void peek_first_mib(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	uint8_t *buf = malloc(SOURCE_PEEK_BYTES);
	enum stk_compression comp;
	uint64_t size;
	size_t got, zlen;
	uint8_t *z;

	make_data();
	z = encode(2, &zlen);
	T_EQ_INT(source_peek(ctx, write_file("p.zst", z, zlen), buf,
			     SOURCE_PEEK_BYTES, &got, &comp, &size), 0);
	T_EQ_U64(got, SOURCE_PEEK_BYTES);
	T_EQ_INT(comp, STK_COMP_ZSTD);
	T_EQ_U64(size, DATA_BYTES);
	T_OK(!memcmp(buf, data, SOURCE_PEEK_BYTES));
	/* a truncated image still gives what it has */
	T_EQ_INT(source_peek(ctx, write_file("p2.zst", z, zlen / 10), buf,
			     SOURCE_PEEK_BYTES, &got, NULL, NULL), 0);
	T_OK(got > 0 && got < SOURCE_PEEK_BYTES);
	T_OK(!memcmp(buf, data, got));
	free(z);
	free(buf);
	stk_ctx_free(ctx);
}

static void cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		T_FAIL_AT("%s failed", cmd);
	free(data);
}

T_MAIN(
	T_CASE(plain_reads_back),
	T_CASE(compressed_read_back),
	T_CASE(concatenated_streams),
	T_CASE(truncated_streams_fail),
	T_CASE(corrupt_streams_fail),
	T_CASE(bad_paths),
	T_CASE(peek_first_mib),
	T_CASE(cleanup),
)
