#!/bin/sh
# t260-interrupted-old-table.sh - a write cut off over a stick that
# already boots leaves no old partition table: the old MBR and both GPT
# copies are wiped before the body, the new first MiB comes last. And a
# block device image is never written to itself, through any node.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "old MBR/GPT wiped before the body; a device is not its own image"
t_need_root
t_need nbdkit nbdfuse fusermount3 jq sfdisk

plugin=$T_TOP/tests/data/faulty-disk.sh
img=$(w_random img 24M)
export FD_DISK="$T_TMP/old.back"
tr '\0' '\377' </dev/zero | head -c 32M >"$FD_DISK"
printf 'label: gpt\n,8M,L\n,,L\n' | sfdisk -q "$FD_DISK" >/dev/null 2>&1 ||
	t_skip_all "sfdisk cannot label the backing file"
cp "$FD_DISK" "$T_TMP/before"
dev=$(w_nbd_device old --filter=rate sh "$plugin" rate=64M) ||
	t_skip_all "cannot build the throttled device"

# wait_for FILE JQ-FILTER: until a line of FILE matches (bounded)
wait_for()
{
	i=0
	until jq -e "$2" "$1" 2>/dev/null | grep -q true; do
		i=$((i + 1))
		test $i -lt 600 || return 1
		sleep 0.05
	done
}

t_expect "the old stick has an MBR and two GPT headers (sfdisk)" '
	sfdisk -d "$FD_DISK" | grep -q "^label: gpt" &&
	test "$(dd if="$FD_DISK" bs=512 skip=1 count=1 status=none | head -c 8)" = "EFI PART" &&
	test "$(tail -c 512 "$FD_DISK" | head -c 8)" = "EFI PART"
'

t_expect "interrupted mid-body: exit 4, no table left, state says wiped" '
	"$STICKLER" write "$img" "$dev" --mode raw --any-device --yes \
		--progress=json >"$T_TMP/lines" 2>"$T_TMP/err" &
	pid=$! &&
	wait_for "$T_TMP/lines" "select(.phase == \"write\") | .done >= 4194304" &&
	kill -INT $pid && { wait $pid; test $? = 4; } &&
	cat "$T_TMP/err" &&
	grep -q "partially written .* after its old partition tables were wiped; its first MiB was not written" "$T_TMP/err" &&
	! sfdisk -d "$FD_DISK" >"$T_TMP/sfdisk" 2>&1 &&
	cat "$T_TMP/sfdisk" &&
	test "$(head -c 8192 "$FD_DISK" | tr -d "\0" | wc -c)" = 0 &&
	cmp -n 1040384 -i 8192 "$T_TMP/before" "$FD_DISK" &&
	test "$(tail -c 8192 "$FD_DISK" | tr -d "\0" | wc -c)" = 0
'

t_expect "written again to the end: the image, verified" '
	"$STICKLER" write "$img" "$dev" --mode raw --any-device --yes \
		>"$T_TMP/out" 2>&1 &&
	cmp -n 25165824 "$img" "$FD_DISK"
'

src=$(t_tmpfile src.img 8M)
loop=$(t_loop_attach "$src") || t_skip_all "cannot attach a loop device"
mknod "$T_TMP/samedev" b "$(stat -c '%t' "$loop" | xargs printf '%d')" \
	"$(stat -c '%T' "$loop" | xargs printf '%d')"
t_random t260-interrupted-old-table:old-contents 1M | dd of="$loop" bs=1M conv=fsync status=none
sum=$(md5sum <"$loop")

t_expect "a loop device as the image, the same device as the target" '
	! "$STICKLER" write "$loop" "$T_TMP/samedev" --mode raw --any-device \
		--yes >"$T_TMP/out" 2>&1 &&
	cat "$T_TMP/out" &&
	grep -q "is the image .* itself\|holds the source image" "$T_TMP/out" &&
	grep -q untouched "$T_TMP/out" &&
	test "$(md5sum <"$loop")" = "$sum"
'

t_done
