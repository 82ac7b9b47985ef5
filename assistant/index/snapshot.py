"""The index manifest: what is indexed, and which Chroma collection serves it.

``data/index/active.json`` is the *active pointer*. An ingest builds a new collection and
a new manifest beside it, validates them, and only then replaces ``active.json`` with an
atomic rename; a failed or killed ingest leaves the previous one serving.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from assistant.corpus.models import Contact, ParsedDocument, PolicyDocument, Provision
from assistant.errors import IndexUnavailableError
from assistant.index.chunks import Chunk

FORMAT = 1


def index_dir(data_dir: Path) -> Path:
    return data_dir / "index"


def active_path(data_dir: Path) -> Path:
    return index_dir(data_dir) / "active.json"


def _doc_to_dict(doc: ParsedDocument) -> dict[str, Any]:
    meta = asdict(doc.document)
    for key, value in meta.items():
        if isinstance(value, date):
            meta[key] = value.isoformat()
    return {
        "document": meta,
        "text": doc.text,
        "title_lines": list(doc.title_lines),
        "dropped": list(doc.dropped),
        "path": doc.path,
        "provisions": [asdict(p) for p in doc.provisions],
    }


def _doc_from_dict(data: dict[str, Any]) -> ParsedDocument:
    meta = dict(data["document"])
    for key in ("issued", "effective_from", "valid_until", "feedback_deadline"):
        meta[key] = date.fromisoformat(meta[key]) if meta.get(key) else None
    meta["contact"] = Contact(**meta.get("contact") or {})
    provisions = tuple(
        Provision(**{**p, "path": tuple(p["path"]), "departments": tuple(p["departments"])})
        for p in data["provisions"]
    )
    return ParsedDocument(PolicyDocument(**meta), data["text"], provisions,
                          tuple(data.get("title_lines", ())), tuple(data.get("dropped", ())),
                          str(data.get("path", "")))


def write_json_atomic(path: Path, payload: dict[str, Any]) -> None:
    """Write, fsync, then rename over ``path``: readers see the old or the new file, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def manifest(collection: str, fingerprint: str, docs: list[ParsedDocument], chunks: list[Chunk]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "collection": collection,
        "fingerprint": fingerprint,
        "documents": [_doc_to_dict(d) for d in docs],
        "chunks": [c.to_dict() for c in chunks],
    }


def read_active(data_dir: Path) -> dict[str, Any] | None:
    path = active_path(data_dir)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise IndexUnavailableError("索引清单已损坏，请重新运行 python ingest.py") from exc
    if data.get("format") != FORMAT:
        raise IndexUnavailableError("索引格式已更新，请重新运行 python ingest.py")
    return dict(data)


def documents_of(data: dict[str, Any]) -> list[ParsedDocument]:
    return [_doc_from_dict(d) for d in data["documents"]]


def chunks_of(data: dict[str, Any]) -> list[Chunk]:
    return [Chunk(**c) for c in data["chunks"]]
