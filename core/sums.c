// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * sums.c - checksum lists as distributions publish them (GNU "HEX  name",
 * BSD "SHA256 (name) = HEX", a lone HEX for one image), clearsigned or
 * not. Pure: text in, the entry for one name out.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <strings.h>

#include "sums.h"

#define PGP_SIGNED "-----BEGIN PGP SIGNED MESSAGE-----"
#define PGP_SIG	   "-----BEGIN PGP SIGNATURE-----"

static bool hex_run(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

/* The algorithm a digest of @n hex digits is, by length. */
static int algo_by_len(size_t n, enum stk_hash_algo *algo)
{
	switch (n) {
	case 32:
		*algo = STK_HASH_MD5;
		return 0;
	case 40:
		*algo = STK_HASH_SHA1;
		return 0;
	case 64:
		*algo = STK_HASH_SHA256;
		return 0;
	case 128:
		*algo = STK_HASH_SHA512;
		return 0;
	}
	return -EINVAL;
}

static bool same_name(const char *listed, size_t n, const char *name)
{
	while (n >= 2 && listed[0] == '.' && listed[1] == '/') {
		listed += 2;
		n -= 2;
	}
	return n == strlen(name) && !memcmp(listed, name, n);
}

/*
 * One line (without its newline). BSD: "ALGO (name) = HEX"; GNU: "HEX",
 * blanks, an optional '*' (binary mode), the name. Returns 1 when the line
 * names @name (or is a lone digest and @single), filling @e.
 */
static int parse_line(const char *p, size_t n, const char *name, bool single,
		      struct sums_entry *e)
{
	const char *open, *close, *hex;
	size_t hn, i;

	while (n && isspace((unsigned char)*p)) {
		p++;
		n--;
	}
	while (n && isspace((unsigned char)p[n - 1]))
		n--;
	if (!n || *p == '#')
		return 0;
	open = memchr(p, '(', n);
	close = open ? memchr(open, ')', n - (size_t)(open - p)) : NULL;
	if (open && close && isalpha((unsigned char)*p) &&
	    (size_t)(close - p) + 4 <= n && !memcmp(close, ") = ", 4)) {
		hex = close + 4;
		hn = n - (size_t)(hex - p);
		if (!hex_run(hex, hn) || algo_by_len(hn, &e->algo))
			return 0;
		if (!same_name(open + 1, (size_t)(close - open - 1), name))
			return 0;
	} else {
		for (hn = 0; hn < n && isxdigit((unsigned char)p[hn]); hn++)
			;
		if (algo_by_len(hn, &e->algo))
			return 0;
		hex = p;
		if (hn == n) {
			if (!single)
				return 0;
		} else {
			i = hn;
			if (!isspace((unsigned char)p[i]))
				return 0;
			while (i < n && isspace((unsigned char)p[i]))
				i++;
			if (i < n && p[i] == '*')
				i++;
			if (!same_name(p + i, n - i, name))
				return 0;
		}
	}
	for (i = 0; i < hn; i++)
		e->hex[i] = (char)tolower((unsigned char)hex[i]);
	e->hex[hn] = '\0';
	return 1;
}

bool sums_clearsigned(const char *text, size_t len)
{
	return len >= strlen(PGP_SIGNED) &&
	       memmem(text, len, PGP_SIGNED, strlen(PGP_SIGNED));
}

int sums_lookup(const char *text, size_t len, const char *name, bool single,
		struct sums_entry *e)
{
	const char *p = text, *end = text + len, *nl;
	bool clear = sums_clearsigned(text, len);
	/* 0 before the armour, 1 its header, 2 the signed text, 3 after */
	int part = clear ? 0 : 2;
	int found = 0;

	memset(e, 0, sizeof(*e));
	for (; p < end && !found; p = nl + 1) {
		size_t n;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		n = (size_t)(nl - p);
		if (n && p[n - 1] == '\r')
			n--;
		/* RFC 4880 7: only the text between the armour lines is
		 * signed; what stands around it must count for nothing. */
		if (part == 0) {
			if (n == strlen(PGP_SIGNED) &&
			    !memcmp(p, PGP_SIGNED, n))
				part = 1;
			continue;
		}
		if (part == 1) {
			if (!n)
				part = 2;
			continue;
		}
		if (clear && n >= strlen(PGP_SIG) &&
		    !memcmp(p, PGP_SIG, strlen(PGP_SIG)))
			break;
		if (clear && n >= 2 && p[0] == '-' && p[1] == ' ') {
			p += 2;
			n -= 2;
		}
		found = parse_line(p, n, name, single, e);
	}
	return found ? 0 : -ENOENT;
}
