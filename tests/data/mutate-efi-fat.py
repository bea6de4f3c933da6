#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# mutate-efi-fat.py IMG MODE - damage a FAT16 El Torito EFI image made by
# mkfs.fat with /EFI/BOOT/BOOTX64.EFI (at least two clusters), in place:
#   chain-loop  the file's second cluster points back at its first
#   dir-loop    /EFI/BOOT's entry points at /EFI's own cluster
# (Microsoft FAT specification: BPB at byte 11, 16-bit FAT entries,
# 32-byte directory entries with the first cluster at byte 26.)
import struct
import sys

path, mode = sys.argv[1], sys.argv[2]
d = bytearray(open(path, 'rb').read())
bps, spc = struct.unpack_from('<H', d, 11)[0], d[13]
rsvd, nfats = struct.unpack_from('<H', d, 14)[0], d[16]
rootents, fatsz = struct.unpack_from('<H', d, 17)[0], \
    struct.unpack_from('<H', d, 22)[0]
fat = rsvd * bps
root = (rsvd + nfats * fatsz) * bps
data = root + rootents * 32
cb = bps * spc


def entries(off, n):
    for i in range(n):
        e = off + 32 * i
        if d[e] == 0:
            return
        if d[e] != 0xe5 and d[e + 11] != 0x0f:
            yield e


def find(off, n, name):
    for e in entries(off, n):
        if bytes(d[e:e + 11]) == name:
            return e
    sys.exit('no %r' % name)


efi = find(root, rootents, b'EFI        ')
efi_c = struct.unpack_from('<H', d, efi + 26)[0]
boot = find(data + (efi_c - 2) * cb, cb // 32, b'BOOT       ')
boot_c = struct.unpack_from('<H', d, boot + 26)[0]
f = find(data + (boot_c - 2) * cb, cb // 32, b'BOOTX64 EFI')
f_c = struct.unpack_from('<H', d, f + 26)[0]
if mode == 'chain-loop':
    second = struct.unpack_from('<H', d, fat + 2 * f_c)[0]
    assert 2 <= second < 0xfff8, 'the file has one cluster'
    for k in range(nfats):
        struct.pack_into('<H', d, fat + k * fatsz * bps + 2 * second, f_c)
elif mode == 'dir-loop':
    struct.pack_into('<H', d, boot + 26, efi_c)
else:
    sys.exit('unknown mode ' + mode)
open(path, 'wb').write(d)
