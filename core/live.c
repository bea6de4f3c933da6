// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * live.c - which live system an image holds: the squashfs where live-boot
 * (/live) or casper (/casper) looks for it, confirmed by a boot entry that
 * starts that system (boot=live, boot=casper), so a tree that merely has
 * the directory is not taken for one.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	if (e->depth == 1 && !strncasecmp(e->path, "/casper/", 8) &&
	    ends_with(e->name, ".manifest") &&
	    s->n_manifests < LIVE_MAX_MANIFESTS)
		stk_strlcpy(s->manifest[s->n_manifests++], e->path,
			    STK_PATH_MAX);
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

bool live_manifest_version(const char *text, size_t len, const char *package,
			   char *out, size_t outsz)
{
	size_t k = strlen(package), i = 0;

	while (i < len) {
		size_t end = i, n = 0;

		while (end < len && text[end] != '\n')
			end++;
		if (end - i > k && !strncmp(text + i, package, k) &&
		    (text[i + k] == ' ' || text[i + k] == '\t' ||
		     text[i + k] == ':')) {
			size_t v = i + k;

			while (v < end && text[v] != ' ' && text[v] != '\t')
				v++; /* past ":ARCH" */
			while (v < end && (text[v] == ' ' || text[v] == '\t'))
				v++;
			while (v + n < end &&
			       !isspace((unsigned char)text[v + n]))
				n++;
			if (n && n < outsz) {
				memcpy(out, text + v, n);
				out[n] = '\0';
				return true;
			}
		}
		i = end + 1;
	}
	return false;
}

int live_casper_writable(const char *version)
{
	/* the first release that looks for "writable": 1.439 */
	static const unsigned long since[] = {1, 439};
	const char *p = version;
	size_t i;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (i = 0; i < sizeof(since) / sizeof(since[0]); i++) {
		unsigned long n = 0;

		if (!isdigit((unsigned char)*p))
			return 0; /* "1" alone is older than "1.439" */
		while (isdigit((unsigned char)*p) && n < 1000000)
			n = n * 10 + (unsigned long)(*p++ - '0');
		if (n != since[i])
			return n > since[i];
		if (*p == '.')
			p++;
	}
	return 1;
}

/* casper: the label the image's casper looks for, from its manifest. */
static void casper_label(struct stk_ctx *ctx, struct iso *iso,
			 const struct live_scan *s, struct stk_report *r)
{
	char version[64] = "";
	const char *where = NULL;
	int i;

	for (i = 0; i < s->n_manifests && !version[0]; i++) {
		uint8_t *text;
		size_t len;

		if (iso_read_file(ctx, iso, s->manifest[i],
				  LIVE_MANIFEST_MAX_BYTES, &text, &len))
			continue;
		if (live_manifest_version((const char *)text, len, "casper",
					  version, sizeof(version)))
			where = s->manifest[i];
		free(text);
	}
	if (!where) {
		stk_strlcpy(r->live_label, "casper-rw", sizeof(r->live_label));
		stk_strlcpy(
			r->live_label_why,
			"no casper version in a /casper manifest: 'casper-rw', which every casper finds",
			sizeof(r->live_label_why));
		return;
	}
	switch (live_casper_writable(version)) {
	case 1:
		stk_strlcpy(r->live_label, "writable", sizeof(r->live_label));
		snprintf(r->live_label_why, sizeof(r->live_label_why),
			 "casper %s (%s) looks for 'writable' first", version,
			 where);
		break;
	case 0:
		stk_strlcpy(r->live_label, "casper-rw", sizeof(r->live_label));
		snprintf(r->live_label_why, sizeof(r->live_label_why),
			 "casper %s (%s) knows only 'casper-rw'", version,
			 where);
		break;
	default:
		stk_strlcpy(r->live_label, "casper-rw", sizeof(r->live_label));
		snprintf(
			r->live_label_why, sizeof(r->live_label_why),
			"casper version '%s' (%s) not understood: 'casper-rw', which every casper finds",
			version, where);
		break;
	}
	DBG(ctx, PROBE, "casper label: %s (%s)", r->live_label,
	    r->live_label_why);
}

void live_decide(struct stk_ctx *ctx, struct iso *iso,
		 const struct live_scan *s, struct stk_report *r)
{
	unsigned mask = 0;
	int i, f;

	r->live = STK_LIVE_NONE;
	r->live_squashfs[0] = '\0';
	r->live_label[0] = '\0';
	r->live_label_why[0] = '\0';
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
		if (f == STK_LIVE_CASPER)
			casper_label(ctx, iso, s, r);
		else
			stk_strlcpy(r->live_label, family[f].label,
				    sizeof(r->live_label));
		return;
	}
	f = s->squashfs[STK_LIVE_BOOT][0] ? STK_LIVE_BOOT : STK_LIVE_CASPER;
	snprintf(r->live_why, sizeof(r->live_why),
		 "'%s' is there, but no boot entry says %s", s->squashfs[f],
		 family[f].boot);
}
