"""Recognising the numbering of Chinese policy texts: 一、 (一) 1. 第N条 第五条.

A line is a *heading* when it starts with one of these labels. The kind of label
decides nothing about depth by itself; :mod:`assistant.corpus.parser` ranks the kinds
in the order a document first uses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM = "零〇一二三四五六七八九十百"

_PART = re.compile(rf"^([{_CN_NUM}]{{1,4}})\s*、\s*(.*)$")
_GROUP = re.compile(rf"^[(（]\s*([{_CN_NUM}]{{1,4}})\s*[)）]\s*(.*)$")
_ITEM = re.compile(r"^(\d{1,3})\s*(?:[.．、](?!\d)|\s*[)）])\s*(.*)$")
_ARTICLE = re.compile(rf"^第\s*([{_CN_NUM}\d]{{1,5}})\s*条\s*(.*)$")


@dataclass(frozen=True)
class Label:
    """A recognised heading label. ``number`` is the display form used in ids."""

    kind: str  # "part" | "group" | "item" | "article"
    number: str
    rest: str

    @property
    def id_part(self) -> str:
        """How this label appears inside a measure id: 四, (一), 2."""
        return f"({self.number})" if self.kind == "group" else self.number

    @property
    def heading_prefix(self) -> str:
        """How the label is written in a path: 三、 (一) 2. 第5条."""
        return {
            "part": f"{self.number}、",
            "group": f"({self.number})",
            "item": f"{self.number}.",
            "article": f"第{self.number}条 ",
        }[self.kind]


def chinese_to_int(text: str) -> int | None:
    """Chinese numerals below 10000 (二十五, 十三, 一百零二) or Arabic digits to int."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_NUM + "两" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            current = _CN_DIGITS[ch]
    return total + current


def parse_label(line: str) -> Label | None:
    """The heading label a (normalised) line starts with, or None."""
    if m := _ARTICLE.match(line):
        value = chinese_to_int(m.group(1))
        return Label("article", str(value), m.group(2)) if value else None
    if m := _PART.match(line):
        return Label("part", m.group(1), m.group(2)) if chinese_to_int(m.group(1)) else None
    if m := _GROUP.match(line):
        return Label("group", m.group(1), m.group(2)) if chinese_to_int(m.group(1)) else None
    if m := _ITEM.match(line):
        return Label("item", str(int(m.group(1))), m.group(2)) if m.group(2) else None
    return None


_TITLE_END = re.compile(r"[。.；;]")


def split_title(rest: str, *, max_len: int = 24) -> tuple[str, str]:
    """Split a heading's text into (title, body).

    ``完善企业培育库。按照…`` → (完善企业培育库, 按照…); a short line with no full stop is
    all title (``总体要求``); a long first sentence with commas is all body (no title).
    """
    rest = rest.strip()
    m = _TITLE_END.search(rest)
    if m is None:
        if len(rest) <= max_len and not re.search(r"[，,]", rest):
            return rest, ""
        return "", rest
    head = rest[: m.start()].strip()
    if 0 < len(head) <= max_len and not re.search(r"[，,：:]", head):
        return head, rest[m.end() :].strip()
    return "", rest
