/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * label.h - the FAT volume label and the texts that name it (label.c).
 */
#ifndef STK_LABEL_H
#define STK_LABEL_H

#include "internal.h"

#define LABEL_FAT_MAX	11

/* The ISO volume id made a FAT label: upper case, legal, 11 characters. */
void label_from_volid(const char *volid, char out[LABEL_FAT_MAX + 1]);
/*
 * label_rewrite - where @text refers to the volume label @from (kernel
 * arguments CDLABEL=, LABEL=, archisolabel=, root=live:..., GRUB search
 * --label / --set=root lines, loader entries), put @to instead, keeping
 * blanks and other bytes udev escapes as \xNN in kernel arguments, and
 * quoting for GRUB's search. *@out is a new string (free()) when
 * *@n_changed > 0, else NULL. Return: 0, -ENOMEM, or -ENOTSUP when a
 * GRUB linux line refers to @from and @to needs an escape there (GRUB
 * doubles backslashes on the way to the kernel).
 */
int label_rewrite(const char *text, size_t len, const char *from,
		  const char *to, char **out, size_t *out_len, int *n_changed);
/*
 * sums_refresh - in a checksum list (md5sum.txt, SHA256SUMS: "HEX  path"
 * or "HEX *path", paths relative to the list, "./" optional), replace the
 * digest of @path (relative to the list) with @hex. *@out is new (free()),
 * NULL when no line named @path.
 */
int sums_refresh(const char *text, size_t len, const char *path,
		 const char *hex, char **out, size_t *out_len);

#endif /* STK_LABEL_H */
