"""The calculator as a LangChain tool, for the optional LLM path.

The tool is a thin wrapper: :func:`calculate_benefit` is a plain typed function and
errors reach the model as a readable message (``handle_tool_error``), not a traceback.

Example:
    >>> tool = make_calculator_tool(Calculator(rules, document))   # doctest: +SKIP
    >>> tool.invoke({"measure": "6", "base": "120万元"})["total_yuan"]  # doctest: +SKIP
    600000
"""

from __future__ import annotations

from datetime import date
from typing import Any

from langchain_core.tools import StructuredTool, ToolException
from pydantic import BaseModel, Field

from assistant.calc.engine import Calculator
from assistant.errors import PolicyAssistantError


class CalculateArgs(BaseModel):
    """Arguments the model fills in."""

    measure: str = Field(description="条款编号，如 “6”、“第6条”")
    tier: str | None = Field(default=None, description="档次或项目名称，如 “小巨人”、“揭榜挂帅”")
    base: str | None = Field(default=None, description="按比例计算时的基数金额，如 “120万元”")
    as_of: date | None = Field(default=None, description="按哪一天判断有效期，默认今天")


def calculate_benefit(
    calculator: Calculator,
    measure: str,
    tier: str | None = None,
    base: str | None = None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """Calculate one measure's benefit; returns :meth:`Calculation.to_dict`."""
    return calculator.calculate_measure(measure, tier=tier, base=base, as_of=as_of).to_dict()


def make_calculator_tool(calculator: Calculator) -> StructuredTool:
    """A ``calculate_benefit`` tool bound to one document's calculator."""

    def run(
        measure: str, tier: str | None = None, base: str | None = None, as_of: date | None = None
    ) -> dict[str, Any]:
        try:
            return calculate_benefit(calculator, measure, tier, base, as_of)
        except PolicyAssistantError as exc:
            raise ToolException(exc.message) from exc

    return StructuredTool.from_function(
        func=run,
        name="calculate_benefit",
        description="按政策条款计算奖励、资助金额（整数元），返回金额、计算过程与说明。金额只能来自此工具。",
        args_schema=CalculateArgs,
        handle_tool_error=True,
    )
