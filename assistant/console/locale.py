"""Every built-in label of the console in Chinese, whatever the officer's browser language.

Gradio picks the language of its own strings (the login page's 用户名/密码/登录, 提交,
清除 …) from ``navigator.language`` and offers no server setting for it. The console is
a Chinese product, so its pages are served with ``<html lang="zh-CN">`` and a first,
inline script that reports ``zh-CN`` as the browser language before Gradio starts.
Only the console's HTML pages are touched; assets and API responses pass through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.routing import Mount

if TYPE_CHECKING:
    from fastapi import FastAPI

LOCALE = "zh-CN"
SCRIPT = (
    b"<script>(()=>{for(const[k,v]of[['language','zh-CN'],['languages',['zh-CN','zh']]]){"
    b"try{Object.defineProperty(Navigator.prototype,k,{get:()=>v,configurable:true})}catch(e){}}})()</script>"
)


def force_chinese(app: FastAPI, path: str) -> None:
    """Wrap the app mounted at ``path`` on ``app`` in :class:`ChineseUI`."""
    for route in app.router.routes:
        if isinstance(route, Mount) and route.path == path.rstrip("/"):
            route.app = ChineseUI(route.app)
            return
    raise LookupError(f"nothing is mounted at {path}")


def localize(html: bytes) -> bytes:
    """``html`` with ``lang="zh-CN"`` and :data:`SCRIPT` first in its ``<head>``."""
    html = html.replace(b'<html\n\tlang="en"', b'<html\n\tlang="zh-CN"', 1).replace(b'<html lang="en"',
                                                                                    b'<html lang="zh-CN"', 1)
    head = html.find(b"<head>")
    if head < 0:
        return html
    at = head + len(b"<head>")
    return html[:at] + SCRIPT + html[at:]


class ChineseUI:
    """ASGI wrapper: GET responses of type text/html get :func:`localize`\\ d."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __getattr__(self, name: str) -> Any:  # Mount.routes and url_path_for look through
        return getattr(self.app, name)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] | None = None
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                kinds = {k.lower(): v for k, v in message.get("headers", [])}
                if kinds.get(b"content-type", b"").startswith(b"text/html"):
                    start = message
                    return
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = localize(b"".join(chunks))
                headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, capture)
