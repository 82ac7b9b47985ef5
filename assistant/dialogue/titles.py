"""Measures a message names by their heading: 用地保障措施由哪个部门负责 → 〔第17条 强化用地保障〕.

People name a measure by the content words of its title (用地保障, 知识产权管理, 营商环境),
not by its verb (强化, 持续优化) and often with a generic head of their own (措施, 政策,
方面). A title is matched by the longest stretch of it found in the message once the
generic words are taken out of both, and only when that stretch is specific: found in few
titles and few provisions of the document (专精特新 is in almost every one and names none).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.dialogue.context import DocContext, unquoted
from assistant.dialogue.cues import cues

#: the shortest stretch of a title that names it
MIN_LEN = 3
#: a stretch found in more provisions of the document than this is a general word
MAX_SPREAD = 4


@lru_cache(maxsize=1)
def _generic() -> re.Pattern[str]:
    return cues().title_generic


def _segments(title: str) -> list[str]:
    return [s for s in _generic().split(unquoted(title)) if len(s) >= MIN_LEN]


def titled_measures(ctx: DocContext, text: str) -> dict[str, float]:
    """``{measure: specificity}`` of the provisions whose title the message names, with the
    longest stretch found (shorter stretches of the same message do not count)."""
    probe = _generic().sub("|", unquoted(text))
    cache: dict[str, list[tuple[str, list[str]]]] = ctx.__dict__.setdefault("_title_segments", {})
    if "all" not in cache:
        cache["all"] = [(p.measure, _segments(p.title)) for p in ctx.doc.provisions if p.title]
    titles = cache["all"]
    found: dict[str, str] = {}
    for measure, segments in titles:
        best = ""
        for seg in segments:
            for n in range(len(seg), max(MIN_LEN, len(best) + 1) - 1, -1):
                hit = next((seg[i: i + n] for i in range(len(seg) - n + 1) if seg[i: i + n] in probe), None)
                if hit is not None:
                    best = hit if len(hit) > len(best) else best
                    break
        if best and ctx.spread(best) <= MAX_SPREAD:
            found[measure] = best
    if not found:
        return {}
    longest = max(len(s) for s in found.values())
    out: dict[str, float] = {}
    provs = ctx.provisions()
    for measure, stretch in found.items():
        if len(stretch) < longest:
            continue
        spec = 1.0 / max(1, sum(any(stretch in seg for seg in segs) for _, segs in titles))
        children = [p.measure for p in ctx.doc.provisions if p.parent == measure]
        if provs[measure].body.strip() or not children:
            out[measure] = max(out.get(measure, 0.0), spec)
            continue
        for child in children:  # a heading with no text of its own (二、(三)总部经济奖励) names its items
            out[child] = max(out.get(child, 0.0), spec / len(children))
    return out
