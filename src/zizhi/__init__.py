"""zizhi (资质): a policy-as-code linter for mini-program projects."""

from __future__ import annotations

TYPE_CHECKING = False  # (typing is not imported: ~4 ms of every run, and of a result given again)
if TYPE_CHECKING:
    from typing import Any

    import pluggy

    #: Mark a function as the implementation of a zizhi hook (see :mod:`zizhi.hookspecs`).
    hookimpl: pluggy.HookimplMarker

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # ``hookimpl`` is made on first use, so that importing the package imports nothing else:
    # ``python -m zizhi`` imports this package before ``zizhi.__main__`` can take the working
    # folder (an untrusted repository, which may hold a ``pluggy.py``) off the import path.
    if name == "hookimpl":
        import pluggy

        marker = pluggy.HookimplMarker("zizhi")
        globals()["hookimpl"] = marker
        return marker
    raise AttributeError(f"module 'zizhi' has no attribute {name!r}")


__all__ = ["__version__", "hookimpl"]
