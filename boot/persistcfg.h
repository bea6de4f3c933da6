/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * persistcfg.h - the live system's boot entries told to use persistence.
 */
#ifndef STK_PERSISTCFG_H
#define STK_PERSISTCFG_H

#include "internal.h"

/*
 * persist_rewrite - add the word @param to every line of a syslinux or
 * GRUB config that starts a live system: an APPEND, KERNEL, linux or
 * linuxefi line (any case, leading blanks allowed) with @boot_word
 * ("boot=live") as a word of its own. A line that already has @param is
 * left as it is. The word goes in front of a lone "---" (what follows it
 * is for an installed system), else at the end of the line.
 * *@out is NULL when nothing changed, else a new text (free()); *@n_added
 * counts the lines changed, *@n_entries those that start the system.
 * Return: 0 or -ENOMEM.
 */
int persist_rewrite(const char *text, size_t len, const char *boot_word,
		    const char *param, char **out, size_t *out_len,
		    int *n_added, int *n_entries);

#endif /* STK_PERSISTCFG_H */
