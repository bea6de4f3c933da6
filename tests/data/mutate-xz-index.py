#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# mutate-xz-index.py IN OUT DELTA - copy an .xz file with the uncompressed
# size of its last index record lowered by DELTA (raised if negative) and
# the index CRC32 made right again, so the index is well-formed and only
# lies (xz file format 1.0.4, section 4: index; 2.1.2: stream footer).
import sys, zlib, struct
d = bytearray(open(sys.argv[1], 'rb').read())
delta = int(sys.argv[3]) if len(sys.argv) > 3 else 1
end = len(d)
while end >= 16 and d[end-4:end] == b'\0\0\0\0':
    end -= 4
footer = d[end-12:end]
bsize = (struct.unpack('<I', footer[4:8])[0] + 1) * 4
i0 = end - 12 - bsize
def varint(p):
    v = 0; s = 0
    while True:
        b = d[p]; v |= (b & 0x7f) << s; p += 1; s += 7
        if not b & 0x80: return v, p
def put(p, v, n):
    for k in range(n):
        b = v & 0x7f; v >>= 7
        d[p + k] = b | (0x80 if k < n - 1 else 0)
assert d[i0] == 0
n, p = varint(i0 + 1)
last = None
for _ in range(n):
    _, p = varint(p)
    q = p
    v, p = varint(p)
    last = (q, v, p - q)
q, v, ln = last
put(q, v - delta, ln)
crcp = bsize - 4 + i0
struct.pack_into('<I', d, crcp, zlib.crc32(bytes(d[i0:crcp])))
open(sys.argv[2], 'wb').write(d)
