"""The loaded rule base of one document, with the look-ups the calculator and dialogue use.

Example:
    >>> rb = load_rulebase_for(doc, Path("corpus/rules"))        # doctest: +SKIP
    >>> rb.find("2", "国家级小巨人").tier.amount                    # doctest: +SKIP
    Decimal('1000000')
    >>> [s.label for s in rb.match("我们是小巨人，想从外地整体迁入")]  # doctest: +SKIP
    ['国家专精特新“小巨人”企业', '市外高新技术企业整体迁入']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.errors import NotFoundError
from assistant.rules.conditions import ConditionCheck, check_conditions
from assistant.rules.names import alias_key, canonical_measure
from assistant.rules.schema import Condition, Exclusivity, Rule, Tier

if TYPE_CHECKING:
    from assistant.rules.select import Ambiguous, Picked


@dataclass(frozen=True)
class Selection:
    """A rule, and the tier of it when one is chosen: what a user can claim."""

    rule: Rule
    tier: Tier | None = None

    @property
    def label(self) -> str:
        return self.tier.name if self.tier is not None else self.rule.title

    @property
    def names(self) -> tuple[str, ...]:
        """Id, name and aliases: every way to refer to this selection."""
        if self.tier is not None:
            return (self.tier.id, self.tier.name, *self.tier.aliases)
        return (self.rule.id, self.rule.title, *self.rule.aliases)

    def conditions(self) -> tuple[Condition, ...]:
        """The rule's conditions followed by the tier's own."""
        return self.rule.all_conditions(self.tier)

    def check(self, profile: Mapping[str, object]) -> tuple[ConditionCheck, ...]:
        """Each condition as met / unmet / unknown for an enterprise profile."""
        return check_conditions(self.conditions(), profile)


@dataclass(frozen=True)
class RuleBase:
    """All rules of one document, verified against its text (see :mod:`assistant.rules.loader`)."""

    doc_id: str
    rules: tuple[Rule, ...]
    measure_ids: tuple[str, ...]
    exclusivity: Exclusivity | None = None
    source: str = ""
    #: Drafted from the text automatically (:mod:`assistant.rules.draft`), not reviewed.
    drafted: bool = False
    #: ``add_up`` or ``alternatives``: how several rules of one measure combine (:class:`RuleFile`).
    same_measure: str = "add_up"
    #: The document's title: words of a question that name the document, not one of its benefits.
    title: str = ""
    _by_measure: dict[str, tuple[Rule, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        grouped: dict[str, list[Rule]] = {}
        for rule in self.rules:
            grouped.setdefault(rule.measure, []).append(rule)
        self._by_measure.update({k: tuple(v) for k, v in grouped.items()})

    def has_measure(self, measure: str) -> bool:
        """Whether the document has this measure at all (with or without rules)."""
        return canonical_measure(measure) in self.measure_ids

    def rules_for(self, measure: str) -> tuple[Rule, ...]:
        """The rules of one measure, in file order; empty when it has no benefit."""
        return self._by_measure.get(canonical_measure(measure), ())

    def rule(self, rule_id: str) -> Rule:
        """A rule by id. Raises :class:`NotFoundError` when there is none."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise NotFoundError(f"规则库中没有规则“{rule_id}”")

    def selections(self, measure: str | None = None) -> tuple[Selection, ...]:
        """Everything claimable: each tier of a tiered rule, and every rule as a whole."""
        rules = self.rules if measure is None else self.rules_for(measure)
        out: list[Selection] = []
        for rule in rules:
            out.extend(Selection(rule, tier) for tier in rule.tiers)
            out.append(Selection(rule))
        return tuple(out)

    def find(self, measure: str, name: str) -> Selection:
        """The tier or rule of ``measure`` called ``name`` (id, name or any alias).

        An exact name wins; otherwise the longest alias that occurs in ``name``
        (``国家级专精特新小巨人企业`` finds 小巨人).

        Raises:
            NotFoundError: no match, or several equally good ones; the message lists
                what the measure offers.
        """
        options = self.selections(measure)
        key = alias_key(name)
        exact = [s for s in options if key in {alias_key(n) for n in s.names}]
        if len(exact) == 1:
            return exact[0]
        scored = [
            (max((len(alias_key(n)) for n in s.names if alias_key(n) and alias_key(n) in key), default=0), s)
            for s in options
        ]
        best = max((score for score, _ in scored), default=0)
        found = [s for score, s in scored if score == best and best > 0]
        if len(found) == 1 and key:
            return found[0]
        listing = "、".join(dict.fromkeys(s.label for s in options if s.tier is not None or not s.rule.tiers))
        raise NotFoundError(
            f"第{canonical_measure(measure)}条中没有“{name}”对应的项目；可选：{listing or '无'}"
        )

    def match(self, text: str) -> tuple[Selection, ...]:
        """Every tier or rule named in free text, longest name first, without overlaps.

        For the dialogue engine: ``match("小巨人企业从外地整体迁入")`` finds measure 2's
        小巨人 tier and measure 3's relocation rule, in the order they occur.
        """
        key = alias_key(text)
        hits: list[tuple[int, int, Selection]] = []
        for sel in self.selections():
            for name in sel.names[1:]:  # not the id: ids are ASCII slugs, not words users type
                k = alias_key(name)
                start = key.find(k) if k else -1
                while start >= 0:
                    hits.append((start, start + len(k), sel))
                    start = key.find(k, start + 1)
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        taken: list[tuple[int, int, Selection]] = []
        for start, end, sel in hits:
            if all(end <= s or start >= e for s, e, _ in taken) and all(sel != t for _, _, t in taken):
                taken.append((start, end, sel))
        return tuple(sel for _, _, sel in sorted(taken, key=lambda h: h[0]))

    def select(self, measure: str, text: str) -> Picked | Ambiguous | None:
        """Which rule/tier of ``measure`` the question ``text`` selects, with the base, quantity
        and periods it gives (:func:`assistant.rules.select.select`): :class:`Picked`, or
        :class:`Ambiguous` when nothing chooses among alternatives (list them; no total)."""
        from assistant.rules.select import select

        return select(self, measure, text)

    def vocabulary(self) -> dict[str, tuple[Selection, ...]]:
        """Every name and alias (as written in the file) → what it refers to."""
        vocab: dict[str, list[Selection]] = {}
        for sel in self.selections():
            for name in sel.names[1:]:
                vocab.setdefault(name, []).append(sel)
        return {k: tuple(v) for k, v in vocab.items()}

    def facts(self) -> dict[str, tuple[Condition, ...]]:
        """Every fact key used by a condition → the conditions that test it."""
        facts: dict[str, list[Condition]] = {}
        for rule in self.rules:
            for cond in rule.conditions + tuple(c for t in rule.tiers for c in t.conditions):
                facts.setdefault(cond.fact, []).append(cond)
        return {k: tuple(v) for k, v in facts.items()}

    def group_label(self, group_id: str) -> str:
        """The human label of an exclusivity group (its id when undeclared)."""
        for group in self.exclusivity.groups if self.exclusivity else ():
            if group.id == group_id:
                return group.label
        return group_id
