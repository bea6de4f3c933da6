#!/bin/sh
# t166-fuzz-cfg-source.sh - the fuzz corpora of the boot config rewriters
# (tests/fuzz/fuzz-cfg.c) and of the compressed source
# (tests/fuzz/fuzz-source.c) replayed as plain regression tests, then
# seeded mutations of inputs made at test time: streams written by gzip,
# xz, zstd and bzip2, and the boot configs of an ISO-mode fixture as
# xorriso extracts them. No crash, no broken invariant (the targets abort).
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "config rewriters and compressed source: fuzz corpora and seeded mutations"
t_need gzip xz zstd bzip2 python3 xorriso

cfg=$B/tests/tools/stk-fuzzrun-cfg
src=$B/tests/tools/stk-fuzzrun-source

# replays RUNNER DIR: every file of DIR goes through, each one says ok
replays()
{
	timeout 300 "$1" "$2"/* >"$T_TMP/out" &&
	test "$(grep -c "^ok " "$T_TMP/out")" = "$(ls "$2" | wc -l)" &&
	test "$(ls "$2" | wc -l)" -gt 0
}

# mutate SEED OUTDIR COUNT HEAD: COUNT seeded mutations of the files in
# SEED; byte 0 (the target's routing byte) is kept unless HEAD is 0
mutate()
{
	python3 - "$@" <<-'EOF'
	import os, random, sys
	seed, out, count, keep = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] != "0"
	rnd = random.Random(20261202)
	srcs = sorted(os.listdir(seed))
	os.makedirs(out, exist_ok=True)
	for n in range(count):
	    d = bytearray(open(os.path.join(seed, srcs[n % len(srcs)]), "rb").read())
	    lo = 1 if keep and len(d) > 1 else 0
	    for _ in range(rnd.randint(1, 6)):
	        if len(d) <= lo:
	            break
	        k = rnd.random()
	        i = rnd.randrange(lo, len(d))
	        if k < 0.6:
	            d[i] = rnd.randrange(256)
	        elif k < 0.8:
	            del d[i]
	        else:
	            d[i:i] = bytes([rnd.choice(b"\\x'\"= \t\n:;-")])
	    if rnd.random() < 0.3:
	        d = d[:rnd.randrange(lo, len(d) + 1)]
	    open(os.path.join(out, "m%03d" % n), "wb").write(d)
	EOF
}

t_expect "the committed config corpus replays" '
	replays "$cfg" "$T_TOP/tests/fuzz/corpus-fuzz-cfg"
'

t_expect "the committed source corpus replays" '
	replays "$src" "$T_TOP/tests/fuzz/corpus-fuzz-source"
'

t_expect "400 seeded mutations of gzip, xz, zstd and bzip2 streams" '
	mkdir -p "$T_TMP/s" &&
	head -c 70000 /dev/urandom >"$T_TMP/rand" &&
	{ seq 20000; cat "$T_TMP/rand"; } >"$T_TMP/data" &&
	for c in "gzip -c" "xz -c" "zstd -q -c" "bzip2 -c" "xz -c --check=sha256" \
		"zstd -q -c --no-check"; do
		n=$(echo "$c" | tr -c "a-z0-9\n" _) &&
		{ printf "\377"; $c "$T_TMP/data"; } >"$T_TMP/s/$n" &&
		{ printf "\377"; $c "$T_TMP/data"; $c "$T_TMP/rand"; } \
			>"$T_TMP/s/$n-two" || exit 1
	done &&
	replays "$src" "$T_TMP/s" &&
	mutate "$T_TMP/s" "$T_TMP/sm" 400 1 &&
	replays "$src" "$T_TMP/sm"
'

t_expect "300 seeded mutations of real boot configs and the corpus" '
	rich=$(iso_fixture isomode-rich.iso) &&
	mkdir -p "$T_TMP/c" &&
	for f in /isolinux/isolinux.cfg /isolinux/menu.cfg /boot/grub/grub.cfg; do
		xorriso -osirrox on -indev "$rich" -extract "$f" "$T_TMP/x" \
			>/dev/null 2>&1 &&
		{ printf "Stickler Live 2026-11 amd64\tSTICKLER LI\n"; cat "$T_TMP/x"; } \
			>"$T_TMP/c/$(basename "$f")" &&
		rm -f "$T_TMP/x" || exit 1
	done &&
	cp "$T_TOP"/tests/fuzz/corpus-fuzz-cfg/* "$T_TMP/c/" &&
	replays "$cfg" "$T_TMP/c" &&
	mutate "$T_TMP/c" "$T_TMP/cm" 300 0 &&
	replays "$cfg" "$T_TMP/cm"
'

t_done
