"""The mechanisms behind dev5's last misses, tested with wording of our own: labelled items
each their own base (each capped, then summed), a place named as a partner, a term spelled
out by a 指哪几个方面 question, a closing with 吧, a need of a match question that grants no
figure, and the wording of benefits, bases and conditions in amount answers."""

from __future__ import annotations

from typing import Any

from assistant.dialogue.amounts import base_for, find_amounts, separate_bases
from assistant.dialogue.answers import base_prompt, benefit_phrase
from assistant.dialogue.cues import cues
from assistant.dialogue.slots import mentions_origin, places_in
from assistant.rules.schema import Rule
from assistant.rules.view import benefit_text

AS_OF = "2025-06-01"


def _total(r: Any) -> int | None:
    return r.calculation["total_yuan"] if r.calculation else None


def _cited(r: Any) -> list[str]:
    return [c.measure for c in r.citations]


# labelled items ------------------------------------------------------------------------------

def test_labelled_items_are_separate_bases_and_no_one_base() -> None:
    text = "甲课题合同300万，乙课题合同900万，丙课题合同50万"
    amounts = find_amounts(text)
    assert separate_bases(text, amounts) == [3_000_000, 9_000_000, 500_000]
    assert base_for(text, amounts, "合同金额") is None  # never 1250万 as one base
    # the parties of one agreement, parts of one base, and sentences apart are no labelled items
    for text in ("甲方出资300万，乙方出资900万", "协议金额3000万，补充协议500万", "1号项目协议300万。2号项目协议500万"):
        assert separate_bases(text, find_amounts(text)) == []


def test_two_labelled_projects_are_each_capped_then_summed(bot: Any) -> None:
    r = bot.ask("揭榜挂帅我们有两个：1号项目协议1000万，2号项目协议4000万，总共资助多少", as_of=AS_OF)
    assert _total(r) == 13_000_000  # 300万 + 1000万 (the per-project cap), not 5000万 × 30% capped once
    r = bot.ask("揭了两个榜，甲项目协议800万，乙项目协议6000万，合计能资助多少", as_of=AS_OF)
    assert _total(r) == 12_400_000 and "5" in _cited(r)


# a place named as a partner ------------------------------------------------------------------

def test_a_partner_s_place_is_not_whose_policy_is_asked() -> None:
    assert mentions_origin("打算跟上海的一所大学共建研发中心", "上海")
    assert mentions_origin("引进了深圳一家研究院的团队", "深圳")
    assert not mentions_origin("上海对新型研发机构有什么支持", "上海")
    assert not mentions_origin("和上海的政策相比有什么不同", "上海")


def test_a_county_only_its_document_names_is_a_place_through_the_index() -> None:
    # the built-in list holds provinces and large cities only; a county comes from the documents
    assert places_in("柳河县的高企奖励") == []
    assert places_in("柳河县的高企奖励", known=["柳河县", "柳河"]) == ["柳河县"]
    assert set(places_in("上海和柳河的政策", known=["柳河"])) == {"上海", "柳河"}


def test_a_partner_from_elsewhere_gets_the_measure_another_place_s_policy_is_refused(bot: Any) -> None:
    r = bot.ask("我们打算跟上海的一所重点高校合作，在包头建一个新型研发机构，有没有支持？", as_of=AS_OF)
    assert r.intent != "out_of_scope" and "3" in _cited(r) and r.calculation is None
    r = bot.ask("上海对新型研发机构有什么支持政策", as_of=AS_OF)
    assert r.intent == "out_of_scope"


# a term spelled out --------------------------------------------------------------------------

def test_which_aspects_a_term_means_is_answered_from_the_text_that_spells_it_out(bot: Any) -> None:
    r = bot.ask("政策里的专精特新，是指哪几个方面", as_of=AS_OF)
    assert r.intent == "policy_info" and r.calculation is None
    assert all(w in r.answer for w in ("专业化", "精细化", "特色化", "新颖化"))


# closing ---------------------------------------------------------------------------------------

def test_a_closing_with_吧_is_a_closing_after_any_turn(bot: Any) -> None:
    assert cues().acts["closing"].match("行吧，多谢了")
    first = bot.ask("帮我写一段代码", as_of=AS_OF)
    r = bot.ask("好吧，拜拜", state=first.state, as_of=AS_OF)
    assert r.intent == "greeting" and r.calculation is None and not _cited(r)


# instalments without a sum word ----------------------------------------------------------------

def test_instalments_are_no_question_about_a_double_reward() -> None:
    assert cues().double.search("合同分两笔付，一笔100万一笔200万") is None
    assert cues().double.search("这两笔奖励都能拿吗") is not None


# a need that grants no figure -----------------------------------------------------------------

def test_a_listed_need_without_a_figure_is_answered_beside_the_priced_ones(bot: Any) -> None:
    r = bot.ask("我们新入选了国家人才项目的团队；另外一线工人老是招不到。人才和用工上有哪些政策能享受？", as_of=AS_OF)
    assert r.intent == "match"
    assert {"15", "16"} <= set(_cited(r))


# wording of amount answers ---------------------------------------------------------------------

def _rule(benefit: dict[str, Any], quote: str = "每亩给予100元补贴") -> Rule:
    return Rule.model_validate({"id": "r1", "measure": "4", "title": "补贴", "beneficiary": "企业",
                                "benefit": benefit, "quote": quote})


def test_every_benefit_shape_is_said_in_words() -> None:
    for benefit in ({"type": "per_unit", "amount": "100元", "unit": "亩"},
                    {"type": "up_to", "max": "300万元"},
                    {"type": "threshold", "base": "营业收入",
                     "brackets": [{"id": "b1", "name": "1亿元以上", "min": "1亿元", "amount": "20万元"}]}):
        rule = _rule(benefit)
        assert benefit_phrase(rule) == benefit_text(rule) != ""


def test_a_base_that_is_an_amount_is_not_asked_for_as_the_amount_of_an_amount(bot: Any) -> None:
    assert base_prompt("协议金额") == "协议金额"
    assert base_prompt("专利及技术交易费") == "专利及技术交易费的金额"
    r = bot.ask("揭榜挂帅能资助多少", as_of=AS_OF)
    assert "协议金额" in r.answer and "金额的金额" not in r.answer


def test_the_conditions_stated_are_those_of_the_rule_priced(bot: Any) -> None:
    r = bot.ask("我们被认定为包头市创新引领型民营企业，能拿多少", as_of=AS_OF)
    assert _total(r) == 300_000
    assert "揭榜挂帅”项目；" not in r.answer  # the conditions of 5's other rule are not this award's
