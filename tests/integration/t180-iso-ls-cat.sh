#!/bin/sh
# t180-iso-ls-cat.sh - `stickler ls` and `stickler cat` against the tree
# xorriso extracts from the same image: every directory lists the same
# names, every file reads the same bytes.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
. "$T_TOP/tests/lib-isomode.sh"
. "$T_TOP/tests/lib-workbench.sh"
t_desc "ls and cat on fixture ISOs, compared with xorriso -extract"
t_need xorriso jq

# same_tree IMAGE: each directory's names (ls) and files (cat): the first
# 15, and all with non-ASCII names or deeper than 8 levels (extract, in
# t181, compares every byte of every file).
same_tree()
{
	wb_xorriso "$1" "$T_TMP/x" &&
	(cd "$T_TMP/x" && find . -type d ! -type l) | while read -r d; do
		p=${d#.}
		(cd "$T_TMP/x/$d" && ls -A | LC_ALL=C sort) >"$T_TMP/want"
		"$STICKLER" ls "$1" "${p:-/}" | sed 's,/$,,' | LC_ALL=C sort \
			>"$T_TMP/got" &&
		diff -u "$T_TMP/want" "$T_TMP/got" || return 1
	done &&
	(cd "$T_TMP/x" && { find . -type f | head -n 15;
		find . -type f | LC_ALL=C grep -e "[^ -~]" -e "\(/[^/]*\)\{9\}"; }) |
	while read -r f; do
		"$STICKLER" cat "$1" "${f#.}" >"$T_TMP/cat" &&
		cmp "$T_TMP/cat" "$T_TMP/x/$f" || return 1
	done
}

for f in data.iso plain.iso joliet.iso multi-extent.iso; do
	t_expect "$f: every directory and file as xorriso has them" "
		same_tree \"\$(t_fixture $f)\"
	"
done

t_expect "isomode-rich.iso: long, non-ASCII names, symlinks" '
	same_tree "$(iso_fixture isomode-rich.iso)"
'

t_expect "the deep tree (12 levels, Greek, CJK, 90 long names)" '
	same_tree "$(wb_deep_iso)"
'

t_expect "ls -l: sizes, link targets and modes as xorriso -lsl says" '
	iso=$(iso_fixture isomode-rich.iso) &&
	"$STICKLER" ls "$iso" / -l >"$T_TMP/l" &&
	grep -q "^lrwxrwxrwx  *0 .* vmlinuz-link -> live/vmlinuz$" "$T_TMP/l" &&
	grep -q "^lrwxrwxrwx  *0 .* debian -> .$" "$T_TMP/l" &&
	xorriso -indev "$iso" -lsl /live 2>/dev/null |
		grep -v "^total" | awk "{print \$1, \$5, \$NF}" | tr -d "\047" | sort >"$T_TMP/want" &&
	"$STICKLER" ls "$iso" /live -l | awk "{print \$1, \$2, \$NF}" |
		sort >"$T_TMP/got" &&
	diff -u "$T_TMP/want" "$T_TMP/got"
'

t_expect "ls --json: one object per entry, sizes from the image" '
	iso=$(t_fixture data.iso) &&
	"$STICKLER" ls "$iso" /docs --json >"$T_TMP/j" &&
	test "$(jq -r ".entries[] | select(.name == \"README.txt\") | .size" "$T_TMP/j")" = 6 &&
	test "$(jq -r ".entries | length" "$T_TMP/j")" = 2 &&
	"$STICKLER" ls "$iso" --json |
		jq -e ".entries[] | select(.name == \"readme-link\") | .type == \"symlink\" and .target == \"docs/README.txt\""
'

t_expect "a path that is not there, a directory to cat, a symlink to cat" '
	iso=$(t_fixture data.iso) &&
	! "$STICKLER" ls "$iso" /nowhere 2>"$T_TMP/e" &&
	grep -q "^stickler: ./nowhere. is not in " "$T_TMP/e" &&
	! "$STICKLER" cat "$iso" /docs 2>"$T_TMP/e" &&
	grep -q "./docs. is a directory" "$T_TMP/e" &&
	! "$STICKLER" cat "$iso" /readme-link 2>"$T_TMP/e" &&
	grep -q "symlink to .docs/README.txt. (not followed)" "$T_TMP/e"
'

t_expect "a compressed image: decompress it first, exit 1" '
	zstd -q -c "$(t_fixture data.iso)" >"$T_TMP/d.iso.zst" &&
	! "$STICKLER" ls "$T_TMP/d.iso.zst" 2>"$T_TMP/e" &&
	grep -q "is compressed (zstd): decompress it first" "$T_TMP/e" &&
	! "$STICKLER" ls "$(t_fixture disk.img)" 2>"$T_TMP/e" &&
	grep -q "holds no readable ISO 9660 volume" "$T_TMP/e"
'

t_done
