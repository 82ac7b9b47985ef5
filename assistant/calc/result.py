"""What the calculator takes and returns: claims in, a :class:`Calculation` out.

:meth:`Calculation.to_dict` is the ``calculation`` object of the chat response
(design.md §5: ``total_yuan``, ``range_yuan``, ``items``, ``notes``) plus ``trace`` and
``validity``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

BenefitType = Literal[
    "fixed", "percent", "range", "up_to", "per_unit", "threshold", "per_other_policy", "non_monetary"
]
ValidityStatus = Literal["valid", "expired", "not_yet_effective", "unknown"]

#: The one caveat of an answer resting on rules drafted from the text, not reviewed by hand.
DRAFTED_CAVEAT = "金额依原文自动解析，以主管部门核定为准"


@dataclass(frozen=True)
class CalculationItem:
    """One benefit in a result; ``amount_yuan`` is None for ranges and unquantified benefits."""

    measure: str
    label: str
    amount_yuan: int | None
    formula: str
    rule_id: str
    tier_id: str | None = None
    benefit_type: BenefitType = "fixed"
    range_yuan: tuple[int, int] | None = None
    exclusivity_group: str | None = None

    @property
    def ceiling(self) -> int:
        """The most this item can be worth (for choosing among same-kind benefits)."""
        if self.range_yuan is not None:
            return self.range_yuan[1]
        return self.amount_yuan or 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "label": self.label,
            "amount_yuan": self.amount_yuan,
            "formula": self.formula,
        }


@dataclass(frozen=True)
class Validity:
    """Whether the document is in force on ``as_of``, with messages for the user."""

    as_of: date
    status: ValidityStatus
    valid_until: date | None = None
    document_status: str = "unknown"
    messages: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "status": self.status,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "document_status": self.document_status,
            "messages": list(self.messages),
        }


@dataclass(frozen=True)
class Calculation:
    """The result of a calculation: amounts, how they were reached, and caveats.

    ``total_yuan`` is the sum of the fixed and percentage items when no item is a range;
    with a range it is None and ``range_yuan`` holds ``(min, max)`` of the whole.
    Benefits whose amount another policy sets are listed as items with no amount and
    never added in. ``excluded`` holds items dropped under the no-double-reward rule.
    """

    total_yuan: int | None
    range_yuan: tuple[int, int] | None
    items: tuple[CalculationItem, ...]
    notes: tuple[str, ...]
    trace: tuple[str, ...]
    validity: Validity
    excluded: tuple[CalculationItem, ...] = field(default=())
    #: The rules were drafted from the text automatically, not reviewed by hand.
    drafted: bool = False
    #: Sets of items that are options of one benefit (国家级 *or* 省级; 工业类 *or* 服务业类):
    #: never added up, so ``total_yuan`` and ``range_yuan`` are None while any is present.
    alternatives: tuple[tuple[CalculationItem, ...], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The wire form: design.md §5 ``calculation`` plus ``trace`` and ``validity``."""
        out: dict[str, Any] = {
            "total_yuan": self.total_yuan,
            "range_yuan": list(self.range_yuan) if self.range_yuan is not None else None,
            "items": [item.to_dict() for item in self.items],
            "notes": list(self.notes),
            "trace": list(self.trace),
            "validity": self.validity.to_dict(),
        }
        if self.drafted:
            out["drafted"] = True
        if self.alternatives:
            out["alternatives"] = [[item.to_dict() for item in group] for group in self.alternatives]
        return out
