// SPDX-License-Identifier: GPL-3.0-or-later
/* test-fatname.c - FAT names: legality, short names, tails, checksums,
 * labels and the cluster-size table. */
#include <stdlib.h>

#include "t.h"
#include "internal.h"
#include "fat.h"
#include "fatname.h"

static enum fatname_kind short_of(const char *name, char sfn[12],
				  uint8_t *bits)
{
	uint16_t u[FAT_NAME_UNITS];
	enum fatname_kind k;
	size_t n;

	if (fatname_from_utf8(name, u, &n))
		return (enum fatname_kind)-1;
	k = fatname_short(u, n, (uint8_t *)sfn, bits);
	sfn[11] = '\0';
	return k;
}

static void plain_83_names_need_no_lfn(void)
{
	char s[12];
	uint8_t bits;

	T_EQ_INT(short_of("README.TXT", s, &bits), FATNAME_EXACT);
	T_EQ_STR(s, "README  TXT");
	T_EQ_INT(bits, 0);
	T_EQ_INT(short_of("readme.txt", s, &bits), FATNAME_EXACT);
	T_EQ_STR(s, "README  TXT");
	T_EQ_INT(bits, FATNAME_LOWER_BASE | FATNAME_LOWER_EXT);
	T_EQ_INT(short_of("vmlinuz", s, &bits), FATNAME_EXACT);
	T_EQ_STR(s, "VMLINUZ    ");
	T_EQ_INT(bits, FATNAME_LOWER_BASE);
	T_EQ_INT(short_of("BOOTX64.efi", s, &bits), FATNAME_EXACT);
	T_EQ_INT(bits, FATNAME_LOWER_EXT);
	T_EQ_INT(short_of("A~1.B", s, &bits), FATNAME_EXACT);
	T_EQ_STR(s, "A~1     B  ");
}

static void other_names_get_a_basis(void)
{
	char s[12];
	uint8_t bits;

	/* mixed case in one part: LFN, but the basis may stand alone */
	T_EQ_INT(short_of("ReadMe.txt", s, &bits), FATNAME_BASIS);
	T_EQ_STR(s, "README  TXT");
	T_EQ_INT(bits, 0);
	T_EQ_INT(short_of("a long file name.text", s, &bits), FATNAME_TAIL);
	T_EQ_STR(s, "ALONGFILTEX");
	T_EQ_INT(short_of(".bashrc", s, &bits), FATNAME_TAIL);
	T_EQ_STR(s, "BASHRC     ");
	T_EQ_INT(short_of("caf\xc3\xa9.txt", s, &bits), FATNAME_TAIL);
	T_EQ_STR(s, "CAF_    TXT");
	T_EQ_INT(short_of("a.b.c", s, &bits), FATNAME_TAIL);
	T_EQ_STR(s, "A       C  ");
	T_EQ_INT(short_of("x+y=z", s, &bits), FATNAME_TAIL);
	T_EQ_STR(s, "X_Y_Z      ");
	/* U+65E5 U+672C: two characters, two '_' */
	T_EQ_INT(short_of("\xe6\x97\xa5\xe6\x9c\xac", s, &bits), FATNAME_TAIL);
	T_EQ_STR(s, "__         ");
	/* U+1F600 is a surrogate pair but one character */
	T_EQ_INT(short_of("\xf0\x9f\x98\x80.png", s, &bits), FATNAME_TAIL);
	T_EQ_STR(s, "_       PNG");
}

static void tails_shorten_the_base(void)
{
	const uint8_t basis[11] = "ALONGFILTEX";
	const uint8_t shortb[11] = "AB      C  ";
	char s[12] = { 0 };

	fatname_tail(basis, 1, (uint8_t *)s);
	T_EQ_STR(s, "ALONGF~1TEX");
	fatname_tail(basis, 9, (uint8_t *)s);
	T_EQ_STR(s, "ALONGF~9TEX");
	fatname_tail(basis, 10, (uint8_t *)s);
	T_EQ_STR(s, "ALONG~10TEX");
	fatname_tail(basis, 123456, (uint8_t *)s);
	T_EQ_STR(s, "A~123456TEX");
	fatname_tail(shortb, 3, (uint8_t *)s);
	T_EQ_STR(s, "AB~3    C  ");
}

static void checksums_match_the_spec_formula(void)
{
	/* values from an independent implementation of fatgen103's
	 * rotate-right-and-add */
	T_EQ_INT(fatname_checksum((const uint8_t *)"README  TXT"), 0x73);
	T_EQ_INT(fatname_checksum((const uint8_t *)"FOO     BAR"), 0x53);
	T_EQ_INT(fatname_checksum((const uint8_t *)"ALONGF~1TEX"), 0x7d);
	T_EQ_INT(fatname_checksum((const uint8_t *)"           "), 0xf7);
}

static void illegal_names_are_refused(void)
{
	static const char *bad[] = {
		"", ".", "..", "a:b", "a*b", "what?", "say\"hi\"", "<x>",
		"a|b", "back\\slash", "tab\there", "del\x7f", "dot.",
		"space ", "bad\xc3(utf8", "\xed\xa0\x80surrogate",
		"\xc0\xafoverlong",
	};
	uint16_t u[FAT_NAME_UNITS];
	char longest[300];
	size_t i, n;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!fatname_from_utf8(bad[i], u, &n))
			T_FAIL_AT("'%s' was accepted", bad[i]);
	memset(longest, 'a', 255);
	longest[255] = '\0';
	T_OK(fatname_from_utf8(longest, u, &n) == NULL);
	T_EQ_INT(n, 255);
	longest[255] = 'a';
	longest[256] = '\0';
	T_OK(fatname_from_utf8(longest, u, &n) != NULL);
	T_OK(fatname_from_utf8(" leading space.txt", u, &n) == NULL);
	T_OK(fatname_from_utf8("\xf0\x9f\x98\x80", u, &n) == NULL);
	T_EQ_INT(n, 2);
	T_EQ_INT(u[0], 0xd83d);
	T_EQ_INT(u[1], 0xde00);
}

static void utf16_round_trips(void)
{
	const char *name = "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80.txt";
	uint16_t u[FAT_NAME_UNITS];
	char back[64];
	size_t n;

	T_OK(fatname_from_utf8(name, u, &n) == NULL);
	fatname_to_utf8(u, n, back, sizeof(back));
	T_EQ_STR(back, name);
}

static void labels_follow_fat_rules(void)
{
	char out[FAT_LABEL_CHARS + 1];

	T_OK(fat_label_check("STICKLER") == NULL);
	T_OK(fat_label_check("DEBIAN 12") == NULL);
	T_OK(fat_label_check("") == NULL);
	T_OK(fat_label_check("stickler") != NULL);
	T_OK(fat_label_check("A.B") != NULL);
	T_OK(fat_label_check("TWELVE CHARS") != NULL);
	T_OK(fat_label_check(" LEADING") != NULL);
	T_OK(fat_label_check("CAF\xc3\x89") != NULL);
	fat_label_make("Debian 12.1.0 amd64 n", out);
	T_EQ_STR(out, "DEBIAN 12_1");
	fat_label_make("  archlinux-2024.01", out);
	T_EQ_STR(out, "ARCHLINUX-2");
	fat_label_make("caf\xc3\xa9", out);
	T_EQ_STR(out, "CAF_");
	fat_label_make("ab         cd", out);
	T_EQ_STR(out, "AB");
	T_OK(fat_label_check(out) == NULL);
}

static void cluster_size_follows_the_table(void)
{
	T_EQ_INT(fat_cluster_bytes_for(32ull << 20, 512), 0);
	T_EQ_INT(fat_cluster_bytes_for(64ull << 20, 512), 512);
	T_EQ_INT(fat_cluster_bytes_for(260ull << 20, 512), 512);
	T_EQ_INT(fat_cluster_bytes_for(261ull << 20, 512), 4096);
	T_EQ_INT(fat_cluster_bytes_for(8ull << 30, 512), 4096);
	T_EQ_INT(fat_cluster_bytes_for((8ull << 30) + 512, 512), 8192);
	T_EQ_INT(fat_cluster_bytes_for(16ull << 30, 512), 8192);
	T_EQ_INT(fat_cluster_bytes_for(32ull << 30, 512), 16384);
	T_EQ_INT(fat_cluster_bytes_for(64ull << 30, 512), 32768);
	T_EQ_INT(fat_cluster_bytes_for(2ull << 40, 512), 32768);
	T_EQ_INT(fat_cluster_bytes_for(64ull << 20, 4096), 4096);
}

T_MAIN(
	T_CASE(plain_83_names_need_no_lfn),
	T_CASE(other_names_get_a_basis),
	T_CASE(tails_shorten_the_base),
	T_CASE(checksums_match_the_spec_formula),
	T_CASE(illegal_names_are_refused),
	T_CASE(utf16_round_trips),
	T_CASE(labels_follow_fat_rules),
	T_CASE(cluster_size_follows_the_table),
)
