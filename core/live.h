/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * live.h - recognising a live system (Debian live-boot, Ubuntu casper)
 * from the image's tree and boot configs, for persistence.
 */
#ifndef STK_LIVE_H
#define STK_LIVE_H

#include "internal.h"

struct iso;
struct iso_entry;

/* Boot configs read while deciding, at most, and their size limit. */
#define LIVE_MAX_CFGS	   32
#define LIVE_CFG_MAX_BYTES (64u * 1024u)
/* casper package manifests (/casper/ *.manifest) read, and their limit */
#define LIVE_MAX_MANIFESTS	8
#define LIVE_MANIFEST_MAX_BYTES (4u * 1024u * 1024u)

/* What the probe's tree walk noted for live_decide(). */
struct live_scan {
	char squashfs[STK_LIVE_CASPER + 1][STK_PATH_MAX]; /* by family */
	int n_cfgs;
	char cfg[LIVE_MAX_CFGS][STK_PATH_MAX];
	int n_manifests;
	char manifest[LIVE_MAX_MANIFESTS][STK_PATH_MAX];
};

/* Called for every file of the walk. */
void live_note(struct live_scan *s, const struct iso_entry *e);

/*
 * live_decide - read the noted configs from @iso and fill @r's live,
 * live_squashfs and live_why. Never fails: an unreadable config counts as
 * one that names no family.
 */
void live_decide(struct stk_ctx *ctx, struct iso *iso,
		 const struct live_scan *s, struct stk_report *r);

/*
 * live_cfg_families - the families whose boot parameter (boot=live,
 * boot=casper) appears as a whole word in the config text: a bit mask of
 * (1u << STK_LIVE_BOOT) and (1u << STK_LIVE_CASPER).
 */
unsigned live_cfg_families(const char *text, size_t len);

/*
 * live_manifest_version - the version of @package in a package manifest
 * (lines "NAME[:ARCH]<blank>VERSION", as Ubuntu's filesystem.manifest), copied
 * into @out; false when the package is not listed.
 */
bool live_manifest_version(const char *text, size_t len, const char *package,
			   char *out, size_t outsz);

/*
 * live_casper_writable - 1 when casper @version looks for the label
 * "writable" (1.439 and later, 20.04 onwards; also the date-numbered
 * versions like 24.04.1), 0 when it knows only "casper-rw", -1 when
 * @version does not start with a number.
 */
int live_casper_writable(const char *version);

#endif /* STK_LIVE_H */
