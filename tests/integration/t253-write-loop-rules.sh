#!/bin/sh
# t253-write-loop-rules.sh - `stickler write` to loop devices goes through
# the device rules: --any-device, mounted (and --unmount), swap, the
# source image; nothing refused is touched.
. "$(dirname "$0")/../lib.sh"
t_desc "stickler write applies the device rules right before opening"
t_need_root
t_need mkfs.ext4 mkswap swapon swapoff losetup mount umount

img=$T_TMP/random.img
t_random t253-write-loop-rules:img 2M >"$img"
sum=$(md5sum <"$img")

# the ext4 target: a loop device with a mounted filesystem
disk=$(t_tmpfile disk.img 8M)
mkfs.ext4 -q -F "$disk" >/dev/null 2>&1 || t_skip_all "mkfs.ext4 failed"
loop=$(t_loop_attach "$disk") || t_skip_all "cannot attach a loop device"
mnt=$T_TMP/mnt
mkdir -p "$mnt"
mount "$loop" "$mnt" || t_skip_all "cannot mount ext4 on '$loop'"
t_on_exit "umount '$mnt'"

t_expect "a loop device is refused without --any-device" '
	! "$STICKLER" write "$img" "$loop" --mode raw --yes 2>"$T_TMP/e" &&
	grep -q "not a USB or MMC disk: name it with --any-device" "$T_TMP/e"
'

t_expect "mounted: refused with the mount point named, left mounted" '
	! "$STICKLER" write "$img" "$loop" --mode raw --any-device --yes \
		2>"$T_TMP/e" &&
	grep -qF "is mounted ($mnt): unmount it or use --unmount" "$T_TMP/e" &&
	grep -q " $mnt " /proc/self/mountinfo &&
	cmp -s -n 1024 "$disk" /dev/zero
'

t_expect "--any-device --unmount: unmounted, written and verified" '
	"$STICKLER" write "$img" "$loop" --mode raw --any-device --unmount \
		--yes >"$T_TMP/o" 2>&1 &&
	! grep -q " $mnt " /proc/self/mountinfo &&
	grep -q "verified: identical" "$T_TMP/o" &&
	cmp -n 2097152 "$img" "$loop"
'

swapf=$(t_tmpfile swap.img 16M)
swap=$(t_loop_attach "$swapf") || t_skip_all "cannot attach a loop device"
mkswap "$swap" >/dev/null 2>&1 || t_skip_all "mkswap failed"
swapon "$swap" 2>/dev/null || t_skip_all "swapon refused here"
t_on_exit "swapoff '$swap'"

t_expect "active swap is refused, whatever the flags" '
	! "$STICKLER" write "$img" "$swap" --mode raw --any-device --unmount \
		--yes 2>"$T_TMP/e" &&
	grep -qF "'\''$swap'\'' is in use as swap" "$T_TMP/e" &&
	grep -q "^$swap " /proc/swaps
'

src=$(t_loop_attach "$img") || t_skip_all "cannot attach a loop device"

t_expect "the loop device holding the source image is refused" '
	! "$STICKLER" write "$img" "$src" --mode raw --any-device --yes \
		2>"$T_TMP/e" &&
	grep -qF "'\''$src'\'' holds the source image" "$T_TMP/e" &&
	test "$(md5sum <"$img")" = "$sum"
'

t_expect "a device path that does not exist is not made a file" '
	! "$STICKLER" write "$img" /dev/stickler-no-such-disk --mode raw \
		--yes 2>"$T_TMP/e" &&
	grep -q "no such device ./dev/stickler-no-such-disk." "$T_TMP/e" &&
	test ! -e /dev/stickler-no-such-disk
'

t_done
