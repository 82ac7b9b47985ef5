"""Money phrases of a clause: amounts, ranges, rates, quantities, and the role of each.

A figure's *role* is read from the words around it: ``paid`` (给予企业30万元奖励),
``cap`` (单个项目不超过1000万元), ``threshold`` (年销售额在1亿元及以上的), ``budget``
(设立100亿元规模的基金), ``aside`` (inside parentheses) or ``other``.

Example:
    >>> [(t.kind, t.role, t.value) for t in tokens("按投资额的30%给予扶持，最高1000万元")]
    [('rate', 'paid', Decimal('0.3')), ('money', 'cap', Decimal('10000000'))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Kind = Literal["money", "money_range", "rate", "rate_range", "quantity"]
Role = Literal["paid", "cap", "threshold", "budget", "aside", "other"]

_NUM = r"\d+(?:\.\d+)?"
_DASH = r"[—–\-~～至到]"
_MULT = {"": Decimal(1), "千": Decimal(1000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
_UNITS = "亩|人次|人|间|块|家|张|平方米|批次|个"

_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = [
    ("rate_range", re.compile(rf"(?P<a>{_NUM})\s*%?\s*{_DASH}\s*(?P<b>{_NUM})\s*%")),
    ("rate", re.compile(rf"(?P<a>{_NUM})\s*%")),
    (
        "money_range",
        re.compile(
            rf"(?P<a>{_NUM})\s*(?P<am>万|亿)?\s*(?:元)?\s*{_DASH}\s*(?P<b>{_NUM})\s*(?P<bm>万|亿)?\s*(?P<cur>美元|元)"
        ),
    ),
    (
        "money",
        re.compile(rf"(?P<a>{_NUM})\s*(?P<am>万亿|亿|万|千)?\s*(?P<cur>美元|元)(?P<per>(?:/[人亩间年月夜次块天]+)*)"),
    ),
    ("quantity", re.compile(rf"(?P<a>{_NUM})\s*(?P<am>万)?\s*(?P<cur>{_UNITS})")),
]

_BENEFIT = re.compile(
    r"给予|奖励|补贴|补助|资助|支持|扶持|奖金|返还|奖补|开办费|配套|兑现|提供|贴息|减免|激励"
)
_CAP_BEFORE = re.compile(r"(最高|不超过|不高于|最多|上限为?|封顶)[^，,。；\d%]{0,14}$")
_THRESHOLD_AFTER = re.compile(
    r"^\s*(?:[(（〔][^)）〕]*[)）〕])?\s*(?:及以上|以上|及以下|以下|以内|规模|的\s*(?:[，,、]|$))"
)
_THRESHOLD_BEFORE = re.compile(
    r"(达到|达|超过|不低于|低于|高于|至|在|投资|投入|额|收入|资产|规模|贡献|余额|产值|增长|增速|降至|"
    r"下浮|上浮|提高到|提高至|由|比例|面积)\s*$"
)
_BUDGET_BEFORE = re.compile(r"(设立|安排(?!最高)|首期|首批|用好)")
_RATE_LIMIT_AFTER = re.compile(r"^的?[^，,、\d]{0,4}上限")
_OLD_RATE_AFTER = re.compile(r"^(提高|提升|降低|降至|调整|增加|上调|下调)")
_NEW_RATE_BEFORE = re.compile(
    r"(提高至|提高到|提升至|提升到|调整为|调整至|降至|降低至|降低到|费率按|率按|(?:降低|提高|提升)[^，,\d]{1,8}至)$"
)
_PER_PERSON_BEFORE = re.compile(r"每人每[月年]$")
_GRANT_BEFORE = re.compile(r"给予|按照?|参照")
_FLOOR_GRANT_BEFORE = re.compile(r"(提供|给予)[^，,]{0,6}不低于[^，,]{0,14}$")
_GRANT_AFTER = re.compile(r"^的?[^，,\d]{0,6}(补贴|补助|奖励|资助)")
_THRESHOLD_RATE_BEFORE = re.compile(r"(不低于|超过|达到|高于|低于|不高于|达)[^，,]{0,12}$")
_BUDGET_AFTER = re.compile(r"^\s*(规模|专项资金|引导资金|基金|应急|专属|贷款额度|授信|信贷|经费)")


@dataclass(frozen=True)
class Token:
    """One figure: ``value`` in yuan (money), as a fraction (rate) or a count (quantity).

    Ranges carry ``low``; ``unit`` is the currency (``元``/``美元``) or the counted unit
    (``亩``); ``per`` is a per-unit suffix as written (``/亩``, ``/人/夜``).
    """

    kind: Kind
    start: int
    end: int
    text: str
    value: Decimal
    low: Decimal | None = None
    unit: str = ""
    per: str = ""
    role: Role = "other"

    @property
    def is_money(self) -> bool:
        return self.kind in ("money", "money_range")

    @property
    def is_rate(self) -> bool:
        return self.kind in ("rate", "rate_range")


def tokens(text: str) -> list[Token]:
    """Every figure of ``text`` in order, each with its role; overlapping matches resolved
    in favour of the longer (a range over its parts)."""
    found: list[Token] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and m.end() > s for s, e in taken):
                continue
            token = _token(kind, m)
            if token is not None:
                found.append(token)
                taken.append((m.start(), m.end()))
    found.sort(key=lambda t: t.start)
    out = [_with_role(text, t) for t in found]
    # A list of figures (``达到A万元、B万元、C万元的``) shares the role of its first one.
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        if prev.role == "threshold" and cur.role != "threshold" and re.fullmatch(r"\s*[、和及与]\s*", text[prev.end : cur.start]):
            out[i] = Token(cur.kind, cur.start, cur.end, cur.text, cur.value, cur.low, cur.unit, cur.per, "threshold")
    return out


def _token(kind: Kind, m: re.Match[str]) -> Token | None:
    groups = m.groupdict()
    a = Decimal(groups["a"])
    if kind == "rate":
        return Token(kind, m.start(), m.end(), m.group(0), a / 100)
    if kind == "rate_range":
        return Token(kind, m.start(), m.end(), m.group(0), Decimal(groups["b"]) / 100, low=a / 100)
    unit = groups.get("cur") or ""
    if kind == "quantity":
        return Token(kind, m.start(), m.end(), m.group(0), a * _MULT[groups.get("am") or ""], unit=unit)
    if kind == "money_range":
        high_mult = _MULT[groups.get("bm") or ""]
        low_mult = _MULT[groups["am"]] if groups.get("am") else high_mult
        low, high = a * low_mult, Decimal(groups["b"]) * high_mult
        if low >= high:
            return None
        return Token(kind, m.start(), m.end(), m.group(0), high, low=low, unit=unit)
    return Token(
        kind, m.start(), m.end(), m.group(0), a * _MULT[groups.get("am") or ""], unit=unit,
        per=groups.get("per") or "",
    )  # fmt: skip


def _depth(text: str, pos: int) -> int:
    depth = 0
    for ch in text[:pos]:
        if ch in "(（〔":
            depth += 1
        elif ch in ")）〕" and depth:
            depth -= 1
    return depth


def _part(text: str, start: int, end: int) -> tuple[str, str]:
    """The comma-delimited part around a figure: the words before it and after it."""
    left = max(text.rfind(c, 0, start) for c in "，,：:") + 1
    rights = [i for i in (text.find(c, end) for c in "，,") if i >= 0]
    return text[left:start], text[end : min(rights) if rights else len(text)]


def _with_role(text: str, t: Token) -> Token:
    before, after = _part(text, t.start, t.end)
    before_c, after_c = re.sub(r"\s+", "", before), re.sub(r"\s+", "", after)
    role: Role
    if _depth(text, t.start) > 0 and not after_c.startswith(("的", "奖励", "补贴")):
        role = "aside"
    elif t.kind == "quantity":
        role = "threshold"
    elif t.is_money and "最高" not in before_c[-6:] and (_BUDGET_BEFORE.search(before_c) or _BUDGET_AFTER.search(after_c)):
        role = "budget"
    elif t.is_rate and (_RATE_LIMIT_AFTER.match(after_c) or _OLD_RATE_AFTER.match(after_c)):
        role = "other"  # 按3%的保费率上限: a limit on a fee rate, not a rate paid
    elif t.is_rate and _NEW_RATE_BEFORE.search(before_c):
        role = "paid"  # 由原50%提高至70%, 担保费率降至1%以下, 按1%收取
    elif _CAP_BEFORE.search(before_c[-18:]) and not _THRESHOLD_AFTER.match(after_c):
        role = "cap"
    elif t.is_money and _PER_PERSON_BEFORE.search(before_c):
        role = "paid"  # A类人才，每人每月1500元
    elif t.is_rate and _FLOOR_GRANT_BEFORE.search(before_c) and _GRANT_AFTER.match(after_c):
        role = "paid"  # 提供不低于本市最低工资标准80%的生活补贴: a floor on what is paid
    elif t.is_rate and _GRANT_BEFORE.search(before_c) and not _THRESHOLD_AFTER.match(after_c) and not (
        _THRESHOLD_RATE_BEFORE.search(before_c)
    ):
        role = "paid"  # 给予项目研发投入30%、单个项目最高1000万元支持
    elif _threshold(before_c, after_c, t):
        role = "threshold"
    elif _BENEFIT.search(before_c + after_c) or _BENEFIT.search(text):
        role = "paid"
    else:
        role = "other"
    return Token(t.kind, t.start, t.end, t.text, t.value, t.low, t.unit, t.per, role)


def _threshold(before: str, after: str, t: Token) -> bool:
    """A condition on the claimant (年销售额在1亿元及以上的), not money paid."""
    if _THRESHOLD_AFTER.match(after) and not (t.is_rate and _BENEFIT.search(before[-4:])):
        return True
    if re.search(r"((?<!不)超过|不低于|(?<!不)低于|(?<!不)高于|达到|达)[^，,给予按]{0,12}的?$", before) and t.is_rate:
        return True  # 参展企业数量超过参展企业总数的50%
    return bool(_THRESHOLD_BEFORE.search(before)) and not _BENEFIT.search(after[:6])


def plain(value: Decimal) -> str:
    """``Decimal('200000')`` → ``20万元``-free plain text ``200000``; ``0.3`` → ``0.3``."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def amount_text(value: Decimal, currency: str = "元") -> str:
    """An amount as a rule file writes it: ``20万元``, ``2000元``, ``1.5万元``."""
    if value >= 10_000:
        return f"{plain(value / 10_000)}万{currency}"
    return f"{plain(value)}{currency}"


def rate_text(value: Decimal) -> str:
    return f"{plain(value * 100)}%"
