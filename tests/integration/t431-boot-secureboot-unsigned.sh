#!/bin/sh
# t431-boot-secureboot-unsigned.sh - the same stick with an unsigned GRUB
# as BOOTX64.EFI: OVMF with Secure Boot on refuses it ("Access Denied"),
# as probe said.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
. "$T_TOP/tests/lib-sb.sh"
. "$T_TOP/tests/lib-sbboot.sh"
t_desc "Secure Boot on: an unsigned GRUB stick is refused by the firmware"
t_need_boot
t_need jq
test -f "$T_OVMF_CODE" && test -f "$T_OVMF_VARS" ||
	t_skip_all "needs OVMF's Secure Boot build (package ovmf)"

iso=$(sb_boot_iso unsigned-boot.iso) || t_fail "cannot build the fixture"
stick=$T_TMP/stick.img

t_expect "probe predicts Secure Boot must be turned off" '
	test "$(sb_json "$iso" .verdict)" = unsigned &&
	"$STICKLER" probe "$iso" | grep -q "^Secure Boot: must be turned off: BOOTX64.EFI is not signed"
'

t_expect "OVMF with Secure Boot refuses the loader: Access Denied, no marker" '
	"$STICKLER" write "$iso" "$stick" --mode iso-uefi-only --size 64M --yes >/dev/null &&
	t_boot "$stick" uefi "Access Denied" &&
	! grep -q "STK-GRUB-OK\|STK-BOOT-OK" "$(t_boot_last serial)"
'

t_done
