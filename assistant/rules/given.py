"""What a question gives for a benefit: the amounts it writes (and where), the base next to a
benefit's words, a rate, a quantity of units, the periods it claims or spans, a foreign-currency
figure — read with nothing specific to one document (see :mod:`assistant.rules.select`)."""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.errors import CalculationInputError
from assistant.rules.names import alias_key
from assistant.rules.schema import PercentBenefit, Rule, ThresholdBenefit
from assistant.text.money import parse_amount, parse_quantity

_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
_MONEY = re.compile(rf"({_NUM}(?:亿|万)?(?:{_NUM})?)\s*(亿元|万元|亿|万|元)(?!/(?!月|年|季度))")
_FOREIGN = re.compile(rf"{_NUM}\s*(?:亿|万)?\s*(?:美元|港元|港币|欧元)")
#: How users write a unit: 人 as 名/位/个人, 个 as 家/项 …
_UNIT_WORDS = {
    "人": "人|名|位|个人", "人次": "人次|人", "亩": "亩", "间": "间", "块": "块", "个": "个|家|项",
    "家": "家|个", "项": "项|个", "张": "张", "批次": "批次", "夜": "夜|晚", "条": "条",
}  # fmt: skip
_PERIOD_WORDS = {"月": r"个?月", "年": r"年", "天": r"天|日", "夜": r"夜|晚"}
RATE_NAME = re.compile(r"(?:利率|费率|税率|比例)$")


def rate_near(text: str, name: str) -> Decimal | None:
    """The percentage written next to the words of a base that is a rate (再贷款利率按2.5% → 0.025)."""
    want = bigrams(alias_key(name))
    best: tuple[int, Decimal] | None = None
    for m in re.finditer(r"(\d+(?:\.\d+)?)\s*[%％]", text):
        fit = sum(g in text[max(0, m.start() - 10) : m.start()] for g in want)
        if fit > 0 and (best is None or fit > best[0]):
            best = (fit, Decimal(m.group(1)) / 100)
    return best[1] if best else None


def by_base(pool: tuple[Rule, ...], text: str, *, clearly: bool = False) -> Rule | None:
    """The one rule of ``pool`` whose base the question states: an amount written right after
    its base's words in the same phrase (实际租用办公用房物业网络一年80万元 → the rule on 实际租用的
    办公用房…), when no other rule's base fits as well."""
    plain = re.sub(r"\s+", "", text)
    scores: dict[str, int] = {}
    for rule in pool:
        b = rule.benefit
        if not isinstance(b, PercentBenefit | ThresholdBenefit) or RATE_NAME.search(b.base):
            continue
        want = bigrams(alias_key(b.base))
        for pos, _ in amounts(plain):
            phrase = re.split(r"[,，。；;、:：]", plain[max(0, pos - 14) : pos])[-1]
            scores[rule.id] = max(scores.get(rule.id, 0), sum(g in phrase for g in want))
    ranked = sorted(scores.values(), reverse=True)
    need, margin = (4, 3) if clearly else (2, 1)  # clearly: before any name is read, by a wide margin
    if not ranked or ranked[0] < need or (len(ranked) > 1 and ranked[0] - ranked[1] < margin):
        return None
    return next(r for r in pool if scores.get(r.id) == ranked[0])


def amounts(text: str) -> list[tuple[int, Decimal]]:
    out: list[tuple[int, Decimal]] = []
    foreign = [(m.start(), m.end()) for m in _FOREIGN.finditer(text)]
    for m in _MONEY.finditer(text):
        if any(a <= m.start() < b for a, b in foreign):
            continue
        try:
            out.append((m.start(), parse_amount(m.group(1) + m.group(2))))
        except CalculationInputError:
            continue
    return out


def bigrams(words: str) -> set[str]:
    return {words[i : i + 2] for i in range(len(words) - 1)} - {"的", "企业"}


def amount_near(text: str, base_name: str, *, avoid: str = "", exclude: Decimal | None = None) -> Decimal | None:
    """The amount written next to the words of ``base_name``; the only amount when none is."""
    found = near(text, base_name, avoid=avoid, exclude=exclude)
    return found[1] if found else None


def near(text: str, base_name: str, *, avoid: str = "", exclude: Decimal | None = None) -> tuple[int, Decimal] | None:
    """:func:`_amount_near` with the amount's position in ``text``."""
    found = [(pos, v) for pos, v in amounts(text) if v != exclude or exclude is None]
    if not found:
        return None
    want, other = bigrams(alias_key(base_name)), bigrams(alias_key(avoid)) if avoid else set()

    def fit(pos: int) -> int:
        left = text[max(0, pos - 14) : pos]
        return sum(g in left for g in want) - sum(g in left for g in other - want)

    scored = sorted(found, key=lambda f: (-fit(f[0]), f[0]))
    if fit(scored[0][0]) > 0:
        return scored[0]
    return found[0] if len(found) == 1 and not avoid else None


def quantity(text: str, unit: str) -> Decimal | None:
    words = _UNIT_WORDS.get(unit, re.escape(unit))
    for m in re.finditer(rf"({_NUM})\s*(?:{words})(?!均|月|年|天|小时|以上|{'次' if unit != '人次' else '$^'})", text):
        try:
            value = parse_quantity(m.group(1))
        except CalculationInputError:
            continue
        if value > 0:
            return value
    return None


#: A duration that is a condition (就业满1年, 6个月以上), not the periods claimed.
_CONDITION_SPAN = re.compile(r"(?:满|达|超过|连续)$")


def periods(text: str, period: str) -> Decimal | None:
    """How many periods the question claims (实习8个月 → 8; 一年 of a monthly benefit → 12);
    durations that are conditions (就业满1年, 参保6个月以上) are not periods."""
    if not period or period not in _PERIOD_WORDS:
        return None
    units = [(period, Decimal(1))] + ([("年", Decimal(12))] if period == "月" else [])
    for word, factor in units:
        for m in re.finditer(rf"({_NUM})\s*(?:{_PERIOD_WORDS[word]})", text):
            before, after = text[max(0, m.start() - 2) : m.start()], text[m.end() : m.end() + 4]
            if _CONDITION_SPAN.search(before[-2:]) or re.match(r"(?:以上|及以上|\(含\))", after):
                continue
            if re.fullmatch(r"\d{4}", m.group(1)) or text[max(0, m.start() - 1) : m.start()].isdigit():
                continue  # 2020年 is a date, not a number of years
            try:
                value = parse_quantity(m.group(1))
            except CalculationInputError:
                continue
            if value > 0:
                return value * factor
    if re.search(rf"每个?(?:{_PERIOD_WORDS[period]})", text):
        return Decimal(1)  # 每月补贴多少: one period
    return None


_PER_PERIOD_BASE = re.compile(r"月租|每月|月均|/月|年租金|每年|每季度|季度房租|一年|年度")
_SEVERAL_PERIODS = re.compile(
    r"\d+\s*[—–\-~至到]\s*\d+\s*月|(?<![\d满第.])(?:\d{1,2}|[一二两三四五六七八九十]+)\s*(?:年|个月|季度)(?!以上|内)|全年|一共|合计|总共"
)


def spans_periods(text: str) -> bool:
    """A per-period base (月租1万元) and a question over several periods (2—4月, 三年, 全年)."""
    if not _PER_PERIOD_BASE.search(text):
        return False
    spans = [m.group(0) for m in _SEVERAL_PERIODS.finditer(text)]
    return any(not re.fullmatch(r"(?:一|1)\s*(?:年|个月|季度)", s) for s in spans)


def foreign(text: str, unit: str) -> Decimal | None:
    m = re.search(rf"({_NUM}(?:亿|万)?)\s*{re.escape(unit)}", text)
    if not m:
        return None
    try:
        return parse_quantity(m.group(1))
    except CalculationInputError:
        return None
