"""The deterministic calculator: every yuan figure the assistant states comes from here.

Public API::

    from assistant.calc import Calculator, Claim
    calc = Calculator(load_rulebase_for(doc, rules_dir), doc.document)
    result = calc.calculate([Claim("2", tier="小巨人"), Claim("3")], as_of=date(2025, 1, 1))
    result.total_yuan, result.items, result.notes, result.trace, result.to_dict()

plus the amount helpers :func:`parse_amount`, :func:`parse_rate`, :func:`format_yuan`.
"""

from __future__ import annotations

from assistant.calc.engine import Calculator
from assistant.calc.result import Calculation, CalculationItem, Validity
from assistant.rules.claim import Claim
from assistant.text.money import MAX_AMOUNT, format_yuan, parse_amount, parse_quantity, parse_rate, to_yuan

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
