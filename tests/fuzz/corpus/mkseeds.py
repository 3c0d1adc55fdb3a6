#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the seed frames of corpus/fuzz_aoe/ (AoE r11 layout, by hand).
import os, struct
here = os.path.dirname(os.path.abspath(__file__))
T = bytes.fromhex('525400000001'); I = bytes.fromhex('525400000002'); BC = b'\xff' * 6

def hdr(dst, src, flags, err, shelf, slot, cmd, tag):
    return dst + src + struct.pack('>HBBHBBI', 0x88A2, 0x10 | flags, err, shelf, slot, cmd, tag)

def pad(f):
    return f + bytes(max(0, 60 - len(f)))

def ata(aflags, feat, scnt, cmdstat, lba):
    return struct.pack('<BBBB', aflags, feat, scnt, cmdstat) + lba.to_bytes(6, 'little') + b'\0\0'

def identify_data():
    w = bytearray(512)
    def fld(word, n, s):
        s = s.ljust(n).encode()
        for i in range(0, n, 2):
            w[2*word+i] = s[i+1]; w[2*word+i+1] = s[i]
    fld(27, 40, 'Coraid EtherDrive vblade'); fld(23, 8, 'V25'); fld(10, 20, '1.2:server1')
    struct.pack_into('<H', w, 2*83, 0x5400)
    struct.pack_into('<I', w, 2*60, 20480); struct.pack_into('<Q', w, 2*100, 20480)
    return bytes(w)

seeds = {
    'identify-req': pad(hdr(T, I, 0, 0, 1, 2, 0, 0x80000001) + ata(0, 0, 1, 0xEC, 0xA0 << 24)),
    'identify-resp': hdr(I, T, 8, 0, 1, 2, 0, 0x80000001) + ata(0, 0, 0, 0x40, 0xA0 << 24) + identify_data(),
    'read28-req': pad(hdr(T, I, 0, 0, 1, 2, 0, 0x80020010) + ata(0, 0, 2, 0x20, 0xE0000008)),
    'read48-req': pad(hdr(T, I, 0, 0, 1, 2, 0, 0x80030010) + ata(0x40, 0, 2, 0x24, 0x123456789A)),
    'read-resp': hdr(I, T, 8, 0, 1, 2, 0, 0x00020010) + ata(0, 0, 0, 0x40, 0xE000000A) + bytes(range(256)) * 4,
    'read-err': pad(hdr(I, T, 8, 0, 1, 2, 0, 0x00020011) + ata(0, 0x10, 2, 0x41, 0xE0000008)),
    'cfg-read-bcast': pad(hdr(BC, I, 0, 0, 0xFFFF, 0xFF, 1, 0x80000000) + bytes(8)),
    'cfg-resp': pad(hdr(I, T, 8, 0, 1, 2, 1, 0x80000000) + struct.pack('>HHBBH', 16, 0x4019, 2, 0x10, 9) + b'aoeroot=1'),
    'cfg-set': pad(hdr(T, I, 0, 0, 1, 2, 1, 0x80000005) + struct.pack('>HHBBH', 0, 0, 0, 3, 5) + b'hello'),
    'aoe-error': pad(hdr(I, T, 0xC, 4, 1, 2, 1, 0x80000005) + struct.pack('>HHBBH', 0, 0, 0, 3, 5) + b'hello'),
}
for name, data in seeds.items():
    with open(os.path.join(here, 'fuzz_aoe', name), 'wb') as f:
        f.write(data)
