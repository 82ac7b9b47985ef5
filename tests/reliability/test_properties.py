"""Property tests of the pure functions the rest relies on."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from assistant.storage import mask_pii
from assistant.text.normalize import match_key, normalize_text

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)


@given(text)
def test_normalisation_is_idempotent(s: str) -> None:
    once = normalize_text(s)
    assert normalize_text(once) == once
    assert match_key(match_key(s)) == match_key(s)


@given(text)
def test_no_full_width_ascii_survives(s: str) -> None:
    out = normalize_text(s)
    assert not re.search(r"[\uff01-\uff07\uff0a\uff0b\uff0d-\uff19\uff1c-\uff1e\uff20-\uff5e]", out)
    assert "  " not in out and out == out.strip()


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), text, text)
def test_mobile_numbers_never_survive_masking(phone: str, before: str, after: str) -> None:
    masked = mask_pii(f"{before} {phone} {after}")
    assert phone not in masked
    assert mask_pii(masked) == masked


@given(st.from_regex(r"[1-9][0-9]{16}[0-9X]", fullmatch=True))
def test_id_card_numbers_never_survive_masking(card: str) -> None:
    masked = mask_pii(f"身份证{card}。")
    assert card not in masked and masked.startswith("身份证" + card[:4]) and masked.endswith(card[-4:] + "。")


def test_landlines_and_amounts_are_kept() -> None:
    assert mask_pii("电话0472—5618435，奖励1000000元") == "电话0472—5618435，奖励1000000元"
