"""The HTTP service: API, widget, demo page and (mounted) console, in one FastAPI app.

    app = create_app(Settings())            # opens the index (ingesting on first start)
    app = create_app(settings, bot=bot)     # tests pass a ready Assistant
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse

from assistant.api import errors
from assistant.api.ratelimit import RateLimit
from assistant.api.schemas import (
    CalcRequest,
    ChatRequest,
    ChatResponseOut,
    ErrorOut,
    FeedbackOut,
    FeedbackRequest,
    HealthOut,
    MeasureOut,
    chat_response,
)
from assistant.api.security import BodyLimit, SecurityHeaders
from assistant.dates import parse_as_of
from assistant.errors import IndexUnavailableError, InputError, NotFoundError
from assistant.settings import Settings
from assistant.storage import Store

log = logging.getLogger("assistant.api")
MAX_BODY = 64 * 1024
WEB_DIR = Path(__file__).resolve().parents[2] / "web"
WEB_ASSETS = {"widget.js": "text/javascript; charset=utf-8", "demo.js": "text/javascript; charset=utf-8",
              "screenshot.png": "image/png"}
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "请求体不是有效的 JSON，或会话状态无效"},
    413: {"model": ErrorOut, "description": "请求内容过大"},
    422: {"model": ErrorOut, "description": "输入不符合要求"},
    429: {"model": ErrorOut, "description": "请求过于频繁"},
    503: {"model": ErrorOut, "description": "索引或向量库暂不可用"},
}


def create_app(settings: Settings, bot: Any = None, store: Store | None = None, console: bool = True) -> FastAPI:
    state: dict[str, Any] = {"bot": bot, "error": ""}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if state["bot"] is None:
            state["bot"] = await asyncio.to_thread(_open_assistant, settings)
        if console:
            _mount_console(app, state["bot"], settings)
        yield

    app = FastAPI(title="政策助手 API", version="0.1.0", lifespan=lifespan,
                  description="离线、可溯源、按日期判断有效期的惠企政策问答。错误均为 {code, message}。")
    app.state.settings = settings
    app.state.store = store or Store(settings.data_dir / "app.db")
    errors.install(app)
    app.add_middleware(SecurityHeaders, frame_ancestors=settings.frame_ancestors)
    app.add_middleware(RateLimit, per_ip=settings.rate_limit_per_ip,
                       per_conversation=settings.rate_limit_per_conversation, trusted_proxies=settings.trusted_proxies)
    app.add_middleware(BodyLimit, limit=MAX_BODY)  # outermost: oversized bodies never reach the limiter
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type"], allow_credentials=False, max_age=600)

    def assistant() -> Any:
        if state["bot"] is None:
            raise IndexUnavailableError("服务正在启动，请稍后再试")
        return state["bot"]

    @app.post("/api/chat", response_model=ChatResponseOut, responses=ERRORS, tags=["chat"])
    async def chat(body: ChatRequest, request: Request) -> dict[str, Any]:
        """Answer one message; pass the previous answer's ``state`` for follow-ups."""
        if not body.message.strip():
            raise InputError("问题不能为空，请输入您想咨询的内容", code="empty_message")
        response = await asyncio.to_thread(assistant().ask, body.message, body.state, body.as_of)
        await asyncio.to_thread(
            request.app.state.store.add_transcript, state=body.state, message=body.message, intent=response.intent,
            answer=response.answer, citations=[c.measure for c in response.citations],
            total_yuan=response.calculation["total_yuan"] if response.calculation else None)
        return chat_response(response)

    @app.post("/api/feedback", response_model=FeedbackOut, responses=ERRORS, tags=["chat"])
    async def feedback(body: FeedbackRequest, request: Request) -> dict[str, Any]:
        """Store a rating (1 or -1) and an optional comment for an answer."""
        row = await asyncio.to_thread(request.app.state.store.add_feedback, rating=body.rating, message=body.message,
                                      answer=body.answer, comment=body.comment, state=body.state)
        return {"id": row, "status": "saved"}

    @app.get("/api/measures", response_model=list[MeasureOut], responses=ERRORS, tags=["policy"])
    async def measures(doc_id: str | None = None) -> list[dict[str, Any]]:
        """Every provision of every indexed document (or of one)."""
        index = assistant().index
        docs = [index.document(doc_id)] if doc_id else index.documents
        return [_measure(d.doc_id, p) for d in docs for p in d.provisions]

    @app.get("/api/measures/{doc_id}/{measure}", response_model=MeasureOut, responses={404: {"model": ErrorOut}},
             tags=["policy"])
    async def measure(doc_id: str, measure: str) -> dict[str, Any]:
        return _measure(doc_id, assistant().index.provision(doc_id, measure))

    @app.post("/api/calc", responses=ERRORS, tags=["policy"])
    async def calc(body: CalcRequest) -> dict[str, Any]:
        """The deterministic calculator: ``calculation`` of design.md §5 plus the trace."""
        bot = assistant()
        doc_id = body.doc_id or next((d for d, c in bot.contexts.items() if c.calculator is not None), None)
        ctx = bot.contexts.get(doc_id) if doc_id else None
        if ctx is None or ctx.calculator is None:
            raise NotFoundError("该文档没有可计算的规则")
        result = ctx.calculator.calculate_measure(body.measure, base=body.base, tier=body.tier,
                                                  as_of=parse_as_of(body.as_of, bot.settings.today()))
        return dict(result.to_dict())

    @app.post("/api/admin/reingest", responses={**ERRORS, 401: {"model": ErrorOut}, 403: {"model": ErrorOut}},
              tags=["ops"])
    async def reingest(request: Request) -> dict[str, Any]:
        """Re-index the corpus in this (the single writing) process, then swap the assistant.

        Requires ``Authorization: Bearer <ASSISTANT_ADMIN_TOKEN>``; the token is compared in
        constant time and never logged. Questions keep being answered by the old index
        until the new one is validated and active.
        """
        require_admin(request, settings)
        async with state.setdefault("reingest_lock", asyncio.Lock()):
            bot = assistant()
            summary = await asyncio.to_thread(_reingest, settings, bot)
            if summary.changed:
                await asyncio.to_thread(bot.reload_if_changed, True)
        return {"changed": summary.changed, "collection": summary.collection, "embedded": summary.embedded,
                "reused": summary.reused, "documents": [d.doc_id for d in summary.documents],
                "seconds": round(summary.seconds, 2)}

    @app.get("/healthz", response_model=HealthOut, tags=["ops"])
    async def healthz() -> Any:
        bot = state["bot"]
        if bot is None:
            return JSONResponse({"status": "degraded", "documents": 0, "measures": 0, "collection": "",
                                 "detail": "索引加载中"}, status_code=503)
        with contextlib.suppress(Exception):  # a down store is reported just below
            await asyncio.to_thread(bot.reload_if_changed)
        index = bot.index
        counts = {"documents": len(index.documents), "measures": sum(len(d.provisions) for d in index.documents),
                  "collection": index.collection}
        if index.store is not None and not await asyncio.to_thread(index.store.alive):
            return JSONResponse({"status": "degraded", **counts, "detail": "向量数据库不可达，检索暂不可用"},
                                status_code=503)
        return {"status": "ok", **counts}

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    async def demo() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8")

    @app.api_route("/{asset}", methods=["GET", "HEAD"], include_in_schema=False)
    async def asset(asset: str) -> FileResponse:
        """The widget and the demo page's files — a fixed list, nothing else from disk."""
        if asset not in WEB_ASSETS:
            raise NotFoundError("请求的资源不存在")
        return FileResponse(WEB_DIR / asset, media_type=WEB_ASSETS[asset], headers={"Cache-Control": "public, max-age=300"})

    return app


def require_admin(request: Request, settings: Settings) -> None:
    import hmac

    from assistant.errors import PolicyAssistantError

    expected = settings.admin_token
    if not expected:
        raise PolicyAssistantError("管理接口未启用（未设置 ASSISTANT_ADMIN_TOKEN）", code="admin_disabled") \
            .with_status(403)
    given = request.headers.get("authorization", "")
    token = given[7:] if given.lower().startswith("bearer ") else ""
    if not hmac.compare_digest(token.encode(), expected.encode()):
        raise PolicyAssistantError("未授权：管理令牌无效", code="unauthorized").with_status(401)


def _reingest(settings: Settings, bot: Any) -> Any:
    from assistant.runtime import run_ingest

    return run_ingest(settings, client=bot.index.store.client if bot.index.store is not None else None)


def _measure(doc_id: str, p: Any) -> dict[str, Any]:
    return {"doc_id": doc_id, "measure": p.measure, "title": p.title, "path": p.path_text,
            "departments": list(p.departments), "text": p.text}


def _open_assistant(settings: Settings) -> Any:
    from assistant.facade import Assistant

    return Assistant.from_settings(settings)


def _mount_console(app: FastAPI, bot: Any, settings: Settings) -> None:
    """The hotline console at /console, behind a login (credentials from settings)."""
    from assistant.console.ui import mount_console

    password = settings.console_password or _generated_password(settings)
    mount_console(app, bot, settings, auth=[(settings.console_user, password)], auth_message="政策助手 · 热线坐席登录")


def _generated_password(settings: Settings) -> str:
    """No password configured: make one, keep it in the data dir (0600), and log where."""
    import secrets

    path = settings.data_dir / "console.password"
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12), encoding="utf-8")
        path.chmod(0o600)
        log.warning("console password generated in %s (user %s)", path, settings.console_user)
    return path.read_text(encoding="utf-8").strip()
