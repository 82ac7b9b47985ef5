"""``policy-assistant staff``: add (stdin or generated), list, disable, enable, unlock, passwd, role."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.settings import get_settings
from assistant.staff.accounts import Accounts
from assistant.staff.throttle import LoginThrottle, ThrottlePolicy, user_key
from assistant.storage import Store


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str,
         stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["staff", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_staff_command(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(monkeypatch, capsys, "add", "zhangsan", "--role", "officer", "--name", "张三",
                        stdin="a long password\n")
    assert code == 0 and "已新增账户 zhangsan" in out and "a long password" not in out
    code, out, _ = _run(monkeypatch, capsys, "add", "boss", "--role", "admin", "--generate")
    generated = out.strip().splitlines()[-1].split("：")[-1]
    assert code == 0 and len(generated) >= 12
    accounts = Accounts(Store(data_dir / "app.db"))
    assert accounts.verify("zhangsan", "a long password") is not None
    assert accounts.verify("boss", generated) is not None

    code, _, err = _run(monkeypatch, capsys, "add", "lisi", stdin="short\n")
    assert code == 2 and "密码至少" in err
    code, _, err = _run(monkeypatch, capsys, "add", "zhangsan", stdin="another password\n")
    assert code == 2 and "已存在" in err

    code, out, _ = _run(monkeypatch, capsys, "disable", "zhangsan")
    assert code == 0 and "已停用" in out and accounts.require("zhangsan").disabled
    _run(monkeypatch, capsys, "enable", "zhangsan")
    assert not accounts.require("zhangsan").disabled

    throttle = LoginThrottle(Store(data_dir / "app.db"), {"user": ThrottlePolicy(1, 60, 2, 3600, 3600)})
    throttle.failed([user_key("zhangsan")])
    throttle.failed([user_key("zhangsan")])
    listed = json.loads(_run(monkeypatch, capsys, "list", "--json")[1])
    assert {r["username"]: r["locked"] for r in listed} == {"boss": False, "zhangsan": True}
    code, out, _ = _run(monkeypatch, capsys, "unlock", "zhangsan")
    assert code == 0 and "已解除锁定" in out and throttle.status(user_key("zhangsan")) is None
    assert _run(monkeypatch, capsys, "unlock", "nobody")[0] == 2

    _run(monkeypatch, capsys, "passwd", "zhangsan", stdin="brand new password\n")
    assert accounts.verify("zhangsan", "brand new password") is not None
    _run(monkeypatch, capsys, "role", "zhangsan", "reviewer")
    assert accounts.require("zhangsan").role == "reviewer"
    table = _run(monkeypatch, capsys, "list")[1]
    assert "zhangsan" in table and "reviewer" in table and "张三" in table
