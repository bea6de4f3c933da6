#!/bin/sh
# t182-read-file.sh - `stickler read` from files: where the image ends
# (ISO volume, appended partition, last partition and backup GPT), OUT
# compressed by its name (checked with zstd, xz, gzip), standard output,
# SHA256SUMS (checked with sha256sum -c), and refusals.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-workbench.sh"
t_desc "read from files: end rules, compressed OUT, stdout, refusals"
t_need xorriso zstd xz gzip mkfs.fat sha256sum

# reads_as SOURCE WANT RULE: OUT is exactly WANT; the plan says RULE.
reads_as()
{
	rm -f "$T_TMP/out.img" &&
	"$STICKLER" read "$1" "$T_TMP/out.img" >"$T_TMP/out" 2>"$T_TMP/err" &&
	cat "$T_TMP/err" && grep -q "^reads [0-9]* bytes: $3" "$T_TMP/err" &&
	cmp "$T_TMP/out.img" "$2" &&
	grep -q "verified: source read again and the output identical" "$T_TMP/out"
}

t_expect "an ISO followed by junk: to the end of the volume" '
	iso=$(t_fixture isolinux.iso) &&
	reads_as "$(wb_with_junk "$iso" j1)" "$iso" "to the end of the ISO 9660 volume"
'

t_expect "an isohybrid ISO (MBR, GPT) followed by junk" '
	iso=$(t_fixture isohybrid-uefi.iso) &&
	reads_as "$(wb_with_junk "$iso" j2)" "$iso" "to the end of the ISO 9660 volume"
'

t_expect "a hybrid ISO with an appended partition: to its end" '
	iso=$(wb_appended_iso) &&
	reads_as "$(wb_with_junk "$iso" j3)" "$iso" \
		"past the ISO 9660 volume (.*) to the end of partition 2"
'

t_expect "a GPT disk image followed by junk: partitions and backup GPT" '
	img=$(t_fixture gpt-disk.img) &&
	reads_as "$(wb_with_junk "$img" j4)" "$img" \
		"to the end of the last partition (2) and the backup GPT"
'

t_expect "an MBR disk: to the end of its last partition" '
	img=$(t_fixture disk.img) &&
	head -c 7340032 "$img" >"$T_TMP/disk-part" &&
	reads_as "$img" "$T_TMP/disk-part" "to the end of the last partition (1)"
'

t_expect "nothing recognised, or --whole: everything" '
	src=$(wb_with_junk "$(t_fixture isolinux.iso)" j5) &&
	"$STICKLER" read "$src" "$T_TMP/whole.img" --whole 2>"$T_TMP/err" >/dev/null &&
	grep -q "^reads [0-9]* bytes: the whole source, as asked" "$T_TMP/err" &&
	cmp "$src" "$T_TMP/whole.img" &&
	t_random t182-read-file:rnd 5000000 >"$T_TMP/rnd" &&
	reads_as "$T_TMP/rnd" "$T_TMP/rnd" "the whole source: no ISO 9660 volume or partition table"
'

t_expect ".zst, .xz, .gz: compressed while reading, as the tools read them" '
	iso=$(t_fixture isohybrid.iso) && src=$(wb_with_junk "$iso" j6) &&
	"$STICKLER" read "$src" "$T_TMP/o.iso.zst" 2>"$T_TMP/err" >/dev/null &&
	grep -q "zstd-compressed while reading" "$T_TMP/err" &&
	zstd -dc "$T_TMP/o.iso.zst" | cmp - "$iso" &&
	"$STICKLER" read "$src" "$T_TMP/o.iso.xz" 2>/dev/null >/dev/null &&
	xz -dc "$T_TMP/o.iso.xz" | cmp - "$iso" &&
	"$STICKLER" read "$src" "$T_TMP/o.iso.gz" 2>/dev/null >/dev/null &&
	gzip -dc "$T_TMP/o.iso.gz" | cmp - "$iso" &&
	zstd -lv "$T_TMP/o.iso.zst" 2>&1 | grep -q "Decompressed Size: .*($(stat -c %s "$iso") B)"
'

t_expect "standard output: the image alone, messages on stderr" '
	iso=$(t_fixture isolinux.iso) &&
	"$STICKLER" read "$(wb_with_junk "$iso" j7)" - 2>"$T_TMP/err" | cmp - "$iso" &&
	grep -q "standard output cannot be read back" "$T_TMP/err"
'

t_expect "--sums: a SHA256SUMS line that sha256sum -c accepts" '
	mkdir -p "$T_TMP/sums" &&
	"$STICKLER" read "$(t_fixture isolinux.iso)" "$T_TMP/sums/a.iso.zst" --sums >"$T_TMP/out" 2>/dev/null &&
	"$STICKLER" read "$(t_fixture isohybrid.iso)" "$T_TMP/sums/b.iso" --sums >/dev/null 2>&1 &&
	test "$(wc -l <"$T_TMP/sums/SHA256SUMS")" = 2 &&
	(cd "$T_TMP/sums" && sha256sum -c SHA256SUMS) &&
	grep -q "^sha256 $(sha256sum <"$T_TMP/sums/a.iso.zst" | cut -d" " -f1)$" "$T_TMP/out"
'

t_expect "an existing OUT is refused unless --force; OUT may not be SOURCE" '
	iso=$(t_fixture isolinux.iso) &&
	printf "keep\n" >"$T_TMP/exists.iso" &&
	test "$("$STICKLER" read "$iso" "$T_TMP/exists.iso" 2>"$T_TMP/err"; echo $?)" = 1 &&
	grep -q "exists (--force replaces it); nothing read" "$T_TMP/err" &&
	test "$(cat "$T_TMP/exists.iso")" = keep &&
	"$STICKLER" read "$iso" "$T_TMP/exists.iso" --force >/dev/null 2>&1 &&
	cmp "$iso" "$T_TMP/exists.iso" &&
	cp "$iso" "$T_TMP/self.iso" && ln -s self.iso "$T_TMP/self-link.iso" &&
	! "$STICKLER" read "$T_TMP/self.iso" "$T_TMP/self-link.iso" --force 2>"$T_TMP/err" &&
	cat "$T_TMP/err" && cmp "$iso" "$T_TMP/self.iso"
'

t_expect "a FIFO or an empty file is no source" '
	mkfifo "$T_TMP/fifo" && : >"$T_TMP/empty" &&
	! "$STICKLER" read "$T_TMP/fifo" "$T_TMP/f.img" 2>"$T_TMP/err" &&
	grep -q "is neither a block device nor a regular file" "$T_TMP/err" &&
	! "$STICKLER" read "$T_TMP/empty" "$T_TMP/f.img" 2>"$T_TMP/err" &&
	grep -q "is empty" "$T_TMP/err" && test ! -e "$T_TMP/f.img"
'

t_done
