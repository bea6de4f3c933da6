#!/bin/sh
# t164-fuzz-fatread.sh - the FAT reader's fuzz corpus replayed as a plain
# regression test (tests/fuzz/fuzz-fatread.c through stk-fuzzfat), and
# 300 seeded byte mutations of FATs made by mkfs.fat at test time: no
# crash, no run outside the bytes given.
. "$(dirname "$0")/../lib.sh"
t_desc "FAT reader: fuzz corpus and seeded mutations replayed"
t_need mkfs.fat mmd mcopy python3

run=$B/tests/tools/stk-fuzzfat

t_expect "the committed corpus replays" '
	"$run" "$T_TOP"/tests/fuzz/corpus-fuzz-fatread/* >"$T_TMP/out" &&
	test "$(grep -c "^ok " "$T_TMP/out")" = \
		"$(ls "$T_TOP"/tests/fuzz/corpus-fuzz-fatread | wc -l)"
'

t_expect "300 seeded mutations of FAT12 and FAT16 images" '
	mkdir -p "$T_TMP/m" &&
	t_random t164-fuzz-fatread:BOOTX64.EFI 5000 >"$T_TMP/BOOTX64.EFI" &&
	for f in 12:200 16:8400; do
		t=${f%%:*} k=${f#*:} img=$T_TMP/fat$t.img &&
		mkfs.fat -F $t -S 512 -s 1 -C "$img" $k >/dev/null &&
		mmd -i "$img" ::/EFI ::/EFI/BOOT ::/EFI/BOOT/A &&
		mcopy -i "$img" "$T_TMP/BOOTX64.EFI" ::/EFI/BOOT/ &&
		mcopy -i "$img" "$T_TMP/BOOTX64.EFI" ::/EFI/BOOT/A/x || exit 1
	done &&
	python3 -c "
import random, sys
rnd = random.Random(20261201)
for n in range(300):
	src = sys.argv[1 + n % 2]
	d = bytearray(open(src, \"rb\").read())
	# the boot sector, the FATs and the first directories hold the
	# structure: most mutations land there
	for _ in range(rnd.randint(1, 8)):
		i = rnd.randrange(0, min(len(d), 40960))
		d[i] = rnd.randrange(256)
	open(\"%s/m%03d\" % (sys.argv[3], n), \"wb\").write(d[:rnd.choice([len(d), len(d), rnd.randrange(1, len(d))])])
" "$T_TMP/fat12.img" "$T_TMP/fat16.img" "$T_TMP/m" &&
	timeout 300 "$run" "$T_TMP"/m/* >"$T_TMP/out" &&
	test "$(grep -c "^ok " "$T_TMP/out")" = 300
'

t_done
