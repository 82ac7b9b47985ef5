"""Second readings of a message, against the document and the conversation.

* :func:`base_refs` — the percentage a message gives the base of (协议2000万) or names the
  rate of (30%), read from the rules' own base names as the provision writes them;
* :func:`challenged` — in a challenge the figures are the caller's, said back, not bases;
* :func:`fills_focus` — facts stated with no question of their own answer the open
  conditions of the measure in focus.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

from assistant.dialogue.amounts import Amount
from assistant.dialogue.context import DocContext, unquoted
from assistant.dialogue.frame import Frame
from assistant.dialogue.state import ConversationState
from assistant.rules.schema import PercentBenefit

_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")


def base_refs(ctx: DocContext, text: str, amounts: list[Amount]) -> list[str]:
    """Measures whose percentage the message gives a base for — an amount right after the
    words of that base, as its own provision writes them (协议2000万 → 揭榜挂帅's 协议金额) —
    or whose rate it names (30%)."""
    if ctx.rules is None:
        return []
    rates = {Decimal(m.group(1)) / 100 for m in _PERCENT.finditer(text)}
    out: list[str] = []
    for rule in ctx.rules.rules:
        b = rule.benefit
        if not isinstance(b, PercentBenefit) or rule.measure in out:
            continue
        own = unquoted(ctx.provisions()[rule.measure].text)
        words = {w for w in (b.base[i: i + 2] for i in range(len(b.base) - 1)) if w in own and ctx.spread(w) <= 2}
        based = any(a.role == "base" and any(w in text[max(0, a.start - 8): a.start] for w in words) for a in amounts)
        if based or b.rate in rates:
            out.append(rule.measure)
    return out


def challenged(frame: Frame, ctx: DocContext) -> list[Amount]:
    """In a challenge (怎么才900万？不是应该1000万吗) the figures are the caller's, said back:
    none is a base unless the words of a percentage's base stand before it (协议是4000万)."""
    words = {b[i: i + 2] for r in (ctx.rules.rules if ctx.rules else ()) if isinstance(r.benefit, PercentBenefit)
             for b in [r.benefit.base] for i in range(len(b) - 1)} - {"的", "与", "及"}
    text = frame.text
    return [dataclasses.replace(a, role="asserted") if a.role == "base"
            and not any(w in text[max(0, a.start - 8): a.start] for w in words) else a for a in frame.amounts]


def fills_focus(frame: Frame, ctx: DocContext, state: ConversationState) -> bool:
    """A statement of facts with no question of its own (我们是污水处理厂，执行两部制电价)
    that the measure in focus tests: it answers that measure's open conditions."""
    focus = state.focus_measure()
    if not frame.facts or frame.intents or ctx.rules is None or focus is None or focus[0] != ctx.doc.doc_id \
            or any(m.measure != focus[1] for m in frame.specific):
        return False
    tested = {c.fact for r in ctx.rules.rules_for(focus[1]) for c in (*r.conditions, *[c for t in r.tiers for c in t.conditions])}
    return bool(tested & set(frame.facts))
