"""What a term of the policy means, from the text that explains it (专精特新是什么意思).

A policy explains a coined term where it spells it out: an enumeration whose items carry
the term's characters in order (专精特新 → 专业化、精细化、特色化、新颖化). That clause is
the answer, quoted from its provision. A term no clause spells out gets ``None`` (the
measure that uses it answers instead).
"""

from __future__ import annotations

import re

from assistant.dialogue import answers as A
from assistant.dialogue.context import Reply, Turn, core, unquoted
from assistant.dialogue.cues import cues

_LIST = re.compile(r"[\u4e00-\u9fa5]{2,6}(?:[、，,][\u4e00-\u9fa5]{2,6}){1,7}")
_CLAUSE = re.compile(r"[^。；;，,\n]+")


def asked_term(turn: Turn) -> str:
    """The term a definition question asks about: the question without its cue words."""
    c = cues()
    rest = c.intent("define").pattern.sub(" ", turn.text)
    rest = c.plain.sub(" ", rest)
    rest = re.sub(r"(请问|这个|到底|究竟|文件(里|中)的?|政策(里|中)的?|里面|所说的|说的|提到的|分别|各自|具体|"
                  r"[这那]?[一二两三四五六七八九十\d]+个字|每个字|[“”\"'？?。！!，,\s])", " ", rest)
    parts = [p.strip("的 ") for p in rest.split() if len(p.strip("的 ")) >= 2]
    return max(parts, key=len) if parts else ""


def spelled_out(term: str, text: str) -> str | None:
    """The enumeration of ``text`` that spells ``term`` out, one character per item in order."""
    if not 2 <= len(term) <= 8:
        return None
    for m in _LIST.finditer(text):
        items = re.split(r"[、，,]", m.group(0))
        for start in range(len(items) - len(term) + 1):
            window = items[start: start + len(term)]
            if all(ch in item for ch, item in zip(term, window, strict=True)):
                window[0] = window[0][window[0].find(term[0]):]  # 聚焦专业化 → 专业化
                return "、".join(window)
    return None


def definition(turn: Turn) -> Reply | None:
    term = asked_term(turn)
    if not term:
        return None
    for candidate in dict.fromkeys((unquoted(term), core(term))):
        for p in turn.ctx.doc.provisions:
            found = spelled_out(candidate, unquoted(p.text))
            if found is None:
                continue
            clause = next((s for s in _CLAUSE.findall(p.text) if found.split("、")[-1] in unquoted(s)), "")
            lines = [f"按本文件的用法，“{candidate}”指{found}。",
                     f"出处：{A.cite(p)}“{clause.strip()}”"]
            return Reply("\n".join(lines), "policy_info", [(p, clause.strip())],
                         follow_up=["我们企业能享受哪些政策？", "这个政策现在还有效吗？"])
    return None
