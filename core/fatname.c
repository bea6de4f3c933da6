// SPDX-License-Identifier: GPL-3.0-or-later
/* fatname.c - FAT names: UTF-8/UTF-16 long names, 8.3 short names, tails. */
#include <stdio.h>

#include "internal.h"
#include "fat.h"
#include "fatname.h"

/* Characters a long name may not hold (fatgen103 section 7). */
static const char lfn_illegal[] = "\"*/:<>?\\|";
/* Characters that are legal in long names but not in short ones. */
static const char sfn_illegal[] = "+,;=[]";

static int utf8_next(const unsigned char **sp, uint32_t *cp)
{
	const unsigned char *s = *sp;
	uint32_t c = s[0], min;
	int len, i;

	if (c < 0x80) {
		*cp = c;
		*sp = s + 1;
		return 0;
	}
	if ((c & 0xe0) == 0xc0) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	*sp = s + len;
	return 0;
}

const char *fatname_from_utf8(const char *name, uint16_t *u16,
			      size_t *n_units)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t n = 0;
	uint32_t c;

	*n_units = 0;
	if (!*s)
		return "the name is empty";
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return "'.' and '..' are reserved";
	while (*s) {
		if (utf8_next(&s, &c))
			return "the name is not valid UTF-8";
		if (c < 0x20 || c == 0x7f)
			return "the name holds a control character";
		if (c < 0x80 && strchr(lfn_illegal, (int)c))
			return "FAT names cannot hold \" * / : < > ? \\ |";
		if (n + (c >= 0x10000 ? 2 : 1) > FAT_NAME_UNITS)
			return "the name is longer than 255 UTF-16 units";
		if (c >= 0x10000) {
			c -= 0x10000;
			u16[n++] = (uint16_t)(0xd800 | c >> 10);
			u16[n++] = (uint16_t)(0xdc00 | (c & 0x3ff));
		} else {
			u16[n++] = (uint16_t)c;
		}
	}
	if (u16[n - 1] == '.' || u16[n - 1] == ' ')
		return "the name ends in a dot or a space, which FAT drops";
	*n_units = n;
	return NULL;
}

static size_t put_utf8(uint32_t c, char *o)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xe0 | c >> 12);
		o[1] = (char)(0x80 | (c >> 6 & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | c >> 18);
	o[1] = (char)(0x80 | (c >> 12 & 0x3f));
	o[2] = (char)(0x80 | (c >> 6 & 0x3f));
	o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

size_t fatname_to_utf8(const uint16_t *u16, size_t n, char *out, size_t size)
{
	size_t i, o = 0, k;
	char tmp[4];
	uint32_t c;

	if (!size)
		return 0;
	for (i = 0; i < n; i++) {
		c = u16[i];
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < n &&
		    u16[i + 1] >= 0xdc00 && u16[i + 1] <= 0xdfff) {
			c = 0x10000 + ((c - 0xd800) << 10) +
			    (u16[i + 1] - 0xdc00);
			i++;
		} else if (c >= 0xd800 && c <= 0xdfff) {
			c = 0xfffd;
		}
		k = put_utf8(c, tmp);
		if (o + k + 1 > size)
			break;
		memcpy(out + o, tmp, k);
		o += k;
	}
	out[o] = '\0';
	return o;
}

uint8_t fatname_checksum(const uint8_t sfn[11])
{
	uint8_t sum = 0;
	int i;

	for (i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + sfn[i]);
	return sum;
}

uint16_t fatname_upper(uint16_t c)
{
	if (c >= 'a' && c <= 'z')
		return (uint16_t)(c - 0x20);
	if (c >= 0xe0 && c <= 0xfe && c != 0xf7)
		return (uint16_t)(c - 0x20);
	if (c == 0xff)
		return 0x178;
	if (c >= 0x3b1 && c <= 0x3c9 && c != 0x3c2)
		return (uint16_t)(c - 0x20);
	if (c >= 0x430 && c <= 0x44f)
		return (uint16_t)(c - 0x20);
	if (c >= 0x450 && c <= 0x45f)
		return (uint16_t)(c - 0x50);
	return c;
}

/* A character an 8.3 name may hold as it is (upper case given). */
static bool sfn_char_ok(uint16_t c)
{
	if (c >= 'A' && c <= 'Z')
		return true;
	if (c >= '0' && c <= '9')
		return true;
	return c < 0x80 && c > 0x20 && c != '.' && !strchr(lfn_illegal, c) &&
	       !strchr(sfn_illegal, c) && !(c >= 'a' && c <= 'z');
}

static bool is_lower(uint16_t c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_upper(uint16_t c)
{
	return c >= 'A' && c <= 'Z';
}

/* Whether the long name is a plain 8.3 name; its case bits if so. */
static bool exact_83(const uint16_t *u, size_t n, uint8_t *case_bits)
{
	size_t i, dot = n, base_len, ext_len;
	bool lo[2] = { false, false }, up[2] = { false, false };
	int part;

	for (i = 0; i < n; i++) {
		if (u[i] == '.') {
			if (dot != n)
				return false;
			dot = i;
		}
	}
	base_len = dot;
	ext_len = dot == n ? 0 : n - dot - 1;
	if (base_len < 1 || base_len > 8 || ext_len > 3 ||
	    (dot != n && ext_len == 0))
		return false;
	for (i = 0; i < n; i++) {
		if (i == dot)
			continue;
		part = i > dot;
		if (!sfn_char_ok(fatname_upper(u[i])) || u[i] >= 0x80)
			return false;
		lo[part] |= is_lower(u[i]);
		up[part] |= is_upper(u[i]);
	}
	if ((lo[0] && up[0]) || (lo[1] && up[1]))
		return false;
	*case_bits = (uint8_t)((lo[0] ? FATNAME_LOWER_BASE : 0) |
			       (lo[1] ? FATNAME_LOWER_EXT : 0));
	return true;
}

enum fatname_kind fatname_short(const uint16_t *u16, size_t n,
				uint8_t sfn[11], uint8_t *case_bits)
{
	size_t i, start, last_dot = n, o;
	bool lossy = false;
	uint16_t c;

	memset(sfn, ' ', 11);
	*case_bits = 0;
	if (exact_83(u16, n, case_bits)) {
		for (i = 0, o = 0; i < n; i++) {
			if (u16[i] == '.') {
				o = 8;
				continue;
			}
			sfn[o++] = (uint8_t)fatname_upper(u16[i]);
		}
		return FATNAME_EXACT;
	}
	/* leading periods and all spaces go; the extension follows the
	 * last embedded period */
	for (start = 0; start < n && (u16[start] == '.' || u16[start] == ' ');
	     start++)
		lossy = true;
	for (i = start; i < n; i++)
		if (u16[i] == '.')
			last_dot = i;
	for (i = start, o = 0; i < n && u16[i] != '.' && o < 8; i++) {
		c = fatname_upper(u16[i]);
		if (c == ' ') {
			lossy = true;
			continue;
		}
		if (c >= 0xdc00 && c <= 0xdfff)
			continue;	/* second half of a pair: one '_' */
		if (!sfn_char_ok(c) || c >= 0x80) {
			c = '_';
			lossy = true;
		}
		sfn[o++] = (uint8_t)c;
	}
	if ((i < n && u16[i] != '.') || (i < last_dot && last_dot != n))
		lossy = true;	/* base cut short or periods inside it */
	if (o == 0)
		sfn[o++] = '_';
	if (last_dot != n) {
		for (i = last_dot + 1, o = 8; i < n && o < 11; i++) {
			c = fatname_upper(u16[i]);
			if (c == ' ') {
				lossy = true;
				continue;
			}
			if (c >= 0xdc00 && c <= 0xdfff)
				continue;
			if (!sfn_char_ok(c) || c >= 0x80) {
				c = '_';
				lossy = true;
			}
			sfn[o++] = (uint8_t)c;
		}
		if (i < n)
			lossy = true;
	}
	/* a 0xe5 first byte would mean "deleted" (fatgen103 section 6) */
	return lossy ? FATNAME_TAIL : FATNAME_BASIS;
}

void fatname_tail(const uint8_t basis[11], unsigned n, uint8_t sfn[11])
{
	char tail[12];
	size_t tlen, blen, keep;

	memcpy(sfn, basis, 11);
	tlen = (size_t)snprintf(tail, sizeof(tail), "~%u", n);
	if (tlen > 8)
		tlen = 8;
	for (blen = 8; blen > 0 && basis[blen - 1] == ' '; blen--)
		;
	keep = blen + tlen > 8 ? 8 - tlen : blen;
	memset(sfn + keep, ' ', 8 - keep);
	memcpy(sfn + keep, tail, tlen);
}

void fatname_short_text(const uint8_t sfn[11], uint8_t case_bits,
			char out[13])
{
	size_t i, o = 0;
	int c;

	for (i = 0; i < 8 && sfn[i] != ' '; i++) {
		c = sfn[i] >= 0x80 || sfn[i] == 0x05 ? '_' : sfn[i];
		if ((case_bits & FATNAME_LOWER_BASE) && c >= 'A' && c <= 'Z')
			c += 0x20;
		out[o++] = (char)c;
	}
	if (sfn[8] != ' ') {
		out[o++] = '.';
		for (i = 8; i < 11 && sfn[i] != ' '; i++) {
			c = sfn[i] >= 0x80 ? '_' : sfn[i];
			if ((case_bits & FATNAME_LOWER_EXT) && c >= 'A' &&
			    c <= 'Z')
				c += 0x20;
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
}

/* Code page 850 (mtools' default) for short-name bytes 0x80..0xff. */
static const uint16_t cp850[128] = {
	0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7,
	0x00ea, 0x00eb, 0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5,
	0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9,
	0x00ff, 0x00d6, 0x00dc, 0x00f8, 0x00a3, 0x00d8, 0x00d7, 0x0192,
	0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1, 0x00aa, 0x00ba,
	0x00bf, 0x00ae, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb,
	0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00c1, 0x00c2, 0x00c0,
	0x00a9, 0x2563, 0x2551, 0x2557, 0x255d, 0x00a2, 0x00a5, 0x2510,
	0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x00e3, 0x00c3,
	0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x00a4,
	0x00f0, 0x00d0, 0x00ca, 0x00cb, 0x00c8, 0x0131, 0x00cd, 0x00ce,
	0x00cf, 0x2518, 0x250c, 0x2588, 0x2584, 0x00a6, 0x00cc, 0x2580,
	0x00d3, 0x00df, 0x00d4, 0x00d2, 0x00f5, 0x00d5, 0x00b5, 0x00fe,
	0x00de, 0x00da, 0x00db, 0x00d9, 0x00fd, 0x00dd, 0x00af, 0x00b4,
	0x00ad, 0x00b1, 0x2017, 0x00be, 0x00b6, 0x00a7, 0x00f7, 0x00b8,
	0x00b0, 0x00a8, 0x00b7, 0x00b9, 0x00b3, 0x00b2, 0x25a0, 0x00a0,
};

static uint16_t lower_u16(uint16_t c)
{
	if (c >= 'A' && c <= 'Z')
		return (uint16_t)(c + 0x20);
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		return (uint16_t)(c + 0x20);
	return c;
}

size_t fatname_short_u16(const uint8_t sfn[11], uint8_t case_bits,
			 uint16_t out[12])
{
	size_t i, n = 0;
	uint16_t c;

	for (i = 0; i < 11; i++) {
		if (i == 8) {
			if (sfn[8] == ' ')
				break;
			out[n++] = '.';
		}
		if (sfn[i] == ' ')
			continue;	/* padding (inner blanks are rare) */
		c = i == 0 && sfn[0] == 0x05 ? 0xe5 : sfn[i];
		c = c >= 0x80 ? cp850[c - 0x80] : c;
		if (case_bits & (i < 8 ? FATNAME_LOWER_BASE :
				 FATNAME_LOWER_EXT))
			c = lower_u16(c);
		out[n++] = c;
	}
	return n;
}
