"""Split a Chinese policy text into its provisions.

1. :mod:`assistant.corpus.layout` finds the page boilerplate at either end, the title
   block, the cover (印发通知, 征求意见函), the re-stated title and the preamble;
2. every line that starts with a numbering label (:mod:`assistant.corpus.numbering`)
   opens a provision, nested by :mod:`assistant.corpus.tree`; an attachment opens a
   namespace of its own; signature lines in front of an attachment are dropped;
3. an unnumbered final paragraph that says when the document applies (本措施自…施行)
   becomes the ``closing`` provision;
4. a text with no numbering at all is cut into paragraphs ``p1``, ``p2`` …;
5. :mod:`assistant.corpus.ids` names every provision; ids are checked to be unique.

Nothing is lost silently: :func:`coverage` accounts for every non-space character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.corpus import layout
from assistant.corpus.departments import parse_departments
from assistant.corpus.ids import Named, assign
from assistant.corpus.models import (
    CLOSING_ID,
    COVER_ID,
    PREAMBLE_ID,
    PolicyDocument,
    Provision,
    ProvisionKind,
)
from assistant.corpus.numbering import parse_label, split_title
from assistant.corpus.tree import Node, TreeBuilder, paragraphs
from assistant.errors import CorpusError

_CLOSING = re.compile(
    r"(?:^|\s|[。；])((?:本|以上|上述)(?:政策)?(?:措施|办法|意见|政策|规定|细则|实施意见|若干措施|实施细则|通知)"
    r"(?:自|执行期|有效期|由|所称|所指|适用|实行|施行|中))"
)
_PREAMBLE_LIKE = re.compile(r"^(为|根据|按照|依据|依照|结合|各[^。]{1,60}[:：])|制定本|特制定|制定如下|提出如下|现就")


@dataclass(frozen=True)
class Parsed:
    provisions: list[Provision]
    segments: layout.Segments
    dropped: list[str]
    title_lines: list[str]
    oddities: list[str]
    unplaced: int


def _split_closing(line: str) -> tuple[str, str]:
    """Split a trailing line into (text that belongs to the last provision, closing text)."""
    m = _CLOSING.search(layout.norm(line))
    if not m:
        return line, ""
    idx = line.find(m.group(1)[:3])
    keep = line[:idx].rstrip() if idx >= 0 else line
    if idx < 0 or (keep and not (re.search(r"[。；;)）!！?？]$", layout.norm(keep)) or line[idx - 1].isspace())):
        return line, ""
    label = parse_label(layout.norm(keep)) if keep else None
    if label is not None and not label.rest:
        return line, ""  # 第十三条 本办法自…施行: a numbered article, not a closing
    return keep, line[idx:].strip()


def _plain(doc_id: str, measure: str, kind: ProvisionKind, label: str, lines: list[str], start: int, end: int,
           title: str = "") -> Provision:
    text = "\n".join(lines)
    return Provision(doc_id, measure, kind, label, title, label, text, text, (label,), line_start=start, line_end=end)


def _cover_label(text: str) -> str:
    head = layout.norm(text[:200])
    if "征求意见" in head and ("函" in head or "意见稿" in head):
        return "征求意见函"
    return "印发通知" if "通知" in head else "来函"


def parse_provisions(doc: PolicyDocument, lines: list[str]) -> Parsed:
    """Provisions of ``lines`` (the raw lines of the document, head already unwrapped)."""
    top = layout.top_end(lines)
    end = layout.bottom_start(lines, top)
    listed = _attachment_lists(lines, top, end)
    first = next((i for i in range(top, end) if i not in listed and layout.is_heading(lines[i])), end)
    main_end = _first_attachment(lines, first, end, listed)
    numbered = first < main_end
    seg = layout.segment(lines, top, first if numbered else main_end, end)
    dropped = [ln.strip() for ln in lines[:top] + lines[end:] if ln.strip()]
    oddities: list[str] = []

    def raw(a: int, b: int) -> list[str]:
        return [ln.strip() for ln in lines[a:b] if ln.strip()]

    out: list[Provision] = []
    if seg.cover and (cover := raw(*seg.cover)):
        out.append(_plain(doc.doc_id, COVER_ID, "cover", _cover_label("".join(cover)), cover, *seg.cover))
    skip = {i for i in _signatures_before_attachments(lines, main_end, end) if i >= seg.preamble[0]}
    dropped += [lines[i].strip() for i in sorted(skip)]
    builder = TreeBuilder()
    closing: list[str] = []
    closing_start = 0
    pre = raw(*seg.preamble)
    orphans: list[tuple[int, str]] = []
    if numbered:
        if pre:
            out.append(_plain(doc.doc_id, PREAMBLE_ID, "preamble", "序言", pre, *seg.preamble))
        body_start = first
    else:
        body_start, paras = seg.preamble[0], [(i, lines[i].strip()) for i in range(*seg.preamble)
                                         if lines[i].strip() and i not in skip]
        if len(paras) > 1 and _PREAMBLE_LIKE.search(layout.norm(paras[0][1])):
            out.append(_plain(doc.doc_id, PREAMBLE_ID, "preamble", "序言", [paras[0][1]], paras[0][0], paras[0][0] + 1))
            paras = paras[1:]
        if len(paras) > 1 and _CLOSING.match(" " + layout.norm(paras[-1][1])):
            closing, closing_start = [paras[-1][1]], paras[-1][0]
            paras = paras[:-1]
        builder.nodes.extend(paragraphs(paras))
        if paras:
            oddities.append(f"无编号：按段落切分为 {len(paras)} 段（p1–p{len(paras)}）")
        body_start = main_end
    last_main = max((i for i in range(first, main_end) if layout.is_heading(lines[i])), default=-1)
    for i in range(body_start, end):
        line = lines[i].strip()
        if not line or i in skip:
            continue
        if closing and i < main_end:
            closing.append(line)
            continue
        label = None if i in listed else parse_label(layout.norm(line))
        if label is None or (i < main_end and not numbered):
            open_ = builder.stack[-1] if builder.stack else None
            own_text = open_ is not None and open_.label is not None and not open_.label.rest and not open_.body
            keep, tail = _split_closing(line) if last_main < i < main_end and not own_text else (line, "")
            if keep and not builder.text(keep, i):
                orphans.append((i, keep))
            if tail:
                closing, closing_start = [tail], i
            continue
        if i == last_main and label.kind != "attachment":
            line, tail = _split_closing(line)
            if tail:
                closing, closing_start = [tail], i
                label = parse_label(layout.norm(line)) or label
        title, body = split_title(label.rest)
        builder.heading(label, line, i, body)
        if label.kind == "attachment":
            oddities.append(f"含{label.number}" + (f"：{label.rest[:20]}" if label.rest else ""))
    named = assign(builder.nodes)
    if orphans:  # text before any heading that is not the preamble (a list of attachments)
        out = [p for p in out if p.measure != PREAMBLE_ID]
        start = seg.preamble[0] if pre else orphans[0][0]
        out.append(_plain(doc.doc_id, PREAMBLE_ID, "preamble", "序言", pre + [x for _, x in orphans], start,
                          orphans[-1][0] + 1))
        oddities.append(f"{len(orphans)} 行在任何编号之前，归入序言")
    ids = {id(n.node): n.measure for n in named}
    out += [_provision(doc.doc_id, n, ids) for n in named]
    if closing:
        title = split_title(layout.norm(closing[0]))[0] if not re.search(r"[，,]", _first_sentence(closing[0])) else ""
        out.append(_plain(doc.doc_id, CLOSING_ID, "closing", "施行与有效期", closing, closing_start, main_end, title))
    oddities += _sequence_oddities(builder, named)
    _check_unique(out, doc)
    title_lines = raw(*seg.title) + raw(*seg.restated)
    unplaced = len(pre) * numbered + len(orphans) + len(closing)
    return Parsed(out, seg, dropped, title_lines, oddities, unplaced)


def _first_sentence(text: str) -> str:
    return re.split(r"[。；;：:]", layout.norm(text), maxsplit=1)[0]


def _attachment_at(lines: list[str], i: int) -> str:
    """The attachment word of line ``i`` (附件, 附表) when it is an attachment heading, else ""."""
    label = parse_label(layout.norm(lines[i]))
    return label.number.rstrip("0123456789") if label is not None and label.kind == "attachment" else ""


def _attachment_lists(lines: list[str], first: int, end: int) -> set[int]:
    """Lines of a list of attachments (``附件：…申请程序`` / ``附表：1. … 2. …``) that are
    followed by the attachments themselves: text of the provision they end, not headings."""
    heads = [(i, w) for i in range(first, end) if (w := _attachment_at(lines, i))]
    listed: set[int] = set()
    for k, (i, word) in enumerate(heads):
        label = parse_label(layout.norm(lines[i]))
        later = [j for j, w in heads[k + 1 :] if w == word]
        if label is None or not later or not (label.rest or label.written.endswith((":", "："))):
            continue
        nxt = heads[k + 1][0]
        listed.update(j for j in range(i, nxt) if lines[j].strip())
    return listed


def _first_attachment(lines: list[str], first: int, end: int, listed: set[int]) -> int:
    return next((i for i in range(first, end) if i not in listed and _attachment_at(lines, i)), end)


def _signatures_before_attachments(lines: list[str], main_end: int, end: int) -> set[int]:
    """Signature and date lines right before an attachment heading (dropped, like a 版记)."""
    skip: set[int] = set()
    for a in range(main_end, end):
        label = parse_label(layout.norm(lines[a]))
        if label is None or label.kind != "attachment":
            continue
        i = a - 1
        while i >= 0 and (not lines[i].strip() or layout.is_signature(lines[i])):
            if lines[i].strip():
                skip.add(i)
            i -= 1
    return skip


def _provision(doc_id: str, named: Named, ids: dict[int, str]) -> Provision:
    n = named.node
    rest = n.label.rest if n.label else ""
    if n.kind == "paragraph":
        title = split_title(layout.norm(n.lines[0]), standalone_max=0)[0]
    else:
        title = split_title(layout.norm(rest))[0] if rest else _title_of_next_line(n)
    prefix = n.label.prefix if n.label else named.label
    heading = f"{prefix}{' ' if n.kind in ('article', 'paragraph') and title else ''}{title}"
    path = tuple(_heading_of(a) for a in n.ancestors()) + (heading,)
    parent = n.parent
    text = "\n".join(n.lines)
    kind: ProvisionKind = n.kind  # type: ignore[assignment]
    return Provision(doc_id, named.measure, kind, named.label, title, heading, "\n".join(n.body), text, path,
                     parse_departments(text), ids[id(parent)] if parent else None, n.line_start, n.line_end)


def _heading_of(node: Node) -> str:
    rest = node.label.rest if node.label else ""
    title = split_title(layout.norm(rest))[0] if rest else _title_of_next_line(node)
    prefix = node.label.prefix if node.label else ""
    return f"{prefix}{' ' if node.kind == 'article' and title else ''}{title}"


def _title_of_next_line(node: Node) -> str:
    """A label alone on its line (第一条 / 附件1): the title is the next line's heading phrase."""
    if node.kind == "paragraph" or len(node.lines) < 2:
        return ""
    nxt = layout.norm(node.lines[1])
    if node.kind in ("attachment", "chapter", "section", "supplementary"):
        return nxt if len(nxt) <= 30 and not re.search(r"[，,。；;：:]", nxt) else ""
    return split_title(nxt, standalone_max=0)[0]


def _sequence_oddities(builder: TreeBuilder, named: list[Named]) -> list[str]:
    out: list[str] = []
    by_node = {id(n.node): n for n in named}
    for previous, value in builder.gaps:
        where = by_node[id(previous)].label
        if value > previous.value + 1:
            out.append(f"编号跳号：{where} 之后是第 {value} 号")
    out += [f"编号重复：{n.label}（编号为 {n.measure}）" for n in named if n.repeated]
    return out


def _check_unique(provisions: list[Provision], doc: PolicyDocument) -> None:
    seen: dict[str, Provision] = {}
    for p in provisions:
        if p.measure in seen:
            other = seen[p.measure]
            raise CorpusError(
                f"{doc.source or doc.doc_id}：条款编号重复“{p.measure}”：第{other.line_start + 1}行（{other.label}）"
                f"与第{p.line_start + 1}行（{p.label}）；原索引保持不变"
            )
        seen[p.measure] = p
