#!/bin/sh
# t401-boot-raw-write.sh - an isohybrid ISO written in raw mode to a file
# target boots as a USB stick on SeaBIOS and OVMF.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
t_desc "stickler write --mode raw, then boot the target (BIOS and UEFI)"
t_need_boot

iso=$(t_bootfix hybrid-efi.iso)
target=$T_TMP/stick.img

t_expect "boot fixture is built" 'test -s "$iso"'

# A build whose write command is still a stub says
# so (asked here with an image that does not exist, so nothing is written);
# then these cases are skipped rather than faked with cp.
"$STICKLER" write "$T_TMP/no-such.iso" "$T_TMP/no-target" --mode raw --yes \
	>"$T_TMP/write.out" 2>&1
if grep -q "not built yet" "$T_TMP/write.out"; then
	t_skip "write the hybrid ISO in raw mode" "stickler write is not built yet"
	t_skip "the written stick boots on SeaBIOS" "stickler write is not built yet"
	t_skip "the written stick boots on OVMF" "stickler write is not built yet"
	t_done
fi

t_expect "write the hybrid ISO in raw mode" '
	rm -f "$target" &&
	"$STICKLER" write "$iso" "$target" --mode raw --yes >"$T_TMP/out" &&
	grep -q "verified: identical" "$T_TMP/out" &&
	cmp -n "$(stat -c %s "$iso")" "$iso" "$target"
'

t_expect "the written stick boots on SeaBIOS" '
	t_boot "$target" bios "STK-BOOT-OK variant=plain via=isolinux"
'

t_expect "the written stick boots on OVMF" '
	t_boot "$target" uefi "STK-BOOT-OK variant=plain via=grub"
'

t_done
