"""The drafter's shape readers, one money phrase at a time, on small documents."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

from assistant.corpus import parse_document
from assistant.rules.draft import draft, draft_rulebase
from assistant.rules.draft.money import tokens
from assistant.rules.draft.names import enumeration
from assistant.rules.draft.sentences import clauses


def _rules(body: str) -> list[dict[str, Any]]:
    text = "某某市支持企业发展的若干措施\n" + body
    return draft(parse_document(text, "t")).rules


def _one(body: str) -> dict[str, Any]:
    rules = _rules(body)
    assert len(rules) == 1, rules
    return rules[0]["benefit"]


def test_clauses_are_verbatim_slices() -> None:
    text = "1.对甲企业给予10万元奖励；对乙企业给予5万元奖励。\n2.其他。"
    for c in clauses(text):
        assert text[c.start : c.end] == c.text
    assert [c.text for c in clauses(text)][:2] == ["对甲企业给予10万元奖励", "对乙企业给予5万元奖励"]


def test_roles_of_figures() -> None:
    roles = [(t.text, t.role) for t in tokens("年销售额在1亿元及以上的，按投资额的30%给予扶持，单个项目不超过1000万元")]
    assert roles == [("1亿元", "threshold"), ("30%", "paid"), ("1000万元", "cap")]
    assert [t.role for t in tokens("设立100亿元规模的产业基金")] == ["budget"]


def test_enumerations_share_their_head() -> None:
    assert enumeration("对初次认定为国家级和省级企业技术(研发)中心的，", 2) == [
        "国家级企业技术(研发)中心", "省级企业技术(研发)中心"]  # fmt: skip
    assert enumeration("对新评定为三星级、四星级、五星级的酒店，一次性", 3) == ["三星级酒店", "四星级酒店", "五星级酒店"]
    assert enumeration("对新评定为国家2—5星级的乡村旅游示范单位，一次性", 4) == ["2星级", "3星级", "4星级", "5星级"]


def test_fixed_tiers_mapped_to_names() -> None:
    b = _one("第一条 新列入国家级和省级“专精特新”中小企业，分别给予企业30万元和10万元奖励。\n")
    assert b["type"] == "fixed"
    assert [(t["name"], t["amount"]) for t in b["tiers"]] == [
        ("国家级“专精特新”中小企业", "30万元"), ("省级“专精特新”中小企业", "10万元")]  # fmt: skip


def test_one_amount_for_several_names() -> None:
    b = _one("第一条 认定为示范企业甲、示范企业乙，分别一次性给予30万元后补助资金支持。\n")
    assert [t["amount"] for t in b["tiers"]] == ["30万元", "30万元"]


def test_percent_with_cap_and_scope() -> None:
    b = _one("第一条 组织实施项目，按协议金额的30%给予资助，单个项目不超过1000万元。\n")
    assert (b["type"], b["rate"], b["cap"], b["cap_scope"], b["base"]) == ("percent", "30%", "1000万元", "单个项目",
                                                                          "协议金额")


def test_rate_upper_bound_and_rate_range() -> None:
    b = _one("第一条 对每家企业给予不超过合同额50%的补贴，最高额度不超过20万元。\n")
    assert b["upper_bound"] is True and b["rate"] == "50%" and b["cap"] == "20万元"
    b = _one("第一条 按固定资产投资的5%—20%给予企业奖励。\n")
    assert (b["rate_min"], b["rate"]) == ("5%", "20%")


def test_threshold_brackets_from_neighbouring_clauses() -> None:
    b = _one("第一条 对新建基地面积在100亩及以上至500亩的，给予企业100元/亩奖励；对新建面积在500亩以上的，给予企业200元/亩奖励。\n")
    assert b["type"] == "threshold" and b["unit"] == "亩"
    first, second = b["brackets"]
    assert (first["min"], first["max"], first["per_unit"]) == ("100", "500", "100元")
    assert (second["min"], second.get("max"), second["min_inclusive"], second["per_unit"]) == ("500", None, False,
                                                                                              "200元")


def test_threshold_tiers_with_rates_of_another_base() -> None:
    b = _one("第一条 对项目投资1000万元及以上至5000万元、5000万元以上的，分别参照其年度地方财政贡献的70%和80%给予奖励。\n")
    assert b["type"] == "threshold" and b["rate_base"] == "年度地方财政贡献"
    assert [br["rate"] for br in b["brackets"]] == ["70%", "80%"]


def test_threshold_in_another_currency_is_kept() -> None:
    b = _one("第一条 对年出口额达到1000万美元及以上至5000万美元、5000万美元以上的，分别给予10万元和20万元奖励。\n")
    assert b["type"] == "threshold" and b["unit"] == "美元"
    assert [br["amount"] for br in b["brackets"]] == ["10万元", "20万元"]


def test_per_unit_and_period() -> None:
    b = _one("第一条 实习的青年，给予每人每月3000元实习补贴，补贴期限不超过6个月。\n")
    assert (b["type"], b["amount"], b["unit"], b["period"], b["max_periods"]) == ("per_unit", "3000元", "人", "月", 6)
    b = _one("第一条 在职期间可领取每人每年3000元交通补贴，补贴期限最长为2年，单个企业最多申报5人。\n")
    assert (b["period"], b["max_periods"], b["max_units"]) == ("年", 2, 5)


def test_range_decided_by_review() -> None:
    b = _one("第一条 取得重大突破的团队，经评审认定，给予100—2000万元资金支持。\n")
    assert (b["type"], b["min"], b["max"], b["decided_by"]) == ("range", "100万元", "2000万元", "经评审认定")


def test_up_to_an_amount() -> None:
    b = _one("第一条 鼓励众创空间培育企业上市，最高给予100万元奖励。\n")
    assert (b["type"], b["max"]) == ("up_to", "100万元")


def test_no_figure_is_described_never_priced() -> None:
    for body, ref in [("对首台套产品的生产企业，按照相关政策给予奖励。", "按照相关政策"),
                      ("对已授权的发明专利予以一定额度的资助。", "予以一定额度的"),
                      ("重大项目投资奖励实行“一事一议”。", "一事一议"),
                      ("对受影响较大的在保企业酌情降低担保费率。", "原文未规定金额"),
                      ("对防疫企业给予贷款贴息支持。", "原文未规定金额")]:  # fmt: skip
        b = _one(f"第一条 {body}\n")
        assert b["type"] == "per_other_policy" and ref in b["reference"]
    assert _rules("第一条 如与上级政策相抵触，按国家和上级文件规定执行。\n") == []


def test_exclusivity_clause_and_cross_reference() -> None:
    text = ("某某市支持企业发展的若干意见\n第一条 对新认定的甲企业给予10万元奖励。\n"
            "第二条 对新认定的乙企业给予20万元奖励，前款奖励与本意见第一条规定的奖励不可重复享受。\n")  # fmt: skip
    result = draft(parse_document(text, "t"))
    excl = result.data["exclusivity"]
    assert excl["measure"] == "2" and "不可重复享受" in excl["quote"]
    assert {r["measure"] for r in result.rules if r.get("exclusivity_group")} == {"1", "2"}


def test_fee_waivers_in_words() -> None:
    rules = _rules("第一条 对承租国有房产的中小企业，2020年2月免收房租、3—4月房租减半。\n")
    assert [(r["benefit"]["rate"], r["benefit"]["base"]) for r in rules] == [("100%", "房租"), ("50%", "3—4月房租")]


def test_payment_schedule_becomes_a_note() -> None:
    rules = _rules("第一条 对新增规上企业给予企业10万元奖励(第一年奖励5万元，第二年奖励3万元，第三年奖励2万元)。\n")
    (rule,) = rules
    assert [t["amount"] for t in rule["benefit"]["tiers"]] == ["10万元"]
    assert any("第一年奖励5万元" in n for n in rule["notes"])


def test_every_drafted_figure_is_in_its_quote_and_loads() -> None:
    body = "".join(f"第{i}条 对第{i}类企业，分别给予{i}0万元和{i}万元奖励；按投资额的{i}%给予补贴，最高{i}00万元。\n"
                   for i in range(1, 10))  # fmt: skip
    doc = parse_document("某某市若干措施\n" + body, "t")
    rules = draft_rulebase(doc)
    assert rules is not None and rules.drafted and len(rules.rules) == 18


def test_drafting_ten_thousand_characters_is_fast() -> None:
    clause = "对新认定的国家级和省级企业技术中心，分别给予企业100万元和30万元奖励；按投资额的30%给予扶持，单个项目最高500万元。"
    body = "".join(f"第{i}条 {clause}\n" for i in range(1, 200))
    text = "某某市若干措施\n" + body
    assert len(text) >= 10_000
    doc = parse_document(text[: text.rfind("\n", 0, 10_500) + 1], "t")
    draft(doc)  # warm the regular expressions
    start = time.perf_counter()
    result = draft(doc)
    elapsed = time.perf_counter() - start
    assert result.rules and elapsed < 0.8, elapsed
    assert Decimal(0) < Decimal(str(elapsed))


# -- alternatives, accumulation and aliases in drafted rule bases ------------------------


def test_drafted_rule_bases_treat_rules_of_a_measure_as_alternatives() -> None:
    data = draft(parse_document(LEVEL_DOC, "t")).data
    assert data["same_measure"] == "alternatives"
    tiered = [r for r in data["rules"] if r["benefit"]["type"] == "fixed" and len(r["benefit"]["tiers"]) > 1]
    by_levels = {tuple(t["name"] for t in r["benefit"]["tiers"]): r["benefit"]["tiers_add_up"] for r in tiered}
    assert by_levels[("国家级港澳青年创新创业孵化载体", "省级港澳青年创新创业孵化载体", "市级港澳青年创新创业孵化载体")] is True
    assert by_levels[("国家级“专精特新”中小企业", "省级“专精特新”中小企业")] is False
    aliases = {a for r in tiered for t in r["benefit"]["tiers"] for a in t.get("aliases", [])}
    assert {"国家级专精特新", "省级专精特新"} <= aliases
    stacked = [r for r in data["rules"] if r.get("stacks")]
    assert [r["benefit"]["tiers"][0]["amount"] for r in stacked] == ["50万元"]


LEVEL_DOC = """关于支持企业发展的若干措施

第一条 载体建设。被人社部门评定为国家级、省级、市级港澳青年创新创业孵化载体的天河区行政区域内创新创业孵化载体，分别给予每家80万元、30万元、20万元一次性配套建设支持。同一级别只配套支持一次，不同级别叠加配套支持。

第二条 梯度培育。新列入国家级和省级“专精特新”中小企业，分别给予企业30万元和10万元奖励。

第三条 上市挂牌。对在中小板、创业板、科创板上市企业，给予企业200万元奖励。对实现股改上市挂牌的智能制造企业，在市、区扶持基础上，另给予50万元扶持。
"""
