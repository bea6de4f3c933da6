// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * secureboot.c - will the stick boot with Secure Boot on? Every EFI
 * loader the stick would boot is read, its Authenticode signature and
 * SBAT metadata judged, and the default x64 path (and, behind shim, the
 * grubx64.efi it loads) decides the verdict.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>

#include "secureboot.h"
#include "hash.h"
#include "pe.h"
#include "probe.h"

#define EFIVARS	       "/sys/firmware/efi/efivars"
#define SBATLEVEL_VAR  "SbatLevelRT-605dab50-e046-4300-abb6-3dd810dd8b23"
#define DBX_VAR	       "dbx-d719b2cb-3d3a-4596-a3bc-dad00e67656f"
#define DBX_UPDATE_DIR "/usr/share/dbxtool"
#define DATA_MAX       (1u << 20)

struct sb_job {
	struct stk_ctx *ctx;
	const struct stk_image *img;
	struct sb_sources src;
	struct ac_trust *db;
	struct sb_levels lv;
	struct sb_revoked rv;
	struct stk_secure_boot *out;
	int src_of[STK_SB_MAX_LOADERS]; /* -1 tree */
	char file[STK_SB_MAX_LOADERS][STK_PATH_MAX];
};

const char *stk_sb_verdict_name(enum stk_sb_verdict v)
{
	switch (v) {
	case STK_SB_NONE:
		return "none";
	case STK_SB_OK:
		return "ok";
	case STK_SB_UNSIGNED:
		return "unsigned";
	case STK_SB_UNTRUSTED:
		return "untrusted";
	case STK_SB_REVOKED:
		return "revoked";
	}
	return "?";
}

static void add_reason(struct stk_secure_boot *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_reason(struct stk_secure_boot *sb, const char *fmt, ...)
{
	va_list ap;

	if (sb->n_reasons >= STK_MAX_REASONS)
		return;
	va_start(ap, fmt);
	vsnprintf(sb->reason[sb->n_reasons++], STK_REASON_MAX, fmt, ap);
	va_end(ap);
}

/* A small whole file, NUL-terminated; NULL when absent. */
static char *slurp(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) || st.st_size > DATA_MAX) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf)
		*len = fread(buf, 1, (size_t)st.st_size, f);
	if (buf)
		buf[*len] = '\0';
	fclose(f);
	return buf;
}

/*
 * The dbx updates Debian's dbxtool installs (DBXUpdate-*.bin), when it is
 * installed; $STICKLER_DBX_DIR names another directory ("" for none).
 */
static void load_dbx_updates(struct sb_job *j)
{
	const char *env = getenv("STICKLER_DBX_DIR");
	const char *dir = env ? env : DBX_UPDATE_DIR;
	char path[4096];
	struct dirent *d;
	size_t len = 0;
	char *bytes;
	DIR *dp;

	if (!*dir || !(dp = opendir(dir)))
		return;
	while ((d = readdir(dp))) {
		size_t n = strlen(d->d_name);
		int got;

		if (n < 5 || strcmp(d->d_name + n - 4, ".bin"))
			continue;
		stk_snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		bytes = slurp(path, &len);
		if (!bytes)
			continue;
		got = sb_revoked_from_update(&j->rv, (uint8_t *)bytes, len);
		free(bytes);
		if (got < 0)
			stk_log(j->ctx, STK_LOG_WARN,
				"'%s' is not a dbx update; it is left out",
				path);
		else
			DBG(j->ctx, PROBE, "%s: %d revoked hashes", path, got);
	}
	closedir(dp);
}

/* 1. What firmware and the machine say: certificates, levels, hashes. */
static void load_data(struct sb_job *j)
{
	const char *env = getenv("STICKLER_EFIVARS");
	const char *vars = env && *env ? env : EFIVARS;
	char path[4096];
	const char *why;
	size_t len = 0;
	char *text;

	j->db = ac_trust_load(
		sb_data_path("secureboot-db.pem", path, sizeof(path)), &why);
	if (!j->db)
		stk_log(j->ctx, STK_LOG_WARN,
			"'%s': %s: no loader counts as trusted", path, why);
	text = slurp(sb_data_path("sbat-level.csv", path, sizeof(path)), &len);
	if (text)
		sb_levels_merge(&j->lv, text, len, "Debian's shim");
	free(text);
	env = getenv("STICKLER_SB_REVOKED");
	text = slurp(env && *env ? env
				 : sb_data_path("secureboot-revoked.list", path,
						sizeof(path)),
		     &len);
	if (text)
		sb_revoked_load(&j->rv, (uint8_t *)text, len);
	free(text);
	load_dbx_updates(j);
	/* efivarfs: 4 bytes of attributes, then the value */
	stk_snprintf(path, sizeof(path), "%s/%s", vars, SBATLEVEL_VAR);
	text = slurp(path, &len);
	if (text && len > 4)
		sb_levels_merge(&j->lv, text + 4, len - 4, "this machine");
	free(text);
	stk_snprintf(path, sizeof(path), "%s/%s", vars, DBX_VAR);
	text = slurp(path, &len);
	if (text && len > 4)
		sb_revoked_from_siglists(&j->rv, (uint8_t *)text + 4, len - 4);
	free(text);
}

/* The signatures of one loader, against @trust (db) and @shim. */
static void judge_signatures(const uint8_t *buf, const struct pe_info *pe,
			     const uint8_t hash[32], struct ac_trust *db,
			     struct ac_trust *shim, struct stk_sb_loader *l)
{
	char first_problem[STK_REASON_MAX] = "";
	struct ac_result res;
	uint32_t pos = 0;
	const uint8_t *p7;
	const char *why;
	size_t n;

	while ((p7 = pe_next_cert(buf, pe, &pos, &n, &why))) {
		ac_check(p7, n, hash, db, &res);
		if (!res.intact) {
			if (!first_problem[0])
				stk_strlcpy(first_problem, res.problem,
					    sizeof(first_problem));
			continue;
		}
		if (!l->signed_ || (res.trusted && !l->trusted)) {
			stk_strlcpy(l->signer, res.signer, sizeof(l->signer));
			stk_strlcpy(l->issuer, res.issuer, sizeof(l->issuer));
		}
		l->signed_ = true;
		if (res.trusted && !l->trusted) {
			l->trusted = true;
			stk_strlcpy(l->anchor, res.anchor, sizeof(l->anchor));
		}
		if (shim && !l->shim_trusted) {
			ac_check(p7, n, hash, shim, &res);
			l->shim_trusted = res.trusted;
			if (res.trusted && !l->trusted)
				stk_strlcpy(l->anchor, res.anchor,
					    sizeof(l->anchor));
		}
	}
	if (why && !first_problem[0])
		stk_strlcpy(first_problem, why, sizeof(first_problem));
	if (!l->signed_ && !l->problem[0])
		stk_snprintf(l->problem, sizeof(l->problem), "%s",
			     first_problem[0] ? first_problem : "not signed");
}

/*
 * 2. One loader: headers, hash, signatures, SBAT. For a shim, its vendor
 * certificate goes to *@vendor (a trust of its own) and its .sbatlevel
 * into the levels.
 */
static void judge(struct sb_job *j, const uint8_t *buf, size_t len,
		  struct ac_trust *shim, struct stk_sb_loader *l,
		  struct ac_trust **vendor)
{
	uint8_t hash[SHA256_BYTES];
	struct sbat_entry sbat[STK_SB_MAX_SBAT];
	struct pe_info *pe;
	const uint8_t *sec;
	const char *why;
	size_t n;
	int i, k;

	pe = malloc(sizeof(*pe));
	if (!pe) {
		stk_snprintf(l->problem, sizeof(l->problem), "out of memory");
		return;
	}
	why = pe_parse(buf, len, pe);
	if (why) {
		stk_snprintf(l->problem, sizeof(l->problem), "%s", why);
		goto out;
	}
	stk_strlcpy(l->arch, pe_arch(pe->machine), sizeof(l->arch));
	pe_authenticode_sha256(buf, pe, hash);
	hash_hex(hash, sizeof(hash), l->sha256);
	judge_signatures(buf, pe, hash, j->db, shim, l);
	if (sb_revoked_has(&j->rv, hash)) {
		l->revoked = true;
		stk_snprintf(l->problem, sizeof(l->problem),
			     "its hash is on the revocation list (dbx)");
	}
	sec = pe_section_bytes(buf, len, pe, ".sbat", &n);
	if (sec) {
		k = sbat_parse((const char *)sec, n, sbat, STK_SB_MAX_SBAT,
			       &why);
		for (i = 0; i < k; i++) {
			stk_strlcpy(l->sbat[i].component, sbat[i].component,
				    sizeof(l->sbat[i].component));
			l->sbat[i].generation = sbat[i].generation;
		}
		l->n_sbat = k > 0 ? k : 0;
		if (k < 0 && !l->problem[0])
			stk_snprintf(l->problem, sizeof(l->problem),
				     ".sbat: %s", why);
	}
	sec = pe_section_bytes(buf, len, pe, ".sbatlevel", &n);
	if (sec) {
		char text[1024];

		l->is_shim = true;
		if (!sbatlevel_parse(sec, n, false, text, sizeof(text)))
			sb_levels_merge(&j->lv, text, strlen(text),
					"the image's shim");
	}
	sec = pe_section_bytes(buf, len, pe, ".vendor_cert", &n);
	if (sec) {
		const uint8_t *der;
		char path[4096];

		l->is_shim = true;
		if (vendor && !vendor_cert_parse(sec, n, &der, &n) && der &&
		    !*vendor) {
			*vendor =
				ac_trust_load(sb_data_path("secureboot-db.pem",
							   path, sizeof(path)),
					      &why);
			if (*vendor && ac_trust_add_der(*vendor, der, n)) {
				ac_trust_free(*vendor);
				*vendor = NULL;
			}
		}
	}
out:
	free(pe);
}

static struct stk_sb_loader *add_loader(struct sb_job *j, int src,
					const char *file)
{
	struct stk_secure_boot *sb = j->out;
	struct stk_sb_loader *l;

	if (sb->n_loaders >= STK_SB_MAX_LOADERS)
		return NULL;
	j->src_of[sb->n_loaders] = src;
	stk_strlcpy(j->file[sb->n_loaders], file, STK_PATH_MAX);
	l = &sb->loader[sb->n_loaders++];
	if (src < 0)
		stk_strlcpy(l->path, file, sizeof(l->path));
	else
		stk_snprintf(l->path, sizeof(l->path), "%s:%s",
			     j->src.fat[src].name, file);
	return l;
}

static void read_and_judge(struct sb_job *j, int idx, struct ac_trust *shim,
			   struct ac_trust **vendor)
{
	struct stk_sb_loader *l = &j->out->loader[idx];
	uint8_t *buf;
	size_t len;
	int rc;

	rc = sb_read(j->ctx, j->img, j->src_of[idx], &j->src, j->file[idx],
		     &buf, &len);
	if (rc) {
		stk_snprintf(l->problem, sizeof(l->problem),
			     "cannot be read: %s", stk_strerror(rc));
		return;
	}
	judge(j, buf, len, shim, l, vendor);
	free(buf);
}

static bool is_default_x64(const char *file)
{
	size_t n = strlen(file);

	return n >= 12 && !strcasecmp(file + n - 12, "/BOOTX64.EFI");
}

/*
 * The loader a PC takes: written raw, firmware reads the ESP of the
 * partition table; an ISO-mode stick holds the tree's EFI/BOOT, or the
 * El Torito image's files when the tree has none.
 */
static int pick_default(const struct sb_job *j)
{
	const struct stk_secure_boot *sb = j->out;
	bool raw = j->img->report.verdict == STK_MODE_RAW;
	int i, pass;

	for (pass = 0; pass < 3; pass++)
		for (i = 0; i < sb->n_loaders; i++) {
			int s = j->src_of[i];
			bool esp = s >= 0 && !strcmp(j->src.fat[s].name, "ESP");

			if (!is_default_x64(j->file[i]))
				continue;
			if (pass == 0 && raw && esp)
				return i;
			if (pass == 1 && s < 0)
				return i;
			if (pass == 2)
				return i;
		}
	return -1;
}

static const char *file_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* 3. The SBAT levels, once every shim has had its say. */
static void apply_levels(struct sb_job *j)
{
	struct sbat_entry e[STK_SB_MAX_SBAT];
	int i, k, bad, level;

	for (i = 0; i < j->out->n_loaders; i++) {
		struct stk_sb_loader *l = &j->out->loader[i];

		for (k = 0; k < l->n_sbat; k++) {
			stk_strlcpy(e[k].component, l->sbat[k].component,
				    sizeof(e[k].component));
			e[k].generation = l->sbat[k].generation;
		}
		bad = sb_levels_check(&j->lv, e, l->n_sbat, &level);
		if (bad < 0)
			continue;
		l->revoked = true;
		stk_snprintf(
			l->problem, sizeof(l->problem),
			"SBAT: %s generation %u is below the revocation level %u (%s)",
			e[bad].component, e[bad].generation,
			j->lv.e[level].generation, j->lv.from[level]);
	}
}

/* Why @l would not boot, as verdict and sentence; OK when it would. */
static enum stk_sb_verdict fault(const struct stk_sb_loader *l, bool by_shim,
				 char *why, size_t size)
{
	const char *n = file_name(l->path);

	if (l->revoked) {
		stk_snprintf(why, size, "%s is revoked: %s", n, l->problem);
		return STK_SB_REVOKED;
	}
	if (!l->signed_) {
		stk_snprintf(why, size, "%s is not signed%s%s", n,
			     strcmp(l->problem, "not signed") ? ": " : "",
			     strcmp(l->problem, "not signed") ? l->problem
							      : "");
		return STK_SB_UNSIGNED;
	}
	if (!l->trusted && !(by_shim && l->shim_trusted)) {
		stk_snprintf(why, size,
			     "%s is signed by %s (%s), which %s does not trust",
			     n, l->signer, l->issuer,
			     by_shim ? "neither PC firmware nor the shim"
				     : "PC firmware by default");
		return STK_SB_UNTRUSTED;
	}
	return STK_SB_OK;
}

static void decide(struct sb_job *j, int def, int chain)
{
	struct stk_secure_boot *sb = j->out;
	const struct stk_sb_loader *d = &sb->loader[def];
	char why[STK_REASON_MAX * 2];
	enum stk_sb_verdict v;

	v = fault(d, false, why, sizeof(why));
	if (v == STK_SB_OK && d->is_shim && chain < 0) {
		v = STK_SB_UNTRUSTED;
		stk_snprintf(
			why, sizeof(why),
			"%s is shim, and the grubx64.efi it loads is missing",
			file_name(d->path));
	} else if (v == STK_SB_OK && chain >= 0) {
		v = fault(&sb->loader[chain], true, why, sizeof(why));
	}
	sb->verdict = v;
	if (v != STK_SB_OK) {
		add_reason(sb, "%s", why);
		stk_snprintf(sb->line, sizeof(sb->line),
			     "Secure Boot: must be turned off: %s", why);
		return;
	}
	add_reason(sb, "%s is signed by %s, which chains to %s", d->path,
		   d->signer, d->anchor);
	if (chain >= 0)
		add_reason(sb, "%s, which shim loads, is signed by %s (%s)",
			   sb->loader[chain].path, sb->loader[chain].signer,
			   sb->loader[chain].trusted
				   ? "trusted by firmware"
				   : "trusted by shim's vendor certificate");
	stk_snprintf(sb->line, sizeof(sb->line),
		     "Secure Boot: boots with Secure Boot on (%s signed by %s)",
		     d->is_shim ? "shim" : file_name(d->path), d->anchor);
}

int stk_image_secure_boot(struct stk_ctx *ctx, const struct stk_image *img,
			  struct stk_secure_boot *out)
{
	const struct stk_report *r = &img->report;
	char names[STK_SB_MAX_LOADERS][STK_PATH_MAX];
	struct ac_trust *vendor = NULL;
	struct sb_job *j;
	int i, k, n, def, chain = -1;

	memset(out, 0, sizeof(*out));
	if (r->compression != STK_COMP_NONE)
		return stk_seterr(
			ctx, -ENOTSUP,
			"the EFI loaders of a compressed image are not examined");
	j = calloc(1, sizeof(*j));
	if (!j)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	j->ctx = ctx;
	j->img = img;
	j->out = out;
	load_data(j);

	/* The loaders: the tree's, then those of each FAT source. */
	for (i = 0; i < r->n_efi_loaders; i++)
		add_loader(j, -1, r->efi_loader[i]);
	sb_sources_find(ctx, img, &j->src);
	for (k = 0; k < j->src.n_fat; k++) {
		n = sb_list_boot(ctx, img, &j->src.fat[k], names,
				 STK_SB_MAX_LOADERS);
		for (i = 0; i < n; i++)
			add_loader(j, k, names[i]);
	}
	for (i = 0; i < out->n_loaders; i++)
		read_and_judge(j, i, NULL, NULL);
	if (!out->n_loaders) {
		out->verdict = STK_SB_NONE;
		stk_snprintf(
			out->line, sizeof(out->line),
			"Secure Boot: no EFI loader: the image does not boot on UEFI");
		goto out;
	}
	def = pick_default(j);
	if (def < 0) {
		out->verdict = STK_SB_UNTRUSTED;
		add_reason(
			out,
			"no EFI/BOOT/BOOTX64.EFI: a PC has no default x64 loader to start");
		stk_snprintf(
			out->line, sizeof(out->line),
			"Secure Boot: must be turned off: no EFI/BOOT/BOOTX64.EFI");
		goto out;
	}
	/* shim loads grubx64.efi from its own folder, by name */
	if (out->loader[def].is_shim) {
		char path[STK_PATH_MAX];
		struct stk_sb_loader *l;
		size_t dn = strlen(j->file[def]) - strlen("BOOTX64.EFI");

		stk_snprintf(path, sizeof(path), "%.*sgrubx64.efi", (int)dn,
			     j->file[def]);
		read_and_judge(j, def, NULL, &vendor);
		l = add_loader(j, j->src_of[def], path);
		if (l) {
			chain = out->n_loaders - 1;
			read_and_judge(j, chain, vendor, NULL);
			if (!strncmp(l->problem, "cannot be read", 14)) {
				out->n_loaders--;
				chain = -1;
			}
		}
	}
	apply_levels(j);
	decide(j, def, chain);
out:
	ac_trust_free(vendor);
	ac_trust_free(j->db);
	free(j);
	return 0;
}
