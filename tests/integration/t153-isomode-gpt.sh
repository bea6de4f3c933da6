#!/bin/sh
# t153-isomode-gpt.sh - --scheme gpt: a GPT with one EFI System partition.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "ISO mode with a GPT: EFI System partition, gptmbr.bin, FAT32"
t_need xorriso mcopy fsck.fat sfdisk syslinux

iso=$(iso_fixture isomode-rich.iso)
stick=$T_TMP/stick.img

t_expect "write a GPT stick image" '
	iso_write "$iso" "$stick" --gpt --size $((96 << 20))
'

t_expect "GPT with one EFI System partition at 1 MiB" '
	sfdisk -d "$stick" >"$T_TMP/sfdisk" &&
	grep -q "^label: gpt" "$T_TMP/sfdisk" &&
	grep -Eq "1 : start= *2048, .*type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B" \
		"$T_TMP/sfdisk" &&
	grep -q "LegacyBIOSBootable" "$T_TMP/sfdisk"
'

t_expect "gptmbr.bin in front of the protective MBR" '
	cmp -n 440 /usr/lib/syslinux/mbr/gptmbr.bin "$stick"
'

t_expect "fsck.fat clean and the files read back" '
	iso_fsck "$stick" &&
	iso_readback "$iso" "$stick"
'

t_done
