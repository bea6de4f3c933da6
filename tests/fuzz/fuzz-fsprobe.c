// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz-fsprobe.c - libFuzzer target: the file system and label a disk's
 * first bytes claim (what a stick held is untrusted). The type is one of
 * the known names or empty, the label printable and ended. The corpus is
 * replayed by tests/unit/test-fsprobe.c in every build.
 */
#include <stdlib.h>

#include "fsprobe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const known[] = {
		"",	"vfat",	 "exfat",   "ntfs", "ext2",	   "ext3",
		"ext4", "btrfs", "iso9660", "swap", "crypto_LUKS",
	};
	struct stk_fsinfo fi;
	size_t i, n;

	fsprobe_parse(data, size, &fi);
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(fi.type, known[i]))
			break;
	n = strnlen(fi.label, sizeof(fi.label));
	if (i == sizeof(known) / sizeof(known[0]) || n == sizeof(fi.label))
		abort();
	for (i = 0; i < n; i++)
		if (fi.label[i] < 0x20 || fi.label[i] > 0x7e)
			abort();
	return 0;
}
