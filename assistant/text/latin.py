"""Latin words in a Chinese question (little giant, zjtx, SME, reward) read as the Chinese
terms they stand for (``latin.yaml``), so that names and cues match them."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

_FILE = Path(__file__).with_name("latin.yaml")


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern[str], dict[str, str]]:
    data = yaml.safe_load(_FILE.read_text(encoding="utf-8")) or {}
    variants = {str(v).lower(): str(term) for term, vs in data.items() for v in vs}
    words = sorted(variants, key=len, reverse=True)
    pattern = re.compile(r"(?<![A-Za-z])(?:" + "|".join(r"\s*".join(map(re.escape, w.split())) for w in words)
                         + r")(?![A-Za-z])", re.IGNORECASE)
    return pattern, {_key(v): term for v, term in variants.items()}


def _key(spelling: str) -> str:
    return re.sub(r"\s+", "", spelling.lower())


def latin_to_terms(text: str) -> str:
    """``我们company刚拿到Little Giant认定`` → ``我们企业刚拿到小巨人认定``; text without Latin
    letters is returned unchanged."""
    if not re.search(r"[A-Za-z]", text):
        return text
    pattern, spelled = _table()
    out = pattern.sub(lambda m: spelled[_key(m.group(0))], text)
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", out)  # 哪个 部门 负责 → 哪个部门负责
