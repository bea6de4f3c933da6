#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mkisomode.sh DIR NAME - ISO-mode fixtures, built into DIR and cached
# (rebuilt when this script changes).
#
#   isomode-rich.iso    ISOLINUX (Debian's 6.04 isolinux.bin, vesamenu.c32
#                       and its libraries, an INCLUDEd menu), not hybrid;
#                       volume id longer than a FAT label and named by
#                       the kernel command line and by grub.cfg; md5sum.txt;
#                       a deep tree with long and non-ASCII names; a file
#                       symlink and Debian's "debian -> ." directory link
#   isomode-custom.iso  as plain ISOLINUX, but the menu is a custom.c32
#                       the host's syslinux does not have
#   isomode-floppy.iso  BIOS boot through a 1.44 MB floppy emulation image
set -eu
. "$(dirname "$0")/fixture-cache.sh"
tree=$work/tree
mods=/usr/lib/syslinux/modules/bios
label="Stickler Live 2026-11 amd64"
mkdir -p "$tree/isolinux" "$tree/live" "$tree/boot/grub"
cp /usr/lib/ISOLINUX/isolinux.bin "$tree/isolinux/"
cp "$mods/ldlinux.c32" "$tree/isolinux/"
t_random mkisomode:vmlinuz 300000 >"$tree/live/vmlinuz"
t_random mkisomode:initrd.gz 700000 >"$tree/live/initrd.gz"

case $name in
isomode-rich.iso)
	cp "$mods/vesamenu.c32" "$mods/libcom32.c32" "$mods/libutil.c32" \
		"$tree/isolinux/"
	cat >"$tree/isolinux/isolinux.cfg" <<-CFG
	include menu.cfg
	default vesamenu.c32
	prompt 0
	timeout 50
	CFG
	cat >"$tree/isolinux/menu.cfg" <<-CFG
	menu title Stickler test
	label live
	  menu label Live system
	  kernel /live/vmlinuz
	  append initrd=/live/initrd.gz root=live:CDLABEL=Stickler\\x20Live\\x202026-11\\x20amd64 quiet
	label hdt
	  com32 hdt.c32
	CFG
	cat >"$tree/boot/grub/grub.cfg" <<-CFG
	search --no-floppy --set=root --label '$label'
	menuentry 'Live' {
	  linux /live/vmlinuz root=live:CDLABEL=Stickler\\x20Live\\x202026-11\\x20amd64
	}
	CFG
	# a deep tree, long names, names beyond ASCII, a few sizes
	d="$tree/pool/main/a/a-package-with-a-rather-long-name-indeed"
	mkdir -p "$d/deeper/and deeper/Ünïcödé-Verzeichnis"
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		t_random "mkisomode:deb$i" $((i * 3001)) \
			>"$d/file number $i with a long name.deb"
	done
	printf 'grüße\n' >"$d/deeper/and deeper/Ünïcödé-Verzeichnis/größe.txt"
	printf 'x\n' >"$d/deeper/MiXeD.CaSe"
	: >"$tree/empty-file"
	mkdir -p "$tree/many"
	i=0
	while test $i -lt 150; do
		printf '%s\n' $i >"$tree/many/entry-with-a-long-name-$i.txt"
		i=$((i + 1))
	done
	ln -s live/vmlinuz "$tree/vmlinuz-link"
	ln -s . "$tree/debian"
	(cd "$tree" && md5sum ./boot/grub/grub.cfg ./isolinux/menu.cfg \
		./live/vmlinuz >md5sum.txt)
	;;
isomode-custom.iso)
	printf 'not really a module\n' >"$tree/isolinux/custom.c32"
	cat >"$tree/isolinux/isolinux.cfg" <<-CFG
	ui custom.c32
	label live
	  kernel /live/vmlinuz
	CFG
	;;
isomode-floppy.iso)
	mkfs.fat -C "$tree/floppy.img" 1440 >/dev/null
	xorriso -report_about SORRY -as mkisofs -R -J -V FLOPPY \
		-b floppy.img -c boot.cat -o "$out.tmp" "$tree" 2>/dev/null
	mv "$out.tmp" "$out"
	echo "$stamp" >"$out.stamp"
	exit 0
	;;
*)
	echo "mkisomode.sh: unknown fixture '$name'" >&2
	exit 1
	;;
esac
xorriso -report_about SORRY -as mkisofs -R -J -joliet-long -V "$label" \
	-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot \
	-boot-load-size 4 -boot-info-table -o "$out.tmp" "$tree" 2>/dev/null
mv "$out.tmp" "$out"
echo "$stamp" >"$out.stamp"
