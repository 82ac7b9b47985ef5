"""One row per document, as ``policy-assistant documents`` and ``GET /api/documents`` list them."""

from __future__ import annotations

from typing import Any

from assistant.corpus.models import ParsedDocument


def document_row(doc: ParsedDocument) -> dict[str, Any]:
    """``doc_id, title, issuer, doc_number, region, issued, status, valid_until, measures``."""
    meta = doc.document
    return {
        "doc_id": doc.doc_id,
        "title": meta.title,
        "issuer": meta.issuer,
        "doc_number": meta.doc_number,
        "region": meta.region,
        "issued": meta.issued.isoformat() if meta.issued else None,
        "status": meta.status,
        "valid_until": meta.valid_until.isoformat() if meta.valid_until else None,
        "measures": doc.measures,
    }
