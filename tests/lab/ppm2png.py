#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""ppm2png.py IN.ppm OUT.png - convert QEMU's screendump (binary PPM, P6,
maxval 255) to PNG with the standard library only (zlib)."""
import struct
import sys
import zlib


def tokens(data, count):
    out, i = [], 0
    while len(out) < count:
        while data[i:i + 1].isspace():
            i += 1
        if data[i:i + 1] == b'#':
            while data[i:i + 1] not in (b'\n', b''):
                i += 1
            continue
        j = i
        while not data[j:j + 1].isspace():
            j += 1
        out.append(data[i:j])
        i = j
    return out, i + 1


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data = open(sys.argv[1], 'rb').read()
    (magic, w, h, maxval), off = tokens(data, 4)
    if magic != b'P6' or maxval != b'255':
        sys.exit('ppm2png.py: not a P6 PPM with maxval 255')
    w, h = int(w), int(h)
    px = data[off:off + w * h * 3]
    raw = b''.join(b'\0' + px[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(kind, body):
        return (struct.pack('>I', len(body)) + kind + body +
                struct.pack('>I', zlib.crc32(kind + body) & 0xffffffff))
    png = (b'\x89PNG\r\n\x1a\n' +
           chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
           chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))
    open(sys.argv[2], 'wb').write(png)


if __name__ == '__main__':
    main()
