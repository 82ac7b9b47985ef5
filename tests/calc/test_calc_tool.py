"""The LangChain tool wrapping the calculator."""

from __future__ import annotations

from pathlib import Path

from langchain_core.tools import StructuredTool

from assistant.calc import Calculator
from assistant.calc.tool import calculate_benefit, make_calculator_tool
from assistant.corpus import load_document
from assistant.rules import load_rulebase_for

ROOT = Path(__file__).resolve().parents[2]


def _calculator() -> Calculator:
    doc = load_document(ROOT / "corpus" / "baotou-zjtx-2023.txt")
    return Calculator(load_rulebase_for(doc, ROOT / "corpus" / "rules"), doc.document)


def test_tool_returns_the_calculation() -> None:
    tool = make_calculator_tool(_calculator())
    assert isinstance(tool, StructuredTool)
    assert tool.name == "calculate_benefit"
    result = tool.invoke({"measure": "6", "base": "120万元", "as_of": "2024-06-01"})
    assert result["total_yuan"] == 600_000
    assert result["trace"] == ["120万元 × 50% = 60万元，未超过上限200万元 → 60万元〔第6条〕"]
    assert tool.invoke({"measure": "2", "tier": "小巨人"})["total_yuan"] == 1_000_000


def test_tool_reports_bad_input_as_text() -> None:
    tool = make_calculator_tool(_calculator())
    assert (
        tool.invoke({"measure": "6", "base": "abc"})
        == "无法识别的金额：“abc”（示例：120万元、1.5亿、1,200,000元、三百万）"
    )
    assert "没有“99”" in tool.invoke({"measure": "99"})


def test_plain_function() -> None:
    assert calculate_benefit(_calculator(), "5", base="2000万")["total_yuan"] == 6_000_000


def test_tool_schema_describes_arguments() -> None:
    args = make_calculator_tool(_calculator()).args
    assert set(args) == {"measure", "tier", "base", "as_of"}
