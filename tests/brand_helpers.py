"""Small real images for the logo tests: a PNG drawn here, and the first bytes of JPEG and WebP."""

from __future__ import annotations

import struct
import zlib


def png(size: int = 8, rgb: tuple[int, int, int] = (26, 127, 90)) -> bytes:
    """A square PNG of one colour (truecolour, no filter), valid for any browser."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * size))
            + chunk(b"IEND", b""))


JPEG_START = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
WEBP_START = b"RIFF\x24\x00\x00\x00WEBPVP8 "
