# SPDX-License-Identifier: GPL-3.0-or-later
# lib-boot.sh - the boot tier's helpers: fixtures from mkbootfix.sh and a
# QEMU harness that boots an image as a USB stick (SeaBIOS or OVMF) and
# waits for a marker on the serial console. Source it after lib.sh.
#
#   t_need_boot
#   iso=$(t_bootfix label.iso)
#   "$STICKLER" write "$iso" "$stick" --mode iso --size 64M --yes
#   t_expect "boots with OVMF" '
#	t_boot "$stick" uefi "STK-BOOT-OK variant=label via=grub"'
#
# Markers (printed by the fixtures' /init on ttyS0, see mkbootfix.sh):
#   STK-BOOT-OK variant=plain|label|hash via=isolinux|grub [details]
# via= names the loader whose command line started the kernel, so a BIOS
# boot that ends in "via=isolinux" went through (SYS|ISO)LINUX and a UEFI
# boot in "via=grub" through the EFI/BOOT or El Torito GRUB.
#
# t_boot IMAGE bios|uefi MARKER [TIMEOUT]   IMAGE as a USB stick
# t_boot_cd IMAGE bios|uefi MARKER [TIMEOUT] IMAGE as a USB CD-ROM
# t_boot_kernel KERNEL INITRD CMDLINE DISK MARKER [TIMEOUT]
# return 0 when the marker appeared, 1 when a failure was seen first
# (STK-BOOT-FAIL from the fixture, a kernel panic, the firmware finding
# nothing to boot), 2 on timeout, 3 when QEMU stopped without the marker;
# anything but 0 prints the end of the serial log. T_QEMU_MACHINE (default
# pc) and T_QEMU_ARGS (split on blanks) change the machine, e.g. for OVMF's
# Secure Boot build: q35,smm=on and the secure pflash. t_boot_last serial|
# firmware|qemu gives the logs of the last boot. Images are attached with
# snapshot=on: a boot never changes them. T_BOOT_TIMEOUT overrides the
# default wait (300 s under TCG, 60 s with KVM).

# mkfs.fat and sfdisk live in sbin, which a normal user's PATH may lack.
PATH=$PATH:/usr/sbin:/sbin
T_OVMF_CODE=${T_OVMF_CODE:-/usr/share/OVMF/OVMF_CODE.fd}
T_OVMF_VARS=${T_OVMF_VARS:-/usr/share/OVMF/OVMF_VARS.fd}
T_BOOT_FAILS='STK-BOOT-FAIL|Kernel panic|No bootable device|Boot failed|Failed to boot|not a bootable|"EFI Internal Shell"'

# The test's output, kept open for the boot summaries (see t_qemu).
exec 3>&1

t_need_boot()
{
	t_need qemu-system-x86_64 xorriso grub-mkstandalone mkfs.fat mcopy sfdisk \
		cpio apt-get dpkg flock
	for f in /bin/busybox /usr/lib/ISOLINUX/isolinux.bin \
		/usr/lib/ISOLINUX/isohdpfx.bin \
		/usr/lib/syslinux/modules/bios/ldlinux.c32 \
		"$T_OVMF_CODE" "$T_OVMF_VARS"; do
		test -f "$f" || t_skip_all "needs '$f' (make deps installs it)"
	done
}

# t_bootfix NAME: path of a boot fixture (see tests/data/mkbootfix.sh),
# built on first use and cached under $T_FIXTURES/boot.
t_bootfix()
{
	"$T_TOP/tests/data/mkbootfix.sh" "$T_FIXTURES/boot" "$1" ||
		t_fail "cannot build boot fixture '$1'"
}

# KVM only when /dev/kvm is there and QEMU really starts with it; decided
# once per script (the answer is kept in $T_TMP). A KVM whose module is
# kvm_pvm (the page-table based KVM of some cloud machines) starts QEMU
# and even runs SeaBIOS, then stops with "KVM internal error" in the real
# mode code of syslinux: it cannot run firmware, so it is TCG there.
t_boot_accel()
{
	if ! test -f "$T_TMP/accel"; then
		a=tcg
		if test -c /dev/kvm && ! test -d /sys/module/kvm_pvm &&
			echo quit | timeout 20 \
			qemu-system-x86_64 -accel kvm -M pc -nodefaults \
			-display none -monitor stdio -S >/dev/null 2>&1; then
			a=kvm
		fi
		echo "$a" >"$T_TMP/accel"
	fi
	cat "$T_TMP/accel"
}

# Seconds to wait for a marker: TCG here takes 10-25 s a boot when the
# machine is idle, several times that when it is shared.
t_boot_timeout()
{
	if test -n "${T_BOOT_TIMEOUT:-}"; then
		echo "$T_BOOT_TIMEOUT"
	elif test "$(t_boot_accel)" = kvm; then
		echo 60
	else
		echo 300
	fi
}

# t_qemu bios|uefi MARKER TIMEOUT QEMU-ARGS...: start QEMU headless in the
# background with the serial console and the firmware's debug port in
# files, poll them, stop that one QEMU (by PID) however it ends.
t_qemu()
{
	fw=$1
	marker=$2
	limit=${3:-$(t_boot_timeout)}
	shift 3
	n=$(ls "$T_TMP" | grep -c '^boot[0-9]*\.serial$' || true)
	log=$T_TMP/boot$n.serial
	fwlog=$T_TMP/boot$n.firmware
	: >"$log"
	: >"$fwlog"
	case $fw in
	bios) set -- "$@" ;;
	uefi)
		cp "$T_OVMF_VARS" "$T_TMP/boot$n.vars" &&
			set -- "$@" \
				-drive "if=pflash,format=raw,readonly=on,file=$T_OVMF_CODE" \
				-drive "if=pflash,format=raw,file=$T_TMP/boot$n.vars" ||
			return 3
		;;
	*)
		t_fail "firmware must be bios or uefi, not '$fw'"
		return 3
		;;
	esac
	accel=$(t_boot_accel)
	echo "# boot$n: $fw, $accel, up to ${limit}s, waiting for '$marker'"
	qemu-system-x86_64 -accel "$accel" -M "${T_QEMU_MACHINE:-pc}" \
		${T_QEMU_ARGS:-} -m 512 -nodefaults \
		-no-user-config -display none -vga std -no-reboot \
		-serial "file:$log" \
		-chardev "file,id=fwlog,path=$fwlog" \
		-device isa-debugcon,iobase=0x402,chardev=fwlog \
		"$@" >"$T_TMP/boot$n.qemu" 2>&1 &
	pid=$!
	echo "kill $pid" >>"$T_TMP/cleanups"
	start=$(date +%s)
	rc=2
	while test $(($(date +%s) - start)) -lt "$limit"; do
		if grep -qF -- "$marker" "$log"; then
			rc=0
			break
		fi
		if grep -qE -- "$T_BOOT_FAILS" "$log" ||
			grep -qE -- "No bootable device|Boot failed" "$fwlog"; then
			rc=1
			break
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			grep -qF -- "$marker" "$log" && rc=0 || rc=3
			break
		fi
		sleep 1
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	sed -i "/^kill $pid\$/d" "$T_TMP/cleanups"
	t=$(($(date +%s) - start))
	case $rc in
	0) r="marker after ${t}s" ;;
	1) r="failed after ${t}s" ;;
	2) r="no marker within ${limit}s" ;;
	3) r="QEMU stopped after ${t}s without the marker" ;;
	esac
	echo "# boot$n: $r"
	# Also into the script's own log (fd 3), where t_expect hides nothing.
	echo "# boot$n ($fw, $accel): $r" >&3
	if test "$rc" != 0; then
		echo "# last serial lines:"
		tr -d '\r' <"$log" | grep -v '^\s*$' | tail -n 15 | sed 's/^/#  | /'
		echo "# firmware:"
		grep -E -- "$T_BOOT_FAILS" "$fwlog" | tail -n 3 | sed 's/^/#  | /'
		sed 's/^/#  qemu: /' "$T_TMP/boot$n.qemu" | tail -n 5
	fi
	return $rc
}

# t_boot IMAGE bios|uefi MARKER [TIMEOUT]: boot IMAGE as a USB stick.
t_boot()
{
	t_qemu "$2" "$3" "${4:-}" \
		-drive "if=none,id=stick,format=raw,snapshot=on,file=$1" \
		-device qemu-xhci,id=xhci \
		-device usb-storage,bus=xhci.0,drive=stick,bootindex=1
}

# t_boot_cd IMAGE bios|uefi MARKER [TIMEOUT]: boot IMAGE as a USB CD-ROM
# (El Torito), to check an ISO fixture before any stick is made of it.
t_boot_cd()
{
	t_qemu "$2" "$3" "${4:-}" \
		-drive "if=none,id=cd,format=raw,media=cdrom,readonly=on,file=$1" \
		-device qemu-xhci,id=xhci -device usb-bot,bus=xhci.0,id=bot \
		-device scsi-cd,bus=bot.0,drive=cd,bootindex=1
}

# t_boot_kernel KERNEL INITRD CMDLINE DISK MARKER [TIMEOUT]: start KERNEL
# directly (SeaBIOS) with DISK attached as a USB stick; this tests an
# initramfs's own logic against disks made with mkfs.fat and mcopy.
t_boot_kernel()
{
	t_qemu bios "$5" "${6:-}" -kernel "$1" -initrd "$2" -append "$3" \
		-drive "if=none,id=stick,format=raw,snapshot=on,file=$4" \
		-device qemu-xhci,id=xhci \
		-device usb-storage,bus=xhci.0,drive=stick
}

# t_boot_last WHAT: the serial, firmware or qemu log of the last boot.
t_boot_last()
{
	n=$(($(ls "$T_TMP" | grep -c '^boot[0-9]*\.serial$') - 1))
	echo "$T_TMP/boot$n.$1"
}

# t_vfat_disk OUT LABEL [DIR]: a 40 MiB disk image with an MBR and one
# FAT partition at 1 MiB labelled LABEL, holding DIR as /data; made with
# sfdisk, mkfs.fat and mcopy, so nothing of stickler's is involved.
t_vfat_disk()
{
	rm -f "$1" && truncate -s 40M "$1" &&
		echo 'start=2048, type=c, bootable' | sfdisk -q "$1" &&
		mkfs.fat --offset=2048 -n "$2" "$1" $((39 * 1024)) >/dev/null &&
		if test -n "${3:-}"; then
			LC_ALL=C.UTF-8 mcopy -s -i "$1@@1M" "$3" ::/data
		fi
}

# t_classic_stick ISO OUT LABEL: the ISO-mode stick made the classic way,
# with tools nobody here wrote: an MBR with syslinux's boot code, one
# active FAT32 partition at 1 MiB labelled LABEL holding the ISO's files
# (ISO labels in isolinux.cfg and grub.cfg rewritten to LABEL), a root
# syslinux.cfg chaining to /isolinux/isolinux.cfg (CONFIG inside a LABEL:
# Debian's syslinux 6.04 ignores a global CONFIG line and stops at "No
# DEFAULT or UI configuration directive found!"), ldlinux.sys installed
# by syslinux --offset. A reference for what stickler's ISO mode builds.
t_classic_stick()
{
	x=$T_TMP/classic.d
	vol=$(xorriso -indev "$1" -pvd_info 2>/dev/null |
		sed -n "s/^Volume Id *: *//p")
	rm -rf "$x" "$2" && mkdir -p "$x" &&
		xorriso -osirrox on -indev "$1" -extract / "$x" >/dev/null 2>&1 &&
		chmod -R u+w "$x" &&
		for c in "$x/isolinux/isolinux.cfg" "$x/boot/grub/grub.cfg"; do
			test ! -f "$c" || sed -i "s/$vol/$3/g" "$c" || return 1
		done &&
		printf '%s\n' "DEFAULT chain" "PROMPT 0" "LABEL chain" \
			"	CONFIG /isolinux/isolinux.cfg" "	APPEND /isolinux/" \
			>"$x/syslinux.cfg" &&
		truncate -s 64M "$2" &&
		echo 'start=2048, type=c, bootable' | sfdisk -q "$2" &&
		dd if=/usr/lib/syslinux/mbr/mbr.bin of="$2" bs=440 count=1 \
			conv=notrunc 2>/dev/null &&
		mkfs.fat -F 32 --offset=2048 -n "$3" "$2" $((63 * 1024)) \
			>/dev/null 2>&1 &&
		(cd "$x" && LC_ALL=C.UTF-8 mcopy -s -i "$2@@1M" ./* ::/) &&
		syslinux --offset $((2048 * 512)) --install "$2" &&
		rm -rf "$x"
}
