"""Regexes compiled when first used.

Modules of zizhi and its plugins define their regexes at import, and ``re.compile`` costs ~0.1-2 ms
each (a Unicode range more): ~15 ms of a warm run, which uses few of them (nothing is read). A
module-level ``lazy(pattern)`` is compiled on its first use; from then on its methods are the
compiled pattern's own (instance attributes: no indirection per call). Only for patterns used
through their methods (``search``, ``finditer``, ``sub`` …), never handed to ``re.sub(pattern, …)``
or tested with ``isinstance``.
"""

from __future__ import annotations

import re
from typing import Any, AnyStr

_FORWARDED = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
              "pattern", "flags", "groups", "groupindex")


class _Lazy:
    def __init__(self, pattern: Any, flags: int) -> None:
        self._args: tuple[Any, int] = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # (called only for what the instance has not: the first use)
        compiled = re.compile(*self._args)
        for attr in _FORWARDED:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._args[0]!r})"


def lazy(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, compiled on first use."""
    return _Lazy(pattern, flags)  # type: ignore[return-value]
