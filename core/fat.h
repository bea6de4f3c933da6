/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fat.h - the FAT32 builder: tree, layout, labels (fattree.c, fat.c,
 * fatlayout.c).
 */
#ifndef STK_FAT_H
#define STK_FAT_H

#include "internal.h"

struct fat_node;
struct fat_tree;

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
#define FAT_ATTR_READONLY	0x01
#define FAT_ATTR_HIDDEN		0x02
#define FAT_ATTR_SYSTEM		0x04

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
	uint8_t		attr;		/* FAT_ATTR_READONLY | _HIDDEN |
					 * _SYSTEM, or 0; archive is always set */
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
/* After fat_build(): a file's first data cluster (>= 2), 0 when empty. */
uint32_t fat_node_first_cluster(const struct fat_node *n);

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

#endif /* STK_FAT_H */
