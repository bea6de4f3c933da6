#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mklive.sh DIR NAME - a small Debian bookworm live system built with
# Debian's own live-build, the one real live distribution in the suite.
#
#   live.iso   iso-hybrid, ISOLINUX (BIOS) + GRUB (UEFI), live-boot and
#              live-config, an lz4 squashfs, "console=ttyS0,115200" on
#              every kernel command line, the live user "user" with
#              password "live" and sudo; both menus start the first entry
#              after a second; the initramfs holds the modules a live boot
#              from a USB stick, CD or disk needs (MODULES=list); sysvinit
#              with a getty on ttyS0
#
# Kept small so it builds in minutes on a shared machine: no recommends,
# no firmware, no installer, and dpkg leaves out
# documentation, manuals, translations and the kernel's graphics, sound,
# media, network and wireless drivers (none of which a serial console
# login needs). The binary stage uses the host's tools (xorriso,
# mksquashfs, ISOLINUX, GRUB, shim: --build-with-chroot false) instead of
# installing and removing them in the chroot, which was half the build.
# UEFI boots through Debian's signed shim and GRUB, as Debian's own live
# images do: the GRUB live-build makes itself when Secure Boot is off
# holds no partition modules (its efi-image script sets the list in a
# subshell), so it finds its files on a CD or a raw copy but not on a
# partitioned stick.
#
# Needs root (debootstrap and chroots) and Debian's mirror. The cache key
# is this script plus the versions of the host tools the build runs and
# the versions the host's package lists give for what goes into the
# image; a rebuild after a key change reuses the downloaded packages
# (DIR/lb-cache, a local apt cache; the debootstrapped system is kept
# there too, for the same key). The whole build runs in a private mount
# namespace, so no chroot mount can outlive it or show on the host, and
# only the chroot's own apt runs: the host's /boot and package state are
# never touched. DIR/live.log is live-build's log with the time of each
# line; the last line on standard error gives each stage's seconds.
set -eu
# sysvinit, not systemd: under TCG on a shared machine systemd alone took
# a minute to start and live-config another, where the whole boot should
# take about that (the stick is what is tested, not the init system)
PKGS="live-boot live-config live-config-sysvinit sysvinit-core user-setup sudo"
# live-config's components for a console login: the host name, the user
# "user" (password "live") and its sudo; not the others (keyboard,
# locales, ..., and sysvinit, which would log the console in by itself)
COMPONENTS=hostname,user-setup,sudo
# what the binary stage runs on the host (see deps.list)
HOST_TOOLS="live-build debootstrap squashfs-tools xorriso isolinux
	syslinux-common grub-common grub-efi-amd64-bin grub-efi-ia32-bin
	mtools dosfstools librsvg2-bin dctrl-tools shim-signed
	grub-efi-amd64-signed"
key_input()
{
	dpkg-query -W -f '${Package} ${Version}\n' $HOST_TOOLS
	# one apt-cache run: each costs a second or more on a busy machine
	apt-cache show --no-all-versions linux-image-amd64 $PKGS 2>/dev/null |
		awk '/^Package: / { p = $2 } /^Version: / { print p, $2 }'
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
	--linux-flavours amd64 --initramfs live-boot --initsystem sysvinit \
	--firmware-binary false --firmware-chroot false \
	--binary-images iso-hybrid --bootloaders syslinux,grub-efi \
	--build-with-chroot false --uefi-secure-boot enable \
	--chroot-squashfs-compression-type lz4 \
	--bootappend-live "boot=live components=$COMPONENTS console=ttyS0,115200" \
	--iso-volume "STK Live bookworm" --iso-application stickler \
	--memtest none --win32-loader false --debian-installer none \
	--checksums "md5 sha256" --zsync false \
	--cache true --cache-packages true --cache-stages bootstrap \
	>config.log 2>&1 || {
	tail -n 30 config.log >&2
	exit 1
}
echo "$PKGS" | tr ' ' '\n' >config/package-lists/stickler.list.chroot
# With --build-with-chroot false, binary_chroot has nothing to copy and
# leaves without its stage file, which binary_rootfs then insists on.
mkdir -p .build
touch .build/binary_chroot

# In place before the packages are installed: dpkg never unpacks what a
# serial console login does not need.
dpkgcfg=config/includes.chroot_before_packages/etc/dpkg/dpkg.cfg.d
mkdir -p "$dpkgcfg"
{
	for d in /usr/share/doc /usr/share/man /usr/share/info \
		/usr/share/locale /usr/share/lintian /usr/share/bug; do
		echo "path-exclude $d/*"
	done
	for d in drivers/gpu drivers/net drivers/media drivers/infiniband \
		drivers/staging drivers/iio drivers/bluetooth drivers/isdn \
		sound net/wireless net/mac80211 net/bluetooth; do
		echo "path-exclude /lib/modules/*/kernel/$d/*"
	done
} >"$dpkgcfg/stickler"

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

# Debian's signed shim and GRUB for the EFI boot: with the binary stage on
# the host, live-build takes them from the chroot's /usr/lib, so the
# host's copies go there (they end up in the squashfs too, 2.5 MB).
for f in /usr/lib/shim/shimx64.efi.signed \
	/usr/lib/grub/x86_64-efi-signed/gcdx64.efi.signed; do
	mkdir -p "config/includes.chroot_after_packages${f%/*}"
	cp "$f" "config/includes.chroot_after_packages$f"
done

# A getty on the serial console (sysvinit's inittab has it commented out).
mkdir -p config/hooks/normal
cat >config/hooks/normal/9000-stickler-serial-getty.hook.chroot <<-'HOOK'
	#!/bin/sh
	set -e
	echo "T0:2345:respawn:/sbin/getty -L ttyS0 115200 vt100" >>/etc/inittab
	HOOK
chmod +x config/hooks/normal/9000-stickler-serial-getty.hook.chroot

# Both menus wait forever in the templates; boot the first entry instead.
mkdir -p config/bootloaders/isolinux config/bootloaders/grub-pc
sed 's/^timeout 0$/timeout 10/' \
	/usr/share/live/build/bootloaders/isolinux/isolinux.cfg \
	>config/bootloaders/isolinux/isolinux.cfg
{
	cat /usr/share/live/build/bootloaders/grub-pc/config.cfg
	echo "set timeout=1"
} >config/bootloaders/grub-pc/config.cfg

say "building $name with live-build (a few minutes; log in $dir/live.log)"
start=$(date +%s)
# every line stamped with the seconds since the start, for the stage times
unshare --mount --propagation private sh -c 'lb build 2>&1; echo "lb-exit $?"' |
	awk -v t0="$start" '{ print systime() - t0, $0; fflush() }' \
	>"$dir/live.log"
# "lb STAGE" starts a stage of lb build: the seconds between those lines
stages=$(awk '$4 == "lb" && $5 ~ /^(bootstrap|chroot|installer|binary|source)$/ && NF == 5 {
		if (name != "") printf "%s %d s, ", name, $1 - t
		name = $5; t = $1 }
	END { if (name != "") printf "%s %d s", name, $1 - t }' "$dir/live.log")
if ! grep -qx '[0-9]* lb-exit 0' "$dir/live.log"; then
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
say "built $name in $(($(date +%s) - start)) s ($(stat -c %s "$out") bytes): $stages"
echo "$stamp" >"$out.stamp"
