"""A tiny valid one-page PDF, built byte by byte (no compression, exact xref offsets).

The page shows an ASCII caption in Helvetica; the document title, which may be Chinese, goes
into the Info dictionary as UTF-16BE so a viewer shows it. Same arguments, same bytes.
"""
from __future__ import annotations

PDF_CONTENT_TYPE = "application/pdf"


def _pdf_text(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _escape_ascii(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(title: str, caption: str = "govinfo sample", pdf_date: str = "20240101000000+08'00'") -> bytes:
    """A one-page A4 PDF titled `title`; `caption` (ASCII) is printed on the page."""
    stream = f"BT /F1 12 Tf 72 770 Td ({_escape_ascii(caption.encode('ascii', 'replace').decode())}) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        f"<< /Title {_pdf_text(title)} /Producer (govinfo samplegen) /CreationDate (D:{pdf_date}) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode("ascii")
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
            f"startxref\n{xref_at}\n%%EOF\n").encode("ascii")
    return bytes(out)
