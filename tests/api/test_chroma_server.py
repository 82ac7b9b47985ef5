"""Server mode: the index in a real `chroma run` server; an outage is a 503 with a reason,
and service resumes without a restart when the server is back."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant import Assistant
from assistant.api import create_app
from assistant.runtime import run_ingest
from assistant.settings import Settings
from assistant.storage import Store
from tests.support.chroma import CHROMA, ChromaServer

pytestmark = pytest.mark.slow
@pytest.fixture()
def chroma(tmp_path: Path) -> Iterator[ChromaServer]:
    if not CHROMA.exists():
        pytest.skip("the chroma command is not installed")
    srv = ChromaServer(tmp_path / "chroma-server")
    srv.start()
    yield srv
    srv.stop()


def test_outage_is_a_503_and_service_resumes(chroma: ChromaServer, tmp_path: Path, server_class) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).resolve().parents[2] / "corpus", corpus)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, chroma_url=chroma.url)
    run_ingest(settings)
    bot = Assistant.from_settings(settings)
    app = create_app(settings, bot=bot, store=Store(tmp_path / "app.db"), console=False)
    with server_class(app) as api, httpx.Client(base_url=api.url, timeout=30) as client:
        ok = client.post("/api/chat", json={"message": "外地高企搬到包头补多少"})
        assert ok.status_code == 200 and ok.json()["citations"][0]["measure"] == "3"
        chroma.stop()
        # wording the document does not use needs the vector search: a 503, never a guess
        down = client.post("/api/chat", json={"message": "我们把整个厂子从外省挪过来了，有啥说法没有"})
        assert down.status_code == 503 and down.json()["code"] == "index_unavailable"
        # a question the lexical ranking decides alone is answered as it always is
        lexical = client.post("/api/chat", json={"message": "充电站电费有什么优惠"})
        assert lexical.status_code == 200 and lexical.json()["citations"][0]["measure"] == "18"
        health = client.get("/healthz")
        assert health.status_code == 503 and "向量数据库" in health.json()["detail"]
        chroma.start()
        back = client.post("/api/chat", json={"message": "充电站电费有什么优惠"})
        assert back.status_code == 200 and back.json()["citations"][0]["measure"] == "18"
        assert client.get("/healthz").json()["status"] == "ok"
