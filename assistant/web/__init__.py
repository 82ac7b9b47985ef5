"""The widget and the demo page, shipped inside the package (read with ``importlib.resources``,
so a plain ``pip install`` serves them from any directory). Documentation: ``web/README.md``.

    >>> read("widget.js")[:2]
    b'/*'
"""

from __future__ import annotations

from importlib.resources import files

#: Every file the HTTP service may send, with its media type — nothing else is read.
ASSETS = {
    "index.html": "text/html; charset=utf-8",
    "widget.js": "text/javascript; charset=utf-8",
    "demo.js": "text/javascript; charset=utf-8",
    "screenshot.png": "image/png",
}


def read(name: str) -> bytes:
    """The bytes of one asset of :data:`ASSETS` (``KeyError`` for anything else)."""
    if name not in ASSETS:  # a fixed list: never a path taken from the request
        raise KeyError(name)
    return files(__name__).joinpath(name).read_bytes()
