/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fsprobe.h - which file system the first bytes of a disk or partition
 * hold, and its label (fsprobe.c).
 */
#ifndef STK_FSPROBE_H
#define STK_FSPROBE_H

#include "internal.h"

/* Enough for every signature looked at (btrfs's superblock, at 64 KiB,
 * ends here). */
#define FSPROBE_HEAD_BYTES	(68u * 1024u)

/*
 * fsprobe_parse - look at @len bytes from the start of a volume
 * (untrusted). Fills @out: type "" when no known file system is there.
 */
void fsprobe_parse(const uint8_t *buf, size_t len, struct stk_fsinfo *out);

#endif
