// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * test-holds.c - what a plan says a target holds: file system words from
 * hand-made boot sectors, and a whole target (an MBR with a FAT32 and an
 * unknown partition, written to a temporary file) described in one line.
 */
#include <stdlib.h>
#include <unistd.h>

#include "t.h"
#include "fsprobe.h"
#include "holds.h"

static uint8_t head[FSPROBE_HEAD_BYTES];

static void fat32(uint8_t *b, const char *label)
{
	memcpy(b + 82, "FAT32   ", 8);
	b[66] = 0x29;
	memcpy(b + 71, label, 11);
	b[510] = 0x55;
	b[511] = 0xaa;
}

static void fat32_word(void)
{
	char out[96];

	memset(head, 0, sizeof(head));
	fat32(head, "OLDSTICK   ");
	holds_fs_name(head, sizeof(head), out, sizeof(out));
	T_EQ_STR(out, "FAT32 'OLDSTICK'");
}

static void fat16_without_label(void)
{
	char out[96];

	memset(head, 0, sizeof(head));
	memcpy(head + 54, "FAT16   ", 8);
	head[38] = 0x29;
	memcpy(head + 43, "NO NAME    ", 11);
	head[510] = 0x55;
	head[511] = 0xaa;
	holds_fs_name(head, sizeof(head), out, sizeof(out));
	T_EQ_STR(out, "FAT16");
}

static void nothing_known(void)
{
	char out[96] = "x";

	memset(head, 0xa5, sizeof(head));
	holds_fs_name(head, sizeof(head), out, sizeof(out));
	T_EQ_STR(out, "");
}

/* MBR: 1: type 0x0c at LBA 2048, 8 MiB, FAT32; 2: type 0x83, nothing. */
static void mbr_target(void)
{
	char path[] = "/tmp/test-holds.XXXXXX", out[HOLDS_TEXT_MAX];
	uint8_t mbr[512] = {0}, *e;
	int fd = mkstemp(path);

	T_OK(fd >= 0);
	if (fd < 0)
		return;
	unlink(path);
	e = mbr + 446;
	e[4] = 0x0c;
	put_le32(e + 8, 2048);
	put_le32(e + 12, 16384);
	e += 16;
	e[4] = 0x83;
	put_le32(e + 8, 18432);
	put_le32(e + 12, 2048);
	mbr[510] = 0x55;
	mbr[511] = 0xaa;
	memset(head, 0, sizeof(head));
	fat32(head, "DATA       ");
	T_OK(pwrite(fd, mbr, sizeof(mbr), 0) == (ssize_t)sizeof(mbr));
	T_OK(pwrite(fd, head, sizeof(head), 2048 * 512) ==
	     (ssize_t)sizeof(head));
	T_OK(ftruncate(fd, 20480 * 512) == 0);
	holds_describe(fd, out, sizeof(out));
	T_EQ_STR(
		out,
		"an MBR with 2 partitions: 1: FAT32 'DATA', 8.0 MiB; 2: type 0x83, 1.0 MiB");
	close(fd);
}

static void blank_target(void)
{
	char path[] = "/tmp/test-holds.XXXXXX", out[HOLDS_TEXT_MAX];
	int fd = mkstemp(path);

	T_OK(fd >= 0);
	if (fd < 0)
		return;
	unlink(path);
	T_OK(ftruncate(fd, 2 << 20) == 0);
	holds_describe(fd, out, sizeof(out));
	T_EQ_STR(out, "zeros (its first MiB is blank)");
	close(fd);
}

T_MAIN(T_CASE(fat32_word), T_CASE(fat16_without_label), T_CASE(nothing_known),
       T_CASE(mbr_target), T_CASE(blank_target), )
