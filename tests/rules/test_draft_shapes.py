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
    assert [(r["benefit"]["rate"], r["benefit"]["base"]) for r in rules] == [("100%", "房租"), ("50%", "房租")]


def test_a_schedule_of_waivers_counts_its_periods_and_adds_up() -> None:
    """2月免收、3—4月减半: one rent over different months; each rule knows how many it covers, and
    the later ones stack on the first (never alternatives of one benefit)."""
    rules = _rules("第一条 对承租国有房产的中小企业，2020年2月免收房租、3—4月房租减半。\n")
    assert [(r["benefit"]["period"], r["benefit"]["periods"], r.get("stacks", False)) for r in rules] == [
        ("月", 1, False), ("月", 2, True)]
    quarters = _rules("第一条 对承租国有资产类经营用房的中小企业，2020年第一季度房租免收，第二、三、四季度房租减半。\n")
    assert [(r["benefit"]["period"], r["benefit"]["periods"]) for r in quarters] == [("季度", 1), ("季度", 3)]
    (listed,) = _rules("第一条 对承租国有资产类经营性用房的中小微企业，2020年2月份、3月份、4月份房租（含摊位费）减半。\n")
    assert (listed["benefit"]["base"], listed["benefit"]["periods"]) == ("房租", 3)


def test_a_term_in_years_of_a_monthly_amount_is_counted_in_months() -> None:
    (rule,) = _rules("第一条 符合条件的青年，在职期间可领取每人每月1500元住房补贴，补贴期限最长为2年。\n")
    assert (rule["benefit"]["period"], rule["benefit"]["max_periods"]) == ("月", 24)
    (intern,) = _rules("第一条 实习的高校在读青年，给予每人每月3000元实习补贴，补贴期限不超过6个月。\n")
    assert intern["benefit"]["max_periods"] == 6 and "max_units" not in intern["benefit"]  # 6个月 is no head count


def test_a_percentage_capped_per_year_is_paid_per_year_over_its_term() -> None:
    b = _one("第一条 对其入驻孵化载体期间实际发生的场地租金总额的50%予以租金补贴，每个企业租金补贴每年不超过5万元、"
             "补贴期限最长不超过3年。\n")
    assert (b["rate"], b["cap"], b["period"], b["max_periods"]) == ("50%", "5万元", "年", 3)


def test_quoted_and_level_names_of_tiers() -> None:
    stages = _rules("第一条 按以下标准额外给予奖励支持：对实现“小升规”“规改股”“股上市”三个梯度发展目标的企业"
                    "分别给予10万元、20万元和50万元的一次性奖励支持。\n")
    assert [t["name"] for t in stages[0]["benefit"]["tiers"]] == ["小升规", "规改股", "股上市"]
    standards = _rules("第一条 对主导制订智能制造国际、国家和行业标准的企业、机构，分别给予100万元、50万元和20万元的补贴。\n")
    assert [t["name"] for t in standards[0]["benefit"]["tiers"]] == ["国际标准", "国家标准", "行业标准"]


def test_per_unit_amounts_of_a_list_are_named_by_it() -> None:
    rules = _rules("第一条 对取得中级、高级导游证人员，在县内从事导游工作的，分别给予3000元/年、5000元/年奖励。\n")
    assert [(r["title"], r["benefit"]["amount"], r["benefit"]["period"]) for r in rules] == [
        ("中级导游证人员奖励", "3000元", "年"), ("高级导游证人员奖励", "5000元", "年")]


def test_a_monthly_amount_for_a_person_is_per_person_per_month() -> None:
    b = _one("第一条 见习者属于低保对象的，见习期间由就业补助资金按每月500元给予生活费补贴。\n")
    assert (b["unit"], b["period"], b["kind"]) == ("人", "月", "生活费补贴")


def test_the_subject_before_dui_qi_names_the_rule() -> None:
    """重点支持…的企业，对其设备投资给予30%: the class (重点支持) names the rule, not 其设备投资."""
    rules = _rules("第一条 优先支持已取得许可证的企业，对其设备投资给予50%的补助；重点支持3月底前完成改造的企业，"
                   "对其设备投资给予30%的补助，最高不超过500万元。\n")
    assert [r["title"][:4] for r in rules] == ["优先支持", "重点支持"]


def test_a_standard_set_elsewhere_and_a_date_to_keep_are_stated() -> None:
    (ref,) = _rules("第一条 对购电量满足一定额度的中小企业给予补助，补助标准按照《某市关于保障生产的通知》（某政发〔2020〕1号）执行。\n")
    assert ref["benefit"]["reference"] == "按照《某市关于保障生产的通知》（某政发〔2020〕1号）执行"
    (deposit,) = _rules("第一条 支持旅行社应对经营困难，向旅行社暂退部分旅游服务质量保证金，标准为现有交纳数额的80%。暂退保证金应在2022年2月5日前如数交还。\n")
    assert "时限：暂退保证金应在2022年2月5日前如数交还" in deposit["notes"]


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


def test_a_fee_lowered_to_a_ceiling_is_a_ceiling_not_a_grant() -> None:
    b = _one("第一条 政府性担保机构对单户担保金额500万元及以下的小微企业收取的担保费率降至1%以内，对单户担保金额500万元"
             "以上的小微企业收取的担保费率降至1.5%以内。\n")
    assert b["type"] == "threshold" and b["kind"] == "担保费上限"
