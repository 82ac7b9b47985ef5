"""The signed conversation state: round trip, tampering, foreign keys, garbage."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.dialogue.state import ConversationState, StateCodec
from assistant.errors import StateTokenError

CODEC = StateCodec(b"k" * 32)


def test_round_trip() -> None:
    state = ConversationState(profile={"high_tech_enterprise": True}, tiers=[["m2", "little-giant"]],
                              focus=[["baotou-zjtx-2023", "2"]], last_intent="amount", base_yuan=1200000, turns=3)
    assert CODEC.decode(CODEC.encode(state)) == state


def test_empty_token_is_a_new_conversation() -> None:
    assert CODEC.decode(None) == ConversationState()
    assert CODEC.decode("") == ConversationState()


def test_flipped_character_is_rejected() -> None:
    token = CODEC.encode(ConversationState(turns=1))
    i = len(token) // 2
    tampered = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]
    with pytest.raises(StateTokenError):
        CODEC.decode(tampered)


def test_token_of_another_server_is_rejected() -> None:
    other = StateCodec(b"x" * 32).encode(ConversationState(turns=1))
    with pytest.raises(StateTokenError, match="篡改"):
        CODEC.decode(other)


def test_forged_payload_with_valid_base64_is_rejected() -> None:
    forged = base64.urlsafe_b64encode(b"\0" * 16 + b'{"profile":{}}').decode().rstrip("=")
    with pytest.raises(StateTokenError):
        CODEC.decode(forged)


@given(st.text(max_size=300))
def test_any_text_is_a_clean_error_or_a_state(token: str) -> None:
    try:
        assert isinstance(CODEC.decode(token), ConversationState)
    except StateTokenError as exc:
        assert exc.message


def test_huge_token_is_rejected() -> None:
    with pytest.raises(StateTokenError):
        CODEC.decode("A" * 100_000)
