// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * mbr.c - syslinux's MBR boot code (mbr.bin, gptmbr.bin): read from the
 * host, and put into the first 440 bytes of a sector 0, leaving the
 * partition table alone.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"
#include "mbr.h"

/* Debian's syslinux-common; tests point elsewhere with the variable. */
#define SYSLINUX_DIR_DEFAULT "/usr/lib/syslinux"

const char *syslinux_dir(void)
{
	const char *d = getenv("STICKLER_SYSLINUX_DIR");

	return d && *d ? d : SYSLINUX_DIR_DEFAULT;
}

int mbr_code_apply(uint8_t *sector0, const uint8_t *code, size_t len)
{
	/* The disk signature (440..445) and the table follow the code. */
	if (!len || len > MBR_CODE_BYTES)
		return -EINVAL;
	if (sector0[510] != 0x55 || sector0[511] != 0xaa)
		return -EINVAL;
	memcpy(sector0, code, len);
	return 0;
}

int mbr_code_load(struct stk_ctx *ctx, enum stk_scheme scheme,
		  uint8_t code[MBR_CODE_BYTES], size_t *len)
{
	const char *name = scheme == STK_SCHEME_GPT ? "gptmbr.bin" : "mbr.bin";
	uint8_t buf[MBR_CODE_BYTES + 1];
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/mbr/%s", syslinux_dir(), name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return stk_seterr_errno(
			ctx, -errno,
			"cannot open syslinux's MBR code '%s' (package syslinux-common)",
			path);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0 || n > MBR_CODE_BYTES)
		return stk_seterr(
			ctx, -EINVAL,
			"'%s' is not MBR boot code (%zd bytes, at most %u expected)",
			path, n, MBR_CODE_BYTES);
	memcpy(code, buf, (size_t)n);
	*len = (size_t)n;
	DBG(ctx, BOOT, "%s: %zd bytes of MBR code", name, n);
	return 0;
}
