"""Several benefits at once: repeated claims, same-kind benefits (四、(一)), totals.

Assumptions (stated in results when they apply):

* A one-time benefit (``Rule.once``) claimed twice for the same tier counts once.
* Rules sharing an *exclusivity group* are the same kind (同质同类): of several
  claimed together only the highest counts (a range by its maximum); the note cites
  the document's clause and the rule base's ``assumption``. Other benefits add up.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.calc.amounts import format_yuan
from assistant.calc.benefits import Outcome, cite, display
from assistant.calc.result import CalculationItem
from assistant.rules.rulebase import RuleBase


@dataclass(frozen=True)
class Combined:
    """What is counted, what is dropped, and why."""

    kept: tuple[Outcome, ...]
    excluded: tuple[Outcome, ...]
    notes: tuple[str, ...]
    trace: tuple[str, ...]


def combine(outcomes: list[Outcome], rules: RuleBase) -> Combined:
    """Drop repeated one-time claims, then all but the highest of each exclusivity group."""
    kept: list[Outcome] = []
    excluded: list[Outcome] = []
    notes: list[str] = []
    trace: list[str] = []
    for outcome in outcomes:
        item = outcome.item
        once = rules.rule(item.rule_id).once
        twin = next(
            (k for k in kept if once and (k.item.rule_id, k.item.tier_id) == (item.rule_id, item.tier_id)),
            None,
        )
        if twin is None:
            kept.append(outcome)
            continue
        winner, loser = (twin, outcome) if twin.item.ceiling >= item.ceiling else (outcome, twin)
        kept[kept.index(twin)] = winner
        excluded.append(loser)
        notes.append(f"{item.label}为一次性支持，重复申报只计一次{cite(item.measure)}")
    for group in dict.fromkeys(o.item.exclusivity_group for o in kept if o.item.exclusivity_group):
        members = [o for o in kept if o.item.exclusivity_group == group]
        if len(members) < 2:
            continue
        best = max(members, key=lambda o: o.item.ceiling)
        losers = [o for o in members if o is not best]
        kept = [o for o in kept if all(o is not loser for loser in losers)]
        excluded += losers
        note, line = _exclusivity_note(rules, group, best.item, [o.item for o in losers])
        notes.append(note)
        trace.append(line)
    return Combined(tuple(kept), tuple(excluded), tuple(notes), tuple(trace))


def totals(items: tuple[CalculationItem, ...]) -> tuple[int | None, tuple[int, int] | None, str]:
    """``(total_yuan, range_yuan, trace line)``: a range anywhere makes the total a range."""
    fixed = [i.amount_yuan for i in items if i.amount_yuan is not None]
    ranges = [i.range_yuan for i in items if i.range_yuan is not None]
    terms = [amount_text(i) for i in items if i.amount_yuan is not None or i.range_yuan is not None]
    if ranges:
        low = sum(fixed) + sum(r[0] for r in ranges)
        high = sum(fixed) + sum(r[1] for r in ranges)
        span = f"{format_yuan(low)}—{format_yuan(high)}"
        line = f"合计：{' + '.join(terms)} = {span}（具体金额按规定确定）" if len(terms) > 1 else ""
        return None, (low, high), line
    if fixed:
        total = sum(fixed)
        line = f"合计：{' + '.join(terms)} = {format_yuan(total)}" if len(fixed) > 1 else ""
        return total, None, line
    return None, None, "无可计算的金额"


def amount_text(item: CalculationItem) -> str:
    """``100万元``, ``100万元—2000万元`` or ``无金额``."""
    if item.range_yuan is not None:
        return f"{format_yuan(item.range_yuan[0])}—{format_yuan(item.range_yuan[1])}"
    return format_yuan(item.amount_yuan) if item.amount_yuan is not None else "无金额"


def _exclusivity_note(
    rules: RuleBase, group: str, best: CalculationItem, losers: list[CalculationItem]
) -> tuple[str, str]:
    excl = rules.exclusivity
    assert excl is not None, "the loader rejects groups without an exclusivity clause"
    where = display(excl.measure)
    label = rules.group_label(group)
    dropped = "、".join(f"{i.label}（{amount_text(i)}）" for i in losers)
    note = (
        f"依据{where}“{excl.quote}”，{label}属于同质同类，只计最高一项"
        f"{best.label}（{amount_text(best)}），不再计入{dropped}〔{where}〕。引擎假设：{excl.assumption}"
    )
    line = f"同质同类不重复奖励〔{where}〕：{label}只计 {amount_text(best)}，不计 {dropped}"
    return note, line
