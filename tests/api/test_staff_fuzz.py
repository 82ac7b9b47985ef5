"""schemathesis over the staff API as a logged-in admin: never a 5xx, errors always {code, message}."""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from assistant.api import create_app
from assistant.settings import Settings
from assistant.storage import Store

pytestmark = pytest.mark.slow


def test_staff_routes_never_fail(bot, baotou_data_dir, tmp_path, server_class) -> None:  # type: ignore[no-untyped-def]
    app = create_app(Settings(data_dir=baotou_data_dir, console_password="hotline-secret", rate_limit_per_ip=10**9,
                              rate_limit_per_conversation=10**9), bot=bot, store=Store(tmp_path / "app.db"),
                     console=False)
    calls: list[int] = []
    with server_class(app) as srv:
        schema = schemathesis.openapi.from_url(f"{srv.url}/openapi.json")
        operations = [r.ok() for r in schema.get_all_operations()]
        staff_ops = [op for op in operations if op.path.startswith("/api/staff")]
        assert {op.path for op in staff_ops} >= {"/api/staff/history", "/api/staff/corrections", "/api/staff/ask"}
        for op in staff_ops:

            @given(case=op.as_strategy())
            @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
            def check(case) -> None:  # type: ignore[no-untyped-def]
                # a fresh session each time: a fuzzed password reset must not end the run's coverage
                token = httpx.post(f"{srv.url}/console/login", timeout=30,
                                   json={"username": "hotline", "password": "hotline-secret"}).cookies["pa_staff"]
                response = case.call(cookies={"pa_staff": token})
                calls.append(response.status_code)
                assert response.status_code < 500, (case.path, case.body, response.text[:300])
                if response.status_code >= 400:
                    assert set(response.json()) == {"code", "message"}, response.text[:300]

            check()
    assert any(c == 200 for c in calls) and any(400 <= c < 500 for c in calls)
