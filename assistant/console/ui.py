"""The hotline console's Gradio app: built here, mounted on the FastAPI service.

Tabs — 咨询台 (chat, evidence, 口径, flag-and-correct), 通话记录, 纠错, 热点问题, 措施浏览,
计算器, 评测报告 and (admins only) 账号管理 — wired in :mod:`assistant.console.consult`,
:mod:`assistant.console.tabs`, :mod:`assistant.console.staff_tabs` and
:mod:`assistant.console.review_tabs` over plain-function modules (handlers, calls, fixes,
asks, admin). Only the wiring modules import gradio. No external assets: system fonts only, analytics
and run history off, every built-in label in Chinese (:mod:`assistant.console.locale`).

Mount **when the app is created, before it is served**. ``gr.mount_gradio_app`` chains
Gradio's own startup (the queue that runs every event) into the parent app's lifespan;
a console mounted from inside a lifespan that is already running is served, but its
queue never starts and every action waits forever ("queue: 1/1"). The assistant need
not exist yet: pass a callable that returns it (or raises a
:class:`~assistant.errors.PolicyAssistantError` while the index is opening) and the
console reads everything it shows from it when a page loads.

Example:
    >>> app = FastAPI()
    >>> mount_console(app, lambda: bot, settings, auth=[("hotline", "secret")])     # doctest: +SKIP
    >>> mount_console(app, lambda: bot, settings, auth_dependency=officer_of)       # doctest: +SKIP

``auth`` is Gradio's own login page (a list of ``(user, password)`` or a
``check(user, password) -> bool``); ``auth_dependency`` is any other gate: a function of
the request that returns the signed-in user's id, or ``None`` (then every console route
answers 401).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import gradio as gr

from assistant.console import review_tabs, staff_tabs, tabs
from assistant.console.eval_job import EvalJob
from assistant.console.locale import force_chinese
from assistant.console.session import who, whoami
from assistant.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI, Request

    from assistant.facade import Assistant

T = TypeVar("T")
CONCURRENT_ASKS = 16  # questions answered at once (the assistant is thread-safe; the API serves it so too)
AuthDependency = Callable[["Request"], "str | Awaitable[str | None] | None"]

FONTS = ["PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
         "WenQuanYi Micro Hei", "system-ui", "sans-serif"]
MONO_FONTS = ["SFMono-Regular", "Consolas", "Menlo", "Noto Sans Mono CJK SC", "monospace"]

CSS = """
.prose.pa-header { border-bottom: 3px solid #1f4e8c; padding: 4px 2px 10px; margin-bottom: 6px; }
.pa-header h1 { color: #1f4e8c; font-size: 1.5rem; margin: 0 0 4px; letter-spacing: .04em; }
.pa-header p { color: #475569; margin: 0; }
.pa-whoami { text-align: right; color: #475569; }
#pa-chart-daily, #pa-chart-measures { overflow: visible !important; }
.pa-evidence { background: #f8fafc; border: 1px solid #e2e8f0; border-radius: 6px; padding: 10px 14px; }
.pa-evidence blockquote { border-left: 4px solid #1f4e8c; background: #fff; margin: 6px 0; padding: 6px 12px; }
.pa-note { color: #475569; }
.pa-standard textarea { font-size: 15px; line-height: 1.7; background: #fffdf5; }
.pa-chips { gap: 6px; flex-wrap: wrap; }
.pa-chips button { flex: 0 1 auto !important; min-width: 0 !important; border-radius: 999px; }
footer { display: none !important; }
"""


def console_theme() -> gr.themes.Base:
    """A calm government look: deep blue, slate, small radii, system CJK fonts only."""
    return gr.themes.Default(primary_hue="blue", secondary_hue="slate", neutral_hue="slate", radius_size="sm",
                             font=FONTS, font_mono=MONO_FONTS).set(
        button_primary_background_fill="#1f4e8c", button_primary_background_fill_hover="#173c6d",
        button_primary_text_color="#ffffff", block_title_text_weight="600")


def mount_options() -> dict[str, Any]:
    """Keyword arguments for ``gr.mount_gradio_app`` that give the console its look."""
    return {"theme": console_theme(), "css": CSS, "footer_links": [], "run_history": False}


def mount_console(app: FastAPI, assistant: Assistant | Callable[[], Assistant], settings: Settings, *,
                  path: str = "/console", auth: Any = None, auth_dependency: AuthDependency | None = None,
                  auth_message: str | None = None, report_dir: Path = Path("eval-report")) -> FastAPI:
    """Build the console and mount it on ``app`` at ``path``, behind ``auth`` or
    ``auth_dependency`` (not both). Call before ``app`` starts serving."""
    blocks = build_console(assistant, settings, report_dir)
    _in_running_loop(lambda: gr.mount_gradio_app(app, blocks, path=path, auth=auth, auth_dependency=auth_dependency,
                                                 auth_message=auth_message, **mount_options()))
    force_chinese(app, path)
    return app


def build_console(assistant: Assistant | Callable[[], Assistant], settings: Settings,
                  report_dir: Path = Path("eval-report")) -> gr.Blocks:
    """The console as a ``gr.Blocks`` (not launched, not mounted)."""
    resolve = assistant if _is_resolver(assistant) else (lambda: assistant)
    return _in_running_loop(lambda: _build(resolve, settings, Path(report_dir)))  # type: ignore[arg-type]


def _is_resolver(value: object) -> bool:
    from assistant.facade import Assistant

    return callable(value) and not isinstance(value, Assistant)


def _in_running_loop(fn: Callable[[], T]) -> T:
    # Gradio creates its locks with a fresh event loop when none is running and never closes
    # those loops (ResourceWarning: unclosed event loop). Inside a running loop it does not.
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        async def call() -> T:
            return fn()

        return asyncio.run(call())
    return fn()


def _build(resolve: Callable[[], Assistant], settings: Settings, report_dir: Path) -> gr.Blocks:
    with gr.Blocks(title="政策助手 · 热线坐席控制台", analytics_enabled=False) as demo:
        with gr.Row():
            header = gr.Markdown("# 政策助手 · 热线坐席控制台\n\n正在载入政策文件…", elem_classes="pa-header",
                                 elem_id="pa-header")
            me = gr.Markdown("", elem_classes="pa-whoami", elem_id="pa-whoami")
        with gr.Tabs():
            with gr.Tab("咨询台"):
                tabs.consult_tab(demo, resolve, settings)
            with gr.Tab("通话记录") as calls:
                staff_tabs.history_tab(demo, calls, resolve)
            with gr.Tab("纠错") as fixes:
                review_tabs.corrections_tab(demo, fixes, resolve)
            with gr.Tab("热点问题") as asks:
                staff_tabs.analytics_tab(demo, asks)
            with gr.Tab("措施浏览"):
                tabs.browse_tab(demo, resolve)
            with gr.Tab("计算器"):
                tabs.calculator_tab(demo, resolve, settings)
            with gr.Tab("评测报告"):
                tabs.report_tab(demo, EvalJob(settings, report_dir), report_dir)
            with gr.Tab("账号管理", visible=False) as accounts:
                review_tabs.accounts_tab(demo, accounts)
        demo.load(lambda: tabs.guarded(resolve, tabs.header), None, header)
        demo.load(_whoami, None, me)
    # Gradio runs one event of a kind at a time by default: a room of officers would wait in line.
    demo.queue(default_concurrency_limit=CONCURRENT_ASKS)
    return demo


def _whoami(request: gr.Request) -> str:
    return whoami(who(request)[1])
