"""Coverage: every non-space character of the source is in a provision, the title
block, or the dropped page boilerplate. Nothing is lost silently."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from assistant.corpus.models import ParsedDocument


@dataclass(frozen=True)
class Coverage:
    source_chars: int
    provision_chars: int
    title_chars: int
    dropped_chars: int
    missing: str
    extra: str

    @property
    def complete(self) -> bool:
        return not self.missing and not self.extra


def _chars(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


def coverage(doc: ParsedDocument) -> Coverage:
    """Compare the multiset of characters of the source with what the parse accounts for."""
    source = _chars(doc.text)
    provisions = _chars("".join(p.text for p in doc.provisions))
    title = _chars("".join(doc.title_lines))
    dropped = _chars("".join(doc.dropped))
    accounted = provisions + title + dropped
    missing = source - accounted
    extra = accounted - source
    return Coverage(
        source_chars=sum(source.values()),
        provision_chars=sum(provisions.values()),
        title_chars=sum(title.values()),
        dropped_chars=sum(dropped.values()),
        missing="".join(sorted(missing.elements())),
        extra="".join(sorted(extra.elements())),
    )
