// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * live.c - which live system an image holds: the squashfs where live-boot
 * (/live) or casper (/casper) looks for it, confirmed by a boot entry that
 * starts that system (boot=live, boot=casper), so a tree that merely has
 * the directory is not taken for one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "live.h"
#include "iso.h"

static const struct {
	const char *name;
	const char *dir;   /* where the initramfs looks for the squashfs */
	const char *boot;  /* the boot entry's parameter */
	const char *label; /* the persistence file system's label */
	const char *param; /* the parameter that turns persistence on */
} family[] = {
	[STK_LIVE_NONE] = {"none", NULL, NULL, NULL, NULL},
	[STK_LIVE_BOOT] = {"live-boot", "/live/", "boot=live", "persistence",
			   "persistence"},
	[STK_LIVE_CASPER] = {"casper", "/casper/", "boot=casper", "casper-rw",
			     "persistent"},
};

static bool known(enum stk_live_family f)
{
	return (unsigned)f <= STK_LIVE_CASPER;
}

const char *stk_live_name(enum stk_live_family f)
{
	return known(f) ? family[f].name : "unknown";
}

const char *stk_live_label(enum stk_live_family f)
{
	return known(f) ? family[f].label : NULL;
}

const char *stk_live_param(enum stk_live_family f)
{
	return known(f) ? family[f].param : NULL;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return n >= k && !strcasecmp(s + n - k, tail);
}

void live_note(struct live_scan *s, const struct iso_entry *e)
{
	int f;

	if (e->is_dir || e->is_symlink)
		return;
	for (f = STK_LIVE_BOOT; f <= STK_LIVE_CASPER; f++) {
		size_t k = strlen(family[f].dir);

		/* the first squashfs, or filesystem.squashfs when there */
		if (e->depth != 1 || strncasecmp(e->path, family[f].dir, k) ||
		    !ends_with(e->name, ".squashfs"))
			continue;
		if (!s->squashfs[f][0] ||
		    !strcasecmp(e->name, "filesystem.squashfs"))
			stk_strlcpy(s->squashfs[f], e->path,
				    sizeof(s->squashfs[f]));
	}
	if ((ends_with(e->name, ".cfg") || ends_with(e->name, ".conf")) &&
	    e->size_bytes <= LIVE_CFG_MAX_BYTES && s->n_cfgs < LIVE_MAX_CFGS)
		stk_strlcpy(s->cfg[s->n_cfgs++], e->path, STK_PATH_MAX);
}

static bool word_end(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' ||
	       c == '\'' || c == ';' || c == '}';
}

unsigned live_cfg_families(const char *text, size_t len)
{
	unsigned mask = 0;
	size_t i;
	int f;

	for (f = STK_LIVE_BOOT; f <= STK_LIVE_CASPER; f++) {
		const char *w = family[f].boot;
		size_t k = strlen(w);

		for (i = 0; i + k <= len; i++) {
			if (i && !word_end(text[i - 1]))
				continue;
			if (strncmp(text + i, w, k))
				continue;
			if (i + k < len && !word_end(text[i + k]))
				continue;
			mask |= 1u << f;
			break;
		}
	}
	return mask;
}

void live_decide(struct stk_ctx *ctx, struct iso *iso,
		 const struct live_scan *s, struct stk_report *r)
{
	unsigned mask = 0;
	int i, f;

	r->live = STK_LIVE_NONE;
	r->live_squashfs[0] = '\0';
	if (!s->squashfs[STK_LIVE_BOOT][0] &&
	    !s->squashfs[STK_LIVE_CASPER][0]) {
		stk_strlcpy(r->live_why, "no squashfs in /live or /casper",
			    sizeof(r->live_why));
		return;
	}
	for (i = 0; i < s->n_cfgs; i++) {
		uint8_t *text;
		size_t len;

		if (iso_read_file(ctx, iso, s->cfg[i], LIVE_CFG_MAX_BYTES,
				  &text, &len))
			continue;
		mask |= live_cfg_families((const char *)text, len);
		free(text);
	}
	for (f = STK_LIVE_BOOT; f <= STK_LIVE_CASPER; f++) {
		if (!s->squashfs[f][0] || !(mask & (1u << f)))
			continue;
		r->live = (enum stk_live_family)f;
		stk_strlcpy(r->live_squashfs, s->squashfs[f],
			    sizeof(r->live_squashfs));
		r->live_why[0] = '\0';
		DBG(ctx, PROBE, "live system: %s, %s", family[f].name,
		    r->live_squashfs);
		return;
	}
	f = s->squashfs[STK_LIVE_BOOT][0] ? STK_LIVE_BOOT : STK_LIVE_CASPER;
	snprintf(r->live_why, sizeof(r->live_why),
		 "'%s' is there, but no boot entry says %s", s->squashfs[f],
		 family[f].boot);
}
