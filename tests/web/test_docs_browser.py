"""The API docs (``/docs``) in a real browser, offline: Swagger UI from the package's own assets,
under the app's CSP, with no request leaving the server."""

from __future__ import annotations

import re
from typing import Any

import httpx
from playwright.sync_api import expect


def test_docs_render_offline_under_the_csp(page: Any, web_server: Any, shot: Any) -> None:
    outside: list[str] = []
    refused: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((web_server.url, "data:", "blob:")) else outside.append(r.url))
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(web_server.url + "/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    for path in ("/api/chat", "/api/feedback", "/api/measures", "/api/calc", "/healthz"):
        assert path in paths, paths
    expect(page.locator(".info")).to_contain_text("离线、可溯源")
    shot(page, "1-operations")
    page.locator(".opblock-summary-path", has_text=re.compile(r"^/api/chat$")).click()
    expect(page.locator(".opblock-body").first).to_contain_text("我们刚评上小巨人，能拿多少？")  # request example
    expect(page.locator(".opblock-body").first).to_contain_text("引导“专精特新”发展")  # response example
    shot(page, "2-chat-with-examples")
    assert outside == [], outside
    assert refused == [], refused


def test_docs_policy_allows_only_the_pages_own_inline_script(web_server: Any) -> None:
    r = httpx.get(web_server.url + "/docs")
    csp = r.headers["content-security-policy"]
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src"))
    assert re.fullmatch(r"script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'", script_src), script_src
    assert "unsafe" not in script_src and "frame-ancestors 'self'" in csp
    assert "cdn" not in r.text and "https://" not in r.text
    assert "'unsafe" not in httpx.get(web_server.url + "/openapi.json").headers["content-security-policy"].split(
        "script-src")[1].split(";")[0]  # only /docs gets the hash; everything else stays strict
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "favicon.png"):
        assert httpx.get(f"{web_server.url}/docs/assets/{name}").status_code == 200
    assert httpx.get(web_server.url + "/docs/assets/redoc.standalone.js").status_code == 404  # a fixed list only
    assert httpx.get(web_server.url + "/docs/assets/..%2F__init__.py").status_code == 404


def test_every_endpoint_is_described_in_the_docs_with_examples(web_server: Any) -> None:
    spec = httpx.get(web_server.url + "/openapi.json").json()
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            if path.startswith("/api/staff"):
                continue  # the staff API is documented with its own routes
            assert op.get("description"), f"{method.upper()} {path} has no description"
            assert not re.search(r"\w+\.md\b|design\.md|§", op["description"]), f"{path}: {op['description']}"
    schemas = spec["components"]["schemas"]
    for name in ("ChatRequest", "ChatResponseOut", "CalcRequest", "FeedbackRequest", "MeasureOut", "ErrorOut"):
        assert schemas[name].get("examples"), f"{name} has no example"
    calc = spec["paths"]["/api/calc"]["post"]["responses"]["200"]["content"]["application/json"]
    assert calc["example"]["total_yuan"] == 600000
    assert "design.md" not in httpx.get(web_server.url + "/openapi.json").text
