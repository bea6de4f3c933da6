// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-report.c - the probe report in words, one short line each, for the
 * image screen: kind, label, size, boot entries, hybrid layout, loaders,
 * and the verdict with its reasons.
 */
#include <stdarg.h>
#include <string.h>

#include "wizard.h"

struct lines {
	char (*l)[UI_REPORT_WIDTH];
	int n;
	int max;
};

static void add(struct lines *ls, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add(struct lines *ls, const char *fmt, ...)
{
	va_list ap;

	if (ls->n >= ls->max)
		return;
	va_start(ap, fmt);
	vsnprintf(ls->l[ls->n++], UI_REPORT_WIDTH, fmt, ap);
	va_end(ap);
}

/* @text after @prefix, wrapped at spaces into lines of @w columns. */
static void add_wrapped(struct lines *ls, const char *prefix, const char *text,
			int w)
{
	int n = (int)strlen(text), cut;
	bool first = true;

	while (n > 0) {
		cut = n;
		if (cut > w) {
			cut = w;
			while (cut > 0 && text[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = w;
		}
		add(ls, "%s%.*s", first ? prefix : "    ", cut, text);
		first = false;
		text += cut;
		n -= cut;
		while (*text == ' ') {
			text++;
			n--;
		}
	}
}

static const char *kind_name(enum stk_kind kind)
{
	switch (kind) {
	case STK_KIND_ISO9660:
		return "ISO 9660 image";
	case STK_KIND_DISK:
		return "disk image (MBR/GPT)";
	default:
		return "not a known image format";
	}
}

static const char *comp_name(enum stk_compression c)
{
	static const char *const names[] = {
		[STK_COMP_NONE] = "",
		[STK_COMP_GZIP] = ", gzip-compressed",
		[STK_COMP_XZ] = ", xz-compressed",
		[STK_COMP_ZSTD] = ", zstd-compressed",
		[STK_COMP_BZIP2] = ", bzip2-compressed",
	};

	return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "";
}

static void add_boot(struct lines *ls, const struct stk_report *r)
{
	const struct stk_boot_entry *b;
	bool bios = false, uefi_entry = false, x64 = false;
	char other[64] = "";
	const char *arch;
	int i;

	for (i = 0; i < r->n_boot_entries; i++) {
		b = &r->boot[i];
		bios |= b->platform == STK_PLATFORM_BIOS && b->bootable;
		uefi_entry |= b->platform == STK_PLATFORM_UEFI && b->bootable;
	}
	/* A PC boots EFI/BOOT/BOOTX64.EFI: a loader for another machine
	 * (ia32, aa64) is named as such, not counted as "UEFI". */
	for (i = 0; i < r->n_efi_loaders; i++) {
		arch = stk_efi_arch(r->efi_loader[i]);
		if (!strcmp(arch, "x64"))
			x64 = true;
		else if (*arch &&
			 strlen(other) + strlen(arch) + 2 < sizeof(other))
			snprintf(other + strlen(other),
				 sizeof(other) - strlen(other), "%s%s",
				 *other ? " " : "", arch);
	}
	if (x64 || (uefi_entry && !r->n_efi_loaders))
		add(ls, "Boots on:    %sUEFI", bios ? "BIOS " : "");
	else if (*other)
		add(ls, "Boots on:    %sUEFI %s only (no x64 loader)",
		    bios ? "BIOS, " : "", other);
	else
		add(ls, "Boots on:    %s",
		    bios ? "BIOS" : "no El Torito boot entry");
	if (r->catalog_problem[0])
		add(ls, "             boot catalog: %s", r->catalog_problem);
	for (i = 0; i < r->n_boot_entries; i++) {
		b = &r->boot[i];
		if (b->problem[0])
			add(ls, "             entry %d: %s", i + 1, b->problem);
	}
}

static void add_hybrid(struct lines *ls, const struct stk_report *r)
{
	const char *what;

	if (r->gpt && r->n_mbr_parts)
		what = "yes (MBR and GPT)";
	else if (r->gpt)
		what = "yes (GPT)";
	else if (r->n_mbr_parts)
		what = "yes (MBR)";
	else
		what = "no";
	add(ls, "Hybrid:      %s%s", what, r->apple_map ? ", Apple map" : "");
}

static void add_loaders(struct lines *ls, const struct stk_report *r)
{
	char buf[UI_REPORT_WIDTH] = "";
	int i;

	if (r->isolinux_bin[0])
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s ",
			 r->isolinux_version[0] ? r->isolinux_version
						: "ISOLINUX");
	if (r->grub_bios || r->n_grub_cfgs)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			 "GRUB%s ", r->grub_bios ? " (BIOS)" : "");
	for (i = 0; i < r->n_efi_loaders && i < 3; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s ",
			 r->efi_loader[i]);
	if (r->windows)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			 "Windows ");
	add(ls, "Loaders:     %s", buf[0] ? buf : "none found");
	if (r->n_large_files)
		add(ls, "             %d file(s) of 4 GiB or more (no FAT32)",
		    r->n_large_files);
}

int ui_report_lines(const struct stk_report *r, char (*l)[UI_REPORT_WIDTH],
		    int max, int w)
{
	struct lines ls = {.l = l, .max = max};
	char a[32], b[32];
	int i;

	add(&ls, "Kind:        %s%s", kind_name(r->kind),
	    comp_name(r->compression));
	if (r->volume_id[0])
		add(&ls, "Label:       %s", r->volume_id);
	if (r->publisher[0])
		add(&ls, "Publisher:   %s", r->publisher);
	if (r->compression)
		add(&ls, "Size:        %s unpacked%s, %s compressed",
		    r->image_bytes
			    ? stk_size_format(r->image_bytes, a, sizeof(a))
			    : "unknown",
		    r->image_bytes ? "" : " (not recorded)",
		    stk_size_format(r->file_bytes, b, sizeof(b)));
	else
		add(&ls, "Size:        %s",
		    stk_size_format(r->file_bytes, a, sizeof(a)));
	if (r->truncated)
		add(&ls, "             TRUNCATED: the ISO says %s",
		    stk_size_format(r->volume_bytes, a, sizeof(a)));
	if (r->kind == STK_KIND_ISO9660) {
		add_boot(&ls, r);
		add_hybrid(&ls, r);
		if (r->compression)
			add(&ls,
			    "Loaders:     not read (compressed: the tree is read once decompressed)");
		else
			add_loaders(&ls, r);
	}
	add(&ls, "Verdict:     %s", stk_mode_name(r->verdict));
	for (i = 0; i < r->n_reasons; i++)
		add_wrapped(&ls, "  - ", r->reason[i], w - 4);
	return ls.n;
}
