"""``/api/staff``: accounts (admin), console questions, call history, corrections and the
"what callers ask" reports (JSON and CSV). Every route needs a staff session (the gate in
:mod:`assistant.api.auth`); errors are ``{code, message}`` in Chinese.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.auth import current_officer, require_role, staff_services
from assistant.api.schemas import ChatResponseOut, ErrorOut, chat_response
from assistant.errors import IndexUnavailableError, NotFoundError
from assistant.staff.accounts import Officer, generate_password
from assistant.staff.analytics import REPORTS, to_csv
from assistant.staff.services import StaffServices
from assistant.staff.throttle import address_key, user_key

if TYPE_CHECKING:
    from assistant.facade import Assistant

router = APIRouter(prefix="/api/staff", tags=["staff"],
                   responses={401: {"model": ErrorOut, "description": "未登录"},
                              403: {"model": ErrorOut, "description": "权限不足或跨站请求"},
                              404: {"model": ErrorOut, "description": "不存在"},
                              409: {"model": ErrorOut, "description": "状态不允许该操作"},
                              422: {"model": ErrorOut, "description": "输入不符合要求"}})
Officer_ = Depends(current_officer)
Reviewer_ = Depends(require_role("reviewer"))
Admin_ = Depends(require_role("admin"))


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AskRequest(_Body):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"message": "我们刚评上小巨人，能拿多少？"}]})

    message: str = Field(min_length=1, max_length=500)
    state: str | None = Field(default=None, max_length=8192)
    as_of: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")


class AccountRequest(_Body):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"username": "zhangsan", "role": "officer", "display_name": "张三"}]})

    username: str = Field(min_length=2, max_length=32)
    role: Literal["officer", "reviewer", "admin"] = "officer"
    display_name: str = Field(default="", max_length=40)
    password: str | None = Field(default=None, min_length=8, max_length=256, description="省略则自动生成并返回一次")


class PasswordRequest(_Body):
    password: str | None = Field(default=None, min_length=8, max_length=256)


class RoleRequest(_Body):
    role: Literal["officer", "reviewer", "admin"]


class AddressRequest(_Body):
    address: str = Field(min_length=1, max_length=64)


class CorrectionRequest(_Body):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "question": "我们评上了小巨人，奖励多少？", "measure": "2", "turn_id": 42,
        "answer": "国家专精特新“小巨人”企业可获一次性奖励100万元〔第2条〕；申报以市工信局当年通知为准。"}]})

    question: str = Field(min_length=1, max_length=500, description="被更正的问题（按规范化后的文本匹配）")
    answer: str = Field(min_length=1, max_length=2000, description="更正后的口径")
    measure: str = Field(min_length=1, max_length=40, description="所引条款，如 2 或 第2条")
    doc_id: str | None = Field(default=None, max_length=200)
    quote: str | None = Field(default=None, max_length=1000, description="条款原文引文；省略则取条款开头")
    intent: str | None = Field(default=None, max_length=20)
    turn_id: int | None = Field(default=None, ge=1, le=2**53, description="被标记的通话轮次（历史记录中的 id）")
    note: str = Field(default="", max_length=500)


class NoteRequest(_Body):
    note: str = Field(default="", max_length=500)


def _staff(request: Request) -> StaffServices:
    return staff_services(request)


def _bot(request: Request) -> Assistant:
    getter = getattr(request.app.state, "staff_assistant", None)
    bot = getter() if getter else None
    if bot is None:
        raise IndexUnavailableError("服务正在启动，请稍后再试")
    return bot


# -- who am I, console questions -------------------------------------------------------


@router.get("/me")
async def me(request: Request, officer: Officer = Officer_) -> dict[str, Any]:
    """The logged-in officer and when the session ends."""
    from assistant.api.auth import SESSION_COOKIE

    expires = await asyncio.to_thread(_staff(request).accounts.session_expiry, request.cookies.get(SESSION_COOKIE))
    return {**officer.to_dict(), "expires_at": expires}


@router.post("/ask", response_model=ChatResponseOut)
async def ask(body: AskRequest, request: Request, officer: Officer = Officer_) -> dict[str, Any]:
    """A question asked from the console: approved corrections first, recorded with the officer."""
    staff, bot = _staff(request), _bot(request)
    response = await asyncio.to_thread(staff.ask, bot, body.message, body.state, body.as_of, channel="console",
                                       officer=officer)
    return chat_response(response)


# -- accounts (admin) ----------------------------------------------------------------


@router.get("/accounts")
async def accounts(request: Request, admin: Officer = Admin_) -> list[dict[str, Any]]:
    staff = _staff(request)

    def listing() -> list[dict[str, Any]]:
        out = []
        for o in staff.accounts.list_all():
            lock = staff.throttle.status(user_key(o.username))
            out.append({**o.to_dict(), "locked": bool(lock and lock.locked),
                        "locked_until": lock.locked_until if lock and lock.locked else None})
        return out

    return await asyncio.to_thread(listing)


@router.post("/accounts")
async def add_account(body: AccountRequest, request: Request, admin: Officer = Admin_) -> dict[str, Any]:
    """Create an account; without a password one is generated and returned (only here, once)."""
    password = body.password or generate_password()
    officer = await asyncio.to_thread(_staff(request).accounts.add, body.username, password, role=body.role,
                                      display_name=body.display_name, created_by=admin.username)
    return {"account": officer.to_dict(), "password": None if body.password else password}


@router.post("/accounts/{username}/{action}")
async def account_action(username: str, action: Literal["disable", "enable", "unlock"], request: Request,
                         admin: Officer = Admin_) -> dict[str, Any]:
    """Disable (ends its sessions), re-enable, or unlock (lift a login lockout) an account."""
    staff = _staff(request)
    officer = await asyncio.to_thread(staff.accounts.require, username)
    if action == "unlock":
        await asyncio.to_thread(staff.throttle.clear, user_key(officer.username))
    else:
        officer = await asyncio.to_thread(staff.accounts.set_disabled, officer.username, action == "disable")
    return {"account": officer.to_dict(), "action": action}


@router.put("/accounts/{username}/password")
async def reset_password(username: str, body: PasswordRequest, request: Request,
                         admin: Officer = Admin_) -> dict[str, Any]:
    password = body.password or generate_password()
    await asyncio.to_thread(_staff(request).accounts.set_password, username, password)
    return {"username": username, "password": None if body.password else password}


@router.put("/accounts/{username}/role")
async def set_role(username: str, body: RoleRequest, request: Request, admin: Officer = Admin_) -> dict[str, Any]:
    officer = await asyncio.to_thread(_staff(request).accounts.set_role, username, body.role)
    return {"account": officer.to_dict()}


@router.post("/unlock-address")
async def unlock_address(body: AddressRequest, request: Request, admin: Officer = Admin_) -> dict[str, Any]:
    """Lift the login lockout of a client address."""
    cleared = await asyncio.to_thread(_staff(request).throttle.clear, address_key(body.address))
    return {"address": body.address, "cleared": cleared}


# -- history -------------------------------------------------------------------------


@router.get("/history")
async def history(request: Request, q: str | None = None, date_from: date | None = None, date_to: date | None = None,
                  measure: str | None = None, doc_id: str | None = None, intent: str | None = None,
                  feedback: Literal["up", "down", "any", "none"] | None = None,
                  channel: Literal["widget", "console"] | None = None, officer_name: str | None = None,
                  limit: int = Query(50, ge=1, le=200), offset: int = Query(0, ge=0, le=1_000_000),
                  officer: Officer = Officer_) -> list[dict[str, Any]]:
    """Past conversations with a turn matching every filter, newest first (dates inclusive)."""
    found = await asyncio.to_thread(
        _staff(request).history.search, text=q, date_from=date_from, date_to=date_to, measure=measure, doc_id=doc_id,
        intent=intent, feedback=feedback, channel=channel, officer=officer_name, limit=limit, offset=offset)
    return [s.to_dict() for s in found]


@router.get("/history/{conversation}")
async def conversation(conversation: str, request: Request, officer: Officer = Officer_) -> dict[str, Any]:
    """Every turn of one conversation with its citations and ratings."""
    found = await asyncio.to_thread(_staff(request).history.conversation, conversation)
    if found is None:
        raise NotFoundError("没有这条通话记录", code="no_such_conversation")
    return found.to_dict()


# -- corrections ---------------------------------------------------------------------


@router.post("/corrections")
async def create_correction(body: CorrectionRequest, request: Request, officer: Officer = Officer_) -> dict[str, Any]:
    """Flag an answer and propose the corrected 口径 with its citation (pending review)."""
    staff, bot = _staff(request), _bot(request)
    c = await asyncio.to_thread(staff.corrections.create, bot, officer, question=body.question, answer=body.answer,
                                measure=body.measure, doc_id=body.doc_id, quote=body.quote, intent=body.intent,
                                turn_id=body.turn_id, note=body.note)
    return await _with_events(staff, c.id)


@router.get("/corrections")
async def corrections(request: Request, status: str | None = None, author: str | None = None,
                      officer: Officer = Officer_) -> list[dict[str, Any]]:
    found = await asyncio.to_thread(_staff(request).corrections.find, status=status, author=author)
    return [c.to_dict() for c in found]


@router.get("/corrections/{correction_id}")
async def correction(request: Request, correction_id: int = Path(ge=1, le=2**53),
                     officer: Officer = Officer_) -> dict[str, Any]:
    staff = _staff(request)
    await asyncio.to_thread(staff.corrections.require, correction_id)
    return await _with_events(staff, correction_id)


@router.post("/corrections/{correction_id}/{action}")
async def review(action: Literal["approve", "reject", "withdraw"], request: Request,
                 correction_id: int = Path(ge=1, le=2**53), body: NoteRequest | None = None,
                 officer: Officer = Officer_) -> dict[str, Any]:
    """Approve or reject (a reviewer/admin other than the author), or withdraw."""
    staff = _staff(request)
    step = {"approve": staff.corrections.approve, "reject": staff.corrections.reject,
            "withdraw": staff.corrections.withdraw}[action]
    await asyncio.to_thread(step, correction_id, officer, body.note if body else "")
    return await _with_events(staff, correction_id)


async def _with_events(staff: StaffServices, correction_id: int) -> dict[str, Any]:
    c = await asyncio.to_thread(staff.corrections.require, correction_id)
    return {**c.to_dict(), "events": await asyncio.to_thread(staff.corrections.events, correction_id)}


# -- what callers ask ----------------------------------------------------------------


@router.get("/analytics")
async def analytics(request: Request, date_from: date | None = None, date_to: date | None = None,
                    officer: Officer = Officer_) -> dict[str, Any]:
    """Most-asked measures, not covered, low confidence, thumbs-down and the daily counts."""
    return await asyncio.to_thread(_staff(request).analytics.summary, date_from, date_to)


@router.get("/analytics/{report}.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "CSV（UTF-8 带 BOM）"}})
async def analytics_csv(report: Literal["measures", "not_covered", "low_confidence", "thumbs_down", "daily"],
                        request: Request, date_from: date | None = None, date_to: date | None = None,
                        officer: Officer = Officer_) -> Response:
    staff = _staff(request)
    rows = await asyncio.to_thread(staff.analytics.report, report, date_from, date_to)
    text = to_csv(rows, REPORTS[report], staff.history.tz)
    suffix = f"-{date_from or ''}-{date_to or ''}" if date_from or date_to else ""
    return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{report}{suffix}.csv"',
                             "Cache-Control": "no-store"})
