"""Properties of the calculator (hypothesis): caps, monotonicity, integers, equivalent inputs."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.calc import Calculator, Claim
from assistant.corpus import load_document
from assistant.rules import load_rulebase_for

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2024, 6, 1)
MAX_YUAN = 10**12

# measure, rule name, rate, cap (None = uncapped)
PERCENT_RULES = [
    ("5", "揭榜挂帅", Decimal("0.3"), 10_000_000),
    ("6", "专利引进", Decimal("0.5"), 2_000_000),
    ("12", "普惠小微贷款", Decimal("0.02"), None),
]

percent_rule = st.sampled_from(PERCENT_RULES)
base_yuan = st.integers(min_value=1, max_value=MAX_YUAN)


@lru_cache(maxsize=1)
def _calc() -> Calculator:
    doc = load_document(ROOT / "corpus" / "baotou-zjtx-2023.txt")
    return Calculator(load_rulebase_for(doc, ROOT / "corpus" / "rules"), doc.document)


def _amount(measure: str, tier: str, base: object) -> int | None:
    return _calc().calculate_measure(measure, tier=tier, base=base, as_of=AS_OF).total_yuan  # type: ignore[arg-type]


@settings(deadline=None)
@given(percent_rule, base_yuan)
def test_integer_never_above_cap_and_exact(rule: tuple[str, str, Decimal, int | None], base: int) -> None:
    measure, name, rate, cap = rule
    amount = _amount(measure, name, base)
    assert isinstance(amount, int)
    assert amount >= 0
    if cap is not None:
        assert amount <= cap
    exact = int((Decimal(base) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert amount == (min(exact, cap) if cap is not None else exact)


@settings(deadline=None)
@given(percent_rule, base_yuan, base_yuan)
def test_monotone_in_the_base(rule: tuple[str, str, Decimal, int | None], a: int, b: int) -> None:
    measure, name, _, _ = rule
    low, high = sorted((a, b))
    assert _amount(measure, name, low) <= _amount(measure, name, high)  # type: ignore[operator]


@settings(deadline=None)
@given(percent_rule, st.decimals(min_value=Decimal("0.01"), max_value=Decimal(MAX_YUAN), places=2))
def test_fractional_bases_give_integers(rule: tuple[str, str, Decimal, int | None], base: Decimal) -> None:
    measure, name, _, _ = rule
    assert isinstance(_amount(measure, name, str(base)), int)


@settings(deadline=None)
@given(percent_rule, st.integers(min_value=1, max_value=99_999_999))
def test_equivalent_spellings_give_identical_results(
    rule: tuple[str, str, Decimal, int | None], wan: int
) -> None:
    measure, name, _, _ = rule
    yuan = wan * 10_000
    spellings = [
        str(yuan),
        f"{yuan}元",
        f"{yuan:,}元",
        f"{wan}万",
        f"{wan}万元",
        f"{_chinese(wan)}万元" if wan < 10_000 else f"{_chinese(yuan)}元",
        f"{_chinese(yuan)}元",
        _full_width(f"{wan}万元"),
        yuan,
    ]
    results = [
        _calc().calculate_measure(measure, tier=name, base=s, as_of=AS_OF).to_dict()  # type: ignore[arg-type]
        for s in spellings
    ]
    assert all(r == results[0] for r in results)


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=MAX_YUAN - 1))
def test_chinese_numerals_equal_arabic(yuan: int) -> None:
    first = _calc().calculate_measure("6", base=f"{_chinese(yuan)}元", as_of=AS_OF)
    assert first == _calc().calculate_measure("6", base=str(yuan), as_of=AS_OF)


def test_the_issue_example_spellings() -> None:
    results = {
        _amount("6", "专利引进", s) for s in ("1200000元", "120万", "一百二十万元", "1,200,000元", "１２０万")
    }
    assert results == {600_000}


@settings(deadline=None)
@given(st.sets(st.sampled_from(["创新型中小企业", "专精特新中小企业", "小巨人"])), st.booleans())
def test_recognition_ladder_pays_only_the_highest(tiers: set[str], relocated: bool) -> None:
    values = {"创新型中小企业": 200_000, "专精特新中小企业": 500_000, "小巨人": 1_000_000}
    claims = [Claim("2", tier=t) for t in sorted(tiers)] + ([Claim("3")] if relocated else [])
    if not claims:
        return
    result = _calc().calculate(claims, as_of=AS_OF)
    expected = max((values[t] for t in tiers), default=0) + (300_000 if relocated else 0)
    assert result.total_yuan == expected


def _chinese(n: int, *, leading: bool = True) -> str:
    """Standard Chinese numerals for 1 ≤ n < 10^12, written independently of the parser."""
    yi, rest = divmod(n, 10**8)
    if yi:
        text = _chinese(yi) + "亿"
        if rest:
            text += ("零" if rest < 10**7 else "") + _chinese(rest, leading=False)
        return text
    high, low = divmod(n, 10_000)
    if not high:
        return _four(low, leading=leading)
    text = _four(high, leading=leading) + "万"
    if low:
        text += ("零" if low < 1000 else "") + _four(low, leading=False)
    return text


def _four(n: int, *, leading: bool) -> str:
    digits = "零一二三四五六七八九"
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if zero and out:
                out += "零"
            zero = False
            out += ("" if (unit == 10 and d == 1 and not out and leading) else digits[d]) + name
        elif out:
            zero = True
    return out


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in text)


def test_chinese_helper() -> None:
    assert [
        _chinese(n) for n in (10, 15, 120, 1005, 10_015, 1_200_000, 30_000_000, 101_000_000, 150_000_000)
    ] == [
        "十",
        "十五",
        "一百二十",
        "一千零五",
        "一万零一十五",
        "一百二十万",
        "三千万",
        "一亿零一百万",
        "一亿五千万",
    ]
