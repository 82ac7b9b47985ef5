"""Finding tiers by what users type, and checking conditions against a profile."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from assistant.corpus import load_document
from assistant.errors import NotFoundError
from assistant.rules import (
    Condition,
    RuleBase,
    Selection,
    alias_key,
    canonical_measure,
    check_condition,
    load_rulebase_for,
    overall,
)

ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def _rules() -> RuleBase:
    doc = load_document(ROOT / "corpus" / "baotou-zjtx-2023.txt")
    return load_rulebase_for(doc, ROOT / "corpus" / "rules")


def _all_selections() -> list[Selection]:
    return list(_rules().selections())


@pytest.mark.parametrize(
    ("measure", "name", "tier_id"),
    [
        ("2", "小巨人", "national-little-giant"),
        ("2", "国家级小巨人", "national-little-giant"),
        ("2", "专精特新小巨人", "national-little-giant"),
        ("2", "国家专精特新“小巨人”企业", "national-little-giant"),
        ("2", '国家专精特新"小巨人"企业', "national-little-giant"),
        ("2", "我们是国家级专精特新小巨人", "national-little-giant"),
        ("2", "省级专精特新", "regional-zjtx-sme"),
        ("2", "自治区级创新型中小企业", "regional-innovative-sme"),
        ("3", "高企", "relocated-high-tech"),
        ("3", "高新技术企业", "relocated-high-tech"),
        ("3", "外地高企", "relocated-high-tech"),
        ("3", "市外高新技术企业", "relocated-high-tech"),
        ("4", "国家级联盟", "national-alliance"),
        ("4", "省级联盟", "regional-alliance"),
        ("第四条", "自治区级联盟", "regional-alliance"),
    ],
)
def test_find_tier_by_alias(measure: str, name: str, tier_id: str) -> None:
    selection = _rules().find(measure, name)
    assert selection.tier is not None and selection.tier.id == tier_id


def test_find_rule_by_alias() -> None:
    selection = _rules().find("5", "揭榜挂帅")
    assert selection.tier is None and selection.rule.id == "m5-open-competition"


@pytest.mark.parametrize(
    "selection", _all_selections(), ids=lambda s: f"{s.rule.id}/{s.tier.id if s.tier else ''}"
)
def test_every_name_finds_its_own_selection(selection: Selection) -> None:
    for name in selection.names:
        assert _rules().find(selection.rule.measure, name) == selection, name


@pytest.mark.parametrize(("measure", "name"), [("2", "大巨人"), ("2", ""), ("3", "小巨人"), ("1", "小巨人")])
def test_find_unknown(measure: str, name: str) -> None:
    with pytest.raises(NotFoundError):
        _rules().find(measure, name)


def test_match_free_text() -> None:
    found = _rules().match("我们是国家级小巨人，准备从外地整体迁入包头，还有一个揭榜挂帅项目")
    assert [(s.rule.measure, s.label) for s in found] == [
        ("2", "国家专精特新“小巨人”企业"),
        ("3", "市外高新技术企业整体迁入"),
        ("5", "“揭榜挂帅”项目资助"),
    ]


def test_match_prefers_the_longest_name() -> None:
    found = _rules().match("自治区级产业技术创新战略联盟")
    assert [s.label for s in found] == ["自治区级产业技术创新战略联盟"]


def test_match_nothing() -> None:
    assert _rules().match("今天天气很好") == ()


def test_vocabulary() -> None:
    vocab = _rules().vocabulary()
    for word in (
        "小巨人",
        "国家级小巨人",
        "专精特新小巨人",
        "高企",
        "高新技术企业",
        "外地高企",
        "市外高企",
        "容积率",
        "需量电费",
    ):
        assert word in vocab, word
    assert [s.tier.id for s in vocab["小巨人"] if s.tier] == ["national-little-giant"]


def test_facts() -> None:
    facts = _rules().facts()
    assert {
        "high_tech_certificate_valid",
        "located_outside_city",
        "newly_recognised",
        "facility_type",
    } <= set(facts)
    assert facts["high_tech_certificate_valid"][0].statement


def test_rule_lookup() -> None:
    assert _rules().rule("m6-patent-introduction").measure == "6"
    with pytest.raises(NotFoundError):
        _rules().rule("nope")
    assert _rules().has_measure("第1条") and not _rules().has_measure("99")
    assert _rules().rules_for("1") == ()


# -- conditions ----------------------------------------------------------------------


def test_relocation_conditions_against_a_profile() -> None:
    selection = _rules().find("3", "外地高企")
    profile = {
        "high_tech_enterprise": True,
        "located_outside_city": True,
        "high_tech_certificate_valid": False,
    }
    checks = {c.condition.fact: c.status for c in selection.check(profile)}
    assert checks == {
        "high_tech_enterprise": "met",
        "located_outside_city": "met",
        "high_tech_certificate_valid": "unmet",
        "relocated_whole_to_city": "unknown",
    }
    assert overall(selection.check(profile)) == "unmet"
    assert overall(selection.check({**profile, "high_tech_certificate_valid": True})) == "unknown"
    full = {**profile, "high_tech_certificate_valid": True, "relocated_whole_to_city": True}
    assert overall(selection.check(full)) == "met"


def test_tier_conditions_follow_rule_conditions() -> None:
    selection = _rules().find("2", "小巨人")
    assert [c.fact for c in selection.conditions()] == [
        "newly_recognised",
        "recognised_national_little_giant",
    ]


@pytest.mark.parametrize(
    ("condition", "profile", "status"),
    [
        (Condition(fact="x", expected=True, statement="s"), {"x": True}, "met"),
        (Condition(fact="x", expected=True, statement="s"), {"x": 1}, "unmet"),
        (Condition(fact="x", expected=True, statement="s"), {"x": None}, "unknown"),
        (Condition(fact="x", expected=True, statement="s"), {}, "unknown"),
        (Condition(fact="x", expected=False, statement="s"), {"x": False}, "met"),
        (Condition(fact="x", op="ne", expected=True, statement="s"), {"x": False}, "met"),
        (Condition(fact="x", expected="national", statement="s"), {"x": "National"}, "met"),
        (
            Condition(fact="x", expected="国家专精特新“小巨人”企业", statement="s"),
            {"x": "国家专精特新小巨人企业"},
            "met",
        ),
        (
            Condition(
                fact="x", op="in", expected=("污水处理企业", "电动汽车集中式充换电设施"), statement="s"
            ),
            {"x": "污水处理企业"},
            "met",
        ),
        (Condition(fact="x", op="in", expected=("污水处理企业",), statement="s"), {"x": "钢铁企业"}, "unmet"),
        (Condition(fact="x", op="gte", expected=5, statement="s"), {"x": 5}, "met"),
        (Condition(fact="x", op="gte", expected=5, statement="s"), {"x": 4.5}, "unmet"),
        (Condition(fact="x", op="lte", expected=5, statement="s"), {"x": 3}, "met"),
        (Condition(fact="x", op="lte", expected=5, statement="s"), {"x": "three"}, "unknown"),
        (Condition(fact="x", expected=3, statement="s"), {"x": 3}, "met"),
    ],
)
def test_check_condition(condition: Condition, profile: dict[str, object], status: str) -> None:
    assert check_condition(condition, profile) == status


def test_condition_validation() -> None:
    with pytest.raises(ValueError, match="列表"):
        Condition(fact="x", op="in", expected="a", statement="s")
    with pytest.raises(ValueError, match="整数"):
        Condition(fact="x", op="gte", expected="a", statement="s")


# -- names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("6", "6"),
        ("第6条", "6"),
        ("第六条", "6"),
        ("第十二条", "12"),
        ("四、（一）", "四(一)"),
        ("四(一)", "四(一)"),
        ("第5条（二）", "5(二)"),
        ("\uff16", "6"),  # full-width 6
        ("3.", "3"),
    ],
)
def test_canonical_measure(text: str, measure: str) -> None:
    assert canonical_measure(text) == measure


def test_alias_key() -> None:
    assert (
        alias_key("国家专精特新“小巨人”企业")
        == alias_key("国家专精特新小巨人企业")
        == alias_key('国家专精特新 "小巨人" 企业')
    )
    assert alias_key("IPO") == "ipo"
