"""Staff login for the console and the staff API: a Chinese login page, sessions in an
HttpOnly SameSite=Strict cookie, throttled failures, and a gate in front of ``/console``
and ``/api/staff``.

    install_staff_auth(app, settings, store)   # in create_app: routes, gate, first admin
    officer_from_request(request)              # → Officer | None (starlette, FastAPI or gr.Request)
    current_officer(request)                   # FastAPI dependency: the Officer, else 401
    require_role("reviewer")                   # FastAPI dependency: 403 below that role
    gradio_user(request)                       # for gr.mount_gradio_app(auth_dependency=...)

The gate answers an anonymous browser page load with a redirect to ``/console/login`` and
anything else with 401 ``{code, message}``; a state-changing request whose ``Origin`` is
another site is refused (403) on top of the SameSite cookie.
"""

from __future__ import annotations

import asyncio
import html
import json
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from assistant.api.ratelimit import client_ip
from assistant.errors import PolicyAssistantError
from assistant.settings import Settings
from assistant.staff.accounts import Officer, Role
from assistant.staff.services import StaffServices
from assistant.staff.throttle import Refusal, address_key, user_key
from assistant.storage import Store

if TYPE_CHECKING:
    from assistant.facade import Assistant

SESSION_COOKIE = "pa_staff"
LOGIN_PATH = "/console/login"
LOGOUT_PATH = "/console/logout"
_OPEN = (LOGIN_PATH, LOGOUT_PATH)
_MAX_FORM = 4096
_LAST: StaffServices | None = None  # the most recently installed services (one app per process in production)
LOGIN_HTML = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>坐席登录 · 政策助手</title>
<style>
  body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center;
         background: #f1f5f9; color: #0f172a;
         font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
                      "WenQuanYi Micro Hei", system-ui, sans-serif; }
  main { width: min(92vw, 380px); background: #fff; border-top: 4px solid #1f4e8c; border-radius: 6px;
         box-shadow: 0 4px 18px rgba(15, 23, 42, .08); padding: 28px 28px 22px; }
  h1 { font-size: 1.3rem; color: #1f4e8c; margin: 0 0 4px; letter-spacing: .04em; }
  p.sub { margin: 0 0 20px; color: #475569; font-size: .92rem; }
  label { display: block; font-size: .92rem; margin: 14px 0 6px; }
  input { box-sizing: border-box; width: 100%; padding: 10px 12px; font-size: 1rem; border: 1px solid #cbd5e1;
          border-radius: 4px; }
  input:focus { outline: 3px solid #93c5fd; border-color: #1f4e8c; }
  button { margin-top: 22px; width: 100%; padding: 11px; font-size: 1rem; color: #fff; background: #1f4e8c;
           border: 0; border-radius: 4px; cursor: pointer; }
  button:hover, button:focus { background: #173c6d; }
  .error { background: #fef2f2; color: #991b1b; border: 1px solid #fecaca; border-radius: 4px; padding: 8px 10px;
           margin: 0 0 6px; font-size: .92rem; }
  footer { margin-top: 18px; color: #64748b; font-size: .8rem; }
</style>
</head>
<body>
<main>
  <h1>政策助手 · 热线坐席登录</h1>
  <p class="sub">请使用本人账户登录；连续输错密码将被暂时锁定。</p>
  {{error}}
  <form method="post" action="/console/login" autocomplete="on">
    <input type="hidden" name="next" value="{{next}}">
    <label for="username">用户名</label>
    <input id="username" name="username" value="{{username}}" autocomplete="username" required autofocus
           autocapitalize="none" spellcheck="false" maxlength="64">
    <label for="password">密码</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256">
    <button type="submit">登录</button>
  </form>
  <footer>忘记密码或账户被锁定，请联系管理员。</footer>
</main>
</body>
</html>
"""


def install_staff_auth(app: FastAPI, settings: Settings, store: Store,
                       assistant: Callable[[], Assistant | None] | None = None) -> StaffServices:
    """Staff services on ``app.state.staff``, the login/logout routes, the ``/api/staff``
    routes, the gate; creates the first admin on a fresh database. Call it in ``create_app``
    before the outer middlewares; ``assistant`` returns the running Assistant (None while starting)."""
    from assistant.api.staff_routes import router

    global _LAST
    staff = StaffServices.build(settings, store)
    staff.bootstrap()
    app.state.staff = _LAST = staff
    app.state.staff_assistant = assistant
    app.add_middleware(StaffGate, staff=staff)
    app.include_router(router)

    @app.get(LOGIN_PATH, include_in_schema=False)
    async def login_page(request: Request, next: str = "/console/") -> Response:
        if await asyncio.to_thread(_session_officer, staff, request):
            return RedirectResponse(_safe_next(next), status_code=303)
        return _page(next)

    @app.post(LOGIN_PATH, include_in_schema=False)
    async def login(request: Request) -> Response:
        return await _login(request, staff)

    @app.api_route(LOGOUT_PATH, methods=["GET", "POST"], include_in_schema=False)
    async def logout(request: Request) -> Response:
        await asyncio.to_thread(staff.accounts.end_session, request.cookies.get(SESSION_COOKIE))
        response: Response = RedirectResponse(LOGIN_PATH, status_code=303) if _wants_html(request) \
            else JSONResponse({"status": "logged_out"})
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
        return response

    return staff


# -- who is asking -------------------------------------------------------------------


def staff_services(request: Any) -> StaffServices:
    """The services of the app serving ``request`` (a starlette/FastAPI or Gradio request)."""
    raw = getattr(request, "request", None) or request
    found = getattr(getattr(raw, "state", None), "staff", None)
    if found is None:
        found = getattr(getattr(getattr(raw, "app", None), "state", None), "staff", None)
    if found is None:
        found = _LAST  # e.g. a Gradio request rebuilt without the app's state
    if not isinstance(found, StaffServices):
        raise PolicyAssistantError("坐席账户服务未启用", code="staff_unavailable").with_status(503)
    return found


def officer_from_request(request: Any) -> Officer | None:
    """The logged-in officer of a request, or None. Works for the gate's requests (already
    resolved) and for any request carrying the session cookie, Gradio's ``gr.Request`` too."""
    raw = getattr(request, "request", None) or request
    state = getattr(raw, "state", None)
    officer = getattr(state, "officer", None)
    if isinstance(officer, Officer):
        return officer
    try:
        staff = staff_services(raw)
    except PolicyAssistantError:
        return None
    cookies = getattr(raw, "cookies", None) or getattr(request, "cookies", None) or {}
    return staff.accounts.session_officer(cookies.get(SESSION_COOKIE))


def current_officer(request: Request) -> Officer:
    """FastAPI dependency: the logged-in officer, else 401 ``login_required``."""
    officer = officer_from_request(request)
    if officer is None:
        raise PolicyAssistantError("请先登录坐席控制台", code="login_required").with_status(401)
    return officer


def require_role(role: Role) -> Any:
    """FastAPI dependency factory: the officer when they have ``role`` or higher, else 403."""
    names = {"officer": "坐席", "reviewer": "审核员", "admin": "管理员"}

    def dependency(request: Request) -> Officer:
        officer = current_officer(request)
        if not officer.can(role):
            raise PolicyAssistantError(f"需要{names[role]}权限", code="forbidden").with_status(403)
        return officer

    return dependency


def gradio_user(request: Any) -> str | None:
    """``auth_dependency`` for ``gr.mount_gradio_app``: the username, or None (401)."""
    officer = officer_from_request(request)
    return officer.username if officer else None


# -- the gate ----------------------------------------------------------------------


def _protected(path: str) -> bool:
    if path in _OPEN:
        return False
    return path.startswith(("/console/", "/api/staff"))  # bare /console only redirects to /console/


class StaffGate:
    """ASGI middleware: only logged-in staff reach ``/console`` and ``/api/staff``."""

    def __init__(self, app: Any, staff: StaffServices) -> None:
        self.app = app
        self.staff = staff

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket") or not _protected(scope["path"]):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers") or []}
        token = _cookie(headers.get("cookie", ""), SESSION_COOKIE)
        officer = await asyncio.to_thread(self.staff.accounts.session_officer, token) if token else None
        if officer is None or (scope["type"] == "http" and not _same_origin(scope["method"], headers)):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 4401})
                return
            if officer is not None:
                response: Response = _json(403, "bad_origin", "拒绝跨站请求")
            elif scope["method"] in ("GET", "HEAD") and "text/html" in headers.get("accept", ""):
                target = scope["path"] + ("?" + scope["query_string"].decode("latin-1") if scope.get("query_string") else "")
                response = RedirectResponse(f"{LOGIN_PATH}?next={quote(target, safe='/')}", status_code=303)
            else:
                response = _json(401, "login_required", "请先登录坐席控制台")
            await response(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["officer"], state["staff"] = officer, self.staff
        await self.app(scope, receive, send)


# -- login -------------------------------------------------------------------------


async def _login(request: Request, staff: StaffServices) -> Response:
    browser = _wants_html(request)
    headers = {k.lower(): v for k, v in request.headers.items()}
    if not _same_origin("POST", headers):
        return _json(403, "bad_origin", "拒绝跨站请求")
    body = b""
    async for chunk in request.stream():  # a login form is tiny: never read more than _MAX_FORM
        body += chunk
        if len(body) > _MAX_FORM:
            return _json(413, "http_413", "请求内容过大")
    username, password, next_path = _credentials(body, headers.get("content-type", ""))
    if not username or not password:
        return _failure(browser, 422, "bad_input", "请输入用户名和密码", next_path, username)
    keys = [user_key(username), address_key(client_ip(dict(request.scope), staff.settings.trusted_proxies))]
    refusal = await asyncio.to_thread(staff.throttle.check, keys)
    if refusal is None:
        officer = await asyncio.to_thread(staff.accounts.verify, username, password)
        if officer is not None and officer.disabled:
            return _failure(browser, 403, "account_disabled", "该账户已停用，请联系管理员", next_path, username)
        if officer is not None:
            await asyncio.to_thread(staff.throttle.clear, keys[0])
            token, expires = await asyncio.to_thread(staff.accounts.start_session, officer.username,
                                                     staff.settings.session_ttl_s)
            target = _safe_next(next_path)
            response: Response = RedirectResponse(target, status_code=303) if browser else JSONResponse(
                {**officer.to_dict(), "expires_at": expires, "next": target})
            response.set_cookie(SESSION_COOKIE, token, max_age=max(1, math.ceil(staff.settings.session_ttl_s)),
                                path="/", httponly=True, samesite="strict", secure=staff.settings.session_cookie_secure)
            return response
        lock = await asyncio.to_thread(staff.throttle.failed, keys)
        if lock is None:
            return _failure(browser, 401, "bad_credentials", "用户名或密码错误", next_path, username)
        refusal = lock
    elif refusal.status == 429:  # a throttled attempt counts as a failure (and may lock)
        await asyncio.to_thread(staff.throttle.failed, keys)
        refusal = await asyncio.to_thread(staff.throttle.check, keys) or refusal
    return _refused(browser, refusal, next_path, username)


def _credentials(body: bytes, content_type: str) -> tuple[str, str, str]:
    data: dict[str, Any] = {}
    try:
        if "json" in content_type:
            parsed = json.loads(body or b"{}")
            data = parsed if isinstance(parsed, dict) else {}
        else:
            from urllib.parse import parse_qs

            data = {k: v[0] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
    except (ValueError, UnicodeDecodeError):
        data = {}
    values = [data.get(k) for k in ("username", "password", "next")]
    username, password, next_path = (v if isinstance(v, str) else "" for v in values)
    return username.strip()[:64], password[:256], next_path or "/console/"


def _refused(browser: bool, refusal: Refusal, next_path: str, username: str) -> Response:
    response = _failure(browser, refusal.status, refusal.code, refusal.message, next_path, username)
    response.headers["Retry-After"] = str(refusal.retry_after_s)
    return response


def _failure(browser: bool, status: int, code: str, message: str, next_path: str, username: str) -> Response:
    if browser:
        return _page(next_path, error=message, username=username, status=status)
    return _json(status, code, message)


def _page(next_path: str, *, error: str = "", username: str = "", status: int = 200) -> HTMLResponse:
    text = LOGIN_HTML
    alert = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
    text = (text.replace("{{error}}", alert).replace("{{next}}", html.escape(_safe_next(next_path), quote=True))
            .replace("{{username}}", html.escape(username, quote=True)))
    return HTMLResponse(text, status_code=status, headers={"Cache-Control": "no-store"})


def _json(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status)


def _safe_next(value: str) -> str:
    """Only this app's console pages: no scheme, no host, no ``//``, no back-slashes."""
    parts = urlsplit(value or "")
    if parts.scheme or parts.netloc or "\\" in value or not value.startswith("/console/"):
        return "/console/"
    return "/console/" if parts.path.rstrip("/") in ("/console", LOGIN_PATH, LOGOUT_PATH) else value


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def _same_origin(method: str, headers: dict[str, str]) -> bool:
    """Unsafe methods with an ``Origin`` must come from this host (SameSite=Strict is the first line)."""
    if method in ("GET", "HEAD", "OPTIONS"):
        return True
    origin = headers.get("origin")
    if not origin:
        return True
    # X-Forwarded-Host: behind a proxy that rewrites Host. A page on another site cannot set it
    # (not a CORS-safelisted header), so it does not open a way around this check.
    hosts = {headers.get("host", ""), headers.get("x-forwarded-host", "").split(",")[0].strip()}
    return urlsplit(origin).netloc.lower() in {h.lower() for h in hosts if h}


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value.strip('"') or None
    return None


def _session_officer(staff: StaffServices, request: Request) -> Officer | None:
    return staff.accounts.session_officer(request.cookies.get(SESSION_COOKIE))
