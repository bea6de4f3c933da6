#!/bin/sh
# t250-loop-mounted.sh - a loop device with a mounted ext4 is refused with
# the mount point named; --unmount unmounts it, and says so when busy.
. "$(dirname "$0")/../lib.sh"
t_desc "mounted loop device: refused, then unmounted on request"
t_need_root
t_need mkfs.ext4 losetup mount umount jq

img=$(t_tmpfile disk.img 32M)
mkfs.ext4 -q -F "$img" >/dev/null 2>&1 || t_skip_all "mkfs.ext4 failed"
loop=$(t_loop_attach "$img") || t_skip_all "cannot attach a loop device"
mnt=$T_TMP/mnt
mkdir -p "$mnt"
mount "$loop" "$mnt" || t_skip_all "cannot mount ext4 on '$loop'"
t_on_exit "umount '$mnt'"

t_expect "a loop device needs --any-device" '
	! "$STICKLER" list --check "$loop" 2>"$T_TMP/e" &&
	grep -q "not a USB or MMC disk: name it with --any-device" "$T_TMP/e"
'

t_expect "the list shows it mounted, needing an unmount" '
	"$STICKLER" list --all --json >"$T_TMP/list.json" &&
	jq -e --arg d "$loop" --arg m "$mnt" ".devices[] |
		select(.path == \$d) | .mountpoint == \$m and
		.reason == \"not USB: use --any-device\"" "$T_TMP/list.json"
'

t_expect "refused while mounted, naming the mount point" '
	! "$STICKLER" list --check "$loop" --any-device 2>"$T_TMP/e" &&
	grep -qF "'\''$loop'\'' is mounted ($mnt): unmount it or use --unmount" \
		"$T_TMP/e"
'

t_expect "a busy mount is not unmounted, and says why" '
	(cd "$mnt" && exec sleep 60) &
	pid=$!
	i=0
	until test "$(readlink /proc/$pid/cwd)" = "$mnt" || test $i = 100; do
		i=$((i + 1))
		sleep 0.1
	done
	! "$STICKLER" list --check "$loop" --any-device --unmount \
		2>"$T_TMP/e"
	rc=$?
	kill $pid
	wait $pid 2>/dev/null
	test $rc = 0 &&
	grep -qF "cannot unmount '\''$mnt'\'' of '\''$loop'\'': it is busy" \
		"$T_TMP/e" &&
	grep -q " $mnt " /proc/self/mountinfo
'

t_expect "--unmount unmounts it, then it may be written" '
	"$STICKLER" list --check "$loop" --any-device --unmount \
		>"$T_TMP/o" 2>&1 &&
	grep -qF "unmounting '\''$mnt'\''" "$T_TMP/o" &&
	grep -qF "'\''$loop'\'' may be written" "$T_TMP/o" &&
	! grep -q " $mnt " /proc/self/mountinfo
'

t_done
