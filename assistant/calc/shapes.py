"""The benefit shapes read from any policy text: an upper bound, per unit (and period),
tiers by threshold (whole or piecewise), and a percentage whose rate is a range or a maximum.

Same rounding as :mod:`assistant.calc.benefits`: exact ``Decimal``, caps before the one
rounding to whole yuan (half up).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from assistant.calc.result import CalculationItem
from assistant.errors import CalculationInputError
from assistant.rules.schema import PercentBenefit, PerUnitBenefit, ThresholdBenefit, UpToBenefit
from assistant.rules.view import paid
from assistant.text.money import format_rate, format_yuan, to_yuan

Lines = tuple[str, ...]


def _capped(raw: Decimal, cap: Decimal | None, scope: str) -> tuple[Decimal, str]:
    if cap is None:
        return raw, ""
    if raw > cap:
        return cap, f"，超过{scope}上限{format_yuan(cap)}"
    return raw, f"，未超过{scope}上限{format_yuan(cap)}"


def up_to(item: CalculationItem, benefit: UpToBenefit, cite: str) -> tuple[CalculationItem, Lines, Lines]:
    """``最高300万元``: not a single figure but anything up to the maximum — the range
    ``[0, max]`` (so no total is stated), the formula saying 最高."""
    amount = to_yuan(benefit.max)
    scope = benefit.cap_scope
    formula = f"{benefit.kind} {scope}最高{format_yuan(amount)}"
    note = f"{item.label}为{scope}最高{format_yuan(amount)}，实际金额按规定核定{cite}"
    return replace(item, formula=formula, range_yuan=(0, amount)), (f"{item.label}：{formula}{cite}",), (note,)


def percent_range(
    item: CalculationItem, benefit: PercentBenefit, base: Decimal, cite: str
) -> tuple[CalculationItem, Lines, Lines]:
    """``按投资额的10%—30%``: a range from the lowest to the highest rate (each capped)."""
    assert benefit.rate_min is not None
    low_raw, _ = _capped(base * benefit.rate_min, benefit.cap, benefit.cap_scope)
    high_raw, cap_step = _capped(base * benefit.rate, benefit.cap, benefit.cap_scope)
    low, high = to_yuan(low_raw), to_yuan(high_raw)
    rates = f"{format_rate(benefit.rate_min)}—{format_rate(benefit.rate)}"
    step = f"{format_yuan(base)} × {rates} = {format_yuan(low)}—{format_yuan(base * benefit.rate)}{cap_step}"
    step += f" → {format_yuan(low)}—{format_yuan(high)}{cite}"
    formula = f"{benefit.base} {format_yuan(base)} × {rates}"
    if benefit.cap is not None:
        formula += f"，{benefit.cap_scope}上限{format_yuan(benefit.cap)}"
    note = f"{item.label}比例为{rates}，具体比例按规定核定{cite}"
    return replace(item, formula=formula, range_yuan=(low, high)), (step,), (note,)


def per_unit(
    item: CalculationItem, benefit: PerUnitBenefit, units: Decimal, cite: str, *, periods: Decimal | None = None
) -> tuple[CalculationItem, Lines, Lines]:
    """``每人每月3000元，不超过6个月``: units × amount × periods, within the caps.

    ``periods`` is how many the claimant has (实习8个月), at most ``max_periods``; unset, the
    full ``max_periods`` (or one period) is assumed, and the note says so."""
    notes: list[str] = []
    counted = units
    if benefit.max_units is not None and units > benefit.max_units:
        counted = Decimal(benefit.max_units)
        notes.append(f"{item.label}最多计{benefit.max_units}{benefit.unit}{cite}")
    every = f"每{benefit.unit}" + (f"每{benefit.period}" if benefit.period else "")
    each = benefit.period or "期"
    if periods is not None and benefit.period:
        counted_periods = periods
        if benefit.max_periods is not None and periods > benefit.max_periods:
            counted_periods = Decimal(benefit.max_periods)
            notes.append(f"{item.label}最长{benefit.max_periods}个{each}，超出部分不计{cite}")
    else:
        counted_periods = Decimal(benefit.max_periods or 1)
        if benefit.max_periods:
            notes.append(f"{item.label}按最长{benefit.max_periods}个{each}计算，实际按享受期限计{cite}")
    raw = counted * benefit.amount * counted_periods
    step = f"{_plain(counted)}{benefit.unit} × {format_yuan(benefit.amount)}"
    if benefit.max_periods or (periods is not None and benefit.period):
        step += f" × {_plain(counted_periods)}个{each}"
    capped, cap_step = _capped(raw, benefit.cap, benefit.cap_scope)
    amount = to_yuan(capped)
    step += f" = {format_yuan(raw)}{cap_step} → {format_yuan(amount)}{cite}"
    formula = f"{every}{format_yuan(benefit.amount)}"
    if benefit.max_periods:
        formula += f"，最长{benefit.max_periods}个{benefit.period or '期'}"
    return replace(item, amount_yuan=amount, formula=formula), (step,), tuple(notes)


def threshold(
    item: CalculationItem, benefit: ThresholdBenefit, base: Decimal, cite: str, *, rate_base: Decimal | None = None
) -> tuple[CalculationItem, Lines, Lines]:
    """The bracket ``base`` falls in (``whole``), or every bracket's part of it (``marginal``).

    With the benefit's ``rate_base`` (the thresholds on 固定资产投资, the rate on 地方财政贡献),
    the bracket's rate applies to ``rate_base`` when given; else no amount is computed."""
    unit = benefit.unit
    # A currency other than 元 is shown as written (6000万美元), never converted.
    shown = format_yuan(base)[:-1] + unit if unit.endswith("元") else f"{_plain(base)}{unit}"
    if benefit.mode == "marginal":
        return _marginal(item, benefit, base, shown, cite)
    bracket = next((b for b in benefit.brackets if b.holds(base)), None)
    if bracket is None:
        raise CalculationInputError(
            f"{benefit.base}{shown}不在任何档次内（{'；'.join(b.name for b in benefit.brackets)}）"
        )
    label = f"{item.label}（{bracket.name}）"
    notes: list[str] = []
    if bracket.amount is not None:
        raw = bracket.amount
        step = f"{benefit.base}{shown}，属“{bracket.name}”档：{format_yuan(raw)}"
    elif bracket.per_unit is not None:
        raw = base * bracket.per_unit
        step = f"{benefit.base}{shown}，属“{bracket.name}”档：{shown} × {format_yuan(bracket.per_unit)}/{unit}"
    else:
        assert bracket.rate is not None
        if benefit.rate_base and rate_base is not None:
            raw = rate_base * bracket.rate
            step = (f"{benefit.base}{shown}，属“{bracket.name}”档：{benefit.rate_base}{format_yuan(rate_base)}"
                    f" × {format_rate(bracket.rate)}")
        elif benefit.rate_base:
            formula = f"{benefit.rate_base}的{format_rate(bracket.rate)}"
            note = f"{label}按{formula}计算，需提供{benefit.rate_base}{cite}"
            line = f"{benefit.base}{shown}，属“{bracket.name}”档：{formula}（未计金额）{cite}"
            return replace(item, label=label, formula=formula), (line,), (note,)
        else:
            raw = base * bracket.rate
            step = f"{benefit.base}{shown}，属“{bracket.name}”档：{format_yuan(base)} × {format_rate(bracket.rate)}"
    capped, cap_step = _capped(raw, benefit.cap, benefit.cap_scope)
    amount = to_yuan(capped)
    step += f"{cap_step} → {format_yuan(amount)}{cite}"
    formula = f"{bracket.name}：{paid(bracket, unit)}"
    return replace(item, label=label, amount_yuan=amount, formula=formula), (step,), tuple(notes)


def _marginal(
    item: CalculationItem, benefit: ThresholdBenefit, base: Decimal, shown: str, cite: str
) -> tuple[CalculationItem, Lines, Lines]:
    total = Decimal(0)
    parts: list[str] = []
    for b in benefit.brackets:
        low = b.min or Decimal(0)
        high = base if b.max is None else min(base, b.max)
        if high <= low or b.rate is None:
            continue
        total += (high - low) * b.rate
        parts.append(f"{format_yuan(high - low)} × {format_rate(b.rate)}")
    capped, cap_step = _capped(total, benefit.cap, benefit.cap_scope)
    amount = to_yuan(capped)
    step = f"{benefit.base}{shown}分段：{' + '.join(parts) or '0'} = {format_yuan(total)}{cap_step}"
    step += f" → {format_yuan(amount)}{cite}"
    formula = "分段计算：" + "；".join(f"{b.name} {paid(b, benefit.unit)}" for b in benefit.brackets)
    return replace(item, amount_yuan=amount, formula=formula), (step,), ()


def percent_of_rate(
    item: CalculationItem, benefit: PercentBenefit, base_rate: Decimal, principal: Decimal | None, cite: str,
    periods: Decimal | None = None,
) -> tuple[CalculationItem, Lines, Lines]:
    """``按人民银行再贷款利率的50%给予贴息``: the amount (贷款) × the base rate × the rate, per period."""
    if principal is None:
        raise CalculationInputError(f"“{item.label}”按{benefit.of_amount}计算，请提供{benefit.of_amount}金额")
    raw = principal * base_rate * benefit.rate
    step = (f"{benefit.of_amount}{format_yuan(principal)} × {benefit.base}{format_rate(base_rate)} × "
            f"{format_rate(benefit.rate)} = {format_yuan(raw)}")
    capped, cap_step = _capped(raw, benefit.cap, benefit.cap_scope)
    count, notes = period_count(item.label, benefit, periods, cite)
    if count is not None and count != 1:
        step += f" → {format_yuan(capped)} × {plain(count)}{period_word(benefit.period)}"
        capped *= count
    amount = to_yuan(capped)
    step += f"{cap_step} → {format_yuan(amount)}{cite}"
    formula = f"{benefit.of_amount} {format_yuan(principal)} × {benefit.base} {format_rate(base_rate)} × {format_rate(benefit.rate)}"
    return replace(item, amount_yuan=amount, formula=formula), (step,), notes


def period_count(
    label: str, benefit: PercentBenefit, periods: Decimal | None, cite: str
) -> tuple[Decimal | None, Lines]:
    """How many periods a percentage of a per-period base counts (None: the base is one amount).

    The claim's ``periods``, at most the benefit's ``periods`` (exact) or ``max_periods``; not
    given, all of an exact count, or one period of an open term (the note states the longest)."""
    if not benefit.period:
        return None, ()
    each = period_word(benefit.period)
    limit = benefit.periods or benefit.max_periods
    if periods is not None:
        if limit is not None and periods > limit:
            return Decimal(limit), (f"{label}最长{limit}{each}，超出部分不计{cite}",)
        return periods, ()
    if benefit.periods is not None:
        return Decimal(benefit.periods), ()
    if benefit.max_periods is not None:
        return Decimal(1), (f"{label}以上为1{each}的金额，原文规定最长{benefit.max_periods}{each}{cite}",)
    return None, ()


def period_word(period: str) -> str:
    """How periods are counted in words: ``3年``, ``2个月``, ``3个季度``."""
    return {"月": "个月", "季度": "个季度"}.get(period, period)


def plain(value: Decimal) -> str:
    """A count without exponent or trailing zeros: ``3``, ``1.5``."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


_plain = plain
