/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cfg.h - syslinux configuration files (cfg.c).
 */
#ifndef STK_CFG_H
#define STK_CFG_H

#include "internal.h"

#define CFG_MAX_REFS	64
#define CFG_NAME_MAX	128

/* What one isolinux/syslinux config text refers to. */
struct cfg_refs {
	int	n_modules;		/* .c32 files: UI, COM32, KERNEL... */
	char	module[CFG_MAX_REFS][CFG_NAME_MAX];
	int	n_includes;		/* INCLUDE, MENU INCLUDE, CONFIG */
	char	include[CFG_MAX_REFS][CFG_NAME_MAX];
	int	n_paths;		/* PATH directories */
	char	path[CFG_MAX_REFS][CFG_NAME_MAX];
};

/* Adds the references in @text to @refs (duplicates dropped). */
void cfg_scan(const char *text, size_t len, struct cfg_refs *refs);
/* Adds the references of @one to @all (duplicates dropped). */
void cfg_scan_merge(struct cfg_refs *all, const struct cfg_refs *one);
/*
 * The root syslinux.cfg that hands over to the image's ISOLINUX config
 * @cfg_path ("/isolinux/isolinux.cfg"): CONFIG with its directory, so the
 * relative names in it resolve as they did on the CD. New string; free().
 */
char *cfg_chain_text(const char *cfg_path);

#endif /* STK_CFG_H */
