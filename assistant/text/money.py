"""Chinese amounts and rates to :class:`~decimal.Decimal`, and yuan back to words.

Policy texts and users write money in many ways: ``120万元``, ``1.5亿``,
``1,200,000元``, ``三百万``, ``两千万元``, ``壹佰万元``, full-width ``１２０万``. All of
them parse to the same ``Decimal`` number of yuan, so equivalent inputs always give
identical calculations. Rates (``30%``, ``百分之三十``, ``三成``) parse to a fraction.

Example:
    >>> parse_amount("一百二十万元")
    Decimal('1200000')
    >>> parse_rate("百分之三十")
    Decimal('0.3')
    >>> format_yuan(1_300_000)
    '130万元'
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from assistant.errors import CalculationInputError
from assistant.text.normalize import to_half_width

#: The largest amount accepted anywhere (1万亿元); anything above is a typo or abuse.
MAX_AMOUNT = Decimal(10) ** 12

_WAN = Decimal(10_000)
_YI = Decimal(100_000_000)

_DIGITS = {
    "零": 0, "\u3007": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7,
    "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万亿": _WAN * _YI, "亿": _YI, "万": _WAN}

_TOKEN = re.compile(
    "\\d+(?:\\.\\d+)?|万亿|[零\u3007一壹二贰两三叁四肆五伍六陆七柒八捌九玖]|[十拾百佰千仟]|[万亿]"
)
_PREFIXES = ("人民币", "rmb", "¥", "￥")
_SUFFIXES = ("元整", "块钱", "元", "圆", "块")
_CN_POINT = re.compile("([零\u3007一二两三四五六七八九]+)点([零\u3007一二三四五六七八九]+)")


def parse_amount(value: str | int | Decimal) -> Decimal:
    """Parse a money amount to a ``Decimal`` number of yuan.

    Args:
        value: ``"120万元"``, ``"1.5亿"``, ``"1,200,000元"``, ``"三百万"``,
            ``"两千万元"``, ``"一千零五十万"``, ``"1亿2000万"``, an ``int`` or a ``Decimal``.

    Returns:
        The amount in yuan (may have a fractional part, e.g. ``"0.5元"``).

    Raises:
        CalculationInputError: the text is not an amount, or it is not positive, or
            it exceeds :data:`MAX_AMOUNT`.
    """
    if isinstance(value, bool):
        raise CalculationInputError(f"无法识别的金额：{value!r}")
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
        shown = str(value)
    else:
        shown = str(value).strip()
        if not shown:
            raise CalculationInputError("请输入金额（示例：120万元、1,200,000元）")
        amount = _parse_text(shown)
    return _check_range(amount, shown)


_NUMERIC = "0123456789." + "".join(_DIGITS) + "".join(_SMALL_UNITS) + "万亿"


def parse_quantity(value: str | int | Decimal) -> Decimal:
    """A threshold or a count with its unit: ``"1000万元"`` → 10000000, ``"500亩"`` → 500,
    ``"1000万美元"`` → 10000000 (the currency is the caller's to keep), ``"5万人次"`` → 50000.

    Raises:
        CalculationInputError: not a number, negative, or above :data:`MAX_AMOUNT`.
    """
    if isinstance(value, bool):
        raise CalculationInputError(f"无法识别的数量：{value!r}")
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
    else:
        text = _clean(str(value))
        for prefix in _PREFIXES:
            text = text.removeprefix(prefix)
        end = len(text)
        while end and text[end - 1] not in _NUMERIC:
            end -= 1
        if not text[:end]:
            raise CalculationInputError(f"无法识别的数量：“{value}”")
        amount = _parse_number(_arabic_point(text[:end]), str(value))
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise CalculationInputError(f"数量超出范围：“{value}”")
    return amount


def parse_rate(value: str | Decimal) -> Decimal:
    """Parse a rate to a fraction: ``"30%"`` / ``"百分之三十"`` / ``"三成"`` → ``Decimal("0.3")``.

    Raises:
        CalculationInputError: not a rate, or outside (0, 100%].
    """
    if isinstance(value, Decimal):
        rate = value
    else:
        text = _clean(str(value))
        rate = _parse_rate_text(text, str(value))
    if not rate.is_finite() or rate <= 0 or rate > 1:
        raise CalculationInputError(f"比例应大于0且不超过100%：{value}")
    return rate


def to_yuan(amount: Decimal) -> int:
    """Round to whole yuan, half up (0.5元 → 1元): the one rounding rule of the calculator."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_yuan(amount: int | Decimal) -> str:
    """Yuan in the policy's own style: ``60万元``, ``1.5万元``, ``8000元``, ``123.4567万元``.

    Exact: no digit is dropped. From 1万 up the figure is given in 万 (the policy writes
    ``2000万元``, not ``2千万``); below 1万 in 元.
    """
    value = Decimal(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= _WAN:
        return f"{sign}{_plain(value / _WAN)}万元"
    return f"{sign}{_plain(value)}元"


def format_range(low: int | Decimal, high: int | Decimal) -> str:
    """A range of yuan: ``5万元—20万元``; ``最高300万元`` when it starts at nothing (an upper
    bound); one figure when both ends agree. Every face shows ranges this way."""
    if low <= 0:
        return f"最高{format_yuan(high)}"
    return format_yuan(high) if low == high else f"{format_yuan(low)}—{format_yuan(high)}"


def format_rate(rate: Decimal) -> str:
    """``Decimal("0.3")`` → ``"30%"``; ``Decimal("0.025")`` → ``"2.5%"``."""
    return f"{_plain(rate * 100)}%"


def _plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 60, 1.5, 123.4567."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _clean(text: str) -> str:
    text = to_half_width(text).strip().lower()
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"(?<=\d)[,，](?=\d{3})", "", text)
    return text


def _parse_text(shown: str) -> Decimal:
    text = _clean(shown)
    for prefix in _PREFIXES:
        text = text.removeprefix(prefix)
    for suffix in _SUFFIXES:
        if text.endswith(suffix):
            text = text.removesuffix(suffix)
            break
    if text.startswith(("-", "负", "\u2212")):  # hyphen, 负, minus sign
        raise CalculationInputError(f"金额必须大于0：“{shown}”")
    return _parse_number(_arabic_point(text), shown)


def _arabic_point(text: str) -> str:
    """``一点五亿`` → ``1.5亿``: a Chinese decimal point with plain digits either side."""
    return _CN_POINT.sub(lambda m: f"{_digits(m.group(1))}.{_digits(m.group(2))}", text)


def _digits(chinese: str) -> str:
    return "".join(str(_DIGITS[ch]) for ch in chinese)


def _parse_number(text: str, shown: str) -> Decimal:
    """Arabic and Chinese numerals with 十百千 and 万/亿; rejects anything malformed.

    A lone Chinese digit right after a unit takes the next lower unit, as people say
    it: ``一万五`` = 15000, ``一千五`` = 1500, ``十五万`` = 150000 (``一万零五`` = 10005).
    """
    tokens = _TOKEN.findall(text)
    if not tokens or "".join(tokens) != text:
        raise _bad(shown)
    total = section = Decimal(0)
    number: Decimal | None = None
    last_small: int | None = None
    last_big: Decimal | None = None
    last_unit: Decimal | None = None  # the unit a following lone digit may abbreviate
    for token in tokens:
        if token in _DIGITS:
            if number is not None:
                raise _bad(shown)
            number = None if _DIGITS[token] == 0 else Decimal(_DIGITS[token])
            if _DIGITS[token] == 0:
                last_unit = None
        elif token in _SMALL_UNITS:
            unit = _SMALL_UNITS[token]
            if last_small is not None and unit >= last_small:
                raise _bad(shown)
            section += (number if number is not None else Decimal(1)) * unit
            number, last_small, last_unit = None, unit, Decimal(unit)
        elif token in _BIG_UNITS:
            big = _BIG_UNITS[token]
            if (number is None and section == 0) or (last_big is not None and big >= last_big):
                raise _bad(shown)
            total += (section + _elided(number, last_unit)) * big
            section, number, last_small, last_big, last_unit = Decimal(0), None, None, big, big
        else:
            if number is not None:
                raise _bad(shown)
            number = Decimal(token)
            last_unit = None  # Arabic figures are taken literally: 1万5000 = 15000
    return total + section + _elided(number, last_unit)


def _elided(number: Decimal | None, last_unit: Decimal | None) -> Decimal:
    if number is None:
        return Decimal(0)
    if last_unit is not None and last_unit >= 10:
        return number * last_unit / 10
    return number


def _bad(shown: str) -> CalculationInputError:
    return CalculationInputError(f"无法识别的金额：“{shown}”（示例：120万元、1.5亿、1,200,000元、三百万）")


def _parse_rate_text(text: str, shown: str) -> Decimal:
    if text.endswith("%") and len(text) > 1:
        return _parse_number(text[:-1], shown) / 100
    if text.startswith("百分之") and len(text) > 3:
        return _parse_number(_arabic_point(text[3:]), shown) / 100
    if text.startswith("千分之") and len(text) > 3:
        return _parse_number(text[3:], shown) / 1000
    if text.endswith("成") and len(text) > 1:
        return _parse_number(text[:-1], shown) / 10
    raise CalculationInputError(f"无法识别的比例：“{shown}”（请写成 30% 或 百分之三十）")


def _check_range(amount: Decimal, shown: str) -> Decimal:
    if not amount.is_finite():
        raise _bad(shown)
    if amount <= 0:
        raise CalculationInputError(f"金额必须大于0：“{shown}”")
    if amount > MAX_AMOUNT:
        raise CalculationInputError(f"金额过大（超过1万亿元），请检查：“{shown}”")
    return amount
