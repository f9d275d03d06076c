"""ingestion/text.py: how names, addresses and titles are compared (contract: NFKC, trimmed)."""
from __future__ import annotations

import pytest

from ingestion.text import address_key, clean, leading_tags, split_list, strip_leading_tags, strip_tags, title_key


@pytest.mark.parametrize("value, cleaned", [
    (None, None), ("", None), ("  \u3000 ", None), (" 市甲局 ", "市甲局"),
    ("ＡＢＣ１２３", "ABC123"),            # full-width letters and digits
    ("\u3000市乙局\t", "市乙局"),          # ideographic space
    ("㈱", "(株)"), (12, "12"),
])
def test_clean_is_nfkc_and_trimmed(value, cleaned):
    assert clean(value) == cleaned


def test_address_key_lowercases_after_nfkc():
    assert address_key(" JIA@Example.ORG ") == "jia@example.org"
    assert address_key("ｊｉａ＠ｅｘａｍｐｌｅ．ｏｒｇ") == "jia@example.org"
    assert address_key("  ") is None


@pytest.mark.parametrize("value, parts", [
    ("甲局;甲；甲单位、小甲,甲甲，J\n末", ["甲局", "甲", "甲单位", "小甲", "甲甲", "J", "末"]),
    ("a@x.org; ; b@x.org;", ["a@x.org", "b@x.org"]),
    (None, []), (" ", []), ("只有一个", ["只有一个"]),
])
def test_split_list_takes_every_separator_offices_type(value, parts):
    assert split_list(value) == parts


def test_tags():
    assert leading_tags("【约稿3】【市农牧局】 春耕【附件】") == ["约稿3", "市农牧局"]
    assert leading_tags("春耕【附件】") == []
    assert leading_tags(None) == []
    assert strip_leading_tags("【约稿3】 【市农牧局】 春耕【附件】") == "春耕【附件】"
    assert strip_tags("【市农牧局】春耕【附件】进展") == "春耕进展"
    # an unclosed 【 is text, not a tag
    assert strip_tags("【市农牧局】春耕【未完") == "春耕【未完"
    assert leading_tags("【未闭合 春耕") == []


@pytest.mark.parametrize("a, b", [
    ("市甲局推进春耕", "【市甲局】市甲局推进春耕"),
    ("市甲局推进春耕", "市甲局 推进 春耕。"),
    ("市甲局“推进”春耕！", "市甲局推进春耕"),
    ("ＡＩ赋能政务", "AI赋能政务"),
])
def test_title_key_ignores_tags_spaces_and_punctuation(a, b):
    assert title_key(a) == title_key(b)


def test_title_key_keeps_what_tells_titles_apart():
    assert title_key("市甲局推进春耕") != title_key("市乙局推进春耕")
    assert title_key("2024年第1期") != title_key("2024年第2期")
    assert title_key("【只有标签】") is None
    assert title_key("。，！") is None


def test_a_long_unclosed_bracket_is_linear():
    """600 KB of 【 without 】 (a hostile subject) is scanned once, not retried at each position."""
    text = "【" * 600_000
    assert strip_tags(text) == text and title_key(text) is None
