"""All staff services over one ``app.db``, built from the settings: what the API routes and
the console call.

    >>> staff = StaffServices.build(settings, store)
    >>> response = staff.ask(bot, "小巨人能拿多少", officer=officer)      # corrections first, then recorded
    >>> staff.history.search(text="小巨人")
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from assistant.dialogue.types import ChatResponse
from assistant.errors import InputError
from assistant.settings import Settings
from assistant.staff.accounts import Accounts, Officer
from assistant.staff.analytics import Analytics
from assistant.staff.corrections import Corrections
from assistant.staff.history import Channel, History, record_turn
from assistant.staff.throttle import LoginThrottle, ThrottlePolicy
from assistant.storage import Store

if TYPE_CHECKING:
    from assistant.facade import Assistant

log = logging.getLogger("assistant.staff")


@dataclass(frozen=True)
class StaffServices:
    settings: Settings
    store: Store
    accounts: Accounts
    throttle: LoginThrottle
    history: History
    corrections: Corrections
    analytics: Analytics

    @classmethod
    def build(cls, settings: Settings, store: Store) -> StaffServices:
        s = settings
        policies = {
            "user": ThrottlePolicy(s.login_burst, s.login_delay_s, s.login_lockout_after, s.login_lockout_s,
                                   s.login_window_s),
            "ip": ThrottlePolicy(s.login_ip_burst, s.login_delay_s, s.login_ip_lockout_after, s.login_lockout_s,
                                 s.login_window_s),
        }
        return cls(settings, store, Accounts(store), LoginThrottle(store, policies),
                   History(store, s.utc_offset_hours), Corrections(store),
                   Analytics(store, low_confidence_below=s.low_confidence_below, utc_offset_hours=s.utc_offset_hours))

    def ask(self, bot: Assistant, message: str, state: str | None = None, as_of: date | str | None = None, *,
            channel: Channel = "console", officer: Officer | None = None) -> ChatResponse:
        """Answer (an approved correction for the same question first) and record the turn."""
        response = bot.ask(message, state, as_of, corrections=self.corrections.hook(bot))
        record_turn(self.store, message=message, response=response, channel=channel,
                    officer=officer.username if officer else None, request_state=state,
                    correction_id=getattr(response, "correction_id", None))
        return response

    def bootstrap(self) -> Officer | None:
        """A fresh database gets one admin: ``console_user`` with ``console_password``, or a
        password generated into ``<data_dir>/console.password`` (0600). None when accounts exist."""
        if self.accounts.count():
            return None
        password = self.settings.console_password or generated_console_password(self.settings)
        try:
            officer = self.accounts.add(self.settings.console_user, password, role="admin", display_name="热线管理员",
                                        created_by="bootstrap", strict=False)
        except InputError:  # another process created it first
            return None
        log.warning("staff: created the first admin account %s", officer.username)
        return officer


def generated_console_password(settings: Settings) -> str:
    """The generated first-admin password, kept in the data dir (created once, 0600)."""
    path = settings.data_dir / "console.password"
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12), encoding="utf-8")
        path.chmod(0o600)
        log.warning("console password generated in %s (user %s)", path, settings.console_user)
    return path.read_text(encoding="utf-8").strip()
