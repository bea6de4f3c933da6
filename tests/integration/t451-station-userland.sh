#!/bin/sh
# t451-station-userland.sh - the station's root file system (its
# initramfs, unpacked) holds everything stickler runs: an ISO-mode write
# inside a chroot of it (syslinux, mtools and their code pages, the
# libraries, syslinux's modules) gives a stick that mtools and fsck.fat
# on the host accept, and the wizard finds its terminal types.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
t_desc "the station's userland runs an ISO-mode write"
t_need_root
t_need_boot
t_need fsck.fat mdir zcat

st=$("$T_TOP/station/mkstation.sh" "$STICKLER" "$B/station" 2>"$T_TMP/mk.log") ||
	{ cat "$T_TMP/mk.log"; t_skip_all "cannot build the station"; }
iso=$(t_bootfix bios-isolinux.iso) || t_skip_all "no boot fixture"
r=$T_TMP/root
mkdir -p "$r"
t_expect "the station's initramfs unpacks" '
	mcopy -i "$st@@1M" ::/boot/initrd.img "$T_TMP/initrd.img" &&
	(cd "$r" && zcat "$T_TMP/initrd.img" | cpio -id --quiet) &&
	test -x "$r/usr/bin/stickler" && test -x "$r/usr/bin/syslinux"
'

cp "$iso" "$r/tmp/in.iso"
mount -t proc proc "$r/proc" && t_on_exit "umount '$r/proc'"
t_expect "an ISO-mode write inside the station's root succeeds" '
	chroot "$r" /bin/sh -c "PATH=/bin:/usr/bin stickler write /tmp/in.iso \
		/tmp/stick.img --mode iso --size 64M --yes --progress=none" \
		>"$T_TMP/out" 2>&1 &&
	grep -q "verified: identical" "$T_TMP/out"
'

t_expect "the stick it made is sound to fsck.fat and holds ldlinux.sys" '
	dd if="$r/tmp/stick.img" of="$T_TMP/part" bs=1M skip=1 2>/dev/null &&
	fsck.fat -n "$T_TMP/part" &&
	mdir -a -i "$r/tmp/stick.img@@1M" ::/ldlinux.sys
'

t_expect "the terminal types the station sets have terminfo entries" '
	for t in l/linux x/xterm v/vt100 s/screen; do
		test -s "$r/usr/share/terminfo/$t" || exit 1
	done &&
	TERMINFO=$r/usr/share/terminfo infocmp linux >/dev/null
'
t_done
