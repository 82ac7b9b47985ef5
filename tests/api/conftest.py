"""A real uvicorn server on 127.0.0.1 serving the app over the session's Baotou index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.api import create_app
from assistant.settings import Settings
from assistant.storage import Store
from tests.support.server import Server


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
