"""Small real images (and fakes) for logo tests, made in code: nothing binary is committed."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_bytes(width: int = 2, height: int = 1) -> bytes:
    """A valid PNG: a tiny grey image."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )


# The start of a JPEG (SOI and a JFIF APP0 segment): what the check reads.
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
# A web page with a .png name: the kind of upload the check must refuse.
HTML_AS_PNG = b"<!doctype html><script>alert(1)</script>"
