#!/bin/sh
# t114-probe-json.sh - the --json object: valid, same top-level keys in the
# same order for every kind of image, and every key documented in README.
. "$(dirname "$0")/../lib.sh"
t_desc "probe --json shape and its documentation"
t_need xorriso jq mkfs.fat mcopy

fixtures="data.iso isolinux.iso isohybrid-uefi.iso grub-bios.iso
	  windows.iso disk.img gpt-disk.img truncated.iso empty.img"

t_expect "one valid JSON object per image, top-level keys fixed" '
	for f in $fixtures; do
		"$STICKLER" probe --json "$(t_fixture $f)" >"$T_TMP/$f.json" &&
		jq -e "type == \"object\"" "$T_TMP/$f.json" >/dev/null &&
		jq -c keys_unsorted "$T_TMP/$f.json" >>"$T_TMP/keys" || return 1
	done &&
	test "$(sort -u "$T_TMP/keys" | wc -l)" = 1 &&
	grep -q "\"path\",\"kind\",.*\"verdict\"" "$T_TMP/keys"
'

t_expect "every key is documented in README" '
	sed -n "/^## probe --json/,/^Lists hold/p" "$T_TOP/README.md" \
		>"$T_TMP/doc" &&
	test -s "$T_TMP/doc" &&
	cat "$T_TMP"/*.json | jq -r "[paths | .[] | strings] | .[]" |
		sort -u >"$T_TMP/names" &&
	test "$(wc -l <"$T_TMP/names")" -gt 40 &&
	while read -r k; do
		grep -qE "[\`.]$k([\` .]|\[\])" "$T_TMP/doc" ||
			{ echo "undocumented key: $k"; return 1; }
	done <"$T_TMP/names"
'

t_expect "strings are escaped: a volume id with a quote and a backslash" '
	mkdir -p "$T_TMP/tree" && echo x >"$T_TMP/tree/f" &&
	xorriso -report_about SORRY -as mkisofs -V "A\"B\\\\C" \
		-o "$T_TMP/q.iso" "$T_TMP/tree" 2>/dev/null &&
	"$STICKLER" probe --json "$T_TMP/q.iso" >"$T_TMP/q.json" &&
	test "$(jq -r .iso9660.volume_id "$T_TMP/q.json")" = "A\"B\\\\C"
'

t_done
