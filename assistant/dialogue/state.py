"""The conversation state, carried by the client as a signed token.

The server stays stateless: each answer returns the state (enterprise profile, the
measures in focus, the last amounts) as an opaque token, HMAC-signed and compressed.
A token that was altered, signed with another key, or is not a token at all raises
:class:`~assistant.errors.StateTokenError` — a 400 at the API, never a 500.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import StateTokenError

MAX_TOKEN_CHARS = 8192
VERSION = 1


@dataclass
class ConversationState:
    """What a follow-up needs to know about the turns before it."""

    #: Facts about the enterprise (``fact key`` → value), e.g. ``{"high_tech_enterprise": True}``.
    profile: dict[str, Any] = field(default_factory=dict)
    #: Tiers the enterprise has or asked about: ``[(rule id, tier id)]``.
    tiers: list[list[str]] = field(default_factory=list)
    #: Measures in focus, most recent first: ``[(doc_id, measure)]``.
    focus: list[list[str]] = field(default_factory=list)
    last_intent: str = ""
    #: The last base amount the user gave (yuan), for "那400万呢".
    base_yuan: int | None = None
    #: The last question asked for a figure (能拿多少 / 能拿30万吗): a follow-up such as
    #: "如果证书有效呢" asks for it again.
    asked_figure: bool = False
    turns: int = 0
    #: Links the turns of one conversation in the call history; set when first encoded, then kept.
    conversation: str = ""

    def focus_measure(self) -> tuple[str, str] | None:
        return (self.focus[0][0], self.focus[0][1]) if self.focus else None

    def set_focus(self, items: list[tuple[str, str]]) -> None:
        merged = [list(i) for i in items]
        merged += [f for f in self.focus if tuple(f) not in items]
        self.focus = merged[:5]

    def add_tier(self, rule_id: str, tier_id: str, replace: bool = False) -> None:
        """Remember a tier; ``replace`` (a correction) drops the rule's other tiers first."""
        pair = [rule_id, tier_id]
        if replace:
            self.tiers = [t for t in self.tiers if t[0] != rule_id]
        if pair not in self.tiers:
            self.tiers.append(pair)
        self.tiers = self.tiers[-8:]


class StateCodec:
    """Signs and verifies state tokens with a server-side key.

    Example:
        >>> codec = StateCodec(b"k" * 32)
        >>> codec.decode(codec.encode(ConversationState(turns=1))).turns
        1
    """

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("state key too short")
        self._key = key

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()[:16]

    def encode(self, state: ConversationState) -> str:
        if not state.conversation:
            state.conversation = new_conversation_id()
        body = json.dumps({"v": VERSION, **asdict(state)}, ensure_ascii=False, separators=(",", ":"))
        payload = zlib.compress(body.encode("utf-8"), 9)
        return base64.urlsafe_b64encode(self._sign(payload) + payload).decode("ascii").rstrip("=")

    def decode(self, token: str | None) -> ConversationState:
        if token is None or token == "":
            return ConversationState()
        if not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS:
            raise StateTokenError("会话状态无效，请刷新后重新提问")
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (ValueError, TypeError) as exc:
            raise StateTokenError("会话状态无效，请刷新后重新提问") from exc
        mac, payload = raw[:16], raw[16:]
        if len(mac) < 16 or not hmac.compare_digest(mac, self._sign(payload)):
            raise StateTokenError("会话状态校验失败（可能已被篡改或已过期），请刷新后重新提问")
        try:
            data = json.loads(zlib.decompress(payload, bufsize=65536).decode("utf-8"))
            if data.pop("v", None) != VERSION:
                raise ValueError("version")
            return ConversationState(**data)
        except (ValueError, TypeError, zlib.error) as exc:
            raise StateTokenError("会话状态无法识别，请刷新后重新提问") from exc


def new_conversation_id() -> str:
    """A random, opaque conversation id (16 URL-safe characters)."""
    return secrets.token_urlsafe(12)


def peek_conversation(token: str | None) -> str:
    """The conversation id inside a token this server just produced, without verifying it
    (for recording an answer's own state; never for trusting a client's token). ``""``
    when the token is empty or unreadable."""
    if not token or not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS:
        return ""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(zlib.decompress(raw[16:], bufsize=65536).decode("utf-8"))
    except (ValueError, TypeError, zlib.error):
        return ""
    value = data.get("conversation") if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def load_or_create_key(data_dir: Path, configured: str | None = None) -> bytes:
    """The signing key: from settings, else ``<data_dir>/state.key`` (created 0600 once)."""
    if configured:
        return configured.encode("utf-8")
    path = data_dir / "state.key"
    if path.exists():
        return path.read_bytes()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(key)
    tmp.chmod(0o600)
    try:
        tmp.rename(path) if not path.exists() else tmp.unlink()
    except OSError:
        tmp.unlink(missing_ok=True)
    return path.read_bytes()
