#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mksysfs.sh - build a fixture shaped like /sys plus a mountinfo and a
# swaps file, for STICKLER_SYSFS, STICKLER_MOUNTINFO and STICKLER_SWAPS.
#
#   tests/data/mksysfs.sh DIR      makes DIR/sys, DIR/mountinfo, DIR/swaps
#   tests/data/mksysfs.sh DIR add-usb NAME MAJ:MIN SERIAL [PORT]
#                                  plugs one more USB stick in (hotplug),
#                                  on port PORT of bus 3 (default 7; each
#                                  stick at once needs a port of its own)
#   tests/data/mksysfs.sh DIR remove NAME
#
# The machine it describes:
#   sda        SATA SSD: / on sda2, /boot/efi on sda1, swap on sda3
#   sdb        USB 3 stick on an xHCI SuperSpeed port, sdb1 mounted under
#              /media (a stick a desktop auto-mounted)
#   sdc        USB 3 stick on a USB 2 link (480 Mbit/s), nothing mounted
#   sdd        second SATA disk whose only partition is active swap
#   mmcblk0    SD card on an MMC host, write-protect switch on
#   nvme0n1    NVMe disk; nvme0n1p1 is held by dm-0
#   dm-0       dm-crypt mapping on nvme0n1p1, mounted on /home
#   loop0      loop device backed by /var/tmp/disk.img
#   loop1      an unused loop device (size 0: not listed)
set -eu
top=$1
sys=$top/sys
PCI=devices/pci0000:00

# disk DIR NAME MAJ:MIN SECTORS REMOVABLE RO: a whole disk at $sys/DIR
disk()
{
	d=$sys/$1
	mkdir -p "$d/queue" "$d/holders" "$d/slaves" "$sys/block" \
		"$sys/class/block" "$sys/dev/block"
	echo "$3" >"$d/dev"
	echo "$4" >"$d/size"
	echo "$5" >"$d/removable"
	echo "$6" >"$d/ro"
	echo 512 >"$d/queue/logical_block_size"
	ln -sfn "../$1" "$sys/block/$2"
	ln -sfn "../../$1" "$sys/class/block/$2"
	ln -sfn "../../$1" "$sys/dev/block/$3"
}

# part DISKDIR NAME N MAJ:MIN SECTORS: a partition inside a disk's dir
part()
{
	d=$sys/$1/$2
	mkdir -p "$d/holders"
	echo "$3" >"$d/partition"
	echo "$4" >"$d/dev"
	echo "$5" >"$d/size"
	ln -sfn "../../$1/$2" "$sys/class/block/$2"
	ln -sfn "../../$1/$2" "$sys/dev/block/$4"
}

# usbdev DIR BUS DEV SPEED VERSION MANUFACTURER PRODUCT SERIAL
usbdev()
{
	d=$sys/$1
	mkdir -p "$d"
	echo "$2" >"$d/busnum"
	echo "$3" >"$d/devnum"
	echo "$4" >"$d/speed"
	echo "$5" >"$d/version"
	echo "$6" >"$d/manufacturer"
	echo "$7" >"$d/product"
	echo "$8" >"$d/serial"
}

# scsi DIR VENDOR MODEL: the SCSI device a disk's "device" link names
scsi()
{
	mkdir -p "$sys/$1"
	printf '%-8s\n' "$2" >"$sys/$1/vendor"
	printf '%-16s\n' "$3" >"$sys/$1/model"
}

# stick NAME MAJ:MIN BUS PORT SPEED VERSION SERIAL: a USB stick
stick()
{
	host=$PCI/0000:00:14.0/usb$3/$3-$4
	scsidir=$host/$3-$4:1.0/host$3$4/target$3$4:0:0/$3$4:0:0:0
	usbdev "$host" "$3" "$4" "$5" "$6" SanDisk "Ultra USB 3.0" "$7"
	scsi "$scsidir" SanDisk "Ultra"
	disk "$scsidir/block/$1" "$1" "$2" 60063744 1 0
	ln -sfn ../.. "$sys/$scsidir/block/$1/device"
}

case ${2:-} in
add-usb)
	stick "$3" "$4" 3 "${6:-7}" 5000 " 3.20" "$5"
	exit 0
	;;
remove)
	rm -f "$sys/block/$3"
	exit 0
	;;
esac

rm -rf "$sys"
mkdir -p "$sys"

# sda: SATA SSD, the running system
ata=$PCI/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0
scsi "$ata" ATA "Samsung SSD 860"
printf '\000\200\000\017S3Z9NB0K123456A' >"$sys/$ata/vpd_pg80"
disk "$ata/block/sda" sda 8:0 976773168 0 0
ln -sfn ../.. "$sys/$ata/block/sda/device"
part "$ata/block/sda" sda1 1 8:1 1048576
part "$ata/block/sda" sda2 2 8:2 958398464
part "$ata/block/sda" sda3 3 8:3 16777216

# sdb: USB 3 stick on a SuperSpeed port, one partition auto-mounted
stick sdb 8:16 2 1 5000 " 3.20" 4C530001230101118214
part "$PCI/0000:00:14.0/usb2/2-1/2-1:1.0/host21/target21:0:0/21:0:0:0/block/sdb" \
	sdb1 1 8:17 60061696

# sdc: USB 3 stick that got a USB 2 link
stick sdc 8:32 1 4 480 " 3.00" 4C530009876543210987

# sdd: second SATA disk, all swap
ata2=$PCI/0000:00:17.0/ata2/host1/target1:0:0/1:0:0:0
scsi "$ata2" ATA "WDC WD10EZEX-08W"
disk "$ata2/block/sdd" sdd 8:48 1953525168 0 0
ln -sfn ../.. "$sys/$ata2/block/sdd/device"
part "$ata2/block/sdd" sdd1 1 8:49 1953523120

# mmcblk0: SD card with its write-protect switch on
card=$PCI/0000:00:1e.6/mmc_host/mmc0/mmc0:aaaa
mkdir -p "$sys/$card"
echo SD >"$sys/$card/type"
echo SD32G >"$sys/$card/name"
echo 0x9f3a2c11 >"$sys/$card/serial"
disk "$card/block/mmcblk0" mmcblk0 179:0 62333952 0 1
ln -sfn ../.. "$sys/$card/block/mmcblk0/device"
part "$card/block/mmcblk0" mmcblk0p1 1 179:1 62325760

# nvme0n1 with a dm-crypt mapping on its only partition
ctl=$PCI/0000:00:1d.0/0000:3d:00.0/nvme/nvme0
mkdir -p "$sys/$ctl"
echo "WD_BLACK SN770 1TB" >"$sys/$ctl/model"
echo "22165K800123" >"$sys/$ctl/serial"
disk "$ctl/nvme0n1" nvme0n1 259:0 1953525168 0 0
ln -sfn .. "$sys/$ctl/nvme0n1/device"
part "$ctl/nvme0n1" nvme0n1p1 1 259:1 1953521664
disk devices/virtual/block/dm-0 dm-0 254:0 1953488896 0 0
mkdir -p "$sys/devices/virtual/block/dm-0/dm"
echo cryptdata >"$sys/devices/virtual/block/dm-0/dm/name"
ln -sfn "../../../../$ctl/nvme0n1/nvme0n1p1" \
	"$sys/devices/virtual/block/dm-0/slaves/nvme0n1p1"
ln -sfn "../../../../../../../../devices/virtual/block/dm-0" \
	"$sys/$ctl/nvme0n1/nvme0n1p1/holders/dm-0"

# loop0 backed by a file; loop1 attached to nothing
disk devices/virtual/block/loop0 loop0 7:0 2097152 0 0
mkdir -p "$sys/devices/virtual/block/loop0/loop"
echo /var/tmp/disk.img >"$sys/devices/virtual/block/loop0/loop/backing_file"
disk devices/virtual/block/loop1 loop1 7:1 0 0 0

# proc(5) mountinfo: id parent major:minor root mountpoint options
# [optional fields] - fstype source super-options
cat >"$top/mountinfo" <<'MOUNTS'
22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw,errors=remount-ro
23 22 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw
24 22 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:3 - proc proc rw
25 22 8:1 / /boot/efi rw,relatime shared:4 - vfat /dev/sda1 rw,fmask=0077
26 22 254:0 / /home rw,relatime shared:5 - ext4 /dev/mapper/cryptdata rw
31 22 8:17 / /media/user/MY\040STICK rw,nosuid,nodev,relatime shared:9 - vfat /dev/sdb1 rw,uid=1000
MOUNTS

cat >"$top/swaps" <<'SWAPS'
Filename				Type		Size		Used		Priority
/dev/sda3                               partition	8388604		0		-2
/dev/sdd1                               partition	976761556	0		-3
SWAPS
