"""Where the shared real-document corpus lives: ``../shared/external`` beside the repository.

The third-party documents are never copied into the project. ``ASSISTANT_EXTERNAL_DIR``
overrides the location; callers skip (tests) or leave the external set out (evals) when
the directory is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    return ROOT.parent / "shared"


def external_dir() -> Path:
    """The directory of the real external policy documents (may not exist)."""
    override = os.environ.get("ASSISTANT_EXTERNAL_DIR")
    return Path(override) if override else shared_dir() / "external"


def external_files() -> list[Path]:
    """The external documents, sorted; [] when the shared directory is absent."""
    folder = external_dir()
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []
