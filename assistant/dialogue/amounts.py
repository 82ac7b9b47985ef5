"""Sums of money as people write them, with the role each plays in the question.

``400万``, ``35w``, ``1200W``, ``12k``, ``2.5亿``, ``0.3亿``, ``贰佰万元整``, ``2,500,000元``,
``人民币300万元``, full-width digits and commas (normalised before), and amounts in
another currency (``50万美元``: kept as such, never used as a base in 元).

Roles:

* ``base`` — what a percentage applies to (协议金额2000万);
* ``asserted`` — a figure the caller repeats back or proposes (不是1200万吗, 那200万有我们的份吗);
* ``demanded`` — a subsidy the caller demands (补2500万): ignored;
* ``denied`` — a figure the caller says it is not (不是200万是2000万: the 200万): ignored;
* ``cap`` — a figure named as a cap (超过1000万的上限怎么办): ignored;
* ``foreign`` — an amount in another currency (kept as written, never priced in 元).

Several amounts next to the words of one base add up to it (:func:`base_for`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from assistant.calc import parse_amount, to_yuan
from assistant.errors import CalculationInputError

_NUM = r"(?:\d[\d,，]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]+(?:点[零〇一二三四五六七八九]+)?)"
_UNIT = r"(?:亿元|万元|亿|万|千元|元整|元|块钱|块|[wW](?![a-zA-Z])|[kK](?![a-zA-Z]))"
_CURRENCY = r"(?:美元|美金|港币|港元|欧元|日元|英镑|澳门元|澳元)"
_MONEY = re.compile(rf"(?:人民币|RMB|¥|￥)?\s*({_NUM})\s*({_CURRENCY}|{_UNIT})(?:\s*([零〇一二两三四五六七八九十百千\d]+)(?![个项笔件次份家年月日天人名位期批条])万?元?)?",
                    re.IGNORECASE)
_FOREIGN = re.compile(rf"({_NUM})\s*(万|亿|千)?\s*({_CURRENCY})")
_LATIN_UNITS = {"w": "万", "k": "千"}
# A figure the caller says back, or offers, rather than gives as a base.
_ASSERTED_BEFORE = re.compile(r"((能不能|可不可以|能否|是否能)(拿|领|给|补|奖)(到)?|是不是(给|补|奖|拿|能拿|有)?|不是|应该是?|应该给|同事说是?|听说是?|记得是|说是|难道不是|每年都给|都给|拿到|只给了?|才给"
                              r"|(怎么|为什么|为啥|咋)(才|只有|就)(给|拿|有)?)\s*$")
# A subsidy the caller demands (协议5000万补2500万): neither a base nor a figure to discuss.
_DEMANDED_BEFORE = re.compile(r"(就?补|全额补贴|补贴|批给我们|给我们)\s*$")
# A figure named as a cap (超过1000万的上限怎么办): neither a base nor the caller's claim.
_CAP_AFTER = re.compile(r"^\s*(的)?(上限|封顶|限额|最高额)")
_ASSERTED_AFTER = re.compile(r"^\s*(吗|么|有我们的份|的份|是真的|对吗|对不对|是不是|那笔|这笔|对吧|是吧|没错吧|对么|没错吗|没错|吧[?？。!！]*$)")
# The lower end of a range said back with its unit written once (100-2000w是吧): same unit.
_RANGE_LOW = re.compile(r"(\d+(?:\.\d+)?)\s*(?:-|—|–|~|～|到|至)\s*$")
_SUM = re.compile(r"(合计|一共|总共|加起来|共计|总计|总额|共)")


@dataclass(frozen=True)
class Amount:
    """A sum of money in the message (``yuan`` is None for a foreign currency)."""

    text: str
    yuan: int | None
    start: int
    end: int = 0
    currency: str = "CNY"
    role: str = "base"


def _value(number: str, unit: str, tail: str | None) -> Decimal:
    unit = _LATIN_UNITS.get(unit.lower(), unit)
    if unit == "千":
        return parse_amount(number) * 1000
    text = f"{number}{unit}"
    if tail:
        text += tail + ("万" if unit.startswith("亿") and not tail.endswith("万") else "")
    return parse_amount(text)


def find_amounts(text: str) -> list[Amount]:
    """Sums of money in ``text``, in order, each with its role; spans that do not parse are skipped."""
    text = re.sub(r"(?<=[一二两三四五六七八九十])个(?=亿|万)", " ", text)  # 一个亿 (same length: spans hold)
    out: list[Amount] = [Amount(m.group(0), None, m.start(), m.end(), currency=m.group(3), role="foreign")
                         for m in _FOREIGN.finditer(text)]
    taken = [(a.start, a.end) for a in out]
    for m in _MONEY.finditer(text):
        number, unit, tail = m.group(1), m.group(2), m.group(3)
        if re.fullmatch(_CURRENCY, unit) or any(a <= m.start() < b for a, b in taken):
            continue
        if unit.lower() in ("w", "k") and not number[0].isdigit():
            continue
        try:
            value = _value(number.replace("，", ","), unit, tail)
        except (CalculationInputError, ArithmeticError, ValueError):
            continue
        if value > Decimal(0):
            before, after = text[max(0, m.start() - 6): m.start()], text[m.end(): m.end() + 6]
            # a figure put as a question (能补2500万吗) is the caller's, to be checked, even after 补
            role = "cap" if _CAP_AFTER.search(after) else "asserted" if _ASSERTED_AFTER.search(
                after) else "demanded" if _DEMANDED_BEFORE.search(before) else "asserted" if _ASSERTED_BEFORE.search(
                before) else "base"
            amount = Amount(m.group(0).strip(), to_yuan(value), m.start(), m.end(), role=role)
            low = _RANGE_LOW.search(text[max(0, m.start() - 12): m.start()]) if role == "asserted" and not tail else None
            if low is not None:  # a range said back (攻关给100-2000w是吧): both ends are the caller's
                start = m.start() - len(low.group(0))
                with contextlib.suppress(CalculationInputError, ArithmeticError, ValueError):
                    low_value = _value(low.group(1), unit, None)
                    if 0 < low_value < value:
                        out.append(Amount(low.group(1) + unit, to_yuan(low_value), start, m.start(), role=role))
            out.append(amount)
    return _denied(text, sorted(out, key=lambda a: a.start))


def _denied(text: str, amounts: list[Amount]) -> list[Amount]:
    """不是200万是2000万: the first figure is denied (role ``denied``), the second is the caller's."""
    out = list(amounts)
    for i, (a, b) in enumerate(pairwise(amounts)):
        if text[max(0, a.start - 2): a.start] == "不是" and re.fullmatch(r"\s*[，,]?\s*(而|应该|应当)?是\s*", text[a.end: b.start]):
            out[i] = dataclasses.replace(a, role="denied")
            out[i + 1] = dataclasses.replace(b, role="asserted")
    return out


def base_for(text: str, amounts: list[Amount], base_name: str) -> int | None:
    """The base of a percentage named ``base_name`` (专利及技术交易费): the amounts written
    next to its words — several of them, with no total stated, add up to one base
    (专利费120万、技术服务费80万) — else the instalments of one base, else None.
    Amounts the question lists as separate items (A项目协议300万，B项目协议900万) are no one
    base: each is priced on its own (:func:`separate_bases`), so None."""
    near = near_base(text, amounts, base_name)
    totals = [a for a in near if _SUM.search(text[max(0, a.start - 6): a.start])]
    if totals:
        return totals[-1].yuan
    if len(near) > 1 and separate_bases(text, amounts):
        return None
    if len(near) > 1 and all(not re.search(r"[。？?！!]", text[a.end: b.start]) for a, b in pairwise(near)):
        return sum(a.yuan for a in near if a.yuan is not None)
    if not near:
        return parts_of_one(text, amounts)
    return near[0].yuan


def near_base(text: str, amounts: list[Amount], base_name: str) -> list[Amount]:
    """The base amounts written right after the words of ``base_name`` (协议2000万 for 协议金额)."""
    words = {base_name[i: i + 2] for i in range(len(base_name) - 1)} - {"的", "与"}
    return [a for a in amounts if a.role == "base" and a.yuan is not None
            and any(w in text[max(0, a.start - 8): a.start] for w in words)]


#: The amounts are instalments of one thing: 分两笔签的, 同一个项目, 一笔…一笔….
_PARTS = re.compile(r"分[两二三四五2-5](笔|次|期)|同一(个|项|份)?(项目|合同|协议)|一笔.{0,12}一笔")


def parts_of_one(text: str, amounts: list[Amount]) -> int | None:
    """Several amounts in one sentence that the question says are parts of one base (协议分两笔
    签，一笔300万一笔500万 → 800万), else None. Separate items (另一个项目…) never match."""
    bases = [a for a in amounts if a.role == "base" and a.yuan is not None]
    if len(bases) < 2 or not _PARTS.search(text) or _ANOTHER.search(text):
        return None
    if any(re.search(r"[。？?！!]", text[a.end: b.start]) for a, b in pairwise(bases)):
        return None
    return sum(a.yuan for a in bases if a.yuan is not None)


_JOINER = re.compile(r"^\s*(和|与|及|以及|跟|、|，|,|；|;)\s*$")
_EACH = re.compile(r"分别(是|为|有)?\s*$")
_ONE = re.compile(r"(?:一|第一)(?:个|项|笔|件|次|份)")
_ANOTHER = re.compile(r"(?:另一|另外一|第二|另)(?:个|项|笔|件|次|份)")


def separate_bases(text: str, amounts: list[Amount]) -> list[int]:
    """Amounts the question lists as separate items, each its own base (two patents whose
    fees are 分别是120万元和80万元; 一个项目1000万，另一个500万): ``[]`` when it lists none —
    amounts written as the parts of one base (协议金额3000万，补充协议500万) are not separate."""
    bases = [a for a in amounts if a.role == "base" and a.yuan is not None]
    for i, first in enumerate(bases):
        if not _EACH.search(text[max(0, first.start - 6): first.start]):
            continue
        run = [first]
        for nxt in bases[i + 1:]:
            if not _JOINER.match(text[run[-1].end: nxt.start]):
                break
            run.append(nxt)
        if len(run) > 1:
            return [a.yuan for a in run if a.yuan is not None]
    if len(labelled := _labelled_items(text, bases)) > 1:
        return labelled
    for a, b in pairwise(bases):
        one = list(_ONE.finditer(text[: a.start]))
        between = text[a.end: b.start]
        if one and not re.search(r"[。？?！!]", text[one[-1].end(): a.start]) and _ANOTHER.search(between) \
                and len(between) <= 16 and not re.search(r"[。？?！!]", between):
            return [x for x in (a.yuan, b.yuan) if x is not None]
    return []


#: An item's own label before the words of its base: A项目协议, 乙课题合同, 1号项目, 第二个项目
#: (甲方/乙方 are the parties of one agreement, not two items).
_LABEL = re.compile(r"^(?P<label>[A-Za-z]|[甲乙丙丁](?!方)|第?[一二三四五六七八九十\d]{1,2}[号个])(?P<rest>[\u4e00-\u9fa5]{1,10})$")
_LEAD = re.compile(r"[，,；;、：:。？?！!\s]")


def _labelled_items(text: str, bases: list[Amount]) -> list[int]:
    """Amounts written as labelled items of one kind (甲课题合同300万，乙课题合同900万): each
    amount follows its own label and the same words, in clauses of one sentence — separate
    items, each its own base. ``[]`` when no two consecutive amounts are written so."""
    run: list[tuple[str, str, Amount]] = []
    best: list[tuple[str, str, Amount]] = []
    prev_end = 0
    for a in bases:
        lead = _LEAD.split(text[prev_end: a.start])[-1]
        m = _LABEL.match(lead)
        sentence_ended = bool(re.search(r"[。？?！!]", text[prev_end: a.start])) and prev_end > 0
        if m is None or sentence_ended:
            run = []
        if m is not None:
            label, rest = m.group("label"), m.group("rest")
            if run and (label in {x for x, _, _ in run} or not _same_words(run[-1][1], rest)):
                run = []
            run.append((label, rest, a))
            if len(run) > len(best):
                best = list(run)
        prev_end = a.end
    return [a.yuan for _, _, a in best if a.yuan is not None] if len(best) > 1 else []


def _same_words(a: str, b: str) -> bool:
    """Two items' words name the same kind of thing: one is the other, or they open alike (项目协议 / 项目的协议是)."""
    return a == b or (len(a) >= 2 and len(b) >= 2 and a[:2] == b[:2])


def first_base(amounts: list[Amount]) -> int | None:
    bases = [a.yuan for a in amounts if a.role == "base" and a.yuan is not None]
    return bases[0] if bases else None


def asserted(amounts: list[Amount]) -> list[int]:
    return [a.yuan for a in amounts if a.role == "asserted" and a.yuan is not None]
