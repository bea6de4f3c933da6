#!/bin/sh
# t254-write-identity.sh - a target that changes between the plan and the
# typed confirmation is refused: the run compares dev_t, size and serial
# with what the plan saw. The loop device grows while stickler waits for
# the device name (a terminal from script(1)).
. "$(dirname "$0")/../lib.sh"
t_desc "identity re-check: a disk that changed after planning is refused"
t_need_root
t_need losetup script truncate

img=$T_TMP/random.img
t_random t254-write-identity:img 1M >"$img"
disk=$(t_tmpfile disk.img 8M)
loop=$(t_loop_attach "$disk") || t_skip_all "cannot attach a loop device"
name=$(basename "$loop")
mkfifo "$T_TMP/in"

script -qfec "'$STICKLER' write '$img' '$loop' --mode raw --any-device" \
	/dev/null <"$T_TMP/in" >"$T_TMP/out" 2>&1 &
pid=$!
t_on_exit "kill $pid"
exec 3>"$T_TMP/in"

t_expect "stickler plans, then asks for the device name" '
	i=0
	until grep -q "type .$name. to write" "$T_TMP/out"; do
		i=$((i + 1))
		test $i -lt 300 || exit 1
		sleep 0.1
	done
'

# the answer comes after the disk grew (wait needs this shell: script is
# its child, not t_expect's subshell's)
truncate -s 16M "$disk" && losetup -c "$loop"
echo "$name" >&3
exec 3>&-
wait $pid
rc=$?

t_expect "the disk grew before the answer: refused, untouched" '
	test $rc != 0 &&
	grep -q "changed since it was chosen (16777216 bytes, was 8388608)" \
		"$T_TMP/out" &&
	cmp -s -n 1048576 "$disk" /dev/zero
'

t_done
