"""What the words around a figure say: the kind of money, who gets it, on what base, per what.

Shared by the shape readers (:mod:`.shapes`, :mod:`.unpriced`): :class:`Draft` is a rule
in the making, and every helper returns words of the clause itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.rules.draft import names
from assistant.rules.draft.money import Token
from assistant.rules.draft.sentences import Clause

BENEFIT_WORD = re.compile(r"奖励|补贴|补助|资助|支持|扶持|奖补|配套|返还|贴息|激励|优惠")

_KIND_AFTER = re.compile(
    r"^\s*的?\s*(?:一次性)?((?:配套建设|后补助资金|资金|奖励|奖金|落户奖金)支持|配套奖励|"
    r"[\u4e00-\u9fff]{0,4}?(?:奖励|补贴|补助|资助|奖金|扶持|奖补|开办费|贴息)|支持)"
)

_KIND_ANY = re.compile(r"(奖励|补贴|补助|资助|扶持|奖补|返还|贴息|资金支持|激励资金)")

_SCOPE = re.compile(r"单个项目|单个企业|每个企业|每家企业|每家|每户|单户|单品种|单个|每人|每年|每个项目|同一服务机构|单次|总额")


@dataclass
class Draft:
    """A rule in the making: the benefit dict plus what the assembler needs."""

    clause: Clause
    benefit: dict[str, Any]
    name: str
    condition: str = ""
    notes: list[str] = field(default_factory=list)
    #: A threshold bracket this clause contributes (merged with its neighbours).
    bracket: dict[str, Any] | None = None
    once: bool = True
    #: Adds to the measure's other benefits (另给予; a later period of a schedule).
    stacks: bool = False


def kind_of(text: str, after: int) -> str:
    m = _KIND_AFTER.match(re.sub(r"^\s*(?:给予|予以)(?:企业|其)?", "", text[after:]))
    if m:
        return m.group(1)
    any_kind = _KIND_ANY.findall(text)
    return any_kind[-1] if any_kind else "资金支持"

def verb_start(text: str, pos: int) -> int:
    """Where the granting words before a figure begin (分别给予企业 …)."""
    head = text[:pos]
    m = re.search(r"(?:[，,]?\s*(?:当年|一次性)?\s*(?:分别|一次性)*\s*(?:给予|奖励|补贴|补助|提供)[^，,：:]*)$", head)
    m = m or re.search(r"[，,]?\s*(?:分别|一次性)+\s*$", head)
    return m.start() if m else pos

def base_before(text: str, pos: int) -> str:
    head = re.sub(r"\s+", "", text[:pos])
    m = re.search(r"(?:按照?|参照)(?:其|企业)?([^，,按]{1,30}?)(?:的|给予)?(?:最高|不超过)?$", head)
    if m:
        return names.clean(m.group(1))
    m = re.search(r"给予(?:企业|项目|其)?([^，,]{2,20}?)(?:的)?$", head)
    if m:
        return names.clean(m.group(1))
    m = re.search(r"(?:对其|对)?([^，,]{2,30}?)(?:给予|予以)[^，,]*$", head)
    if m:
        return names.clean(m.group(1))
    m = re.search(r"(?:奖励|补贴|补助|资助|返还)([^，,]{2,20}?)的$", head)
    return names.clean(m.group(1)) if m else ""

def scope(text: str, cap: Token) -> str:
    words = text[max(0, cap.start - 18) : cap.start].split("，")[-1]
    return "".join(dict.fromkeys(_SCOPE.findall(words)))

def condition(text: str, pos: int) -> str:
    """The qualifying words before the benefit, as written (a verbatim slice of the clause)."""
    head = text[: verb_start(text, pos)]
    head = re.split(r"[，,]\s*(?:按|参照)|(?<![\u4e00-\u9fff])按照?", head)[0] if re.search(r"按|参照", head) else head
    parts = names.condition_parts(head)
    if not parts:
        return ""
    first = parts[0]
    start = re.sub(r"\s+", "", text).find(first)
    return "，".join(parts) if start < 0 else _verbatim(text, parts)

def _verbatim(text: str, parts: list[str]) -> str:
    """The slice of ``text`` from the first part to the end of the last (spaces as written)."""
    squeezed, index = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            squeezed.append(ch)
            index.append(i)
    flat = "".join(squeezed)
    a = flat.find(parts[0])
    b = flat.find(parts[-1], max(a, 0))
    if a < 0 or b < 0:
        return parts[-1]
    return text[index[a] : index[b + len(parts[-1]) - 1] + 1]

def name(text: str, pos: int) -> str:
    return names.short(names.subject(text[: verb_start(text, pos)]))
