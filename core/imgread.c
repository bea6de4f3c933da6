// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * imgread.c - make an image from a stick, a disc or any disk: read the
 * source (read-only) to where its image ends, write OUT as it goes, then
 * read both again past the page cache and compare them chunk by chunk.
 */
#define _GNU_SOURCE /* O_DIRECT */
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bmap.h"
#include "guard.h"
#include "imgread.h"
#include "sink.h"
#include "manifest.h"
#include "plan.h"
#include "source.h"

#define READ_CHUNK_BYTES STK_MIB
#define READ_REPORT_S	 0.1
#define READ_PIECE_BYTES (64u * 1024u)

struct stk_reader {
	char *source;
	char *out;
	struct stk_read_options opt;
	int fd; /* the source, read-only */
	bool blockdev;
	struct imgread_end end;
	struct stk_read_result res;
	uint64_t *hash; /* one per chunk */
	size_t n_chunks;
	uint64_t *bad; /* every zero-filled sector */
	size_t n_bad;
	double last_report;
};

void stk_read_options_init(struct stk_read_options *o)
{
	memset(o, 0, sizeof(*o));
	o->verify = true;
}

static void state(struct stk_reader *rd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void state(struct stk_reader *rd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rd->res.state, sizeof(rd->res.state), fmt, ap);
	va_end(ap);
}

/* Size and sector size of the source; a block device or a regular file. */
static int open_source(struct stk_ctx *ctx, struct stk_reader *rd)
{
	struct stat st;
	int ssz = 512;
	off_t end;

	/* a FIFO would block the open, and cannot be read twice anyway */
	if (stat(rd->source, &st) == 0 && !S_ISBLK(st.st_mode) &&
	    !S_ISREG(st.st_mode))
		return stk_seterr(
			ctx, -EINVAL,
			"'%s' is neither a block device nor a regular file",
			rd->source);
	rd->fd = open(rd->source, O_RDONLY | O_CLOEXEC);
	if (rd->fd < 0)
		return stk_seterr_errno(ctx, -errno, "cannot open '%s'",
					rd->source);
	if (fstat(rd->fd, &st) < 0)
		return stk_seterr_errno(ctx, -errno, "cannot stat '%s'",
					rd->source);
	if (S_ISBLK(st.st_mode)) {
		rd->blockdev = true;
		if (ioctl(rd->fd, BLKSSZGET, &ssz) < 0 || ssz < 512)
			ssz = 512;
	} else if (!S_ISREG(st.st_mode)) {
		return stk_seterr(
			ctx, -EINVAL,
			"'%s' is neither a block device nor a regular file",
			rd->source);
	}
	end = lseek(rd->fd, 0, SEEK_END);
	if (end < 0)
		return stk_seterr_errno(ctx, -errno, "cannot size '%s'",
					rd->source);
	rd->res.source_bytes = (uint64_t)end;
	rd->res.sector_bytes = (uint32_t)ssz;
	if (!end)
		return stk_seterr(ctx, -ENODATA,
				  "'%s' is empty (no medium in the drive?)",
				  rd->source);
	return 0;
}

/* OUT: new unless replacing, never the source, never a device. */
static int check_out(struct stk_ctx *ctx, struct stk_reader *rd)
{
	struct stat st;

	if (!strcmp(rd->out, "-"))
		return 0;
	if (stat(rd->out, &st) < 0)
		return errno == ENOENT ? 0
				       : stk_seterr_errno(ctx, -errno,
							  "cannot look at '%s'",
							  rd->out);
	if (guard_not_image(ctx, rd->out, &st, rd->source))
		return -EINVAL;
	if (!S_ISREG(st.st_mode))
		return stk_seterr(
			ctx, -EINVAL,
			"'%s' is not a regular file (stickler write puts images on devices)",
			rd->out);
	if (!rd->opt.replace)
		return stk_seterr(ctx, -EEXIST, "'%s' exists", rd->out);
	return 0;
}

/* OUT.bmap, or OUT's name without .gz/.xz/.zst/.bz2 and then .bmap. */
static int check_bmap(struct stk_ctx *ctx, struct stk_reader *rd)
{
	static const char *const z[] = {".gz", ".xz", ".zst", ".bz2"};
	size_t n = strlen(rd->out), m, i;
	struct stat st;

	if (!strcmp(rd->out, "-"))
		return stk_seterr(
			ctx, -EINVAL,
			"a bmap needs OUT to be a file, not standard output");
	for (i = 0; i < sizeof(z) / sizeof(z[0]); i++) {
		m = strlen(z[i]);
		if (n > m && !strcmp(rd->out + n - m, z[i])) {
			n -= m;
			break;
		}
	}
	if (n + 6 > sizeof(rd->res.bmap))
		return stk_seterr(ctx, -ENAMETOOLONG, "'%s': name too long",
				  rd->out);
	snprintf(rd->res.bmap, sizeof(rd->res.bmap), "%.*s.bmap", (int)n,
		 rd->out);
	if (!stat(rd->res.bmap, &st) && !rd->opt.replace)
		return stk_seterr(ctx, -EEXIST, "'%s' exists", rd->res.bmap);
	return 0;
}

int stk_reader_new(struct stk_ctx *ctx, const char *source, const char *out,
		   const struct stk_read_options *o, struct stk_reader **res)
{
	struct stk_reader *rd;
	uint8_t *head = NULL;
	size_t len;
	int rc;

	if (!res)
		return stk_seterr(ctx, -EINVAL, "no reader to fill");
	*res = NULL;
	if (!ctx || !source || !out || !o)
		return stk_seterr(ctx, -EINVAL, "missing source or output");
	rd = calloc(1, sizeof(*rd));
	if (!rd)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	rd->fd = -1;
	rd->opt = *o;
	rd->source = strdup(source);
	rd->out = strdup(out);
	if (!rd->source || !rd->out) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}

	/* 1. The source, and the sectors the end rule looks at. */
	rc = open_source(ctx, rd);
	if (rc)
		goto out_free;
	len = rd->res.source_bytes < IMGREAD_HEAD_BYTES
		      ? (size_t)rd->res.source_bytes
		      : IMGREAD_HEAD_BYTES;
	head = calloc(1, IMGREAD_HEAD_BYTES);
	if (!head) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}
	rc = io_pread_full(rd->fd, head, len, 0);
	if (rc) {
		rc = stk_seterr_errno(ctx, rc, "cannot read the start of '%s'",
				      rd->source);
		goto out_free;
	}

	/* 2. Where the image ends, and the rule that says so. */
	imgread_find_end(head, len, rd->res.source_bytes, rd->res.sector_bytes,
			 o->whole, &rd->end);
	rd->res.image_bytes = rd->end.end_bytes;
	stk_strlcpy(rd->res.rule, rd->end.why, sizeof(rd->res.rule));

	/* 3. OUT, and its bmap. */
	rc = check_out(ctx, rd);
	if (!rc && o->bmap)
		rc = check_bmap(ctx, rd);
	if (rc)
		goto out_free;
	state(rd, "not made yet");
	free(head);
	*res = rd;
	return 0;

out_free:
	free(head);
	stk_reader_free(rd);
	return rc;
}

char *stk_reader_describe(const struct stk_reader *rd)
{
	enum stk_compression comp;
	char a[32], *text = NULL;
	size_t len = 0;
	FILE *f;

	if (!rd)
		return NULL;
	f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	stk_size_format(rd->res.source_bytes, a, sizeof(a));
	fprintf(f, "source: '%s' (%s, %s, %u-byte sectors), opened read-only\n",
		rd->source, rd->blockdev ? "block device" : "file", a,
		rd->res.sector_bytes);
	fprintf(f, "reads %" PRIu64 " bytes: %s\n", rd->res.image_bytes,
		rd->res.rule);
	comp = strcmp(rd->out, "-") ? sink_comp_for(rd->out) : STK_COMP_NONE;
	if (!strcmp(rd->out, "-"))
		fprintf(f, "into: standard output\n");
	else if (comp != STK_COMP_NONE)
		fprintf(f, "into: '%s', %s-compressed while reading\n", rd->out,
			stk_compression_name(comp));
	else
		fprintf(f, "into: '%s'\n", rd->out);
	fprintf(f, "a sector that cannot be read is tried %d times; then %s\n",
		STK_READ_RETRIES,
		rd->opt.keep_going ? "it is filled with zeros and listed"
				   : "the read stops, naming it");
	if (rd->opt.verify)
		fprintf(f,
			"then the source (past the page cache) and %s are read again and compared chunk by chunk\n",
			strcmp(rd->out, "-") ? "the output" : "nothing else");
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}

static int note_bad(struct stk_ctx *ctx, struct stk_reader *rd, uint64_t sector)
{
	uint64_t *n;

	if (rd->res.n_bad < STK_READ_MAX_BAD)
		rd->res.bad_sector[rd->res.n_bad] = sector;
	rd->res.n_bad++;
	if (rd->n_bad % 256 == 0) {
		n = realloc(rd->bad, (rd->n_bad + 256) * sizeof(*n));
		if (!n)
			return stk_seterr(ctx, -ENOMEM, "out of memory");
		rd->bad = n;
	}
	rd->bad[rd->n_bad++] = sector;
	return 0;
}

static bool was_bad(const struct stk_reader *rd, uint64_t sector)
{
	size_t i;

	for (i = 0; i < rd->n_bad; i++)
		if (rd->bad[i] == sector)
			return true;
	return false;
}

/* Sector by sector, each tried STK_READ_RETRIES times. */
static int read_sectors(struct stk_ctx *ctx, struct stk_reader *rd,
			uint8_t *buf, uint64_t off, size_t len, bool again)
{
	uint32_t ssz = rd->res.sector_bytes;
	size_t i;
	int rc = 0, t;

	for (i = 0; i < len; i += ssz) {
		size_t n = len - i < ssz ? len - i : ssz;
		uint64_t sector = (off + i) / ssz;

		for (t = 0; t < STK_READ_RETRIES; t++) {
			rc = io_pread_full(rd->fd, buf + i, n, off + i);
			if (!rc || rc == -ENODATA)
				break;
		}
		if (!rc)
			continue;
		if (!rd->opt.keep_going || (again && !was_bad(rd, sector)))
			return stk_seterr(ctx, rc == -ENODATA ? -EIO : rc,
					  "cannot read sector %" PRIu64
					  " of '%s' (%u bytes at byte %" PRIu64
					  "): %s",
					  sector, rd->source, ssz, off + i,
					  strerror(rc == -ENODATA ? EIO : -rc));
		memset(buf + i, 0, n);
		if (!again) {
			rc = note_bad(ctx, rd, sector);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/*
 * One chunk of the source. A failed read goes again sector by sector,
 * each tried STK_READ_RETRIES times. @again: the second (verify) read,
 * where only the sectors the first read gave up on may fail again.
 */
static int read_chunk(struct stk_ctx *ctx, struct stk_reader *rd, uint8_t *buf,
		      uint64_t off, size_t len, bool again)
{
	size_t i;
	int rc;

	rc = io_pread_full(rd->fd, buf, len, off);
	if (rc == -EINVAL && rd->res.direct) {
		/* an unaligned tail, or a file system without O_DIRECT */
		int fl = fcntl(rd->fd, F_GETFL);

		fcntl(rd->fd, F_SETFL, fl & ~O_DIRECT);
		rd->res.direct = false;
		rc = io_pread_full(rd->fd, buf, len, off);
	}
	if (rc == -ENODATA)
		return stk_seterr(ctx, -EIO,
				  "'%s' ended at byte %" PRIu64
				  ", before the image's end",
				  rd->source, off);
	if (!rc)
		return 0;
	/* narrow it down: pieces of READ_PIECE_BYTES, then sectors */
	for (i = 0; i < len; i += READ_PIECE_BYTES) {
		size_t n =
			len - i < READ_PIECE_BYTES ? len - i : READ_PIECE_BYTES;

		if (io_pread_full(rd->fd, buf + i, n, off + i) == 0)
			continue;
		rc = read_sectors(ctx, rd, buf + i, off + i, n, again);
		if (rc)
			return rc;
	}
	return 0;
}

static int report(struct stk_ctx *ctx, struct stk_reader *rd,
		  enum stk_phase phase, uint64_t done, double t0, bool last)
{
	double now = stk_now();

	if (!last && now - rd->last_report < READ_REPORT_S)
		return 0;
	rd->last_report = now;
	return stk_report(ctx, phase, done, rd->res.image_bytes, now - t0,
			  rd->source);
}

/* Drop what the page cache holds of @fd, so the next read is the disk's. */
static void drop_cache(int fd, bool blockdev)
{
	if (blockdev)
		ioctl(fd, BLKFLSBUF, 0);
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
}

/* 1. Source to OUT, a hash per chunk. */
static int copy(struct stk_ctx *ctx, struct stk_reader *rd, struct sink *sk,
		uint8_t *buf)
{
	uint64_t off = 0, end = rd->res.image_bytes;
	double t0 = stk_now();
	size_t i = 0;
	int rc = 0;

	while (off < end) {
		size_t len = end - off < READ_CHUNK_BYTES ? (size_t)(end - off)
							  : READ_CHUNK_BYTES;

		rc = read_chunk(ctx, rd, buf, off, len, false);
		if (rc)
			break;
		rd->hash[i++] = manifest_hash(buf, len);
		rc = sink_write(ctx, sk, buf, len);
		if (rc)
			break;
		off += len;
		rd->res.bytes_read = off;
		rc = report(ctx, rd, STK_PHASE_COPY, off, t0, off == end);
		if (rc)
			break;
	}
	rd->res.read_s = stk_now() - t0;
	return rc;
}

/* Reads OUT back in order: a plain file past the cache, or decompressed. */
struct outback {
	int fd;
	struct source *src;
};

static int out_open(struct stk_ctx *ctx, struct stk_reader *rd,
		    struct outback *ob)
{
	int fd;

	ob->fd = -1;
	ob->src = NULL;
	fd = open(rd->out, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return stk_seterr_errno(ctx, -errno, "cannot open '%s' again",
					rd->out);
	drop_cache(fd, false);
	if (sink_comp_for(rd->out) == STK_COMP_NONE) {
		ob->fd = fd;
		return 0;
	}
	close(fd);
	return source_open(ctx, rd->out, &ob->src);
}

static int out_read(struct stk_ctx *ctx, struct stk_reader *rd,
		    struct outback *ob, uint8_t *buf, size_t len, uint64_t off)
{
	size_t got = 0;
	int rc;

	if (ob->fd >= 0) {
		rc = io_pread_full(ob->fd, buf, len, off);
		if (rc == -ENODATA)
			return stk_seterr(ctx, -EBADMSG,
					  "'%s' is shorter than the image",
					  rd->out);
		if (rc)
			return stk_seterr_errno(
				ctx, rc, "cannot read '%s' again", rd->out);
		return 0;
	}
	rc = source_read(ctx, ob->src, buf, len, &got);
	if (rc)
		return rc;
	if (got != len)
		return stk_seterr(
			ctx, -EBADMSG,
			"'%s' decompresses to fewer bytes than the image",
			rd->out);
	return 0;
}

/* 2. The source again (past the cache) and OUT, against the hashes. */
static int verify(struct stk_ctx *ctx, struct stk_reader *rd, uint8_t *buf)
{
	uint64_t off = 0, end = rd->res.image_bytes;
	struct outback ob = {-1, NULL};
	bool check_out = strcmp(rd->out, "-") != 0;
	double t0 = stk_now();
	size_t i = 0;
	int rc = 0;

	if (!rd->res.direct)
		drop_cache(rd->fd, rd->blockdev);
	if (check_out) {
		rc = out_open(ctx, rd, &ob);
		if (rc)
			return rc;
	}
	while (off < end && !rc) {
		size_t len = end - off < READ_CHUNK_BYTES ? (size_t)(end - off)
							  : READ_CHUNK_BYTES;

		rc = read_chunk(ctx, rd, buf, off, len, true);
		if (rc)
			break;
		if (manifest_hash(buf, len) != rd->hash[i]) {
			rc = stk_seterr(
				ctx, -EBADMSG,
				"'%s' read differently the second time, in the MiB at byte %" PRIu64,
				rd->source, off);
			break;
		}
		if (check_out) {
			rc = out_read(ctx, rd, &ob, buf, len, off);
			if (!rc && manifest_hash(buf, len) != rd->hash[i])
				rc = stk_seterr(
					ctx, -EBADMSG,
					"'%s' differs from the source in the MiB at byte %" PRIu64,
					rd->out, off);
		}
		i++;
		off += len;
		if (!rc)
			rc = report(ctx, rd, STK_PHASE_VERIFY, off, t0,
				    off == end);
	}
	if (ob.fd >= 0)
		close(ob.fd);
	source_close(ob.src);
	rd->res.verify_s = stk_now() - t0;
	rd->res.out_checked = check_out && !rc;
	return rc;
}

/* OUT.badsectors: one line per zero-filled sector. */
static int write_sidecar(struct stk_ctx *ctx, struct stk_reader *rd)
{
	FILE *f;
	size_t i;

	if (!rd->n_bad || !strcmp(rd->out, "-"))
		return 0;
	snprintf(rd->res.sidecar, sizeof(rd->res.sidecar), "%s.badsectors",
		 rd->out);
	f = fopen(rd->res.sidecar, "w");
	if (!f)
		return stk_seterr_errno(ctx, -errno, "cannot create '%s'",
					rd->res.sidecar);
	fprintf(f,
		"# sectors of %u bytes of '%s' that could not be read; '%s' holds zeros there\n",
		rd->res.sector_bytes, rd->source, rd->out);
	for (i = 0; i < rd->n_bad; i++)
		fprintf(f, "%" PRIu64 "\n", rd->bad[i]);
	if (fclose(f))
		return stk_seterr(ctx, -EIO, "cannot write '%s'",
				  rd->res.sidecar);
	return 0;
}

/* SHA256SUMS beside OUT gets a line for it. */
static int append_sum(struct stk_ctx *ctx, struct stk_reader *rd,
		      const char *hex)
{
	char *d = strdup(rd->out), *b = strdup(rd->out), path[STK_PATH_MAX];
	FILE *f = NULL;
	int rc = 0;

	if (!d || !b) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out;
	}
	snprintf(path, sizeof(path), "%s/SHA256SUMS", dirname(d));
	f = fopen(path, "a");
	if (!f) {
		rc = stk_seterr_errno(ctx, -errno, "cannot open '%s'", path);
		goto out;
	}
	fprintf(f, "%s  %s\n", hex, basename(b));
	if (fclose(f))
		rc = stk_seterr(ctx, -EIO, "cannot write '%s'", path);
out:
	free(d);
	free(b);
	return rc;
}

int stk_reader_run(struct stk_ctx *ctx, struct stk_reader *rd)
{
	struct sink *sk = NULL;
	uint8_t *buf = NULL;
	int fl, rc;

	if (!ctx || !rd)
		return stk_seterr(ctx, -EINVAL, "no reader to run");
	rd->n_chunks = (size_t)((rd->res.image_bytes + READ_CHUNK_BYTES - 1) /
				READ_CHUNK_BYTES);
	free(rd->hash);
	rd->hash = calloc(rd->n_chunks ? rd->n_chunks : 1, sizeof(*rd->hash));
	buf = io_alloc_aligned(READ_CHUNK_BYTES);
	if (!rd->hash || !buf) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out;
	}
	/* past the page cache from the start, where the source allows it */
	fl = fcntl(rd->fd, F_GETFL);
	rd->res.direct = fl >= 0 && fcntl(rd->fd, F_SETFL, fl | O_DIRECT) == 0;

	rc = sink_open(ctx, rd->out, rd->opt.replace, rd->res.image_bytes,
		       rd->opt.sums, &sk);
	if (rc)
		goto out;
	rc = copy(ctx, rd, sk, buf);
	if (!rc)
		rc = sink_finish(ctx, sk);
	rd->res.out_bytes = sink_file_bytes(sk);
	if (!rc && rd->opt.verify)
		rc = verify(ctx, rd, buf);
	rd->res.verify = !rd->opt.verify  ? STK_VERIFY_NOT_RUN
			 : !rc		  ? STK_VERIFY_IDENTICAL
			 : rc == -EBADMSG ? STK_VERIFY_MISMATCH
					  : STK_VERIFY_NOT_RUN;
	if (!rc)
		rc = write_sidecar(ctx, rd);
	if (!rc && rd->opt.sums && !sink_is_stdout(sk)) {
		stk_strlcpy(rd->res.sha256, sink_sha256(sk),
			    sizeof(rd->res.sha256));
		rc = append_sum(ctx, rd, rd->res.sha256);
	}
	/* from OUT as it was written: the bmap describes that */
	if (!rc && rd->opt.bmap)
		rc = bmap_write(ctx, rd->out, rd->res.bmap,
				&rd->res.bmap_mapped_bytes);
	if (rc)
		rd->res.bmap[0] = '\0';
out:
	if (rc == 0 && rd->res.n_bad)
		state(rd,
		      "made, but %" PRIu64
		      " unreadable sectors of %u bytes are zeros in it (listed in '%s')",
		      rd->res.n_bad, rd->res.sector_bytes,
		      rd->res.sidecar[0] ? rd->res.sidecar : "the result");
	else if (rc == 0)
		state(rd, "complete%s", rd->opt.verify ? ", verified" : "");
	else if (sk && !sink_is_stdout(sk))
		state(rd, "removed: no image was made");
	else if (sk)
		state(rd,
		      "standard output got %" PRIu64
		      " bytes before the failure: do not use them",
		      rd->res.out_bytes);
	else
		state(rd, "not made");
	sink_close(sk, rc != 0);
	free(buf);
	return rc;
}

const struct stk_read_result *stk_reader_result(const struct stk_reader *rd)
{
	return rd ? &rd->res : NULL;
}

void stk_reader_free(struct stk_reader *rd)
{
	if (!rd)
		return;
	if (rd->fd >= 0)
		close(rd->fd);
	free(rd->source);
	free(rd->out);
	free(rd->hash);
	free(rd->bad);
	free(rd);
}
