"""Mpx projects (Didi's mini-program framework, ``@mpxjs/core``): the app's ``.mpx`` file, its
pages, its targets.

* **Root**: a folder whose ``package.json`` depends on ``@mpxjs/core`` (or ``@mpxjs/webpack-plugin``,
  ``@mpxjs/cli``) and that has ``src/app.mpx`` (the framework's template: webpack's entry is
  ``src/app.mpx``). The code is under ``src/``.
* **Single-file components**: pages and components are ``.mpx`` files: a ``<template>`` in the
  mini-program template syntax (``wx:if``, ``bindtap``; ``wx:model`` for two-way binding), a
  ``<script>`` (inline, or ``src="./index.ts"`` beside it), and the page's JSON in
  ``<script type="application/json">`` (or ``<script name="json">``: JavaScript that exports it).
  The ``vue`` plugin reads their template and script blocks; this plugin reads the JSON.
* **App JSON**: ``app.mpx``'s JSON block is the app.json of the build: ``pages`` (written
  ``./pages/index``: a path from ``src/`` to the page's ``.mpx``), ``subPackages``, ``plugins``,
  ``requiredPrivateInfos``, ``permission`` … read as app.json's would be, with their lines in
  ``app.mpx``. A JSON block given as JavaScript (``<script name="json">module.exports = {…}</script>``)
  is read without running it, as Taro's app config is. A page's own JSON block (its
  ``usingComponents``: a live-player plugin's component) is read as a page JSON.
* **Targets**: Mpx compiles one source for one platform per build (``mode``: wx, ali, swan, qq,
  tt); the template keeps each target's project file under ``static/<mode>/`` (copied into
  ``dist/<mode>/`` by the build). One project per ``static/<mode>/`` folder; WeChat when there is
  none; ``--platform`` picks one. ``static/`` and ``dist/`` are the build's: never read as projects
  of their own (``static/wx/project.config.json`` points at no app.json).
* **Pages**: an ``.mpx`` under a page folder of ``src/`` that app.mpx does not register and no file
  imports is not counted (``ZZ008``).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.discover import relroot
from zizhi.jsonpos import JsonDoc, parse_json
from zizhi.lazyre import lazy
from zizhi.model import ModuleRoots, Project, Signal, SourceFile
from zizhi.walk import files_named, scan_listing
from zizhi_plugins.appjson import (
    manifest_signals,
    match_page_case,
    project_files,
    registered_pages,
    unreachable_page_files,
)
from zizhi_plugins.jsconfig import blank_outside, depends_on, read_app_config, read_text

#: the folder under ``static/`` that keeps a target's project file -> platform (Mpx's ``mode``)
MODES: dict[str, str] = {"wx": "wechat", "ali": "alipay", "swan": "baidu", "qq": "qq", "tt": "douyin",
                         "ks": "kuaishou"}
APP = "src/app.mpx"
MPX_EXTS = (".mpx",)
_PACKAGES = ("@mpxjs/core", "@mpxjs/webpack-plugin", "@mpxjs/cli", "@mpxjs/cli-service")
# a JSON block: <script type="application/json"> (JSON) or <script name="json"> (JavaScript exporting
# it); the tag's attributes end at the first ">" outside quotes (no rescanning: linear)
_JSON_OPEN = lazy(r"""<!--|<script\b((?:[^<>"']|"[^"]*"|'[^']*')*)>""", re.I)
_JSON_TYPE = lazy(r"""\btype\s*=\s*["']?application/json\b""")
_JSON_NAME = lazy(r"""\bname\s*=\s*["']?json\b""")
_CLOSE = lazy(r"</script\s*>", re.I)
_MAX_BLOCKS = 16


def _ours(project: Project) -> bool:
    return project.framework == "mpx"


def _is_mpx(pkg: Any) -> bool:
    return depends_on(pkg, _PACKAGES)


def json_block(text: str) -> tuple[str, int, int] | None:
    """The first JSON block of an ``.mpx`` file: ("json" or "js", start, end) of its contents."""
    pos = 0
    for _ in range(_MAX_BLOCKS):
        m = _JSON_OPEN.search(text, pos)
        if m is None:
            return None
        if m.group(0) == "<!--":  # a commented-out block (an older config kept) is not read
            end = text.find("-->", m.end())
            if end < 0:
                return None
            pos = end + 3
            continue
        attrs = m.group(1)
        close = _CLOSE.search(text, m.end())
        end = close.start() if close else len(text)
        if _JSON_TYPE.search(attrs):
            return "json", m.end(), end
        if _JSON_NAME.search(attrs):
            return "js", m.end(), end
        pos = close.end() if close else len(text)
    return None


def read_json_block(text: str) -> JsonDoc | None:
    """The JSON block's value with positions in the ``.mpx`` file's own lines (everything outside the
    block blanked, lines kept); ``None`` when there is none or it is not an object."""
    found = json_block(text)
    if found is None:
        return None
    kind, start, end = found
    block = blank_outside(text, start, end)  # (lines and columns of the .mpx file kept)
    doc = parse_json(block) if kind == "json" else read_app_config(block)  # module.exports = {...}: never run
    return doc if doc is not None and isinstance(doc.value, dict) else None


def _page(path: str) -> str:
    """``./pages/index`` -> ``pages/index`` (app.mpx writes its pages as relative paths)."""
    path = path.split("?", 1)[0]
    while path.startswith("./"):
        path = path[2:]
    return posixpath.normpath(path) if path else path


@hookimpl
def zizhi_discover(path: Path, ctx: ScanContext) -> list[Project]:
    listing = scan_listing(ctx.listings, path, lambda c, m, p: ctx.diagnose(c, m, p))
    present = set(listing)
    out = []
    for rel in files_named(ctx.listings, path, "package.json"):
        folder = posixpath.dirname(rel)
        prefix = folder + "/" if folder else ""
        if prefix + APP not in present or "node_modules/" in rel:
            continue
        text = read_text(path / rel, ctx)
        if text is None or not _is_mpx(parse_json(text).value):
            continue
        wanted = ctx.options.platform
        if wanted:
            platforms = [wanted] if wanted in MODES.values() else []
        else:
            platforms = sorted({p for mode, p in MODES.items()
                                if any(f.startswith(f"{prefix}static/{mode}/") for f in present)}) or ["wechat"]
        root = path / folder if folder else path
        for platform in platforms:
            project = Project(
                root=root, relroot=relroot(root, ctx.scan_root or path), platform=platform,
                framework="mpx", kind="miniprogram", manifest=APP, app_root="src",
            )
            project.pages_manifest = APP
            project.outputs = ["static", "dist"]  # the targets' project files, the build: not projects
            out.append(project)
    return out


@hookimpl
def zizhi_load_project(project: Project, ctx: ScanContext) -> None:
    if not _ours(project):
        return
    text = read_text(project.root / project.manifest, ctx)
    doc = read_json_block(text) if text is not None else None
    if doc is None:
        ctx.diagnose("ZZ004", "no JSON block with the app's pages found in app.mpx (<script type=\"application/json\"> "
                     "or <script name=\"json\">); pages and declarations are not known", project.rel(project.manifest))
        project.unreachable = {}
        return
    errors = _errors(doc)
    for message, line in errors:
        ctx.diagnose("ZZ003", f"app.mpx's JSON block: {message}; its pages are not known, every page is "
                     "counted", project.rel(project.manifest), line)
    value = dict(doc.value)
    for key in ("pages",):
        if isinstance(value.get(key), list):
            value[key] = [_page(p) if isinstance(p, str) else p for p in value[key]]
    for key in ("subPackages", "subpackages"):
        subs = value.get(key)
        if isinstance(subs, list):
            value[key] = [_sub(s) for s in subs]
    project.documents[project.manifest] = doc
    project.manifests[project.manifest] = value
    project.pages = registered_pages(value)
    match_page_case(project, ctx, project_files(project, ctx, "src/"), MPX_EXTS, "src/", project.manifest)
    page_dirs = {p.split("/", 1)[0] for p in project.pages if "/" in p}
    # a broken block lists only what precedes its error: no page is taken as unregistered then
    unreachable = {} if errors else unreachable_page_files(project, ctx, page_dirs, MPX_EXTS, base="src/")
    if unreachable:
        used = _used_components(project, ctx)
        unreachable = {f: unit for f, unit in unreachable.items() if unit not in used}
    project.unreachable = unreachable
    if project.root.joinpath("cloudfunctions").is_dir():
        project.backend_roots.append("cloudfunctions")


def _used_components(project: Project, ctx: ScanContext) -> set[str]:
    """The units (``src/pages/chat/live-card``) that an ``.mpx`` file's JSON block names in its
    ``usingComponents`` (relative to that file, or ``/`` and ``@/`` from ``src/``): components, not
    unregistered pages. Bounded: the first 2,000 ``.mpx`` files."""
    used: set[str] = set()
    for rel in [f for f in project_files(project, ctx, "src/") if f.endswith(MPX_EXTS)][:2000]:
        text = read_text(project.root / "src" / rel, ctx)
        doc = read_json_block(text) if text is not None else None
        comps = doc.value.get("usingComponents") if doc is not None else None
        for target in comps.values() if isinstance(comps, dict) else ():
            if not isinstance(target, str) or "://" in target:
                continue
            target = target.split("?", 1)[0]
            if target.endswith(MPX_EXTS):
                target = target[: -len(".mpx")]
            if target.startswith("@/"):
                path = target[2:]
            elif target.startswith("/"):
                path = target.lstrip("/")
            else:
                path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
            used.add("src/" + path)
            used.add("src/" + path + "/index")
    return used


def _sub(sub: Any) -> Any:
    if not isinstance(sub, dict):
        return sub
    out = dict(sub)
    if isinstance(out.get("root"), str):
        out["root"] = _page(out["root"])
    return out


def _errors(doc: JsonDoc) -> list[tuple[str, int]]:
    """The JSON block's syntax errors (the value read is what precedes them): message, line."""
    return [(message[:200], line) for line, _col, message in doc.errors[:5]]


@hookimpl
def zizhi_extract(file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
    """The JSON of an ``.mpx`` file: app.mpx's as the app.json (read at load), a page's or a
    component's as its page JSON (``usingComponents``: a plugin's live player)."""
    if file.kind != "vue" or file.text is None or not file.relpath.lower().endswith(MPX_EXTS):
        return None
    if _ours(project) and file.project_relpath == project.manifest:
        doc = project.documents.get(project.manifest)
        return manifest_signals(file, project, doc) if doc is not None else []
    doc = read_json_block(file.text)
    return manifest_signals(file, project, doc) if doc is not None else []


@hookimpl
def zizhi_module_roots(project: Project, ctx: ScanContext) -> ModuleRoots | None:
    """``src/app`` (app.mpx and the script it names), every registered page; ``@/`` is ``src/``
    (the template's alias); a script beside an ``.mpx`` of the same stem (``<script src>``) is that
    page's or component's."""
    if not _ours(project):
        return None
    entries = ["src/app", "src/app.mpx"] + [f"src/{page}" for page in sorted(project.pages)]
    return ModuleRoots(entries=entries, aliases={"@/": "src/"}, bases=["src"],
                       units=(*ModuleRoots(entries=[]).units, *MPX_EXTS))
