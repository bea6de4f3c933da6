#!/bin/sh
# t181-extract.sh - `stickler extract` gives the tree `xorriso -osirrox on
# -extract / DIR` gives (names, bytes, symlinks, times), keeps to DIR, and
# refuses hostile names with the path.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
. "$T_TOP/tests/lib-isomode.sh"
. "$T_TOP/tests/lib-workbench.sh"
t_desc "extract against xorriso -extract; traversal and DIR refusals"
t_need xorriso jq

# same_extract IMAGE: both extractions hold the same tree, byte for byte.
same_extract()
{
	wb_xorriso "$1" "$T_TMP/x" &&
	t_rm_tree "$T_TMP/s" &&
	"$STICKLER" extract "$1" "$T_TMP/s" >"$T_TMP/out" &&
	diff -r --no-dereference "$T_TMP/x" "$T_TMP/s" &&
	wb_listing "$T_TMP/x" >"$T_TMP/want" &&
	wb_listing "$T_TMP/s" >"$T_TMP/got" &&
	diff -u "$T_TMP/want" "$T_TMP/got" &&
	n=$(find "$T_TMP/x" -type f | wc -l) &&
	bytes=$(find "$T_TMP/x" -type f -printf "%s\n" | awk "{s += \$1} END {print s + 0}") &&
	grep -q "^extracted $n files ($bytes bytes), " "$T_TMP/out"
}

for f in data.iso plain.iso joliet.iso multi-extent.iso; do
	t_expect "$f: the same tree as xorriso's" "
		same_extract \"\$(t_fixture $f)\"
	"
done

t_expect "isomode-rich.iso: non-ASCII names, symlinks kept as symlinks" '
	same_extract "$(iso_fixture isomode-rich.iso)" &&
	test "$(readlink "$T_TMP/s/debian")" = . &&
	test "$(readlink "$T_TMP/s/vmlinuz-link")" = live/vmlinuz
'

t_expect "the deep tree: 12 levels, Greek, CJK, long names" '
	same_extract "$(wb_deep_iso)"
'

t_expect "modes: the image's, made user-writable, set-id bits dropped" '
	mkdir -p "$T_TMP/m/d" && printf "x\n" >"$T_TMP/m/suid" &&
	printf "y\n" >"$T_TMP/m/ro" && printf "z\n" >"$T_TMP/m/d/exe" &&
	chmod 4755 "$T_TMP/m/suid" && chmod 0444 "$T_TMP/m/ro" &&
	chmod 2755 "$T_TMP/m/d" && chmod 0755 "$T_TMP/m/d/exe" &&
	xorriso -report_about SORRY -as mkisofs -R -o "$T_TMP/m.iso" "$T_TMP/m" 2>/dev/null &&
	"$STICKLER" extract "$T_TMP/m.iso" "$T_TMP/mo" >/dev/null &&
	wb_modes "$T_TMP/mo" >"$T_TMP/got" &&
	printf "d ./d 755\nf ./d/exe 755\nf ./ro 644\nf ./suid 755\n" >"$T_TMP/want" &&
	diff -u "$T_TMP/want" "$T_TMP/got"
'

t_expect "DIR is a file, or not empty: refused, nothing written" '
	iso=$(t_fixture data.iso) &&
	: >"$T_TMP/afile" &&
	! "$STICKLER" extract "$iso" "$T_TMP/afile" 2>"$T_TMP/e" &&
	grep -q "is not a directory" "$T_TMP/e" &&
	mkdir "$T_TMP/full" && : >"$T_TMP/full/keep" &&
	! "$STICKLER" extract "$iso" "$T_TMP/full" 2>"$T_TMP/e" &&
	grep -q "is not empty (--force extracts into it anyway); nothing extracted" "$T_TMP/e" &&
	test "$(ls "$T_TMP/full")" = keep &&
	"$STICKLER" extract "$iso" "$T_TMP/full" --force >/dev/null &&
	test -f "$T_TMP/full/docs/README.txt" && test -f "$T_TMP/full/keep"
'

t_expect "--force over an earlier extraction replaces files, not links" '
	iso=$(t_fixture data.iso) &&
	"$STICKLER" extract "$iso" "$T_TMP/again" >/dev/null &&
	printf "changed\n" >"$T_TMP/again/docs/README.txt" &&
	"$STICKLER" extract "$iso" "$T_TMP/again" --force >/dev/null &&
	test "$(cat "$T_TMP/again/docs/README.txt")" = hello &&
	test "$(readlink "$T_TMP/again/readme-link")" = docs/README.txt
'

# hostile IMAGE: made by xorriso, then Rock Ridge names patched in place.
mkdir -p "$T_TMP/h/esd" "$T_TMP/out-of-bounds"
printf 'secret\n' >"$T_TMP/h/zz_passwd"
printf 'x\n' >"$T_TMP/h/esd/planted"
ln -s "$T_TMP/out-of-bounds" "$T_TMP/h/esc"
xorriso -report_about SORRY -as mkisofs -R -o "$T_TMP/h.iso" "$T_TMP/h" \
	2>/dev/null

t_expect "a name holding '..' and '/': refused with the path" '
	cp "$T_TMP/h.iso" "$T_TMP/dots.iso" &&
	wb_patch "$T_TMP/dots.iso" zz_passwd ../passwd &&
	"$STICKLER" ls "$T_TMP/dots.iso" | grep -qx "../passwd" &&
	mkdir "$T_TMP/d1" &&
	! "$STICKLER" extract "$T_TMP/dots.iso" "$T_TMP/d1/in" 2>"$T_TMP/e" &&
	grep -q "refusing ./\.\./passwd.: its name would reach outside" "$T_TMP/e" &&
	test ! -e "$T_TMP/d1/passwd" && test ! -e "$T_TMP/passwd"
'

t_expect "an absolute symlink used as a directory: refused with the path" '
	cp "$T_TMP/h.iso" "$T_TMP/link.iso" &&
	wb_patch "$T_TMP/link.iso" esd esc &&
	"$STICKLER" ls "$T_TMP/link.iso" | grep -c "^esc" | grep -qx 2 &&
	! "$STICKLER" extract "$T_TMP/link.iso" "$T_TMP/d2" 2>"$T_TMP/e" &&
	grep -q "refusing ./esc.: a symlink or a file of that name is in the way, and is never followed" "$T_TMP/e" &&
	grep -q "partial: .* holds [0-9]* whole files" "$T_TMP/e" &&
	test -z "$(ls -A "$T_TMP/out-of-bounds")"
'

t_expect "Ctrl-C: exit 4, only whole files left, the state said" '
	mkdir -p "$T_TMP/big" &&
	head -c 400000000 /dev/zero >"$T_TMP/big/zz-large.bin" &&
	printf "a\n" >"$T_TMP/big/aa-small.txt" &&
	xorriso -report_about SORRY -as mkisofs -R -o "$T_TMP/big.iso" "$T_TMP/big" 2>/dev/null &&
	t_rm_tree "$T_TMP/big" &&
	{ "$STICKLER" extract "$T_TMP/big.iso" "$T_TMP/cut" --progress=json 2>"$T_TMP/e" &
	  echo $! >"$T_TMP/pid"; } | { read -r line; kill -INT "$(cat "$T_TMP/pid")"; cat >/dev/null; } &&
	wait; cat "$T_TMP/e" &&
	grep -q "stopped by the user; partial: .* holds 1 whole files (2 of 400000002 bytes) and no partly written one" "$T_TMP/e" &&
	test "$(ls "$T_TMP/cut")" = aa-small.txt
'

t_done
