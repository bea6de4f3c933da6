#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mkbootfix.sh - build the boot-test fixtures (a Debian kernel, busybox
# initramfs images that print a marker on ttyS0, and ISOs made with xorriso,
# ISOLINUX and GRUB) and print the path of the one asked for.
#
#   tests/data/mkbootfix.sh ROOT NAME    (normally through t_bootfix)
#
# Fixtures live in ROOT/<hash of this script>/NAME, so editing this script
# rebuilds them; the kernel package is kept in ROOT/debs across edits.
# Names:
#   vmlinuz            Debian's kernel (linux-image-amd64's dependency)
#   initrd-plain.img   prints the marker at once
#   initrd-label.img   prints it only when a filesystem carries the label
#                      the command line names (LABEL=, CDLABEL=, ...=X)
#   initrd-hash.img    mounts each disk (vfat, else iso9660), hashes every
#                      file under /data and prints it only when the names
#                      and sha256 sums equal the list built in (tree.sha256)
#   tree/, tree.sha256 that deep tree (long, non-ASCII, colliding names)
#   bios-isolinux.iso  (1) ISOLINUX only, not hybrid
#   hybrid-efi.iso     (2) ISOLINUX + UEFI El Torito (GRUB) + EFI/BOOT,
#                      isohybrid with GPT
#   label.iso          (3) as (2) but not hybrid; initrd-label, the command
#                      lines name the volume id STK_LABEL_FIXTURE
#   deep-tree.iso      (4) as (2) but not hybrid; initrd-hash and tree/
#
# Marker on the serial line: "STK-BOOT-OK variant=V via=W ..." where W is
# "isolinux" or "grub" (the loader that started the kernel) or what the
# command line gives as stk.via=; a failing check prints "STK-BOOT-FAIL ...".
# Every initramfs powers the machine off afterwards (poweroff -f).
set -eu

test $# = 2 || {
	echo "usage: $0 ROOT NAME" >&2
	exit 2
}
root=$1
name=$2
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
key=$(sha256sum <"$self" | cut -c1-16)
dir=$root/$key
debs=$root/debs
mkdir -p "$dir" "$debs"
LABEL_VOLID=STK_LABEL_FIXTURE
MODULES="xhci-pci xhci-hcd usb-storage sd_mod sr_mod isofs fat vfat nls_cp437
nls_iso8859-1 nls_utf8"

say()
{
	echo "mkbootfix: $*" >&2
}

# need NAME: build NAME into $dir unless it is there (built under a
# temporary name, renamed when complete, so a killed build leaves nothing).
need()
{
	test -e "$dir/$1" && return 0
	say "building $1"
	rm -rf "$dir/$1.tmp"
	"build_$(echo "$1" | tr '.-' '__')" "$dir/$1.tmp"
	mv "$dir/$1.tmp" "$dir/$1"
}

# The kernel: the package linux-image-amd64 depends on, unpacked once.
kernel_unpack()
{
	test -d "$dir/kernel" && return 0
	pkg=$(apt-cache depends linux-image-amd64 |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n 1)
	test -n "$pkg" || {
		say "cannot tell which kernel linux-image-amd64 depends on"
		return 1
	}
	deb=$(ls "$debs/${pkg}"_*.deb 2>/dev/null | head -n 1 || true)
	if test -z "$deb"; then
		say "downloading $pkg"
		(cd "$debs" && apt-get download -q "$pkg" >&2)
		deb=$(ls "$debs/${pkg}"_*.deb | head -n 1)
	fi
	rm -rf "$dir/kernel.tmp"
	dpkg -x "$deb" "$dir/kernel.tmp"
	mv "$dir/kernel.tmp" "$dir/kernel"
}

build_vmlinuz()
{
	kernel_unpack
	cp "$dir"/kernel/boot/vmlinuz-* "$1"
}

# Modules with their dependencies (modinfo's depends= field, which is what
# depmod derives modules.dep from), one path a line, dependencies first.
modpath()
{
	local n u
	n=$(echo "$1" | tr _ -)
	u=$(echo "$1" | tr - _)
	find "$mods" \( -name "$1.ko" -o -name "$n.ko" -o -name "$u.ko" \) |
		head -n 1
}

modorder()
{
	local p d
	p=$(modpath "$1")
	test -n "$p" || {
		say "no module $1 (built in?)"
		return 0
	}
	grep -qxF "$p" "$seen" && return 0
	echo "$p" >>"$seen"
	for d in $(tr '\0' '\n' <"$p" | sed -n 's/^depends=//p' | tr , ' '); do
		modorder "$d"
	done
	echo "$p" >>"$order"
}

build_modules()
{
	kernel_unpack
	mods=$(echo "$dir"/kernel/lib/modules/*)
	seen=$1.seen
	order=$1.order
	: >"$seen"
	: >"$order"
	for m in $MODULES; do
		modorder "$m"
	done
	mkdir -p "$1"
	while read -r p; do
		cp "$p" "$1/"
		basename "$p" >>"$1/order"
	done <"$order"
	rm -f "$seen" "$order"
}

# /init of every variant; the variant is in /etc/stk-variant, the list of
# the hash variant in /etc/stk-tree.sha256.
write_init()
{
	cat >"$1" <<'EOF'
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
variant=$(cat /etc/stk-variant)
via=unknown
for w in $(cat /proc/cmdline); do
	case $w in
	stk.via=*) via=${w#stk.via=} ;;
	# as an initramfs looks in /dev/disk/by-label, whose names udev
	# writes with \xNN escapes (a blank is \x20): decoded for findfs
	*LABEL=*) want=$(printf '%b' "${w##*LABEL=}") ;;
	esac
done
out() { echo "$*" >/dev/ttyS0; }
# poweroff -f does not return; should it, nothing else may be printed.
off() { poweroff -f; while :; do sleep 1; done; }
ok() { out "STK-BOOT-OK variant=$variant via=$via $*"; off; }
fail() { out "STK-BOOT-FAIL variant=$variant via=$via: $*"; off; }

# Wait (up to ~30 s, TCG is slow) for the USB disk and its partitions.
disks()
{
	for i in $(seq 60); do
		if ls /sys/block | grep -q -e '^sd' -e '^sr'; then
			sleep 1
			return 0
		fi
		sleep 0.5
	done
	return 1
}

case $variant in
plain)
	ok
	;;
label)
	test -n "${want:-}" || fail "no LABEL= on the command line"
	while read -r m args; do
		insmod "/lib/modules/$m" $args
	done </lib/modules/order
	disks || fail "no disk appeared"
	for i in 1 2 3; do
		dev=$(findfs "LABEL=$want" 2>/dev/null) && ok "dev=$dev label=$want"
		sleep 1
	done
	fail "no filesystem labelled '$want'"
	;;
hash)
	while read -r m args; do
		insmod "/lib/modules/$m" $args
	done </lib/modules/order
	disks || fail "no disk appeared"
	mkdir -p /mnt
	for d in /dev/sd* /dev/sr*; do
		test -b "$d" || continue
		mount -t vfat -o ro,codepage=437,iocharset=utf8 "$d" /mnt 2>/dev/null ||
			mount -t iso9660 -o ro "$d" /mnt 2>/dev/null || continue
		if test -d /mnt/data; then
			cd /mnt/data
			find . -type f | sort >/tmp/found
			sed 's/^[0-9a-f]*  //' /etc/stk-tree.sha256 >/tmp/want
			if ! cmp -s /tmp/want /tmp/found; then
				diff /tmp/want /tmp/found | head -n 20 >/dev/ttyS0
				fail "names under $d:/data differ from the list"
			fi
			if ! sha256sum -c -s /etc/stk-tree.sha256; then
				sha256sum -c /etc/stk-tree.sha256 2>&1 |
					grep -v ': OK$' | head -n 20 >/dev/ttyS0
				fail "contents under $d:/data differ from the list"
			fi
			ok "dev=$d files=$(wc -l </tmp/found)"
		fi
		umount /mnt
	done
	fail "no disk holds /data"
	;;
esac
fail "unknown variant"
EOF
	chmod 755 "$1"
}

# build_initrd VARIANT OUT: a gzip'd cpio of busybox, /init and modules.
build_initrd()
{
	local r a
	r=$2.root
	rm -rf "$r"
	mkdir -p "$r/bin" "$r/etc" "$r/proc" "$r/sys" "$r/dev" "$r/tmp" \
		"$r/lib/modules"
	cp /bin/busybox "$r/bin/busybox"
	for a in $(/bin/busybox --list); do
		test "$a" = busybox || ln -s busybox "$r/bin/$a"
	done
	write_init "$r/init"
	echo "$1" >"$r/etc/stk-variant"
	if test "$1" != plain; then
		need modules
		cp "$dir"/modules/*.ko "$r/lib/modules/"
		sed 's/^usb-storage\.ko$/& delay_use=0/' "$dir/modules/order" \
			>"$r/lib/modules/order"
	fi
	if test "$1" = hash; then
		need tree.sha256
		cp "$dir/tree.sha256" "$r/etc/stk-tree.sha256"
	fi
	(cd "$r" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) |
		gzip -9 >"$2"
	rm -rf "$r"
}

build_initrd_plain_img() { build_initrd plain "$1"; }
build_initrd_label_img() { build_initrd label "$1"; }
build_initrd_hash_img() { build_initrd hash "$1"; }

# A tree that stresses name handling: deeper than ISO 9660's 8 levels, names
# past Joliet's 64 characters, non-ASCII (Latin, Greek, CJK), 8.3 names that
# collide once shortened, lower-case 8.3 names, a directory with more
# entries than one cluster holds, characters 8.3 names may not hold, an
# empty file and a file of many clusters.
build_tree()
{
	local t p i long
	t=$1
	mkdir -p "$t"
	# file PATH SIZE: content derived from the path, so it is reproducible.
	file()
	{
		mkdir -p "$(dirname "$t/$1")"
		yes "$1" | head -c "$2" >"$t/$1"
	}
	file "readme.txt" 100
	file "README2.TXT" 200
	file "Mixed Case.Txt" 300
	file "empty" 0
	file "big.bin" 300000
	file ".hidden" 50
	file "odd+chars,in;a=name[1].txt" 60
	file "Grüße aus Köln.txt" 1000
	file "Ελληνικά/αρχείο.txt" 2048
	file "日本語のディレクトリ/ファイル名.txt" 4096
	file "naïve café/crème brûlée – recette.txt" 5000
	p=.
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		p=$p/level-$i
		file "$p/file-at-depth-$i.dat" $((i * 700))
	done
	long=a-file-name-that-is-far-longer-than-the-sixty-four-characters-joliet
	file "long/$long-allows-and-still-fine-on-fat.txt" 777
	for i in $(seq 1 90); do
		file "many/Long File Name Number $i with spaces.txt" $((i * 13))
	done
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		file "collide/LongName$i.txt" 64
	done
}

build_tree_sha256()
{
	need tree
	(cd "$dir/tree" && find . -type f | LC_ALL=C sort |
		while IFS= read -r f; do
			sha256sum "$f"
		done) >"$1"
}

# efi.img and BOOTX64.EFI: GRUB with a built-in config that turns on the
# serial console and hands over to the image's /boot/grub/grub.cfg.
build_bootx64_efi()
{
	local cfg mods
	cfg=$1.cfg
	cat >"$cfg" <<'EOF'
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
search --no-floppy --file --set=root /stk/fixture.id
configfile ($root)/boot/grub/grub.cfg
echo "stk: no /stk/fixture.id found"
EOF
	mods="normal configfile search search_fs_file search_label serial
terminal echo test linux fat iso9660 part_gpt part_msdos"
	grub-mkstandalone -O x86_64-efi -o "$1" --locales= --fonts= \
		--themes= --install-modules="$(echo $mods)" \
		--modules="$(echo $mods)" "boot/grub/grub.cfg=$cfg"
	rm -f "$cfg"
}

build_efi_img()
{
	need bootx64.efi
	kib=$(($(stat -c %s "$dir/bootx64.efi") / 1024 + 256))
	mkfs.fat -C -n STKEFI "$1" "$kib" >/dev/null
	mmd -i "$1" ::/EFI ::/EFI/BOOT
	mcopy -i "$1" "$dir/bootx64.efi" ::/EFI/BOOT/BOOTX64.EFI
}

# stage_iso DIR VARIANT EXTRA: the common tree of every ISO.
stage_iso()
{
	local s
	s=$1
	rm -rf "$s"
	mkdir -p "$s/isolinux" "$s/boot/grub" "$s/stk"
	need vmlinuz
	need "initrd-$2.img"
	cp "$dir/vmlinuz" "$s/boot/vmlinuz"
	cp "$dir/initrd-$2.img" "$s/boot/initrd.img"
	cp /usr/lib/ISOLINUX/isolinux.bin "$s/isolinux/"
	cp /usr/lib/syslinux/modules/bios/ldlinux.c32 "$s/isolinux/"
	echo "stickler boot fixture, variant $2" >"$s/stk/fixture.id"
	cat >"$s/isolinux/isolinux.cfg" <<EOF
SERIAL 0 115200
SAY stk: isolinux loaded its config
DEFAULT stk
PROMPT 0
TIMEOUT 1
LABEL stk
	KERNEL /boot/vmlinuz
	APPEND initrd=/boot/initrd.img quiet console=ttyS0,115200 stk.via=isolinux $3
EOF
	cat >"$s/boot/grub/grub.cfg" <<EOF
set timeout=0
set default=0
menuentry "stk" {
	linux /boot/vmlinuz quiet console=ttyS0,115200 stk.via=grub $3
	initrd /boot/initrd.img
}
EOF
}

stage_efi()
{
	need efi.img
	mkdir -p "$1/EFI/BOOT"
	cp "$dir/bootx64.efi" "$1/EFI/BOOT/BOOTX64.EFI"
	cp "$dir/efi.img" "$1/boot/grub/efi.img"
}

# mkiso OUT STAGE VOLID [xorriso options...]
mkiso()
{
	local out s v
	out=$1
	s=$2
	v=$3
	shift 3
	xorriso -as mkisofs -o "$out" -R -J -joliet-long \
		-disable-deep-relocation -V "$v" \
		-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot \
		-boot-load-size 4 -boot-info-table "$@" "$s" 2>"$out.log" || {
		cat "$out.log" >&2
		return 1
	}
	rm -rf "$s" "$out.log"
}

build_bios_isolinux_iso()
{
	stage_iso "$1.d" plain ""
	mkiso "$1" "$1.d" STK_BIOS_ISOLINUX
}

build_hybrid_efi_iso()
{
	stage_iso "$1.d" plain ""
	stage_efi "$1.d"
	mkiso "$1" "$1.d" STK_HYBRID_EFI \
		-isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin \
		-eltorito-alt-boot -e boot/grub/efi.img -no-emul-boot \
		-isohybrid-gpt-basdat
}

build_label_iso()
{
	stage_iso "$1.d" label "root=live:CDLABEL=$LABEL_VOLID"
	stage_efi "$1.d"
	sed -i "s/^menuentry/search --no-floppy --label $LABEL_VOLID --set=root\n&/" \
		"$1.d/boot/grub/grub.cfg"
	mkiso "$1" "$1.d" "$LABEL_VOLID" \
		-eltorito-alt-boot -e boot/grub/efi.img -no-emul-boot
}

build_deep_tree_iso()
{
	stage_iso "$1.d" hash ""
	stage_efi "$1.d"
	need tree
	cp -a "$dir/tree" "$1.d/data"
	mkiso "$1" "$1.d" STK_DEEP_TREE \
		-eltorito-alt-boot -e boot/grub/efi.img -no-emul-boot
}

case $name in
vmlinuz | initrd-plain.img | initrd-label.img | initrd-hash.img | tree | \
	tree.sha256 | bios-isolinux.iso | hybrid-efi.iso | label.iso | \
	deep-tree.iso) ;;
*)
	echo "mkbootfix: unknown fixture '$name'" >&2
	exit 2
	;;
esac

# One builder at a time; fixtures of older versions of this script go.
exec 9>"$root/.lock"
flock 9
for old in "$root"/*; do
	case $old in "$dir" | "$debs") continue ;; esac
	test -d "$old" && rm -rf "$old"
done
need "$name"
# The unpacked package (~400 MiB) is only needed for the kernel and modules.
if test -e "$dir/vmlinuz" && test -e "$dir/modules"; then
	rm -rf "$dir/kernel"
fi
echo "$dir/$name"
