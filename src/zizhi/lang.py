"""The message language when ``--lang`` is not given (imported by ``--help``: standard library only)."""

from __future__ import annotations

import os
from collections.abc import Mapping


def env_lang(env: Mapping[str, str] = os.environ) -> str:
    """``$ZIZHI_LANG`` (zh or en), else the locale (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``, as
    POSIX orders them): ``zh`` for ``zh_*``, else ``en``."""
    explicit = env.get("ZIZHI_LANG", "")
    if explicit in ("zh", "en"):
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
