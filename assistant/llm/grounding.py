"""The grounding check: an LLM answer may state only numbers the calculator produced or
the cited clauses contain, and cite only measures that were retrieved.

    problems = check(text, evidence, allowed_measures)   # [] = grounded

Numbers are compared by *value*, after the normalisation the calculator itself uses
(:mod:`assistant.text.money`): ``100万元`` = ``一百万元`` = ``1,000,000元`` = ``１００万``,
``30%`` = ``百分之三十``. Writing a figure another way cannot slip it past the check.

Citations are read in every form a measure id takes (design.md §3): ``第2条`` / ``第二条``,
``四、(一)``, ``5(二)`` / ``第5条(二)``, ``附件1 二(一)``, ``一、1.``, ``第3段`` (``p3``), the
cover letter (``来函``); and every ``〔…〕`` must name a retrieved measure. Anything that
cannot be read as a known reference counts against the answer: the check fails closed,
and a failed check serves the deterministic answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from assistant.errors import CalculationInputError
from assistant.text.money import parse_quantity, parse_rate
from assistant.text.normalize import to_half_width

_CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_NUMERAL = _CN_DIGITS + "十百千万亿拾佰仟"
_CN_SMALL = "一二三四五六七八九十"
#: A figure: Arabic (decimals allowed) or a run of Chinese numerals, with its scale and unit.
_NUMBER = re.compile(
    rf"(?P<pct>百分之)?(?P<num>\d+(?:\.\d+)?|[{_CN_NUMERAL}]+(?:点[{_CN_DIGITS}]+)?)"
    rf"(?P<scale>万亿|亿|万)?(?P<unit>元|%)?"
)
_GROUPED = re.compile(r"(?<=\d)[,，](?=\d{3})")

# References to a measure, on text already half-width with ASCII parentheses.
_SUB = rf"\(\s*[{_CN_SMALL}]+\s*\)"
_REFERENCE = re.compile(
    r"(?:附件\s*\d+\s*)?(?:"
    rf"第\s*[\d{_CN_SMALL}百零〇]+\s*条\s*(?:{_SUB}|第[{_CN_SMALL}]+项)?"  # 第2条, 第五条(二), 第5条第二项
    r"|第\s*\d+\s*段"  # 第3段 (p3)
    rf"|[{_CN_SMALL}]+\s*[、.]?\s*{_SUB}"  # 四、(一), 四(一)
    rf"|\d+\s*{_SUB}"  # 5(二)
    rf"|[{_CN_SMALL}]+\s*[、.]\s*\d+\s*\.?"  # 一、1.
    r"|(?<![a-z])p\d+(?![\d])"  # p3
    r")"
    r"|附件\s*\d+(?:\s*[" + _CN_SMALL + r"]+\s*、?)?"  # 附件1, 附件1 二、
    r"|来函|征求意见函"
)
_BRACKET = re.compile(r"[〔【\[]([^〔〕【】\[\]]{1,60})[〕】\]]")


def _plain(text: str) -> str:
    return to_half_width(text).replace("（", "(").replace("）", ")")


def _arabic(numeral: str) -> str:
    if numeral.isdigit():
        return str(int(numeral))
    try:
        return str(int(parse_quantity(numeral)))
    except CalculationInputError:
        return numeral


def canonical(reference: str) -> str:
    """One spelling for every way of writing a reference or an id: ``第五条(二)``, ``5(二)``
    → ``5(二)``; ``四、(一)`` → ``四(一)``; ``第3段`` → ``p3``; ``附件1 二、`` → ``附件1二``."""
    text = re.sub(r"\s+", "", _plain(reference))
    if text in ("来函", "征求意见函", "cover"):
        return "cover"
    text = re.sub(r"第(\d+)段", r"p\1", text)
    text = re.sub(rf"第([\d{_CN_SMALL}百零〇]+)条", lambda m: _arabic(m.group(1)), text)
    text = re.sub(rf"第([{_CN_SMALL}]+)项", r"(\1)", text)
    return text.replace("、", "").replace(".", "")


def references_in(text: str) -> set[str]:
    """The measures a text refers to, canonical (see :func:`canonical`)."""
    return {canonical(m.group(0)) for m in _REFERENCE.finditer(_plain(text))}


def measures_in(text: str) -> set[str]:
    """Kept for callers of the old name: the canonical references of ``text``."""
    return references_in(text)


def _figures(text: str) -> list[tuple[str, bool, str]]:
    """(key, is_harmless, as written) of every figure in ``text``, citations removed first.

    Keys: ``#<value>`` a count, ``$<value>`` money (元, 万, 亿), ``%<fraction>`` a rate,
    ``?<text>`` a run of numerals that is no well-formed figure (compared as written).
    """
    plain = _GROUPED.sub("", _plain(text))
    plain = _REFERENCE.sub(" ", plain)
    out = []
    for m in _NUMBER.finditer(plain):
        num, scale, unit, pct = m.group("num"), m.group("scale") or "", m.group("unit") or "", m.group("pct")
        if not num[0].isdigit() and not any(ch in _CN_DIGITS for ch in num):
            continue  # 千万、万元 alone: a unit or a word, not a figure
        try:
            if pct or unit == "%":
                out.append((f"%{parse_rate(num + '%').normalize()}", False, m.group(0)))
                continue
            value = parse_quantity(num + scale)
        except CalculationInputError:
            out.append((f"?{num}{scale}", False, m.group(0)))  # not a well-formed figure: compared as written
            continue
        money = bool(scale or unit or "万" in num or "亿" in num)
        key = f"{'$' if money else '#'}{Decimal(value).normalize()}"
        out.append((key, value <= 10 and not money, m.group(0)))
    return out


def numbers_in(text: str) -> set[str]:
    """Figures of a text by value: ``100万元``, ``一百万元``, ``１００万`` → ``$1E+6``; a bare
    ``1000000`` (how the calculator's JSON writes yuan) counts as money too."""
    keys = {key for key, _, _ in _figures(text)}
    return keys | {"$" + k[1:] for k in keys if k.startswith("#")}


def check(text: str, allowed_numbers: Iterable[str], allowed_measures: Iterable[str],
          money: Iterable[str] | None = None) -> list[str]:
    """Problems of an LLM answer ([] = grounded).

    Args:
        text: the answer.
        allowed_numbers: the evidence — calculator results, cited clauses, tool results.
        allowed_measures: ids of the measures retrieved (any spelling :func:`canonical` reads).
        money: when given, the only evidence for sums of money — the deterministic answer and
            the calculator's results. A clause's other tiers (50万元 beside 100万元) are no
            licence to add them ("另加五十万"): amounts come from the calculator.
    """
    allowed: set[str] = set()
    for source in allowed_numbers:
        allowed |= {k for k in numbers_in(source) if not k.startswith("$")} if money is not None \
            else numbers_in(source)
    for source in money or ():
        allowed |= numbers_in(source)
    problems = [f"未经核实的数字：{shown}" for key, harmless, shown in _figures(text)
                if key not in allowed and not harmless]
    known = {canonical(m) for m in allowed_measures}
    problems += [f"未检索到的条款：{ref}" for ref in sorted(references_in(text) - known)]
    # a bracket is a citation: one naming no readable reference cannot be checked
    problems += [f"无法核实的引用：〔{m.group(1)}〕" for m in _BRACKET.finditer(_plain(text))
                 if not references_in(m.group(1))]
    return list(dict.fromkeys(problems))
