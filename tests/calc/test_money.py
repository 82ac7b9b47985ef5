"""Parsing and formatting of Chinese amounts and rates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.errors import CalculationInputError
from assistant.text.money import MAX_AMOUNT, format_rate, format_yuan, parse_amount, parse_rate, to_yuan


def _fw(text: str) -> str:
    """Full-width form of the ASCII digits, commas and percent signs in ``text``."""
    return "".join(chr(ord(c) + 0xFEE0) if c in "0123456789,%" else c for c in text)


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("120万元", 1_200_000),
        ("120万", 1_200_000),
        ("120 万元", 1_200_000),
        ("1.5亿", 150_000_000),
        ("1.5亿元", 150_000_000),
        ("1,200,000元", 1_200_000),
        ("1，200，000元", 1_200_000),
        ("1200000", 1_200_000),
        ("三百万", 3_000_000),
        ("两千万元", 20_000_000),
        ("80万", 800_000),
        ("一百二十万元", 1_200_000),
        (_fw("120万元"), 1_200_000),
        (_fw("1,200,000元"), 1_200_000),
        ("十万", 100_000),
        ("十五万", 150_000),
        ("一万五", 15_000),
        ("一千五", 1_500),
        ("一千零五十万", 10_500_000),
        ("一亿五千万", 150_000_000),
        ("1亿2000万", 120_000_000),
        ("1千万", 10_000_000),
        ("壹佰万元", 1_000_000),
        ("贰拾万元整", 200_000),
        ("一点五亿", 150_000_000),
        ("人民币120万元", 1_200_000),
        ("￥1200000", 1_200_000),
        ("8000块", 8_000),
        ("0.5万", 5_000),
        ("1万亿", 10**12),
    ],
)
def test_parse_amount(text: str, yuan: int) -> None:
    assert parse_amount(text) == Decimal(yuan)


def test_parse_amount_accepts_numbers() -> None:
    assert parse_amount(1_200_000) == Decimal(1_200_000)
    assert parse_amount(Decimal("1200000.50")) == Decimal("1200000.5")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5", "大于0"),
        ("负5万", "大于0"),
        ("0", "大于0"),
        ("0元", "大于0"),
        ("100000000000000000000", "金额过大"),
        ("10万亿", "金额过大"),
        ("abc", "无法识别"),
        ("1e20", "无法识别"),
        ("万", "无法识别"),
        ("万万", "无法识别"),
        ("一二三", "无法识别"),
        ("5零", "无法识别"),
        ("一百一千", "无法识别"),
        ("1.2.3", "无法识别"),
        ("", "请输入金额"),
        ("   ", "请输入金额"),
        ("NaN", "无法识别"),
    ],
)
def test_parse_amount_rejects(text: str, message: str) -> None:
    with pytest.raises(CalculationInputError, match=message) as info:
        parse_amount(text)
    assert info.value.code == "bad_amount"


@pytest.mark.parametrize("value", [0, -1, 10**20, True])
def test_parse_amount_rejects_numbers(value: int) -> None:
    with pytest.raises(CalculationInputError):
        parse_amount(value)


def test_parse_amount_rejects_non_finite_decimal() -> None:
    with pytest.raises(CalculationInputError):
        parse_amount(Decimal("NaN"))
    with pytest.raises(CalculationInputError):
        parse_amount(Decimal("Infinity"))


def test_max_amount_is_accepted() -> None:
    assert parse_amount(MAX_AMOUNT) == MAX_AMOUNT


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("30%", "0.3"),
        ("30 %", "0.3"),
        (_fw("30%"), "0.3"),
        ("百分之三十", "0.3"),
        ("百分之2.5", "0.025"),
        ("百分之二点五", "0.025"),
        ("2%", "0.02"),
        ("50%", "0.5"),
        ("100%", "1"),
        ("三成", "0.3"),
        ("千分之五", "0.005"),
    ],
)
def test_parse_rate(text: str, rate: str) -> None:
    assert parse_rate(text) == Decimal(rate)


@pytest.mark.parametrize("text", ["0%", "150%", "30", "abc", "%", "百分之"])
def test_parse_rate_rejects(text: str) -> None:
    with pytest.raises(CalculationInputError):
        parse_rate(text)


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        (600_000, "60万元"),
        (1_300_000, "130万元"),
        (15_000, "1.5万元"),
        (10_000, "1万元"),
        (8_000, "8000元"),
        (1, "1元"),
        (0, "0元"),
        (1_234_567, "123.4567万元"),
        (20_000_000, "2000万元"),
        (100_000_000, "10000万元"),
        (Decimal("370370.1"), "37.03701万元"),
        (Decimal("0.5"), "0.5元"),
    ],
)
def test_format_yuan(yuan: int | Decimal, text: str) -> None:
    assert format_yuan(yuan) == text


def test_format_yuan_round_trips() -> None:
    for yuan in (1, 999, 10_000, 15_000, 1_234_567, 20_000_000):
        assert parse_amount(format_yuan(yuan)) == yuan


def test_format_rate() -> None:
    assert format_rate(Decimal("0.3")) == "30%"
    assert format_rate(Decimal("0.025")) == "2.5%"


@pytest.mark.parametrize(
    ("amount", "yuan"), [("0.5", 1), ("1.5", 2), ("2.5", 3), ("2.49", 2), ("370370.1", 370370)]
)
def test_to_yuan_rounds_half_up(amount: str, yuan: int) -> None:
    assert to_yuan(Decimal(amount)) == yuan


def test_a_range_reads_the_same_everywhere() -> None:
    from assistant.text.money import format_range

    assert format_range(50_000, 200_000) == "5万元—20万元"
    assert format_range(0, 800_000) == "最高80万元"  # an upper bound, never "0元—80万元"
    assert format_range(300_000, 300_000) == "30万元"
