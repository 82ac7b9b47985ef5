"""Failed-login throttling per account and per client address, kept in ``app.db``.

For each key (``user:<name>``, ``ip:<address>``) the failures are counted:

* the first ``burst`` failures are answered normally (wrong password);
* after that, one attempt per ``delay_s``: an earlier attempt is refused with 429 and a
  ``Retry-After`` *without checking the password*, and counts as a failure itself;
* at ``lockout_after`` failures the key is locked for ``lockout_s``: every attempt is
  refused (423), the right password too, until the lock ends or an admin lifts it.
  Attempts during a lock are not counted, so a lock always ends when it says.

Failures older than ``window_s`` are forgotten; a successful login clears the account's
count (never the address's). Stored in SQLite, so it holds across restarts and across
the processes that share the database.

    >>> throttle = LoginThrottle(store, {"user": ThrottlePolicy(5, 30, 10, 900, 900)})
    >>> throttle.check(["user:zhangsan", "ip:10.0.0.1"]) is None
    True
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assistant.storage import Store


@dataclass(frozen=True)
class ThrottlePolicy:
    burst: int
    delay_s: float
    lockout_after: int
    lockout_s: float
    window_s: float


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is refused before the password is looked at."""

    status: int          # 429 throttled, 423 locked
    code: str            # login_throttled | account_locked | address_locked
    message: str
    retry_after_s: int


@dataclass(frozen=True)
class KeyStatus:
    key: str
    failures: int
    last_at: float
    locked_until: float

    @property
    def locked(self) -> bool:
        return self.locked_until > time.time()


class LoginThrottle:
    """Counts failures per key; policies by key kind (the part before ``:``)."""

    def __init__(self, store: Store, policies: Mapping[str, ThrottlePolicy]) -> None:
        self.store = store
        self.policies = dict(policies)

    def _policy(self, key: str) -> ThrottlePolicy | None:
        return self.policies.get(key.split(":", 1)[0])

    def status(self, key: str) -> KeyStatus | None:
        row = self.store.query_one("SELECT * FROM login_throttle WHERE key = ?", (key,))
        if row is None:
            return None
        return KeyStatus(key, int(row["failures"]), float(row["last_at"]), float(row["locked_until"]))

    def check(self, keys: Iterable[str], now: float | None = None) -> Refusal | None:
        """A refusal when any key is locked or throttled; None when the attempt may go ahead."""
        now = time.time() if now is None else now
        refusals = [r for key in keys if (r := self._check(key, now)) is not None]
        if not refusals:
            return None
        return max(refusals, key=lambda r: (r.status == 423, r.retry_after_s))

    def _check(self, key: str, now: float) -> Refusal | None:
        policy, status = self._policy(key), self.status(key)
        if policy is None or status is None:
            return None
        if status.locked_until > now:
            return _locked(key, status.locked_until - now)
        if status.locked_until or now - status.last_at > policy.window_s:
            self.clear(key)  # a lock that ended, or failures long ago: a fresh start
            return None
        if status.failures >= policy.burst and now - status.last_at < policy.delay_s:
            return Refusal(429, "login_throttled", "登录失败次数过多，请稍后再试",
                           _seconds(policy.delay_s - (now - status.last_at)))
        return None

    def failed(self, keys: Iterable[str], now: float | None = None) -> Refusal | None:
        """Count one failure on each key; the refusal when that locks one of them."""
        now = time.time() if now is None else now
        locks: list[Refusal] = []
        with self.store.transaction() as conn:
            for key in keys:
                policy = self._policy(key)
                if policy is None:
                    continue
                row = conn.execute("SELECT failures, last_at, locked_until FROM login_throttle WHERE key = ?",
                                   (key,)).fetchone()
                if row and float(row[2]) > now:
                    locks.append(_locked(key, float(row[2]) - now))  # still locked: neither lifted nor extended
                    continue
                failures = int(row[0]) if row and now - float(row[1]) <= policy.window_s and not row[2] else 0
                failures += 1
                locked_until = now + policy.lockout_s if failures >= policy.lockout_after else 0.0
                conn.execute("INSERT INTO login_throttle (key, failures, last_at, locked_until) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at, "
                             "locked_until = excluded.locked_until", (key, failures, now, locked_until))
                if locked_until:
                    locks.append(_locked(key, policy.lockout_s))
        return max(locks, key=lambda r: r.retry_after_s) if locks else None

    def clear(self, key: str) -> bool:
        """Forget a key's failures and lift its lock (an admin's unlock; a successful login)."""
        return self.store.execute("DELETE FROM login_throttle WHERE key = ?", (key,)) > 0

    def locked_keys(self) -> list[KeyStatus]:
        rows = self.store.query("SELECT * FROM login_throttle WHERE locked_until > ? ORDER BY key", (time.time(),))
        return [KeyStatus(str(r["key"]), int(r["failures"]), float(r["last_at"]), float(r["locked_until"]))
                for r in rows]


def user_key(username: str) -> str:
    return "user:" + username.strip().lower()


def address_key(address: str) -> str:
    return "ip:" + address.strip()


def _locked(key: str, seconds: float) -> Refusal:
    minutes = max(1, math.ceil(seconds / 60))
    if key.startswith("ip:"):
        return Refusal(423, "address_locked", f"该地址登录失败次数过多，已暂时锁定，请约 {minutes} 分钟后再试或联系管理员解锁",
                       _seconds(seconds))
    return Refusal(423, "account_locked", f"该账户因多次登录失败已被锁定，请约 {minutes} 分钟后再试或联系管理员解锁",
                   _seconds(seconds))


def _seconds(value: float) -> int:
    return max(1, math.ceil(value))
