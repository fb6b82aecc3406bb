"""Packages a project declares (``package.json``) or has installed (``miniprogram_npm/*``).

A declared or installed SDK is a *supporting* signal (it may never be imported); the import in
code, found by the JavaScript plugin, is the strong one.
"""

from __future__ import annotations

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.jsonpos import parse_json
from zizhi.model import Location, Project, Signal, SourceFile
from zizhi.safeio import boundary_of, inside

DEP_KEYS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")


@hookimpl
def zizhi_extract(file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
    if file.kind != "json" or not file.project_relpath.endswith("package.json") or file.text is None:
        return None
    doc = parse_json(file.text)
    if doc.errors:
        line, _col, msg = doc.errors[0]
        ctx.diagnose("ZZ003", f"invalid JSON: {msg}", file.relpath, line)
    if not isinstance(doc.value, dict):
        return []
    out = []
    for key in DEP_KEYS:
        deps = doc.value.get(key)
        if not isinstance(deps, dict):
            continue
        for name, version in deps.items():
            line, col = doc.pos_of(key, name)
            out.append(Signal("dependency", name, Location(file.relpath, line, col),
                              attrs={"version": str(version), "section": key}, origin=file.origin))
    return out


@hookimpl
def zizhi_project_signals(project: Project, ctx: ScanContext) -> list[Signal] | None:
    out = []
    bases = {project.app_root, ""}
    for base in sorted(bases):
        folder = project.root / base / "miniprogram_npm" if base else project.root / "miniprogram_npm"
        if not folder.is_dir() or not inside(folder, boundary_of(ctx, project.root) or project.root):
            continue  # (a link out of the scanned folder: the walk reports it)
        rel = f"{base}/miniprogram_npm" if base else "miniprogram_npm"
        try:
            entries = sorted(p for p in folder.iterdir() if p.is_dir())
        except OSError:
            continue
        for entry in entries:
            names = [f"{entry.name}/{c.name}" for c in sorted(entry.iterdir()) if c.is_dir()] \
                if entry.name.startswith("@") else [entry.name]
            for name in names:
                out.append(Signal("dependency", name, Location(project.rel(f"{rel}/{name}")),
                                  attrs={"section": "miniprogram_npm"}))
    return out
