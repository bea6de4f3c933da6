#!/bin/sh
# t323-wizard-test-first.sh - "test this stick first" in the wizard: with
# t on the target screen the quick capacity test runs just before the
# write (and stays on for the next stick); a sound target is then written and verified, a counterfeit one
# (nbdkit: 40 MiB that claim 256 MiB, through nbdfuse) stops the write
# with its real capacity and the image is not on it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "wizard: the capacity test before a write stops a counterfeit stick"
t_need_root
t_need tmux nbdkit nbdfuse fusermount3

MiB=1048576
iso=$T_TMP/ipxe.iso
cp /usr/lib/ipxe/ipxe.iso "$iso"
size=$(stat -c %s "$iso")
log=$T_TMP/state/stickler/stickler.log
w_start

# to_confirm FILE: from the target screen with the test on, an image file
# target FILE, to the confirmation.
to_confirm()
{
	w_wait "before writing: on" &&
	w_keys End Enter && w_wait "File:" &&
	w_keys C-u && w_type "$1" && w_keys Tab C-u Enter &&
	w_wait "Write mode" && w_keys Enter && w_wait "Type '"
}

# fake_file NAME: the disk nbdkit serves (faulty-disk.sh, FD_* in the
# environment) as a regular file through nbdfuse; torn down at exit.
fake_file()
{
	mnt=$T_TMP/fuse-$1
	mkdir -p "$mnt" &&
	nbdkit -U "$T_TMP/$1.sock" -P "$T_TMP/$1.pid" \
		sh "$T_TOP/tests/data/faulty-disk.sh" >"$T_TMP/$1.log" 2>&1 ||
		return 1
	t_on_exit "kill \$(cat '$T_TMP/$1.pid')"
	nbdfuse "$mnt/disk" --unix "$T_TMP/$1.sock" >"$T_TMP/$1.fuse" 2>&1 &
	t_on_exit "fusermount3 -u '$mnt' || umount -l '$mnt'"
	i=0
	while ! test -e "$mnt/disk"; do
		i=$((i + 1))
		test $i -lt 100 || return 1
		sleep 0.1
	done
	echo "$mnt/disk"
}

t_expect "a sound target: tested, then written and verified" '
	truncate -s 64M "$T_TMP/sound.img" &&
	w_to_report "$iso" && w_keys Enter && w_wait "Choose the target" &&
	w_wait "before writing: off" && w_keys t &&
	to_confirm "$T_TMP/sound.img" &&
	w_type sound.img && w_keys Enter &&
	w_wait "Done: written and verified" &&
	cmp -n "$size" "$iso" "$T_TMP/sound.img" &&
	grep -q "capacity test of .*sound.img.: capacity as claimed" "$log"
'

t_expect "a counterfeit: the write stops with its real capacity" '
	export FD_DISK="$T_TMP/wrap.back" FD_SIZE=$((256 * MiB)) &&
	truncate -s 40M "$FD_DISK" && fake=$(fake_file wrap) &&
	test "$(stat -c %s "$fake")" = $((256 * MiB)) &&
	w_keys Enter && w_wait "Choose the target" && to_confirm "$fake" &&
	w_type disk && w_keys Enter && w_wait "the image was not written" &&
	w_screen | tr -s " \n" " " >"$T_TMP/s" &&
	grep -q "Failed" "$T_TMP/s" &&
	grep -q "this stick holds 40.0 MiB, not 256.0 MiB as it claims" "$T_TMP/s" &&
	grep -q "the image was not written" "$T_TMP/s" &&
	! cmp -s -n "$size" "$iso" "$FD_DISK"
'

t_done
