#!/bin/sh
# t113-iso-walk.sh - the ISO tree walk (names, sizes, extents, links) and
# file reads, against what xorriso reports and extracts.
. "$(dirname "$0")/../lib.sh"
t_desc "iso_walk, iso_lookup and iso_read_file against xorriso"
t_need xorriso
WALK=$B/tests/tools/stk-isowalk

# Files with data as "lba bytes extents 'path'", from both sides; xorriso
# leaves the boot catalog out of its list.
files_ours()
{
	cat=$(xorriso -indev "$1" -report_el_torito plain 2>/dev/null |
		sed -n "s/^El Torito cat path : //p")
	"$WALK" "$1" | awk '$1 == "f" && $3 > 0 { $1 = ""; sub(/^ /, ""); print }' |
		grep -v " '$cat'\$" | sort
}

files_xorriso()
{
	xorriso -indev "$1" -find / -exec report_lba -- 2>/dev/null |
		sed -n "s/^File data lba: *\([0-9]*\) *, *\([0-9]*\) *, *[0-9]* *, *\([0-9]*\) *, *\(.*\)$/\1 \2 \3 \4/p" |
		awk '{ xt = $1; $1 = ""; sub(/^ /, "")
		       split($0, f, " "); path = substr($0, length(f[1] f[2]) + 3)
		       if (!(path in lba)) { lba[path] = f[1]; size[path] = f[2]; order[++n] = path }
		       ext[path]++ }
		     END { for (i = 1; i <= n; i++) { p = order[i]; print lba[p], size[p], ext[p], p } }' |
		awk '$2 > 0' | sort
}

paths_ours()
{
	{ echo "'/'"; "$WALK" "$1" | sed "s/ -> '.*'$//" |
		sed -n "s/^[dfl] [0-9]* [0-9]* [0-9]* \('.*'\)$/\1/p"; } |
		sort
}

paths_xorriso()
{
	xorriso -indev "$1" -find / 2>/dev/null | sort
}

for name in data.iso isolinux.iso isohybrid-uefi.iso grub.iso plain.iso \
	    joliet.iso multi-extent.iso; do
	t_expect "$name: every path, LBA, size and extent count as xorriso" '
		img=$(t_fixture "$name") &&
		files_ours "$img" >"$T_TMP/ours" &&
		files_xorriso "$img" >"$T_TMP/theirs" &&
		test -s "$T_TMP/ours" &&
		diff -u "$T_TMP/theirs" "$T_TMP/ours" &&
		paths_ours "$img" >"$T_TMP/ours" &&
		paths_xorriso "$img" >"$T_TMP/theirs" &&
		diff -u "$T_TMP/theirs" "$T_TMP/ours"
	'
done

t_expect "plain ISO 9660 names lose ;1 and a trailing dot, keep case" '
	"$WALK" "$(t_fixture plain.iso)" >"$T_TMP/w" &&
	grep -q "'\''/DOCS/SUB/NOEXT'\''$" "$T_TMP/w" &&
	! grep -q ";" "$T_TMP/w"
'

t_expect "a Rock Ridge symlink and its target" '
	"$WALK" "$(t_fixture data.iso)" >"$T_TMP/w" &&
	grep -q "^l .* '\''/readme-link'\'' -> '\''docs/README.txt'\''$" \
		"$T_TMP/w"
'

t_expect "a multi-extent file reads whole" '
	img=$(t_fixture multi-extent.iso) &&
	"$WALK" "$img" --stat /BIG.BIN >"$T_TMP/s" &&
	grep -q "^f 33 9144 2 " "$T_TMP/s" &&
	"$WALK" "$img" --cat /BIG.BIN >"$T_TMP/ours" &&
	test "$(tr -d a <"$T_TMP/ours" | tr -d b | wc -c)" = 0 &&
	test "$(tr -d b <"$T_TMP/ours" | wc -c)" = 6144 &&
	test "$(wc -c <"$T_TMP/ours")" = 9144
'

t_expect "lookup ignores case when the exact name is absent" '
	"$WALK" "$(t_fixture isolinux.iso)" --stat /ISOLINUX/ISOLINUX.CFG \
		>"$T_TMP/s" &&
	grep -q "'\''/isolinux/isolinux.cfg'\''$" "$T_TMP/s" &&
	! "$WALK" "$(t_fixture isolinux.iso)" --stat /isolinux/nope 2>/dev/null &&
	! "$WALK" "$(t_fixture isolinux.iso)" --stat /md5sum.txt/x 2>/dev/null
'

t_expect "files read equal what xorriso extracts" '
	img=$(t_fixture isolinux.iso) &&
	for p in /isolinux/isolinux.cfg /isolinux/isolinux.bin /md5sum.txt; do
		rm -f "$T_TMP/x" &&
		xorriso -indev "$img" -osirrox on -extract "$p" "$T_TMP/x" \
			2>/dev/null &&
		"$WALK" "$img" --cat "$p" >"$T_TMP/ours" &&
		cmp "$T_TMP/x" "$T_TMP/ours" || return 1
	done
'

t_expect "not an ISO: iso_open fails with a reason" '
	! "$WALK" "$(t_fixture disk.img)" 2>"$T_TMP/err" &&
	grep -q "no readable ISO 9660 volume" "$T_TMP/err"
'

t_done
