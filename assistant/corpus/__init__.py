"""Policy documents: reading, parsing into provisions, metadata."""

from assistant.corpus.coverage import coverage
from assistant.corpus.loader import discover, doc_id_for, load_document, parse_document
from assistant.corpus.models import Contact, ParsedDocument, PolicyDocument, Provision

__all__ = [
    "Contact",
    "ParsedDocument",
    "PolicyDocument",
    "Provision",
    "coverage",
    "discover",
    "doc_id_for",
    "load_document",
    "parse_document",
]
