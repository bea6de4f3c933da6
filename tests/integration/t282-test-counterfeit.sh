#!/bin/sh
# t282-test-counterfeit.sh - `stickler test` on counterfeit sticks built
# with nbdkit (offsets that wrap past the real size; writes past it lost)
# names the real capacity and exits 3; a true loop device passes; --full
# finds every block sound and says the speeds. Figures as f3probe gives
# them are compared where f3probe is installed.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "test: counterfeit sticks caught with their real capacity"
t_need_root
t_need nbdkit nbdfuse fusermount3

plugin=$T_TOP/tests/data/faulty-disk.sh
MiB=1048576

t_expect "wraps past 64 MiB, claims 1 GiB: holds 64 MiB, exit 3" '
	export FD_DISK="$T_TMP/wrap.back" FD_SIZE=$((1024 * MiB)) &&
	truncate -s 64M "$FD_DISK" &&
	dev=$(w_nbd_device wrap sh "$plugin") && unset FD_SIZE &&
	test "$(blockdev --getsize64 "$dev")" = $((1024 * MiB)) &&
	test "$(w_status "$STICKLER" test "$dev" --any-device --yes)" = 3 &&
	cat "$T_TMP/out" "$T_TMP/err" &&
	grep -q "this stick holds 64.0 MiB, not 1.0 GiB as it claims (offsets wrap around past that)" "$T_TMP/out"
'

t_expect "wraps past 40 MiB, claims 256 MiB: holds 40 MiB" '
	export FD_DISK="$T_TMP/wrap40.back" FD_SIZE=$((256 * MiB)) &&
	truncate -s 40M "$FD_DISK" &&
	dev=$(w_nbd_device wrap40 sh "$plugin") && unset FD_SIZE &&
	test "$(w_status "$STICKLER" test "$dev" --any-device --yes)" = 3 &&
	cat "$T_TMP/out" &&
	grep -q "this stick holds 40.0 MiB, not 256.0 MiB as it claims" "$T_TMP/out"
'

t_expect "loses writes past 48 MiB, claims 512 MiB: holds 48 MiB" '
	export FD_DISK="$T_TMP/drop.back" FD_SIZE=$((512 * MiB)) FD_DROP=1 &&
	truncate -s 48M "$FD_DISK" &&
	dev=$(w_nbd_device drop sh "$plugin") && unset FD_SIZE FD_DROP &&
	test "$(w_status "$STICKLER" test "$dev" --any-device --yes)" = 3 &&
	cat "$T_TMP/out" "$T_TMP/err" &&
	grep -q "this stick holds 48.0 MiB, not 512.0 MiB as it claims (writes are lost past that)" "$T_TMP/out"
'

t_expect "a true loop device: capacity as claimed, exit 0; --full sound" '
	truncate -s 96M "$T_TMP/true.img" &&
	dev=$(t_loop_attach "$T_TMP/true.img") &&
	test "$(w_status "$STICKLER" test "$dev" --any-device --yes)" = 0 &&
	grep -q "capacity as claimed (96.0 MiB)" "$T_TMP/out" &&
	test "$(w_status "$STICKLER" test "$dev" --full --any-device --yes)" = 0 &&
	cat "$T_TMP/out" &&
	grep -q "capacity as claimed (96.0 MiB), every block sound" "$T_TMP/out" &&
	grep -q "^wrote 100663296 bytes at [0-9.]* MB/s, read them at [0-9.]* MB/s$" "$T_TMP/out"
'

t_expect "the rules of a write: a loop device needs --any-device" '
	dev=$(t_loop_attach "$T_TMP/true.img") &&
	test "$(w_status "$STICKLER" test "$dev" --yes)" = 1 &&
	cat "$T_TMP/err" && grep -q "any-device" "$T_TMP/err" &&
	grep -q "untouched" "$T_TMP/err"
'

t_done
