"""Server mode with real processes: two `serve` processes on one `chroma run` server
answer identically, and an ingest through one is seen by the other after the pointer switch."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.chroma import CHROMA, ChromaServer
from tests.support.server import free_port, wait_until_up

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def cluster(tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    if not CHROMA.exists():
        pytest.skip("the chroma command is not installed")
    chroma = ChromaServer(tmp_path / "chroma")
    chroma.start()
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    procs, urls = [], []
    for name in ("a", "b"):
        port = free_port()
        env = {**os.environ, "ASSISTANT_CHROMA_URL": chroma.url, "ASSISTANT_DATA_DIR": str(tmp_path / name),
               "ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_ADMIN_TOKEN": "admin-token-test",
               "ASSISTANT_STATE_SECRET": "one-secret-for-the-cluster", "ASSISTANT_RELOAD_INTERVAL_S": "0.2",
               "ASSISTANT_CONSOLE_PASSWORD": "x"}
        procs.append(subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        urls.append(f"http://127.0.0.1:{port}")
        if name == "a":  # the first process ingests on first start; the second finds the pointer
            wait_until_up(f"{urls[0]}/healthz", timeout=180)
    wait_until_up(f"{urls[1]}/healthz", timeout=180)
    yield urls[0], urls[1], corpus
    for p in procs:
        p.terminate()
        p.wait(timeout=30)
    chroma.stop()


def _answer(url: str, question: str) -> dict[str, object]:
    r = httpx.post(f"{url}/api/chat", json={"message": question, "as_of": "2026-11-26"}, timeout=60).json()
    return {k: r[k] for k in ("answer", "intent", "citations", "calculation", "caveats")}


def test_two_processes_answer_identically_and_see_each_others_ingest(cluster) -> None:  # type: ignore[no-untyped-def]
    a, b, corpus = cluster
    for question in ("我们刚评上小巨人，能拿多少？", "充电站电费有什么优惠", "引进专利交易费400万能补多少"):
        assert _answer(a, question) == _answer(b, question)
    assert httpx.get(f"{b}/healthz").json()["documents"] == 1
    shutil.copy(ROOT / "evals/corpora/external/06_xiangtan_2020_zhongxiao_qiye_ruogan_yijian.txt", corpus)
    r = httpx.post(f"{a}/api/admin/reingest", headers={"Authorization": "Bearer admin-token-test"}, timeout=300)
    assert r.status_code == 200 and r.json()["changed"] is True
    time.sleep(0.5)
    assert httpx.get(f"{b}/healthz").json()["documents"] == 2
    seen_by_b = _answer(b, "湘潭对中小企业房租有什么减免")
    assert seen_by_b["citations"][0]["doc_id"].startswith("06_xiangtan")  # type: ignore[index]
    assert seen_by_b == _answer(a, "湘潭对中小企业房租有什么减免")
