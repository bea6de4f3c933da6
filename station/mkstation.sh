#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mkstation.sh - build the station image: a disk that boots (BIOS through
# syslinux, UEFI through GRUB) into the stickler wizard, with its images
# partition (FAT32, label STICKLER) as the wizard's library.
#
#   station/mkstation.sh STICKLER OUTDIR     (normally `make station`)
#
# Everything comes from Debian packages: the kernel and its modules
# (linux-image-amd64's dependency, fetched with apt-get download and
# unpacked with dpkg-deb), busybox-static as init and shell, stickler with
# the shared libraries ldd names, syslinux (ISO mode reads its boot
# sector and ldlinux.sys out of /usr/bin/syslinux; it never runs it),
# terminfo and the C.UTF-8 locale, GRUB's EFI image (grub-mkstandalone).
# The whole system is one initramfs; the disk is made by stickler itself:
# an ISO (xorriso) of the kernel, the initramfs, ISOLINUX and EFI/BOOT,
# written in ISO mode to an image file, so stickler's own partitioning,
# FAT32 builder, syslinux install and EFI handling make the station.
#
# OUTDIR/stickler-station.img is rebuilt only when its key changes: the
# package versions, the files of station/ and the stickler binary.
# Downloaded packages stay in OUTDIR/debs.
set -eu

test $# = 2 || {
	echo "usage: $0 STICKLER OUTDIR" >&2
	exit 2
}
stickler=$(realpath "$1")
out=$(mkdir -p "$2" && realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
debs=$out/debs
img=$out/stickler-station.img
# Room left on the images partition for the images themselves.
FREE_MIB=${STATION_FREE_MIB:-96}
PATH=$PATH:/usr/sbin:/sbin

say()
{
	echo "mkstation: $*" >&2
}

kpkg=$(apt-cache depends linux-image-amd64 |
	sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n 1)
test -n "$kpkg" || {
	say "cannot tell which kernel linux-image-amd64 depends on"
	exit 1
}
kver=$(apt-cache show --no-all-versions "$kpkg" | sed -n 's/^Version: //p' |
	head -n 1)
host_pkgs="busybox-static syslinux syslinux-common isolinux
ncurses-base libc-bin grub-efi-amd64-bin xorriso"
key=$({
	echo "$kpkg $kver"
	dpkg-query -W -f '${Package} ${Version}\n' $host_pkgs
	cat "$here"/*
	sha256sum <"$stickler"
} | sha256sum | cut -c1-16)

exec 9>"$out/.lock"
flock 9
if test -f "$img" && test "$(cat "$out/key" 2>/dev/null)" = "$key"; then
	say "up to date: $img"
	echo "$img"
	exit 0
fi
work=$out/work
rm -rf "$work"
mkdir -p "$work" "$debs"

# The kernel package, kept across builds (keyed by its version).
deb=$debs/${kpkg}_$(echo "$kver" | sed 's/:/%3a/')_amd64.deb
if ! test -f "$deb"; then
	say "downloading $kpkg $kver"
	rm -f "$debs/${kpkg}"_*.deb
	(cd "$debs" && apt-get download -q "$kpkg=$kver" >&2)
fi
test -f "$deb" || deb=$(ls "$debs/${kpkg}"_*.deb | head -n 1)
# The kernel and the modules the station loads (with what they depend on,
# as modprobe resolves them), unpacked once per kernel and module list.
kdir=$out/kernel-$kver-$(sha256sum <"$here/modules" | cut -c1-8)
if ! test -d "$kdir"; then
	say "unpacking $(basename "$deb")"
	rm -rf "$kdir.tmp" "$out"/kernel-*
	dpkg-deb -x "$deb" "$work/kernel"
	mods=$(echo "$work"/kernel/lib/modules/*)
	uname_r=$(basename "$mods")
	depmod -b "$work/kernel" "$uname_r"
	mkdir -p "$kdir.tmp/lib/modules/$uname_r"
	cp "$work"/kernel/boot/vmlinuz-* "$kdir.tmp/vmlinuz"
	for m in $(cat "$here/modules"); do
		modprobe -d "$work/kernel" -S "$uname_r" --show-depends "$m" || {
			say "no module $m in $kpkg"
			exit 1
		}
	done | sed -n 's/^insmod \([^ ]*\).*/\1/p' | sort -u | while read -r ko; do
		rel=${ko#"$work/kernel"}
		mkdir -p "$kdir.tmp$(dirname "$rel")"
		cp "$ko" "$kdir.tmp$rel"
	done
	cp "$mods"/modules.order "$mods"/modules.builtin* \
		"$kdir.tmp/lib/modules/$uname_r/"
	rm -rf "$work/kernel"
	mv "$kdir.tmp" "$kdir"
fi
uname_r=$(basename "$kdir"/lib/modules/*)

# The root file system: busybox, the station's scripts, stickler and what
# it runs and loads.
r=$work/root
mkdir -p "$r/bin" "$r/usr/bin" "$r/etc/station" "$r/proc" "$r/sys" \
	"$r/dev" "$r/run" "$r/tmp" "$r/station" "$r/root" \
	"$r/usr/lib/syslinux" "$r/usr/share/terminfo" "$r/usr/lib/locale"
cp /bin/busybox "$r/bin/busybox"
for a in $(/bin/busybox --list); do
	test "$a" = busybox || ln -s busybox "$r/bin/$a"
done
ln -s bin/busybox "$r/init"
ln -s bin "$r/sbin"
cp "$here/inittab" "$r/etc/inittab"
cp "$here/stickler.conf" "$r/etc/stickler.conf"
for f in rcS wizard shell down modules; do
	cp "$here/$f" "$r/etc/station/$f"
done
chmod 755 "$r/etc/station/rcS" "$r/etc/station/wizard" \
	"$r/etc/station/shell" "$r/etc/station/down"
echo "$key" >"$r/etc/station/id"
echo "root:x:0:0:root:/root:/bin/sh" >"$r/etc/passwd"
echo "root:x:0:" >"$r/etc/group"

cp "$stickler" "$r/usr/bin/stickler"
# syslinux as data: stickler's own installer takes its bytes from it
cp /usr/bin/syslinux "$r/usr/bin/"
# Shared libraries, at the paths the loader was told (ldd's right side).
ldd "$r/usr/bin/stickler" |
	sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^\t\(\/[^ ]*\) .*/\1/p' |
	sort -u | while read -r so; do
	mkdir -p "$r$(dirname "$so")"
	cp -L "$so" "$r$so"
done
cp -a /usr/lib/syslinux/mbr "$r/usr/lib/syslinux/"
mkdir -p "$r/usr/lib/syslinux/modules"
cp -a /usr/lib/syslinux/modules/bios "$r/usr/lib/syslinux/modules/"
for t in l/linux v/vt100 v/vt220 x/xterm x/xterm-256color s/screen \
	s/screen-256color t/tmux t/tmux-256color d/dumb a/ansi; do
	for d in /etc/terminfo /lib/terminfo /usr/share/terminfo \
		/usr/lib/terminfo; do
		if test -f "$d/$t"; then
			mkdir -p "$r/usr/share/terminfo/$(dirname "$t")"
			cp -L "$d/$t" "$r/usr/share/terminfo/$t"
			break
		fi
	done
	test -f "$r/usr/share/terminfo/$t" || {
		say "no terminfo entry $t"
		exit 1
	}
done
test -d /usr/lib/locale/C.utf8 && cp -a /usr/lib/locale/C.utf8 "$r/usr/lib/locale/"

cp -a "$kdir/lib" "$r/"
depmod -b "$r" "$uname_r"

say "initramfs"
(cd "$r" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
	gzip -6 >"$work/initrd.img"

# The ISO stickler turns into the station disk.
s=$work/iso
mkdir -p "$s/boot" "$s/isolinux" "$s/EFI/BOOT"
cp "$kdir/vmlinuz" "$s/boot/vmlinuz"
cp "$work/initrd.img" "$s/boot/initrd.img"
echo "$key" >"$s/boot/station.id"
cp /usr/lib/ISOLINUX/isolinux.bin "$s/isolinux/"
cp /usr/lib/syslinux/modules/bios/ldlinux.c32 "$s/isolinux/"
# usb-storage waits delay_use seconds (1 by default; whole seconds in
# Linux 6.1) between finding a stick and its first SCSI command: 0 here,
# so a stick is on the target screen about a second sooner. A stick not
# ready at once is still waited for by the SCSI layer (TEST UNIT READY
# retried, a disk "becoming ready" waited for); for a drive that errs
# when asked that early, station.conf's usb_delay=N puts the pause back
# (the README says more). Spelled with the module's own name: busybox
# modprobe matches it exactly.
cmdline="console=tty0 console=ttyS0,115200 quiet loglevel=3 usb_storage.delay_use=0"
cat >"$s/isolinux/isolinux.cfg" <<EOF
SERIAL 0 115200
DEFAULT station
PROMPT 0
TIMEOUT 0
LABEL station
	KERNEL /boot/vmlinuz
	APPEND initrd=/boot/initrd.img $cmdline
EOF
cat >"$work/grub.cfg" <<EOF
serial --unit=0 --speed=115200
terminal_input console serial
terminal_output console serial
search --no-floppy --file --set=root /boot/station.id
linux (\$root)/boot/vmlinuz $cmdline
initrd (\$root)/boot/initrd.img
boot
echo "station: no /boot/station.id found"
EOF
gmods="normal configfile search search_fs_file serial terminal echo test
linux fat part_msdos part_gpt"
grub-mkstandalone -O x86_64-efi -o "$s/EFI/BOOT/BOOTX64.EFI" --locales= \
	--fonts= --themes= --install-modules="$(echo $gmods)" \
	--modules="$(echo $gmods)" "boot/grub/grub.cfg=$work/grub.cfg"
cp "$here/README.TXT" "$s/README.TXT"
xorriso -as mkisofs -o "$work/station.iso" -R -J -V STICKLER \
	-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot \
	-boot-load-size 4 -boot-info-table "$s" 2>"$work/xorriso.log" || {
	cat "$work/xorriso.log" >&2
	exit 1
}

# The disk: the ISO's size, FAT32's overhead and FREE_MIB to spare.
iso_mib=$(($(stat -c %s "$work/station.iso") / 1048576 + 1))
size_mib=$((iso_mib + iso_mib / 16 + FREE_MIB + 4))
say "writing the station (${size_mib} MiB) with stickler's ISO mode"
rm -f "$work/station.img"
"$stickler" write "$work/station.iso" "$work/station.img" --mode iso \
	--label STICKLER --size "${size_mib}M" --yes --progress=none >&2
mv "$work/station.img" "$img"
echo "$key" >"$out/key"
rm -rf "$work"
say "built $img ($(du -h --apparent-size "$img" | cut -f1))"
echo "$img"
