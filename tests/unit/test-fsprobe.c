// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * test-fsprobe.c - file system type and label from hand-made first
 * sectors (FAT16, FAT32, ext4, ISO 9660, exFAT, swap, btrfs), a stick with
 * nothing known on it, every one cut short, and the fuzz corpus replayed
 * through the fuzz target (exact-size copies, so ASan sees a read past).
 */
#include <stdlib.h>

#include "t.h"
#include "fsprobe.h"
#include "../fuzz/fuzz-fsprobe.c"

static uint8_t head[FSPROBE_HEAD_BYTES];

static void clear(void)
{
	memset(head, 0, sizeof(head));
}

static void fat32_label(void)
{
	struct stk_fsinfo fi;

	clear();
	memcpy(head + 82, "FAT32   ", 8);
	head[66] = 0x29;
	memcpy(head + 71, "MY STICK   ", 11);
	head[510] = 0x55;
	head[511] = 0xaa;
	fsprobe_parse(head, sizeof(head), &fi);
	T_EQ_STR(fi.type, "vfat");
	T_EQ_STR(fi.label, "MY STICK");
}

static void fat16_no_name(void)
{
	struct stk_fsinfo fi;

	clear();
	memcpy(head + 54, "FAT16   ", 8);
	head[38] = 0x29;
	memcpy(head + 43, "NO NAME    ", 11);
	head[510] = 0x55;
	head[511] = 0xaa;
	fsprobe_parse(head, sizeof(head), &fi);
	T_EQ_STR(fi.type, "vfat");
	T_EQ_STR(fi.label, "");
}

static void fat_without_signature(void)
{
	struct stk_fsinfo fi;

	clear();
	memcpy(head + 82, "FAT32   ", 8);
	fsprobe_parse(head, sizeof(head), &fi);
	T_EQ_STR(fi.type, "");
}

static void ext4_label(void)
{
	struct stk_fsinfo fi;

	clear();
	put_le16(head + 1024 + 56, 0xef53);
	put_le32(head + 1024 + 96, 0x40);
	memcpy(head + 1024 + 120, "persistence", 11);
	fsprobe_parse(head, sizeof(head), &fi);
	T_EQ_STR(fi.type, "ext4");
	T_EQ_STR(fi.label, "persistence");
}

static void iso_volume_id(void)
{
	struct stk_fsinfo fi;

	clear();
	head[32768] = 1;
	memcpy(head + 32769, "CD001", 5);
	memset(head + 32768 + 40, ' ', 32);
	memcpy(head + 32768 + 40, "Debian 12 amd64", 15);
	fsprobe_parse(head, sizeof(head), &fi);
	T_EQ_STR(fi.type, "iso9660");
	T_EQ_STR(fi.label, "Debian 12 amd64");
}

static void iso_cut_short(void)
{
	struct stk_fsinfo fi;

	clear();
	memcpy(head + 32769, "CD001", 5);
	fsprobe_parse(head, 32769 + 10, &fi);
	T_EQ_STR(fi.type, "");
}

static void exfat_and_swap(void)
{
	struct stk_fsinfo fi;

	clear();
	memcpy(head + 3, "EXFAT   ", 8);
	fsprobe_parse(head, sizeof(head), &fi);
	T_EQ_STR(fi.type, "exfat");
	clear();
	memcpy(head + 4086, "SWAPSPACE2", 10);
	memcpy(head + 1024 + 28, "sw\001p", 4);
	fsprobe_parse(head, sizeof(head), &fi);
	T_EQ_STR(fi.type, "swap");
	T_EQ_STR(fi.label, "sw\\x01p");
}

/* Labels keep valid UTF-8 (what blkid shows); a control, a C1 control,
 * a byte that is not UTF-8 or a sequence cut at the field's end is
 * \xNN; a long label is cut before a character that does not fit. */
static void label_utf8(void)
{
	struct stk_fsinfo fi;
	char want[sizeof(fi.label)];

	clear();
	memcpy(head + 65536 + 0x40, "_BHRfS_M", 8);
	memcpy(head + 65536 + 0x12b, "Donn\303\251es \342\202\254", 12);
	fsprobe_parse(head, sizeof(head), &fi);
	T_EQ_STR(fi.label, "Donn\303\251es \342\202\254");
	memset(head + 65536 + 0x12b, 0, 256);
	memcpy(head + 65536 + 0x12b, "a\033[2J\302\233\377\300\257z", 11);
	fsprobe_parse(head, sizeof(head), &fi);
	T_EQ_STR(fi.label, "a\\x1b[2J\\xc2\\x9b\\xff\\xc0\\xafz");
	clear();
	put_le16(head + 1024 + 56, 0xef53);
	memcpy(head + 1024 + 120, "fifteen bytes \303", 15);
	fsprobe_parse(head, sizeof(head), &fi);
	T_EQ_STR(fi.label, "fifteen bytes \\xc3");
	clear();
	memcpy(head + 65536 + 0x40, "_BHRfS_M", 8);
	memset(head + 65536 + 0x12b, 'x', 62);
	memcpy(head + 65536 + 0x12b + 62, "\303\251", 2);
	fsprobe_parse(head, sizeof(head), &fi);
	memset(want, 'x', 62);
	want[62] = '\0';
	T_EQ_STR(fi.label, want);
}

/* btrfs: the superblock at 64 KiB, its label at +0x12b; one byte short
 * of the label's 256 and it is not read */
static void btrfs_label(void)
{
	struct stk_fsinfo fi;

	clear();
	memcpy(head + 65536 + 0x40, "_BHRfS_M", 8);
	memcpy(head + 65536 + 0x12b, "pool", 4);
	fsprobe_parse(head, sizeof(head), &fi);
	T_EQ_STR(fi.type, "btrfs");
	T_EQ_STR(fi.label, "pool");
	fsprobe_parse(head, 65536 + 0x12b + 255, &fi);
	T_EQ_STR(fi.type, "");
	T_EQ_INT(LLVMFuzzerTestOneInput(head, 65536 + 0x48), 0);
}

static void nothing_known(void)
{
	struct stk_fsinfo fi;

	clear();
	fsprobe_parse(head, sizeof(head), &fi);
	T_EQ_STR(fi.type, "");
	fsprobe_parse(head, 100, &fi);
	T_EQ_STR(fi.type, "");
}

/* Every prefix of a FAT32 and an ext4 start: never a read past the end. */
static void cut_short(void)
{
	static const size_t cuts[] = {0, 1, 3, 11, 54, 82, 90, 511, 512,
				      1024, 1080, 1144, 1159, 1160, 4095};
	uint8_t *copy;
	size_t i;

	clear();
	memcpy(head + 82, "FAT32   ", 8);
	head[66] = 0x29;
	memcpy(head + 71, "CUT        ", 11);
	head[510] = 0x55;
	head[511] = 0xaa;
	put_le16(head + 1024 + 56, 0xef53);
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		copy = malloc(cuts[i] ? cuts[i] : 1);
		T_OK(copy != NULL);
		if (!copy)
			return;
		memcpy(copy, head, cuts[i]);
		T_EQ_INT(LLVMFuzzerTestOneInput(copy, cuts[i]), 0);
		free(copy);
	}
}

static void one_input(const uint8_t *buf, size_t len)
{
	T_EQ_INT(LLVMFuzzerTestOneInput(buf, len), 0);
}

static void corpus(void)
{
	T_OK(t_corpus("tests/fuzz/corpus-fuzz-fsprobe", sizeof(head),
		      one_input) >= 3);
}

T_MAIN(
	T_CASE(fat32_label),
	T_CASE(fat16_no_name),
	T_CASE(fat_without_signature),
	T_CASE(ext4_label),
	T_CASE(iso_volume_id),
	T_CASE(iso_cut_short),
	T_CASE(exfat_and_swap),
	T_CASE(btrfs_label),
	T_CASE(label_utf8),
	T_CASE(nothing_known),
	T_CASE(cut_short),
	T_CASE(corpus),
)
