"""A :class:`Claim`: one benefit a question asks the calculator for.

It belongs to the rules layer (the selector builds claims from a question; the calculator
in :mod:`assistant.calc` takes them), so neither layer imports the other upwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Claim:
    """One benefit to calculate.

    Attributes:
        measure: measure id or how users write it (``"6"``, ``"第6条"``, ``"四、(一)"``).
        tier: a tier or rule of the measure, by id, name or alias (``"小巨人"``).
        base: the amount a ``percent`` benefit applies to (``"120万元"``, ``1200000``), the
            value a ``threshold`` benefit's brackets are on, or the number of units of a
            ``per_unit`` benefit (``"300亩"``, ``3``).
        rate_base: for a ``threshold`` benefit whose brackets pay a rate of another base
            (``rate_base``, e.g. 地方财政贡献): that amount.
        periods: for a ``per_unit`` benefit paid per period: how many (实习6个月 → 6), at most
            the rule's ``max_periods``; unset, the full ``max_periods`` is assumed. For a
            ``percent`` benefit of a per-period base: how many periods (三年 → 3).
        principal: for a ``percent`` benefit whose base is a rate (再贷款利率, given as ``base``):
            the amount that rate applies to (新增贷款1000万元).
    """

    measure: str
    tier: str | None = None
    base: str | int | Decimal | None = None
    rate_base: str | int | Decimal | None = None
    periods: str | int | Decimal | None = None
    principal: str | int | Decimal | None = None
