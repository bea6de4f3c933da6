#!/bin/sh
# t440-boot-persistence.sh - the proof that a persistence stick remembers:
# a real Debian live system (tests/data/mklive.sh, built with live-build)
# written in ISO mode with persistence boots in QEMU, its serial console
# driven from tmux; "user"/"live" logs in, writes a file in the home
# directory and powers off; the same stick image boots again and the file
# is read back. Once with SeaBIOS, once with OVMF. Then the ISO written
# without persistence, in ISO mode and in raw mode, boots to a login.
#
# Not part of `make check` yet: the live-build fixture takes from 15
# minutes (an idle machine) to an hour (a shared one) to build the first
# time. Run it as root: B=build tests/live/t440-boot-persistence.sh
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
. "$T_TOP/tests/lib-live.sh"
t_desc "a live-boot stick with persistence keeps a file across boots"
t_need_root
t_need_boot
t_need tmux lb debootstrap mke2fs

iso=$(t_liveiso)
LIMIT=${T_LIVE_TIMEOUT:-900}

# vm_start NAME IMAGE bios|uefi: QEMU with IMAGE as a writable USB stick,
# its serial console the tmux pane of session NAME.
vm_start()
{
	fw=
	if test "$3" = uefi; then
		cp "$T_OVMF_VARS" "$T_TMP/$1.vars"
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
	t_on_exit "tmux -L stk-$T_NAME-$$ kill-server"
	tmux -L "stk-$T_NAME-$$" new-session -d -s "$1" -x 200 -y 50 \
		"sh '$T_TMP/$1.sh'; sleep 5"
}

vm_screen()
{
	tmux -L "stk-$T_NAME-$$" capture-pane -p -S -200 -t "$1" 2>/dev/null
}

vm_send()
{
	tmux -L "stk-$T_NAME-$$" send-keys -t "$1" -l "$2" &&
	tmux -L "stk-$T_NAME-$$" send-keys -t "$1" Enter
}

# vm_wait NAME TEXT: until the console shows TEXT (or LIMIT seconds).
vm_wait()
{
	i=0
	while test $i -lt "$LIMIT"; do
		vm_screen "$1" | grep -qF -- "$2" && return 0
		tmux -L "stk-$T_NAME-$$" has-session -t "$1" 2>/dev/null ||
			break
		sleep 1
		i=$((i + 1))
	done
	echo "# console of $1 never showed '$2'; its end:"
	vm_screen "$1" | tail -n 25 | sed 's/^/#   /'
	return 1
}

# vm_gone NAME: until QEMU (and the pane) is gone.
vm_gone()
{
	i=0
	while tmux -L "stk-$T_NAME-$$" has-session -t "$1" 2>/dev/null; do
		test $i -lt "$LIMIT" || return 1
		sleep 1
		i=$((i + 1))
	done
}

login()
{
	vm_wait "$1" "login:" && vm_send "$1" user &&
	vm_wait "$1" "Password:" && vm_send "$1" live &&
	vm_wait "$1" "user@"
}

# two_boots FW: write, boot, leave a file, power off; boot, read it.
two_boots()
{
	stick=$T_TMP/stick-$1.img
	word=remembered-$1-$$
	"$STICKLER" write "$iso" "$stick" --mode iso --size 2G \
		--persistence rest --yes >"$T_TMP/$1.out" 2>&1 || {
		cat "$T_TMP/$1.out"
		return 1
	}
	vm_start "$1-a" "$stick" "$1" && login "$1-a" &&
	vm_send "$1-a" "echo $word >~/note.txt; sync; cat /proc/cmdline" &&
	vm_wait "$1-a" "persistence" &&
	vm_send "$1-a" "sudo poweroff" && vm_gone "$1-a" &&
	vm_start "$1-b" "$stick" "$1" && login "$1-b" &&
	vm_send "$1-b" "echo read:\$(cat ~/note.txt)" &&
	vm_wait "$1-b" "read:$word" &&
	vm_send "$1-b" "sudo poweroff" && vm_gone "$1-b"
}

t_expect "SeaBIOS: a file written in one boot is there in the next" '
	two_boots bios
'

t_expect "OVMF: a file written in one boot is there in the next" '
	two_boots uefi
'

t_expect "without persistence, ISO mode: boots to a login" '
	"$STICKLER" write "$iso" "$T_TMP/plain.img" --mode iso --yes \
		>"$T_TMP/plain.out" 2>&1 &&
	vm_start plain "$T_TMP/plain.img" bios && vm_wait plain "login:"
'

t_expect "raw mode: boots to a login" '
	"$STICKLER" write "$iso" "$T_TMP/raw.img" --mode raw --yes \
		>"$T_TMP/raw.out" 2>&1 &&
	vm_start raw "$T_TMP/raw.img" uefi && vm_wait raw "login:"
'

t_done
