"""Who is using the console: the staff services and the logged-in officer of a request.

Plain functions over :mod:`assistant.api.auth` (no gradio): every staff page calls
:func:`who` with the event's ``gr.Request`` and gets ``(services, officer)``; either may be
None (a console mounted without staff accounts, or a session that has ended), and the
pages answer with :func:`refusal` in Chinese instead of acting.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from assistant.errors import InputError, PolicyAssistantError

if TYPE_CHECKING:
    from assistant.staff.accounts import Officer, Role
    from assistant.staff.services import StaffServices

ROLE_NAMES = {"officer": "坐席", "reviewer": "审核员", "admin": "管理员"}


def who(request: Any) -> tuple[StaffServices | None, Officer | None]:
    """The staff services and the officer behind ``request`` (a ``gr.Request``), each or None."""
    from assistant.api.auth import officer_from_request, staff_services

    if request is None:
        return None, None
    try:
        staff = staff_services(request)
    except PolicyAssistantError:
        return None, None
    return staff, officer_from_request(request)


def require(request: Any, role: Role = "officer") -> tuple[StaffServices, Officer]:
    """``(services, officer)`` when the officer holds ``role``; else a Chinese error."""
    staff, officer = who(request)
    if staff is None:
        raise PolicyAssistantError("坐席账户服务未启用", code="staff_unavailable")
    if officer is None:
        raise PolicyAssistantError("登录已失效，请刷新页面重新登录", code="login_required")
    if not officer.can(role):
        raise PolicyAssistantError(f"需要{ROLE_NAMES[role]}权限", code="forbidden")
    return staff, officer


def whoami(officer: Officer | None) -> str:
    """The line under the console's title: who is logged in, and the way out."""
    if officer is None:
        return "未识别当前坐席。"
    return f"当前坐席：{officer.label} · {ROLE_NAMES[officer.role]} · [退出登录](/console/logout)"


def parse_day(text: str | None, what: str) -> date | None:
    """A date typed as YYYY-MM-DD ("" → None); a Chinese error otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what}“{text}”无法识别，请按 YYYY-MM-DD 填写，例如 2026-11-30") from None
