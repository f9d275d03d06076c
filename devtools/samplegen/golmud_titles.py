"""Headlines and article text for the Golmud sample: realistic, distinct per unit after
normalisation, and free of the words that exclude an item (党建 党组 党支部 主题党日 会议 培训)
unless a case wants them."""
from __future__ import annotations

import random
import re
import unicodedata

from .golmud_units import GENERIC_TOPICS, Unit

EXCLUSION_WORDS = ("党建", "党组", "党支部", "主题党日", "会议", "培训")
VERBS = ("多措并举推进", "扎实开展", "全力做好", "持续深化", "稳步推进", "积极推动", "全面加强",
         "精准发力抓好", "聚焦重点推进", "创新方式开展", "高位推动", "强化措施推进", "多点发力抓实",
         "凝心聚力推进", "从严从实抓好", "统筹推进")
RESULTS = ("取得阶段性成效", "取得积极进展", "见行见效", "成效明显", "跑出“加速度”", "持续向好")
_TAG = re.compile(r"【[^】]*】")


def title_key(text: str) -> str:
    """Titles that are equal under this key are one submission: NFKC, no 【...】 tags, and only
    letters and digits kept (stricter than 'no whitespace or punctuation')."""
    text = _TAG.sub("", unicodedata.normalize("NFKC", text))
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def has_exclusion_word(text: str) -> bool:
    squeezed = unicodedata.normalize("NFKC", text)
    squeezed = "".join(ch for ch in squeezed if unicodedata.category(ch)[0] in "LN")
    return any(word in text or word in squeezed for word in EXCLUSION_WORDS)


class TitleMaker:
    """Distinct headlines per unit. Titles handed out (or reserved) are never repeated for the
    same unit; generated ones never contain an exclusion word."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: dict[str, set[str]] = {}
        self._queues: dict[str, list[str]] = {}

    def reserve(self, unit: Unit, title: str) -> str:
        key = title_key(title)
        used = self.used.setdefault(unit.short, set())
        if key in used:
            raise ValueError(f"title used twice for {unit.short}: {title}")
        used.add(key)
        return title

    def _candidates(self, unit: Unit) -> list[str]:
        topics = list(unit.topics) + list(GENERIC_TOPICS)
        out = []
        for topic in topics:
            for who in unit.who:
                out += [f"{who}{verb}{topic}" for verb in VERBS]
                out += [f"{who}{topic}{result}" for result in RESULTS]
        self.rng.shuffle(out)
        # Domain topics first, so a unit's headlines are mostly about its own work.
        own = [t for t in out if any(topic in t for topic in unit.topics)]
        own_set = set(own)
        rest = [t for t in out if t not in own_set]
        return own[: 3 * len(unit.topics)] + rest[:20] + own[3 * len(unit.topics):] + rest[20:]

    def next(self, unit: Unit) -> str:
        queue = self._queues.get(unit.short)
        if queue is None:
            queue = self._queues[unit.short] = self._candidates(unit)
        used = self.used.setdefault(unit.short, set())
        while queue:
            title = queue.pop(0)
            if title_key(title) not in used and not has_exclusion_word(title):
                used.add(title_key(title))
                return title
        raise RuntimeError(f"out of headlines for {unit.short}")


OPENINGS = ("为深入贯彻落实市委、市政府决策部署，", "今年以来，", "近日，", "连日来，", "为切实保障群众利益，")
MIDDLES = ("坚持问题导向，细化工作措施，压实工作责任，", "加强统筹协调，形成工作合力，",
           "聚焦群众急难愁盼，主动靠前服务，", "坚持高标准谋划、高质量推进，")
ENDINGS = ("下一步，将持续巩固工作成果，推动各项任务落地见效。", "下一步，将进一步完善长效机制，确保工作取得实效。",
           "目前，各项工作正有序推进。")


def article_paragraphs(unit: Unit, title: str, rng: random.Random) -> list[str]:
    who = unit.who[0]
    return [f"{rng.choice(OPENINGS)}{who}{rng.choice(MIDDLES)}扎实推进各项重点工作，取得了积极成效。",
            rng.choice(ENDINGS)]
