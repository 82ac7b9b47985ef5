"""Split a Chinese policy text into its provisions.

The text is read line by line:

1. trailing web-page boilerplate (原文链接, 免责声明, 本站…, TOP, 客服 …) is dropped;
2. the head is split into the title block, an optional cover letter (征求意见的函,
   印发通知) and the preamble;
3. every line that starts with a numbering label (:mod:`assistant.corpus.numbering`)
   opens a provision; its depth is the rank of its label kind in the order the
   document first uses them (so 一、 > (一) > 1. in Baotou, 第N条 > （一） in Tianhe);
4. an unnumbered final paragraph that says when the document applies (本措施自…施行)
   becomes the ``closing`` provision.

Nothing is lost silently: :func:`coverage` accounts for every non-space character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.corpus.departments import parse_departments
from assistant.corpus.models import (
    CLOSING_ID,
    COVER_ID,
    PREAMBLE_ID,
    PolicyDocument,
    Provision,
    ProvisionKind,
)
from assistant.corpus.numbering import Label, chinese_to_int, parse_label, split_title
from assistant.text.normalize import normalize_text

_BOILERPLATE = re.compile(
    r"^(原文链接|原文地址|免责声明|本站|版权所有|返回顶部|打印本页|关闭窗口|分享到|扫一扫|"
    r"TOP|客服|电话|微信|顶部|来源[:：]?$)",
    re.IGNORECASE,
)
_ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：]?$")
_NOTICE_TITLE = re.compile(r"^关于.*(的通知|的函|征求意见的函)$")
_DATE_LINE = re.compile(r"^[(（]?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[)）]?$")
_CLOSING = re.compile(r"(?:^|\s)(本(?:措施|办法|意见|政策|规定|细则|实施意见|若干措施)(?:自|执行期|有效期|由|所称))")


@dataclass
class _Open:
    label: Label
    measure_path: tuple[str, ...]
    heading: str
    title: str
    lines: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    line_start: int = 0
    line_end: int = 0
    path: tuple[str, ...] = ()
    parent: _Open | None = None


@dataclass(frozen=True)
class Segments:
    """How the head of a document divides: line ranges [start, end)."""

    title: tuple[int, int]
    cover: tuple[int, int] | None
    preamble: tuple[int, int]
    body_start: int
    body_end: int


def strip_boilerplate(lines: list[str]) -> int:
    """Index where trailing page boilerplate starts (len(lines) when there is none)."""
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    cut = end
    for i in range(end - 1, -1, -1):
        line = normalize_text(lines[i])
        if not line or _BOILERPLATE.match(line):
            cut = i
            continue
        break
    return cut


def _title_block_end(lines: list[str], start: int, stop: int) -> int:
    """The end of the title lines from ``start``: short lines without sentence punctuation."""
    i = start
    while i < stop:
        line = normalize_text(lines[i])
        if not line:
            i += 1
            continue
        if parse_label(line) or len(line) > 60 or re.search(r"[。；;:：]$", line):
            break
        if re.search(r"[，,。]", line) and not _DATE_LINE.match(line):
            break
        i += 1
    return i


def segment(lines: list[str], end: int) -> Segments:
    """Find the title block, cover letter and preamble before the first numbered heading."""
    first = next((i for i in range(end) if parse_label(normalize_text(lines[i]))), end)
    attach = next((i for i in range(first) if _ATTACHMENT.match(normalize_text(lines[i]))), None)
    if attach is not None:
        # 征求意见的函 … 附件 <title> <preamble>: the letter is everything before 附件.
        title_end = _title_block_end(lines, attach + 1, first)
        return Segments((attach + 1, title_end), (0, attach + 1), (title_end, first), first, end)
    notice = next((i for i in range(first) if _NOTICE_TITLE.match(normalize_text(lines[i]))), None)
    if notice is not None:
        dates = [i for i in range(notice, first) if _DATE_LINE.match(normalize_text(lines[i]))]
        if dates:
            # 印发通知: from its 关于… line to its date; what precedes is the title block.
            return Segments((0, notice), (notice, dates[-1] + 1), (dates[-1] + 1, first), first, end)
    title_end = _title_block_end(lines, 0, first)
    return Segments((0, title_end), None, (title_end, first), first, end)


def _unique_ids(paths: list[tuple[str, ...]]) -> list[str]:
    """Shortest unique suffix of each label path; never one starting with a bare (一)."""
    ids: list[str] = []
    for path in paths:
        chosen = "".join(path)
        for k in range(1, len(path) + 1):
            suffix = path[-k:]
            if suffix[0].startswith("(") and k < len(path):
                continue
            clash = sum(1 for other in paths if other[-k:] == suffix)
            if clash == 1:
                chosen = "".join(suffix)
                break
        ids.append(chosen)
    return ids


def _fallback_title(body: str) -> str:
    first = re.split(r"[，,。；;：:]", normalize_text(body), maxsplit=1)[0].strip()
    return first if len(first) <= 18 else first[:17] + "…"


def _split_closing(line: str) -> tuple[str, str]:
    """Split a trailing line into (text that belongs to the last provision, closing text)."""
    m = _CLOSING.search(normalize_text(line))
    if not m:
        return line, ""
    # Find the same phrase in the raw line to keep the original characters.
    idx = line.find(m.group(1)[:3])
    if idx < 0:
        return line, ""
    return line[:idx].rstrip(), line[idx:].strip()


_RUN_IN_TITLE = re.compile(r"^(\S{6,90}?(?:通知|意见|措施|办法|规定|细则|方案))\s+(\S.*)$")


def split_run_in_title(lines: list[str]) -> list[str]:
    """Put a title that runs into the addressee and preamble on one line onto its own line.

    ``湘潭市人民政府关于…的若干意见 各县市区人民政府，…： 根据…`` becomes two lines.
    """
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        m = _RUN_IN_TITLE.match(line.strip())
        if m and len(line) > 60:
            return [*lines[:i], m.group(1), m.group(2), *lines[i + 1 :]]
        return lines
    return lines


def parse_provisions(doc: PolicyDocument, lines: list[str]) -> tuple[list[Provision], Segments, list[str]]:
    """Provisions of ``lines`` (the raw lines of the document) and the dropped boilerplate."""
    end = strip_boilerplate(lines)
    seg = segment(lines, end)
    provisions: list[Provision] = []

    def raw(a: int, b: int) -> list[str]:
        return [ln.strip() for ln in lines[a:b] if ln.strip()]

    if seg.cover:
        cover_lines = raw(*seg.cover)
        title_end = _title_block_end(cover_lines, 0, len(cover_lines))
        cover_title = "".join(normalize_text(x) for x in cover_lines[:title_end]) or "来函"
        provisions.append(
            Provision(doc.doc_id, COVER_ID, "cover", "", _cover_title(cover_title), cover_title,
                      "\n".join(cover_lines[title_end:]), "\n".join(cover_lines), (cover_title,),
                      line_start=seg.cover[0], line_end=seg.cover[1])
        )
    pre = raw(*seg.preamble)
    if pre:
        provisions.append(
            Provision(doc.doc_id, PREAMBLE_ID, "preamble", "", "序言", "序言", "\n".join(pre),
                      "\n".join(pre), ("序言",), line_start=seg.preamble[0], line_end=seg.preamble[1])
        )

    opened: list[_Open] = []
    stack: list[_Open] = []
    closing: list[str] = []
    closing_start = 0
    for i in range(seg.body_start, seg.body_end):
        line = lines[i].strip()
        if not line:
            continue
        if closing:
            closing.append(line)
            continue
        label = parse_label(normalize_text(line))
        if label is None:
            if not stack:  # cannot happen: the body starts at the first heading
                continue
            keep, tail = _split_closing(line) if _is_after_last_heading(lines, i, seg.body_end) else (line, "")
            if keep:
                stack[-1].lines.append(keep)
                stack[-1].body.append(keep)
                stack[-1].line_end = i + 1
            if tail:
                closing, closing_start = [tail], i
            continue
        del stack[_depth_for(label, stack):]
        title, body = split_title(label.rest)
        heading = f"{label.heading_prefix}{title}".strip()
        node = _Open(label, tuple(s.label.id_part for s in stack) + (label.id_part,), heading, title,
                     [line], [body] if body else [], i, i + 1)
        node.path = tuple(s.heading for s in stack) + (heading,)
        node.parent = stack[-1] if stack else None
        stack.append(node)
        opened.append(node)

    ids = _unique_ids([n.measure_path for n in opened])
    id_of = {id(n): mid for n, mid in zip(opened, ids, strict=True)}
    for n in opened:
        body = "\n".join(n.body)
        under_article = n.parent is not None and n.parent.label.kind == "article"
        kind: ProvisionKind = "subitem" if under_article else n.label.kind  # type: ignore[assignment]
        provisions.append(
            Provision(doc.doc_id, id_of[id(n)], kind, n.label.id_part, n.title or _fallback_title(body),
                      n.heading, body, "\n".join(n.lines), n.path, parse_departments("\n".join(n.lines)),
                      id_of[id(n.parent)] if n.parent else None, n.line_start, n.line_end)
        )
    if closing:
        text = "\n".join(closing)
        provisions.append(
            Provision(doc.doc_id, CLOSING_ID, "closing", "", "施行与有效期", "施行与有效期", text, text,
                      ("施行与有效期",), line_start=closing_start, line_end=seg.body_end)
        )
    dropped = [ln.strip() for ln in lines[end:] if ln.strip()]
    return provisions, seg, dropped


def _is_after_last_heading(lines: list[str], i: int, end: int) -> bool:
    return not any(parse_label(normalize_text(lines[j])) for j in range(i + 1, end))


def _depth_for(label: Label, stack: list[_Open]) -> int:
    """Where a new heading goes in the stack of open headings.

    Numbering continues a sequence: (二) is the sibling of an open (一), whatever lies
    above it. A label that continues no open sequence (1., or a 4. whose 3. was closed
    by a new group) nests under the innermost open heading.
    """
    number = _ordinal(label.number)
    for depth in range(len(stack) - 1, -1, -1):
        open_label = stack[depth].label
        if open_label.kind == label.kind and number is not None and _ordinal(open_label.number) == number - 1:
            return depth
    return len(stack)


def _ordinal(number: str) -> int | None:
    return chinese_to_int(number)


def _cover_title(heading: str) -> str:
    if "征求意见" in heading:
        return "征求意见函"
    if "通知" in heading:
        return "印发通知"
    return "来函"
