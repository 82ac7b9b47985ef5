"""The 通话记录 and 热点问题 tabs, wired to :mod:`assistant.console.calls` and
:mod:`assistant.console.asks`. Every event checks the session (:func:`~assistant.console.session.require`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant.console import handlers as h
from assistant.console.asks import HEADERS, SERIES, TITLES, analytics_page
from assistant.console.calls import (
    CALL_COLUMNS,
    FEEDBACK_CHOICES,
    INTENT_CHOICES,
    conversation_markdown,
    search_calls,
)
from assistant.console.session import require
from assistant.errors import PolicyAssistantError

if TYPE_CHECKING:
    from collections.abc import Callable

    from assistant.facade import Assistant

DAY_HINT = "YYYY-MM-DD，留空不限"


def history_tab(demo: gr.Blocks, tab: gr.Tab, resolve: Callable[[], Assistant]) -> None:
    """Lists the latest calls whenever the tab is opened."""
    with gr.Row():
        text = gr.Textbox(label="搜索问题或回答", placeholder="如 小巨人、电费（手机号、身份证号已脱敏）", scale=3,
                          elem_id="pa-calls-text")
        date_from = gr.Textbox(label="开始日期", placeholder=DAY_HINT, scale=1, elem_id="pa-calls-from")
        date_to = gr.Textbox(label="结束日期", placeholder=DAY_HINT, scale=1, elem_id="pa-calls-to")
    with gr.Row():
        measure = gr.Dropdown([("不限", "")], value="", label="引用条款", filterable=True, scale=2)
        intent = gr.Dropdown(INTENT_CHOICES, value="", label="意图", scale=1)
        feedback = gr.Dropdown(FEEDBACK_CHOICES, value="", label="评价", scale=1)
        search = gr.Button("查询", variant="primary", scale=1, elem_id="pa-calls-search")
    note = gr.Markdown("", elem_classes="pa-note", elem_id="pa-calls-note")
    table = gr.Dataframe([], headers=CALL_COLUMNS, interactive=False, wrap=True, max_height=360, datatype="str",
                         elem_id="pa-calls-table")
    detail = gr.Markdown("请在上方表格中点选一通会话。", elem_classes="pa-evidence", line_breaks=True,
                         latex_delimiters=[], elem_id="pa-call-detail")

    def run(q: str, start: str, end: str, cited: str, kind: str, rated: str, request: gr.Request) -> tuple[Any, str]:
        try:
            staff, _ = require(request)
            return search_calls(staff, text=q, date_from=start, date_to=end, measure=cited or "", intent=kind or "",
                                feedback=rated or "")
        except PolicyAssistantError as exc:
            return gr.skip(), h.problem(exc)

    def open_call(evt: gr.SelectData, request: gr.Request) -> str:
        row = list(evt.row_value or [])
        try:
            staff, _ = require(request)
        except PolicyAssistantError as exc:
            return h.problem(exc)
        return conversation_markdown(staff, str(row[0])) if row else gr.skip()

    def load() -> Any:
        try:
            return gr.Dropdown(choices=[("不限", ""), *h.measure_choices(resolve())])
        except PolicyAssistantError:
            return gr.skip()

    inputs = [text, date_from, date_to, measure, intent, feedback]
    demo.load(load, None, measure)
    for event in (search.click, text.submit, date_from.submit, date_to.submit, tab.select):
        event(run, inputs, [table, note])
    table.select(open_call, None, detail)


def analytics_tab(demo: gr.Blocks, tab: gr.Tab) -> None:
    """Counted whenever the tab is opened (and on 统计)."""
    with gr.Row():
        date_from = gr.Textbox(label="开始日期", placeholder=DAY_HINT, scale=2, elem_id="pa-asks-from")
        date_to = gr.Textbox(label="结束日期", placeholder=DAY_HINT, scale=2, elem_id="pa-asks-to")
        refresh = gr.Button("统计", variant="primary", scale=1, elem_id="pa-asks-refresh")
    summary = gr.Markdown("正在统计…", elem_classes="pa-note", elem_id="pa-asks-summary")
    with gr.Row():
        bars = gr.BarPlot(None, x="条款", y="被问次数", label="最常被问的措施", y_axis_format="d",
                          sort="-y", height=340, elem_id="pa-chart-measures")
        lines = gr.LinePlot(None, x="日期", y="次数", color="指标", label="按日统计（近一周起）", y_axis_format="d",
                            height=340, colors_in_legend=list(SERIES.values()), elem_id="pa-chart-daily")
    tables: dict[str, gr.Dataframe] = {}
    downloads: dict[str, gr.DownloadButton] = {}
    for name in HEADERS:
        with gr.Group():
            with gr.Row():
                gr.Markdown(f"#### {TITLES[name]}")
                downloads[name] = gr.DownloadButton("下载 CSV", size="sm", scale=0, elem_id=f"pa-csv-{name}")
            tables[name] = gr.Dataframe([], headers=HEADERS[name], interactive=False, wrap=True, max_height=260,
                                        datatype="str", elem_id=f"pa-table-{name}")
    outputs = [summary, bars, lines, *tables.values(), *downloads.values()]

    def show(start: str, end: str, request: gr.Request) -> list[Any]:
        try:
            staff, _ = require(request)
            page = analytics_page(staff, start, end)
        except PolicyAssistantError as exc:
            return [h.problem(exc), *[gr.skip()] * (len(outputs) - 1)]
        top = int(page.measures_chart["被问次数"].max()) if len(page.measures_chart) else 1
        peak = int(page.daily_chart["次数"].max()) if len(page.daily_chart) else 1
        return [page.summary, gr.BarPlot(page.measures_chart, y_lim=[0, top + 1]),
                gr.LinePlot(page.daily_chart, y_lim=[0, peak + 1]), *(page.tables[n] for n in HEADERS),
                *(gr.DownloadButton(value=page.csv[n]) for n in HEADERS)]

    for event in (refresh.click, date_from.submit, date_to.submit, tab.select):
        event(show, [date_from, date_to], outputs)
