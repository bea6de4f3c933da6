#!/bin/sh
# t342-wizard-report-arch.sh - the report says "UEFI" only for an image a
# PC can boot (an x64 loader); an ia32-only image is named as such.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: Boots on: UEFI only with an x64 loader"
t_need tmux xorriso

for a in IA32 X64; do
	mkdir -p "$T_TMP/$a/EFI/BOOT" &&
	printf 'MZ not a real loader' >"$T_TMP/$a/EFI/BOOT/BOOT$a.EFI" &&
	xorriso -as mkisofs -quiet -R -J -V "ARCH_$a" \
		-o "$T_TMP/$a.iso" "$T_TMP/$a" 2>/dev/null
done
w_start

t_expect "an ia32-only image: 'UEFI ia32 only (no x64 loader)'" '
	w_to_report "$T_TMP/IA32.iso" && w_wait "Boots on:" &&
	w_screen | grep -q "Boots on: *UEFI ia32 only (no x64 loader)"
'

t_expect "an image with BOOTX64.EFI: 'UEFI'" '
	w_keys Escape && w_wait "Choose an image" &&
	w_to_report "$T_TMP/X64.iso" && w_wait "Boots on:" &&
	w_screen | grep -Eq "Boots on: *UEFI *\$"
'

t_done
