"""The calculator against the real Baotou document and rule base: every rule, every tier."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

from assistant.calc import Calculation, Calculator, Claim
from assistant.corpus import load_document
from assistant.corpus.models import ParsedDocument
from assistant.errors import CalculationInputError, NotFoundError
from assistant.rules import RuleBase, load_rulebase_for

ROOT = Path(__file__).resolve().parents[2]
IN_FORCE = date(2024, 6, 1)


@lru_cache(maxsize=1)
def _baotou() -> tuple[ParsedDocument, RuleBase]:
    doc = load_document(ROOT / "corpus" / "baotou-zjtx-2023.txt")
    return doc, load_rulebase_for(doc, ROOT / "corpus" / "rules")


@pytest.fixture(scope="module")
def calc() -> Calculator:
    doc, rules = _baotou()
    return Calculator(rules, doc.document)


def _one(calc: Calculator, measure: str, *, tier: str | None = None, base: str | None = None) -> Calculation:
    return calc.calculate_measure(measure, tier=tier, base=base, as_of=IN_FORCE)


# -- fixed amounts, every tier ------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "tier", "label", "yuan"),
    [
        ("2", "自治区创新型中小企业", "自治区创新型中小企业", 200_000),
        ("2", "自治区“专精特新”中小企业", "自治区“专精特新”中小企业", 500_000),
        ("2", "国家专精特新“小巨人”企业", "国家专精特新“小巨人”企业", 1_000_000),
        ("3", "市外高新技术企业整体迁入", "市外高新技术企业整体迁入", 300_000),
        ("4", "国家级产业技术创新战略联盟", "国家级产业技术创新战略联盟", 2_000_000),
        ("4", "自治区级产业技术创新战略联盟", "自治区级产业技术创新战略联盟", 500_000),
        ("5", "包头市创新引领型民营企业", "包头市创新引领型民营企业", 300_000),
        ("5", "智能制造科技示范企业", "智能制造科技示范企业", 300_000),
        ("5", "产学研示范企业", "产学研示范企业", 300_000),
    ],
)
def test_every_fixed_tier(calc: Calculator, measure: str, tier: str, label: str, yuan: int) -> None:
    result = _one(calc, measure, tier=tier)
    assert result.total_yuan == yuan
    assert result.range_yuan is None
    assert [(i.measure, i.label, i.amount_yuan) for i in result.items] == [(measure, label, yuan)]


@pytest.mark.parametrize(
    ("measure", "alias", "yuan"),
    [
        ("2", "小巨人", 1_000_000),
        ("2", "国家级小巨人", 1_000_000),
        ("2", "专精特新小巨人", 1_000_000),
        ("2", "national-little-giant", 1_000_000),
        ("2", "国家级专精特新“小巨人”企业", 1_000_000),
        ("2", "省级专精特新", 500_000),
        ("2", "专精特新中小企业", 500_000),
        ("2", "创新型中小企业", 200_000),
        ("3", "高企", 300_000),
        ("3", "外地高企", 300_000),
        ("3", "市外高新技术企业", 300_000),
        ("4", "国家级联盟", 2_000_000),
        ("4", "省级联盟", 500_000),
        ("5", "创新引领型", 300_000),
        ("5", "智能制造示范企业", 300_000),
        ("5", "产学研示范", 300_000),
    ],
)
def test_tiers_by_alias(calc: Calculator, measure: str, alias: str, yuan: int) -> None:
    assert _one(calc, measure, tier=alias).total_yuan == yuan


def test_single_tier_needs_no_name(calc: Calculator) -> None:
    result = _one(calc, "3")
    assert result.total_yuan == 300_000
    assert result.items[0].formula == "一次性后补助资金支持 30万元"
    assert result.trace == ("市外高新技术企业整体迁入：一次性后补助资金支持 30万元〔第3条〕",)


def test_fixed_item_matches_the_contract_example(calc: Calculator) -> None:
    item = _one(calc, "2", tier="小巨人").to_dict()["items"][0]
    assert item == {
        "measure": "2",
        "label": "国家专精特新“小巨人”企业",
        "amount_yuan": 1_000_000,
        "formula": "一次性奖励 100万元",
    }


# -- percentages with caps --------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "base", "yuan"),
    [
        ("6", "1200000", 600_000),
        ("6", "6000000", 2_000_000),
        ("6", "4000000", 2_000_000),
        ("6", "4000002", 2_000_000),
        ("6", "3", 2),  # 1.5 → 2, half up
        ("5", "20000000", 6_000_000),
        ("5", "50000000", 10_000_000),
        ("5", "33333333", 10_000_000),  # 9999999.9 → 10000000 (rounded, not capped)
        ("5", "1234567", 370_370),
        ("12", "50000000", 1_000_000),
        ("12", "1000000000", 20_000_000),  # no cap on measure 12
        ("12", "25", 1),  # 0.5 → 1
    ],
)
def test_every_percent_rule(calc: Calculator, measure: str, base: str, yuan: int) -> None:
    result = _one(calc, measure, base=base)
    assert result.total_yuan == yuan
    assert isinstance(result.total_yuan, int)
    assert result.items[0].amount_yuan == yuan


def test_percent_trace_states_each_step(calc: Calculator) -> None:
    assert _one(calc, "6", base="120万元").trace == (
        "120万元 × 50% = 60万元，未超过上限200万元 → 60万元〔第6条〕",
    )
    assert _one(calc, "6", base="600万元").trace == (
        "600万元 × 50% = 300万元，超过上限200万元 → 200万元〔第6条〕",
    )
    assert _one(calc, "5", base="5000万").trace == (
        "5000万元 × 30% = 1500万元，超过单个项目上限1000万元 → 1000万元〔第5条〕",
    )
    assert _one(calc, "5", base="1234567").trace == (
        "123.4567万元 × 30% = 37.03701万元，未超过单个项目上限1000万元 → 37.037万元（四舍五入到元）〔第5条〕",
    )
    assert _one(calc, "12", base="5000万").trace == ("5000万元 × 2% = 100万元 → 100万元〔第12条〕",)


def test_percent_formula(calc: Calculator) -> None:
    assert _one(calc, "6", base="120万").items[0].formula == "专利及技术交易费 120万元 × 50%，上限200万元"


def test_open_competition_states_case_by_case_projects(calc: Calculator) -> None:
    notes = _one(calc, "5", base="2000万").notes
    assert any("一事一议" in n for n in notes)


def test_percent_by_rule_name(calc: Calculator) -> None:
    assert _one(calc, "5", tier="揭榜挂帅", base="2000万").total_yuan == 6_000_000


# -- measure 12's own deadline --------------------------------------------------------


def test_measure_12_incentive_ended(calc: Calculator) -> None:
    result = calc.calculate_measure("12", base="50000000", as_of=date(2024, 1, 1))
    assert result.total_yuan == 1_000_000
    ended = [n for n in result.notes if "2023-06-30" in n]
    assert ended and "已结束" in ended[0] and "〔第12条〕" in ended[0]
    assert any("地方法人金融机构" in n for n in result.notes)


def test_measure_12_before_its_deadline(calc: Calculator) -> None:
    result = calc.calculate_measure("12", base="50000000", as_of=date(2023, 6, 30))
    deadline = [n for n in result.notes if "2023-06-30" in n]
    assert deadline and "已结束" not in deadline[0]


# -- ranges, other policies, non-monetary ---------------------------------------------


@pytest.mark.parametrize(("measure", "low", "high"), [("14", 1_000_000, 20_000_000), ("15", 50_000, 200_000)])
def test_ranges(calc: Calculator, measure: str, low: int, high: int) -> None:
    result = _one(calc, measure)
    assert result.total_yuan is None
    assert result.range_yuan == (low, high)
    assert result.items[0].amount_yuan is None
    assert result.to_dict()["range_yuan"] == [low, high]


def test_range_formula_says_how_it_is_decided(calc: Calculator) -> None:
    assert _one(calc, "14").items[0].formula == "经评审认定，资金支持 100万元—2000万元"
    assert _one(calc, "15").items[0].formula == "资金支持 5万元—20万元"


@pytest.mark.parametrize(
    ("measure", "tier", "label"),
    [
        ("4", "首台套", "首台套产品生产企业奖励"),
        ("6", "发明专利资助", "发明专利及集成电路布图设计资助"),
        ("8", None, "绿色制造示范单位奖励"),
        ("12", "上市", "企业上市支持"),
    ],
)
def test_per_other_policy_has_no_amount(calc: Calculator, measure: str, tier: str | None, label: str) -> None:
    result = _one(calc, measure, tier=tier)
    assert result.total_yuan is None and result.range_yuan is None
    assert [(i.label, i.amount_yuan) for i in result.items] == [(label, None)]
    assert any("未规定金额" in n for n in result.notes)


def test_measure_17_non_monetary_terms(calc: Calculator) -> None:
    result = _one(calc, "17")
    assert result.total_yuan is None and result.range_yuan is None
    formulas = [i.formula for i in result.items]
    assert "容积率：可提升至2.0以上" in formulas
    assert "土地价款：提高土地利用率和增加容积率的，不再增收" in formulas
    assert len(result.items) == 4
    assert _one(calc, "17", tier="容积率").items[0].formula == "容积率：可提升至2.0以上"


def test_measure_18_demand_charge_until_end_of_2025(calc: Calculator) -> None:
    result = calc.calculate_measure("18", as_of=date(2025, 6, 1))
    assert result.items[0].formula == "需量（容量）电费：继续免收"
    assert any("2025-12-31" in n and "已结束" not in n for n in result.notes)
    later = calc.calculate_measure("18", as_of=date(2026, 1, 1))
    assert any("2025-12-31" in n and "已结束" in n for n in later.notes)


def test_measure_without_benefit_is_an_answer(calc: Calculator) -> None:
    result = _one(calc, "1")
    assert result.items == () and result.total_yuan is None
    assert result.notes == ("第1条没有规定资金奖励或可量化的支持，无可计算的金额",)


# -- several benefits at once, 四、(一) --------------------------------------------------


def test_little_giant_and_relocation_add_up(calc: Calculator) -> None:
    result = calc.calculate([Claim("2", tier="小巨人"), Claim("3")], as_of=IN_FORCE)
    assert result.total_yuan == 1_300_000
    assert [(i.measure, i.amount_yuan) for i in result.items] == [("2", 1_000_000), ("3", 300_000)]
    assert result.trace[-1] == "合计：100万元 + 30万元 = 130万元"
    assert result.excluded == ()


def test_same_kind_benefits_are_not_paid_twice(calc: Calculator) -> None:
    result = calc.calculate([Claim("2", tier="专精特新中小企业"), Claim("2", tier="小巨人")], as_of=IN_FORCE)
    assert result.total_yuan == 1_000_000
    assert [i.label for i in result.items] == ["国家专精特新“小巨人”企业"]
    assert [i.amount_yuan for i in result.excluded] == [500_000]
    note = next(n for n in result.notes if "四、(一)" in n)
    assert "对涉及同质同类政策的不做重复奖励" in note and "只计最高一项" in note
    assert any(line.startswith("同质同类不重复奖励〔四、(一)〕") for line in result.trace)


def test_alliance_levels_are_one_kind(calc: Calculator) -> None:
    result = calc.calculate([Claim("4", tier="自治区级联盟"), Claim("4", tier="国家级联盟")], as_of=IN_FORCE)
    assert result.total_yuan == 2_000_000


def test_demonstration_titles_are_granted_each(calc: Calculator) -> None:
    claims = [
        Claim("5", tier="创新引领型"),
        Claim("5", tier="智能制造示范企业"),
        Claim("5", tier="产学研示范"),
    ]
    result = calc.calculate(claims, as_of=IN_FORCE)
    assert result.total_yuan == 900_000
    assert not any("四、(一)" in n for n in result.notes)


def test_one_time_benefit_claimed_twice_counts_once(calc: Calculator) -> None:
    result = calc.calculate([Claim("3"), Claim("3", tier="高企")], as_of=IN_FORCE)
    assert result.total_yuan == 300_000
    assert len(result.items) == 1 and len(result.excluded) == 1
    assert any("重复申报只计一次" in n for n in result.notes)


def test_per_project_percentages_add_up(calc: Calculator) -> None:
    result = calc.calculate([Claim("5", base="2000万"), Claim("5", base="5000万")], as_of=IN_FORCE)
    assert result.total_yuan == 16_000_000
    assert result.trace[-1] == "合计：600万元 + 1000万元 = 1600万元"


def test_fixed_plus_range_gives_a_range(calc: Calculator) -> None:
    result = calc.calculate([Claim("2", tier="小巨人"), Claim("14")], as_of=IN_FORCE)
    assert result.total_yuan is None
    assert result.range_yuan == (2_000_000, 21_000_000)
    assert result.trace[-1].startswith("合计：100万元 + 100万元—2000万元 = 200万元—2100万元")


def test_amount_plus_other_policy_keeps_the_amount(calc: Calculator) -> None:
    result = calc.calculate([Claim("2", tier="小巨人"), Claim("8")], as_of=IN_FORCE)
    assert result.total_yuan == 1_000_000
    assert [i.amount_yuan for i in result.items] == [1_000_000, None]


# -- validity -----------------------------------------------------------------------


def test_validity_in_force(calc: Calculator) -> None:
    validity = _one(calc, "3").validity
    assert validity.status == "valid"
    assert validity.document_status == "draft"
    assert validity.messages == ("本文件为征求意见稿，请以正式印发文件为准", "措施有效期至2025年12月31日")


def test_validity_expired(calc: Calculator) -> None:
    validity = calc.calculate_measure("3", as_of=date(2026, 11, 26)).validity
    assert validity.status == "expired"
    assert "措施有效期至2025年12月31日，截至2026-11-26已过期" in validity.messages
    assert calc.calculate_measure("3", as_of=date(2025, 12, 31)).validity.status == "valid"


def test_validity_defaults_to_today(calc: Calculator) -> None:
    assert calc.calculate_measure("3").validity.as_of == date.today()


def test_validity_unknown_without_document() -> None:
    _, rules = _baotou()
    result = Calculator(rules).calculate_measure("3", as_of=IN_FORCE)
    assert result.validity.status == "unknown" and result.total_yuan == 300_000


def test_to_dict_is_the_contract_plus_trace(calc: Calculator) -> None:
    data = _one(calc, "6", base="120万").to_dict()
    assert set(data) == {"total_yuan", "range_yuan", "items", "notes", "trace", "validity"}
    assert data["total_yuan"] == 600_000 and data["range_yuan"] is None
    assert set(data["items"][0]) == {"measure", "label", "amount_yuan", "formula"}
    assert data["validity"] == {
        "as_of": "2024-06-01",
        "status": "valid",
        "valid_until": "2025-12-31",
        "document_status": "draft",
        "messages": ["本文件为征求意见稿，请以正式印发文件为准", "措施有效期至2025年12月31日"],
    }


# -- measure spellings ----------------------------------------------------------------


@pytest.mark.parametrize("measure", ["6", "第6条", "第六条", " 6 ", "\uff16"])  # the last is a full-width 6
def test_measure_spellings(calc: Calculator, measure: str) -> None:
    assert _one(calc, measure, base="120万").total_yuan == 600_000


# -- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"measure": "99"}, NotFoundError, "没有“99”"),
        ({"measure": "五(九)"}, NotFoundError, "没有"),
        ({"measure": "2", "tier": "大巨人"}, NotFoundError, "可选：自治区创新型中小企业"),
        ({"measure": "2"}, CalculationInputError, "请指定档次"),
        ({"measure": "4"}, CalculationInputError, "首台套"),
        ({"measure": "5"}, CalculationInputError, "请提供计算基数"),
        ({"measure": "6"}, CalculationInputError, "专利及技术交易费"),
        ({"measure": "5", "tier": "揭榜挂帅"}, CalculationInputError, "请提供计算基数"),
        ({"measure": "2", "base": "100万"}, CalculationInputError, "无需提供金额"),
        ({"measure": "2", "tier": "小巨人", "base": "100万"}, CalculationInputError, "不按基数计算"),
        ({"measure": "2", "tier": "梯度培育奖励"}, CalculationInputError, "请指定档次"),
        ({"measure": "6", "base": "-1200000"}, CalculationInputError, "大于0"),
        ({"measure": "6", "base": "0"}, CalculationInputError, "大于0"),
        ({"measure": "6", "base": "100000000000000000000"}, CalculationInputError, "金额过大"),
        ({"measure": "6", "base": "很多钱"}, CalculationInputError, "无法识别的金额"),
        ({"measure": "6", "base": 10**20}, CalculationInputError, "金额过大"),
    ],
)
def test_bad_input(calc: Calculator, kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        calc.calculate_measure(as_of=IN_FORCE, **kwargs)  # type: ignore[arg-type]


def test_no_claims(calc: Calculator) -> None:
    with pytest.raises(CalculationInputError, match="至少"):
        calc.calculate([], as_of=IN_FORCE)
