"""schemathesis against the OpenAPI schema of a real server: no 5xx, responses as documented."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from assistant.api import create_app
from assistant.settings import Settings
from assistant.storage import Store

pytestmark = pytest.mark.slow
CALLS: list[int] = []


@pytest.fixture(scope="module")
def fuzz_url(bot, baotou_data_dir, tmp_path_factory, server_class):  # type: ignore[no-untyped-def]
    app = create_app(Settings(data_dir=baotou_data_dir, rate_limit_per_ip=10**9, rate_limit_per_conversation=10**9),
                     bot=bot, store=Store(tmp_path_factory.mktemp("fuzz") / "app.db"), console=False)
    with server_class(app) as srv:
        yield srv.url


def test_api_never_fails_and_matches_its_schema(fuzz_url: str) -> None:
    schema = schemathesis.openapi.from_url(f"{fuzz_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/chat", "/api/feedback", "/api/calc", "/api/measures"}
    for op in operations:

        @given(case=op.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call()
            CALLS.append(response.status_code)
            assert response.status_code < 500, (case.path, case.body, response.text[:300])
            if response.status_code >= 400:
                assert set(response.json()) == {"code", "message"}, response.text[:300]
            else:
                case.validate_response(response)

        check()
    assert len(CALLS) >= 50 and any(c == 200 for c in CALLS) and any(400 <= c < 500 for c in CALLS)
