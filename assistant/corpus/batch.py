"""Reading many policy files at once, with a report per document.

One bad file is reported (its name and the reason, in Chinese) and, unless ``strict``,
does not stop the others; with ``strict`` any problem — a file that cannot be read,
or anything odd in one that can — is fatal. Nothing in a text file ever surfaces as
a traceback. A document that says it repeals earlier policies (``此前出台的…同时废止``)
marks the older documents of its region that it names as superseded.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.corpus.loader import discover, load_document
from assistant.corpus.models import ParsedDocument
from assistant.errors import CorpusError
from assistant.text.normalize import normalize_text


@dataclass(frozen=True)
class DocumentReport:
    """What ingest says about one file."""

    source: str
    doc_id: str = ""
    title: str = ""
    measures: int = 0
    unplaced: int = 0
    oddities: tuple[str, ...] = ()
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def report_of(doc: ParsedDocument) -> DocumentReport:
    return DocumentReport(doc.document.source or doc.path, doc.doc_id, doc.document.title, doc.measures,
                          doc.unplaced, doc.oddities)


def _load_one(path: Path) -> ParsedDocument:
    try:
        return load_document(path)
    except CorpusError:
        raise
    except Exception as exc:  # a text file must never surface as a traceback
        raise CorpusError(f"{path.name}：无法解析（{type(exc).__name__}: {exc}）") from exc


def load_many(paths: Sequence[Path], strict: bool = False) -> tuple[list[ParsedDocument], list[DocumentReport]]:
    """Parse every file under ``paths``; (the documents that loaded, one report per file)."""
    docs: list[ParsedDocument] = []
    reports: list[DocumentReport] = []
    seen: dict[str, str] = {}
    for path in discover(paths):
        try:
            doc = _load_one(path)
            if doc.doc_id in seen:
                raise CorpusError(f"文档编号重复：{doc.doc_id}（{seen[doc.doc_id]} 与 {path}）")
        except CorpusError as exc:
            if strict:
                raise
            reports.append(DocumentReport(str(path), error=exc.message))
            continue
        if strict and doc.oddities:
            raise CorpusError(f"{path.name}：严格模式下不允许异常：" + "；".join(doc.oddities))
        seen[doc.doc_id] = str(path)
        docs.append(doc)
        reports.append(report_of(doc))
    docs = apply_supersession(docs)
    if not docs:
        reasons = "；".join(r.error for r in reports if r.error)
        raise CorpusError(f"没有可入库的文档：{reasons}" if reasons else "没有可入库的文档")
    by_id = {d.doc_id: d for d in docs}
    reports = [dataclasses.replace(r, oddities=r.oddities + _superseded_note(by_id[r.doc_id]))
               if r.doc_id in by_id and by_id[r.doc_id].document.status == "superseded" else r for r in reports]
    return docs, reports


def _superseded_note(doc: ParsedDocument) -> tuple[str, ...]:
    return (f"已被取代：{doc.document.validity_note}",)


_KEY = re.compile(r"(?:此前|以前|之前|原)?(?:出台|印发|发布)?的?(.{2,30}?)(?:相关)?(?:支持)?(?:奖励)?(?:政策|办法|规定|意见)")


def apply_supersession(docs: list[ParsedDocument]) -> list[ParsedDocument]:
    """Mark as superseded the documents another one repeals: same region, not later, and
    whose text names what the repealing clause names (``支持重点产业发展``)."""
    out = list(docs)
    for newer in docs:
        clause = newer.document.supersedes
        if not clause or not newer.document.region:
            continue
        m = _KEY.search(normalize_text(clause).replace("《", "").replace("》", ""))
        key = m.group(1).removeprefix("支持").removesuffix("发展") if m else ""
        if len(key) < 2:
            continue
        for i, older in enumerate(out):
            meta = older.document
            if older.doc_id == newer.doc_id or meta.status in ("superseded", "repealed"):
                continue
            region_ok = meta.region == newer.document.region or (
                not meta.region and newer.document.region in older.text)
            earlier = meta.issued is None or (newer.document.issued is not None and meta.issued < newer.document.issued)
            if region_ok and earlier and key in normalize_text(older.text) and meta.title != newer.document.title:
                note = f"已被《{newer.document.title or newer.doc_id}》取代（{clause}同时废止）"
                out[i] = dataclasses.replace(older, document=dataclasses.replace(meta, status="superseded",
                                                                                   validity_note=note))
    return out
