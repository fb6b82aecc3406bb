"""Stage 2: project files -> signals.

Each file is read once, decoded once, and offered to the extractor plugins. Bad input becomes
a diagnostic with file and line; the scan goes on.

The arrows go one way: this module uses ``zizhi.sources`` (reading one file, offering it to the
extractors), ``zizhi.workers`` (where extraction runs: here or in worker processes) and
``zizhi.filecache`` (what is known already); none of them imports this one or the engine.
Diagnostics of each file come back as values and are kept with the file, in file order.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING

from zizhi import progress, workers
from zizhi.context import ScanContext, call_hook
from zizhi.filecache import content_digest, file_key, open_cache
from zizhi.model import Diagnostic, Project, Severity, Signal, SourceFile
from zizhi.sources import (
    VENDOR_HINTS,
    collect_files,
    is_page,
    origin_of,
    read_file,
    renderer_folders,
    run_extractors,
    stat_file,
    vendored_reason,
)
from zizhi.suppress import marker_lines

if TYPE_CHECKING:
    from zizhi.model import ModuleRoots
    from zizhi.modules import Ref

__all__ = ["VENDOR_HINTS", "Record", "Reuse", "cacheable_kinds", "collect_files", "extract", "is_page",
           "origin_of", "read_file", "run_extractors", "stat_file", "vendored_reason"]

def cacheable_kinds(ctx: ScanContext) -> set[str]:
    """The file kinds whose extractors are pure (``zizhi_cacheable_kinds``), asked once per run."""
    if ctx.cacheable_kinds is None:
        ctx.cacheable_kinds = frozenset(k for result in ctx.pm.hook.zizhi_cacheable_kinds() for k in (result or []))
    return set(ctx.cacheable_kinds)


_cacheable_kinds = cacheable_kinds


def preprocess_context(project: Project, ctx: ScanContext) -> str | None:
    """What preprocessing depends on in this project besides each file's text; None when a plugin
    preprocesses without saying (``zizhi_preprocess_context``): then the cache keys on the
    preprocessed text, and every file must be read to know it."""
    hook = ctx.pm.hook
    preprocessors = {impl.plugin_name for impl in hook.zizhi_preprocess.get_hookimpls()}
    described = {impl.plugin_name for impl in hook.zizhi_preprocess_context.get_hookimpls()}
    if not preprocessors <= described:
        return None
    return "\0".join(str(part) for part in hook.zizhi_preprocess_context(project=project, ctx=ctx))


@dataclass(eq=False, repr=False)  # (a holder for one run: no generated methods it never uses)
class _Item:
    """One file on its way through extraction."""

    relpath: str
    kind: str
    source: SourceFile | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    signals: list[Signal] | None = None  # None: not extracted (unreadable) or extraction failed
    stat: os.stat_result | None = None
    pure: bool = False  # of a kind whose extractors are pure: cacheable, and may go to a worker
    ident: str = ""  # the cache's name for the file ("": no cache)
    key: str = ""  # the cache key ("": not cached)
    digest: str = ""
    preprocessed: str = ""  # hash of the text a preprocessor made of the file ("": it kept the file's)


def _release(source: SourceFile | None) -> None:
    """Forget a file's content once its signals are taken (``markers`` keeps what suppressions need)."""
    if source is not None:
        source.data = b""
        source.text = None


@dataclass(eq=False, repr=False)  # (a holder for one run: no generated methods it never uses)
class Reuse:
    """What an earlier run made of this project (``zizhi.snapshot``): the files to extract, and the
    results of those unchanged since (project-relative path -> file, signals, diagnostics)."""

    files: list[tuple[str, str]]
    results: dict[str, tuple[SourceFile, list[Signal], list[Diagnostic]]]
    #: what reachability made of the project then, under the key of its inputs (``_dead_modules``)
    assembly: dict[str, object] | None = None


@dataclass(eq=False, repr=False)  # (a holder for one run: no generated methods it never uses)
class Record:
    """What this run made of the project's files, for ``zizhi.snapshot`` to keep: the files
    collected and the diagnostics of collecting them, each file's result, and the documents left
    for the assembly (``project.documents`` before ``zizhi_project_signals``)."""

    files: list[tuple[str, str]] = field(default_factory=list)
    collect_diagnostics: list[Diagnostic] = field(default_factory=list)
    results: list[tuple[str, SourceFile | None, list[Signal] | None, list[Diagnostic]]] = field(default_factory=list)
    documents: dict[str, object] = field(default_factory=dict)
    assembly: dict[str, object] | None = None  # reachability's result and the key of its inputs


def extract(project: Project, ctx: ScanContext, nested_roots: list[str], reuse: Reuse | None = None,
            record: Record | None = None) -> list[Signal]:
    """Signals of every file, read once: from the cache when the file is known (by its stat, or by
    the hash of its bytes), in worker processes for large trees, else here. A file's content is
    dropped as soon as its signals are taken. Results are assembled in file order, so they do not
    depend on the cache or on the number of workers. ``reuse``: the files to extract and the
    results of those known unchanged (they are not even looked at); ``record`` receives what this
    run made of each file."""
    pure = _cacheable_kinds(ctx)
    cache = open_cache(ctx)
    prep = preprocess_context(project, ctx) if cache is not None else None
    options = f"parse_vendored={ctx.options.parse_vendored}"
    before = len(ctx.diagnostics)
    files = collect_files(project, ctx, nested_roots) if reuse is None else reuse.files
    if record is not None:
        record.files = list(files)
        record.collect_diagnostics = list(ctx.diagnostics[before:])
    items = [_Item(relpath, kind) for relpath, kind in files]
    if cache is None and reuse is None and record is None:  # (nothing keeps a file's names: ``NameStash``)
        from zizhi.modules import STASH_KEY, NameStash

        ctx.memo[STASH_KEY] = NameStash()
    progress.project(project.relroot)
    progress.found(len(items))
    to_read: list[int] = []
    to_read_bytes = to_read_pure = 0
    # 1. stat every file; a cached file whose stat is unchanged is not read at all
    for index, item in enumerate(items):
        done = reuse.results.get(item.relpath) if reuse is not None else None
        if done is not None:
            item.source, item.signals, item.diagnostics = done[0], done[1], list(done[2])
            continue
        st = stat_file(project, item.relpath, ctx, item.diagnostics)
        if st is None:
            continue
        # The project's main manifest is read with what zizhi_load_project found (Taro's app config)
        item.pure = item.kind in pure and item.relpath != project.manifest
        if cache is not None and item.pure:
            shown = project.rel(item.relpath)
            item.ident = f"{project.platform}:{project.framework}:{shown}"
            item.stat = st  # (kept only for the cache, and only until the file is done: ~600 bytes each)
        if cache is not None and item.pure and prep is not None:
            known = cache.known(item.ident, st)
            if known is not None:
                origin = origin_of(project, item.relpath)
                key = file_key(known.digest, item.kind, shown, origin, known.vendored, project.platform,
                               project.framework, f"{options} preprocess={prep}")
                hit = cache.get(item.ident, key)
                if hit is not None:
                    item.source = SourceFile(abspath=project.root / item.relpath, relpath=shown,
                                             project_relpath=item.relpath, kind=item.kind, data=b"",
                                             encoding=hit.encoding, origin=origin, vendored=hit.vendored,
                                             markers=hit.markers)
                    item.signals, item.diagnostics = hit.signals, hit.diagnostics
                    item.stat = None
                    continue
        to_read.append(index)
        if item.pure:
            to_read_bytes += st.st_size
            to_read_pure += 1
    progress.advance(len(items) - len(to_read))

    def read_all() -> Iterator[tuple[int, SourceFile]]:
        """2. read the others; yield those to extract in workers, extract the rest here"""
        for index in to_read:
            progress.advance()
            item = items[index]
            source = _read_and_preprocess(project, item, ctx.sink(item.diagnostics))
            if source is None:
                continue
            source.markers = marker_lines(source.text or "")
            item.source = source
            if not item.pure:  # extracted here, with what zizhi_load_project read
                item.signals, diags = run_extractors(source, project, ctx)
                item.diagnostics.extend(diags)
                _release(source)
                continue
            if cache is not None:
                item.digest = content_digest(source.data)
                context = f"preprocess={prep}" if prep is not None else f"preprocessed={item.preprocessed}"
                item.key = file_key(item.digest, item.kind, source.relpath, source.origin, source.vendored,
                                    project.platform, project.framework, f"{options} {context}")
                hit = cache.get(item.ident, item.key, item.stat)
                if hit is not None:  # same bytes as when cached: its diagnostics include the reading's
                    item.signals, item.diagnostics = hit.signals, hit.diagnostics
                    item.stat = None
                    _release(source)
                    continue
            yield index, source

    for index, (found, diags) in workers.extract_many(project, read_all(), to_read_pure, to_read_bytes, ctx,
                                                      run_extractors):
        item = items[index]
        item.signals = found
        item.diagnostics.extend(diags)
        if cache is not None and item.key and found is not None and item.stat is not None and item.source \
                and not any(d.code == "ZZ099" for d in diags):
            cache.put(item.ident, item.key, item.stat, item.digest, found, item.diagnostics, item.source.markers,
                      item.source.vendored, item.source.encoding)
        item.stat = None
        _release(item.source)
    if record is not None:
        record.results = [(item.relpath, item.source, item.signals, item.diagnostics) for item in items]
        record.documents = dict(project.documents)
    try:
        return _assemble(project, ctx, items, reuse, record)
    finally:
        from zizhi.modules import STASH_KEY

        ctx.memo.pop(STASH_KEY, None)


def _read_and_preprocess(project: Project, item: _Item, ctx: ScanContext) -> SourceFile | None:
    source = read_file(project, item.relpath, item.kind, ctx, checked=True)
    if source is None:
        return None
    # Preprocessing may read project data (uni-app's manifest): here, not in a worker.
    try:
        text = call_hook(ctx, "zizhi_preprocess", file=source, project=project, ctx=ctx)
        if text is not None:
            source.text = text
            item.preprocessed = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    except Exception as exc:  # a plugin bug must not lose the rest of the scan
        ctx.diagnose("ZZ099", f"internal error while reading this file ({type(exc).__name__}: {exc}); "
                     "its signals are missing — please report this", source.relpath, severity=Severity.ERROR)
        item.source = source  # kept in project.files, without signals
        _release(source)
        return None
    return source


_KIND = attrgetter("kind")


def _assemble(project: Project, ctx: ScanContext, items: list[_Item], reuse: Reuse | None = None,
              record: Record | None = None) -> list[Signal]:
    from zizhi.modules import (
        STASH_KEY,
        plugin_uses,
        sdk_imports,
        socket_users,
        uncalled_cloud_functions,
        uncalled_members,
        uncalled_wrappers,
        unpack,
        unreachable_modules,
    )

    signals: list[Signal] = []
    unreachable = project.unreachable
    dropped: dict[str, int] = {}
    by_file: list[tuple[str, list[Signal]]] = []
    refs: dict[str, list[Ref]] = {}  # each file's module references (its ``module`` signal)
    names: dict[str, str] = {}  # each file's names (its ``module`` signal: ``pack_names``)
    frontend: dict[str, bool] = {}  # every file extracted -> whether reachability may drop it
    vendored: set[str] = set()
    for item in items:
        ctx.diagnostics.extend(item.diagnostics)
        source, found = item.source, item.signals
        if source is None:
            continue
        project.files.append(source)
        if found is None:
            continue
        unit = unreachable.get(source.project_relpath)
        if unit is not None and found:
            counted = sum(1 for s in found if s.kind != "module")
            if counted:
                dropped[unit] = dropped.get(unit, 0) + counted
            continue
        if found and "module" in map(_KIND, found):  # (the kinds looked at in C: thousands of signals)
            got = [r for s in found if s.kind == "module" for r in unpack(s.attrs.get("refs", ""))]
            if got:
                refs[source.project_relpath] = got
            said = next((s.attrs["names"] for s in found if s.kind == "module" and s.attrs.get("names")), "")
            if said:
                names[source.project_relpath] = said
            found = [s for s in found if s.kind != "module"]
        frontend[source.project_relpath] = source.origin == "frontend"
        if source.vendored:
            vendored.add(source.project_relpath)
        by_file.append((source.project_relpath, found))
    # (by its name: not one minified, which has a note of its own; the file's text is gone by now, so
    # its reading's note says which, from the cache and a snapshot alike)
    by_name = [item.source.relpath for item in items if item.source is not None and item.source.vendored
               and item.signals and not any(d.code == "ZZ013" for d in item.diagnostics)]
    if by_name:  # one note for the lot (a project may ship hundreds of SDK files)
        examples = ", ".join(by_name[:3]) + (", …" if len(by_name) > 3 else "")
        ctx.diagnose("ZZ013", f"{len(by_name)} file(s) with signals treated as vendored by their name or first "
                     f"lines (lib/, sdk/, *.min.js, a UMD build …): {examples}; their signals count as supporting "
                     f"evidence only",
                     project.rel("") or ".", severity=Severity.NOTE)
    for unit, count in sorted(dropped.items()):
        manifest = project.pages_manifest
        if unit in project.unused_components:
            ctx.diagnose("ZZ008", f"component '{unit}' is used by no page registered in {manifest} (only by "
                         f"unregistered pages or unused components); its {count} signal(s) are not counted",
                         project.rel(unit), severity=Severity.NOTE)
            continue
        ctx.diagnose("ZZ008", f"page '{unit}' is not registered in {manifest} (pages/subpackages) nor used as a "
                     f"component; its {count} signal(s) are not counted", project.rel(unit), severity=Severity.NOTE)
    # No module reference anywhere (the modules plugin is off, -p no:modules): nothing to tell dead code by.
    roots = ctx.pm.hook.zizhi_module_roots(project=project, ctx=ctx) if refs else None
    if reuse is None and record is None:  # (no snapshot: nothing to keep it in)
        dead = unreachable_modules(project, frontend, refs, roots, project.listing)
        dead.update(uncalled_cloud_functions(project, frontend, refs, dead, ctx.scan_root))  # (read within the scan)
    else:
        dead = _dead_modules(project, ctx, frontend, refs, roots, reuse, record)
    project.unreachable_modules = dead
    copies = {path for path, rs in refs.items() if any(r.how == "sdk" for r in rs)}
    # a rich-text renderer copied under a folder of another name, known by its files: its templates'
    # <video>, <audio> and <ad> render whatever HTML it is given (``sources.RENDERER_FILES``)
    renderers = tuple(renderer_folders(project.listing)) if by_file else ()
    rendered = [relpath for relpath, found in by_file if found and renderers and relpath.startswith(renderers)
                and relpath not in dead and any(not s.vendored for s in found)]
    if rendered:
        examples = ", ".join(project.rel(r) for r in rendered[:3]) + (", …" if len(rendered) > 3 else "")
        ctx.diagnose("ZZ013", f"{len(rendered)} file(s) with signals are a rich-text renderer's (mp-html, "
                     f"jyf-parser, wxParse, known by their files under another folder name): {examples}; their "
                     "signals count as supporting evidence only", project.rel("") or ".", severity=Severity.NOTE)
    for relpath, found in by_file:
        if relpath in dead:
            if found:
                why = dead[relpath] or ("is not imported by any code reachable from the project's entry points "
                                        "(app script, registered pages and components)")
                ctx.diagnose("ZZ009", f"module '{relpath}' {why}; its {len(found)} signal(s) are not counted",
                             project.rel(relpath), severity=Severity.NOTE)
            continue
        if relpath in copies or (renderers and relpath.startswith(renderers)):
            # a copied SDK bundle or renderer, wherever it sits: its own calls and tags are the library's
            found = [s if s.vendored else dataclasses.replace(s, vendored=True) for s in found]
        signals.extend(found)
    # An import the JavaScript plugin already reports (its path names the SDK: lib/agora-miniapp-sdk.js) is one fact.
    imported_at = {(s.location.path, s.location.line) for s in signals if s.kind == "import"}
    signals.extend(s for s in sdk_imports(project, frontend, refs, roots, dead, vendored)
                   if (s.location.path, s.location.line) not in imported_at)
    signals.extend(plugin_uses(project, frontend, refs, dead, vendored))
    signals.extend(socket_users(project, frontend, refs, roots, dead, vendored, signals,
                                ctx.catalogue.socket_openers()))
    for result in ctx.pm.hook.zizhi_project_signals(project=project, ctx=ctx):
        signals.extend(result or [])
    if names and roots is None and any(s.attrs.get("member") for s in signals):  # (no import anywhere)
        roots = ctx.pm.hook.zizhi_module_roots(project=project, ctx=ctx)
    # (a module nothing reachable imports calls nothing: its names are not a call of another's function)
    live = {path: said for path, said in names.items() if path not in dead} if dead else names
    signals, uncalled, constants = uncalled_members(project, signals, live, roots, ctx.memo.get(STASH_KEY))
    per_file: dict[str, list[tuple[str, int]]] = {}
    for (path, member), count in sorted(uncalled.items()):
        per_file.setdefault(path, []).append((member, count))
    for path, members in per_file.items():
        if len(members) <= _NOTES_PER_FILE:
            for member, count in members:
                if (path, member) in constants:
                    ctx.diagnose("ZZ009", f"constant '{member}' of '{path}' is used by no code of the project (its "
                                 f"module never says its name again, nor does any other file); its {count} signal(s) "
                                 "are not counted", project.rel(path), severity=Severity.NOTE)
                    continue
                ctx.diagnose("ZZ009", f"function '{member}' of '{path}' is called by no code of the project (its "
                             f"module never says its name again, nor does any other file); its {count} signal(s) "
                             "are not counted", project.rel(path), severity=Severity.NOTE)
            continue
        shown = ", ".join(member for member, _count in members[:_NOTES_PER_FILE])  # (one note: a generated module)
        total = sum(count for _member, count in members)
        if any((path, member) in constants for member, _count in members):
            ctx.diagnose("ZZ009", f"{len(members)} functions and constants of '{path}' ({shown}, …) are used by no "
                         f"code of the project (their module never says their names again, nor does any other "
                         f"file); their {total} signal(s) are not counted", project.rel(path), severity=Severity.NOTE)
            continue
        ctx.diagnose("ZZ009", f"{len(members)} functions of '{path}' ({shown}, …) are called by no code of the "
                     f"project (their module never says their names again, nor does any other file); their "
                     f"{total} signal(s) are not counted", project.rel(path),
                     severity=Severity.NOTE)
    return _unique(uncalled_wrappers(project, signals))


#: the uncalled functions of one file told one by one; more are told in one note (a generated module)
_NOTES_PER_FILE = 5


def _unique(signals: list[Signal]) -> list[Signal]:
    """One signal per (kind, name, place, attributes), the first one, in place order: a destructured
    alias and its call are one fact. (A location's fields rather than the ``Location``: the same
    order and equality, without a dataclass's Python-level ``__hash__`` and ``__lt__`` for each of
    thousands of signals; the attributes are compared only between signals of one kind, name and
    place, which are few: not sorted into a key for each signal.)"""
    first: dict[tuple[object, ...], Signal] = {}
    same_place: dict[tuple[object, ...], list[tuple[object, ...]]] = {}
    kept: list[Signal] = []
    order: list[tuple[object, ...]] = []  # each kept signal's place in the sorted result, made once
    for s in signals:
        loc = s.location
        where = (s.kind, s.name, loc.path, loc.line, loc.column)
        have = first.get(where)
        if have is None:
            first[where] = s
            kept.append(s)
            order.append((loc.path, loc.line, loc.column, s.kind, s.name))
            continue
        attrs = tuple(sorted(s.attrs.items())) if s.attrs else ()
        seen = same_place.get(where)
        if seen is None:
            seen = same_place[where] = [tuple(sorted(have.attrs.items())) if have.attrs else ()]
        if attrs not in seen:
            seen.append(attrs)
            kept.append(s)
            order.append((loc.path, loc.line, loc.column, s.kind, s.name))
    # (sorted by the keys made above, stably as by a key function: no Python call per signal)
    return [kept[i] for i in sorted(range(len(kept)), key=order.__getitem__)]


def _dead_modules(project: Project, ctx: ScanContext, frontend: dict[str, bool], refs: dict[str, list[Ref]],
                  roots: ModuleRoots | None, reuse: Reuse | None, record: Record | None) -> dict[str, str]:
    """``unreachable_modules`` and ``uncalled_cloud_functions``, or what they gave when the project's
    snapshot was kept, if their inputs are the same now. The snapshot's project is the one loaded
    then (``zizhi.snapshot.reuse``: its key holds the listing, and a changed file that loading or
    extraction read by name — a ``tsconfig.json``, a cloud function's ``config.json`` — reuses
    nothing), so what is left to compare is the module roots, which files were extracted (and
    whether of the front end), and each file's references (what they name, not on which line:
    reachability never reads the lines)."""
    from zizhi.modules import uncalled_cloud_functions, unreachable_modules

    parts = [f"dead modules 1\0{roots!r}"]  # (hashed at once: thousands of small parts)
    for path in sorted(frontend):
        parts.append(f"\0{path}\1{frontend[path]}")
        parts.extend(f"\1{ref.how}\2{ref.spec}" for ref in refs.get(path, ()))
    key = hashlib.sha256("".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    kept = reuse.assembly if reuse is not None else None
    dead: dict[str, str] | None = None
    value = kept.get("dead") if isinstance(kept, dict) and kept.get("key") == key else None
    if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        dead = dict(value)
    if dead is None:
        dead = unreachable_modules(project, frontend, refs, roots, project.listing)
        dead.update(uncalled_cloud_functions(project, frontend, refs, dead, ctx.scan_root))  # (read within the scan)
    if record is not None:
        record.assembly = {"key": key, "dead": dict(dead)}
    return dead
