"""What zizhi remembers between runs about its own data, in the user's cache folder.

Every run loads the same signal catalogue and policy packs: parsing their TOML and validating them
against their JSON Schemas costs more than a warm scan of a whole project. Both results are pure
functions of bytes, so they are kept under the SHA-256 of those bytes (and of the schema, and of
zizhi's version): a changed pack or schema is a new key, never a stale answer. Only successful
validations are remembered (a pack with errors is validated, and reported, every time).

The folder is ``$ZIZHI_CACHE_DIR``, else the platform's user cache folder (``$XDG_CACHE_HOME/zizhi``
or ``~/.cache/zizhi``; ``~/Library/Caches/zizhi`` on macOS; ``%LOCALAPPDATA%\\zizhi\\Cache`` on
Windows). It holds nothing of the scanned files, and its keys are the bytes its values come from,
so ``--no-cache`` (and ``ZIZHI_NO_CACHE=1``), which are about the scanned files' per-file cache,
leave it on: a run without that cache does not pay for validating zizhi's own data again (the
catalogue and policy packs are validated once per content, as if shipped pre-validated).
``ZIZHI_NO_CACHE=all`` turns it off too. It is best effort: a folder that cannot be written only
makes runs slower. Entries are JSON (never pickle: a cache folder must not
be able to run code), written atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from zizhi import __version__

TYPE_CHECKING = False  # (typing is not imported: ~4 ms of every run, and of a result given again)
if TYPE_CHECKING:
    from typing import Any

_ENABLED: list[bool] = []  # set by ``configure``; default: on unless ZIZHI_NO_CACHE=all


def configure(enabled: bool) -> None:
    """Turn the user cache on or off for this process (and the workers it starts)."""
    _ENABLED[:] = [enabled]


def wanted_by_environment() -> bool:
    """Whether the environment leaves the user cache on (it does unless ``ZIZHI_NO_CACHE=all``)."""
    return os.environ.get("ZIZHI_NO_CACHE", "").strip().lower() != "all"


def enabled() -> bool:
    if _ENABLED:
        return _ENABLED[0]
    return wanted_by_environment()


def cache_dir() -> Path:
    explicit = os.environ.get("ZIZHI_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "zizhi" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "zizhi"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "zizhi"


def key_of(*parts: bytes | str) -> str:
    h = hashlib.sha256(f"zizhi {__version__}\0".encode())
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def _path(kind: str, key: str) -> Path:
    return cache_dir() / kind / f"{key}.json"


def get(kind: str, key: str) -> Any:
    """The value stored under ``key``, or None."""
    if not enabled():
        return None
    try:
        with _path(kind, key).open(encoding="utf-8") as fh:
            return json.load(fh, object_hook=_json_object)
    except (OSError, ValueError):
        return None


#: Entries kept of each kind (the most recently written): old packs, configs and installs go.
KEEP = 64


def put(kind: str, key: str, value: Any) -> None:
    if not enabled():
        return
    target = _path(kind, key)
    tmp = ""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # only to write (it imports shutil, bz2, lzma ...)

        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(json.dumps(value, default=json_default, separators=(",", ":")))
        os.replace(tmp, target)
        tmp = ""
        entries = sorted(target.parent.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[KEEP:]:
            old.unlink()
    except (OSError, TypeError, ValueError):
        pass
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


# TOML has dates and times, JSON has not: tag them, so that a value comes back as it went in.
# (datetime is imported when one is met: zizhi's own data holds none)
_TAGS: dict[str, Callable[[str], Any]] = {
    "$datetime": lambda text: _dt().datetime.fromisoformat(text),
    "$date": lambda text: _dt().date.fromisoformat(text),
    "$time": lambda text: _dt().time.fromisoformat(text),
}


def _dt() -> Any:
    import datetime

    return datetime


def json_default(value: Any) -> Any:
    dt = _dt()
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    raise TypeError(f"not JSON: {type(value).__name__}")


def _json_object(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        tag, text = next(iter(obj.items()))
        if tag in _TAGS and isinstance(text, str):
            return _TAGS[tag](text)
    return obj
