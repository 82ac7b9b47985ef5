"""Provisions cut into the chunks that are indexed.

A chunk carries its context in its text (document short title and provision path), so a
chunk of a long measure still says which measure it belongs to. Headings that only
group other provisions (三、重点工作) are not indexed on their own.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from assistant.corpus.models import ParsedDocument, Provision

MAX_CHARS = 360
OVERLAP_SENTENCES = 1
_SENTENCE = re.compile(r"(?<=[。；;！？!?])")


@dataclass(frozen=True)
class Chunk:
    chunk_id: str
    doc_id: str
    measure: str
    ordinal: int
    text: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _windows(text: str) -> list[str]:
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    out: list[str] = []
    current: list[str] = []
    for sentence in sentences:
        if current and sum(map(len, current)) + len(sentence) > MAX_CHARS:
            out.append("".join(current))
            current = current[-OVERLAP_SENTENCES:]
        current.append(sentence)
    if current:
        out.append("".join(current))
    return out or [text]


def _context(doc: ParsedDocument, p: Provision) -> str:
    region = doc.document.region
    return f"{region}｜{p.path_text}" if region else p.path_text


def chunk_document(doc: ParsedDocument) -> list[Chunk]:
    """Chunks of every provision that says something beyond its heading."""
    chunks: list[Chunk] = []
    parents = {p.parent for p in doc.provisions if p.parent}
    for p in doc.provisions:
        if p.measure in parents and not p.body.strip():
            continue
        for i, window in enumerate(_windows(p.body or p.text)):
            text = f"{_context(doc, p)}\n{window}".strip()
            chunks.append(Chunk(f"{doc.doc_id}:{p.measure}:{i}", doc.doc_id, p.measure, i, text))
    return chunks
