#!/usr/bin/python3
"""Exit 0 when a PNG screenshot shows something: at least two colours, and
more than 1 % of its pixels differ from the most common one. Decodes 8-bit
RGB/RGBA PNGs (what Chromium writes) with zlib alone.

Usage: png_not_blank.py SHOT.png
"""
import struct
import sys
import zlib
from collections import Counter


def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            if depth != 8 or color not in (2, 6):
                raise ValueError(f"unsupported PNG (depth {depth}, colour type {color})")
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    for row in rows[:: max(1, height // 200)]:  # a sample of rows is enough
        for x in range(0, stride, bpp * 4):
            yield row[x:x + 3]


def main():
    counts = Counter(pixels(sys.argv[1]))
    total = sum(counts.values())
    common = counts.most_common(1)[0][1]
    share = 1 - common / total
    print(f"{sys.argv[1]}: {len(counts)} colours, {100 * share:.1f} % of pixels off the background")
    return 0 if len(counts) > 1 and share > 0.01 else 1


if __name__ == "__main__":
    sys.exit(main())
