// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * check.c - is this the image its publisher signed? Find the checksum
 * list next to it, check the list's signature, hash the image, and say
 * so in one of a few fixed outcomes.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sums.h"

#define LIST_MAX_BYTES (4u << 20)

const char *stk_sig_state_name(enum stk_sig_state s)
{
	switch (s) {
	case STK_SIG_NONE:
		return "unsigned";
	case STK_SIG_GOOD:
		return "good";
	case STK_SIG_BAD:
		return "bad";
	case STK_SIG_NO_KEY:
		return "no key";
	case STK_SIG_ERROR:
		return "error";
	}
	return "?";
}

const char *stk_check_outcome_name(enum stk_check_outcome o)
{
	switch (o) {
	case STK_CHECK_NOTHING:
		return "nothing to check";
	case STK_CHECK_GENUINE:
		return "genuine";
	case STK_CHECK_UNSIGNED:
		return "unsigned";
	case STK_CHECK_NO_KEY:
		return "no key";
	case STK_CHECK_MISMATCH:
		return "mismatch";
	case STK_CHECK_BAD_SIGNATURE:
		return "bad signature";
	case STK_CHECK_NOT_HASHED:
		return "not hashed";
	}
	return "?";
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Reads a whole small text file; NULL (with errno) when it cannot. */
static char *read_text(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > LIST_MAX_BYTES) {
		close(fd);
		errno = EFBIG;
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	rc = buf ? io_pread_full(fd, buf, (size_t)st.st_size, 0) : -ENOMEM;
	close(fd);
	if (rc) {
		free(buf);
		errno = -rc;
		return NULL;
	}
	buf[st.st_size] = '\0';
	*len = (size_t)st.st_size;
	return buf;
}

/* Does the list at @path name @chk->image_name? Fills the entry. */
static bool try_list(const char *path, bool single, struct stk_check *chk)
{
	struct sums_entry e;
	size_t len = 0;
	char *text;
	int rc;

	text = read_text(path, &len);
	if (!text)
		return false;
	stk_strlcpy(chk->sums_path, path, sizeof(chk->sums_path));
	chk->clearsigned = sums_clearsigned(text, len);
	rc = sums_lookup(text, len, chk->image_name, single, &e);
	free(text);
	chk->listed = !rc;
	if (!rc) {
		chk->algo = e.algo;
		stk_strlcpy(chk->expected, e.hex, sizeof(chk->expected));
	}
	return true;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/*
 * The lists distributions publish, most specific first: one made for
 * this image, then the release lists (Debian and Ubuntu SHA*SUMS, Arch
 * sha256sums.txt, Fedora *-CHECKSUM). The first one that lists the image
 * wins; failing that, the first one found is reported as not listing it.
 */
static void find_list(const char *dir, struct stk_check *chk)
{
	static const char *const own[] = {".sha512", ".sha256", ".sha256sum",
					  ".sha512sum", ".md5"};
	static const char *const release[] = {"SHA512SUMS", "SHA256SUMS",
					      "sha256sums.txt", "SHA1SUMS",
					      "MD5SUMS"};
	char path[PATH_MAX], first[STK_PATH_MAX] = "";
	struct dirent *de;
	size_t i;
	DIR *d;

	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		stk_snprintf(path, sizeof(path), "%s/%s%s", dir,
			     chk->image_name, own[i]);
		if (try_list(path, true, chk) && chk->listed)
			return;
		if (chk->sums_path[0] && !first[0])
			stk_strlcpy(first, chk->sums_path, sizeof(first));
	}
	for (i = 0; i < sizeof(release) / sizeof(release[0]); i++) {
		stk_snprintf(path, sizeof(path), "%s/%s", dir, release[i]);
		if (try_list(path, false, chk) && chk->listed)
			return;
		if (chk->sums_path[0] && !first[0])
			stk_strlcpy(first, chk->sums_path, sizeof(first));
	}
	d = opendir(dir);
	while (d && (de = readdir(d))) {
		if (!has_suffix(de->d_name, "-CHECKSUM"))
			continue;
		stk_snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (try_list(path, false, chk) && chk->listed)
			break;
		if (chk->sums_path[0] && !first[0])
			stk_strlcpy(first, chk->sums_path, sizeof(first));
	}
	if (d)
		closedir(d);
	if (!chk->listed)
		stk_strlcpy(chk->sums_path, first, sizeof(chk->sums_path));
}

/* The detached signature next to the list, if there is one. */
static void find_signature(struct stk_check *chk)
{
	static const char *const ext[] = {".sign", ".gpg", ".asc", ".sig"};
	char path[PATH_MAX];
	struct stat st;
	size_t i;

	if (chk->clearsigned) {
		stk_strlcpy(chk->sig_path, chk->sums_path,
			    sizeof(chk->sig_path));
		return;
	}
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		stk_snprintf(path, sizeof(path), "%s%s", chk->sums_path,
			     ext[i]);
		if (!stat(path, &st) && S_ISREG(st.st_mode)) {
			stk_strlcpy(chk->sig_path, path, sizeof(chk->sig_path));
			return;
		}
	}
}

/*
 * The keyrings: those named, then the binary keyrings of the directory
 * (gpgv reads binary keyrings and keyboxes only). gpgv takes a name
 * without a slash as relative to its home, so each is made absolute.
 */
static int collect_keyrings(const struct stk_check_opts *opt,
			    char (*ring)[PATH_MAX])
{
	char path[PATH_MAX];
	struct dirent *de;
	int n = 0, i;
	DIR *d;

	for (i = 0; i < opt->n_keyrings && n < STK_MAX_KEYRINGS; i++)
		if (realpath(opt->keyring[i], ring[n]))
			n++;
	d = opt->keyring_dir ? opendir(opt->keyring_dir) : NULL;
	while (d && n < STK_MAX_KEYRINGS && (de = readdir(d))) {
		if (!has_suffix(de->d_name, ".gpg") &&
		    !has_suffix(de->d_name, ".kbx") &&
		    !has_suffix(de->d_name, ".pgp"))
			continue;
		stk_snprintf(path, sizeof(path), "%s/%s", opt->keyring_dir,
			     de->d_name);
		if (realpath(path, ring[n]))
			n++;
	}
	if (d)
		closedir(d);
	return n;
}

static void check_signature(struct stk_ctx *ctx,
			    const struct stk_check_opts *opt,
			    struct stk_check *chk)
{
	char ring[STK_MAX_KEYRINGS][PATH_MAX];
	const char *rings[STK_MAX_KEYRINGS];
	struct gpgv_result res;
	int n, i;

	find_signature(chk);
	if (!chk->sig_path[0]) {
		chk->sig = STK_SIG_NONE;
		return;
	}
	n = collect_keyrings(opt, ring);
	for (i = 0; i < n; i++)
		rings[i] = ring[i];
	gpgv_verify(ctx, chk->sig_path,
		    chk->clearsigned ? NULL : chk->sums_path, rings, n, &res);
	chk->sig = res.state;
	stk_strlcpy(chk->key_fpr, res.fpr, sizeof(chk->key_fpr));
	stk_strlcpy(chk->key_uid, res.uid, sizeof(chk->key_uid));
	stk_strlcpy(chk->sig_detail, res.detail, sizeof(chk->sig_detail));
	if (!n && res.state == STK_SIG_NO_KEY)
		stk_snprintf(
			chk->sig_detail, sizeof(chk->sig_detail),
			"no keyring given (--keyring, or keyring_dir in stickler.conf), so the signature of key %s is not checked",
			res.fpr);
}

/* A typed hash: its length tells the algorithm. */
static int take_typed(struct stk_ctx *ctx, const char *typed,
		      struct stk_check *chk)
{
	struct sums_entry e;

	if (sums_lookup(typed, strlen(typed), chk->image_name, true, &e))
		return stk_seterr(
			ctx, -EINVAL,
			"'%s' is not an MD5, SHA-1, SHA-256 or SHA-512 hash in hex",
			typed);
	chk->outcome = STK_CHECK_NOT_HASHED;
	chk->typed = true;
	chk->listed = true;
	chk->algo = e.algo;
	stk_strlcpy(chk->expected, e.hex, sizeof(chk->expected));
	return 0;
}

int stk_check_find(struct stk_ctx *ctx, const char *image_path,
		   const struct stk_check_opts *opt, struct stk_check *chk)
{
	char dir[PATH_MAX];
	const char *slash;

	memset(chk, 0, sizeof(*chk));
	chk->outcome = STK_CHECK_NOTHING;
	stk_strlcpy(chk->image_name, base_name(image_path),
		    sizeof(chk->image_name));
	slash = strrchr(image_path, '/');
	if (slash)
		stk_snprintf(dir, sizeof(dir), "%.*s",
			     (int)(slash - image_path)
				     ? (int)(slash - image_path)
				     : 1,
			     image_path);
	else
		stk_snprintf(dir, sizeof(dir), ".");

	/* 0. A hash the person typed is what they mean to check against. */
	if (opt->typed_hash && *opt->typed_hash) {
		return take_typed(ctx, opt->typed_hash, chk);
	}

	/* 1. The list: the one named, else the ones published with it. */
	if (opt->sums_path) {
		if (!try_list(opt->sums_path, true, chk))
			return stk_seterr(ctx, errno ? -errno : -EINVAL,
					  "cannot read the checksum list '%s'",
					  opt->sums_path);
	} else {
		find_list(dir, chk);
	}
	if (!chk->sums_path[0] || !chk->listed) {
		if (!chk->sums_path[0])
			stk_snprintf(
				chk->summary, sizeof(chk->summary),
				"nothing to check against: no checksum list next to '%s' (SHA256SUMS, %s.sha256, *-CHECKSUM, ...)",
				chk->image_name, chk->image_name);
		else
			stk_snprintf(
				chk->summary, sizeof(chk->summary),
				"nothing to check against: %s does not list %s",
				base_name(chk->sums_path), chk->image_name);
		return 0;
	}

	/* 2. Its signature, only ever against the keys the user chose. */
	check_signature(ctx, opt, chk);
	chk->outcome = STK_CHECK_NOT_HASHED;
	return 0;
}

static void settle(struct stk_check *chk)
{
	const char *list =
		chk->typed ? "the typed hash" : base_name(chk->sums_path);
	const char *algo = stk_hash_name(chk->algo);
	char *s = chk->summary;
	size_t sz = sizeof(chk->summary);

	if (chk->sig == STK_SIG_BAD) {
		chk->outcome = STK_CHECK_BAD_SIGNATURE;
		stk_snprintf(s, sz,
			     "NOT genuine: the signature of %s is bad (%s)",
			     list, chk->sig_detail);
	} else if (strcmp(chk->computed, chk->expected)) {
		chk->outcome = STK_CHECK_MISMATCH;
		stk_snprintf(
			s, sz,
			"NOT genuine: the %s of %s differs from the one %s lists",
			algo, chk->image_name, list);
	} else if (chk->sig == STK_SIG_GOOD) {
		chk->outcome = STK_CHECK_GENUINE;
		stk_snprintf(s, sz,
			     "genuine: %s matches %s, signed by %s (key %s)",
			     algo, list, chk->key_uid, chk->key_fpr);
	} else if (chk->sig == STK_SIG_NONE) {
		chk->outcome = STK_CHECK_UNSIGNED;
		stk_snprintf(
			s, sz,
			"%s matches %s, but nobody signed it: this shows the download is whole, not who made it",
			algo, list);
	} else {
		chk->outcome = STK_CHECK_NO_KEY;
		stk_snprintf(
			s, sz,
			"%s matches %s, but its signature is not checked: %s",
			algo, list, chk->sig_detail);
	}
}

int stk_check_hash(struct stk_ctx *ctx, const char *image_path,
		   struct stk_check *chk)
{
	int rc;

	if (chk->outcome == STK_CHECK_NOTHING)
		return 0;
	rc = stk_hash_file(ctx, image_path, chk->algo, 0, chk->computed);
	if (rc)
		return rc;
	settle(chk);
	return 0;
}
