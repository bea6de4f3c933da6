#!/bin/sh
# t200-loop-raw.sh - raw writes to loop devices of 512- and 4096-byte
# sectors, and the refusals: read-only, mounted, no --any-device.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "loop devices: 512 and 4096-byte sectors, read-only, mounted"
t_need_root
t_need mkfs.ext4

img=$(w_random img 9437696)	# 9 MiB + 512: ends inside a 4096 sector

for ss in 512 4096; do
	back=$(t_tmpfile "back-$ss" 32M)
	t_random t200-loop-raw:back 32M >"$back"
	dev=$(t_loop_attach "$back" --sector-size "$ss" --direct-io=on)
	t_expect "$ss-byte sectors: written, read back, edges cleared" '
		test "$(blockdev --getss '"$dev"')" = '"$ss"' &&
		"$STICKLER" write "$img" '"$dev"' --mode raw --any-device --yes \
			>"$T_TMP/out" &&
		grep -q "verified: identical" "$T_TMP/out" &&
		cmp -n 9437696 "$img" '"$dev"' &&
		w_zero_at '"$dev"' $((31 * 1048576)) 1048576
	'
	t_expect "$ss-byte sectors: a flip is named in $ss-byte sectors" '
		off=$((5 * 1048576 + 5000)) &&
		w_flip '"$dev"' "$off" && sync &&
		test "$(w_status "$STICKLER" verify "$img" '"$dev"')" = 3 &&
		grep -q "1 sector of '"$ss"' bytes, first difference at sector $((off / '"$ss"'))" "$T_TMP/err"
	'
done

t_expect "gzip (size not recorded) to a device: the last MiB still cleared" '
	gzip -c "$img" >"$T_TMP/img.gz" &&
	t_random t200-loop-raw:back-gz 16M >"$T_TMP/back-gz" &&
	dev=$(t_loop_attach "$T_TMP/back-gz" --direct-io=on) &&
	"$STICKLER" write "$T_TMP/img.gz" "$dev" --mode raw --any-device --yes \
		>"$T_TMP/out" &&
	grep -q "^written $((9437696 + 1048576)) bytes.*identical" "$T_TMP/out" &&
	cmp -n 9437696 "$img" "$dev" &&
	w_zero_at "$dev" $((15 * 1048576)) 1048576 &&
	"$STICKLER" verify "$T_TMP/img.gz" "$dev" >"$T_TMP/out" &&
	grep -q "^verified 9437696 bytes" "$T_TMP/out"
'

t_expect "a block device without --any-device is refused" '
	dev=$(t_loop_attach "$T_TMP/back-512") &&
	test "$(w_status "$STICKLER" write "$img" "$dev" --mode raw --yes)" = 1 &&
	grep -q "with --any-device.*untouched" "$T_TMP/err"
'

t_expect "a read-only loop is refused as write-protected, untouched" '
	ro=$(t_loop_attach "$T_TMP/back-512" -r) &&
	sum=$(md5sum <"$ro") &&
	test "$(w_status "$STICKLER" write "$img" "$ro" --mode raw --any-device --yes)" = 1 &&
	grep -q "is write-protected; target .* untouched" "$T_TMP/err" &&
	test "$(wc -l <"$T_TMP/err")" = 1 &&
	test "$(md5sum <"$ro")" = "$sum"
'

t_expect "a loop with a mounted filesystem is refused" '
	fs=$(t_tmpfile fs.img 16M) &&
	mkfs.ext4 -q "$fs" &&
	dev=$(t_loop_attach "$fs") &&
	mkdir -p "$T_TMP/mnt" && mount "$dev" "$T_TMP/mnt" &&
	t_on_exit "umount $T_TMP/mnt" &&
	test "$(w_status "$STICKLER" write "$img" "$dev" --mode raw --any-device --yes)" = 1 &&
	grep -q "is mounted ($T_TMP/mnt).*untouched" "$T_TMP/err" &&
	umount "$T_TMP/mnt"
'

t_expect "--unmount unmounts it first, then writes" '
	dev=$(losetup -j "$T_TMP/fs.img" | cut -d: -f1) && test -n "$dev" &&
	mount "$dev" "$T_TMP/mnt" &&
	"$STICKLER" write "$img" "$dev" --mode raw --any-device --unmount --yes \
		>"$T_TMP/out" &&
	! grep -q " $T_TMP/mnt " /proc/self/mountinfo &&
	cmp -n 9437696 "$img" "$dev"
'

t_done
