"""The machine-wide passage cache: a text embedded once is not embedded again in another data dir."""

from __future__ import annotations

from pathlib import Path

from assistant.index.passage_cache import PassageCache
from assistant.runtime import run_ingest
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_a_second_data_dir_embeds_nothing_and_answers_alike(tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    first = run_ingest(Settings(data_dir=tmp_path / "a", corpus_dir=ROOT / "corpus", embedding_cache=cache))
    assert first.embedded > 0
    second = run_ingest(Settings(data_dir=tmp_path / "b", corpus_dir=ROOT / "corpus", embedding_cache=cache))
    assert second.embedded == 0 and second.reused == first.embedded + first.reused

    from assistant.index import PolicyIndex

    ask = "外地高企搬到包头有补贴吗"
    a, b = PolicyIndex.open(tmp_path / "a"), PolicyIndex.open(tmp_path / "b")
    assert [h.measure for h in a.search(ask, k=5)] == [h.measure for h in b.search(ask, k=5)]


def test_vectors_round_trip_exactly_in_float32(tmp_path: Path) -> None:
    cache = PassageCache(tmp_path)
    cache.put({"甲": [0.25, -1.5, 3.0], "乙": [1.0, 2.0, 4.0]})
    assert PassageCache(tmp_path).get(["甲", "乙", "丙"]) == {"甲": [0.25, -1.5, 3.0], "乙": [1.0, 2.0, 4.0]}


def test_an_unusable_cache_is_simply_not_used(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    cache = PassageCache(blocker / "sub")
    cache.put({"甲": [1.0]})
    assert cache.get(["甲"]) == {}
