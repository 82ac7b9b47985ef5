"""The HTTP service: API, widget, demo page and (mounted) console, in one FastAPI app.

    app = create_app(Settings())            # opens the index (ingesting on first start)
    app = create_app(settings, bot=bot)     # tests pass a ready Assistant
    app = create_app(settings, console_auth=officer_of)   # another gate for /console (request -> user | None)
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response

from assistant import web
from assistant.api import docs, errors
from assistant.api.auth import gradio_user, install_staff_auth
from assistant.api.examples import CALC_RESPONSE
from assistant.api.ratelimit import RateLimit
from assistant.api.schemas import (
    CalcRequest,
    ChatRequest,
    ChatResponseOut,
    DocumentOut,
    ErrorOut,
    FeedbackOut,
    FeedbackRequest,
    HealthOut,
    MeasureOut,
    chat_response,
)
from assistant.api.security import BodyLimit, SecurityHeaders
from assistant.errors import IndexUnavailableError, InputError, NotFoundError
from assistant.facade import Assistant, measure_row
from assistant.settings import Settings
from assistant.storage import Store

log = logging.getLogger("assistant.api")
MAX_BODY = 64 * 1024
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "请求体不是有效的 JSON，或会话状态无效"},
    413: {"model": ErrorOut, "description": "请求内容过大"},
    422: {"model": ErrorOut, "description": "输入不符合要求"},
    429: {"model": ErrorOut, "description": "请求过于频繁"},
    503: {"model": ErrorOut, "description": "索引或向量库暂不可用"},
}


def create_app(settings: Settings, bot: Assistant | None = None, store: Store | None = None, console: bool = True,
               console_auth: Callable[[Request], Any] | None = None) -> FastAPI:
    """The service; ``console_auth`` (request → user id or None) replaces the console's
    password login. Everything it asks the core goes through ``bot`` (:class:`~assistant.facade.Assistant`)."""
    state = _State(bot)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if state.bot is None and settings.chroma_url:
            # Server mode: up at once, 503 with the reason (index being built by another
            # process, server unreachable) until the index is there.
            opening = asyncio.create_task(_keep_opening(settings, state))
            yield
            opening.cancel()
            return
        if state.bot is None:
            state.bot = await asyncio.to_thread(_open_assistant, settings)
        yield

    app = FastAPI(title="政策助手 API", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description=docs.DESCRIPTION)
    app.state.settings = settings
    app.state.store = store or Store(settings.data_dir / "app.db")
    errors.install(app)
    install_staff_auth(app, settings, app.state.store, lambda: state.bot)  # staff login, gate, /api/staff
    app.add_middleware(SecurityHeaders, frame_ancestors=settings.frame_ancestors)
    app.add_middleware(RateLimit, per_ip=settings.rate_limit_per_ip,
                       per_conversation=settings.rate_limit_per_conversation, trusted_proxies=settings.trusted_proxies)
    app.add_middleware(BodyLimit, limit=MAX_BODY)  # outermost: oversized bodies never reach the limiter
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type"], allow_credentials=False, max_age=600)

    def assistant() -> Assistant:
        if state.bot is None:
            raise IndexUnavailableError(state.error or "服务正在启动，请稍后再试")
        return state.bot

    @app.post("/api/chat", response_model=ChatResponseOut, responses=ERRORS, tags=["chat"])
    async def chat(body: ChatRequest, request: Request) -> dict[str, Any]:
        """回答一条问题。

        追问时把上一轮返回的 `state` 原样放回请求（它是签名的会话状态，携带在谈的措施、
        企业称号和已知金额）；`as_of` 指定按哪一天判断有效期，缺省为服务器当天。
        回答中的金额全部来自 `calculation`，每条 `citations[].quote` 逐字出自所引条款。
        """
        if not body.message.strip():
            raise InputError("问题不能为空，请输入您想咨询的内容", code="empty_message")
        # approved staff corrections first; the turn is recorded in the call history
        response = await asyncio.to_thread(request.app.state.staff.ask, assistant(), body.message, body.state,
                                           body.as_of, channel="widget")
        return chat_response(response)

    @app.post("/api/feedback", response_model=FeedbackOut, responses=ERRORS, tags=["chat"])
    async def feedback(body: FeedbackRequest, request: Request) -> dict[str, Any]:
        """记录对一条回答的评价：`rating` 为 1（有用）或 -1（没用），可附 `comment`（最多 1000 字）。
        手机号、身份证号在保存前打码。"""
        row = await asyncio.to_thread(request.app.state.store.add_feedback, rating=body.rating, message=body.message,
                                      answer=body.answer, comment=body.comment, state=body.state)
        return {"id": row, "status": "saved"}

    @app.get("/api/measures", response_model=list[MeasureOut], responses=ERRORS, tags=["policy"])
    async def measures(doc_id: str | None = None) -> list[dict[str, Any]]:
        """全部已索引文件的全部条款（或 `doc_id` 指定的一份文件的条款）：编号、标题、在文件中的位置、
        责任单位和原文。"""
        return [measure_row(p) for p in assistant().measures(doc_id)]

    @app.get("/api/measures/{doc_id}/{measure}", response_model=MeasureOut, responses={404: {"model": ErrorOut}},
             tags=["policy"])
    async def measure(doc_id: str, measure: str) -> dict[str, Any]:
        """一条条款：`measure` 为条款编号，如 `2`、`18`、`四(一)`；不存在时返回 404。"""
        return measure_row(assistant().provision(doc_id, measure))

    @app.get("/api/documents", response_model=list[DocumentOut], responses=ERRORS, tags=["policy"])
    async def documents() -> list[dict[str, Any]]:
        """Every indexed document: title, issuer, 文号, region, dates, status, number of measures."""
        return assistant().catalog()

    @app.post("/api/calc", responses={**ERRORS, 200: {"description": "合计或区间、各项明细、计算过程与有效期判断",
                                                      "content": {"application/json": {"example": CALC_RESPONSE}}}},
              tags=["policy"])
    async def calc(body: CalcRequest) -> dict[str, Any]:
        """确定性计算器：按条款、档次（`tier`）和计算基数（`base`，如 `1200000` 或 `"120万元"`）计算金额，
        给出每一步计算过程和按 `as_of` 判断的有效期。缺少档次或基数时返回 422 并说明需要什么。
        数字旁附显示文字（`amount_text`、`headline`、`items[].measure_label` 等），与回答、控制台和命令行一致。"""
        bot = assistant()
        view = await asyncio.to_thread(bot.calculate, body.doc_id, body.measure, base=body.base, tier=body.tier,
                                       as_of=body.as_of)
        return view.to_dict()

    @app.post("/api/admin/reingest", responses={**ERRORS, 401: {"model": ErrorOut}, 403: {"model": ErrorOut}},
              tags=["ops"])
    async def reingest(request: Request) -> dict[str, Any]:
        """重建索引（在唯一负责写入的进程中），新索引校验通过后切换。

        需要请求头 `Authorization: Bearer <管理令牌>`（服务端由环境变量 `ASSISTANT_ADMIN_TOKEN` 设置，
        未设置时本接口关闭并返回 403）；令牌按常量时间比较，不写入日志。重建期间旧索引照常回答。
        """
        require_admin(request, settings)
        async with state.reingest_lock:
            summary = await asyncio.to_thread(assistant().reingest)
        return {"changed": summary.changed, "collection": summary.collection, "embedded": summary.embedded,
                "reused": summary.reused, "documents": [d.doc_id for d in summary.documents],
                "seconds": round(summary.seconds, 2)}

    @app.get("/healthz", response_model=HealthOut, tags=["ops"])
    async def healthz() -> Any:
        """服务状态：`ok` 时给出已索引的文件数、条款数和当前索引；索引加载中或向量库不可达时返回 503。"""
        bot = state.bot
        if bot is None:
            return JSONResponse({"status": "degraded", "documents": 0, "measures": 0, "collection": "",
                                 "detail": state.error or "索引加载中"}, status_code=503)
        health = await asyncio.to_thread(bot.health)
        if health.status != "ok":
            return JSONResponse(health.to_dict(), status_code=503)
        return health.to_dict()

    docs.install(app, settings.frame_ancestors)
    if console:  # now, not in the lifespan: Gradio's queue starts with the app's lifespan
        _mount_console(app, assistant, settings, console_auth or gradio_user)

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    async def demo() -> Response:
        return Response(web.read("index.html"), media_type=web.ASSETS["index.html"])

    @app.api_route("/{asset}", methods=["GET", "HEAD"], include_in_schema=False)
    async def asset(asset: str) -> Response:
        """The widget and the demo page's files (package data) — a fixed list, nothing else."""
        if asset not in web.ASSETS or asset == "index.html":
            raise NotFoundError("请求的资源不存在")
        return Response(web.read(asset), media_type=web.ASSETS[asset], headers={"Cache-Control": "public, max-age=300"})

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


class _State:
    """The app's assistant (None while it opens), why it is not there yet, the re-ingest lock."""

    def __init__(self, bot: Assistant | None) -> None:
        self.bot = bot
        self.error = ""
        self.reingest_lock = asyncio.Lock()


async def _keep_opening(settings: Settings, state: _State) -> None:
    """Open the assistant, retrying while the index is unavailable; the reason goes to ``state.error``."""
    from assistant.errors import PolicyAssistantError

    while state.bot is None:
        try:
            state.bot = await asyncio.to_thread(_open_assistant, settings)
        except PolicyAssistantError as exc:
            if exc.message != state.error:
                log.warning("index not ready: %s", exc.message)
            state.error = exc.message
            await asyncio.sleep(1.0)
        except Exception:  # unexpected: logged with its traceback, then tried again
            log.exception("opening the index failed")
            state.error = "索引加载失败，正在重试"
            await asyncio.sleep(5.0)
    state.error = ""


def _open_assistant(settings: Settings) -> Assistant:
    return Assistant.from_settings(settings)


def _mount_console(app: FastAPI, assistant: Callable[[], Assistant], settings: Settings,
                   gate: Callable[[Request], Any] | None) -> None:
    """The hotline console at /console (``/console`` redirects there), behind ``gate`` or,
    without one, Gradio's login with the credentials from settings."""
    from fastapi.responses import RedirectResponse

    from assistant.console.ui import mount_console

    @app.api_route("/console", methods=["GET", "HEAD"], include_in_schema=False)
    async def console_root() -> RedirectResponse:
        return RedirectResponse("console/", status_code=307)  # relative: right behind a path prefix too

    if gate is not None:
        mount_console(app, assistant, settings, auth_dependency=gate)
        return
    from assistant.staff.services import generated_console_password

    password = settings.console_password or generated_console_password(settings)
    mount_console(app, assistant, settings, auth=[(settings.console_user, password)],
                  auth_message="政策助手 · 热线坐席登录")
