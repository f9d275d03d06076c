"""A minimal valid .docx (WordprocessingML) written with zipfile only.

The package holds the three parts Word needs: [Content_Types].xml, _rels/.rels and
word/document.xml (the title as a bold centred first paragraph, then body paragraphs).
Entries are stored uncompressed with fixed time stamps and attributes, so the bytes do not
depend on the clock, the platform or the zlib build.
"""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    '</Relationships>'
)
_DOCUMENT_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
_DOCUMENT_TAIL = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'


def _paragraph(text: str, *, title: bool = False) -> str:
    props = '<w:pPr><w:jc w:val="center"/></w:pPr>' if title else ""
    run_props = '<w:rPr><w:b/><w:sz w:val="36"/></w:rPr>' if title else ""
    return f'<w:p>{props}<w:r>{run_props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def document_xml(title: str, paragraphs: list[str] | tuple[str, ...]) -> str:
    body = _paragraph(title, title=True) + "".join(_paragraph(p) for p in paragraphs)
    return _DOCUMENT_HEAD + body + _DOCUMENT_TAIL


def stored_zip(entries: list[tuple[str, bytes]], date_time: tuple = FIXED_ZIP_TIME) -> bytes:
    """A zip archive of (name, data) entries, stored, with fixed metadata: same input, same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 0
            info.create_version = 20
            info.extract_version = 20
            info.external_attr = 0
            archive.writestr(info, data)
    return buffer.getvalue()


def docx_bytes(title: str, paragraphs: list[str] | tuple[str, ...] = (),
               date_time: tuple = FIXED_ZIP_TIME) -> bytes:
    """A .docx whose first paragraph is the title; the same arguments always give the same bytes."""
    return stored_zip([
        ("[Content_Types].xml", _CONTENT_TYPES.encode("utf-8")),
        ("_rels/.rels", _ROOT_RELS.encode("utf-8")),
        ("word/document.xml", document_xml(title, paragraphs).encode("utf-8")),
    ], date_time)
