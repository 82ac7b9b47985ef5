"""The grounding check: an LLM answer may state only numbers the calculator produced or
the cited clauses contain, and cite only measures that were retrieved.

    problems = check(text, allowed_numbers, allowed_measures)   # [] = grounded
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*\s*(?:亿元|万元|亿|万|元|%|％)?")
_CITE = re.compile(r"第\s*(\d+)\s*条|([一二三四五六七八九十]+)、\s*[(（]([一二三四五六七八九十]+)[)）]")


def numbers_in(text: str) -> set[str]:
    """Figures of a text, normalised: ``100万元`` → ``100万``, ``1,000,000元`` → ``1000000``."""
    out: set[str] = set()
    for m in _NUMBER.finditer(text):
        raw = m.group(0).replace(",", "").replace(" ", "").replace("％", "%")
        out.add(re.sub(r"元$", "", raw))
        out.add(re.sub(r"(万|亿)?元?$|%$", "", raw))
    return {n for n in out if n}


def measures_in(text: str) -> set[str]:
    found = set()
    for m in _CITE.finditer(text):
        found.add(m.group(1) if m.group(1) else f"{m.group(2)}({m.group(3)})")
    return found


def check(text: str, allowed_numbers: Iterable[str], allowed_measures: Iterable[str]) -> list[str]:
    allowed = set()
    for source in allowed_numbers:
        allowed |= numbers_in(source)
    problems = [f"未经核实的数字：{n}" for n in sorted(numbers_in(text) - allowed) if not _harmless(n)]
    unknown = measures_in(text) - set(allowed_measures)
    problems += [f"未检索到的条款：第{m}条" for m in sorted(unknown)]
    return problems


def _harmless(number: str) -> bool:
    """Single digits (list numbering, "1个") carry no claim."""
    return bool(re.fullmatch(r"\d", number))
