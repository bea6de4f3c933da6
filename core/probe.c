// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * probe.c - what an image is and how it boots: volume descriptors, El
 * Torito, partition tables and the loaders in the tree. Reads metadata
 * only, never file contents beyond a few small loader files.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "internal.h"
#include "disklabel.h"
#include "eltorito.h"
#include "iso.h"
#include "probe.h"
#include "source.h"
#include "live.h"

#define HEAD_BYTES	      (64u * 1024u) /* system area and descriptors */
#define COMPRESSED_HEAD_BYTES (1024u * 1024u)
#define VD_FIRST	      16
#define VD_MAX		      64 /* descriptors looked at, at most */
#define CATALOG_BLOCKS	      4
#define GPT_ENTRIES_MAX	      (1024u * 1024u)
#define LARGE_FILE	      (4ull << 30)
#define ISOLINUX_MAX	      (1024u * 1024u)

/* Copies a blank-padded descriptor field, trailing blanks removed. */
static void field(char *out, size_t size, const uint8_t *p, size_t len)
{
	size_t n = len < size - 1 ? len : size - 1;

	memcpy(out, p, n);
	out[n] = '\0';
	while (n && (out[n - 1] == ' ' || out[n - 1] == '\0'))
		out[--n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!isprint((unsigned char)out[i]))
			out[i] = '?';
}

static void add_path(char list[][STK_PATH_MAX], int *n, const char *path)
{
	if (*n >= STK_MAX_PATHS)
		return;
	stk_strlcpy(list[(*n)++], path, STK_PATH_MAX);
}

/* MBR at 0, GPT at LBA 1 of 512, 2048 or 4096-byte sectors, Apple map. */
static void probe_disklabel(struct stk_ctx *ctx, struct stk_image *img,
			    const uint8_t *head, size_t len)
{
	static const uint32_t sizes[] = {512, 2048, 4096};
	struct stk_report *r = &img->report;
	struct mbr_info mbr;
	const char *why;
	size_t i;
	/* how far the image goes: a compressed one's file is shorter */
	uint64_t limit = r->compression == STK_COMP_NONE ? img->file_bytes
			 : r->image_bytes > len		 ? r->image_bytes
							 : len;

	if (len < 512)
		return;
	why = mbr_parse(head, &mbr);
	r->mbr_signature = mbr.signature;
	r->mbr_boot_code = mbr.boot_code;
	if (!why) {
		r->protective_mbr = mbr.protective;
		r->n_mbr_parts = mbr.n_parts;
		memcpy(r->mbr, mbr.part, sizeof(r->mbr));
	} else {
		DBG(ctx, PROBE, "no MBR: %s", why);
	}

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct gpt_header h;
		uint64_t off, bytes;
		uint8_t *ents;
		uint32_t ss = sizes[i];

		if (len < 2 * ss || memcmp(head + ss, "EFI PART", 8))
			continue;
		why = gpt_parse_header(head + ss, ss, &h);
		if (why) {
			stk_strlcpy(r->gpt_problem, why,
				    sizeof(r->gpt_problem));
			continue;
		}
		bytes = (uint64_t)h.n_entries * h.entry_bytes;
		/* entries_lba is any 64-bit value: no product may wrap */
		off = limit;
		if (h.entries_lba < limit / ss)
			off = h.entries_lba * ss;
		if (bytes > GPT_ENTRIES_MAX || bytes > limit - off) {
			stk_strlcpy(r->gpt_problem,
				    "GPT partition entries lie past the end",
				    sizeof(r->gpt_problem));
			continue;
		}
		ents = malloc((size_t)bytes);
		if (!ents)
			return;
		/* from the (decompressed) head where it holds them: a
		 * compressed image's file offsets are not the image's */
		if (off + bytes <= len) {
			memcpy(ents, head + off, (size_t)bytes);
		} else if (r->compression != STK_COMP_NONE) {
			stk_strlcpy(
				r->gpt_problem,
				"GPT partition entries lie past the first MiB of the compressed image: not read",
				sizeof(r->gpt_problem));
			free(ents);
			continue;
		} else if (io_pread_full(img->fd, ents, (size_t)bytes, off)) {
			free(ents);
			continue;
		}
		why = gpt_parse_entries(ents, (size_t)bytes, &h, r->gpt_part,
					STK_MAX_PARTS, &r->n_gpt_parts);
		free(ents);
		if (why) {
			stk_strlcpy(r->gpt_problem, why,
				    sizeof(r->gpt_problem));
			r->n_gpt_parts = 0;
			continue;
		}
		r->gpt = true;
		r->gpt_sector_bytes = ss;
		r->gpt_problem[0] = '\0';
		break;
	}
	r->apple_map = apm_present(head, len);
}

/* ECMA-119 8.4: the primary volume descriptor. */
static void read_pvd(struct stk_report *r, const uint8_t *vd)
{
	uint32_t blocks = get_le32(vd + 80);
	uint16_t bs = get_le16(vd + 128);

	r->kind = STK_KIND_ISO9660;
	field(r->volume_id, sizeof(r->volume_id), vd + 40, 32);
	field(r->publisher, sizeof(r->publisher), vd + 318, 128);
	field(r->application, sizeof(r->application), vd + 574, 128);
	if (bs != 512 && bs != 1024 && bs != 2048)
		bs = ISO_BLOCK_BYTES;
	r->volume_bytes = (uint64_t)blocks * bs;
}

/* Joliet is a supplementary descriptor with a UCS-2 escape sequence. */
static bool is_joliet(const uint8_t *vd)
{
	return vd[88] == '%' && vd[89] == '/' &&
	       (vd[90] == '@' || vd[90] == 'C' || vd[90] == 'E');
}

static int read_block(struct stk_image *img, const uint8_t *head,
		      size_t head_len, uint32_t lba, uint8_t *out)
{
	uint64_t off = (uint64_t)lba * ISO_BLOCK_BYTES;

	if (off + ISO_BLOCK_BYTES <= head_len) {
		memcpy(out, head + off, ISO_BLOCK_BYTES);
		return 0;
	}
	/* a compressed image is seen only through its decompressed head */
	if (img->report.compression != STK_COMP_NONE ||
	    off + ISO_BLOCK_BYTES > img->file_bytes)
		return -ENODATA;
	return io_pread_full(img->fd, out, ISO_BLOCK_BYTES, off);
}

/* Bytes of the image as probed: the file, or the decompressed stream. */
static uint64_t image_end(const struct stk_report *r,
			  const struct stk_image *img)
{
	if (r->compression == STK_COMP_NONE)
		return img->file_bytes;
	return r->image_bytes ? r->image_bytes : UINT64_MAX;
}

static void probe_catalog(struct stk_ctx *ctx, struct stk_image *img,
			  const uint8_t *head, size_t head_len)
{
	struct stk_report *r = &img->report;
	uint8_t cat[CATALOG_BLOCKS * ISO_BLOCK_BYTES];
	uint64_t off = (uint64_t)r->catalog_lba * ISO_BLOCK_BYTES;
	struct eltorito_info info;
	size_t len = sizeof(cat);
	const char *why;
	uint64_t end = image_end(r, img);
	size_t blk;
	int i;

	if (off >= end) {
		stk_strlcpy(r->catalog_problem,
			    "boot catalog lies past the end of the image",
			    sizeof(r->catalog_problem));
		return;
	}
	if (off + len > end)
		len = (size_t)(end - off);
	memset(cat, 0, sizeof(cat));
	for (blk = 0; blk * ISO_BLOCK_BYTES < len; blk++)
		if (read_block(img, head, head_len, r->catalog_lba + blk,
			       cat + blk * ISO_BLOCK_BYTES)) {
			if (blk) /* a short last block reads as zeros */
				break;
			stk_strlcpy(r->catalog_problem,
				    "boot catalog cannot be read",
				    sizeof(r->catalog_problem));
			return;
		}
	why = eltorito_parse_catalog(cat, len, end, &info);
	if (why)
		stk_strlcpy(r->catalog_problem, why,
			    sizeof(r->catalog_problem));
	DBG(ctx, PROBE, "boot catalog at %u: %d entries", r->catalog_lba,
	    info.n_entries);
	r->n_boot_entries = info.n_entries;
	for (i = 0; i < info.n_entries; i++) {
		const struct eltorito_entry *e = &info.entry[i];
		struct stk_boot_entry *b = &r->boot[i];

		b->platform = eltorito_platform(e->platform_id);
		b->platform_id = e->platform_id;
		b->bootable = e->bootable;
		b->emulation = eltorito_emulation(e->media);
		b->load_lba = e->load_lba;
		b->sector_count = e->sector_count;
		if (e->problem)
			stk_strlcpy(b->problem, e->problem, sizeof(b->problem));
	}
}

/* Walks the volume descriptor set (ECMA-119 8.1) from block 16. */
static void probe_descriptors(struct stk_ctx *ctx, struct stk_image *img,
			      const uint8_t *head, size_t head_len)
{
	struct stk_report *r = &img->report;
	uint8_t vd[ISO_BLOCK_BYTES];
	uint32_t lba;
	bool ended = false;

	for (lba = VD_FIRST; lba < VD_FIRST + VD_MAX; lba++) {
		if (read_block(img, head, head_len, lba, vd))
			break;
		if (!ended && !memcmp(vd + 1, "CD001", 5)) {
			if (vd[0] == 1 && r->kind != STK_KIND_ISO9660)
				read_pvd(r, vd);
			else if (vd[0] == 2 && is_joliet(vd))
				r->joliet = true;
			else if (vd[0] == 0 && !r->el_torito &&
				 eltorito_is_boot_record(vd, &r->catalog_lba))
				r->el_torito = true;
			else if (vd[0] == 255)
				ended = true;
			continue;
		}
		/* ECMA-167 2/8.3: the UDF recognition sequence follows. */
		if (!memcmp(vd + 1, "NSR02", 5) ||
		    !memcmp(vd + 1, "NSR03", 5)) {
			r->udf = true;
			break;
		}
		if (memcmp(vd + 1, "BEA01", 5) && memcmp(vd + 1, "TEA01", 5) &&
		    memcmp(vd + 1, "CD001", 5))
			break;
	}
	if (r->kind != STK_KIND_ISO9660)
		return;
	r->truncated = img->file_bytes < r->volume_bytes;
	r->longer = img->file_bytes > r->volume_bytes;
	if (r->el_torito)
		probe_catalog(ctx, img, head, head_len);
}

static bool name_is(const char *name, const char *want)
{
	return !strcasecmp(name, want);
}

/* FAT long names cannot hold these characters, nor end in dot or blank. */
static bool bad_fat_name(const char *name)
{
	static const char *const reserved[] = {
		"CON",	"PRN",	"AUX",	"NUL",	"COM1", "COM2", "COM3", "COM4",
		"COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3",
		"LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
	};
	size_t n = strlen(name), base, i;
	const char *p;

	if (n == 0 || n > 255 || name[n - 1] == '.' || name[n - 1] == ' ')
		return true;
	for (p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || strchr("\"*:<>?\\|", *p))
			return true;
	base = strcspn(name, ".");
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strlen(reserved[i]) == base &&
		    !strncasecmp(name, reserved[i], base))
			return true;
	return false;
}

struct tree {
	struct stk_report *r;
	char efi_img_guess[STK_PATH_MAX];
	struct live_scan live;
};

static void note_file(struct tree *t, const struct iso_entry *e)
{
	struct stk_report *r = t->r;
	const char *n = e->name;
	int i;

	for (i = 0; i < r->n_boot_entries; i++)
		if (!r->boot[i].file[0] && e->lba == r->boot[i].load_lba &&
		    e->size_bytes) {
			stk_strlcpy(r->boot[i].file, e->path,
				    sizeof(r->boot[i].file));
			r->boot[i].file_bytes = e->size_bytes;
		}
	if (name_is(n, "isolinux.bin") && !r->isolinux_bin[0])
		stk_strlcpy(r->isolinux_bin, e->path, sizeof(r->isolinux_bin));
	else if (name_is(n, "isolinux.cfg") && !r->isolinux_cfg[0])
		stk_strlcpy(r->isolinux_cfg, e->path, sizeof(r->isolinux_cfg));
	else if (name_is(n, "ldlinux.c32"))
		r->ldlinux_c32 = true;
	else if (name_is(n, "syslinux.cfg") || name_is(n, "extlinux.conf"))
		add_path(r->syslinux_cfg, &r->n_syslinux_cfgs, e->path);
	else if (name_is(n, "grub.cfg"))
		add_path(r->grub_cfg, &r->n_grub_cfgs, e->path);
	else if ((name_is(n, "efi.img") || name_is(n, "efiboot.img")) &&
		 !t->efi_img_guess[0])
		stk_strlcpy(t->efi_img_guess, e->path,
			    sizeof(t->efi_img_guess));
	else if (name_is(n, "md5sum.txt") || name_is(n, "md5sums") ||
		 name_is(n, "sha256sums") || name_is(n, "sha256sum.txt") ||
		 name_is(n, "sha1sums") || name_is(n, "sha512sums"))
		add_path(r->checksum_file, &r->n_checksum_files, e->path);

	/* EFI/BOOT/BOOT<arch>.EFI (UEFI 2.10 section 3.5.1.1) */
	if (e->depth == 2 && !strncasecmp(e->path, "/efi/boot/", 10) &&
	    !strncasecmp(n, "boot", 4) && strlen(n) > 8 &&
	    name_is(n + strlen(n) - 4, ".efi"))
		add_path(r->efi_loader, &r->n_efi_loaders, e->path);

	if (e->depth == 0 && name_is(n, "bootmgr"))
		r->windows = true;
	if (e->depth == 1 && !strncasecmp(e->path, "/sources/", 9) &&
	    (name_is(n, "install.wim") || name_is(n, "install.esd") ||
	     name_is(n, "boot.wim")))
		r->windows = true;
	if (e->size_bytes >= LARGE_FILE)
		add_path(r->large_file, &r->n_large_files, e->path);
}

static int on_entry(const struct iso_entry *e, void *data)
{
	struct tree *t = data;
	struct stk_report *r = t->r;

	if (bad_fat_name(e->name))
		add_path(r->bad_name, &r->n_bad_names, e->path);
	if (e->is_symlink) {
		add_path(r->symlink, &r->n_symlinks, e->path);
		return 0;
	}
	if (e->is_dir) {
		if (!strcasecmp(e->path, "/boot/grub/i386-pc"))
			r->grub_bios = true;
		return 0;
	}
	note_file(t, e);
	live_note(&t->live, e);
	return 0;
}

/* "ISOLINUX 6.04" from the banner isolinux.bin carries. */
static void isolinux_version(struct stk_ctx *ctx, struct stk_image *img)
{
	struct stk_report *r = &img->report;
	uint8_t *data;
	size_t len, i;

	if (iso_read_file(ctx, img->iso, r->isolinux_bin, ISOLINUX_MAX, &data,
			  &len))
		return;
	for (i = 0; i + 10 < len; i++) {
		size_t n = 9;

		if (memcmp(data + i, "ISOLINUX ", 9) || !isdigit(data[i + 9]))
			continue;
		while (i + n < len && n < sizeof(r->isolinux_version) - 1 &&
		       (isdigit(data[i + n]) || data[i + n] == '.'))
			n++;
		memcpy(r->isolinux_version, data + i, n);
		r->isolinux_version[n] = '\0';
		break;
	}
	free(data);
}

/* ISOLINUX reads the isolinux.cfg beside isolinux.bin before any other. */
static void isolinux_config(struct stk_ctx *ctx, struct stk_image *img)
{
	struct stk_report *r = &img->report;
	char path[STK_PATH_MAX + 16];
	struct iso_entry e;
	char *slash;

	stk_strlcpy(path, r->isolinux_bin, sizeof(path));
	slash = strrchr(path, '/');
	if (!slash)
		return;
	strcpy(slash + 1, "isolinux.cfg");
	if (!iso_lookup(ctx, img->iso, path, &e) && !e.is_dir)
		stk_strlcpy(r->isolinux_cfg, e.path, sizeof(r->isolinux_cfg));
}

static void probe_tree(struct stk_ctx *ctx, struct stk_image *img)
{
	struct stk_report *r = &img->report;
	struct tree *t;
	int i, rc;

	rc = iso_open(ctx, img->path, &img->iso);
	if (rc) {
		stk_log(ctx, STK_LOG_WARN, "the ISO 9660 tree cannot be read");
		return;
	}
	r->rock_ridge = iso_has_rock_ridge(img->iso);
	/* the live scan's config list is too large for the stack */
	t = calloc(1, sizeof(*t));
	if (!t) {
		stk_log(ctx, STK_LOG_WARN, "out of memory for the tree walk");
		return;
	}
	t->r = r;
	rc = iso_walk(ctx, img->iso, on_entry, t);
	if (rc)
		stk_log(ctx, STK_LOG_WARN, "the ISO 9660 walk stopped early");

	for (i = 0; i < r->n_boot_entries; i++) {
		const struct stk_boot_entry *b = &r->boot[i];

		if (b->platform == STK_PLATFORM_UEFI && !r->efi_image[0] &&
		    b->file[0])
			stk_strlcpy(r->efi_image, b->file,
				    sizeof(r->efi_image));
	}
	if (!r->efi_image[0])
		stk_strlcpy(r->efi_image, t->efi_img_guess,
			    sizeof(r->efi_image));
	live_decide(ctx, img->iso, &t->live, r);
	free(t);
	if (strcasestr(r->publisher, "microsoft"))
		r->windows = true;
	if (r->isolinux_bin[0]) {
		isolinux_version(ctx, img);
		isolinux_config(ctx, img);
	}
}

/*
 * The first MiB of a compressed image, decompressed, replaces the head:
 * enough for the MBR, GPT and the volume descriptors. image_bytes becomes
 * the size the format records (xz, zstd), else 0 (gzip, bzip2).
 */
static int peek_compressed(struct stk_ctx *ctx, struct stk_image *img,
			   uint8_t **head, size_t *len)
{
	struct stk_report *r = &img->report;
	uint8_t *big;

	big = realloc(*head, COMPRESSED_HEAD_BYTES);
	if (!big)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	*head = big;
	memset(big, 0, COMPRESSED_HEAD_BYTES);
	/* source_peek() records the message of a corrupt stream */
	return source_peek(ctx, img->path, big, COMPRESSED_HEAD_BYTES, len,
			   NULL, &r->image_bytes);
}

int probe_image(struct stk_ctx *ctx, struct stk_image *img)
{
	struct stk_report *r = &img->report;
	size_t len = HEAD_BYTES;
	uint8_t *head;
	int rc;

	memset(r, 0, sizeof(*r));
	r->file_bytes = img->file_bytes;
	r->image_bytes = img->file_bytes;
	if (len > img->file_bytes)
		len = (size_t)img->file_bytes;
	head = calloc(1, HEAD_BYTES);
	if (!head)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	if (len) {
		rc = io_pread_full(img->fd, head, len, 0);
		if (rc) {
			rc = stk_seterr_errno(ctx, rc, "cannot read '%s'",
					      img->path);
			goto out_free;
		}
	}

	r->compression = source_detect(head, len);
	if (r->compression != STK_COMP_NONE) {
		rc = peek_compressed(ctx, img, &head, &len);
		if (rc)
			goto out_free;
	}
	probe_disklabel(ctx, img, head, len);
	probe_descriptors(ctx, img, head, len);
	if (r->compression != STK_COMP_NONE) {
		/* no random access inside the stream: the head tells the
		 * kind and the hybrid layout, not the tree or the catalog */
		if (r->kind == STK_KIND_ISO9660)
			r->hybrid = r->gpt ||
				    (r->n_mbr_parts > 0 && !r->protective_mbr);
		else if (r->gpt || r->n_mbr_parts > 0)
			r->kind = STK_KIND_DISK;
		r->truncated = false;
		r->longer = false;
		goto out_verdict;
	}
	if (r->kind == STK_KIND_ISO9660) {
		r->hybrid =
			r->gpt || (r->n_mbr_parts > 0 && !r->protective_mbr);
		if (!img->head_only)
			probe_tree(ctx, img);
	} else if (r->gpt || r->n_mbr_parts > 0) {
		r->kind = STK_KIND_DISK;
	}
out_verdict:
	verdict_decide(r);
	rc = 0;
out_free:
	free(head);
	return rc;
}
