"""Hotline staff: accounts and sessions, login throttling, call history, corrections, reports.

No web framework here (the HTTP edge is :mod:`assistant.api.auth` and
:mod:`assistant.api.staff_routes`); everything is stored in ``app.db`` through
:class:`assistant.storage.Store`.

    accounts     Officer, Accounts (argon2id hashes), sessions that expire
    throttle     LoginThrottle: per-account and per-address 429 then lockout
    history      record_turn, History.search / History.conversation
    corrections  Corrections (create, approve by another person, withdraw), the serving hook
    analytics    Analytics: most-asked measures, not covered, low confidence, thumbs-down, by day; CSV
"""

from __future__ import annotations

from assistant.staff.accounts import ROLES, Accounts, Officer, Role
from assistant.staff.throttle import LoginThrottle, Refusal, ThrottlePolicy

__all__ = ["ROLES", "Accounts", "LoginThrottle", "Officer", "Refusal", "Role", "ThrottlePolicy"]
