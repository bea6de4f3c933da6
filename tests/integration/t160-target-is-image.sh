#!/bin/sh
# t160-target-is-image.sh - a target that is the image itself (by its own
# path, a hard link, a symlink; raw or ISO mode; plain or compressed; and
# from the wizard's "Image file...") is refused, and so are targets and
# images that are no disk and no file. The image is unchanged, byte for
# byte, after every refusal.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
. "$T_TOP/tests/lib-wizard.sh"
t_desc "the image is never its own target; pseudo files, FIFOs refused"
t_need xorriso zstd md5sum

raw=$T_TMP/raw.img
t_random t160-target-is-image:raw 3M >"$raw"
zstd -q "$raw" -o "$T_TMP/raw.img.zst"
cp "$(iso_fixture isomode-rich.iso)" "$T_TMP/rich.iso"
ln "$T_TMP/rich.iso" "$T_TMP/hard.iso"
ln -s rich.iso "$T_TMP/sym.iso"
ln -s raw.img.zst "$T_TMP/sym.zst"
(cd "$T_TMP" && md5sum raw.img raw.img.zst rich.iso >sums)

# refused_self IMAGE TARGET [options]: exit 1, the reason, image unchanged
refused_self()
{
	img=$1 tgt=$2
	shift 2
	"$STICKLER" write "$img" "$tgt" --yes "$@" >"$T_TMP/out" 2>&1
	rc=$?
	cat "$T_TMP/out"
	test $rc = 1 &&
	grep -q "is the image .* itself: writing it would destroy the image; target .* untouched" \
		"$T_TMP/out" &&
	(cd "$T_TMP" && md5sum -c --quiet sums)
}

t_expect "raw: the image as its own target" '
	refused_self "$raw" "$raw" --mode raw
'
t_expect "raw, compressed: the .zst as its own target, through a symlink" '
	refused_self "$T_TMP/raw.img.zst" "$T_TMP/sym.zst" --mode raw
'
t_expect "raw: a relative path to the same file" '
	(cd "$T_TMP" && refused_self raw.img ./raw.img --mode raw)
'
t_expect "ISO mode: a hard link to the image" '
	refused_self "$T_TMP/rich.iso" "$T_TMP/hard.iso" --mode iso --size 64M
'
t_expect "ISO mode: a symlink to the image" '
	refused_self "$T_TMP/sym.iso" "$T_TMP/rich.iso" --mode iso
'
t_expect "auto mode: the image as its own target" '
	refused_self "$T_TMP/rich.iso" "$T_TMP/rich.iso"
'

# refused_kind TARGET PATTERN: exit 1, PATTERN said, nothing written
refused_kind()
{
	"$STICKLER" write "$raw" "$1" --yes --mode raw >"$T_TMP/out" 2>&1
	rc=$?
	cat "$T_TMP/out"
	test $rc = 1 && grep -q "$2.*untouched" "$T_TMP/out"
}

t_expect "targets that are no disk: /proc/self/mem, a sysfs file" '
	refused_kind /proc/self/mem "file of the kernel.s proc file system" &&
	refused_kind /sys/kernel/mm/transparent_hugepage/enabled \
		"file of the kernel.s sysfs file system"
'
t_expect "targets that are no disk: a character device, a FIFO" '
	refused_kind /dev/null "is a character device, not a disk" &&
	mkfifo "$T_TMP/fifo-t" &&
	refused_kind "$T_TMP/fifo-t" "is a FIFO, not a disk"
'

# An image that never ends cannot be planned: refused at once, no hang.
t_expect "an image that is a FIFO or a character device is refused" '
	mkfifo "$T_TMP/fifo" &&
	for cmd in "write $T_TMP/fifo $T_TMP/t1 --yes" "verify $T_TMP/fifo $raw" \
		"probe $T_TMP/fifo" "write /dev/zero $T_TMP/t1 --yes"; do
		timeout 20 "$STICKLER" $cmd >"$T_TMP/out" 2>&1
		rc=$?
		cat "$T_TMP/out"
		test $rc = 1 || exit 1
		grep -q "is a \(FIFO\|character device\): an image is a regular file or a block device" \
			"$T_TMP/out" || exit 1
	done &&
	! test -e "$T_TMP/t1"
'

if command -v tmux >/dev/null 2>&1; then
	t_expect "the wizard: Image file... with the image's own path" '
		w_start &&
		w_to_report "$T_TMP/rich.iso" &&
		w_keys Enter && w_wait "Choose the target" &&
		w_keys End Enter && w_wait "File:" &&
		w_keys C-u && w_type "$T_TMP/hard.iso" && w_keys Tab C-u &&
		w_keys Enter && w_wait "Write mode" && w_keys Enter &&
		w_wait "writing it would destroy the image" &&
		w_wait "Nothing was written" &&
		! w_screen | grep -q "Type .hard.iso" &&
		(cd "$T_TMP" && md5sum -c --quiet sums)
	'
else
	t_skip "the wizard: Image file... with the image's own path" "needs tmux"
fi

t_done
