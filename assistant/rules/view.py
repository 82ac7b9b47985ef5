"""A measure's rules as display data: what each grants, in words, with its figures and quote.

For the people who keep the rules (the console's measure browser) and for answers that
describe a benefit without pricing it. Everything here is read from the rule base — curated
or drafted — and formatted with :mod:`assistant.text.money`; nothing is computed.

Example::

    for row in rules_view(rules, "8"):
        print(row.rule_id, row.shape_label, row.summary, row.quote, row.drafted)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from assistant.rules.rulebase import RuleBase
from assistant.rules.schema import (
    Bracket,
    FixedBenefit,
    NonMonetaryBenefit,
    OtherPolicyBenefit,
    PercentBenefit,
    PerUnitBenefit,
    RangeBenefit,
    Rule,
    ThresholdBenefit,
    UpToBenefit,
)
from assistant.text.money import format_rate, format_yuan

#: The Chinese name of each benefit shape, as the console shows it.
SHAPE_LABELS = {
    "fixed": "固定金额", "percent": "按比例", "up_to": "最高限额", "per_unit": "按人/按期标准",
    "threshold": "分档", "range": "区间", "per_other_policy": "未定金额", "non_monetary": "非资金支持",
}  # fmt: skip


@dataclass(frozen=True)
class RuleView:
    """One rule for display. ``amounts``, ``rates`` and ``caps`` are display strings
    (``国家级：30万元``, ``30%``, ``单个项目1000万元``); ``drafted`` is True for a rule read
    from the text automatically, False for a hand-reviewed one."""

    rule_id: str
    measure: str
    title: str
    shape: str
    shape_label: str
    summary: str
    beneficiary: str
    amounts: tuple[str, ...]
    rates: tuple[str, ...]
    caps: tuple[str, ...]
    conditions: tuple[str, ...]
    notes: tuple[str, ...]
    deadline: str
    quote: str
    drafted: bool


def rules_view(rules: RuleBase | None, measure: str | None = None) -> list[RuleView]:
    """The rules of ``measure`` (every rule when None) as :class:`RuleView` rows, in file order;
    ``[]`` when there is no rule base or the measure grants nothing."""
    if rules is None:
        return []
    chosen = rules.rules if measure is None else rules.rules_for(measure)
    return [view(rule, drafted=rules.drafted) for rule in chosen]


def view(rule: Rule, *, drafted: bool = False) -> RuleView:
    """One rule as display data."""
    b = rule.benefit
    deadline = ""
    if rule.deadline is not None:
        deadline = f"{rule.deadline_text}（{rule.deadline.isoformat()}）" if rule.deadline_text else rule.deadline.isoformat()
    return RuleView(
        rule_id=rule.id, measure=rule.measure, title=rule.title, shape=b.type,
        shape_label=SHAPE_LABELS.get(b.type, b.type), summary=benefit_text(rule), beneficiary=rule.beneficiary,
        amounts=_amounts(rule), rates=_rates(rule), caps=_caps(rule),
        conditions=tuple(c.statement for c in rule.all_conditions()), notes=rule.notes, deadline=deadline,
        quote=rule.quote, drafted=drafted,
    )  # fmt: skip


def benefit_text(rule: Rule, tier_names: Sequence[str] = ()) -> str:
    """What ``rule`` grants, in words, with its own figures only (the named tiers alone when
    ``tier_names`` is given): ``每人每月3000元实习补贴，最长6个月``, ``按净化系统改造及设备投资的30%
    给予补助，最高不超过500万元``, ``100亩及以上至500亩：100元/亩；500亩以上：200元/亩``."""
    b = rule.benefit
    if isinstance(b, FixedBenefit):
        if len(b.tiers) == 1:
            return f"{b.kind}{format_yuan(b.tiers[0].amount)}"
        tiers = [t for t in b.tiers if t.name in tier_names] or list(b.tiers)
        return "；".join(f"{t.name}{format_yuan(t.amount)}" for t in tiers) + f"（{b.kind}）"
    if isinstance(b, PercentBenefit):
        rate = format_rate(b.rate)
        if b.rate_min is not None:
            rate = f"{format_rate(b.rate_min)}—{rate}"
        elif b.upper_bound:
            rate = f"最高{rate}"
        return f"按{b.base}的{rate}{_grant(b.kind)}{_cap(b.cap, b.cap_scope)}{_span(b.period, b.max_periods)}"
    if isinstance(b, PerUnitBenefit):
        every = f"每{b.unit}" + (f"每{b.period}" if b.period else "")
        most = f"，最多{b.max_units}{b.unit}" if b.max_units else ""
        return f"{every}{format_yuan(b.amount)}{_bare(b.kind)}{_span(b.period, b.max_periods)}{most}{_cap(b.cap, b.cap_scope)}"
    if isinstance(b, ThresholdBenefit):
        on = f"{b.base}" + ("" if b.unit == "元" else f"（{b.unit}）")
        of = f"（比例按{b.rate_base}计）" if b.rate_base else ""
        how = "分段累计" if b.mode == "marginal" else "分档"
        parts = "；".join(f"{br.name}：{paid(br, b.unit)}" for br in b.brackets)
        return f"按{on}{how}{_bare(b.kind)}：{parts}{of}{_cap(b.cap, b.cap_scope)}"
    if isinstance(b, RangeBenefit):
        how = f"{b.decided_by}，" if b.decided_by else ""
        return f"{how}{_grant('')}{format_yuan(b.min)}—{format_yuan(b.max)}{b.kind.removeprefix('给予')}"
    if isinstance(b, UpToBenefit):
        return f"{b.cap_scope}最高{format_yuan(b.max)}{_bare(b.kind)}"
    if isinstance(b, OtherPolicyBenefit):
        return f"{other_policy_formula(b)}（本措施未规定具体金额）"
    assert isinstance(b, NonMonetaryBenefit)
    return "；".join(f"{t.name}：{t.value}" for t in b.terms)


def other_policy_formula(b: OtherPolicyBenefit) -> str:
    """``按照相关政策给予奖励``, ``给予一定资金补贴``, ``实行“一事一议”``: the reference and the kind,
    without a second verb when the reference already grants (给予一定…)."""
    ref = b.reference
    most = f"，最高不超过{format_yuan(b.cap)}" if b.cap is not None else ""
    if "一事一议" in ref:
        return f"{ref}{most}"
    if ref.endswith("执行"):  # 按照《…通知》（…号）执行: the standard is another document's
        return f"{_grant(b.kind)}，标准{ref}{most}"
    if re.search(r"给予|予以", ref):
        return f"{ref}{_bare(b.kind)}{most}"
    return f"{ref}{_grant(b.kind)}{most}"


def paid(bracket: Bracket, unit: str) -> str:
    """What one bracket pays: ``20万元``, ``100元/亩``, ``80%``."""
    if bracket.amount is not None:
        return format_yuan(bracket.amount)
    if bracket.per_unit is not None:
        return f"{format_yuan(bracket.per_unit)}/{unit}"
    assert bracket.rate is not None
    return format_rate(bracket.rate)


def _amounts(rule: Rule) -> tuple[str, ...]:
    b = rule.benefit
    if isinstance(b, FixedBenefit):
        if len(b.tiers) == 1:
            return (format_yuan(b.tiers[0].amount),)
        return tuple(f"{t.name}：{format_yuan(t.amount)}" for t in b.tiers)
    if isinstance(b, PerUnitBenefit):
        return (f"每{b.unit}" + (f"每{b.period}" if b.period else "") + format_yuan(b.amount),)
    if isinstance(b, ThresholdBenefit):
        return tuple(f"{br.name}：{paid(br, b.unit)}" for br in b.brackets if br.rate is None)
    if isinstance(b, RangeBenefit):
        return (f"{format_yuan(b.min)}—{format_yuan(b.max)}",)
    if isinstance(b, UpToBenefit):
        return (f"最高{format_yuan(b.max)}",)
    return ()


def _rates(rule: Rule) -> tuple[str, ...]:
    b = rule.benefit
    if isinstance(b, PercentBenefit):
        rate = format_rate(b.rate)
        if b.rate_min is not None:
            rate = f"{format_rate(b.rate_min)}—{rate}"
        return (f"最高{rate}" if b.upper_bound else rate,)
    if isinstance(b, ThresholdBenefit):
        return tuple(f"{br.name}：{format_rate(br.rate)}" for br in b.brackets if br.rate is not None)
    return ()


def _caps(rule: Rule) -> tuple[str, ...]:
    b = rule.benefit
    cap = getattr(b, "cap", None)
    if not isinstance(cap, Decimal):
        return ()
    return (f"{getattr(b, 'cap_scope', '')}{format_yuan(cap)}",)


def _grant(kind: str) -> str:
    """``给予资金支持``: a drafted ``kind`` may already start with the verb (给予扶持, 予以奖励)."""
    return kind if re.match(r"(给予|予以)", kind) else f"给予{kind}"


def _bare(kind: str) -> str:
    return re.sub(r"^(?:给予|予以)", "", kind)


def _cap(cap: Decimal | None, scope: str) -> str:
    return "" if cap is None else f"，{scope}最高不超过{format_yuan(cap)}"


def _span(period: str, max_periods: int | None) -> str:
    words = {"月": "个月", "季度": "个季度", "": "期"}.get(period, period)
    return f"，最长{max_periods}{words}" if max_periods else ""
