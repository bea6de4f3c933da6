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

/* end of the probe section */

/* ---- source, map, write, verify (issue 3) ------------------------------ */

/* end of the write engine section */

/* ---- FAT32 builder and reader (issue 4): fat.c fatread.c --------------- */

/*
 * The builder (fat.c, fatname.c, fatlayout.c) makes a FAT32 file system
 * for a tree the caller describes, independent of where the tree comes
 * from. Flow:
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

/* end of the FAT section */

/* ---- ISO mode compose (issue 4): part.c shadow.c boot/ ------------------ */

/* end of the ISO mode section */

/* ---- devices (issue 5): device.c usb.c --------------------------------- */

/* end of the devices section */

#endif /* STK_INTERNAL_H */
