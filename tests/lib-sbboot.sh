# SPDX-License-Identifier: GPL-3.0-or-later
# lib-sbboot.sh - booting with Secure Boot on: OVMF's Secure Boot build
# with Microsoft's keys enrolled (Debian's ovmf: OVMF_CODE_4M.ms.fd and a
# copy of OVMF_VARS_4M.ms.fd), which needs q35 with SMM and the secure
# pflash. Source after lib-boot.sh and lib-sb.sh.

T_OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.ms.fd
T_OVMF_VARS=/usr/share/OVMF/OVMF_VARS_4M.ms.fd
T_QEMU_MACHINE=q35,smm=on
T_QEMU_ARGS="-global driver=cfi.pflash01,property=secure,value=on"

# sb_boot_iso NAME: the ISO fixture NAME of mksbfix.sh carrying the boot
# tier's Debian kernel and marker initramfs.
sb_boot_iso()
{
	k=$T_TMP/kernel
	mkdir -p "$k" && cp "$(t_bootfix vmlinuz)" "$k/vmlinuz" &&
		cp "$(t_bootfix initrd-plain.img)" "$k/initrd.img" &&
		SB_KERNEL_DIR=$k sb_fix "$1"
}

# sb_stick_loader STICK PATH OUT: a file of the ISO-mode stick's FAT
# (partition at 1 MiB), read with mtools.
sb_stick_file()
{
	mcopy -n -i "$1@@1M" "::$2" "$3"
}
