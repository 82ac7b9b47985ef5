"""Faults across real processes: a second server on the same data dir, kill -9 during
a burst of feedback."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.server import free_port, wait_for, wait_until_up

pytestmark = pytest.mark.slow
CLI = [sys.executable, "-m", "assistant.cli"]


@pytest.fixture()
def served(baotou_data_dir: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, dict[str, str]]]:
    data = tmp_path / "data"
    shutil.copytree(baotou_data_dir, data)
    for stale in ("serve.lock",):
        (data / stale).unlink(missing_ok=True)
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data), "ASSISTANT_CONSOLE_PASSWORD": "x-test",
           "ASSISTANT_RATE_LIMIT_PER_IP": "100000"}
    port = free_port()
    proc = subprocess.Popen([*CLI, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/healthz")
    except RuntimeError:
        proc.kill()
        raise
    yield proc, url, env
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=20)


def test_second_server_on_the_same_data_dir_refuses(served) -> None:  # type: ignore[no-untyped-def]
    _, _, env = served
    second = subprocess.run([*CLI, "serve", "--port", str(free_port())], env=env, capture_output=True, text=True,
                            timeout=60)
    assert second.returncode == 2
    assert "已被另一个服务进程使用" in second.stderr and "Traceback" not in second.stderr


def test_kill_during_feedback_burst_loses_no_acknowledged_row(served) -> None:  # type: ignore[no-untyped-def]
    proc, url, env = served
    acked: list[int] = []
    stop = threading.Event()

    def burst() -> None:
        with httpx.Client(base_url=url, timeout=5) as client:
            i = 0
            while not stop.is_set():
                try:
                    r = client.post("/api/feedback", json={"rating": 1, "message": f"第{i}条", "answer": "…"})
                except httpx.HTTPError:
                    return
                if r.status_code == 200:
                    acked.append(r.json()["id"])
                i += 1

    threads = [threading.Thread(target=burst) for _ in range(4)]
    for t in threads:
        t.start()
    wait_for(lambda: len(acked) > 40, timeout=60, what="feedback acknowledged under load")  # mid-burst, then kill
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    stop.set()
    for t in threads:
        t.join(timeout=10)
    assert len(acked) > 20, "the burst was acknowledged before the kill"
    db = sqlite3.connect(Path(env["ASSISTANT_DATA_DIR"]) / "app.db")
    stored = {row[0] for row in db.execute("SELECT id FROM feedback")}
    assert set(acked) <= stored
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
