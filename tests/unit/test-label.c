// SPDX-License-Identifier: GPL-3.0-or-later
/* test-label.c - FAT labels, label rewrites, checksum lists and hashes. */
#include <errno.h>
#include <stdlib.h>

#include "t.h"
#include "internal.h"
#include "fat.h"
#include "hash.h"
#include "label.h"

static void volid_becomes_a_fat_label(void)
{
	char l[LABEL_FAT_MAX + 1];

	label_from_volid("ISOIMAGE", l);
	T_EQ_STR(l, "ISOIMAGE");
	label_from_volid("Fedora-WS-Live-38-1-6", l);
	T_EQ_STR(l, "FEDORA-WS-L");
	label_from_volid("d-i 12.5.0 amd64", l);
	T_EQ_STR(l, "D-I 12_5_0");
	label_from_volid("ARCH_202301", l);
	T_EQ_STR(l, "ARCH_202301");
	label_from_volid("a*b+c\xc3\xa9z", l);
	T_EQ_STR(l, "A_B_C_Z");
	label_from_volid("", l);
	T_EQ_STR(l, "STICKLER");
	label_from_volid("   ", l);
	T_EQ_STR(l, "STICKLER");
	/* a leading blank is not legal on FAT: the label must pass as is */
	label_from_volid("  my stick", l);
	T_EQ_STR(l, "MY STICK");
	T_OK(fat_label_check(l) == NULL);
}

static void rewrite(const char *in, const char *from, const char *to,
		    const char *want, int want_n)
{
	char *out = NULL;
	size_t len = 0;
	int n = -1;

	T_EQ_INT(label_rewrite(in, strlen(in), from, to, &out, &len, &n), 0);
	T_EQ_INT(n, want_n);
	if (want)
		T_EQ_STR(out, want);
	else
		T_OK(out == NULL);
	free(out);
}

static void refused(const char *in, const char *from, const char *to)
{
	char *out = NULL;
	size_t len = 0;
	int n = -1;

	T_EQ_INT(label_rewrite(in, strlen(in), from, to, &out, &len, &n),
		 -ENOTSUP);
	T_OK(out == NULL);
	T_EQ_INT(n, 0);
}

static void kernel_arguments_are_rewritten(void)
{
	rewrite("  append initrd=initrd.img root=live:CDLABEL=Fedora-WS-Live-38 rd.live.image quiet\n",
		"Fedora-WS-Live-38", "FEDORA-WS-L",
		"  append initrd=initrd.img root=live:CDLABEL=FEDORA-WS-L rd.live.image quiet\n", 1);
	rewrite("APPEND archisobasedir=arch archisolabel=ARCH_202301\n",
		"ARCH_202301", "ARCH_2023", "APPEND archisobasedir=arch archisolabel=ARCH_2023\n", 1);
	/* blanks in labels are \x20 on a kernel command line */
	rewrite("append root=live:LABEL=My\\x20Live\\x20Disk quiet\n",
		"My Live Disk", "MY LIVE DIS",
		"append root=live:LABEL=MY\\x20LIVE\\x20DIS quiet\n", 1);
}

static void grub_lines_are_rewritten(void)
{
	rewrite("search --no-floppy --set=root --label 'Fedora-WS-Live-38'\n"
		"set default=0\n"
		"linux /vmlinuz root=live:CDLABEL=Fedora-WS-Live-38\n",
		"Fedora-WS-Live-38", "FEDORA-WS-L",
		"search --no-floppy --set=root --label 'FEDORA-WS-L'\n"
		"set default=0\n"
		"linux /vmlinuz root=live:CDLABEL=FEDORA-WS-L\n", 2);
	/* systemd-boot loader entry */
	rewrite("title Arch\noptions archisolabel=ARCH_2023 cow_spacesize=1G\n",
		"ARCH_2023", "ARCH_X", "title Arch\noptions archisolabel=ARCH_X cow_spacesize=1G\n", 1);
}

static void other_text_is_left_alone(void)
{
	/* label text outside a label context, and a longer label */
	rewrite("menu title ARCH_2023 installer\n"
		"append archisolabel=ARCH_2023X\n",
		"ARCH_2023", "ARCH_X", NULL, 0);
	rewrite("append root=live:CDLABEL=SAME\n", "SAME", "SAME", NULL, 0);
}

/* A volume id that is also a word of the configs: only references. */
static void only_references_are_rewritten(void)
{
	rewrite("label live\n"
		"  menu label ^Live (amd64)\n"
		"  kernel /live/vmlinuz\n"
		"  append boot=live components root=live:CDLABEL=live live-media-path=/live quiet\n",
		"live", "LIVE",
		"label live\n"
		"  menu label ^Live (amd64)\n"
		"  kernel /live/vmlinuz\n"
		"  append boot=live components root=live:CDLABEL=LIVE live-media-path=/live quiet\n", 1);
	rewrite("search --no-floppy --set=root --label live\n"
		"menuentry live {\n"
		"  linux /live/vmlinuz boot=live root=live:LABEL=live\n"
		"}\n",
		"live", "LIVE",
		"search --no-floppy --set=root --label LIVE\n"
		"menuentry live {\n"
		"  linux /live/vmlinuz boot=live root=live:LABEL=LIVE\n"
		"}\n", 2);
	/* search by file: its argument is a path, whatever it spells */
	rewrite("search --set=root --file live\n", "live", "LIVE", NULL, 0);
	/* a key that does not end in label= names no label */
	rewrite("append root=live boot=live isolive=live\n", "live", "LIVE",
		NULL, 0);
	/* -l, search.fs_label, by-label paths, hd:LABEL=...:/path */
	rewrite("search --no-floppy -l OLD\nsearch.fs_label OLD root\n"
		"append live-media=/dev/disk/by-label/OLD inst.repo=hd:LABEL=OLD:/images\n",
		"OLD", "NEW",
		"search --no-floppy -l NEW\nsearch.fs_label NEW root\n"
		"append live-media=/dev/disk/by-label/NEW inst.repo=hd:LABEL=NEW:/images\n", 4);
}

/*
 * A label with a blank (or another byte udev writes as \xNN) never goes
 * into a kernel command line as it is; GRUB's search gets it quoted.
 */
static void blanks_are_escaped_per_kind(void)
{
	/* syslinux: one backslash */
	rewrite("append root=live:CDLABEL=Fedora-38 quiet\n", "Fedora-38",
		"MY STICK", "append root=live:CDLABEL=MY\\x20STICK quiet\n", 1);
	/* GRUB doubles backslashes on the way to the kernel: refused */
	refused("menuentry x {\n  linux /vmlinuz root=live:CDLABEL=Fedora-38 quiet\n}\n",
		"Fedora-38", "MY STICK");
	refused("  linuxefi /vmlinuz root=live:CDLABEL=My\\x20Live\n",
		"My Live", "A(B)");
	/* ... unless the label needs no escape */
	rewrite("  linux /vmlinuz root=live:CDLABEL=My\\x20Live\n", "My Live",
		"MY_LIVE", "  linux /vmlinuz root=live:CDLABEL=MY_LIVE\n", 1);
	/* the image's own escapes say how it wants them */
	rewrite("append root=live:CDLABEL=My\\\\x20Live\n", "My Live",
		"A(B) C",
		"append root=live:CDLABEL=A\\\\x28B\\\\x29\\\\x20C\n", 1);
	rewrite("options archisolabel=ARCH_2023\n", "ARCH_2023", "MY STICK",
		"options archisolabel=MY\\x20STICK\n", 1);
	/* quoted GRUB words */
	rewrite("search --no-floppy --set=root -l Fedora-38\n", "Fedora-38",
		"MY STICK", "search --no-floppy --set=root -l 'MY STICK'\n", 1);
	rewrite("search --label \"Fedora 38\" --set=root\n", "Fedora 38",
		"IT'S $X", "search --label \"IT'S \\$X\" --set=root\n", 1);
	rewrite("search --label 'My Live Disk' --set=root\n", "My Live Disk",
		"MY LIVE", "search --label 'MY LIVE' --set=root\n", 1);
}

static void checksum_lines_are_refreshed(void)
{
	const char *md5 = "00000000000000000000000000000000  ./isolinux/a.cfg\n"
			  "11111111111111111111111111111111  ./boot/b.cfg\n";
	const char *sha = "2222222222222222222222222222222222222222222222222222222222222222 *boot/grub/grub.cfg\r\n";
	char *out = NULL;
	size_t len = 0;

	T_EQ_INT(sums_refresh(md5, strlen(md5), "/boot/b.cfg",
			      "abcdefabcdefabcdefabcdefabcdefab", &out, &len),
		 0);
	T_EQ_STR(out, "00000000000000000000000000000000  ./isolinux/a.cfg\n"
		      "abcdefabcdefabcdefabcdefabcdefab  ./boot/b.cfg\n");
	free(out);
	T_EQ_INT(sums_refresh(md5, strlen(md5), "boot/none.cfg",
			      "abcdefabcdefabcdefabcdefabcdefab", &out, &len),
		 0);
	T_OK(out == NULL);
	T_EQ_INT(sums_refresh(sha, strlen(sha), "boot/grub/grub.cfg",
			      "3333333333333333333333333333333333333333333333333333333333333333", &out, &len), 0);
	T_EQ_STR(out, "3333333333333333333333333333333333333333333333333333333333333333 *boot/grub/grub.cfg\r\n");
	free(out);
}

static void md5(const char *in, const char *want)
{
	uint8_t d[MD5_BYTES];
	char hex[2 * MD5_BYTES + 1];
	struct md5 m;

	md5_init(&m);
	md5_update(&m, in, strlen(in));
	md5_final(&m, d);
	hash_hex(d, sizeof(d), hex);
	T_EQ_STR(hex, want);
}

static void sha256(const char *in, size_t repeat, const char *want)
{
	uint8_t d[SHA256_BYTES];
	char hex[2 * SHA256_BYTES + 1];
	struct sha256 s;
	size_t i;

	sha256_init(&s);
	for (i = 0; i < repeat; i++)
		sha256_update(&s, in, strlen(in));
	sha256_final(&s, d);
	hash_hex(d, sizeof(d), hex);
	T_EQ_STR(hex, want);
}

/* RFC 1321 A.5 and FIPS 180-2 appendix B test vectors. */
static void hashes_match_the_standards(void)
{
	md5("", "d41d8cd98f00b204e9800998ecf8427e");
	md5("abc", "900150983cd24fb0d6963f7d28e17f72");
	md5("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a");
	sha256("abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
	       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	sha256("a", 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

T_MAIN(
	T_CASE(volid_becomes_a_fat_label),
	T_CASE(kernel_arguments_are_rewritten),
	T_CASE(grub_lines_are_rewritten),
	T_CASE(other_text_is_left_alone),
	T_CASE(only_references_are_rewritten),
	T_CASE(blanks_are_escaped_per_kind),
	T_CASE(checksum_lines_are_refreshed),
	T_CASE(hashes_match_the_standards),
)
