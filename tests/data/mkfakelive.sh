#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mkfakelive.sh DIR NAME - images with a live system's layout and boot
# configs but no system (xorriso, a second each), for what can be proven
# without booting: the probe's family, the configs rewritten, the ext4
# partition read back.
#
#   fake-live.iso    live-boot's layout:
#                    ISOLINUX with an INCLUDEd live.cfg (two live entries,
#                    one with a "---" tail, and hdt), a GRUB config (two
#                    live entries, one that has "persistence" already, and
#                    a memtest one), /live/filesystem.squashfs of random
#                    bytes, md5sum.txt and sha256sum.txt over the configs
#   fake-casper.iso  the same for casper (/casper, boot=casper), with no
#                    package manifest
#   fake-casper-focal.iso   fake-casper.iso with a /casper/filesystem.manifest
#                    listing casper 1.445.3 (Ubuntu 20.04's)
#   fake-casper-bionic.iso  the same with casper 1.394 (Ubuntu 18.04's)
#   fake-nolive.iso  /live/filesystem.squashfs, but no entry says boot=live
set -eu
. "$(dirname "$0")/fixture-cache.sh"
tree=$work/tree
mods=/usr/lib/syslinux/modules/bios
case $name in
fake-live.iso) ldir=live boot=boot=live ;;
fake-nolive.iso) ldir=live boot=quiet ;;
fake-casper.iso) ldir=casper boot=boot=casper ;;
fake-casper-focal.iso) ldir=casper boot=boot=casper casper=1.445.3 ;;
fake-casper-bionic.iso) ldir=casper boot=boot=casper casper=1.394 ;;
*)
	echo "mkfakelive: no fixture named '$name'" >&2
	exit 2
	;;
esac
mkdir -p "$tree/isolinux" "$tree/$ldir" "$tree/boot/grub"
cp /usr/lib/ISOLINUX/isolinux.bin "$mods/ldlinux.c32" "$tree/isolinux/"
t_random mkfakelive:vmlinuz 200000 >"$tree/$ldir/vmlinuz"
t_random mkfakelive:initrd.img 300000 >"$tree/$ldir/initrd.img"
t_random mkfakelive:filesystem.squashfs 900000 >"$tree/$ldir/filesystem.squashfs"
if test -n "${casper:-}"; then
	printf '%s\t%s\n' adduser 3.118ubuntu2 base-files 11ubuntu5 \
		casper "$casper" casper-md5check 9 zsys 0.4.6 \
		>"$tree/$ldir/filesystem.manifest"
fi
cat >"$tree/isolinux/isolinux.cfg" <<-CFG
include live.cfg
default live
prompt 0
timeout 10
label hdt
  com32 hdt.c32
CFG
cat >"$tree/isolinux/live.cfg" <<-CFG
label live
  menu label Live system
  linux /$ldir/vmlinuz
  initrd /$ldir/initrd.img
  append $boot components quiet splash
label failsafe
  menu label Live system (fail-safe)
  linux /$ldir/vmlinuz
  APPEND initrd=/$ldir/initrd.img $boot noapic --- quiet
CFG
cat >"$tree/boot/grub/grub.cfg" <<-CFG
set default=0
menuentry "Live system" {
  linux /$ldir/vmlinuz $boot components quiet splash
  initrd /$ldir/initrd.img
}
menuentry "Live system (persistence)" {
  linux	/$ldir/vmlinuz $boot components persistence persistent
  initrd /$ldir/initrd.img
}
menuentry "Memory test" {
  linux16 /$ldir/memtest
}
CFG
(cd "$tree" && md5sum ./isolinux/isolinux.cfg ./isolinux/live.cfg \
	./boot/grub/grub.cfg ./$ldir/vmlinuz >md5sum.txt &&
	sha256sum ./isolinux/live.cfg ./boot/grub/grub.cfg \
		>sha256sum.txt)
xorriso -report_about SORRY -as mkisofs -R -J -V "FAKE_LIVE" \
	-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot \
	-boot-load-size 4 -boot-info-table -o "$out.tmp" "$tree" \
	2>/dev/null
mv "$out.tmp" "$out"
echo "$stamp" >"$out.stamp"
