"""Text normalisation shared by parsing, retrieval, rules and dialogue.

Two levels:

* :func:`normalize_text` makes a user question or a document line comparable:
  full-width ASCII to half-width, the ideographic space to a space, traditional
  characters to simplified, runs of white space folded to one space.
* :func:`match_key` goes further for *verbatim* comparisons (a rule's quote
  against the source text): it also removes all white space and unifies the
  punctuation that policy texts write either way (``，`` / ``,``, ``（`` / ``(``,
  dashes). Two strings with equal keys say the same words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")

# Punctuation written both ways in policy texts; mapped to one form for matching.
_PUNCT_FOLD = str.maketrans(
    {
        "，": ",",
        "。": ".",
        "；": ";",
        "：": ":",
        "（": "(",
        "）": ")",
        "【": "[",
        "】": "]",
        "〔": "[",
        "〕": "]",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "—": "-",
        "–": "-",
        "－": "-",
        "～": "~",
        "！": "!",
        "？": "?",
    }
)


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    from opencc import OpenCC  # opencc-python-reimplemented: pure Python, offline

    return OpenCC("t2s")


def to_half_width(text: str) -> str:
    """Full-width ASCII letters, digits and symbols to half-width; keeps the CJK punctuation
    （），：；？ (！ becomes !, as the property tests require)."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E and ch not in "（），：；？":
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def to_simplified(text: str) -> str:
    """Traditional Chinese characters to simplified (OpenCC t2s)."""
    if text.isascii():
        return text
    return str(_t2s().convert(text))


@lru_cache(maxsize=16384)
def normalize_text(text: str) -> str:
    """Normalise a question or a line for comparison; see the module docstring (cached:
    the same policy lines and aliases are normalised on every question)."""
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "")
    text = to_half_width(text)
    text = to_simplified(text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=16384)
def match_key(text: str) -> str:
    """A key for verbatim matching: normalised, no white space, punctuation folded."""
    text = normalize_text(text)
    text = _SPACES.sub("", text)
    return text.translate(_PUNCT_FOLD)


def contains_verbatim(haystack: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` up to white space, width and punctuation form."""
    key = match_key(needle)
    return bool(key) and key in match_key(haystack)
