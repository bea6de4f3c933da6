#!/bin/bash
# l110-station-uefi.sh - the station on OVMF: it boots through its GRUB to
# the wizard, the wizard powers the machine off after its confirmation,
# and the log on the images partition is there (and the FAT clean) for
# the next boot, as the host's mtools and fsck.fat read it.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-lab.sh"
t_desc "the station on UEFI, its power-off and its log"
lab_need
t_need fsck.fat mcopy

a=$(lab_disk a 64M) || t_skip_all "cannot make the stick file"
lab_stick a "$a" xhci storage LAB-A-0001

t_expect "the station boots on OVMF to the wizard on ttyS0" '
	lab_boot uefi >&3
'
test "$T_FAILED" = 0 || t_done

t_expect "the stick is listed, the station disk is not" '
	lab_sh "stickler list --json" | jq -r ".devices[].serial" >"$T_TMP/s" &&
	echo LAB-A-0001 | diff -u - "$T_TMP/s"
'

t_expect "the log is on the images partition" '
	lab_sh "grep -c \"stickler wizard started\" /station/stickler.log"
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
t_expect "the images partition is clean and keeps the log of that boot" '
	dd if="$L_DIR/station.img" of="$p" bs=1M skip=1 2>/dev/null &&
	fsck.fat -n "$p" >"$T_TMP/fsck" 2>&1 && cat "$T_TMP/fsck" &&
	! grep -qi "dirty" "$T_TMP/fsck" &&
	mcopy -i "$p" ::/stickler.log "$T_TMP/log" &&
	grep -q "stickler wizard started" "$T_TMP/log" &&
	grep -q "stickler wizard ended" "$T_TMP/log"
'
t_done
