"""A real uvicorn server on 127.0.0.1 in a background thread, configured like ``serve``."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import uvicorn

from assistant.cli.serve import uvicorn_config

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``with Server(app) as srv: httpx.get(srv.url + "/healthz")``."""

    def __init__(self, app: object) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn_config(app, "127.0.0.1", self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.time() + 60
        while not self.server.started:
            if time.time() > deadline or not self.thread.is_alive():
                raise RuntimeError("server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def wait_until_up(url: str, timeout: float = 120) -> None:
    """Poll ``url`` until it answers 200 (a server starting in another process)."""
    import httpx

    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not come up within {timeout:.0f} s")


def wait_for(condition: Callable[[], T], timeout: float = 30, interval: float = 0.05, what: str = "condition") -> T:
    """Poll ``condition`` until it returns something truthy (returned); exceptions count as not yet.

    Tests wait on what they need to see instead of sleeping a guessed time.
    """
    deadline = time.monotonic() + timeout
    last: BaseException | None = None
    while True:
        try:
            value = condition()
            if value:
                return value
        except Exception as exc:  # not ready yet (a server still starting, a file not written)
            last = exc
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met within {timeout:.0f} s" + (f" (last error: {last!r})" if last else ""))
        time.sleep(interval)
