#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""ppm2png.py IN.ppm OUT.png [--crop] - convert a binary PPM (P6, maxval 255,
as QEMU's HMP `screendump` writes it) to an 8-bit RGB PNG with zlib and
struct only (no imaging library). --crop trims the rows and columns around
the content that have the colour of the bottom-right pixel (the unused part
of a text console), keeping an 8-pixel margin."""
import struct
import sys
import zlib


def read_ppm(path):
    """Return (width, height, rows) with rows a list of RGB byte strings."""
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:
        while pos < len(data) and data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while end < len(data) and not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or int(fields[3]) != 255:
        raise ValueError("%s: not a binary PPM with maxval 255" % path)
    w, h = int(fields[1]), int(fields[2])
    pos += 1  # one whitespace byte ends the header
    pix = data[pos:pos + w * h * 3]
    if len(pix) != w * h * 3:
        raise ValueError("%s: truncated (%d of %d bytes)" % (path, len(pix), w * h * 3))
    return w, h, [pix[y * w * 3:(y + 1) * w * 3] for y in range(h)]


def crop(w, h, rows, margin=8):
    """Trim the background (colour of the bottom-right pixel) around the
    content, keeping MARGIN pixels of it on each side."""
    bg = rows[-1][-3:]
    blank = bg * w
    used = [y for y in range(h) if rows[y] != blank]
    if not used:
        return w, h, rows
    left, right = w, 0
    for y in used:
        row = rows[y]
        x = 0
        while x < left and row[x * 3:x * 3 + 3] == bg:
            x += 1
        left = min(left, x)
        x = w - 1
        while x > right and row[x * 3:x * 3 + 3] == bg:
            x -= 1
        right = max(right, x)
    x0, x1 = max(0, left - margin), min(w, right + 1 + margin)
    y0, y1 = max(0, used[0] - margin), min(h, used[-1] + 1 + margin)
    return x1 - x0, y1 - y0, [r[x0 * 3:x1 * 3] for r in rows[y0:y1]]


def write_png(path, w, h, rows):
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + r for r in rows)  # filter 0 (none) per row
    png = (b"\x89PNG\r\n\x1a\n" +
           chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
           chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(png)


def main(argv):
    args = [a for a in argv[1:] if a != "--crop"]
    if len(args) != 2:
        sys.stderr.write("usage: ppm2png.py IN.ppm OUT.png [--crop]\n")
        return 2
    try:
        w, h, rows = read_ppm(args[0])
        if "--crop" in argv:
            w, h, rows = crop(w, h, rows)
        write_png(args[1], w, h, rows)
    except (OSError, ValueError) as e:
        sys.stderr.write("ppm2png.py: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
