"""What a fresh process no longer rebuilds — jieba's prefix dictionary (read from SQLite), the
BM25 index, the documents' rule bases — gives exactly what rebuilding gives."""

from __future__ import annotations

import pickle
from pathlib import Path

import bm25s
import numpy as np
import pytest
import yaml

from assistant.index import PolicyIndex
from assistant.index.cache import DerivedCache, key_of
from assistant.index.lexical import Bm25Matrix, LexicalIndex
from assistant.index.prefix_dict import PrefixDict
from assistant.index.tokenizer import Tokenizer

ROOT = Path(__file__).resolve().parents[2]


def _questions() -> list[str]:
    out: list[str] = []
    for name in ("retrieval_baotou.yaml", "dialogue_baotou_dev3.yaml"):
        data = yaml.safe_load((ROOT / "evals" / "datasets" / name).read_text(encoding="utf-8"))
        for case in data["cases"]:
            out += [case["question"]] if "question" in case else [t["user"] for t in case.get("turns", [])]
    return out


class _EagerTokenizer(Tokenizer):
    """jieba's whole dictionary, loaded as jieba always loads it (the reference)."""

    def _open_prefix_dict(self, jieba, cache):  # type: ignore[no-untyped-def]
        self._jieba.initialize()
        return None


@pytest.fixture(autouse=True)
def _command_line_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about a command-line process; an earlier test in the same session may
    have called ``serving_environment()`` (a server loads the whole dictionary at once)."""
    from assistant.index import tokenizer

    monkeypatch.setattr(tokenizer, "_WHOLE_DICTIONARY", False)


@pytest.fixture(scope="module")
def words(baotou_index: PolicyIndex) -> list[str]:
    return list(baotou_index.tokenizer.words)


def test_prefix_dictionary_cuts_like_jieba(words: list[str], baotou_index: PolicyIndex, tmp_path: Path) -> None:
    eager = _EagerTokenizer(words, cache_dir=tmp_path)
    first = Tokenizer(words, cache_dir=tmp_path)  # writes the SQLite copy
    lazy = Tokenizer(words, cache_dir=tmp_path)  # reads it
    assert first._prefixes is None and lazy._prefixes is not None
    texts = _questions() + [c.text for c in baotou_index.chunks]
    for text in texts:
        assert lazy.tokens(text) == eager.tokens(text), text
    for term in ["小巨人", "先建后验", "专精特新", "上云", "不是一个词吧", "揭榜挂帅"]:
        assert lazy.is_word(term) == eager.is_word(term)
    assert lazy._jieba.total == eager._jieba.total


def test_prefix_dictionary_loads_whole_after_many_lookups(words: list[str], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.index.prefix_dict as prefix_dict

    Tokenizer(words, cache_dir=tmp_path)
    eager = _EagerTokenizer(words, cache_dir=tmp_path)
    monkeypatch.setattr(prefix_dict, "FULL_LOAD_AFTER", 50)
    lazy = Tokenizer(words, cache_dir=tmp_path)
    questions = _questions()[:40]
    for text in questions:
        assert lazy.tokens(text) == eager.tokens(text)
    assert lazy._prefixes is None and isinstance(lazy._jieba.FREQ, dict), "jieba has the plain dict again"
    assert lazy._jieba.FREQ == eager._jieba.FREQ, "with the added words"


def test_a_broken_prefix_dictionary_is_rebuilt(words: list[str], tmp_path: Path) -> None:
    Tokenizer(words, cache_dir=tmp_path)
    (path,) = tmp_path.glob("jieba-prefix-*.sqlite")
    path.write_bytes(b"garbage")
    assert PrefixDict.open(path) is None
    again = Tokenizer(words, cache_dir=tmp_path)
    assert again.tokens("刚评上小巨人能奖多少钱") == _EagerTokenizer(words, cache_dir=tmp_path).tokens("刚评上小巨人能奖多少钱")
    assert PrefixDict.open(path) is not None


def test_bm25_scores_are_bm25s_scores(baotou_index: PolicyIndex) -> None:
    tokenizer, chunks = baotou_index.tokenizer, baotou_index.chunks
    reference = bm25s.BM25(k1=1.2, b=0.75)
    reference.index([tokenizer.tokens(c.text) or ["_"] for c in chunks], show_progress=False)
    matrix = Bm25Matrix.build(chunks, tokenizer)
    for question in _questions():
        tokens = [t for t in tokenizer.tokens(question) if t in reference.vocab_dict]
        if tokens:
            assert np.array_equal(matrix.scores(tokens), reference.get_scores(tokens)), question


def test_cached_bm25_index_is_the_built_one(baotou_index: PolicyIndex, tmp_path: Path) -> None:
    tokenizer, chunks = baotou_index.tokenizer, baotou_index.chunks
    cache = DerivedCache(tmp_path)
    key = key_of("bm25", tokenizer.signature)
    built = LexicalIndex(chunks, tokenizer, cache, key)
    read = LexicalIndex(chunks, tokenizer, cache, key)
    assert cache.builds == 1 and cache.hits == 1
    assert read.vocabulary == built.vocabulary
    for question in _questions():
        assert read.search(question, 30) == built.search(question, 30) == LexicalIndex(chunks, tokenizer).search(
            question, 30)


def test_derived_cache_rebuilds_on_another_key_or_a_broken_file(tmp_path: Path) -> None:
    cache = DerivedCache(tmp_path / "derived")
    assert cache.get_or_build("slot", "k1", lambda: [1]) == [1]
    assert cache.get_or_build("slot", "k1", lambda: [2]) == [1]
    assert cache.get_or_build("slot", "k2", lambda: [3]) == [3], "another input: built again"
    (tmp_path / "derived" / "slot.pickle").write_bytes(b"\x80\x05garbage")
    assert cache.get_or_build("slot", "k2", lambda: [4]) == [4]
    with (tmp_path / "derived" / "slot.pickle").open("rb") as fh:
        assert pickle.load(fh) == ("k2", [4])
    assert DerivedCache(None).get_or_build("slot", "k", lambda: 5) == 5, "no directory: nothing cached"


def test_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("x")
    cache = DerivedCache(blocked / "derived")  # a directory that cannot be made
    assert cache.get_or_build("slot", "k", lambda: 6) == 6


def test_key_depends_on_every_part() -> None:
    assert key_of("a", "b") != key_of("ab")
    assert key_of("a", ["b", "c"]) != key_of("a", ["bc"])
    assert key_of("a") == key_of("a")


def test_second_open_reads_what_the_first_built(baotou_data_dir: Path) -> None:
    from assistant.facade import Assistant
    from assistant.settings import Settings

    settings = Settings(data_dir=baotou_data_dir, corpus_dir=ROOT / "corpus")
    first = Assistant(PolicyIndex.open(baotou_data_dir), settings)
    second_index = PolicyIndex.open(baotou_data_dir)
    second = Assistant(second_index, settings)
    assert second_index.cache.builds == 0, "BM25, the domain words and the rule base were read"
    assert second_index.tokenizer._prefixes is not None, "jieba's dictionary was not loaded whole"
    for question in ["我们刚评上小巨人，能拿多少？", "揭榜挂帅协议额3000万，能资助多少", "社保缴费基数怎么调"]:
        a, b = first.ask(question).to_dict(), second.ask(question).to_dict()
        a.pop("state"), b.pop("state")
        assert a == b


def test_serving_process_loads_the_whole_dictionary(words: list[str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.index.tokenizer as tokenizer

    Tokenizer(words, cache_dir=tmp_path)
    monkeypatch.setattr(tokenizer, "_WHOLE_DICTIONARY", True)
    whole = Tokenizer(words, cache_dir=tmp_path)
    assert whole._prefixes is None and isinstance(whole._jieba.FREQ, dict)
    assert whole._jieba.FREQ == _EagerTokenizer(words, cache_dir=tmp_path)._jieba.FREQ
