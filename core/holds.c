// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * holds.c - what a target holds now, for the plan a person confirms:
 * the partition table (MBR or GPT, read by disklabel.c) and, for each
 * partition, the file system and its label (read by fsprobe.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"
#include "disklabel.h"
#include "fsprobe.h"
#include "holds.h"
#include "plan.h"

/* MBR, GPT and its entries, a whole-disk file system's superblock */
#define HEAD_BYTES (1u << 20)
/* every superblock fsprobe reads */
#define PART_BYTES FSPROBE_HEAD_BYTES
/* O_DIRECT targets */
#define ALIGN 4096u

/* fsprobe.c's names, as a person reads them in a plan. */
static const char *fs_word(const char *type, const uint8_t *buf, size_t len)
{
	if (!strcmp(type, "vfat")) {
		/* the FAT32 extended BPB names itself at 0x52 */
		if (len >= 0x5a && !memcmp(buf + 0x52, "FAT32   ", 8))
			return "FAT32";
		if (len >= 0x3e && !memcmp(buf + 0x36, "FAT12", 5))
			return "FAT12";
		return "FAT16";
	}
	if (!strcmp(type, "iso9660"))
		return "ISO 9660";
	if (!strcmp(type, "crypto_LUKS"))
		return "LUKS (encrypted)";
	if (!strcmp(type, "ntfs"))
		return "NTFS";
	if (!strcmp(type, "exfat"))
		return "exFAT";
	return type;
}

void holds_fs_name(const uint8_t *buf, size_t len, char *out, size_t outlen)
{
	struct stk_fsinfo fi;

	out[0] = '\0';
	fsprobe_parse(buf, len, &fi);
	if (!fi.type[0])
		return;
	if (fi.label[0])
		snprintf(out, outlen, "%s '%s'", fs_word(fi.type, buf, len),
			 fi.label);
	else
		snprintf(out, outlen, "%s", fs_word(fi.type, buf, len));
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
			const struct stk_gpt_part *p = &parts[k];
			const char *bad = NULL;
			uint64_t start, pbytes;

			/* an entry's LBAs are the table's claim: an offset
			 * that does not fit in 64 bits is past the end of any
			 * disk, never a wrapped offset read for a file
			 * system that is not there */
			if (__builtin_mul_overflow(p->first_lba, ss, &start))
				bad = "starts past the end of any disk";
			else if (p->last_lba < p->first_lba ||
				 __builtin_mul_overflow(
					 p->last_lba - p->first_lba + 1, ss,
					 &pbytes))
				bad = "has no valid end";
			if (bad) {
				fprintf(f, "%s%d: %s%s%s (LBA %" PRIu64 ")",
					k ? "; " : "", k + 1, p->type_name,
					*p->type_name ? " " : "", bad,
					p->first_lba);
				continue;
			}
			part_fs(fd, start, fs, sizeof(fs));
			add_part(f, k + 1, p->type_name, fs, pbytes);
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
			all_zero(head, got)
				? "zeros (its first MiB is blank)"
				: "no partition table or file system stickler knows");
	}
	if (!fclose(f) && text)
		stk_strlcpy(out, text, outlen);
	free(text);
	free(head);
}
