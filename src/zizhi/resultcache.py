"""Whole-command results: ``zizhi check`` on an unchanged tree answered before the engine is loaded.

A warm run answered by a project snapshot (``zizhi.snapshot``) still starts the engine: importing
zizhi's modules and its plugins, loading the plugin manager and the policy data, listing the tree
and running the stages after extraction, several times what the stat pass alone costs. This
module keeps, for one command line, what the command wrote (stdout, stderr, the report files of
``--format FORMAT:FILE`` / ``--output``) and its exit code, and gives them back when nothing it
depends on changed, without importing the engine or a plugin.

Where: ``results/`` in the user's cache folder (``usercache.cache_dir()``), never in the scanned
repository (a folder in a scanned tree, in a path given, or in the repository holding one, is never
read nor written: a file found in the repository is never evidence), one JSON file per command (never
pickle: a cache file must not be able to run code), written atomically, at most ``KEEP`` of them,
of ``MAX_BYTES`` each and ``KEEP_BYTES`` in all (the most recently written are kept).

The file's name is a hash of what the command is, known before anything is loaded: zizhi's
version and this format, the interpreter (its path, version, ``sys.path``, its flags (``-O`` …), ``-X`` and ``-W``
options, the encoding of its streams), the arguments, the working folder, the environment variables that change output
(``ENV_PREFIXES``, ``ENV_NAMES``: the language and locale, colour, CI links, cache locations …),
and whether stdout and stderr are terminals (with the terminal's size: colour and wrapping). Inside,
what the answer depends on, recorded by the run that wrote it, and a digest of its state then:

* the trees the run walked (``zizhi.walk.WATCHERS``): every folder's entries by name, every
  file's ``stat`` (size, mtime, ctime, inode); folders the walk skips by name (``node_modules``,
  ``dist`` …) by their own ``stat`` and their entries' (as project snapshots do), folders nothing
  reads (``.git`` …) by their presence; links by their target (a link out of the tree: whether its
  target is there and, a file, its ``stat``: a config linked from elsewhere in the repository);
* above each tree, the names the run looks for there (``.git``, the config files), and where the
  paths given lead (their real paths: a link given that now leads elsewhere is a miss);
* the files read by name (``zizhi.safeio.note_read``: configs, app roots under a skipped folder,
  ``--config``, ``--baseline``) and the policy packs;
* the engine itself: the ``stat`` of every module the run imported (but the standard library's:
  the interpreter's version is in the key), the listings and ``stat`` of
  zizhi's package, of every plugin's package and of the schemas, and the ``stat`` of each
  ``sys.path`` folder (installing, removing or upgrading a distribution changes it).

A file changed less than ``RACY_NS`` before the run began is not trusted by its stat (see
``zizhi.filecache``), nor a walked folder whose entries changed then (a file removed leaves no other
trace): nothing is kept then. Nothing is kept of a run that exits 2, of a run whose
stdout went away (a broken pipe), or of one with ``--diff`` (git's state), ``--write-baseline``,
``--show-config`` or ``$GITHUB_STEP_SUMMARY`` (a file written outside the command line's outputs).
``--no-cache`` and ``ZIZHI_NO_CACHE`` turn it off; ``zizhi clean`` removes the results of the
folders it cleans. A damaged, foreign or hostile file is a miss, never an error: its key must be
the command's, its files only those the command line names, its exit code 0 or 1. Worker
processes' reads by name are not recorded (as for project snapshots: extraction reads files of
the listing, which the digest holds).
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import json
import os
import stat
import sys
import time

from zizhi import __version__, walk
from zizhi.walk import stat_stamp

TYPE_CHECKING = False  # (typing is not imported: ~4 ms of every run, and of a result given again)
if TYPE_CHECKING:
    from typing import Any

FORMAT = 1
#: Results kept (the most recently written), and their bytes in all.
KEEP = 64
KEEP_BYTES = 64 * 1024 * 1024
#: The largest result kept (bytes of its file).
MAX_BYTES = 8 * 1024 * 1024
#: Environment variables that change what ``zizhi check`` writes (prefixes and names); a test
#: checks that every variable zizhi and its plugins read is one of them.
ENV_PREFIXES = ("ZIZHI_", "LC_", "PYTHON", "GITHUB_", "GITLAB_", "CI_", "GIT_")
ENV_NAMES = frozenset({"CI", "LANG", "LANGUAGE", "NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "LINES", "HOME",
                       "XDG_CACHE_HOME", "LOCALAPPDATA", "TZ", "PATH"})
#: The names ``config.find_config`` and ``identity.repo_root`` look for in the folders above a tree
#: (a test keeps them those of ``config.CONFIG_NAMES``).
CONFIG_NAMES = ("zizhi.toml", ".zizhi.toml", "pyproject.toml")
_DAMAGE = (KeyError, TypeError, ValueError, IndexError, AttributeError, RecursionError, OSError)


def wanted(args: Any, env: Any = os.environ) -> bool:
    """Whether this ``check`` command line may be answered from, and kept in, the results."""
    if args.command != "check" or args.no_cache or env.get("ZIZHI_NO_CACHE", "") not in ("", "0"):
        return False
    return not (args.diff or args.write_baseline or args.show_config or env.get("GITHUB_STEP_SUMMARY"))


def command_key(argv: list[str]) -> str:
    """The name of the command's result file: what the command is (the module docstring)."""
    h = hashlib.sha256(f"zizhi {__version__} results {FORMAT}\0".encode())
    env = sorted((k, v) for k, v in os.environ.items() if k in ENV_NAMES or k.startswith(ENV_PREFIXES))
    ttys = []
    for stream in (sys.stdout, sys.stderr):
        try:
            ttys.append(bool(stream.isatty()))
        except (AttributeError, ValueError, OSError):
            ttys.append(False)
    size: Any = None
    if ttys[0]:
        with contextlib.suppress(AttributeError, ValueError, OSError):
            size = list(os.get_terminal_size(sys.__stdout__.fileno()))  # type: ignore[union-attr]
    streams = [(getattr(s, "encoding", None), getattr(s, "errors", None)) for s in (sys.stdout, sys.stderr)]
    try:
        cwd = os.getcwd()
    except OSError:
        cwd = None
    # every interpreter flag (-O drops asserts, -b warns on stderr, -X dev …), -W and -X options
    flags = [list(sys.flags), sys.warnoptions, sorted(getattr(sys, "_xoptions", {}))]
    parts = [sys.executable, sys.version, sys.path, flags, streams, argv, cwd, env, ttys, size]
    h.update(json.dumps(parts, ensure_ascii=True, default=str).encode("ascii"))
    return h.hexdigest()[:40]


def results_dir() -> str:
    from zizhi import usercache

    return os.path.join(os.fspath(usercache.cache_dir()), "results")


# ---------------------------------------------------------------- the state a result depends on


class Racy(Exception):
    """A file changed too recently to be trusted by its stat (``_State(stop_when_racy=True)``)."""


#: Files kept in a result as the most recently changed ones (``Session._load`` looks at them first).
HOT = 16


class _State:
    """The facts of what a result depends on, in a fixed order, and whether one is too recent; the
    ``HOT`` most recently changed files of the trees, with their stamps."""

    def __init__(self, started: int, stop_when_racy: bool = False):
        self.out: list[str] = []
        self.started = started
        self.trusted_before = started - walk.RACY_NS  # (the tree walk's loop tests stamps inline)
        self.racy = False
        self.stop_when_racy = stop_when_racy
        self.hot: list[tuple[int, str, str]] = []  # (newest of mtime and ctime, path, stamp): a heap

    def _racy(self) -> None:
        self.racy = True
        if self.stop_when_racy:
            raise Racy()

    def stat(self, st: os.stat_result) -> str:
        if walk.racy(st, self.started):
            self._racy()
        return stat_stamp(st)

    def file(self, path: str) -> None:
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            self.out.append(f"F\0{path}\0-")
            # (removed just now, perhaps after the run read it: its folder changed then)
            with contextlib.suppress(OSError, ValueError):
                folder = os.stat(os.path.dirname(path))
                if walk.racy(folder, self.started):
                    self._racy()
            return
        self.out.append(f"F\0{path}\0{self.stat(st)}")

    def folder_stat(self, path: str) -> None:
        """A ``sys.path`` folder: its mtime changes when a distribution is added or removed."""
        try:
            st = os.stat(path)
            self.out.append(f"P\0{path}\0{st.st_mtime_ns}:{st.st_ino}")
        except (OSError, ValueError):
            self.out.append(f"P\0{path}\0-")

    def above(self, root: str) -> None:
        """What ``find_config`` and ``repo_root`` look at above ``root``."""
        parent = os.path.dirname(root)
        while parent and parent != root:
            self.out.append(f"A\0{parent}\0{os.path.lexists(os.path.join(parent, '.git'))}")
            for name in CONFIG_NAMES:
                path = os.path.join(parent, name)
                with contextlib.suppress(OSError, ValueError):
                    self.out.append(f"{name}\0{self.stat(os.stat(path))}")
            root, parent = parent, os.path.dirname(parent)

    def tree(self, root: str) -> None:
        """A scanned tree, as ``zizhi.walk.list_files`` walks it (folders it skips by name: one level).
        Entries in the order the system lists them: an unchanged folder lists them alike (another
        order would only be a miss)."""
        from zizhi.walk import SKIP_DIRS, UNREAD_DIRS

        out = self.out
        append = out.append
        out.append(f"T\0{root}")
        try:
            st = os.stat(root)
            top = os.path.realpath(root).rstrip(os.sep)
        except (OSError, ValueError):
            append("-")
            return
        seen = {(st.st_dev, st.st_ino)}
        stack = [root]
        trusted_before = self.trusted_before
        if walk.racy(st, self.started):
            self._racy()  # (a folder's own stat: an entry removed just now leaves no other trace)
        hot = self.hot
        floor = hot[0][0] if len(hot) >= HOT else -1  # (the oldest of the hot files)
        while stack:
            directory = stack.pop()
            append(directory)
            try:
                with os.scandir(directory) as it:
                    entries = list(it)
            except OSError as exc:
                append(f"unreadable {exc.errno}")
                continue
            for entry in entries:
                name = entry.name
                try:
                    if entry.is_symlink():
                        real = os.path.realpath(entry.path)
                        append(f"{name}\0L\0{os.readlink(entry.path)}")
                        if real != top and not real.startswith(top + os.sep):
                            append(self._outside(entry.path, real))
                            continue
                    if entry.is_dir():
                        if name in UNREAD_DIRS:
                            append(f"{name}\0U")
                        elif name in SKIP_DIRS:
                            append(f"{name}\0S\0{self.stat(entry.stat())}")
                            self._one_level(entry.path)
                        else:
                            st = entry.stat()
                            key = (st.st_dev, st.st_ino)
                            append(f"{name}\0D")
                            if st.st_mtime_ns > trusted_before or st.st_ctime_ns > trusted_before:
                                self._racy()
                            if key not in seen:
                                seen.add(key)
                                stack.append(entry.path)
                    else:
                        st = entry.stat()
                        m, c = st.st_mtime_ns, st.st_ctime_ns
                        stamp = f"{st.st_size}:{m}:{c}:{st.st_ino}"
                        append(f"{name}\0{stamp}")
                        if m > floor or c > floor:
                            newest = m if m > c else c
                            if newest > trusted_before:
                                self._racy()
                            if len(hot) < HOT:
                                heapq.heappush(hot, (newest, entry.path, stamp))
                            else:
                                heapq.heappushpop(hot, (newest, entry.path, stamp))
                            floor = hot[0][0] if len(hot) >= HOT else -1
                except OSError as exc:
                    append(f"{name}\0E{exc.errno}")

    def _outside(self, link: str, real: str) -> str:
        """A link out of the tree: nothing of it is walked, but whether its target is there counts
        (the walk's diagnostic), and a file target's stat (the config search reads a config linked
        from elsewhere in its repository). Nothing is read through the link."""
        try:
            st = os.stat(link)
        except (OSError, ValueError):
            return f"{os.path.lexists(real)}\0-"
        return f"{os.path.lexists(real)}\0{'D' if stat.S_ISDIR(st.st_mode) else self.stat(st)}"

    def _one_level(self, folder: str) -> None:
        try:
            with os.scandir(folder) as it:
                entries = list(it)
            for entry in entries:
                try:
                    self.out.append(f"{entry.name}\0{self.stat(entry.stat(follow_symlinks=False))}")
                except OSError as exc:
                    self.out.append(f"{entry.name}\0E{exc.errno}")
        except OSError as exc:
            self.out.append(f"unreadable {exc.errno}")

    def package(self, folder: str) -> None:
        """Code and data of the engine: every file below ``folder`` but bytecode."""
        self.out.append(f"K\0{folder}")
        stack = [folder]
        while stack:
            directory = stack.pop()
            try:
                with os.scandir(directory) as it:
                    entries = list(it)
            except OSError as exc:
                self.out.append(f"unreadable {exc.errno}")
                continue
            for entry in entries:
                try:
                    if entry.is_dir():
                        if entry.name != "__pycache__":
                            self.out.append(f"{entry.name}/")
                            stack.append(entry.path)
                    else:
                        self.out.append(f"{entry.name}\0{self.stat(entry.stat())}")
                except OSError as exc:
                    self.out.append(f"{entry.name}\0E{exc.errno}")

    def digest(self) -> str:
        return hashlib.sha256("\n".join(self.out).encode("utf-8", "surrogatepass")).hexdigest()


class Found:
    """The state of what a result depends on (``state_of``)."""

    def __init__(self, digest: str, trees: str, racy: bool, hot: list[list[str]]):
        self.digest, self.trees, self.racy, self.hot = digest, trees, racy, hot


def state_of(deps: dict[str, list[str]], started: int, trees: Found | None = None,
             stop_when_racy: bool = False) -> Found:
    """The digest of the state of ``deps``, of its trees' part (``trees``: taken already), whether
    a file in it is too recent to be trusted (``stop_when_racy``: raise ``Racy`` at the first), and
    the most recently changed files of the trees ([path, stamp], newest first)."""
    if trees is None:
        part = _State(started, stop_when_racy)
        for root in deps["trees"]:
            part.tree(root)
            part.above(root)
        hot = [[path, stamp] for _newest, path, stamp in sorted(part.hot, reverse=True)]
        trees = Found(part.digest(), part.digest(), part.racy, hot)
    rest = _State(started, stop_when_racy)
    for path in deps["files"]:
        rest.file(path)
    for folder in deps["packages"]:
        rest.package(folder)
    for path in deps["modules"]:
        rest.file(path)
    for folder in deps["path"]:
        rest.folder_stat(folder)
    digest = hashlib.sha256(f"{trees.trees}\0{rest.digest()}".encode()).hexdigest()
    return Found(digest, trees.trees, trees.racy or rest.racy, trees.hot)


def stamp_of(path: str) -> str:
    try:
        return stat_stamp(os.stat(path))
    except (OSError, ValueError):
        return "-"


# ---------------------------------------------------------------- where results may live


def _inside(path: str, top: str) -> bool:
    top = top.rstrip(os.sep)
    return path == top or path.startswith(top + os.sep)


def _repository_of(path: str) -> str:
    """The nearest folder at or above ``path`` holding ``.git`` (``path`` itself outside git)."""
    here = path
    while True:
        if os.path.lexists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return path
        here = parent


def untrusted_location(folder: str, paths: list[str]) -> bool:
    """Whether ``folder`` lies in one of ``paths`` (real paths) or in the repository holding it:
    results there could have been written by the scanned repository."""
    real = os.path.realpath(folder)
    for path in paths:
        where = os.path.realpath(path)
        if not os.path.isdir(where):
            where = os.path.dirname(where)
        if _inside(real, where) or _inside(real, _repository_of(where)):
            return True
    return False


def _read(path: str) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            return fh.read(MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)


# ---------------------------------------------------------------- a command's session


class Tee:
    """A text stream that writes through to ``passthrough`` and records what it wrote."""

    def __init__(self, passthrough: Any, tag: str, events: list[list[str]]):
        self.passthrough = passthrough
        self._tag = tag
        self._events = events

    def write(self, text: str) -> int:
        n = self.passthrough.write(text)
        events = self._events
        if events and events[-1][0] == self._tag:
            events[-1][1] += text
        else:
            events.append([self._tag, text])
        return int(n) if n is not None else len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding …
        return getattr(self.passthrough, name)


class Session:
    """One ``zizhi check`` process's use of the results: ``replay`` a kept one, else ``record`` the
    run and ``finish`` it."""

    def __init__(self, argv: list[str], outputs: set[str], paths: list[str]):
        self.started = time.time_ns()
        self.key = command_key(argv)
        self.folder = results_dir()
        self.file = os.path.join(self.folder, f"{self.key}.json")
        self.outputs = outputs  # the files the command line names for reports
        self.paths = paths  # the paths given (results never live in them)
        self.events: list[list[str]] = []
        self.pre: tuple[list[str], Found] | None = None  # (trees, their state) before the run, when known
        self.hot: list[str] = []  # the files a kept result named as the likeliest to change
        self._saved: tuple[Any, Any] | None = None
        self._trees: set[str] = set()
        self._reads: Any = None
        self._recording: Any = None

    # -- answering

    def replay(self) -> int | None:
        """Write the kept result and give its exit code; None: a miss (nothing written)."""
        try:
            found = self._load()
        except _DAMAGE:
            return None
        if found is None:
            return None
        code, events = found
        from zizhi.cliutil import _silence_stdout, _write, check_writable

        if any(check_writable(path, "") for path in self.outputs):
            return None  # the run says why
        for event in events:
            if event[0] == "f":
                _write(event[2], event[1])
                continue
            stream = sys.stdout if event[0] == "o" else sys.stderr
            try:
                stream.write(event[1])
                stream.flush()
            except BrokenPipeError:  # as ``_write``: the rest still decides the exit code
                if event[0] == "o":
                    _silence_stdout()
        return code

    def _load(self) -> tuple[int, list[list[str]]] | None:
        if untrusted_location(self.folder, self.paths):
            return None  # (not even read: the scanned repository could have put it there)
        data = _read(self.file)
        if data is None:
            return None
        stored = json.loads(data)
        if not isinstance(stored, dict) or stored.get("format") != FORMAT or stored.get("key") != self.key:
            return None
        code = stored["code"]
        deps = stored["deps"]
        if type(code) is not int or code not in (0, 1) or not isinstance(deps, dict):
            return None
        for name in ("trees", "files", "packages", "modules", "path"):
            if not isinstance(deps[name], list) or not all(isinstance(p, str) for p in deps[name]):
                return None
        events = stored["events"]
        for event in events:
            if not (isinstance(event, list) and event and all(isinstance(x, str) for x in event)):
                return None
            if not ((event[0] in ("o", "e") and len(event) == 2) or
                    (event[0] == "f" and len(event) == 3 and event[1] in self.outputs)):
                return None
        if untrusted_location(self.folder, deps["trees"]):
            return None
        # first the files most likely to have changed (the given ones, the most recently changed):
        # one that did is a miss without a walk of the trees (the changed-files hook after an edit)
        if stored["given"] != _given(self.paths):
            return None  # a path given now leads elsewhere (a link changed)
        hot = stored["hot"]
        self.hot = [str(path) for path, _stamp in hot]
        if any(stamp_of(str(path)) != stamp for path, stamp in hot):
            return None
        found = state_of(deps, self.started)
        if not found.racy:
            self.pre = (list(deps["trees"]), found)
        if found.digest != stored["digest"]:
            return None
        return code, events

    # -- recording

    def record(self) -> None:
        """Record what the run writes and what it reads, until ``finish``."""
        from zizhi import cliutil, safeio

        self._saved = (sys.stdout, sys.stderr)
        sys.stdout = Tee(sys.stdout, "o", self.events)
        sys.stderr = Tee(sys.stderr, "e", self.events)
        cliutil.FILE_WRITERS.append(self._wrote)
        walk.WATCHERS.append(self._trees)
        walk.RACY_SEEN.clear()
        self._recording = safeio.recording_reads()
        self._reads = self._recording.__enter__()

    def _wrote(self, path: str, text: str) -> None:
        self.events.append(["f", path, text])

    def stop(self) -> bool:
        """Stop recording; False when stdout was taken away meanwhile (a broken pipe)."""
        from zizhi import cliutil

        if self._saved is None:
            return False
        kept = isinstance(sys.stdout, Tee) and isinstance(sys.stderr, Tee) and not cliutil.STDOUT_LOST[0]
        sys.stdout, sys.stderr = self._saved
        self._saved = None
        with contextlib.suppress(ValueError):
            cliutil.FILE_WRITERS.remove(self._wrote)
        with contextlib.suppress(ValueError):
            walk.WATCHERS.remove(self._trees)
        if self._recording is not None:
            recording, self._recording = self._recording, None
            with contextlib.suppress(Exception):
                recording.__exit__(None, None, None)
        return kept

    def finish(self, code: int, engine: Any, extra_files: list[str]) -> None:
        """Keep the run's result (exit code ``code``) when it may be given again; never fails (a
        result not kept only makes the next run slower)."""
        try:
            if not self.stop() or code not in (0, 1) or engine is None or not self._trees:
                return
            self._store(code, engine, extra_files)
        except Exception:  # (the command's own outcome stands)
            return

    def _store(self, code: int, engine: Any, extra_files: list[str]) -> None:
        from zizhi.walk import RACY_SEEN

        if RACY_SEEN:  # (the snapshots' stat pass saw a file changed just now: no walk to find it again)
            return
        given = [p for p in map(os.path.abspath, self.paths) if os.path.isfile(p)]
        for path in [*given, *self.hot]:  # (a file just edited, as before the changed-files hook: no walk)
            with contextlib.suppress(OSError, ValueError):
                if walk.racy(os.stat(path), self.started):
                    return
        trees = sorted(self._trees)
        if untrusted_location(self.folder, [*self.paths, *trees]):
            return
        reads = self._reads
        read = set(reads.raw) | set(reads.derived) if reads is not None else set()
        skipped = _skipped_names()
        tops = [os.path.join(tree, "") for tree in trees]
        files = sorted({path for path in [*read, *map(os.path.abspath, [*extra_files, *map(str, engine.pack_paths)])]
                        if not _walked(path, tops, skipped)})
        packages = _packages(engine)
        deps = {"trees": trees, "files": files, "packages": packages, "modules": _modules(packages),
                "path": [p for p in sys.path if p]}
        # the trees' state before the run, when ``replay`` took it (a change since is a miss next time)
        before = self.pre[1] if self.pre is not None and self.pre[0] == trees else None
        try:
            found = state_of(deps, self.started, before, stop_when_racy=True)
        except Racy:
            return
        hot = [[p, stamp_of(p)] for p in given] + [h for h in found.hot if h[0] not in given]
        value = {"format": FORMAT, "key": self.key, "code": code, "deps": deps, "digest": found.digest,
                 "given": _given(self.paths), "hot": hot, "events": self.events}
        data = json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii")
        if len(data) > MAX_BYTES:
            return
        _write_atomically(self.folder, self.file, data)


def _given(paths: list[str]) -> list[str]:
    """Where the paths given on the command line lead (their real paths)."""
    return [os.path.realpath(p) for p in paths]


def _skipped_names() -> frozenset[str]:
    from zizhi.walk import SKIP_DIRS, UNREAD_DIRS

    return SKIP_DIRS | UNREAD_DIRS


def _walked(path: str, tops: list[str], skipped: frozenset[str]) -> bool:
    """Whether ``_State.tree`` of one of the trees (``tops``: their paths ending in a separator)
    holds the ``stat`` of ``path`` (not below a folder it skips by name)."""
    for top in tops:
        if path.startswith(top):
            return skipped.isdisjoint(path[len(top):].split(os.sep)[:-1])
    return False


def _packages(engine: Any) -> list[str]:
    """The folders of zizhi, of every plugin's top-level package, and of the schemas."""
    from zizhi.resources import schema_dir

    here = os.path.dirname(os.path.abspath(__file__))
    folders = {here, os.path.abspath(schema_dir())}
    for _name, plugin in engine.pm.list_name_plugin():
        module = getattr(plugin, "__name__", None) or getattr(type(plugin), "__module__", "")
        top = sys.modules.get(str(module).partition(".")[0])
        source = getattr(top, "__file__", None)
        if source:
            folders.add(os.path.dirname(os.path.abspath(source)) if os.path.basename(source) == "__init__.py"
                        else os.path.abspath(source))
        else:  # a namespace package (no __init__.py): each of its folders
            with contextlib.suppress(TypeError):
                folders.update(os.path.abspath(p) for p in getattr(top, "__path__", None) or [] if isinstance(p, str))
    return sorted(folders)


def _modules(packages: list[str]) -> list[str]:
    """The files of the modules this process imported, but the standard library's (the interpreter's
    version is in the key) and those in ``packages`` (listed whole)."""
    stdlib = os.path.join(os.path.dirname(os.__file__), "")
    skip = tuple(os.path.join(p, "") for p in packages)
    out = set()
    for module in list(sys.modules.values()):
        source = getattr(module, "__file__", None)
        if not isinstance(source, str) or not os.path.isabs(source) or source.startswith(skip):
            continue
        if source.startswith(stdlib) and "-packages" + os.sep not in source[len(stdlib):]:
            continue
        out.add(source)
    return sorted(out)


def _write_atomically(folder: str, target: str, data: bytes) -> None:
    """(private to the user: an entry holds what the run printed; the engine, loaded by now, has the writer)"""
    from pathlib import Path

    from zizhi.filecache import write_atomically

    os.makedirs(folder, exist_ok=True)
    if os.path.islink(folder) or not os.path.isdir(folder):
        return
    write_atomically(Path(folder), os.path.basename(target), data, 0o600)
    _prune(folder)


#: A temporary file older than this was left by a process killed while writing it (removed).
STALE_TMP_NS = 3600 * 10**9


def _prune(folder: str) -> None:
    entries = []
    stale_before = time.time_ns() - STALE_TMP_NS
    with os.scandir(folder) as it:
        for entry in it:
            if entry.name.startswith(".tmp-") and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime_ns < stale_before:
                        os.unlink(entry.path)
            elif entry.name.endswith(".json") and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    st = entry.stat(follow_symlinks=False)
                    entries.append((st.st_mtime_ns, st.st_size, entry.path))
    entries.sort(reverse=True)
    total = 0
    for i, (_mtime, size, path) in enumerate(entries):
        total += size
        if i >= KEEP or total > KEEP_BYTES:
            with contextlib.suppress(OSError):
                os.unlink(path)


def clean(root: str) -> int:
    """Remove the results whose trees are ``root``, below it or above it; how many."""
    folder = results_dir()
    top = os.path.abspath(root)
    removed = 0
    try:
        with os.scandir(folder) as it:
            names = [e.path for e in it if e.name.endswith(".json") and e.is_file(follow_symlinks=False)]
    except OSError:
        return 0
    for path in names:
        try:
            data = _read(path)
            trees = json.loads(data)["deps"]["trees"] if data is not None else []
            if any(_inside(str(t), top) or _inside(top, str(t)) for t in trees):
                os.unlink(path)
                removed += 1
        except _DAMAGE:
            with contextlib.suppress(OSError):
                os.unlink(path)  # damaged: nothing would ever read it
    return removed
