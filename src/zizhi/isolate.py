"""Running a parser where its crash or its hang cannot take the run down.

Some parsers of untrusted input are native code that can crash the process (libcst overflows its
stack on a few thousand nested parentheses: SIGSEGV, no output) or take super-linear time on
pathological input. ``run`` calls such a function in a forked child with a time budget: the
result comes back pickled through a pipe; a crash, an exception or an overrun comes back as a
``Failure`` the caller turns into a diagnostic. Where ``fork`` is not available (Windows) the
function runs in this process (callers keep their own guards, e.g. a nesting pre-check).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Seconds one file may take in an isolated parser before it is stopped (a diagnostic says so).
BUDGET = 10.0


@dataclass
class Failure:
    """Why an isolated call gave no result: ``crash`` (the child died: a signal or exit status),
    ``timeout`` (over the budget), or ``error`` (it raised; ``detail`` names the exception)."""

    reason: str
    detail: str = ""


def available() -> bool:
    return hasattr(os, "fork")


def run(fn: Callable[..., Any], *args: Any, budget: float = BUDGET) -> Any:
    """``fn(*args)`` in a forked child, or a ``Failure``."""
    if not available():
        try:
            return fn(*args)
        except (RecursionError, MemoryError, ValueError) as exc:
            return Failure("error", type(exc).__name__)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running any cleanup of the parent's
        status = 0
        try:
            os.close(read_fd)
            import faulthandler

            faulthandler.disable()  # a crash here is expected and reported by the parent, not dumped
            try:
                payload = pickle.dumps(("ok", fn(*args)), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:
                payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"[:300]))
            view = memoryview(payload)
            while view:
                written = os.write(write_fd, view)
                view = view[written:]
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + budget
    timed_out = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if timed_out:
        return Failure("timeout", f"over {budget:g} s")
    if not chunks:
        if os.WIFSIGNALED(status):
            return Failure("crash", f"signal {os.WTERMSIG(status)}")
        return Failure("crash", f"exit status {os.waitstatus_to_exitcode(status)}")
    kind, value = pickle.loads(b"".join(chunks))  # our own child's bytes
    if kind == "error":
        return Failure("error", str(value))
    return value
