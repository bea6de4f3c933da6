# SPDX-License-Identifier: GPL-3.0-or-later
# lib-live.sh - live system fixtures and read-back helpers for the
# persistence tests. Source it after lib.sh.
#
#   iso=$(t_fakelive fake-live.iso)     tests/data/mkfakelive.sh, no root
#   iso=$(t_liveiso)                    tests/data/mklive.sh: a real Debian
#                                       live system (root, ~10 minutes once)
#   t_part_offset IMAGE N               byte offset of partition N (sfdisk)
#   t_part_size IMAGE N                 its size in bytes
#
# The live console harness (source lib-boot.sh first): QEMU runs in a tmux
# pane with the stick as a writable USB disk and the guest's serial
# console on its standard input and output, so a test can log in and type.
# The pane's output is also kept in $T_TMP/NAME.console, which is what the
# waits read (the whole boot, not only what is on the screen).
#   lv_start NAME IMAGE bios|uefi       boot IMAGE (written to, not a snapshot)
#   lv_wait NAME TEXT                   until the console shows TEXT
#   lv_type NAME LINE                   type LINE and Enter
#   lv_login NAME                       "user" / "live" at the login prompt
#   lv_off NAME                         power off from the shell, wait for
#                                       QEMU to end
# Each wait gives up after T_LIVE_TIMEOUT seconds (default 600 under TCG,
# 120 with KVM) and prints the end of the console; lv_login and lv_off say
# how long the boot and the shutdown took (on fd 3, the script's log).

PATH=$PATH:/usr/sbin:/sbin

t_fakelive()
{
	"$T_TOP/tests/data/mkfakelive.sh" "$T_FIXTURES/fakelive" "$1" >&2 ||
		t_fail "cannot build fixture '$1'"
	echo "$T_FIXTURES/fakelive/$1"
}

t_liveiso()
{
	"$T_TOP/tests/data/mklive.sh" "$T_FIXTURES/live" live.iso >&2 ||
		t_fail "cannot build the live system fixture"
	echo "$T_FIXTURES/live/live.iso"
}

# sfdisk's own reading of the table, not stickler's.
t_part_field()
{
	sfdisk -J "$1" | jq -r ".partitiontable.partitions[$(($2 - 1))].$3"
}

t_part_offset()
{
	echo $(($(t_part_field "$1" "$2" start) * 512))
}

t_part_size()
{
	echo $(($(t_part_field "$1" "$2" size) * 512))
}

lv_tmux()
{
	tmux -L "stk-$T_NAME-$$" "$@"
}

lv_limit()
{
	if test -n "${T_LIVE_TIMEOUT:-}"; then
		echo "$T_LIVE_TIMEOUT"
	elif test "$(t_boot_accel)" = kvm; then
		echo 120
	else
		echo 600
	fi
}

lv_start()
{
	fw=
	if test "$3" = uefi; then
		cp "$T_OVMF_VARS" "$T_TMP/$1.vars" || return 1
		fw="-drive if=pflash,format=raw,readonly=on,file=$T_OVMF_CODE -drive if=pflash,format=raw,file=$T_TMP/$1.vars"
	fi
	cat >"$T_TMP/$1.sh" <<-SH
	exec qemu-system-x86_64 -accel $(t_boot_accel) -M pc -m 1024 \
		-nodefaults -no-user-config -display none -vga std \
		-no-reboot -serial stdio $fw \
		-drive if=none,id=stick,format=raw,file=$2 \
		-device qemu-xhci,id=xhci \
		-device usb-storage,bus=xhci.0,drive=stick,bootindex=1
	SH
	: >"$T_TMP/$1.console"
	if ! test -f "$T_TMP/lv-server"; then
		t_on_exit "tmux -L stk-$T_NAME-$$ kill-server"
		: >"$T_TMP/lv-server"
	fi
	date +%s >"$T_TMP/$1.start"
	echo "# $1: $3, $(t_boot_accel), $(stat -c %s "$2") bytes" >&3
	lv_tmux -f /dev/null new-session -d -s "$1" -x 160 -y 50 \
		"sh '$T_TMP/$1.sh'" &&
		lv_tmux pipe-pane -t "$1" "cat >>'$T_TMP/$1.console'"
}

lv_alive()
{
	lv_tmux has-session -t "$1" 2>/dev/null
}

lv_since()
{
	echo $(($(date +%s) - $(cat "$T_TMP/$1.start")))
}

lv_wait()
{
	limit=$(lv_limit)
	i=0
	while test $i -lt "$limit"; do
		tr -d '\r' <"$T_TMP/$1.console" | grep -qF -- "$2" && return 0
		lv_alive "$1" || break
		sleep 1
		i=$((i + 1))
	done
	echo "# the console of $1 never showed '$2' (${i}s); its end:"
	tr -d '\r' <"$T_TMP/$1.console" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' |
		grep -v '^\s*$' | tail -n 25 | sed 's/^/#   | /'
	return 1
}

lv_type()
{
	lv_tmux send-keys -t "$1" -l "$2" && lv_tmux send-keys -t "$1" Enter
}

lv_login()
{
	lv_wait "$1" "login:" &&
		echo "# $1: login prompt after $(lv_since "$1") s" >&3 &&
		lv_type "$1" user && lv_wait "$1" "Password:" &&
		lv_type "$1" live && lv_wait "$1" "user@"
}

lv_off()
{
	t0=$(date +%s)
	lv_type "$1" "sudo poweroff" || return 1
	limit=$(lv_limit)
	while lv_alive "$1"; do
		if test $(($(date +%s) - t0)) -ge "$limit"; then
			echo "# $1 did not power off within ${limit}s"
			return 1
		fi
		sleep 1
	done
	echo "# $1: powered off in $(($(date +%s) - t0)) s, $(lv_since "$1") s in all" >&3
}
