"""The numpy snapshot of a collection's vectors: what ingest writes, what embedded readers
search instead of Chroma, and the fall-back to Chroma whenever it cannot be trusted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from assistant.index import PolicyIndex
from assistant.index.snapshot import active_path
from assistant.index.vectors import VectorSnapshot, snapshot_path, vectors_dir, write_snapshot
from assistant.runtime import open_index, run_ingest
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
#: Two similarities closer than this are a tie: Chroma's HNSW and numpy sum the same float32
#: products in a slightly different order for some vectors (a few ulps, ~1e-7 apart).
TIE = 2e-6


def _questions() -> list[str]:
    data = yaml.safe_load((ROOT / "evals" / "datasets" / "retrieval_baotou.yaml").read_text(encoding="utf-8"))
    return [c["question"] for c in data["cases"]]


@pytest.fixture()
def data_dir(baotou_data_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(baotou_data_dir, target)
    return target


def _chroma_search(index: PolicyIndex, query: str, k: int, doc_ids: list[str] | None = None) -> list[tuple[str, float]]:
    """What Chroma itself answers for the index's collection (the snapshot set aside)."""
    assert index.store is not None
    snapshot = index.store.snapshots.pop(index.collection, None)
    try:
        return index.store.search(index.collection, query, k, doc_ids)
    finally:
        if snapshot is not None:
            index.store.attach(snapshot)


def _same_up_to_ties(a: list[tuple[str, float]], b: list[tuple[str, float]]) -> bool:
    """Equal ids in equal order, except neighbours whose similarities are a tie; equal scores."""
    if len(a) != len(b):
        return False
    sim_a, sim_b = dict(a), dict(b)
    if set(sim_a) != set(sim_b) or any(abs(sim_a[i] - sim_b[i]) > TIE for i in sim_a):
        return False
    return all(x == y or abs(sim_a[x] - sim_a[y]) <= TIE for (x, _), (y, _) in zip(a, b, strict=True))


def test_ingest_writes_the_snapshot_of_the_active_collection(baotou_data_dir: Path) -> None:
    manifest = json.loads(active_path(baotou_data_dir).read_text(encoding="utf-8"))
    snapshot = VectorSnapshot.load(snapshot_path(baotou_data_dir, manifest["collection"]), manifest["collection"],
                                   manifest["fingerprint"], [c["chunk_id"] for c in manifest["chunks"]])
    assert snapshot is not None and snapshot.unit.shape == (len(manifest["chunks"]), 384)


def test_embedded_reader_searches_the_snapshot_without_chroma(baotou_data_dir: Path) -> None:
    index = open_index(Settings(data_dir=baotou_data_dir, corpus_dir=ROOT / "corpus"), auto_ingest=False)
    assert index.store is not None and index.collection in index.store.snapshots
    assert index.search("外地高企搬到包头有补贴吗", k=3)[0].measure == "3"
    assert not index.store.connected, "no Chroma client was made (chromadb not needed)"


@pytest.mark.parametrize("k", [5, 30])
def test_snapshot_ranks_like_chroma(baotou_index: PolicyIndex, k: int) -> None:
    """Same top-k ids in the same order as Chroma for every retrieval question (one document,
    so Chroma's approximate search is exact here); order may differ only between ties."""
    assert baotou_index.store is not None and baotou_index.collection in baotou_index.store.snapshots
    exact = 0
    for question in _questions():
        from_snapshot = baotou_index.store.search(baotou_index.collection, question, k)
        from_chroma = _chroma_search(baotou_index, question, k)
        assert _same_up_to_ties(from_snapshot, from_chroma), question
        exact += [i for i, _ in from_snapshot] == [i for i, _ in from_chroma]
    assert exact >= 0.95 * len(_questions()), "ties are rare: the arithmetic is Chroma's"


def test_snapshot_is_exact_where_chroma_is_approximate(multi_index: PolicyIndex) -> None:
    """Nine documents, a few hundred chunks: Chroma's HNSW may miss a neighbour at the end of a
    long candidate list (which one varies between processes). The snapshot returns the exact
    top-k, and everything Chroma finds clearly inside it."""
    assert multi_index.store is not None and multi_index.collection in multi_index.store.snapshots
    snapshot = multi_index.store.snapshots[multi_index.collection]
    docs = sorted({c.doc_id for c in multi_index.chunks})
    for question in _questions()[:40]:
        for doc_ids in (None, docs[:2]):
            got = multi_index.store.search(multi_index.collection, question, 30, doc_ids)
            vector = np.asarray(multi_index.store.embeddings.embed_query(question), dtype=np.float64)
            rows = [i for i, d in enumerate(snapshot.doc_ids) if not doc_ids or d in doc_ids]
            sims = {snapshot.ids[i]: float(snapshot.unit[i].astype(np.float64) @ vector) / np.linalg.norm(vector)
                    for i in rows}
            best = sorted(sims, key=lambda i: -sims[i])[:30]
            assert len(got) == len(best)
            assert all(abs(sims[i] - s) < TIE for i, s in got), "similarities are cosines"
            kth = sims[best[-1]]
            assert {i for i in best if sims[i] > kth + TIE} <= {i for i, _ in got}, "nothing clearly closer is missed"
            clearly_in = {i for i, s in _chroma_search(multi_index, question, 30, doc_ids) if s > got[-1][1] + TIE}
            assert clearly_in <= {i for i, _ in got}


def test_missing_snapshot_falls_back_to_chroma(data_dir: Path) -> None:
    shutil.rmtree(vectors_dir(data_dir))
    index = PolicyIndex.open(data_dir)
    assert index.store is not None and not index.store.snapshots
    hits = [h.measure for h in index.search("外地高企搬到包头有补贴吗", k=3)]
    assert hits[0] == "3" and index.store.connected, "answered by Chroma"


def test_stale_snapshot_is_not_used(data_dir: Path) -> None:
    index = PolicyIndex.open(data_dir)
    ids = [c.chunk_id for c in index.chunks]
    good = VectorSnapshot.load(snapshot_path(data_dir, index.collection), index.collection, index.fingerprint, ids)
    assert good is not None
    doc_ids = [str(d) for d in good.doc_ids]
    # Another fingerprint, one chunk short, and garbage: each is left out, none is an error.
    write_snapshot(data_dir, index.collection, "0" * 64, ids, doc_ids, good.unit)
    assert PolicyIndex.open(data_dir).store.snapshots == {}  # type: ignore[union-attr]
    write_snapshot(data_dir, index.collection, index.fingerprint, ids[:-1], doc_ids[:-1], good.unit[:-1])
    assert PolicyIndex.open(data_dir).store.snapshots == {}  # type: ignore[union-attr]
    whole = snapshot_path(data_dir, index.collection)
    write_snapshot(data_dir, index.collection, index.fingerprint, ids, doc_ids, good.unit)
    whole.write_bytes(whole.read_bytes()[:2000])  # truncated: a zip without its directory
    assert PolicyIndex.open(data_dir).store.snapshots == {}  # type: ignore[union-attr]
    whole.write_bytes(b"not a zip file")
    stale = PolicyIndex.open(data_dir)
    assert stale.store is not None and stale.store.snapshots == {}
    assert stale.search("外地高企搬到包头有补贴吗", k=3)[0].measure == "3"


def test_reader_backfills_a_missing_snapshot_from_chroma(data_dir: Path) -> None:
    shutil.rmtree(vectors_dir(data_dir))
    settings = Settings(data_dir=data_dir, corpus_dir=ROOT / "corpus")
    first = open_index(settings, auto_ingest=False)
    assert first.store is not None and first.collection in first.store.snapshots
    second = open_index(settings, auto_ingest=False)
    assert second.store is not None and second.collection in second.store.snapshots
    assert not second.store.connected


def test_unchanged_ingest_restores_the_snapshot_and_a_new_one_replaces_it(data_dir: Path, tmp_path: Path) -> None:
    settings = Settings(data_dir=data_dir, corpus_dir=ROOT / "corpus")
    before = PolicyIndex.open(data_dir).collection
    snapshot_path(data_dir, before).unlink()
    assert not run_ingest(settings).changed
    assert snapshot_path(data_dir, before).is_file(), "written again for the index already built"

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "extra.txt").write_text("第一条 本办法用于测试快照。\n第二条 企业可获一次性奖励10万元。\n", encoding="utf-8")
    assert run_ingest(Settings(data_dir=data_dir, corpus_dir=corpus)).changed
    after = PolicyIndex.open(data_dir)
    assert after.collection != before and after.store is not None and after.collection in after.store.snapshots
    assert snapshot_path(data_dir, before).is_file(), "the previous collection is kept, with its snapshot"
    assert {p.stem for p in vectors_dir(data_dir).iterdir()} == {before, after.collection}
