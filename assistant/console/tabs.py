"""The console's data tabs (咨询台 lives in :mod:`assistant.console.consult`), wired to :mod:`assistant.console.handlers`.

Each tab takes ``resolve`` — a callable returning the live assistant — and reads what
it lists (measures, tiers, documents) when the page loads, so the console can be built
before the index is open and shows a re-ingested corpus on the next reload.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant.console import handlers as h
from assistant.console.consult import COPY_JS, EXAMPLES, MAX_FOLLOW_UPS, consult_tab
from assistant.console.eval_job import EvalJob
from assistant.errors import PolicyAssistantError
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.facade import Assistant

Resolve = Callable[[], "Assistant"]
__all__ = ["COPY_JS", "EXAMPLES", "MAX_FOLLOW_UPS", "browse_tab", "calculator_tab", "consult_tab", "guarded", "header",
           "report_tab"]


def guarded(resolve: Resolve, fn: Callable[..., str], *args: Any) -> str:
    """``fn(assistant, *args)``, or the Chinese reason there is no assistant yet."""
    try:
        return fn(resolve(), *args)
    except PolicyAssistantError as exc:
        return h.problem(exc)


def header(bot: Assistant) -> str:
    docs = bot.documents()
    status = {"draft": "征求意见稿", "effective": "现行有效", "superseded": "已被替代", "repealed": "已废止"}
    listed = "；".join(
        f"《{h.md(d.document.title)}》（{status.get(d.document.status, '状态未知')}"
        + (f"，有效期至{d.document.valid_until.isoformat()}" if d.document.valid_until else "") + "）"
        for d in docs[:3])
    more = f" 等 {len(docs)} 份文件" if len(docs) > 3 else ""
    return f"# 政策助手 · 热线坐席控制台\n\n已载入：{listed}{more}"


def browse_tab(demo: gr.Blocks, resolve: Resolve) -> None:
    with gr.Row():
        query = gr.Textbox(label="搜索条款", placeholder="关键词，如 电费、小巨人、市科技局；空格分隔多个词", scale=3)
        picker = gr.Dropdown([], value=None, label="直接查看条款", filterable=True, scale=2)
    count = gr.Markdown("正在载入条款…", elem_classes="pa-note", elem_id="pa-measure-count")
    table = gr.Dataframe([], headers=h.MEASURE_COLUMNS, interactive=False, wrap=True, max_height=420,
                         column_widths=["8%", "16%", "36%", "20%", "12%", "8%"], datatype="str")
    detail = gr.Markdown("请在表格中点选一条措施，或在上方选择条款。", elem_classes="pa-evidence", line_breaks=True,
                         latex_delimiters=[], elem_id="pa-measure-detail")

    def search(text: str) -> tuple[Any, str]:
        try:
            return h.measure_table(resolve(), text)
        except PolicyAssistantError as exc:
            return gr.skip(), h.problem(exc)

    def load() -> tuple[Any, Any, Any]:
        rows, note = search("")
        try:
            choices = gr.Dropdown(choices=h.measure_choices(resolve()))
        except PolicyAssistantError:
            choices = gr.skip()
        return rows, note, choices

    def select(evt: gr.SelectData) -> Any:
        row = list(evt.row_value or [])
        if len(row) != len(h.MEASURE_COLUMNS):
            return gr.skip()
        return guarded(resolve, h.measure_detail, row[-1], row[0])

    demo.load(load, None, [table, count, picker])
    query.submit(search, query, [table, count])
    query.change(search, query, [table, count], trigger_mode="always_last", show_progress="hidden")
    table.select(select, None, detail)
    picker.change(lambda key: guarded(resolve, h.measure_detail, *h.split_key(key)) if key else gr.skip(),
                  picker, detail)


def calculator_tab(demo: gr.Blocks, resolve: Resolve, settings: Settings) -> None:
    with gr.Row():
        measure = gr.Dropdown([], value=None, label="条款", scale=3)
        tier = gr.Dropdown([("（不指定）", "")], value="", label="档次 / 项目", scale=3)
    hint = gr.Markdown("正在载入条款…", elem_classes="pa-note", elem_id="pa-calc-hint")
    with gr.Row():
        base = gr.Textbox(label="计算基数", placeholder="如 120万元、1,200,000元（按比例计算时填写）", scale=3)
        as_of = gr.Textbox(label="按此日期判断有效期", placeholder=f"留空为今天（{settings.today().isoformat()}）",
                           scale=2)
        run = gr.Button("计算", variant="primary", scale=1)
    result = gr.Markdown(elem_classes="pa-evidence", line_breaks=True, latex_delimiters=[], elem_id="pa-calc-result")

    def pick(key: str | None) -> tuple[Any, str]:
        try:
            bot = resolve()
        except PolicyAssistantError as exc:
            return gr.skip(), h.problem(exc)
        tiers = [("（不指定）", "")] + [(t, t) for t in h.tiers_for(bot, *h.split_key(key or ""))]
        return gr.Dropdown(choices=tiers, value=""), h.calculator_hint(bot, *h.split_key(key or ""))

    def load() -> tuple[Any, Any, str]:
        try:
            choices = h.measure_choices(resolve(), calculable=True)
        except PolicyAssistantError as exc:
            return gr.skip(), gr.skip(), h.problem(exc)
        first = choices[0][1] if choices else None
        tiers, text = pick(first)
        return gr.Dropdown(choices=choices, value=first), tiers, text

    def compute(key: str, name: str, amount: str, day: str) -> str:
        return guarded(resolve, h.calculate, *h.split_key(key or ""), name, amount, day)

    demo.load(load, None, [measure, tier, hint])
    measure.input(pick, measure, [tier, hint])
    for event in (run.click, base.submit, as_of.submit):
        event(compute, [measure, tier, base, as_of], result)


def report_tab(demo: gr.Blocks, job: EvalJob, report_dir: Path) -> None:
    with gr.Row():
        run = gr.Button("运行评测（约 1 分钟）", variant="primary", scale=1)
        refresh = gr.Button("刷新报告", scale=1)
    status = gr.Markdown(job.status(), elem_classes="pa-note", elem_id="pa-eval-status")
    charts = gr.Gallery(label="图表", columns=3, height="auto", interactive=False, buttons=["fullscreen"],
                        format="png", object_fit="contain", visible=False)
    report = gr.Markdown(latex_delimiters=[], elem_id="pa-eval-report")

    def load() -> tuple[str, str, Any]:
        text, pngs = h.latest_report(report_dir)
        images = _images(pngs)
        return job.status(), text, gr.Gallery(value=images or None, visible=bool(images))

    def run_suite() -> Iterator[tuple[Any, Any, Any]]:
        job.start()
        while job.running:
            yield job.status(), gr.skip(), gr.skip()
            time.sleep(1)
        yield load()

    demo.load(load, None, [status, report, charts])
    refresh.click(load, None, [status, report, charts])
    run.click(run_suite, None, [status, report, charts], concurrency_limit=None)


CHART_CAPTIONS = {"accuracy_by_category": "对话评测：各类别通过率", "latency": "回答延迟分布",
                  "accuracy_by_method": "检索方法 hit@1 对比"}


def _images(paths: list[str]) -> list[tuple[Any, str]]:
    """Charts as images, not paths: Gradio serves files only from the working and temp
    dirs, and the report dir may be anywhere."""
    from PIL import Image

    out: list[tuple[Any, str]] = []
    for path in paths:
        try:
            with Image.open(path) as image:
                image.load()
                out.append((image.copy(), CHART_CAPTIONS.get(Path(path).stem, Path(path).stem)))
        except OSError:
            continue
    return out
