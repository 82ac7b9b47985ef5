"""Rate limiting per client IP and per conversation, as ASGI middleware.

It runs before routing and validation, so valid, invalid and malformed requests all
count (a per-route decorator would miss requests that fail validation), and it covers
every ``/api`` route however it was declared (router or app). ``X-Forwarded-For`` is
believed only when the direct peer is a configured trusted proxy — otherwise anyone
could pick their own key by sending the header.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any


class SlidingWindow:
    """At most ``limit`` events per ``window`` seconds per key (bounded memory)."""

    def __init__(self, limit: int, window: float = 60.0, max_keys: int = 100_000) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._events: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def hit(self, key: str, now: float | None = None) -> float:
        """Record one event; 0.0 when allowed, else the seconds to wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            events = [t for t in self._events.pop(key, []) if now - t < self.window]
            if len(events) >= self.limit:
                self._events[key] = events
                return max(0.0, self.window - (now - events[0]))
            events.append(now)
            self._events[key] = events
            while len(self._events) > self.max_keys:
                self._events.popitem(last=False)
            return 0.0


def client_ip(scope: dict[str, Any], trusted_proxies: Iterable[str]) -> str:
    peer = (scope.get("client") or ("unknown", 0))[0]
    if peer in set(trusted_proxies):
        forwarded = dict(scope.get("headers") or []).get(b"x-forwarded-for", b"").decode("latin-1")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-1]  # the address the trusted proxy itself saw
    return str(peer)


class RateLimit:
    """429 with ``Retry-After`` when a client or a conversation asks too often."""

    def __init__(self, app: Any, per_ip: int, per_conversation: int, trusted_proxies: list[str],
                 prefix: str = "/api") -> None:
        self.app = app
        self.ips = SlidingWindow(per_ip)
        self.conversations = SlidingWindow(per_conversation)
        self.trusted = trusted_proxies
        self.prefix = prefix

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        wait = self.ips.hit(client_ip(scope, self.trusted))
        if wait:
            await _too_many(send, wait)
            return
        if scope["method"] == "POST":
            state = _state_of(scope.get("state", {}).get("body", b""))
            if state and (wait := self.conversations.hit(hashlib.sha256(state.encode()).hexdigest())):
                await _too_many(send, wait)
                return
        await self.app(scope, receive, send)


def _state_of(body: bytes) -> str | None:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    state = data.get("state") if isinstance(data, dict) else None
    return state if isinstance(state, str) and state else None


async def _too_many(send: Any, wait: float) -> None:
    payload = json.dumps({"code": "rate_limited", "message": "请求过于频繁，请稍后再试"}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": 429,
                "headers": [(b"content-type", b"application/json"), (b"retry-after", str(max(1, math.ceil(wait))).encode()),
                            (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})
