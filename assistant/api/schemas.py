"""Wire types of the HTTP API: the widget's contract, with the examples the API docs show
(:mod:`assistant.api.examples`). Domain types live in the core; :func:`chat_response` converts."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.api import examples as ex
from assistant.facade import ChatResponse as DomainResponse

MAX_MESSAGE = 500


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": ex.CHAT_REQUEST})

    message: str = Field(min_length=1, max_length=MAX_MESSAGE, description="用户的问题，1–500 字")
    state: str | None = Field(default=None, max_length=8192, description="上一轮回答返回的会话状态")
    as_of: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")


class CitationOut(BaseModel):
    doc_id: str
    doc_title: str
    measure: str
    title: str
    quote: str
    label: str = Field(default="", description="条款的显示名称，如 第2条、四、(一)、施行与有效期")


class CalcItemOut(BaseModel):
    measure: str
    label: str
    amount_yuan: int | None
    formula: str
    measure_label: str = Field(default="", description="条款的显示名称")
    amount_text: str = Field(default="", description="金额的显示文字，如 100万元")


class CalculationOut(BaseModel):
    total_yuan: int | None
    range_yuan: list[int] | None
    items: list[CalcItemOut]
    notes: list[str]
    trace: list[str] = []
    amount_text: str = Field(default="", description="合计或区间的显示文字，如 130万元、5万元—20万元、最高300万元")
    amount_note: str = Field(default="", description="金额旁的说明：合计的元数（1000000元）、具体金额按规定确定、无可计算的金额")
    headline: str = Field(default="", description="一行结论，如 合计：100万元（1000000元）")
    status_tag: str = Field(default="", description="文件状态标记，如 已过期 · 按原文测算；有效时为空")


Intent = Literal["amount", "eligibility", "policy_info", "department", "validity", "contact", "match",
                 "greeting", "out_of_scope"]


class ChatResponseOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": ex.CHAT_RESPONSE})

    answer: str
    intent: Intent
    citations: list[CitationOut]
    calculation: CalculationOut | None
    caveats: list[str]
    follow_up: list[str]
    state: str
    confidence: float | None = Field(default=None, description="所选措施相对次优措施的把握程度（0–1）；问候、拒答等为空")


class ErrorOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": ex.ERROR})

    code: str
    message: str


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": ex.FEEDBACK_REQUEST})

    rating: Literal[1, -1]
    message: str = Field(default="", max_length=MAX_MESSAGE)
    answer: str = Field(default="", max_length=20000)
    comment: str | None = Field(default=None, max_length=1000)
    state: str | None = Field(default=None, max_length=8192)


class FeedbackOut(BaseModel):
    id: int
    status: Literal["saved"] = "saved"


class CalcRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": ex.CALC_REQUEST})

    measure: str = Field(min_length=1, max_length=20)
    doc_id: str | None = Field(default=None, max_length=200)
    tier: str | None = Field(default=None, max_length=100)
    base: str | int | None = Field(default=None, description="基数，如 1200000 或 120万元")
    as_of: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")


class MeasureOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": ex.MEASURE})

    doc_id: str
    measure: str
    title: str
    path: str
    departments: list[str]
    text: str


class DocumentOut(BaseModel):
    doc_id: str
    title: str
    issuer: str
    doc_number: str
    region: str
    issued: str | None
    status: str
    valid_until: str | None
    measures: int


class HealthOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": ex.HEALTH})

    status: Literal["ok", "degraded"]
    documents: int
    measures: int
    collection: str
    detail: str = ""


def chat_response(r: DomainResponse) -> dict[str, Any]:
    """The domain answer as the wire dict (unknown calculation keys dropped)."""
    data = r.to_dict()
    calc = data.get("calculation")
    if calc is not None:
        data["calculation"] = {k: calc.get(k) for k in ("total_yuan", "range_yuan", "items", "notes", "trace",
                                                       "amount_text", "amount_note", "headline", "status_tag")
                               if k in calc}
    return data
