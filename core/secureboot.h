/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * secureboot.h - the Secure Boot verdict: where loaders are read from
 * (sbsources.c), the judgement (secureboot.c) and its data files
 * (sbdata.c: trusted certificates, SBAT levels, revoked hashes).
 */
#ifndef STK_SECUREBOOT_H
#define STK_SECUREBOOT_H

#include "pe.h"

#define SB_MAX_FATS	4

struct sb_fat {
	char		name[STK_PATH_MAX];	/* "efi.img" or "ESP" */
	uint64_t	off;			/* bytes into the image */
	uint64_t	bytes;
};

struct sb_sources {
	int		n_fat;
	struct sb_fat	fat[SB_MAX_FATS];
};

/* The FAT sources of @img (El Torito EFI image, ESP), duplicates merged. */
void sb_sources_find(struct stk_ctx *ctx, const struct stk_image *img,
		     struct sb_sources *s);
/* Reads @path from the tree (@src -1) or FAT source @src; free() *@buf. */
int sb_read(struct stk_ctx *ctx, const struct stk_image *img, int src,
	    const struct sb_sources *s, const char *path, uint8_t **buf,
	    size_t *len);
/* The /EFI/BOOT/BOOT*.EFI paths of a FAT source; returns the count. */
int sb_list_boot(struct stk_ctx *ctx, const struct stk_image *img,
		 const struct sb_fat *f, char (*names)[STK_PATH_MAX], int max);

/* sbdata.c: SBAT revocations ("component,generation" lines) and hashes. */
#define SB_MAX_LEVELS	32
#define SB_MAX_REVOKED	4096	/* a 2025 dbx lists about 430 */

struct sb_levels {
	int			n;
	struct sbat_entry	e[SB_MAX_LEVELS];
	char			from[SB_MAX_LEVELS][64]; /* who set it */
};

/* Raises @lv to the generations of the SBAT CSV @text, naming @from. */
void sb_levels_merge(struct sb_levels *lv, const char *text, size_t len,
		     const char *from);
/*
 * The first entry of @sbat below its level, or -1: a loader whose
 * component generation is lower than the revocation level is revoked.
 */
int sb_levels_check(const struct sb_levels *lv, const struct sbat_entry *sbat,
		    int n, int *level);

struct sb_revoked {
	int		n;
	uint8_t		hash[SB_MAX_REVOKED][32];
};

/* Adds the "HEX  words" lines of a revocation list; returns the count. */
int sb_revoked_parse(struct sb_revoked *rv, const char *text, size_t len);
/* Adds the SHA-256 entries of EFI_SIGNATURE_LISTs (a dbx variable). */
int sb_revoked_from_siglists(struct sb_revoked *rv, const uint8_t *buf,
			     size_t len);
/*
 * Adds the SHA-256 entries of a dbx update as published (Debian's
 * dbxtool: DBXUpdate-*.bin): an authenticated variable, EFI_TIME and a
 * WIN_CERTIFICATE_UEFI_GUID (its PKCS#7 signature is not judged here),
 * then EFI_SIGNATURE_LISTs. Returns the count, -EINVAL when it is not one.
 */
int sb_revoked_from_update(struct sb_revoked *rv, const uint8_t *buf,
			   size_t len);
/* Any of the three forms, told apart by their bytes: a dbx update,
 * bare EFI_SIGNATURE_LISTs (an .esl file), or a text list. */
int sb_revoked_load(struct sb_revoked *rv, const uint8_t *buf, size_t len);
bool sb_revoked_has(const struct sb_revoked *rv, const uint8_t hash[32]);

/* The data directory: $STICKLER_DATA_DIR, the installed one, or configs/
 * beside the program's build folder. */
const char *sb_data_path(const char *name, char *buf, size_t size);

#endif /* STK_SECUREBOOT_H */
