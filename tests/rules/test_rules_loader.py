"""Loading the rule base and verifying it against the policy text."""

from __future__ import annotations

import re
from copy import deepcopy
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.corpus import load_document
from assistant.corpus.models import ParsedDocument
from assistant.errors import NotFoundError, RuleError
from assistant.rules import (
    FixedBenefit,
    NonMonetaryBenefit,
    OtherPolicyBenefit,
    PercentBenefit,
    RangeBenefit,
    RuleBase,
    load_rulebase,
    load_rulebase_for,
    parse_rulebase,
    validate_rule_text,
)
from assistant.text.normalize import contains_verbatim

ROOT = Path(__file__).resolve().parents[2]
TEXT = ROOT / "corpus" / "baotou-zjtx-2023.txt"
RULES_DIR = ROOT / "corpus" / "rules"
RULES = RULES_DIR / "baotou-zjtx-2023.yaml"


@lru_cache(maxsize=1)
def _doc() -> ParsedDocument:
    return load_document(TEXT)


@lru_cache(maxsize=1)
def _rules() -> RuleBase:
    return load_rulebase_for(_doc(), RULES_DIR)


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    return data


def _raw_measure_ids(text: str) -> list[str]:
    """Measure ids read straight from the file, without the parser."""
    ids = ["cover", "preamble", "closing"]
    part = ""
    for line in text.splitlines():
        if m := re.match(r"^([一二三四五六七八九十]+)、", line):
            part = m.group(1)
            ids.append(part)
        elif m := re.match(r"^[(（]([一二三四五六七八九十]+)[)）]", line):
            ids.append(f"{part}({m.group(1)})")
        elif m := re.match(r"^(\d+)\.", line):
            ids.append(m.group(1))
    return ids


def _parse(data: dict[str, Any]) -> RuleBase:
    doc = _doc()
    return parse_rulebase(
        data,
        source_text=doc.text,
        measure_ids=doc.measure_ids,
        provision_texts={p.measure: p.text for p in doc.provisions},
        doc_id=doc.doc_id,
        source=str(RULES),
    )


def _rule(data: dict[str, Any], rule_id: str) -> dict[str, Any]:
    rule: dict[str, Any] = next(r for r in data["rules"] if r["id"] == rule_id)
    return rule


# -- the Baotou rule base -------------------------------------------------------------


def test_baotou_rule_base_loads() -> None:
    rules = _rules()
    assert rules.doc_id == "baotou-zjtx-2023"
    assert {r.measure for r in rules.rules} == {"2", "3", "4", "5", "6", "8", "12", "14", "15", "17", "18"}
    assert rules.exclusivity is not None and rules.exclusivity.measure == "四(一)"
    assert len({r.id for r in rules.rules}) == len(rules.rules)


def test_benefit_types_of_each_measure() -> None:
    kinds = {(r.measure, type(r.benefit)) for r in _rules().rules}
    assert ("2", FixedBenefit) in kinds and ("3", FixedBenefit) in kinds and ("4", FixedBenefit) in kinds
    assert ("4", OtherPolicyBenefit) in kinds and ("8", OtherPolicyBenefit) in kinds
    assert (
        ("5", PercentBenefit) in kinds and ("6", PercentBenefit) in kinds and ("12", PercentBenefit) in kinds
    )
    assert ("14", RangeBenefit) in kinds and ("15", RangeBenefit) in kinds
    assert ("17", NonMonetaryBenefit) in kinds and ("18", NonMonetaryBenefit) in kinds


def test_amounts_parameters_and_deadlines() -> None:
    rules = _rules()
    tiers = {t.id: int(t.amount) for r in rules.rules for t in r.tiers}
    assert tiers == {
        "regional-innovative-sme": 200_000,
        "regional-zjtx-sme": 500_000,
        "national-little-giant": 1_000_000,
        "relocated-high-tech": 300_000,
        "national-alliance": 2_000_000,
        "regional-alliance": 500_000,
        "innovation-leading-private": 300_000,
        "smart-manufacturing-demo": 300_000,
        "industry-university-research-demo": 300_000,
    }
    percent = {r.measure: r.benefit for r in rules.rules if isinstance(r.benefit, PercentBenefit)}
    assert {m: (str(b.rate), b.cap) for m, b in percent.items()} == {
        "5": ("0.3", 10_000_000),
        "6": ("0.5", 2_000_000),
        "12": ("0.02", None),
    }
    ranges = {
        r.measure: (r.benefit.min, r.benefit.max) for r in rules.rules if isinstance(r.benefit, RangeBenefit)
    }
    assert ranges == {"14": (1_000_000, 20_000_000), "15": (50_000, 200_000)}
    deadlines = {r.id: r.deadline.isoformat() for r in rules.rules if r.deadline}
    assert deadlines == {
        "m12-inclusive-loan-incentive": "2023-06-30",
        "m18-demand-charge-exemption": "2025-12-31",
    }


def test_every_quote_is_in_its_own_measure() -> None:
    doc = _doc()
    for rule in _rules().rules:
        provision = doc.get(rule.measure)
        assert provision is not None
        assert contains_verbatim(provision.text, rule.quote), rule.id
        for cond in rule.all_conditions():
            assert cond.quote is None or contains_verbatim(provision.text, cond.quote), (rule.id, cond.fact)


def test_every_condition_is_checkable() -> None:
    for rule in _rules().rules:
        for cond in rule.conditions + tuple(c for t in rule.tiers for c in t.conditions):
            assert re.fullmatch(r"[a-z][a-z0-9_]*", cond.fact) and cond.statement


def test_loads_from_raw_text_without_the_parser() -> None:
    text = TEXT.read_text(encoding="utf-8")
    ids = _raw_measure_ids(text)
    assert {"2", "21", "四(一)", "三(七)"} <= set(ids)
    rules = load_rulebase(RULES, source_text=text, measure_ids=ids)
    assert len(rules.rules) == len(_rules().rules)


def test_raw_ids_match_the_parser() -> None:
    assert set(_raw_measure_ids(TEXT.read_text(encoding="utf-8"))) == set(_doc().measure_ids)


def test_validate_rule_text() -> None:
    assert validate_rule_text(_doc(), RULES.read_text(encoding="utf-8")).doc_id == "baotou-zjtx-2023"
    with pytest.raises(RuleError, match="无法解析"):
        validate_rule_text(_doc(), "rules: [\n")


# -- one changed character fails, naming the rule ----------------------------------------


def _mutate(quote: str) -> str:
    """Change one CJK character in the middle of ``quote``."""
    positions = [i for i, ch in enumerate(quote) if "\u4e00" <= ch <= "\u9fff"]
    i = positions[len(positions) // 2]
    return quote[:i] + ("乙" if quote[i] != "乙" else "甲") + quote[i + 1 :]


@pytest.mark.parametrize(
    "rule_id", [r["id"] for r in yaml.safe_load(RULES.read_text(encoding="utf-8"))["rules"]]
)
def test_one_changed_character_names_the_rule(rule_id: str, tmp_path: Path) -> None:
    data = _raw()
    rule = _rule(data, rule_id)
    rule["quote"] = _mutate(rule["quote"])
    copy = tmp_path / "baotou-zjtx-2023.yaml"
    copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rulebase_for(_doc(), tmp_path)
    assert f"规则 {rule_id}：引文未在" in info.value.message
    assert info.value.code == "bad_rules"
    assert sum(line.startswith("- ") for line in info.value.message.splitlines()) == 1


def test_changed_exclusivity_quote_names_it() -> None:
    data = _raw()
    data["exclusivity"]["quote"] = _mutate(data["exclusivity"]["quote"])
    with pytest.raises(RuleError, match="规则 exclusivity：引文未在原文中找到"):
        _parse(data)


def test_changed_condition_quote_names_rule_and_fact() -> None:
    data = _raw()
    cond = _rule(data, "m3-high-tech-relocation")["conditions"][2]
    cond["quote"] = "在有效期外"
    with pytest.raises(
        RuleError, match=r"规则 m3-high-tech-relocation：条件 high_tech_certificate_valid 的引文"
    ):
        _parse(data)


def test_quote_from_another_measure_fails() -> None:
    data = _raw()
    _rule(data, "m3-high-tech-relocation")["measure"] = "2"
    with pytest.raises(RuleError, match="规则 m3-high-tech-relocation：引文未在第2条中找到"):
        _parse(data)


# -- other failures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_id", "change", "message"),
    [
        (
            "m2-recognition-reward",
            lambda r: r["benefit"]["tiers"][2].update(amount="10万元"),
            "档次 national-little-giant 的金额",
        ),
        ("m6-patent-introduction", lambda r: r["benefit"].update(rate="40%"), "比例 40%"),
        ("m6-patent-introduction", lambda r: r["benefit"].update(cap="300万元"), "上限"),
        ("m14-key-technology-breakthrough", lambda r: r["benefit"].update(max="3000万元"), "上限"),
        ("m3-high-tech-relocation", lambda r: r.update(measure="99"), "措施编号“99”在文件中不存在"),
        ("m3-high-tech-relocation", lambda r: r.update(exclusivity_group="nope"), "排他组“nope”未在"),
        ("m3-high-tech-relocation", lambda r: r.pop("benefit"), "benefit"),
        ("m3-high-tech-relocation", lambda r: r["benefit"].update(type="lottery"), "benefit"),
        ("m3-high-tech-relocation", lambda r: r["benefit"]["tiers"][0].update(amount=300000.0), "不要用小数"),
        (
            "m3-high-tech-relocation",
            lambda r: r["benefit"]["tiers"][0].update(amount="很多"),
            "无法识别的金额",
        ),
        ("m3-high-tech-relocation", lambda r: r.update(colour="red"), "colour"),
        ("m3-high-tech-relocation", lambda r: r["conditions"][0].update(fact="High Tech"), "fact"),
        ("m14-key-technology-breakthrough", lambda r: r["benefit"].update(min="3000万元"), "min 大于 max"),
        ("m18-demand-charge-exemption", lambda r: r["conditions"][1].update(expected="污水处理企业"), "列表"),
        (
            "m5-demonstration-enterprise",
            lambda r: r["benefit"]["tiers"][1].update(id="innovation-leading-private"),
            "档次编号",
        ),
        (
            "m5-demonstration-enterprise",
            lambda r: r["benefit"]["tiers"][1]["aliases"].append("创新引领型"),
            "同时指向",
        ),
    ],
)
def test_invalid_rules_name_the_rule(rule_id: str, change: Any, message: str) -> None:
    data = _raw()
    change(_rule(data, rule_id))
    with pytest.raises(RuleError) as info:
        _parse(data)
    assert f"规则 {rule_id}：" in info.value.message
    assert message in info.value.message


def test_duplicate_rule_id() -> None:
    data = _raw()
    data["rules"].append(deepcopy(_rule(data, "m3-high-tech-relocation")))
    with pytest.raises(RuleError, match="规则 m3-high-tech-relocation：规则编号重复"):
        _parse(data)


def test_group_without_exclusivity_clause() -> None:
    data = _raw()
    del data["exclusivity"]
    with pytest.raises(RuleError, match="规则 m2-recognition-reward：排他组“enterprise-recognition”未声明"):
        _parse(data)


def test_wrong_doc_id() -> None:
    data = _raw()
    data["doc_id"] = "other"
    with pytest.raises(RuleError, match="不是“baotou-zjtx-2023”"):
        _parse(data)


@pytest.mark.parametrize("data", [None, [], "text", {"doc_id": "baotou-zjtx-2023", "rules": []}])
def test_not_a_rule_file(data: Any) -> None:
    with pytest.raises(RuleError, match="校验失败"):
        _parse(data)


def test_yaml_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "baotou-zjtx-2023.yaml"
    path.write_text("rules: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(RuleError, match="无法读取"):
        load_rulebase_for(_doc(), tmp_path)


def test_missing_rule_file(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="没有规则库"):
        load_rulebase_for(_doc(), tmp_path)
