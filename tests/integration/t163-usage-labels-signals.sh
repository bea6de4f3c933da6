#!/bin/sh
# t163-usage-labels-signals.sh - bad --size values are usage errors
# (exit 2); --label follows FAT's rules and never carries a blank into a
# kernel command line unescaped (\x20 there, quoted for GRUB's search;
# refused where a GRUB menu entry passes the label to the kernel);
# only label references are rewritten (volume id "live" leaves boot=live,
# root=live: and syslinux's "LABEL live" alone); SIGTERM or SIGINT while an ISO-mode stick is being
# composed exits 4 with the one-line state and leaves no scratch file.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "--size and --label checked; a signal during composition cancels"
t_need xorriso syslinux mtype mlabel

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

t_expect "a label ending in a blank is refused with the reason" '
	bad_label "MY STICK " "the label .MY STICK . ends with a blank, which a FAT label cannot keep"
'
t_expect "a label with a blank, where a GRUB menu entry names the label: refused" '
	bad_label "MY STICK" "the label .MY STICK. cannot be used: ./boot/grub/grub.cfg. passes the label to the kernel from a GRUB menu entry, and GRUB doubles the backslash"
'
t_expect "a label with a blank: \\x20 in syslinux kernel arguments, quoted for GRUB" '
	mkdir -p "$T_TMP/blank/isolinux" "$T_TMP/blank/boot/grub" &&
	cp /usr/lib/ISOLINUX/isolinux.bin \
		/usr/lib/syslinux/modules/bios/ldlinux.c32 "$T_TMP/blank/isolinux/" &&
	printf "%s\n" "DEFAULT x" "LABEL x" "  KERNEL /vmlinuz" \
		"  APPEND root=live:CDLABEL=OLD_LABEL quiet" \
		>"$T_TMP/blank/isolinux/isolinux.cfg" &&
	printf "%s\n" "search --no-floppy --set=root --label OLD_LABEL" \
		"configfile /boot/grub/menu.cfg" >"$T_TMP/blank/boot/grub/grub.cfg" &&
	echo k >"$T_TMP/blank/vmlinuz" &&
	xorriso -as mkisofs -quiet -R -J -V OLD_LABEL -b isolinux/isolinux.bin \
		-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 \
		-boot-info-table -o "$T_TMP/blank.iso" "$T_TMP/blank" 2>/dev/null &&
	"$STICKLER" write "$T_TMP/blank.iso" "$T_TMP/t" --yes --mode iso \
		--label "MY STICK" >"$T_TMP/out" 2>&1 &&
	mlabel -s -i "$T_TMP/t@@1M" :: | grep -q "is MY STICK *$" &&
	mtype -i "$T_TMP/t@@1M" ::/isolinux/isolinux.cfg >"$T_TMP/i.cfg" &&
	mtype -i "$T_TMP/t@@1M" ::/boot/grub/grub.cfg >"$T_TMP/g.cfg" &&
	cat "$T_TMP/i.cfg" "$T_TMP/g.cfg" &&
	grep -qxF "  APPEND root=live:CDLABEL=MY\x20STICK quiet" "$T_TMP/i.cfg" &&
	grep -qxF "search --no-floppy --set=root --label '\''MY STICK'\''" \
		"$T_TMP/g.cfg" &&
	"$STICKLER" verify "$T_TMP/blank.iso" "$T_TMP/t" >"$T_TMP/out" &&
	grep -q ": identical$" "$T_TMP/out" &&
	rm -f "$T_TMP/t"
'
t_expect "volume id live: only the label references are rewritten" '
	mkdir -p "$T_TMP/live/isolinux" "$T_TMP/live/boot/grub" &&
	cp /usr/lib/ISOLINUX/isolinux.bin \
		/usr/lib/syslinux/modules/bios/ldlinux.c32 "$T_TMP/live/isolinux/" &&
	printf "%s\n" "DEFAULT live" "LABEL live" "  KERNEL /live/vmlinuz" \
		"  APPEND boot=live components root=live:CDLABEL=live archisolabel=live quiet" \
		>"$T_TMP/live/isolinux/isolinux.cfg" &&
	printf "%s\n" "search --no-floppy --set=root --label live" \
		"menuentry live {" "  linux /live/vmlinuz boot=live root=live:CDLABEL=live" "}" \
		>"$T_TMP/live/boot/grub/grub.cfg" &&
	mkdir "$T_TMP/live/live" && echo k >"$T_TMP/live/live/vmlinuz" &&
	xorriso -as mkisofs -quiet -R -J -V live -b isolinux/isolinux.bin \
		-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 \
		-boot-info-table -o "$T_TMP/live.iso" "$T_TMP/live" 2>/dev/null &&
	"$STICKLER" write "$T_TMP/live.iso" "$T_TMP/t" --yes --mode iso \
		>"$T_TMP/out" 2>&1 &&
	mtype -i "$T_TMP/t@@1M" ::/isolinux/isolinux.cfg >"$T_TMP/i.cfg" &&
	mtype -i "$T_TMP/t@@1M" ::/boot/grub/grub.cfg >"$T_TMP/g.cfg" &&
	cat "$T_TMP/i.cfg" "$T_TMP/g.cfg" &&
	grep -qx "LABEL live" "$T_TMP/i.cfg" && grep -qx "DEFAULT live" "$T_TMP/i.cfg" &&
	grep -qx "  APPEND boot=live components root=live:CDLABEL=LIVE archisolabel=LIVE quiet" \
		"$T_TMP/i.cfg" &&
	grep -qx "search --no-floppy --set=root --label LIVE" "$T_TMP/g.cfg" &&
	grep -qx "menuentry live {" "$T_TMP/g.cfg" &&
	grep -qx "  linux /live/vmlinuz boot=live root=live:CDLABEL=LIVE" "$T_TMP/g.cfg" &&
	rm -f "$T_TMP/t"
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

# The scratch file is unlinked soon after it is made, so its name in the
# folder may never be seen: wait until the process holds it open instead.
for sig in TERM INT; do
	t_expect "SIG$sig while composing: exit 4, one line, no scratch file" '
		TMPDIR=$T_TMP/scratch "$STICKLER" write "$T_TMP/big.iso" \
			"$T_TMP/s.img" --mode iso --yes >"$T_TMP/out" 2>"$T_TMP/err" &
		pid=$! &&
		i=0 &&
		until ls -l /proc/$pid/fd 2>/dev/null | grep -q shadow; do
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
