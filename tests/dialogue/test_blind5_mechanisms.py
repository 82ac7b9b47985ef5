"""The four mechanisms behind the wrong amounts of blind set 5's one run (now dev5), each
tested with wording of our own, not the set's: instalments of one base, the highest of
several tiers under the no-double-reward clause (in one message and across turns), and a
correction naming a tier by its level."""

from __future__ import annotations

from typing import Any

from assistant.dialogue.amounts import find_amounts, parts_of_one

AS_OF = "2025-06-01"


def _total(r: Any) -> int | None:
    return r.calculation["total_yuan"] if r.calculation else None


def test_a_figure_before_a_classifier_is_not_read_into_the_amount() -> None:
    found = [a.yuan for a in find_amounts("合同一笔200万一笔100万")]
    assert found == [2_000_000, 1_000_000]
    assert [a.yuan for a in find_amounts("三万一")] == [31_000]  # the colloquial 三万一 still reads 3.1万


def test_instalments_of_one_base_add_up_but_separate_items_do_not() -> None:
    text = "同一份协议分三次付，一笔100万一笔200万一笔50万"
    assert parts_of_one(text, find_amounts(text)) == 3_500_000
    text = "一个项目100万，另一个项目200万"
    assert parts_of_one(text, find_amounts(text)) is None
    text = "协议100万。明年另签200万"
    assert parts_of_one(text, find_amounts(text)) is None


def test_instalments_are_one_base_through_the_assistant(bot: Any) -> None:
    r = bot.ask("揭榜挂帅项目的协议是分两次签的，一笔600万一笔400万，一共能资助多少", as_of=AS_OF)
    assert _total(r) == 3_000_000  # (600万 + 400万) × 30%, under the 1000万 cap


def test_instalments_without_a_sum_word(bot: Any) -> None:
    r = bot.ask("揭榜挂帅这个项目协议分两笔签，一笔600万一笔400万，能资助多少", as_of=AS_OF)
    assert _total(r) == 3_000_000


def test_two_tiers_of_one_reward_pay_the_highest(bot: Any) -> None:
    r = bot.ask("我们同年拿到了自治区创新型中小企业和国家级小巨人两个认定，合计奖励多少", as_of=AS_OF)
    assert _total(r) == 1_000_000
    assert "四(一)" in [c.measure for c in r.citations]


def test_a_second_tier_named_in_a_follow_up_is_not_added_and_the_highest_stays(bot: Any) -> None:
    first = bot.ask("国家级小巨人奖多少", as_of=AS_OF)
    r = bot.ask("同一年我们还评上了自治区创新型中小企业，加起来多少？", state=first.state, as_of=AS_OF)
    assert _total(r) == 1_000_000
    assert "四(一)" in [c.measure for c in r.citations]


def test_a_correction_naming_the_level_replaces_the_tier(bot: Any) -> None:
    first = bot.ask("自治区创新型中小企业认定奖多少钱", as_of=AS_OF)
    assert _total(first) == 200_000
    r = bot.ask("说错了，是国家级的", state=first.state, as_of=AS_OF)
    assert _total(r) == 1_000_000
