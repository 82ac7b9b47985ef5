"""Mechanisms behind blind set 13's misses (its one run is recorded in dialogue_baotou_dev12.yaml),
each tested with wording of our own: the kind of enterprise stated in the message's own words,
a tier named by its quoted word alone or with recognition after it, 一个亿, a figure asked
with 能不能拿, a total with a benefit that has no figure, a switch by a word of one provision,
a department asking its own duties, the feedback deadline as a follow-up, and a benefit's
validity asked without describing the enterprise."""

from __future__ import annotations

from typing import Any

from assistant.dialogue.amounts import find_amounts
from tests.support.answers import cited as _cited
from tests.support.answers import total as _total

AS_OF = "2025-06-01"


def test_the_kind_stated_in_the_message_s_own_words_counts(bot: Any) -> None:
    r = bot.ask("新认定小巨人，再加上牵头包头市牵头共建的国家级联盟，合计", as_of=AS_OF)
    assert _total(r) == 3_000_000


def test_a_tier_named_by_its_quoted_word(bot: Any) -> None:
    assert _total(bot.ask("专精特新给几十万", as_of=AS_OF)) == 500_000
    r = bot.ask("同一年小巨人和专精特新都评上了，一共多少", as_of=AS_OF)
    assert _total(r) == 1_000_000
    r = bot.ask("创新型评上了，专精特新还没评上，能给多少", as_of=AS_OF)  # not the one not yet recognised
    assert _total(r) == 200_000


def test_amounts_with_ge_and_neng_bu_neng() -> None:
    assert [a.yuan for a in find_amounts("协议两个亿")] == [200_000_000]
    assert [a.role for a in find_amounts("能不能拿80万")] == ["asserted"]


def test_a_total_with_a_benefit_that_has_no_figure_has_none(bot: Any) -> None:
    r = bot.ask("创新型中小企业加绿色制造示范单位，一起能拿多少", as_of=AS_OF)
    assert _total(r) is None and "20万元" in r.answer


def test_a_word_of_one_provision_switches_the_topic(bot: Any) -> None:
    first = bot.ask("创新型中小企业奖多少", as_of=AS_OF)
    r = bot.ask("那个联盟的呢", state=first.state, as_of=AS_OF)
    assert _cited(r)[0] == "4" and _total(r) != 200_000


def test_a_department_asks_its_own_duties(bot: Any) -> None:
    r = bot.ask("我们是市商务局的，这个文件里我们有啥任务", as_of=AS_OF)
    assert r.intent == "department" and "21" in _cited(r)


def test_the_feedback_deadline_as_a_follow_up(bot: Any) -> None:
    first = bot.ask("对这个稿子的意见怎么提", as_of=AS_OF)
    r = bot.ask("截止哪天", state=first.state, as_of=AS_OF)
    assert r.intent == "contact" and "4月14日" in r.answer


def test_a_benefit_s_validity_asked_without_describing_the_enterprise(bot: Any) -> None:
    r = bot.ask("高企迁入补助现在还能申请吗", as_of="2026-12-01")
    assert r.intent == "validity" and "过期" in r.answer
    r = bot.ask("前年评上的专精特新，现在还能申请奖励吗", as_of="2026-12-01")
    assert r.intent == "eligibility"
