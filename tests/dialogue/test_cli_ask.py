"""``policy-assistant ask`` and ``chat`` through ``main(argv)``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.settings import get_settings


@pytest.fixture(autouse=True)
def _data_dir(baotou_data_dir: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(baotou_data_dir))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_ask_json_is_the_chat_response(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "外地高企搬到包头有补贴吗", "--as-of", "2025-06-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"answer", "intent", "citations", "calculation", "caveats", "follow_up", "state", "confidence"}
    assert data["citations"][0]["measure"] == "3"
    assert data["calculation"]["total_yuan"] == 300000
    # --state=TOKEN: a token may start with "-", which argparse would read as an option
    assert main(["ask", "这个找哪个部门", f"--state={data['state']}", "--json"]) == 0
    follow = json.loads(capsys.readouterr().out)
    assert follow["intent"] == "department" and "市科技局" in follow["answer"]


def test_ask_errors_are_chinese_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "小巨人", "--state", "not-a-token"]) == 2
    err = capsys.readouterr().err
    assert "会话状态" in err and "Traceback" not in err


def test_chat_session(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("我们刚评上小巨人，能拿多少？\n那自治区级的呢\nexit\n"))
    assert main(["chat", "--as-of", "2026-11-26"]) == 0
    out = capsys.readouterr().out
    assert "100万元" in out and "20万元" in out and "50万元" in out


def test_a_state_token_starting_with_a_dash_is_taken_as_the_value(capsys: pytest.CaptureFixture[str]) -> None:
    # "--state -…" : the value is glued to its option, so argparse cannot mistake it for one
    assert main(["ask", "小巨人", "--state", "-not-a-token"]) == 2
    err = capsys.readouterr().err
    assert "会话状态" in err and "expected one argument" not in err
