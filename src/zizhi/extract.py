"""Stage 2: project files -> signals.

Each file is read once, decoded once, and offered to the extractor plugins. Bad input becomes
a diagnostic with file and line; the scan goes on.
"""

from __future__ import annotations

import hashlib
from typing import Any

from zizhi.context import ScanContext
from zizhi.filecache import file_key
from zizhi.model import Diagnostic, Project, Severity, Signal, SourceFile
from zizhi.textio import decode, is_minified
from zizhi.walk import files_under

VENDOR_HINTS = ("/uni_modules/", "/lib/", "/libs/", "/vendor/", "/vendors/", "/third_party/", "/sdk/", "/utils/sdk/")


def collect_files(project: Project, ctx: ScanContext, nested_roots: list[str]) -> list[tuple[str, str]]:
    """(project-relative path, kind) of every file a plugin claims, outside nested projects."""
    rel = project.rel

    def diag(code: str, message: str, relpath: str) -> None:
        ctx.diagnose(code, message, rel(relpath))

    files = []
    scan_root = ctx.cache.get("scan_root", project.root)
    for relpath in files_under(ctx.cache, scan_root, project.root, diag):
        if any(relpath == n or relpath.startswith(n + "/") for n in nested_roots):
            continue
        if project.config is not None and project.config.path_ignored(relpath):
            continue
        kind = ctx.pm.hook.zizhi_classify_file(relpath=relpath, project=project)
        if kind:
            files.append((relpath, kind))
    # Backend folders beside the project in the same repository ("../server"): their files too.
    for broot in project.backend_roots:
        if not broot.startswith("../"):
            continue
        def sub_diag(code: str, message: str, relpath: str, base: str = broot) -> None:
            ctx.diagnose(code, message, rel(f"{base}/{relpath}"))

        for sub in files_under(ctx.cache, scan_root, (project.root / broot).resolve(), sub_diag):
            relpath = f"{broot}/{sub}"
            kind = ctx.pm.hook.zizhi_classify_file(relpath=relpath, project=project)
            if kind:
                files.append((relpath, kind))
    return files


def read_file(project: Project, relpath: str, kind: str, ctx: ScanContext) -> SourceFile | None:
    abspath = project.root / relpath
    shown = project.rel(relpath)
    try:
        size = abspath.stat().st_size
        if size > ctx.options.max_file_bytes:
            ctx.diagnose("ZZ006", f"file skipped: {size:,} bytes is over the {ctx.options.max_file_bytes:,}-byte "
                         "limit (a bundle?); signals in it are not counted", shown, severity=Severity.NOTE)
            return None
        data = abspath.read_bytes()
    except OSError as exc:
        ctx.diagnose("ZZ001", f"cannot read file: {exc.strerror}", shown)
        return None
    decoded = decode(data)
    if decoded.text is None:
        ctx.diagnose("ZZ007", f"file skipped: {decoded.problem}", shown)
        return None
    if decoded.problem and decoded.encoding != "utf-8-sig":
        ctx.diagnose("ZZ002", decoded.problem, shown, severity=Severity.NOTE)
    origin = "backend" if any(relpath.startswith(b.rstrip("/") + "/") for b in project.backend_roots) else "frontend"
    low = "/" + relpath.lower()
    vendored = (
        low.endswith((".min.js", "-min.js", ".bundle.js"))
        or any(h in low for h in VENDOR_HINTS)
        or (kind in ("js", "ts") and is_minified(decoded.text))
    )
    return SourceFile(
        abspath=abspath,
        relpath=shown,
        project_relpath=relpath,
        kind=kind,
        data=data,
        text=decoded.text,
        encoding=decoded.encoding,
        origin=origin,
        vendored=vendored,
    )


def run_extractors(source: SourceFile, project: Project, ctx: ScanContext) -> tuple[list[Signal] | None,
                                                                                list[Diagnostic]]:
    """Offer one file to the extractor plugins: (signals, or None after a plugin failure; diagnostics)."""
    saved, ctx.diagnostics = ctx.diagnostics, []
    try:
        found: list[Signal] = []
        for result in ctx.pm.hook.zizhi_extract(file=source, project=project, ctx=ctx):
            found.extend(result or [])
        return found, ctx.diagnostics
    except Exception as exc:  # a plugin bug must not lose the rest of the scan
        ctx.diagnose("ZZ099", f"internal error while reading this file ({type(exc).__name__}: {exc}); "
                     "its signals are missing — please report this", source.relpath, severity=Severity.ERROR)
        return None, ctx.diagnostics
    finally:
        ctx.diagnostics = saved


def _cacheable_kinds(ctx: ScanContext) -> set[str]:
    kinds = ctx.cache.get("cacheable_kinds")
    if kinds is None:
        kinds = {k for result in ctx.pm.hook.zizhi_cacheable_kinds() for k in (result or [])}
        ctx.cache["cacheable_kinds"] = kinds
    return set(kinds)


def extract(project: Project, ctx: ScanContext, nested_roots: list[str]) -> list[Signal]:
    """Read every file once (in this process), then run the extractors: from the cache when the
    file's content hash is known, in worker processes for large trees, else here. Results are
    assembled in file order, so they do not depend on the cache or on the number of workers."""
    from zizhi import workers

    signals: list[Signal] = []
    unreachable: dict[str, str] = project.meta.get("unreachable", {})
    dropped: dict[str, int] = {}
    pure = _cacheable_kinds(ctx)
    cache = workers.open_cache(ctx)
    # per file, in order: [source, diagnostics, signals (None: extraction failed), cache key]
    results: list[list[Any]] = []
    pending: list[int] = []
    saved = ctx.diagnostics
    for relpath, kind in collect_files(project, ctx, nested_roots):
        read_diags: list[Diagnostic] = []
        ctx.diagnostics = read_diags
        source = read_file(project, relpath, kind, ctx)
        item: list[Any] = [source, read_diags, None, ""]
        results.append(item)
        preprocessed = ""
        if source is not None:
            # Preprocessing may read project data (uni-app's manifest): here, not in a worker;
            # what it made of the text is part of the cache key.
            try:
                text = ctx.pm.hook.zizhi_preprocess(file=source, project=project, ctx=ctx)
                if text is not None:
                    source.text = text
                    preprocessed = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
            except Exception as exc:  # a plugin bug must not lose the rest of the scan
                ctx.diagnose("ZZ099", f"internal error while reading this file ({type(exc).__name__}: {exc}); "
                             "its signals are missing — please report this", source.relpath, severity=Severity.ERROR)
                source = None  # kept in the results (and project.files) without signals
        ctx.diagnostics = saved
        if source is None:
            continue
        # The project's main manifest is read with what zizhi_load_project found (Taro's app config)
        if kind in pure and relpath != project.manifest:
            if cache is not None:
                item[3] = file_key(source, project.platform, project.framework,
                                   f"parse_vendored={ctx.options.parse_vendored} preprocessed={preprocessed}")
                hit = cache.get(source.relpath, item[3])
                if hit is not None:
                    item[2], diags = hit
                    read_diags.extend(diags)
                    continue
            pending.append(len(results) - 1)
        else:
            item[2], diags = run_extractors(source, project, ctx)
            read_diags.extend(diags)
    done = workers.extract_many(project, [results[i][0] for i in pending], ctx)
    for index, (found, diags) in zip(pending, done, strict=True):
        item = results[index]
        item[2] = found
        item[1].extend(diags)
        if cache is not None and found is not None and not any(d.code == "ZZ099" for d in diags):
            cache.put(item[0].relpath, item[3], found, diags)
    for source, diags, found, _key in results:
        ctx.diagnostics.extend(diags)
        if source is None:
            continue
        project.files.append(source)
        if found is None:
            continue
        unit = unreachable.get(source.project_relpath)
        if unit is not None and found:
            dropped[unit] = dropped.get(unit, 0) + len(found)
            continue
        signals.extend(found)
    for unit, count in sorted(dropped.items()):
        manifest = project.meta.get("pages_manifest", "app.json")
        ctx.diagnose("ZZ008", f"page '{unit}' is not registered in {manifest} (pages/subpackages) nor used as a "
                     f"component; its {count} signal(s) are not counted", project.rel(unit), severity=Severity.NOTE)
    for result in ctx.pm.hook.zizhi_project_signals(project=project, ctx=ctx):
        signals.extend(result or [])
    # One signal per (kind, name, place): a destructured alias and its call are one fact.
    unique: dict[tuple[object, ...], Signal] = {}
    for s in signals:
        unique.setdefault((s.kind, s.name, s.location, tuple(sorted(s.attrs.items()))), s)
    return sorted(unique.values(), key=lambda s: (s.location, s.kind, s.name))
