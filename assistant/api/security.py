"""Browser-facing protections: security headers on every response.

Three policies, all same-origin only: :data:`STRICT_CSP` (widget, demo page, API),
:data:`CONSOLE_CSP` (Gradio needs inline scripts, eval and websockets) and, for the API
docs page alone, the strict one plus Swagger UI's inline start-up script allowed by its
hash (:func:`docs_csp`). A response that brings its own policy keeps it.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import Response

# The widget and demo page need nothing but their own origin.
STRICT_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
              "connect-src 'self'; object-src 'none'; base-uri 'self'")
# Gradio's console needs inline scripts, eval and websockets — still only from this origin.
CONSOLE_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; media-src 'self' blob:; "
               "object-src 'none'; base-uri 'self'")
SELF = "'self'"


def docs_csp(script_hash: str) -> str:
    """The strict policy, plus the one inline script whose ``sha256-…`` hash is given."""
    return STRICT_CSP.replace("script-src 'self'", f"script-src 'self' '{script_hash}'", 1)


def with_frame_ancestors(policy: str, ancestors: list[str]) -> str:
    """``policy`` with its ``frame-ancestors`` directive (``'self'`` when none are configured)."""
    return f"{policy}; frame-ancestors {' '.join(ancestors) if ancestors else SELF}"


class SecurityHeaders(BaseHTTPMiddleware):
    def __init__(self, app: object, frame_ancestors: list[str]) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.ancestors = list(frame_ancestors)

    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        csp = CONSOLE_CSP if request.url.path.startswith("/console") else STRICT_CSP
        response.headers.setdefault("Content-Security-Policy", with_frame_ancestors(csp, self.ancestors))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes on ``/api`` with a JSON 413 — also for
    chunked bodies, which carry no Content-Length. Bodies are small, so they are read
    whole (at most ``limit`` bytes), replayed to the app, and left in ``scope["state"]``
    for the middlewares inside."""

    def __init__(self, app: Any, limit: int, prefix: str = "/api") -> None:
        self.app = app
        self.limit = limit
        self.prefix = prefix

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix) or scope["method"] in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _too_large(send, self.limit)
            return
        body = b""
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.limit:
                await _too_large(send, self.limit)
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return dict(await receive())

        scope.setdefault("state", {})["body"] = body  # for the rate limiter: read once, here
        await self.app(scope, replay, send)


async def _too_large(send: Any, limit: int) -> None:
    payload = json.dumps({"code": "http_413", "message": f"请求内容过大（上限 {limit // 1024} KB）"},
                         ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": payload})
