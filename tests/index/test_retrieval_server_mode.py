"""Retrieval against a real `chroma run` server gives what embedded mode gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.index import PolicyIndex
from assistant.index.chroma_store import make_client
from assistant.runtime import run_ingest
from assistant.settings import Settings
from tests.support.chroma import CHROMA, ChromaServer

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ["刚评上小巨人能奖多少钱", "外地高企搬到包头有补贴吗", "充电站电费有什么优惠", "招不到工人怎么办",
             "专利交易费补贴比例是多少", "揭榜挂帅资助多少"]


@pytest.fixture(scope="module")
def server_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PolicyIndex]:
    if not CHROMA.exists():
        pytest.skip("the chroma command is not installed")
    chroma = ChromaServer(tmp_path_factory.mktemp("chroma"))
    chroma.start()
    settings = Settings(data_dir=tmp_path_factory.mktemp("server-data"), corpus_dir=ROOT / "corpus",
                        chroma_url=chroma.url)
    run_ingest(settings)
    yield PolicyIndex.open(settings.data_dir, client=make_client(settings.data_dir, chroma.url), shared=True)
    chroma.stop()


@pytest.mark.parametrize("question", QUESTIONS)
def test_server_mode_ranks_like_embedded(server_index: PolicyIndex, baotou_index, question: str) -> None:
    served = [(h.doc_id, h.measure) for h in server_index.search(question, k=5)]
    embedded = [(h.doc_id, h.measure) for h in baotou_index.search(question, k=5)]
    assert served == embedded


def test_server_pointer_is_the_source_of_truth(server_index: PolicyIndex) -> None:
    assert server_index.shared and server_index.current_fingerprint() == server_index.fingerprint
    assert (server_index.data_dir / "chroma").exists() is False, "nothing is written to an embedded store"
    assert server_index.store is not None and server_index.store.snapshots == {}, "server mode searches Chroma"
    assert not (server_index.data_dir / "index" / "vectors").exists(), "no local vector snapshot in server mode"
