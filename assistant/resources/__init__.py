"""Data shipped inside the package, read with ``importlib.resources``: the default corpus
(the Baotou policy with its metadata and rules) and the eval datasets.

In the repository ``corpus`` and ``datasets`` here are links to ``corpus/`` and
``evals/datasets/``; a built wheel holds copies, so a plain ``pip install`` can index and
serve the policy, and run the evals, from any directory.

    >>> (corpus_dir() / "baotou-zjtx-2023.txt").exists()
    True
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _path(name: str) -> Path:
    found = files(__name__).joinpath(name)
    if not isinstance(found, Path):  # installed packages live on disk; a zipped one would not
        raise RuntimeError(f"packaged data {name} is not on the file system")
    return found.resolve()  # in the repository: the linked directory itself


def corpus_dir() -> Path:
    """The corpus shipped with the package: used when ``ASSISTANT_CORPUS_DIR`` is unset and
    ``./corpus`` does not exist."""
    return _path("corpus")


def datasets_dir() -> Path:
    """The eval datasets shipped with the package (``evals/datasets`` in the repository)."""
    return _path("datasets")


def thresholds_file() -> Path:
    """The eval gate's thresholds shipped with the package (``evals/thresholds.yaml``)."""
    return _path("thresholds.yaml")
