#!/bin/sh
# t122-compressed.sh - gzip, xz, zstd and bzip2 images streamed to files.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "compressed images: written decompressed, detected by magic"
t_need gzip xz zstd bzip2

# half random, half zeros: compresses, and not trivially
w_random part 6M >/dev/null
{ cat "$T_TMP/part"; head -c 5M /dev/zero; } >"$T_TMP/img"

for c in gzip xz zstd bzip2; do
	t_expect "$c: written byte for byte, verified, no temporary file" '
		'"$c"' -c "$T_TMP/img" >"$T_TMP/in.'"$c"'" &&
		mv "$T_TMP/in.'"$c"'" "$T_TMP/noext-'"$c"'" &&
		"$STICKLER" write "$T_TMP/noext-'"$c"'" "$T_TMP/t-'"$c"'" \
			--mode raw --yes >"$T_TMP/out" &&
		cmp "$T_TMP/img" "$T_TMP/t-'"$c"'" &&
		grep -q "written 11534336 bytes.*identical" "$T_TMP/out" &&
		"$STICKLER" verify "$T_TMP/noext-'"$c"'" "$T_TMP/t-'"$c"'"
	'
done

t_expect "xz and zstd record the size: a too small --size is refused first" '
	test "$(w_status "$STICKLER" write "$T_TMP/noext-xz" "$T_TMP/small-xz" \
		--mode raw --size 8M --yes)" = 1 &&
	grep -q "image is larger than .*small-xz. (11 MiB > 8388608 bytes)\|image is larger than" "$T_TMP/err" &&
	grep -q "untouched" "$T_TMP/err" && ! test -e "$T_TMP/small-xz"
'

t_expect "gzip does not record it: streaming stops at the target end" '
	test "$(w_status "$STICKLER" write "$T_TMP/noext-gzip" "$T_TMP/small-gz" \
		--mode raw --size 8M --yes)" = 1 &&
	grep -q "image is larger than the target" "$T_TMP/err" &&
	grep -q "first MiB was not written" "$T_TMP/err" &&
	test "$(wc -l <"$T_TMP/err")" = 1
'

t_done
