"""Domain types of a policy corpus.

Glossary: 政策文件 PolicyDocument; 条款/措施 Provision (a numbered measure, a part, a group,
the cover letter); 文号 doc_number; 责任单位 departments; 征求意见稿 status ``draft``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Status = Literal["draft", "effective", "superseded", "repealed", "unknown"]
ProvisionKind = Literal["cover", "preamble", "closing", "chapter", "section", "article", "part", "group", "item",
                        "subitem", "circled", "letter", "supplementary", "attachment", "paragraph"]

#: Ids of provisions that are not numbered in the document itself.
COVER_ID = "cover"
PREAMBLE_ID = "preamble"
CLOSING_ID = "closing"


@dataclass(frozen=True)
class Contact:
    """Who to ask about a document (from its cover letter or metadata file)."""

    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""

    def is_empty(self) -> bool:
        return not (self.name or self.phone or self.email or self.address)


@dataclass(frozen=True)
class PolicyDocument:
    """A policy document's metadata. ``valid_until`` is None when the text states no end."""

    doc_id: str
    title: str
    issuer: str = ""
    doc_number: str = ""
    region: str = ""
    issued: date | None = None
    status: Status = "unknown"
    effective_from: date | None = None
    valid_until: date | None = None
    validity_note: str = ""
    feedback_deadline: date | None = None
    contact: Contact = field(default_factory=Contact)
    source: str = ""
    #: What the text says it repeals or replaces (``此前出台的…政策同时废止``), verbatim.
    supersedes: str = ""


@dataclass(frozen=True)
class Provision:
    """One unit of a document's own numbering.

    ``text`` is the provision verbatim (its lines as the source has them), ``heading``
    its label and title (``2.引导“专精特新”发展``), ``body`` the text after the title.
    ``measure`` is the id used in citations (docs/measure-ids.md): ``"2"``, ``"四(一)"``,
    ``"5(二)"``, ``"一.1"``, ``"附件1 二(一)"``, ``"p3"``; unnumbered provisions use
    :data:`COVER_ID`, :data:`PREAMBLE_ID` or :data:`CLOSING_ID`. ``label`` is what a
    reader of the document calls it (第三条, 一、(二), 附件1 二、, 第3段).
    """

    doc_id: str
    measure: str
    kind: ProvisionKind
    label: str
    title: str
    heading: str
    body: str
    text: str
    path: tuple[str, ...]
    departments: tuple[str, ...] = ()
    parent: str | None = None
    line_start: int = 0
    line_end: int = 0

    @property
    def display(self) -> str:
        """How a citation names the provision: 第2条, 四、(一), 征求意见函 …"""
        return self.label or display_measure(self.measure, self.kind, self.title)

    @property
    def path_text(self) -> str:
        return " > ".join(self.path)


def display_measure(measure: str, kind: str = "", title: str = "") -> str:
    """A label from a measure id alone (when the provision is not at hand).

    ``"2"`` → 第2条, ``"四(一)"`` → 四、(一), ``"二"`` → 二、, ``"一.1"`` → 一、1.,
    ``"p3"`` → 第3段, ``"附件1 二(一)"`` → 附件1 二、(一), ``"第二章 3"`` → 第二章第3条.
    """
    if kind in ("cover", "preamble", "closing") or measure in (COVER_ID, PREAMBLE_ID, CLOSING_ID):
        return title or {COVER_ID: "来函", PREAMBLE_ID: "序言", CLOSING_ID: "施行与有效期"}.get(measure, measure)
    if " " in measure:
        head, _, rest = measure.rpartition(" ")
        return f"{head}{'' if head.startswith('第') and head.endswith('章') else ' '}{display_measure(rest)}"
    if measure.startswith("p") and measure[1:].isdigit():
        return f"第{measure[1:]}段"
    if measure.isascii() and measure.isdigit():
        return f"第{measure}条"
    if re.fullmatch(r"(第[^.()]+[章节])+|附则|附[件表]\d*", measure):
        return measure
    out = ""
    for token in re.findall(r"\([^)]*\)|[①-⑳]|[^.()①-⑳]+", measure):
        if token.startswith(("(", "第", "附则")) or token[0] in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
            out += token
        elif token.isascii() and token.isdigit():
            out += f"{token}." if out else f"第{token}条"
        elif token.isascii():
            out += f"{token}."
        else:
            out += f"{token}、"
    return out


@dataclass(frozen=True)
class ParsedDocument:
    """A document's text split into provisions, with what was dropped as page boilerplate."""

    document: PolicyDocument
    text: str
    provisions: tuple[Provision, ...]
    title_lines: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    #: The file it was read from ("" when parsed from a string).
    path: str = ""
    #: Anything odd the parser saw (numbering gaps, repeated numbers, attachments …), in Chinese.
    oddities: tuple[str, ...] = ()
    #: Paragraphs not placed under any numbering (preamble, closing).
    unplaced: int = 0

    @property
    def doc_id(self) -> str:
        return self.document.doc_id

    @property
    def measure_ids(self) -> tuple[str, ...]:
        return tuple(p.measure for p in self.provisions)

    def get(self, measure: str) -> Provision | None:
        for p in self.provisions:
            if p.measure == measure:
                return p
        return None

    @property
    def measures(self) -> int:
        """How many provisions are numbered in the document (or paragraphs of an unnumbered one)."""
        return sum(1 for p in self.provisions if p.kind not in ("cover", "preamble", "closing"))

    def leaves(self) -> tuple[Provision, ...]:
        """Provisions with no children: the units answers cite."""
        parents = {p.parent for p in self.provisions if p.parent}
        return tuple(p for p in self.provisions if p.measure not in parents)
