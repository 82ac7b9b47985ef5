"""Stage 5, *finish*: citations, caveats (validity at the as-of date, calculator notes),
the status sentence an amount answer opens with, display strings, and the next state."""

from __future__ import annotations

from datetime import date

from assistant.calc.display import display_strings, status_tag
from assistant.calc.result import DRAFTED_CAVEAT
from assistant.corpus.models import CLOSING_ID, COVER_ID
from assistant.dialogue import answers as A
from assistant.dialogue.compose.common import tier_facts
from assistant.dialogue.context import DocContext, Reply, Turn
from assistant.dialogue.intent import asks_figure
from assistant.dialogue.state import StateCodec
from assistant.dialogue.types import ChatResponse, Citation


def finish(reply: Reply, turn: Turn, codec: StateCodec) -> ChatResponse:
    ctx, doc = turn.ctx, turn.ctx.doc
    citations = [Citation(doc.doc_id, doc.document.title, p.measure, p.title, quote, p.display)
                 for p, quote in reply.cited]
    caveats = list(reply.caveats)
    if reply.intent not in ("greeting", "out_of_scope"):
        caveats = validity_caveats(ctx, turn.as_of) + caveats
        if reply.calculation is not None:
            caveats += [n for n in reply.calculation.notes if n not in reply.answer and n not in caveats]
            if reply.calculation.drafted:  # rules drafted from the text, not reviewed: said once
                caveats.append(DRAFTED_CAVEAT)
    _next_state(reply, turn, citations)
    answer = reply.answer
    status, said = status_first(ctx, turn.as_of)
    if status and reply.intent in ("amount", "eligibility", "match"):
        # The first sentence says the text is a draft / no longer in force; said once, so
        # those caveats are not repeated below it.
        answer = f"{status}；{answer}" if answer.startswith(("按", "根据", "能否")) else f"{status}；按原文，{answer}"
        caveats = [c for c in caveats if c not in said]
    calculation = reply.calculation.to_dict() if reply.calculation is not None else None
    if calculation is not None:
        labels = {m: p.display for m, p in ctx.provisions().items()}
        calculation = display_strings(calculation, labels, status_tag(ctx.doc.document, turn.as_of))
    return ChatResponse(answer, reply.intent, citations, calculation, list(dict.fromkeys(caveats)),
                        reply.follow_up[:3], codec.encode(turn.state))


def _next_state(reply: Reply, turn: Turn, citations: list[Citation]) -> None:
    state = turn.state
    state.turns += 1
    if reply.intent != "greeting":  # thanks/bye keep what the conversation was about
        state.last_intent = reply.intent
        state.asked_figure = asks_figure(turn.frame, state)
    state.profile.update(turn.facts)
    for sel in turn.selections:
        if sel.tier is not None or not sel.rule.tiers:
            state.add_tier(sel.rule.id, sel.tier.id if sel.tier else "", replace=turn.frame.act == "correction")
            state.profile.update(tier_facts(sel))
    base = turn.frame.base_yuan
    if base is not None:
        state.base_yuan = base
    if citations:
        state.set_focus([(c.doc_id, c.measure) for c in citations if c.measure not in (COVER_ID, CLOSING_ID)] or
                        [(citations[0].doc_id, citations[0].measure)])


def validity_caveats(ctx: DocContext, as_of: date) -> list[str]:
    meta = ctx.doc.document
    out = []
    if meta.status == "draft":
        out.append("本文件为征求意见稿，请以正式印发文件为准")
    if meta.status in ("superseded", "repealed"):
        out.append("本文件已被取代或废止，请以现行文件为准")
    if meta.valid_until:
        if as_of > meta.valid_until:
            out.append(f"措施有效期至{A.cn_date(meta.valid_until)}，截至{as_of.isoformat()}已过期")
        else:
            out.append(f"措施有效期至{A.cn_date(meta.valid_until)}，截至{as_of.isoformat()}仍在有效期内")
    return out


def status_first(ctx: DocContext, as_of: date) -> tuple[str, list[str]]:
    """The sentence an amount answer opens with when its text is not (or not yet) in force,
    and the caveats it already says."""
    meta = ctx.doc.document
    said = validity_caveats(ctx, as_of)
    draft = "本文件为征求意见稿，" if meta.status == "draft" else "本文件"
    if meta.status in ("superseded", "repealed"):
        return "本文件已被取代或废止，请以现行文件为准", said
    if meta.valid_until and as_of > meta.valid_until:
        return f"{draft}有效期至{A.cn_date(meta.valid_until)}，截至{as_of.isoformat()}已过期", said
    if meta.status == "draft":
        until = f"，有效期至{A.cn_date(meta.valid_until)}，截至{as_of.isoformat()}仍在有效期内" if meta.valid_until else ""
        return f"本文件为征求意见稿（请以正式印发文件为准）{until}", said
    return "", []
