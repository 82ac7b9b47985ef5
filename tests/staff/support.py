"""Helpers for staff tests against a real server: accounts, logins, waiting on a condition."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from assistant.staff.accounts import Accounts


def add_staff(app: Any, *people: tuple[str, str, str]) -> None:
    """Create ``(username, role, display name)`` accounts, password ``<username>-password``."""
    accounts: Accounts = app.state.staff.accounts
    for username, role, name in people:
        if accounts.get(username) is None:
            accounts.add(username, f"{username}-password", role=role, display_name=name, created_by="test")


@contextmanager
def login(base_url: str, username: str, password: str | None = None) -> Iterator[httpx.Client]:
    """A client holding a staff session cookie (fails the test when the login fails)."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        r = client.post("/console/login", json={"username": username, "password": password or f"{username}-password"})
        assert r.status_code == 200, r.text
        yield client


def wait_for(condition: Callable[[], bool], timeout: float = 20.0, interval: float = 0.1) -> None:
    """Poll ``condition`` until it holds (no blind sleeps); fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)
