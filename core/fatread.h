/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fatread.h - reading FAT12/16/32 held in a file at an offset (fatread.c).
 */
#ifndef STK_FATREAD_H
#define STK_FATREAD_H

#include "internal.h"
#include "fat.h"

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

#endif /* STK_FATREAD_H */
