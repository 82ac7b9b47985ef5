"""Alternatives are never added up: tiers of one benefit (国家级 *or* 省级), and — in a rule
base whose rules of one measure are alternatives (drafted ones) — several rules of one
measure, unless the rule base says they accumulate (``tiers_add_up``, ``stacks``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from assistant.calc import Calculator, Claim
from assistant.rules import parse_rulebase

DAY = date(2024, 1, 1)
TEXT = (
    "对新列入国家级和省级专精特新中小企业，分别给予企业30万元和10万元奖励。"
    "对初次认定为国家高新技术企业的，给予企业20万元奖励。"
    "在市、区扶持基础上，另给予50万元扶持。"
)


def _rules(same_measure: str | None, *, add_up: bool | None = None, stacks: bool = False) -> Calculator:
    tiers: dict[str, Any] = {"type": "fixed", "kind": "奖励", "tiers": [
        {"id": "national", "name": "国家级专精特新中小企业", "amount": "30万元"},
        {"id": "provincial", "name": "省级专精特新中小企业", "amount": "10万元"}]}
    if add_up is not None:
        tiers["tiers_add_up"] = add_up
    rules: list[dict[str, Any]] = [
        {"id": "r1", "measure": "1", "title": "专精特新奖励", "beneficiary": "企业", "benefit": tiers,
         "quote": "新列入国家级和省级专精特新中小企业，分别给予企业30万元和10万元奖励"},
        {"id": "r2", "measure": "1", "title": "高企奖励", "beneficiary": "企业",
         "benefit": {"type": "fixed", "tiers": [{"id": "t", "name": "国家高新技术企业", "amount": "20万元"}]},
         "quote": "对初次认定为国家高新技术企业的，给予企业20万元奖励"},
        {"id": "r3", "measure": "1", "title": "另给予扶持", "beneficiary": "企业", "stacks": stacks,
         "benefit": {"type": "fixed", "tiers": [{"id": "t", "name": "另给予", "amount": "50万元"}]},
         "quote": "在市、区扶持基础上，另给予50万元扶持"},
    ]  # fmt: skip
    data: dict[str, Any] = {"doc_id": "t", "rules": rules}
    if same_measure is not None:
        data["same_measure"] = same_measure
    return Calculator(parse_rulebase(data, source_text=TEXT, measure_ids=["1"], provision_texts={"1": TEXT}))


def test_two_tiers_of_one_benefit_are_never_summed_in_a_drafted_base() -> None:
    result = _rules("alternatives").calculate([Claim("1", "national"), Claim("1", "provincial")], as_of=DAY)
    assert result.total_yuan is None and result.range_yuan is None
    assert [i.amount_yuan for i in result.alternatives[0]] == [300_000, 100_000]
    assert any("未予合计" in n for n in result.notes)
    assert result.to_dict()["alternatives"][0][0]["amount_yuan"] == 300_000


def test_tiers_that_the_text_lets_add_up_are_summed() -> None:
    calc = _rules("alternatives", add_up=True)
    assert calc.calculate([Claim("1", "national"), Claim("1", "provincial")], as_of=DAY).total_yuan == 400_000


def test_explicit_alternative_tiers_are_not_summed_even_in_a_hand_written_file() -> None:
    calc = _rules(None, add_up=False)
    assert calc.calculate([Claim("1", "national"), Claim("1", "provincial")], as_of=DAY).total_yuan is None


def test_rules_of_one_measure_are_alternatives_in_a_drafted_base() -> None:
    result = _rules("alternatives").calculate([Claim("1", "national"), Claim("1", "r2")], as_of=DAY)
    assert result.total_yuan is None and len(result.alternatives) == 1
    # a claim without a tier or rule: every rule of the measure, never their sum
    assert _rules("alternatives").calculate(Claim("1", "r2"), as_of=DAY).total_yuan == 200_000


def test_a_rule_that_stacks_adds_to_the_chosen_one() -> None:
    calc = _rules("alternatives", stacks=True)
    assert calc.calculate([Claim("1", "national"), Claim("1", "r3")], as_of=DAY).total_yuan == 800_000
    assert calc.calculate([Claim("1", "national"), Claim("1", "r2"), Claim("1", "r3")], as_of=DAY).total_yuan is None


def test_hand_written_files_keep_adding_rules_up() -> None:
    # the documented default of a curated file: each rule is a benefit of its own
    result = _rules(None).calculate([Claim("1", "national"), Claim("1", "r2")], as_of=DAY)
    assert result.total_yuan == 500_000 and not result.alternatives


def test_per_unit_periods_given_are_capped_at_the_maximum() -> None:
    quote = "给予每人每月3000元实习补贴，补贴期限不超过6个月"
    data = {"doc_id": "t", "rules": [{"id": "r", "measure": "1", "title": "实习补贴", "beneficiary": "企业",
                                      "benefit": {"type": "per_unit", "amount": "3000元", "unit": "人", "period": "月",
                                                  "max_periods": 6}, "quote": quote}]}  # fmt: skip
    calc = Calculator(parse_rulebase(data, source_text=quote, measure_ids=["1"], provision_texts={"1": quote}))
    assert calc.calculate(Claim("1", base=3, periods=4), as_of=DAY).total_yuan == 36_000
    capped = calc.calculate(Claim("1", base=2, periods=Decimal(8)), as_of=DAY)
    assert capped.total_yuan == 36_000 and any("超出部分不计" in n for n in capped.notes)


def test_threshold_rate_on_another_base_is_computed_when_given() -> None:
    quote = "固定资产投资1000万元及以上至5000万元、5000万元以上的，参照其年度地方财政贡献的70%和80%给予企业奖励"
    benefit = {"type": "threshold", "base": "固定资产投资", "rate_base": "年度地方财政贡献", "brackets": [
        {"id": "b1", "name": "1000万元及以上至5000万元", "min": "1000万元", "max": "5000万元", "rate": "70%"},
        {"id": "b2", "name": "5000万元以上", "min": "5000万元", "min_inclusive": False, "rate": "80%"}]}  # fmt: skip
    data = {"doc_id": "t", "rules": [{"id": "r", "measure": "1", "title": "奖励", "beneficiary": "企业",
                                      "benefit": benefit, "quote": quote}]}  # fmt: skip
    calc = Calculator(parse_rulebase(data, source_text=quote, measure_ids=["1"], provision_texts={"1": quote}))
    assert calc.calculate(Claim("1", base="8000万元", rate_base="200万元"), as_of=DAY).total_yuan == 1_600_000
    assert calc.calculate(Claim("1", base="5000万元", rate_base="100万元"), as_of=DAY).total_yuan == 700_000
    assert calc.calculate(Claim("1", base="5000万元"), as_of=DAY).total_yuan is None  # rate base not given
