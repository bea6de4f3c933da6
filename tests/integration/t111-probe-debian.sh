#!/bin/sh
# t111-probe-debian.sh - images Debian ships, probed and compared with what
# xorriso and fdisk say about their El Torito entries and partitions.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-probe.sh"
t_desc "ipxe, grub-rescue and memtest86+ images against xorriso and fdisk"
t_need xorriso fdisk jq

ipxe=/usr/lib/ipxe/ipxe.iso
grub=/usr/lib/grub-rescue/grub-rescue-cdrom.iso
memtests=$(dpkg -L memtest86+ 2>/dev/null | grep '\.iso$')
memtest=$(echo "$memtests" | head -n 1)

for img in "$ipxe" "$grub" $memtests; do
	if test -z "$img" || ! test -f "$img"; then
		t_skip "a Debian image" "not installed (make deps): '$img'"
		continue
	fi
	t_expect "$(basename "$img"): El Torito and MBR match xorriso, fdisk" \
		'compare_with_tools "$img"'
done

t_expect "ipxe.iso: isohybrid with ISOLINUX, written raw" '
	probe_json "$ipxe" "$T_TMP/j" &&
	jq -e ".verdict.mode == \"raw\" and .hybrid and
		.loaders.isolinux.bin == \"/isolinux.bin\" and
		(.loaders.isolinux.version | startswith(\"ISOLINUX \")) and
		.el_torito.entries[1].platform == \"uefi\" and
		.loaders.efi_image == \"/efi.img\"" "$T_TMP/j"
'

t_expect "grub-rescue: GRUB BIOS boot, hybrid MBR, raw" '
	probe_json "$grub" "$T_TMP/j" &&
	jq -e ".verdict.mode == \"raw\" and .loaders.grub.bios and
		(.loaders.grub.configs | index(\"/boot/grub/grub.cfg\")) and
		.el_torito.entries[0].file ==
			\"/boot/grub/i386-pc/eltorito.img\"" "$T_TMP/j"
'

t_expect "memtest86+: floppy emulation and a UEFI loader" '
	probe_json "$memtest" "$T_TMP/j" &&
	jq -e ".el_torito.entries[0].emulation == \"floppy-1.44M\" and
		.el_torito.entries[1].platform == \"uefi\" and
		(.loaders.efi_loaders | length) == 1 and
		.verdict.mode == \"raw\"" "$T_TMP/j"
'

t_expect "volume ids match xorriso" '
	for img in "$ipxe" "$grub" "$memtest"; do
		probe_json "$img" "$T_TMP/j" &&
		want=$(xorriso -indev "$img" -pvd_info 2>/dev/null |
			sed -n "s/^Volume Id *: *//p") &&
		test "$(jq -r .iso9660.volume_id "$T_TMP/j")" = "$want" ||
		return 1
	done
'

t_done
