"""Everyday words → policy terms, for query expansion and slot recognition.

The base lexicon (``lexicon.yaml``) is general policy vocabulary; callers may add a
rule base's tier aliases with :meth:`Lexicon.extended`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.text.normalize import normalize_text

_BASE = Path(__file__).with_name("lexicon.yaml")


class Lexicon:
    """Canonical terms and their variants.

    Example:
        >>> Lexicon.base().expand("外地高企搬过来")
        ['高新技术企业', '市外', '整体迁入']
    """

    def __init__(self, entries: Mapping[str, Iterable[str]]) -> None:
        self.entries = {normalize_text(k): tuple(normalize_text(v) for v in vs) for k, vs in entries.items()}
        pairs = [(v, k) for k, vs in self.entries.items() for v in (*vs, k)]
        # Longest variant first, so 专精特新小巨人 wins over 小巨人 over 专精特新.
        self._variants = sorted(pairs, key=lambda p: -len(p[0]))

    @classmethod
    def base(cls) -> Lexicon:
        return _base()

    def extended(self, entries: Mapping[str, Iterable[str]]) -> Lexicon:
        merged: dict[str, list[str]] = {k: list(v) for k, v in self.entries.items()}
        for k, vs in entries.items():
            merged.setdefault(k, []).extend(vs)
        return Lexicon(merged)

    def expand(self, text: str) -> list[str]:
        """Canonical terms whose variants occur in ``text`` (and are not already there)."""
        norm = normalize_text(text)
        found: list[str] = []
        covered: list[tuple[int, int]] = []
        for variant, canonical in self._variants:
            start = norm.find(variant)
            while start >= 0:
                span = (start, start + len(variant))
                if not any(a <= span[0] and span[1] <= b for a, b in covered):
                    covered.append(span)
                    if canonical not in found and canonical not in norm:
                        found.append(canonical)
                start = norm.find(variant, start + 1)
        return found


@lru_cache(maxsize=1)
def _base() -> Lexicon:
    data = yaml.safe_load(_BASE.read_text(encoding="utf-8")) or {}
    return Lexicon({str(k): [str(v) for v in vs] for k, vs in data.items()})
