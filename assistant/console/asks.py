"""热点问题 (what callers ask): the analytics lists as tables, chart data and CSV files.

Plain functions over :class:`~assistant.staff.analytics.Analytics`: tables get Chinese
headers, charts get small ``pandas`` frames (drawn by Gradio's own plots, offline), and
every list is written as a CSV (UTF-8 with BOM, the same as ``/api/staff/analytics/*.csv``)
into a fresh temporary directory that Gradio may serve.

Example:
    >>> page = analytics_page(staff, "2026-11-01", "")                                 # doctest: +SKIP
    >>> page.tables["measures"][0]
    ['第2条', '引导“专精特新”发展', 41, '2026-11-30 10:02']
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from assistant.console.calls import when
from assistant.console.session import parse_day
from assistant.facade import measure_label
from assistant.staff.analytics import REPORT_TITLES, REPORTS, to_csv

if TYPE_CHECKING:
    from assistant.staff.services import StaffServices

HEADERS = {
    "measures": ["条款", "标题", "被问次数", "最近一次"],
    "not_covered": ["问题", "次数", "最近一次", "会话"],
    "low_confidence": ["时间", "问题", "意图", "置信度", "回答"],
    "thumbs_down": ["时间", "问题", "回答", "评价意见"],
    "daily": ["日期", "提问数", "会话数", "未覆盖", "低置信度", "好评", "差评"],
}
SERIES = {"questions": "提问数", "not_covered": "未覆盖", "low_confidence": "低置信度", "thumbs_down": "差评"}


@dataclass(frozen=True)
class Page:
    """Everything the 热点问题 page shows for one date range."""

    summary: str
    tables: dict[str, list[list[Any]]]
    measures_chart: pd.DataFrame
    daily_chart: pd.DataFrame
    csv: dict[str, str]


def analytics_page(staff: StaffServices, date_from: str = "", date_to: str = "") -> Page:
    """The page for the range (dates inclusive, "" = open); bad dates raise a Chinese InputError."""
    start, end = parse_day(date_from, "开始日期"), parse_day(date_to, "结束日期")
    if start and end and start > end:
        start, end = end, start
    data = staff.analytics.summary(start, end)
    out = Path(tempfile.mkdtemp(prefix="pa-reports-"))
    csv = {}
    for name, rows in data.items():
        path = out / f"{name}{_suffix(start, end)}.csv"
        path.write_text(to_csv(rows, REPORTS[name], staff.history.tz), encoding="utf-8")
        csv[name] = str(path)
    return Page(summary=_summary(data, start, end), tables={n: _table(staff, n, rows) for n, rows in data.items()},
                measures_chart=measures_frame(data["measures"]), daily_chart=daily_frame(data["daily"], start, end), csv=csv)


def measures_frame(rows: list[dict[str, Any]], top: int = 10) -> pd.DataFrame:
    """The most asked measures for a bar chart: columns 条款, 被问次数."""
    return pd.DataFrame({"条款": [_label(r) for r in rows[:top]], "被问次数": [int(r["asked"]) for r in rows[:top]]},
                        columns=["条款", "被问次数"])


def daily_frame(rows: list[dict[str, Any]], start: date | None = None, end: date | None = None) -> pd.DataFrame:
    """Questions, not covered, low confidence and thumbs-down per day for a line chart:
    columns 日期 (``YYYY-MM-DD``, so the axis reads in days and needs no locale), 指标, 次数.
    Every day of the range is there (quiet days as 0), at least the last week, at most 92 days."""
    by_day = {str(r["day"]): r for r in rows}
    known = sorted(date.fromisoformat(d) for d in by_day)
    last = end or (known[-1] if known else None)
    if last is None:
        return pd.DataFrame([], columns=["日期", "指标", "次数"])
    first = start or (known[0] if known else last)
    first = max(min(first, last - timedelta(days=6)) if start is None else first, last - timedelta(days=91))
    days = [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
    long = [{"日期": d, "指标": label, "次数": int(by_day.get(d, {}).get(key) or 0)}
            for d in days for key, label in SERIES.items()]
    return pd.DataFrame(long, columns=["日期", "指标", "次数"])


def _table(staff: StaffServices, name: str, rows: list[dict[str, Any]]) -> list[list[Any]]:
    def at(value: Any) -> str:
        return when(staff, float(value)) if isinstance(value, int | float) else ""

    if name == "measures":
        return [[_label(r), r.get("title") or "", r["asked"], at(r.get("last_at"))] for r in rows]
    if name == "not_covered":
        return [[r["question"], r["asked"], at(r.get("last_at")), r.get("conversation") or ""] for r in rows]
    if name == "low_confidence":
        return [[at(r["at"]), r["question"], r["intent"], f"{float(r['confidence']):.2f}", r["answer"]] for r in rows]
    if name == "thumbs_down":
        return [[at(r["at"]), r["question"], r["answer"], r.get("comment") or ""] for r in rows]
    return [[r[c] for c in REPORTS["daily"]] for r in rows]


def _summary(data: dict[str, list[dict[str, Any]]], start: date | None, end: date | None) -> str:
    days = data["daily"]
    span = f"{start or (days[0]['day'] if days else '—')} 至 {end or (days[-1]['day'] if days else '—')}"
    total = sum(int(d["questions"]) for d in days)
    if not total and not data["thumbs_down"]:
        return f"{span}：暂无来电记录。"
    top = data["measures"][0] if data["measures"] else None
    most = f"；问得最多的是{_label(top)}（{top['asked']} 次）" if top else ""
    return (f"{span}：共 {total} 个问题，{sum(int(d['conversations']) for d in days)} 通会话；"
            f"未覆盖 {sum(int(d['not_covered']) for d in days)} 个，低置信度 {len(data['low_confidence'])} 个，"
            f"差评 {len(data['thumbs_down'])} 个{most}。")


def _label(row: dict[str, Any]) -> str:
    return measure_label(str(row.get("measure") or ""))


def _suffix(start: date | None, end: date | None) -> str:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"-{start or ''}-{end or ''}" if start or end else f"-{stamp}"


TITLES = REPORT_TITLES
