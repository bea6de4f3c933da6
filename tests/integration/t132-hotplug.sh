#!/bin/sh
# t132-hotplug.sh - `stickler list --watch` sees a stick come and go in
# the fixture sysfs, by polling it about once a second.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-devices.sh"
t_desc "hotplug: a fixture stick added and removed is reported"

t_sysfs_fixture || t_skip_all "cannot build the fixture sysfs"

# wait_for PATTERN: until the watch output has PATTERN (at most 20 s, a
# guard against a hang, not a timing assertion); prints the wait in ms
wait_for()
{
	start=$(date +%s%N)
	i=0
	until grep -q "$1" "$T_TMP/watch.out"; do
		i=$((i + 1))
		test $i -lt 200 || return 1
		sleep 0.1
	done
	echo "seen after $((($(date +%s%N) - start) / 1000000)) ms"
}

: >"$T_TMP/watch.out"
# appending, so the truncations below leave no hole before new lines
"$STICKLER" list --watch --timeout 60 >>"$T_TMP/watch.out" 2>&1 &
watch_pid=$!
t_on_exit "kill $watch_pid"

t_expect "the first list is printed" '
	wait_for "^/dev/sdc "
'

t_expect "a stick plugged in shows up" '
	"$T_TOP/tests/data/mksysfs.sh" "$T_TMP/fx" add-usb sde 8:64 NEWSTICK1 &&
	wait_for "serial NEWSTICK1" &&
	grep -q "^# changed" "$T_TMP/watch.out"
'

t_expect "a stick pulled out goes away" '
	: >"$T_TMP/watch.out" &&
	"$T_TOP/tests/data/mksysfs.sh" "$T_TMP/fx" remove sde &&
	wait_for "^# changed" &&
	wait_for "^/dev/sdc " &&
	! grep -q "NEWSTICK1" "$T_TMP/watch.out"
'

t_expect "a new mount counts as a change" '
	: >"$T_TMP/watch.out" &&
	echo "60 22 8:32 / /mnt rw - ext4 /dev/sdc rw" >>"$STICKLER_MOUNTINFO" &&
	wait_for "^# changed"
'

t_done
