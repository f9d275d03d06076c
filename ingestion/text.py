"""How names, addresses and titles are compared (contract: NFKC, trimmed)."""
from __future__ import annotations

import re
import unicodedata

_TAG = re.compile(r"【[^】]*】")
_LEADING_TAGS = re.compile(r"^\s*(?:【[^】]*】\s*)+")
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


def strip_leading_tags(text: str) -> str:
    return _LEADING_TAGS.sub("", text).strip()


def strip_tags(text: str) -> str:
    return _TAG.sub("", text).strip()


def leading_tags(text: str | None) -> list[str]:
    """The 【...】 tags a subject or file name begins with, in order."""
    if not text:
        return []
    match = _LEADING_TAGS.match(text)
    return [tag[1:-1] for tag in _TAG.findall(match.group(0))] if match else []


def title_key(value: object) -> str | None:
    """The key under which two titles are the same submission: no tags, whitespace or punctuation."""
    text = clean(value)
    if not text:
        return None
    text = _TAG.sub("", text)
    kept = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZC")
    return kept or None
