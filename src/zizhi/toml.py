"""TOML reading: the standard library's tomllib on Python 3.11+, tomli before.

Imported when something is parsed, not with this module: a warm run reads its catalogue and
policy packs from the user cache and usually no TOML at all (no ``zizhi.toml``, no Python
backend), so it does not pay for importing the parser.
"""

from __future__ import annotations

import sys
from typing import Any


class TOMLDecodeError(ValueError):
    """Invalid TOML (the parser's own error, with the same message, is its ``__cause__``)."""


def loads(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib as toml
    else:  # pragma: no cover
        import tomli as toml
    try:
        return toml.loads(text)
    except toml.TOMLDecodeError as exc:
        raise TOMLDecodeError(str(exc)) from exc
