"""Ingest: idempotent, atomic, and refusing bad input without touching the live index."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.errors import CorpusError
from assistant.index import PolicyIndex
from assistant.index.snapshot import active_path
from assistant.runtime import run_ingest
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
EXTERNAL = ROOT / "evals" / "corpora" / "external"


@pytest.fixture()
def data_dir(baotou_data_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the session's ingested data dir (so tests may break it)."""
    target = tmp_path / "data"
    shutil.copytree(baotou_data_dir, target)
    return target


def _answer(data_dir: Path) -> list[str]:
    index = PolicyIndex.open(data_dir)
    return [h.measure for h in index.search("外地高企搬到包头有补贴吗", k=3)]


def test_second_ingest_changes_nothing(data_dir: Path) -> None:
    before = json.loads(active_path(data_dir).read_text())["collection"]
    summary = run_ingest(Settings(data_dir=data_dir, corpus_dir=ROOT / "corpus"))
    assert not summary.changed and summary.embedded == 0
    assert json.loads(active_path(data_dir).read_text())["collection"] == before


def test_adding_a_document_embeds_only_the_new_text(data_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    shutil.copy(EXTERNAL / "06_xiangtan_2020_zhongxiao_qiye_ruogan_yijian.txt", corpus)
    summary = run_ingest(Settings(data_dir=data_dir, corpus_dir=corpus))
    assert summary.changed
    new_doc = next(d for d in summary.documents if d.doc_id.startswith("06_"))
    assert summary.embedded == new_doc.chunks, "Baotou chunks are reused, not re-embedded"
    index = PolicyIndex.open(data_dir)
    assert {d.doc_id for d in index.documents} == {"baotou-zjtx-2023", new_doc.doc_id}


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [("empty.txt", b"", "文件为空"), ("noise.txt", b"\xff\xfe\x00\xd8\xff", "无法识别文件编码"),
     ("flat.txt", "没有任何编号结构的一段话。".encode(), "未识别出条款结构")],
)
def test_bad_file_fails_and_leaves_index(data_dir: Path, tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    before = active_path(data_dir).read_bytes()
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(CorpusError, match=reason):
        run_ingest(Settings(data_dir=data_dir), [ROOT / "corpus", bad])
    assert active_path(data_dir).read_bytes() == before
    assert _answer(data_dir)[0] == "3"


def test_missing_path_is_an_error(data_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="不存在"):
        run_ingest(Settings(data_dir=data_dir), [tmp_path / "nowhere"])


def test_cli_exit_code_and_message(data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)}
    proc = subprocess.run([sys.executable, str(ROOT / "ingest.py"), str(bad)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)
    assert proc.returncode != 0
    assert "empty.txt" in proc.stderr and "文件为空" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_kill_during_ingest_keeps_previous_index(data_dir: Path, tmp_path: Path) -> None:
    before_answer = _answer(data_dir)
    before_pointer = active_path(data_dir).read_bytes()
    corpus = tmp_path / "bigger"
    corpus.mkdir()
    for f in EXTERNAL.glob("0*.txt"):
        shutil.copy(f, corpus)
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)}
    proc = subprocess.Popen([sys.executable, str(ROOT / "ingest.py"), str(ROOT / "corpus"), str(corpus)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # Wait until the first batch of the new collection is written, then kill -9 in the middle.
    assert proc.stderr is not None
    seen = b""
    deadline = time.time() + 120
    partial = re.compile(rb"\| *(\d+)/(\d+) ")
    while time.time() < deadline:
        chunk = proc.stderr.read1(256)  # type: ignore[attr-defined]
        if not chunk:
            break
        seen += chunk
        done = [(int(a), int(b)) for a, b in partial.findall(seen)]
        if any(0 < a < b // 2 for a, b in done):
            break
    time.sleep(0.3)
    assert proc.poll() is None, f"ingest finished before it could be killed: {seen[-200:]!r}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()
    assert active_path(data_dir).read_bytes() == before_pointer
    assert _answer(data_dir) == before_answer
    summary = run_ingest(Settings(data_dir=data_dir), [ROOT / "corpus", corpus])
    assert summary.changed
    assert len(PolicyIndex.open(data_dir).documents) == 9
