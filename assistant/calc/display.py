"""Display strings, formatted once for every face: amounts, ranges, measure labels and
calculations (headline, items, trace, notes). What a rule grants, in words and figures, is
:mod:`assistant.rules.view`.

The CLI (``ask``, ``calc``), the console (answer panel, 口径, calculator, measure browser),
the API (the strings next to the numbers) and the widget show these and format no money
of their own.

    >>> amount_text(1_000_000, None), amount_text(None, (50_000, 200_000)), amount_text(None, (0, 3_000_000))
    ('100万元', '5万元—20万元', '最高300万元')
    >>> CalculationView.of({"total_yuan": 600_000, "range_yuan": None, "items": []}).headline
    '合计：60万元（600000元）'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assistant.calc.result import Calculation
from assistant.corpus.models import PolicyDocument, display_measure
from assistant.text.money import format_range, format_yuan

#: What a range of amounts (or an upper bound) is followed by.
RANGE_NOTE = "具体金额按规定确定"
#: Options of one benefit (国家级 *or* 省级): never added up.
ALTERNATIVES_NOTE = "不同情形、不合计，请说明适用哪一项"
NO_AMOUNT = "无可计算的金额"


def range_text(low: int, high: int) -> str:
    """``5万元—20万元``; ``最高300万元`` when the range starts at nothing (an upper bound)."""
    return format_range(low, high)


def amount_text(total: int | None, span: Sequence[int] | None) -> str:
    """The total (``130万元``), else the range, else ``""``."""
    if total is not None:
        return format_yuan(total)
    return range_text(span[0], span[1]) if span else ""


def exact_text(total: int) -> str:
    """A total in whole yuan: ``1000000元``."""
    return f"{total}元"


def measure_label(measure: str, labels: Mapping[str, str] | None = None) -> str:
    """How a measure is named (第2条, 四、(一), 第三条): the document's label when known."""
    return (labels or {}).get(measure) or display_measure(measure, "item")


def reference(label: str, title: str) -> str:
    """``第2条 引导“专精特新”发展`` (the title left out when it is the label itself)."""
    return f"{label} {title}" if title and title != label else label


def citation_mark(label: str, title: str = "") -> str:
    """``〔第2条 引导“专精特新”发展〕``: how answers, the widget's chips and the terminal cite."""
    return f"〔{reference(label, title)}〕"


def status_tag(meta: PolicyDocument, as_of: date) -> str:
    """A short tag for the amount box: the same status an amount answer's first sentence gives."""
    if meta.status in ("superseded", "repealed"):
        return "已被取代 · 按原文测算"
    if meta.valid_until and as_of > meta.valid_until:
        return "已过期 · 按原文测算"
    return "征求意见稿 · 按原文测算" if meta.status == "draft" else ""


def display_strings(calc: Mapping[str, Any], labels: Mapping[str, str] | None = None,
                    tag: str | None = None) -> dict[str, Any]:
    """A copy of ``calc`` (a :meth:`Calculation.to_dict`) with its display strings next to the
    numbers: ``amount_text``, ``amount_note``, ``headline``, ``status_tag`` and per item
    ``measure_label`` and ``amount_text``. A label or tag already there is kept unless one is
    given; the rest is recomputed from the numbers, so applying it twice changes nothing."""
    out = _copy(calc)
    total, span = out.get("total_yuan"), out.get("range_yuan")
    money = amount_text(total, span)
    if total is not None:
        note = exact_text(total) if exact_text(total) != money else ""
        headline = f"合计：{money}（{note}）" if note else f"合计：{money}"
    elif span:
        note, headline = RANGE_NOTE, f"金额区间：{money}（{RANGE_NOTE}）"
    else:
        note = ALTERNATIVES_NOTE if out.get("alternatives") else NO_AMOUNT
        headline = note
    out.update(amount_text=money, amount_note=note, headline=headline)
    out["status_tag"] = tag if tag is not None else out.get("status_tag") or ""
    for item in out.get("items") or []:
        measure = str(item.get("measure", ""))
        if (labels and measure in labels) or not item.get("measure_label"):
            item["measure_label"] = measure_label(measure, labels)
        amount = item.get("amount_yuan")
        item["amount_text"] = format_yuan(amount) if amount is not None else ""
    return out


@dataclass(frozen=True)
class ItemView:
    """One item of a calculation, as every face shows it."""

    measure: str
    measure_label: str
    label: str
    amount_text: str
    formula: str

    @property
    def line(self) -> str:
        """``国家专精特新“小巨人”企业：一次性奖励 100万元〔第2条〕``."""
        return f"{self.label}：{self.formula}〔{self.measure_label}〕" if self.measure_label else \
            f"{self.label}：{self.formula}"


@dataclass(frozen=True)
class CalculationView:
    """A calculation with its display strings (:func:`display_strings`), typed.

    ``source`` is the calculator's result when the view was made from one (None when made
    from the ``calculation`` of an answer); :meth:`to_dict` is the wire form."""

    total_yuan: int | None
    range_yuan: tuple[int, int] | None
    amount_text: str
    amount_note: str
    headline: str
    status_tag: str
    items: tuple[ItemView, ...]
    trace: tuple[str, ...]
    notes: tuple[str, ...]
    #: What the validity check says (in force, expired, draft) at the as-of date.
    validity: tuple[str, ...] = ()
    drafted: bool = False
    source: Calculation | None = field(default=None, compare=False, repr=False)
    data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, calc: Mapping[str, Any], labels: Mapping[str, str] | None = None, tag: str | None = None,
           source: Calculation | None = None) -> CalculationView:
        """The view of a wire ``calculation`` dict (an answer's, or ``Calculation.to_dict()``)."""
        data = display_strings(calc, labels, tag)
        span = data.get("range_yuan")
        return cls(
            total_yuan=data.get("total_yuan"), range_yuan=(int(span[0]), int(span[1])) if span else None,
            amount_text=data["amount_text"], amount_note=data["amount_note"], headline=data["headline"],
            status_tag=data["status_tag"],
            items=tuple(ItemView(str(i.get("measure", "")), i["measure_label"], str(i.get("label", "")),
                                 i["amount_text"], str(i.get("formula", ""))) for i in data.get("items") or []),
            trace=tuple(str(s) for s in data.get("trace") or []), notes=tuple(str(n) for n in data.get("notes") or []),
            validity=tuple((data.get("validity") or {}).get("messages") or []), drafted=bool(data.get("drafted")),
            source=source, data=data)

    @classmethod
    def of_result(cls, result: Calculation, labels: Mapping[str, str] | None = None,
                  tag: str = "") -> CalculationView:
        return cls.of(result.to_dict(), labels, tag, source=result)

    def to_dict(self) -> dict[str, Any]:
        """The wire form: the numbers, trace, notes and validity, with the display strings."""
        return _copy(self.data)

    def explanations(self, with_validity: bool = True) -> list[str]:
        """The notes (and the validity messages), each once."""
        return list(dict.fromkeys([*self.notes, *(self.validity if with_validity else ())]))

    def lines(self, with_validity: bool = True) -> list[str]:
        """The calculation as plain text lines (``policy-assistant calc``)."""
        out = [self.headline, *(f"  · {i.line}" for i in self.items)]
        if self.trace:
            out += ["计算过程：", *(f"  {step}" for step in self.trace)]
        if notes := self.explanations(with_validity):
            out += ["说明：", *(f"  - {n}" for n in notes)]
        return out


def _copy(calc: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(calc)
    out["items"] = [dict(i) for i in calc.get("items") or []]
    return out
