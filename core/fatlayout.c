// SPDX-License-Identifier: GPL-3.0-or-later
/* fatlayout.c - FAT32 geometry, boot sector, FSInfo and directory bytes. */
#include <time.h>

#include "internal.h"
#include "fat.h"
#include "fatint.h"
#include "fatname.h"

#define FAT32_RESERVED_MIN	32u	/* sectors, as Microsoft and mkfs.fat */
#define FAT_ALIGN_BYTES		STK_MIB	/* cluster 2 on a flash erase block */
#define FAT_BACKUP_SECTOR	6u
#define FAT_FSINFO_SECTOR	1u
#define FAT_MEDIA_FIXED		0xf8
#define FAT_EXT_BOOT_SIG	0x29
#define FSINFO_LEAD_SIG		0x41615252u	/* "RRaA" */
#define FSINFO_STRUC_SIG	0x61417272u	/* "rrAa" */
#define FSINFO_TRAIL_SIG	0xaa550000u
#define FSINFO_UNKNOWN		0xffffffffu

/* fatgen103 section 3: the BPB and the FAT32 extended boot record. */
struct fat32_boot {
	uint8_t jmp		SPAN(1, 3);
	uint8_t oem		SPAN(4, 11);
	uint8_t bytes_per_sec	SPAN(12, 13);
	uint8_t sec_per_clus	SPAN(14, 14);
	uint8_t rsvd_sec_cnt	SPAN(15, 16);
	uint8_t num_fats	SPAN(17, 17);
	uint8_t root_ent_cnt	SPAN(18, 19);	/* 0 on FAT32 */
	uint8_t tot_sec16	SPAN(20, 21);	/* 0 on FAT32 */
	uint8_t media		SPAN(22, 22);
	uint8_t fat_sz16	SPAN(23, 24);	/* 0 on FAT32 */
	uint8_t sec_per_trk	SPAN(25, 26);
	uint8_t num_heads	SPAN(27, 28);
	uint8_t hidd_sec	SPAN(29, 32);
	uint8_t tot_sec32	SPAN(33, 36);
	uint8_t fat_sz32	SPAN(37, 40);
	uint8_t ext_flags	SPAN(41, 42);
	uint8_t fs_ver		SPAN(43, 44);
	uint8_t root_clus	SPAN(45, 48);
	uint8_t fs_info		SPAN(49, 50);
	uint8_t bk_boot_sec	SPAN(51, 52);
	uint8_t reserved	SPAN(53, 64);
	uint8_t drv_num		SPAN(65, 65);
	uint8_t reserved1	SPAN(66, 66);
	uint8_t boot_sig	SPAN(67, 67);
	uint8_t vol_id		SPAN(68, 71);
	uint8_t vol_lab		SPAN(72, 82);
	uint8_t fil_sys_type	SPAN(83, 90);
	uint8_t boot_code	SPAN(91, 510);
	uint8_t signature	SPAN(511, 512);	/* 55 aa */
};
_Static_assert(sizeof(struct fat32_boot) == 512, "FAT32 boot sector size");

/*
 * Boot code for a file system nobody has made bootable yet: print a line
 * through the BIOS teletype call and halt. It sits at offset 0x5a (the
 * jump target) and its message at 0x73, loaded at 0x7c00.
 */
static const uint8_t not_bootable_code[] = {
	0x31, 0xc0,		/* xor ax, ax */
	0x8e, 0xd8,		/* mov ds, ax */
	0xbe, 0x73, 0x7c,	/* mov si, 0x7c73 */
	0xfc,			/* cld */
	0xac,			/* 1: lodsb */
	0x84, 0xc0,		/* test al, al */
	0x74, 0x09,		/* jz 2f */
	0xb4, 0x0e,		/* mov ah, 0x0e */
	0xbb, 0x07, 0x00,	/* mov bx, 7 */
	0xcd, 0x10,		/* int 0x10 */
	0xeb, 0xf2,		/* jmp 1b */
	0xf4,			/* 2: hlt */
	0xeb, 0xfd,		/* jmp 2b */
};
static const char not_bootable_msg[] =
	"This file system is not bootable.\r\n";

unsigned fat_cluster_bytes_for(uint64_t part_size_bytes, unsigned sector_bytes)
{
	/* Microsoft's FAT32 table (fatgen103 section 3.5), in bytes */
	static const struct {
		uint64_t	up_to_bytes;
		unsigned	cluster_bytes;
	} table[] = {
		{ 66600ull * 512, 0 },		/* too small for FAT32 */
		{ 532480ull * 512, 512 },	/* 260 MB */
		{ 16777216ull * 512, 4096 },	/* 8 GB */
		{ 33554432ull * 512, 8192 },	/* 16 GB */
		{ 67108864ull * 512, 16384 },	/* 32 GB */
	};
	unsigned cl = 32768;
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (part_size_bytes <= table[i].up_to_bytes) {
			cl = table[i].cluster_bytes;
			break;
		}
	}
	if (cl && cl < sector_bytes)
		cl = sector_bytes;
	return cl;
}

static bool label_char_ok(unsigned char c)
{
	if (c < 0x20 || c >= 0x7f)
		return false;
	if (c >= 'a' && c <= 'z')
		return false;
	return !strchr("\"*+,./:;<=>?[\\]|", c);
}

const char *fat_label_check(const char *label)
{
	size_t i, n = strlen(label);

	if (n > FAT_LABEL_CHARS)
		return "a FAT label has at most 11 characters";
	if (n && label[0] == ' ')
		return "a FAT label cannot start with a space";
	for (i = 0; i < n; i++) {
		if (label[i] >= 'a' && label[i] <= 'z')
			return "a FAT label is upper case";
		if (!label_char_ok((unsigned char)label[i]))
			return "a FAT label holds only ASCII letters, digits, spaces and ! # $ % & ' ( ) - @ ^ _ ` { } ~";
	}
	return NULL;
}

void fat_label_make(const char *in, char out[FAT_LABEL_CHARS + 1])
{
	const unsigned char *s = (const unsigned char *)in;
	size_t o = 0;

	while (*s == ' ')
		s++;
	for (; *s && o < FAT_LABEL_CHARS; s++) {
		if (*s >= 0x80) {
			/* one '_' per UTF-8 character */
			if ((*s & 0xc0) == 0x80)
				continue;
			out[o++] = '_';
			continue;
		}
		if (*s >= 'a' && *s <= 'z')
			out[o++] = (char)(*s - 0x20);
		else if (label_char_ok(*s))
			out[o++] = (char)*s;
		else
			out[o++] = '_';
	}
	while (o && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

int fatlayout_geometry(struct stk_ctx *ctx, const struct fat_params *p,
		       struct fat_geom *g)
{
	uint64_t sectors, est, fat_sectors, data_start, align, clusters;
	uint64_t min_mib;
	unsigned ss = p->sector_bytes ? p->sector_bytes : 512;
	unsigned cl, spc;
	const char *why;

	memset(g, 0, sizeof(*g));
	if (ss != 512 && ss != 4096)
		return stk_seterr(ctx, -EINVAL,
				  "sector size %u is neither 512 nor 4096", ss);
	if (p->part_offset_bytes % ss)
		return stk_seterr(ctx, -EINVAL,
				  "the partition does not start on a sector");
	if (p->label && p->label[0]) {
		why = fat_label_check(p->label);
		if (why)
			return stk_seterr(ctx, -EINVAL, "bad label '%s': %s",
					  p->label, why);
		stk_strlcpy(g->label, p->label, sizeof(g->label));
	}
	cl = p->cluster_bytes ? p->cluster_bytes :
	     fat_cluster_bytes_for(p->part_size_bytes, ss);
	if (p->cluster_bytes &&
	    (cl < ss || cl > 65536 || (cl & (cl - 1))))
		return stk_seterr(ctx, -EINVAL,
				  "cluster size %u is not a power of two from the sector size to 64 KiB",
				  cl);
	sectors = p->part_size_bytes / ss;
	if (sectors > 0xffffffffu)
		return stk_seterr(ctx, -EINVAL,
				  "a partition of %llu GiB is too large for FAT32",
				  (unsigned long long)(sectors * ss >> 30));
	if (!cl)
		goto too_small;
	spc = cl / ss;
	align = FAT_ALIGN_BYTES / ss;
	est = sectors > FAT32_RESERVED_MIN ?
	      (sectors - FAT32_RESERVED_MIN) / spc : 0;
	fat_sectors = ((est + 2) * 4 + ss - 1) / ss;
	data_start = (FAT32_RESERVED_MIN + 2 * fat_sectors + align - 1) /
		     align * align;
	if (data_start >= sectors)
		goto too_small;
	clusters = (sectors - data_start) / spc;
	if (clusters < FAT_MIN_CLUSTERS)
		goto too_small;
	if (clusters > FAT32_MAX_CLUSTERS - 2)
		return stk_seterr(ctx, -EINVAL,
				  "%llu clusters of %u bytes are too many for FAT32",
				  (unsigned long long)clusters, cl);
	g->sector_bytes = ss;
	g->cluster_bytes = cl;
	g->total_sectors = (uint32_t)sectors;
	g->reserved_sectors = (uint32_t)(data_start - 2 * fat_sectors);
	g->fat_sectors = (uint32_t)fat_sectors;
	g->n_clusters = (uint32_t)clusters;
	g->part_offset_bytes = p->part_offset_bytes;
	g->hidden_sectors = (uint32_t)(p->part_offset_bytes / ss);
	g->serial = p->serial;
	return 0;
too_small:
	/* the minimum clusters plus cluster 2's first MiB, in whole MiB */
	if (!cl)
		cl = ss > 512 ? ss : 512;
	min_mib = ((uint64_t)FAT_MIN_CLUSTERS * cl + 2 * STK_MIB - 1) >> 20;
	return stk_seterr(ctx, -EINVAL,
			  "a partition of %llu MiB is too small for FAT32 with %u-byte clusters (it needs %llu MiB)",
			  (unsigned long long)(p->part_size_bytes >> 20), cl,
			  (unsigned long long)min_mib);
}

uint64_t fatlayout_cluster_offset(const struct fat_geom *g, uint32_t cl)
{
	uint64_t data = (uint64_t)g->reserved_sectors + 2ull * g->fat_sectors;

	return g->part_offset_bytes + data * g->sector_bytes +
	       (uint64_t)(cl - 2) * g->cluster_bytes;
}

static void boot_sector(const struct fat_geom *g, uint8_t *s)
{
	struct fat32_boot *b = (struct fat32_boot *)s;

	memcpy(b->jmp, "\xeb\x58\x90", 3);
	memcpy(b->oem, "MSWIN4.1", 8);	/* what most drivers expect */
	put_le16(b->bytes_per_sec, (uint16_t)g->sector_bytes);
	b->sec_per_clus[0] = (uint8_t)(g->cluster_bytes / g->sector_bytes);
	put_le16(b->rsvd_sec_cnt, (uint16_t)g->reserved_sectors);
	b->num_fats[0] = 2;
	b->media[0] = FAT_MEDIA_FIXED;
	put_le16(b->sec_per_trk, 63);
	put_le16(b->num_heads, 255);
	put_le32(b->hidd_sec, g->hidden_sectors);
	put_le32(b->tot_sec32, g->total_sectors);
	put_le32(b->fat_sz32, g->fat_sectors);
	put_le32(b->root_clus, 2);
	put_le16(b->fs_info, FAT_FSINFO_SECTOR);
	put_le16(b->bk_boot_sec, FAT_BACKUP_SECTOR);
	b->drv_num[0] = 0x80;
	b->boot_sig[0] = FAT_EXT_BOOT_SIG;
	put_le32(b->vol_id, g->serial);
	memset(b->vol_lab, ' ', sizeof(b->vol_lab));
	if (g->label[0])
		memcpy(b->vol_lab, g->label, strlen(g->label));
	else
		memcpy(b->vol_lab, "NO NAME", 7);
	memcpy(b->fil_sys_type, "FAT32   ", 8);
	memcpy(b->boot_code, not_bootable_code, sizeof(not_bootable_code));
	memcpy(s + 0x73, not_bootable_msg, sizeof(not_bootable_msg));
	b->signature[0] = 0x55;
	b->signature[1] = 0xaa;
}

/* fatgen103 section 5: FSInfo. */
static void fsinfo_sector(const struct fat_geom *g, uint32_t free_clusters,
			  uint32_t next_free, uint8_t *s)
{
	put_le32(s + 0, FSINFO_LEAD_SIG);
	put_le32(s + 484, FSINFO_STRUC_SIG);
	put_le32(s + 488, free_clusters);
	put_le32(s + 492, next_free <= g->n_clusters + 1 ? next_free :
			  FSINFO_UNKNOWN);
	put_le32(s + 508, FSINFO_TRAIL_SIG);
}

void fatlayout_reserved(const struct fat_geom *g, uint32_t free_clusters,
			uint32_t next_free, uint8_t *buf)
{
	size_t ss = g->sector_bytes;

	boot_sector(g, buf);
	fsinfo_sector(g, free_clusters, next_free,
		      buf + FAT_FSINFO_SECTOR * ss);
	memcpy(buf + FAT_BACKUP_SECTOR * ss, buf, ss);
	memcpy(buf + (FAT_BACKUP_SECTOR + 1) * ss,
	       buf + FAT_FSINFO_SECTOR * ss, ss);
}

void fatlayout_time(int64_t t, uint16_t *date, uint16_t *time)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t < 315532800 || !gmtime_r(&tt, &tm)) {	/* before 1980 */
		*date = 1 << 5 | 1;
		*time = 0;
		return;
	}
	if (tm.tm_year > 207) {
		*date = (uint16_t)(127 << 9 | 12 << 5 | 31);
		*time = (uint16_t)(23 << 11 | 59 << 5 | 29);
		return;
	}
	*date = (uint16_t)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 |
			   tm.tm_mday);
	*time = (uint16_t)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
}

/* fatgen103 section 6: one 32-byte short entry. */
static void short_entry(uint8_t *e, const uint8_t name[11], uint8_t attr,
			uint8_t case_bits, uint32_t cluster, uint32_t size,
			int64_t mtime)
{
	uint16_t date, tm;

	fatlayout_time(mtime, &date, &tm);
	memcpy(e, name, 11);
	e[11] = attr;
	e[12] = case_bits;
	put_le16(e + 14, tm);		/* creation */
	put_le16(e + 16, date);
	put_le16(e + 18, date);		/* last access */
	put_le16(e + 20, (uint16_t)(cluster >> 16));
	put_le16(e + 22, tm);		/* write */
	put_le16(e + 24, date);
	put_le16(e + 26, (uint16_t)cluster);
	put_le32(e + 28, size);
}

/* fatgen103 section 7: the LFN entries of @n, last part first. */
static uint8_t *lfn_entries(uint8_t *e, const struct fat_node *n)
{
	static const uint8_t pos[FAT_LFN_UNITS] = {
		1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30
	};
	size_t count = (n->name_units + FAT_LFN_UNITS - 1) / FAT_LFN_UNITS;
	uint8_t sum = fatname_checksum(n->sfn);
	size_t k, i, u;
	uint16_t v;

	for (k = count; k >= 1; k--, e += FAT_DIRENT_BYTES) {
		e[0] = (uint8_t)(k | (k == count ? 0x40 : 0));
		e[11] = FAT_ATTR_LFN;
		e[13] = sum;
		for (i = 0; i < FAT_LFN_UNITS; i++) {
			u = (k - 1) * FAT_LFN_UNITS + i;
			if (u < n->name_units)
				v = n->name[u];
			else if (u == n->name_units)
				v = 0;
			else
				v = 0xffff;
			put_le16(e + pos[i], v);
		}
	}
	return e;
}

void fatlayout_dir(const struct fat_geom *g, const struct fat_node *dir,
		   uint8_t *buf)
{
	static const uint8_t dot[11] = ".          ";
	static const uint8_t dotdot[11] = "..         ";
	const struct fat_node *c;
	uint8_t lab[11];
	uint32_t up;
	uint8_t *e = buf;

	memset(buf, 0, (size_t)dir->n_clusters * g->cluster_bytes);
	if (dir->parent) {
		up = dir->parent->parent ? dir->parent->first_cluster : 0;
		short_entry(e, dot, FAT_ATTR_DIR, 0, dir->first_cluster, 0,
			    dir->mtime);
		short_entry(e + FAT_DIRENT_BYTES, dotdot, FAT_ATTR_DIR, 0, up,
			    0, dir->mtime);
		e += 2 * FAT_DIRENT_BYTES;
	} else if (g->label[0]) {
		memset(lab, ' ', sizeof(lab));
		memcpy(lab, g->label, strlen(g->label));
		short_entry(e, lab, FAT_ATTR_VOLUME, 0, 0, 0, dir->mtime);
		e += FAT_DIRENT_BYTES;
	}
	for (c = dir->first_child; c; c = c->next) {
		if (c->lfn)
			e = lfn_entries(e, c);
		short_entry(e, c->sfn,
			    c->is_dir ? FAT_ATTR_DIR : FAT_ATTR_ARCHIVE | c->attr,
			    c->case_bits, c->first_cluster,
			    c->is_dir ? 0 : (uint32_t)c->size_bytes, c->mtime);
		e += FAT_DIRENT_BYTES;
	}
}
