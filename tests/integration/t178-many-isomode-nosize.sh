#!/bin/sh
# t178-many-isomode-nosize.sh - ISO mode to two new files without --size:
# each gets the layout's size, not only the one composed for; both written,
# clean FAT32 (fsck.fat, mdir) and the same bytes.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "ISO mode, two new files without --size"
t_need xorriso mdir fsck.fat sfdisk syslinux

iso=$(iso_fixture isomode-rich.iso)

t_expect "two new files written and verified in ISO mode" '
	"$STICKLER" write "$iso" "$T_TMP/a.img" "$T_TMP/b.img" \
		--mode iso --yes >"$T_TMP/out" 2>"$T_TMP/err" ||
		{ cat "$T_TMP/err"; false; } &&
	test "$(tail -1 "$T_TMP/out")" = "2 of 2 targets written and verified"
'

t_expect "the two are the same bytes" '
	cmp "$T_TMP/a.img" "$T_TMP/b.img"
'

t_expect "each one a clean FAT32 that mdir lists" '
	for f in a b; do
		iso_fsck "$T_TMP/$f.img" &&
		mdir -i "$T_TMP/$f.img@@$(iso_part_offset "$T_TMP/$f.img")" \
			:: >"$T_TMP/mdir-$f" || exit 1
	done
	grep -q "files" "$T_TMP/mdir-a" && cmp "$T_TMP/mdir-a" "$T_TMP/mdir-b"
'

t_done
