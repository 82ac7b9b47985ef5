"""Benefits with no amount of their own: another policy's (按照相关政策), case by case (一事一议),
a share not stated (给予一定的…补贴), a fee waived (免收…, …减半), a ceiling only (最高…)."""

from __future__ import annotations

import re
from typing import Any

from assistant.rules.draft import names
from assistant.rules.draft.common import BENEFIT_WORD, Draft, condition, kind_of, name, scope
from assistant.rules.draft.money import Token, amount_text, tokens
from assistant.rules.draft.sentences import Clause, commas

_NO_FIGURE = re.compile(
    r"按照?(?:相关|有关|国家|省|市)[^，。；]{0,8}?(?:政策|规定)(?:规定)?|予以一定额度的?|给予一定(?:的|额度的?)?|"
    r"(?:实行|给予|按照?|采取|实施)[“\"\s]*一事一议[”\"]?|视[^，。；]{0,10}给予"
)

_CAP_WORDS = re.compile(r"最高|不超过|不高于")

#: The standard is set by another document: 补助标准按照《…的通知》（明政办发明电〔2020〕1号）执行.
_STANDARD_ELSEWHERE = re.compile(r"标准\s*(按照?\s*《[^》]{2,80}》\s*(?:[（(][^)）]{0,40}[)）])?\s*(?:有关|相关)?(?:规定)?执行)")

_FROM_BASE = re.compile(r"从[^，,。]{2,20}中给予|按其[^，,。\d]{2,16}(?:给予|奖励)")

_WAIVE_OBJECT = re.compile(r"(免收|免征|停征|全额退还|零收费|不收取|免交|全部免除|免除)([^，,。；、等]{1,14})")

_WAIVE_AFTER = re.compile(r"()()([^，,。；]{2,14}?)(减半(?:征收|收取)?|免收|全部免除|免除|零收费)")

_NOT_A_GRANT = re.compile(
    r"不给予|不予|停止|能够|应当|必须|须遵守|不得|如出现|享受以上|享受上述|具体如下|如下|参照[^，,。]{0,12}给予|"
    r"按(?!规定|照规定|相关|有关|照相关|照有关)[^，,。]{1,10}给予|政策(?:扶持|支持)"
)

_GRANT_NO_FIGURE = re.compile(
    r"(?:给予|予以|提供|享受)[^，。；\d%]{0,14}?(补贴|补助|贴息|奖补|奖励|资助|扶持|资金支持)|"
    r"(?:酌情|适当|适度)(?:降低|提高|减免)[^，。；\d%]{0,8}?(费率|比例|利率|费用)|(?:实行|给予)[^，。；\d%]{0,6}?(优惠费率|优惠利率)|"
    r"申请[^，。；\d%]{0,14}?(困难减免)"
)


def read_unpriced(clause: Clause, toks: list[Token]) -> list[Draft]:
    """A clause with no amount paid: a ceiling, a reference, a waiver, or a grant without a figure."""
    text = clause.text
    caps = [t for t in toks if t.role == "cap" and t.kind == "money"]
    aside_caps = [t for t in toks if t.role == "aside" and t.kind == "money" and _CAP_WORDS.search(
        text[max(0, t.start - 12) : t.start])]
    ref = _FROM_BASE.search(text)
    if (caps or aside_caps) and (ref or _NO_FIGURE.search(text)):
        cap = (caps or aside_caps)[0]
        found = _NO_FIGURE.search(text)
        benefit = {"type": "per_other_policy", "kind": kind_of(text, cap.end),
                   "reference": found.group(0) if found else (ref.group(0) if ref else "原文未规定金额"),
                   "cap": amount_text(cap.value)}
        return [Draft(clause, benefit, name(text, cap.start), condition=condition(text, cap.start))]
    if caps and BENEFIT_WORD.search(text):
        cap = caps[0]
        benefit = {"type": "up_to", "kind": kind_of(text, cap.end), "max": amount_text(cap.value, cap.unit),
                   "cap_scope": scope(text, cap)}
        return [Draft(clause, benefit, name(text, cap.start), condition=condition(text, cap.start))]
    if toks_paid_elsewhere(toks):
        return []
    m = _NO_FIGURE.search(text)
    grants = m is not None and (
        "一事一议" in m.group(0) or m.group(0).startswith("视") or BENEFIT_WORD.search(text[m.end() : m.end() + 12]) is not None
    )
    if m and grants:
        benefit = {"type": "per_other_policy", "kind": kind_of(text, m.end()), "reference": m.group(0)}
        return [Draft(clause, benefit, name(text, m.start()), condition=condition(text, m.start()))]
    waived = waiver(clause)
    if waived:
        return waived
    m = _GRANT_NO_FIGURE.search(text)
    if m and not _NOT_A_GRANT.search(text) and not text.rstrip().endswith(("：", ":")) and not any(
        t.is_money or t.is_rate for t in toks if t.role != "aside"
    ):
        word = next(g for g in m.groups() if g)
        elsewhere = _STANDARD_ELSEWHERE.search(text)  # 补助标准按照《…通知》（…号）执行
        reference = re.sub(r"\s+", "", elsewhere.group(1)) if elsewhere else "原文未规定金额"
        benefit = {"type": "per_other_policy", "kind": word, "reference": reference}
        return [Draft(clause, benefit, name(text, m.start()), condition=condition(text, m.start()))]
    return []


def waiver(clause: Clause) -> list[Draft]:
    """免收2月份房租 / 3—4月房租减半: a fee waived in full (100%) or by half (50%).

    The months or quarters each waiver covers (``2020年2月``, ``3—4月``, ``第二、三、四季度``,
    ``1个月``) become its ``period`` and exact ``periods``; waivers of one base over different
    periods are a schedule: they add up (every one after the first ``stacks``)."""
    text = clause.text
    out: list[Draft] = []
    for start, group in _groups(text):
        when = _TIME.search(group)
        plain = _TIME.sub("", group) if when else group
        m = _WAIVE_OBJECT.search(plain) or _WAIVE_AFTER.search(plain)
        if not m:
            continue
        if m.group(1):
            verb, base = m.group(1), names.clean(m.group(2))
        else:
            verb, base = m.group(4), names.clean(m.group(3))
        base = names.clean(re.sub(r"[(（][^)）]*[)）]?", "", base))
        if not base or re.search(r"\d+(\.\d+)?\s*%", base):
            continue
        if re.search(r"政策", text[start + len(group) : start + len(group) + 12]) or "政策" in base:
            policy = {"type": "per_other_policy", "kind": "减免", "reference": names.clean(m.group(0))}
            return [Draft(clause, policy, base, condition=condition(text, start))]
        rate = "50%" if verb.startswith("减半") else "100%"
        benefit: dict[str, Any] = {"type": "percent", "kind": "减免", "rate": rate, "base": base}
        label = base
        span = _span(when.group(0)) if when else None
        if span is not None and when is not None:
            benefit["period"], benefit["periods"] = span
            label = names.clean(when.group(0)) + base
        out.append(Draft(clause, benefit, label, condition=condition(text, start), once=False))
    if len(out) > 1 and len({d.name for d in out}) == 1:
        return out[:1]
    timed = [d for d in out if d.benefit.get("periods")]
    if len(timed) > 1 and len({d.benefit["base"] for d in timed}) == 1:
        for d in timed[1:]:
            d.stacks = True  # 2月免收、3—4月减半: the same rent over different months adds up
    return out


#: The months or quarters a waiver covers, as written before or after its object.
_TIME = re.compile(
    r"(?:\d{4}\s*年\s*)?(?:第\s*[一二三四1-4](?:\s*[、和及]\s*[一二三四1-4])*\s*(?:个)?季度|"
    r"\d{1,2}\s*[—–\-~至到]\s*\d{1,2}\s*月份?|\d{1,2}\s*个月|\d{1,2}\s*月份?(?:\s*[、和及]\s*\d{1,2}\s*月份?)*)"
)
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


def _span(words: str) -> tuple[str, int] | None:
    """``(period, count)`` of a time phrase: ``3—4月`` → (月, 2); ``第二、三、四季度`` → (季度, 3)."""
    words = re.sub(r"^\d{4}\s*年\s*", "", words)
    if "季度" in words:
        return "季度", len(re.findall(r"[一二三四1-4]", words))
    m = re.match(r"(\d{1,2})\s*[—–\-~至到]\s*(\d{1,2})", words)
    if m:
        count = int(m.group(2)) - int(m.group(1)) + 1
        return ("月", count) if count > 0 else None
    m = re.match(r"(\d{1,2})\s*个月", words)
    if m:
        return ("月", int(m.group(1))) if int(m.group(1)) > 0 else None
    months = re.findall(r"(\d{1,2})\s*月", words)
    return ("月", len(set(months))) if months else None


def _groups(text: str) -> list[tuple[int, str]]:
    """Pieces of ``text`` between ，and ；, and within them between 、 — except that pieces
    without a waiver verb join the next one (``2月份、3月份、4月份房租减半`` is one)."""
    out: list[tuple[int, str]] = []
    for part in re.finditer(r"[^，,；;]+", text):
        pending: int | None = None
        for piece in re.finditer(r"[^、]+", part.group(0)):
            begin = part.start() + piece.start()
            first = begin if pending is None else pending
            chunk = text[first : part.start() + piece.end()]
            if _WAIVE_OBJECT.search(chunk) or _WAIVE_AFTER.search(chunk):
                out.append((first, chunk))
                pending = None
            elif pending is None:
                pending = begin
    return out

def unpriced_parts(clause: Clause) -> list[Draft]:
    """A comma part with no figure that grants an unpriced benefit (给予一定的保费补贴), next to a priced one."""
    out: list[Draft] = []
    for _, part in commas(clause.text):
        m = _NO_FIGURE.search(part)
        if m and not tokens(part) and BENEFIT_WORD.search(part[m.end() : m.end() + 12]):
            benefit = {"type": "per_other_policy", "kind": kind_of(part, m.end()), "reference": m.group(0)}
            out.append(Draft(clause, benefit, name(part, m.start()), condition=condition(part, m.start())))
    return out

def toks_paid_elsewhere(toks: list[Token]) -> bool:
    return any(t.role in ("paid", "cap") for t in toks)
