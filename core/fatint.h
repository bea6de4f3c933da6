/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STK_FATINT_H
#define STK_FATINT_H

#include "internal.h"
#include "fat.h"

#define FAT_DIRENT_BYTES	32u
#define FAT_MAX_DIR_ENTRIES	65536u	/* fatgen103 section 6 */
#define FAT32_MAX_CLUSTERS	0x0ffffff5u	/* clusters 2.. stay < BAD */
#define FAT32_EOC		0x0fffffffu
#define FAT_ATTR_VOLUME		0x08
#define FAT_ATTR_DIR		0x10
#define FAT_ATTR_ARCHIVE	0x20
#define FAT_ATTR_LFN		0x0f
#define FAT_LFN_UNITS		13u	/* UTF-16 units per LFN entry */

struct fat_node {
	struct fat_node	*parent;
	struct fat_node	*first_child;
	struct fat_node	*last_child;
	struct fat_node	*next;
	uint16_t	*name;		/* UTF-16, name_units long */
	size_t		name_units;
	char		*name_utf8;
	bool		is_dir;
	uint64_t	size_bytes;
	int64_t		mtime;
	uint64_t	order;
	uint64_t	seq;		/* call order, for stable sorting */
	uint8_t		*data;		/* in-memory file bytes, or NULL */
	void		*opaque;
	uint8_t		attr;		/* extra attribute bits of a file */
	size_t		n_children;
	/* directories: children by upper-cased name (open addressing) */
	struct fat_node	**index;
	size_t		index_cap;	/* a power of two, or 0 */
	/* filled by fat_build() */
	uint8_t		sfn[11];
	uint8_t		case_bits;
	bool		lfn;
	uint32_t	first_cluster;	/* 0 for an empty file */
	uint32_t	n_clusters;
	uint32_t	n_entries;	/* directories: 32-byte slots */
};

struct fat_tree {
	struct fat_node	root;
	uint64_t	seq;
	size_t		n_files;
	size_t		n_dirs;		/* root included */
};

/* The geometry fatlayout.c computes for fat_build(). */
struct fat_geom {
	unsigned	sector_bytes;
	unsigned	cluster_bytes;
	uint32_t	total_sectors;
	uint32_t	reserved_sectors;
	uint32_t	fat_sectors;
	uint32_t	n_clusters;
	uint64_t	part_offset_bytes;
	uint32_t	hidden_sectors;
	uint32_t	serial;
	char		label[FAT_LABEL_CHARS + 1];	/* "" for none */
};

int fatlayout_geometry(struct stk_ctx *ctx, const struct fat_params *p,
		       struct fat_geom *g);
/* Byte offset on the target of a data cluster (>= 2). */
uint64_t fatlayout_cluster_offset(const struct fat_geom *g, uint32_t cl);
/* Sectors 0..reserved-1 (boot sector, FSInfo, backups) into @buf. */
void fatlayout_reserved(const struct fat_geom *g, uint32_t free_clusters,
			uint32_t next_free, uint8_t *buf);
/* One directory's clusters into @buf (n_clusters * cluster_bytes, all
 * of it written: unused entries are zero). */
void fatlayout_dir(const struct fat_geom *g, const struct fat_node *dir,
		   uint8_t *buf);
/* Pack a Unix time into FAT date and time words (UTC, 1980..2107). */
void fatlayout_time(int64_t t, uint16_t *date, uint16_t *time);

#endif /* STK_FATINT_H */
