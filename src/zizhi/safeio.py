"""Reading a file of the scanned tree, which is untrusted (docs/security.md).

The walk (``zizhi.walk``) never follows a link out of the scan root, so the files it lists are
inside. Plugins also read files by name (``app.json``, a page's JSON, ``pages.json``, a Taro app
config): those reads go through ``read_bytes`` here, which refuses a file whose real path is
outside the scan root (a committed ``app.json -> /etc/passwd`` would otherwise be quoted in schema
diagnostics, in CI logs, SARIF and the job summary) and a file over the size limit, without
reading it. Both are ``OSError`` subclasses, so a caller's existing handling of an unreadable file
applies; ``diagnose_unreadable`` turns any of them into the right diagnostic.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zizhi.context import ScanContext

#: Default size limit of a file read by name (the same as ``Options.max_file_bytes``).
MAX_BYTES = 2 * 1024 * 1024


class OutsideTree(OSError):
    """The file is a link (or lies below a linked folder) leading outside the scanned folder."""

    def __init__(self) -> None:
        super().__init__("symbolic link to a place outside the scanned folder; not read")
        self.strerror = "symbolic link to a place outside the scanned folder; not read"


class TooLarge(OSError):
    def __init__(self, size: int, limit: int) -> None:
        message = f"file skipped: {size:,} bytes is over the {limit:,}-byte limit; signals in it are not counted"
        super().__init__(message)
        self.strerror = message
        self.size, self.limit = size, limit


def inside(path: str | Path, boundary: str | Path, folders: dict[str, str] | None = None) -> bool:
    """Whether the real path of ``path`` is ``boundary`` (a real path) or below it. ``folders``: the
    real paths of folders found so far in this run (``real_path``)."""
    real = os.path.realpath(path) if folders is None else real_path(path, folders)
    top = str(boundary).rstrip(os.sep)
    return real == top or real.startswith(top + os.sep)


def real_path(path: str | Path, folders: dict[str, str]) -> str:
    """``os.path.realpath(path)``, its folder's real path taken from ``folders`` (and kept there):
    the real path of ``d/n`` is the real path of ``d`` joined with ``n`` unless ``n`` is a link, as
    ``realpath`` itself resolves it one name after the other. ``realpath`` asks ``lstat`` of every
    folder above the file, in Python: a thousand page files of one project cost ~25 ms."""
    where = os.fspath(path)
    head, name = os.path.split(where)
    if not head or name in ("", ".", ".."):
        return os.path.realpath(where)
    real_head = folders.get(head)
    if real_head is None:
        real_head = folders[head] = real_path(head, folders)  # (its own folder's too: one lstat per folder)
    try:
        is_link = stat.S_ISLNK(os.lstat(where).st_mode)
    except (OSError, ValueError):
        is_link = False  # (realpath: a name that is not there is not a link)
    return os.path.realpath(where) if is_link else os.path.join(real_head, name)


def boundary_of(ctx: ScanContext | None, fallback: Path | None = None) -> str | None:
    """The real path of the current scan root (``ctx.scan_root``), remembered per run."""
    if ctx is None:
        return os.path.realpath(fallback) if fallback is not None else None
    return ctx.real_scan_root(fallback)


@dataclass
class Reads:
    """The files of the scanned tree read by name while ``recording_reads`` ran: ``raw`` (absolute
    paths whose content counts), ``derived`` (absolute path -> [(purpose, value)]: only a value
    derived from the content counts, which ``DERIVATIONS[purpose]`` computes again)."""

    raw: set[str] = field(default_factory=set)
    derived: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)


_RECORDING: list[Reads] = []
_QUIET = [0]
#: purpose -> a function of (path, real path of the scan root) giving again the value a plugin derived
#: from a file (``note_read(path, derived=(purpose, value))``); registered when the plugin is imported
DERIVATIONS: dict[str, Callable[[Path, str], Any]] = {}


@contextlib.contextmanager
def recording_reads() -> Iterator[Reads]:
    """Record the files read by name while the block runs (``note_read``): what a project's loading
    depended on besides the files it extracts (``zizhi.snapshot``)."""
    found = Reads()
    _RECORDING.append(found)
    try:
        yield found
    finally:
        # by identity: two recordings nest (a snapshot's inside the whole command's) and may be equal
        for i, recording in enumerate(_RECORDING):
            if recording is found:
                del _RECORDING[i]
                break


@contextlib.contextmanager
def quietly() -> Iterator[None]:
    """Reads inside are not recorded: the caller records what it derives from them instead
    (``note_read(path, derived=...)``)."""
    _QUIET[0] += 1
    try:
        yield
    finally:
        _QUIET[0] -= 1


def note_read(path: str | Path, derived: tuple[str, Any] | None = None) -> None:
    """Say that a file of the scanned tree is read by name (``read_bytes`` and ``file_memo`` do; a
    plugin reading a file another way must too, or a warm run may miss a change to it). With
    ``derived`` = (purpose, value), only that value counts: a snapshot computes it again with
    ``DERIVATIONS[purpose]`` when the file changed, and loads the project again only if it differs."""
    if not _RECORDING or (derived is None and _QUIET[0]):
        return
    where = os.path.abspath(path)
    for found in _RECORDING:
        if derived is None:
            found.raw.add(where)
        else:
            found.derived.setdefault(where, []).append(derived)


def read_bytes(path: Path, ctx: ScanContext | None = None, limit: int | None = None,
               boundary: str | Path | None = None) -> bytes:
    """The bytes of ``path``, a file of the scanned tree; raises ``OutsideTree`` when it is a link
    out of the scan root, ``TooLarge`` when it is over ``limit`` (default: the run's
    ``max_file_bytes``), ``OSError`` when it cannot be read."""
    note_read(path)
    top = str(boundary) if boundary is not None else boundary_of(ctx)
    if limit is None:
        limit = ctx.options.max_file_bytes if ctx is not None else MAX_BYTES
    # O_NONBLOCK: a FIFO named app.json must not block the open; only regular files are read.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = -1
    if top is not None and ctx is not None and _NOFOLLOW:
        fd = _open_inside(path, top, ctx.real_folders, flags)
    if fd < 0:
        if top is not None and not inside(path, top, ctx.real_folders if ctx is not None else None):
            raise OutsideTree()
        fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if st.st_size > limit:
            raise TooLarge(st.st_size, limit)
        data = read_fd(fd, st.st_size, limit)
    finally:
        os.close(fd)
    if len(data) > limit:  # grew while read (or a device that reports no size)
        raise TooLarge(len(data), limit)
    return data


#: ``open`` refuses a link as the last name of the path (not on every system: else ``inside`` first)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _open_inside(path: str | Path, top: str, folders: dict[str, str], flags: int) -> int:
    """``path`` opened when it is no link and its folder's real path (``real_path``) is ``top`` or
    below it: what ``inside`` then ``os.open`` do, without the ``lstat`` of the file (the open
    refuses a link itself, ``O_NOFOLLOW``). -1 when that does not settle it (a link, a folder
    outside ``top`` that a link may lead back from, a path without a folder): the caller asks
    ``inside``. Raises ``OSError`` when the file cannot be opened."""
    where = os.fspath(path)
    head, name = os.path.split(where)
    if not head or name in ("", ".", ".."):
        return -1
    real_head = folders.get(head)
    if real_head is None:
        real_head = folders[head] = real_path(head, folders)
    real = os.path.join(real_head, name)
    top = top.rstrip(os.sep)
    if not (real == top or real.startswith(top + os.sep)):
        return -1
    try:
        return os.open(where, flags | _NOFOLLOW)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):  # a link (EMLINK: FreeBSD): for ``inside`` to say
            return -1
        raise


def read_fd(fd: int, size: int, limit: int) -> bytes:
    """What is left to read of the open file ``fd`` (its ``fstat`` size ``size``), stopping once
    past ``limit`` bytes: a read of the size and one that finds the end, as ``BufferedReader.read``
    does, without building the buffered reader."""
    parts: list[bytes] = []
    got = 0
    want = min(size, limit) + 1
    while got <= limit:
        chunk = os.read(fd, max(want - got, 8192))
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_text(path: Path, ctx: ScanContext | None = None, limit: int | None = None) -> str:
    """``read_bytes`` decoded as UTF-8 with replacement (for token searches over source)."""
    return read_bytes(path, ctx, limit).decode("utf-8", "replace")


def diagnose_unreadable(ctx: ScanContext, exc: OSError, shown: str) -> None:
    """The diagnostic for a file ``read_bytes`` refused or could not read."""
    from zizhi.model import Severity

    if isinstance(exc, TooLarge):
        ctx.diagnose("ZZ006", str(exc.strerror), shown, severity=Severity.WARNING)
    elif isinstance(exc, OutsideTree):
        ctx.diagnose("ZZ010", str(exc.strerror), shown)
    else:
        ctx.diagnose("ZZ001", f"cannot read file: {exc.strerror}", shown)
