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

from assistant.errors import CalculationInputError
from assistant.text.money import parse_amount, parse_quantity, parse_rate

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
    #: Whether several tiers claimed together add up: ``true`` (``不同级别叠加配套支持``,
    #: titles granted 分别), ``false`` (国家级 *or* 省级: two tiers are never added up). Unset, it
    #: follows the file's ``same_measure`` (``add_up`` → true, ``alternatives`` → false).
    tiers_add_up: bool | None = None


class PercentBenefit(_Model):
    """``rate`` of a ``base`` (e.g. 专利及技术交易费), at most ``cap`` per ``cap_scope``."""

    type: Literal["percent"]
    kind: Text = "资金支持"
    rate: Rate
    base: Text
    cap: Yuan | None = None
    cap_scope: str = ""
    #: ``5%—20%``: the rate is decided in [rate_min, rate]; the result is a range.
    rate_min: Rate | None = None
    #: ``最高30%`` / ``不超过30%``: ``rate`` is a maximum, and the answer says 最高.
    upper_bound: bool = False
    #: The period the base and the cap are per: ``年`` (租金补贴每年不超过5万元), ``月`` (月租),
    #: ``季度``. Unset: the base is a single amount.
    period: str = ""
    #: At most this many periods (补贴期限最长不超过3年 → 3): the claim's ``periods`` are capped at
    #: it; a claim without periods is one period (the answer states the longest term).
    max_periods: int | None = Field(default=None, ge=1)
    #: Exactly this many periods (``3—4月房租减半`` → 2, ``第二、三、四季度`` → 3): a claim without
    #: periods counts them all.
    periods: int | None = Field(default=None, ge=1)
    #: When ``base`` is itself a rate (按人民银行再贷款利率的50%给予贴息): the amount that rate applies
    #: to (``贷款``); the result is that amount × the base rate × ``rate`` (per period).
    of_amount: str = ""

    @model_validator(mode="after")
    def _check_rates(self) -> PercentBenefit:
        if self.rate_min is not None and self.rate_min > self.rate:
            raise ValueError("percent: rate_min 大于 rate")
        if (self.max_periods is not None or self.periods is not None) and not self.period:
            raise ValueError("percent: max_periods / periods 需要 period（月、季度、年）")
        return self


class UpToBenefit(_Model):
    """At most ``max`` (``最高给予300万元``, ``不超过10万元的一次性奖补``): the answer says 最高."""

    type: Literal["up_to"]
    kind: Text = "资金支持"
    max: Yuan
    cap_scope: str = ""


class PerUnitBenefit(_Model):
    """``amount`` per ``unit`` (and per ``period``): ``每人每月3000元，补贴期限不超过6个月``, ``100元/亩``.

    Amount = number of units (the base, asked from the user) × amount × periods
    (``max_periods`` when given, else 1), at most ``max_units`` units and ``cap``.
    """

    type: Literal["per_unit"]
    kind: Text = "补贴"
    amount: Yuan
    unit: Text
    base: Text = ""
    period: str = ""
    max_periods: int | None = Field(default=None, ge=1)
    max_units: int | None = Field(default=None, ge=1)
    cap: Yuan | None = None
    cap_scope: str = ""


def _quantity(value: object) -> Decimal:
    if isinstance(value, float):
        raise ValueError("门槛请写成字符串（如 “1000万元”、“500亩”）或整数")
    if not isinstance(value, str | int | Decimal):
        raise ValueError(f"不是数量：{value!r}")
    try:
        return parse_quantity(value)
    except CalculationInputError as exc:
        raise ValueError(exc.message) from exc


Quantity = Annotated[Decimal, BeforeValidator(_quantity)]


class Bracket(_Model):
    """One level of a ``threshold`` benefit: from ``min`` to ``max`` of the base, what is paid.

    Exactly one of ``amount`` (fixed), ``rate`` (of the base, or of ``rate_base``) and
    ``per_unit`` (× the base) is set. ``min``/``max`` are in the benefit's ``unit``.
    """

    id: Slug
    name: Text
    min: Quantity | None = None
    max: Quantity | None = None
    min_inclusive: bool = True
    max_inclusive: bool = True
    amount: Yuan | None = None
    rate: Rate | None = None
    per_unit: Yuan | None = None
    quote: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Bracket:
        if sum(x is not None for x in (self.amount, self.rate, self.per_unit)) != 1:
            raise ValueError(f"档次 {self.id}: amount、rate、per_unit 须且只须填写一项")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"档次 {self.id}: min 大于 max")
        return self

    def holds(self, value: Decimal) -> bool:
        """Whether ``value`` of the base falls in this bracket."""
        if self.min is not None and (value < self.min or (value == self.min and not self.min_inclusive)):
            return False
        return not (
            self.max is not None and (value > self.max or (value == self.max and not self.max_inclusive))
        )


class ThresholdBenefit(_Model):
    """Tiers by a threshold on an amount or a quantity (``…达到A万元、B万元的，分别奖励…``,
    ``100亩及以上至500亩…100元/亩；500亩以上…200元/亩``).

    ``unit`` is the unit of the thresholds as written (``元``, ``亩``, ``美元`` …): a
    currency other than 元 is kept as written and never converted. ``mode: whole``
    pays the bracket the base falls in on the whole base; ``marginal`` (piecewise)
    applies each bracket's rate to the part of the base inside it.
    """

    type: Literal["threshold"]
    kind: Text = "奖励"
    base: Text
    unit: Text = "元"
    brackets: tuple[Bracket, ...] = Field(min_length=1)
    rate_base: str = ""
    mode: Literal["whole", "marginal"] = "whole"
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
    #: ``单品种最高奖励不超过300万元``: a ceiling the text states though it sets no amount.
    cap: Yuan | None = None


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
    FixedBenefit
    | PercentBenefit
    | RangeBenefit
    | UpToBenefit
    | PerUnitBenefit
    | ThresholdBenefit
    | OtherPolicyBenefit
    | NonMonetaryBenefit,
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
    #: Adds to the other benefits of its measure even where they are alternatives
    #: (``另给予``, ``在…基础上``, ``可叠加享受``); see :attr:`RuleFile.same_measure`.
    stacks: bool = False
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
    #: How several rules of ONE measure claimed together combine: ``add_up`` (each rule is a
    #: benefit of its own; the default of hand-written files) or ``alternatives`` (they are
    #: different cases of one benefit — 工业类 / 服务业类, 前2年 / 后3年 — and are never added
    #: up unless a rule ``stacks``; what drafted rule bases use).
    same_measure: Literal["add_up", "alternatives"] = "add_up"
    exclusivity: Exclusivity | None = None
    rules: tuple[Rule, ...] = Field(min_length=1)
