"""Domain types of a policy corpus.

Glossary: 政策文件 PolicyDocument; 条款/措施 Provision (a numbered measure, a part, a group,
the cover letter); 文号 doc_number; 责任单位 departments; 征求意见稿 status ``draft``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Status = Literal["draft", "effective", "superseded", "repealed", "unknown"]
ProvisionKind = Literal["cover", "preamble", "part", "group", "item", "article", "subitem", "closing"]

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


@dataclass(frozen=True)
class Provision:
    """One unit of a document's own numbering.

    ``text`` is the provision verbatim (its lines as the source has them), ``heading``
    its label and title (``2.引导“专精特新”发展``), ``body`` the text after the title.
    ``measure`` is the id used in citations (design.md §5): the shortest label unique
    in the document, e.g. ``"2"``, ``"四(一)"``, ``"5(二)"``; unnumbered provisions use
    :data:`COVER_ID`, :data:`PREAMBLE_ID` or :data:`CLOSING_ID`.
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
        return display_measure(self.measure, self.kind, self.title)

    @property
    def path_text(self) -> str:
        return " > ".join(self.path)


def display_measure(measure: str, kind: str, title: str = "") -> str:
    """Human label of a measure id: ``"2"`` → 第2条, ``"四(一)"`` → 四、(一), ``"二"`` → 二、."""
    if kind in ("cover", "preamble", "closing"):
        return title or measure
    if measure.isdigit():
        return f"第{measure}条"
    if "(" in measure:
        head, _, rest = measure.partition("(")
        if head.isdigit():
            return f"第{head}条({rest}"
        return f"{head}、({rest}" if head else f"({rest}"
    return f"{measure}、"


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

    def leaves(self) -> tuple[Provision, ...]:
        """Provisions with no children: the units answers cite."""
        parents = {p.parent for p in self.provisions if p.parent}
        return tuple(p for p in self.provisions if p.measure not in parents)
