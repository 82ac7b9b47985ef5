"""No amount for a question that asks none, and honest "not covered" for what a document
does not hold (a measure number it lacks, another level's programme, a channel it never
names). Wording of our own, not any eval set's."""

from __future__ import annotations

from typing import Any

AS_OF = "2025-06-01"


def _total(r: Any) -> int | None:
    return r.calculation["total_yuan"] if r.calculation else None


def test_can_we_have_it_gets_the_conditions_not_a_calculation(bot: Any) -> None:
    r = bot.ask("我们公司原来在外省，高企证书还有效，整体搬来包头了，这个迁入补助我们够格吗", as_of=AS_OF)
    assert r.intent == "eligibility" and r.calculation is None
    assert "3" in [c.measure for c in r.citations]
    asked = bot.ask("我们公司原来在外省，高企证书还有效，整体搬来包头了，迁入补助能拿多少", as_of=AS_OF)
    assert _total(asked) == 300_000


def test_a_tier_named_in_a_conditions_question_is_no_claim(bot: Any) -> None:
    r = bot.ask("自治区级产业技术创新战略联盟是外地企业牵头的，我们只是成员，满足联盟资金的条件吗", as_of=AS_OF)
    assert r.intent == "eligibility" and r.calculation is None


def test_is_there_a_benefit_is_answered_with_what_it_is_worth(bot: Any) -> None:
    r = bot.ask("我们从外地整体迁来，高企证书有效，有补助吗", as_of=AS_OF)
    assert _total(r) == 300_000


def test_a_follow_up_keeps_asking_for_the_figure_unless_it_asks_another_aspect(bot: Any) -> None:
    first = bot.ask("我们的高企证书过期了，整体迁来包头能拿30万吗", as_of=AS_OF)
    assert first.calculation is None  # the condition is not met
    again = bot.ask("要是证书在有效期内再迁过来呢", state=first.state, as_of=AS_OF)
    assert _total(again) == 300_000
    figure = bot.ask("外地高企整体迁入包头补多少", as_of=AS_OF)
    conditions = bot.ask("要满足哪些条件", state=figure.state, as_of=AS_OF)
    assert conditions.calculation is None


def test_a_channel_the_document_never_names_is_said_to_be_missing(bot: Any) -> None:
    r = bot.ask("申报平台的网址是多少", as_of=AS_OF)
    assert r.calculation is None and r.intent == "contact"
    assert "没有写明" in r.answer and "5618435" in r.answer


def test_a_number_other_than_money_asks_no_amount(bot: Any) -> None:
    r = bot.ask("联系电话是多少", as_of=AS_OF)
    assert r.intent == "contact" and r.calculation is None


def test_a_measure_number_the_document_lacks_is_out_of_scope(bot: Any) -> None:
    r = bot.ask("第四十条规定了什么", as_of=AS_OF)
    assert r.intent == "out_of_scope" and not r.citations and r.calculation is None
    assert "没有第40条" in r.answer


def test_another_levels_programme_is_not_covered_but_the_documents_own_is(bot: Any) -> None:
    r = bot.ask("科技部的火炬计划项目有资金吗", as_of=AS_OF)
    assert r.intent == "out_of_scope" and r.calculation is None
    assert "不涉及" in r.answer or "不在" in r.answer
    own = bot.ask("引进的专家能纳入人才选拔培养计划吗", as_of=AS_OF)
    assert own.intent != "out_of_scope" and "15" in [c.measure for c in own.citations]
