"""Checks that a rule base says what its document says.

Every check returns problems as ``(rule id, what failed)`` pairs; the loader turns
them into one :class:`~assistant.errors.RuleError` naming each rule.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from decimal import Decimal

from assistant.rules.names import alias_key
from assistant.rules.schema import (
    FixedBenefit,
    OtherPolicyBenefit,
    PercentBenefit,
    PerUnitBenefit,
    RangeBenefit,
    Rule,
    RuleFile,
    ThresholdBenefit,
    UpToBenefit,
)
from assistant.text.money import format_rate
from assistant.text.normalize import contains_verbatim, match_key

Problem = tuple[str, str]

_WAN = Decimal(10_000)
_YI = Decimal(100_000_000)


def verify(
    rule_file: RuleFile,
    *,
    source_text: str,
    measure_ids: Collection[str],
    provision_texts: Mapping[str, str] | None = None,
) -> list[Problem]:
    """All problems of ``rule_file`` against its document; empty when it is sound.

    Args:
        rule_file: the parsed file.
        source_text: the document's full text.
        measure_ids: the document's measure ids.
        provision_texts: measure id → that provision's text; when given, a rule's
            quotes must occur in its own measure, not just anywhere in the document.
    """
    texts = provision_texts or {}
    problems: list[Problem] = []
    problems += _duplicates(rule_file)
    problems += _aliases(rule_file)
    for rule in rule_file.rules:
        problems += _measure_and_quotes(rule, source_text, measure_ids, texts)
        problems += _amounts_quoted(rule)
    problems += _exclusivity(rule_file, source_text, measure_ids, texts)
    return problems


def _measure_and_quotes(
    rule: Rule, source_text: str, measure_ids: Collection[str], texts: Mapping[str, str]
) -> Iterator[Problem]:
    if rule.measure not in measure_ids:
        yield rule.id, f"措施编号“{rule.measure}”在文件中不存在"
        return
    scope = texts.get(rule.measure, source_text)
    where = f"第{rule.measure}条" if rule.measure in texts else "原文"
    quotes = [("引文", rule.quote)]
    quotes += [(f"档次 {t.id} 的引文", t.quote) for t in rule.tiers if t.quote]
    quotes += [(f"条件 {c.fact} 的引文", c.quote) for c in rule.all_conditions() if c.quote]
    quotes += [
        (f"档次 {t.id} 条件 {c.fact} 的引文", c.quote) for t in rule.tiers for c in t.conditions if c.quote
    ]
    for what, quote in quotes:
        if not contains_verbatim(scope, quote):
            yield rule.id, f"{what}未在{where}中找到：“{quote}”"


def _amounts_quoted(rule: Rule) -> Iterator[Problem]:
    """Each figure of a benefit must be written in the quote: guards against typos."""
    benefit = rule.benefit
    figures: list[tuple[str, Decimal, str]] = []
    if isinstance(benefit, FixedBenefit):
        for tier in benefit.tiers:
            figures.append((f"档次 {tier.id} 的金额", tier.amount, rule.quote + (tier.quote or "")))
    elif isinstance(benefit, PercentBenefit):
        if benefit.cap is not None:
            figures.append(("上限", benefit.cap, rule.quote))
        for rate in (benefit.rate, benefit.rate_min):
            if rate is not None and not _rate_quoted(rule.quote, rate):
                yield rule.id, f"比例 {format_rate(rate)} 未出现在引文中"
    elif isinstance(benefit, RangeBenefit):
        figures += [("下限", benefit.min, rule.quote), ("上限", benefit.max, rule.quote)]
    elif isinstance(benefit, OtherPolicyBenefit) and benefit.cap is not None:
        figures.append(("上限", benefit.cap, rule.quote))
    elif isinstance(benefit, UpToBenefit):
        figures.append(("上限", benefit.max, rule.quote))
    elif isinstance(benefit, PerUnitBenefit):
        figures.append(("单价", benefit.amount, rule.quote))
        if benefit.cap is not None:
            figures.append(("上限", benefit.cap, rule.quote))
    elif isinstance(benefit, ThresholdBenefit):
        if benefit.cap is not None:
            figures.append(("上限", benefit.cap, rule.quote))
        for b in benefit.brackets:
            quote = rule.quote + (b.quote or "")
            for what, value in (("门槛", b.min), ("门槛", b.max), ("金额", b.amount), ("单价", b.per_unit)):
                if value is not None:
                    figures.append((f"档次 {b.id} 的{what}", value, quote))
            if b.rate is not None and not _rate_quoted(quote, b.rate):
                yield rule.id, f"档次 {b.id} 的比例 {format_rate(b.rate)} 未出现在引文中"
    for what, amount, quote in figures:
        if not _mentions(match_key(quote), amount):
            yield rule.id, f"{what}（{amount}元）未出现在引文中"


_IN_WORDS = {Decimal(1): re.compile("免收|免征|停征|免除|全额|零收费|不收取|免交"), Decimal("0.5"): re.compile("减半")}


def _rate_quoted(quote: str, rate: Decimal) -> bool:
    """``30%`` written as ``30%``, as the start of a range ``5—20%``, or in words (免收 = 100%, 减半 = 50%)."""
    figure = re.escape(format_rate(rate).removesuffix("%"))
    if re.search(rf"(?<![\d.]){figure}(?![\d.])(%|[-~至到]\d)", match_key(quote)) is not None:
        return True
    words = _IN_WORDS.get(rate.normalize())
    return words is not None and words.search(quote) is not None


def _mentions(key: str, amount: Decimal) -> bool:
    """Whether ``amount`` is written in ``key`` as yuan or as a figure in 万 or 亿."""
    candidates = {_plain(amount)}
    if amount >= _WAN:
        candidates.add(_plain(amount / _WAN))
    if amount >= _YI:
        candidates.add(_plain(amount / _YI))
    return any(re.search(rf"(?<![\d.]){re.escape(c)}(?![\d.])", key) for c in candidates)


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _duplicates(rule_file: RuleFile) -> Iterator[Problem]:
    seen: set[str] = set()
    for rule in rule_file.rules:
        if rule.id in seen:
            yield rule.id, "规则编号重复"
        seen.add(rule.id)
        tier_ids = [t.id for t in rule.tiers]
        for dup in sorted({t for t in tier_ids if tier_ids.count(t) > 1}):
            yield rule.id, f"档次编号“{dup}”重复"


def _aliases(rule_file: RuleFile) -> Iterator[Problem]:
    """Within one measure a name or alias must point at one tier or rule only."""
    owners: dict[tuple[str, str], str] = {}
    for rule in rule_file.rules:
        named = [(t.id, (t.name, *t.aliases)) for t in rule.tiers] + [("", (rule.title, *rule.aliases))]
        for tier_id, names in named:
            owner = f"{rule.id}/{tier_id}" if tier_id else rule.id
            for name in names:
                slot = (rule.measure, alias_key(name))
                if slot in owners and owners[slot] != owner:
                    yield rule.id, f"名称或别名“{name}”同时指向 {owners[slot]} 和 {owner}"
                owners.setdefault(slot, owner)


def _exclusivity(
    rule_file: RuleFile, source_text: str, measure_ids: Collection[str], texts: Mapping[str, str]
) -> Iterator[Problem]:
    excl = rule_file.exclusivity
    used = [(r.exclusivity_group, r.id) for r in rule_file.rules if r.exclusivity_group]
    if excl is None:
        for group, rule_id in used:
            yield rule_id, f"排他组“{group}”未声明（文件缺少 exclusivity 一节）"
        return
    if excl.measure not in measure_ids:
        yield excl.id, f"措施编号“{excl.measure}”在文件中不存在"
    elif not contains_verbatim(texts.get(excl.measure, source_text), excl.quote):
        yield excl.id, f"引文未在原文中找到：“{excl.quote}”"
    declared = {g.id for g in excl.groups}
    for group, rule_id in used:
        if group not in declared:
            yield rule_id, f"排他组“{group}”未在 exclusivity.groups 中声明"
