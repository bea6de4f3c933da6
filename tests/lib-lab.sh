# SPDX-License-Identifier: GPL-3.0-or-later
# lib-lab.sh - the lab: boot the station image (make station) in QEMU with
# emulated USB sticks, look inside the guest over a shell on its second
# serial port, drive the wizard on its first serial port from tmux, add
# and pull sticks through QMP. Source it after lib.sh.
#
#   . "$(dirname "$0")/../lib.sh"
#   . "$T_TOP/tests/lib-lab.sh"
#   lab_need
#   a=$(lab_disk a 256M)
#   lab_stick a "$a" xhci storage LAB-A-0001     (before lab_boot)
#   lab_boot bios                                 (SeaBIOS; uefi: OVMF)
#   lab_sh 'stickler list --json' >"$T_TMP/list.json"
#   w_wait "Choose an image" && w_keys Enter      (lib-wizard.sh)
#   lab_add c "$c" xhci LAB-C-0003 ; lab_del c    (QMP hotplug)
#
# The machine: a qemu-xhci controller "xhci" (8 USB 2 and 8 USB 3
# ports, so no stick lands behind a hub QEMU adds by itself) and an
# EHCI controller "ehci"; on xhci's port 8 a QEMU usb-hub, a USB 1.1
# hub: a stick on BUS "hub" runs at 12 Mbit/s there. The station disk
# is a usb-storage stick on xhci with the serial STATION-0000. Sticks are usb-storage (USB 2, 480 Mbit/s) or
# usb-uas (USB 3, 5 Gbit/s on xhci; on EHCI 480 Mbit/s, and QEMU's
# device then says bcdUSB 2.00, so it is no USB 3 stick on a USB 2 link). ttyS0 is the wizard (QEMU runs in the tmux pane, 80x24, so the
# w_* functions of lib-wizard.sh read and type on it), ttyS1 a root shell
# (the lab's copy of the station gets "shell=ttyS1" and "term=screen",
# what tmux emulates, in station.conf),
# QMP is a pipe. KVM where it works, else TCG, as lib-boot.sh decides.
#
# lab_need                        skip unless the lab can run here
# lab_station                     path of the station image (built once)
# lab_disk NAME SIZE              a sparse stick image under $T_TMP
# lab_stick ID FILE BUS KIND SERIAL [BPS]   a stick present at boot
#                                 (writes throttled to BPS bytes/s:
#                                 a real stick's pace, so a pull lands
#                                 mid-write)
#                                 (BUS xhci|ehci|hub, KIND storage|uas)
# lab_fill FILE...                copy FILEs onto the lab's station copy
#                                 (its images partition), before lab_boot
# LAB_STATION_SIZE=SIZE           the station disk as a stick of SIZE
#                                 (truncate's), not the image's own size
# LAB_CONF=LINES                  more lines for the lab's station.conf
# lab_boot bios|uefi              start the station, wait for the wizard
#                                 on ttyS0 and the shell on ttyS1; prints
#                                 "# lab: ... wizard after N s"
# lab_sh COMMAND [TIMEOUT]        run COMMAND in the guest's shell, print
#                                 its output (stdout and stderr), return
#                                 its exit status (255 on timeout). A job
#                                 left running goes as "( JOB & )": busybox
#                                 sh, reading its commands from the tty,
#                                 ends when its own child's SIGCHLD cuts
#                                 that read short (init starts another)
# lab_qmp JSON                    send one QMP command, print the answer
# lab_add ID FILE BUS SERIAL [BPS]   hotplug a usb-storage stick
#                                 (lab_drive ID FILE [BPS], then
#                                 lab_plug ID BUS SERIAL: device_add alone)
# lab_cd ID ISO BUS SERIAL        a USB CD-ROM drive holding ISO
# lab_wait_guest COMMAND SECONDS  until COMMAND succeeds in the guest
# lab_wait_screen REGEX SECONDS   until the wizard's screen matches REGEX
# lab_del ID                      unplug a stick (device_del)
# lab_stop                        power the guest off (QMP quit)
# lab_pick NAME                   on the wizard's target screen, choose
#                                 the disk NAME (sdb), as a person would
#                                 with the arrows and Enter
# lab_log                         the serial log of ttyS1 (shell)

# The guest is slow under TCG: screens take longer than on the host.
W_TIMEOUT=${W_TIMEOUT:-90}
. "$T_TOP/tests/lib-boot.sh"
. "$T_TOP/tests/lib-wizard.sh"
L_DIR=$T_TMP/lab
L_N=$L_DIR/n
mkdir -p "$L_DIR"
: >"$L_DIR/args"

lab_need()
{
	t_need qemu-system-x86_64 tmux mcopy xorriso grub-mkstandalone cpio \
		apt-get dpkg-deb depmod flock
	for f in /bin/busybox /usr/bin/syslinux /usr/lib/ISOLINUX/isolinux.bin \
		"$T_OVMF_CODE" "$T_OVMF_VARS"; do
		test -f "$f" || t_skip_all "needs '$f' (make deps installs it)"
	done
	test -x "$STICKLER" || t_skip_all "needs $STICKLER (make all)"
}

# The image is built by make station's script and cached in $B/station.
lab_station()
{
	"$T_TOP/station/mkstation.sh" "$STICKLER" "$B/station" 2>"$L_DIR/mkstation.log" || {
		cat "$L_DIR/mkstation.log" >&2
		t_fail "cannot build the station image"
		return 1
	}
}

lab_fill()
{
	local f
	for f in "$@"; do
		echo "$f" >>"$L_DIR/fill"
	done
}

lab_disk()
{
	rm -f "$T_TMP/$1.img" && truncate -s "$2" "$T_TMP/$1.img" &&
		echo "$T_TMP/$1.img"
}

# lab_dev_args ID BUS KIND SERIAL: the -device options of one stick.
lab_dev_args()
{
	local at
	case $2 in
	hub) at="bus=xhci.0,port=8.1" ;;
	*) at="bus=$2.0" ;;
	esac
	case $3 in
	storage)
		echo "-device usb-storage,id=$1,$at,drive=d-$1,serial=$4,removable=on"
		;;
	uas)
		echo "-device usb-uas,id=$1,$at,serial=$4"
		echo "-device scsi-hd,bus=$1.0,scsi-id=0,lun=0,drive=d-$1,serial=$4,removable=on"
		;;
	esac
}

lab_stick()
{
	{
		if test -n "${6:-}"; then
			echo "-object throttle-group,id=tg-$1,x-bps-write=$6"
			echo "-blockdev driver=raw,node-name=r-$1,file.driver=file,file.filename=$2"
			echo "-blockdev driver=throttle,node-name=d-$1,throttle-group=tg-$1,file=r-$1"
		else
			echo "-blockdev driver=raw,node-name=d-$1,file.driver=file,file.filename=$2"
		fi
		lab_dev_args "$1" "$3" "$4" "$5"
	} >>"$L_DIR/args"
}

# lab_wait_file FILE TEXT SECONDS: until FILE holds TEXT.
lab_wait_file()
{
	local i
	i=0
	while test $i -lt $(($3 * 10)); do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# lab_wait_count FILE TEXT N SECONDS: until TEXT is in N lines of FILE.
lab_wait_count()
{
	local i
	i=0
	while test $i -lt $(($4 * 10)); do
		test "$(grep -cF -- "$2" "$1" 2>/dev/null)" -ge "$3" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

lab_boot()
{
	local st fw p accel start limit t
	st=$(lab_station) || return 1
	# A copy the guest may write (its log); the lab's shell switched on.
	cp --sparse=always "$st" "$L_DIR/station.img" &&
		{ test -z "${LAB_STATION_SIZE:-}" ||
			truncate -s "$LAB_STATION_SIZE" "$L_DIR/station.img"; } &&
		printf 'shell=ttyS1\nterm=screen\n%s' "${LAB_CONF:+$LAB_CONF
}" >"$L_DIR/station.conf" &&
		mcopy -i "$L_DIR/station.img@@1M" "$L_DIR/station.conf" \
			::/station.conf || return 1
	if test -f "$L_DIR/fill"; then
		while read -r f; do
			mcopy -i "$L_DIR/station.img@@1M" "$f" ::/ || return 1
		done <"$L_DIR/fill"
	fi
	fw=
	case $1 in
	bios) ;;
	uefi)
		cp "$T_OVMF_VARS" "$L_DIR/vars.fd" || return 1
		fw="-drive if=pflash,format=raw,readonly=on,file=$T_OVMF_CODE
-drive if=pflash,format=raw,file=$L_DIR/vars.fd"
		;;
	*)
		t_fail "firmware must be bios or uefi, not '$1'"
		return 1
		;;
	esac
	for p in sh qmp; do
		rm -f "$L_DIR/$p.in" "$L_DIR/$p.out"
		mkfifo "$L_DIR/$p.in" "$L_DIR/$p.out" || return 1
	done
	: >"$L_DIR/sh.log"
	: >"$L_DIR/qmp.log"
	echo 0 >"$L_N"
	accel=$(t_boot_accel)
	{
		echo "qemu-system-x86_64 -accel $accel -M pc -m 1024 -nodefaults"
		echo "-no-user-config -display none -vga std"
		echo "-pidfile $L_DIR/qemu.pid"
		echo "-chardev stdio,id=s0,signal=off -serial chardev:s0"
		echo "-chardev pipe,id=s1,path=$L_DIR/sh -serial chardev:s1"
		echo "-chardev pipe,id=qmp,path=$L_DIR/qmp -mon chardev=qmp,mode=control"
		echo "$fw"
		echo "-device qemu-xhci,id=xhci,p2=8,p3=8 -device usb-ehci,id=ehci"
		echo "-device usb-hub,id=hub,bus=xhci.0,port=8"
		echo "-blockdev driver=raw,node-name=d-station,file.driver=file,file.filename=$L_DIR/station.img"
		echo "-device usb-storage,id=station,bus=xhci.0,drive=d-station,serial=STATION-0000,removable=on,bootindex=1"
		cat "$L_DIR/args"
	} | tr '\n' ' ' >"$L_DIR/qemu.cmd"
	echo "$(cat "$L_DIR/qemu.cmd") 2>$L_DIR/qemu.err; echo \$? >$L_DIR/qemu.exit; exec sleep 3600" \
		>"$L_DIR/qemu.sh"
	t_on_exit "tmux -L $W_SOCK kill-server"
	t_on_exit "kill \$(cat '$L_DIR/qemu.pid')"
	start=$(date +%s)
	w_tmux -f /dev/null new-session -d -x 80 -y 24 "sh '$L_DIR/qemu.sh'" ||
		return 1
	# The readers keep the pipes drained into logs; QEMU opened the
	# fifos first (read-write), so these never block.
	(cat "$L_DIR/sh.out" >>"$L_DIR/sh.log") &
	echo "kill $!" >>"$T_TMP/cleanups"
	(cat "$L_DIR/qmp.out" >>"$L_DIR/qmp.log") &
	echo "kill $!" >>"$T_TMP/cleanups"
	echo '{"execute": "qmp_capabilities"}' >"$L_DIR/qmp.in"
	limit=$(t_boot_timeout)
	echo "# lab: booting the station ($1, $accel, up to ${limit}s)"
	W_TIMEOUT=$limit w_wait "Choose an image" >"$L_DIR/boot.screen" || {
		cat "$L_DIR/boot.screen"
		cat "$L_DIR/qemu.err" 2>/dev/null | sed 's/^/# qemu: /'
		return 1
	}
	t=$(($(date +%s) - start))
	lab_wait_file "$L_DIR/sh.log" "station: shell on ttyS1" 60 || {
		t_fail "no shell on ttyS1"
		return 1
	}
	echo "# lab: station ($1, $accel) shows the wizard after ${t}s"
	echo "# lab: station ($1, $accel) shows the wizard after ${t}s" >&3
}

lab_next()
{
	local n
	n=$(($(cat "$L_N") + 1))
	echo "$n" >"$L_N"
	echo "$n"
}

lab_sh()
{
	local n limit from rc
	n=$(lab_next)
	limit=${2:-120}
	from=$(wc -c <"$L_DIR/sh.log")
	printf '{ %s\n} </dev/null 2>&1; echo "@@lab %s $?"\n' "$1" "$n" \
		>"$L_DIR/sh.in"
	lab_wait_file "$L_DIR/sh.log" "@@lab $n " "$limit" || {
		echo "# lab_sh: no answer within ${limit}s to: $1" >&2
		return 255
	}
	tail -c +$((from + 1)) "$L_DIR/sh.log" | tr -d '\r' |
		sed -n "/^@@lab $n /q;p"
	rc=$(tr -d '\r' <"$L_DIR/sh.log" | sed -n "s/^@@lab $n \([0-9]*\)$/\1/p")
	test -n "$rc" || {
		echo "# lab_sh: no status line for: $1; the shell said:" >&2
		tail -c +$((from + 1)) "$L_DIR/sh.log" | sed 's/^/# | /' >&2
	}
	return "${rc:-255}"
}

lab_qmp()
{
	local n a
	n=$(lab_next)
	echo "$1" | sed "s/}[[:space:]]*\$/, \"id\": \"lab-$n\"}/" >"$L_DIR/qmp.in"
	lab_wait_file "$L_DIR/qmp.log" "\"id\": \"lab-$n\"" 30 || {
		echo "# lab_qmp: no answer to: $1" >&2
		return 1
	}
	a=$(grep -F "\"id\": \"lab-$n\"" "$L_DIR/qmp.log")
	echo "$a"
	case $a in *'"error"'*) return 1 ;; esac
}

# lab_drive ID FILE [BPS]: the block nodes of a stick about to be plugged;
# lab_plug ID BUS SERIAL: plug it in (device_add alone).
lab_drive()
{
	local raw
	raw=d-$1
	test -z "${3:-}" || raw=r-$1
	lab_qmp "{\"execute\": \"blockdev-add\", \"arguments\": {\"driver\": \"raw\", \"node-name\": \"$raw\", \"file\": {\"driver\": \"file\", \"filename\": \"$2\"}}}" &&
		{ test -z "${3:-}" ||
			{ lab_qmp "{\"execute\": \"object-add\", \"arguments\": {\"qom-type\": \"throttle-group\", \"id\": \"tg-$1\", \"limits\": {\"bps-write\": $3}}}" &&
			lab_qmp "{\"execute\": \"blockdev-add\", \"arguments\": {\"driver\": \"throttle\", \"node-name\": \"d-$1\", \"throttle-group\": \"tg-$1\", \"file\": \"r-$1\"}}"; }; }
}

lab_plug()
{
	lab_qmp "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"usb-storage\", \"id\": \"$1\", \"bus\": \"$2.0\", \"drive\": \"d-$1\", \"serial\": \"$3\", \"removable\": true}}"
}

lab_add()
{
	lab_drive "$1" "$2" "${5:-}" && lab_plug "$1" "$3" "$4"
}

# lab_cd ID ISO BUS SERIAL: a USB CD-ROM drive (usb-bot with a scsi-cd)
# with ISO in it, present at boot.
lab_cd()
{
	{
		echo "-blockdev driver=raw,node-name=d-$1,read-only=on,file.driver=file,file.filename=$2"
		echo "-device usb-bot,id=$1,bus=$3.0"
		echo "-device scsi-cd,bus=$1.0,scsi-id=0,lun=0,drive=d-$1,serial=$4"
	} >>"$L_DIR/args"
}

# lab_wait_guest COMMAND SECONDS: until COMMAND succeeds in the guest.
lab_wait_guest()
{
	local i
	i=0
	while test $i -lt "$2"; do
		lab_sh "$1" >/dev/null && return 0
		sleep 1
		i=$((i + 1))
	done
	return 1
}

# lab_wait_screen REGEX SECONDS: until the wizard's screen matches REGEX.
lab_wait_screen()
{
	local i
	i=0
	while test $i -lt $(($2 * 10)); do
		w_screen | grep -q -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# screen never matched '$1'; it shows:"
	w_screen
	return 1
}

lab_del()
{
	lab_qmp "{\"execute\": \"device_del\", \"arguments\": {\"id\": \"$1\"}}"
}

lab_stop()
{
	local i
	lab_qmp '{"execute": "quit"}' >/dev/null
	i=0
	while test $i -lt 100 && ! test -s "$L_DIR/qemu.exit"; do
		sleep 0.1
		i=$((i + 1))
	done
}

lab_pick()
{
	local i
	i=$(w_screen | awk '{ for (f = 1; f <= 2 && f <= NF; f++)
		if ($f ~ /^(sd[a-z]+|mmcblk[0-9]+)$/ && ($(f + 2) $(f + 3)) ~ /(usb|mmc|other)$/) {
			print $f; break } }' | grep -nx -- "$1" | cut -d: -f1)
	test -n "$i" || {
		echo "# lab_pick: no row for '$1' on the screen:"
		w_screen
		return 1
	}
	w_keys Home
	while test "$i" -gt 1; do
		w_keys Down
		i=$((i - 1))
	done
	w_keys Enter
}

lab_log()
{
	echo "$L_DIR/sh.log"
}
