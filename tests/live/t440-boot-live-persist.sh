#!/bin/sh
# t440-boot-live-persist.sh - the proof that a persistence stick remembers:
# a real Debian live system (tests/data/mklive.sh, built with live-build
# the first time, cached under build/ after) written in ISO mode with
# --persistence boots in QEMU with its serial console driven from tmux;
# "user"/"live" logs in, writes a file in the home directory and powers
# off; the same stick image boots again and the file is read back. Once
# on SeaBIOS with an MBR stick, once on OVMF with a GPT one. Between the
# boots e2fsck (on a copy, so it may replay the journal) and debugfs read
# the file in live-boot's upper directory on the ext4 partition, so the
# second boot is not the only witness.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
. "$T_TOP/tests/lib-live.sh"
t_desc "a live-boot stick with persistence keeps a file across boots"
t_need_root
t_need_boot
t_need tmux lb debootstrap mksquashfs mke2fs e2fsck debugfs sfdisk jq

iso=$(t_liveiso)

# two_boots FW SCHEME: write, boot, leave a file, power off; read it on
# the host; boot again, read it in the guest.
two_boots()
{
	stick=$T_TMP/stick-$1.img
	word=remembered-$1-$$
	"$STICKLER" write "$iso" "$stick" --mode iso --scheme "$2" --size 1G \
		--persistence rest --yes >"$T_TMP/$1.out" 2>&1 || {
		sed 's/^/#   /' "$T_TMP/$1.out"
		return 1
	}
	lv_start "$1-a" "$stick" "$1" && lv_login "$1-a" &&
		lv_type "$1-a" "echo pers:\$(ls /run/live/persistence/)" &&
		lv_wait "$1-a" "pers:sd" &&
		lv_type "$1-a" "echo $word >~/note.txt; sync" &&
		lv_off "$1-a" || return 1
	# a copy of the partition, so e2fsck may replay the journal
	x=$T_TMP/$1.ext4
	dd if="$stick" of="$x" bs=1M conv=sparse status=none \
		skip=$(($(t_part_offset "$stick" 2) >> 20)) \
		count=$(($(t_part_size "$stick" 2) >> 20)) &&
		e2fsck -fy "$x" >"$T_TMP/$1.fsck" 2>&1
	rc=$?
	echo "# $1: e2fsck -fy on a copy of the partition: exit $rc$(grep -q 'recovering journal' "$T_TMP/$1.fsck" && echo ', journal replayed')" >&3
	test "$rc" -le 1 || {
		sed 's/^/#   /' "$T_TMP/$1.fsck"
		return 1
	}
	got=$(debugfs -R "cat /rw/home/user/note.txt" "$x" 2>/dev/null)
	rm -f "$x"
	test "$got" = "$word" || {
		echo "# debugfs read '$got' from /rw/home/user/note.txt"
		return 1
	}
	lv_start "$1-b" "$stick" "$1" && lv_login "$1-b" &&
		lv_type "$1-b" "echo read:\$(cat ~/note.txt)" &&
		lv_wait "$1-b" "read:$word" &&
		lv_off "$1-b"
}

t_expect "SeaBIOS, MBR: a file written in one boot is there in the next" '
	two_boots bios mbr
'

t_expect "OVMF, GPT: a file written in one boot is there in the next" '
	two_boots uefi gpt
'

t_done
