"""The as-of date users and callers give: ``YYYY-MM-DD``, or today by default."""

from __future__ import annotations

from datetime import date

from assistant.errors import InputError


def parse_as_of(value: date | str | None, default: date) -> date:
    """``value`` as a date; ``default`` when empty; a Chinese :class:`InputError` when malformed."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise InputError(f"日期格式应为 YYYY-MM-DD，例如 2026-11-26（收到：{str(value)[:20]}）") from exc
