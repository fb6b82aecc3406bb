"""The optional content-hash cache of per-file extraction results (``.zizhi_cache/``).

An entry is what the extractor plugins found in one file: its signals and diagnostics, as JSON.
Its key is the SHA-256 of the file's bytes together with everything else the result depends on:
the file kind, its path, origin (frontend/backend) and vendored flag, the project's platform and
framework, and the *engine fingerprint* — zizhi's version and source, the signal catalogues, the
policy packs, the plugin list (names, distributions and their source). A new zizhi, a new policy
pack or an edited plugin therefore never reads an old entry.

Only file kinds whose extractors declare themselves pure (``zizhi_cacheable_kinds``) are cached.
The cache lives in the scanned folder; one file per fingerprint (the last few are kept), written
atomically at the end of a run. A cache that cannot be read or written is ignored: it only ever
makes a run slower, never different. ``zizhi clean`` removes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zizhi import __version__
from zizhi.model import Diagnostic, Location, Severity, Signal, SourceFile

if TYPE_CHECKING:
    import pluggy

CACHE_DIR = ".zizhi_cache"
FORMAT = 1
KEEP = 3  # fingerprints kept side by side (e.g. two zizhi versions used on one repository)


def _hash_tree(h: Any, path: Path) -> None:
    files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
    for f in files:
        with contextlib.suppress(OSError):
            h.update(f.as_posix().encode() + b"\0" + f.read_bytes() + b"\0")


def engine_fingerprint(pm: pluggy.PluginManager, catalogues: list[Any], packs: list[Path]) -> str:
    """A hash of everything that decides what extraction yields, other than the file itself."""
    h = hashlib.sha256(f"zizhi {__version__} cache {FORMAT}\0".encode())
    _hash_tree(h, Path(__file__).resolve().parent)
    for data in catalogues:
        h.update(json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode())
    for pack in packs:
        with contextlib.suppress(OSError):
            h.update(Path(pack).read_bytes())
    dists = getattr(pm, "distributions", {})
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda np: np[0]):
        h.update(f"{name}\0{dists.get(name, 'built-in')}\0".encode())
        source = getattr(plugin, "__file__", None)
        if source:
            p = Path(source)
            _hash_tree(h, p.parent if p.name == "__init__.py" else p)
    return h.hexdigest()[:32]


def file_key(source: SourceFile, platform: str, framework: str, options: str = "") -> str:
    """``options``: the run options that change what extractors yield (e.g. parsing vendored code)."""
    h = hashlib.sha256(source.data)
    h.update(f"\0{source.kind}\0{source.relpath}\0{source.origin}\0{source.vendored}\0{platform}\0{framework}"
             f"\0{options}".encode())
    return h.hexdigest()


def signal_to_json(s: Signal) -> list[Any]:
    loc = s.location
    return [s.kind, s.name, loc.path, loc.line, loc.column, s.attrs, s.origin, s.vendored, s.snippet]


def signal_from_json(v: list[Any]) -> Signal:
    kind, name, path, line, column, attrs, origin, vendored, snippet = v
    return Signal(kind, name, Location(path, line, column), attrs=dict(attrs), origin=origin, vendored=vendored,
                  snippet=snippet)


def diagnostic_to_json(d: Diagnostic) -> list[Any]:
    loc = d.location
    return [d.code, d.message, loc.path, loc.line, loc.column, d.severity.value]


def diagnostic_from_json(v: list[Any]) -> Diagnostic:
    code, message, path, line, column, severity = v
    return Diagnostic(code, message, Location(path, line, column), Severity(severity))


class FileCache:
    """Entries of one scan root and one engine fingerprint: ``{path: [key, signals, diagnostics]}``."""

    def __init__(self, root: Path, fingerprint: str):
        self.dir = root / CACHE_DIR
        self.path = self.dir / f"v{FORMAT}-{fingerprint}.json"
        self.entries: dict[str, list[Any]] = {}
        self.used: set[str] = set()
        self.dirty = False
        self.hits = self.misses = 0
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("entries"), dict):
                self.entries = data["entries"]
        except (OSError, ValueError):
            pass

    def get(self, relpath: str, key: str) -> tuple[list[Signal], list[Diagnostic]] | None:
        entry = self.entries.get(relpath)
        self.used.add(relpath)
        if not (isinstance(entry, list) and len(entry) == 3 and entry[0] == key):
            self.misses += 1
            return None
        try:
            found = [signal_from_json(s) for s in entry[1]]
            diags = [diagnostic_from_json(d) for d in entry[2]]
        except (TypeError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return found, diags

    def put(self, relpath: str, key: str, found: list[Signal], diags: list[Diagnostic]) -> None:
        self.used.add(relpath)
        self.entries[relpath] = [key, [signal_to_json(s) for s in found], [diagnostic_to_json(d) for d in diags]]
        self.dirty = True

    def save(self) -> None:
        """Write the entries used in this run (others are gone from the tree or belong to a
        scan that did not happen); best effort, atomic."""
        stale = set(self.entries) - self.used
        if not self.dirty and not stale:
            return
        for rel in stale:
            del self.entries[rel]
        try:
            self.dir.mkdir(exist_ok=True)
            marker = self.dir / ".gitignore"
            if not marker.exists():
                marker.write_text("# created by zizhi; `zizhi clean` removes this folder\n*\n", encoding="utf-8")
                (self.dir / "CACHEDIR.TAG").write_text(
                    "Signature: 8a477f597d28d172789f06886806bc55\n# zizhi cache (https://bford.info/cachedir/)\n",
                    encoding="utf-8")
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"format": FORMAT, "zizhi": __version__, "entries": self.entries}, fh, ensure_ascii=False,
                          separators=(",", ":"))
            os.replace(tmp, self.path)
            olds = sorted(self.dir.glob(f"v{FORMAT}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in olds[KEEP:]:
                old.unlink()
            for other in self.dir.glob("v*-*.json"):
                if not other.name.startswith(f"v{FORMAT}-"):
                    other.unlink()  # another cache format: never readable by this zizhi
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(tmp)


def clean(root: Path) -> bool:
    """Remove ``root/.zizhi_cache``; True when there was one."""
    import shutil

    target = root / CACHE_DIR
    if not target.is_dir():
        return False
    shutil.rmtree(target)
    return True
