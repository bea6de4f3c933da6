#!/bin/sh
# t430-boot-secureboot-signed.sh - an ISO-mode stick of an ISO whose EFI
# path is Debian's signed shim, signed GRUB and signed kernel boots to the
# marker on OVMF with Secure Boot on and Microsoft's keys, as probe said.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
. "$T_TOP/tests/lib-sb.sh"
. "$T_TOP/tests/lib-sbboot.sh"
t_desc "Secure Boot on: Debian's signed shim + GRUB + kernel stick boots"
t_need_boot
t_need jq mcopy
test -f "$T_OVMF_CODE" && test -f "$T_OVMF_VARS" ||
	t_skip_all "needs OVMF's Secure Boot build (package ovmf)"

iso=$(sb_boot_iso signed-boot.iso) || t_fail "cannot build the fixture"
stick=$T_TMP/stick.img

t_expect "probe predicts it boots with Secure Boot on" '
	test "$(sb_json "$iso" .verdict)" = ok &&
	"$STICKLER" probe "$iso" | grep -q "^Secure Boot: boots with Secure Boot on (shim signed by"
'

t_expect "ISO mode copies the loaders untouched, so the verdict holds" '
	"$STICKLER" write "$iso" "$stick" --mode iso-uefi-only --size 64M --yes >/dev/null &&
	sb_stick_file "$stick" /EFI/BOOT/BOOTX64.EFI "$T_TMP/a" &&
	sb_stick_file "$stick" /EFI/BOOT/grubx64.efi "$T_TMP/b" &&
	cmp "$T_TMP/a" "$(sb_fix shim.efi)" && cmp "$T_TMP/b" "$(sb_fix grub.efi)"
'

t_expect "OVMF with Secure Boot: shim, GRUB, the kernel, the marker" '
	t_boot "$stick" uefi "STK-BOOT-OK variant=plain via=grub" &&
	grep -q "STK-GRUB-OK secure-boot" "$(t_boot_last serial)"
'

t_done
