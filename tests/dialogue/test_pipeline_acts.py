"""The whole pipeline on dialogue acts: challenge, thanks, "还有别的吗", fill-a-slot, refusal text."""

from __future__ import annotations

AS_OF = "2026-12-01"


def test_a_challenged_figure_is_corrected_with_the_calculators(bot) -> None:  # type: ignore[no-untyped-def]
    first = bot.ask("揭榜挂帅协议4000万，能拿多少？", as_of=AS_OF)
    again = bot.ask("30%不是1200万吗？应该给1200万吧", state=first.state, as_of=AS_OF)
    assert again.calculation["total_yuan"] == 10_000_000
    assert again.citations[0].measure == "5"


def test_thanks_close_without_repeating_the_answer(bot) -> None:  # type: ignore[no-untyped-def]
    first = bot.ask("我们新认定了专精特新中小企业，奖多少？", as_of=AS_OF)
    bye = bot.ask("好的，谢谢！", state=first.state, as_of=AS_OF)
    assert bye.intent == "greeting" and bye.calculation is None and not bye.citations


def test_more_gives_the_next_measures_not_the_same(bot) -> None:  # type: ignore[no-untyped-def]
    first = bot.ask("外地高企整体迁入包头有什么支持？", as_of=AS_OF)
    more = bot.ask("还有别的吗？比如搬过来之后厂房用地方面", state=first.state, as_of=AS_OF)
    assert "3" not in [c.measure for c in more.citations] and "17" in [c.measure for c in more.citations]


def test_a_bare_base_fills_the_slot(bot) -> None:  # type: ignore[no-untyped-def]
    first = bot.ask("揭榜挂帅能资助多少钱", as_of=AS_OF)
    filled = bot.ask("协议签了2800万元", state=first.state, as_of=AS_OF)
    assert filled.calculation["total_yuan"] == 8_400_000


def test_a_refusal_names_the_closest_measure_without_citing_it(bot) -> None:  # type: ignore[no-untyped-def]
    r = bot.ask("我想在包头买套二手房，小区容积率2.0算高吗", as_of=AS_OF)
    assert r.intent == "out_of_scope" and not r.citations and "本文件不涉及" in r.answer


def test_no_amount_for_a_question_that_asks_none(bot) -> None:  # type: ignore[no-untyped-def]
    r = bot.ask("小巨人那个奖励由哪个部门负责？", as_of=AS_OF)
    assert r.intent == "department" and r.calculation is None


def test_a_measure_number_the_document_lacks_is_said_so(bot) -> None:  # type: ignore[no-untyped-def]
    r = bot.ask("第25条讲的是什么？", as_of=AS_OF)
    assert "没有第25条" in r.answer and not r.citations and r.calculation is None


def test_a_measure_named_by_number_is_the_one_answered(bot) -> None:  # type: ignore[no-untyped-def]
    r = bot.ask("第十二条是什么内容", as_of=AS_OF)
    assert r.citations[0].measure == "12"


def test_two_measures_that_fit_equally_are_asked_about(bot) -> None:  # type: ignore[no-untyped-def]
    r = bot.ask("示范企业有什么支持", as_of=AS_OF)
    assert r.answer.startswith("您问的是") and len(r.follow_up) == 2 and r.calculation is None
    for button in r.follow_up:  # each button, asked back, answers its own measure
        picked = bot.ask(button, state=r.state, as_of=AS_OF)
        assert picked.citations and picked.citations[0].label in button


def test_an_answer_carries_the_resolvers_confidence_and_a_refusal_none(bot) -> None:  # type: ignore[no-untyped-def]
    clear = bot.ask("我们刚评上小巨人，能拿多少？", as_of="2026-12-01")
    assert clear.confidence is not None and 0.0 < clear.confidence <= 1.0
    assert bot.ask("你好", as_of="2026-12-01").confidence is None
    vague = bot.ask("企业发展的支持有哪些", as_of="2026-12-01")
    assert vague.confidence is None or vague.confidence < clear.confidence
