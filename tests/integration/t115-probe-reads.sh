#!/bin/sh
# t115-probe-reads.sh - the probe reads metadata only: the bytes it reads
# do not grow with the file data (counted with strace, not timed), and the
# UDF bridge is recognised from its descriptors alone.
. "$(dirname "$0")/../lib.sh"
t_desc "probe reads descriptors and directories, not file data"
t_need xorriso strace jq

# bytes_read IMAGE: every byte the probe of IMAGE read, libraries included.
bytes_read()
{
	strace -f -qq -e trace=read,pread64 -o "$T_TMP/trace" \
		"$STICKLER" probe "$1" >/dev/null &&
	sed -En 's/^[0-9]+ +(read|pread64)\(.*= ([0-9]+)$/\2/p' "$T_TMP/trace" |
		awk '{ s += $1 } END { print s + 0 }'
}

t_expect "a 64 MiB file inside costs no more reads than none" '
	small=$(bytes_read "$(t_fixture isolinux.iso)") &&
	big=$(bytes_read "$(t_fixture bigfile.iso)") &&
	echo "read $small bytes for isolinux.iso, $big for bigfile.iso" &&
	test "$small" -gt 0 &&
	test "$big" -lt $((small + 65536)) &&
	test "$big" -lt $((2 * 1024 * 1024))
'

t_expect "the UDF recognition sequence after the terminator is seen" '
	f=$(t_tmpfile udf.iso) &&
	cp "$(t_fixture plain.iso)" "$f" &&
	term=$(for b in 17 18 19 20; do
		dd if="$f" bs=2048 skip=$b count=1 2>/dev/null | head -c 6 |
			od -An -c | tr -d " " | grep -q "^377CD001" &&
			echo $b && break; done) &&
	test -n "$term" &&
	i=1 && for id in BEA01 NSR02 TEA01; do
		printf "\000%s\001" "$id" | dd of="$f" bs=1 \
			seek=$(((term + i) * 2048)) conv=notrunc 2>/dev/null
		i=$((i + 1))
	done &&
	"$STICKLER" probe --json "$f" | jq -e ".iso9660.udf" &&
	"$STICKLER" probe --json "$(t_fixture plain.iso)" |
		jq -e ".iso9660.udf == false"
'

t_done
