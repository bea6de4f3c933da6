#!/bin/sh
# t343-wizard-no-return.sh - what reaches the point of no return: an
# unsupported verdict and a failed checksum stop Enter until overridden
# on purpose and are repeated on Confirm; the confirmation names the
# stick by make and serial and says what the target holds now.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
. "$T_TOP/tests/lib-devices.sh"
t_desc "wizard: warnings at the point of no return, the stick named"
t_need tmux xorriso sfdisk mkfs.fat sha256sum

win=$(t_fixture windows.iso)
d=$T_TMP/bad
mkdir -p "$d"
cp /usr/lib/ipxe/ipxe.iso "$d/c.iso"
(cd "$d" && sha256sum c.iso >SHA256SUMS)
printf '\001' | dd of="$d/c.iso" bs=1 seek=70000 conv=notrunc 2>/dev/null
old=$T_TMP/old.img
truncate -s 8M "$old"
printf "label: dos\n1MiB,,c\n" | sfdisk -q "$old"
mkfs.fat -F 32 -n OLDSTICK --offset 2048 "$old" 7168 >/dev/null 2>&1 ||
	mkfs.fat -n OLDSTICK --offset 2048 "$old" 7168 >/dev/null

t_sysfs_fixture || t_skip_all "cannot build the fixture sysfs"
W_ENV="STICKLER_SYSFS=$STICKLER_SYSFS STICKLER_MOUNTINFO=$STICKLER_MOUNTINFO STICKLER_SWAPS=$STICKLER_SWAPS"
w_start

t_expect "an unsupported verdict stops Enter on the report" '
	w_to_report "$win" && w_keys Enter &&
	w_wait "UNSUPPORTED: it will not boot from a stick; press o" &&
	w_screen | grep -q "Image report"
'

t_expect "o overrides it; the options warn that it will not boot" '
	w_keys o && w_wait "overridden: the image is copied byte for byte" &&
	w_keys Enter && w_wait "Choose the target" &&
	w_keys End Enter && w_wait "File:" &&
	w_keys C-u && w_type "$T_TMP/w.img" && w_keys Tab C-u Enter &&
	w_wait "Write mode" &&
	w_wait "WARNING: byte for byte, and this image will not boot" &&
	w_screen | grep -q "< raw >"
'

t_expect "Confirm repeats it, and says CREATE for a new file" '
	w_keys Enter && w_wait "Type '"'"'w.img'"'"'" &&
	w_wait "WARNING: the verdict is unsupported: this stick will not boot" &&
	w_screen | grep -q "CREATE: a new image file" &&
	w_keys Escape && w_wait "Write mode" &&
	w_keys Escape Escape && w_wait "Image report" && w_keys Escape &&
	w_wait "Choose an image"
'

t_expect "a failed checksum stops Enter until o, and Confirm repeats it" '
	w_to_report "$d/c.iso" && w_wait "Press c to check" &&
	w_keys c && w_wait "NOT genuine" &&
	w_keys Enter && w_wait "the image is NOT genuine: press o" &&
	w_keys o && w_wait "overridden" &&
	w_to_confirm "$old" &&
	w_wait "WARNING: the image is NOT genuine: it failed its checksum" &&
	w_screen >"$T_TMP/s" &&
	grep -q "an existing file: overwritten" "$T_TMP/s" &&
	grep -q "it holds now: an MBR with 1 partition: 1: FAT32 .OLDSTICK." "$T_TMP/s"
'

t_expect "a stick is named by vendor, model and serial on Confirm" '
	w_keys Escape && w_wait "Write mode" && w_keys Escape &&
	w_wait "Choose the target" &&
	w_wait "sdc " && w_keys Home && w_screen >"$T_TMP/l" &&
	n=$(grep -n "sdc " "$T_TMP/l" | head -1 | cut -d: -f1) &&
	m=$(grep -n "mmcblk0 " "$T_TMP/l" | head -1 | cut -d: -f1) &&
	i=0 && while test $i -lt $((n - m)); do w_keys Down; i=$((i + 1)); done &&
	w_keys Enter && w_wait "Write mode" && w_keys Enter &&
	w_wait "Nothing was written" &&
	w_screen | grep -q "ERASE:  sdc" &&
	w_screen | grep -q "SanDisk Ultra.*, serial 4C530009876543210987"
'

t_done
