// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * sysinst.c - syslinux put on a FAT by stickler itself. The facts come
 * from syslinux 6's installer library (libinstaller: syslxmod.c,
 * syslxint.h, setadv.c): where the patch area sits, what its fields
 * mean, how sectors become extents, what the ADV looks like.
 */
#define _GNU_SOURCE
#include <string.h>

#include "sysinst.h"

#define LDLINUX_MAGIC 0x3eb202feu
#define ADV_MAGIC1    0x5a2d2fa5u /* head signature */
#define ADV_MAGIC2    0xa3041767u /* total checksum */
#define ADV_MAGIC3    0xdd28bf64u /* tail signature */

/* struct patch_area, from its magic */
#define PA_DATA_SECTORS 8
#define PA_ADV_SECTORS	10
#define PA_DWORDS	12
#define PA_CHECKSUM	16
#define PA_EPAOFFSET	22
#define PA_BYTES	24

/* struct ext_patch_area: offsets into ldlinux.sys or the boot sector */
#define EPA_ADVPTR    0
#define EPA_DIR	      2
#define EPA_DIRLEN    4
#define EPA_SECPTR    10
#define EPA_SECPTRCNT 12
#define EPA_SECT1PTR0 14
#define EPA_SECT1PTR1 16
#define EPA_BYTES     20

#define EXTENT_BYTES 10	     /* u64 lba, u16 sectors */
#define LOAD_ADDR    0x8000u /* where ldlinux.sys is loaded */

/* FAT32 boot sector: jump and OEM name, then the code after the BPB */
#define BS_HEAD_LEN 11
#define BS_CODE	    0x5a
#define BS_CODE_LEN (0x1fe - BS_CODE)

static const uint8_t *find(const uint8_t *hay, size_t len, const void *needle,
			   size_t n)
{
	return n <= len ? memmem(hay, len, needle, n) : NULL;
}

/* The EPA of @sys, checked against both images; NULL when it is odd. */
static const uint8_t *epa_of(const uint8_t *sys, size_t sys_len, size_t pa_off)
{
	const uint8_t *epa;
	size_t e = get_le16(sys + pa_off + PA_EPAOFFSET);

	if (e > sys_len || sys_len - e < EPA_BYTES)
		return NULL;
	epa = sys + e;
	if ((size_t)get_le16(epa + EPA_SECPTR) +
		    (size_t)get_le16(epa + EPA_SECPTRCNT) * EXTENT_BYTES >
	    sys_len)
		return NULL;
	if ((size_t)get_le16(epa + EPA_ADVPTR) + 16 > sys_len ||
	    (size_t)get_le16(epa + EPA_DIR) + get_le16(epa + EPA_DIRLEN) >
		    sys_len)
		return NULL;
	if (get_le16(epa + EPA_SECT1PTR0) > SYSINST_SECTOR - 4 ||
	    get_le16(epa + EPA_SECT1PTR1) > SYSINST_SECTOR - 4)
		return NULL;
	return epa;
}

static size_t patch_area(const uint8_t *sys, size_t sys_len)
{
	uint8_t m[4];
	const uint8_t *p;

	put_le32(m, LDLINUX_MAGIC);
	p = find(sys, sys_len, m, 4);
	return p && (size_t)(p - sys) + PA_BYTES <= sys_len ? (size_t)(p - sys)
							    : (size_t)-1;
}

int sysinst_find(const uint8_t *bin, size_t len, struct sysinst_images *im)
{
	static const char banner[] = "\r\nSYSLINUX ";
	const uint8_t *p, *end = bin + len, *sys = NULL, *elf;
	uint8_t m[4];
	uint64_t c32_len;
	size_t i;

	memset(im, 0, sizeof(*im));
	/* 1. the boot sector */
	for (p = bin; (p = find(p, (size_t)(end - p), "SYSLINUX", 8)); p++) {
		if (p - bin >= 3 && p[-3] == 0xeb && p[-1] == 0x90 &&
		    end - (p - 3) >= SYSINST_SECTOR && p[-3 + 510] == 0x55 &&
		    p[-3 + 511] == 0xaa) {
			im->bss = p - 3;
			break;
		}
	}
	if (!im->bss)
		return -ENOENT;
	/* 2. ldlinux.sys: its banner just before the first magic */
	put_le32(m, LDLINUX_MAGIC);
	p = im->bss + SYSINST_SECTOR;
	p = find(p, (size_t)(end - p), m, 4);
	if (!p)
		return -ENOENT;
	for (i = 0; i < 256 && p - i > im->bss + SYSINST_SECTOR; i++)
		if (end - (p - i - 1) >= (ptrdiff_t)sizeof(banner) - 1 &&
		    !memcmp(p - i - 1, banner, sizeof(banner) - 1))
			sys = p - i - 1;
	if (!sys)
		return -ENOENT;
	/* 3. ldlinux.c32 follows; its section headers end the file */
	elf = find(sys, (size_t)(end - sys), "\177ELF\001\001", 6);
	if (!elf || end - elf < 52)
		return -ENOENT;
	c32_len = (uint64_t)get_le32(elf + 32) +
		  (uint64_t)get_le16(elf + 46) * get_le16(elf + 48);
	if (c32_len < 52 || c32_len > (uint64_t)(end - elf))
		return -EINVAL;
	im->sys = sys;
	im->sys_len = (size_t)(elf - sys);
	im->c32 = elf;
	im->c32_len = (size_t)c32_len;
	if (im->sys_len % SYSINST_SECTOR ||
	    !epa_of(sys, im->sys_len, patch_area(sys, im->sys_len)))
		return -EINVAL;
	for (i = 0; i + 2 < sizeof(im->banner) && sys[2 + i] >= ' ' &&
		    sys[2 + i] < 0x7f;
	     i++)
		im->banner[i] = (char)sys[2 + i];
	im->banner[i] = '\0';
	return 0;
}

/*
 * The sectors after the first as (lba, count) extents. An extent grows
 * while the next sector follows on the disk, it stays under 64 KiB and
 * the memory it loads into does not cross a 64 KiB boundary.
 */
static int extents(uint8_t *ex, size_t max, const uint64_t *sect, size_t n)
{
	uint32_t addr = LOAD_ADDR, base = LOAD_ADDR;
	uint64_t lba = 0;
	unsigned cnt = 0;
	size_t used = 0, i;

	memset(ex, 0, max * EXTENT_BYTES);
	for (i = 0; i < n; i++, addr += SYSINST_SECTOR) {
		if (cnt) {
			uint32_t bytes = (cnt + 1) * SYSINST_SECTOR;

			if (sect[i] == lba + cnt && bytes < 65536 &&
			    !((addr ^ (base + bytes - 1)) & 0xffff0000u)) {
				cnt++;
				continue;
			}
			if (used == max)
				return -ENOSPC;
			put_le64(ex + used * EXTENT_BYTES, lba);
			put_le16(ex + used * EXTENT_BYTES + 8, (uint16_t)cnt);
			used++;
		}
		base = addr;
		lba = sect[i];
		cnt = 1;
	}
	if (cnt) {
		if (used == max)
			return -ENOSPC;
		put_le64(ex + used * EXTENT_BYTES, lba);
		put_le16(ex + used * EXTENT_BYTES + 8, (uint16_t)cnt);
	}
	return 0;
}

/* An empty ADV, twice. */
static void adv_reset(uint8_t *adv)
{
	uint32_t sum = ADV_MAGIC2;
	unsigned i;

	memset(adv, 0, SYSINST_SECTOR);
	put_le32(adv, ADV_MAGIC1);
	for (i = 8; i < SYSINST_SECTOR - 4; i += 4)
		sum -= get_le32(adv + i);
	put_le32(adv + 4, sum);
	put_le32(adv + SYSINST_SECTOR - 4, ADV_MAGIC3);
	memcpy(adv + SYSINST_SECTOR, adv, SYSINST_SECTOR);
}

int sysinst_patch(const struct sysinst_images *im, uint8_t *sys,
		  const uint64_t *sectors, size_t n, const char *dir,
		  uint8_t bootsect[SYSINST_SECTOR])
{
	size_t len = im->sys_len, pa = patch_area(sys, len);
	size_t nsect = len / SYSINST_SECTOR + 2, i;
	size_t dirlen = strlen(dir) + 1;
	const uint8_t *epa = pa == (size_t)-1 ? NULL : epa_of(sys, len, pa);
	uint8_t *advptr;
	uint32_t sum = LDLINUX_MAGIC;
	int rc;

	if (!epa)
		return -EINVAL;
	if (n < nsect)
		return -EINVAL;
	if (dirlen > get_le16(epa + EPA_DIRLEN))
		return -ENOSPC;

	/* the boot sector finds the first sector; the rest are extents */
	memcpy(bootsect, im->bss, BS_HEAD_LEN);
	memcpy(bootsect + BS_CODE, im->bss + BS_CODE, BS_CODE_LEN);
	put_le32(bootsect + get_le16(epa + EPA_SECT1PTR0),
		 (uint32_t)sectors[0]);
	put_le32(bootsect + get_le16(epa + EPA_SECT1PTR1),
		 (uint32_t)(sectors[0] >> 32));

	put_le16(sys + pa + PA_DATA_SECTORS, (uint16_t)(nsect - 2));
	put_le16(sys + pa + PA_ADV_SECTORS, 2);
	put_le32(sys + pa + PA_DWORDS, (uint32_t)(len / 4));
	rc = extents(sys + get_le16(epa + EPA_SECPTR),
		     get_le16(epa + EPA_SECPTRCNT), sectors + 1, nsect - 3);
	if (rc)
		return rc;
	advptr = sys + get_le16(epa + EPA_ADVPTR);
	put_le64(advptr, sectors[nsect - 2]);
	put_le64(advptr + 8, sectors[nsect - 1]);
	memcpy(sys + get_le16(epa + EPA_DIR), dir, dirlen);

	/* the dwords of the image add up to the magic */
	put_le32(sys + pa + PA_CHECKSUM, 0);
	for (i = 0; i < len / 4; i++)
		sum -= get_le32(sys + i * 4);
	put_le32(sys + pa + PA_CHECKSUM, sum);
	adv_reset(sys + len);
	return 0;
}
