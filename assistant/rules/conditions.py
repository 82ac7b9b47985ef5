"""Check a rule's conditions against an enterprise profile (a plain ``dict`` of facts).

Each condition is *met*, *unmet* or *unknown* (the fact is not in the profile yet), so a
dialogue engine knows what to ask next.

Example:
    >>> cond = Condition(fact="certificate_valid", expected=True, statement="证书在有效期内")
    >>> check_condition(cond, {"certificate_valid": True})
    'met'
    >>> overall(check_conditions((cond,), {}))
    'unknown'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from assistant.rules.names import alias_key
from assistant.rules.schema import Condition

ConditionStatus = Literal["met", "unmet", "unknown"]


@dataclass(frozen=True)
class ConditionCheck:
    """A condition and its status for one profile."""

    condition: Condition
    status: ConditionStatus


def check_condition(condition: Condition, profile: Mapping[str, object]) -> ConditionStatus:
    """Whether ``profile`` meets ``condition``; ``"unknown"`` when the fact is absent or None."""
    value = profile.get(condition.fact)
    if value is None:
        return "unknown"
    expected = condition.expected
    if condition.op == "in":
        assert isinstance(expected, tuple)  # guaranteed by Condition's validator
        return _status(_same(value, expected))
    if condition.op in ("gte", "lte"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "unknown"
        assert isinstance(expected, int)
        return _status(value >= expected if condition.op == "gte" else value <= expected)
    equal = _same(value, (expected,)) if not isinstance(expected, tuple) else _same(value, expected)
    return _status(equal if condition.op == "eq" else not equal)


def check_conditions(
    conditions: Iterable[Condition], profile: Mapping[str, object]
) -> tuple[ConditionCheck, ...]:
    """Check every condition, in order."""
    return tuple(ConditionCheck(c, check_condition(c, profile)) for c in conditions)


def overall(checks: Iterable[ConditionCheck]) -> ConditionStatus:
    """``unmet`` if any is unmet, else ``unknown`` if any is unknown, else ``met``."""
    statuses = {c.status for c in checks}
    if "unmet" in statuses:
        return "unmet"
    return "unknown" if "unknown" in statuses else "met"


def _same(value: object, options: tuple[object, ...]) -> bool:
    """Equality, with strings compared by :func:`alias_key` (quotes, width, spaces ignored)."""
    for option in options:
        if isinstance(value, str) and isinstance(option, str):
            if alias_key(value) == alias_key(option):
                return True
        elif type(value) is type(option) and value == option:
            return True
    return False


def _status(ok: bool) -> ConditionStatus:
    return "met" if ok else "unmet"
