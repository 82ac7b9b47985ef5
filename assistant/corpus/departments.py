"""Responsible departments (责任单位) from the trailing parenthesis of a measure.

Recognised forms::

    (市工信局、市财政局及各旗县区人民政府按职责分工负责。)
    (责任单位：市财政局、市发展改革委、各区政府)
    （牵头单位：市财政局；责任单位：市工信局、市科技局）
    责任单位:市金融监管局、人行、银保监分局，各银行机构     (a line of its own)
"""

from __future__ import annotations

import re

from assistant.text.normalize import normalize_text

_TRAILING = re.compile(r"[(（]([^()（）]{2,400})[)）][。.]?\s*$")
_LINE = re.compile(r"(?:^|\n)\s*(?:牵头单位|责任单位)[:：]([^\n]+)")
_RESPONSIBLE = re.compile(r"(按职责分工负责|分工负责|负责)[。.]?$")
_SPLIT = re.compile(r"[、,，;；]|(?<=[局委办会府司行院处队室厅心])及|(?:牵头单位|责任单位)[:：]")
_STOP_TAIL = re.compile(r"\s+本(?:措施|办法|意见|政策|规定).*$")


def _split(names: str) -> tuple[str, ...]:
    """Split a list of names on 、，；及, but not inside brackets: 各县（市、区）人民政府."""
    protected, depth = [], 0
    for ch in names:
        depth += ch in "(（"
        depth -= ch in ")）" and depth > 0
        protected.append("\0" if depth and ch in "、,，;；" else ch)
    out: list[str] = []
    for part in _SPLIT.split("".join(protected)):
        name = re.sub(r"(?<=[局委办会府司行院处队室厅心部所])等(?:部门|单位)?$", "", part.replace("\0", "、").strip(" 。."))
        if name and name not in out:
            out.append(name)
    return tuple(out)


def parse_departments(text: str) -> tuple[str, ...]:
    """The departments named at the end of a provision, in order, without duplicates."""
    joined = "\n".join(normalize_text(ln) for ln in text.splitlines())
    if m := _TRAILING.search(joined.rstrip()):
        inner = m.group(1).strip()
        if _RESPONSIBLE.search(inner):
            return _split(_RESPONSIBLE.sub("", inner))
        if inner.startswith(("责任单位", "牵头单位")):
            return _split(inner)
    found = [_STOP_TAIL.sub("", m.group(1)) for m in _LINE.finditer(joined)]
    return _split("、".join(found)) if found else ()
