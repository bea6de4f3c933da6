// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * holds.c - what a target holds now, for the plan a person confirms:
 * the partition table (MBR or GPT, read by disklabel.c) and, for each
 * partition, the file system and its label, read from the superblocks.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"
#include "disklabel.h"
#include "holds.h"
#include "plan.h"

#define HEAD_BYTES (1u << 20)	/* MBR, GPT and its entries, a whole-disk
				 * file system's superblock */
#define PART_BYTES (128u << 10) /* up to btrfs's superblock at 64 KiB */
#define ALIGN	   4096u	/* O_DIRECT targets */

/* Blank-padded on-disk text, trailing blanks and NULs removed. */
static void field(char *out, size_t outlen, const uint8_t *p, size_t n)
{
	size_t i, k = 0;

	while (n && (p[n - 1] == ' ' || p[n - 1] == '\0'))
		n--;
	for (i = 0; i < n && k + 1 < outlen; i++)
		out[k++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
	out[k] = '\0';
}

static void named(char *out, size_t outlen, const char *fs, const char *label)
{
	if (label[0])
		snprintf(out, outlen, "%s '%s'", fs, label);
	else
		snprintf(out, outlen, "%s", fs);
}

void holds_fs_name(const uint8_t *buf, size_t len, char *out, size_t outlen)
{
	char label[80] = "";

	out[0] = '\0';
	/* ECMA-119 8.4: a primary volume descriptor at 32 KiB */
	if (len >= 32768 + 72 && !memcmp(buf + 32769, "CD001", 5)) {
		field(label, sizeof(label), buf + 32768 + 40, 32);
		named(out, outlen, "ISO 9660", label);
		return;
	}
	/* ext2/3/4: the superblock at 1024, magic 0xEF53 at its byte 56 */
	if (len >= 2048 && get_le16(buf + 1024 + 56) == 0xef53) {
		uint32_t compat = get_le32(buf + 1024 + 92);
		uint32_t incompat = get_le32(buf + 1024 + 96);

		field(label, sizeof(label), buf + 1024 + 120, 16);
		named(out, outlen,
		      incompat & 0x40 ? "ext4" : compat & 0x4 ? "ext3" : "ext2",
		      label);
		return;
	}
	if (len >= 512 && !memcmp(buf, "LUKS\xba\xbe", 6)) {
		snprintf(out, outlen, "LUKS (encrypted)");
		return;
	}
	if (len >= 4096 && !memcmp(buf + 4086, "SWAPSPACE2", 10)) {
		snprintf(out, outlen, "swap");
		return;
	}
	if (len >= 65536 + 512 && !memcmp(buf + 65536 + 64, "_BHRfS_M", 8)) {
		field(label, sizeof(label), buf + 65536 + 299, 64);
		named(out, outlen, "btrfs", label);
		return;
	}
	if (len < 512 || buf[510] != 0x55 || buf[511] != 0xaa)
		return;
	if (!memcmp(buf + 3, "NTFS    ", 8)) {
		snprintf(out, outlen, "NTFS");
		return;
	}
	if (!memcmp(buf + 3, "EXFAT   ", 8)) {
		snprintf(out, outlen, "exFAT");
		return;
	}
	/* FAT boot sectors: the FAT32 extended BPB at 0x40, FAT12/16's at
	 * 0x24; "NO NAME" is the label of a volume that has none */
	if (!memcmp(buf + 0x52, "FAT32   ", 8)) {
		field(label, sizeof(label), buf + 0x47, 11);
		if (!strcmp(label, "NO NAME"))
			label[0] = '\0';
		named(out, outlen, "FAT32", label);
		return;
	}
	if (!memcmp(buf + 0x36, "FAT1", 4)) {
		field(label, sizeof(label), buf + 0x2b, 11);
		if (!strcmp(label, "NO NAME"))
			label[0] = '\0';
		named(out, outlen, buf[0x3a] == '2' ? "FAT12" : "FAT16", label);
	}
}

/* Up to @len bytes at @off (any alignment) into a fresh buffer; the
 * count read in *got. NULL when nothing could be read. */
static uint8_t *read_at(int fd, uint64_t off, size_t len, size_t *got)
{
	uint64_t start = off & ~(uint64_t)(ALIGN - 1);
	size_t skip = (size_t)(off - start), want, have = 0;
	uint8_t *buf, *out;
	ssize_t n;

	*got = 0;
	want = (skip + len + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	buf = io_alloc_aligned(want);
	if (!buf)
		return NULL;
	while (have < want) {
		n = pread(fd, buf + have, want - have, (off_t)(start + have));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
	}
	if (have <= skip) {
		free(buf);
		return NULL;
	}
	out = malloc(len);
	if (out) {
		*got = have - skip < len ? have - skip : len;
		memcpy(out, buf + skip, *got);
	}
	free(buf);
	return out;
}

static void part_fs(int fd, uint64_t off, char *out, size_t outlen)
{
	size_t got;
	uint8_t *b = read_at(fd, off, PART_BYTES, &got);

	out[0] = '\0';
	if (b)
		holds_fs_name(b, got, out, outlen);
	else
		snprintf(out, outlen, "not readable");
	free(b);
}

/* "; 2: Basic Data FAT32 'EFI', 100 MiB" appended to @f. */
static void add_part(FILE *f, int idx, const char *type, const char *fs,
		     uint64_t bytes)
{
	char sz[32];

	stk_size_format(bytes, sz, sizeof(sz));
	fprintf(f, "%s%d: ", idx > 1 ? "; " : "", idx);
	if (*type)
		fprintf(f, "%s%s", type, *fs ? " " : "");
	if (*fs)
		fprintf(f, "%s", fs);
	if (!*type && !*fs)
		fprintf(f, "no file system stickler knows");
	fprintf(f, ", %s", sz);
}

static bool gpt_read(const uint8_t *head, size_t len, FILE *f, int fd)
{
	static const uint32_t sizes[] = {512, 4096};
	struct stk_gpt_part parts[STK_MAX_PARTS];
	struct gpt_header h;
	char fs[96];
	size_t i;
	int n, k;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint32_t ss = sizes[i];
		uint64_t off, bytes;

		if (len < 2 * ss || gpt_parse_header(head + ss, ss, &h))
			continue;
		off = h.entries_lba * ss;
		bytes = (uint64_t)h.n_entries * h.entry_bytes;
		if (h.entries_lba > len / ss || bytes > len - off)
			continue;
		if (gpt_parse_entries(head + off, (size_t)bytes, &h, parts,
				      STK_MAX_PARTS, &n))
			continue;
		fprintf(f, "a GPT with %d partition%s%s", n, n == 1 ? "" : "s",
			n ? ": " : "");
		for (k = 0; k < n; k++) {
			part_fs(fd, parts[k].first_lba * ss, fs, sizeof(fs));
			add_part(f, k + 1, parts[k].type_name, fs,
				 (parts[k].last_lba - parts[k].first_lba + 1) *
					 ss);
		}
		return true;
	}
	return false;
}

static bool all_zero(const uint8_t *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i])
			return false;
	return true;
}

void holds_describe(int fd, char *out, size_t outlen)
{
	struct mbr_info mbr;
	char whole[96], fs[96], *text = NULL;
	size_t len = 0, got;
	uint8_t *head;
	FILE *f;
	int k, n;

	snprintf(out, outlen, "cannot be read");
	head = read_at(fd, 0, HEAD_BYTES, &got);
	if (!head)
		return;
	f = open_memstream(&text, &len);
	if (!f) {
		free(head);
		return;
	}
	/* an ISO 9660 hybrid is a file system and a partition table at once */
	holds_fs_name(head, got, whole, sizeof(whole));
	if (whole[0])
		fprintf(f, "%s", whole);
	if (got >= 512 && !mbr_parse(head, &mbr) &&
	    (mbr.n_parts || mbr.protective)) {
		if (whole[0])
			fprintf(f, ", and ");
		if (!mbr.protective || !gpt_read(head, got, f, fd)) {
			fprintf(f, "an MBR with %d partition%s: ", mbr.n_parts,
				mbr.n_parts == 1 ? "" : "s");
			for (k = 0, n = 0; k < 4; k++) {
				struct stk_mbr_part *p = &mbr.part[k];
				char type[16];

				if (!p->sectors)
					continue;
				snprintf(type, sizeof(type), "type 0x%02x",
					 p->type);
				part_fs(fd, (uint64_t)p->start_lba * 512, fs,
					sizeof(fs));
				add_part(f, ++n, fs[0] ? "" : type, fs,
					 (uint64_t)p->sectors * 512);
			}
		}
	} else if (!whole[0]) {
		fprintf(f, "%s",
			all_zero(head, got) ? "zeros (its first MiB is blank)"
					    : "no partition table or file system stickler knows");
	}
	if (!fclose(f) && text)
		stk_strlcpy(out, text, outlen);
	free(text);
	free(head);
}
