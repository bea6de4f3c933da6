#!/bin/sh
# t441-boot-live-plain.sh - the real Debian live system of t440 (the
# first real distribution image in the suite) written without
# persistence boots to a login: in ISO mode on SeaBIOS, and written byte
# for byte (raw mode, the isohybrid image as Debian's tools made it) on
# OVMF. The login prompt on the serial console is the marker; nothing is
# typed.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
. "$T_TOP/tests/lib-live.sh"
t_desc "the live system written without persistence boots to a login"
t_need_root
t_need_boot
t_need tmux lb debootstrap mksquashfs

iso=$(t_liveiso)

# boots NAME FW MODE: write the ISO in MODE, boot it to the login prompt
boots()
{
	"$STICKLER" write "$iso" "$T_TMP/$1.img" --mode "$3" --yes \
		>"$T_TMP/$1.out" 2>&1 || {
		sed 's/^/#   /' "$T_TMP/$1.out"
		return 1
	}
	lv_start "$1" "$T_TMP/$1.img" "$2" && lv_wait "$1" "login:" &&
		echo "# $1: login prompt after $(lv_since "$1") s" >&3
}

t_expect "ISO mode, no persistence, SeaBIOS: boots to a login" '
	boots iso bios iso
'

t_expect "raw mode, OVMF: boots to a login" '
	boots raw uefi raw
'

t_done
