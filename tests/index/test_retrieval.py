"""Retrieval against real Chroma with the real embedding model."""

from __future__ import annotations

import pytest

from assistant.index import PolicyRetriever


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("刚评上小巨人能奖多少钱", "2"),
        ("外地高企搬到包头有补贴吗", "3"),
        ("充电站电费有什么优惠", "18"),
        ("招不到工人怎么办", "16"),
    ],
)
def test_issue_examples_rank_first(baotou_index, question: str, measure: str) -> None:
    hits = baotou_index.search(question, k=3)
    assert hits[0].measure == measure, [h.measure for h in hits]


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid"])
def test_each_mode_returns_measures_of_the_document(baotou_index, mode: str) -> None:
    hits = baotou_index.search("专利引进补贴", k=5, mode=mode)
    assert hits and all(h.doc_id == "baotou-zjtx-2023" for h in hits)
    assert len({h.measure for h in hits}) == len(hits), "one hit per measure"


def test_langchain_retriever(baotou_index) -> None:
    retriever = PolicyRetriever(search=baotou_index.search_engine, k=2)
    docs = retriever.invoke("揭榜挂帅项目资助比例")
    assert docs[0].metadata["measure"] == "5"
    assert "30%" in docs[0].page_content


def test_region_scopes_the_search(multi_index) -> None:
    hits = multi_index.search("包头对小巨人企业奖励多少", k=5)
    assert hits and {h.doc_id for h in hits} == {"baotou-zjtx-2023"}
    hits = multi_index.search("天河区港澳青年创业租金补贴", k=3)
    assert hits[0].doc_id.startswith("02_tianhe") and hits[0].measure == "5(二)"
    hits = multi_index.search("柳河县专精特新企业奖励", k=3)
    assert all(h.doc_id.startswith("01_liuhe") for h in hits), "the superseded version is not searched"
