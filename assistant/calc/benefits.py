"""One benefit of one rule → an item, its trace lines and notes.

Rounding: every amount is computed exactly in ``Decimal`` and rounded once, at the
end, to whole yuan with ROUND_HALF_UP (0.5元 → 1元); a cap is applied before rounding.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from assistant.calc import shapes
from assistant.calc.result import CalculationItem
from assistant.corpus.models import display_measure
from assistant.rules.rulebase import Selection
from assistant.rules.schema import (
    FixedBenefit,
    NonMonetaryBenefit,
    OtherPolicyBenefit,
    PercentBenefit,
    PerUnitBenefit,
    RangeBenefit,
    ThresholdBenefit,
    UpToBenefit,
)
from assistant.rules.view import other_policy_formula
from assistant.text.money import format_range, format_rate, format_yuan, to_yuan


@dataclass(frozen=True)
class Outcome:
    """An item with the trace lines and notes that explain it."""

    item: CalculationItem
    trace: tuple[str, ...]
    notes: tuple[str, ...] = ()


def evaluate(
    selection: Selection,
    base: Decimal | None,
    cite: str,
    *,
    rate_base: Decimal | None = None,
    periods: Decimal | None = None,
    principal: Decimal | None = None,
) -> Outcome:
    """Compute one selection. ``base`` is required for (and only used by) ``percent``.

    Args:
        selection: a rule and, for a ``fixed`` benefit, its tier.
        base: the amount a percentage applies to.
        cite: how the measure is cited in trace lines, e.g. ``〔第6条〕``.
    """
    rule, benefit = selection.rule, selection.rule.benefit
    item = CalculationItem(
        measure=rule.measure,
        label=selection.label,
        amount_yuan=None,
        formula="",
        rule_id=rule.id,
        tier_id=selection.tier.id if selection.tier else None,
        benefit_type=benefit.type,
        exclusivity_group=rule.exclusivity_group,
    )
    if isinstance(benefit, FixedBenefit):
        assert selection.tier is not None, "the engine resolves a fixed benefit's tier first"
        amount = to_yuan(selection.tier.amount)
        formula = f"{benefit.kind} {format_yuan(amount)}"
        return Outcome(_with(item, amount, formula), (f"{item.label}：{formula}{cite}",))
    if isinstance(benefit, PercentBenefit):
        assert base is not None, "the engine checks that a percent benefit has a base"
        if benefit.rate_min is not None:
            return Outcome(*shapes.percent_range(item, benefit, base, cite))
        if benefit.of_amount:
            return Outcome(*shapes.percent_of_rate(item, benefit, base, principal, cite, periods))
        return _percent(item, benefit, base, cite, periods)
    if isinstance(benefit, UpToBenefit):
        return Outcome(*shapes.up_to(item, benefit, cite))
    if isinstance(benefit, PerUnitBenefit | ThresholdBenefit):
        assert base is not None, "the engine checks that this benefit has a base"
        if isinstance(benefit, PerUnitBenefit):
            return Outcome(*shapes.per_unit(item, benefit, base, cite, periods=periods))
        return Outcome(*shapes.threshold(item, benefit, base, cite, rate_base=rate_base))
    if isinstance(benefit, RangeBenefit):
        low, high = to_yuan(benefit.min), to_yuan(benefit.max)
        span = format_range(low, high)
        formula = (
            f"{benefit.decided_by}，{benefit.kind} {span}" if benefit.decided_by else f"{benefit.kind} {span}"
        )
        ranged = replace(item, formula=formula, range_yuan=(low, high))
        how = f"{benefit.decided_by}确定" if benefit.decided_by else "原文未写明如何确定"
        note = f"{item.label}为{format_yuan(low)}至{format_yuan(high)}的区间，具体金额{how}{cite}"
        return Outcome(ranged, (f"{item.label}：{formula}{cite}",), (note,))
    if isinstance(benefit, OtherPolicyBenefit):
        formula = other_policy_formula(benefit)
        note = f"{item.label}{formula}，本文件未规定金额，未计入合计{cite}"
        return Outcome(_with(item, None, formula), (f"{item.label}：{formula}（无金额）{cite}",), (note,))
    assert isinstance(benefit, NonMonetaryBenefit)
    formula = "；".join(f"{t.name}：{t.value}" for t in benefit.terms)
    note = f"{item.label}为非资金支持（{formula}），不计金额{cite}"
    return Outcome(_with(item, None, formula), (f"{item.label}：{formula}{cite}",), (note,))


def _percent(item: CalculationItem, benefit: PercentBenefit, base: Decimal, cite: str,
             periods: Decimal | None = None) -> Outcome:
    raw = base * benefit.rate
    step = f"{format_yuan(base)} × {format_rate(benefit.rate)} = {format_yuan(raw)}"
    capped = raw
    scope = benefit.cap_scope
    if benefit.cap is not None:
        if raw > benefit.cap:
            capped = benefit.cap
            step += f"，超过{scope}上限{format_yuan(benefit.cap)}"
        else:
            step += f"，未超过{scope}上限{format_yuan(benefit.cap)}"
    count, notes = shapes.period_count(item.label, benefit, periods, cite)
    if count is not None:  # a base per period (年租金, 月租): the capped amount of one period × periods
        step += f" → {format_yuan(capped)} × {shapes.plain(count)}{shapes.period_word(benefit.period)}"
        capped *= count
    amount = to_yuan(capped)
    rounded = "（四舍五入到元）" if Decimal(amount) != capped else ""
    step += f" → {format_yuan(amount)}{rounded}{cite}"
    cap_text = f"，{scope}上限{format_yuan(benefit.cap)}" if benefit.cap is not None else ""
    most = "最高" if benefit.upper_bound else ""
    each = f"每{benefit.period}" if benefit.period else ""
    formula = f"{benefit.base}{each} {format_yuan(base)} × {most}{format_rate(benefit.rate)}{cap_text}"
    if count is not None:
        formula += f" × {shapes.plain(count)}{shapes.period_word(benefit.period)}"
    if most:
        notes += (f"{item.label}比例为最高{format_rate(benefit.rate)}，以上为按最高比例计算的上限{cite}",)
    return Outcome(_with(item, amount, formula), (step,), notes)


def _with(item: CalculationItem, amount: int | None, formula: str) -> CalculationItem:
    return replace(item, amount_yuan=amount, formula=formula)


def display(measure: str) -> str:
    """How results name a measure: ``第6条``, ``四、(一)``."""
    return display_measure(measure, "item")


def cite(measure: str) -> str:
    """A citation mark for trace lines and notes: ``〔第6条〕``."""
    return f"〔{display(measure)}〕"
