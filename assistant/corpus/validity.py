"""Validity stated by the text: until when, from when, and what it repeals.

``有效期至2025年12月31日``, ``有效期至2020年底``, ``自2023年9月8日起施行，有效期3年``,
``暂定三年有效期`` (from the issue date), ``试行两年``, ``政策期限为2016年至2018年``;
``…同时废止`` gives what the document replaces.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from assistant.corpus.numbering import chinese_to_int
from assistant.text.normalize import normalize_text

_UNTIL = re.compile(r"有效期(?:至|到)\s*(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(\d{1,2})\s*日|(底|末))")
_N = r"([\d一二三四五六七八九十两]+)\s*(年|个月)"
_START = r"自\s*(?:(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(?:政策)?(?:印发|发布|公布)之日)\s*起"
_FROM_YEARS = re.compile(rf"{_START}[^。]{{0,16}}?(?:有效期|暂定|试行)[^。\d一二三四五六七八九十两]{{0,4}}{_N}")
_PERIOD_FROM = re.compile(rf"(?:有效期|执行期限?)[^。]{{0,6}}?{_START}\s*{_N}")
_YEARS_ONLY = re.compile(rf"(?:暂定|有效期|试行)[^。\d一二三四五六七八九十两]{{0,4}}{_N}(?:有效期)?")
_SPAN = re.compile(r"(?:期限|年限|时限|期)为?\s*(\d{4})\s*年?\s*(?:至|到|—|-|－)\s*(\d{4})\s*年")
_REPEALS = re.compile(r"([^。；;，,]{4,120}?)(?:同时|一并)?(?:废止|停止执行|不再执行)")
_ABOUT_DOCUMENT = re.compile(r"本(?:办法|政策|规定|意见|措施|细则|通知|方案|实施意见|实施细则)|施行|执行|实施|印发|发布之日")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def to_date(y: str | None, m: str, d: str, default_year: int | None = None) -> date | None:
    year = int(y) if y else default_year
    if year is None:
        return None
    try:
        return date(year, int(m), int(d))
    except ValueError:
        return None


def _add_period(start: date, amount: int, unit: str) -> date:
    """The last day of a period of ``amount`` years or months beginning on ``start``."""
    if unit == "年":
        try:
            end = start.replace(year=start.year + amount)
        except ValueError:  # 29 February
            end = start.replace(year=start.year + amount, day=28)
    else:
        month = start.month - 1 + amount
        year, month = start.year + month // 12, month % 12 + 1
        end = date(year, month, min(start.day, 28))
    return end - timedelta(days=1)


def infer_validity(text: str, issued: date | None) -> tuple[date | None, date | None, str]:
    """(effective_from, valid_until, the sentence that says so) from the text."""
    norm = "\n".join(normalize_text(line) for line in text.splitlines())
    if m := _UNTIL.search(norm):
        year = m.group(1)
        until = date(int(year), 12, 31) if m.group(4) else to_date(year, m.group(2), m.group(3))
        return None, until, _sentence(norm, m.start())
    for pattern in (_FROM_YEARS, _PERIOD_FROM):
        if m := pattern.search(norm):
            start = to_date(m.group(1), m.group(2), m.group(3)) if m.group(1) else issued
            amount = chinese_to_int(m.group(4))
            end = _add_period(start, amount, m.group(5)) if start and amount else None
            return start, end, _sentence(norm, m.start())
    if m := _SPAN.search(norm):
        return date(int(m.group(1)), 1, 1), date(int(m.group(2)), 12, 31), _sentence(norm, m.start())
    for m in _YEARS_ONLY.finditer(norm):
        amount = chinese_to_int(m.group(1))
        if issued and amount and _ABOUT_DOCUMENT.search(_sentence(norm, m.start())):
            return issued, _add_period(issued, amount, m.group(2)), _sentence(norm, m.start())
    if m := re.search(r"(?:^|[。\s])((?:本|以上|上述)[^。]{0,40}(?:有效期|执行期))", norm):
        return None, None, _sentence(norm, m.start())
    return None, None, ""


def _sentence(text: str, pos: int) -> str:
    start = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos), text.rfind(" ", 0, pos)) + 1
    end = text.find("。", pos)
    return text[start : end + 1 if end >= 0 else len(text)].strip()


def infer_supersedes(text: str) -> str:
    """What the text repeals (``此前出台的…政策同时废止``, ``《…》（…号）同时废止``), verbatim, or ""."""
    norm = "\n".join(normalize_text(line) for line in text.splitlines())
    m = _REPEALS.search(norm)
    return m.group(1).strip() if m else ""
