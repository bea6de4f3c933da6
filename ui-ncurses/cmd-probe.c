// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * cmd-probe.c - `stickler probe IMAGE [--json]`: how an image boots and
 * how to write it, as a readable report or one JSON object.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "ui.h"

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

static void print_list(const char *title, char list[][STK_PATH_MAX], int n)
{
	int i;

	for (i = 0; i < n; i++)
		printf("  %-18s %s\n", i ? "" : title, list[i]);
}

static void text_iso(const struct stk_report *r)
{
	char sz[32];

	stk_size_format(r->volume_bytes, sz, sizeof(sz));
	printf("ISO 9660\n");
	printf("  %-18s %s\n", "volume id", r->volume_id);
	if (r->publisher[0])
		printf("  %-18s %.58s\n", "publisher", r->publisher);
	if (r->application[0])
		printf("  %-18s %.58s\n", "application", r->application);
	printf("  %-18s %s (%" PRIu64 " bytes)%s\n", "volume size", sz,
	       r->volume_bytes,
	       r->truncated ? " - FILE IS SHORTER"
	       : r->longer  ? " - file is longer"
			    : "");
	/* Rock Ridge lives in the tree, which a compressed image keeps */
	printf("  %-18s Joliet %s, Rock Ridge %s, UDF %s\n", "extensions",
	       yes_no(r->joliet),
	       r->compression ? "not read" : yes_no(r->rock_ridge),
	       yes_no(r->udf));
}

static void text_eltorito(const struct stk_report *r)
{
	int i;

	if (!r->el_torito) {
		printf("El Torito            none (no boot record)\n");
		return;
	}
	printf("El Torito            boot catalog at block %" PRIu32 "\n",
	       r->catalog_lba);
	if (r->catalog_problem[0])
		printf("  problem            %s\n", r->catalog_problem);
	for (i = 0; i < r->n_boot_entries; i++) {
		const struct stk_boot_entry *b = &r->boot[i];

		printf("  entry %d            %s%s, %s emulation, block %" PRIu32
		       ", %u sectors\n",
		       i, stk_platform_name(b->platform),
		       b->bootable ? "" : " (not bootable)",
		       stk_emulation_name(b->emulation), b->load_lba,
		       b->sector_count);
		if (b->file[0])
			printf("                     loads %s\n", b->file);
		if (b->problem[0])
			printf("                     problem: %s\n",
			       b->problem);
	}
}

static void text_labels(const struct stk_report *r)
{
	int i;

	printf("Partition tables\n");
	printf("  %-18s signature %s, boot code %s%s\n", "MBR",
	       yes_no(r->mbr_signature), yes_no(r->mbr_boot_code),
	       r->protective_mbr ? ", protective" : "");
	for (i = 0; i < r->n_mbr_parts; i++)
		printf("  %-18s type 0x%02x%s, start %" PRIu32 ", %" PRIu32
		       " sectors\n",
		       "", r->mbr[i].type, r->mbr[i].bootable ? " (boot)" : "",
		       r->mbr[i].start_lba, r->mbr[i].sectors);
	if (r->gpt)
		printf("  %-18s %" PRIu32 "-byte sectors\n", "GPT",
		       r->gpt_sector_bytes);
	else
		printf("  %-18s %s\n", "GPT",
		       r->gpt_problem[0] ? r->gpt_problem : "none");
	for (i = 0; i < r->n_gpt_parts; i++) {
		const struct stk_gpt_part *p = &r->gpt_part[i];

		printf("  %-18s %s, %" PRIu64 "-%" PRIu64 "%s%s\n", "",
		       p->type_name[0] ? p->type_name : p->type_guid,
		       p->first_lba, p->last_lba, p->name[0] ? ", " : "",
		       p->name);
	}
	printf("  %-18s %s\n", "Apple map", yes_no(r->apple_map));
	printf("  %-18s %s\n", "hybrid", yes_no(r->hybrid));
}

static void text_loaders(const struct stk_report *r)
{
	int i;

	if (r->compression) {
		printf("Loaders              not read (the tree of a compressed image)\n");
		printf("FAT32 fitness        not read\n");
		return;
	}
	printf("Loaders\n");
	if (r->isolinux_bin[0]) {
		printf("  %-18s %s%s%s\n", "ISOLINUX", r->isolinux_bin,
		       r->isolinux_version[0] ? ", " : "", r->isolinux_version);
		printf("  %-18s %s, ldlinux.c32 %s\n", "",
		       r->isolinux_cfg[0] ? r->isolinux_cfg : "no config",
		       r->ldlinux_c32 ? "ships" : "missing");
	}
	print_list("SYSLINUX config", (char(*)[STK_PATH_MAX])r->syslinux_cfg,
		   r->n_syslinux_cfgs);
	if (r->grub_bios)
		printf("  %-18s %s\n", "GRUB BIOS", "/boot/grub/i386-pc");
	print_list("GRUB config", (char(*)[STK_PATH_MAX])r->grub_cfg,
		   r->n_grub_cfgs);
	for (i = 0; i < r->n_efi_loaders; i++)
		printf("  %-18s %s (%s)\n", i ? "" : "UEFI loaders",
		       r->efi_loader[i], stk_efi_arch(r->efi_loader[i]));
	if (r->efi_image[0])
		printf("  %-18s %s\n", "EFI image", r->efi_image);
	for (i = 0; !r->efi_image[0] && i < r->n_boot_entries; i++)
		if (r->boot[i].platform == STK_PLATFORM_UEFI) {
			printf("  %-18s block %" PRIu32
			       ", no file in the tree\n",
			       "EFI image", r->boot[i].load_lba);
			break;
		}
	if (r->windows)
		printf("  %-18s %s\n", "Windows", "installer markers found");
	print_list("checksums", (char(*)[STK_PATH_MAX])r->checksum_file,
		   r->n_checksum_files);
	printf("FAT32 fitness\n");
	printf("  %-18s %d large, %d symlinks, %d bad names\n", "problems",
	       r->n_large_files, r->n_symlinks, r->n_bad_names);
	print_list("4 GiB or more", (char(*)[STK_PATH_MAX])r->large_file,
		   r->n_large_files);
	print_list("symlinks", (char(*)[STK_PATH_MAX])r->symlink,
		   r->n_symlinks);
	print_list("bad names", (char(*)[STK_PATH_MAX])r->bad_name,
		   r->n_bad_names);
}

/* Prints @text after @first, wrapped at word breaks to fit 80 columns. */
void ui_print_wrapped(const char *first, const char *text)
{
	const char *lead = first;
	size_t width = 80 - strlen(first);

	while (strlen(text) > width) {
		size_t cut = width;

		while (cut > 0 && text[cut] != ' ')
			cut--;
		if (cut == 0)
			cut = width;
		printf("%s%.*s\n", lead, (int)cut, text);
		text += cut;
		while (*text == ' ')
			text++;
		lead = "    ";
	}
	printf("%s%s\n", lead, text);
}

static void text_verdict(const struct stk_report *r)
{
	enum stk_mode m;
	int i, n = 0;

	printf("Verdict              %s\n", stk_mode_name(r->verdict));
	for (i = 0; i < r->n_reasons; i++)
		ui_print_wrapped("  - ", r->reason[i]);
	printf("  possible:");
	for (m = STK_MODE_RAW; m <= STK_MODE_ISO_UEFI_ONLY; m++)
		if (r->possible[m]) {
			printf(" %s", stk_mode_name(m));
			n++;
		}
	printf("%s\n", n ? "" : " none");
}

static void text_live(const struct stk_report *r)
{
	if (r->compression) {
		printf("Live system          not read\n");
	} else if (r->live != STK_LIVE_NONE) {
		printf("Live system          %s, %s (persistence possible, label '%s')\n",
		       stk_live_name(r->live), r->live_squashfs, r->live_label);
		if (r->live_label_why[0])
			ui_print_wrapped("                     label: ",
					 r->live_label_why);
	} else
		ui_print_wrapped("Live system          none: ", r->live_why);
}

static void print_text(const struct stk_image *img)
{
	const struct stk_report *r = stk_image_report(img);
	char sz[32];

	stk_size_format(r->file_bytes, sz, sizeof(sz));
	printf("Image                %s\n", stk_image_path(img));
	printf("  %-18s %s, %s (%" PRIu64 " bytes)\n", "kind",
	       stk_kind_name(r->kind), sz, r->file_bytes);
	if (r->compression != STK_COMP_NONE) {
		printf("  %-18s %s\n", "compression",
		       stk_compression_name(r->compression));
		if (r->image_bytes)
			printf("  %-18s %s (%llu bytes)\n", "decompressed",
			       stk_size_format(r->image_bytes, sz, sizeof(sz)),
			       (unsigned long long)r->image_bytes);
		else
			printf("  %-18s %s\n", "decompressed",
			       "unknown: size not recorded by the format");
	}
	if (r->kind == STK_KIND_ISO9660) {
		text_iso(r);
		text_eltorito(r);
	}
	text_labels(r);
	if (r->kind == STK_KIND_ISO9660) {
		text_loaders(r);
		text_live(r);
	}
	text_verdict(r);
	ui_probe_sb_text(img);
}

static void json_list(struct ui_json *j, const char *key,
		      const char list[][STK_PATH_MAX], int n)
{
	int i;

	ui_json_arr_open(j, key);
	for (i = 0; i < n; i++)
		ui_json_str(j, NULL, list[i]);
	ui_json_arr_close(j);
}

static void json_iso(struct ui_json *j, const struct stk_report *r)
{
	int i;

	if (r->kind != STK_KIND_ISO9660) {
		ui_json_null(j, "iso9660");
		ui_json_null(j, "el_torito");
		return;
	}
	ui_json_obj_open(j, "iso9660");
	ui_json_str(j, "volume_id", r->volume_id);
	ui_json_str(j, "publisher", r->publisher);
	ui_json_str(j, "application", r->application);
	ui_json_u64(j, "volume_bytes", r->volume_bytes);
	ui_json_bool(j, "truncated", r->truncated);
	ui_json_bool(j, "longer", r->longer);
	ui_json_bool(j, "joliet", r->joliet);
	if (r->compression)
		ui_json_null(j, "rock_ridge"); /* not read */
	else
		ui_json_bool(j, "rock_ridge", r->rock_ridge);
	ui_json_bool(j, "udf", r->udf);
	ui_json_obj_close(j);

	if (!r->el_torito) {
		ui_json_null(j, "el_torito");
		return;
	}
	ui_json_obj_open(j, "el_torito");
	ui_json_u64(j, "catalog_lba", r->catalog_lba);
	ui_json_str_or_null(j, "problem", r->catalog_problem);
	ui_json_arr_open(j, "entries");
	for (i = 0; i < r->n_boot_entries; i++) {
		const struct stk_boot_entry *b = &r->boot[i];

		ui_json_obj_open(j, NULL);
		ui_json_str(j, "platform", stk_platform_name(b->platform));
		ui_json_int(j, "platform_id", b->platform_id);
		ui_json_bool(j, "bootable", b->bootable);
		ui_json_str(j, "emulation", stk_emulation_name(b->emulation));
		ui_json_u64(j, "load_lba", b->load_lba);
		ui_json_int(j, "sector_count", b->sector_count);
		ui_json_str_or_null(j, "file", b->file);
		ui_json_u64(j, "file_bytes", b->file_bytes);
		ui_json_str_or_null(j, "problem", b->problem);
		ui_json_obj_close(j);
	}
	ui_json_arr_close(j);
	ui_json_obj_close(j);
}

static void json_labels(struct ui_json *j, const struct stk_report *r)
{
	int i;

	ui_json_obj_open(j, "mbr");
	ui_json_bool(j, "signature", r->mbr_signature);
	ui_json_bool(j, "boot_code", r->mbr_boot_code);
	ui_json_bool(j, "protective", r->protective_mbr);
	ui_json_arr_open(j, "partitions");
	for (i = 0; i < r->n_mbr_parts; i++) {
		ui_json_obj_open(j, NULL);
		ui_json_int(j, "type", r->mbr[i].type);
		ui_json_bool(j, "bootable", r->mbr[i].bootable);
		ui_json_u64(j, "start_lba", r->mbr[i].start_lba);
		ui_json_u64(j, "sectors", r->mbr[i].sectors);
		ui_json_obj_close(j);
	}
	ui_json_arr_close(j);
	ui_json_obj_close(j);

	ui_json_obj_open(j, "gpt");
	ui_json_bool(j, "present", r->gpt);
	ui_json_u64(j, "sector_bytes", r->gpt_sector_bytes);
	ui_json_str_or_null(j, "problem", r->gpt_problem);
	ui_json_arr_open(j, "partitions");
	for (i = 0; i < r->n_gpt_parts; i++) {
		const struct stk_gpt_part *p = &r->gpt_part[i];

		ui_json_obj_open(j, NULL);
		ui_json_str(j, "type_guid", p->type_guid);
		ui_json_str_or_null(j, "type_name", p->type_name);
		ui_json_str(j, "name", p->name);
		ui_json_u64(j, "first_lba", p->first_lba);
		ui_json_u64(j, "last_lba", p->last_lba);
		ui_json_obj_close(j);
	}
	ui_json_arr_close(j);
	ui_json_obj_close(j);
	ui_json_bool(j, "apple_partition_map", r->apple_map);
	ui_json_bool(j, "hybrid", r->hybrid);
}

static void json_loaders(struct ui_json *j, const struct stk_report *r)
{
	int i;

	ui_json_obj_open(j, "loaders");
	if (r->isolinux_bin[0]) {
		ui_json_obj_open(j, "isolinux");
		ui_json_str(j, "bin", r->isolinux_bin);
		ui_json_str_or_null(j, "version", r->isolinux_version);
		ui_json_str_or_null(j, "config", r->isolinux_cfg);
		ui_json_bool(j, "ldlinux_c32", r->ldlinux_c32);
		ui_json_obj_close(j);
	} else {
		ui_json_null(j, "isolinux");
	}
	json_list(j, "syslinux_configs", r->syslinux_cfg, r->n_syslinux_cfgs);
	ui_json_obj_open(j, "grub");
	ui_json_bool(j, "bios", r->grub_bios);
	json_list(j, "configs", r->grub_cfg, r->n_grub_cfgs);
	ui_json_obj_close(j);
	ui_json_arr_open(j, "efi_loaders");
	for (i = 0; i < r->n_efi_loaders; i++) {
		ui_json_obj_open(j, NULL);
		ui_json_str(j, "path", r->efi_loader[i]);
		ui_json_str(j, "arch", stk_efi_arch(r->efi_loader[i]));
		ui_json_obj_close(j);
	}
	ui_json_arr_close(j);
	ui_json_str_or_null(j, "efi_image", r->efi_image);
	ui_json_bool(j, "windows", r->windows);
	json_list(j, "checksum_files", r->checksum_file, r->n_checksum_files);
	ui_json_obj_close(j);

	ui_json_obj_open(j, "fat32");
	json_list(j, "large_files", r->large_file, r->n_large_files);
	json_list(j, "symlinks", r->symlink, r->n_symlinks);
	json_list(j, "bad_names", r->bad_name, r->n_bad_names);
	ui_json_obj_close(j);
}

static void print_json(const struct stk_image *img)
{
	const struct stk_report *r = stk_image_report(img);
	struct ui_json j;
	enum stk_mode m;
	int i;

	ui_json_init(&j, stdout);
	ui_json_obj_open(&j, NULL);
	ui_json_str(&j, "path", stk_image_path(img));
	ui_json_str(&j, "kind", stk_kind_name(r->kind));
	ui_json_str(&j, "compression", stk_compression_name(r->compression));
	ui_json_u64(&j, "file_bytes", r->file_bytes);
	ui_json_u64(&j, "image_bytes", r->image_bytes);
	json_iso(&j, r);
	json_labels(&j, r);
	if (r->kind == STK_KIND_ISO9660 && !r->compression)
		json_loaders(&j, r);
	else {
		ui_json_null(&j, "loaders");
		ui_json_null(&j, "fat32");
	}
	if (r->live != STK_LIVE_NONE) {
		ui_json_obj_open(&j, "live");
		ui_json_str(&j, "family", stk_live_name(r->live));
		ui_json_str(&j, "squashfs", r->live_squashfs);
		ui_json_str(&j, "label", r->live_label);
		ui_json_obj_close(&j);
	} else {
		ui_json_null(&j, "live");
	}
	ui_json_obj_open(&j, "verdict");
	ui_json_str(&j, "mode", stk_mode_name(r->verdict));
	ui_json_arr_open(&j, "reasons");
	for (i = 0; i < r->n_reasons; i++)
		ui_json_str(&j, NULL, r->reason[i]);
	ui_json_arr_close(&j);
	ui_json_arr_open(&j, "possible");
	for (m = STK_MODE_RAW; m <= STK_MODE_ISO_UEFI_ONLY; m++)
		if (r->possible[m])
			ui_json_str(&j, NULL, stk_mode_name(m));
	ui_json_arr_close(&j);
	ui_json_obj_close(&j);
	ui_probe_sb_json(&j, img);
	ui_json_obj_close(&j);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: stickler probe IMAGE [--json]\n"
		   "  --json    one JSON object (keys in 'man stickler')\n");
}

int cmd_probe(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'j'},
		UI_OPT_HELP,
		UI_OPT_END,
	};
	const char *path;
	struct stk_image *img;
	struct stk_ctx *ctx;
	bool json = false;
	int c, rc;

	optind = 1;
	while ((c = ui_getopt(argc, argv, "h", longopts)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		default:
			rc = ui_opt_common(c, NULL, usage);
			if (rc != UI_OPT_NEXT)
				return rc;
		}
	}
	if (argc - optind != 1) {
		ui_error(argc - optind ? "probe: one image only"
				       : "probe: missing IMAGE");
		usage(stderr);
		return UI_EXIT_USAGE;
	}
	path = argv[optind];

	ctx = ui_ctx_new();
	if (!ctx)
		return UI_EXIT_FAILED;
	rc = stk_image_open(ctx, path, &img);
	if (rc) {
		ui_error("%s", stk_ctx_errmsg(ctx));
		stk_ctx_free(ctx);
		return UI_EXIT_FAILED;
	}
	if (json)
		print_json(img);
	else
		print_text(img);
	stk_image_close(img);
	stk_ctx_free(ctx);
	return fflush(stdout) ? UI_EXIT_FAILED : UI_EXIT_OK;
}
