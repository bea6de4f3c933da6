#!/bin/sh
# t163-usage-labels-signals.sh - bad --size values are usage errors
# (exit 2); --label follows FAT's rules and never carries a blank into a
# kernel command line; SIGTERM or SIGINT while an ISO-mode stick is being
# composed exits 4 with the one-line state and leaves no scratch file.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "--size and --label checked; a signal during composition cancels"
t_need xorriso syslinux

rich=$(iso_fixture isomode-rich.iso)

t_expect "--size -5, ' 5', 0, 5X, 99999999T: usage errors, exit 2" '
	for s in -5 " 5" 0 5X 99999999T ""; do
		"$STICKLER" write "$rich" "$T_TMP/t" --yes --size "$s" \
			>"$T_TMP/out" 2>&1
		rc=$?
		cat "$T_TMP/out"
		test $rc = 2 && grep -q "bad size" "$T_TMP/out" || exit 1
	done &&
	! test -e "$T_TMP/t"
'

# bad_label LABEL PATTERN: refused with PATTERN, nothing made
bad_label()
{
	"$STICKLER" write "$rich" "$T_TMP/t" --yes --mode iso --label "$1" \
		>"$T_TMP/out" 2>&1
	rc=$?
	cat "$T_TMP/out"
	test $rc = 1 && grep -q "$2.*untouched" "$T_TMP/out" && ! test -e "$T_TMP/t"
}

t_expect "a label with a blank is refused with the reason" '
	bad_label "MY STICK" "the label .MY STICK. has a blank, which splits a kernel command line"
'
t_expect "labels FAT cannot hold are refused, with a legal example" '
	bad_label "TOOLONGLABEL1" "at most 11 characters (for example .TOOLONGLABE.)" &&
	bad_label "lower" "a FAT label is upper case (for example .LOWER.)" &&
	bad_label "A*B" "a FAT label holds only" &&
	bad_label "" "the label is empty"
'
t_expect "a good label names the FAT and the configs that named the image" '
	"$STICKLER" write "$rich" "$T_TMP/t" --yes --mode iso --label MY_STICK \
		>"$T_TMP/out" 2>&1 &&
	mlabel -s -i "$T_TMP/t@@1M" :: | grep -q "MY_STICK"
'

# a tree of 20,000 files takes seconds to compose and prove
mkdir -p "$T_TMP/big/isolinux" "$T_TMP/big/many"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 \
	"$T_TMP/big/isolinux/"
printf 'DEFAULT x\nLABEL x\n KERNEL /vmlinuz\n' >"$T_TMP/big/isolinux/isolinux.cfg"
echo k >"$T_TMP/big/vmlinuz"
(cd "$T_TMP/big/many" && for i in $(seq 40); do
	mkdir d$i && (cd d$i && seq 500 | xargs touch) || exit 1
done)
xorriso -as mkisofs -quiet -R -J -V BIG -b isolinux/isolinux.bin \
	-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table \
	-o "$T_TMP/big.iso" "$T_TMP/big" 2>/dev/null
mkdir -p "$T_TMP/scratch"

for sig in TERM INT; do
	t_expect "SIG$sig while composing: exit 4, one line, no scratch file" '
		TMPDIR=$T_TMP/scratch "$STICKLER" write "$T_TMP/big.iso" \
			"$T_TMP/s.img" --mode iso --yes >"$T_TMP/out" 2>"$T_TMP/err" &
		pid=$! &&
		i=0 &&
		until ls -A "$T_TMP/scratch" | grep -q shadow; do
			i=$((i + 1))
			test $i -lt 400 || exit 1
			sleep 0.02
		done &&
		kill -'"$sig"' $pid && { wait $pid; rc=$?; } &&
		cat "$T_TMP/err" && test $rc = 4 &&
		grep -q "stopped by the user; target .*s.img. untouched" "$T_TMP/err" &&
		test "$(wc -l <"$T_TMP/err")" = 1 &&
		test -z "$(ls -A "$T_TMP/scratch")" && ! test -e "$T_TMP/s.img"
	'
done

t_done
