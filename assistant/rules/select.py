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

from assistant.rules import cases, given
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

if TYPE_CHECKING:
    from assistant.rules.rulebase import RuleBase, Selection

_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
_FIGURES = re.compile(rf"{_NUM}\s*(?:亿元|万元|亿|万|元|%|％)")
_BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?(?!星|级|a|类|档|批|\d)")
#: A name score that decides among a measure's rules (a distinctive name piece of two characters).
_NAMED = 4
#: A name score that names a benefit clearly (a distinctive piece of three characters of its name).
_CLEARLY = 6
_PUNCT = re.compile(r"[,，。、;；:：?？!！()（）|“”\"'《》]")
_STOP_CHARS = "企业奖励补贴助给予资金支持项目万元的对按和及或其,，、|?？"
#: Words too common in policy texts to tell two benefits apart.
_STOP = re.compile(r"^(?:企业|奖励|补贴|补助|给予|资金|支持|项目|标准|万元|元|的|对|按|和|及|或|其)+$")


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
    #: The amount a base rate applies to (新增贷款1000万元 of 按再贷款利率的50%给予贴息).
    principal: Decimal | None = None

    @property
    def needs(self) -> str:
        """What is still missing to compute it (``""`` when nothing is)."""
        b = self.selection.rule.benefit
        if isinstance(b, PercentBenefit | ThresholdBenefit) and self.base is None:
            return b.base
        if isinstance(b, PercentBenefit) and b.of_amount and self.principal is None:
            return f"{b.of_amount}金额"
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
        return Claim(sel.rule.measure, tier=ref, base=self.base, rate_base=self.rate_base, periods=self.periods,
                     principal=self.principal)


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
    key = _without_title(key, words_key(rules.title))  # 建设国际智能制造中心 names the document
    from assistant.rules.rulebase import Selection

    based = given.by_base(candidates, text, clearly=True) if len(candidates) > 1 else None
    chosen = candidates[0] if len(candidates) == 1 else (based or _choose_rule(rules, candidates, key))
    plan = cases.schedule(candidates, key) if len(candidates) > 1 else []
    options = [o.rule for o in chosen.options] if isinstance(chosen, Ambiguous) else [chosen]
    if (plan and all(r in options for r in plan)) or chosen in plan:
        # 2月免收房租，3—4月房租减半, asked of the rent as a whole: the periods add up
        return Picked(tuple(_pick(Selection(r), r, text) for r in plan))
    sure = len(candidates) == 1
    if isinstance(chosen, Ambiguous) and chosen.kind == "rule":
        # what the question says of its case: the year (第4年 → 后3年), a bounded percentage
        pool = tuple(o.rule for o in chosen.options)
        by_case = (cases.by_year(pool, text) or cases.by_percent(pool, text)
                   or cases.by_amount(pool, [v for _, v in given.amounts(re.sub(r"\s+", "", text))]) or given.by_base(pool, text))
        chosen, sure = (by_case, True) if by_case is not None else (chosen, sure)
    if isinstance(chosen, Ambiguous) and chosen.kind == "rule":
        # 中央财政按…50% / 省财政再给予25%, nothing between them: the grant and what comes on top of it
        alone = [o.rule for o in chosen.options if not o.rule.stacks]
        if len(alone) == 1 and all(o.rule.quote == alone[0].quote for o in chosen.options):
            chosen = alone[0]
    if isinstance(chosen, Ambiguous):
        return chosen
    sure = sure or _name_score(key, chosen, candidates) >= _NAMED
    picked = _choose_tier(rules, chosen, key, text, sure=sure)
    extra = [r for r in candidates if r.stacks and r is not chosen and r.quote == chosen.quote and not r.tiers]
    if extra and isinstance(picked, Picked):
        # 省财政再给予25%: granted on top of the chosen one in its own clause, so it comes with it
        return Picked(picked.picks + tuple(_pick(Selection(r), r, text, sure=sure) for r in extra))
    return picked


def _without_title(key: str, title: str, shortest: int = 4) -> str:
    """``key`` with every piece of at least ``shortest`` characters that is in the document's title
    cut out: the words that name the document tell none of its benefits apart."""
    if not title:
        return key
    out, i = [], 0
    while i < len(key):
        j = next((j for j in range(len(key), i + shortest - 1, -1) if key[i:j] in title), None)
        if j is None:
            out.append(key[i])
            i += 1
        else:
            out.append("|")
            i = j
    return "".join(out)


def _choose_rule(rules: RuleBase, candidates: tuple[Rule, ...], key: str) -> Rule | Ambiguous:
    from assistant.rules.rulebase import Selection

    named = {r.id: _name_score(key, r, candidates) for r in candidates}
    if max(named.values()) >= _NAMED:
        scores = named  # a benefit called by its name (实习补贴): its name decides, not stray words of a quote
    else:
        scores = {r.id: _rule_score(key, r, candidates) for r in candidates}
    best = max(scores.values())
    top = [r for r in candidates if scores[r.id] == best]
    if best > 0 and len(top) > 1:  # 引进企业 / 社团 of one list: the one named in full
        whole = [r for r in top if any(len(n) >= 2 and n in key for n in _own_names(r))]
        top = whole if len(whole) == 1 else top
    if best == 0 or len(top) > 1:
        pool = candidates if best == 0 else tuple(top)
        return Ambiguous(tuple(Selection(r) for r in pool), "rule")
    also = [r for r in candidates if r is not top[0] and named[r.id] >= _CLEARLY and named[top[0].id] >= _CLEARLY]
    if also and rules.same_measure == "alternatives":
        # two benefits named (一条高级雪道和两块标准化冰场) where the rule base does not say
        # they add up: both listed, no total
        return Ambiguous(tuple(Selection(r) for r in (top[0], *also)), "several")
    return top[0]


def _choose_tier(rules: RuleBase, rule: Rule, key: str, text: str, *, sure: bool = True) -> Picked | Ambiguous:
    from assistant.rules.rulebase import Selection

    tiers = rule.tiers
    own = [words_key(rule.quote), *(w for t in tiers for w in _tier_words(t))]
    if tiers and any(not any(level in w for w in own) for level in _STARS.findall(key)):
        # 国家四星级 asked of a rule that lists no such level: the question is about another benefit
        return Ambiguous(tuple(Selection(rule, t) for t in tiers), "tier")
    if len(tiers) <= 1:
        return Picked((_pick(Selection(rule, tiers[0] if tiers else None), rule, text, sure=sure),))
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


#: A star or A level (4星, 5a) in a question's key: a level a tiered benefit must list to be meant.
_STARS = re.compile(r"\d(?:星|a)")
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


def _own_names(rule: Rule) -> list[str]:
    """A rule's title without the kind of money (社团奖励 → 社团), and its aliases."""
    kind = getattr(rule.benefit, "kind", "")
    return [words_key(rule.title.removesuffix(kind) if kind else rule.title), *(words_key(a) for a in rule.aliases)]


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
    # a sibling from the same clause has the same words: it cannot block them (both are told apart
    # from the other clauses' rules, then from each other by name or by the question's case)
    blocked = [w for o in others for w in (_rule_names(o) if o.quote == rule.quote else _rule_text(o) + _rule_names(o))]
    by_text = _score(key, _rule_text(rule) + _rule_names(rule), blocked)
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


def _pick(selection: Selection, rule: Rule, text: str, *, sure: bool = True) -> Pick:
    """What ``text`` gives for the chosen benefit. ``sure``: the benefit was chosen by its name
    (or is the measure's only one), so a per-person amount asked without a count is one person's."""
    b = rule.benefit
    plain = re.sub(r"\s+", "", text)
    if isinstance(b, PercentBenefit):
        if given.RATE_NAME.search(b.base):  # 按再贷款利率的50%: the base is a rate, never taken from an amount
            if not b.of_amount:
                return Pick(selection)
            principal = given.amount_near(plain, b.of_amount)  # 新增贷款1000万元 × 再贷款利率2.5% × 50%
            return Pick(selection, base=given.rate_near(plain, b.base), principal=principal,
                        periods=cases.span(plain, b.period) if b.period and given.spans_periods(plain) else None)
        found = given.near(plain, b.base)
        spans = given.spans_periods(plain)
        if not b.period:
            return Pick(selection, base=found[1] if found else None, spans_periods=spans)
        # a base per period (年租金24万元, 每季度房租6万元): in the rule's period, times the periods asked
        base = cases.convert(found[1], cases.base_period(plain, found[0]), b.period) if found else None
        periods = cases.span(plain, b.period) if spans else None
        return Pick(selection, base=base, periods=periods,
                    spans_periods=spans and periods is None and b.periods is None)
    if isinstance(b, PerUnitBenefit):
        units = given.quantity(plain, b.unit)
        periods = given.periods(plain, b.period)
        if units is None and b.unit == "人" and sure and (not b.period or b.max_periods or periods):
            units = Decimal(1)  # 每人每月1500元, nobody counted: what one person gets (over the term)
        return Pick(selection, base=units, periods=periods)
    if isinstance(b, ThresholdBenefit):
        if b.unit == "元":
            base = given.amount_near(plain, b.base, avoid=b.rate_base)
            rate_base = given.amount_near(plain, b.rate_base, exclude=base) if b.rate_base else None
            return Pick(selection, base=base, rate_base=rate_base)
        if b.unit.endswith("元"):  # another currency: the figure as written in it, never converted
            return Pick(selection, base=given.foreign(plain, b.unit))
        return Pick(selection, base=given.quantity(plain, b.unit))
    return Pick(selection)
