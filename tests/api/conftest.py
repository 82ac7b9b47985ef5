"""A real uvicorn server on 127.0.0.1 serving the app over the session's Baotou index."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from assistant.api import create_app
from assistant.cli.serve import uvicorn_config
from assistant.settings import Settings
from assistant.storage import Store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """uvicorn in a thread; stops when the test session ends."""

    def __init__(self, app: object) -> None:
        self.port = free_port()
        config = uvicorn_config(app, "127.0.0.1", self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.time() + 60
        while not self.server.started:
            if time.time() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def api_settings(baotou_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=baotou_data_dir, cors_origins=["https://gxj.example.gov.cn"],
                    console_password="s3cret-test", as_of=None)


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return Store(tmp_path_factory.mktemp("app") / "app.db")


@pytest.fixture(scope="session")
def server(bot, api_settings: Settings, store: Store) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    with Server(create_app(api_settings, bot=bot, store=store)) as srv:
        yield srv


@pytest.fixture(scope="session")
def server_class() -> type[Server]:
    """For tests that need a server with their own settings."""
    return Server
