#!/usr/bin/env python3
"""Assembles a macOS .icns file from PNG files, so the icon can be made on Linux (ImageMagick cannot
write ICNS and iconutil exists only on macOS).

The format: the magic b'icns', the whole file's length as a big-endian uint32, then entries, each a
4-byte type, its own length (8-byte header included) as a big-endian uint32, and the data. Since
macOS 10.7 the data of the types used here is a plain PNG: ic07 128x128, ic08 256x256, ic09 512x512.

usage: make-icns.py OUT.icns TYPE=PNG [TYPE=PNG ...]
"""
import struct
import sys

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    entries = b""
    for spec in argv[2:]:
        kind, path = spec.split("=", 1)
        if len(kind) != 4:
            sys.exit(f"make-icns: the entry type must be 4 characters: {kind!r}")
        with open(path, "rb") as f:
            data = f.read()
        if not data.startswith(PNG_MAGIC):
            sys.exit(f"make-icns: {path} is not a PNG")
        entries += kind.encode("ascii") + struct.pack(">I", 8 + len(data)) + data
    with open(argv[1], "wb") as out:
        out.write(b"icns" + struct.pack(">I", 8 + len(entries)) + entries)


if __name__ == "__main__":
    main(sys.argv)
