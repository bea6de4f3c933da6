#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mklive.sh DIR NAME - a small Debian bookworm live system built with
# Debian's own live-build, the one real live distribution in the suite.
#
#   live.iso   iso-hybrid, ISOLINUX (BIOS) + GRUB (UEFI, through shim as
#              Debian ships it), live-boot and live-config, an lz4 squashfs,
#              "console=ttyS0,115200" on every kernel command line, the
#              live user "user" with password "live" and sudo; both menus
#              start the first entry after a second; the initramfs
#              holds the modules a live boot from a USB stick, CD or disk
#              needs (MODULES=list), which keeps making it (several times
#              a build) short
#
# Needs root (debootstrap and chroots) and Debian's mirror. The cache key
# is this script plus the versions of live-build, debootstrap and
# squashfs-tools and the versions the host's package lists give for what
# goes into the image; a rebuild after a key change reuses the downloaded
# packages (DIR/lb-cache; the debootstrapped system is kept there too,
# for the same key). live-build's installer stage needs that bootstrap
# copy even with no installer. The whole build runs in a private mount
# namespace, so no chroot mount can outlive it or show on the host, and
# only the chroot's own apt runs: the host's /boot and package state are
# never touched.
set -eu
PKGS="live-boot live-config live-config-systemd systemd-sysv user-setup sudo"
key_input()
{
	dpkg-query -W -f '${Package} ${Version}\n' live-build debootstrap \
		squashfs-tools
	for p in linux-image-amd64 $PKGS; do
		apt-cache show --no-all-versions "$p" 2>/dev/null |
			sed -n "s/^Version: /$p /p"
	done
}
test "$(id -u)" = 0 || {
	echo "mklive: needs root (debootstrap, chroot)" >&2
	exit 1
}
fixture_key=$(key_input | sha256sum | cut -c1-16)
. "$(dirname "$0")/fixture-cache.sh"
test "$name" = live.iso || {
	echo "mklive: no fixture named '$name'" >&2
	exit 2
}
say()
{
	echo "mklive: $*" >&2
}
cleanup()
{
	test -d "$work/lb/cache" && rm -rf "$dir/lb-cache" &&
		mv "$work/lb/cache" "$dir/lb-cache"
	rm -rf --one-file-system "$work"
}
trap cleanup EXIT
dir=$(cd "$dir" && pwd)
out=$dir/$name
lb=$work/lb
mkdir -p "$lb"
# the bootstrapped system is kept for the same key only; packages always
if test "$(cat "$dir/lb-cache/key" 2>/dev/null)" != "$fixture_key"; then
	rm -rf "$dir/lb-cache/bootstrap"
	mkdir -p "$dir/lb-cache"
	echo "$fixture_key" >"$dir/lb-cache/key"
fi
mv "$dir/lb-cache" "$lb/cache"
cd "$lb"

lb config --mode debian --distribution bookworm --system live \
	--archive-areas main --security false --updates false \
	--debootstrap-options "--variant=minbase" \
	--apt-recommends false --apt-indices false \
	--apt-source-archives false \
	--linux-flavours amd64 --initramfs live-boot \
	--firmware-binary false --firmware-chroot false \
	--binary-images iso-hybrid --bootloaders syslinux,grub-efi \
	--chroot-squashfs-compression-type lz4 \
	--bootappend-live "boot=live components console=ttyS0,115200" \
	--iso-volume "STK Live bookworm" --iso-application stickler \
	--memtest none --win32-loader false --debian-installer none \
	--checksums "md5 sha256" --zsync false \
	--cache true --cache-packages true --cache-stages bootstrap \
	>config.log 2>&1 || {
	tail -n 30 config.log >&2
	exit 1
}
echo "$PKGS" | tr ' ' '\n' >config/package-lists/stickler.list.chroot

# In place before the kernel is installed: every initramfs made is small.
inc=config/includes.chroot_before_packages/etc/initramfs-tools
mkdir -p "$inc/conf.d"
echo MODULES=list >"$inc/conf.d/stickler.conf"
cat >"$inc/modules" <<-MODS
	squashfs
	overlay
	loop
	isofs
	vfat
	nls_cp437
	nls_ascii
	nls_utf8
	nls_iso8859-1
	ext4
	sd_mod
	sr_mod
	usb-storage
	uas
	xhci_pci
	ehci_pci
	uhci_hcd
	ohci_pci
	ahci
	ata_piix
	ata_generic
	virtio_pci
	virtio_blk
	virtio_scsi
	MODS

# Both menus wait forever in the templates; boot the first entry instead.
mkdir -p config/bootloaders/isolinux config/bootloaders/grub-pc
sed 's/^timeout 0$/timeout 10/' \
	/usr/share/live/build/bootloaders/isolinux/isolinux.cfg \
	>config/bootloaders/isolinux/isolinux.cfg
{
	cat /usr/share/live/build/bootloaders/grub-pc/config.cfg
	echo "set timeout=1"
} >config/bootloaders/grub-pc/config.cfg

say "building $name with live-build (about 10 minutes; log in $dir/live.log)"
start=$(date +%s)
if ! unshare --mount --propagation private lb build >"$dir/live.log" 2>&1; then
	tail -n 40 "$dir/live.log" >&2
	say "lb build failed (whole log: $dir/live.log)"
	exit 1
fi
iso=$(ls "$lb"/*.hybrid.iso 2>/dev/null | head -n 1)
test -n "$iso" || {
	say "lb build made no .hybrid.iso"
	exit 1
}
mv "$iso" "$out"
say "built $name in $(($(date +%s) - start)) s ($(stat -c %s "$out") bytes)"
echo "$stamp" >"$out.stamp"
