"""Tiny valid images (a PNG and a baseline JPEG), built byte by byte, for photos mailed beside
documents. No compression library is involved, so the bytes are the same everywhere."""
from __future__ import annotations

import struct
import zlib


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bytes(width: int = 2, height: int = 2, rgb: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    """An RGB PNG of one colour; the image data is a zlib stream of one stored (uncompressed) block."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    if len(raw) > 0xFFFF:
        raise ValueError("image too large for a single stored block")
    block = b"\x01" + struct.pack("<HH", len(raw), len(raw) ^ 0xFFFF) + raw
    zdata = b"\x78\x01" + block + struct.pack(">I", zlib.adler32(raw) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zdata)
            + _png_chunk(b"IEND", b""))


def jpeg_bytes(comment: str = "") -> bytes:
    """A 1x1 grey baseline JPEG (JFIF): one 8x8 block whose DC and AC codes are both '0'.

    `comment` (ASCII) goes into a COM segment, so different photos can differ in bytes."""
    def segment(marker: int, payload: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload

    out = b"\xff\xd8"
    out += segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    if comment:
        out += segment(0xFE, comment.encode("ascii", "replace"))
    out += segment(0xDB, b"\x00" + b"\x01" * 64)
    out += segment(0xC0, b"\x08\x00\x01\x00\x01\x01\x01\x11\x00")
    out += segment(0xC4, b"\x00" + b"\x01" + b"\x00" * 15 + b"\x00")   # DC table 0: one code, category 0
    out += segment(0xC4, b"\x10" + b"\x01" + b"\x00" * 15 + b"\x00")   # AC table 0: one code, EOB
    out += segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    out += b"\x3f"  # DC '0' + EOB '0', padded with ones
    return out + b"\xff\xd9"
