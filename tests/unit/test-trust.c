// SPDX-License-Identifier: GPL-3.0-or-later
/* test-trust.c - checksum lists, gpgv status, SBAT, revocation lists and
 * the added hashes, on hand-made bytes. */
#include "t.h"
#include "secureboot.h"
#include "sums.h"

static void hash_vectors(void)
{
	/* FIPS 180-4 examples (NIST CSRC): "abc" */
	struct hash h;
	char hex[STK_HASH_HEX_MAX];

	hash_init(&h, STK_HASH_SHA1);
	hash_update(&h, "abc", 3);
	hash_final_hex(&h, hex);
	T_EQ_STR(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
	hash_init(&h, STK_HASH_SHA512);
	hash_update(&h, "ab", 2);
	hash_update(&h, "c", 1);
	hash_final_hex(&h, hex);
	T_EQ_STR(hex, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee6"
		      "4b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e"
		      "2a9ac94fa54ca49f");
	T_EQ_INT(stk_hash_hex_len(STK_HASH_SHA512), 128);
}

static void gnu_and_bsd_lists(void)
{
	const char *t = "# comment\n"
			"0123456789abcdef0123456789abcdef  other.iso\n"
			"0123456789ABCDEF0123456789ABCDEF01234567 *./debian.iso\n"
			"SHA256 (fedora.iso) = "
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n";
	struct sums_entry e;

	T_EQ_INT(sums_lookup(t, strlen(t), "debian.iso", false, &e), 0);
	T_EQ_INT(e.algo, STK_HASH_SHA1);
	T_EQ_STR(e.hex, "0123456789abcdef0123456789abcdef01234567");
	T_EQ_INT(sums_lookup(t, strlen(t), "fedora.iso", false, &e), 0);
	T_EQ_INT(e.algo, STK_HASH_SHA256);
	T_EQ_INT(sums_lookup(t, strlen(t), "nope.iso", false, &e), -ENOENT);
	/* a name that only starts like the image's is another file */
	T_EQ_INT(sums_lookup(t, strlen(t), "debian", false, &e), -ENOENT);
}

static void clearsigned_only_the_signed_part(void)
{
	const char *t = "0123456789abcdef0123456789abcdef  before.iso\n"
			"-----BEGIN PGP SIGNED MESSAGE-----\n"
			"Hash: SHA256\n"
			"\n"
			"- 11111111111111111111111111111111  dashed.iso\n"
			"22222222222222222222222222222222  inside.iso\n"
			"-----BEGIN PGP SIGNATURE-----\n"
			"33333333333333333333333333333333  after.iso\n";
	struct sums_entry e;

	T_OK(sums_clearsigned(t, strlen(t)));
	T_EQ_INT(sums_lookup(t, strlen(t), "inside.iso", false, &e), 0);
	T_EQ_INT(sums_lookup(t, strlen(t), "dashed.iso", false, &e), 0);
	T_EQ_STR(e.hex, "11111111111111111111111111111111");
	T_EQ_INT(sums_lookup(t, strlen(t), "before.iso", false, &e), -ENOENT);
	T_EQ_INT(sums_lookup(t, strlen(t), "after.iso", false, &e), -ENOENT);
}

static void lone_hash(void)
{
	const char *t = "ABCDEF0123456789ABCDEF0123456789\n";
	struct sums_entry e;

	T_EQ_INT(sums_lookup(t, strlen(t), "x.iso", false, &e), -ENOENT);
	T_EQ_INT(sums_lookup(t, strlen(t), "x.iso", true, &e), 0);
	T_EQ_STR(e.hex, "abcdef0123456789abcdef0123456789");
}

static void gpgv_status(void)
{
	struct gpgv_result r;

	gpgv_parse_status("gpgv: Good\n[GNUPG:] GOODSIG ABCD Jo <j@x>\n"
			  "[GNUPG:] VALIDSIG 0011223344 2026-01-01 x\n",
			  &r);
	T_EQ_INT(r.state, STK_SIG_GOOD);
	T_EQ_STR(r.fpr, "0011223344");
	T_EQ_STR(r.uid, "Jo <j@x>");
	gpgv_parse_status("[GNUPG:] GOODSIG A B\n[GNUPG:] BADSIG C D\n", &r);
	T_EQ_INT(r.state, STK_SIG_BAD);
	gpgv_parse_status("[GNUPG:] ERRSIG K 1 2 3 4 9 F\n"
			  "[GNUPG:] NO_PUBKEY K\n",
			  &r);
	T_EQ_INT(r.state, STK_SIG_NO_KEY);
	gpgv_parse_status("nothing", &r);
	T_EQ_INT(r.state, STK_SIG_ERROR);
}

static void sbat_levels(void)
{
	const char *img = "sbat,1,SBAT Version,sbat,1,https://x\n"
			  "grub,3,Free Software Foundation,grub,2.06,https://x\n"
			  "grub.debian,4,Debian,grub2,2.06,https://x\n";
	struct sbat_entry e[8];
	struct sb_levels lv = {0};
	const char *why;
	int level;

	T_EQ_INT(sbat_parse(img, strlen(img), e, 8, &why), 3);
	T_EQ_STR(e[1].component, "grub");
	T_EQ_INT(e[1].generation, 3);
	T_EQ_INT(sbat_parse("grub,x\n", 7, e, 8, &why), -EINVAL);
	T_OK(why != NULL);
	sb_levels_merge(&lv, "sbat,1,2024\nshim,4\ngrub,2\n", 25, "old");
	T_EQ_INT(sb_levels_check(&lv, e, 3, &level), -1);
	sb_levels_merge(&lv, "grub,5\n", 7, "new");
	T_EQ_INT(sb_levels_check(&lv, e, 3, &level), 1);
	T_EQ_INT(lv.e[level].generation, 5);
	T_EQ_STR(lv.from[level], "new");
	/* a lower level never lowers it again */
	sb_levels_merge(&lv, "grub,1\n", 7, "older");
	T_EQ_INT(lv.e[level].generation, 5);
}

static void sbatlevel_section(void)
{
	uint8_t sec[64] = {0};
	char out[64];

	put_le32(sec + 4, 8);
	put_le32(sec + 8, 20);
	memcpy(sec + 12, "grub,3\n", 8);
	memcpy(sec + 24, "grub,4\n", 8);
	T_OK(!sbatlevel_parse(sec, sizeof(sec), false, out, sizeof(out)));
	T_EQ_STR(out, "grub,3\n");
	T_OK(!sbatlevel_parse(sec, sizeof(sec), true, out, sizeof(out)));
	T_EQ_STR(out, "grub,4\n");
	put_le32(sec + 8, 200);
	T_OK(sbatlevel_parse(sec, sizeof(sec), true, out, sizeof(out)) != NULL);
}

static void revoked_lists(void)
{
	static struct sb_revoked rv;
	uint8_t h[32];
	const char *t = "# comment\n"
			"00112233445566778899aabbccddeeff"
			"00112233445566778899aabbccddeeff  a shim\n"
			"zz112233445566778899aabbccddeeff"
			"00112233445566778899aabbccddeeff  not hex\n";
	int i;

	T_EQ_INT(sb_revoked_parse(&rv, t, strlen(t)), 1);
	for (i = 0; i < 32; i++)
		h[i] = (uint8_t)(0x11 * (i % 16));
	T_OK(sb_revoked_has(&rv, h));
	h[0] ^= 1;
	T_OK(!sb_revoked_has(&rv, h));
}

/* Sources that repeat one another's hashes (a dbx update, the machine's
 * dbx) do not use up the table: a hash only the last one has counts. */
static void revoked_repeats(void)
{
	static struct sb_revoked rv;
	static const char line[] = "00112233445566778899aabbccddeeff"
				   "00112233445566778899aabbccddeeff\n";
	static const char other[] = "ff112233445566778899aabbccddeeff"
				    "00112233445566778899aabbccddeeff\n";
	uint8_t h[32];
	int i;

	for (i = 0; i < SB_MAX_REVOKED; i++)
		sb_revoked_parse(&rv, line, strlen(line));
	T_EQ_INT(rv.n, 1);
	T_EQ_INT(sb_revoked_parse(&rv, other, strlen(other)), 1);
	for (i = 0; i < 32; i++)
		h[i] = (uint8_t)(0x11 * (i % 16));
	h[0] = 0xff;
	T_OK(sb_revoked_has(&rv, h));
}

/* A dbx update as dbxtool ships it: EFI_TIME, a WIN_CERTIFICATE_UEFI_GUID
 * with 8 bytes of "PKCS#7", one EFI_SIGNATURE_LIST with two SHA-256s. */
static void dbx_update(void)
{
	static const uint8_t sha256_guid[16] = {
		0x26, 0x16, 0xc4, 0xc1, 0x4c, 0x50, 0x92, 0x40,
		0xac, 0xa9, 0x41, 0xf9, 0x36, 0x93, 0x43, 0x28,
	};
	static const uint8_t pkcs7_guid[16] = {
		0x9d, 0xd2, 0xaf, 0x4a, 0xdf, 0x68, 0xee, 0x49,
		0x8a, 0xa9, 0x34, 0x7d, 0x37, 0x56, 0x65, 0xa7,
	};
	static struct sb_revoked rv;
	uint8_t b[16 + 32 + 28 + 2 * 48] = {0};
	uint8_t *wc = b + 16, *sl = b + 48;
	uint8_t h[32];

	put_le32(wc, 32); /* dwLength: the header and 8 bytes */
	put_le16(wc + 4, 0x0200);
	put_le16(wc + 6, 0x0ef1);
	memcpy(wc + 8, pkcs7_guid, 16);
	memcpy(sl, sha256_guid, 16);
	put_le32(sl + 16, 28 + 2 * 48); /* list size */
	put_le32(sl + 24, 48);		/* owner GUID and hash */
	memset(sl + 28 + 16, 0xaa, 32);
	memset(sl + 28 + 48 + 16, 0xbb, 32);
	T_EQ_INT(sb_revoked_from_update(&rv, b, sizeof(b)), 2);
	memset(h, 0xbb, 32);
	T_OK(sb_revoked_has(&rv, h));
	/* the same bytes through the loader that tells the forms apart */
	memset(&rv, 0, sizeof(rv));
	T_EQ_INT(sb_revoked_load(&rv, b, sizeof(b)), 2);
	T_EQ_INT(sb_revoked_load(&rv, sl, sizeof(b) - 48), 2);
	/* a certificate length past the end, a wrong type: not an update */
	put_le32(wc, sizeof(b));
	T_OK(sb_revoked_from_update(&rv, b, sizeof(b)) < 0);
	put_le32(wc, 32);
	put_le16(wc + 6, 0x0002);
	T_OK(sb_revoked_from_update(&rv, b, sizeof(b)) < 0);
	T_OK(sb_revoked_from_update(&rv, b, 20) < 0);
}

static void isomd5_field(void)
{
	const char *a = "ISO MD5SUM = 0123456789ABCDEF0123456789abcdef;"
			"SKIPSECTORS = 15;RHLISOSTATUS=1;";
	struct isomd5_info m;

	isomd5_parse((const uint8_t *)a, strlen(a), &m);
	T_OK(m.present);
	T_EQ_STR(m.md5, "0123456789abcdef0123456789abcdef");
	T_EQ_INT(m.skip_sectors, 15);
	isomd5_parse((const uint8_t *)"nothing here", 12, &m);
	T_OK(!m.present);
}

T_MAIN(
	T_CASE(hash_vectors),
	T_CASE(gnu_and_bsd_lists),
	T_CASE(clearsigned_only_the_signed_part),
	T_CASE(lone_hash),
	T_CASE(gpgv_status),
	T_CASE(sbat_levels),
	T_CASE(sbatlevel_section),
	T_CASE(revoked_lists),
	T_CASE(revoked_repeats),
	T_CASE(dbx_update),
	T_CASE(isomd5_field),
)
