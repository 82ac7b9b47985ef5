"""The numbering grammar of Chinese policy texts.

A line is a *heading* when it starts with one of these labels (after normalisation)::

    第一章 总则            chapter      第一节 …        section
    第三条 / 第3条 …       article      第三条【适用范围】
    一、 …                 part         (一) / （一） …  group
    1. 1、 1． 1) …        item         (1) / （1） …    subitem
    ① …                    circled      A. a) …          letter
    附则 …                 supplementary
    附件 / 附件1 / 附件：… / 附表2   attachment (a namespace of its own)

The kind of a label decides nothing about depth by itself:
:mod:`assistant.corpus.tree` nests headings by the sequences they continue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM = "零〇一二三四五六七八九十百"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

_CHAPTER = re.compile(rf"^第\s*([{_CN_NUM}\d]{{1,4}})\s*章(?![程节])\s*(.*)$")
_SECTION = re.compile(rf"^第\s*([{_CN_NUM}\d]{{1,4}})\s*节\s*(.*)$")
_ARTICLE = re.compile(rf"^第\s*([{_CN_NUM}\d]{{1,5}})\s*条(?![例款件])\s*(.*)$")
_PART = re.compile(rf"^([{_CN_NUM}]{{1,4}})\s*、\s*(.*)$")
_GROUP = re.compile(rf"^[(（]\s*([{_CN_NUM}]{{1,4}})\s*[)）]\s*(.*)$")
_SUBITEM = re.compile(r"^[(（]\s*(\d{1,3})\s*[)）]\s*(.*)$")
_ITEM = re.compile(r"^(\d{1,3})\s*(?:\.(?![\d%])|、|[)）])\s*(.*)$")
_CIRCLE = re.compile(rf"^([{_CIRCLED}])\s*(.*)$")
_LETTER = re.compile(r"^([A-Za-z])\s*(?:[.、](?![\dA-Za-z])|[)）])\s*(.*)$")
_SUPPLEMENTARY = re.compile(r"^附\s*则\s*[:：]?\s*(.*)$")
_ATTACHMENT = re.compile(rf"^(附\s*[件表])\s*(\d{{1,3}}|[{_CN_NUM}]{{1,3}})?\s*[:：.、]?\s*(.*)$")

#: Kinds whose own id part stands for the heading in a full id.
KINDS = ("chapter", "section", "article", "part", "group", "item", "subitem", "circled", "letter",
         "supplementary", "attachment")


@dataclass(frozen=True)
class Label:
    """A recognised heading label.

    ``number`` is the label's own number as an id part uses it (``3`` for 第三条, ``一``
    for 一、, ``1`` for 1.); ``value`` its ordinal (for sequences); ``written`` the label
    as the document writes it (``第三条``, ``第3条``), ``rest`` the text after it.
    """

    kind: str
    number: str
    value: int
    written: str
    rest: str

    @property
    def id_part(self) -> str:
        """How this label appears inside a measure id: 3, 第一章, 一, (一), 1, (1), ①, A."""
        return {
            "chapter": f"第{self.number}章",
            "section": f"第{self.number}节",
            "group": f"({self.number})",
            "subitem": f"({self.number})",
            "supplementary": "附则",
        }.get(self.kind, self.number)

    @property
    def prefix(self) -> str:
        """How the label is written in a label or path: 第3条 一、 (一) 1. (1) ① A."""
        return {
            "chapter": f"第{self.number}章",
            "section": f"第{self.number}节",
            "article": self.written,
            "part": f"{self.number}、",
            "group": f"({self.number})",
            "item": f"{self.number}.",
            "subitem": f"({self.number})",
            "letter": f"{self.number}.",
            "supplementary": "附则",
        }.get(self.kind, self.number)


def chinese_to_int(text: str) -> int | None:
    """Chinese numerals below 10000 (二十五, 十三, 一百零二) or Arabic digits to int."""
    if text.isascii() and text.isdigit():
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


def _numbered(kind: str, m: re.Match[str], arabic: bool = False) -> Label | None:
    value = chinese_to_int(m.group(1))
    if not value:
        return None
    number = str(value) if arabic else m.group(1)
    return Label(kind, number, value, m.group(0)[: m.start(2)].strip(), m.group(2).strip())


def parse_label(line: str) -> Label | None:
    """The heading label a (normalised) line starts with, or None."""
    line = line.strip()
    if m := _CHAPTER.match(line):
        return _numbered("chapter", m)
    if m := _SECTION.match(line):
        return _numbered("section", m)
    if m := _ARTICLE.match(line):
        label = _numbered("article", m, arabic=True)
        return label if label is None else Label("article", label.number, label.value,
                                                  re.sub(r"\s+", "", label.written), label.rest)
    if m := _ATTACHMENT.match(line):
        return _attachment(m)
    if m := _SUPPLEMENTARY.match(line):
        rest = m.group(1).strip()
        if not rest or len(line) - len(rest) >= 3 or not re.match(r"[\u4e00-\u9fa5]", rest):
            return Label("supplementary", "附则", 0, "附则", rest)
        return None
    if m := _PART.match(line):
        return _numbered("part", m)
    if m := _GROUP.match(line):
        return _numbered("group", m)
    if m := _SUBITEM.match(line):
        return _numbered("subitem", m, arabic=True) if m.group(2) else None
    if m := _ITEM.match(line):
        return _numbered("item", m, arabic=True) if m.group(2) else None
    if m := _CIRCLE.match(line):
        value = _CIRCLED.index(m.group(1)) + 1
        return Label("circled", m.group(1), value, m.group(1), m.group(2).strip()) if m.group(2) else None
    if m := _LETTER.match(line):
        if not m.group(2) or re.match(r"[A-Za-z0-9]", m.group(2)):
            return None
        letter = m.group(1)
        return Label("letter", letter.upper() if letter.isupper() else letter, ord(letter.upper()) - 64,
                     m.group(0)[: m.start(2)].strip(), m.group(2).strip())
    return None


def _attachment(m: re.Match[str]) -> Label | None:
    word = re.sub(r"\s+", "", m.group(1))
    raw_number, rest = m.group(2) or "", m.group(3).strip()
    separated = re.match(r"[:：]", m.group(0)[len(m.group(1)) :].lstrip())
    if rest and not raw_number and not separated and not re.match(r"^\s*[\d一二三四五六七八九十《(（]", rest):
        return None  # 附件材料… / 附表格式… : a sentence, not an attachment heading
    value = chinese_to_int(raw_number) if raw_number else 0
    number = f"{word}{value}" if value else word
    return Label("attachment", number, value or 0, m.group(0)[: m.start(3)].strip(), rest)


_TITLE_END = re.compile(r"[。；;：:]")


def split_title(rest: str, *, max_len: int = 24, standalone_max: int = 30) -> tuple[str, str]:
    """Split a heading's text into (title, body).

    ``完善企业培育库。按照…`` → (完善企业培育库, 按照…); ``【适用范围】…`` → (适用范围, …); a
    short line with no sentence mark is all title (``总体要求``, ≤ 30 characters); a long
    first sentence, or one with a comma, is all body (no title).
    """
    rest = rest.strip()
    if m := re.match(r"^[【\[]([^】\]]{1,30})[】\]]\s*(.*)$", rest, re.S):
        return m.group(1).strip(), m.group(2).strip()
    m = _TITLE_END.search(rest)
    if m is None:
        if len(rest) <= standalone_max and not re.search(r"[，,]", rest):
            return rest, ""
        return "", rest
    head = rest[: m.start()].strip()
    if 0 < len(head) <= max_len and not re.search(r"[，,]", head):
        return head, rest[m.end() :].strip()
    return "", rest


_CN_DATE = re.compile(r"([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
_CN_YEAR_DIGIT = {"〇": "0", "○": "0", "零": "0", **{k: str(v) for k, v in _CN_DIGITS.items() if v}}


def arabic_dates(text: str) -> str:
    """``二○○九年五月十三日`` → ``2009年5月13日`` (other text unchanged)."""

    def repl(m: re.Match[str]) -> str:
        year = "".join(_CN_YEAR_DIGIT.get(ch, ch) for ch in m.group(1))
        return f"{year}年{chinese_to_int(m.group(2))}月{chinese_to_int(m.group(3))}日"

    return _CN_DATE.sub(repl, text)
