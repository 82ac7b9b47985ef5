"""The 口径 (standard answer): three short lines an officer reads out or pastes.

1. the amount first — the answer's first sentence without the document-status clause it
   opens with ("本文件为征求意见稿，…已过期；按原文，…"), led by the calculated total when
   it does not carry it;
2. the basis — document and measure (one line, no long quote: the evidence panel has it);
3. the one caveat that matters — the status taken off the first line ("本文件为征求意见稿，
   已于2025年12月31日到期"), else expiry before draft status before anything else, left
   out when the first line already says it.

Plain text only: no Markdown, no HTML, nothing an officer has to clean up.

Example:
    >>> print(standard_answer(bot, bot.ask("专利引进交易费120万能补多少")))      # doctest: +SKIP
    引进专利转化资金支持可获60万元。
    依据：《包头市支持“专精特新”中小企业培育引进加快发展的若干措施(征求意见稿)》第6条（加强知识产权管理）。
    提示：本文件为征求意见稿，已于2025年12月31日到期（截至2026-12-01）。
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from assistant.console.markup import display
from assistant.facade import CalculationView

if TYPE_CHECKING:
    from assistant.facade import Assistant, ChatResponse, Citation

_LABEL = re.compile(r"〔[^〔〕]*〕")
_ACCORDING_TO = re.compile(r"^根据〔[^〔〕]*〕[：:]\s*")  # "根据〔第18条 …〕：<clause>" — the basis line names it
_SENTENCE_END = re.compile(r"(?<=[。！？])")
#: Caveats in order of what a caller must hear first.
_PRIORITY = (("过期", "到期", "失效", "废止", "替代"), ("征求意见稿", "正式印发"), ("有效期",))
#: A first sentence that opens with the document's or measure's status: "<status>；按原文，<amount>".
_STATUS_LEAD = re.compile(r"^(?P<status>(?:本文件|该文件|本措施|该措施|该政策|本政策)[^；]*)；(?:按原文[，,]\s*)?(?P<rest>.+)$")
_EXPIRED = re.compile(r"有效期至(?P<until>[^，,；]+?)[，,]\s*截至(?P<day>[\d-]+)[，,]?\s*已过期")


def standard_answer(bot: Assistant, response: ChatResponse) -> str:
    """The 口径 for ``response`` (see the module docstring)."""
    status = split_status(_first_sentence(response))[0]
    first = headline(response)
    lines = [first]
    basis = _basis(bot, response.citations)
    if basis:
        lines.append(basis)
    caveat = status if any(w in status for group in _PRIORITY[:2] for w in group) else ""
    caveat = caveat or main_caveat(response.caveats, already=first + status)
    if caveat:
        lines.append(f"提示：{_reword(caveat).rstrip('。')}。")
    return "\n".join(line for line in lines if line)


def headline(response: ChatResponse) -> str:
    """The answer's first sentence without citation labels and without its opening status
    clause, the amount leading."""
    first = split_status(_first_sentence(response))[1]
    amount = _amount(response.calculation)
    if amount and amount not in first:
        return f"金额：{amount}。{first}"
    return first


def _first_sentence(response: ChatResponse) -> str:
    text = _ACCORDING_TO.sub("", " ".join(response.answer.split("\n", 1)[0].split()))
    return _SENTENCE_END.split(_LABEL.sub("", text), maxsplit=1)[0].strip()


def split_status(line: str) -> tuple[str, str]:
    """``(status, rest)`` of a headline that opens with the document's status clause
    ("本文件为征求意见稿，有效期至…，截至…已过期；按原文，…可获100万元。"), the status worded
    as a caveat ("本文件为征求意见稿，已于2025年12月31日到期（截至2026-12-01）"); ``("", line)``
    when the line does not open with a status."""
    found = _STATUS_LEAD.match(line)
    if not found or not found.group("rest").strip():
        return "", line
    return _reword(found.group("status")).strip().rstrip("。"), found.group("rest").strip()


def _reword(text: str) -> str:
    """"有效期至X，截至D已过期" → "已于X到期（截至D）"."""
    return _EXPIRED.sub(lambda m: f"已于{m.group('until')}到期（截至{m.group('day')}）", text)


def main_caveat(caveats: list[str], already: str = "") -> str:
    """The caveat that matters most and that ``already`` (the headline) does not say;
    "" when there is none."""
    for words in _PRIORITY:
        if any(w in already for w in words):
            continue
        for caveat in caveats:
            if any(w in caveat for w in words):
                return caveat
    said = [c for c in caveats if not any(w in c for group in _PRIORITY for w in group)]
    return said[0] if said else ""


def _amount(calc: dict[str, Any] | None) -> str:
    """The total or range as the core writes it (``100万元``, ``5万元—20万元``, ``最高300万元``)."""
    return CalculationView.of(calc).amount_text if calc else ""


def _basis(bot: Assistant, cites: list[Citation]) -> str:
    by_doc: dict[str, list[str]] = {}
    for c in cites:
        by_doc.setdefault(c.doc_title, []).append(_reference(bot, c))
    if not by_doc:
        return ""
    return "依据：" + "；".join(f"《{t}》{'、'.join(dict.fromkeys(refs))}" for t, refs in by_doc.items()) + "。"


def _reference(bot: Assistant, c: Citation) -> str:
    label = display(bot, c.doc_id, c.measure)
    return f"{label}（{c.title}）" if c.title and c.title != label else label
