"""Files the demo review carries: the firm's logo and a short evidence document, made here
so no binary sits in the repository."""

from __future__ import annotations

import struct
import zlib

LOGO_SIZE = (240, 64)
NAVY, TEAL, WHITE = (21, 45, 84), (22, 160, 150), (255, 255, 255)
# Three rising bars: the firm's mark.
BARS = ((16, 40, 32), (40, 28, 20), (64, 16, 8))  # (left, top, width) ... bottom is fixed


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _pixel(x: int, y: int) -> tuple[int, int, int]:
    for left, top, _ in BARS:
        if left <= x < left + 18 and top <= y < 52:
            return TEAL
    if 96 <= x < 224 and y in range(24, 30):  # a rule where a wordmark would sit
        return WHITE
    if 96 <= x < 180 and y in range(36, 40):
        return WHITE
    return NAVY


def logo_png() -> bytes:
    """A small PNG logo: navy, with three rising teal bars."""
    width, height = LOGO_SIZE
    rows = b"".join(
        b"\x00" + bytes(c for x in range(width) for c in _pixel(x, y)) for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 9))
        + _chunk(b"IEND", b"")
    )


def text_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and a few lines of text, in a standard font."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    commands = [f"BT /F1 18 Tf 56 780 Td ({escape(title)}) Tj ET"]
    for n, line in enumerate(lines):
        commands.append(f"BT /F1 11 Tf 56 {748 - n * 18} Td ({escape(line)}) Tj ET")
    stream = "\n".join(commands).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    size = len(objects) + 1
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
