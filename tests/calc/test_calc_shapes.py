"""The calculator on the shapes read from any text: up to, per unit and period, thresholds
(whole and piecewise), a rate range and an upper-bound rate."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from assistant.calc import Calculator, parse_quantity
from assistant.errors import CalculationInputError, RuleError
from assistant.rules import parse_rulebase

DAY = date(2024, 1, 1)


def _calc(quote: str, benefit: dict[str, Any]) -> Calculator:
    data = {"doc_id": "t", "rules": [{"id": "r", "measure": "1", "title": "测试", "beneficiary": "企业",
                                      "benefit": benefit, "quote": quote}]}  # fmt: skip
    rules = parse_rulebase(data, source_text=quote, measure_ids=["1"], provision_texts={"1": quote}, drafted=True)
    return Calculator(rules)


def test_parse_quantity_keeps_the_number_not_the_unit() -> None:
    assert parse_quantity("1000万元") == 10_000_000
    assert parse_quantity("500亩") == 500
    assert parse_quantity("1000万美元") == 10_000_000
    with pytest.raises(CalculationInputError):
        parse_quantity("很多")


def test_per_unit_per_month_with_periods_and_units() -> None:
    quote = "给予每人每月3000元实习补贴，补贴期限不超过6个月，单个企业最多申报5人"
    calc = _calc(quote, {"type": "per_unit", "amount": "3000元", "unit": "人", "period": "月", "max_periods": 6,
                         "max_units": 5})
    assert calc.calculate_measure("1", base="2人", as_of=DAY).total_yuan == 36_000
    capped = calc.calculate_measure("1", base="8", as_of=DAY)
    assert capped.total_yuan == 90_000 and capped.drafted
    assert any("最多计5人" in n for n in capped.notes)


def test_per_unit_with_a_total_cap() -> None:
    calc = _calc("按200元/人的标准给予补贴，补贴总额最高不超过50000元",
                 {"type": "per_unit", "amount": "200元", "unit": "人", "cap": "50000元"})
    assert calc.calculate_measure("1", base="100人", as_of=DAY).total_yuan == 20_000
    assert calc.calculate_measure("1", base="300人", as_of=DAY).total_yuan == 50_000


def _acres() -> Calculator:
    quote = "面积在100亩及以上至500亩的，给予企业100元/亩奖励；对新建面积在500亩以上的，给予企业200元/亩奖励"
    return _calc(quote, {"type": "threshold", "base": "面积", "unit": "亩", "brackets": [
        {"id": "b1", "name": "100亩及以上至500亩", "min": "100", "max": "500", "per_unit": "100元"},
        {"id": "b2", "name": "500亩以上", "min": "500", "min_inclusive": False, "per_unit": "200元"}]})


@pytest.mark.parametrize(("acres", "yuan"), [("100亩", 10_000), ("500亩", 50_000), ("501亩", 100_200)])
def test_threshold_per_unit_by_bracket(acres: str, yuan: int) -> None:
    assert _acres().calculate_measure("1", base=acres, as_of=DAY).total_yuan == yuan


def test_threshold_below_every_bracket_is_an_error() -> None:
    with pytest.raises(CalculationInputError, match="不在任何档次内"):
        _acres().calculate_measure("1", base="50亩", as_of=DAY)


def test_threshold_fixed_amounts_in_another_currency() -> None:
    quote = "年出口额达到1000万美元及以上至5000万美元、5000万美元以上的，分别给予10万元和20万元奖励"
    calc = _calc(quote, {"type": "threshold", "base": "年出口额", "unit": "美元", "brackets": [
        {"id": "b1", "name": "1000万美元及以上至5000万美元", "min": "1000万", "max": "5000万", "max_inclusive": False,
         "amount": "10万元"},
        {"id": "b2", "name": "5000万美元以上", "min": "5000万", "amount": "20万元"}]})
    result = calc.calculate_measure("1", base="6000万", as_of=DAY)
    assert result.total_yuan == 200_000
    assert "6000万美元" in result.trace[0]


def test_threshold_rate_of_another_base_is_not_priced() -> None:
    quote = "投资1000万元及以上至5000万元、5000万元以上的，分别参照其年度地方财政贡献的70%和80%给予奖励"
    calc = _calc(quote, {"type": "threshold", "base": "投资", "rate_base": "年度地方财政贡献", "brackets": [
        {"id": "b1", "name": "1000万元及以上至5000万元", "min": "1000万元", "max": "5000万元", "rate": "70%"},
        {"id": "b2", "name": "5000万元以上", "min": "5000万元", "min_inclusive": False, "rate": "80%"}]})
    result = calc.calculate_measure("1", base="2000万元", as_of=DAY)
    assert result.total_yuan is None and any("年度地方财政贡献的70%" in n for n in result.notes)


def test_piecewise_rates() -> None:
    quote = "500万元以下部分按10%，超过500万元的部分按5%，最高不超过100万元"
    calc = _calc(quote, {"type": "threshold", "base": "投资额", "mode": "marginal", "cap": "100万元", "brackets": [
        {"id": "b1", "name": "500万元以下部分", "max": "500万元", "rate": "10%"},
        {"id": "b2", "name": "超过500万元的部分", "min": "500万元", "rate": "5%"}]})
    assert calc.calculate_measure("1", base="800万元", as_of=DAY).total_yuan == 650_000
    assert calc.calculate_measure("1", base="5000万元", as_of=DAY).total_yuan == 1_000_000


def test_rate_range_gives_a_range() -> None:
    calc = _calc("按固定资产投资的5%—20%给予企业奖励",
                 {"type": "percent", "rate_min": "5%", "rate": "20%", "base": "固定资产投资"})
    result = calc.calculate_measure("1", base="1000万元", as_of=DAY)
    assert result.total_yuan is None and result.range_yuan == (500_000, 2_000_000)


def test_upper_bound_rate_says_maximum() -> None:
    calc = _calc("给予不超过合同额50%的补贴，最高额度不超过20万元",
                 {"type": "percent", "rate": "50%", "upper_bound": True, "base": "合同额", "cap": "20万元"})
    result = calc.calculate_measure("1", base="10万元", as_of=DAY)
    assert result.total_yuan == 50_000 and "最高50%" in result.items[0].formula


def test_up_to() -> None:
    result = _calc("最高给予100万元奖励", {"type": "up_to", "max": "100万元"}).calculate_measure("1", as_of=DAY)
    # 最高 is a ceiling, not the amount: no single total, the range up to the maximum
    assert result.total_yuan is None and result.range_yuan == (0, 1_000_000)
    assert "最高100万元" in result.items[0].formula


def test_figures_of_new_shapes_are_verified() -> None:
    with pytest.raises(RuleError, match="单价"):
        _calc("给予每人每月3000元", {"type": "per_unit", "amount": "300元", "unit": "人"})
    with pytest.raises(RuleError, match="比例 5%"):
        _calc("按投资的10%—20%", {"type": "percent", "rate_min": "5%", "rate": "20%", "base": "投资"})


def test_a_percentage_of_a_per_period_base_counts_its_periods() -> None:
    """租金补贴 50%, 每年不超过5万元, 最长3年: the cap is per year, the years are at most 3; one year
    when the claim names none (the note states the longest term)."""
    from assistant.calc import Claim

    quote = "场地租金总额的50%予以租金补贴，每个企业租金补贴每年不超过5万元、补贴期限最长不超过3年"
    calc = _calc(quote, {"type": "percent", "rate": "50%", "base": "场地租金总额", "cap": "5万元",
                         "cap_scope": "每年", "period": "年", "max_periods": 3})
    three = calc.calculate(Claim("1", base="24万元", periods=3), as_of=DAY)
    assert three.total_yuan == 150_000 and "× 3年" in three.trace[0]
    assert calc.calculate(Claim("1", base="6万元", periods=5), as_of=DAY).total_yuan == 90_000  # 3 years at most
    one = calc.calculate(Claim("1", base="20万元"), as_of=DAY)
    assert one.total_yuan == 50_000 and any("最长3年" in n for n in one.notes)


def test_a_waiver_of_exact_periods_counts_them_all() -> None:
    from assistant.calc import Claim

    quote = "2020年2月份、3月份、4月份房租减半"
    calc = _calc(quote, {"type": "percent", "kind": "减免", "rate": "50%", "base": "房租", "period": "月", "periods": 3})
    assert calc.calculate(Claim("1", base="1万元"), as_of=DAY).total_yuan == 15_000
    assert calc.calculate(Claim("1", base="1万元", periods=2), as_of=DAY).total_yuan == 10_000


def test_periods_need_a_period() -> None:
    with pytest.raises(RuleError):
        _calc("按房租的50%减免", {"type": "percent", "rate": "50%", "base": "房租", "periods": 3})


def test_a_standard_set_by_another_document_is_stated_not_priced() -> None:
    quote = "给予补助，补助标准按照《某市关于保障生产的通知》（某政发〔2020〕1号）执行"
    calc = _calc(quote, {"type": "per_other_policy", "kind": "补助", "reference": "按照《某市关于保障生产的通知》（某政发〔2020〕1号）执行"})
    result = calc.calculate_measure("1", as_of=DAY)
    assert result.total_yuan is None
    assert result.items[0].formula == "给予补助，标准按照《某市关于保障生产的通知》（某政发〔2020〕1号）执行"
    vague = _calc("由市区政府给予一定资金补贴", {"type": "per_other_policy", "kind": "资金补贴", "reference": "给予一定"})
    assert vague.calculate_measure("1", as_of=DAY).items[0].formula == "给予一定资金补贴"
