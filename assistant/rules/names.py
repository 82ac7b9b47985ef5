"""How rule names and measure ids are compared with what users type."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.errors import CalculationInputError
from assistant.text.money import parse_amount
from assistant.text.normalize import match_key

_QUOTES = str.maketrans("", "", "\"'“”‘’《》「」『』")
_ARTICLE = re.compile(r"^第(?P<number>[^条]+)条(?P<sub>\(.+\))?$")
_CN_NUMERALS = "零〇一二两三四五六七八九十百"


@lru_cache(maxsize=16384)
def alias_key(text: str) -> str:
    """How names are compared: :func:`match_key` without quotes, lower case.

    ``国家专精特新“小巨人”企业`` and ``国家专精特新小巨人企业`` have the same key.
    """
    return match_key(text).translate(_QUOTES).lower()


def canonical_measure(text: str) -> str:
    """A measure as users write it → its id (design.md §3).

    ``第6条`` / ``第六条`` / ``6`` → ``6``; ``四、（一）`` → ``四(一)``; ``第5条（二）`` → ``5(二)``.
    """
    key = match_key(text).replace("、", "").rstrip(".")
    article = _ARTICLE.match(key)
    if article:
        number = article["number"]
        if all(ch in _CN_NUMERALS for ch in number):
            number = str(_chinese_int(number))
        key = number + (article["sub"] or "")
    return key


def _chinese_int(text: str) -> int:
    try:
        return int(parse_amount(text))
    except CalculationInputError:
        return 0
