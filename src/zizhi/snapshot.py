"""Project snapshots: an unchanged project answered after one ``stat`` pass, a changed one after
extracting only the files that changed.

A warm run with the per-file cache (``zizhi.filecache``) still lists the tree, loads the project
(its manifests, every page's JSON), reads and extracts the files whose extractors are not pure
(manifests), and assembles the project's signals (reachability, SDK imports). A *snapshot* keeps
what those stages made of one project, in two files:

* ``snap-*.json``: every field of its ``Project`` after the extract stage (its manifests, pages,
  backends, files — their facts, not their content —, signals and diagnostics), under a key made
  of everything they depend on (below). When the key is the one stored, the fields are restored
  and the stages after extraction (detect, classify, decide, compare, suppressions) run as always.
* ``part-*.json``: the project as loaded (``zizhi_load_project``), the files it collected and what
  extraction made of each, the documents left for the assembly, the files the loading read by
  name (``safeio.note_read``: ``read_bytes`` and ``file_memo`` record them), and the ``stat`` of
  every file. When only the stat of some files differs, and each of them is either a file of a
  kind extracted purely (``zizhi_cacheable_kinds``) that loading did not read, or a file nothing
  reads (a stylesheet, an image), the project is not loaded again: the changed files are
  extracted (through the per-file cache), the others' results reused, and the project assembled
  as always. This is what makes the ``zizhi-changed`` pre-commit hook cost what its staged files
  cost. A file the loading read only to derive a value (``note_read(path, derived=(purpose,
  value))``: the backend plugin asks whether a script at a project's root imports a server
  framework) does not count as read: the value is derived again (``safeio.DERIVATIONS``) and only
  a different one counts. A changed file the loading did read loads the project again, and the
  results are reused only if it loads as before (``same_load``: a template another one imports).
  A manifest, a page's JSON, or a file added or removed extracts everything again. The file is
  written once detection has run (``finish``), with what the catalogue matched for each of the
  project's signals (``Catalogue.match_table``: a key of the signal's kind, name, origin and
  attributes, and the ids of its entries), which a run reusing the file learns back
  (``Catalogue.learn_matches``, validated) instead of matching ~1,000 signal keys again. It is
  written compactly, to be read fast (1.7 MB of JSON became 1.26 MB on the official demo): a
  file's facts as its origin alone when the rest is what its path and kind say, a signal's path
  left out when it is its file's, the thousands of stats and cache idents as one string each, and
  the files' results as columns (``_encode_results``: one list per part of a signal, whose types
  are checked once and whose signals are made at once, not a list and a call per signal).

The key:

* the engine fingerprint (zizhi, its plugins and data: ``engine_fingerprint``);
* the options that change what is read or reported (language, size limit, suppressions,
  ``--platform``, ``--select``/``--ignore``, parsing vendored files);
* the project as discovery found it, the other projects of the scan root, the nested roots, the
  project's config (its path and bytes);
* the listing of the scan root (and of the project, when it is walked on its own) and the
  ``stat`` (size, mtime, ctime, inode) of every file in it;
* the ``stat`` of the folders the walk leaves out by name (``node_modules``, ``miniprogram_npm``,
  ``dist`` …) and of the folders right inside them: a plugin may look at what they hold (the npm
  plugin lists ``miniprogram_npm``); version-control and tool folders (``.git`` …) are never
  read, and are not looked at;
* checked beside the key, in both files: the ``stat`` of every file read by name that the listing
  does not hold (an app root under a skipped ``dist/``); with one outside the scan root, gone or
  racy, nothing is kept.

With several projects under one scan root the ``part-`` file is not reused: a value derived once
per scan root while loading (the backend plugin's plan) records its reads with the first project
only, so a change loads every project again (the ``snap-`` file, which needs an unchanged tree,
still answers an unchanged root).

A file changed less than ``RACY_NS`` before the run began is never trusted by its stat
(an edit in the same clock tick would hide behind an unchanged stat; see ``filecache``): with one,
no ``snap-`` file is written, and the ``part-`` file counts it as changed. Nothing is kept when a
field does not survive JSON unchanged. Snapshots live beside the per-file cache, in the user's
cache folder (or ``--cache-dir``), read and written as its shards are (never through a link,
atomically); a damaged or foreign file is a miss, never an error. ``--no-cache`` and
``ZIZHI_NO_CACHE`` turn them off with the per-file cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zizhi import filecache, walk
from zizhi.extract import Record, Reuse, cacheable_kinds
from zizhi.model import Location, Project, Signal, SourceFile
from zizhi.walk import RACY_SEEN, UNREAD_DIRS, files_under, scan_listing, stat_stamp

if TYPE_CHECKING:
    from zizhi.context import ScanContext
    from zizhi.safeio import Reads

FORMAT = 6
#: Fields of ``Project`` that discovery sets (the identity) or that the stages after extraction fill.
NOT_KEPT = frozenset({"root", "relroot", "platform", "framework", "config", "features", "business_types",
                      "obligations", "findings", "evidence", "suppressed", "changed_evidence",
                      # parsed by the loading for the platform's own extractors (the part- file keeps
                      # those left for the assembly)
                      "documents"})
#: A part- file is rewritten once more than this many of its files changed (or its project was
#: loaded again, or what reachability made of it no longer holds): until then, the files changed
#: since are extracted again on each run, through the per-file cache (which knows them by their
#: stat: not even read), and the file is not rewritten for every commit.
REWRITE_AFTER = 64
_DAMAGE = (KeyError, TypeError, ValueError, IndexError, AttributeError, RecursionError)


@dataclass(eq=False, repr=False)  # (a holder for one run: no generated methods it never uses)
class Probe:
    """What one stat pass found of a project: the keys its snapshots must have, and where they are."""

    folders: tuple[Path, Path, Path]
    name: str  # the project's part of the file names
    static: str  # the key without the files' stats
    key: str  # the key with them
    stats: dict[str, str | None]  # scan-relative path -> its stat (None: racy or gone: changed), in listing order
    nested: list[str]
    used_before: set[str]
    #: carried from the part- file when its results are reused
    load_reads: dict[str, Any] | None = None  # {"raw": [scan-relative path], "derived": {path: [[purpose, value]]}}
    extract_reads: set[str] = field(default_factory=set)
    kept: set[str] = field(default_factory=set)
    loaded: dict[str, Any] | None = None
    #: a file the loading read changed: load the project again, and reuse the results only if
    #: it is loaded as before (``same_load``)
    reload: bool = False
    changed_items: int = 0  # files extracted again because they changed (with ``reuse``)
    #: the key of the reachability the part- file kept (``extract._dead_modules``), when its results are reused
    assembly_key: Any = None
    _held: tuple[list[Any], list[str], dict[str, Any]] | None = None  # (collect diagnostics, listing, documents)
    pending: dict[str, Any] | None = None  # the part- file ``store`` made, written by ``finish``

    @property
    def racy(self) -> bool:
        return any(v is None for v in self.stats.values())


def _stat_key(path: str) -> list[int] | None:
    try:
        return filecache.stat_key(os.stat(path))
    except (OSError, ValueError):
        return None


def probe(project: Project, ctx: ScanContext, nested: list[str]) -> Probe | None:
    """The keys of the project's snapshots now (None: snapshots are off, or the listing is unknown)."""
    scan_root = ctx.scan_root
    if not ctx.options.cache or ctx.runtime is None or scan_root is None:
        return None
    base = Path(ctx.options.cache_dir) if ctx.options.cache_dir else None
    try:
        folders = filecache.cache_folders(Path(scan_root), ctx.runtime.fingerprint(), base)
    except filecache.UnsafeCacheLocation:
        return None  # (open_cache tells why, when extraction opens the per-file cache)
    started = time.time_ns()
    listing = scan_listing(ctx.listings, scan_root, lambda c, m, p: None)
    skipped = ctx.listings.get(f"skipped:{scan_root}")
    if skipped is None:
        return None  # a listing handed over without its skipped folders: their content is unknown
    h = hashlib.sha256(f"zizhi snapshot {FORMAT}\0".encode())

    def add(*parts: object) -> None:
        h.update(json.dumps(parts, default=str, ensure_ascii=False).encode("utf-8", "surrogatepass"))
        h.update(b"\0")

    o = ctx.options
    add(ctx.runtime.fingerprint(), o.lang, o.max_file_bytes, o.suppressions, o.parse_vendored, o.platform,
        ctx.select, ctx.ignore, nested)
    add(str(project.root), _encode(project, discovered=True))
    add(sorted((str(p.root), p.relroot, p.platform, p.framework) for p in ctx.projects))
    config = getattr(project.config, "path", None)
    config_bytes = b""
    if config is not None:
        try:
            config_bytes = Path(config).read_bytes()
        except OSError:
            return None
    add(str(config), hashlib.sha256(config_bytes).hexdigest())
    root = str(scan_root)
    # The scan root's part is the same for every project of the root: one stat pass per run.
    shared = ctx.listings.get(f"snapshot-stats:{scan_root}")
    if shared is None:
        shared = ctx.listings[f"snapshot-stats:{scan_root}"] = _stat_pass(root, listing, skipped, started)
    stats, stats_digest, tree_digest = shared
    add(tree_digest)
    extra_digest = ""
    if project.root != scan_root:  # (a project walked on its own, under dist/: its files are not in the listing)
        own = [project.rel(p) for p in files_under(ctx.listings, scan_root, project.root, lambda c, m, p: None)]
        own_skipped = [project.rel(p) for p in ctx.listings.get(f"skipped:{project.root}", [])]
        extra = [rel for rel in own if rel not in stats]
        if extra or own_skipped:
            extra_stats, extra_digest, extra_tree = _stat_pass(root, extra, own_skipped, started)
            add(extra_tree)
            stats = {**stats, **extra_stats}
    static = h.hexdigest()
    key = hashlib.sha256(f"{static}\0{stats_digest}\0{extra_digest}".encode()).hexdigest()
    name = hashlib.sha256(f"{project.relroot}\0{project.platform}\0{project.framework}".encode(
        "utf-8", "surrogatepass")).hexdigest()[:24]
    cache = ctx.file_caches.get(Path(scan_root))
    found = Probe(folders, name, static, key, stats, list(nested), set(cache.used) if cache else set())
    if found.racy and not RACY_SEEN:  # (one is enough: a flag, not a list that grows in a long process)
        RACY_SEEN.append(root)
    return found


def _stat_pass(root: str, paths: list[str], skipped: list[str], started: int,
               ) -> tuple[dict[str, str | None], str, str]:
    """(each path's stat, a digest of them, a digest of the paths and of the skipped folders' stats)."""
    tree = hashlib.sha256(json.dumps(paths, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    for rel in skipped:
        if rel.rpartition("/")[2] in UNREAD_DIRS:
            continue
        folder = os.path.join(root, rel)
        inner: list[object] = [rel, _stat_key(folder)]
        try:
            with os.scandir(folder) as entries:
                for entry in sorted(entries, key=lambda e: e.name):
                    if entry.is_dir():
                        inner += [entry.name, _stat_key(entry.path)]
        except OSError:
            inner.append("unreadable")
        tree.update(json.dumps(inner, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    # (``_stamp`` inlined, ``walk.racy`` with it, and the digest's input hashed at once: thousands of
    # files per run)
    stats: dict[str, str | None] = {}
    chunks: list[str] = []
    prefix = os.path.join(root, "")
    trusted_before = started - walk.RACY_NS  # changed at or after: racy
    stat, append = os.stat, chunks.append
    for rel in paths:
        try:
            st = stat(prefix + rel)
        except (OSError, ValueError):
            stats[rel] = None  # gone: changed
            continue
        mtime, ctime = st.st_mtime_ns, st.st_ctime_ns
        if mtime > trusted_before or ctime > trusted_before:
            stats[rel] = None  # racy: changed
            continue
        # (``walk.stat_stamp`` inlined: a test keeps them the same)
        stats[rel] = stamp = f"{st.st_size}:{mtime}:{ctime}:{st.st_ino}"
        append(rel)
        append(stamp)
    h = hashlib.sha256(("\0".join(chunks) + "\0" if chunks else "").encode("utf-8", "surrogatepass"))
    return stats, h.hexdigest(), tree.hexdigest()


def _read_current(found: Probe, prefix: str, field: str, expected: str, scan_root: str) -> dict[str, Any] | None:
    """A snapshot file whose ``field`` is ``expected`` and whose files read outside the listing are
    as they were (None: a miss)."""
    stored = _read(found, prefix, field, expected)
    if stored is None or stored.get(field) != expected or not _outside_unchanged(stored, scan_root):
        return None
    return stored


def _read(found: Probe, prefix: str, field: str = "", expected: str = "") -> dict[str, Any] | None:
    data = filecache.read_cache_file(found.folders, f"{prefix}-{found.name}.json")
    if data is None:
        return None
    # ``_write`` puts the format and the key first: another key is a miss without decoding a
    # megabyte of JSON (a warm run after an edit); any other start is decoded as a whole.
    head = f'{{"format":{FORMAT},"{field}":"'.encode()
    if field and data.startswith(head) and data[len(head):len(head) + len(expected) + 1] != \
            f'{expected}"'.encode("ascii", "replace"):
        return None
    try:
        stored = json.loads(data)
    except _DAMAGE:
        return None
    return stored if isinstance(stored, dict) and stored.get("format") == FORMAT else None


def _keep(ctx: ScanContext, project: Project, kept: set[str]) -> None:
    ctx.cache_kept.setdefault(Path(ctx.scan_root or project.root), set()).update(kept)


def restore(found: Probe, project: Project, ctx: ScanContext) -> bool:
    """Fill ``project`` from its snapshot when the snapshot's key is ``found.key``; False: a miss."""
    with filecache.paused_gc():
        return _restore(found, project, ctx)


def _restore(found: Probe, project: Project, ctx: ScanContext) -> bool:
    if found.racy:
        return False
    stored = _read_current(found, "snap", "key", found.key, str(ctx.scan_root or project.root))
    if stored is None:
        return False
    try:
        fields = _decode(stored["project"], project.root)
        kept = {str(i) for i in stored["kept"]}
    except _DAMAGE:
        return False  # damaged, or written by something else: read the project again
    _fill(project, fields)
    _keep(ctx, project, kept)
    return True


def _fill(project: Project, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        if name == "diagnostics":
            project.diagnostics[:] = value  # in place: the stage's context writes into this list
        else:
            setattr(project, name, value)


def reuse(found: Probe, project: Project, ctx: ScanContext) -> Reuse | None:
    """When only files that can be extracted alone changed since the part- file was written: what
    to reuse of its files, the project filled as it was loaded then (None: load and extract it
    again). With ``found.reload``, a file the loading read changed: the project is not filled;
    load it, then ask ``same_load``."""
    with filecache.paused_gc():
        return _reuse(found, project, ctx)


def _reuse(found: Probe, project: Project, ctx: ScanContext) -> Reuse | None:
    if len(ctx.projects) > 1:
        # a value one project's loading derives and memoises for the scan root (the backend plugin's
        # plan) records its reads in that project's part- file only: with several, load them again
        return None
    stored = _read_current(found, "part", "static", found.static, str(ctx.scan_root or project.root))
    if stored is None:
        return None
    try:
        old = _split(stored["stats"])  # (in listing order: the static key holds the listing)
        if len(old) != len(found.stats):
            return None
        changed = {rel for (rel, st), was in zip(found.stats.items(), old, strict=True) if st is None or was != st}
        load_reads = stored["load_reads"]
        raw_reads = {str(r) for r in load_reads["raw"]}
        derived = load_reads["derived"]
        extract_reads = {str(r) for r in stored["extract_reads"]}
        if changed & extract_reads:
            return None  # (what extracting a manifest read)
        reload = bool(changed & raw_reads) or not _same_derived(changed, derived, ctx)
        pure = cacheable_kinds(ctx)
        loaded = _decode(stored["loaded"], project.root)
        rows = _Results(stored["results"])
        files = list(zip(rows.files, rows.kinds, strict=True))
        manifest = loaded.get("manifest", project.manifest)
        # (the changed files by their project-relative path: one test per file below, not project.rel)
        changed_here = _project_relative(project, rows.files, changed)
        results = {}
        folders: dict[str, Path] = {}
        root = project.root
        wanted: list[tuple[SourceFile, int, int, list[Any]]] = []  # (file, its first signal, how many, diagnostics)
        plain_root, made_path = project.relroot in ("", "."), _made_path  # (project.rel(rel) is rel)
        start = 0
        for rel, kind, meta, count, diags in zip(rows.files, rows.kinds, rows.metas, rows.counts, rows.diagnostics,
                                                 strict=True):
            first, start = start, start + (count or 0)
            if rel in changed_here:
                if kind not in pure or rel == manifest:
                    return None  # a file whose extraction reads the project: load it again
                found.changed_items += 1
                continue
            if meta is None or count is None:
                if kind not in pure or rel == manifest:
                    return None  # (as a changed one: extracted alone, it would miss what the loading gave it)
                found.changed_items += 1
                continue
            if type(meta) is str and plain_root and not rel.startswith(("/", "../")):
                # (``_decode_file`` inlined for nearly every file: its facts are its origin, its path the project's)
                source = SourceFile(made_path(root, rel, folders), rel, rel, kind, b"", None, "utf-8", meta)
            else:
                source = _decode_file(meta, rel, kind, project, root, folders)
            wanted.append((source, first, count, diags))
        signals = rows.signals([(source.relpath, first, count) for source, first, count, _ in wanted])
        for source, first, count, diags in wanted:
            # (most files have no diagnostic, and half of them no signal: no comprehension for none)
            results[source.project_relpath] = (
                source, signals[first:first + count] if count else [],
                [filecache.diagnostic_from_json(d) for d in diags] if diags else [])
        collect_diagnostics = [filecache.diagnostic_from_json(d) for d in stored["collect_diagnostics"]]
        listing = _listing(project, ctx, found.nested)
        if changed & {project.rel(str(rel)) for rel in stored["documents"]}:
            return None  # a document the assembly reads changed
        from zizhi.jsonpos import JsonDoc

        documents = {str(rel): JsonDoc.from_json(doc) for rel, doc in stored["documents"].items()}
        kept = set(_split(stored["kept"]))
        assembly = stored.get("assembly")
        matches = stored.get("matches")
    except _DAMAGE:
        return None
    if matches is not None:
        ctx.catalogue.learn_matches(matches)  # (a damaged list teaches nothing)
    found.load_reads, found.extract_reads, found.kept, found.loaded = load_reads, extract_reads, kept, stored["loaded"]
    found.reload = reload
    found.assembly_key = assembly.get("key") if isinstance(assembly, dict) else None
    found._held = (collect_diagnostics, listing, documents)
    if not found.reload:
        _fill(project, loaded)
        _hand_over(found, project)
    _keep(ctx, project, kept)
    return Reuse(files, results, assembly if isinstance(assembly, dict) else None)


#: The parts of a kept signal (``filecache.signal_to_json``), each a column of a part- file's results.
_COLUMNS = ("kind", "name", "path", "line", "column", "attrs", "origin", "vendored", "snippet")


def _encode_results(rows: list[tuple[str, SourceFile | None, list[Signal] | None, list[Any]]],
                    kinds: dict[str, str], project: Project) -> dict[str, Any]:
    """What extraction made of each file, as columns (read back by ``_Results``): the files' paths,
    kinds, facts (``_compact_file``; None: not read), how many signals each has (None: not
    extracted), their diagnostics where they have some (by the file's index), and every signal's
    parts as one list per part, in file order (a signal's path None when it is its file's). Columns
    are decoded at once and their types checked once each, not per signal."""
    files, kinds_col, metas, counts = [], [], [], []
    diagnostics: dict[str, list[Any]] = {}
    columns: list[list[Any]] = [[] for _ in _COLUMNS]
    kind_c, name_c, path_c, line_c, column_c, attrs_c, origin_c, vendored_c, snippet_c = columns
    for index, (rel, source, signals, diags) in enumerate(rows):
        kind = kinds[rel]
        files.append(rel)
        kinds_col.append(kind)
        metas.append(None if source is None else _compact_file(_encode_files([source], project.root)[0], rel, kind,
                                                                project))
        counts.append(None if signals is None else len(signals))
        shown = source.relpath if source is not None else None
        for s in signals or ():
            loc = s.location
            kind_c.append(s.kind)
            name_c.append(s.name)
            path_c.append(None if loc.path == shown else loc.path)
            line_c.append(loc.line)
            column_c.append(loc.column)
            attrs_c.append(s.attrs)
            origin_c.append(s.origin)
            vendored_c.append(s.vendored)
            snippet_c.append(s.snippet)
        if diags:
            diagnostics[str(index)] = [filecache.diagnostic_to_json(d) for d in diags]
    return {"files": files, "kinds": kinds_col, "metas": metas, "counts": counts, "diagnostics": diagnostics,
            "signals": dict(zip(_COLUMNS, columns, strict=True))}


_NONE = type(None)


class _Results:
    """A part- file's results (``_encode_results``), their columns checked: a part of another type
    than the one written is damage (a TypeError or ValueError: the project is loaded again), as a
    part that failed later would have been (a list as a name is unhashable, a string as a line is
    not ordered against the others)."""

    def __init__(self, value: Any):
        self.files: list[str] = value["files"]
        self.kinds: list[str] = value["kinds"]
        self.metas: list[Any] = value["metas"]
        self.counts: list[int | None] = value["counts"]
        diagnostics = value["diagnostics"]
        self.columns: list[list[Any]] = [value["signals"][name] for name in _COLUMNS]
        n = len(self.files)
        if not (type(self.files) is type(self.kinds) is type(self.metas) is type(self.counts) is list
                and len(self.kinds) == len(self.metas) == len(self.counts) == n and type(diagnostics) is dict):
            raise ValueError("not the results of a part- file")
        _only(self.files, str)
        _only(self.kinds, str)
        _only(self.metas, str, list, _NONE)
        _only(self.counts, int, _NONE)
        _only(list(diagnostics.values()), list)
        total = sum(c for c in self.counts if c is not None)
        if any(c is not None and c < 0 for c in self.counts) or \
                any(type(col) is not list or len(col) != total for col in self.columns):
            raise ValueError("not the signals of a part- file")
        kind, name, path, line, column, attrs, origin, vendored, snippet = self.columns
        for col, *types in ((kind, str), (name, str), (path, str, _NONE), (line, int), (column, int),
                            (attrs, dict), (origin, str), (vendored, bool), (snippet, str)):
            _only(col, *types)
        "".join(v for a in attrs if a for v in a.values())  # (a TypeError when a value is not a string)
        self.diagnostics: list[Any] = [diagnostics.get(str(i)) for i in range(n)] if diagnostics else [None] * n

    def signals(self, files: list[tuple[str, int, int]]) -> list[Signal]:
        """Every signal, made at once (a signal's path left out is its file's: ``files`` gives each
        file's path, first signal and count); those of files not given are made too, unused."""
        kind, name, path, line, column, attrs, origin, vendored, snippet = self.columns
        if None in path:
            shown_at = [""] * len(path)  # (a file not given: never read, but a path all the same)
            for shown, first, count in files:
                shown_at[first:first + count] = [shown] * count
            path = [shown if p is None else p for p, shown in zip(path, shown_at, strict=True)]
        return list(map(Signal, kind, name, map(Location, path, line, column), attrs, origin, vendored, snippet))


def _only(values: list[Any], *types: type) -> None:
    """A TypeError unless every item of ``values`` is of one of ``types`` exactly (no subclass: a bool is no int)."""
    if not set(map(type, values)) <= set(types):
        raise TypeError("a part of another type")


def _listing(project: Project, ctx: ScanContext, nested: list[str]) -> list[str]:
    """``project.listing`` as ``collect_files`` makes it (the static key holds what it is made of)."""
    listed = files_under(ctx.listings, ctx.scan_root or project.root, project.root, lambda c, m, p: None)
    if not nested:
        return list(listed)  # (no generator per file for nothing to test)
    return [rel for rel in listed if not any(rel == n or rel.startswith(n + "/") for n in nested)]


def _project_relative(project: Project, files: list[str], changed: set[str]) -> set[str]:
    """The files (project-relative) whose scan-relative path (``project.rel``) is in ``changed``:
    ``project.rel`` asked only of the few that may be, not of every file."""
    if not changed:
        return set()
    if project.relroot in ("", "."):
        maybe = changed
    else:
        prefix = project.relroot + "/"
        maybe = {c[len(prefix):] for c in changed if c.startswith(prefix)}
    return {rel for rel in files if (rel in maybe or rel.startswith("../")) and project.rel(rel) in changed}


#: Separates the items of a list kept as one string (``_join``): no path or stat holds it.
_SEP = "\0"


def _join(values: list[str]) -> str | None:
    """Thousands of short strings as one JSON string: decoded at once, then split (None: one holds
    the separator, or is empty)."""
    if any(not v or _SEP in v for v in values):
        return None
    return _SEP.join(values)


def _split(value: Any) -> list[str]:
    if not isinstance(value, str):
        raise TypeError("not a joined list")
    return value.split(_SEP) if value else []


def _decode_file(meta: Any, rel: str, kind: str, project: Project, root: Path, folders: dict[str, Path]) -> SourceFile:
    """A file's facts in a part- file: the whole list (``_encode_files``), or its origin alone when
    the rest is what the file's path and kind say (``_compact_file``); made as ``_decode_files`` does."""
    if not isinstance(meta, str):
        return _decode_files([meta], root, folders)[0]
    path = _made_path(root, rel, folders)
    return SourceFile(abspath=path, relpath=project.rel(rel), project_relpath=rel, kind=kind, data=b"", origin=meta)


def _compact_file(meta: list[Any], rel: str, kind: str, project: Project) -> list[Any] | str:
    """``meta`` (``_encode_files``) as its origin alone when ``_decode_file`` makes the same of it
    (nearly every file: at the project's path, read as UTF-8, not vendored, no suppression)."""
    where, shown, project_relpath, file_kind, encoding, origin, vendored, markers = meta
    if where is None and project_relpath == rel and shown == project.rel(rel) and file_kind == kind \
            and encoding == "utf-8" and not vendored and not markers and isinstance(origin, str):
        return origin
    return meta


def _same_derived(changed: set[str], derived: dict[str, Any], ctx: ScanContext) -> bool:
    """Whether every value the loading derived from a changed file (``safeio.note_read(derived=)``)
    is derived again the same from its content now."""
    from zizhi import safeio

    root = ctx.scan_root
    if root is None:
        return False
    boundary = ctx.real_scan_root() or str(root)
    for rel in sorted(changed & set(derived)):
        for purpose, value in derived[rel]:
            compute = safeio.DERIVATIONS.get(purpose)
            if compute is None:
                return False
            try:
                now = json.loads(json.dumps(compute(Path(root) / rel, boundary)))
            except (OSError, TypeError, ValueError):
                return False
            if now != value:
                return False
    return True


def _hand_over(found: Probe, project: Project) -> None:
    assert found._held is not None
    collect_diagnostics, listing, documents = found._held
    project.diagnostics.extend(collect_diagnostics)
    project.listing = listing
    project.documents = documents


def same_load(found: Probe, project: Project, loaded: dict[str, Any] | None) -> bool:
    """After loading the project again (``found.reload``): whether it was loaded as before; if so,
    the project gets what the reused results go with (the files' listing, the diagnostics of
    collecting them, the documents left for the assembly)."""
    if loaded is None or loaded != found.loaded:
        return False
    _hand_over(found, project)
    return True


def loaded_state(project: Project) -> dict[str, Any] | None:
    """The project as its loading left it (before extraction), for ``store``."""
    return _encode(project)


def store(found: Probe, project: Project, ctx: ScanContext, loaded: dict[str, Any] | None, record: Record,
          load_reads: Reads, extract_reads: Reads, reused: bool) -> None:
    """Write the project's snapshots after its load and extract stages (best effort). ``reused``:
    the results of the part- file were reused (what it says the loading read still holds unless
    the project was loaded again)."""
    with filecache.paused_gc():
        _store(found, project, ctx, loaded, record, load_reads, extract_reads, reused)


def _store(found: Probe, project: Project, ctx: ScanContext, loaded: dict[str, Any] | None, record: Record,
           load_reads: Reads, extract_reads: Reads, reused: bool) -> None:
    scan_root = str(ctx.scan_root or project.root)
    cache = ctx.file_caches.get(Path(scan_root))
    kept = sorted(found.kept | ((cache.used - found.used_before) if cache is not None else set()))
    outside = _outside_stats(found, scan_root, load_reads, extract_reads, reused)
    encoded = None if found.racy or outside is None else _encode(project)
    if encoded is not None:
        _write(found, "snap", {"format": FORMAT, "key": found.key, "kept": kept, "project": encoded,
                               "outside": outside})
    if loaded is None:
        return
    # (reachability computed again, its inputs changed since: kept now, or every later run would compute it
    # again until REWRITE_AFTER files changed — ~15 ms each on the official demo, one write of the file)
    stale = record.assembly is not None and record.assembly.get("key") != found.assembly_key
    if reused and not found.reload and found.changed_items <= REWRITE_AFTER and not stale:
        return  # the part- file still holds: the few files changed since are extracted again (cheaply)
    raw = _scan_relative(load_reads.raw, scan_root)
    derived_at = _scan_relative(set(load_reads.derived), scan_root)
    extracts = _scan_relative(extract_reads.raw | set(extract_reads.derived), scan_root)
    if raw is None or derived_at is None or extracts is None:
        return  # read outside the scan root: nothing tells whether it changed
    loads: dict[str, Any] = {"raw": sorted(raw), "derived": {
        os.path.relpath(path, scan_root).replace(os.sep, "/"): [list(d) for d in values]
        for path, values in load_reads.derived.items()}}
    if reused:
        extracts |= found.extract_reads
        if not found.reload and found.load_reads is not None:
            loads = found.load_reads
    documents = {}
    for rel, doc in record.documents.items():
        to_json = getattr(doc, "to_json", None)
        if to_json is None:
            return
        documents[rel] = to_json()
    if not _plain(documents):
        return
    kinds = dict(record.files)
    if len(kinds) != len(record.results) or list(project.listing) != _listing(project, ctx, found.nested):
        return  # (the same file twice, or another listing than the one the key holds: not kept)
    results = _encode_results(record.results, kinds, project)
    stats, kept_joined = _join([st or "?" for st in found.stats.values()]), _join(kept)
    if outside is None or stats is None or kept_joined is None:
        return
    found.pending = {
        "format": FORMAT, "static": found.static, "stats": stats, "outside": outside,
        "load_reads": loads,
        "extract_reads": sorted(extracts), "loaded": loaded,
        "collect_diagnostics": [filecache.diagnostic_to_json(d) for d in record.collect_diagnostics],
        "results": results, "documents": documents, "kept": kept_joined, "assembly": record.assembly}


def finish(found: Probe, project: Project, ctx: ScanContext) -> None:
    """Write the part- file ``store`` made, once detection matched the project's signals: with
    what the catalogue found for each (``Catalogue.match_table``), which the next run that reuses
    the file learns back rather than matching every signal of the project again."""
    pending, found.pending = found.pending, None
    if pending is None:
        return
    with filecache.paused_gc():
        pending["matches"] = ctx.catalogue.match_table(project.signals)
        _write(found, "part", pending)


def _outside_stats(found: Probe, scan_root: str, load_reads: Reads, extract_reads: Reads,
                   reused: bool) -> dict[str, str] | None:
    """The stat of every file read by name that the listing does not hold (a build output under a
    skipped dist/, read as the app root): the key holds only the listing's files, so these are
    checked apart (None: one is outside the scan root, gone or racy: nothing tells if it changes)."""
    paths = _scan_relative(load_reads.raw | set(load_reads.derived) | extract_reads.raw | set(extract_reads.derived),
                           scan_root)
    if paths is None:
        return None
    if reused and found.load_reads is not None:
        earlier = found.load_reads
        paths |= {str(p) for p in earlier.get("raw", [])} | {str(p) for p in earlier.get("derived", {})}
        paths |= found.extract_reads
    out: dict[str, str] = {}
    now = time.time_ns()
    for rel in sorted(paths):
        if rel in found.stats:
            continue
        stamp = _stamp(os.path.join(scan_root, rel), now)
        if stamp is None:
            return None
        out[rel] = stamp
    return out


def _stamp(path: str, now: int) -> str | None:
    """A file's stat as kept in snapshots; None when it is gone, or changed too close to ``now`` to
    be told apart by its stat (racy)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    if walk.racy(st, now):
        return None
    return stat_stamp(st)


def _outside_unchanged(stored: dict[str, Any], scan_root: str) -> bool:
    outside = stored.get("outside")
    if not isinstance(outside, dict):
        return False
    now = time.time_ns()
    from zizhi.safeio import note_read

    for rel, stamp in outside.items():
        path = os.path.join(scan_root, str(rel))
        note_read(path)  # what the answer depends on (a whole-command result: ``zizhi.resultcache``)
        if _scan_relative({str(rel)}, scan_root) is None or _stamp(path, now) != stamp:
            return False
    return True


def _scan_relative(paths: set[str], scan_root: str) -> set[str] | None:
    out = set()
    for path in paths:
        rel = os.path.relpath(path, scan_root).replace(os.sep, "/")
        if rel == ".." or rel.startswith("../"):
            return None
        out.add(rel)
    return out


def _write(found: Probe, prefix: str, value: dict[str, Any]) -> None:
    try:
        data = json.dumps(value, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        return
    filecache.write_cache_file(found.folders, f"{prefix}-{found.name}.json", data.encode("ascii"))


def _plain(value: Any) -> bool:
    """Whether ``value`` comes back from JSON as it went in."""
    try:
        return json.loads(json.dumps(value)) == value and _no_tuples(value)
    except (TypeError, ValueError, RecursionError):
        return False


def _no_tuples(value: Any) -> bool:
    if isinstance(value, tuple):
        return False
    if isinstance(value, list):
        return all(_no_tuples(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _no_tuples(v) for k, v in value.items())
    return True


def _encode_files(files: list[SourceFile], root: Path) -> list[list[Any]]:
    """(the path is left out when it is the project's root and the project-relative path: nearly always)"""
    prefix = str(root) + os.sep
    out = []
    for s in files:
        where = str(s.abspath)
        out.append([None if where == prefix + s.project_relpath and os.sep == "/" else where, s.relpath,
                    s.project_relpath, s.kind, s.encoding, s.origin, s.vendored, [list(m) for m in s.markers]])
    return out


#: ``Path(parent)._make_child_relpath(name)``: ``parent / name`` for a name without a slash (used by
#: ``Path.iterdir`` in Python 3.10-3.12), a fifth of its cost; None where pathlib has it not.
_CHILD = getattr(Path, "_make_child_relpath", None)


def _folder(root: Path, folder: str, folders: dict[str, Path]) -> Path:
    """``root / folder``, made from its parent folder's path (kept in ``folders``)."""
    if not folder:
        return root
    up, _, name = folder.rpartition("/")
    parent = folders.get(up)
    if parent is None:
        parent = folders[up] = _folder(root, up, folders)
    return _CHILD(parent, name) if _CHILD is not None and name not in ("", ".") else parent / name


def _made_path(root: Path, rel: str, folders: dict[str, Path]) -> Path:
    """``root / rel`` for a project-relative path of a part- file, made as a child of its folder's
    path (kept in ``folders``) without parsing it again; pathlib's own child, where it has one."""
    if rel.startswith("/"):
        return root / rel
    folder, _, name = rel.rpartition("/")
    parent = folders.get(folder)
    if parent is None:
        parent = folders[folder] = _folder(root, folder, folders)
    return _CHILD(parent, name) if _CHILD is not None and name not in ("", ".") else parent / name


def _decode_files(value: list[Any], root: Path, folders: dict[str, Path] | None = None) -> list[SourceFile]:
    """``folders``: the folders' paths made so far (a path is made from its folder's and its name:
    a third of the cost of ``root / project_relpath``, for thousands of files)."""
    folders = {} if folders is None else folders
    out = []
    for a, r, pr, k, e, o, v, m in value:
        pr = str(pr)
        path = Path(a) if a is not None else _made_path(root, pr, folders)
        out.append(SourceFile(abspath=path, relpath=str(r), project_relpath=pr, kind=str(k), data=b"",
                              encoding=str(e), origin=str(o), vendored=bool(v),
                              markers=[(int(line), str(text)) for line, text in m] if m else []))
    return out


def _encode(project: Project, discovered: bool = False) -> dict[str, Any] | None:
    """The kept fields of ``project`` as JSON values; None when one is not plain data.
    ``discovered``: as discovery left it (for the key; what cannot be encoded is named by its repr)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(project):
        if f.name in NOT_KEPT:
            continue
        value = getattr(project, f.name)
        if f.name == "files":
            out[f.name] = _encode_files(value, project.root)
        elif f.name == "diagnostics":
            out[f.name] = [filecache.diagnostic_to_json(d) for d in value]
        elif f.name == "signals":
            out[f.name] = [filecache.signal_to_json(s) for s in value]
        elif f.name == "pages":
            out[f.name] = sorted(value)
        elif _plain(value):
            out[f.name] = value
        elif discovered:
            out[f.name] = repr(value)
        else:
            return None
    return out


def _decode(data: dict[str, Any], root: Path) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(Project)} - NOT_KEPT
    if set(data) != names:
        raise ValueError("another set of fields")
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name == "files":
            out[name] = _decode_files(value, root)
        elif name == "diagnostics":
            out[name] = [filecache.diagnostic_from_json(d) for d in value]
        elif name == "signals":
            out[name] = [filecache.signal_from_json(s) for s in value]
        elif name == "pages":
            out[name] = {str(p) for p in value}
        else:
            out[name] = value
    return out
