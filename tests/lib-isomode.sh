# SPDX-License-Identifier: GPL-3.0-or-later
# lib-isomode.sh - helpers for the ISO-mode tests (t15x, t41x): fixtures,
# writing a stick image, and reading it back with tools nobody here wrote
# (sfdisk, fsck.fat, mtools, xorriso). Source after tests/lib.sh.

STK_ISOMODE=$B/tests/tools/stk-isomode
export LC_ALL=C.UTF-8

# iso_fixture NAME: path of an ISO-mode fixture (tests/data/mkisomode.sh).
iso_fixture()
{
	"$T_TOP/tests/data/mkisomode.sh" "$T_FIXTURES" "$1" >&2 ||
		t_fail "cannot build fixture '$1'"
	echo "$T_FIXTURES/$1"
}

# iso_write IMAGE TARGET [stk-isomode options]: compose and write; the
# plan lines go to $T_TMP/plan, messages to $T_TMP/err.
iso_write()
{
	"$STK_ISOMODE" "$@" >"$T_TMP/plan" 2>"$T_TMP/err" || {
		cat "$T_TMP/err"
		return 1
	}
}

# iso_part_offset TARGET: byte offset of the first partition (sfdisk).
iso_part_offset()
{
	s=$(sfdisk -d "$1" | sed -n 's/^[^:]*1 : start= *\([0-9]*\),.*/\1/p')
	test -n "$s" && echo $((s * 512))
}

# iso_fsck TARGET: fsck.fat -n -v on the partition, copied out with dd
# (fsck.fat has no offset option; the kernel here cannot mount vfat).
iso_fsck()
{
	off=$(iso_part_offset "$1") &&
	dd if="$1" of="$T_TMP/part.img" bs=1M skip=$((off / 1048576)) \
		status=none &&
	fsck.fat -n -v "$T_TMP/part.img" >"$T_TMP/fsck.out" 2>&1 || {
		cat "$T_TMP/fsck.out"
		return 1
	}
	! grep -Ei 'differences|dirty|free cluster summary wrong|mark|\
lost|invalid|bad' "$T_TMP/fsck.out" || {
		cat "$T_TMP/fsck.out"
		return 1
	}
	rm -f "$T_TMP/part.img"
}

# iso_changed: the stick paths the plan says stickler changed or added.
iso_changed()
{
	sed -n "s/^  \(changes\|replaces\|adds\) '\([^']*\)'.*/\2/p" \
		"$T_TMP/plan"
}

# iso_readback IMAGE TARGET: every file xorriso extracts from IMAGE must
# be on the stick, byte for byte, except the files the plan names as
# changed; links to files are copies, links to directories are left out.
iso_readback()
{
	t_rm_tree "$T_TMP/iso" && t_rm_tree "$T_TMP/stick" &&
	mkdir "$T_TMP/iso" "$T_TMP/stick" &&
	xorriso -osirrox on -indev "$1" -extract / "$T_TMP/iso" \
		>/dev/null 2>&1 &&
	off=$(iso_part_offset "$2") &&
	mcopy -s -n -p -i "$2@@$off" '::/*' "$T_TMP/stick/" &&
	iso_changed >"$T_TMP/changed" &&
	(cd "$T_TMP/iso" && find . ! -type d) | sed 's/^\.//' | sort \
		>"$T_TMP/iso-files" &&
	n=0 bad=0 &&
	while read -r f; do
		if test -L "$T_TMP/iso$f" && test -d "$T_TMP/iso$f"; then
			test ! -e "$T_TMP/stick$f" || {
				echo "directory link '$f' is on the stick"
				bad=$((bad + 1))
			}
			continue
		fi
		grep -qxF "$f" "$T_TMP/changed" && continue
		n=$((n + 1))
		cmp "$T_TMP/iso$f" "$T_TMP/stick$f" || bad=$((bad + 1))
	done <"$T_TMP/iso-files" &&
	echo "$n files identical, $bad differ" &&
	test "$bad" = 0 && test "$n" -gt 0
}

# iso_stick_file TARGET PATH: print one file of the stick.
iso_stick_file()
{
	mtype -i "$1@@$(iso_part_offset "$1")" "::$2"
}
