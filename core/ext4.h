/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ext4.h - the persistence partition's file system, made by e2fsprogs'
 * mke2fs on the shadow at the partition's offset (nothing is mounted).
 */
#ifndef STK_EXT4_H
#define STK_EXT4_H

#include "internal.h"

/*
 * ext4_make - an ext4 file system of @size_bytes at @offset_bytes of the
 * file @path, labelled @label, holding the file /@file_name with
 * @file_text when @file_name is not NULL. Everything mke2fs writes,
 * zeros included, is written as data (the map takes the shadow's data
 * ranges), so nothing of a stick's old contents can show through where
 * the file system expects zeros.
 * Return: 0, -ENOENT when mke2fs is not installed, -EIO when it fails.
 */
int ext4_make(struct stk_ctx *ctx, const char *path, uint64_t offset_bytes,
	      uint64_t size_bytes, const char *label, const char *file_name,
	      const char *file_text);

#endif /* STK_EXT4_H */
