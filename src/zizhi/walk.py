"""Listing the files under a folder, once, safely.

Skips vendored and generated folders, follows symlinked folders at most once (a loop is a
diagnostic, not a hang), never follows a link (to a folder or a file) whose target lies outside
the folder walked (a diagnostic names the link, never the target), and reports broken links and
unreadable folders.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from operator import attrgetter
from pathlib import Path

#: Folders never scanned as source (their packages still count through dependency signals).
SKIP_DIRS = frozenset(
    {
        "node_modules", "miniprogram_npm", ".git", ".hg", ".svn", "unpackage", "dist", ".temp",
        "__pycache__", ".zizhi_cache", ".idea", ".vscode", ".venv", "venv", "coverage", ".pytest_cache",
        ".mypy_cache", ".ruff_cache", ".tox", ".nyc_output",
    }
)

#: Folders the walk skips that no plugin reads: their changes (every ``git add``) never matter.
UNREAD_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".zizhi_cache", ".idea", ".vscode", ".venv", "venv",
                         "coverage", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".tox", ".nyc_output"})

#: Sets that receive the folder of every walk while they are here: the trees a command's answer
#: depends on (``zizhi.resultcache``).
WATCHERS: list[set[str]] = []
#: The scan roots whose files a project snapshot's stat pass found changed too recently to be trusted
#: (``zizhi.snapshot``): a whole-command result is then not kept, without a walk to find that out.
RACY_SEEN: list[str] = []
#: A file changed (mtime or ctime) less than this before it was read or hashed is not trusted by its
#: stat on a later run (file systems whose clock ticks in seconds: FAT, some network mounts; a file
#: written while zizhi read it). The per-file cache, the snapshots and the result cache use this one.
RACY_NS = 2_000_000_000


def racy(st: os.stat_result, at_ns: int) -> bool:
    """Whether the file of stat ``st`` changed less than ``RACY_NS`` before ``at_ns`` (or after it):
    its stat does not prove it unchanged since then."""
    return max(st.st_mtime_ns, st.st_ctime_ns) + RACY_NS > at_ns


def stat_stamp(st: os.stat_result) -> str:
    """A file's stat as the snapshots and the result cache keep it: size, mtime, ctime and inode."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"

Diagnose = Callable[[str, str, str], None]  # (code, message, relpath)
#: ``list_files(folders=)``: the walk met a link, or a folder twice.
LINKED = "\0linked"
#: The key of a context's listings under which a ``WalkMemo`` may be (``scan_listing``).
MEMO = "walk-memo"
#: Separates the items of a list kept as one string in a walk memo: no path or stat holds it.
_SEP = "\0"
_NAME = attrgetter("name")  # (a folder's entries by name: a C key, not a lambda per entry)


def list_files(root: Path, diagnose: Diagnose, skip_dirs: frozenset[str] = SKIP_DIRS,
               skipped: list[str] | None = None, folders: list[str] | None = None) -> list[str]:
    """Relative POSIX paths of the regular files below ``root``, sorted. ``skipped``, when given,
    receives the relative paths of the folders left out by name (``skip_dirs``), in walk order;
    ``folders`` the relative paths of the folders read ("" the root), and ``LINKED`` when the walk
    met a link or a folder twice (its listing then depends on more than its folders' entries)."""
    out: list[str] = []
    seen: set[tuple[int, int]] = set()
    for watcher in WATCHERS:
        watcher.add(os.path.abspath(root))
    try:
        st = root.stat()
        seen.add((st.st_dev, st.st_ino))
        top = os.path.realpath(root).rstrip(os.sep)
    except (OSError, ValueError) as exc:
        diagnose("ZZ010", f"cannot read folder: {getattr(exc, 'strerror', exc)}", ".")
        return out
    stack: list[tuple[str | Path, str]] = [(root, "")]  # (folders below the root by their str path: no Path parse)
    while stack:
        directory, rel = stack.pop()
        if folders is not None:
            folders.append(rel)
        try:
            entries = sorted(os.scandir(directory), key=_NAME)
        except OSError as exc:
            diagnose("ZZ010", f"cannot read folder: {exc.strerror}", rel or ".")
            continue
        for entry in entries:
            relpath = f"{rel}/{entry.name}" if rel else entry.name
            try:
                is_link = entry.is_symlink()
                if is_link and folders is not None:
                    folders.append(LINKED)
                if is_link and entry.name not in skip_dirs:
                    real = os.path.realpath(entry.path)
                    if real != top and not real.startswith(top + os.sep):
                        if os.path.lexists(real):
                            diagnose("ZZ010", "symbolic link to a place outside the scanned folder; not followed",
                                     relpath)
                        else:
                            diagnose("ZZ010", "broken symbolic link; skipped", relpath)
                        continue
                if entry.is_dir(follow_symlinks=True):
                    if entry.name in skip_dirs:
                        if skipped is not None:
                            skipped.append(relpath)
                        continue
                    st = entry.stat(follow_symlinks=True)
                    key = (st.st_dev, st.st_ino)
                    if key in seen:
                        if folders is not None:
                            folders.append(LINKED)
                        if is_link:
                            diagnose("ZZ010", "symbolic link loop (or a second link to a folder already scanned); "
                                     "not followed", relpath)
                        continue
                    seen.add(key)
                    stack.append((entry.path, relpath))
                elif entry.is_file(follow_symlinks=True):
                    out.append(relpath)
                elif is_link:
                    diagnose("ZZ010", "broken symbolic link; skipped", relpath)
            except OSError as exc:
                diagnose("ZZ010", f"cannot read: {exc.strerror}", relpath)
    out.sort()
    return out


def scan_listing(cache: dict[str, object], scan_root: Path, diagnose: Diagnose) -> list[str]:
    """The listing of a scan root, walked once per run and shared by discovery and extraction.
    Its problems (ZZ010) go to the first caller's ``diagnose``, and are kept with the listing
    for a run that is handed the listing by another (``shared_listings``, ``check(listings=)``)."""
    key = f"listing:{scan_root}"
    listing = cache.get(key)
    if listing is None:
        problems: list[tuple[str, str, str]] = []
        skipped: list[str] = []
        memo = cache.get(MEMO)
        if not isinstance(memo, WalkMemo):
            memo = None
        recalled = _recall(memo, scan_root) if memo is not None else None
        if recalled is not None:
            listing, skipped = recalled
        else:
            folders: list[str] | None = [] if memo is not None else None
            started = time.time_ns()
            listing = list_files(scan_root, lambda code, message, rel: problems.append((code, message, rel)),
                                 skipped=skipped, folders=folders)
            if memo is not None and folders is not None and not problems and LINKED not in folders:
                _remember(memo, scan_root, listing, skipped, folders, started)
        cache[key] = listing
        cache[f"skipped:{scan_root}"] = sorted(skipped)
        cache[f"listing-problems:{scan_root}"] = problems
        for problem in problems:
            diagnose(*problem)
    return listing  # type: ignore[return-value]


def shared_listings(cache: dict[str, object]) -> dict[str, object]:
    """The listings (with their name indexes, and their problems as ``listing-handed:``, which the
    receiving run reports) held in a context's cache, to hand to another run over the same tree."""
    out = {k: v for k, v in cache.items() if k.startswith(("listing:", "names:", "skipped:"))}
    out.update({"listing-handed:" + k.partition(":")[2]: v for k, v in cache.items()
                if k.startswith("listing-problems:")})
    return out


def files_named(cache: dict[str, object], scan_root: Path, *names: str) -> list[str]:
    """The files of the scan root's listing whose name is one of ``names``, in listing order
    (discovery looks for a few names among thousands of files, once per platform plugin)."""
    key = f"names:{scan_root}"
    index = cache.get(key)
    if index is None:
        by_name: dict[str, list[str]] = {}
        for rel in scan_listing(cache, scan_root, lambda c, m, p: None):
            by_name.setdefault(rel.rpartition("/")[2], []).append(rel)
        cache[key] = index = by_name
    found = [rel for name in names for rel in index.get(name, [])]  # type: ignore[attr-defined]
    return sorted(found) if len(names) > 1 else found


def files_under(cache: dict[str, object], scan_root: Path, root: Path, diagnose: Diagnose) -> list[str]:
    """Files below ``root`` (relative to it), from the scan root's listing when it covers ``root``."""
    try:
        prefix = root.relative_to(scan_root).as_posix()
    except ValueError:
        return list_files(root, diagnose)
    listing = scan_listing(cache, scan_root, diagnose)
    if prefix in ("", "."):
        return list(listing)
    skip = any(part in SKIP_DIRS for part in Path(prefix).parts)
    if skip:  # a project inside a folder we skip when walking (dist/ ...): walk it directly
        skipped: list[str] = []
        listing = list_files(root, diagnose, skipped=skipped)
        cache[f"skipped:{root}"] = sorted(skipped)
        return listing
    start = prefix + "/"
    return [p[len(start):] for p in listing if p.startswith(start)]


class WalkMemo:
    """Where ``scan_listing`` keeps what it walked (``zizhi.filecache.walk_memo``: a file in the user
    cache, never in the scanned tree): ``read(scan_root)`` gives the bytes written, ``write(scan_root,
    data)`` keeps them (best effort)."""

    def read(self, scan_root: Path) -> bytes | None:  # pragma: no cover (an interface)
        raise NotImplementedError

    def write(self, scan_root: Path, data: bytes) -> None:  # pragma: no cover (an interface)
        raise NotImplementedError


#: What a walk memo's content is made of; another value is a miss.
MEMO_FORMAT = 1


def _folder_stamp(path: str) -> str | None:
    """A folder's stat as a walk memo keeps it (None: not a folder, or gone)."""
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISDIR(st.st_mode):
        return None
    return f"{stat_stamp(st)}:{st.st_dev}:{st.st_mode}"


def _remember(memo: WalkMemo, scan_root: Path, listing: list[str], skipped: list[str], folders: list[str],
              started: int) -> None:
    """Keep a walk that met no link, no folder twice and no problem, with the stat of every folder it
    read: while none of them changed (a folder's mtime and ctime change when an entry is added,
    removed or renamed in it, or its permissions change), the walk would list the same. Not kept when
    a folder changed less than ``RACY_NS`` before the walk (an entry added in the same clock tick would
    hide behind an unchanged stat)."""
    import json

    root = os.path.join(str(scan_root), "")
    stamps = []
    for rel in folders:
        path = root + rel if rel else str(scan_root)
        try:
            st = os.lstat(path)
        except (OSError, ValueError):
            return
        if not stat.S_ISDIR(st.st_mode) or max(st.st_mtime_ns, st.st_ctime_ns) + RACY_NS > started:
            return
        stamps.append(f"{stat_stamp(st)}:{st.st_dev}:{st.st_mode}")
    parts = [listing, skipped, folders, stamps]
    if any(_SEP in item for part in parts for item in part):
        return
    value = {"format": MEMO_FORMAT, "root": str(scan_root), "skip": sorted(SKIP_DIRS),
             "listing": _SEP.join(listing), "skipped": _SEP.join(skipped), "folders": _SEP.join(folders),
             "stamps": _SEP.join(stamps), "counts": [len(listing), len(skipped), len(folders)]}
    try:
        data = json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    except (TypeError, ValueError):
        return
    memo.write(scan_root, data)


def _split(value: object, count: object) -> list[str]:
    if not isinstance(value, str) or type(count) is not int:
        raise TypeError("not a joined list")
    out = value.split(_SEP) if value else []
    if len(out) != count:
        raise ValueError("not the count written")
    return out


_WINDOWS = os.sep == "\\"


def _inside(joined: str) -> bool:
    """Whether every item of a list kept as one string (``_SEP`` between) is a relative path with
    no ``..`` part: a path under the scan root, never out of it. Searches of the string, not a loop
    over its items (~1 ms for 3,000 files); a name holding ``..`` (rare) has its parts looked at."""
    if joined.startswith("/") or f"{_SEP}/" in joined:
        return False
    if _WINDOWS and ("\\" in joined or ":" in joined):
        return False  # (a backslash or a drive would make it another path there)
    if ".." in joined:
        return ".." not in joined.replace(_SEP, "/").split("/")
    return True


def _well_formed(joined: tuple[str, str, str], listing: list[str], folders: list[str]) -> bool:
    """Whether a memo's lists are of the shape a walk gives: every item a path inside the tree
    (``_inside``), the root the first folder read, the files sorted and each once. A memo naming a
    path out of the tree (``..``, an absolute path) is a miss, whatever the stats of its folders say."""
    if not folders or folders[0] != "" or not all(map(_inside, joined)):
        return False
    return listing == sorted(listing) and len(set(listing)) == len(listing)


def _recall(memo: WalkMemo, scan_root: Path) -> tuple[list[str], list[str]] | None:
    """(the listing, the folders skipped by name) of the walk kept for ``scan_root``, when every
    folder it read has the stat it had then; None: walk it (a memo damaged, foreign or of another
    zizhi is a miss, never an error)."""
    import json

    data = memo.read(scan_root)
    if data is None:
        return None
    try:
        stored = json.loads(data)
        if not isinstance(stored, dict) or stored.get("format") != MEMO_FORMAT or \
                stored.get("root") != str(scan_root) or stored.get("skip") != sorted(SKIP_DIRS):
            return None
        counts = stored["counts"]
        if not isinstance(counts, list) or len(counts) != 3:
            return None
        joined = (stored["listing"], stored["skipped"], stored["folders"])
        listing = _split(joined[0], counts[0])
        skipped = _split(joined[1], counts[1])
        folders = _split(joined[2], counts[2])
        stamps = _split(stored["stamps"], counts[2])
    except (KeyError, TypeError, ValueError, RecursionError):
        return None
    if not _well_formed(joined, listing, folders):
        return None
    root = os.path.join(str(scan_root), "")
    for rel, stamp in zip(folders, stamps, strict=True):
        if _folder_stamp(root + rel if rel else str(scan_root)) != stamp:
            return None
    for watcher in WATCHERS:  # (as the walk would)
        watcher.add(os.path.abspath(scan_root))
    return listing, skipped
