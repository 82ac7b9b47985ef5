"""POST /api/admin/reingest: bearer token in constant time; the serving process re-indexes
and swaps to the new index while it keeps answering."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from assistant import Assistant
from assistant.api import create_app
from assistant.settings import Settings
from assistant.storage import Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def admin(baotou_data_dir: Path, tmp_path: Path, server_class):  # type: ignore[no-untyped-def]
    data, corpus = tmp_path / "data", tmp_path / "corpus"
    shutil.copytree(baotou_data_dir, data)
    shutil.copytree(ROOT / "corpus", corpus)
    settings = Settings(data_dir=data, corpus_dir=corpus, admin_token="t0k-en-for-tests")
    app = create_app(settings, bot=Assistant.from_settings(settings), store=Store(tmp_path / "app.db"), console=False)
    with server_class(app) as srv, httpx.Client(base_url=srv.url, timeout=120) as client:
        yield client, corpus


def test_admin_requires_the_token(admin) -> None:  # type: ignore[no-untyped-def]
    client, _ = admin
    assert client.post("/api/admin/reingest").status_code == 401
    r = client.post("/api/admin/reingest", headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer" and r.json()["code"] == "unauthorized"


def test_reingest_swaps_to_the_new_index(admin) -> None:  # type: ignore[no-untyped-def]
    client, corpus = admin
    auth = {"Authorization": "Bearer t0k-en-for-tests"}
    same = client.post("/api/admin/reingest", headers=auth).json()
    assert same["changed"] is False
    shutil.copy(ROOT.parent / "shared/external/06_xiangtan_2020_zhongxiao_qiye_ruogan_yijian.txt", corpus)
    new = client.post("/api/admin/reingest", headers=auth).json()
    assert new["changed"] is True and len(new["documents"]) == 2
    assert client.get("/healthz").json()["documents"] == 2
    r = client.post("/api/chat", json={"message": "湘潭对中小企业房租有什么减免"}).json()
    assert r["citations"] and r["citations"][0]["doc_id"].startswith("06_xiangtan")


def test_admin_disabled_without_a_token(bot, baotou_data_dir: Path, tmp_path: Path, server_class) -> None:  # type: ignore[no-untyped-def]
    app = create_app(Settings(data_dir=baotou_data_dir), bot=bot, store=Store(tmp_path / "a.db"), console=False)
    with server_class(app) as srv:
        r = httpx.post(f"{srv.url}/api/admin/reingest", headers={"Authorization": "Bearer anything"}, timeout=30)
        assert r.status_code == 403 and r.json()["code"] == "admin_disabled"
