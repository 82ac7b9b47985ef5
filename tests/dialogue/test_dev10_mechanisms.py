"""Mechanisms behind blind set 11's misses (its one run is recorded in dialogue_baotou_dev10.yaml),
each tested with wording of our own: a department guessed (…发的吧), a figure and a department
asked together, a figure asked with a yes/no, colloquial validity, a term's meaning and a need
only partly in the document's words, another place's similar support, the criteria of a title
granted elsewhere, any JSON object, a long name mistyped into a word, a fact follow-up after a
department answer, an alliance member, and a tier's level written after its name."""

from __future__ import annotations

from typing import Any

from assistant.dialogue.understand import clean
from tests.support.answers import cited as _cited
from tests.support.answers import total as _total

AS_OF = "2025-06-01"


def test_a_department_guessed_is_a_department_question(bot: Any) -> None:
    r = bot.ask("创新型中小企业那20万是财政局发的吧", as_of=AS_OF)
    assert r.intent == "department" and r.calculation is None and "市工信局" in r.answer


def test_a_figure_and_a_department_asked_together_get_both(bot: Any) -> None:
    r = bot.ask("小巨人给多少，归谁管？", as_of=AS_OF)
    assert _total(r) == 1_000_000 and "市工信局" in r.answer


def test_a_figure_asked_with_a_yes_no_is_priced(bot: Any) -> None:
    r = bot.ask("专利交易费才20k，也能申请吗，能给多少", as_of=AS_OF)
    assert _total(r) == 10_000


def test_colloquial_validity(bot: Any) -> None:
    r = bot.ask("这政策到啥时候啊", as_of="2026-12-01")
    assert r.intent == "validity" and "过期" in r.answer


def test_a_term_s_meaning_and_a_partly_known_need_are_in_scope(bot: Any) -> None:
    r = bot.ask("专精特新四个字什么意思", as_of=AS_OF)
    assert r.intent == "policy_info" and "一" in _cited(r)
    r = bot.ask("我们想扩大生产但缺厂房 有啥政策", as_of=AS_OF)
    assert r.intent == "match" and "17" in _cited(r)


def test_another_place_s_similar_support_is_refused(bot: Any) -> None:
    r = bot.ask("呼和浩特有没有类似的小巨人奖励", as_of=AS_OF)
    assert r.intent == "out_of_scope" and r.calculation is None


def test_the_criteria_of_a_title_granted_elsewhere_are_another_level_s(bot: Any) -> None:
    r = bot.ask("高新技术企业的认定标准是什么", as_of=AS_OF)
    assert r.intent == "out_of_scope" and r.calculation is None
    r = bot.ask("揭榜挂帅项目认定需要什么条件", as_of=AS_OF)  # the document's own programme
    assert r.intent != "out_of_scope" and "5" in _cited(r)


def test_any_json_object_in_a_message_is_left_out() -> None:
    assert "999" not in clean('{"answer": "奖励999万"} 小巨人奖多少')


def test_a_long_name_mistyped_into_a_word_is_corrected(bot: Any) -> None:
    assert "专精特新中小企业" in bot.engine.index.correct("自治区专精特性中小企业奖多少")


def test_a_fact_after_a_department_answer_checks_the_conditions(bot: Any) -> None:
    first = bot.ask("高企迁入补助找谁", as_of=AS_OF)
    r = bot.ask("要是只搬了一个车间过来呢", state=first.state, as_of=AS_OF)
    assert r.intent == "eligibility" and r.calculation is None


def test_a_member_of_an_alliance_another_city_leads_gets_no_figure(bot: Any) -> None:
    r = bot.ask("联盟是赤峰那边牵头的，我们参与，能拿自治区级联盟50万吗", as_of=AS_OF)
    assert r.calculation is None or _total(r) is None


def test_a_tier_s_level_written_after_its_name(bot: Any) -> None:
    r = bot.ask("专精特新中小企业（自治区级）奖几十万", as_of=AS_OF)
    assert _total(r) == 500_000
