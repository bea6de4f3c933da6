#!/bin/sh
# t210-faults.sh - faulty devices built in user space (nbdkit's sh plugin
# through nbdfuse under a direct-I/O loop): sectors that fail to write or
# to read, a counterfeit capacity, a device that vanishes.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "write and read errors, fake capacity, vanished device"
t_need_root
t_need nbdkit nbdfuse fusermount3

plugin=$T_TOP/tests/data/faulty-disk.sh
img=$(w_random img 6M)
MiB=1048576

bad_write=$((3 * MiB + 4096))
t_expect "a sector that fails on write: exit 1, offset named, state said" '
	export FD_DISK="$T_TMP/w.back" FD_BAD_WRITE="$bad_write:512" &&
	tr "\0" "\377" </dev/zero | head -c 8M >"$FD_DISK" &&
	dev=$(w_nbd_device w sh "$plugin") && unset FD_BAD_WRITE &&
	test "$(w_status "$STICKLER" write "$img" "$dev" --mode raw --any-device --yes)" = 1 &&
	grep -q "write error on .* at byte $bad_write (sector $((bad_write / 512))): Input/output error" "$T_TMP/err" &&
	grep -q "partially written ($((bad_write - MiB)) bytes, then the write at byte $bad_write failed) after its old partition tables were wiped; its first MiB was not written" "$T_TMP/err" &&
	test "$(wc -l <"$T_TMP/err")" = 1 &&
	w_head_wiped "$FD_DISK"
'

bad_read=$((4 * MiB + 1024))
t_expect "a sector that fails on read: a read error, not identical (exit 1)" '
	export FD_DISK="$T_TMP/r.back" FD_BAD_READ="$bad_read:512" &&
	tr "\0" "\377" </dev/zero | head -c 8M >"$FD_DISK" &&
	dev=$(w_nbd_device r sh "$plugin") && unset FD_BAD_READ &&
	test "$(w_status "$STICKLER" write "$img" "$dev" --mode raw --any-device --yes)" = 1 &&
	grep -q "read error on .* at byte $bad_read (sector $((bad_read / 512)))" "$T_TMP/err" &&
	grep -q "written, but reading it back failed at byte $bad_read" "$T_TMP/err" &&
	! grep -q identical "$T_TMP/out" "$T_TMP/err" &&
	cmp -n 6291456 "$img" "$FD_DISK"
'

t_expect "stickler verify on it: the same read error, exit 1, never identical" '
	dev=$(losetup -j "$T_TMP/fuse-r/disk" | cut -d: -f1) &&
	test "$(w_status "$STICKLER" verify "$img" "$dev")" = 1 &&
	grep -q "read error on .* at byte $bad_read (sector $((bad_read / 512)))" "$T_TMP/err" &&
	! grep -q identical "$T_TMP/out"
'

t_expect "a fake-capacity stick (4 MiB real, 8 MiB claimed): mismatch, where" '
	export FD_DISK="$T_TMP/f.back" FD_SIZE=$((8 * MiB)) &&
	tr "\0" "\377" </dev/zero | head -c 4M >"$FD_DISK" &&
	dev=$(w_nbd_device f sh "$plugin") && unset FD_SIZE &&
	test "$(blockdev --getsize64 "$dev")" = $((8 * MiB)) &&
	test "$(w_status "$STICKLER" write "$img" "$dev" --mode raw --any-device --yes)" = 3 &&
	grep -q "differs from the image: [0-9]* sectors of 512 bytes, first difference at sector 2048 (byte 1048576)" "$T_TMP/err" &&
	grep -q "does not hold the image" "$T_TMP/err"
'

t_expect "a device that vanishes after 2 MiB: said so, exit 1" '
	export FD_DISK="$T_TMP/v.back" FD_VANISH_AFTER=$((2 * MiB)) &&
	tr "\0" "\377" </dev/zero | head -c 8M >"$FD_DISK" &&
	dev=$(w_nbd_device v sh "$plugin") && unset FD_VANISH_AFTER &&
	test "$(w_status "$STICKLER" write "$img" "$dev" --mode raw --any-device --yes)" = 1 &&
	grep -q "vanished" "$T_TMP/err" &&
	grep -q "partially written (0 bytes, then the write at byte $MiB failed) after its old partition tables were wiped; its first MiB was not written" "$T_TMP/err" &&
	test "$(wc -l <"$T_TMP/err")" = 1
'

t_done
