"""Everyday words → policy terms, for query expansion and slot recognition.

The base lexicon (``lexicon.yaml``) is general policy vocabulary; callers may add a
rule base's tier aliases with :meth:`Lexicon.extended`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.text.latin import latin_to_terms
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

    def vocabulary(self) -> set[str]:
        """Every canonical term and variant."""
        return {v for v, _ in self._variants}

    def variants_of(self, term: str) -> tuple[str, ...]:
        """The everyday words for a policy term (高新技术企业 → 高企, 高新企业 …)."""
        return self.entries.get(normalize_text(term), ())

    def canonical_terms(self) -> set[str]:
        """The policy terms (not the everyday variants, which are ordinary phrases)."""
        return set(self.entries)

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


class TypoCorrector:
    """Fix one-character typos of domain terms: 小巨仁 → 小巨人, 专精特心 → 专精特新.

    Args:
        terms: policy terms of four or more characters (专精特新, 高新技术企业).
        short_terms: three-character terms distinctive enough to correct (小巨人); ordinary
            three-character phrases would cause false corrections (培育多少 → 培育库少).

    Only a single substituted character is fixed, never the first one, never a function
    character of the text (个人有支持 is not 人才支持), and never where the text already
    contains a known term overlapping that place.
    """

    def __init__(self, terms: Iterable[str], short_terms: Iterable[str] = (),
                 is_word: Callable[[str], bool] = lambda w: False) -> None:
        # A three-character term whose first two characters are a word of their own
        # (引进来: 引进) would "correct" ordinary text (引进专利), so it is left out.
        short = {t for t in short_terms if len(t) == 3 and not is_word(t[:2])}
        chosen = {t for t in terms if len(t) >= 4} | short
        # the opening of a long name is typed on its own (自治区专精特新 of 自治区专精特新中小企业)
        chosen |= {t[:k] for t in chosen if len(t) >= 8 for k in (6, 7)}
        self.terms = sorted((t for t in chosen if not t.isascii()), key=len, reverse=True)
        self.is_word = is_word
        self._seen: dict[str, str] = {}  # a message is corrected by several stages: once is enough

    def __call__(self, text: str) -> str:
        if text not in self._seen:
            if len(self._seen) >= 4096:
                self._seen.clear()
            self._seen[text] = _correct(latin_to_terms(normalize_text(text)), self.terms, self.is_word)
        return self._seen[text]


#: From this length a one-character difference is a typo even where it makes a word (专精特性中小企业)
LONG_TERM = 8

#: Characters that are grammar, not content: a term differing from the text only there is another phrase.
_FUNCTION_CHARS = frozenset("的了是有在和或与及也都就不没吗呢吧啊把被给对从向让而其之")


def _real_word_at(window: str, j: int, is_word: Callable[[str], bool]) -> bool:
    """Whether the differing character forms a word with a neighbour (外地高薪: 高薪) —
    then it is not a typo but another word."""
    return any(is_word(window[a : a + 2]) for a in (j - 1, j) if a >= 0 and a + 2 <= len(window))


def _correct(text: str, terms: list[str], is_word: Callable[[str], bool] = lambda w: False) -> str:
    known = [t for t in terms if t in text]
    for term in terms:
        n = len(term)
        i = text.find(term[0])  # the first character is never the typo: jump between its occurrences
        while i >= 0 and i + n <= len(text):
            window = text[i : i + n]
            diff = [j for j, (a, b) in enumerate(zip(window, term, strict=True)) if a != b]
            if len(diff) == 1 and diff[0] > 0 and _is_cjk(term[diff[0]]) and _is_cjk(window[diff[0]]) \
                    and window[diff[0]] not in _FUNCTION_CHARS \
                    and (n >= LONG_TERM or not _real_word_at(window, diff[0], is_word)) \
                    and not any(window in k or k in window for k in known):
                text = text[:i] + term + text[i + n :]
                known.append(term)
                i = text.find(term[0], i + n)
            else:
                i = text.find(term[0], i + 1)
    return text


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fa5"
