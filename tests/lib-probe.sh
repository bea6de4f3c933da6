# SPDX-License-Identifier: GPL-3.0-or-later
# lib-probe.sh - helpers of the probe tests (t11N): stickler's answers and
# xorriso's / fdisk's answers about the same image, in one line format so
# they can be compared with diff.

# probe_json IMAGE OUT: the JSON report, checked to be valid JSON.
probe_json()
{
	"$STICKLER" probe --json "$1" >"$2" && jq -e . "$2" >/dev/null
}

# El Torito entries as "platform bootable emulation sectors lba path".
eltorito_ours()
{
	jq -r '.el_torito.entries[] |
		[.platform, (if .bootable then "y" else "n" end),
		 ({"none": "none", "floppy-1.2M": "fd1.2",
		   "floppy-1.44M": "fd1.4", "floppy-2.88M": "fd2.8",
		   "hard-disk": "hd"}[.emulation] // .emulation),
		 .sector_count, .load_lba, (.file // "-")] | join(" ")' "$1"
}

eltorito_xorriso()
{
	xorriso -indev "$1" -report_el_torito plain 2>/dev/null >"$T_TMP/xr"
	awk '
	/^El Torito img path :/ { path[$6] = $7 }
	/^El Torito boot img :/ {
		n++; pl[n] = tolower($7); b[n] = $8; em[n] = $9; sz[n] = $12
		lba[n] = $13
	}
	END {
		for (i = 1; i <= n; i++)
			print pl[i], b[i], em[i], sz[i], lba[i],
			      (i in path) ? path[i] : "-"
	}' "$T_TMP/xr"
}

catalog_xorriso()
{
	xorriso -indev "$1" -report_el_torito plain 2>/dev/null |
		awk '/^El Torito catalog  :/ { print $5 }'
}

# MBR entries as "bootable start sectors type" (type in hex).
mbr_ours()
{
	jq -r '.mbr.partitions[] | [(if .bootable then "*" else "-" end),
		.start_lba, .sectors, .type] | @tsv' "$1" |
		while read -r boot start sectors type; do
			printf '%s %s %s %x\n' "$boot" "$start" "$sectors" "$type"
		done
}

mbr_fdisk()
{
	fdisk -l -t dos -o Boot,Start,Sectors,Id "$1" |
		sed -n '/^Boot  *Start/,$p' | sed 1d |
		awk '{ if (NF == 4) print "*", $2, $3, $4; else print "-", $1, $2, $3 }'
}

# GPT entries as "first last TYPE-GUID".
gpt_ours()
{
	jq -r '.gpt.partitions[] | [.first_lba, .last_lba, .type_guid] |
		join(" ")' "$1"
}

gpt_fdisk()
{
	fdisk -l -t gpt -o Start,End,Type-UUID "$1" |
		sed -n '/^ *Start  *End/,$p' | sed 1d | awk '{ print $1, $2, $3 }'
}

# compare_with_tools IMAGE: El Torito, MBR and GPT as the tools see them.
compare_with_tools()
{
	probe_json "$1" "$T_TMP/p.json" &&
	eltorito_ours "$T_TMP/p.json" >"$T_TMP/ours" &&
	eltorito_xorriso "$1" >"$T_TMP/theirs" &&
	diff -u "$T_TMP/theirs" "$T_TMP/ours" &&
	test "$(jq .el_torito.catalog_lba "$T_TMP/p.json")" = \
		"$(catalog_xorriso "$1")" &&
	mbr_ours "$T_TMP/p.json" >"$T_TMP/ours" &&
	mbr_fdisk "$1" >"$T_TMP/theirs" &&
	diff -u "$T_TMP/theirs" "$T_TMP/ours" &&
	if test "$(jq .mbr.protective "$T_TMP/p.json")" = true; then
		gpt_ours "$T_TMP/p.json" >"$T_TMP/ours" &&
		gpt_fdisk "$1" >"$T_TMP/theirs" &&
		diff -u "$T_TMP/theirs" "$T_TMP/ours"
	fi
}
