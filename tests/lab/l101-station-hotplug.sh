#!/bin/bash
# l101-station-hotplug.sh - the station on SeaBIOS, one boot for what the
# fixtures cannot show: a stick added with QMP device_add appears on the
# wizard's target screen (the latency measured from the host and from the
# guest kernel's new disk); a stick pulled with device_del during the
# wizard's write ends that run with "device vanished" and what the
# target holds, and the wizard then writes the next stick; three sticks
# written at once from the command line with one pulled mid-write, the
# others verified and the pulled one named; a CD-ROM drive read through
# /dev/sr0 into an image the host compares with the ISO.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-lab.sh"
t_desc "hotplug, sticks pulled mid-write, three at once, a CD read (SeaBIOS)"
lab_need
t_need jq sfdisk zstd xorriso mtype

MiB=1048576
# The image: an MBR disk of 96 MiB, random at both ends and zeros between
# (sticks start as 0xff, so the zeros must be written too), zstd.
long=$T_TMP/long.img
{ head -c $((2 * MiB)) /dev/urandom; head -c $((92 * MiB)) /dev/zero;
	head -c $((2 * MiB)) /dev/urandom; } >"$long" &&
	echo 'start=2048, type=83' | sfdisk -q "$long" &&
	zstd -q -3 "$long" -o "$long.zst" || t_skip_all "cannot make the image"
cd_iso=$(t_bootfix hybrid-efi.iso) || t_skip_all "cannot build the CD fixture"
lab_fill "$long.zst"
ff()
{
	tr '\0' '\377' </dev/zero | head -c "$2" >"$T_TMP/$1.img" &&
		echo "$T_TMP/$1.img"
}
c=$(ff c 128M) && d=$(ff d 200M) && e=$(ff e 100M) && f=$(ff f 100M) &&
	g=$(ff g 100M) || t_skip_all "cannot make the stick files"
lab_stick c "$c" ehci storage LAB-C-0003
lab_stick e "$e" xhci storage LAB-E-0005
lab_stick f "$f" xhci storage LAB-F-0006
lab_stick g "$g" xhci storage LAB-G-0007 16000000
lab_cd cd "$cd_iso" xhci LAB-CD-0008
# A USB 2 stick behind QEMU's USB 1.1 hub: the slow link.
h=$(lab_disk h 128M) || t_skip_all "cannot make the stick file"
lab_stick h "$h" hub storage LAB-H-0009
LAB_STATION_SIZE=512M

t_expect "the station boots on SeaBIOS to the wizard on ttyS0" '
	lab_boot bios >&3
'
test "$T_FAILED" = 0 || t_done
lab_sh 'stickler list --all --json' >"$T_TMP/all.json"
name_of() { jq -r ".devices[] | select(.serial == \"$1\") | .name" "$T_TMP/all.json"; }
nc=$(name_of LAB-C-0003) ne=$(name_of LAB-E-0005) nf=$(name_of LAB-F-0006)
ng=$(name_of LAB-G-0007) nh=$(name_of LAB-H-0009)
echo "# guest disks: c=$nc e=$ne f=$nf g=$ng h=$nh"

t_expect "a USB 2 stick on the USB 1.1 hub gets the slow-link warning, no other" '
	jq -e ".devices[] | select(.serial == \"LAB-H-0009\") |
		.slow_link and .speed_mbps == 12 and .max_speed_mbps == 480" "$T_TMP/all.json" &&
	jq -e "[.devices[] | select(.slow_link)] | length == 1" "$T_TMP/all.json" &&
	lab_sh "stickler list" >"$T_TMP/list.txt" &&
	grep "warning" "$T_TMP/list.txt" &&
	test "$(grep -c "warning" "$T_TMP/list.txt")" = 1 &&
	grep -q "warning: a 480 Mbit/s device on a 12 Mbit/s (USB 1.1) link" "$T_TMP/list.txt"
'

t_expect "the CD-ROM drive read through /dev/sr0: the host's cmp agrees" '
	lab_sh "stickler read /dev/sr0 /station/cd.iso" 300 >"$T_TMP/read.out";
	cat "$T_TMP/read.out" && grep -q "verified" "$T_TMP/read.out"
'

t_expect "three sticks at once, g pulled mid-write: e and f verified, g named" '
	lab_sh "( (stickler write /station/long.img.zst usb:LAB-E-0005 usb:LAB-F-0006 usb:LAB-G-0007 --yes --progress=json >/tmp/dup.out 2>/tmp/dup.err; echo \$? >/tmp/dup.rc) & )" &&
	lab_wait_guest "grep -q \"\\\"phase\\\":\\\"write\\\"\" /tmp/dup.out" 120 &&
	lab_del g >/dev/null &&
	lab_wait_guest "test -s /tmp/dup.rc" 600 &&
	lab_sh "cat /tmp/dup.err; echo rc=\$(cat /tmp/dup.rc)" >"$T_TMP/dup.txt" &&
	lab_sh "grep \\\"phase\\\":\\\"result\\\" /tmp/dup.out" >"$T_TMP/dup.json" &&
	cat "$T_TMP/dup.txt" "$T_TMP/dup.json" &&
	grep -qx "rc=1" "$T_TMP/dup.txt" &&
	grep -q "^2 of 3 sticks written and verified; /dev/$ng failed: vanished" "$T_TMP/dup.txt" &&
	test "$(jq -r "select(.ok) | .target" "$T_TMP/dup.json" | sort | tr "\n" " ")" = \
		"$(printf "/dev/%s\n" "$ne" "$nf" | sort | tr "\n" " ")"
'

w_to_report /station/long.img.zst >/dev/null
# Hotplug on the target screen: the row is there within 2 s of
# device_add, measured on the host from the command sent to the row on
# the screen (read every 0.1 s). The guest notes its uptime when the new
# disk has its size; one round trip after the row showed asks the
# guest's uptime again, and the host's clock takes that round trip off:
# what is left is the wizard's own part.
t_expect "usb-storage starts a new stick at once (delay_use 0)" '
	lab_sh "cat /sys/module/usb_storage/parameters/delay_use" | grep -qx 0
'
lab_sh 'n=$(cat /sys/block/sd*/size | grep -vcx 0)
	( (while test "$(cat /sys/block/sd*/size | grep -vcx 0)" -le "$n"; do usleep 20000; done
	 read u x </proc/uptime; echo $u >/tmp/seen) >/dev/null 2>&1 & )' >/dev/null
t_expect "a stick added with device_add is on the target screen within 2 s" '
	w_keys Enter && w_wait "Choose the target" &&
	lab_drive d "$d" 16000000 >"$T_TMP/add.out" &&
	t0=$(date +%s.%N) &&
	{ lab_plug d xhci LAB-D-0004 >>"$T_TMP/add.out" ||
		{ cat "$T_TMP/add.out"; false; }; } &&
	{ W_TIMEOUT=30 w_wait "200.0 MiB" >"$T_TMP/wait.out" ||
		{ cat "$T_TMP/wait.out"; false; }; } &&
	t1=$(date +%s.%N) && w_screen >"$T_TMP/target.screen" &&
	up=$(lab_sh "read u x </proc/uptime; echo \$u \$(cat /tmp/seen)") &&
	t2=$(date +%s.%N) && echo "# up=$up t0=$t0 t1=$t1 t2=$t2" &&
	dt=$(echo "$t0 $t1" | awk "{ printf \"%.2f\", \$2 - \$1 }") &&
	echo "# hotplug: device_add to row $dt s; disk sized in the guest to row $(echo "$up $t1 $t2" | awk "{ printf \"%.2f\", \$1 - \$2 - (\$4 - \$3) }") s (load $(cut -d" " -f1-3 /proc/loadavg))" >&3 &&
	echo "$dt" | awk "{ exit !(\$1 < 2) }"
'
lab_sh 'dmesg | tail -n 25' | sed 's/^/# dmesg: /'
t_expect "the target screen notes the slow stick" '
	cat "$T_TMP/target.screen" &&
	grep "$nh .*slow: USB 2 on USB 1.1" "$T_TMP/target.screen"
'
nd=$(lab_sh 'stickler list --json' | jq -r '.devices[] | select(.serial == "LAB-D-0004") | .name')
echo "# hotplugged d=$nd"

t_expect "device_del during the wizard's write: \"device vanished\" and the state" '
	w_wait "$nd " && lab_pick "$nd" &&
	w_wait "Write mode" && w_keys Enter && w_wait "Type '\''" &&
	w_type "$nd" && w_keys Enter && w_wait "speed graph" &&
	lab_wait_screen "[1-9][0-9.]* MiB of 96.0 MiB" 60 &&
	lab_del d >/dev/null && W_TIMEOUT=120 w_wait "Enter write another target" &&
	w_screen >"$T_TMP/pulled.screen" && cat "$T_TMP/pulled.screen" &&
	grep -q "vanished" "$T_TMP/pulled.screen"
'
grep -iE "vanished|target|holds" "$T_TMP/pulled.screen" | sed 's/^ */# pulled: /'

t_expect "the wizard then writes the same image to the next stick, c" '
	w_keys Enter && w_wait "Choose the target" && w_gone "200.0 MiB" &&
	lab_pick "$nc" && w_wait "Write mode" && w_keys Enter &&
	w_wait "Type '\''" && w_type "$nc" && w_keys Enter &&
	W_TIMEOUT=900 w_wait "Enter write another target" && w_screen >"$T_TMP/c.screen" &&
	cat "$T_TMP/c.screen" && grep -q "identical" "$T_TMP/c.screen"
'

lab_stop
t_expect "on the host: c, e and f hold the image, g does not" '
	for s in "$c" "$e" "$f"; do cmp -n $((96 * MiB)) "$long" "$s" || exit 1; done &&
	! cmp -s -n $((96 * MiB)) "$long" "$g"
'
t_expect "on the host: the image read from /dev/sr0 is the ISO (cmp)" '
	mcopy -i "$L_DIR/station.img@@1M" ::/cd.iso "$T_TMP/cd.iso" &&
	cmp "$cd_iso" "$T_TMP/cd.iso"
'
t_done
