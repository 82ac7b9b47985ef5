"""Read one clause into benefit drafts: which shape the money takes, for whom, on what.

Each reader looks at the figures of a clause and their roles (:mod:`.money`) and returns
:class:`~.common.Draft` objects holding a benefit in the rule-file format (plain dicts,
amounts as strings like ``20万元``). Nothing is invented: every figure is one of the clause's.
Clauses without an amount paid are read by :mod:`.unpriced`.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.rules.draft import names
from assistant.rules.draft.brackets import Span, bracket, brackets
from assistant.rules.draft.common import Draft, base_before, condition, kind_of, name, scope, verb_start
from assistant.rules.draft.money import Token, amount_text, rate_text, tokens
from assistant.rules.draft.sentences import Clause, commas
from assistant.rules.draft.unpriced import read_unpriced, unpriced_parts

_PER_BEFORE = re.compile(r"每(人次|人|间|块|张|亩|批次|个)(每(月|年|天))?$|每(月|年)$")

#: Who is paid per period when the clause names no unit (见习者…按每月500元给予生活费补贴).
_PERSON = re.compile(r"者|人员|人才|青年|学生|毕业生|职工|员工|学员|导游|个人")

_PERIODS = re.compile(r"(?:期限|时限)?(?:累计)?(?:最长为?|不超过|最多)\s*(\d+)\s*个?(月|年)")

_MAX_UNITS = re.compile(r"(?:最多|不超过)(?:申报|补贴)?\s*(\d+)\s*(人|家|个)(?!月|年|季度|工作日)")

#: The term of a benefit paid per period: 补贴期限最长不超过3年, 期限累计不超过36个月.
_TERM = re.compile(r"期限(?:累计)?(?:最长)?(?:为|不超过|最多)*\s*(\d+)\s*(个月|个季度|月|年)")

#: A cap per period (每个企业…每年不超过5万元): the base is one period's.
_CAP_PERIOD = re.compile(r"每(年|月|季度)")

#: How many months a year or a quarter holds, for a term written in another period than the amount.
_MONTHS = {"年": 12, "季度": 3, "月": 1}

_REVIEW = re.compile(r"经评审认定|经评审|评审认定|经审核|经认定")

_PER_EACH = re.compile(r"每(?:成功)?[\u4e00-\u9fff]{0,4}?1\s*(个|家|人|名|项)")


def read_clause(clause: Clause) -> list[Draft]:
    """Every benefit of one clause (none when it grants no money and names no policy)."""
    text = clause.text
    toks = tokens(text)
    paid = [t for t in toks if t.role == "paid"]
    caps = [t for t in toks if t.role == "cap"]
    rates = [t for t in paid if t.is_rate] + [t for t in caps if t.is_rate]
    rates.sort(key=lambda t: t.start)
    money_caps = [t for t in caps if t.kind == "money"]
    money = [t for t in paid if t.is_money]
    if rates:
        return _percent(clause, rates, money_caps) + unpriced_parts(clause)
    if money:
        per = [t for t in money if _is_per_unit(text, t)]
        if per:
            drafts = [_per_unit(clause, t, money_caps) for t in per]
            listed = names.enumeration(text[: verb_start(text, per[0].start)], len(per)) if len(per) > 1 and "分别" in text else None
            for d, n in zip(drafts, listed or (), strict=False):
                d.name = n  # 中级、高级导游证人员…分别给予3000元/年、5000元/年: each amount its own holder
            return drafts
        ranges = [t for t in money if t.kind == "money_range"]
        if ranges:
            return [_range(clause, ranges[0])]
        return _fixed(clause, [t for t in money if t.kind == "money"], money_caps)
    return read_unpriced(clause, toks)


def _is_per_unit(text: str, t: Token) -> bool:
    if t.per or _PER_EACH.search(text[: t.start]):
        return True
    before = re.sub(r"\s+", "", text[max(0, t.start - 10) : t.start])
    before = re.sub(r"(按|的标准|奖励|给予|补贴)$", "", before)
    return bool(_PER_BEFORE.search(before))

def _per_unit(clause: Clause, t: Token, caps: list[Token]) -> Draft:
    text = clause.text
    before = re.sub(r"\s+", "", text[max(0, t.start - 10) : t.start])
    before = re.sub(r"(按|的标准|奖励|给予|补贴)$", "", before)
    m = _PER_BEFORE.search(before)
    per = [p for p in t.per.split("/") if p]
    unit, period = "", ""
    each = _PER_EACH.search(text[: t.start])
    if m and m.group(1):
        unit, period = m.group(1), m.group(3) or ""
    elif m:  # 按每月500元: per period, per claimant — a person or an organisation, as the clause says
        unit, period = ("人" if _PERSON.search(text[: t.start]) else "家"), m.group(4)
    elif each:
        unit = each.group(1)
    if per:
        unit = unit or per[0]
        if per[0] in ("年", "月") and len(per) == 1:
            unit, period = "人", per[0]
        elif len(per) > 1:
            period = per[1]
    kind = kind_of(text, t.end)
    benefit: dict[str, Any] = {"type": "per_unit", "kind": "补贴" if kind == "资金支持" else kind,
                               "amount": amount_text(t.value),
               "unit": unit or "个", "period": period}
    periods = _PERIODS.search(text[t.end :])
    if periods:
        benefit["period"] = benefit["period"] or periods.group(2)
        benefit["max_periods"] = _in_periods(int(periods.group(1)), periods.group(2), benefit["period"])
    units = _MAX_UNITS.search(text)
    if units:
        benefit["max_units"] = int(units.group(1))
    cap = next((c for c in caps if c.start > t.start), None)
    if cap is not None:
        benefit["cap"] = amount_text(cap.value)
        if scope(text, cap):
            benefit["cap_scope"] = scope(text, cap)
    draft = Draft(clause, benefit, name(text, t.start), condition=condition(text, t.start), once=False)
    spans = brackets(text)
    if len(spans) == 1 and spans[0].unit == unit:
        draft.bracket = bracket(spans[0], {"per_unit": benefit["amount"]})
    return draft

def _in_periods(count: int, written: str, period: str) -> int:
    """A term in the benefit's own period: 补贴期限最长为2年 of a monthly amount → 24 (months)."""
    written = written.removeprefix("个")
    if written == period or written not in _MONTHS or period not in _MONTHS:
        return count
    months = count * _MONTHS[written]
    return months // _MONTHS[period] if months % _MONTHS[period] == 0 else count

def _range(clause: Clause, t: Token) -> Draft:
    text = clause.text
    assert t.low is not None
    benefit: dict[str, Any] = {"type": "range", "kind": kind_of(text, t.end), "min": amount_text(t.low, t.unit),
                               "max": amount_text(t.value, t.unit)}
    review = _REVIEW.search(text)
    if review:
        benefit["decided_by"] = review.group(0)
    return Draft(clause, benefit, name(text, t.start), condition=condition(text, t.start))

def _fixed(clause: Clause, money: list[Token], caps: list[Token]) -> list[Draft]:
    text = clause.text
    first = money[0]
    kind = kind_of(text, money[-1].end)
    spans = [s for s in brackets(text) if s.unit in ("元", "美元", "亩", "人次", "人")]
    if len(money) == 1 and "分别" in text:
        same = names.enumeration(text[: verb_start(text, first.start)], 0)
        if same and len(same) > 1:
            tiers = [_tier(i + 1, n, first) for i, n in enumerate(same)]
            return [Draft(clause, {"type": "fixed", "kind": kind, "tiers": tiers}, name(text, first.start),
                          condition=condition(text, first.start))]
    if len(money) == 1:
        draft = Draft(clause, {"type": "fixed", "kind": kind, "tiers": [_tier(1, "", first)]},
                      name(text, first.start), condition=condition(text, first.start))
        if len(spans) == 1:
            draft.bracket = bracket(spans[0], {"amount": amount_text(first.value)})
        _cap_note(draft, caps)
        return [draft]
    if len(spans) == len(money) and "分别" in text:
        return [_threshold(clause, spans, [{"amount": amount_text(t.value)} for t in money], kind)]
    thresholds = [t for t in _tokens_of(text) if t.role == "threshold" and t.is_money]
    if len(thresholds) == len(money) and "分别" in text and not spans:
        pays = [{"amount": amount_text(t.value)} for t in money]
        tspans = [Span(t.value, nxt.value if nxt else None, True, False, t.unit, t.start, t.end,
                       f"{amount_text(t.value, t.unit)}及以上") for t, nxt in zip(thresholds, [*thresholds[1:], None],
                                                                              strict=True)]
        return [_threshold(clause, tspans, pays, kind)]
    tier_names = names.enumeration(text[: verb_start(text, first.start)], len(money))
    if tier_names is None and "分别" not in text:
        parts = [(o, p) for o, p in commas(text) if any(o <= t.start < o + len(p) for t in money)]
        if len(parts) == len(money):
            tier_names = [names.clean(re.split(r"奖励|给予|补贴", p)[0]) or f"第{i + 1}档" for i, (_, p) in
                          enumerate(parts)]
    if tier_names is None:
        tier_names = [f"第{i + 1}档" for i in range(len(money))]
    tiers = [_tier(i + 1, n, t) for i, (n, t) in enumerate(zip(tier_names, money, strict=True))]
    draft = Draft(clause, {"type": "fixed", "kind": kind, "tiers": tiers}, name(text, first.start),
                  condition=condition(text, first.start))
    _cap_note(draft, caps)
    return [draft]

def _tokens_of(text: str) -> list[Token]:
    return tokens(text)

def _cap_note(draft: Draft, caps: list[Token]) -> None:
    for cap in caps:
        words = draft.clause.text[max(0, cap.start - 16) : cap.end]
        draft.notes.append(f"原文另有上限：{words.split('，')[-1].strip()}")

def _tier(index: int, name: str, t: Token) -> dict[str, Any]:
    return {"id": f"t{index}", "name": name or "", "amount": amount_text(t.value)}

def _threshold(clause: Clause, spans: list[Span], pays: list[dict[str, Any]], kind: str) -> Draft:
    text = clause.text
    brs = [bracket(s, p) | {"id": f"b{i + 1}"} for i, (s, p) in enumerate(zip(spans, pays, strict=True))]
    benefit = {"type": "threshold", "kind": kind,
               "base": base_before(text, spans[0].start) or _noun_before(text, spans[0].start) or "计算基数",
               "unit": spans[0].unit, "brackets": brs}
    return Draft(clause, benefit, name(text, spans[0].start), condition=condition(text, spans[0].start))

def _noun_before(text: str, pos: int) -> str:
    """The words a threshold is on, right before its first figure (``固定资产投资1000万元及以上…``
    → ``固定资产投资``; ``即：年度地方财政贡献1000万元…`` → ``年度地方财政贡献``)."""
    head = re.sub(r"\s+", "", text[:pos])
    head = re.split(r"[，,：:；;、]", head)[-1]
    head = re.sub(r"^(?:其中|对|其|即|凡|在|按|参照)+", "", head)
    return head if 2 <= len(head) <= 14 and re.fullmatch(r"[\u4e00-\u9fff]+", head) else ""

def _percent(clause: Clause, rates: list[Token], caps: list[Token]) -> list[Draft]:
    text = clause.text
    spans = brackets(text)
    kind = _fee_ceiling(text, rates[0].start) or kind_of(text, rates[-1].end)
    if len(rates) > 1 and len(spans) == len(rates):
        pays = [{"rate": rate_text(t.value)} for t in rates]
        draft = _threshold(clause, spans, pays, kind)
        base = base_before(text, rates[0].start)
        if base and base not in draft.benefit["base"] and draft.benefit["base"] not in base:
            draft.benefit["rate_base"] = base  # thresholds on 固定资产投资, the rate on 地方财政贡献
        return [draft]
    drafts: list[Draft] = []
    after_names = names.enumeration(_after_words(text, rates[-1].end), len(rates)) if len(rates) > 1 else None
    part_names = _part_names(text, rates) if len(rates) > 1 and not after_names else None
    base = ""
    for i, t in enumerate(rates):
        nxt = rates[i + 1].start if i + 1 < len(rates) else len(text)
        cap = next((c for c in caps if t.start < c.start < nxt), None)
        cap = cap or next((c for c in caps if c.start > rates[-1].start), None)
        between = text[rates[i - 1].end : t.start] if i > 0 else ""
        listed = i > 0 and re.fullmatch(r"\s*[、和及与]\s*", between) is not None
        # 中央财政按…利率的50%给予贴息，省财政再给予25%的贴息: the second rate, on the same base, adds to the first
        again = i > 0 and bool(base) and re.search(r"(?:再|另)(?:行)?给予[^，,；;按]{0,4}$", between) is not None
        base = base if (listed or again) and base else base_before(text, t.start)
        benefit: dict[str, Any] = {"type": "percent", "kind": kind, "rate": rate_text(t.value),
                                   "base": base or "计算基数"}
        if t.low is not None:
            benefit["rate_min"] = rate_text(t.low)
        if t.role == "cap" or re.search(r"(最高|不超过|不高于)[^，,\d]{0,8}$", text[max(0, t.start - 10) : t.start]):
            benefit["upper_bound"] = True
        if cap is not None:
            benefit["cap"] = amount_text(cap.value)
            if scope(text, cap):
                benefit["cap_scope"] = scope(text, cap)
        _per_period(benefit, text[t.end :])
        if re.search(r"利率$", benefit["base"]) and "贷款" in text:
            benefit["of_amount"] = "贷款"  # 按再贷款利率的50%给予贴息: of the loan, at that rate
        label = after_names[i] if after_names else (part_names[i] if part_names else name(text, t.start))
        draft = Draft(clause, benefit, label, condition=condition(text, t.start), once=False, stacks=again)
        if "一事一议" in text:
            draft.notes.append("特殊情况“一事一议”，金额以个案议定为准，不适用本计算")
        drafts.append(draft)
    return drafts

#: A fee rate lowered to a ceiling (收取的担保费率降至1%以内): what is charged at most, not paid.
_FEE_RATE = re.compile(r"((?:(?!的)[\u4e00-\u9fff]){1,3}费)率\s*(?:降至|降低至|降低到|下调至|下调到)\s*$")


def _fee_ceiling(text: str, rate_start: int) -> str:
    """``担保费上限`` when the clause's first rate is a fee lowered to a ceiling, else ``""``."""
    m = _FEE_RATE.search(re.sub(r"\s+", "", text[max(0, rate_start - 12) : rate_start]))
    after = text[rate_start : rate_start + 12]
    return f"{m.group(1)}上限" if m and re.search(r"%\s*(?:以内|以下)", after) else ""

def _per_period(benefit: dict[str, Any], after: str) -> None:
    """A cap per period (每年不超过5万元) makes the base one period's; a term (补贴期限最长不超过3年)
    bounds how many periods count."""
    per = _CAP_PERIOD.search(benefit.get("cap_scope", ""))
    term = _TERM.search(after)
    if not per and not term:
        return
    assert per is not None or term is not None
    benefit["period"] = per.group(1) if per else term.group(2).removeprefix("个")  # type: ignore[union-attr]
    if term:
        benefit["max_periods"] = _in_periods(int(term.group(1)), term.group(2), benefit["period"])

def _part_names(text: str, rates: list[Token]) -> list[str] | None:
    """``三星级按60%…，四星级按80%…``: each rate's own comma part names it."""
    parts = [(o, p) for o, p in commas(text) if any(o <= t.start < o + len(p) for t in rates)]
    if len(parts) != len(rates):
        return None
    found = [names.clean(re.split(r"按|给予|奖励", p)[0]) for _, p in parts]
    return found if all(found) and len(set(found)) == len(found) else None

def _after_words(text: str, end: int) -> str:
    m = re.match(r"[^，。；]*?对(.+?)(?:进行|给予|予以)", text[end:])
    return m.group(1) if m else ""
