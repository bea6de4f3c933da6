// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * codec.c - which library reads and writes which compression.
 */
#include "codec.h"

const struct codec_ops *codec_for(enum stk_compression comp)
{
	switch (comp) {
	case STK_COMP_GZIP:
		return &codec_gz;
	case STK_COMP_XZ:
		return &codec_xz;
	case STK_COMP_ZSTD:
		return &codec_zst;
	case STK_COMP_BZIP2:
		return &codec_bz2;
	case STK_COMP_NONE:
		break;
	}
	return NULL;
}
