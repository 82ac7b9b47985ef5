"""Mechanisms behind blind set 12's misses (its one run is recorded in dialogue_baotou_dev11.yaml),
each tested with wording of our own: a figure named as a cap, a second instalment in a
follow-up, news after a dated recognition, a yes/no from an enterprise about what it may do,
the beneficiary asked, a reward asked for a status a rule only requires, the benefit compared
with, a tier named at a lower level, a day's validity, a district's own policy, market
questions, a benefit named in a "还有别的吗", and "那一共多少" after tiers."""

from __future__ import annotations

from typing import Any

from assistant.dialogue.amounts import find_amounts
from tests.support.answers import cited as _cited
from tests.support.answers import total as _total

AS_OF = "2025-06-01"


def test_a_figure_named_as_a_cap_is_no_base() -> None:
    assert [a.role for a in find_amounts("超过200万的上限以后怎么算")] == ["cap"]


def test_a_second_instalment_in_a_follow_up_adds_to_the_base(bot: Any) -> None:
    first = bot.ask("揭榜挂帅协议分两笔签，第一笔700万", as_of=AS_OF)
    assert _total(first) == 2_100_000
    r = bot.ask("第二笔还有500万，同一个项目，一共资助多少？", state=first.state, as_of=AS_OF)
    assert _total(r) == 3_600_000


def test_news_after_a_dated_recognition_is_new(bot: Any) -> None:
    r = bot.ask("我们去年评上了自治区创新型中小企业，今年又新认定了自治区专精特新，今年奖多少？", as_of=AS_OF)
    assert _total(r) == 500_000
    r = bot.ask("我们只把一个车间搬到包头，能申请迁入的30万吗", as_of=AS_OF)  # one event, one clause
    assert r.calculation is None


def test_a_yes_no_about_what_the_enterprise_may_do_is_eligibility(bot: Any) -> None:
    r = bot.ask("我们厂房想加层提高容积率，不改变工业用途，还要交土地价款吧？", as_of=AS_OF)
    assert r.intent == "eligibility" and "17" in _cited(r)


def test_whom_the_money_goes_to_is_an_aspect(bot: Any) -> None:
    first = bot.ask("关键技术攻关支持多少", as_of=AS_OF)
    r = bot.ask("这笔钱发给谁，企业还是个人？", state=first.state, as_of=AS_OF)
    assert r.calculation is None and "个人或团队" in r.answer


def test_a_reward_for_a_status_a_rule_only_requires_is_not_covered(bot: Any) -> None:
    r = bot.ask("新认定的高新技术企业市里奖励多少钱？", as_of=AS_OF)
    assert r.intent == "out_of_scope" and r.calculation is None
    r = bot.ask("外地高新技术企业整体搬来包头奖励多少？", as_of=AS_OF)
    assert _total(r) == 300_000


def test_the_benefit_compared_with_is_a_reference(bot: Any) -> None:
    r = bot.ask("创新型中小企业是不是也给100万，跟小巨人一样？", as_of=AS_OF)
    assert _total(r) == 200_000


def test_a_tier_named_at_a_lower_level_is_not_that_tier(bot: Any) -> None:
    r = bot.ask("我们是县里评的专精特新企业，能拿50万吗", as_of=AS_OF)
    assert r.calculation is None


def test_a_day_s_validity(bot: Any) -> None:
    r = bot.ask("明天还能申请迁入补助吗？", as_of="2025-12-30")
    assert r.intent == "validity"


def test_a_district_s_own_policy_and_market_questions_are_refused(bot: Any) -> None:
    for q in ("九原区自己出的配套奖励是多少", "包头哪个银行贷款利息最低"):
        r = bot.ask(q, as_of=AS_OF)
        assert r.intent == "out_of_scope" and r.calculation is None, q


def test_a_benefit_named_in_more_and_the_sum_after_it(bot: Any) -> None:
    first = bot.ask("我们新认定了自治区专精特新中小企业，奖多少？", as_of=AS_OF)
    more = bot.ask("还有别的吗？我们还牵头了包头市牵头共建的国家级产业技术创新战略联盟", state=first.state, as_of=AS_OF)
    assert more.intent == "amount" and _total(more) == 2_000_000
    r = bot.ask("那一共多少？", state=more.state, as_of=AS_OF)
    assert r.intent == "amount" and _total(r) == 2_500_000
