"""How names, addresses and titles are compared (contract: NFKC, trimmed).

The 【...】 tags are found with str.find, not a regular expression: `【[^】]*】` retried at each of
600 KB of unclosed 【 is quadratic in Python's backtracking engine; the scan below is linear.
"""
from __future__ import annotations

import re
import unicodedata

# 别名 and 报送邮箱 hold several values; offices also type full-width and comma separators.
_LIST_SEPARATORS = re.compile(r"[;；、,，\n]+")


def clean(value: object) -> str | None:
    """NFKC-normalised, trimmed text; None when nothing is left."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text or None


def address_key(value: object) -> str | None:
    text = clean(value)
    return text.lower() if text else None


def split_list(value: object) -> list[str]:
    text = clean(value)
    if not text:
        return []
    return [part for part in (p.strip() for p in _LIST_SEPARATORS.split(text)) if part]


def _tag_spans(text: str, *, leading: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each 【...】 tag, as `【[^】]*】` matches them; with leading, only the tags the
    text begins with (whitespace between them allowed)."""
    spans, at = [], 0
    while True:
        start = text.find("【", at)
        if start < 0 or (leading and text[at:start].strip()):
            return spans
        end = text.find("】", start + 1)
        if end < 0:   # no 】 after this 【, so none after any later 【 either
            return spans
        spans.append((start, end + 1))
        at = end + 1


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    pieces, at = [], 0
    for start, end in spans:
        pieces.append(text[at:start])
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def strip_leading_tags(text: str) -> str:
    spans = _tag_spans(text, leading=True)
    return text[spans[-1][1]:].strip() if spans else text.strip()


def strip_tags(text: str) -> str:
    return _without(text, _tag_spans(text)).strip()


def leading_tags(text: str | None) -> list[str]:
    """The 【...】 tags a subject or file name begins with, in order."""
    if not text:
        return []
    return [text[start + 1:end - 1] for start, end in _tag_spans(text, leading=True)]


def title_key(value: object) -> str | None:
    """The key under which two titles are the same submission: no tags, whitespace or punctuation."""
    text = clean(value)
    if not text:
        return None
    text = _without(text, _tag_spans(text))
    kept = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZC")
    return kept or None
