"""API docs that work offline: Swagger UI at ``/docs`` from assets shipped in a wheel.

FastAPI's default ``/docs`` loads Swagger UI from a CDN, which the app's own CSP blocks
and an offline deployment cannot reach. Here the page is FastAPI's
``get_swagger_ui_html`` pointed at ``/docs/assets/…`` — the Swagger UI 5 bundle that the
``fastapi-offline`` package ships — with the validator badge (an off-host image) off.
The page's one inline start-up script is allowed by its hash, on ``/docs`` only.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from assistant.api.security import docs_csp, with_frame_ancestors
from assistant.errors import NotFoundError

ASSETS = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8", "swagger-ui.css": "text/css; charset=utf-8",
          "favicon.png": "image/png"}
DESCRIPTION = """\
离线、可溯源、按日期判断有效期的惠企政策问答服务。

- **问答**：`POST /api/chat` 回答一条问题；把上一轮返回的 `state` 原样带回即可追问（如“那自治区级的呢”）。
  金额只来自确定性计算器，每条回答都引用条款原文（`citations[].quote` 逐字出自该条款）。
- **有效期**：按 `as_of`（YYYY-MM-DD，缺省为服务器当天）判断文件和措施是否仍然有效，结论写在 `caveats` 中。
- **条款与计算**：`GET /api/measures` 列出全部条款；`POST /api/calc` 按条款、档次和基数计算金额并给出计算过程。
- **错误**：所有错误均为 `{"code": "...", "message": "..."}`，`message` 为可直接展示的中文说明。
- **限流**：按来源地址和会话限流，超限返回 429。
"""
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


def assets_dir() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


def script_hash(html: bytes) -> str:
    """The CSP source (``'sha256-…'`` without quotes) of the page's inline script."""
    match = _INLINE_SCRIPT.search(html)
    if match is None:
        raise ValueError("the docs page has no inline script")
    return "sha256-" + base64.b64encode(hashlib.sha256(match.group(1)).digest()).decode()


def page(root: str, title: str, openapi_url: str) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=f"{root}{openapi_url}", title=f"{title} · 接口文档",
        swagger_js_url=f"{root}/docs/assets/swagger-ui-bundle.js", swagger_css_url=f"{root}/docs/assets/swagger-ui.css",
        swagger_favicon_url=f"{root}/docs/assets/favicon.png",
        swagger_ui_parameters={"validatorUrl": None, "defaultModelsExpandDepth": 0, "tryItOutEnabled": False})


def install(app: FastAPI, ancestors: list[str]) -> None:
    """``GET /docs`` and ``GET /docs/assets/{name}`` on ``app`` (whose own ``docs_url`` is None)."""
    directory = assets_dir()

    @app.get("/docs", include_in_schema=False)
    async def swagger(request: Request) -> HTMLResponse:
        response = page(request.scope.get("root_path", "").rstrip("/"), app.title, app.openapi_url or "/openapi.json")
        policy = docs_csp(script_hash(bytes(response.body)))
        response.headers["Content-Security-Policy"] = with_frame_ancestors(policy, ancestors)
        return response

    @app.get("/docs/assets/{name}", include_in_schema=False)
    async def asset(name: str) -> FileResponse:
        if name not in ASSETS:
            raise NotFoundError("请求的资源不存在")
        return FileResponse(directory / name, media_type=ASSETS[name],
                            headers={"Cache-Control": "public, max-age=86400"})
