#!/bin/bash
# l101-station-hotplug.sh - the station on SeaBIOS: a stick added through
# QMP device_add shows on the wizard's target screen (with the time it
# took), a stick pulled with device_del during a write ends that run with
# "device vanished" and the state of the target, and the wizard then
# writes the same image to the next stick, which the host checks.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-lab.sh"
t_desc "hotplug and a stick pulled mid-write, in the station's wizard"
lab_need
t_need jq sfdisk zstd bc

# A long raw write for the pull: a 128 MiB disk image (an MBR, zeros),
# zstd-compressed.
truncate -s 128M "$T_TMP/long.img" &&
	echo 'start=2048, type=83' | sfdisk -q "$T_TMP/long.img" &&
	zstd -q -1 --rm "$T_TMP/long.img" -o "$T_TMP/long.img.zst" ||
	t_skip_all "cannot make the long image"
lab_fill "$T_TMP/long.img.zst"
c=$(lab_disk c 256M) && d=$(lab_disk d 300M) ||
	t_skip_all "cannot make the stick files"
lab_stick c "$c" ehci storage LAB-C-0003

t_expect "the station boots on SeaBIOS to the wizard on ttyS0" '
	lab_boot bios >&3
'
test "$T_FAILED" = 0 || t_done
nc=$(lab_sh 'stickler list --json' | jq -r '.devices[] | select(.serial == "LAB-C-0003") | .name')
w_to_report /station/long.img.zst >/dev/null

# Hotplug on the target screen: the time from the guest kernel's new disk
# (in /sys/block with its size known) to the wizard's row, and from QMP's
# device_add to the row. The guest notes its uptime when the disk is
# ready; one more round trip asks its uptime after the row showed, and
# the host's clock takes that round trip off again.
lab_sh 'rm -f /tmp/seen; n=$(cat /sys/block/sd*/size | grep -vcx 0)
	(while test "$(cat /sys/block/sd*/size | grep -vcx 0)" -le "$n"; do usleep 20000; done
	 cut -d" " -f1 /proc/uptime >/tmp/seen) &' >/dev/null
t_expect "a stick added with device_add appears on the target screen" '
	w_keys Enter && w_wait "Choose the target" &&
	t0=$(date +%s.%N) && lab_add d "$d" xhci LAB-D-0004 >/dev/null &&
	w_wait "300.0 MiB" && t1=$(date +%s.%N) &&
	up=$(lab_sh "echo \$(cut -d\" \" -f1 /proc/uptime) \$(cat /tmp/seen)") &&
	t2=$(date +%s.%N) &&
	lat=$(echo "$up $t1 $t2" | awk "{ print \$1 - \$2 - (\$4 - \$3) }") &&
	echo "# hotplug: device_add to screen $(echo "$t1 - $t0" | bc) s; disk ready in the guest to screen $lat s (round trip $(echo "$t2 - $t1" | bc) s)" >&3
'
nd=$(lab_sh 'stickler list --json' | jq -r '.devices[] | select(.serial == "LAB-D-0004") | .name')
echo "# hotplugged d=$nd"

t_expect "device_del during a write: \"device vanished\" and the state" '
	w_wait "$nd " && lab_pick "$nd" &&
	w_wait "Write mode" && w_keys Enter && w_wait "Type '\''" &&
	w_type "$nd" && w_keys Enter && w_wait "speed graph" &&
	lab_del d >/dev/null && w_wait "Result" && w_wait "The target is" &&
	w_screen >"$T_TMP/pulled.screen" && cat "$T_TMP/pulled.screen" &&
	grep -q "vanished" "$T_TMP/pulled.screen"
'
grep -E "vanished|The target is" "$T_TMP/pulled.screen" | sed 's/^ */# pulled: /'

t_expect "the wizard then writes the same image to the next stick, c" '
	w_keys Enter && w_wait "Choose the target" && w_gone "300.0 MiB" &&
	lab_pick "$nc" && w_wait "Write mode" && w_keys Enter &&
	w_wait "Type '\''" && w_type "$nc" && w_keys Enter &&
	W_TIMEOUT=900 w_wait "Result" && w_screen >"$T_TMP/c.screen" &&
	cat "$T_TMP/c.screen" && grep -q "identical" "$T_TMP/c.screen"
'

lab_stop
t_expect "c holds the image (zstd -dc on the host agrees)" '
	zstd -dc "$T_TMP/long.img.zst" | cmp -n 134217728 - "$c"
'
t_done
