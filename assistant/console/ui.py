"""The hotline console's Gradio UI: the only module that imports gradio.

Four tabs — 咨询台 (chat, evidence, 口径), 措施浏览, 计算器, 评测报告 — each a thin
layer over :mod:`assistant.console.handlers`. No external assets: system fonts only,
analytics off.

Example:
    >>> app = FastAPI()
    >>> mount_console(app, bot, settings, auth=[("hotline", "secret")])      # doctest: +SKIP

``mount_console`` passes the console's theme and CSS; Gradio 6 takes those at mount
time, so a bare ``gr.mount_gradio_app(app, build_console(bot, settings), ...)`` works
too but looks like stock Gradio unless given ``**mount_options()``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import gradio as gr

from assistant.console import handlers as h
from assistant.console.eval_job import EvalJob
from assistant.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from assistant.facade import Assistant

T = TypeVar("T")

FONTS = ["PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
         "WenQuanYi Micro Hei", "system-ui", "sans-serif"]
MONO_FONTS = ["SFMono-Regular", "Consolas", "Menlo", "Noto Sans Mono CJK SC", "monospace"]

CSS = """
.prose.pa-header { border-bottom: 3px solid #1f4e8c; padding: 4px 2px 10px; margin-bottom: 6px; }
.pa-header h1 { color: #1f4e8c; font-size: 1.5rem; margin: 0 0 4px; letter-spacing: .04em; }
.pa-header p { color: #475569; margin: 0; }
.pa-evidence { background: #f8fafc; border: 1px solid #e2e8f0; border-radius: 6px; padding: 10px 14px; }
.pa-evidence blockquote { border-left: 4px solid #1f4e8c; background: #fff; margin: 6px 0; padding: 6px 12px; }
.pa-note { color: #475569; }
.pa-standard textarea { font-size: 15px; line-height: 1.7; background: #fffdf5; }
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
    return {"theme": console_theme(), "css": CSS, "footer_links": []}


def mount_console(app: FastAPI, assistant: Assistant, settings: Settings, *, path: str = "/console",
                  auth: Any = None, auth_message: str | None = None,
                  report_dir: Path = Path("eval-report")) -> FastAPI:
    """Build the console and mount it on ``app`` at ``path`` behind ``auth``."""
    blocks = build_console(assistant, settings, report_dir)
    return _in_running_loop(lambda: gr.mount_gradio_app(app, blocks, path=path, auth=auth, auth_message=auth_message,
                                                        **mount_options()))


def build_console(assistant: Assistant, settings: Settings, report_dir: Path = Path("eval-report")) -> gr.Blocks:
    """The console as a ``gr.Blocks`` (not launched, not mounted)."""
    return _in_running_loop(lambda: _build(assistant, settings, Path(report_dir)))


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


def _build(bot: Assistant, settings: Settings, report_dir: Path) -> gr.Blocks:
    with gr.Blocks(title="政策助手 · 热线坐席控制台", analytics_enabled=False) as demo:
        gr.Markdown(_header(bot), elem_classes="pa-header")
        with gr.Tabs():
            with gr.Tab("咨询台"):
                _consult_tab(bot)
            with gr.Tab("措施浏览"):
                _browse_tab(bot)
            with gr.Tab("计算器"):
                _calculator_tab(bot)
            with gr.Tab("评测报告"):
                _report_tab(demo, EvalJob(settings, report_dir), report_dir)
    return demo


def _header(bot: Assistant) -> str:
    docs = bot.index.documents
    status = {"draft": "征求意见稿", "effective": "现行有效", "superseded": "已被替代", "repealed": "已废止"}
    listed = "；".join(
        f"《{h.md(d.document.title)}》（{status.get(d.document.status, '状态未知')}"
        + (f"，有效期至{d.document.valid_until.isoformat()}" if d.document.valid_until else "") + "）"
        for d in docs[:3])
    more = f" 等 {len(docs)} 份文件" if len(docs) > 3 else ""
    return f"# 政策助手 · 热线坐席控制台\n\n已载入：{listed}{more}"


def _consult_tab(bot: Assistant) -> None:
    token = gr.State("")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            chat = gr.Chatbot(label="通话记录", height=520, buttons=["copy"], feedback_options=None,
                              placeholder="在下方输入来电人的问题，回车发送。", latex_delimiters=[])
            question = gr.Textbox(label="来电人问题", placeholder="例如：我们刚评上小巨人，能拿多少？",
                                  submit_btn="发送", max_length=500, autofocus=True)
            with gr.Row():
                as_of = gr.Textbox(label="按此日期判断有效期（YYYY-MM-DD）",
                                   placeholder=f"留空为今天（{bot.settings.today().isoformat()}）", scale=3)
                new_call = gr.Button("新会话", variant="secondary", scale=1)
            gr.Examples(["我们刚评上小巨人，能拿多少？", "那自治区级的呢", "专利引进交易费120万能补多少",
                         "充电站电费有什么优惠", "这个政策现在还有效吗？"], inputs=question, label="常见问题")
        with gr.Column(scale=2):
            standard = gr.Textbox(label="标准答复口径（可复制）", lines=7, max_lines=16, interactive=False,
                                  buttons=["copy"], elem_classes="pa-standard")
            evidence = gr.Markdown("提问后，这里显示所引条款原文、责任单位、计算过程和提示。", label="依据",
                                   elem_classes="pa-evidence", line_breaks=True, latex_delimiters=[])

    def ask(message: str, history: h.History, state: str, day: str) -> tuple[str, h.History, str, str, str]:
        new_history, new_state, panel, text = h.consult(bot, message, history, state, day)
        return "", new_history, new_state, panel, text

    question.submit(ask, [question, chat, token, as_of], [question, chat, token, evidence, standard])
    def reset() -> tuple[str, h.History, str, str, str]:
        return "", [], "", "已开始新会话。", ""

    new_call.click(reset, None, [question, chat, token, evidence, standard])
    chat.clear(reset, None, [question, chat, token, evidence, standard])


def _browse_tab(bot: Assistant) -> None:
    rows, note = h.measure_table(bot)
    with gr.Row():
        query = gr.Textbox(label="搜索条款", placeholder="关键词，如 电费、小巨人、市科技局；空格分隔多个词", scale=3)
        picker = gr.Dropdown(h.measure_choices(bot), value=None, label="直接查看条款", filterable=True, scale=2)
    count = gr.Markdown(note, elem_classes="pa-note")
    table = gr.Dataframe(rows, headers=h.MEASURE_COLUMNS, interactive=False, wrap=True, max_height=420,
                         column_widths=["8%", "16%", "36%", "20%", "12%", "8%"], datatype="str")
    detail = gr.Markdown("请在表格中点选一条措施，或在上方选择条款。", elem_classes="pa-evidence", line_breaks=True,
                         latex_delimiters=[])

    def search(text: str) -> tuple[list[list[str]], str]:
        return h.measure_table(bot, text)

    def select(evt: gr.SelectData) -> Any:
        row = list(evt.row_value or [])
        return h.measure_detail(bot, row[-1], row[0]) if len(row) == len(h.MEASURE_COLUMNS) else gr.skip()

    query.submit(search, query, [table, count])
    query.change(search, query, [table, count], trigger_mode="always_last", show_progress="hidden")
    table.select(select, None, detail)
    picker.change(lambda key: h.measure_detail(bot, *h.split_key(key)) if key else gr.skip(), picker, detail)


def _calculator_tab(bot: Assistant) -> None:
    choices = h.measure_choices(bot, calculable=True)
    first = choices[0][1] if choices else None
    with gr.Row():
        measure = gr.Dropdown(choices, value=first, label="条款", scale=3)
        tier = gr.Dropdown(_tier_choices(bot, first), value="", label="档次 / 项目", scale=3)
    hint = gr.Markdown(h.calculator_hint(bot, *h.split_key(first or "")), elem_classes="pa-note")
    with gr.Row():
        base = gr.Textbox(label="计算基数", placeholder="如 120万元、1,200,000元（按比例计算时填写）", scale=3)
        as_of = gr.Textbox(label="按此日期判断有效期", placeholder=f"留空为今天（{bot.settings.today().isoformat()}）",
                           scale=2)
        run = gr.Button("计算", variant="primary", scale=1)
    result = gr.Markdown(elem_classes="pa-evidence", line_breaks=True, latex_delimiters=[])

    def pick(key: str) -> tuple[Any, str]:
        return (gr.Dropdown(choices=_tier_choices(bot, key), value=""),
                h.calculator_hint(bot, *h.split_key(key or "")))

    def compute(key: str, name: str, amount: str, day: str) -> str:
        doc_id, measure_id = h.split_key(key or "")
        return h.calculate(bot, doc_id, measure_id, name, amount, day)

    measure.change(pick, measure, [tier, hint])
    for event in (run.click, base.submit, as_of.submit):
        event(compute, [measure, tier, base, as_of], result)


def _tier_choices(bot: Assistant, key: str | None) -> list[tuple[str, str]]:
    return [("（不指定）", "")] + [(t, t) for t in h.tiers_for(bot, *h.split_key(key or ""))]


def _report_tab(demo: gr.Blocks, job: EvalJob, report_dir: Path) -> None:
    with gr.Row():
        run = gr.Button("运行评测（约 1 分钟）", variant="primary", scale=1)
        refresh = gr.Button("刷新报告", scale=1)
    status = gr.Markdown(job.status(), elem_classes="pa-note")
    charts = gr.Gallery(label="图表", columns=3, height="auto", interactive=False, buttons=["fullscreen"],
                        format="png", object_fit="contain", visible=False)
    report = gr.Markdown(latex_delimiters=[])

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
