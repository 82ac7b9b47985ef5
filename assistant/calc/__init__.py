"""The deterministic calculator: every yuan figure the assistant states comes from here.

Public API::

    from assistant.calc import Calculator, Claim
    calc = Calculator(load_rulebase_for(doc, rules_dir), doc.document)
    result = calc.calculate([Claim("2", tier="小巨人"), Claim("3")], as_of=date(2025, 1, 1))
    result.total_yuan, result.items, result.notes, result.trace, result.to_dict()

plus the amount helpers :func:`parse_amount`, :func:`parse_rate`, :func:`format_yuan`.

The engine is imported lazily: it reads :mod:`assistant.rules`, which itself parses
amounts with :mod:`assistant.calc.amounts`; importing the engine here eagerly would make
``import assistant.rules`` circular.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from assistant.calc.amounts import MAX_AMOUNT, format_yuan, parse_amount, parse_quantity, parse_rate, to_yuan

if TYPE_CHECKING:
    from assistant.calc.engine import Calculator
    from assistant.calc.result import Calculation, CalculationItem, Claim, Validity

__all__ = [
    "MAX_AMOUNT",
    "Calculation",
    "CalculationItem",
    "Calculator",
    "Claim",
    "Validity",
    "format_yuan",
    "parse_amount",
    "parse_quantity",
    "parse_rate",
    "to_yuan",
]

_LAZY = {
    "Calculator": "assistant.calc.engine",
    "Calculation": "assistant.calc.result",
    "CalculationItem": "assistant.calc.result",
    "Claim": "assistant.calc.result",
    "Validity": "assistant.calc.result",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
