#!/bin/sh
# t322-wizard-actions.sh - the first screen's other actions on files:
# look inside an image (folders, symlinks), extract it (the tree xorriso
# extracts), make an image from a disk image (cmp, and bmaptool copy of
# the bmap beside it), restore a used stick image (sfdisk, fsck.fat -n,
# mdir) and test one (capacity as claimed), the two that erase only after
# the name is typed.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: look inside, extract, make an image, restore, test"
t_need tmux xorriso sfdisk fsck.fat mdir bmaptool zstd

MiB=1048576
tree=$T_TMP/tree
iso=$T_TMP/look.iso
log=$T_TMP/state/stickler/stickler.log
mkdir -p "$tree/docs/deep" &&
	printf 'read me\n' >"$tree/docs/readme.txt" &&
	printf 'deep\n' >"$tree/docs/deep/leaf.txt" &&
	printf 'top\n' >"$tree/top.txt" &&
	ln -s docs/readme.txt "$tree/link" &&
	xorriso -report_about SORRY -as mkisofs -R -J -V LOOK -o "$iso" "$tree" \
		2>/dev/null || t_fail "cannot build the ISO"
w_start

t_expect "the first screen offers the other actions" '
	w_wait "Choose an image" &&
	w_screen | grep -q "l look inside  x extract  m make an image  r restore  t test a stick"
'

t_expect "l shows the tree: folders, sizes, a symlink and its target" '
	w_to_report "$iso" && w_keys l && w_wait "Look inside an image" &&
	w_wait "in /  (3 entries)" &&
	w_screen | grep -q "^ *drwxr-xr-x .* docs/$" &&
	w_screen | grep -q "^ *lrwxrwxrwx .* link -> docs/readme.txt$" &&
	w_screen | grep -q "^ *-rw-r--r-- *4 B .* top.txt$"
'

t_expect "Enter opens a folder, Backspace goes up" '
	w_keys Home Enter && w_wait "in /docs  (2 entries)" &&
	w_screen | grep -q "deep/" && w_screen | grep -q "readme.txt" &&
	w_keys Home Enter && w_wait "in /docs/deep  (1 entries)" &&
	w_keys BSpace && w_wait "in /docs  (2 entries)" &&
	w_keys BSpace && w_wait "in /  (3 entries)"
'

t_expect "x extracts it: the same tree as xorriso -extract" '
	w_keys x && w_wait "Extract an image to a folder" && w_wait "Folder:" &&
	w_keys C-u && w_type "$T_TMP/ex" && w_keys Enter &&
	w_wait "Done" && w_wait "3 files, 2 folders, 1 symlinks" &&
	xorriso -report_about SORRY -osirrox on -indev "$iso" -extract / "$T_TMP/xo" 2>/dev/null &&
	diff -r --no-dereference "$T_TMP/xo" "$T_TMP/ex" &&
	test "$(readlink "$T_TMP/ex/link")" = docs/readme.txt &&
	w_keys Enter && w_wait "Choose an image"
'

t_expect "m makes an image of a disk image; the bmap is one bmaptool follows" '
	truncate -s 24M "$T_TMP/disk.img" &&
	printf "label: gpt\nstart=2048, size=16384\n" | sfdisk -q "$T_TMP/disk.img" &&
	truncate -s 32M "$T_TMP/disk.img" &&
	w_keys m && w_wait "Make an image from a stick or disc" &&
	w_wait "Reading changes nothing" &&
	w_keys End Enter && w_wait "Path:" && w_type "$T_TMP/disk.img" && w_keys Enter &&
	w_wait "Image file:" && w_keys C-u && w_type "$T_TMP/made.img" && w_keys Enter &&
	w_wait "Done" &&
	w_screen | tr -s " \n" " " | grep -q "the source read again and the image are identical" &&
	sfdisk -d "$T_TMP/disk.img" >/dev/null &&
	test "$(stat -c %s "$T_TMP/made.img")" = $((24 * MiB)) &&
	cmp -n $((24 * MiB)) "$T_TMP/made.img" "$T_TMP/disk.img" &&
	bmaptool copy "$T_TMP/made.img" "$T_TMP/copy.img" 2>/dev/null &&
	cmp "$T_TMP/copy.img" "$T_TMP/made.img" &&
	w_keys Enter && w_wait "Choose an image"
'

t_expect "an image that exists already: said on the form, another name goes (q and ? in it are typed)" '
	w_keys m && w_wait "Make an image from a stick or disc" &&
	w_keys End Enter && w_wait "Path:" && w_type "$T_TMP/disk.img" && w_keys Enter &&
	w_wait "Image file:" && w_keys C-u && w_type "$T_TMP/made.img" && w_keys Enter &&
	w_wait "made.img'\'' exists" && w_wait "Image file:" &&
	w_keys C-u && w_type "$T_TMP/made2-q?.img.zst" && w_keys Enter && w_wait "Done" &&
	zstd -dc "$T_TMP/made2-q?.img.zst" | cmp - "$T_TMP/made.img" &&
	test -s "$T_TMP/made2-q?.img.bmap" &&
	w_keys Enter && w_wait "Choose an image"
'

t_expect "r restores a used stick image only after its name is typed" '
	truncate -s 64M "$T_TMP/stick.img" &&
	printf "label: gpt\nstart=2048, size=16384\nstart=18432\n" | sfdisk -q "$T_TMP/stick.img" &&
	w_keys r && w_wait "Restore a stick to a plain data stick" &&
	w_keys End Enter && w_wait "Path:" && w_type "$T_TMP/stick.img" && w_keys Enter &&
	w_wait "Label:" && w_keys C-u && w_type DATA && w_keys Enter &&
	w_wait "Type '\''stick.img'\'' to go on" &&
	w_screen | tr -s " \n" " " | grep -q "empty FAT32 file system labelled .DATA." &&
	w_type "stick" && w_keys Enter && w_wait "type '\''stick.img'\'' exactly" &&
	sfdisk -d "$T_TMP/stick.img" | grep -q "^label: gpt" &&
	w_type ".img" && w_keys Enter && w_wait "Done" &&
	sfdisk -d "$T_TMP/stick.img" >"$T_TMP/dump" &&
	grep -q "^label: dos$" "$T_TMP/dump" &&
	test "$(grep -c "^$T_TMP/stick.img" "$T_TMP/dump")" = 1 &&
	dd if="$T_TMP/stick.img" of="$T_TMP/part" bs=1M skip=1 status=none &&
	fsck.fat -n "$T_TMP/part" >"$T_TMP/fsck" 2>&1 &&
	mdir -i "$T_TMP/part" :: | grep -q "Volume in drive : is DATA" &&
	w_keys Enter && w_wait "Choose an image"
'

t_expect "t tests a stick image: capacity as claimed" '
	truncate -s 48M "$T_TMP/t.img" &&
	w_keys t && w_wait "Test a stick: its real capacity (quick)" &&
	w_keys End Enter && w_wait "Path:" && w_type "$T_TMP/t.img" && w_keys Enter &&
	w_wait "Type '\''t.img'\'' to go on" && w_type t.img && w_keys Enter &&
	w_wait "Done" && w_wait "capacity as claimed" &&
	grep -q "Test a stick: its real capacity (quick): $T_TMP/t.img" "$log"
'

t_done
