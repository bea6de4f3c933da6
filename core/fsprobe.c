// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fsprobe.c - the file system at the start of a disk or partition and its
 * label, read from untrusted bytes: what a stick held before it is erased,
 * for the log.
 *
 * Where each signature sits: FAT boot sector (Microsoft FAT spec, "BPB"):
 * 55 aa at 510, FAT12/16 "FAT" at 54 with the volume label at 43 after the
 * extended boot signature 0x29 at 38, FAT32 "FAT32   " at 82 with the label
 * at 71 after 0x29 at 66; exFAT "EXFAT   " and NTFS "NTFS    " at 3 (their
 * labels live in files, not read here); ext2/3/4 superblock at 1024, magic
 * ef53 at +56, volume name at +120 (16 bytes), compat flags at +92,
 * incompat at +96; ISO 9660 primary volume descriptor at 32768, "CD001"
 * at +1, volume identifier at +40 (32 bytes); Linux swap "SWAPSPACE2" at
 * 4086 with its label at 1024+28; LUKS "LUKS" ba be at 0; btrfs
 * superblock at 64 KiB, magic "_BHRfS_M" at +0x40, label at +0x12b (256
 * bytes; btrfs-progs' struct btrfs_super_block).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsprobe.h"
#include "sysfs.h"

/* Length of the valid UTF-8 sequence at @p (of @n bytes) that is not a
 * control (C0, DEL, C1); 0 when it is not one. */
static size_t label_char(const uint8_t *p, size_t n)
{
	uint32_t cp;
	int len = stk_utf8_len(p, n, &cp);

	if (len <= 0 || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return 0;
	return (size_t)len;
}

/* A label from a fixed field: trailing blanks and NULs go; valid UTF-8
 * is kept, a control or a byte that is not UTF-8 becomes \xNN, as all
 * output shows them; cut before a character that does not fit whole. */
static void copy_label(char *dst, size_t dlen, const uint8_t *src, size_t n)
{
	size_t i = 0, o = 0, len;

	while (n && (src[n - 1] == ' ' || src[n - 1] == '\0'))
		n--;
	while (i < n && src[i] != '\0') {
		len = label_char(src + i, n - i);
		if (o + (len ? len : 4) + 1 > dlen)
			break;
		if (len) {
			memcpy(dst + o, src + i, len);
			o += len;
			i += len;
		} else {
			snprintf(dst + o, dlen - o, "\\x%02x", src[i++]);
			o += 4;
		}
	}
	dst[o] = '\0';
}

static bool at(const uint8_t *buf, size_t len, size_t off, const char *sig,
	       size_t n)
{
	return off + n <= len && !memcmp(buf + off, sig, n);
}

static void set(struct stk_fsinfo *out, const char *type)
{
	stk_strlcpy(out->type, type, sizeof(out->type));
}

static bool fat(const uint8_t *buf, size_t len, struct stk_fsinfo *out)
{
	size_t sig_off, label_off;

	if (len < 512 || buf[510] != 0x55 || buf[511] != 0xaa)
		return false;
	if (at(buf, len, 82, "FAT32   ", 8)) {
		sig_off = 66;
		label_off = 71;
	} else if (at(buf, len, 54, "FAT1", 4)) {
		sig_off = 38;
		label_off = 43;
	} else {
		return false;
	}
	set(out, "vfat");
	if (buf[sig_off] == 0x29 && !at(buf, len, label_off, "NO NAME    ", 11))
		copy_label(out->label, sizeof(out->label), buf + label_off, 11);
	return true;
}

static bool ext(const uint8_t *buf, size_t len, struct stk_fsinfo *out)
{
	const uint8_t *sb = buf + 1024;

	if (len < 1024 + 136 || get_le16(sb + 56) != 0xef53)
		return false;
	/* extents, 64bit or flex_bg: features only ext4 has */
	if (get_le32(sb + 96) & (0x40 | 0x80 | 0x200))
		set(out, "ext4");
	else if (get_le32(sb + 92) & 0x4) /* has_journal */
		set(out, "ext3");
	else
		set(out, "ext2");
	copy_label(out->label, sizeof(out->label), sb + 120, 16);
	return true;
}

static bool btrfs(const uint8_t *buf, size_t len, struct stk_fsinfo *out)
{
	const size_t sb = 65536;

	if (!at(buf, len, sb + 0x40, "_BHRfS_M", 8) || len < sb + 0x12b + 256)
		return false;
	set(out, "btrfs");
	copy_label(out->label, sizeof(out->label), buf + sb + 0x12b, 256);
	return true;
}

void fsprobe_parse(const uint8_t *buf, size_t len, struct stk_fsinfo *out)
{
	memset(out, 0, sizeof(*out));
	if (at(buf, len, 0, "LUKS\xba\xbe", 6)) {
		set(out, "crypto_LUKS");
		return;
	}
	if (at(buf, len, 32769, "CD001", 5) && len >= 32768 + 72) {
		set(out, "iso9660");
		copy_label(out->label, sizeof(out->label), buf + 32768 + 40,
			   32);
		return;
	}
	if (at(buf, len, 3, "EXFAT   ", 8)) {
		set(out, "exfat");
		return;
	}
	if (at(buf, len, 3, "NTFS    ", 8)) {
		set(out, "ntfs");
		return;
	}
	if (fat(buf, len, out) || ext(buf, len, out) || btrfs(buf, len, out))
		return;
	if (at(buf, len, 4086, "SWAPSPACE2", 10)) {
		set(out, "swap");
		copy_label(out->label, sizeof(out->label), buf + 1024 + 28, 16);
	}
}

int stk_fs_probe(struct stk_ctx *ctx, const char *path, struct stk_fsinfo *out)
{
	uint8_t *buf;
	ssize_t n;
	int fd, rc = 0;

	if (!ctx || !path || !out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (sysfs_is_fixture(ctx) && !strncmp(path, "/dev/", 5))
		return stk_seterr(ctx, -EPERM,
				  "'%s' comes from the test sysfs: not read",
				  path);
	buf = calloc(1, FSPROBE_HEAD_BYTES);
	if (!buf)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = stk_seterr_errno(ctx, -errno, "cannot open '%s'", path);
		goto out_free;
	}
	/* a partition smaller than the window is fine: what is there counts */
	n = pread(fd, buf, FSPROBE_HEAD_BYTES, 0);
	if (n < 0)
		rc = stk_seterr_errno(ctx, -errno, "cannot read '%s'", path);
	else
		fsprobe_parse(buf, (size_t)n, out);
	close(fd);
out_free:
	free(buf);
	return rc;
}
