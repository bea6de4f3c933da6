#!/bin/bash
# l110-station-uefi.sh - the station on OVMF, written to a stick larger
# than its image: it boots through its GRUB to the wizard, its images
# partition has grown to fill the stick at that first boot, the wizard
# reboots the machine after its confirmation (and the grown station boots
# again), then powers it off; the log on the images partition is there,
# the FAT clean and larger, every file kept, as the host's mtools and
# fsck.fat read it.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-lab.sh"
t_desc "the station on UEFI, its power-off and its log"
lab_need
t_need fsck.fat mcopy

a=$(lab_disk a 64M) || t_skip_all "cannot make the stick file"
lab_stick a "$a" xhci storage LAB-A-0001
# The station image written to a 1 GiB stick.
LAB_STATION_SIZE=1G
# A pause before usb-storage talks to a new stick, for sticks that need
# one (the station's kernel command line says none).
LAB_CONF=usb_delay=2

t_expect "the station boots on OVMF to the wizard on ttyS0" '
	lab_boot uefi >&3
'
test "$T_FAILED" = 0 || t_done

t_expect "the stick is listed, the station disk is not" '
	lab_sh "stickler list --json" | jq -r ".devices[].serial" >"$T_TMP/s" &&
	echo LAB-A-0001 | diff -u - "$T_TMP/s"
'

t_expect "station.conf'\''s usb_delay=2 is usb-storage'\''s delay_use" '
	lab_sh "cat /sys/module/usb_storage/parameters/delay_use" | grep -qx 2
'

t_expect "the log is on the images partition" '
	lab_sh "grep -c \"stickler wizard started\" /station/stickler.log"
'

t_expect "at the first boot the images partition grew to fill the stick" '
	lab_sh "dmesg | grep \"station: \"" >"$T_TMP/dmesg" && cat "$T_TMP/dmesg" &&
	grep -q "the images partition grew from [0-9.]* MiB to 1023.0 MiB, syslinux installed again" "$T_TMP/dmesg" &&
	lab_sh "cat /sys/class/block/\$(basename \$(cat /run/station-part))/size" | grep -qx 2095104
'

t_expect "F10, r, y reboots: the grown station boots to the wizard again" '
	n=$(grep -c "station: shell on ttyS1" "$L_DIR/sh.log") &&
	w_keys F10 && w_wait "r = reboot the station" && w_keys r &&
	w_wait "Reboot the station now?" && t0=$(date +%s) && w_keys y &&
	lab_wait_count "$L_DIR/sh.log" "station: shell on ttyS1" $((n + 1)) \
		"$(t_boot_timeout)" &&
	W_TIMEOUT=60 w_wait "Choose an image" &&
	echo "# lab: rebooted from the wizard to the wizard in $(($(date +%s) - t0)) s" >&3 &&
	lab_sh "dmesg | grep \"station: \"" | grep -q "already fills the disk" &&
	lab_sh "grep -c \"stickler wizard ended\" /station/stickler.log"
'

t_expect "F10 asks, Esc leaves the machine running" '
	w_keys F10 && w_wait "o = power off the station" && w_keys o &&
	w_wait "Power off the station now?" && w_keys Escape &&
	w_gone "Power off the station now?" && w_wait "Choose an image" &&
	lab_sh "echo alive" | grep -qx alive
'

t_expect "F10, o, y powers the station off" '
	w_keys F10 && w_wait "o = power off the station" && w_keys o &&
	w_wait "Power off the station now?" && w_keys y &&
	lab_wait_file "$L_DIR/qemu.exit" 0 120
'

p=$T_TMP/part.img
t_expect "the images partition is clean, grown, with its files and the log" '
	dd if="$L_DIR/station.img" of="$p" bs=1M skip=1 2>/dev/null &&
	fsck.fat -n -v "$p" >"$T_TMP/fsck" 2>&1 && cat "$T_TMP/fsck" &&
	! grep -qiE "dirty|differences|lost|wrong" "$T_TMP/fsck" &&
	grep -q "2095104 sectors total" "$T_TMP/fsck" &&
	for f in boot/vmlinuz boot/initrd.img boot/station.id EFI/BOOT/BOOTX64.EFI; do
		mtype -i "$(lab_station)@@1M" "::/$f" >"$T_TMP/f1" &&
		mtype -i "$p" "::/$f" | cmp "$T_TMP/f1" - || exit 1
	done &&
	mcopy -i "$p" ::/stickler.log "$T_TMP/log" &&
	grep -q "stickler wizard started" "$T_TMP/log" &&
	grep -q "stickler wizard ended" "$T_TMP/log"
'
t_done
