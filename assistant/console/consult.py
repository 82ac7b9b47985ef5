"""The 咨询台 tab: the caller's question answered through the staff services (an approved
correction first; the turn recorded with the officer), the evidence, the 口径, the 追问
chips, and the panel where the officer flags a wrong answer and writes its correction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant.console import handlers as h
from assistant.console.fixes import flag
from assistant.console.session import require, who
from assistant.errors import PolicyAssistantError
from assistant.settings import Settings
from assistant.storage import turn_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from assistant.facade import Assistant, ChatResponse
    from assistant.staff.services import StaffServices

MAX_FOLLOW_UPS = 4
EXAMPLES = ["我们刚评上小巨人，能拿多少？", "那自治区级的呢", "专利引进交易费120万能补多少", "充电站电费有什么优惠",
            "这个政策现在还有效吗？"]
# Copies without the async clipboard API too: the console is often served over plain http.
COPY_JS = """(text) => {
  const done = () => {
    const b = document.querySelector('#pa-copy'); if (!b) return;
    b.dataset.copied = '1'; const label = b.textContent; b.textContent = '已复制 ✓';
    setTimeout(() => { b.textContent = label; }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text).then(done); return []; }
  const area = document.createElement('textarea'); area.value = text; area.setAttribute('readonly', '');
  area.style.position = 'fixed'; area.style.opacity = '0'; document.body.appendChild(area); area.select();
  try { document.execCommand('copy'); done(); } finally { area.remove(); }
  return [];
}"""


def consult_tab(demo: gr.Blocks, resolve: Callable[[], Assistant], settings: Settings) -> None:
    token = gr.State("")
    turn_id = gr.State(0)
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            chat = gr.Chatbot(label="本次通话", height=480, buttons=["copy"], feedback_options=None,
                              placeholder="在下方输入来电人的问题，回车发送。", latex_delimiters=[])
            chips_label = gr.Markdown("**来电人可能追问**（点击即问）", visible=False, elem_classes="pa-note")
            with gr.Row(elem_classes="pa-chips"):
                chips = [gr.Button("", visible=False, size="sm", elem_id=f"pa-follow-up-{n}")
                         for n in range(MAX_FOLLOW_UPS)]
            question = gr.Textbox(label="来电人问题", placeholder="例如：我们刚评上小巨人，能拿多少？",
                                  submit_btn="发送", max_length=500, autofocus=True)
            with gr.Row():
                as_of = gr.Textbox(label="按此日期判断有效期（YYYY-MM-DD）",
                                   placeholder=f"留空为今天（{settings.today().isoformat()}）", scale=3)
                new_call = gr.Button("新会话", variant="secondary", scale=1)
            gr.Examples(EXAMPLES, inputs=question, label="常见问题")
        with gr.Column(scale=2):
            standard = gr.Textbox(label="标准答复口径（可复制）", lines=4, max_lines=10, interactive=False,
                                  buttons=["copy"], elem_classes="pa-standard", elem_id="pa-standard")
            copy = gr.Button("复制口径", size="sm", elem_id="pa-copy")
            evidence = gr.Markdown("提问后，这里显示所引条款原文、责任单位、计算过程和提示。", label="依据",
                                   elem_classes="pa-evidence", line_breaks=True, latex_delimiters=[],
                                   elem_id="pa-evidence")
            with gr.Accordion("答复有误？标记并更正", open=False, elem_id="pa-fix"):
                gr.Markdown("写下正确的口径并选择所引条款（引文取自条款原文）；金额只能来自条款原文或计算器。"
                            "提交后由另一位审核员或管理员审核，批准后同一问题即按此口径答复。", elem_classes="pa-note")
                fix_question = gr.Textbox(label="被更正的问题", max_length=500, elem_id="pa-fix-question")
                fix_answer = gr.Textbox(label="更正后的口径", lines=4, max_length=2000, elem_id="pa-fix-answer")
                fix_measure = gr.Dropdown([], value=None, label="所引条款", filterable=True, elem_id="pa-fix-measure")
                fix_note = gr.Textbox(label="说明（可选）", max_length=500)
                fix_submit = gr.Button("提交更正（待审核）", variant="primary", elem_id="pa-fix-submit")
                fix_result = gr.Markdown(elem_id="pa-fix-result")

    fix_fields = [fix_question, fix_answer, fix_measure, turn_id]
    outputs = [question, chat, token, evidence, standard, chips_label, *chips, *fix_fields]

    def ask(message: str, history: h.History, state: str, day: str, request: gr.Request) -> list[Any]:
        try:
            bot = resolve()
            staff, officer = who(request)
            answer = _staff_ask(bot, staff, officer)
            turn = h.consult_turn(bot, message, history, state, day, ask=answer)
        except PolicyAssistantError as exc:
            return ["", history, state, h.problem(exc), "", gr.skip(), *[gr.skip()] * (MAX_FOLLOW_UPS + 4)]
        asks = turn.follow_up[:MAX_FOLLOW_UPS]
        buttons = [gr.Button(value=q, visible=True) for q in asks]
        buttons += [gr.Button(value="", visible=False)] * (MAX_FOLLOW_UPS - len(asks))
        fix = [gr.skip()] * 4
        if turn.response is not None:
            cited = turn.response.citations[0] if turn.response.citations else None
            fix = [(message or "").strip(), turn.standard,
                   h.measure_key(cited.doc_id, cited.measure) if cited else gr.skip(), _turn_id(staff, turn.response)]
        return ["", turn.history, turn.state, turn.evidence, turn.standard, gr.Markdown(visible=bool(asks)),
                *buttons, *fix]

    def reset() -> list[Any]:
        hidden = [gr.Button(value="", visible=False)] * MAX_FOLLOW_UPS
        return ["", [], "", "已开始新会话。", "", gr.Markdown(visible=False), *hidden, "", "", gr.skip(), 0]

    def submit_fix(text: str, answer: str, measure: str, note: str, number: int, request: gr.Request) -> str:
        try:
            bot = resolve()
            staff, officer = require(request)
        except PolicyAssistantError as exc:
            return h.problem(exc)
        return flag(bot, staff, officer, question=text, answer=answer, measure=measure or "", turn_id=number or None,
                    note=note)

    def load() -> Any:
        try:
            return gr.Dropdown(choices=h.measure_choices(resolve()))
        except PolicyAssistantError:
            return gr.skip()

    demo.load(load, None, fix_measure)
    question.submit(ask, [question, chat, token, as_of], outputs)
    for chip in chips:
        chip.click(ask, [chip, chat, token, as_of], outputs)
    copy.click(None, standard, None, js=COPY_JS)
    new_call.click(reset, None, outputs)
    chat.clear(reset, None, outputs)
    fix_submit.click(submit_fix, [fix_question, fix_answer, fix_measure, fix_note, turn_id], fix_result)


def _staff_ask(bot: Assistant, staff: StaffServices | None, officer: Any) -> h.Ask | None:
    """StaffServices.ask for this officer (corrections first, the turn recorded); None
    (plain ``bot.ask``) for a console mounted without staff accounts."""
    if staff is None:
        return None
    if officer is None:
        raise PolicyAssistantError("登录已失效，请刷新页面重新登录", code="login_required")
    return lambda message, state, day: staff.ask(bot, message, state, day, channel="console", officer=officer)


def _turn_id(staff: StaffServices | None, response: ChatResponse) -> int:
    """The id of the turn just recorded (0 when not on record)."""
    key = turn_key(response.state)
    if staff is None or not key:
        return 0
    row = staff.store.query_one("SELECT id FROM transcript WHERE turn_key = ? ORDER BY id DESC LIMIT 1", (key,))
    return int(row["id"]) if row else 0
