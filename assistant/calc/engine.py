"""The deterministic calculator: claims + a verified rule base → a :class:`Calculation`.

Amounts are ``Decimal`` throughout and rounded once, to whole yuan, half up
(:mod:`assistant.calc.benefits`). Several claims are combined under the
no-double-reward rule (:mod:`assistant.calc.combine`, which states its assumptions).
Conditions are not checked here: a result is what the claimant gets *if* eligible
(:meth:`assistant.rules.Selection.check` tells met / unmet / unknown).

Example:
    >>> calc = Calculator(rules, document)                        # doctest: +SKIP
    >>> calc.calculate_measure("6", base="120万元").total_yuan      # doctest: +SKIP
    600000
    >>> calc.calculate([Claim("2", tier="小巨人"), Claim("3")]).total_yuan  # doctest: +SKIP
    1300000
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from assistant.calc.benefits import Outcome, cite, display, evaluate
from assistant.calc.combine import combine, totals
from assistant.calc.result import Calculation, Validity
from assistant.calc.validity import document_validity, rule_notes
from assistant.corpus.models import PolicyDocument
from assistant.errors import CalculationInputError, NotFoundError
from assistant.rules.claim import Claim
from assistant.rules.names import canonical_measure
from assistant.rules.rulebase import RuleBase, Selection
from assistant.rules.schema import PercentBenefit, PerUnitBenefit, Rule, ThresholdBenefit
from assistant.text.money import format_rate, format_yuan, parse_amount, parse_quantity, parse_rate

#: Benefits computed from a base the user gives (an amount, or a count of units).
_BASED = (PercentBenefit, PerUnitBenefit, ThresholdBenefit)


@dataclass(frozen=True)
class _Resolved:
    selection: Selection
    base: Decimal | None
    rate_base: Decimal | None = None
    periods: Decimal | None = None
    principal: Decimal | None = None


class Calculator:
    """Computes benefits of one document from its rule base.

    Args:
        rules: the document's verified rule base (:func:`assistant.rules.load_rulebase_for`).
        document: the document's metadata, for the validity status; optional.
    """

    def __init__(self, rules: RuleBase, document: PolicyDocument | None = None) -> None:
        self.rules = rules
        self.document = document

    def calculate_measure(
        self,
        measure: str,
        *,
        base: str | int | Decimal | None = None,
        tier: str | None = None,
        as_of: date | None = None,
    ) -> Calculation:
        """Shortcut for one claim: ``calculate(Claim(measure, tier, base), as_of=as_of)``."""
        return self.calculate(Claim(measure, tier=tier, base=base), as_of=as_of)

    def calculate(self, claims: Claim | Iterable[Claim], *, as_of: date | None = None) -> Calculation:
        """Calculate one or several benefits together.

        Args:
            claims: what to calculate; several claims add up, subject to the
                no-double-reward rule.
            as_of: the date validity is judged at; today when None.

        Raises:
            NotFoundError: unknown measure or tier.
            CalculationInputError: a bad base amount, a missing base or tier, or a base
                given where none applies.
        """
        claim_list = [claims] if isinstance(claims, Claim) else list(claims)
        if not claim_list:
            raise CalculationInputError("请至少指定一项措施")
        as_of = as_of or date.today()
        notes: list[str] = []
        outcomes: list[Outcome] = []
        for claim in claim_list:
            resolved, claim_notes = self._resolve(claim)
            notes += claim_notes
            outcomes += [
                evaluate(r.selection, r.base, cite(r.selection.rule.measure), rate_base=r.rate_base, periods=r.periods,
                         principal=r.principal)
                for r in resolved
            ]
        combined = combine(outcomes, self.rules)
        kept = combined.kept
        trace = [line for o in kept for line in o.trace] + list(combined.trace)
        notes += [n for o in kept for n in o.notes] + list(combined.notes)
        for rule_id in dict.fromkeys(o.item.rule_id for o in kept):
            notes += rule_notes(self.rules.rule(rule_id), as_of)
        items = tuple(o.item for o in kept)
        total, span, total_line = totals(items)
        if combined.alternatives:  # options of one benefit: no single figure, never a sum
            total, span, total_line = None, None, ""
        if total_line:
            trace.append(total_line)
        return Calculation(
            total_yuan=total,
            range_yuan=span,
            items=items,
            notes=tuple(dict.fromkeys(notes)),
            trace=tuple(trace),
            validity=self.validity(as_of),
            excluded=tuple(o.item for o in combined.excluded),
            drafted=self.rules.drafted,
            alternatives=combined.alternatives,
        )

    def validity(self, as_of: date) -> Validity:
        """The document's status on ``as_of`` (in force, expired, not yet in force)."""
        return document_validity(self.document, as_of)

    # -- resolving a claim to rules and tiers ---------------------------------------

    def _resolve(self, claim: Claim) -> tuple[list[_Resolved], list[str]]:
        measure = canonical_measure(claim.measure)
        if not self.rules.has_measure(measure):
            raise NotFoundError(f"文件中没有“{claim.measure}”这项措施")
        base = _parse_base(claim.base) if claim.base is not None else None
        rules = self.rules.rules_for(measure)
        if not rules:
            return [], [f"{display(measure)}没有规定资金奖励或可量化的支持，无可计算的金额"]
        rate_base = _parse_base(claim.rate_base) if claim.rate_base is not None else None
        periods = _count(claim.periods) if claim.periods is not None else None
        principal = _parse_base(claim.principal) if claim.principal is not None else None
        if claim.tier is not None:
            selection = _complete(self.rules.find(measure, claim.tier))
            _check_base(selection.rule, base)
            return [_Resolved(selection, base, rate_base, periods, principal)], []
        if base is not None:
            percent = [r for r in rules if isinstance(r.benefit, _BASED)]
            if len(percent) != 1:
                what = "没有按基数计算的支持，无需提供金额" if not percent else "有多项按基数计算的支持"
                raise CalculationInputError(f"{display(measure)}{what}。{_options(measure, rules)}")
            return [_Resolved(Selection(percent[0]), base, rate_base, periods)], []
        if any(_needs_input(r) for r in rules):
            raise CalculationInputError(_options(measure, rules))
        return [_Resolved(_complete(Selection(r)), None) for r in rules], []


def _complete(selection: Selection) -> Selection:
    """A fixed benefit needs a tier: take the only one, or ask which."""
    tiers = selection.rule.tiers
    if selection.tier is not None or not tiers:
        return selection
    if len(tiers) == 1:
        return Selection(selection.rule, tiers[0])
    raise CalculationInputError(f"{display(selection.rule.measure)}请指定档次：{_tier_list(selection.rule)}")


def _parse_base(value: str | int | Decimal) -> Decimal:
    """An amount (``120万元``), a count with its unit (``300亩``, ``5人``), or a rate (``2.5%``, the
    base of a percentage of a rate)."""
    if isinstance(value, str) and value.strip().endswith(("%", "％")):
        return parse_rate(value)
    try:
        return parse_amount(value)
    except CalculationInputError:
        try:
            quantity = parse_quantity(value)
        except CalculationInputError:
            quantity = Decimal(0)
        if quantity > 0:
            return quantity
        raise


def _count(value: str | int | Decimal) -> Decimal:
    """A number of periods (``6``, ``"6个月"``, ``"两年"``): a positive count."""
    number = parse_quantity(value)
    if number <= 0:
        raise CalculationInputError(f"期数应大于0：{value}")
    return number


def _check_base(rule: Rule, base: Decimal | None) -> None:
    if isinstance(rule.benefit, _BASED) and base is None:
        raise CalculationInputError(f"“{rule.title}”{_base_hint(rule.benefit)}")
    if not isinstance(rule.benefit, _BASED) and base is not None:
        raise CalculationInputError(f"“{rule.title}”不按基数计算，无需提供金额")


def _base_hint(benefit: PercentBenefit | PerUnitBenefit | ThresholdBenefit) -> str:
    if isinstance(benefit, PerUnitBenefit):
        what = benefit.base or f"{benefit.unit}数"
        return f"按每{benefit.unit}{format_yuan(benefit.amount)}计算，请提供{what}"
    if isinstance(benefit, ThresholdBenefit):
        return f"按{benefit.base}分档计算，请提供{benefit.base}"
    most = "最高" if benefit.upper_bound else ""
    return f"按{benefit.base}的{most}{format_rate(benefit.rate)}计算，请提供计算基数（{benefit.base}）"


def _needs_input(rule: Rule) -> bool:
    return isinstance(rule.benefit, _BASED) or len(rule.tiers) > 1


def _options(measure: str, rules: tuple[Rule, ...]) -> str:
    """What a measure needs to be calculated, e.g. which tiers it has."""
    parts: list[str] = []
    for rule in rules:
        if isinstance(rule.benefit, _BASED):
            parts.append(f"“{rule.title}”{_base_hint(rule.benefit)}")
        elif len(rule.tiers) > 1:
            parts.append(f"“{rule.title}”请指定档次：{_tier_list(rule)}")
        else:
            parts.append(f"或指定项目“{rule.title}”")
    if len(parts) == 1:
        return f"{display(measure)}{parts[0]}"
    return f"{display(measure)}包含多项支持：" + "；".join(parts)


def _tier_list(rule: Rule) -> str:
    return "、".join(f"{t.name}（{format_yuan(t.amount)}）" for t in rule.tiers)
