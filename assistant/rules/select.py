"""Which benefit of a measure a question is about, and what the question gives for it.

The dialogue knows *which measure* a question is about; this module says which rule and
which tier of that measure the words select, and reads the base, the quantity and the
number of periods the calculator needs — from the rule base's own names and quotes, with
nothing specific to one document:

* a rule or tier is chosen by the words that tell it apart from its siblings (the longest
  piece of the question found in its names, aliases, beneficiary or quote and in no sibling's:
  ``重点支持`` picks the 30% rule of a clause that also has 优先支持 50% and 适当支持 10%;
  ``创业板`` picks the tier ``在中小板、创业板、科创板上市企业``);
* when nothing tells them apart, or two alternatives are named, the answer is
  :class:`Ambiguous` — the options to list, never a total;
* several tiers named together are picked together only when the benefit says they add up
  (``tiers_add_up``: 不同级别叠加);
* the base of a percentage is the amount written next to its words (``研发实际发生额200万元``),
  the quantity of a per-unit benefit the number before its unit (``300亩``, ``3名``), the
  periods the number of months/years (``实习6个月``).

Example::

    result = rules.select("9", "我们刚被认定为国家级专精特新，能拿多少")
    if isinstance(result, Picked):
        calc.calculate(result.claims())
    else:                                   # Ambiguous: list result.options, ask which
        ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from assistant.errors import CalculationInputError
from assistant.rules.claim import Claim
from assistant.rules.names import alias_key
from assistant.rules.schema import (
    FixedBenefit,
    PercentBenefit,
    PerUnitBenefit,
    Rule,
    ThresholdBenefit,
    Tier,
)
from assistant.text.money import parse_amount, parse_quantity

if TYPE_CHECKING:
    from assistant.rules.rulebase import RuleBase, Selection

_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
_MONEY = re.compile(rf"({_NUM}(?:亿|万)?(?:{_NUM})?)\s*(亿元|万元|亿|万|元)(?!/)")
_FOREIGN = re.compile(rf"{_NUM}\s*(?:亿|万)?\s*(?:美元|港元|港币|欧元)")
#: How users write a unit: 人 as 名/位/个人, 个 as 家/项 …
_UNIT_WORDS = {
    "人": "人|名|位|个人", "人次": "人次|人", "亩": "亩", "间": "间", "块": "块", "个": "个|家|项",
    "家": "家|个", "项": "项|个", "张": "张", "批次": "批次", "夜": "夜|晚", "条": "条",
}  # fmt: skip
_PERIOD_WORDS = {"月": r"个?月", "年": r"年", "天": r"天|日", "夜": r"夜|晚"}
_FIGURES = re.compile(rf"{_NUM}\s*(?:亿元|万元|亿|万|元|%|％)")
_BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?(?!星|级|a|类|档|批|\d)")
#: A name score that decides among a measure's rules (a distinctive name piece of two characters).
_NAMED = 4
#: A name score that names a benefit clearly (a distinctive piece of three characters of its name).
_CLEARLY = 6
_RATE_NAME = re.compile(r"(?:利率|费率|税率|比例|标准)$")
_PUNCT = re.compile(r"[,，。、;；:：?？!！()（）|“”\"'《》]")
_STOP_CHARS = "企业奖励补贴助给予资金支持项目万元的对按和及或其,，、|?？"
#: Words too common in policy texts to tell two benefits apart.
_STOP = re.compile(r"^(?:企业|奖励|补贴|补助|给予|资金|支持|项目|万元|元|的|对|按|和|及|或|其)+$")


@dataclass(frozen=True)
class Pick:
    """One benefit chosen, with what the question gives for it (None where it gives nothing)."""

    selection: Selection
    #: The base of a percentage (元), the value thresholds are on, or the number of units.
    base: Decimal | None = None
    #: The amount a bracket's rate applies to when it is not the threshold base (地方财政贡献).
    rate_base: Decimal | None = None
    #: The number of periods of a per-unit benefit (实习6个月 → 6).
    periods: Decimal | None = None
    #: The question asks for several periods (2—4月, 三年, 全年) of a benefit computed per
    #: period from a per-period base (月租1万元, 年租金24万元): no single figure from one claim.
    spans_periods: bool = False

    @property
    def needs(self) -> str:
        """What is still missing to compute it (``""`` when nothing is)."""
        b = self.selection.rule.benefit
        if isinstance(b, PercentBenefit | ThresholdBenefit) and self.base is None:
            return b.base
        if isinstance(b, ThresholdBenefit) and b.rate_base and self.rate_base is None:
            return b.rate_base
        if isinstance(b, PerUnitBenefit) and self.base is None:
            return b.base or f"{b.unit}数"
        if self.spans_periods:
            return "各期的计算基数（所问为多个期间的合计）"
        return ""

    def claim(self) -> Claim:
        sel = self.selection
        ref = sel.tier.id if sel.tier is not None else sel.rule.id
        return Claim(sel.rule.measure, tier=ref, base=self.base, rate_base=self.rate_base, periods=self.periods)


@dataclass(frozen=True)
class Picked:
    """What the question selects: one pick, or several tiers that add up."""

    picks: tuple[Pick, ...]

    def claims(self) -> list[Claim]:
        """The calculator's claims (raises nothing; a missing base is the calculator's error)."""
        return [p.claim() for p in self.picks if not p.needs]

    @property
    def missing(self) -> tuple[str, ...]:
        """What to ask for before a figure can be given (bases, quantities)."""
        return tuple(dict.fromkeys(p.needs for p in self.picks if p.needs))


@dataclass(frozen=True)
class Ambiguous:
    """Several alternatives and nothing in the question that chooses: list them, state no total.

    ``kind`` is ``"tier"`` (which level of one benefit), ``"rule"`` (which of the measure's
    benefits), or ``"several"`` (two alternatives named together, which the rule base does not
    let add up).
    """

    options: tuple[Selection, ...]
    kind: str


def select(rules: RuleBase, measure: str, text: str) -> Picked | Ambiguous | None:
    """The benefit(s) of ``measure`` the question ``text`` is about; None when the measure has no rule."""
    candidates = rules.rules_for(measure)
    if not candidates:
        return None
    # figures are bases, not names: 年销售额1200万元 must not match 年销售额在1亿元 by its digits
    key = words_key(_FIGURES.sub("|", text))
    key = _BARE_NUMBER.sub("|", key)  # 200人参加 must not match 300人以上 by its zeros
    chosen = candidates[0] if len(candidates) == 1 else _choose_rule(rules, candidates, key)
    if isinstance(chosen, Ambiguous):
        return chosen
    return _choose_tier(rules, chosen, key, text)


def _choose_rule(rules: RuleBase, candidates: tuple[Rule, ...], key: str) -> Rule | Ambiguous:
    from assistant.rules.rulebase import Selection

    named = {r.id: _name_score(key, r, candidates) for r in candidates}
    if max(named.values()) >= _NAMED:
        scores = named  # a benefit called by its name (实习补贴): its name decides, not stray words of a quote
    else:
        scores = {r.id: _rule_score(key, r, candidates) for r in candidates}
    best = max(scores.values())
    top = [r for r in candidates if scores[r.id] == best]
    if best == 0 or len(top) > 1:
        pool = candidates if best == 0 else tuple(top)
        return Ambiguous(tuple(Selection(r) for r in pool), "rule")
    also = [r for r in candidates if r is not top[0] and named[r.id] >= _CLEARLY and named[top[0].id] >= _CLEARLY]
    if also and rules.same_measure == "alternatives":
        # two benefits named (一条高级雪道和两块标准化冰场) where the rule base does not say
        # they add up: both listed, no total
        return Ambiguous(tuple(Selection(r) for r in (top[0], *also)), "several")
    return top[0]


def _choose_tier(rules: RuleBase, rule: Rule, key: str, text: str) -> Picked | Ambiguous:
    from assistant.rules.rulebase import Selection

    tiers = rule.tiers
    if len(tiers) <= 1:
        return Picked((_pick(Selection(rule, tiers[0] if tiers else None), rule, text),))
    scores = {t.id: _score(key, _tier_words(t), [w for o in tiers if o is not t for w in _tier_words(o)])
              for t in tiers}
    parts = _discriminators([words_key(t.name) for t in tiers])
    named = [t for t, part in zip(tiers, parts, strict=True) if len(part) >= 2 and part in key]
    named = named or [t for t in tiers if scores[t.id] > 0]
    best = max(scores.values())
    top = [t for t in tiers if scores[t.id] == best]
    assert isinstance(rule.benefit, FixedBenefit)
    adds_up = rule.benefit.tiers_add_up
    if adds_up is None:
        adds_up = rules.same_measure == "add_up"
    if len(named) > 1 and adds_up:
        return Picked(tuple(_pick(Selection(rule, t), rule, text) for t in named))
    if len(named) > 1:  # 市级、后又被评为省级 where levels do not add up: both listed, no total
        return Ambiguous(tuple(Selection(rule, t) for t in named), "several")
    if len(named) == 1 and scores[named[0].id] > 0:
        return Picked((_pick(Selection(rule, named[0]), rule, text),))
    if best == 0 or len(top) > 1:
        return Ambiguous(tuple(Selection(rule, t) for t in (tiers if best == 0 else top)), "tier")
    return Picked((_pick(Selection(rule, top[0]), rule, text),))


# -- telling siblings apart ------------------------------------------------------------


_CN_DIGIT = {ch: str(i) for i, ch in enumerate("〇一二三四五六七八九")} | {"两": "2"}
_LEVEL_NUMERAL = re.compile(r"([〇一二两三四五六七八九])(?=星|级|a|类|档|批)")


_LEVEL_PIECE = re.compile(r"\d(?:星|级|a|类|档|批)|[a-z]\d|\da")


def words_key(text: str) -> str:
    """How a question and rule words are compared: :func:`alias_key`, with a level's numeral
    as a digit (``四星级`` = ``4星级``, ``国家4A级`` = ``国家4a级``)."""
    return _LEVEL_NUMERAL.sub(lambda m: _CN_DIGIT[m.group(1)], alias_key(text))


def _rule_names(rule: Rule) -> list[str]:
    """What a rule is called: title, aliases, the kind of money, its tiers' names."""
    out = [words_key(w) for w in (rule.title, *rule.aliases, getattr(rule.benefit, "kind", "")) if w]
    for tier in rule.tiers:
        out += _tier_words(tier)
    return out


def _rule_text(rule: Rule) -> list[str]:
    """What a rule says: its quote, beneficiary and conditions."""
    words = [rule.quote, rule.beneficiary, *(c.statement for c in rule.conditions)]
    return [words_key(w) for w in words if w]


def _discriminators(names: list[str]) -> list[str]:
    """What tells each of sibling names apart: the name without the prefix and suffix all share
    (``国家级孵化载体`` / ``省级孵化载体`` → ``国家级`` / ``省级``; ``4A旅游景区`` → ``4a``)."""
    if len(names) < 2:
        return names
    prefix = len(_common_prefix(names))
    suffix = len(_common_prefix([n[::-1] for n in names]))
    return [n[prefix : len(n) - suffix] if len(n) - suffix > prefix else n for n in names]


def _common_prefix(names: list[str]) -> str:
    first, last = min(names), max(names)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


def _name_score(key: str, rule: Rule, siblings: tuple[Rule, ...]) -> int:
    """How well ``key`` names ``rule`` by its names alone (doubled, as in :func:`_rule_score`).

    A name piece must not be in a sibling's name, nor in the words of a sibling from another clause."""
    others = [o for o in siblings if o is not rule]
    blocked = [w for o in others for w in _rule_names(o) + (_rule_text(o) if o.quote != rule.quote else [])]
    return 2 * _score(key, _rule_names(rule), blocked)


def _rule_score(key: str, rule: Rule, siblings: tuple[Rule, ...]) -> int:
    """Names count double: two rules drafted from one clause share its quote, not their names."""
    others = [o for o in siblings if o is not rule]
    by_name = _name_score(key, rule, siblings) // 2
    by_text = _score(key, _rule_text(rule) + _rule_names(rule), [w for o in others for w in _rule_text(o) + _rule_names(o)])
    return max(2 * by_name, by_text)


def _tier_words(tier: Tier) -> list[str]:
    return [words_key(w) for w in (tier.name, *tier.aliases) if w]


def _score(key: str, mine: list[str], others: list[str]) -> int:
    """How well ``key`` names one of ``mine`` and none of ``others``: the length of the longest
    piece of it found in ``mine`` and in no sibling's words, a piece with a figure counting
    double (``4a``, ``5星`` tell levels apart better than any plain word)."""
    best = 0
    n = len(key)
    for i in range(n):
        for j in range(n, i + 1, -1):  # longest first
            piece = key[i:j]
            core = piece.strip(_STOP_CHARS)  # 业奖励 is no name: only 企业 and 奖励 cut short
            weight = len(core) * (2 if _LEVEL_PIECE.search(piece) else 1)
            if weight <= best or len(core) < 2:
                continue
            if _PUNCT.search(piece):  # a name never spans a comma: 项目，固定资产投资 is two phrases
                continue
            if _STOP.match(piece) or not any(piece in w for w in mine):
                continue
            if any(piece in w for w in others):
                continue
            best = weight
            break
    return best if best >= 2 else 0


# -- what the question gives for the chosen benefit -------------------------------------


def _pick(selection: Selection, rule: Rule, text: str) -> Pick:
    b = rule.benefit
    plain = re.sub(r"\s+", "", text)
    if isinstance(b, PercentBenefit):
        if _RATE_NAME.search(b.base):  # 按再贷款利率的50%: the base is a rate, not an amount asked
            return Pick(selection)
        return Pick(selection, base=_amount_near(plain, b.base), spans_periods=_spans_periods(plain))
    if isinstance(b, PerUnitBenefit):
        return Pick(selection, base=_quantity(plain, b.unit), periods=_periods(plain, b.period))
    if isinstance(b, ThresholdBenefit):
        if b.unit == "元":
            base = _amount_near(plain, b.base, avoid=b.rate_base)
            rate_base = _amount_near(plain, b.rate_base, exclude=base) if b.rate_base else None
            return Pick(selection, base=base, rate_base=rate_base)
        if b.unit.endswith("元"):  # another currency: the figure as written in it, never converted
            return Pick(selection, base=_foreign(plain, b.unit))
        return Pick(selection, base=_quantity(plain, b.unit))
    return Pick(selection)


def _amounts(text: str) -> list[tuple[int, Decimal]]:
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


def _bigrams(words: str) -> set[str]:
    return {words[i : i + 2] for i in range(len(words) - 1)} - {"的", "企业"}


def _amount_near(text: str, base_name: str, *, avoid: str = "", exclude: Decimal | None = None) -> Decimal | None:
    """The amount written next to the words of ``base_name``; the only amount when none is."""
    found = [(pos, v) for pos, v in _amounts(text) if v != exclude or exclude is None]
    if not found:
        return None
    want, other = _bigrams(alias_key(base_name)), _bigrams(alias_key(avoid)) if avoid else set()

    def fit(pos: int) -> int:
        left = text[max(0, pos - 14) : pos]
        return sum(g in left for g in want) - sum(g in left for g in other - want)

    scored = sorted(found, key=lambda f: (-fit(f[0]), f[0]))
    if fit(scored[0][0]) > 0:
        return scored[0][1]
    return found[0][1] if len(found) == 1 and not avoid else None


def _quantity(text: str, unit: str) -> Decimal | None:
    words = _UNIT_WORDS.get(unit, re.escape(unit))
    for m in re.finditer(rf"({_NUM})\s*(?:{words})(?!均|月|年|天|小时|以上)", text):
        try:
            value = parse_quantity(m.group(1))
        except CalculationInputError:
            continue
        if value > 0:
            return value
    return None


#: A duration that is a condition (就业满1年, 6个月以上), not the periods claimed.
_CONDITION_SPAN = re.compile(r"(?:满|达|超过|连续)$")


def _periods(text: str, period: str) -> Decimal | None:
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
            try:
                value = parse_quantity(m.group(1))
            except CalculationInputError:
                continue
            if value > 0:
                return value * factor
    return None


_PER_PERIOD_BASE = re.compile(r"月租|每月|月均|年租金|每年|每季度|季度房租|一年")
_SEVERAL_PERIODS = re.compile(rf"\d+\s*[—–\-~至到]\s*\d+\s*月|(?<![满第])(?:{_NUM})\s*(?:年|个月|季度)(?!以上|内)|全年|一共|合计|总共")


def _spans_periods(text: str) -> bool:
    """A per-period base (月租1万元) and a question over several periods (2—4月, 三年, 全年)."""
    if not _PER_PERIOD_BASE.search(text):
        return False
    spans = [m.group(0) for m in _SEVERAL_PERIODS.finditer(text)]
    return any(not re.fullmatch(r"(?:一|1)\s*(?:年|个月|季度)", s) for s in spans)


def _foreign(text: str, unit: str) -> Decimal | None:
    m = re.search(rf"({_NUM}(?:亿|万)?)\s*{re.escape(unit)}", text)
    if not m:
        return None
    try:
        return parse_quantity(m.group(1))
    except CalculationInputError:
        return None
