"""Rate limiting closes the known traps: invalid requests count, every /api route is
covered, and X-Forwarded-For is believed only from trusted proxies."""

from __future__ import annotations

import httpx
import pytest

from assistant.api import create_app
from assistant.api.ratelimit import SlidingWindow, client_ip
from assistant.settings import Settings
from assistant.storage import Store


@pytest.fixture()
def limited(bot, baotou_data_dir, tmp_path, server_class):  # type: ignore[no-untyped-def]
    """A server allowing 5 requests per IP and 3 per conversation per minute."""
    settings = Settings(data_dir=baotou_data_dir, rate_limit_per_ip=5, rate_limit_per_conversation=3,
                        trusted_proxies=["10.0.0.1"])
    with server_class(create_app(settings, bot=bot, store=Store(tmp_path / "app.db"), console=False)) as srv, \
            httpx.Client(base_url=srv.url, timeout=30) as client:
        yield client


@pytest.mark.parametrize("kind", ["valid", "invalid", "malformed"])
def test_every_kind_of_request_counts(limited: httpx.Client, kind: str) -> None:
    payloads = {"valid": {"json": {"message": "你好"}}, "invalid": {"json": {"message": ""}},
                "malformed": {"content": b"{oops", "headers": {"content-type": "application/json"}}}
    statuses = [limited.post("/api/chat", **payloads[kind]).status_code for _ in range(6)]  # type: ignore[arg-type]
    assert 429 not in statuses[:5] and statuses[5] == 429
    r = limited.post("/api/feedback", json={"rating": 1})
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert r.json()["code"] == "rate_limited"


def test_forged_forwarded_for_does_not_reset_the_budget(limited: httpx.Client) -> None:
    codes = [limited.get("/api/measures", headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code for i in range(6)]
    assert codes[-1] == 429


def test_per_conversation_limit(limited: httpx.Client) -> None:
    state = limited.post("/api/chat", json={"message": "小巨人奖励多少"}).json()["state"]
    codes = [limited.post("/api/chat", json={"message": "那自治区级的呢", "state": state}).status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429


def test_sliding_window_and_proxy_rules() -> None:
    w = SlidingWindow(2, window=10)
    assert w.hit("a", 0) == 0 and w.hit("a", 1) == 0 and w.hit("a", 2) == pytest.approx(8)
    assert w.hit("a", 10.5) == 0
    scope = {"client": ("10.0.0.1", 1), "headers": [(b"x-forwarded-for", b"198.51.100.7, 192.0.2.9")]}
    assert client_ip(scope, ["10.0.0.1"]) == "192.0.2.9"
    assert client_ip(scope, []) == "10.0.0.1"
