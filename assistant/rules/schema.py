"""The rule-base file format (``corpus/rules/<doc_id>.yaml``), as pydantic models.

A rule base breaks one policy document into checkable units (政策颗粒化). Each
:class:`Rule` belongs to one measure, says who may claim (申报主体), lists the
conditions, describes the benefit, and carries a ``quote`` that must occur verbatim in
the document. The format is documented for authors in ``docs/rules-schema.md``; nothing
here is specific to one document.

Amounts are written as the policy writes them (``20万元``, ``1000万元``) and rates as
``30%``; they are parsed to ``Decimal`` on load, so a file never holds a float.

Example:
    >>> Tier.model_validate({"id": "t", "name": "小巨人", "amount": "100万元"}).amount
    Decimal('1000000')
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from assistant.calc.amounts import parse_amount, parse_rate
from assistant.errors import CalculationInputError

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
FactKey = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
Text = Annotated[str, Field(min_length=1)]


def _amount(value: object) -> Decimal:
    if isinstance(value, float):
        raise ValueError("金额请写成字符串（如 “20万元”）或整数，不要用小数形式")
    if not isinstance(value, str | int | Decimal):
        raise ValueError(f"不是金额：{value!r}")
    try:
        return parse_amount(value)
    except CalculationInputError as exc:  # pydantic reports ValueError only
        raise ValueError(exc.message) from exc


def _rate(value: object) -> Decimal:
    if not isinstance(value, str):
        raise ValueError("比例请写成字符串，如 “30%”")
    try:
        return parse_rate(value)
    except CalculationInputError as exc:
        raise ValueError(exc.message) from exc


Yuan = Annotated[Decimal, BeforeValidator(_amount)]
Rate = Annotated[Decimal, BeforeValidator(_rate)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Model):
    """One checkable statement about the claimant, e.g. "高新技术企业证书在有效期内".

    ``fact`` is a machine key looked up in an enterprise profile (a plain dict); the
    condition is met when ``profile[fact] <op> expected``. A missing fact is unknown.
    """

    fact: FactKey
    op: Literal["eq", "ne", "in", "gte", "lte"] = "eq"
    expected: bool | int | str | tuple[str, ...]
    statement: Text
    quote: str | None = None

    @model_validator(mode="after")
    def _check_op(self) -> Condition:
        if self.op == "in" and not isinstance(self.expected, tuple):
            raise ValueError(f"条件 {self.fact}: op “in” 需要一个列表作为 expected")
        if self.op in ("gte", "lte") and (
            isinstance(self.expected, bool) or not isinstance(self.expected, int)
        ):
            raise ValueError(f"条件 {self.fact}: op “{self.op}” 需要一个整数作为 expected")
        return self


class Tier(_Model):
    """One level of a ``fixed`` benefit (e.g. 国家专精特新“小巨人”企业, 100万元).

    ``aliases`` are the everyday names users type (小巨人, 国家级小巨人 …); the dialogue
    engine builds its vocabulary from them, and ``--tier`` accepts any of them.
    """

    id: Slug
    name: Text
    aliases: tuple[str, ...] = ()
    amount: Yuan
    conditions: tuple[Condition, ...] = ()
    quote: str | None = None


class FixedBenefit(_Model):
    """A fixed amount per tier; a single-amount benefit has one tier."""

    type: Literal["fixed"]
    kind: Text = "资金支持"
    tiers: tuple[Tier, ...] = Field(min_length=1)


class PercentBenefit(_Model):
    """``rate`` of a ``base`` (e.g. 专利及技术交易费), at most ``cap`` per ``cap_scope``."""

    type: Literal["percent"]
    kind: Text = "资金支持"
    rate: Rate
    base: Text
    cap: Yuan | None = None
    cap_scope: str = ""


class RangeBenefit(_Model):
    """An amount between ``min`` and ``max`` decided case by case (e.g. 经评审认定)."""

    type: Literal["range"]
    kind: Text = "资金支持"
    min: Yuan
    max: Yuan
    decided_by: str = ""

    @model_validator(mode="after")
    def _check_bounds(self) -> RangeBenefit:
        if self.min > self.max:
            raise ValueError("range: min 大于 max")
        return self


class OtherPolicyBenefit(_Model):
    """A benefit whose amount another policy sets (按照相关政策给予奖励): no amount here."""

    type: Literal["per_other_policy"]
    kind: Text = "奖励"
    reference: Text = "按照相关政策"


class Term(_Model):
    """A quantitative non-monetary term, e.g. 容积率 / 可提升至2.0以上."""

    name: Text
    value: Text


class NonMonetaryBenefit(_Model):
    """A benefit that is not money: land, energy, procedure (容积率可提升至2.0以上 …)."""

    type: Literal["non_monetary"]
    kind: Text = "政策支持"
    terms: tuple[Term, ...] = Field(min_length=1)


Benefit = Annotated[
    FixedBenefit | PercentBenefit | RangeBenefit | OtherPolicyBenefit | NonMonetaryBenefit,
    Field(discriminator="type"),
]


class Rule(_Model):
    """One checkable unit of a measure: who, under which conditions, gets what, until when."""

    id: Slug
    measure: Text
    title: Text
    beneficiary: Text
    aliases: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = ()
    benefit: Benefit
    deadline: date | None = None
    deadline_text: str = ""
    exclusivity_group: Slug | None = None
    #: Paid once per claimant (一次性); False for per-project benefits such as 揭榜挂帅.
    once: bool = True
    notes: tuple[str, ...] = ()
    quote: Text

    def all_conditions(self, tier: Tier | None = None) -> tuple[Condition, ...]:
        """The rule's conditions followed by the tier's own."""
        return self.conditions + (tier.conditions if tier is not None else ())

    @property
    def tiers(self) -> tuple[Tier, ...]:
        return self.benefit.tiers if isinstance(self.benefit, FixedBenefit) else ()


class ExclusivityGroup(_Model):
    """Benefits of the same kind (同质同类): only one of a group is paid."""

    id: Slug
    label: Text


class Exclusivity(_Model):
    """The document's no-double-reward clause and the engine's reading of it."""

    id: Slug = "exclusivity"
    measure: Text
    quote: Text
    assumption: Text
    groups: tuple[ExclusivityGroup, ...] = ()


class RuleFile(_Model):
    """A whole rule-base file."""

    schema_version: Literal[1] = 1
    doc_id: Text
    exclusivity: Exclusivity | None = None
    rules: tuple[Rule, ...] = Field(min_length=1)
