// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * verdict.c - how to write an image, decided from its probe report, with
 * the reasons in plain sentences. Pure: reads and fills a report only.
 */
#include <stdio.h>
#include <strings.h>

#include "internal.h"
#include "probe.h"

void verdict_add_reason(struct stk_report *r, const char *fmt, ...)
{
	va_list ap;

	if (r->n_reasons >= STK_MAX_REASONS)
		return;
	va_start(ap, fmt);
	vsnprintf(r->reason[r->n_reasons++], STK_REASON_MAX, fmt, ap);
	va_end(ap);
}

static bool has_platform(const struct stk_report *r, enum stk_platform p)
{
	int i;

	for (i = 0; i < r->n_boot_entries; i++)
		if (r->boot[i].platform == p && !r->boot[i].problem[0])
			return true;
	return false;
}

/* Does a BIOS entry load ISOLINUX (or, lacking a file name, is it there)? */
static bool bios_isolinux(const struct stk_report *r)
{
	int i;

	if (!r->isolinux_bin[0])
		return false;
	for (i = 0; i < r->n_boot_entries; i++) {
		const struct stk_boot_entry *b = &r->boot[i];

		if (b->platform != STK_PLATFORM_BIOS || b->problem[0])
			continue;
		if (!b->file[0] || !strcmp(b->file, r->isolinux_bin))
			return true;
	}
	return false;
}

/*
 * UEFI boots an ISO-mode stick through EFI/BOOT: from the tree, or from the
 * El Torito EFI image (boot/ extracts its loaders).
 */
static bool uefi_loader(const struct stk_report *r)
{
	return r->n_efi_loaders > 0 ||
	       (r->efi_image[0] && has_platform(r, STK_PLATFORM_UEFI));
}

static const char *uefi_how(const struct stk_report *r)
{
	return r->n_efi_loaders
		       ? "UEFI boots through EFI/BOOT"
		       : "UEFI boots through the loaders of the El Torito EFI image";
}

/* ISO mode copies files to FAT32: say what FAT32 cannot hold. */
static bool fat32_fit(struct stk_report *r)
{
	if (r->n_large_files) {
		verdict_add_reason(
			r,
			"'%s' is 4 GiB or more: FAT32 cannot hold it, so ISO mode is out",
			r->large_file[0]);
		return false;
	}
	if (r->n_symlinks)
		verdict_add_reason(
			r,
			"the tree has symlinks ('%s'): FAT32 cannot hold them",
			r->symlink[0]);
	if (r->n_bad_names)
		verdict_add_reason(r, "'%s' is a name FAT32 cannot hold",
				   r->bad_name[0]);
	return true;
}

static void decide_iso(struct stk_report *r)
{
	bool bios = has_platform(r, STK_PLATFORM_BIOS);
	bool isolinux = bios_isolinux(r);
	bool uefi = uefi_loader(r);
	bool fits;

	if (r->windows) {
		r->verdict = STK_MODE_UNSUPPORTED;
		verdict_add_reason(
			r,
			"Windows installer image: stickler does not write those yet");
		return;
	}
	if (r->hybrid) {
		r->verdict = STK_MODE_RAW;
		r->possible[STK_MODE_RAW] = true;
		verdict_add_reason(
			r,
			"isohybrid image (%s): written byte for byte, it boots as its makers meant",
			r->gpt ? "GPT" : "MBR");
	}
	if (!r->el_torito || !r->n_boot_entries) {
		if (r->hybrid)
			return;
		r->verdict = STK_MODE_UNSUPPORTED;
		verdict_add_reason(
			r,
			"%s: the image does not boot, and a raw copy would not boot either",
			r->catalog_problem[0] ? r->catalog_problem
					      : "no El Torito boot record");
		return;
	}
	if (r->catalog_problem[0])
		verdict_add_reason(r, "boot catalog: %s", r->catalog_problem);

	fits = fat32_fit(r);
	if (fits && isolinux)
		r->possible[STK_MODE_ISO] = true;
	if (fits && uefi)
		r->possible[STK_MODE_ISO_UEFI_ONLY] = true;
	if (r->hybrid)
		return;

	if (isolinux && fits) {
		r->verdict = STK_MODE_ISO;
		verdict_add_reason(
			r,
			"El Torito with ISOLINUX, not hybrid: an ISO-mode stick boots on BIOS through syslinux");
		verdict_add_reason(
			r, "%s",
			uefi ? uefi_how(r)
			     : "no EFI/BOOT loader: the stick will not boot on UEFI");
	} else if (uefi && fits) {
		r->verdict = STK_MODE_ISO_UEFI_ONLY;
		if (!bios)
			verdict_add_reason(
				r,
				"UEFI El Torito entry only: an ISO-mode stick boots on UEFI only");
		else if (r->grub_bios)
			verdict_add_reason(
				r,
				"GRUB-only BIOS boot and not hybrid: an ISO-mode stick boots on UEFI only");
		else
			verdict_add_reason(
				r,
				"the BIOS loader is not ISOLINUX: an ISO-mode stick boots on UEFI only");
	} else {
		r->verdict = STK_MODE_UNSUPPORTED;
		if (!fits)
			return;
		if (r->grub_bios)
			verdict_add_reason(
				r,
				"GRUB-only BIOS boot, not hybrid and no UEFI loader: no way to make a stick boot");
		else
			verdict_add_reason(
				r,
				"El Torito loader is neither ISOLINUX nor UEFI and the image is not hybrid");
	}
	if (!r->possible[STK_MODE_RAW])
		verdict_add_reason(
			r,
			"not hybrid: a raw copy would not boot from a stick");
}

/*
 * A compressed image is streamed through the decompressor: written raw it
 * can be, but ISO mode needs random access to the files inside.
 */
static void decide_compressed(struct stk_report *r)
{
	const char *comp = stk_compression_name(r->compression);
	bool raw_boots = r->kind == STK_KIND_DISK ||
			 (r->kind == STK_KIND_ISO9660 && r->hybrid);

	if (raw_boots) {
		r->verdict = STK_MODE_RAW;
		r->possible[STK_MODE_RAW] = true;
		verdict_add_reason(
			r,
			"%s-compressed %s: decompressed while writing, written byte for byte",
			comp,
			r->kind == STK_KIND_DISK ? "disk image"
						 : "isohybrid ISO");
		return;
	}
	if (r->kind == STK_KIND_ISO9660) {
		verdict_add_reason(
			r,
			"%s-compressed ISO that is not hybrid: a raw copy would not boot from a stick, and ISO mode needs its files: decompress it first",
			comp);
		verdict_add_reason(
			r,
			"ISO mode needs the files: decompress the image first, then probe it again");
		return;
	}
	r->possible[STK_MODE_RAW] = true;
	verdict_add_reason(
		r,
		"%s-compressed, but neither ISO 9660 nor a disk image inside: stickler cannot tell how it boots",
		comp);
	verdict_add_reason(r, "a raw copy is possible, at your own risk");
}

void verdict_decide(struct stk_report *r)
{
	memset(r->possible, 0, sizeof(r->possible));
	r->n_reasons = 0;
	r->verdict = STK_MODE_UNSUPPORTED;

	if (r->compression != STK_COMP_NONE) {
		decide_compressed(r);
		return;
	}
	if (r->kind == STK_KIND_ISO9660 && r->truncated) {
		verdict_add_reason(
			r,
			"the file is shorter than its ISO 9660 volume: a truncated download? Fetch it again");
		return;
	}
	switch (r->kind) {
	case STK_KIND_DISK:
		r->verdict = STK_MODE_RAW;
		r->possible[STK_MODE_RAW] = true;
		verdict_add_reason(r,
				   "raw disk image (%s): written byte for byte",
				   r->gpt ? "GPT" : "MBR");
		break;
	case STK_KIND_ISO9660:
		decide_iso(r);
		break;
	default:
		r->possible[STK_MODE_RAW] = true;
		verdict_add_reason(
			r,
			"neither ISO 9660 nor a disk image with a partition table: stickler cannot tell how it boots");
		verdict_add_reason(r,
				   "a raw copy is possible, at your own risk");
		break;
	}
}

const char *stk_mode_name(enum stk_mode mode)
{
	switch (mode) {
	case STK_MODE_AUTO:
		return "auto";
	case STK_MODE_RAW:
		return "raw";
	case STK_MODE_ISO:
		return "iso";
	case STK_MODE_ISO_UEFI_ONLY:
		return "iso-uefi-only";
	default:
		return "unsupported";
	}
}

int stk_mode_parse(const char *name, enum stk_mode *mode)
{
	static const enum stk_mode all[] = {
		STK_MODE_AUTO,		STK_MODE_RAW,	      STK_MODE_ISO,
		STK_MODE_ISO_UEFI_ONLY, STK_MODE_UNSUPPORTED,
	};
	size_t i;

	if (!name || !mode)
		return -EINVAL;
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (!strcmp(name, stk_mode_name(all[i]))) {
			*mode = all[i];
			return 0;
		}
	return -EINVAL;
}

const char *stk_platform_name(enum stk_platform platform)
{
	switch (platform) {
	case STK_PLATFORM_BIOS:
		return "bios";
	case STK_PLATFORM_UEFI:
		return "uefi";
	default:
		return "other";
	}
}

const char *stk_emulation_name(enum stk_emulation emu)
{
	switch (emu) {
	case STK_EMU_NONE:
		return "none";
	case STK_EMU_FLOPPY_1200:
		return "floppy-1.2M";
	case STK_EMU_FLOPPY_1440:
		return "floppy-1.44M";
	case STK_EMU_FLOPPY_2880:
		return "floppy-2.88M";
	case STK_EMU_HARD_DISK:
		return "hard-disk";
	default:
		return "unknown";
	}
}

const char *stk_kind_name(enum stk_kind kind)
{
	switch (kind) {
	case STK_KIND_ISO9660:
		return "iso9660";
	case STK_KIND_DISK:
		return "disk";
	default:
		return "unknown";
	}
}

const char *stk_compression_name(enum stk_compression comp)
{
	switch (comp) {
	case STK_COMP_GZIP:
		return "gzip";
	case STK_COMP_XZ:
		return "xz";
	case STK_COMP_ZSTD:
		return "zstd";
	case STK_COMP_BZIP2:
		return "bzip2";
	default:
		return "none";
	}
}

const char *stk_efi_arch(const char *path)
{
	static const struct {
		const char *file;
		const char *arch;
	} arches[] = {
		{"bootx64.efi", "x64"},
		{"bootia32.efi", "ia32"},
		{"bootaa64.efi", "aa64"},
		{"bootarm.efi", "arm"},
		{"bootriscv64.efi", "riscv64"},
		{"bootia64.efi", "ia64"},
		{"bootloongarch64.efi", "loongarch64"},
	};
	const char *base;
	size_t i;

	if (!path)
		return "";
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (!strcasecmp(base, arches[i].file))
			return arches[i].arch;
	return "";
}
