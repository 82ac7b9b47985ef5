"""Browser-test fixtures: a real uvicorn server on 127.0.0.1 and a Debian chromium driven by Playwright.

The server is the shared ``tests.support.server.Server``, under fixture names of its own:
``web_server`` (widget, demo page, API, docs) and ``console_server`` (the whole app as
``policy-assistant serve`` builds it, console included, the assistant opened in the lifespan).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.api import create_app
from assistant.settings import Settings
from assistant.storage import Store
from tests.support.server import Server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
]


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return Store(tmp_path_factory.mktemp("web-app") / "app.db")


@pytest.fixture(scope="session")
def web_server(bot, baotou_data_dir: Path, web_store: Store) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    # Same origin as the demo page, so no CORS list is needed; as_of=None: the server's today.
    settings = Settings(data_dir=baotou_data_dir, as_of=None, cors_origins=[])
    with Server(create_app(settings, bot=bot, store=web_store, console=False)) as srv:
        yield srv


CONSOLE_USER, CONSOLE_PASSWORD = "hotline", "browser-s3cret"


@pytest.fixture(scope="session")
def console_server(baotou_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # No bot passed on purpose: like `serve`, the app opens the assistant in its lifespan, after
    # the console was mounted — the order in which the console once hung ("queue: 1/1").
    settings = Settings(data_dir=baotou_data_dir, as_of=None, cors_origins=[], console_user=CONSOLE_USER,
                        console_password=CONSOLE_PASSWORD)
    store = Store(tmp_path_factory.mktemp("console-app") / "app.db")
    reports = _eval_report(tmp_path_factory.mktemp("eval-report"))
    from assistant.console import ui

    with pytest.MonkeyPatch.context() as mp:  # the console's report dir: a small report, not ./eval-report
        mp.setitem(ui.mount_console.__kwdefaults__, "report_dir", reports)
        app = create_app(settings, store=store)
    with Server(app) as srv:
        yield srv


def _eval_report(out: Path) -> Path:
    from PIL import Image

    (out / "report.md").write_text("# 政策助手评测报告\n\n| 类别 | 通过率 |\n|---|---|\n| 金额 | 100% |\n", encoding="utf-8")
    Image.new("RGB", (320, 200), "#1f4e8c").save(out / "latency.png")
    return out


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (Debian package 'chromium'; CI installs it with apt)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def context_factory(browser: Any) -> Iterator[Any]:
    """new_context(**options) for the tests that need a particular viewport or CSP setting."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        options.setdefault("locale", "zh-CN")
        options.setdefault("service_workers", "block")
        ctx = browser.new_context(**options)
        ctx.set_default_timeout(15_000)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture()
def page(context_factory: Any) -> Any:
    return context_factory(viewport={"width": 1280, "height": 860}).new_page()


@pytest.fixture()
def shot(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """shot(page, "step") writes test-artifacts/screenshots/<test>--<step>.png and returns the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test = re.sub(r"[^\w.-]+", "_", request.node.name)

    def take(page: Any, step: str) -> Path:
        path = SCREENSHOTS / f"{test}--{step}.png"
        page.screenshot(path=str(path))
        return path

    return take
