"""The HTTP contract against a real server: responses, errors, storage, headers."""

from __future__ import annotations

import httpx
import pytest

from assistant.api.schemas import ChatResponseOut


@pytest.fixture()
def client(server) -> httpx.Client:  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def test_chat_response_contract(client: httpx.Client) -> None:
    r = client.post("/api/chat", json={"message": "我们刚评上小巨人，能拿多少？", "as_of": "2026-11-26"})
    assert r.status_code == 200
    data = r.json()
    ChatResponseOut.model_validate(data)
    assert data["intent"] == "amount"
    assert data["calculation"]["total_yuan"] == 1000000
    assert data["citations"][0]["measure"] == "2"
    assert "已过期" in data["answer"].split("。")[0], "the expiry is said first, in the answer itself"
    assert data["calculation"]["status_tag"] == "已过期 · 按原文测算"
    assert data["calculation"]["amount_text"] == "100万元" and data["citations"][0]["label"] == "第2条"
    follow = client.post("/api/chat", json={"message": "这个找哪个部门", "state": data["state"]}).json()
    assert follow["intent"] == "department" and "市工信局" in follow["answer"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"message": ""}, 422, "empty_message"),
        ({"message": "   "}, 422, "empty_message"),
        ({"message": "x" * 501}, 422, "message_too_long"),
        ({}, 422, "empty_message"),
        ({"message": "小巨人", "extra": 1}, 422, "bad_input"),
        ({"message": "小巨人", "as_of": "2026/11/26"}, 422, "bad_input"),
        ({"message": "小巨人", "state": "tampered-token"}, 400, "bad_state"),
        ([1, 2], 422, "bad_input"),
    ],
)
def test_error_contract(client: httpx.Client, body: object, status: int, code: str) -> None:
    r = client.post("/api/chat", json=body)
    assert r.status_code == status, r.text
    data = r.json()
    assert set(data) == {"code", "message"} and data["code"] == code
    assert any("\u4e00" <= ch <= "\u9fa5" for ch in data["message"])


def test_malformed_json_is_400(client: httpx.Client) -> None:
    r = client.post("/api/chat", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["code"] == "bad_json"


def test_oversized_body_is_413(client: httpx.Client) -> None:
    r = client.post("/api/chat", content=b'{"message": "' + b"a" * 70_000 + b'"}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "http_413"


def test_feedback_is_stored_before_the_200(client: httpx.Client, store) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/api/feedback", json={"rating": -1, "message": "我的手机13812345678", "answer": "…",
                                          "comment": "身份证110101199003071234 联系我"})
    assert r.status_code == 200
    row = next(x for x in store.rows("feedback") if x["id"] == r.json()["id"])
    assert row["rating"] == -1
    assert "13812345678" not in row["message"] and "138****5678" in row["message"]
    assert "110101199003071234" not in row["comment"]
    assert client.post("/api/feedback", json={"rating": 5}).status_code == 422


def test_transcripts_are_stored_masked(client: httpx.Client, store) -> None:  # type: ignore[no-untyped-def]
    client.post("/api/chat", json={"message": "我电话13900001111，小巨人奖励多少"})
    last = store.rows("transcript")[-1]
    assert "13900001111" not in last["message"] and last["total_yuan"] == 1000000


def test_measures_and_calc(client: httpx.Client) -> None:
    rows = client.get("/api/measures").json()
    assert [r["measure"] for r in rows if r["measure"].isdigit()] == [str(i) for i in range(1, 22)]
    one = client.get("/api/measures/baotou-zjtx-2023/18").json()
    assert one["departments"] == ["市发改委", "市工信局", "包头供电公司"]
    assert client.get("/api/measures/baotou-zjtx-2023/99").status_code == 404
    calc = client.post("/api/calc", json={"measure": "6", "base": "120万元"}).json()
    assert calc["total_yuan"] == 600000 and calc["trace"]
    bad = client.post("/api/calc", json={"measure": "6", "base": "-5"})
    assert bad.status_code == 422 and bad.json()["message"]


def test_oversized_chunked_body_is_413(client: httpx.Client) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"message": "'
        for _ in range(40):
            yield b"a" * 4096
        yield b'"}'

    r = client.post("/api/chat", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "http_413"


def test_health_and_pages(client: httpx.Client) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["documents"] == 1 and health["measures"] >= 30
    page = client.get("/")
    assert page.status_code == 200 and "widget.js" in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert client.get("/widget.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/../pyproject.toml").status_code == 404
    assert client.get("/openapi.json").json()["paths"]["/api/chat"]["post"]["responses"]["400"]


def test_cors_allow_list(client: httpx.Client) -> None:
    allowed = client.options("/api/chat", headers={"Origin": "https://gxj.example.gov.cn",
                                                   "Access-Control-Request-Method": "POST"})
    assert allowed.headers.get("access-control-allow-origin") == "https://gxj.example.gov.cn"
    other = client.post("/api/chat", json={"message": "你好"}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
