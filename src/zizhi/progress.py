"""A progress bar on stderr while ``zizhi check`` reads files, for scans that take a while at a terminal.

The bar is tqdm's (a small, dependency-free and widely used library: it measures the rate, fits the
terminal's width and redraws in place). It is shown only when stderr is a terminal, not in CI (``CI``
set, as every CI service sets it), not on a ``dumb`` terminal, and only once the scan has run for
``DELAY`` seconds: a warm run of a small project never shows it, and a log file or a pipe never gets
its escape sequences. ``tqdm`` is imported only when a bar may be shown.

The extract stage reports through the module functions (``found``, ``advance``, ``project``), which do
nothing when no bar is shown; worker processes never show one.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO, Any

#: seconds before the bar appears: a scan shorter than this shows nothing
DELAY = 1.0
#: seconds between two redraws
MININTERVAL = 0.1

_bar: Any = None


def wanted(stream: IO[str], env: Mapping[str, str] = os.environ) -> bool:
    """Whether a bar belongs on ``stream``: a terminal, outside CI, not a dumb terminal."""
    if env.get("CI", "").lower() not in ("", "0", "false") or env.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):  # closed or replaced stream
        return False


@contextmanager
def showing(stream: IO[str], lang: str = "en", delay: float | None = None) -> Iterator[None]:
    """Show the bar on ``stream`` while the block runs; it is erased when the block ends."""
    global _bar
    from tqdm import tqdm

    try:  # a terminal that reports no size (a fresh pseudo-terminal): tqdm would hide the bar
        size = os.get_terminal_size(stream.fileno())
        sized = size.columns > 0 and size.lines > 0
    except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
        sized = False
    _bar = tqdm(total=0, file=stream, unit=" 文件" if lang == "zh" else " files", leave=False,
                delay=DELAY if delay is None else delay, dynamic_ncols=sized, ncols=None if sized else 80,
                nrows=None if sized else 24, mininterval=MININTERVAL)
    try:
        yield
    finally:
        bar, _bar = _bar, None
        bar.close()


def found(count: int) -> None:
    """``count`` more files will be read (one project's files, once listed)."""
    if _bar is not None and count:
        # no refresh here: tqdm's refresh() draws even before the delay, and close() then does not
        # erase a bar it thinks it never drew, leaving it in front of the report
        _bar.total += count


def advance(count: int = 1) -> None:
    """``count`` files are done (read and extracted, or known from the cache)."""
    if _bar is not None and count:
        _bar.update(count)


def project(name: str) -> None:
    """The project being read, shown beside the bar."""
    if _bar is not None and name not in ("", "."):
        _bar.set_description_str(name, refresh=False)
