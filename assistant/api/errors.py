"""Errors at the HTTP edge: every failure is ``{code, message}`` with a Chinese message.

    PolicyAssistantError subclasses → their own status (400/404/422/503)
    malformed JSON                   → 400 bad_json
    schema violations                → 422 bad_input (message says which field)
    anything unexpected              → 500 internal (logged; no internals leak)
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import PolicyAssistantError

log = logging.getLogger("assistant.api")

_FIELD_NAMES = {"message": "问题", "state": "会话状态", "as_of": "日期", "rating": "评价", "comment": "留言",
                "measure": "条款", "base": "金额", "tier": "档次", "doc_id": "文档编号", "answer": "回答"}
_HTTP_MESSAGES = {404: "请求的资源不存在", 405: "不支持该请求方法", 413: "请求内容过大（上限 64 KB）",
                  429: "请求过于频繁，请稍后再试"}


def error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> tuple[int, str, str]:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return 400, "bad_json", "请求体不是有效的 JSON"
    first = errors[0] if errors else {}
    loc = [str(x) for x in first.get("loc", ()) if x != "body"]
    field = _FIELD_NAMES.get(loc[-1], loc[-1]) if loc else "请求"
    kind = str(first.get("type", ""))
    if loc and loc[-1] == "message" and kind in ("string_too_short", "missing"):
        return 422, "empty_message", "问题不能为空，请输入您想咨询的内容"
    if loc and loc[-1] == "message" and kind == "string_too_long":
        return 422, "message_too_long", "问题过长，请精简到 500 字以内"
    if kind == "missing":
        return 422, "bad_input", f"缺少必填字段：{field}"
    if kind == "extra_forbidden":
        return 422, "bad_input", f"不支持的字段：{field}"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "as_of":
        return 422, "bad_input", "日期格式应为 YYYY-MM-DD，例如 2026-11-26"
    if kind == "model_attributes_type":
        return 422, "bad_input", "请求体应为 JSON 对象"
    return 422, "bad_input", f"字段“{field}”的值无效"


def install(app: FastAPI) -> None:
    @app.exception_handler(PolicyAssistantError)
    async def _domain(_: Request, exc: PolicyAssistantError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return error(exc.status if exc.status < 500 or exc.status == 503 else 500, exc.code, exc.message, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        status, code, message = _validation_message(exc)
        return error(status, code, message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = _HTTP_MESSAGES.get(exc.status_code, str(exc.detail) if exc.status_code < 500 else "服务暂时不可用")
        return error(exc.status_code, f"http_{exc.status_code}", message, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return error(500, "internal", "服务内部错误，请稍后再试")
