/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * internal.h - private structures and helpers shared by core/ and boot/.
 * Nothing here names a libcdio, libparted or libusb type.
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

/* libcdio and libparted handlers (iso.c, part.c): set while a ctx lives. */
void iso_init_logging(struct stk_ctx *ctx);
void part_init_logging(struct stk_ctx *ctx);

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
	time_t		mtime;
	int		depth;		/* 0 for the entries of the root */
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
 * contents, in directory order. Directories deeper than 64 levels and
 * loops are not followed. Returns 0, or the first negative value of @fn.
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

/* end of the write engine section */

/* ---- FAT32 builder and reader (issue 4): fat.c fatread.c --------------- */

/* end of the FAT section */

/* ---- ISO mode compose (issue 4): part.c shadow.c boot/ ------------------ */

/* end of the ISO mode section */

/* ---- devices (issue 5): device.c usb.c --------------------------------- */

/* end of the devices section */

#endif /* STK_INTERNAL_H */
