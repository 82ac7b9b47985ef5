"""The console is mounted in the same app and refuses anyone who has not logged in."""

from __future__ import annotations

import httpx
import pytest

from assistant.api import create_app
from assistant.storage import Store


@pytest.fixture(scope="module")
def console_url(bot, api_settings, tmp_path_factory, server_class):  # type: ignore[no-untyped-def]
    app = create_app(api_settings, bot=bot, store=Store(tmp_path_factory.mktemp("c") / "app.db"), console=True)
    with server_class(app) as srv:
        yield srv.url


def test_unauthenticated_access_is_refused(console_url: str) -> None:
    with httpx.Client(base_url=console_url, timeout=30) as anon:
        assert anon.get("/console/config").status_code == 401
        assert "咨询台" not in anon.get("/console/config").text  # nothing of the app leaks before login
        assert anon.post("/console/login", data={"username": "hotline", "password": "wrong"}).status_code in (400, 401)


def test_login_opens_the_console(console_url: str) -> None:
    with httpx.Client(base_url=console_url, timeout=30) as staff:
        r = staff.post("/console/login", data={"username": "hotline", "password": "s3cret-test"})
        assert r.status_code == 200
        config = staff.get("/console/config")
        assert config.status_code == 200
        assert "咨询台" in config.text
        assert "fonts.googleapis" not in config.text


def test_console_pages_get_their_own_csp(console_url: str) -> None:
    r = httpx.get(f"{console_url}/console/", timeout=30, follow_redirects=True)
    assert "frame-ancestors" in r.headers["content-security-policy"]
    assert "ws:" in r.headers["content-security-policy"]


def test_the_printed_address_redirects_to_the_console(console_url: str) -> None:
    r = httpx.get(f"{console_url}/console", timeout=30)
    assert r.status_code == 307 and r.headers["location"] == "console/"
    assert httpx.get(f"{console_url}/console?x=1", timeout=30, follow_redirects=True).url.path == "/console/"


def test_the_login_page_is_chinese(console_url: str) -> None:
    r = httpx.get(f"{console_url}/console/", headers={"Accept": "text/html", "Accept-Language": "en-US"}, timeout=30,
                  follow_redirects=True)
    assert r.status_code in (200, 401) and 'lang="zh-CN"' in r.text
