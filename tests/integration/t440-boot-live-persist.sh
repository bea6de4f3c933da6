#!/bin/sh
# t440-boot-live-persist.sh - the proof that a persistence stick remembers,
# on SeaBIOS with an MBR stick (t442: OVMF, GPT). A real Debian live system
# (tests/data/mklive.sh, built with live-build the first time, cached under
# build/ after) written in ISO mode with --persistence boots in QEMU with
# its serial console driven from tmux; "user"/"live" logs in, sees
# live-boot's persistence mount, writes a file in the home directory and
# powers off. e2fsck and debugfs find the file on the ext4 partition, and
# a second boot of the same stick image reads it back.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
. "$T_TOP/tests/lib-live.sh"
t_desc "SeaBIOS, MBR: a live-boot stick with persistence keeps a file"
t_need_root
t_need_boot
t_need tmux lb debootstrap mksquashfs mke2fs e2fsck debugfs sfdisk jq

t_expect "write the live ISO in ISO mode, MBR, --persistence rest" '
	lv_persist_write bios mbr
'

t_expect "first boot: log in, persistence mounted, a file written, power off" '
	lv_persist_first bios
'

t_expect "e2fsck and debugfs find the file in the partition" '
	lv_persist_host bios
'

t_expect "second boot: the file is read back" '
	lv_persist_second bios
'

t_done
