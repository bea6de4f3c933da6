/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * holds.h - what a target holds before it is written: its partition
 * table, and the file system and label of each partition (holds.c).
 */
#ifndef STK_HOLDS_H
#define STK_HOLDS_H

#include "internal.h"

#define HOLDS_TEXT_MAX 640

/*
 * holds_fs_name - the file system that starts in @buf (@len bytes read
 * at its first byte), as "FAT32 'LABEL'", "ext4 'persistence'",
 * "ISO 9660 'Debian 12'", or "" when none is recognised. Pure.
 */
void holds_fs_name(const uint8_t *buf, size_t len, char *out, size_t outlen);

/*
 * holds_describe - reads the head of the open target @fd and each
 * partition's first blocks, and says in one line what it holds:
 * "an MBR with 2 partitions: 1: FAT32 'STICKLER', 120 MiB; 2: ext4
 * 'persistence', 3.9 GiB". Reads only; never fails: what cannot be
 * read is said so.
 */
void holds_describe(int fd, char *out, size_t outlen);

#endif /* STK_HOLDS_H */
