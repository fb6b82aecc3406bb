"""zizhi (资质): a policy-as-code linter for mini-program projects."""

from __future__ import annotations

import pluggy

__version__ = "0.1.0"

#: Mark a function as the implementation of a zizhi hook (see :mod:`zizhi.hookspecs`).
hookimpl = pluggy.HookimplMarker("zizhi")

__all__ = ["__version__", "hookimpl"]
