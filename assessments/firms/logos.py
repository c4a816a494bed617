"""What a firm's logo may be: a PNG or a JPEG of at most 512 kB, told by its first bytes.

The filename and the browser's content type say nothing we can trust; the bytes do. Pure code:
the form, the service and the view that serves the logo all ask the same question here.
"""

from __future__ import annotations

MAX_LOGO_BYTES = 512 * 1024
# First bytes of each kind we accept -> (file extension, content type).
SIGNATURES: dict[bytes, tuple[str, str]] = {
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
}
HEAD_BYTES = max(len(magic) for magic in SIGNATURES)


def image_kind(head: bytes) -> tuple[str, str] | None:
    """(extension, content type) of a PNG or JPEG that starts with ``head``; None otherwise."""
    for magic, kind in SIGNATURES.items():
        if head.startswith(magic):
            return kind
    return None


def logo_problem(head: bytes, size: int) -> str | None:
    """Why these bytes cannot be a logo, in plain words; None when they can."""
    if size > MAX_LOGO_BYTES:
        return f"The logo is {size // 1024} kB; it can be at most {MAX_LOGO_BYTES // 1024} kB."
    if image_kind(head) is None:
        return "The logo must be a PNG or JPEG image. This file is neither, whatever its name."
    return None
