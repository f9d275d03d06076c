"""The bytes and MIME type of a document attachment, by file extension.

.docx is real WordprocessingML (docx.py); .doc is RTF, as many offices' ".doc" files are;
.wps carries .docx bytes (WPS Office opens files by content, not by name); .odt is a minimal
OpenDocument text; .pdf a one-page PDF (pdf.py); .txt plain text in the given encoding.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from .docx import DOCX_CONTENT_TYPE, FIXED_ZIP_TIME, docx_bytes, stored_zip
from .pdf import PDF_CONTENT_TYPE, pdf_bytes

CONTENT_TYPES = {
    ".docx": DOCX_CONTENT_TYPE,
    ".doc": "application/msword",
    ".wps": "application/kswps",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".pdf": PDF_CONTENT_TYPE,
    ".txt": "text/plain",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


def content_type_for(filename: str) -> str:
    dot = filename.rfind(".")
    return CONTENT_TYPES.get(filename[dot:].lower() if dot >= 0 else "", "application/octet-stream")


def rtf_bytes(title: str, paragraphs: list[str] | tuple[str, ...] = ()) -> bytes:
    def encode(text: str) -> str:
        out = []
        for ch in text:
            code = ord(ch)
            if ch in "\\{}":
                out.append("\\" + ch)
            elif code < 128:
                out.append(ch)
            else:
                for unit in ch.encode("utf-16-be").hex(" ", 2).split():
                    value = int(unit, 16)
                    out.append(f"\\u{value - 65536 if value > 32767 else value}?")
        return "".join(out)

    body = "".join(f"\\par {encode(p)}" for p in paragraphs)
    return ("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}"
            f"\\f0\\fs24\\qc\\b {encode(title)}\\b0\\ql{body}\\par}}\n").encode("ascii")


_ODT_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '</manifest:manifest>'
)


def odt_bytes(title: str, paragraphs: list[str] | tuple[str, ...] = (),
              date_time: tuple = FIXED_ZIP_TIME) -> bytes:
    texts = "".join(f"<text:p>{escape(p)}</text:p>" for p in (title, *paragraphs))
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:text>{texts}</office:text></office:body></office:document-content>"
    )
    return stored_zip([
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml", _ODT_MANIFEST.encode("utf-8")),
        ("content.xml", content.encode("utf-8")),
    ], date_time)


def document_bytes(extension: str, title: str, paragraphs: list[str] | tuple[str, ...] = (),
                   *, text_encoding: str = "utf-8", when: tuple = FIXED_ZIP_TIME) -> bytes:
    """The file content for a document with this extension (case-insensitive); `when`
    (year, month, day, hour, minute, second) dates the zip entries and the PDF."""
    ext = extension.lower()
    if ext in (".docx", ".wps"):
        return docx_bytes(title, paragraphs, when)
    if ext == ".doc":
        return rtf_bytes(title, paragraphs)
    if ext == ".odt":
        return odt_bytes(title, paragraphs, when)
    if ext == ".pdf":
        return pdf_bytes(title, pdf_date="{:04d}{:02d}{:02d}{:02d}{:02d}{:02d}+08'00'".format(*when))
    if ext == ".txt":
        return "\r\n".join((title, "", *paragraphs, "")).encode(text_encoding)
    raise ValueError(f"no document writer for {extension!r}")
