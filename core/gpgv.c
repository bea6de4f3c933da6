// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * gpgv.c - the OpenPGP signature of a checksum list, checked by gpgv
 * against the keyrings the user chose, and its status lines read back.
 */
#include <stdio.h>
#include <stdlib.h>

#include "sums.h"
#include "spawn.h"

#define STATUS	      "[GNUPG:] "
#define GPGV_MAX_ARGS (10 + 2 * STK_MAX_KEYRINGS)

/* Copies the rest of the status line at @p (after @skip words) to @dst. */
static void copy_field(const char *p, int skip, char *dst, size_t size)
{
	size_t n;

	while (skip-- > 0) {
		p += strcspn(p, " \n");
		p += strspn(p, " ");
	}
	n = strcspn(p, "\n");
	if (n >= size)
		n = size - 1;
	memcpy(dst, p, n);
	dst[n] = '\0';
}

/* Copies only the word (skip words in) to @dst. */
static void copy_word(const char *p, int skip, char *dst, size_t size)
{
	copy_field(p, skip, dst, size);
	dst[strcspn(dst, " ")] = '\0';
}

void gpgv_parse_status(const char *out, struct gpgv_result *res)
{
	bool good = false, bad = false, nokey = false, nodata = false;
	char keyid[64] = "";
	const char *p;

	memset(res, 0, sizeof(*res));
	for (p = out; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, STATUS, strlen(STATUS)))
			continue;
		p += strlen(STATUS);
		if (!strncmp(p, "GOODSIG ", 8)) {
			good = true;
			copy_field(p, 2, res->uid, sizeof(res->uid));
		} else if (!strncmp(p, "VALIDSIG ", 9)) {
			copy_word(p, 1, res->fpr, sizeof(res->fpr));
		} else if (!strncmp(p, "BADSIG ", 7)) {
			bad = true;
			copy_word(p, 1, keyid, sizeof(keyid));
			copy_field(p, 2, res->uid, sizeof(res->uid));
		} else if (!strncmp(p, "NO_PUBKEY ", 10)) {
			nokey = true;
			copy_word(p, 1, keyid, sizeof(keyid));
		} else if (!strncmp(p, "NODATA ", 7)) {
			nodata = true;
		}
	}
	/* Any bad signature spoils the lot, as gpgv's exit status says. */
	if (bad) {
		res->state = STK_SIG_BAD;
		snprintf(res->detail, sizeof(res->detail),
			 "BAD signature from key %s (%.120s)", keyid, res->uid);
	} else if (good) {
		res->state = STK_SIG_GOOD;
	} else if (nokey) {
		res->state = STK_SIG_NO_KEY;
		snprintf(res->detail, sizeof(res->detail),
			 "signed by key %s, which no keyring given holds",
			 keyid);
		stk_strlcpy(res->fpr, keyid, sizeof(res->fpr));
	} else {
		res->state = STK_SIG_ERROR;
		snprintf(res->detail, sizeof(res->detail), "%s",
			 nodata ? "the signature file holds no signature"
				: "gpgv could not check the signature");
	}
}

void gpgv_verify(struct stk_ctx *ctx, const char *sig, const char *data,
		 const char *const *keyrings, int n_keyrings,
		 struct gpgv_result *res)
{
	const char *argv[GPGV_MAX_ARGS];
	char *out = NULL;
	int i, n = 0, rc;

	argv[n++] = "gpgv";
	argv[n++] = "--status-fd";
	argv[n++] = "1";
	/* its sentences are information, not warnings of ours */
	argv[n++] = "--logger-fd";
	argv[n++] = "1";
	/* With no --keyring gpgv would read ~/.gnupg/trustedkeys.kbx: only
	 * the keys the user named may count. */
	for (i = 0; i < n_keyrings && i < STK_MAX_KEYRINGS; i++) {
		argv[n++] = "--keyring";
		argv[n++] = keyrings[i];
	}
	if (!n_keyrings) {
		argv[n++] = "--keyring";
		argv[n++] = "/dev/null";
	}
	argv[n++] = "--";
	argv[n++] = sig;
	if (data)
		argv[n++] = data;
	argv[n] = NULL;
	rc = spawn_run(ctx, argv, NULL, &out);
	if (!out) {
		memset(res, 0, sizeof(*res));
		res->state = STK_SIG_ERROR;
		snprintf(res->detail, sizeof(res->detail),
			 "cannot run gpgv (%s): the signature is not checked",
			 stk_strerror(rc));
		return;
	}
	gpgv_parse_status(out, res);
	free(out);
	/* gpgv's own word is the exit status: never call good what it
	 * did not pass. */
	if (res->state == STK_SIG_GOOD && rc) {
		res->state = STK_SIG_ERROR;
		snprintf(res->detail, sizeof(res->detail),
			 "gpgv failed although it saw a good signature");
	}
}
