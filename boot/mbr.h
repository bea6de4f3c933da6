/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mbr.h - syslinux's MBR boot code (mbr.c).
 */
#ifndef STK_MBR_H
#define STK_MBR_H

#include "internal.h"



/* Directory of syslinux's files: $STICKLER_SYSLINUX_DIR or Debian's. */
const char *syslinux_dir(void);
/* Copies @code into @sector0, leaving the table and signature alone. */
int mbr_code_apply(uint8_t *sector0, const uint8_t *code, size_t len);
/* mbr.bin (msdos) or gptmbr.bin (gpt) from syslinux_dir() into @code. */
int mbr_code_load(struct stk_ctx *ctx, enum stk_scheme scheme,
		  uint8_t code[MBR_CODE_BYTES], size_t *len);

#endif /* STK_MBR_H */
