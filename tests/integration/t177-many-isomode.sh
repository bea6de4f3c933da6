#!/bin/sh
# t177-many-isomode.sh - ISO mode to three file targets at once: composed
# once, the three sticks byte-identical, each a clean FAT32 (fsck.fat)
# holding every file of the ISO (xorriso, mtools).
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "ISO mode, three targets from one composition (ipxe.iso)"
t_need xorriso mcopy fsck.fat sfdisk syslinux

iso=/usr/lib/ipxe/ipxe.iso
test -f "$iso" || t_skip_all "needs $iso (package ipxe)"

t_expect "three targets written and verified in ISO mode" '
	"$STICKLER" write "$iso" "$T_TMP/s1" "$T_TMP/s2" "$T_TMP/s3" \
		--mode iso --size 64M --yes >"$T_TMP/out" 2>"$T_TMP/err" &&
	test "$(tail -1 "$T_TMP/out")" = "3 of 3 targets written and verified"
'

t_expect "the three are the same bytes: one composition, streamed three times" '
	cmp "$T_TMP/s1" "$T_TMP/s2" && cmp "$T_TMP/s1" "$T_TMP/s3"
'

t_expect "each one a clean FAT32 with every file of the ISO" '
	iso_write "$iso" "$T_TMP/ref" &&	# the plan: what is changed
	iso_fsck "$T_TMP/s3" && iso_readback "$iso" "$T_TMP/s2"
'

t_done
