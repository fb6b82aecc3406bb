"""The optional content-hash cache of per-file extraction results (``.zizhi_cache/``).

An entry is what zizhi made of one file: its signals, its diagnostics (reading and extraction),
the lines that hold an inline suppression, and the facts the key is made of. Its key is the
SHA-256 of the file's bytes together with everything else the result depends on: the file kind,
its path, origin (frontend/backend) and vendored flag, the project's platform and framework, the
run options that change extraction, what the project's preprocessors depend on
(``zizhi_preprocess_context``), and the *engine fingerprint* — zizhi's version and source, its
schemas, the signal catalogues, the policy packs, the plugin list (names, distributions and their
source), the installed versions of the parsers and the validator, and Python's major.minor
(its tokenizer reads Python servers). A new zizhi, a new policy
pack, an edited plugin or another tree-sitter therefore never reads an old entry.

Like git's index, an entry also records the file's ``stat`` (size, mtime, ctime, inode) and when
its bytes were last hashed. When the stat is unchanged and the file had not changed for
``RACY_NS`` before that hash (so that a coarse file-system clock cannot hide an edit), the file
is neither read nor hashed again: a warm run costs one ``stat`` per file.

Only file kinds whose extractors declare themselves pure (``zizhi_cacheable_kinds``) are cached.
Beside the entries, *memos* keep what a plugin's ``zizhi_load_project`` derives from one file alone
(a page's parsed and validated JSON, a template's imports), under the same stat and hash rules
(``file_memo``). One folder per fingerprint (the last few are kept), its entries spread over ``SHARDS``
files by a hash of their name, each read when an entry of it is first needed (a run that extracts a few
files reads a few); at the end of a run the shards that changed are written, each atomically.
A cache that cannot be read or written is ignored: it only ever makes a run slower, never different.
``zizhi clean`` removes it.

Where it lives (the scanned repository is untrusted, see docs/security.md): in the user's cache
folder by default (``usercache.cache_dir() / "files"``), one folder per scan root named by a hash
of the root's path; in another folder only when asked (``--cache-dir``, like ruff's). A
``.zizhi_cache`` committed to the repository is never read. The cache refuses a folder reached
through a symbolic link that lies in the scanned tree, never follows a link when it reads, writes
or prunes (files are opened with ``O_NOFOLLOW`` relative to a folder descriptor, written under a
fresh name with ``O_EXCL`` and renamed in their own folder), and removes only what it names.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import stat
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from zizhi import __version__, walk
from zizhi.model import Diagnostic, Location, Severity, Signal

if TYPE_CHECKING:
    import pluggy

    from zizhi.context import ScanContext

FORMAT = 3

#: Whether this process froze what it had made (``gc.freeze``): the command line sets it
#: (``cli._resume_gc``). ``gc.get_freeze_count()`` counts the frozen objects one by one: ~10 ms a
#: call once a part- snapshot was read, and the changed-files hook paused the collector 7 times.
GC_FROZEN = False


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cyclic garbage collector off while a cache file is read or written: tens of
    thousands of lists and dicts are made at once, none of them in a cycle, and each collection the
    allocations set off would walk them all again. When the process froze what it had made so far
    (``gc.freeze``: the command line does, once its engine is loaded), what was read is frozen too:
    it lives until the report is written, and is not walked by the collections the scan sets off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if GC_FROZEN or gc.get_freeze_count():
            gc.freeze()
        if enabled:
            gc.enable()
#: Entries are spread over this many shard files, so that a run that changed a few files rewrites a few
#: shards, not the whole cache (on the official demo: ~1 MB, 20 ms to write).
SHARDS = 32
KEEP = 3  # fingerprints kept side by side (e.g. two zizhi versions used on one repository)
# (A file changed less than ``walk.RACY_NS`` before its bytes were hashed is hashed again on the next
# run even if its stat is unchanged.)


def _tree_files(path: Path) -> list[str]:
    """The ``*.py`` files of a folder and its folders (links not followed), or the file itself."""
    top = str(path)
    if not os.path.isdir(top):
        return [top]
    found = []
    for folder, _dirs, names in os.walk(top):
        found += [os.path.join(folder, name) for name in names if name.endswith(".py")]
    return sorted(found)


def _files_digest(files: list[str]) -> str:
    """A hash of the files' paths and bytes (one that cannot be read: left out). Remembered in the
    user cache under the files' paths and stats (size, mtime, ctime, inode), as git's index knows
    a file unchanged by its stat: zizhi's and its plugins' code and data are ~1.5 MB read and
    hashed on every run otherwise (~4 ms of the changed-files hook). A file changed in the last
    ``walk.RACY_NS`` is not trusted by its stat: then nothing is remembered."""
    from zizhi import usercache

    key = ""
    if usercache.enabled():
        now = time.time_ns()
        stamps = []
        for f in files:
            try:
                st = os.stat(f)
            except OSError:
                stamps.append(f"{f}\0-")
                continue
            if walk.racy(st, now):
                stamps = []
                break
            stamps.append(f"{f}\0{walk.stat_stamp(st)}")
        if stamps:
            key = usercache.key_of("engine files", *stamps)
            known = usercache.get("engine-files", key)
            if isinstance(known, str) and len(known) == 64 and all(c in "0123456789abcdef" for c in known):
                return known
    h = hashlib.sha256()
    for f in files:
        with contextlib.suppress(OSError), open(f, "rb") as fh:
            h.update(os.fsencode(f) + b"\0" + fh.read() + b"\0")
    digest = h.hexdigest()
    if key:
        usercache.put("engine-files", key, digest)
    return digest


def engine_fingerprint(pm: pluggy.PluginManager, catalogues: list[Any], packs: list[Path]) -> str:
    """A hash of everything that decides what extraction yields, other than the file itself."""
    # the interpreter's major.minor too: its tokenizer reads Python servers (3.12 splits f-strings)
    h = hashlib.sha256(f"zizhi {__version__} cache {FORMAT} python {sys.version_info[:2]}\0".encode())
    from zizhi.resources import schema_dir

    # zizhi's code, its schemas (validation diagnostics are remembered: file_memo), the policy packs
    # and each plugin's code, by their bytes (``_files_digest``)
    files = _tree_files(Path(__file__).resolve().parent) + sorted(str(p) for p in schema_dir().glob("*.json")) + \
        [str(pack) for pack in packs]
    dists = getattr(pm, "distributions", {})
    plugins = sorted(pm.list_name_plugin(), key=lambda np: np[0])
    for _name, plugin in plugins:
        source = getattr(plugin, "__file__", None)
        if source:
            p = Path(source)
            files += _tree_files(p.parent if p.name == "__init__.py" else p)
            # and the modules beside it in its package, which plugins share as libraries (the built-in
            # ones' zizhi_plugins/appjson.py, jstree.py, jsconfig.py): a change to one changes extraction
            package = p.parent.parent
            if p.name == "__init__.py" and (package / "__init__.py").is_file():  # (a package's sub-package)
                files += sorted(str(f) for f in package.glob("*.py"))
    files = list(dict.fromkeys(files))
    h.update(f"files\0{_files_digest(files)}\0".encode())
    import importlib.util

    # The parsers and the validator whose output the cache keeps: another version of one is another
    # fingerprint. Their versions are read from the names of the *.dist-info folders beside them
    # (stable across fresh installs, so a CI job can reuse a cache); find_spec does not import.
    listed: dict[str, list[str]] = {}
    for name in ("tree_sitter", "tree_sitter_javascript", "tree_sitter_typescript", "tree_sitter_json", "jsonschema",
                 "libcst"):
        with contextlib.suppress(ImportError, ValueError, OSError):
            spec = importlib.util.find_spec(name)
            if spec is None or not spec.origin:
                continue
            site = os.path.dirname(os.path.dirname(spec.origin)) if spec.submodule_search_locations else \
                os.path.dirname(spec.origin)
            if site not in listed:
                listed[site] = sorted(os.listdir(site))
            versions = [n for n in listed[site] if n.startswith(name + "-") and n.endswith(".dist-info")]
            h.update(f"{name}\0{versions}\0".encode())

    for data in catalogues:
        h.update(json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode())
    for name, _plugin in plugins:
        h.update(f"{name}\0{dists.get(name, 'built-in')}\0".encode())
    return h.hexdigest()[:32]


#: Hex digits kept of a SHA-256 (128 bits: collisions are out of reach, and the cache file, read
#: whole on every run, is a quarter smaller than with the full 64)
DIGITS = 32


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:DIGITS]


def file_key(digest: str, kind: str, relpath: str, origin: str, vendored: bool, platform: str, framework: str,
             options: str = "") -> str:
    """``options``: the run options and preprocessing context that change what extractors yield."""
    h = hashlib.sha256(f"{digest}\0{kind}\0{relpath}\0{origin}\0{vendored}\0{platform}\0{framework}"
                       f"\0{options}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:DIGITS]


def stat_key(st: os.stat_result) -> list[int]:
    """What must not change for a file to be trusted unread: size, mtime, ctime and inode."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


@dataclass
class Cached:
    """A hit: what extraction made of the file, and the facts about it that the key holds."""

    signals: list[Signal]
    diagnostics: list[Diagnostic]
    markers: list[tuple[int, str]]  # (line, text) of each line holding an inline suppression
    vendored: bool
    encoding: str


@dataclass
class Known:
    """An entry whose file is unchanged by its stat: its digest and vendored flag, to make the key."""

    digest: str
    vendored: bool


def signal_to_json(s: Signal) -> list[Any]:
    loc = s.location
    return [s.kind, s.name, loc.path, loc.line, loc.column, s.attrs, s.origin, s.vendored, s.snippet]


def signal_from_json(v: list[Any], _type: Any = type) -> Signal:
    kind, name, path, line, column, attrs, origin, vendored, snippet = v
    if (_type(kind), _type(name), _type(path), _type(line), _type(column), _type(attrs), _type(origin),
            _type(vendored), _type(snippet)) != SIGNAL_TYPES:
        raise TypeError("not a signal")  # (``SIGNAL_TYPES``)
    if attrs:
        "".join(attrs.values())  # (a TypeError when a value is not a string: one C call, not a loop)
    return Signal(kind, name, Location(path, line, column), dict(attrs), origin, vendored, snippet)


#: The types of a kept signal's parts (``signal_to_json``; JSON's object keys are strings). A cache
#: file (the per-file cache, a snapshot) is read back from disk, and a part of another type in a
#: damaged or foreign file failed later, outside the reading's ``except`` (a list as a name or an
#: attribute is unhashable, a string as a line is not ordered against the others): a miss instead.
#: (The types compared as one tuple: ~0.4 µs a signal with the attributes' check, against ~1 µs
#: for ``tuple(map(type, v))`` looked up in a set.)
SIGNAL_TYPES = (str, str, str, int, int, dict, str, bool, str)


def diagnostic_to_json(d: Diagnostic) -> list[Any]:
    loc = d.location
    return [d.code, d.message, loc.path, loc.line, loc.column, d.severity.value]


def diagnostic_from_json(v: list[Any]) -> Diagnostic:
    code, message, path, line, column, severity = v
    if not (type(code) is str and type(message) is str and type(path) is str and type(line) is int
            and type(column) is int):
        raise TypeError("not a diagnostic")  # (as ``SIGNAL_TYPES``)
    return Diagnostic(code, message, Location(path, line, column), Severity(severity))


#: Per-root folders kept in one cache base (the most recently written): scans of temporary copies go.
KEEP_ROOTS = 64
_ROOT_DIGITS = 16
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
#: (os.replace and os.rename are one call on POSIX, where a rename replaces its target atomically;
#: only os.rename is listed in os.supports_dir_fd, so checking os.replace kept this path off everywhere)
_FD_OK = os.open in os.supports_dir_fd and os.rename in os.supports_dir_fd and bool(_NOFOLLOW) and os.name == "posix"
#: A shard file larger than this is not read (a cache is a few MB; a huge file is damage or an attack).
MAX_SHARD_BYTES = 256 * 1024 * 1024
CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# zizhi cache (https://bford.info/cachedir/)\n"


def default_base() -> Path:
    """The folder holding the file caches of every scan root: ``<user cache>/files``."""
    from zizhi.usercache import cache_dir

    return cache_dir() / "files"


def root_folder_name(root: Path) -> str:
    return hashlib.sha256(os.fsencode(os.path.abspath(root))).hexdigest()[:_ROOT_DIGITS]


def unsafe_location(base: Path, scan_root: Path) -> str | None:
    """Why ``base`` must not hold the cache of ``scan_root`` (None: it may): a component of its path
    is a symbolic link that lies inside the scanned tree (a repository can commit such a link, e.g.
    ``.zizhi_cache -> ../victim``, to make zizhi write or delete elsewhere)."""
    try:
        tree = os.path.realpath(scan_root)
        path = os.path.abspath(base)
        parts = Path(path).parts
        for n in range(1, len(parts) + 1):
            prefix = os.path.join(*parts[:n])
            try:
                st = os.lstat(prefix)
            except FileNotFoundError:
                return None  # the rest will be created by us, as real folders
            if stat.S_ISLNK(st.st_mode):
                parent = os.path.realpath(os.path.dirname(prefix))
                if parent == tree or parent.startswith(tree.rstrip(os.sep) + os.sep):
                    return prefix
    except (OSError, ValueError):
        return str(base)
    return None


def _open_dir(path: Path) -> int:
    """A descriptor of the real folder ``path`` (never of a link to one)."""
    return os.open(path, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)


def _real_dir(path: Path, create: bool) -> bool:
    """``path`` is (or, with ``create``, now is) a folder and not a link."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        if not create:
            return False
        os.makedirs(path.parent, exist_ok=True)  # (links among the parents: see ``unsafe_location``)
        with contextlib.suppress(FileExistsError):
            os.mkdir(path)
        st = os.lstat(path)
    return stat.S_ISDIR(st.st_mode)


def _read_file(folder: Path, name: str, limit: int = MAX_SHARD_BYTES) -> bytes:
    """The bytes of the regular file ``folder/name``, never through a link."""
    if _FD_OK:
        dfd = _open_dir(folder)
        try:
            fd = os.open(name, os.O_RDONLY | _NOFOLLOW, dir_fd=dfd)
        finally:
            os.close(dfd)
    else:
        if os.path.islink(folder / name):
            raise OSError("a link")
        fd = os.open(folder / name, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            raise OSError("not a regular file of a sane size")
        return fh.read()


def write_atomically(folder: Path, name: str, data: bytes, mode: int = 0o644) -> None:
    """Write ``folder/name`` atomically: a new file created exclusively (never through a link) in the
    same folder, then renamed over ``name`` (a rename replaces a link, never its target)."""
    tmp = f".tmp-{os.urandom(8).hex()}"  # (what secrets.token_hex(8) gives, without importing it: ~10 ms)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_BINARY", 0)
    if _FD_OK:
        dfd = _open_dir(folder)
        try:
            fd = os.open(tmp, flags, mode, dir_fd=dfd)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.rename(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)  # (POSIX: replaces ``name``)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp, dir_fd=dfd)
                raise
        finally:
            os.close(dfd)
        return
    fd = os.open(folder / tmp, flags, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(folder / tmp, folder / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(folder / tmp)
        raise


def _remove(folder: Path, name: str) -> None:
    """Remove ``folder/name`` without following links: a link or file is unlinked, a real folder
    removed with ``shutil.rmtree`` (which never follows links inside it)."""
    import shutil

    path = folder / name
    st = os.lstat(path)
    if stat.S_ISDIR(st.st_mode):
        shutil.rmtree(path, ignore_errors=True)
    else:
        os.unlink(path)


class UnsafeCacheLocation(Exception):
    """The cache folder is reached through a link inside the scanned tree (``unsafe_location``)."""


def cache_folders(root: Path, fingerprint: str, base: Path | None = None) -> tuple[Path, Path, Path]:
    """(the base, the scan root's folder, its folder for this fingerprint) of the cache of the scan
    root ``root``; raises ``UnsafeCacheLocation`` when ``base`` is reached through a link inside
    the scanned tree."""
    base = Path(os.path.abspath(base if base is not None else default_base()))
    problem = unsafe_location(base, root)
    if problem is not None:
        raise UnsafeCacheLocation(problem)
    folder = base / root_folder_name(root)
    return base, folder, folder / f"v{FORMAT}-{fingerprint}"


def read_cache_file(folders: tuple[Path, Path, Path], name: str) -> bytes | None:
    """The bytes of the file ``name`` of a fingerprint folder (``cache_folders``), read as the
    shards are (never through a link, a regular file of a sane size); None when it cannot be."""
    base, mine, folder = folders
    try:
        if not (_real_dir(base, False) and _real_dir(mine, False) and _real_dir(folder, False)):
            return None
        return _read_file(folder, name)
    except (OSError, ValueError):
        return None


def write_cache_file(folders: tuple[Path, Path, Path], name: str, data: bytes) -> None:
    """Write the file ``name`` of a fingerprint folder atomically, as the shards are; best effort
    (a cache that cannot be written only costs speed)."""
    base, mine, folder = folders
    try:
        if _real_dir(base, True) and _real_dir(mine, True) and _real_dir(folder, True):
            write_atomically(folder, name, data)
    except (OSError, ValueError):
        pass


class FolderWalkMemo(walk.WalkMemo):
    """A scan root's walk kept in its cache folder for this engine (``walk.scan_listing``: a listing
    answered by the stat of its folders), read and written as the shards are."""

    NAME = "walk.json"

    def __init__(self, fingerprint: Callable[[], str], base: Path | None = None):
        self.fingerprint, self.base = fingerprint, base

    def _folders(self, scan_root: Path) -> tuple[Path, Path, Path] | None:
        try:
            return cache_folders(scan_root, self.fingerprint(), self.base)
        except UnsafeCacheLocation:
            return None

    def read(self, scan_root: Path) -> bytes | None:
        folders = self._folders(scan_root)
        return read_cache_file(folders, self.NAME) if folders is not None else None

    def write(self, scan_root: Path, data: bytes) -> None:
        folders = self._folders(scan_root)
        if folders is not None:
            write_cache_file(folders, self.NAME, data)


class FileCache:
    """Entries of one scan root and one engine fingerprint.

    ``{ident: [key, signals, diagnostics, markers, stat, hashed_ns, digest, vendored, encoding]}``,
    where ``ident`` names the file within a project (its platform, framework and path): a uni-app
    file read for WeChat and for Alipay has two entries.

    ``base``: the folder holding the caches (``--cache-dir``; default ``default_base()``); this
    root's cache is ``base/<hash of the root's path>/v<FORMAT>-<fingerprint>/``. Raises
    ``UnsafeCacheLocation`` when ``base`` is reached through a link inside the scanned tree.
    """

    def __init__(self, root: Path, fingerprint: str, base: Path | None = None):
        self.root = root
        self.base, self.dir, self.folder = cache_folders(root, fingerprint, base)
        self._entries: dict[str, list[Any]] = {}
        self._memos: dict[str, list[Any]] = {}  # ident -> [stat, hashed_ns, digest, value] (see ``file_memo``)
        self.used: set[str] = set()
        self.dirty_shards: set[int] = set()
        self.started_ns = time.time_ns()
        self._loaded: set[int] = set()  # shards are read when first needed: a run of a few files reads a few
        self._readable = _real_dir(self.base, False) and _real_dir(self.dir, False) and _real_dir(self.folder, False)

    def _load(self, shard: int) -> None:
        if shard in self._loaded:
            return
        self._loaded.add(shard)
        if not self._readable:
            return
        try:
            with paused_gc():
                data = json.loads(_read_file(self.folder, f"{shard:02x}.json"))
        except (OSError, ValueError, RecursionError):
            return  # a shard that cannot be read is empty: its files are read again
        if isinstance(data, dict) and data.get("format") == FORMAT:
            for part, into in (("entries", self._entries), ("memos", self._memos)):
                found = data.get(part)
                if isinstance(found, dict):
                    for ident, value in found.items():
                        if isinstance(ident, str) and self.shard(ident) == shard:
                            into.setdefault(ident, value)

    def _load_all(self) -> None:
        for shard in range(SHARDS):
            self._load(shard)

    @property
    def entries(self) -> dict[str, list[Any]]:
        """Every entry (every shard read)."""
        self._load_all()
        return self._entries

    @property
    def memos(self) -> dict[str, list[Any]]:
        self._load_all()
        return self._memos

    @memos.setter
    def memos(self, value: dict[str, list[Any]]) -> None:
        self._load_all()
        self._memos = value

    @staticmethod
    def shard(ident: str) -> int:
        return zlib.crc32(ident.encode("utf-8", "surrogatepass")) % SHARDS

    def _at(self, ident: str) -> None:
        """Read the shard of ``ident`` (before anything of it is looked at or changed)."""
        self._load(self.shard(ident))

    def _touch(self, ident: str) -> None:
        self.dirty_shards.add(self.shard(ident))

    def _entry(self, ident: str) -> list[Any] | None:
        self._at(ident)
        entry = self._entries.get(ident)
        return entry if isinstance(entry, list) and len(entry) == 9 else None

    def known(self, ident: str, st: os.stat_result) -> Known | None:
        """The digest of a file whose stat is the one recorded, and which was not modified for
        ``RACY_NS`` before it was hashed; None: read and hash it."""
        entry = self._entry(ident)
        if entry is None or entry[4] != stat_key(st) or not isinstance(entry[5], int):
            return None
        if walk.racy(st, entry[5]):
            return None  # changed just before it was hashed: an edit in the same clock tick would hide
        return Known(str(entry[6]), bool(entry[7]))

    def get(self, ident: str, key: str, st: os.stat_result | None = None, digest: str = "") -> Cached | None:
        """The entry for ``key``; ``st`` (when the file was read and hashed now) renews its stat, and
        ``digest`` (the hash of the bytes just read) must be the one the entry was made from."""
        entry = self._entry(ident)
        self.used.add(ident)
        if entry is None or entry[0] != key or (digest and entry[6] != digest):
            return None
        try:
            found = Cached([signal_from_json(s) for s in entry[1]], [diagnostic_from_json(d) for d in entry[2]],
                           [(int(line), str(text)) for line, text in entry[3]], bool(entry[7]), str(entry[8]))
        except (TypeError, ValueError):
            return None
        if st is not None and (entry[4] != stat_key(st) or entry[5] != self.started_ns):
            entry[4], entry[5] = stat_key(st), self.started_ns
            self._touch(ident)
        return found

    def put(self, ident: str, key: str, st: os.stat_result, digest: str, found: list[Signal],
            diags: list[Diagnostic], markers: list[tuple[int, str]], vendored: bool, encoding: str) -> None:
        """Record a file read and hashed in this run (``st``: its stat taken before reading it)."""
        self.used.add(ident)
        self._at(ident)
        self._entries[ident] = [key, [signal_to_json(s) for s in found], [diagnostic_to_json(d) for d in diags],
                               [list(m) for m in markers], stat_key(st), self.started_ns, digest, vendored,
                               encoding]
        self._touch(ident)

    def memo_get(self, ident: str, st: os.stat_result, digest: str = "") -> tuple[bool, Any]:
        """(True, value) when the memo of ``ident`` holds for a file of stat ``st`` (trusted as in
        ``known``) or, once read, of content ``digest``; else (False, None)."""
        self.used.add(ident)
        self._at(ident)
        memo = self._memos.get(ident)
        if not (isinstance(memo, list) and len(memo) == 4 and isinstance(memo[1], int)):
            return False, None
        if digest:
            if memo[2] != digest:
                return False, None
            if memo[0] != stat_key(st) or memo[1] != self.started_ns:  # hashed now: renew (see ``get``)
                memo[0], memo[1] = stat_key(st), self.started_ns
                self._touch(ident)
            return True, memo[3]
        if memo[0] != stat_key(st) or walk.racy(st, memo[1]):
            return False, None
        return True, memo[3]

    def memo_put(self, ident: str, st: os.stat_result, digest: str, value: Any) -> None:
        self.used.add(ident)
        self._at(ident)
        self._memos[ident] = [stat_key(st), self.started_ns, digest, value]
        self._touch(ident)

    def save(self) -> None:
        """Write the shards that changed, with the entries used in this run (others are gone from
        the tree or belong to a scan that did not happen); best effort, each shard atomic."""
        # (among the shards read: a run of a few files leaves the others as they are)
        for ident in (set(self._entries) | set(self._memos)) - self.used:
            self._entries.pop(ident, None)
            self._memos.pop(ident, None)
            self._touch(ident)
        if not self.dirty_shards:
            return
        shards: dict[int, dict[str, dict[str, list[Any]]]] = {n: {"entries": {}, "memos": {}}
                                                              for n in self.dirty_shards}
        for part, values in (("entries", self._entries), ("memos", self._memos)):
            for ident, value in values.items():
                target = shards.get(self.shard(ident))
                if target is not None:
                    target[part][ident] = value
        try:
            if not (_real_dir(self.base, True) and _real_dir(self.dir, True) and _real_dir(self.folder, True)):
                return  # a link or a file where a folder of ours should be: not ours to write through
            for name, text in ((".gitignore", "# created by zizhi; `zizhi clean` removes this folder\n*\n"),
                               ("CACHEDIR.TAG", CACHEDIR_TAG)):
                if not os.path.lexists(self.base / name):
                    write_atomically(self.base, name, text.encode("ascii"))
            for number, content in sorted(shards.items()):
                # json.dumps, not json.dump: dump streams through the pure-Python encoder, 10x slower.
                # ASCII: a lone surrogate (a broken \\ud800 in a page title, a file name that is not
                # UTF-8) is written as an escape that reads back the same, never an encoding error.
                data = json.dumps({"format": FORMAT, "zizhi": __version__, **content}, separators=(",", ":"))
                write_atomically(self.folder, f"{number:02x}.json", data.encode("ascii"))
            os.utime(self.folder)  # the most recently used fingerprint and root are kept (``_prune``)
            os.utime(self.dir)
            self._prune()
        except (OSError, ValueError):  # best effort: a cache that cannot be written only costs speed
            pass

    def _prune(self) -> None:
        """Keep the ``KEEP`` most recently written fingerprints of this format and root, and the
        ``KEEP_ROOTS`` most recently written roots; drop other formats. Only names of the cache's
        own shape are touched, and never through a link (``_remove``)."""
        mine: list[tuple[int, str]] = []
        for entry in os.scandir(self.dir):
            if not entry.name.startswith("v") or "-" not in entry.name:
                continue
            st = entry.stat(follow_symlinks=False)
            if entry.name.startswith(f"v{FORMAT}-") and stat.S_ISDIR(st.st_mode):
                mine.append((st.st_mtime_ns, entry.name))
            elif not entry.name.startswith(f"v{FORMAT}-") or not stat.S_ISDIR(st.st_mode):
                _remove(self.dir, entry.name)  # another format (never readable by this zizhi), or a link
        for _, name in sorted(mine, reverse=True)[KEEP:]:
            _remove(self.dir, name)
        roots: list[tuple[int, str]] = []
        for entry in os.scandir(self.base):
            if len(entry.name) == _ROOT_DIGITS and all(c in "0123456789abcdef" for c in entry.name):
                st = entry.stat(follow_symlinks=False)
                roots.append((st.st_mtime_ns, entry.name))
        for _, name in sorted(roots, reverse=True)[KEEP_ROOTS:]:
            _remove(self.base, name)


T = TypeVar("T")


def file_memo(ctx: ScanContext, path: Path, purpose: str, compute: Callable[[bytes], Any],
              decode: Callable[[Any], T] = lambda value: value) -> T:
    """``decode(compute(path's bytes))``, with the JSON value of ``compute`` remembered in the scan
    root's cache (``--no-cache``: computed every time).

    For what a plugin derives from one file alone in ``zizhi_load_project`` (a page's parsed and
    validated JSON, the templates a template imports): on a warm run the file is not even read
    when its stat is unchanged. ``compute`` must be a pure function of the bytes (and of zizhi's
    code and data, which the engine fingerprint covers) returning plain JSON values; its result
    always goes through JSON, so a cold and a warm run see the same value. ``decode`` turns that
    value into what the caller uses; a remembered value it rejects (``KeyError``, ``TypeError``,
    ``ValueError``: a damaged cache file) is computed again. Raises ``OSError`` when the file cannot
    be read, is a link out of the scanned folder or is over the size limit (``zizhi.safeio``).
    """
    from zizhi.safeio import note_read, read_bytes

    note_read(path)  # what the file's memo is made of: a snapshot's loading depended on it
    cache = open_cache(ctx)
    if cache is None:
        return decode(json.loads(json.dumps(compute(read_bytes(path, ctx)))))
    st = path.stat()
    if st.st_size > ctx.options.max_file_bytes:
        read_bytes(path, ctx)  # raises TooLarge, as without a cache (a memo made under a higher limit)
    where, root = str(path), str(cache.root)
    if where.startswith(root + os.sep):
        where = where[len(root) + 1:]  # relative to the scan root: the cache survives moving the tree
    ident = f"{purpose}::{where}"
    found, value = cache.memo_get(ident, st)
    data = b""
    if not found:
        data = read_bytes(path, ctx)
        found, value = cache.memo_get(ident, st, content_digest(data))
    if found:
        try:
            return decode(value)
        except (KeyError, TypeError, ValueError):
            data = data or read_bytes(path, ctx)
    value = json.loads(json.dumps(compute(data)))
    cache.memo_put(ident, st, content_digest(data), value)
    return decode(value)


def open_cache(ctx: ScanContext) -> FileCache | None:
    """The scan root's cache when ``Options.cache`` is on (one per run and scan root; None without
    an engine fingerprint, ``ctx.runtime``)."""
    if not ctx.options.cache or ctx.runtime is None or ctx.scan_root is None:
        return None
    root = ctx.scan_root
    if root not in ctx.file_caches:
        base = Path(ctx.options.cache_dir) if ctx.options.cache_dir else None
        try:
            ctx.file_caches[root] = FileCache(Path(root), ctx.runtime.fingerprint(), base)
        except UnsafeCacheLocation as exc:
            ctx.file_caches[root] = None
            ctx.diagnose("ZZ010", f"the cache folder is reached through the symbolic link {exc} inside the scanned "
                         "tree; the cache is not used", ".", severity=Severity.WARNING)
    return ctx.file_caches[root]


def close_caches(ctx: ScanContext) -> None:
    """Write every cache this run opened (at the end: pruning needs to know every file used)."""
    caches = list(ctx.file_caches.items())
    ctx.file_caches.clear()
    for root, cache in caches:
        if cache is not None:
            cache.used.update(ctx.cache_kept.get(root, ()))  # a project answered by its snapshot used them
            cache.save()
    ctx.cache_kept.clear()


LEGACY_DIR = ".zizhi_cache"  # where zizhi < 0.? kept the cache: in the scanned folder (never read now)


def clean(root: Path, base: Path | None = None) -> list[Path]:
    """Remove the cache of the scan root ``root`` (in ``base``, default ``default_base()``), and a
    ``.zizhi_cache`` folder an older zizhi left in ``root`` (only a real folder holding its
    ``CACHEDIR.TAG``; never through a link). The folders removed."""
    import shutil

    removed: list[Path] = []
    base = Path(os.path.abspath(base if base is not None else default_base()))
    if unsafe_location(base, root) is None and _real_dir(base, False):
        mine = base / root_folder_name(root.resolve())
        if _real_dir(mine, False):
            shutil.rmtree(mine)
            removed.append(mine)
    legacy = root / LEGACY_DIR
    if _real_dir(legacy, False) and os.path.isfile(legacy / "CACHEDIR.TAG") \
            and not os.path.islink(legacy / "CACHEDIR.TAG"):
        shutil.rmtree(legacy)
        removed.append(legacy)
    return removed
