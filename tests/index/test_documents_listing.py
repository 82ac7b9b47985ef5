"""``policy-assistant documents`` and ``GET /api/documents``: one row per indexed document."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from assistant.cli import main

KEYS = ["doc_id", "title", "issuer", "doc_number", "region", "issued", "status", "valid_until", "measures"]


def test_cli_and_api_list_the_same_documents(bot, baotou_data_dir: Path, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                             monkeypatch) -> None:
    from assistant.api import create_app
    from assistant.settings import Settings, get_settings
    from assistant.storage import Store

    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(baotou_data_dir))
    get_settings.cache_clear()
    assert main(["documents", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [list(r) for r in rows] == [KEYS]
    baotou = rows[0]
    assert baotou["doc_id"] == "baotou-zjtx-2023" and baotou["status"] == "draft"
    assert baotou["issued"] == "2023-03-30" and baotou["valid_until"] == "2025-12-31" and baotou["measures"] == 36
    app = create_app(Settings(data_dir=baotou_data_dir), bot=bot, store=Store(tmp_path / "a.db"), console=False)
    with TestClient(app) as client:
        assert client.get("/api/documents").json() == rows
