"""What a correction must cite and may state, and the answer it becomes when served.

* :func:`cited_provision` — the measure a correction cites (``2``, ``第2条``), in a given or the only document;
* :func:`verbatim_quote` — the officer's quote if verbatim in the clause, else its opening sentences;
* :func:`check_amounts` — every amount stated is written in the clause or produced by the
  calculator for that measure (with the correction's own figures as bases), else a Chinese error;
* :func:`corrected_response` — the engine's answer with the correction's text and citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from assistant.dialogue.amounts import find_amounts
from assistant.dialogue.types import ChatResponse, Citation
from assistant.errors import InputError, NotFoundError, PolicyAssistantError
from assistant.rules.names import canonical_measure
from assistant.text.normalize import contains_verbatim

if TYPE_CHECKING:
    from assistant.corpus.models import Provision
    from assistant.facade import Assistant


class CorrectionLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def answer(self) -> str: ...
    @property
    def intent(self) -> str: ...
    @property
    def doc_id(self) -> str: ...
    @property
    def measure(self) -> str: ...
    @property
    def quote(self) -> str: ...


@dataclass(frozen=True)
class CorrectedResponse(ChatResponse):
    """An answer served from an approved correction (``correction_id`` is not on the wire)."""

    correction_id: int = 0


def corrected_response(bot: Assistant, c: CorrectionLike, response: ChatResponse, day: date) -> CorrectedResponse:
    """The engine's ``response`` with the correction's text and citation (state refocused)."""
    doc = bot.index.document(c.doc_id)
    provision = bot.index.provision(c.doc_id, c.measure)
    state = bot.codec.decode(response.state)
    state.set_focus([(c.doc_id, c.measure)])
    state.last_intent = c.intent
    calc = response.calculation
    items = calc.get("items", []) if isinstance(calc, dict) else []
    same = bool(items) and all(str(i.get("measure")) == c.measure for i in items)
    base = {f.name: getattr(response, f.name) for f in fields(ChatResponse)}  # fields added later carry over
    return CorrectedResponse(**{
        **base, "answer": c.answer, "intent": c.intent,
        "citations": [Citation(c.doc_id, doc.document.title, c.measure, provision.title, c.quote)],
        "calculation": calc if same else None, "caveats": validity_caveats(doc.document, day), "follow_up": [],
        "state": bot.codec.encode(state), "correction_id": c.id})


def validity_caveats(meta: Any, day: date) -> list[str]:
    """Draft status and validity at ``day`` of the cited document, as the engine words them."""
    out = []
    if getattr(meta, "status", "") == "draft":
        out.append("本文件为征求意见稿，请以正式印发文件为准")
    if getattr(meta, "status", "") in ("superseded", "repealed"):
        out.append("本文件已被取代或废止，请以现行文件为准")
    until = getattr(meta, "valid_until", None)
    if isinstance(until, date):
        shown = f"{until.year}年{until.month}月{until.day}日"
        state = "已过期" if day > until else "仍在有效期内"
        out.append(f"措施有效期至{shown}，截至{day.isoformat()}{state}")
    return out


def check_amounts(bot: Assistant, doc_id: str, provision: Provision, text: str) -> None:
    """Refuse a correction stating an amount that the cited clause does not contain and the
    calculator does not produce for that measure."""
    stated = find_amounts(text)
    if not stated:
        return
    figures = {a.yuan for a in stated if a.yuan is not None}
    allowed = {a.yuan for a in find_amounts(provision.text) if a.yuan is not None}
    ctx = bot.contexts.get(doc_id)
    calculator = getattr(ctx, "calculator", None)
    if calculator is not None and calculator.rules.has_measure(provision.measure):
        for selection in calculator.rules.selections(provision.measure):
            name = selection.tier.id if selection.tier is not None else selection.rule.id
            for base in (None, *sorted(figures)):
                try:
                    result = calculator.calculate_measure(provision.measure, tier=name, base=base)
                except PolicyAssistantError:
                    continue
                produced = {v for v in (result.total_yuan, *(result.range_yuan or ())) if v is not None}
                produced |= {i.amount_yuan for i in result.items if i.amount_yuan is not None}
                allowed |= produced
                if base is not None and produced & (figures - {base}):
                    allowed.add(base)  # the caller's base, stated together with what it yields
    for amount in stated:  # a foreign-currency figure (yuan None) is never the policy's
        if amount.yuan is None or amount.yuan not in allowed:
            raise InputError(f"更正中的金额“{amount.text}”既未写在所引条款〔{provision.display}〕中，也不是计算器"
                             f"按该条款算得的金额；金额只能来自条款原文或计算器，请核对后再提交", code="amount_not_supported")


def cited_provision(bot: Assistant, doc_id: str | None, measure: str) -> tuple[str, Provision]:
    if not doc_id:
        docs = [d.doc_id for d in bot.index.documents]
        if len(docs) != 1:
            raise InputError("请指定所引条款所在的文档（doc_id）", code="bad_correction")
        doc_id = docs[0]
    if not measure or not measure.strip():
        raise InputError("请指定所引条款（如 2 或 第2条）", code="bad_correction")
    for candidate in dict.fromkeys((measure.strip(), canonical_measure(measure))):
        try:
            return doc_id, bot.index.provision(doc_id, candidate)
        except NotFoundError:
            continue
    raise InputError(f"所引条款不存在：文档 {doc_id} 中没有“{measure}”", code="bad_citation")


def verbatim_quote(provision: Provision, quote: str | None) -> str:
    """The officer's quote when it is verbatim in the clause; else the clause's opening sentences."""
    if quote and quote.strip():
        if not contains_verbatim(provision.text, quote.strip()):
            raise InputError(f"引文未在所引条款〔{provision.display}〕原文中找到，请从原文复制", code="bad_citation")
        return quote.strip()
    text, out = provision.text.strip(), ""
    for part in re.findall(r"[^。；\n]+[。；]?|\n", text):
        if out and len(out) + len(part) > 160:
            break
        out += part
    return out.strip() or text
