#!/bin/sh
# t442-boot-live-persist-efi.sh - t440 on OVMF with a GPT stick: the live
# ISO written in ISO mode with --persistence boots through EFI/BOOT's
# GRUB, "user"/"live" logs in, sees live-boot's persistence mount, writes
# a file in the home directory and powers off; e2fsck and debugfs find
# the file on the ext4 partition, and a second boot reads it back.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
. "$T_TOP/tests/lib-live.sh"
t_desc "OVMF, GPT: a live-boot stick with persistence keeps a file"
t_need_root
t_need_boot
t_need tmux lb debootstrap mksquashfs mke2fs e2fsck debugfs sfdisk jq

t_expect "write the live ISO in ISO mode, GPT, --persistence rest" '
	lv_persist_write uefi gpt
'

t_expect "first boot: log in, persistence mounted, a file written, power off" '
	lv_persist_first uefi
'

t_expect "e2fsck and debugfs find the file in the partition" '
	lv_persist_host uefi
'

t_expect "second boot: the file is read back" '
	lv_persist_second uefi
'

t_done
