#!/bin/sh
# t270-many-loops.sh - one image to several loop devices at once: all
# identical, sizes that differ, one too small refused up front, a master
# stick (a read-only loop) as the image and never as a target.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "write to 4 loop devices; mixed sizes; a master stick as the image"
t_need_root

img=$(w_random img 9437696)	# 9 MiB + 512
MiB=1048576

for i in 1 2 3 4; do
	back=$(t_tmpfile "back$i" 16M)
	tr '\0' '\377' </dev/zero | head -c 16M >"$back"
done
# the fourth is larger: its own last MiB must be cleared too
truncate -s 24M "$T_TMP/back4"
d1=$(t_loop_attach "$T_TMP/back1" --direct-io=on)
d2=$(t_loop_attach "$T_TMP/back2" --direct-io=on)
d3=$(t_loop_attach "$T_TMP/back3")
d4=$(t_loop_attach "$T_TMP/back4" --direct-io=on)

t_expect "four loop devices: each identical, each one's last MiB cleared" '
	test "$(w_status "$STICKLER" write "$img" "$d1" "$d2" "$d3" "$d4" \
		--mode raw --any-device --yes)" = 0 &&
	for d in "$d1" "$d2" "$d3" "$d4"; do
		cmp -n 9437696 "$img" "$d" || return 1
	done &&
	w_zero_at "$d1" $((15 * MiB)) $MiB &&
	w_zero_at "$d4" $((23 * MiB)) $MiB &&
	test "$(tail -1 "$T_TMP/out")" = "4 of 4 sticks written and verified" &&
	test "$(grep -c "written and verified in .* s; complete" "$T_TMP/out")" = 4
'

t_expect "stickler verify agrees on each (an independent read back)" '
	for d in "$d1" "$d2" "$d3" "$d4"; do
		"$STICKLER" verify "$img" "$d" >/dev/null || return 1
	done
'

t_expect "a target too small is refused by name before any is written" '
	small=$(t_tmpfile small 8M) &&
	tr "\0" "\377" </dev/zero | head -c 8M >"$small" &&
	ds=$(t_loop_attach "$small") &&
	dd if=/dev/zero of="$d1" bs=1M count=16 status=none &&
	test "$(w_status "$STICKLER" write "$img" "$d1" "$ds" --mode raw \
		--any-device --yes)" = 1 &&
	grep -q "image is larger than .$ds. (9.0 MiB > 8.0 MiB); no target written" "$T_TMP/err" &&
	w_zero_at "$d1" 0 $((16 * MiB))
'

t_expect "the same device twice (node and symlink) is refused" '
	ln -s "$d2" "$T_TMP/alias" &&
	test "$(w_status "$STICKLER" write "$img" "$d2" "$T_TMP/alias" \
		--mode raw --any-device --yes)" = 1 &&
	grep -q "are the same target" "$T_TMP/err"
'

t_expect "a read-only loop as the master stick: copied to two sticks" '
	mback=$(t_tmpfile master 16M) &&
	cp "$img" "$mback" && truncate -s 16M "$mback" &&
	m=$(t_loop_attach "$mback" -r) &&
	test "$(blockdev --getro "$m")" = 1 &&
	test "$(w_status "$STICKLER" write "$m" "$d1" "$d2" --mode raw \
		--any-device --yes)" = 0 &&
	cmp "$m" "$d1" && cmp "$m" "$d2" && cmp "$mback" "$m"
'

t_expect "the master stick named as a target too: refused" '
	m=$(losetup -j "$T_TMP/master" | cut -d: -f1) &&
	test "$(w_status "$STICKLER" write "$m" "$d1" "$m" --mode raw \
		--any-device --yes)" = 1 &&
	grep -Eq "image itself|holds the (source|image)|the source" "$T_TMP/err"
'

t_done
