#!/bin/sh
# t252-loop-source.sh - the disk that holds the source image is never
# written: a loop device attached to the image itself, and a loop device
# whose mounted filesystem holds the image.
. "$(dirname "$0")/../lib.sh"
t_desc "loop device holding the source image: refused"
t_need_root
t_need mkfs.ext4 losetup mount umount

src=$(t_tmpfile source.img 8M)
loop=$(t_loop_attach "$src") || t_skip_all "cannot attach a loop device"
ln -s "$src" "$T_TMP/link.img"

t_expect "a loop attached to the image itself is refused" '
	! "$STICKLER" list --check "$loop" --any-device --image "$src" \
		2>"$T_TMP/e" &&
	grep -qF "'\''$loop'\'' holds the source image '\''$src'\''" "$T_TMP/e"
'

t_expect "also when the image is named through a symlink" '
	! "$STICKLER" list --check "$loop" --any-device \
		--image "$T_TMP/link.img" 2>"$T_TMP/e" &&
	grep -q "holds the source image" "$T_TMP/e"
'

t_expect "without that image, the same loop may be written" '
	"$STICKLER" list --check "$loop" --any-device
'

fs=$(t_tmpfile fs.img 32M)
mkfs.ext4 -q -F "$fs" >/dev/null 2>&1 || t_skip_all "mkfs.ext4 failed"
floop=$(t_loop_attach "$fs") || t_skip_all "cannot attach a loop device"
mkdir -p "$T_TMP/mnt"
mount "$floop" "$T_TMP/mnt" || t_skip_all "cannot mount ext4"
t_on_exit "umount '$T_TMP/mnt'"
cp "$src" "$T_TMP/mnt/inner.img"

t_expect "the disk whose filesystem holds the image is refused" '
	! "$STICKLER" list --check "$floop" --any-device --unmount \
		--image "$T_TMP/mnt/inner.img" 2>"$T_TMP/e" &&
	grep -qF "'\''$floop'\'' holds the source image" "$T_TMP/e" &&
	grep -q " $T_TMP/mnt " /proc/self/mountinfo
'

t_done
