#!/bin/sh
# t110-probe-fixtures.sh - probe the fixtures built with xorriso: verdict,
# the readable report (against tests/expected), and El Torito, MBR and GPT
# as xorriso and fdisk see them.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-probe.sh"
t_desc "verdicts and reports of xorriso-built fixtures"
t_need xorriso fdisk jq mkfs.fat mcopy grub-mkrescue sfdisk

# fixture  mode  a jq test on the report
while read -r name mode check; do
	t_expect "$name: verdict $mode" '
		img=$(t_fixture "$name") &&
		probe_json "$img" "$T_TMP/j" &&
		jq -e ".verdict.mode == \"$mode\" and
			(.verdict.reasons | length) > 0 and ($check)" "$T_TMP/j"
	'
done <<'EOF_LIST'
data.iso unsupported .el_torito == null and (.loaders.checksum_files == ["/md5sum.txt"]) and .fat32.symlinks == ["/readme-link"] and .fat32.bad_names == ["/docs/what?.txt"] and .iso9660.rock_ridge and .iso9660.joliet and .iso9660.publisher == "STICKLER TESTS"
isolinux.iso iso .hybrid == false and .loaders.isolinux.config == "/isolinux/isolinux.cfg" and .loaders.isolinux.ldlinux_c32 and (.verdict.possible == ["iso"])
isohybrid.iso raw .hybrid and .mbr.boot_code and (.mbr.partitions | length) == 1 and .loaders.isolinux.bin == "/isolinux/isolinux.bin"
isohybrid-uefi.iso raw .gpt.present and .gpt.sector_bytes == 512 and ([.el_torito.entries[].platform] == ["bios", "uefi"]) and .el_torito.entries[1].file == "/boot/grub/efi.img" and .loaders.efi_image == "/boot/grub/efi.img" and .loaders.efi_loaders[0].arch == "x64" and (.verdict.possible | index("iso"))
uefi-only.iso iso-uefi-only ([.el_torito.entries[].platform] == ["uefi"]) and .hybrid == false
grub-bios.iso unsupported .loaders.grub.bios and .hybrid == false and (.verdict.reasons[0] | test("GRUB-only"))
grub.iso raw .loaders.grub.bios and .mbr.protective and .gpt.present and ([.gpt.partitions[].type_name] | index("EFI System"))
windows.iso unsupported .loaders.windows and (.verdict.reasons[0] | test("Windows"))
disk.img raw .kind == "disk" and .mbr.partitions[0].type == 131 and .mbr.partitions[0].bootable and .iso9660 == null
gpt-disk.img raw .kind == "disk" and .gpt.present and .gpt.partitions[0].type_name == "EFI System" and .gpt.partitions[0].name == "esp"
truncated.iso unsupported .iso9660.truncated and (.verdict.reasons[0] | test("truncated"))
empty.img unsupported .kind == "unknown" and .file_bytes == 0 and (.verdict.possible == ["raw"])
random.bin unsupported .kind == "unknown" and .file_bytes == 1048576
EOF_LIST

for name in isolinux.iso isohybrid.iso isohybrid-uefi.iso uefi-only.iso \
	    grub-bios.iso grub.iso; do
	t_expect "$name: El Torito and MBR match xorriso and fdisk" '
		compare_with_tools "$(t_fixture "$name")"
	'
done

t_expect "gpt-disk.img: GPT matches fdisk" '
	img=$(t_fixture gpt-disk.img) &&
	probe_json "$img" "$T_TMP/j" &&
	gpt_ours "$T_TMP/j" >"$T_TMP/ours" &&
	gpt_fdisk "$img" >"$T_TMP/theirs" &&
	test -s "$T_TMP/ours" &&
	diff -u "$T_TMP/theirs" "$T_TMP/ours"
'

# The readable report, with the fixture path normalised.
for name in data.iso isolinux.iso isohybrid-uefi.iso uefi-only.iso \
	    grub-bios.iso windows.iso disk.img truncated.iso; do
	t_expect "$name: readable report as expected, 80 columns" '
		img=$(t_fixture "$name") &&
		"$STICKLER" probe "$img" >"$T_TMP/raw" &&
		sed "s|$img|IMAGE|" "$T_TMP/raw" >"$T_TMP/text" &&
		! awk "length > 80" "$T_TMP/text" | grep . &&
		t_cmp_expected "$name" "$T_TMP/text"
	'
done

t_done
