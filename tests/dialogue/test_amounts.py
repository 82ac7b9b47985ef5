"""Stage *understand*: sums of money as people write them, and the role each plays."""

from __future__ import annotations

import pytest

from assistant.dialogue.amounts import base_for, find_amounts
from assistant.text.normalize import normalize_text

W = 10_000


@pytest.mark.parametrize(("text", "yuan"), [
    ("交易费35w", 35 * W), ("协议1200W", 1200 * W), ("交易费12k", 12_000), ("协议2.5亿", 25_000 * W),
    ("协议0.3亿", 3_000 * W), ("贰佰万元整", 200 * W), ("2,500,000元", 250 * W), ("人民币300万元", 300 * W),
    ("三百万", 300 * W), ("一千二百万元", 1200 * W), (normalize_text("协议\uff11\uff12\uff10\uff10万"), 1200 * W),
    (normalize_text("\uff12\uff0c\uff15\uff10\uff10\uff0c\uff10\uff10\uff10元"), 250 * W),
])
def test_amounts_in_every_spelling(text: str, yuan: int) -> None:
    [amount] = find_amounts(text)
    assert (amount.yuan, amount.role) == (yuan, "base")


def test_another_currency_is_kept_not_priced() -> None:
    found = find_amounts("出口额50万美元，另有研发投入300万元")
    assert [(a.yuan, a.currency, a.role) for a in found] == [(None, "美元", "foreign"), (300 * W, "CNY", "base")]


@pytest.mark.parametrize(("text", "role"), [
    ("30%不是1200万吗", "asserted"), ("我同事说是150万", "asserted"), ("那200万有我们的份吗", "asserted"),
    ("协议5000万补2500万没问题吧", "demanded"), ("那400万呢", "base"),
])
def test_the_last_amount_has_its_role(text: str, role: str) -> None:
    assert find_amounts(text)[-1].role == role


def test_several_amounts_next_to_one_base_add_up() -> None:
    text = "专利交易费120万和技术交易费80万，能补多少"
    assert base_for(text, find_amounts(text), "专利及技术交易费") == 200 * W


def test_a_stated_total_wins_over_its_parts() -> None:
    text = "两件专利，交易费分别是30万和20万，交易费合计50万"
    assert base_for(text, find_amounts(text), "专利及技术交易费") == 50 * W


def test_amounts_for_two_bases_stay_apart() -> None:
    text = "揭榜挂帅协议5000万，加上引进专利交易费600万"
    amounts = find_amounts(text)
    assert base_for(text, amounts, "专利及技术交易费") == 600 * W
    assert base_for(text, amounts, "发榜方与揭榜方签定的协议金额") == 5000 * W
