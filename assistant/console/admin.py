"""账号管理 (admins only): list, create, disable/enable, unlock and reset accounts.

Every function checks that ``admin`` is an admin first: hiding the tab from others is a
courtesy, this check is the rule.

Example:
    >>> create_account(staff, admin, "zhangsan", "张三", "officer", "")             # doctest: +SKIP
    '✅ 已创建坐席账户 zhangsan（张三）。初始密码：…（只显示这一次，请当面交给本人）'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.console.calls import when
from assistant.console.markup import md, problem
from assistant.console.session import ROLE_NAMES
from assistant.errors import PolicyAssistantError
from assistant.staff.accounts import generate_password
from assistant.staff.throttle import user_key

if TYPE_CHECKING:
    from assistant.staff.accounts import Officer
    from assistant.staff.services import StaffServices

ACCOUNT_COLUMNS = ["用户名", "姓名", "角色", "状态", "登录锁定", "创建时间", "创建人"]
ROLE_CHOICES = [(name, key) for key, name in ROLE_NAMES.items()]
REFUSED = "⚠️ 只有管理员可以管理账户。"


def account_rows(staff: StaffServices, admin: Officer | None) -> list[list[Any]]:
    """Every account with its role, state and lockout; nothing for a non-admin."""
    if admin is None or not admin.can("admin"):
        return []
    rows = []
    for o in staff.accounts.list_all():
        lock = staff.throttle.status(user_key(o.username))
        locked = f"锁定至 {when(staff, lock.locked_until)}" if lock and lock.locked and lock.locked_until else ""
        rows.append([o.username, o.display_name, ROLE_NAMES[o.role], "已停用" if o.disabled else "正常", locked,
                     when(staff, o.created_at) if o.created_at else "", o.created_by])
    return rows


def create_account(staff: StaffServices, admin: Officer | None, username: str, display_name: str, role: str,
                   password: str) -> str:
    """A new account; without a password one is generated and shown once."""
    if admin is None or not admin.can("admin"):
        return REFUSED
    chosen = (password or "").strip() or generate_password()
    try:
        officer = staff.accounts.add(username or "", chosen, role=role or "officer", display_name=display_name or "",
                                     created_by=admin.username)
    except PolicyAssistantError as exc:
        return problem(exc)
    shown = "" if (password or "").strip() else f"初始密码：`{chosen}`（只显示这一次，请交给本人并提醒其妥善保管）"
    return f"✓ 已创建{ROLE_NAMES[officer.role]}账户 {md(officer.label)}。{shown}"


def account_action(staff: StaffServices, admin: Officer | None, username: str, action: str) -> str:
    """``disable`` (ends its sessions), ``enable`` or ``unlock`` (lifts a login lockout)."""
    if admin is None or not admin.can("admin"):
        return REFUSED
    try:
        officer = staff.accounts.require((username or "").strip())
        if action == "unlock":
            staff.throttle.clear(user_key(officer.username))
        else:
            if action == "disable" and officer.username == admin.username:
                return "⚠️ 不能停用自己正在使用的账户。"
            staff.accounts.set_disabled(officer.username, action == "disable")
    except PolicyAssistantError as exc:
        return problem(exc)
    done = {"disable": "已停用（已退出其所有登录）", "enable": "已启用", "unlock": "已解除登录锁定"}
    return f"✓ 账户 {md(officer.username)} {done[action]}。"


def reset_password(staff: StaffServices, admin: Officer | None, username: str, password: str) -> str:
    """A new password (given, or generated and shown once); the account's sessions end."""
    if admin is None or not admin.can("admin"):
        return REFUSED
    chosen = (password or "").strip() or generate_password()
    try:
        officer = staff.accounts.require((username or "").strip())
        staff.accounts.set_password(officer.username, chosen)
        staff.throttle.clear(user_key(officer.username))
    except PolicyAssistantError as exc:
        return problem(exc)
    shown = "" if (password or "").strip() else f"新密码：`{chosen}`（只显示这一次）"
    return f"✓ 已重置 {md(officer.username)} 的密码，其登录已全部失效。{shown}"
