"""Several benefits at once: repeated claims, same-kind benefits (四、(一)), totals.

Assumptions (stated in results when they apply):

* A one-time benefit (``Rule.once``) claimed twice for the same tier counts once; claims
  of a benefit computed from a base (a percentage) with different bases are separate
  items (two patents, two projects) and both count.
* Rules sharing an *exclusivity group* are the same kind (同质同类): of several
  claimed together only the highest counts (a range by its maximum); the note cites
  the document's clause and the rule base's ``assumption``. Other benefits add up.
* Alternatives are never added up (:func:`alternatives`): two tiers of one rule (国家级
  *or* 省级) unless the benefit says ``tiers_add_up``, and — in a rule base whose
  ``same_measure`` is ``alternatives`` (drafted ones) — two rules of one measure unless
  one ``stacks``. Then there is no single total: the options are listed instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.calc.benefits import Outcome, cite, display
from assistant.calc.result import CalculationItem
from assistant.rules.rulebase import RuleBase
from assistant.text.money import format_range, format_yuan

#: Benefits computed from a base: two claims with different bases are two items.
_BASED = ("percent", "per_unit", "threshold")


@dataclass(frozen=True)
class Combined:
    """What is counted, what is dropped, and why; ``alternatives``: sets of items that are
    options of one benefit (no single total while any is non-empty)."""

    kept: tuple[Outcome, ...]
    excluded: tuple[Outcome, ...]
    notes: tuple[str, ...]
    trace: tuple[str, ...]
    alternatives: tuple[tuple[CalculationItem, ...], ...] = ()


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
            (k for k in kept if once and (k.item.rule_id, k.item.tier_id) == (item.rule_id, item.tier_id)
             and (k.item.benefit_type not in _BASED or k.item.formula == item.formula)),
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
    options = alternatives([o.item for o in kept], rules)
    for items in options:
        listing = "；".join(f"{i.label}（{amount_text(i)}）" for i in items)
        notes.append(
            f"{display(items[0].measure)}的以下各项是不同情形的支持，原文未规定可以同时享受，"
            f"未予合计：{listing}。请说明适用哪一项{cite(items[0].measure)}"
        )
        trace.append(f"不同情形、不合计{cite(items[0].measure)}：{listing}")
    return Combined(tuple(kept), tuple(excluded), tuple(notes), tuple(trace), options)


def _priced(item: CalculationItem) -> bool:
    return item.amount_yuan is not None or item.range_yuan is not None


def alternatives(items: list[CalculationItem], rules: RuleBase) -> tuple[tuple[CalculationItem, ...], ...]:
    """Sets of claimed items that are alternatives of one benefit, never to be added up.

    * tiers of one rule: two different tiers (国家级 and 省级) claimed together, unless the
      benefit's ``tiers_add_up`` (不同级别叠加) says they accumulate;
    * rules of one measure, when the rule base's ``same_measure`` is ``alternatives``: two
      different rules with an amount, unless all but one of them ``stacks`` (另给予).

    Items without an amount never conflict (they are not added anyway).
    """
    out: list[tuple[CalculationItem, ...]] = []
    priced = [i for i in items if _priced(i)]
    for measure in dict.fromkeys(i.measure for i in priced):
        mine = [i for i in priced if i.measure == measure]
        conflict: list[CalculationItem] = []
        for rule_id in dict.fromkeys(i.rule_id for i in mine):
            rule = rules.rule(rule_id)
            tiers = {i.tier_id for i in mine if i.rule_id == rule_id}
            adds_up = getattr(rule.benefit, "tiers_add_up", None)
            if adds_up is None:
                adds_up = rules.same_measure == "add_up"
            if len(tiers) > 1 and not adds_up and not rule.exclusivity_group:
                conflict += [i for i in mine if i.rule_id == rule_id]
        if rules.same_measure == "alternatives":
            plain = [r for r in dict.fromkeys(i.rule_id for i in mine) if not rules.rule(r).stacks]
            if len(plain) > 1:
                conflict += [i for i in mine if i.rule_id in plain and i not in conflict]
        if conflict:
            out.append(tuple(i for i in mine if i in conflict))
    return tuple(out)


def totals(items: tuple[CalculationItem, ...]) -> tuple[int | None, tuple[int, int] | None, str]:
    """``(total_yuan, range_yuan, trace line)``: a range anywhere makes the total a range."""
    fixed = [i.amount_yuan for i in items if i.amount_yuan is not None]
    ranges = [i.range_yuan for i in items if i.range_yuan is not None]
    terms = [amount_text(i) for i in items if i.amount_yuan is not None or i.range_yuan is not None]
    if ranges:
        low = sum(fixed) + sum(r[0] for r in ranges)
        high = sum(fixed) + sum(r[1] for r in ranges)
        span = format_range(low, high)
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
        return format_range(*item.range_yuan)
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
