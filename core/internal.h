/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * internal.h - private structures and helpers shared by core/ and boot/.
 * Nothing here names a libcdio or libusb type.
 */
#ifndef STK_INTERNAL_H
#define STK_INTERNAL_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "stickler.h"

#define STK_ERRMSG_MAX	512
#define STK_LOG_RING	64
#define STK_LOG_LINE	256

#define ISO_BLOCK_BYTES	2048u
#define STK_MIB		(1024u * 1024u)

/* Debug subsystems, selected with STICKLER_DEBUG=probe,write or =all. */
#define STK_DBG_PROBE	(1u << 0)
#define STK_DBG_PART	(1u << 1)
#define STK_DBG_WRITE	(1u << 2)
#define STK_DBG_BOOT	(1u << 3)
#define STK_DBG_DEVICE	(1u << 4)
#define STK_DBG_FAT	(1u << 5)
#define STK_DBG_VERIFY	(1u << 6)
#define STK_DBG_ALL	(~0u)

struct stk_ctx {
	char		errmsg[STK_ERRMSG_MAX];
	int		errcode;
	unsigned	debug_mask;
	stk_log_fn	log_fn;
	void		*log_data;
	stk_progress_fn	progress_fn;
	void		*progress_data;
	/* ring of recent log lines, kept whether or not a sink is set */
	char		ring[STK_LOG_RING][STK_LOG_LINE];
	unsigned	ring_next;	/* index of the slot written next */
	unsigned	ring_count;
};

/*
 * stk_seterr - record the one message for a failure and return @rc, so it
 * can be the return expression. Lower case, no final full stop, subject in
 * single quotes: stk_seterr(ctx, -errno, "cannot open '%s'", path).
 */
int stk_seterr(struct stk_ctx *ctx, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void stk_log(struct stk_ctx *ctx, enum stk_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Calls the progress callback; -ECANCELED (with a message) if it says stop. */
int stk_report(struct stk_ctx *ctx, enum stk_phase phase, uint64_t done,
	       uint64_t total, double elapsed_s, const char *item);

/* The format must be a string literal: it is glued to the subsystem name. */
#define DBG(ctx, mask, ...)						\
	do {								\
		if ((ctx)->debug_mask & STK_DBG_##mask)			\
			stk_log(ctx, STK_LOG_DEBUG, #mask ": " __VA_ARGS__); \
	} while (0)

unsigned stk_debug_parse(const char *spec);

/* libcdio's handler (iso.c): set while a ctx lives. */
void iso_init_logging(struct stk_ctx *ctx);

/* Monotonic seconds. */
double stk_now(void);

/* ---- byte order --------------------------------------------------------- */

static inline uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

/* Declares a field covering spec bytes FIRST..LAST (1-based, inclusive). */
#define SPAN(first, last) [(last) - (first) + 1]

/* Bounded copy that always terminates; returns strlen of the result. */
size_t stk_strlcpy(char *dst, const char *src, size_t size);

/* ---- io.c --------------------------------------------------------------- */

/* Full-length pread/pwrite; retry on EINTR and short transfers.
 * Return 0 or -errno; a read past the end gives -ENODATA. */
int io_pread_full(int fd, void *buf, size_t len, uint64_t off);
int io_pwrite_full(int fd, const void *buf, size_t len, uint64_t off);

/* Buffer aligned for O_DIRECT (4096); free with free(). NULL on ENOMEM. */
void *io_alloc_aligned(size_t len);

/* ---- image and probe (issue 2): iso.c eltorito.c disklabel.c probe.c -- */

#include <time.h>

struct iso;

/* An opened image (image.c). The report is filled by probe_image(). */
struct stk_image {
	char		*path;		/* as given to stk_image_open() */
	int		fd;		/* read-only, O_CLOEXEC */
	uint64_t	file_bytes;	/* size of the file (or device) */
	struct iso	*iso;		/* tree reader, NULL unless ISO 9660 */
	bool		head_only;	/* raw: the tree is not walked */
	struct stk_report report;
};

/* Fills img->report (and img->iso) from img->fd; reads metadata only. */
int probe_image(struct stk_ctx *ctx, struct stk_image *img);
/* Applies the verdict rules to a filled report (verdict.c, pure). */
void verdict_decide(struct stk_report *r);
/* Appends a reason sentence to the report (bounded, silently drops extras). */
void verdict_add_reason(struct stk_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * iso.c: the ISO 9660 tree through libiso9660. Names are the best ones the
 * image has: Rock Ridge, else Joliet, else ISO 9660 with ";1" and a
 * trailing "." removed (case kept). Paths start with "/"; the root is "/".
 */
struct iso_extent {
	uint32_t	lba;		/* 2048-byte blocks */
	uint64_t	bytes;
};

#define ISO_MAX_EXTENTS	8

struct iso_entry {
	const char	*path;		/* "/isolinux/isolinux.bin" */
	const char	*name;		/* "isolinux.bin" */
	bool		is_dir;
	bool		is_symlink;	/* Rock Ridge symlink */
	const char	*link_target;	/* "" unless is_symlink */
	uint64_t	size_bytes;	/* all extents together */
	uint32_t	lba;		/* first extent, 2048-byte blocks */
	bool		multi_extent;	/* more than one extent */
	int		n_extents;	/* entries in @extent; a file of more
					 * than ISO_MAX_EXTENTS keeps the first
					 * ones (size_bytes counts all) */
	struct iso_extent extent[ISO_MAX_EXTENTS];
	time_t		mtime;		/* Rock Ridge's, else the record's */
	uint32_t	mode;		/* Rock Ridge st_mode, 0 without it */
	int		depth;		/* 0 for the entries of the root */
	const char	*unread;	/* why the walk could not read it (a
					 * directory not entered, a name FAT
					 * cannot hold), else NULL */
};

/* What iso_walk()'s callback returns besides 0 (go on) and -errno (stop). */
#define ISO_WALK_SKIP	1	/* do not descend into this directory */

/* @e and its strings are valid only during the call. */
typedef int (*iso_walk_fn)(const struct iso_entry *e, void *data);

/*
 * iso_open - open the ISO 9660 file system of the image file at @path.
 * Prefers Rock Ridge names, then Joliet. Fails with -EINVAL (and a
 * message) when there is no readable ISO 9660 volume. Free with iso_close().
 */
int iso_open(struct stk_ctx *ctx, const char *path, struct iso **iso);
void iso_close(struct iso *iso);		/* NULL is fine */
bool iso_has_rock_ridge(const struct iso *iso);
uint8_t iso_joliet_level(const struct iso *iso);

/*
 * iso_walk - call @fn for every entry, depth first, a directory before its
 * contents, in directory order. Directories deeper than 64 levels, loops,
 * directories that cannot be read and names no file system can hold are
 * reported with e->unread set (and not entered). Returns 0, or the first
 * negative value of @fn.
 */
int iso_walk(struct stk_ctx *ctx, struct iso *iso, iso_walk_fn fn, void *data);

/*
 * iso_lookup - find @path (exact names first, then ignoring case per
 * component). Returns 0 and fills @out, -ENOENT when absent. The strings
 * in @out stay valid until the next iso_lookup() or iso_close() on @iso.
 */
int iso_lookup(struct stk_ctx *ctx, struct iso *iso, const char *path,
	       struct iso_entry *out);

/*
 * iso_read_file - read the whole file @path (at most @max_bytes, else
 * -EFBIG) into a new buffer with a NUL byte after the data. The caller frees
 * *@data with free().
 */
int iso_read_file(struct stk_ctx *ctx, struct iso *iso, const char *path,
		  size_t max_bytes, uint8_t **data, size_t *len_bytes);

/* Reads @n 2048-byte blocks at @lba of the ISO. */
int iso_read_blocks(struct stk_ctx *ctx, struct iso *iso, uint32_t lba,
		    void *buf, uint32_t n);

/* ---- eltorito.c: El Torito boot record and catalog, pure ---------------- */

#define ELTORITO_PLATFORM_X86	0x00
#define ELTORITO_PLATFORM_PPC	0x01
#define ELTORITO_PLATFORM_MAC	0x02
#define ELTORITO_PLATFORM_EFI	0xef

struct eltorito_entry {
	uint8_t		platform_id;	/* of the section (or validation entry) */
	bool		bootable;	/* boot indicator 0x88 */
	uint8_t		media;		/* low nibble: 0 none, 1-3 floppy, 4 hd */
	uint16_t	load_segment;
	uint8_t		system_type;
	uint16_t	sector_count;	/* 512-byte virtual sectors */
	uint32_t	load_lba;	/* 2048-byte blocks */
	bool		in_section;	/* false for the default entry */
	const char	*problem;	/* static reason or NULL */
};

struct eltorito_info {
	int		n_entries;
	struct eltorito_entry entry[STK_MAX_BOOT_ENTRIES];
	char		id[25];		/* validation entry id string */
};

/* True when @vd is a boot record volume descriptor naming El Torito. */
bool eltorito_is_boot_record(const uint8_t vd[ISO_BLOCK_BYTES],
			     uint32_t *catalog_lba);

/*
 * eltorito_parse_catalog - parse a boot catalog of @len bytes. Entries that
 * load past @image_bytes (0: unknown) get a problem. Returns NULL when the
 * catalog is sound, else why not; @out keeps the entries read before the
 * fault.
 */
const char *eltorito_parse_catalog(const uint8_t *buf, size_t len,
				   uint64_t image_bytes,
				   struct eltorito_info *out);

enum stk_platform eltorito_platform(uint8_t platform_id);
enum stk_emulation eltorito_emulation(uint8_t media);

/* ---- disklabel.c: MBR, GPT, Apple partition map, pure ------------------- */

struct mbr_info {
	bool		signature;	/* 55 aa at 510 */
	bool		boot_code;	/* code in bytes 0..439 */
	bool		protective;	/* one 0xee entry */
	int		n_parts;
	struct stk_mbr_part part[4];
};

/* Returns NULL when @sec holds an MBR, else why not; @out filled anyway. */
const char *mbr_parse(const uint8_t sec[512], struct mbr_info *out);

struct gpt_header {
	uint32_t	sector_bytes;
	uint64_t	my_lba;
	uint64_t	alt_lba;
	uint64_t	first_usable;
	uint64_t	last_usable;
	uint64_t	entries_lba;
	uint32_t	n_entries;
	uint32_t	entry_bytes;
	uint32_t	entries_crc;
};

/* The CRC-32 of GPT (IEEE 802.3, reflected, as zlib's crc32()). */
uint32_t gpt_crc32(const uint8_t *buf, size_t len);

/*
 * gpt_parse_header - @sec is one sector of @sector_bytes read at LBA 1.
 * Returns NULL when it is a sound GPT header, else why not.
 */
const char *gpt_parse_header(const uint8_t *sec, uint32_t sector_bytes,
			     struct gpt_header *out);

/*
 * gpt_parse_entries - the partition entry array (@len bytes, from
 * @h->entries_lba). Checks its CRC; fills at most @max used entries.
 */
const char *gpt_parse_entries(const uint8_t *buf, size_t len,
			      const struct gpt_header *h,
			      struct stk_gpt_part *parts, int max, int *n);

/* "EFI System", "Basic Data", ... or "" for a type GUID string. */
const char *gpt_type_name(const char *guid);

/* True when an Apple partition map starts in @buf (>= 4096 bytes). */
bool apm_present(const uint8_t *buf, size_t len);


/* end of the probe section */

/* ---- source, map, write, verify (issue 3) ------------------------------ */

/*
 * source.c - an image opened for sequential reading. Plain files and
 * gzip, xz, zstd and bzip2 streams (detected by magic bytes, never by the
 * name) read the same way; decompression happens on the fly.
 */
struct source;

#define SOURCE_PEEK_BYTES	STK_MIB	/* what the probe looks at */

/*
 * source_open - open @path read-only and detect its compression.
 * Fails with a message for a missing file, a directory or an unreadable
 * file. Free with source_close().
 */
int source_open(struct stk_ctx *ctx, const char *path, struct source **out);
void source_close(struct source *src);		/* NULL is fine */

enum stk_compression source_compression(const struct source *src);
/* The compression a buffer's first bytes announce (magic numbers). */
enum stk_compression source_detect(const uint8_t *buf, size_t len);
uint64_t source_file_bytes(const struct source *src);	/* on disk */

/*
 * source_size_bytes - the decompressed size when it is known before
 * reading: the file size for plain files, the index of an xz stream, the
 * frame headers of zstd. 0 when the format does not record it (gzip
 * records it only modulo 4 GiB, bzip2 not at all): the caller must then
 * stream and stop cleanly at the end of the target.
 */
uint64_t source_size_bytes(const struct source *src);

/*
 * source_read - the next bytes of the (decompressed) image, in order.
 * *@got < @len only at the end of the image. A truncated or corrupt
 * compressed stream fails with -EINVAL and a message naming the offset.
 * The only call that may run on a reader thread: on failure it writes its
 * message into @ctx, so that thread passes a context of its own.
 */
int source_read(struct stk_ctx *ctx, struct source *src, void *buf,
		size_t len, size_t *got);

/* source_rewind - start reading again from byte 0 of the image. */
int source_rewind(struct stk_ctx *ctx, struct source *src);

/* Bytes of the image returned so far by source_read(). */
uint64_t source_tell(const struct source *src);

/*
 * source_peek - open @path, read up to @len bytes from the start of the
 * decompressed image into @buf (the probe uses SOURCE_PEEK_BYTES), and
 * close it. *@got is the count read, *@comp the compression and
 * *@size_bytes as source_size_bytes() (any out pointer may be NULL).
 */
int source_peek(struct stk_ctx *ctx, const char *path, void *buf, size_t len,
		size_t *got, enum stk_compression *comp, uint64_t *size_bytes);

/*
 * map.c - the image map: ordered, non-overlapping extents that together
 * describe every byte written to the target, in both modes. Raw mode is
 * one STREAM extent; ISO mode maps FILE ranges of the ISO, SHADOW data
 * ranges and ZERO runs. The writer and the verifier take a map.
 */
enum map_src {
	MAP_SRC_STREAM,	/* the image stream, read in order (maybe compressed) */
	MAP_SRC_FILE,	/* pread(map->file_fd) at src_off: the ISO */
	MAP_SRC_SHADOW,	/* pread(map->shadow_fd) at src_off */
	MAP_SRC_ZERO,	/* zeros; src_off unused */
};

struct map_extent {
	uint64_t	off;		/* target byte offset */
	uint64_t	len;		/* bytes */
	enum map_src	src;
	uint64_t	src_off;	/* byte offset in the source */
	bool		open_end;	/* STREAM only: ends where the stream
					 * ends, at most @len bytes */
	uint32_t	check;		/* non-zero: map->check_fn sees every
					 * byte read (a checksummed range) */
	bool		skip_zeros;	/* all-zero MiBs are not written */
};

/* Called by the reader with each piece of an extent that has @check set,
 * in order; non-zero stops the write. */
typedef int (*map_check_fn)(struct stk_ctx *ctx, void *arg,
			    const struct map_extent *e, uint64_t pos,
			    const void *buf, size_t len);

struct map {
	struct map_extent *ext;		/* sorted by off after map_finish() */
	size_t		n;
	size_t		cap;
	uint64_t	target_bytes;	/* 0: a file target that grows */
	bool		finished;
	struct source	*stream;	/* for STREAM extents; not owned */
	int		file_fd;	/* for FILE extents; not owned, or -1 */
	int		shadow_fd;	/* for SHADOW extents; not owned, or -1 */
	map_check_fn	check_fn;	/* for extents with @check */
	void		*check_arg;
};

/*
 * map_new - an empty map for a target of @target_bytes (0 for a file target
 * that takes the size of what is written). Sources are set by the caller
 * on the struct (stream, file_fd, shadow_fd). Free with map_free(), which
 * closes nothing.
 */
int map_new(struct stk_ctx *ctx, uint64_t target_bytes, struct map **out);
void map_free(struct map *map);			/* NULL is fine */

/*
 * map_add - append an extent. Order does not matter (map_finish() sorts);
 * STREAM extents must follow the stream's order: their src_off grows with
 * their target offset. Zero-length extents are ignored. -EINVAL for a
 * STREAM @open_end extent that is not the last STREAM extent (found by
 * map_finish()).
 */
int map_add(struct stk_ctx *ctx, struct map *map, uint64_t off, uint64_t len,
	    enum map_src src, uint64_t src_off);
/* As map_add() for the one raw extent whose length is not known. */
int map_add_open(struct stk_ctx *ctx, struct map *map, uint64_t off,
		 uint64_t max_len);

/*
 * map_finish - sort, reject overlaps (-EINVAL naming both extents), reject
 * extents past the target (-ENOSPC), check STREAM order, zero the first
 * and last MiB of the target where no extent covers them (map_zero_edges),
 * and merge neighbours that continue each other. Call once, before
 * writing; the map is read-only afterwards.
 */
int map_finish(struct stk_ctx *ctx, struct map *map);

/* Adds ZERO extents over the uncovered parts of the first and last MiB. */
int map_zero_edges(struct stk_ctx *ctx, struct map *map);

/* True when every byte of [off, off + len) is covered by some extent. */
bool map_covers(const struct map *map, uint64_t off, uint64_t len);

/* Sum of the extent lengths: the bytes the writer will write. */
uint64_t map_data_bytes(const struct map *map);

/* End of the last extent (the highest byte written + 1). */
uint64_t map_end(const struct map *map);

/*
 * manifest.c - a fast hash (xxh3-64) of every chunk the writer wrote, so
 * the verifier compares hashes instead of re-reading the source.
 */
struct manifest_chunk {
	uint64_t	off;		/* target byte offset */
	uint32_t	len;		/* bytes, at most WRITE_CHUNK_BYTES */
	uint64_t	hash;		/* xxh3-64 of the bytes */
};

struct manifest {
	struct manifest_chunk *chunk;	/* in the order written */
	size_t		n;
	size_t		cap;
};

uint64_t manifest_hash(const void *buf, size_t len);
/* The same hash of a chunk read in pieces (verify reads small pieces). */
struct manifest_hasher;
struct manifest_hasher *manifest_hasher_new(void);	/* NULL: ENOMEM */
void manifest_hasher_reset(struct manifest_hasher *h);
void manifest_hasher_add(struct manifest_hasher *h, const void *buf,
			 size_t len);
uint64_t manifest_hasher_value(const struct manifest_hasher *h);
void manifest_hasher_free(struct manifest_hasher *h);
int manifest_add(struct manifest *mf, uint64_t off, uint32_t len,
		 uint64_t hash);			/* 0 or -ENOMEM */
void manifest_sort(struct manifest *mf);		/* by offset */
void manifest_clear(struct manifest *mf);		/* frees the array */

/*
 * target.c - the opened target: a regular file (created or sized) or a
 * whole block device (exclusive open, sector size from BLKSSZGET).
 */
struct target {
	char		*path;
	int		fd;
	bool		is_blockdev;
	bool		direct;		/* fd has O_DIRECT */
	bool		created;	/* a file target that did not exist */
	uint64_t	size_bytes;	/* device size, or the file's size */
	uint32_t	sector_bytes;	/* logical sector: 512 or 4096 */
	uint64_t	dev;		/* st_rdev of a block device */
};

/* Flags of target_open(). */
#define TARGET_WRITE		(1u << 0)	/* else read only (verify) */
#define TARGET_ANY_DEVICE	(1u << 1)	/* accept any block device */
#define TARGET_CREATE		(1u << 2)	/* create a missing file */
#define TARGET_UNMOUNT		(1u << 3)	/* unmount its partitions */
#define TARGET_DRY_RUN		(1u << 4)	/* only check (plan): accept
						 * what UNMOUNT would fix */

/*
 * target_open - open @path for writing (TARGET_WRITE) or for reading back.
 * A regular file is created if missing (TARGET_CREATE) and, with
 * @size_bytes != 0, grown or cut to that size. A block device must pass
 * target_check() (for writing) and is opened exclusively. @image_path is
 * the source, so the disk holding it is refused. Free with target_close().
 */
int target_open(struct stk_ctx *ctx, const char *path, const char *image_path,
		unsigned flags, uint64_t size_bytes, struct target **out);
void target_close(struct target *tg);		/* NULL is fine */

/*
 * target_check - may the block device @path be written? The one place
 * that asks the device layer (stk_device_check_path(): mounted, swap,
 * holders, the source's disk, USB/MMC unless TARGET_ANY_DEVICE, write
 * protection; unmounting with TARGET_UNMOUNT). 0 or -errno with a message.
 */
int target_check(struct stk_ctx *ctx, const char *path, const char *image_path,
		 unsigned flags);

/*
 * target_resolve - "usb:SERIAL" becomes the stick's "/dev/sdX" in place
 * (*@path is malloc'd); a path under /dev that does not exist is refused
 * (-ENODEV), so a mistyped or pulled device never becomes a file in /dev.
 */
int target_resolve(struct stk_ctx *ctx, char **path);

/* Turn O_DIRECT on or off on the target's fd (unaligned pieces, fallback). */
int target_set_direct(struct target *tg, bool on);

/*
 * write.c - the streaming writer. A reader thread fills aligned buffers of
 * WRITE_CHUNK_BYTES from the map's sources (pread, decompression) and
 * hashes them; the caller's thread writes them (O_DIRECT where the target
 * allows it, else buffered with periodic fdatasync and
 * POSIX_FADV_DONTNEED). The first MiB of the target is written last.
 */
#define WRITE_CHUNK_BYTES	(4u * STK_MIB)
#define WRITE_QUEUE_DEPTH	4
#define WRITE_FAN_DEPTH		6	/* several targets: each may run this
					 * many chunks ahead of the slowest */
#define WRITE_SYNC_BYTES	(32ull * STK_MIB)	/* buffered mode */

struct write_stats {
	uint64_t	bytes_written;	/* all extents, zeros included */
	uint64_t	stream_bytes;	/* bytes the image stream gave */
	uint64_t	fail_off;	/* offset of a failed write, else 0 */
	uint64_t	bytes_skipped;	/* all-zero MiBs of skip_zeros extents */
	bool		head_written;	/* the first MiB is on the target */
	bool		labels_cleared;	/* old boot sector, GPTs wiped */
	bool		direct;		/* O_DIRECT was used throughout */
	double		seconds;
};

/*
 * write_map - write every extent of a finished @map to @tg, recording each
 * chunk in @mf. Progress goes to the context's callback (phase WRITE).
 * Return: 0, -ECANCELED, -ENOSPC when an open-ended stream is longer than
 * the target, -EIO (message names the offset), -ENODEV when the device
 * vanished. @st is filled in every case.
 */
int write_map(struct stk_ctx *ctx, struct map *map, struct target *tg,
	      struct manifest *mf, struct write_stats *st);

/*
 * write_map() for N targets from one reader: write_fan_start() starts the
 * reader with one ring of chunks that every target sees;
 * write_fan_target() is target @idx's whole write (call it from one
 * thread per target, each with its own @ctx); a failing target leaves the
 * ring and the others go on. write_fan_finish() stops the reader, waits
 * for it and frees the fan (NULL is fine).
 */
struct write_fan;
int write_fan_start(struct stk_ctx *ctx, struct map *map, unsigned n_targets,
		    struct write_fan **fan);
int write_fan_target(struct stk_ctx *ctx, struct write_fan *fan, unsigned idx,
		     struct target *tg, struct manifest *mf,
		     struct write_stats *st);
int write_fan_finish(struct stk_ctx *ctx, struct write_fan *fan);

/*
 * map_read - fill @buf with target bytes [off, off + len) as the map
 * describes them (zeros where no extent is). STREAM extents are read by
 * rewinding and skipping, so callers go in increasing order. *@got < @len
 * only where an open-ended stream extent ended.
 */
int map_read(struct stk_ctx *ctx, struct map *map, uint64_t off, void *buf,
	     size_t len, size_t *got);

/*
 * A bounded queue of aligned buffers between one producer thread and one
 * or more consumers (ring.c); the writer and the verifier both use it.
 * The producer reports failures in its own context (@pctx), copied to the
 * caller's by ring_finish().
 */
struct ring_slot {
	uint8_t		*buf;		/* io_alloc_aligned(@cap) */
	size_t		cap;
	uint64_t	off;		/* target offset of the data */
	size_t		len;		/* bytes of data */
	size_t		skip;		/* data starts at buf + skip */
	uint64_t	hash;		/* set by a producer that hashes */
	bool		short_read;	/* the target ended before @len */
};

struct ring;
typedef int (*ring_produce_fn)(struct ring *r, struct stk_ctx *pctx,
			       void *arg);

/* One consumer, WRITE_QUEUE_DEPTH slots of @buf_bytes. */
int ring_start(struct stk_ctx *ctx, size_t buf_bytes, ring_produce_fn fn,
	       void *arg, struct ring **out);
/*
 * @n_cons consumers (numbered from 0), each seeing every slot; a slot is
 * refilled once every consumer still in the ring released it.
 */
int ring_start_shared(struct stk_ctx *ctx, size_t buf_bytes, unsigned depth,
		      unsigned n_cons, ring_produce_fn fn, void *arg,
		      struct ring **out);
/* Producer: a free slot to fill, or NULL when told to stop. */
struct ring_slot *ring_claim(struct ring *r);
/* Producer: hand the claimed slot to the consumer. */
void ring_push(struct ring *r);
/*
 * Consumer: the next filled slot in *@slot (0), 1 at the end, -ETIMEDOUT
 * after @timeout_ms with nothing, or the producer's error.
 */
int ring_pop(struct ring *r, struct ring_slot **slot, int timeout_ms);
/* Consumer: done with the slot ring_pop() gave. */
void ring_release(struct ring *r);
/* ring_pop() and ring_release() for consumer @cons of a shared ring. */
int ring_pop_for(struct ring *r, unsigned cons, struct ring_slot **slot,
		 int timeout_ms);
void ring_release_for(struct ring *r, unsigned cons);
/* Consumer @cons reads no more; when none is left the producer stops. */
void ring_leave(struct ring *r, unsigned cons);
/* A producer that failed: its message into @ctx, its code (else 0). */
int ring_error(struct stk_ctx *ctx, struct ring *r);
/*
 * Stop the producer, wait for it and free the ring. When the producer
 * failed, its message is recorded in @ctx; returns its code (or 0).
 */
int ring_finish(struct stk_ctx *ctx, struct ring *r);

/* Does every I/O on the target fail (or is its node gone)? */
bool target_is_gone(struct target *tg);

/*
 * verify.c - read the target back bypassing the page cache (O_DIRECT, else
 * BLKFLSBUF / fdatasync + POSIX_FADV_DONTNEED) and compare.
 */
enum verify_outcome {
	VERIFY_IDENTICAL,
	VERIFY_MISMATCH,	/* -EBADMSG */
	VERIFY_READ_ERROR,	/* -EIO */
	VERIFY_VANISHED,	/* -ENODEV */
};

struct verify_stats {
	enum verify_outcome outcome;
	uint64_t	bytes_read;
	uint64_t	first_bad_sector;	/* target logical sectors */
	uint64_t	bad_sectors;
	uint64_t	error_off;		/* read error / vanish offset */
	double		seconds;
};

/*
 * verify_manifest - read every chunk of @mf back from @tg and compare its
 * hash; on a difference re-read the source through @map to name the first
 * differing sector and count the differing ones.
 * Return: 0 identical, -EBADMSG, -EIO, -ENODEV, -ECANCELED.
 */
int verify_manifest(struct stk_ctx *ctx, struct map *map,
		    const struct manifest *mf, struct target *tg,
		    struct verify_stats *vs);

/*
 * verify_map - compare the target with what @map describes, without a
 * manifest (`stickler verify IMAGE TARGET`): the source is streamed once.
 */
int verify_map(struct stk_ctx *ctx, struct map *map, struct target *tg,
	       struct verify_stats *vs);

/*
 * plan.c, run.c - a plan holds the decisions stk_plan_new() made; only
 * stk_plan_run() acts on them.
 */
struct stk_plan {
	const struct stk_image *img;	/* not owned; outlives the plan */
	char		*image_path;
	char		*target_path;
	char		*label;		/* owned copy of opt.label */
	char		*bmap_path;	/* owned copy of opt.bmap_path */
	struct stk_options opt;
	enum stk_mode	mode;		/* never AUTO */
	enum stk_compression comp;
	uint64_t	image_bytes;	/* decompressed; 0 if not recorded */
	bool		target_new;	/* a file that does not exist yet */
	bool		target_blockdev;
	uint64_t	target_bytes;	/* device size or file size to make;
					 * 0: a file that takes the image's */
	uint32_t	sector_bytes;
	struct stk_result result;
	struct compose	*compose;	/* ISO mode: shadow and map (#4) */
	struct sparse	*sparse;	/* raw: what of the image is written,
					 * or NULL for all of it */
	struct stk_device *target_dev;	/* the disk as planned, compared by
					 * the run (#5); NULL for files */
	struct stk_plan	**peer;		/* the other targets (fanout.h) */
	size_t		n_peers;
};

/* "631 MiB", "8.0 GiB". */
void plan_size_words(uint64_t bytes, char *buf, size_t len);

/* end of the write engine section */

/* ---- FAT32 builder and reader (issue 4): fat.c fatread.c --------------- */

/*
 * The builder (fattree.c, fat.c, fatname.c, fatlayout.c) makes a FAT32
 * file system for a tree the caller describes, independent of where the
 * tree comes from. Flow:
 *
 *   fat_tree_new() -> fat_tree_add_dir() / fat_tree_add_file() ...
 *   -> fat_build(tree, params, shadow fd) -> struct fat_layout
 *   -> the caller streams each layout->files[i] to its target offset
 *   -> fat_layout_free(), fat_tree_free()
 *
 * fat_build() pwrite()s all metadata (reserved sectors with boot sector,
 * FSInfo and their backups at sector 6, both FATs, every directory
 * cluster) and the bytes of in-memory files into the shadow fd at target
 * offsets (partition offset included), and lists them as must-write
 * regions. File data is laid out in contiguous clusters in ascending
 * `order`, after all directories; clusters after the last file are free.
 */

#define FAT_NAME_UNITS		255	/* UTF-16 units in a long name */
#define FAT_LABEL_CHARS		11
#define FAT_MIN_CLUSTERS	65525u	/* fewer makes it FAT16 (fatgen103) */
#define FAT_MAX_FILE_BYTES	0xffffffffull

struct fat_tree;			/* opaque; fat_tree_free() */
struct fat_node;			/* a directory or a file of a tree */

struct fat_file_spec {
	const char	*name;		/* UTF-8, one path component */
	uint64_t	size_bytes;	/* < 4 GiB */
	int64_t		mtime;		/* Unix seconds, stored as UTC */
	uint64_t	order;		/* data in ascending order; ties: call
					 * order (give the ISO extent LBA) */
	const void	*data;		/* NULL: the caller streams the bytes;
					 * else size_bytes bytes, copied now and
					 * written into the shadow by fat_build */
	void		*opaque;	/* handed back in struct fat_file_extent */
};

/* New empty tree (a root directory); free with fat_tree_free(). */
int fat_tree_new(struct stk_ctx *ctx, struct fat_tree **out);
void fat_tree_free(struct fat_tree *tree);
/* The root directory; owned by @tree. */
struct fat_node *fat_tree_root(struct fat_tree *tree);

/*
 * Add a directory or a file under @parent (a directory of @tree). Names
 * FAT cannot hold are refused with -EINVAL and a message naming them:
 * invalid UTF-8, control characters, " * / : < > ? \ |, "." and "..",
 * a trailing dot or space (FAT would drop it), more than 255 UTF-16
 * units, or a name already in @parent (exactly, or equal when upper-cased,
 * as FAT compares names). A file of 4 GiB or more gives -ENOTSUP.
 * *out (may be NULL) gets the node, owned by @tree.
 */
int fat_tree_add_dir(struct stk_ctx *ctx, struct fat_tree *tree,
		     struct fat_node *parent, const char *name, int64_t mtime,
		     struct fat_node **out);
int fat_tree_add_file(struct stk_ctx *ctx, struct fat_tree *tree,
		      struct fat_node *parent, const struct fat_file_spec *spec,
		      struct fat_node **out);
/* Find a child of @dir by name as FAT does (case-insensitive); or NULL. */
struct fat_node *fat_tree_lookup(struct fat_node *dir, const char *name);

struct fat_params {
	uint64_t	part_offset_bytes;	/* partition start on the target */
	uint64_t	part_size_bytes;
	unsigned	sector_bytes;		/* 512 or 4096; 0 means 512 */
	unsigned	cluster_bytes;		/* 0: chosen from the size */
	const char	*label;			/* FAT-legal (fat_label_check),
						 * NULL or "" for no label */
	uint32_t	serial;			/* volume id */
	int64_t		mtime;			/* label entry and root time */
};

enum fat_region_kind {
	FAT_REGION_RESERVED,		/* boot sectors, FSInfo, backups */
	FAT_REGION_FAT,			/* one FAT copy */
	FAT_REGION_DIR,			/* directory clusters */
	FAT_REGION_DATA,		/* clusters of in-memory files */
};

struct fat_region {
	uint64_t		offset_bytes;	/* on the target */
	uint64_t		length_bytes;
	enum fat_region_kind	kind;
};

struct fat_file_extent {
	uint64_t	offset_bytes;	/* on the target */
	uint64_t	length_bytes;	/* the file size, > 0 */
	void		*opaque;	/* from struct fat_file_spec */
	const struct fat_node *node;
};

struct fat_layout {
	/* must-write regions, ascending, adjacent ones of a kind merged */
	struct fat_region	*regions;
	size_t			n_regions;
	/* streamed files (data == NULL, size > 0) in layout order */
	struct fat_file_extent	*files;
	size_t			n_files;
	/* geometry, for the plan and for tests */
	unsigned	sector_bytes;
	unsigned	cluster_bytes;
	uint32_t	reserved_sectors;
	uint32_t	fat_sectors;		/* of one FAT */
	uint32_t	n_clusters;		/* data clusters, from 2 */
	uint32_t	free_clusters;
	uint32_t	next_free_cluster;	/* first free cluster */
	uint64_t	data_offset_bytes;	/* cluster 2, on the target */
	uint64_t	used_bytes;		/* cluster 2 .. last used */
};

/*
 * fat_build - lay @tree out in a FAT32 file system described by @p and
 * write its metadata into @fd (the shadow; fd < 0 only computes the
 * layout). -ENOSPC when the files do not fit, -EINVAL for a partition too
 * small for FAT32 or a bad label. *out is freed with fat_layout_free().
 * Nodes in the layout point into @tree: keep it until the layout is freed.
 * It may run more than once on one tree (fd < 0 to plan, then with the
 * shadow) and gives the same layout for the same tree and parameters.
 */
int fat_build(struct stk_ctx *ctx, struct fat_tree *tree,
	      const struct fat_params *p, int fd, struct fat_layout **out);
void fat_layout_free(struct fat_layout *layout);

/*
 * fat_sync_backup - copy the boot sector of the FAT32 at
 * @part_offset_bytes of @fd to its backup (sector 6). For after a tool
 * that rewrites sector 0 only (syslinux --install), so that fsck.fat
 * finds no difference between the two.
 */
int fat_sync_backup(struct stk_ctx *ctx, int fd, uint64_t part_offset_bytes);

/* Cluster size in bytes Microsoft's FAT32 table gives a partition size,
 * at least one sector; 0 when FAT32 is impossible for that size. */
unsigned fat_cluster_bytes_for(uint64_t part_size_bytes, unsigned sector_bytes);

/* NULL when @label is a legal FAT volume label, else why not. */
const char *fat_label_check(const char *label);
/* A legal label from any text (an ISO volume id): upper case, illegal
 * characters become '_', cut to 11 characters and trailing blanks. */
void fat_label_make(const char *in, char out[FAT_LABEL_CHARS + 1]);

/* ---- fatname.c: names (used by fat.c and fatread.c, unit-tested) */

/* UTF-8 -> UTF-16 for a FAT long name; NULL if legal, else the reason.
 * *n_units gets the length. */
const char *fatname_from_utf8(const char *name, uint16_t *u16,
			      size_t *n_units);
/* UTF-16 -> UTF-8 (NUL-terminated, at most @size bytes with the NUL). */
size_t fatname_to_utf8(const uint16_t *u16, size_t n, char *out, size_t size);
/* Checksum of an 11-byte short name, stored in each LFN entry. */
uint8_t fatname_checksum(const uint8_t sfn[11]);
/* Upper-case one UTF-16 unit as FAT compares names (ASCII, Latin-1,
 * Greek, Cyrillic; others unchanged). */
uint16_t fatname_upper(uint16_t c);

enum fatname_kind {
	FATNAME_EXACT,		/* a valid 8.3 name: no LFN entries */
	FATNAME_BASIS,		/* LFN needed; basis usable if unique */
	FATNAME_TAIL,		/* LFN needed; basis needs a ~N tail */
};

#define FATNAME_LOWER_BASE	0x08	/* NT case bits, entry byte 12 */
#define FATNAME_LOWER_EXT	0x10

/*
 * Short name (space-padded 8+3 bytes) of a long name, after fatgen103's
 * basis-name algorithm with '_' for characters outside ASCII. For
 * FATNAME_EXACT, *case_bits gets the NT lower-case flags (else 0).
 */
enum fatname_kind fatname_short(const uint16_t *u16, size_t n,
				uint8_t sfn[11], uint8_t *case_bits);
/* Put the numeric tail ~N on a basis name (N >= 1). */
void fatname_tail(const uint8_t basis[11], unsigned n, uint8_t sfn[11]);
/* Short name as UTF-16 ("readme.txt" with case bits), bytes 0x80..0xff
 * read as code page 850; returns the length. */
size_t fatname_short_u16(const uint8_t sfn[11], uint8_t case_bits,
			 uint16_t out[12]);
/* Short name as ASCII text ("README.TXT"; '_' for other bytes). */
void fatname_short_text(const uint8_t sfn[11], uint8_t case_bits,
			char out[13]);

/* ---- fatread.c: read FAT12/16/32 held in a file at an offset */

struct fat_reader;

struct fat_dirent {
	char		name[FAT_NAME_UNITS * 3 + 1];	/* UTF-8 */
	char		short_name[13];
	bool		is_dir;
	uint32_t	size_bytes;
	uint32_t	first_cluster;
	int64_t		mtime;		/* Unix seconds, read as UTC */
};

/* Return 0 to go on, non-zero to stop the listing with that value. */
typedef int (*fat_dirent_fn)(const struct fat_dirent *e, void *data);

/*
 * fat_open - read the boot sector and FAT of a FAT12/16/32 file system
 * at @offset_bytes of @fd (which stays the caller's). @size_bytes is the
 * room available there (0: unknown). Free with fat_close().
 */
int fat_open(struct stk_ctx *ctx, int fd, uint64_t offset_bytes,
	     uint64_t size_bytes, struct fat_reader **out);
void fat_close(struct fat_reader *fr);
/* FAT type (12, 16 or 32) and volume label ("" if none). */
unsigned fat_reader_type(const struct fat_reader *fr);
const char *fat_reader_label(const struct fat_reader *fr);
/* Find @path ("/" or "EFI/BOOT/BOOTX64.EFI"; case-insensitive). */
int fat_stat(struct stk_ctx *ctx, struct fat_reader *fr, const char *path,
	     struct fat_dirent *out);
/* Call @fn for each entry of directory @path ("." and ".." left out). */
int fat_list(struct stk_ctx *ctx, struct fat_reader *fr, const char *path,
	     fat_dirent_fn fn, void *data);
/* Read a whole file; *data is freed by the caller with free(). */
int fat_read_file(struct stk_ctx *ctx, struct fat_reader *fr,
		  const char *path, uint8_t **data, size_t *len);

/* Reads @len bytes at @off of what holds the file system: 0 or -errno. */
typedef int (*fat_read_fn)(struct stk_ctx *ctx, void *data, void *buf,
			   size_t len, uint64_t off);
/* fat_open() reading through @fn instead of a file descriptor. */
int fat_open_fn(struct stk_ctx *ctx, fat_read_fn fn, void *data,
		uint64_t offset_bytes, uint64_t size_bytes,
		struct fat_reader **out);
/* First cluster of the root directory (0 for the fixed FAT12/16 root). */
uint32_t fat_reader_root(const struct fat_reader *fr);
/* List the directory at @cluster (0: the FAT12/16 root). */
int fat_list_cluster(struct stk_ctx *ctx, struct fat_reader *fr,
		     uint32_t cluster, fat_dirent_fn fn, void *data);
/* A contiguous piece of a file: @off from the start of the fd/fn. */
typedef int (*fat_run_fn)(uint64_t off, uint64_t len, void *data);
/*
 * fat_chain_runs - walk the chain of a file of @size_bytes from @first,
 * calling @fn for each run of contiguous clusters. @used (of
 * fat_reader_map_bytes() bytes, zeroed by the caller, shared by every
 * file of one check) marks clusters: one that comes a second time is a
 * loop or a cross-link, -EINVAL; so is a chain shorter or longer than
 * the file.
 */
int fat_chain_runs(struct stk_ctx *ctx, struct fat_reader *fr,
		   uint32_t first, uint64_t size_bytes, uint8_t *used,
		   fat_run_fn fn, void *data);
size_t fat_reader_map_bytes(const struct fat_reader *fr);

/* end of the FAT section */

/* ---- ISO mode compose (issue 4): part.c shadow.c boot/ ------------------ */

/*
 * spawn_run - run @argv (argv[0] searched in PATH) with stdin from
 * /dev/null and @env (NULL or "NAME=value" strings, NULL-terminated) added
 * to the environment. Every line the tool prints is logged as "NAME: line"
 * (stdout at INFO, stderr at WARN). With @out, what it printed (both
 * streams, in the order read) is also returned in a new string the caller
 * frees, also when the tool ran and failed (a verdict in its exit status).
 * Return: 0 when the tool exits 0; -ENOENT (or another -errno) when it
 * cannot run; -EIO when it fails, the message naming its exit status and
 * the last line it printed on stderr.
 */
int spawn_run(struct stk_ctx *ctx, const char *const *argv,
	      const char *const *env, char **out);

/* The shadow: a sparse scratch file as large as the target. */
struct shadow {
	int		fd;
	char		*path;		/* tools (syslinux) open it */
	uint64_t	size_bytes;
	bool		unlinked;	/* no tool needs the name any more */
};

struct shadow_range {
	uint64_t	off;
	uint64_t	len;
};

struct shadow_ranges {
	size_t			n;
	struct shadow_range	*range;	/* ascending, not touching */
};

/*
 * shadow_create - a sparse file of @size_bytes next to @near when that is
 * a regular file (the target), else in $TMPDIR (or /tmp). It is unlinked
 * by shadow_free().
 */
int shadow_create(struct stk_ctx *ctx, const char *near, uint64_t size_bytes,
		  struct shadow **out);
void shadow_free(struct shadow *sh);	/* NULL is fine */
/* Remove the name once no tool needs it; the fd keeps the data. */
void shadow_unlink(struct shadow *sh);
int shadow_write(struct stk_ctx *ctx, struct shadow *sh, const void *buf,
		 size_t len, uint64_t off);
int shadow_read(struct stk_ctx *ctx, struct shadow *sh, void *buf, size_t len,
		uint64_t off);
/* Ranges that hold data (SEEK_DATA/SEEK_HOLE); free with shadow_ranges_free. */
int shadow_data_ranges(struct stk_ctx *ctx, struct shadow *sh,
		       struct shadow_ranges *out);
void shadow_ranges_free(struct shadow_ranges *r);

/* part.c: the partition table, built by part.h's functions, into the shadow. */
#define PART_SECTOR_BYTES	512u
#define PART_MIN_SECTORS	(32u * 1024 * 1024 / PART_SECTOR_BYTES)

struct part_layout {
	enum stk_scheme	scheme;
	uint64_t	start_bytes;	/* of the FAT32 partition */
	uint64_t	size_bytes;
	uint64_t	persist_start_bytes; /* the ext4 one after it, or 0 */
	uint64_t	persist_size_bytes;
};

/*
 * Where the partitions go on a disk of @disk_bytes: the FAT32 one, and
 * with @persist_bytes (0 for none) a second one of about that size at the
 * end (MiB-aligned); -ENOSPC if too small.
 */
int part_plan(uint64_t disk_bytes, enum stk_scheme scheme,
	      uint64_t persist_bytes, struct part_layout *out);
/* Writes the table into the shadow (the disk is its size), fills @out. */
int part_write(struct stk_ctx *ctx, struct shadow *sh, enum stk_scheme scheme,
	       uint64_t persist_bytes,
	       struct part_layout *out);

/* hash.c: MD5 (RFC 1321) and SHA-256 (FIPS 180-4) for checksum lists. */
#define MD5_BYTES	16
#define SHA256_BYTES	32

struct md5 {
	uint32_t	h[4];
	uint64_t	len;
	uint8_t		buf[64];
};

struct sha256 {
	uint32_t	h[8];
	uint64_t	len;
	uint8_t		buf[64];
};

void md5_init(struct md5 *m);
void md5_update(struct md5 *m, const void *data, size_t len);
void md5_final(struct md5 *m, uint8_t out[MD5_BYTES]);
void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t out[SHA256_BYTES]);
/* Lower-case hex of @len bytes into @out (2 * @len + 1 bytes). */
void hash_hex(const uint8_t *digest, size_t len, char *out);

#define SHA1_BYTES	20
#define SHA512_BYTES	64

struct sha1 {
	uint32_t	h[5];
	uint64_t	len;
	uint8_t		buf[64];
};

struct sha512 {
	uint64_t	h[8];
	uint64_t	len;
	uint8_t		buf[128];
};

void sha1_init(struct sha1 *s);
void sha1_update(struct sha1 *s, const void *data, size_t len);
void sha1_final(struct sha1 *s, uint8_t out[SHA1_BYTES]);
void sha512_init(struct sha512 *s);
void sha512_update(struct sha512 *s, const void *data, size_t len);
void sha512_final(struct sha512 *s, uint8_t out[SHA512_BYTES]);

/* Any of the four, chosen at run time. */
struct hash {
	enum stk_hash_algo	algo;
	union {
		struct md5	md5;
		struct sha1	sha1;
		struct sha256	sha256;
		struct sha512	sha512;
	} u;
};

void hash_init(struct hash *h, enum stk_hash_algo algo);
void hash_update(struct hash *h, const void *data, size_t len);
/* Lower-case hex into @hex (STK_HASH_HEX_MAX bytes will do). */
void hash_final_hex(struct hash *h, char *hex);

/* boot/mbr.c: syslinux's MBR boot code into bytes 0..439 of sector 0. */
#define MBR_CODE_BYTES	440

/* Directory of syslinux's files: $STICKLER_SYSLINUX_DIR or Debian's. */
const char *syslinux_dir(void);
/* Copies @code into @sector0, leaving the table and signature alone. */
int mbr_code_apply(uint8_t *sector0, const uint8_t *code, size_t len);
/* mbr.bin (msdos) or gptmbr.bin (gpt) from syslinux_dir() into the shadow. */
int mbr_install(struct stk_ctx *ctx, struct shadow *sh, enum stk_scheme scheme);

/* boot/cfg.c: syslinux configuration files. */
#define CFG_MAX_REFS	64
#define CFG_NAME_MAX	128

/* What one isolinux/syslinux config text refers to. */
struct cfg_refs {
	int	n_modules;		/* .c32 files: UI, COM32, KERNEL... */
	char	module[CFG_MAX_REFS][CFG_NAME_MAX];
	int	n_includes;		/* INCLUDE, MENU INCLUDE, CONFIG */
	char	include[CFG_MAX_REFS][CFG_NAME_MAX];
	int	n_paths;		/* PATH directories */
	char	path[CFG_MAX_REFS][CFG_NAME_MAX];
};

/* Adds the references in @text to @refs (duplicates dropped). */
void cfg_scan(const char *text, size_t len, struct cfg_refs *refs);
/* Adds the references of @one to @all (duplicates dropped). */
void cfg_scan_merge(struct cfg_refs *all, const struct cfg_refs *one);
/*
 * The root syslinux.cfg that hands over to the image's ISOLINUX config
 * @cfg_path ("/isolinux/isolinux.cfg"): CONFIG with its directory, so the
 * relative names in it resolve as they did on the CD. New string; free().
 */
char *cfg_chain_text(const char *cfg_path);

/* boot/label.c: the FAT volume label and the configs that name it. */
#define LABEL_FAT_MAX	11

/* The ISO volume id made a FAT label: upper case, legal, 11 characters. */
void label_from_volid(const char *volid, char out[LABEL_FAT_MAX + 1]);
/*
 * label_rewrite - where @text refers to the volume label @from (kernel
 * arguments CDLABEL=, LABEL=, archisolabel=, root=live:..., GRUB search
 * --label / --set=root lines, loader entries), put @to instead, keeping
 * the \x20 escaping of blanks. *@out is a new string (free()) when
 * *@n_changed > 0, else NULL.
 */
int label_rewrite(const char *text, size_t len, const char *from,
		  const char *to, char **out, size_t *out_len, int *n_changed);
/*
 * sums_refresh - in a checksum list (md5sum.txt, SHA256SUMS: "HEX  path"
 * or "HEX *path", paths relative to the list, "./" optional), replace the
 * digest of @path (relative to the list) with @hex. *@out is new (free()),
 * NULL when no line named @path.
 */
int sums_refresh(const char *text, size_t len, const char *path,
		 const char *hex, char **out, size_t *out_len);

/* boot/syslinux.c: matching the image's ISOLINUX with the host's syslinux. */
struct syslinux_version {
	int	major;
	int	minor;
};

/* "ISOLINUX 6.04 20200816" -> 6, 4; -EINVAL when there is no version. */
int syslinux_version_parse(const char *s, struct syslinux_version *v);
/* The host's syslinux version (from ldlinux.c32's banner). */
int syslinux_host_version(struct stk_ctx *ctx, struct syslinux_version *v);
/*
 * c32_needed - DT_NEEDED names of a .c32 module (an ELF32 shared object),
 * each at most CFG_NAME_MAX; returns the count or -EINVAL.
 */
int c32_needed(const uint8_t *elf, size_t len, char names[][CFG_NAME_MAX],
	       int max);
/* Path of the host's module @name ("menu.c32") or NULL when it has none. */
char *syslinux_host_module(const char *name);
/*
 * syslinux_install - run Debian's mtools-based syslinux on the shadow:
 * ldlinux.sys and ldlinux.c32 into @dir of the FAT at @offset_bytes, its
 * boot code merged into the FAT boot sector.
 */
int syslinux_install(struct stk_ctx *ctx, const char *shadow_path,
		     uint64_t offset_bytes, const char *dir);

/*
 * compose.c, compose-map.c: ISO mode's compose. From the probed image and
 * the options, everything is decided and built before the target is
 * touched: refusals with reasons (-ENOTSUP, -ENOSPC), then the shadow
 * (partition table, FAT32 metadata, small built files, syslinux) and the
 * image map that write_map() and verify_manifest() take.
 */
struct compose;

struct compose_opts {
	enum stk_mode	mode;		/* STK_MODE_ISO or _ISO_UEFI_ONLY */
	enum stk_scheme	scheme;		/* AUTO means MBR */
	const char	*label;		/* FAT label wanted, or NULL */
	uint64_t	target_bytes;	/* 0: compose_default_bytes() */
	const char	*target_path;	/* the shadow goes next to a file */
	uint64_t	persist_bytes;	/* 0, a size or STK_PERSISTENCE_REST */
};

/* A stick size that holds an image of @image_bytes, in whole MiB. */
uint64_t compose_default_bytes(uint64_t image_bytes);
/* Free with compose_free(); the map and the shadow live until then. */
int compose_iso(struct stk_ctx *ctx, const struct stk_image *img,
		const struct compose_opts *o, struct compose **out);
/* The finished map (file_fd: the image, shadow_fd: the shadow). */
struct map *compose_map(struct compose *c);
uint64_t compose_target_bytes(const struct compose *c);
/*
 * compose_plan - ISO mode for stk_plan_new(): compose for @plan's image,
 * target and options, keep it in plan->compose and set the target size.
 */
int compose_plan(struct stk_ctx *ctx, struct stk_plan *plan);
/* The plan's ISO-mode lines: layout, and every file changed and why. */
char *compose_describe(const struct compose *c);	/* free() */
void compose_free(struct compose *c);			/* NULL is fine */

/* end of the ISO mode section */

/* ---- devices (issue 5): device.c sysfs.c mounts.c usb.c hotplug.c ----- */

/* sysfs.c: everything read from /sys, or from the STICKLER_SYSFS tree. */

/* True when STICKLER_SYSFS points at a fixture tree instead of /sys. */
bool sysfs_is_fixture(void);

/* Reads ROOT/@rel, trailing blanks removed. 0, or -errno. */
int sysfs_read(const char *rel, char *buf, size_t len);
int sysfs_read_u64(const char *rel, uint64_t *val);

/* Name of the block device with that dev_t ("sdb1"), via dev/block/M:m. */
int sysfs_devt_name(unsigned major, unsigned minor, char *name, size_t len);

/* The whole disk a block device name belongs to: "sdb" for "sdb1",
 * itself for a disk. -ENODEV when sysfs does not know @name. */
int sysfs_disk_of(const char *name, char *disk, size_t len);

/* Fills everything sysfs knows about the disk @name (identity, size,
 * transport, vendor, model, serial, USB speeds, partitions); libusb is
 * asked for what sysfs lacks. */
int sysfs_read_disk(struct stk_ctx *ctx, const char *name,
		    struct stk_device *dev);

/* Names of the holders of @name (and of its partitions), comma separated;
 * "" when none. */
int sysfs_holders(const char *disk, char *buf, size_t len);

/* The backing file of a loop disk; -ENOENT when @disk is not a loop. */
int sysfs_loop_backing(const char *disk, char *buf, size_t len);

/* Disks below @name (dm/md slaves, partitions' parents), added to @set
 * (names separated by '\n'); follows loop backing files in a live sysfs. */
int sysfs_lower_disks(const char *name, char *set, size_t len, int depth);

/* Whether @name is one of the '\n'-separated names of @set. */
bool sysfs_set_has(const char *set, const char *name);

/* Fingerprint of the disks (names, sizes, ro, removable), for hotplug. */
uint64_t sysfs_fingerprint(uint64_t seed);

/* USB speed from sysfs "speed" / "version" text: Mbit/s, 0 if unknown. */
unsigned sysfs_usb_speed_mbps(const char *speed);
unsigned sysfs_usb_version_mbps(const char *version);

/* mounts.c: mountinfo and swaps, parsed from text (pure) or read. */

struct mount_entry {
	unsigned	major;
	unsigned	minor;
	char		mountpoint[STK_PATH_MAX];	/* "" for swap */
	char		source[STK_PATH_MAX];		/* "/dev/sdb1" */
	char		disk[STK_DEV_NAME_MAX];	/* filled by the caller */
	char		dev[STK_DEV_NAME_MAX];	/* "sdb1", filled likewise */
};

struct mount_table {
	struct mount_entry	*m;
	size_t			n;
};

/* Parse /proc/self/mountinfo and /proc/swaps text; free with
 * mounts_free(). -EINVAL on a malformed line (its number in *@bad_line). */
int mounts_parse_mountinfo(const char *text, struct mount_table *t,
			   int *bad_line);
int mounts_parse_swaps(const char *text, struct mount_table *t);
/* Reads both (STICKLER_MOUNTINFO, STICKLER_SWAPS override the paths) and
 * names the device and disk of every entry. */
int mounts_read(struct stk_ctx *ctx, struct mount_table *mounts,
		struct mount_table *swaps);
void mounts_free(struct mount_table *t);
/* Decodes mountinfo's octal escapes (\040) in place. */
void mounts_unescape(char *s);
/* True for the running system's own mount points: /, /boot, /usr, ... */
bool mounts_is_system(const char *mountpoint);
/* The station mounts its own images partition there (see station/). */
#define MOUNTS_STATION "/station"
/* Fingerprint of the mount and swap files, for hotplug. */
uint64_t mounts_fingerprint(uint64_t seed);

/* FNV-1a, for fingerprints. */
uint64_t stk_fnv1a(uint64_t h, const void *data, size_t len);

/* usb.c: the only file that includes libusb.h. */

struct usb_info {
	char		manufacturer[STK_DEV_STR_MAX];
	char		product[STK_DEV_STR_MAX];
	char		serial[STK_DEV_STR_MAX];
	unsigned	speed_mbps;	/* link speed */
	unsigned	max_speed_mbps;	/* from the BOS descriptor, 0 unknown */
};

/* Asks libusb about the device at @bus / @addr. -ENOTSUP when libusb is
 * not usable here, -ENODEV when it does not see that device. */
int usb_query(struct stk_ctx *ctx, unsigned bus, unsigned addr,
	      struct usb_info *info);

struct usb_watch;
/* NULL (and a debug line) when libusb has no hotplug support here. */
struct usb_watch *usb_watch_new(struct stk_ctx *ctx);
/* Waits up to @timeout_ms for USB events; 1 if a device came or went. */
int usb_watch_wait(struct usb_watch *w, int timeout_ms);
void usb_watch_free(struct usb_watch *w);

/* device.c: the rules, shared by the list and the check. */

struct device_env {
	struct mount_table	mounts;
	struct mount_table	swaps;
	char			source_disks[1024]; /* '\n'-separated names */
	char			source_real[STK_PATH_MAX]; /* realpath */
};

/* Applies the rules to @dev: fills offered, needs_unmount, reason and
 * the mount points. Returns 0 when offered, else the code a check gives. */
int device_judge(const struct device_env *env, struct stk_device *dev);

/* end of the devices section */

#endif /* STK_INTERNAL_H */
