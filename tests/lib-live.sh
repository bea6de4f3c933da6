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
#
# The two-boot persistence proof, one step each (t440, t442):
#   lv_persist_write FW SCHEME    the live ISO to a 1 GiB file target in ISO
#                                 mode, --persistence rest
#   lv_persist_first FW           boot, log in, see live-boot's persistence
#                                 mount, write ~/note.txt, power off
#   lv_persist_host FW            e2fsck (on a copy: it may replay the
#                                 journal) and debugfs find the file in
#                                 live-boot's rw/ directory
#   lv_persist_second FW          boot again, read the file back
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

lv_persist_write()
{
	"$STICKLER" write "$(t_liveiso)" "$T_TMP/stick-$1.img" --mode iso \
		--scheme "$2" --size 1G --persistence rest --yes \
		>"$T_TMP/$1.out" 2>&1 || {
		sed 's/^/#   /' "$T_TMP/$1.out"
		return 1
	}
}

lv_word()
{
	echo "remembered-$1-$$"
}

lv_persist_first()
{
	lv_start "$1-a" "$T_TMP/stick-$1.img" "$1" && lv_login "$1-a" &&
		lv_type "$1-a" "echo pers:\$(ls /run/live/persistence/)" &&
		lv_wait "$1-a" "pers:sd" &&
		lv_type "$1-a" "echo $(lv_word "$1") >~/note.txt; sync" &&
		lv_off "$1-a"
}

lv_persist_host()
{
	s=$T_TMP/stick-$1.img
	x=$T_TMP/$1.ext4
	# in bytes: a GPT partition need not end on a MiB
	dd if="$s" of="$x" bs=1M iflag=skip_bytes,count_bytes conv=sparse \
		status=none skip="$(t_part_offset "$s" 2)" \
		count="$(t_part_size "$s" 2)" || return 1
	e2fsck -fy "$x" >"$T_TMP/$1.fsck" 2>&1
	rc=$?
	r=
	grep -q "recovering journal" "$T_TMP/$1.fsck" && r=", journal replayed"
	echo "# $1: e2fsck -fy on a copy of the partition: exit $rc$r" >&3
	test "$rc" -le 1 || {
		sed 's/^/#   /' "$T_TMP/$1.fsck"
		return 1
	}
	got=$(debugfs -R "cat /rw/home/user/note.txt" "$x" 2>/dev/null)
	rm -f "$x"
	test "$got" = "$(lv_word "$1")" || {
		echo "# debugfs read '$got' from /rw/home/user/note.txt"
		return 1
	}
}

lv_persist_second()
{
	lv_start "$1-b" "$T_TMP/stick-$1.img" "$1" && lv_login "$1-b" &&
		lv_type "$1-b" "echo read:\$(cat ~/note.txt)" &&
		lv_wait "$1-b" "read:$(lv_word "$1")" &&
		lv_off "$1-b"
}
