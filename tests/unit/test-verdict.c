// SPDX-License-Identifier: GPL-3.0-or-later
/* test-verdict.c - the verdict rules on hand-filled probe reports. */
#include "t.h"
#include "internal.h"
#include "probe.h"

static struct stk_report r;

static void iso(void)
{
	memset(&r, 0, sizeof(r));
	r.kind = STK_KIND_ISO9660;
	r.volume_bytes = r.file_bytes = 1 << 20;
}

static void add_entry(enum stk_platform p, const char *file)
{
	struct stk_boot_entry *b = &r.boot[r.n_boot_entries++];

	r.el_torito = true;
	b->platform = p;
	b->bootable = true;
	b->load_lba = 40;
	stk_strlcpy(b->file, file, sizeof(b->file));
}

static void efi_loader(void)
{
	stk_strlcpy(r.efi_loader[r.n_efi_loaders++], "/EFI/BOOT/BOOTX64.EFI",
		    STK_PATH_MAX);
}

static bool said(const char *words)
{
	int i;

	for (i = 0; i < r.n_reasons; i++)
		if (strstr(r.reason[i], words))
			return true;
	return false;
}

static void hybrid_is_raw(void)
{
	iso();
	add_entry(STK_PLATFORM_BIOS, "/isolinux/isolinux.bin");
	stk_strlcpy(r.isolinux_bin, "/isolinux/isolinux.bin", STK_PATH_MAX);
	r.hybrid = true;
	verdict_decide(&r);
	T_EQ_INT(r.verdict, STK_MODE_RAW);
	T_OK(r.possible[STK_MODE_RAW]);
	T_OK(r.possible[STK_MODE_ISO]);
	T_OK(said("byte for byte"));
}

static void disk_is_raw(void)
{
	memset(&r, 0, sizeof(r));
	r.kind = STK_KIND_DISK;
	r.n_mbr_parts = 1;
	verdict_decide(&r);
	T_EQ_INT(r.verdict, STK_MODE_RAW);
	T_OK(said("raw disk image (MBR)"));
}

static void isolinux_is_iso(void)
{
	iso();
	add_entry(STK_PLATFORM_BIOS, "/isolinux/isolinux.bin");
	stk_strlcpy(r.isolinux_bin, "/isolinux/isolinux.bin", STK_PATH_MAX);
	efi_loader();
	verdict_decide(&r);
	T_EQ_INT(r.verdict, STK_MODE_ISO);
	T_OK(r.possible[STK_MODE_ISO]);
	T_OK(r.possible[STK_MODE_ISO_UEFI_ONLY]);
	T_OK(!r.possible[STK_MODE_RAW]);
	T_OK(said("syslinux"));
	T_OK(said("UEFI boots through EFI/BOOT"));
}

static void uefi_entry_only(void)
{
	iso();
	add_entry(STK_PLATFORM_UEFI, "/boot/grub/efi.img");
	efi_loader();
	verdict_decide(&r);
	T_EQ_INT(r.verdict, STK_MODE_ISO_UEFI_ONLY);
	T_OK(said("UEFI only"));
}

static void efi_image_without_tree_loader(void)
{
	iso();
	add_entry(STK_PLATFORM_BIOS, "/isolinux.bin");
	add_entry(STK_PLATFORM_UEFI, "/efi.img");
	stk_strlcpy(r.isolinux_bin, "/isolinux.bin", STK_PATH_MAX);
	stk_strlcpy(r.efi_image, "/efi.img", STK_PATH_MAX);
	verdict_decide(&r);
	T_EQ_INT(r.verdict, STK_MODE_ISO);
	T_OK(r.possible[STK_MODE_ISO_UEFI_ONLY]);
	T_OK(said("El Torito EFI image"));

	/* an efi.img lying about with no UEFI entry boots nothing */
	r.n_boot_entries = 1;
	verdict_decide(&r);
	T_OK(!r.possible[STK_MODE_ISO_UEFI_ONLY]);
	T_OK(said("will not boot on UEFI"));
}

static void grub_only(void)
{
	iso();
	add_entry(STK_PLATFORM_BIOS, "/boot/grub/i386-pc/eltorito.img");
	r.grub_bios = true;
	verdict_decide(&r);
	T_EQ_INT(r.verdict, STK_MODE_UNSUPPORTED);
	T_OK(said("GRUB-only"));
	efi_loader();
	verdict_decide(&r);
	T_EQ_INT(r.verdict, STK_MODE_ISO_UEFI_ONLY);
	T_OK(said("GRUB-only BIOS boot"));
}

static void windows(void)
{
	iso();
	add_entry(STK_PLATFORM_BIOS, "/boot/etfsboot.com");
	efi_loader();
	r.windows = true;
	verdict_decide(&r);
	T_EQ_INT(r.verdict, STK_MODE_UNSUPPORTED);
	T_OK(said("Windows"));
}

static void data_only(void)
{
	iso();
	verdict_decide(&r);
	T_EQ_INT(r.verdict, STK_MODE_UNSUPPORTED);
	T_OK(said("does not boot"));
	T_OK(said("raw copy would not boot either"));
}

static void large_file_rules_out_iso(void)
{
	iso();
	add_entry(STK_PLATFORM_BIOS, "/isolinux/isolinux.bin");
	stk_strlcpy(r.isolinux_bin, "/isolinux/isolinux.bin", STK_PATH_MAX);
	stk_strlcpy(r.large_file[r.n_large_files++], "/live/big.squashfs",
		    STK_PATH_MAX);
	verdict_decide(&r);
	T_EQ_INT(r.verdict, STK_MODE_UNSUPPORTED);
	T_OK(!r.possible[STK_MODE_ISO]);
	T_OK(said("/live/big.squashfs"));
}

static void truncated_and_unknown(void)
{
	iso();
	r.truncated = true;
	verdict_decide(&r);
	T_EQ_INT(r.verdict, STK_MODE_UNSUPPORTED);
	T_OK(said("truncated"));

	memset(&r, 0, sizeof(r));
	verdict_decide(&r);
	T_EQ_INT(r.verdict, STK_MODE_UNSUPPORTED);
	T_OK(r.possible[STK_MODE_RAW]);
}

static void names(void)
{
	enum stk_mode m = STK_MODE_AUTO;

	T_EQ_INT(stk_mode_parse("iso-uefi-only", &m), 0);
	T_EQ_INT(m, STK_MODE_ISO_UEFI_ONLY);
	T_EQ_INT(stk_mode_parse("floppy", &m), -EINVAL);
	T_EQ_STR(stk_mode_name(STK_MODE_RAW), "raw");
	T_EQ_STR(stk_efi_arch("/EFI/BOOT/BOOTX64.EFI"), "x64");
	T_EQ_STR(stk_efi_arch("/efi/boot/bootaa64.efi"), "aa64");
	T_EQ_STR(stk_platform_name(STK_PLATFORM_UEFI), "uefi");
}

T_MAIN(
	T_CASE(hybrid_is_raw),
	T_CASE(disk_is_raw),
	T_CASE(isolinux_is_iso),
	T_CASE(uefi_entry_only),
	T_CASE(efi_image_without_tree_loader),
	T_CASE(grub_only),
	T_CASE(windows),
	T_CASE(data_only),
	T_CASE(large_file_rules_out_iso),
	T_CASE(truncated_and_unknown),
	T_CASE(names),
)
