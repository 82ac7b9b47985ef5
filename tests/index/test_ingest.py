"""Ingest: idempotent, atomic, and refusing bad input without touching the live index."""

from __future__ import annotations

import dataclasses
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
EXTERNAL = ROOT.parent / "shared" / "external"
needs_shared = pytest.mark.skipif(not EXTERNAL.is_dir(), reason="../shared/external 不存在：外部真实文档不复制进项目")


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


@needs_shared
def test_adding_a_document_embeds_only_the_new_text(data_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    shutil.copy(EXTERNAL / "06_xiangtan_2020_zhongxiao_qiye_ruogan_yijian.txt", corpus)
    # No machine-wide cache here: this is about reuse from the data dir's own active index.
    summary = run_ingest(Settings(data_dir=data_dir, corpus_dir=corpus, embedding_cache=""))
    assert summary.changed
    new_doc = next(d for d in summary.documents if d.doc_id.startswith("06_"))
    assert summary.embedded == new_doc.chunks, "Baotou chunks are reused, not re-embedded"
    index = PolicyIndex.open(data_dir)
    assert {d.doc_id for d in index.documents} == {"baotou-zjtx-2023", new_doc.doc_id}


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [("empty.txt", b"", "文件为空"), ("noise.txt", b"\xff\xfe\x00\xd8\xff", "无法识别文件编码")],
)
def test_bad_file_is_reported_and_the_others_indexed(data_dir: Path, tmp_path: Path, name: str, content: bytes,
                                                     reason: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    summary = run_ingest(Settings(data_dir=data_dir), [ROOT / "corpus", bad])
    assert [d.doc_id for d in summary.documents] == ["baotou-zjtx-2023"]
    assert [(Path(r.source).name, reason in r.error, name in r.error) for r in summary.skipped] == [(name, True, True)]
    assert _answer(data_dir)[0] == "3"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [("empty.txt", b"", "文件为空"), ("noise.txt", b"\xff\xfe\x00\xd8\xff", "无法识别文件编码"),
     ("odd.txt", "第一条 甲。\n第三条 乙。\n".encode(), "编号跳号")],
)
def test_strict_makes_any_problem_fatal_and_leaves_index(data_dir: Path, tmp_path: Path, name: str, content: bytes,
                                                        reason: str) -> None:
    before = active_path(data_dir).read_bytes()
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(CorpusError, match=reason):
        run_ingest(Settings(data_dir=data_dir), [ROOT / "corpus", bad], strict=True)
    assert active_path(data_dir).read_bytes() == before
    assert _answer(data_dir)[0] == "3"


def test_unnumbered_text_is_indexed_by_paragraph(data_dir: Path, tmp_path: Path) -> None:
    flat = tmp_path / "flat.txt"
    flat.write_text("支持首店落地。对新开设的全国首店给予奖励。\n支持首发活动。对新品首发活动给予补贴。\n", encoding="utf-8")
    summary = run_ingest(Settings(data_dir=data_dir), [ROOT / "corpus", flat])
    report = next(d for d in summary.documents if d.doc_id == "flat")
    assert report.measures == 2 and any("无编号" in o for o in report.oddities)
    assert PolicyIndex.open(data_dir).provision("flat", "p2").label == "第2段"


def test_an_id_collision_is_a_clear_error_and_leaves_index(data_dir: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Ids are unique by construction; the check behind it names the file and both places."""
    import assistant.corpus.parser as parser

    real = parser.assign

    def broken(nodes):  # type: ignore[no-untyped-def]
        named = real(nodes)
        if len(named) != 2:  # only the two-article document below
            return named
        return [dataclasses.replace(n, measure=named[0].measure) for n in named]

    monkeypatch.setattr(parser, "assign", broken)
    before = active_path(data_dir).read_bytes()
    doc = tmp_path / "two.txt"
    doc.write_text("第一条 甲。\n第二条 乙。\n", encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        run_ingest(Settings(data_dir=data_dir), [ROOT / "corpus", doc], strict=True)
    assert "two.txt" in err.value.message and "第1行" in err.value.message and "第2行" in err.value.message
    summary = run_ingest(Settings(data_dir=data_dir), [ROOT / "corpus", doc])
    assert next(r.error for r in summary.skipped if "two" in r.source).count("条款编号重复") == 1
    assert active_path(data_dir).read_bytes() == before


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
@needs_shared
def test_kill_during_ingest_keeps_previous_index(data_dir: Path, tmp_path: Path) -> None:
    before_answer = _answer(data_dir)
    before_pointer = active_path(data_dir).read_bytes()
    corpus = tmp_path / "bigger"
    corpus.mkdir()
    for f in EXTERNAL.glob("0*.txt"):
        shutil.copy(f, corpus)
    # No machine-wide passage cache: the ingest must really embed, so that it can be killed mid-way.
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir), "ASSISTANT_EMBEDDING_CACHE": ""}
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
    assert proc.poll() is None, f"ingest finished before it could be killed: {seen[-200:]!r}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()
    assert active_path(data_dir).read_bytes() == before_pointer
    assert _answer(data_dir) == before_answer
    summary = run_ingest(Settings(data_dir=data_dir), [ROOT / "corpus", corpus])
    assert summary.changed
    assert len(PolicyIndex.open(data_dir).documents) == 1 + len(list(EXTERNAL.glob("0*.txt")))


def test_cli_reports_each_document_and_strict_fails(data_dir: Path, tmp_path: Path) -> None:
    odd = tmp_path / "odd.txt"
    odd.write_text("某区扶持办法\n第一条 甲。\n第三条 乙。\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    cmd = [sys.executable, str(ROOT / "ingest.py"), str(ROOT / "corpus"), str(odd), str(empty)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "编号跳号" in proc.stdout and "未入库" in proc.stderr and "empty.txt" in proc.stderr
    assert "Traceback" not in proc.stderr
    strict = subprocess.run([*cmd, "--strict"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert strict.returncode == 2 and "Traceback" not in strict.stderr
    docs = subprocess.run([sys.executable, "-m", "assistant.cli", "documents", "--json"], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300)
    rows = {r["doc_id"]: r for r in json.loads(docs.stdout)}
    assert rows["odd"]["title"] == "某区扶持办法" and rows["odd"]["measures"] == 2
    assert rows["baotou-zjtx-2023"]["status"] == "draft" and rows["baotou-zjtx-2023"]["valid_until"] == "2025-12-31"
