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

#endif /* STK_FATREAD_H */
