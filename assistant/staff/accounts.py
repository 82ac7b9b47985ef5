"""Staff accounts (one per officer) and their login sessions.

Passwords are stored as argon2id hashes (``argon2-cffi``: memory-hard, salted, with the
parameters in the hash so they can be raised later). Session tokens are random; only
their SHA-256 is stored, so a copy of ``app.db`` opens no session.

    >>> accounts = Accounts(store)
    >>> accounts.add("zhangsan", "a long password", role="officer", created_by="hotline")
    Officer(username='zhangsan', role='officer', ...)
    >>> token, expires = accounts.start_session("zhangsan", ttl_s=3600)
    >>> accounts.session_officer(token).username
    'zhangsan'
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from assistant.errors import InputError, NotFoundError, PolicyAssistantError
from assistant.storage import Store

Role = Literal["officer", "reviewer", "admin"]
ROLES: tuple[Role, ...] = ("officer", "reviewer", "admin")
ROLE_NAMES = {"officer": "坐席", "reviewer": "审核员", "admin": "管理员"}
MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,31}$")
#: argon2id at OWASP's recommended parameters (19 MiB, 2 passes, 1 lane): ~0.15 s per check on a
#: small server, so a login burst cannot pin the CPU; hashes record their parameters, and
#: verify() rehashes an older hash when these are raised.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so both cases take the same time."""
    return _HASHER.hash("not-a-password-" + secrets.token_hex(8))


@dataclass(frozen=True)
class Officer:
    """A staff member as the rest of the system sees them (never the hash)."""

    username: str
    role: Role
    display_name: str = ""
    disabled: bool = False
    created_at: float = 0.0
    created_by: str = ""

    def can(self, role: Role) -> bool:
        """Whether this account has ``role`` or a higher one (officer < reviewer < admin)."""
        return not self.disabled and ROLES.index(self.role) >= ROLES.index(role)

    @property
    def label(self) -> str:
        """How history and audit trails show the person: ``张三（zhangsan）``."""
        return f"{self.display_name}（{self.username}）" if self.display_name else self.username

    def to_dict(self) -> dict[str, object]:
        return {"username": self.username, "role": self.role, "role_name": ROLE_NAMES[self.role],
                "display_name": self.display_name, "disabled": self.disabled, "created_at": self.created_at,
                "created_by": self.created_by}


def normalize_username(username: str) -> str:
    return username.strip().lower()


def generate_password() -> str:
    """A random password for a new account (16 URL-safe characters)."""
    return secrets.token_urlsafe(12)


class Accounts:
    """Create, disable, unlock (via the throttle) and verify staff accounts; sessions."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- accounts ------------------------------------------------------------------

    def add(self, username: str, password: str, *, role: str = "officer", display_name: str = "",
            created_by: str = "", strict: bool = True) -> Officer:
        """A new account. Raises InputError (bad name, role, short password or name taken);
        ``strict=False`` (the first admin, from the configured password) skips the length rule."""
        name = normalize_username(username)
        if not _USERNAME.match(name):
            raise InputError("用户名应为2–32位小写字母、数字或 _ . -，以字母或数字开头", code="bad_username")
        if role not in ROLES:
            raise InputError("角色应为 officer（坐席）、reviewer（审核员）或 admin（管理员）", code="bad_role")
        if strict or not password:
            _check_password(password)
        if self.get(name) is not None:
            raise InputError(f"用户名“{name}”已存在", code="username_taken")
        now = time.time()
        self.store.execute(
            "INSERT INTO staff (username, display_name, role, password_hash, disabled, created_at, created_by, "
            "updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?)",
            (name, display_name.strip()[:40], role, _HASHER.hash(password), now, created_by, now))
        return self.require(name)

    def set_role(self, username: str, role: str) -> Officer:
        officer = self.require(username)
        if role not in ROLES:
            raise InputError("角色应为 officer（坐席）、reviewer（审核员）或 admin（管理员）", code="bad_role")
        if officer.role == "admin" and role != "admin" and self._active_admins() <= 1:
            raise PolicyAssistantError("不能降级最后一个管理员账户", code="last_admin").with_status(409)
        self.store.execute("UPDATE staff SET role = ?, updated_at = ? WHERE username = ?",
                           (role, time.time(), officer.username))
        return self.require(officer.username)

    def get(self, username: str) -> Officer | None:
        row = self.store.query_one("SELECT * FROM staff WHERE username = ?", (normalize_username(username),))
        return _officer(row) if row else None

    def require(self, username: str) -> Officer:
        officer = self.get(username)
        if officer is None:
            raise NotFoundError(f"没有用户“{username}”", code="no_such_user")
        return officer

    def list_all(self) -> list[Officer]:
        return [_officer(r) for r in self.store.query("SELECT * FROM staff ORDER BY username")]

    def count(self) -> int:
        row = self.store.query_one("SELECT COUNT(*) AS n FROM staff")
        return int(row["n"]) if row else 0

    def set_disabled(self, username: str, disabled: bool) -> Officer:
        """Disable (and log out) or re-enable an account."""
        officer = self.require(username)
        if disabled and officer.role == "admin" and self._active_admins() <= 1:
            raise PolicyAssistantError("不能停用最后一个管理员账户", code="last_admin").with_status(409)
        self.store.execute("UPDATE staff SET disabled = ?, updated_at = ? WHERE username = ?",
                           (int(disabled), time.time(), officer.username))
        if disabled:
            self.end_sessions_of(officer.username)
        return self.require(officer.username)

    def set_password(self, username: str, password: str) -> None:
        """Replace the password; the account's sessions end."""
        officer = self.require(username)
        _check_password(password)
        self.store.execute("UPDATE staff SET password_hash = ?, updated_at = ? WHERE username = ?",
                           (_HASHER.hash(password), time.time(), officer.username))
        self.end_sessions_of(officer.username)

    def verify(self, username: str, password: str) -> Officer | None:
        """The account when ``password`` is its password (disabled accounts included: the
        caller says why it refuses); None otherwise, in about the same time either way."""
        row = self.store.query_one("SELECT * FROM staff WHERE username = ?", (normalize_username(username),))
        stored = str(row["password_hash"]) if row else _dummy_hash()
        try:
            _HASHER.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if _HASHER.check_needs_rehash(stored):
            self.store.execute("UPDATE staff SET password_hash = ? WHERE username = ?",
                               (_HASHER.hash(password), row["username"]))
        return _officer(row)

    def _active_admins(self) -> int:
        row = self.store.query_one("SELECT COUNT(*) AS n FROM staff WHERE role = 'admin' AND disabled = 0")
        return int(row["n"]) if row else 0

    # -- sessions ------------------------------------------------------------------

    def start_session(self, username: str, ttl_s: float) -> tuple[str, float]:
        """A new session token and its expiry (epoch seconds)."""
        token = secrets.token_urlsafe(32)
        now = time.time()
        expires = now + ttl_s
        self.store.execute("DELETE FROM staff_session WHERE expires_at <= ?", (now,))
        self.store.execute("INSERT INTO staff_session (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)",
                           (_digest(token), normalize_username(username), now, expires))
        return token, expires

    def session_officer(self, token: str | None) -> Officer | None:
        """The officer of a live session; None when unknown, expired, or the account is disabled."""
        if not token or len(token) > 200:
            return None
        row = self.store.query_one(
            "SELECT s.expires_at, a.* FROM staff_session s JOIN staff a ON a.username = s.username "
            "WHERE s.token_hash = ?", (_digest(token),))
        if row is None or float(row["expires_at"]) <= time.time() or row["disabled"]:
            return None
        return _officer(row)

    def session_expiry(self, token: str | None) -> float | None:
        row = self.store.query_one("SELECT expires_at FROM staff_session WHERE token_hash = ?", (_digest(token or ""),))
        return float(row["expires_at"]) if row else None

    def end_session(self, token: str | None) -> None:
        if token:
            self.store.execute("DELETE FROM staff_session WHERE token_hash = ?", (_digest(token),))

    def end_sessions_of(self, username: str) -> None:
        self.store.execute("DELETE FROM staff_session WHERE username = ?", (normalize_username(username),))


def _check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise InputError(f"密码至少 {MIN_PASSWORD} 位", code="weak_password")
    if len(password) > 256:
        raise InputError("密码过长（上限 256 位）", code="weak_password")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _officer(row: dict[str, object]) -> Officer:
    return Officer(username=str(row["username"]), role=cast(Role, row["role"]),
                   display_name=str(row.get("display_name") or ""), disabled=bool(row.get("disabled")),
                   created_at=float(cast(float, row.get("created_at") or 0.0)),
                   created_by=str(row.get("created_by") or ""))
