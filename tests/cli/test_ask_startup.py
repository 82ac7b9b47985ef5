"""``policy-assistant ask`` loads only what answering needs: no chromadb, no bm25s, no
LangChain, not jieba's whole dictionary — once the data dir's caches exist."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
from assistant.cli import main
code = main(["ask", "小巨人能拿多少", "--json"])
from assistant.index.tokenizer import Tokenizer
heavy = sorted(m for m in ("chromadb", "bm25s", "langchain_core", "langchain_chroma", "onnxruntime") if m in sys.modules)
print(json.dumps({"code": code, "heavy": heavy, "omp": __import__("os").environ.get("OMP_NUM_THREADS")}))
"""


def _ask(data_dir: Path) -> tuple[dict[str, object], dict[str, object]]:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir), "ASSISTANT_CORPUS_DIR": str(ROOT / "corpus")}
    env.pop("OMP_NUM_THREADS", None)
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120, check=True).stdout
    answer, _, probe = out.rpartition("\n{\"code\"")
    return json.loads(answer), json.loads("{\"code\"" + probe)


def test_ask_imports_no_vector_database(baotou_data_dir: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(baotou_data_dir, data_dir)
    first, _ = _ask(data_dir)  # may build the caches of this code version
    again, probe = _ask(data_dir)
    assert probe["code"] == 0 and probe["heavy"] == [], probe
    assert probe["omp"] == "1", "one embedding thread for a single question"
    first.pop("state"), again.pop("state")
    assert again == first
    assert again["calculation"]["total_yuan"] == 1_000_000  # type: ignore[index]
