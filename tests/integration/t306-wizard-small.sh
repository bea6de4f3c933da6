#!/bin/sh
# t306-wizard-small.sh - every main screen at 60x20, the smallest size the
# wizard draws: sentences wrap whole, the key bar keeps Enter and ? help,
# long text scrolls; from the first screen to a verified result, the
# target list and the duplicator on the fixture sysfs, and the workbench.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
. "$T_TOP/tests/lib-devices.sh"
t_desc "wizard: the screens at 60x20, wrapped, scrolled, never cut mid-word"
t_need tmux xorriso sfdisk

t_sysfs_fixture || t_skip_all "cannot build the fixture sysfs"
W_ENV="STICKLER_SYSFS=$STICKLER_SYSFS"
W_ENV="$W_ENV STICKLER_MOUNTINFO=$STICKLER_MOUNTINFO"
W_ENV="$W_ENV STICKLER_SWAPS=$STICKLER_SWAPS"
W_COLS=60 W_ROWS=20
iso=$T_TMP/ipxe.iso
cp /usr/lib/ipxe/ipxe.iso "$iso"
target=$T_TMP/s.img
mkdir -p "$T_TMP/tree/docs" &&
	printf 'read me\n' >"$T_TMP/tree/docs/readme.txt" &&
	xorriso -report_about SORRY -as mkisofs -R -J -V LOOK \
		-o "$T_TMP/look.iso" "$T_TMP/tree" 2>/dev/null ||
	t_fail "cannot build the ISO"
w_start

# keybar TEXT...: the bottom row holds each hint whole.
keybar()
{
	for k in "$@"; do
		w_screen | tail -n 1 | grep -qF -- "$k" || {
			echo "# key bar without '$k':"
			w_screen | tail -n 1
			return 1
		}
	done
}

t_expect "the first screen: the steps, the other actions, the key bar" '
	w_wait "Choose an image" &&
	! w_screen | grep -q "terminal too small" &&
	w_screen | head -n 1 | grep -q "\[1 Image\] 2  3  4  5  6" &&
	w_wait_text "Also: l look inside x extract m make an image r restore t test a stick" &&
	keybar "Enter open" "? help"
'

t_expect "the image report wraps, scrolls to the verdict, keeps Enter" '
	w_to_report "$iso" &&
	w_wait_text "No checksum file (SHA256SUMS, *.sha256, *-CHECKSUM, MD5SUMS) next to the image." &&
	w_wait_text "Secure Boot: must be turned off: bootx64.efi is not signed" &&
	keybar "Enter next" "? help" &&
	w_keys Down Down Down && w_wait "Verdict:     raw" &&
	w_wait_text "isohybrid image (MBR): written byte for byte"
'

t_expect "the help scrolls: PgDn shows its last sentence, another key closes" '
	w_keys "?" && w_wait "Help: Image" && w_wait "Down: more" &&
	w_wait_re "Any key closes" &&
	! w_screen | grep -q "the target\.  *│" &&
	w_keys NPage NPage NPage && w_wait "Up: back to the top" &&
	w_wait_re "the target\.  *│" &&
	w_wait_re "Any key closes" &&
	w_keys x && w_gone "Help: Image"
'

t_expect "the target list: each note whole, the disks named" '
	w_keys Enter && w_wait "Choose the target" &&
	w_wait_re "sdc .*slow: USB 3 on a USB 2 port$" &&
	w_screen >"$T_TMP/s" &&
	grep -q "sdb .*SanDisk.*mounted: asks to unmount$" "$T_TMP/s" &&
	grep -q "sdc .*slow: USB 3 on a USB 2 port$" "$T_TMP/s" &&
	grep -q "mmcblk0 .*write-protected$" "$T_TMP/s" &&
	w_wait_text "t test the stick'"'"'s real capacity before writing: off" &&
	keybar "Enter choose" "d duplicator"
'

t_expect "the image file form: its size rule said whole" '
	w_keys End Enter && w_wait "File:" &&
	w_wait_text "empty: as '"'"'stickler write'"'"' sizes it, 2.0 MiB (ISO mode: plus the FAT, 64 MiB at least)" &&
	w_wait_text "Tab switches fields, Enter accepts, Esc cancels." &&
	w_keys C-u && w_type "$target" && w_keys Tab C-u && w_type 8M &&
	w_keys Enter && w_wait "Write mode"
'

t_expect "the options: every sentence whole, the modes named, Enter kept" '
	w_wait_text "auto follows the verdict: raw (isohybrid image (MBR): written byte for byte" &&
	w_wait_text "read the target back, bypassing the cache, and compare" &&
	w_wait "Modes this image allows: raw, iso, iso-uefi-only" &&
	keybar "Enter next" "? help"
'

t_expect "the confirmation: the prompt wrapped, the plan scrolls to its end" '
	w_keys Enter && w_wait "Confirm: this erases the target" &&
	w_wait_text "Type '"'"'s.img'"'"' to erase it and write, or Esc to go back:" &&
	w_wait "more lines: PgDn / PgUp to scroll" &&
	"$STICKLER" plan "$iso" "$target" --size 8M 2>/dev/null |
		tail -n 1 | sed "s/^ *//" >"$T_TMP/last" &&
	test -s "$T_TMP/last" &&
	! w_text | grep -qF "$(cat "$T_TMP/last")" &&
	w_keys NPage NPage NPage NPage NPage NPage &&
	w_wait_text "$(cat "$T_TMP/last")" &&
	w_gone "more lines: PgDn"
'

t_expect "the name typed: written, verified, the result wrapped" '
	w_type s.img && w_keys Enter &&
	w_wait "Done: written and verified" &&
	w_wait_text "page cache bypassed" &&
	w_text | grep -Eq "Written [0-9.]+ MiB in [0-9.]+ s \([0-9.]+ [KMG]iB/s\), page cache bypassed" &&
	w_wait_text "The target is complete: written and verified identical." &&
	keybar "Enter write another target" "? help" &&
	cmp -n "$(stat -c %s "$iso")" "$iso" "$target"
'

t_expect "the duplicator page: its warnings whole, the rows at 60 columns" '
	w_keys Enter && w_wait "Choose the target" &&
	w_keys d && w_wait "Duplicator mode: write every stick" &&
	w_wait_text "Sticks that hold files are written too, mounted or not: what they hold is lost" &&
	w_wait_text "[ ] Test each stick'"'"'s real capacity first (a fake stick is not written)" &&
	w_wait_text "Esc ends the mode later; it asks first if sticks are still being written." &&
	w_wait_text "Type ERASE EVERY STICK I INSERT to start:" &&
	w_type "ERASE EVERY STICK I INSERT" && w_keys Enter &&
	w_wait "Duplicator: insert sticks" &&
	w_wait_re "sdb .*there before: not written$" &&
	w_keys Escape && w_wait "Choose the target"
'

t_expect "the workbench: look inside, extract, make, restore, test" '
	w_keys Escape && w_wait "Image report" && w_keys Escape &&
	w_wait "Choose an image" &&
	w_to_report "$T_TMP/look.iso" && w_keys l &&
	w_wait "Look inside an image" &&
	w_wait "in /  (1 entries)" && w_wait_re " docs/$" &&
	w_keys x && w_wait "Extract an image to a folder" &&
	w_wait_text "The whole tree is copied into this folder (made if missing; it must be empty)" &&
	w_keys C-u && w_type "$T_TMP/ex" && w_keys Enter && w_wait "Done" &&
	cmp "$T_TMP/ex/docs/readme.txt" "$T_TMP/tree/docs/readme.txt" &&
	w_keys Enter && w_wait "Choose an image" &&
	w_keys m && w_wait "Make an image from a stick or disc" &&
	w_wait "Reading changes nothing on the source." &&
	keybar "Enter choose" "? help" && w_keys Escape &&
	w_wait "Choose an image" &&
	truncate -s 64M "$T_TMP/stick.img" &&
	w_keys r && w_wait "Restore a stick to a plain data stick" &&
	w_keys End Enter && w_wait "Path:" && w_type "$T_TMP/stick.img" &&
	w_keys Enter && w_wait "Label:" && w_keys Enter &&
	w_wait "Type '"'"'stick.img'"'"' to go on" &&
	w_wait_text "ERASE: everything on it is replaced by an empty FAT32 file system labelled '"'"'USB'"'"'." &&
	w_keys Escape Escape && w_wait "Choose an image" &&
	w_keys t && w_wait "Test a stick: its real capacity (quick)" &&
	w_keys End Enter && w_wait "Path:" && w_type "$T_TMP/stick.img" &&
	w_keys Enter && w_wait "Type '"'"'stick.img'"'"' to go on" &&
	w_wait_text "ERASE: test blocks are written across the whole stick and read back to find its real capacity" &&
	w_type stick.img && w_keys Enter && w_wait "capacity as claimed" &&
	w_wait_text "stick.img: capacity as claimed (64.0 MiB)"
'

t_expect "the run screen at 60x20: progress, speeds and the graph" '
	truncate -s 16G "$T_TMP/big.img" &&
	echo "start=2048, type=83" | sfdisk -q "$T_TMP/big.img" >/dev/null &&
	w_keys Enter && w_wait "Choose an image" &&
	w_to_report "$T_TMP/big.img" && w_to_confirm "$T_TMP/big-target.img" &&
	w_type big-target.img && w_keys Enter &&
	w_wait "Writing: do not remove the target" && w_wait "Phase: write" &&
	w_wait "speed graph:" &&
	w_wait_re " left [0-9?]" &&
	w_text | grep -Eq "speed [0-9.]+ [KMG]?i?B/s now, [0-9.]+ [KMG]?i?B/s average elapsed [0-9:]+ left [0-9:?]+" &&
	keybar "c cancel" "? help" &&
	w_keys c && w_wait "Stop writing now?" &&
	w_wait_text "The target will be left incomplete and will not boot." &&
	w_keys y && w_wait "Cancelled" &&
	w_wait_text "so it will not boot: write it again."
'

t_done
