"""A plain install works: ``pip install .`` (not editable) into a fresh venv, then
``policy-assistant serve`` from an empty directory serves the widget, the demo page and
answers — the widget, the default corpus and the eval datasets are package data.

Slow (a full dependency install, minutes); runs in CI with everything else.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import httpx
import pytest

from tests.support.server import free_port, wait_for

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def test_pip_install_then_serve_from_any_directory(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(ROOT)], check=True, cwd=tmp_path,
                   stdout=subprocess.DEVNULL)
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "PYTHON", "VIRTUAL_ENV"))}
    # the installed copy, not the repository
    where = subprocess.run([str(python), "-c", "import assistant, assistant.resources as r; print(assistant.__file__);"
                            "print(r.datasets_dir() / 'dialogue_baotou.yaml'); print(r.thresholds_file())"],
                           cwd=empty, env=clean_env, check=True, capture_output=True, text=True).stdout.split()
    assert all(str(env_dir) in p for p in where), where
    assert all(Path(p).is_file() for p in where[1:]), where

    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen([str(env_dir / "bin" / "policy-assistant"), "serve", "--port", str(port)], cwd=empty,
                            env={**clean_env, "ASSISTANT_CONSOLE_PASSWORD": "x"}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: proc.poll() is not None or httpx.get(f"{url}/healthz", timeout=5).status_code == 200,
                 timeout=600, interval=0.5, what="the installed server up")
        assert proc.poll() is None, (tmp_path / "serve.log").read_text(errors="replace")[-3000:]
        page = httpx.get(f"{url}/")
        assert page.status_code == 200 and "/widget.js" in page.text
        widget = httpx.get(f"{url}/widget.js")
        assert widget.status_code == 200 and widget.headers["content-type"].startswith("text/javascript")
        assert widget.content == (ROOT / "assistant" / "web" / "widget.js").read_bytes()
        assert httpx.get(f"{url}/demo.js").status_code == 200
        answer = httpx.post(f"{url}/api/chat", json={"message": "我们刚评上小巨人，能拿多少？", "as_of": "2026-11-26"},
                            timeout=60).json()
        assert answer["calculation"]["total_yuan"] == 1_000_000 and answer["citations"][0]["measure"] == "2"
        assert (empty / "data" / "index" / "active.json").exists()  # indexed the packaged corpus, in ./data
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    assert sys.prefix not in where[0]
