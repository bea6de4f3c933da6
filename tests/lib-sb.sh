# SPDX-License-Identifier: GPL-3.0-or-later
# lib-sb.sh - helpers of the Secure Boot tests: fixtures from mksbfix.sh
# (Debian's signed shim and GRUB, GRUB images made here) and an ISO with a
# given BOOTX64.EFI. Source after lib.sh.

# sb_fix NAME: path of a fixture of tests/data/mksbfix.sh, built once.
sb_fix()
{
	"$T_TOP/tests/data/mksbfix.sh" "$T_FIXTURES/secureboot" "$1" >&2 &&
		echo "$T_FIXTURES/secureboot/$1"
}

# sb_iso OUT BOOTX64 [GRUBX64]: an ISO whose EFI/BOOT holds those files.
sb_iso()
{
	t=$T_TMP/tree-$(basename "$1")
	rm -rf "$t" && mkdir -p "$t/EFI/BOOT" &&
		cp "$2" "$t/EFI/BOOT/BOOTX64.EFI" &&
		{ test -z "${3:-}" || cp "$3" "$t/EFI/BOOT/grubx64.efi"; } &&
		xorriso -as mkisofs -quiet -R -o "$1" "$t" 2>/dev/null
}

# sb_json IMAGE FILTER: jq FILTER over probe --json's secure_boot.
sb_json()
{
	"$STICKLER" probe --json "$1" | jq -r ".secure_boot | $2"
}
