"""What a question says about the claimant's case that chooses among a measure's rules, read
against the rules' own words — nothing specific to one document:

* the **year** of a multi-year benefit: ``前2年…80%，后3年…50%`` and ``第4年`` → the 后3年 rule;
* a **percentage a condition bounds**: ``增长20%(不含)以内`` / ``增长20%及以上`` and ``增长25%``;
* an **amount a condition bounds**: ``项目资金投入500万元—5000万元`` / ``投资5000万元以上``;
* a **schedule of periods** of one base: ``2月免收房租，3—4月房租减半`` — the rules add up over
  their periods, so a question about the rent as a whole takes them all;
* the **periods** a question spans (``三年``, ``2—4月``, ``全年``) and the period of the base it
  gives (``月租3万元`` is per month, ``每季度房租6万元`` per quarter, ``2300元/月``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from assistant.errors import CalculationInputError
from assistant.rules.schema import PercentBenefit, Rule
from assistant.text.money import parse_quantity

_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
#: 前2年 / 后3年 / 第1—2年 / 第3年起 in a rule's title or beneficiary.
_YEAR_SPAN = re.compile(rf"(前|后|第)({_NUM})(?:\s*[—–\-~至到]\s*({_NUM}))?\s*(?:个)?年")
#: 第4年 / 第一年 / 第2个年度 in a question.
_ORDINAL_YEAR = re.compile(rf"第\s*({_NUM})\s*(?:个)?(?:年|个?年度)")
_PERCENT_BOUND = re.compile(
    r"(\d+(?:\.\d+)?)\s*%\s*(?:[(（]\s*(不含|含)\s*[)）])?\s*(及以上|以上|以内|及以下|以下|(?=的))")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_MONEY_SPAN = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿)?\s*元?\s*[—–\-~至到]\s*(\d+(?:\.\d+)?)\s*(万|亿)?\s*元")
_MONEY_BOUND = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿)?\s*元\s*(及以上|以上|及以下|以下)")
_MULT = {None: Decimal(1), "": Decimal(1), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
#: How many of each period a larger one holds.
_IN = {("年", "月"): 12, ("年", "季度"): 4, ("季度", "月"): 3}
_SPAN_RANGE = re.compile(rf"({_NUM})\s*[—–\-~至到]\s*({_NUM})\s*月")
_SPAN_COUNT = re.compile(r"(?<![\d满第.])(\d{1,2}|[一二两三四五六七八九十]+)\s*(个月|个季度|季度|年)(?!以上|内|底|末|前|后)")
_BASE_PERIOD = (("月", re.compile(r"月租|每月|月均|/月|月(?:房)?租金")), ("季度", re.compile(r"每季度|季度(?:房)?租")),
                ("年", re.compile(r"年租金?|每年|一年|全年|年度")))  # fmt: skip


def number(text: str) -> Decimal | None:
    """A positive number written in digits or Chinese numerals; None otherwise."""
    try:
        value = parse_quantity(text)
    except CalculationInputError:
        return None
    return value if value > 0 else None


def by_year(candidates: Sequence[Rule], text: str) -> Rule | None:
    """The rule whose years (前2年 / 后3年 / 第3—5年) hold the year the question names (第4年,
    实现税收第一年); None when the question names no year or the rules state none."""
    m = _ORDINAL_YEAR.search(text)
    year = number(m.group(1)) if m else None
    if year is None:
        return None
    spans = {r.id: _years(r) for r in candidates}
    known = {k: v for k, v in spans.items() if v is not None}
    if len(known) < 2:
        return None
    first = sum(hi for lo, hi in known.values() if lo == 1 and hi is not None)
    fitting = []
    for rule in candidates:
        span = spans[rule.id]
        if span is None:
            continue
        lo, hi = span
        if lo == 0:  # 后N年: the N years after those of the 前 rules
            if not first:
                continue
            lo, hi = first + 1, first + (hi or 0)
        if lo <= year and (hi is None or year <= hi):
            fitting.append(rule)
    return fitting[0] if len(fitting) == 1 else None


def _years(rule: Rule) -> tuple[int, int | None] | None:
    """``(first, last)`` year of a rule by its own name: 前2年 → (1, 2); 第3—5年 → (3, 5);
    后3年 → (0, 3) (relative: after the 前 years)."""
    m = _YEAR_SPAN.search(rule.title) or _YEAR_SPAN.search(rule.beneficiary)
    if not m:
        return None
    a = number(m.group(2))
    b = number(m.group(3)) if m.group(3) else None
    if a is None:
        return None
    if m.group(1) == "前":
        return 1, int(a)
    if m.group(1) == "后":
        return 0, int(a)
    return int(a), int(b) if b is not None else int(a)


def by_percent(candidates: Sequence[Rule], text: str) -> Rule | None:
    """The rule whose condition bounds a percentage (增长20%及以上 / 20%(不含)以内) that holds the
    percentage the question states next to the same words (比上年增长25%)."""
    bounds = {r.id: _bound(r) for r in candidates}
    if sum(b is not None for b in bounds.values()) < 2:
        return None
    fitting = []
    for rule in candidates:
        bound = bounds[rule.id]
        if bound is None:
            continue
        word, low, low_inc, high, high_inc = bound
        value = _percent_near(text, word)
        if value is None:
            continue
        if (low is None or value > low or (low_inc and value == low)) and (
                high is None or value < high or (high_inc and value == high)):
            fitting.append(rule)
    return fitting[0] if len(fitting) == 1 else None


def _bound(rule: Rule) -> tuple[str, Decimal | None, bool, Decimal | None, bool] | None:
    words = rule.beneficiary + "".join(c.statement for c in rule.conditions)
    m = _PERCENT_BOUND.search(words)
    if not m:
        return None
    value = Decimal(m.group(1)) / 100
    before = re.sub(r"[^\u4e00-\u9fff]", "", words[max(0, m.start() - 6) : m.start()])[-2:]
    op, own = m.group(3), m.group(2)
    if op in ("及以上", "以上"):
        return before, value, op == "及以上" or own == "含", None, True
    if op in ("以内", "及以下", "以下"):
        return before, None, True, value, own != "不含" and op != "以下"
    return None


def _percent_near(text: str, word: str) -> Decimal | None:
    found = list(_PERCENT.finditer(text))
    near = [m for m in found if word and word in text[max(0, m.start() - 8) : m.start()]]
    chosen = near or (found if len(found) == 1 else [])
    return Decimal(chosen[0].group(1)) / 100 if chosen else None


def by_amount(candidates: Sequence[Rule], amounts: Sequence[Decimal]) -> Rule | None:
    """The one rule whose condition bounds an amount (项目资金投入500万元—5000万元 / 投资5000万元以上)
    that holds an amount of the question (投资2000万元)."""
    bounds = {r.id: _money_bound(r) for r in candidates}
    if sum(b is not None for b in bounds.values()) < 2 or not amounts:
        return None
    fitting = []
    for rule in candidates:
        bound = bounds[rule.id]
        if bound is None:
            continue
        low, low_inc, high, high_inc = bound
        if any((low is None or v > low or (low_inc and v == low)) and (high is None or v < high or (high_inc and v == high))
               for v in amounts):
            fitting.append(rule)
    return fitting[0] if len(fitting) == 1 else None


def _money_bound(rule: Rule) -> tuple[Decimal | None, bool, Decimal | None, bool] | None:
    words = rule.beneficiary
    m = _MONEY_SPAN.search(words)
    if m:
        high_mult = _MULT[m.group(4)]
        low = Decimal(m.group(1)) * (_MULT[m.group(2)] if m.group(2) else high_mult)
        return low, True, Decimal(m.group(3)) * high_mult, True
    m = _MONEY_BOUND.search(words)
    if not m:
        return None
    value = Decimal(m.group(1)) * _MULT[m.group(2)]
    if m.group(3).endswith("以上"):
        return value, m.group(3) == "及以上", None, True
    return None, True, value, True


def schedule(candidates: Sequence[Rule], text: str) -> list[Rule]:
    """Rules that pay one base over different periods (2月免收房租 / 3—4月房租减半: each with its
    exact periods) when the question is about that base: all of them, in order; else ``[]``."""
    groups: dict[tuple[str, str], list[Rule]] = {}
    for rule in candidates:
        b = rule.benefit
        if isinstance(b, PercentBenefit) and b.periods is not None and b.period:
            groups.setdefault((b.base, b.period), []).append(rule)
    for (base, _), rules in groups.items():
        if len(rules) >= 2 and base in text:
            return rules
    return []


def base_period(text: str, pos: int) -> str:
    """The period of the amount at ``pos`` by the words around it (月租3万元, 2300元/月 → 月)."""
    after = re.match(r"[\d.零〇一二两三四五六七八九十百千万亿]*\s*(?:万元|亿元|元)?\s*/\s*(月|季度|年)", text[pos:])
    if after:  # 2300元/月
        return after.group(1)
    before = text[max(0, pos - 8) : pos]
    for period, pattern in _BASE_PERIOD:
        if pattern.search(before):
            return period
    return ""


def convert(value: Decimal, given: str, wanted: str) -> Decimal:
    """An amount per ``given`` period as one per ``wanted`` period (月 → 季度: × 3)."""
    if not given or not wanted or given == wanted:
        return value
    if (wanted, given) in _IN:
        return value * _IN[(wanted, given)]
    if (given, wanted) in _IN:
        return value / _IN[(given, wanted)]
    return value


def span(text: str, period: str) -> Decimal | None:
    """How many ``period`` s the question spans (2—4月 → 3 months; 三年 → 3 years, or 36 months;
    全年 → 12 months / 4 quarters / 1 year); None when it states no span."""
    m = _SPAN_RANGE.search(text)
    if m and (a := number(m.group(1))) is not None and (b := number(m.group(2))) is not None and b >= a:
        return convert_count(b - a + 1, "月", period)
    m = _SPAN_COUNT.search(text)
    if m and (n := number(m.group(1))) is not None:
        unit = {"个月": "月", "个季度": "季度", "季度": "季度", "年": "年"}[m.group(2)]
        return convert_count(n, unit, period)
    if "全年" in text:
        return convert_count(Decimal(1), "年", period)
    return None


def convert_count(count: Decimal, given: str, wanted: str) -> Decimal | None:
    """A number of ``given`` periods in ``wanted`` ones (3年 → 36个月); None when it does not divide."""
    if given == wanted:
        return count
    if (given, wanted) in _IN:
        return count * _IN[(given, wanted)]
    if (wanted, given) in _IN:
        out = count / _IN[(wanted, given)]
        return out if out == out.to_integral_value() else None
    return None
