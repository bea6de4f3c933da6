#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# mkcorpus.py - write the hand-made seed inputs of fuzz-probe (each under
# 64 KiB) into tests/fuzz/corpus-fuzz-probe/. Run it again to remake them:
#
#   bios.iso        26-block ISO 9660: PVD, El Torito boot record, path
#                   tables, root and one subdirectory, a boot catalog with a
#                   BIOS default entry loading BOOT.BIN
#   hybrid.iso      the same with an MBR (type 0 + 0xef entries), a GPT at
#                   LBA 1 (512) and a UEFI section in the catalog
#   mbr.bin         a plain MBR disk sector with two partitions
#   gpt2048.bin     a protective MBR and a GPT in 2048-byte sectors
#   apple.bin       an Apple driver descriptor map and partition map entry
import os
import struct
import zlib

B = 2048
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "corpus-fuzz-probe")


def both16(v):
    return struct.pack("<H", v) + struct.pack(">H", v)


def both32(v):
    return struct.pack("<I", v) + struct.pack(">I", v)


def dirrec(name, lba, size, is_dir):
    n = len(name)
    rec = bytes([0, 0]) + both32(lba) + both32(size) + bytes(7)
    rec += bytes([2 if is_dir else 0, 0, 0]) + both16(1) + bytes([n]) + name
    if len(rec) % 2 == 1 or (len(rec) + 1) % 2 == 1:
        pass
    rec = bytes([len(rec) + (len(rec) % 2)]) + rec[1:]
    return rec + bytes(rec[0] - len(rec))


def iso(uefi):
    img = bytearray(26 * B)
    # ECMA-119 8.4: primary volume descriptor
    pvd = bytearray(B)
    pvd[0] = 1
    pvd[1:6] = b"CD001"
    pvd[6] = 1
    pvd[8:40] = b"LINUX".ljust(32)
    pvd[40:72] = b"FUZZ_SEED".ljust(32)
    pvd[80:88] = both32(26)
    pvd[120:124] = both16(1)
    pvd[124:128] = both16(1)
    pvd[128:132] = both16(B)
    pt_l = bytes([1, 0]) + struct.pack("<IH", 21, 1) + b"\0\0"
    pt_l += bytes([1, 0]) + struct.pack("<IH", 22, 1) + b"D\0"
    pt_m = bytes([1, 0]) + struct.pack(">IH", 21, 1) + b"\0\0"
    pt_m += bytes([1, 0]) + struct.pack(">IH", 22, 1) + b"D\0"
    pvd[132:140] = both32(len(pt_l))
    pvd[140:144] = struct.pack("<I", 19)
    pvd[148:152] = struct.pack(">I", 20)
    pvd[156:190] = dirrec(b"\0", 21, B, True)
    pvd[318:446] = b"STICKLER FUZZ".ljust(128)
    pvd[574:702] = b"MKCORPUS".ljust(128)
    pvd[881] = 1
    img[16 * B:17 * B] = pvd
    # El Torito 2.0: boot record volume descriptor
    br = bytearray(B)
    br[1:6] = b"CD001"
    br[6] = 1
    br[7:30] = b"EL TORITO SPECIFICATION"
    br[0x47:0x4b] = struct.pack("<I", 23)
    img[17 * B:18 * B] = br
    img[18 * B:18 * B + 7] = b"\xffCD001\x01"
    img[19 * B:19 * B + len(pt_l)] = pt_l
    img[20 * B:20 * B + len(pt_m)] = pt_m
    root = dirrec(b"\0", 21, B, True) + dirrec(b"\1", 21, B, True)
    root += dirrec(b"BOOT.BIN;1", 24, B, False)
    root += dirrec(b"BOOT.CAT;1", 23, B, False)
    root += dirrec(b"D", 22, B, True)
    img[21 * B:21 * B + len(root)] = root
    sub = dirrec(b"\0", 22, B, True) + dirrec(b"\1", 21, B, True)
    sub += dirrec(b"A.TXT;1", 25, 3, False)
    img[22 * B:22 * B + len(sub)] = sub
    # El Torito 2.1-2.4: validation entry, default entry, UEFI section
    cat = bytearray(B)
    cat[0] = 1
    cat[4:12] = b"STICKLER"
    cat[30:32] = b"\x55\xaa"
    s = sum(struct.unpack("<16H", bytes(cat[:32]))) & 0xffff
    cat[28:30] = struct.pack("<H", (0x10000 - s) & 0xffff)
    cat[32:44] = bytes([0x88, 0, 0, 0, 0, 0]) + struct.pack("<HI", 4, 24)
    if uefi:
        cat[64:68] = bytes([0x91, 0xef]) + struct.pack("<H", 1)
        cat[96:108] = bytes([0x88, 0, 0, 0, 0, 0]) + struct.pack("<HI", 4, 25)
    img[23 * B:24 * B] = cat
    img[24 * B:24 * B + 4] = b"\xfa\xeb\xfe\x90"
    img[25 * B:25 * B + 3] = b"hi\n"
    if uefi:
        mbr(img, [(0x80, 0x00, 0, 26 * 4), (0, 0xef, 100, 4)], code=True)
        gpt(img, 512)
    return bytes(img)


def mbr(img, parts, code=False):
    if code:
        img[0:4] = b"\x33\xed\xfa\x90"
    for i, (status, typ, start, size) in enumerate(parts):
        o = 446 + 16 * i
        img[o] = status
        img[o + 4] = typ
        img[o + 8:o + 16] = struct.pack("<II", start, size)
    img[510:512] = b"\x55\xaa"


def gpt(img, ss):
    esp = bytes.fromhex("28732ac11ff8d211ba4b00a0c93ec93b")
    basic = bytes.fromhex("a2a0d0ebe5b9334487c068b6b72699c7")
    n = 4
    ents = bytearray(128 * n)
    ents[0:16] = esp
    ents[16:32] = os.urandom(16)
    ents[32:48] = struct.pack("<QQ", 100, 103)
    ents[56:62] = "ESP".encode("utf-16-le")
    ents[128:144] = basic
    ents[160:176] = struct.pack("<QQ", 104, 200)
    h = bytearray(92)
    h[0:8] = b"EFI PART"
    h[8:16] = struct.pack("<II", 0x10000, 92)
    h[24:56] = struct.pack("<QQQQ", 1, len(img) // ss - 1, 3, 200)
    h[72:92] = struct.pack("<QIII", 2, n, 128, zlib.crc32(ents))
    h[16:20] = struct.pack("<I", zlib.crc32(h))
    img[ss:ss + 92] = h
    img[2 * ss:2 * ss + len(ents)] = ents


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {"bios.iso": iso(False), "hybrid.iso": iso(True)}
    disk = bytearray(16384)
    mbr(disk, [(0x80, 0x83, 2048, 1000), (0, 0x0c, 3048, 500)])
    files["mbr.bin"] = bytes(disk)
    disk = bytearray(32768)
    mbr(disk, [(0, 0xee, 1, 0xffffffff)])
    gpt(disk, 2048)
    files["gpt2048.bin"] = bytes(disk)
    disk = bytearray(8192)
    disk[0:4] = b"ER\x02\x00"
    disk[512:514] = b"PM"
    files["apple.bin"] = bytes(disk)
    for name, data in files.items():
        assert len(data) < 65536
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


main()
