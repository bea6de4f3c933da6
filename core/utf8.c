// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * utf8.c - one reading of UTF-8 for the core and the UI: what a valid
 * sequence is (no overlong forms, no surrogates, nothing past U+10FFFF).
 */
#include "stickler.h"

int stk_utf8_len(const unsigned char *p, size_t n, uint32_t *cp)
{
	int len, i;
	uint32_t c;

	if (!n)
		return 0;
	if (p[0] < 0x80) {
		len = 1, c = p[0];
		goto done;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, c = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, c = p[0] & 0x07;
	else
		return 0;
	for (i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -1;
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
done:
	if (cp)
		*cp = c;
	return len;
}
