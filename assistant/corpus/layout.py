"""The layout around a document's numbering: boilerplate, title, cover, preamble, signatures.

``lines`` are the raw lines of the file (index = line number - 1). :func:`unwrap_head`
first puts run-in pieces of the head on lines of their own (a title run into the
addressee, a signature and date run into the document title), so that:

* page boilerplate at either end (site menus, ``原文链接``, ``免责声明``, ``TOP`` …) and a
  trailing 版记 (``公开方式``, ``…办公室``, ``2023年8月9日印发``) are *dropped*;
* the head divides into the title block, an optional cover (a 印发/实施 notice or a
  征求意见的函, from its heading to its signature date, or to the policy itself when it has
  an addressee but no date), the re-stated title of the policy after the cover, and the
  preamble (:class:`Segments`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.corpus.numbering import arabic_dates, parse_label
from assistant.text.normalize import normalize_text

_TOP = re.compile(
    r"^(首页|当前位置|您(当前)?的?位置|发布时间|发布日期|信息来源|浏览(次数)?[:：]|阅读(次数)?[:：]|访问量|"
    r"字号|【?\s*[大中小]\s*】?$|【?打印|分享到|扫一扫|收藏|【?关闭)"
)
_BOTTOM = re.compile(
    r"^(原文链接|原文地址|免责声明|本站|版权所有|返回顶部|打印本页|【?关闭(窗口|本页)?|分享到|扫一扫|"
    r"TOP|客服|电话|微信|顶部|来源[:：]?$|公开方式|抄送|主送|(\(|（)?此件(主动)?公开|"
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发)",
    re.IGNORECASE,
)
ORGAN = r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|管委会|局|委|厅|办|政府|部|院|处|公司|中心)"
_ORGAN_LINE = re.compile(rf"^[\u4e00-\u9fa5（）()、\s]{{2,60}}{ORGAN}$")
DATE_LINE = re.compile(r"^[(（]?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[)）]?(印发|发布)?$")
NOTICE = re.compile(r"^(?:\S{0,60}?)关于.*(?:的通知|的函|征求意见的函|的公告)$")
_ISSUING = re.compile(r"关于(?:对《|印发|实施|转发|下发|颁布|公布|发布|征求)|征求意见的函$")
_DOC_NUMBER_LINE = re.compile(r"^[\u4e00-\u9fa5]{1,12}[〔\[(（﹝]\d{4}[〕\])）﹞]\s*\d{1,4}\s*号$")
_ADDRESSEE = re.compile(r"^[^，。；]{2,80}[:：]$|^各[^。；]{1,80}[:：]")
_RUN_IN_TITLE = re.compile(r"^(\S{6,90}?(?:通知|意见|措施|办法|规定|细则|方案|政策|的函))\s+(\S.*)$")
_RUN_IN_SIGNED = re.compile(
    rf"^(.*[。：:])\s*([\u4e00-\u9fa5]{{2,40}}?{ORGAN})\s*(\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)\s+(\S.*)$")


@dataclass(frozen=True)
class Segments:
    """How a document divides: line ranges [start, end) and the body's extent."""

    title: tuple[int, int]
    cover: tuple[int, int] | None
    restated: tuple[int, int]
    preamble: tuple[int, int]
    body_start: int
    body_end: int
    top: int = 0


def norm(line: str) -> str:
    return arabic_dates(normalize_text(line).strip())


def is_signature(line: str) -> bool:
    """An organ name or a date on a line of its own (a signature block or 版记)."""
    text = norm(line)
    return bool(DATE_LINE.match(text) or (_ORGAN_LINE.match(text) and len(text) <= 60 and "关于" not in text))


def unwrap_head(lines: list[str]) -> list[str]:
    """Split run-in head lines: ``…的通知 各县…：`` and ``…办公厅 2020年2月16日 陕西省…措施 为…``."""
    out = list(lines)
    first = next((i for i, ln in enumerate(out) if ln.strip()), None)
    if first is None:
        return out
    limit = next((i for i, ln in enumerate(out) if is_heading(ln)), len(out))
    i = first
    while i < min(limit, len(out)):
        line = out[i].strip()
        if len(line) > 60:
            m = _RUN_IN_SIGNED.match(line)
            if m and not is_heading(m.group(4)):
                out[i : i + 1] = list(m.groups())
                limit += 3
                continue
            m = _RUN_IN_TITLE.match(line)
            if m and (i == first or (i > first and is_signature(out[i - 1]))):
                out[i : i + 1] = [m.group(1), m.group(2)]
                limit += 1
        i += 1
    return out


def is_heading(line: str) -> bool:
    label = parse_label(norm(line))
    return label is not None and not (label.kind == "attachment" and _before_body_attachment(label.rest))


def _before_body_attachment(rest: str) -> bool:
    return not rest or rest.startswith("《")


def top_end(lines: list[str]) -> int:
    """Index of the first line after leading page boilerplate."""
    i = 0
    while i < len(lines) and (not lines[i].strip() or _TOP.match(norm(lines[i]))):
        i += 1
    return i if any(_TOP.match(norm(x)) for x in lines[:i]) else 0


def bottom_start(lines: list[str], start: int = 0) -> int:
    """Index where trailing page boilerplate and a trailing 版记/signature start."""
    end = len(lines)
    while end > start and not lines[end - 1].strip():
        end -= 1
    cut = end
    for i in range(end - 1, start - 1, -1):
        text = norm(lines[i])
        if not text or _BOTTOM.match(text) or is_signature(text):
            cut = i
            continue
        break
    return cut


def first_heading(lines: list[str], start: int, end: int) -> int:
    return next((i for i in range(start, end) if is_heading(lines[i])), end)


def title_block_end(lines: list[str], start: int, stop: int) -> int:
    """The end of the title lines from ``start``: short lines without sentence punctuation."""
    i = start
    while i < stop:
        line = norm(lines[i])
        if not line:
            i += 1
            continue
        if parse_label(line) or len(line) > 60 or re.search(r"[。；;:：]$", line) or _ADDRESSEE.match(line):
            break
        if re.search(r"[，,。]", line) and not DATE_LINE.match(line):
            break
        i += 1
    return i


def _notice_text(lines: list[str], i: int, stop: int) -> str:
    """Line ``i``, joined with the next one when a notice heading is split over two lines."""
    text = norm(lines[i])
    if "关于" in text and not NOTICE.match(text) and i + 1 < stop and len(text) <= 60:
        return text + norm(lines[i + 1])
    return text


def segment(lines: list[str], start: int, first: int, end: int) -> Segments:
    """Title block, cover, re-stated title and preamble in ``lines[start:first]``."""
    bare = next((i for i in range(start, first) if re.fullmatch(r"附\s*件\s*\d*\s*[:：]?", norm(lines[i]))), None)
    if bare is not None:
        # 征求意见的函 … 附件 <title> <preamble>: the letter is everything before 附件.
        title_end = title_block_end(lines, bare + 1, first)
        return Segments((start, start), (start, bare + 1), (bare + 1, title_end), (title_end, first), first, end, start)
    notice = next((i for i in range(start, first) if NOTICE.match(_notice_text(lines, i, first))), None)
    if notice is not None and _ISSUING.search(_notice_text(lines, notice, first)):
        dates = [i for i in range(notice, first) if DATE_LINE.match(norm(lines[i]))]
        nxt = next((i for i in range(notice + 1, first) if lines[i].strip()), first)
        if dates or (nxt < first and _ADDRESSEE.match(norm(lines[nxt]))):
            cover_start = notice
            while cover_start > start and _DOC_NUMBER_LINE.match(norm(lines[cover_start - 1])):
                cover_start -= 1  # 文号 right above the notice heading
            numbered_above = cover_start != notice
            while not numbered_above and cover_start > start and is_signature(lines[cover_start - 1]) and not \
                    DATE_LINE.match(norm(lines[cover_start - 1])):
                cover_start -= 1  # the issuing organs' line(s) in front of 关于…
            cover_end = dates[-1] + 1 if dates else first
            restated_end = title_block_end(lines, cover_end, first)
            return Segments((start, cover_start), (cover_start, cover_end), (cover_end, restated_end),
                            (restated_end, first), first, end, start)
    title_end = title_block_end(lines, start, first)
    return Segments((start, title_end), None, (title_end, title_end), (title_end, first), first, end, start)
