"""Threshold brackets as written: ``1000万元及以上至5000万元``, ``100—500亩（含500亩）``, ``500亩以上``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assistant.rules.draft.money import plain

_BRACKET = re.compile(
    r"(?P<a>\d+(?:\.\d+)?)\s*(?P<am>万|亿)?\s*(?P<au>元|美元|亩|人次|人)?\s*(?P<ai>及以上|以上)?\s*(?:至|—|–|-|到)\s*"
    r"(?P<b>\d+(?:\.\d+)?)\s*(?P<bm>万|亿)?\s*(?P<bu>万元|亿元|元|美元|亩|人次|人)\s*(?P<bi>[(（]含[^)）]*[)）])?"
    r"|(?P<c>\d+(?:\.\d+)?)\s*(?P<cm>万|亿)?\s*(?P<cu>元|美元|亩|人次|人)\s*(?:[(（][^)）]*[)）])?\s*"
    r"(?P<op>及以上|以上|及以下|以下)"
)

_MULT = {"": Decimal(1), "万": Decimal(10_000), "亿": Decimal(100_000_000)}


@dataclass(frozen=True)
class Span:
    low: Decimal | None
    high: Decimal | None
    low_inc: bool
    high_inc: bool
    unit: str
    start: int
    end: int
    text: str


def brackets(text: str) -> list[Span]:
    """Threshold brackets written in ``text``: ``1000万元及以上至5000万元``, ``500亩以上`` …

    Stray spaces inside a phrase (``100亩及以 上``) are ignored; offsets are ``text``'s own.
    """
    index = [i for i, ch in enumerate(text) if not ch.isspace()]
    flat = "".join(text[i] for i in index)
    out: list[Span] = []
    for m in _BRACKET.finditer(flat):
        g = m.groupdict()
        start, end = index[m.start()], index[m.end() - 1] + 1
        if g["a"] is not None:
            unit = _unit(g["bu"])
            high = Decimal(g["b"]) * _mult(g["bm"], g["bu"])
            low = Decimal(g["a"]) * (_mult(g["am"], g["au"] or "") if g["am"] else _mult(g["bm"], g["bu"]))
            low_inc = g["ai"] != "以上" or not out or out[-1].high != low
            out.append(Span(low, high, low_inc, True, unit, start, end, m.group(0)))
        else:
            value = Decimal(g["c"]) * _mult(g["cm"], g["cu"])
            unit = _unit(g["cu"])
            if g["op"].endswith("以上"):
                inc = g["op"] == "及以上" or not out or out[-1].high != value
                out.append(Span(value, None, inc, True, unit, start, end, m.group(0)))
            else:
                out.append(Span(None, value, True, True, unit, start, end, m.group(0)))
    return out

def _unit(written: str) -> str:
    return written.removeprefix("万").removeprefix("亿") or "元"

def _mult(mult: str | None, unit: str) -> Decimal:
    base = _MULT[mult or ""]
    if unit.startswith("万"):
        base *= _MULT["万"]
    elif unit.startswith("亿"):
        base *= _MULT["亿"]
    return base

def bracket(span: Span, pay: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": span.text.replace(" ", ""), **pay}
    if span.low is not None:
        out["min"] = plain(span.low)
        out["min_inclusive"] = span.low_inc
    if span.high is not None:
        out["max"] = plain(span.high)
        out["max_inclusive"] = span.high_inc
    out["unit"] = span.unit
    return out
