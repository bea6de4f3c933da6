#!/bin/bash
# l100-station-usb.sh - the station on SeaBIOS with three emulated sticks
# (usb-storage and usb-uas on xHCI, usb-uas on EHCI): what the guest
# kernel sees is what stickler lists, a raw write and an ISO-mode write
# verified in the guest, the guest's vfat driver reading the ISO-mode
# stick, and the written sticks booting on the host. One boot of the
# station for all.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-lab.sh"
t_desc "the station against a real USB stack (SeaBIOS)"
lab_need
t_need jq xorriso sfdisk blkid

hybrid=$(t_bootfix hybrid-efi.iso) && deep=$(t_bootfix deep-tree.iso) ||
	t_skip_all "cannot build the boot fixtures"
lab_fill "$hybrid" "$deep"
a=$(lab_disk a 256M) && b=$(lab_disk b 256M) && c=$(lab_disk c 256M) ||
	t_skip_all "cannot make the stick files"
lab_stick a "$a" xhci storage LAB-A-0001
lab_stick b "$b" xhci uas LAB-B-0002
lab_stick c "$c" ehci uas LAB-C-0003

t_expect "the station boots on SeaBIOS to the wizard on ttyS0" '
	lab_boot bios >&3
'
test "$T_FAILED" = 0 || t_done

# Each sd disk as the guest's sysfs tells it: name, USB serial,
# manufacturer, product, link speed in Mbit/s.
lab_sh 'for b in /sys/block/sd*; do
	d=$(readlink -f $b/device)
	while test "$d" != / && ! test -f "$d/idVendor"; do d=${d%/*}; done
	echo "${b##*/}|$(cat $d/serial)|$(cat $d/manufacturer)|$(cat $d/product)|$(cat $d/speed)"
done' | sort >"$T_TMP/kernel.txt"
lab_sh 'stickler list --json' >"$T_TMP/list.json"
lab_sh 'stickler list --all --json' >"$T_TMP/all.json"
name_of() { jq -r ".devices[] | select(.serial == \"$1\") | .name" "$T_TMP/all.json"; }
na=$(name_of LAB-A-0001) nb=$(name_of LAB-B-0002) nc=$(name_of LAB-C-0003)
nst=$(name_of STATION-0000)
echo "# guest disks: a=$na b=$nb c=$nc station=$nst"

t_expect "list --json names exactly the three sticks, never the station" '
	jq -r ".devices[].serial" "$T_TMP/list.json" | sort >"$T_TMP/serials" &&
	printf "LAB-A-0001\nLAB-B-0002\nLAB-C-0003\n" | diff -u - "$T_TMP/serials" &&
	jq -e ".devices | all(.offered)" "$T_TMP/list.json"
'

t_expect "the station disk is the station rule, not an unmount offer" '
	jq -e ".devices[] | select(.serial == \"STATION-0000\") |
		.offered == false and .reason == \"the station runs from it\" and
		.partitions[0].mountpoint == \"/station\"" "$T_TMP/all.json"
'

t_expect "vendor, model, serial and speed are the guest kernel'\''s" '
	jq -r ".devices[] | \"\(.name)|\(.serial)|\(.vendor)|\(.model)|\(.speed_mbps)\"" \
		"$T_TMP/all.json" | sort >"$T_TMP/listed.txt" &&
	diff -u "$T_TMP/kernel.txt" "$T_TMP/listed.txt"
'

t_expect "two link speeds: 5 Gbit/s on xHCI, 480 Mbit/s on EHCI" '
	jq -e ".devices[] | select(.serial == \"LAB-B-0002\") | .speed_mbps == 5000" \
		"$T_TMP/list.json" &&
	jq -e ".devices[] | select(.serial == \"LAB-C-0003\") | .speed_mbps == 480" \
		"$T_TMP/list.json"
'

# QEMU's USB 3 devices say bcdUSB 2.00 (and so no SuperSpeed capability)
# when they run at high speed: nothing in the lab is a USB 3 stick on a
# USB 2 link, so no warning may appear.
t_expect "no slow-link warning where no stick claims more than its link" '
	jq -e ".devices | all(.slow_link == false and
		.max_speed_mbps == .speed_mbps)" "$T_TMP/list.json" &&
	! lab_sh "stickler list" | grep -q "warning"
'

t_expect "a raw write of a hybrid image to a, verified in the guest" '
	lab_sh "stickler write /station/hybrid-efi.iso usb:LAB-A-0001 --yes --progress=none" 600 \
		>"$T_TMP/raw.out" &&
	grep -q "verified: identical" "$T_TMP/raw.out"
'

# What the guest kernel says of a disk: "MANUFACTURER PRODUCT, serial S".
who() { awk -F"|" -v n="$1" '$1 == n { print $3 " " $4 ", serial " $2 }' "$T_TMP/kernel.txt"; }

# The plan after that write: the stick by the names the guest kernel
# has from QEMU's usb-storage, and what it holds now: the table as the
# host's sfdisk reads the stick's file (and the guest kernel's partition
# nodes count), the labels as the host's blkid finds them.
t_expect "plan names a by make and serial and says what the write left" '
	lab_sh "stickler plan /station/deep-tree.iso /dev/$na" >"$T_TMP/plan-a.txt" &&
	cat "$T_TMP/plan-a.txt" &&
	grep -qF "target: '\''/dev/$na'\'' (block device, $(who "$na"), " "$T_TMP/plan-a.txt" &&
	grep -q "serial LAB-A-0001," "$T_TMP/plan-a.txt" &&
	grep -q "untouched" "$T_TMP/plan-a.txt" &&
	sfdisk -J "$a" >"$T_TMP/a.json" &&
	jq -e ".partitiontable.label == \"dos\"" "$T_TMP/a.json" &&
	n=$(jq ".partitiontable.partitions | length" "$T_TMP/a.json") &&
	test "$n" -ge 1 &&
	test "$(lab_sh "ls -d /sys/block/$na/$na[0-9]* | wc -l")" = "$n" &&
	grep "it holds now: " "$T_TMP/plan-a.txt" >"$T_TMP/holds-a.txt" &&
	grep -q "an MBR with $n partitions: " "$T_TMP/holds-a.txt" &&
	{ blkid -p -s LABEL -o value "$a" &&
		for st in $(jq ".partitiontable.partitions[].start" "$T_TMP/a.json"); do
			blkid -p -O $((st * 512)) -s LABEL -o value "$a"; done; } |
		sort -u >"$T_TMP/labels" &&
	echo "# labels: $(tr "\n" " " <"$T_TMP/labels")" &&
	test "$(wc -l <"$T_TMP/labels")" -ge 2 &&
	while read -r l; do grep -qF "'\''$l'\''" "$T_TMP/holds-a.txt" || exit 1; done <"$T_TMP/labels"
'

t_expect "ISO mode in the wizard: the deep-tree ISO to b, verified" '
	w_to_report /station/deep-tree.iso &&
	w_keys Enter && w_wait "Choose the target" && w_wait "$nb " &&
	lab_pick "$nb" && w_wait "Write mode" && w_keys Enter &&
	w_wait "Type '\''" && w_screen >"$T_TMP/plan.screen" &&
	w_type "$nb" && w_keys Enter &&
	W_TIMEOUT=900 w_wait "verified" &&
	w_screen >"$T_TMP/iso-result.screen" &&
	grep -q "identical\|verified" "$T_TMP/iso-result.screen"
'

sed 's/^/# plan: /' "$T_TMP/plan.screen"

t_expect "the confirm screen names b by make and serial, and its zeros" '
	grep -qF "$(who "$nb")" "$T_TMP/plan.screen" &&
	grep -q "zeros" "$T_TMP/plan.screen"
'

# The files as the guest's vfat driver reads them, and as xorriso reads
# the ISO; only the files ISO mode adds or replaces may differ.
t_expect "the guest kernel mounts b's FAT32 read-only: files equal the ISO's" '
	lab_sh "for i in \$(seq 50); do test -b /dev/${nb}1 && break; sleep 0.2; done
		mkdir -p /mnt && mount -t vfat -o ro,codepage=437,iocharset=utf8 /dev/${nb}1 /mnt &&
		cd /mnt && find . -type f | sort | while read -r f; do sha256sum \"\$f\"; done
		cd / && umount /mnt" 300 >"$T_TMP/guest.sums" &&
	xorriso -osirrox on -indev "$deep" -extract / "$T_TMP/iso" >/dev/null 2>&1 &&
	(cd "$T_TMP/iso" && find . -type f | LC_ALL=C sort | while read -r f; do
		sha256sum "$f"; done) >"$T_TMP/iso.sums" &&
	test "$(wc -l <"$T_TMP/iso.sums")" -gt 100 &&
	sort "$T_TMP/guest.sums" >"$T_TMP/g" && sort "$T_TMP/iso.sums" >"$T_TMP/i" &&
	comm -3 "$T_TMP/g" "$T_TMP/i" | sed "s/^[[:space:]]*[0-9a-f]*  //" |
		sort -u >"$T_TMP/differ" &&
	echo "# differ: $(tr "\n" " " <"$T_TMP/differ")" &&
	grep -vxE "\./(syslinux\.cfg|ldlinux\.sys|ldlinux\.c32|isolinux/[a-z0-9]+\.c32|isolinux/boot\.cat)" \
		"$T_TMP/differ" >"$T_TMP/unexpected"; test ! -s "$T_TMP/unexpected"
'

# Safe to remove: e on the result screen powers b off. The guest's
# kernel lets it go (no disk, no USB device with its serial); QEMU still
# has the stick plugged in: the guest did it, not the host.
t_expect "e after the verified write: b powered off, gone from the guest" '
	w_wait "Press e to power the stick off" && w_keys e &&
	w_wait "powered off" && w_screen >"$T_TMP/eject.screen" &&
	grep "powered off" "$T_TMP/eject.screen" | sed "s/^ */# eject: /" &&
	grep -q "$nb.* is powered off: safe to remove" "$T_TMP/eject.screen" &&
	lab_wait_guest "! test -e /sys/block/$nb" 10 &&
	! lab_sh "grep -lx LAB-B-0002 /sys/bus/usb/devices/*/serial" &&
	lab_sh "grep -lx LAB-A-0001 /sys/bus/usb/devices/*/serial" &&
	! lab_sh "stickler list --all --json" | grep -q LAB-B-0002 &&
	lab_qmp "{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"info usb\"}}" >"$T_TMP/usb.json" &&
	grep -q "ID: b\b" "$T_TMP/usb.json"
'

lab_stop
t_expect "stick a (raw, hybrid) boots on the host with OVMF" '
	t_boot "$a" uefi "STK-BOOT-OK variant=plain via=grub"
'
t_expect "stick b (ISO mode) boots on the host with SeaBIOS and checks its tree" '
	t_boot "$b" bios "STK-BOOT-OK variant=hash via=isolinux"
'
t_done
