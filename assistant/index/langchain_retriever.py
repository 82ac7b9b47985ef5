"""The hybrid search as a LangChain ``BaseRetriever`` (for chains and agents; the assistant
itself calls :class:`~assistant.index.retriever.HybridSearch` directly)."""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.index.retriever import HybridSearch


class PolicyRetriever(BaseRetriever):
    """LangChain retriever over :class:`HybridSearch`: one Document per measure.

    Example:
        >>> PolicyRetriever(search=index.search_engine, k=2).invoke("小巨人奖励")[0].metadata["measure"]
        '2'
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    search: HybridSearch
    k: int = 5
    doc_ids: list[str] | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(page_content=h.text, metadata={"doc_id": h.doc_id, "measure": h.measure, "score": h.score})
            for h in self.search.search(query, self.k, self.doc_ids)
        ]
