#!/bin/bash
# l120-station-duplicator.sh - the wizard's duplicator mode on the station
# against a real USB stack: after the typed words, sticks hotplugged
# through QMP (one on xHCI, one on EHCI) are each written and verified by
# themselves, the stick that was there before is left alone, a stick
# unplugged after it is done loses its row, one pulled out mid-write (a
# throttled drive) fails alone while another is written, and the
# station's log names every stick (serial, vendor, model, size, what it
# held, result, time); with the capacity test on, a stick is tested and
# then written. One boot of the station.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-lab.sh"
t_desc "the duplicator mode with hotplugged sticks (SeaBIOS)"
lab_need
t_need mkfs.fat

hybrid=$(t_bootfix hybrid-efi.iso) || t_skip_all "cannot build the boot fixtures"
size=$(stat -c %s "$hybrid")
lab_fill "$hybrid"
pre=$(lab_disk pre 128M) && a=$(lab_disk a 128M) && b=$(lab_disk b 128M) &&
	c=$(lab_disk c 128M) && d=$(lab_disk d 128M) && e=$(lab_disk e 128M) ||
	t_skip_all "cannot make the stick files"
# a has a FAT file system labelled OLDDATA: the log must say so
mkfs.fat -F 32 -n OLDDATA "$a" >/dev/null || t_skip_all "cannot make a FAT"
printf 'KEEP ME' | dd of="$pre" conv=notrunc status=none
cp "$pre" "$T_TMP/pre.orig"
lab_stick pre "$pre" xhci storage LAB-P-0001

t_expect "the station boots to the wizard" '
	lab_boot bios >&3
'
test "$T_FAILED" = 0 || t_done

t_expect "the words start the mode; the stick there before is left alone" '
	w_to_report /station/hybrid-efi.iso && w_keys Enter &&
	w_wait "Choose the target" && w_keys d &&
	w_wait "Duplicator mode: write every stick" &&
	w_type "ERASE EVERY STICK I INSERT" && w_keys Enter &&
	w_wait "Duplicator: insert sticks" &&
	w_wait "there before: not written"
'

t_expect "two sticks plugged in are written and verified, each by itself" '
	lab_add a "$a" xhci LAB-A-0001 && lab_add b "$b" ehci LAB-B-0002 &&
	W_TIMEOUT=600 w_wait "2 written, 0 failed" &&
	test "$(w_screen | grep -c "MiB .*done: remove it")" = 2 &&
	cmp -n "$size" "$hybrid" "$a" && cmp -n "$size" "$hybrid" "$b" &&
	cmp "$pre" "$T_TMP/pre.orig"
'

t_expect "a done stick unplugged loses its row" '
	lab_del a && w_wait "removed: written and verified" &&
	test "$(w_screen | grep -c "MiB .*done: remove it")" = 1
'

# add_slow ID FILE SERIAL: a stick on xHCI whose writes go at 1 MiB/s
add_slow()
{
	lab_qmp "{\"execute\": \"object-add\", \"arguments\": {\"qom-type\": \"throttle-group\", \"id\": \"tg-$1\", \"limits\": {\"bps-write\": 1048576}}}" &&
	lab_qmp "{\"execute\": \"blockdev-add\", \"arguments\": {\"driver\": \"raw\", \"node-name\": \"r-$1\", \"file\": {\"driver\": \"file\", \"filename\": \"$2\"}}}" &&
	lab_qmp "{\"execute\": \"blockdev-add\", \"arguments\": {\"driver\": \"throttle\", \"node-name\": \"d-$1\", \"throttle-group\": \"tg-$1\", \"file\": \"r-$1\"}}" &&
	lab_qmp "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"usb-storage\", \"id\": \"$1\", \"bus\": \"xhci.0\", \"drive\": \"d-$1\", \"serial\": \"$3\", \"removable\": true}}"
}

t_expect "a stick pulled out mid-write fails alone; the next one is written" '
	add_slow c "$c" LAB-C-0003 &&
	i=0 && until w_screen | grep -q "MiB .*write [1-9][0-9]*%"; do
		i=$((i + 1)); test $i -lt 600 || { w_screen; false; }; sleep 0.1; done &&
	lab_add d "$d" ehci LAB-D-0004 && lab_del c &&
	W_TIMEOUT=600 w_wait "3 written, 1 failed" &&
	w_wait "removed: it failed" &&
	cmp -n "$size" "$hybrid" "$d"
'

t_expect "the mode again with the capacity test: tested, then written" '
	w_keys Escape && w_wait "Choose the target" && w_keys d &&
	w_wait "Duplicator mode: write every stick" && w_keys Tab &&
	w_wait "[x] Test each stick" &&
	w_type "ERASE EVERY STICK I INSERT" && w_keys Enter &&
	w_wait "capacity test on" &&
	lab_add e "$e" xhci LAB-E-0005 && w_wait "testing capacity" &&
	W_TIMEOUT=600 w_wait "1 written, 0 failed" &&
	cmp -n "$size" "$hybrid" "$e"
'

t_expect "Esc ends the mode; the log names each stick and what it held" '
	w_keys Escape && w_wait "Choose the target" &&
	lab_sh "cat /station/stickler.log" >"$T_TMP/log" &&
	grep "duplicator" "$T_TMP/log" | sed "s/^/# /" &&
	grep -q "duplicator: /dev/sd[a-z]* came: serial .LAB-A-0001., vendor .QEMU., model .[^,]*., 134217728 bytes; it held: sd[a-z]* 128.0 MiB vfat label .OLDDATA." "$T_TMP/log" &&
	grep -q "duplicator: stick /dev/sd[a-z]*: serial .LAB-A-0001., .* 134217728 bytes: written and verified in [0-9.]* s" "$T_TMP/log" &&
	grep -q "duplicator: stick /dev/sd[a-z]*: serial .LAB-B-0002., .*: written and verified in" "$T_TMP/log" &&
	! grep -q "LAB-P-0001.*written" "$T_TMP/log" &&
	grep -q "duplicator: stick /dev/sd[a-z]*: serial .LAB-C-0003., .* bytes: .*vanished.* in [0-9.]* s" "$T_TMP/log" &&
	! grep -q "LAB-C-0003.*: written and verified" "$T_TMP/log" &&
	grep -q "duplicator mode ended: 3 written, 1 failed" "$T_TMP/log" &&
	grep -q "duplicator: /dev/sd[a-z]*: quick test: /dev/sd[a-z]*: capacity as claimed" "$T_TMP/log" &&
	grep -q "duplicator: stick /dev/sd[a-z]*: serial .LAB-E-0005., .*: written and verified in" "$T_TMP/log" &&
	grep -q "duplicator mode ended: 1 written, 0 failed" "$T_TMP/log"
'

lab_stop
t_done
