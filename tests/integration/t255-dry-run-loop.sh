#!/bin/sh
# t255-dry-run-loop.sh - write --dry-run on a block device: the plan names
# what the disk holds now (table, file systems, labels, read with the
# core), the device is only ever opened read-only, and nothing changes.
. "$(dirname "$0")/../lib.sh"
t_desc "write --dry-run to a loop device: what it holds, opened read-only"
t_need_root
t_need losetup sfdisk mkfs.fat mkfs.ext4 strace sha256sum

img=$T_TMP/random.img
head -c 2M /dev/urandom >"$img"
disk=$(t_tmpfile disk.img 64M)
printf "label: gpt\n1MiB,30MiB,U\n,,L\n" | sfdisk -q "$disk" ||
	t_skip_all "sfdisk failed"
mkfs.fat -F 32 -n OLDESP --offset 2048 "$disk" 30720 >/dev/null
mkfs.ext4 -q -F -L home -E offset=$((31 << 20)) "$disk" 30M
loop=$(t_loop_attach "$disk") || t_skip_all "cannot attach a loop device"
sha256sum "$loop" >"$T_TMP/sum"

t_expect "the plan names the GPT, each file system and label" '
	"$STICKLER" write --dry-run --any-device --mode raw "$img" "$loop" \
		>"$T_TMP/plan" 2>"$T_TMP/err" &&
	grep -q "^target: .$loop. (block device, " "$T_TMP/plan" &&
	grep -q "it holds now: a GPT with 2 partitions: 1: EFI System FAT32 .OLDESP., 30.0 MiB; 2: [^;]*ext4 .home., " "$T_TMP/plan" &&
	grep -q "^everything on .$loop. is destroyed" "$T_TMP/plan"
'

t_expect "the device is opened read-only only, and is unchanged" '
	strace -f -qq -e trace=open,openat -o "$T_TMP/trace" \
		"$STICKLER" write --dry-run --any-device --mode raw "$img" \
		"$loop" >/dev/null 2>&1 &&
	grep -F "\"$loop\"" "$T_TMP/trace" >"$T_TMP/opens" &&
	test -s "$T_TMP/opens" &&
	! grep -E "O_WRONLY|O_RDWR|O_EXCL" "$T_TMP/opens" &&
	sha256sum -c --quiet "$T_TMP/sum"
'

t_done
