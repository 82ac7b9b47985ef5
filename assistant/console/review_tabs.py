"""The 纠错 (corrections: list, audit, review, withdraw) and 账号管理 (admins only) tabs,
wired to :mod:`assistant.console.fixes` and :mod:`assistant.console.admin`.

Buttons are shown to everyone who reaches the tab; the rules (reviewer or admin, not the
author; admin for accounts) are checked on every event and refused in Chinese.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant.console import handlers as h
from assistant.console.admin import (
    ACCOUNT_COLUMNS,
    ROLE_CHOICES,
    account_action,
    account_rows,
    create_account,
)
from assistant.console.admin import reset_password as reset
from assistant.console.fixes import (
    CORRECTION_COLUMNS,
    STATUS_CHOICES,
    correction_detail,
    correction_rows,
    review,
)
from assistant.console.session import require, who
from assistant.errors import PolicyAssistantError

if TYPE_CHECKING:
    from collections.abc import Callable

    from assistant.facade import Assistant


def corrections_tab(demo: gr.Blocks, tab: gr.Tab, resolve: Callable[[], Assistant]) -> None:
    """The list loads whenever the tab is opened (and on 刷新 or a change of status)."""
    gr.Markdown("在 **咨询台** 点“答复有误？标记并更正”提交更正；这里由另一位审核员或管理员批准或驳回，"
                "提交人或审核员可撤回。每一步都记录操作人和时间。", elem_classes="pa-note")
    with gr.Row():
        status = gr.Dropdown(STATUS_CHOICES, value="pending", label="状态", scale=1, elem_id="pa-fix-status")
        refresh = gr.Button("刷新", scale=0, elem_id="pa-fix-refresh")
    table = gr.Dataframe([], headers=CORRECTION_COLUMNS, interactive=False, wrap=True, max_height=320, datatype="str",
                         elem_id="pa-fix-table")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            detail = gr.Markdown("请在列表中点选一条更正。", elem_classes="pa-evidence", line_breaks=True,
                                 latex_delimiters=[], elem_id="pa-fix-detail")
        with gr.Column(scale=2):
            number = gr.Number(label="更正编号", precision=0, minimum=0, elem_id="pa-fix-id")
            note = gr.Textbox(label="审核意见（可选）", max_length=500, elem_id="pa-fix-note")
            with gr.Row():
                approve = gr.Button("批准", variant="primary", elem_id="pa-fix-approve")
                reject = gr.Button("驳回", variant="stop", elem_id="pa-fix-reject")
                withdraw = gr.Button("撤回", elem_id="pa-fix-withdraw")
            outcome = gr.Markdown(elem_id="pa-fix-outcome")

    def bot_or_none() -> Assistant | None:
        try:
            return resolve()
        except PolicyAssistantError:
            return None

    def listing(kind: str, request: gr.Request) -> Any:
        try:
            staff, _ = require(request)
        except PolicyAssistantError:
            return gr.skip()
        return correction_rows(bot_or_none(), staff, kind or "")

    def pick(evt: gr.SelectData, request: gr.Request) -> tuple[Any, str]:
        row = list(evt.row_value or [])
        try:
            staff, _ = require(request)
        except PolicyAssistantError as exc:
            return gr.skip(), h.problem(exc)
        return (row[0], correction_detail(bot_or_none(), staff, row[0])) if row else (gr.skip(), gr.skip())

    def act(action: str) -> Callable[..., tuple[str, Any, str]]:
        def run(cid: Any, text: str, kind: str, request: gr.Request) -> tuple[str, Any, str]:
            try:
                staff, officer = require(request)
            except PolicyAssistantError as exc:
                return h.problem(exc), gr.skip(), gr.skip()
            said = review(staff, officer, cid, action, text)
            return said, correction_rows(bot_or_none(), staff, kind or ""), correction_detail(bot_or_none(), staff, cid)

        return run

    status.change(listing, status, table)
    refresh.click(listing, status, table)
    tab.select(listing, status, table)
    table.select(pick, None, [number, detail])
    for button, action in ((approve, "approve"), (reject, "reject"), (withdraw, "withdraw")):
        button.click(act(action), [number, note, status], [outcome, table, detail])


def accounts_tab(demo: gr.Blocks, tab: gr.Tab) -> None:
    """Shown only to admins (``tab`` is made visible on load); every action re-checks."""
    table = gr.Dataframe([], headers=ACCOUNT_COLUMNS, interactive=False, wrap=True, max_height=300, datatype="str",
                         elem_id="pa-accounts-table")
    with gr.Row(equal_height=False):
        with gr.Column():
            gr.Markdown("#### 新建账户")
            username = gr.Textbox(label="用户名", placeholder="小写字母或数字，如 zhangsan", elem_id="pa-new-username")
            display = gr.Textbox(label="姓名", elem_id="pa-new-name")
            role = gr.Dropdown(ROLE_CHOICES, value="officer", label="角色", elem_id="pa-new-role")
            password = gr.Textbox(label="初始密码（留空自动生成）", type="password", elem_id="pa-new-password")
            create = gr.Button("创建账户", variant="primary", elem_id="pa-new-create")
        with gr.Column():
            gr.Markdown("#### 管理已有账户")
            target = gr.Textbox(label="用户名（点选表格行填入）", elem_id="pa-acct-username")
            with gr.Row():
                disable = gr.Button("停用", variant="stop", elem_id="pa-acct-disable")
                enable = gr.Button("启用", elem_id="pa-acct-enable")
                unlock = gr.Button("解除锁定", elem_id="pa-acct-unlock")
            new_password = gr.Textbox(label="新密码（留空自动生成）", type="password", elem_id="pa-acct-password")
            reset_button = gr.Button("重置密码", elem_id="pa-acct-reset")
    outcome = gr.Markdown(elem_id="pa-accounts-outcome")

    def rows(request: gr.Request) -> Any:
        staff, officer = who(request)
        return account_rows(staff, officer) if staff is not None else []

    def guard(fn: Callable[..., str]) -> Callable[..., tuple[str, Any]]:
        def run(*args: Any) -> tuple[str, Any]:
            *values, request = args
            try:
                staff, officer = require(request, "admin")
            except PolicyAssistantError as exc:
                return h.problem(exc), gr.skip()
            return fn(staff, officer, *values), account_rows(staff, officer)

        return run

    def create_it(name: str, shown: str, kind: str, secret: str, request: gr.Request) -> tuple[str, Any]:
        return guard(create_account)(name, shown, kind, secret, request)

    def action(kind: str) -> Callable[..., tuple[str, Any]]:
        def run(name: str, request: gr.Request) -> tuple[str, Any]:
            return guard(lambda s, o, n: account_action(s, o, n, kind))(name, request)

        return run

    def reset_it(name: str, secret: str, request: gr.Request) -> tuple[str, Any]:
        return guard(reset)(name, secret, request)

    def visible(request: gr.Request) -> Any:
        _, officer = who(request)
        return gr.Tab(visible=bool(officer and officer.can("admin")))

    def pick(evt: gr.SelectData) -> Any:
        row = list(evt.row_value or [])
        return row[0] if row else gr.skip()

    demo.load(visible, None, tab)
    demo.load(rows, None, table)
    create.click(create_it, [username, display, role, password], [outcome, table], api_visibility="private")
    for button, kind in ((disable, "disable"), (enable, "enable"), (unlock, "unlock")):
        button.click(action(kind), target, [outcome, table], api_visibility="private")
    reset_button.click(reset_it, [target, new_password], [outcome, table], api_visibility="private")
    table.select(pick, None, target)
