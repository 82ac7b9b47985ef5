"""Split a provision's text into sentences and clauses, as verbatim slices.

A *sentence* ends at 。！？ or a line break; a *clause* is a sentence's part between
；. Every piece is a slice of the provision text itself (stripped of white space and
a leading list label such as ``（一）``, ``1.``, ``第5条``), so a rule quoting it passes
the verifier unchanged.

Example:
    >>> [c.text for c in clauses("1.甲给予10万元；乙给予5万元。")]
    ['甲给予10万元', '乙给予5万元']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"[。！？!?\n]")
_CLAUSE_END = re.compile(r"[；;]")
_LABEL = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[条章节]|[（(][一二三四五六七八九十\d]+[)）]|"
    r"[一二三四五六七八九十]+[、.．]|\d+[、.．](?!\d)|[①-⑳])\s*"
)


@dataclass(frozen=True)
class Clause:
    """A clause: its text, where it starts in the provision, and its sentence."""

    text: str
    start: int
    sentence: str
    #: Index of the sentence in the provision (clauses of one sentence share it).
    sentence_index: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _pieces(text: str, start: int, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    """Non-empty stripped pieces of ``text`` between matches of ``pattern``, with offsets."""
    out: list[tuple[int, str]] = []
    pos = 0
    for m in [*pattern.finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[pos:end]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            out.append((start + pos + lead, piece))
        pos = m.end() if m else len(text)
    return out


def _unlabel(offset: int, piece: str) -> tuple[int, str]:
    m = _LABEL.match(piece)
    if m and m.end() < len(piece):
        return offset + m.end(), piece[m.end() :]
    return offset, piece


def sentences(text: str) -> list[tuple[int, str]]:
    """``(offset, sentence)`` for every sentence of ``text``, list labels removed.

    A sentence that is only a parenthetical remark (``(新建项目…最高奖励不超过50万元)。``)
    belongs to the sentence before it.
    """
    out: list[tuple[int, str]] = []
    for offset, piece in _pieces(text, 0, _SENTENCE_END):
        if out and piece[0] in "(（" and "\n" not in text[out[-1][0] : offset]:
            start = out[-1][0]
            out[-1] = (start, text[start : offset + len(piece)])
            continue
        out.append((offset, piece))
    return [_unlabel(o, p) for o, p in out]


def clauses(text: str) -> list[Clause]:
    """Every clause of ``text`` (see the module docstring)."""
    out: list[Clause] = []
    for index, (offset, sentence) in enumerate(sentences(text)):
        for start, piece in _pieces(sentence, offset, _CLAUSE_END):
            start, piece = _unlabel(start, piece)
            out.append(Clause(piece, start, sentence, index))
    return out


def commas(text: str) -> list[tuple[int, str]]:
    """``(offset, part)`` of ``text`` split at ，/, (parentheses kept whole)."""
    out: list[tuple[int, str]] = []
    depth = 0
    pos = 0
    for i, ch in enumerate(text + "，"):
        if ch in "(（〔[":
            depth += 1
        elif ch in ")）〕]":
            depth = max(0, depth - 1)
        elif ch in "，," and depth == 0:
            part = text[pos:i]
            if part.strip():
                lead = len(part) - len(part.lstrip())
                out.append((pos + lead, part.strip()))
            pos = i + 1
    return out
