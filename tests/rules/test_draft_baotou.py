"""Drafting the Baotou text reproduces every amount of its hand-reviewed rule base."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest

from assistant.calc import Calculator
from assistant.calc.result import DRAFTED_CAVEAT
from assistant.corpus import load_document
from assistant.corpus.models import ParsedDocument
from assistant.rules import RuleBase, load_rulebase_for
from assistant.rules.draft import draft, draft_rulebase, rulebase_or_draft
from assistant.rules.schema import FixedBenefit, OtherPolicyBenefit, PercentBenefit, RangeBenefit, Rule

ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def _baotou() -> tuple[ParsedDocument, RuleBase, RuleBase]:
    doc = load_document(ROOT / "corpus" / "baotou-zjtx-2023.txt")
    drafted = draft_rulebase(doc)
    assert drafted is not None
    return doc, load_rulebase_for(doc, ROOT / "corpus" / "rules"), drafted


def _money(rule: Rule) -> tuple[object, ...]:
    b = rule.benefit
    if isinstance(b, FixedBenefit):
        return ("fixed", tuple(sorted(t.amount for t in b.tiers)))
    if isinstance(b, PercentBenefit):
        return ("percent", b.rate, b.cap)
    if isinstance(b, RangeBenefit):
        return ("range", b.min, b.max)
    if isinstance(b, OtherPolicyBenefit):
        return ("per_other_policy",)
    return (b.type,)


_CURATED_MONEY = [
    r for r in load_rulebase_for(load_document(ROOT / "corpus" / "baotou-zjtx-2023.txt"), ROOT / "corpus" / "rules").rules
    if r.benefit.type != "non_monetary"
]


@pytest.mark.parametrize("curated", _CURATED_MONEY, ids=lambda r: r.id)
def test_every_curated_amount_is_drafted(curated: Rule) -> None:
    _, _, drafted = _baotou()
    found = [_money(r) for r in drafted.rules_for(curated.measure)]
    assert _money(curated) in found, f"{curated.id}: {_money(curated)} not in {found}"


def test_draft_is_verified_and_flagged() -> None:
    doc, _, drafted = _baotou()
    assert drafted.drafted
    result = draft(doc)
    assert not [s for s in result.skipped if s[0] != "*"] or all(s[1] for s in result.skipped)
    for rule in drafted.rules:
        assert result.sources[rule.id], rule.id  # every rule keeps its source sentence


def test_tier_names_come_from_the_enumeration() -> None:
    _, _, drafted = _baotou()
    (rule,) = [r for r in drafted.rules_for("2") if r.tiers]
    assert [(t.name, t.amount) for t in rule.tiers] == [
        ("自治区创新型中小企业", Decimal(200_000)),
        ("“专精特新”中小企业", Decimal(500_000)),
        ("国家专精特新“小巨人”企业", Decimal(1_000_000)),
    ]
    (alliance,) = [r for r in drafted.rules_for("4") if r.tiers]
    assert [t.name for t in alliance.tiers] == ["国家级产业技术创新战略联盟", "自治区级产业技术创新战略联盟"]


def test_deadline_and_exclusivity_are_read() -> None:
    _, _, drafted = _baotou()
    (loan,) = [r for r in drafted.rules_for("12") if isinstance(r.benefit, PercentBenefit)]
    assert loan.deadline == date(2023, 6, 30)
    assert loan.deadline_text == "至2023年6月底"
    assert drafted.exclusivity is not None
    assert drafted.exclusivity.measure == "四(一)"
    assert "不做重复奖励" in drafted.exclusivity.quote


def test_calculation_on_a_draft_is_flagged() -> None:
    doc, _, drafted = _baotou()
    result = Calculator(drafted, doc.document).calculate_measure("5", tier="组织实施“揭榜挂帅”项目资助",
                                                                  base="5000万元", as_of=date(2024, 1, 1))
    assert result.total_yuan == 10_000_000  # 30% of 5000万 = 1500万, capped at 1000万
    assert result.drafted and result.to_dict()["drafted"] is True
    assert DRAFTED_CAVEAT == "金额依原文自动解析，以主管部门核定为准"


def test_curated_beats_drafted(tmp_path: Path) -> None:
    doc, curated, _ = _baotou()
    chosen = rulebase_or_draft(doc, ROOT / "corpus" / "rules")
    assert chosen is not None and not chosen.drafted and len(chosen.rules) == len(curated.rules)
    fallback = rulebase_or_draft(doc, tmp_path)  # no rule file there
    assert fallback is not None and fallback.drafted
    assert "drafted" not in Calculator(curated, doc.document).calculate_measure("3").to_dict()
