#!/bin/sh
# t120-write-file.sh - raw writes to regular files: content, sizes, edges.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "raw write to file targets: byte for byte, sized, edges cleared"

ipxe=/usr/lib/ipxe/ipxe.iso
rescue=/usr/lib/grub-rescue/grub-rescue-cdrom.iso
test -f "$ipxe" && test -f "$rescue" || t_skip_all "needs ipxe and grub-rescue-pc"
img=$(w_random random.img 9437696)	# 9 MiB + 512: not chunk aligned

t_expect "a Debian isohybrid image to a new file, auto mode" '
	"$STICKLER" write "$rescue" "$T_TMP/new.img" --yes >"$T_TMP/out" &&
	cmp "$rescue" "$T_TMP/new.img" &&
	grep -q "^written $(stat -c %s "$rescue") bytes in .*; sectors verified: identical$" "$T_TMP/out"
'

t_expect "an existing larger file takes the image size" '
	t_random t120-write-file:old.img 20M >"$T_TMP/old.img" &&
	"$STICKLER" write "$img" "$T_TMP/old.img" --mode raw --yes &&
	test "$(stat -c %s "$T_TMP/old.img")" = 9437696 &&
	cmp "$img" "$T_TMP/old.img"
'

t_expect "--size: the file is that size, the last MiB zeroed, the rest kept" '
	t_random t120-write-file:stick.img 32M >"$T_TMP/stick.img" &&
	cp "$T_TMP/stick.img" "$T_TMP/before.img" &&
	"$STICKLER" write "$ipxe" "$T_TMP/stick.img" --mode raw --size 32M --yes &&
	test "$(stat -c %s "$T_TMP/stick.img")" = 33554432 &&
	cmp -n "$(stat -c %s "$ipxe")" "$ipxe" "$T_TMP/stick.img" &&
	w_zero_at "$T_TMP/stick.img" $((31 * 1048576)) 1048576 &&
	cmp -i 4194304 -n 16777216 "$T_TMP/before.img" "$T_TMP/stick.img"
'

t_expect "the first MiB past a small image is zeroed" '
	t_random t120-write-file:small-target.img 4M >"$T_TMP/small-target.img" &&
	t_random t120-write-file:small.img 300000 >"$T_TMP/small.img" &&
	"$STICKLER" write "$T_TMP/small.img" "$T_TMP/small-target.img" \
		--mode raw --size 4M --yes &&
	cmp -n 300000 "$T_TMP/small.img" "$T_TMP/small-target.img" &&
	test "$(dd if="$T_TMP/small-target.img" bs=1 skip=300000 \
		count=748576 status=none | tr -d "\0" | wc -c)" = 0
'

t_expect "--no-verify says so" '
	"$STICKLER" write "$ipxe" "$T_TMP/nv.img" --mode raw --yes --no-verify \
		>"$T_TMP/out" &&
	grep -q "verified: no" "$T_TMP/out" && cmp "$ipxe" "$T_TMP/nv.img"
'

t_expect "stickler verify agrees with a good target" '
	"$STICKLER" verify "$img" "$T_TMP/old.img" >"$T_TMP/out" &&
	grep -q "^verified 9437696 bytes in .*: identical$" "$T_TMP/out"
'

t_done
