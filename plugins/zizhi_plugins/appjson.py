"""The app.json family: the project shape WeChat set and Alipay, Douyin, Baidu, QQ and Kuaishou
copied (``app.json`` with pages and subpackages, a JSON file and a template per page), as a library
the platform plugins and the frameworks share. It is not a plugin: it implements no hook, and
``AppJsonPlatform`` makes a plugin of it for one platform's data.

* **Discovery** (``discover_native``): a platform's project files or appid prefix, else a bare
  ``app.json`` with ``pages`` whose templates are the platform's (``template_platform``);
  a ``miniprogramRoot`` that is a build output not in the repository reads its source folder.
* **Loading** (``load_app_project``): the project config, ``app.json``/``game.json`` (schema-checked
  for WeChat), registered pages and subpackages (recovered from the text of a broken manifest), and
  pages on disk that nothing registers or uses (``Project.unreachable``, ``ZZ008``).
* **Pages** (``registered_pages``, ``subpackages``; ``unreachable_page_files``): the one reader of
  ``pages`` and ``subpackages``/``subPackages``, of app.json and of what plays its part (uni-app's
  pages.json, Taro's app config), and the frameworks' unregistered page files.
* **Signals** (``manifest_signals``): plugins, private-info and background declarations,
  permissions, cloud, components — of an app.json, or of the object that plays its part (uni-app's
  ``manifest.json`` ``mp-weixin`` section, Taro's app config); ``backend_signals``.
* **Reachability** (``module_roots``): where the code starts.
* **JSON** (``read_json``, ``load_json``): manifests parsed with positions, diagnostics once.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from zizhi import hookimpl, safeio
from zizhi.context import ScanContext
from zizhi.discover import relroot
from zizhi.filecache import file_memo, open_cache
from zizhi.jsonpos import JsonDoc, parse_json
from zizhi.lazyre import lazy
from zizhi.model import Diagnostic, Location, ModuleRoots, Project, Severity, Signal, SourceFile
from zizhi.modules import SFC_EXTS
from zizhi.resources import schema_errors
from zizhi.textio import decode
from zizhi.walk import files_named, scan_listing

PAGE_EXTS = (".js", ".ts", ".json", ".wxss", ".less", ".scss", ".acss", ".ttss", ".css", ".qss", ".sjs")

#: Template extension -> the native platform whose projects use it (signals.md §1, addendum A.1).
TEMPLATE_EXTS: dict[str, str] = {
    ".wxml": "wechat", ".axml": "alipay", ".ttml": "douyin", ".swan": "baidu", ".qml": "qq", ".ksml": "kuaishou",
}


#: (listing, its length, the extension table, its template files with their platform) of the
#: listing last asked about: discovery asks about several folders of one listing of thousands of
#: files, most not templates
_TEMPLATES: list[tuple[list[str], int, dict[str, str], list[tuple[str, str]]]] = []


def _template_files(listing: list[str], exts: dict[str, str]) -> list[tuple[str, str]]:
    if _TEMPLATES and _TEMPLATES[0][0] is listing and _TEMPLATES[0][1] == len(listing) and _TEMPLATES[0][2] == exts:
        return _TEMPLATES[0][3]
    found = []
    for rel in listing:
        dot = rel.rfind(".")
        platform = exts.get(rel[dot:].lower()) if dot > 0 else None
        if platform:
            found.append((rel, platform))
    _TEMPLATES[:] = [(listing, len(listing), dict(exts), found)]
    return found


def _template_counts(listing: list[str], folder: str, exts: dict[str, str] | None, own: bool) -> dict[str, int]:
    """How many template files under ``folder`` each platform has; ``own``: not those of npm packages
    built into it (``miniprogram_npm/``, ``node_modules/``)."""
    exts = TEMPLATE_EXTS if exts is None else exts
    prefix = folder.rstrip("/") + "/" if folder else ""
    counts: dict[str, int] = {}
    for rel, platform in _template_files(listing, exts):
        if rel.startswith(prefix) and not (own and ("miniprogram_npm/" in rel or "node_modules/" in rel)):
            counts[platform] = counts.get(platform, 0) + 1
    return counts


def template_platform(listing: list[str], folder: str, exts: dict[str, str] | None = None) -> str | None:
    """The platform whose template files dominate ``folder`` (None: no templates at all); ``exts``:
    template extension -> platform (the platform table's, ``PlatformTable.template_exts``)."""
    return _dominant(_template_counts(listing, folder, exts, own=False))


def own_template_counts(listing: list[str], folder: str, exts: dict[str, str] | None = None) -> dict[str, int]:
    """How many of the app's own templates under ``folder`` each platform has: those of npm packages
    built into the folder (vant-weapp's .wxml in a Douyin project) are not counted."""
    return _template_counts(listing, folder, exts, own=True)


def template_platforms(listing: list[str], folders: Iterable[str], exts: dict[str, str] | None = None,
                       ) -> dict[str, str | None]:
    """``template_platform`` of each of ``folders`` (folder names without a trailing ``/``, "" the
    root), from one pass over the listing's templates: thousands of folders asked about one by one
    would read the listing thousands of times."""
    exts = TEMPLATE_EXTS if exts is None else exts
    wanted = set(folders)
    counts: dict[str, dict[str, int]] = {folder: {} for folder in wanted}
    for rel, platform in _template_files(listing, exts):
        at = -1
        while True:  # the root, then every folder above the file
            folder = rel[:at] if at >= 0 else ""
            if folder in wanted:
                have = counts[folder]
                have[platform] = have.get(platform, 0) + 1
            at = rel.find("/", at + 1)
            if at < 0:
                break
    return {folder: _dominant(have) for folder, have in counts.items()}


def _dominant(counts: dict[str, int]) -> str | None:
    if not counts:
        return None
    if "wechat" in counts and counts["wechat"] * 4 >= max(counts.values()):
        return "wechat"  # a few leftover .wxml in another platform's port do not make it WeChat
    return max(sorted(counts), key=lambda k: counts[k])


def read_json(path: Path, shown: str, ctx: ScanContext, quiet: bool = False) -> JsonDoc | None:
    """Parse a manifest. ``quiet`` during discovery: the project's own load reports problems once."""
    try:
        data = safeio.read_bytes(path, ctx)
    except OSError as exc:
        if not quiet:
            safeio.diagnose_unreadable(ctx, exc, shown)
        return None
    return _parse_json_bytes(data, shown, ctx, quiet)


def _parse_json_bytes(data: bytes, shown: str, ctx: ScanContext, quiet: bool = False) -> JsonDoc | None:
    decoded = decode(data)
    if decoded.text is None:
        if not quiet:
            ctx.diagnose("ZZ007", f"manifest skipped: {decoded.problem}", shown, severity=Severity.ERROR)
        return None
    doc = parse_json(decoded.text)
    if quiet:
        return doc
    for line, _col, msg in doc.errors[:3]:
        ctx.diagnose("ZZ003", f"invalid JSON: {msg}; values after this point may be missing", shown, line,
                     severity=Severity.ERROR)
    if doc.has_comments and not doc.errors:
        ctx.diagnose("ZZ003", "comments are not allowed in this JSON file (the WeChat tools reject them)",
                     shown, 1, severity=Severity.WARNING)
    return doc


def _validate(doc: JsonDoc, schema: str, shown: str, ctx: ScanContext) -> None:
    if doc.value is None:
        return
    for pointer, message in schema_errors(schema, doc.value)[:10]:
        where = "/".join(map(str, pointer)) or "(top level)"
        ctx.diagnose("ZZ004", f"{where}: {message}", shown, doc.line_of(*pointer), severity=Severity.WARNING)


#: Source folders a build reads from, most common first (a mini-game built by webpack, a
#: mini-program compiled by gulp or a TypeScript build: ``src/app.json`` -> ``dist/app.json``).
SOURCE_FOLDERS = ("src", "source", "miniprogram", "client", "app")
_BUILD_NAMES = frozenset({"dist", "build", "output", "out", "release", "unpackage"})


def source_of_build(listing: list[str], folder: str, app_root: str, game: bool) -> str | None:
    """The folder whose manifest a build compiles into ``app_root``, when ``project.config.json``
    points ``miniprogramRoot`` at a build output that is not in the repository: a folder directly
    under the project folder holding ``game.json`` (a mini-game) or ``app.json`` — ``src/`` first,
    else the only one. None when there is no such folder or several."""
    prefix = folder + "/" if folder else ""
    wanted = ("game.json", "app.json") if game else ("app.json", "game.json")
    found: dict[str, str] = {}
    for rel in listing:
        if not rel.startswith(prefix):
            continue
        parts = rel[len(prefix):].split("/")
        if len(parts) == 2 and parts[1] in wanted and parts[0] != app_root and parts[0] not in _BUILD_NAMES:
            have = found.get(parts[0])
            if have is None or wanted.index(parts[1]) < wanted.index(have):
                found[parts[0]] = parts[1]
    for name in SOURCE_FOLDERS:
        if name in found:
            return name
    return next(iter(found)) if len(found) == 1 else None


def classify_app_file(relpath: str, template_ext: str, also: tuple[str, ...] = ()) -> str | None:
    """Kinds of a native app.json-family project: its templates (``also``: other extensions the
    platform's devtools read, QQ's .wxml) and its JSON manifests."""
    low = relpath.lower()
    for ext in (template_ext, *also):
        if low.endswith(ext):
            return ext[1:]
    if low.endswith(".json"):
        return "json"
    return None


def _unit(path: str) -> str:
    return path.rsplit(".", 1)[0]


def load_app_project(project: Project, ctx: ScanContext, template_ext: str | tuple[str, ...]) -> None:
    """Read an app.json-family project (WeChat and the platforms that copied it): manifests,
    registered pages, pages on disk that nothing registers."""
    docs: dict[str, JsonDoc] = project.documents
    conf = project.project_config
    if conf:
        doc = load_json(project, conf, ctx, "project-config.schema.json")
        if doc:
            docs[conf] = doc
    if project.kind == "library":
        return  # no app.json: every page and component counts
    if not project.manifest:  # a mini-program's source without its app.json (the platform plugin's discovery)
        exts = (template_ext,) if isinstance(template_ext, str) else template_ext
        project.pages = set(loose_pages(project_files(project, ctx, ""), exts))
        where = "the scanned folder" if project.relroot in ("", ".") else f"'{project.relroot}'"
        ctx.diagnose("ZZ016", f"no app.json (nor project.config.json) in {where}: the "
                     f"{len(project.pages)} pages found under pages/ were read as registered pages; add the manifest "
                     "to the repository to scan what the mini-program registers",
                     project.rel("pages"), severity=Severity.WARNING)
        return  # no component is dropped: app.json's global usingComponents are not known
    shown = project.rel(project.manifest)
    built_from = project.built_from
    if built_from:
        name = posixpath.basename(project.manifest)
        ctx.diagnose("ZZ012", f"{conf or 'project.config.json'} points miniprogramRoot at '{built_from}', which is not "
                     f"in the repository (a build output); the source folder holding {name}, '{project.app_root}', "
                     "was read instead", project.rel(conf or project.manifest), severity=Severity.NOTE)
    if not (project.root / project.manifest).is_file():
        ctx.diagnose("ZZ004", f"{project.manifest} not found ({conf or 'project.config.json'} points here)", shown,
                     severity=Severity.ERROR)
        return
    doc = load_json(project, project.manifest, ctx,
                     "game.schema.json" if project.kind == "minigame" else "app.schema.json")
    if doc is None:
        return
    docs[project.manifest] = doc
    project.manifests[project.manifest] = doc.value
    if project.kind == "minigame":
        return
    app: Any = doc.value if isinstance(doc.value, dict) else {}
    if doc.errors and not isinstance(app.get("pages"), list):
        app = _recover_app(project, ctx, app, shown)
    pages = registered_pages(app)
    if isinstance(app.get("entryPagePath"), str):
        pages.add(app["entryPagePath"].strip("/"))
    project.pages = pages
    base = (project.app_root + "/") if project.app_root else ""
    exts = (template_ext,) if isinstance(template_ext, str) else template_ext
    match_page_case(project, ctx, project_files(project, ctx, base), exts, base, shown)
    _find_unreachable(project, ctx, app, template_ext)


#: uniCloud's first layout (HBuilderX 2.x; the uni-app build still resolves it): a service space's cloud
#: functions in a folder of the project named after its provider (the uni-app and backend plugins')
LEGACY_UNICLOUD = ("cloudfunctions-aliyun", "cloudfunctions-tcb")

#: at most this many ZZ017 diagnostics a project (the rest are counted in the last one)
_MAX_CASE_NOTES = 10


def match_page_case(project: Project, ctx: ScanContext, files: Iterable[str], exts: tuple[str, ...],
                    base: str = "", shown: str = "") -> None:
    """Registered pages (``project.pages``) whose path differs from a page file's only in letter case
    (``pages/dynamic/submit/index`` registered, ``pages/Dynamic/submit/index.vue`` on disk) become that
    file's unit, with a warning (``ZZ017``): the build finds it on a case-insensitive disk, where its
    developers run it. Only when exactly one page file matches so (two that differ only in case: which
    one the build takes depends on the disk, and neither is assumed). ``files``: paths relative to
    ``base`` (the folder the pages are relative to); ``shown``: the manifest, for the diagnostic."""
    exact: set[str] = set()
    folded: dict[str, set[str]] = {}
    for f in files:
        if f.lower().endswith(exts):
            unit = _unit(f)
            exact.add(unit)
            folded.setdefault(unit.lower(), set()).add(unit)
    fixed: list[tuple[str, str]] = []
    for page in sorted(project.pages):
        if page in exact or (page + "/index") in exact:
            continue
        found = folded.get(page.lower())
        if found is not None and len(found) == 1:
            fixed.append((page, next(iter(found))))
    for i, (page, unit) in enumerate(fixed):
        project.pages.discard(page)
        project.pages.add(unit)
        if i >= _MAX_CASE_NOTES:
            continue
        where = shown or project.manifest
        if i == _MAX_CASE_NOTES - 1 and len(fixed) > _MAX_CASE_NOTES:
            ctx.diagnose("ZZ017", f"page '{page}' is registered in {where}, but its file is '{base}{unit}' (letter "
                         "case differs): read as that page; a build on a case-sensitive disk does not find it "
                         f"({len(fixed) - _MAX_CASE_NOTES} more alike)", project.rel(base + unit),
                         severity=Severity.WARNING)
        else:
            ctx.diagnose("ZZ017", f"page '{page}' is registered in {where}, but its file is '{base}{unit}' (letter "
                         "case differs): read as that page; a build on a case-sensitive disk does not find it",
                         project.rel(base + unit), severity=Severity.WARNING)


def loose_pages(files: list[str], exts: tuple[str, ...]) -> list[str]:
    """The pages (paths without extension) of ``files`` that no manifest registers but their place:
    a template of ``exts`` under a ``pages/`` folder with its script beside it (``pages/a/a.wxml`` and
    ``pages/a/a.js``), for a mini-program whose app.json the repository left out (``ZZ016``)."""
    listed = set(files)
    return [unit for f in files if f.endswith(exts) and (f.startswith("pages/") or "/pages/" in f)
            for unit in (_unit(f),) if unit + ".js" in listed or unit + ".ts" in listed]


def subpackages(manifest: Any) -> Iterator[dict[str, Any]]:
    """The subpackage objects of an app.json, a uni-app pages.json or a Taro app config, under
    either spelling (``subpackages``, ``subPackages``: the platforms accept both)."""
    if not isinstance(manifest, dict):
        return
    for key in ("subpackages", "subPackages"):
        subs = manifest.get(key)
        for sub in subs if isinstance(subs, list) else []:
            if isinstance(sub, dict):
                yield sub


def registered_pages(manifest: Any, entries: str = "names") -> set[str]:
    """The pages a manifest registers: ``pages`` and each subpackage's ``pages`` under its
    ``root``, without leading or trailing slashes. ``entries``: how a page is written — ``names``
    (app.json, a Taro app config: ``"pages/index/index"``) or ``paths`` (uni-app's pages.json:
    ``{"path": "pages/index/index"}``). What is not a list of such entries registers nothing."""

    def name(item: Any) -> str | None:
        if entries == "paths":
            item = item.get("path") if isinstance(item, dict) else None
        return item.strip("/") if isinstance(item, str) else None

    def names(items: Any) -> Iterator[str]:
        for item in items if isinstance(items, list) else []:
            page = name(item)
            if page is not None:
                yield page

    data = manifest if isinstance(manifest, dict) else {}
    pages = set(names(data.get("pages")))
    for sub in subpackages(data):
        root = sub.get("root")
        if isinstance(root, str):
            pages.update(posixpath.join(root.strip("/"), page) for page in names(sub.get("pages")))
    return pages


_PAGES_LIST = lazy(r'"pages"\s*:\s*\[([^\[\]]*)\]')
_ROOT = lazy(r'"root"\s*:\s*"([^"\\]*)"')
_STRING = lazy(r'"([^"\\]*)"')


def _recover_app(project: Project, ctx: ScanContext, app: dict[str, Any], shown: str) -> dict[str, Any]:
    """The pages and subpackages of an app.json that could not be parsed, found in its text: a
    truncated or broken manifest must not drop every page's signals (they would all be
    "unregistered")."""
    try:
        text = decode(safeio.read_bytes(project.root / project.manifest, ctx)).text or ""
    except OSError:
        return app
    pages: list[str] = []
    subpackages: list[dict[str, Any]] = []
    for m in _PAGES_LIST.finditer(text):
        names = _STRING.findall(m.group(1))
        opening = text.rfind("{", 0, m.start())
        closing = text.find("}", m.end())
        owner = text[opening + 1:closing if closing >= 0 else len(text)] if opening > 0 else ""
        root = _ROOT.search(owner) if opening > 0 else None
        if root is not None:
            subpackages.append({"root": root.group(1), "pages": names})
        elif not pages:
            pages = names
    if not pages and not subpackages:
        return app
    recovered = dict(app)
    recovered["pages"] = pages
    if subpackages:
        recovered["subpackages"] = subpackages
    count = len(pages) + sum(len(s["pages"]) for s in subpackages)
    ctx.diagnose("ZZ003", f"{project.manifest} could not be parsed; {count} page(s) recovered from its text",
                 shown, severity=Severity.WARNING)
    return recovered


def project_files(project: Project, ctx: ScanContext, base: str = "") -> list[str]:
    """The files of the scan's listing under the project's root (and ``base`` in it, ending in
    ``/``), relative to that folder: what the unreachable-page readers look through."""
    scan_root = ctx.scan_root or project.root
    listing = scan_listing(ctx.listings, scan_root, lambda c, m, p: None)
    prefix = ("" if project.relroot == "." else project.relroot + "/") + base
    return [p[len(prefix):] for p in listing if p.startswith(prefix)]


_PLACED_UNITS = ("custom-tab-bar/index", "customize-tab-bar/index", "app-bar/index")


def _find_unreachable(project: Project, ctx: ScanContext, app: dict[str, Any], ext: str | tuple[str, ...]) -> None:
    """Pages that exist on disk but that app.json never registers, and components that no
    reachable page or component uses (a template's leftovers: a component of unregistered pages).
    What is reached starts at app.json (its global ``usingComponents``), the registered pages and
    the units the framework loads by their place (``custom-tab-bar``, Alipay's ``customize-tab-bar``,
    ``app-bar``), and follows each reached unit's ``usingComponents`` (and ``componentPlaceholder``, and
    ``componentGenerics``' defaults; a path through app.json's ``resolveAlias`` too) and ``<import
    src>``/``<include src>``. A component under ``miniprogram_npm`` or ``node_modules`` (a package's) is never dropped,
    and when a reached unit's JSON cannot be read, no component is (what it uses is not known)."""
    exts = (ext,) if isinstance(ext, str) else ext
    base = (project.app_root + "/") if project.app_root else ""
    app_files = project_files(project, ctx, base)
    units: dict[str, list[str]] = {}
    for f in app_files:
        if f.endswith((*PAGE_EXTS, *exts)):
            units.setdefault(_unit(f), []).append(f)
    docs: dict[str, JsonDoc] = project.documents

    aliases: list[tuple[str, str]] = []  # resolveAlias {"~/*": "/*", "@comp/*": "/components/*"}, as module_roots
    resolve = app.get("resolveAlias")
    for key, folder in resolve.items() if isinstance(resolve, dict) else ():
        if isinstance(key, str) and isinstance(folder, str) and key.endswith("/*") and folder.endswith("/*"):
            aliases.append((key[:-1], folder[:-1].lstrip("/")))

    def refs(owner_unit: str, data: Any) -> set[str]:
        found: set[str] = set()
        for key in ("usingComponents", "componentPlaceholder", "componentGenerics"):
            comps = data.get(key) if isinstance(data, dict) else None
            for target in comps.values() if isinstance(comps, dict) else ():
                if key == "componentGenerics":  # {"selectable": {"default": "path/to/default"}}
                    target = target.get("default") if isinstance(target, dict) else None
                if not isinstance(target, str) or "://" in target:
                    continue
                for prefix, folder in aliases:
                    if target.startswith(prefix):
                        found.add(posixpath.normpath(folder + target[len(prefix):]))
                if target.startswith("/"):
                    found.add(posixpath.normpath(target.strip("/")))
                else:
                    found.add(posixpath.normpath(posixpath.join(posixpath.dirname(owner_unit), target)))
                    found.add(posixpath.normpath(target))
                    found.add(posixpath.normpath(posixpath.join("miniprogram_npm", target)))
        return found

    uses: dict[str, set[str]] = {}  # unit -> the units its JSON and templates name
    components: set[str] = set()
    unknown: set[str] = set()  # units whose JSON is there but could not be read
    for unit, members in units.items():
        if not any(m.endswith(exts) for m in members):
            continue
        named: set[str] = set()
        for m in members:  # <import src> / <include src> pull templates into a page
            if m.endswith(exts):
                named.update(_template_refs(project.root / (base + m), unit, m[m.rfind("."):], ctx))
        if unit + ".json" in members:
            json_rel = base + unit + ".json"
            doc = load_json(project, json_rel, ctx, "page.schema.json")
            if doc is None or doc.errors:  # (a broken JSON's value is what could be recovered)
                unknown.add(unit)
            if doc is not None:
                docs[json_rel] = doc
                named |= refs(unit, doc.value)
                if isinstance(doc.value, dict) and doc.value.get("component") is True:
                    components.add(unit)
        uses[unit] = named

    def unit_of(ref: str) -> str | None:
        return ref if ref in uses else (posixpath.join(ref, "index") if posixpath.join(ref, "index") in uses
                                        else None)

    # units the framework loads by their place: WeChat's (and QQ's, Douyin's) custom tab bar and app bar,
    # Alipay's customize-tab-bar
    seeds = {page for page in project.pages if page in uses} | {u for u in _PLACED_UNITS if u in uses}
    seeds |= {u for r in refs("", app) if (u := unit_of(r)) is not None}
    reached: set[str] = set()
    todo = sorted(seeds)
    while todo:
        unit = todo.pop()
        if unit in reached:
            continue
        reached.add(unit)
        todo.extend(u for r in uses.get(unit, ()) if (u := unit_of(r)) is not None and u not in reached)
    keep_components = bool(unknown & reached)
    unreachable: set[str] = set()
    for unit in uses:
        if unit in reached or unit in project.pages:
            continue
        if unit in components and (keep_components or unit.startswith(("miniprogram_npm/", "node_modules/"))
                                   or "/miniprogram_npm/" in unit or "/node_modules/" in unit):
            continue
        unreachable.add(unit)
    project.unreachable = {
        base + m: base + unit for unit in sorted(unreachable) for m in units[unit]
    }
    project.unused_components = sorted(base + unit for unit in unreachable if unit in components)


_IMPORT = lazy(r"""(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["']([^"'\n]+)["']""")


def unreachable_page_files(project: Project, ctx: ScanContext, page_dirs: set[str], exts: tuple[str, ...],
                           base: str = "") -> dict[str, str]:
    """A framework's pages (uni-app, Taro), the counterpart of app.json's: page files (``exts``)
    under ``page_dirs`` of ``base`` that ``project.pages`` does not register and no source file
    imports: project-relative path -> page unit (for ``ZZ008``). Files in a ``components`` folder
    and ``*.config.*`` files are never pages."""
    files = project_files(project, ctx, base)
    imported: set[str] = set()
    for f in files:
        if not f.lower().endswith((*SFC_EXTS, ".js", ".ts", ".jsx", ".tsx")) or "node_modules/" in f:
            continue
        try:
            text = safeio.read_text(project.root / base / f, ctx)
        except OSError:
            continue
        for spec in _IMPORT.findall(text):
            imported.add(_resolve(spec, f))
    imported = {i.lower() for i in imported}  # (an import in another letter case loads it: Resolver.find)
    unreachable: dict[str, str] = {}
    for f in files:
        if not f.lower().endswith(exts) or f.split("/", 1)[0] not in page_dirs:
            continue
        if "components" in f.split("/")[:-1] or ".config." in posixpath.basename(f):
            continue  # components are used through easycom or imports; page configs are data
        unit = f.rsplit(".", 1)[0]
        if unit in project.pages or unit.lower() in imported or f.lower() in imported:
            continue
        if unit.endswith("/index") and unit[: -len("/index")].lower() in imported:
            continue
        unreachable[base + f] = base + unit
    return unreachable


def _resolve(spec: str, importer: str) -> str:
    spec = spec.split("?", 1)[0]
    if spec.startswith(("@/", "~@/")):
        target = spec.split("/", 1)[1]
    elif spec.startswith("/"):
        target = spec.lstrip("/")
    elif spec.startswith("."):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec))
    else:
        target = spec
    for ext in (*SFC_EXTS, ".tsx", ".jsx", ".ts", ".js"):
        if target.endswith(ext):
            return target[: -len(ext)]
    return target


# "[^<>]*?": the attributes end at the next "<" (with "[^>]*?", every "<import " rescanned the rest of
# a template without ">": quadratic).
_TEMPLATE_REF = lazy(r"<\s*(?:import|include)\s+[^<>]*?src\s*=\s*[\"']([^\"']+)[\"']", re.I)


def _template_refs(path: Path, unit: str, ext: str = ".wxml", ctx: ScanContext | None = None) -> set[str]:
    """Units a template pulls in with ``<import src>`` / ``<include src>``."""

    def sources(data: bytes) -> list[str]:
        return list(_TEMPLATE_REF.findall(data.decode("utf-8", "replace")))

    try:
        found = file_memo(ctx, path, "wechat.template-refs", sources, lambda v: [str(src) for src in v]) \
            if ctx is not None else sources(safeio.read_bytes(path))
    except OSError:
        return set()
    out = set()
    for src in found:
        target = src[: -len(ext)] if src.endswith(ext) else src
        if target.startswith("/"):
            out.add(posixpath.normpath(target.strip("/")))
        else:
            out.add(posixpath.normpath(posixpath.join(posixpath.dirname(unit), target)))
    return out


def load_json(project: Project, rel: str, ctx: ScanContext, schema: str = "") -> JsonDoc | None:
    """A project's JSON file (project config, app.json, a page's or component's JSON), parsed and
    validated against ``schema`` (WeChat's files only; the project config for every platform),
    with its diagnostics; remembered per file in the cache, since a project has hundreds of them."""
    shown = project.rel(rel)
    if project.platform != "wechat" and schema != "project-config.schema.json":
        schema = ""  # the schemas describe WeChat's files; Alipay's tabBar has "items", not "list" ...

    def parse(data: bytes) -> tuple[JsonDoc | None, list[Diagnostic]]:
        diags: list[Diagnostic] = []
        sink = ScanContext(pm=ctx.pm, catalogue=ctx.catalogue, policy=ctx.policy, diagnostics=diags)
        doc = _parse_json_bytes(data, shown, sink)
        if doc is not None and schema:
            _validate(doc, schema, shown, sink)
        return doc, diags

    def load(data: bytes) -> dict[str, Any]:
        doc, diags = parse(data)
        return {"doc": doc.to_json() if doc is not None else None,
                "diagnostics": [[d.code, d.message, d.location.line, d.severity.value] for d in diags]}

    def decode(value: Any) -> tuple[JsonDoc | None, list[tuple[str, str, int, Severity]]]:
        diags = [(str(code), str(message), int(line), Severity(severity))
                 for code, message, line, severity in value["diagnostics"]]
        return (JsonDoc.from_json(value["doc"]) if value["doc"] is not None else None), diags

    try:
        if open_cache(ctx) is None:  # nothing to keep: the document as parsed (its positions found when asked)
            doc, found = parse(safeio.read_bytes(project.root / rel, ctx))
            diags = [(d.code, d.message, d.location.line, d.severity) for d in found]
        else:
            doc, diags = file_memo(ctx, project.root / rel, f"wechat.json {schema}", load, decode)
    except OSError as exc:
        safeio.diagnose_unreadable(ctx, exc, shown)
        return None
    for code, message, line, severity in diags:
        ctx.diagnose(code, message, shown, line, severity=severity)
    return doc


def _signal(kind: str, name: str, file: SourceFile, doc: JsonDoc, *pointer: str | int, **attrs: str) -> Signal:
    line, col = doc.pos_of(*pointer)
    return Signal(kind, name, Location(file.relpath, line, col), attrs=dict(attrs), origin=file.origin)


def plugin_signals(file: SourceFile, doc: JsonDoc, data: dict[str, Any], prefix: tuple[str, ...] = ()) -> list[Signal]:
    """The plugins a manifest declares, ``plugins.provider:<appid>`` each: the app's (``plugins``)
    and its subpackages' (``subPackages[i].plugins``: a plugin used only in a subpackage, such as
    the live-streaming plugin, is declared there; uni-app's ``pages.json`` holds them alike)."""
    out: list[Signal] = []
    places: list[tuple[Any, tuple[str | int, ...]]] = [(data.get("plugins"), ("plugins",))]
    for key in ("subPackages", "subpackages"):
        subs = data.get(key)
        if isinstance(subs, list):
            places += [(sub.get("plugins"), (key, i, "plugins")) for i, sub in enumerate(subs[:1000])
                       if isinstance(sub, dict)]
    for plugins, pointer in places:
        if not isinstance(plugins, dict):
            continue
        for alias, spec in plugins.items():
            provider = spec.get("provider") if isinstance(spec, dict) else None
            if isinstance(provider, str):
                out.append(_signal("manifest", f"plugins.provider:{provider}", file, doc, *prefix, *pointer, alias,
                                   alias=alias))
    return out


def manifest_signals(file: SourceFile, project: Project, doc: JsonDoc | None = None,
                     prefix: tuple[str, ...] = ()) -> list[Signal]:
    """Signals of an app.json-family manifest read by ``load_app_project``; or of the object at
    ``prefix`` in ``doc`` (uni-app's ``manifest.json`` ``mp-weixin`` section is such an app.json)."""
    if doc is None:
        # Each JSON file is extracted once per project, and nothing reads its parsed document after
        # that: let go of it (a project has thousands of page JSONs, each with its positions).
        doc = project.documents.pop(file.project_relpath, None)
    if doc is None:
        return []
    data: Any = doc.value
    for key in prefix:
        data = data.get(key) if isinstance(data, dict) else None
    if not isinstance(data, dict):
        return []
    out: list[Signal] = []

    def _sig(kind: str, name: str, file: SourceFile, doc: JsonDoc, *pointer: str | int, **attrs: str) -> Signal:
        return _signal(kind, name, file, doc, *prefix, *pointer, **attrs)

    out += plugin_signals(file, doc, data, prefix)
    for key in ("requiredPrivateInfos", "requiredBackgroundModes"):
        items = data.get(key)
        if isinstance(items, list):
            for i, item in enumerate(items):
                if isinstance(item, str):
                    out.append(_sig("manifest", f"{key}:{item}", file, doc, key, i))
    permission = data.get("permission")
    if isinstance(permission, dict):
        for scope in permission:
            out.append(_sig("manifest", f"permission:{scope}", file, doc, "permission", scope))
    if data.get("cloud") is True:
        out.append(_sig("manifest", "cloud:true", file, doc, "cloud"))
    # the components a page declares; Baidu's dynamic libraries' components are declared under
    # usingSwanComponents too ("comment-list": "dynamicLib://myDynamicLib/comment-list"): one kind of signal
    for key in ("usingComponents", "usingSwanComponents"):
        comps = data.get(key)
        for tag, target in comps.items() if isinstance(comps, dict) else ():
            if isinstance(target, str):
                out.append(_sig("manifest", f"usingComponents:{target}", file, doc, key, tag, tag=tag))
    # Douyin: a page or component built on an industry plugin extends it ("extends":
    # "ext://industry/playlet-plugin", the 短剧 plugin's player)
    if isinstance(data.get("extends"), str) and "://" in data["extends"][:64]:
        out.append(_sig("manifest", f"extends:{data['extends'][:200]}", file, doc, "extends"))
    if file.project_relpath == project.manifest and project.kind == "minigame":
        out.append(_sig("project", "project.kind:minigame", file, doc))
        if isinstance(data.get("openDataContext"), str):
            out.append(_sig("manifest", "openDataContext", file, doc, "openDataContext"))
    return out


def _folder(value: Any) -> str | None:
    """A manifest's folder setting (``"workers": "workers"`` or ``{"path": "workers"}``)."""
    if isinstance(value, dict):
        value = value.get("path")
    return value.strip("./").strip("/") if isinstance(value, str) and value.strip("./") else None


def module_roots(project: Project) -> ModuleRoots | None:
    """Where an app.json-family project's code starts: ``app.js`` (``game.js``), every page and
    component (a template beside its script), the worker and open-data folders, a mini-game's
    subpackages (``root/game.js``); ``/x`` and ``resolveAlias`` from the app root."""
    if project.kind not in ("miniprogram", "minigame"):
        return None
    base = project.app_root + "/" if project.app_root else ""
    app = project.app_manifest
    entries = [base + ("game" if project.kind == "minigame" else "app")]
    entries += [base + page for page in sorted(project.pages)]
    for key in ("workers", "openDataContext"):
        folder = _folder(app.get(key))
        if folder:
            entries.append(f"{base}{folder}/")
    plugins = app.get("plugins")  # {"name": {"provider": ..., "export": "exports.js"}}: the app's file the plugin loads
    for spec in plugins.values() if isinstance(plugins, dict) else []:
        export = spec.get("export") if isinstance(spec, dict) else None
        if isinstance(export, str) and export.strip("./"):
            entries.append(base + export.lstrip("./").lstrip("/"))
    for sub in subpackages(app):
        root = _folder(sub.get("root"))
        if root and project.kind == "minigame":  # a folder with its game.js, or a .js file
            entries += [f"{base}{root}/game", f"{base}{root}"]
    aliases: dict[str, str] = {}
    resolve = app.get("resolveAlias")  # {"~/*": "/*", "@utils/*": "utils/*"}
    for key, target in (resolve.items() if isinstance(resolve, dict) else []):
        if isinstance(key, str) and isinstance(target, str) and key.endswith("/*") and target.endswith("/*"):
            folder = target[:-1].lstrip("/")
            aliases[key[:-1]] = base + folder
    return ModuleRoots(entries=entries, aliases=aliases, bases=[project.app_root])


def backend_signals(project: Project) -> list[Signal]:
    """A non-empty cloud-functions folder; and that a mini-game is one even when its ``game.json``
    could not be read (``project.config.json`` says ``compileType: game``)."""
    out = []
    if project.kind == "minigame" and not isinstance(project.manifests.get(project.manifest), dict):
        out.append(Signal("project", "project.kind:minigame",
                          Location(project.rel(project.project_config or project.manifest))))
    if project.cloudfunction_roots is not None:
        roots = project.cloudfunction_roots
    else:  # the folders the platform declared or that are named so; a server found by its content
        # (a Spring Cloud service, an Express app beside the mini-program) is no cloud function
        cloud = {b["root"] for b in project.backends if b.get("kind") in ("cloudfunctions", "unicloud")}
        roots = [r for r in project.backend_roots if project.rel(r) in cloud] if project.backends else \
            project.backend_roots
    for root in roots:
        folder = project.root / root
        if folder.is_dir() and any(p.is_dir() for p in folder.iterdir()):
            out.append(Signal("project", "project.cloudfunctions", Location(project.rel(root)),
                              origin="backend"))
    return out


# ---------------------------------------------------------------- the app.json family
# Alipay, Douyin, Baidu, QQ and Kuaishou copied WeChat's project shape (app.json with pages and
# subpackages, page JSON, one template per page). Their plugins reuse these functions with their
# own template extension and project files.


def discover_native(path: Path, ctx: ScanContext, platform: str, template_ext: str,
                    project_files: tuple[str, ...] = (), appid_prefix: str = "",
                    config_keys: tuple[str, ...] = (), root_key: str = "") -> list[Project]:
    """Roots of one native platform: a folder with one of ``project_files`` (or a
    ``project.config.json`` whose appid starts with ``appid_prefix``, or that holds one of
    ``config_keys`` and no other platform's appid), else a bare ``app.json`` with ``pages`` whose
    templates are ``template_ext`` files. ``root_key``: the key of a project file naming the folder
    of app.json (Alipay's ``mini.project.json`` ``miniprogramRoot``, Baidu's ``project.swan.json``
    ``smartProgramRoot``), as ``project.config.json``'s ``miniprogramRoot`` does."""
    listing = scan_listing(ctx.listings, path, lambda c, m, p: ctx.diagnose(c, m, p))
    present = set(listing)
    scan_root = ctx.scan_root or path
    projects: dict[str, Project] = {}

    def add(folder: str, app_root: str, conf_rel: str) -> None:
        base = f"{folder}/{app_root}".strip("/")
        built_from = ""
        if app_root and not (path / base).is_dir():  # a build output, not in the repository
            source = source_of_build(listing, folder, app_root, False)
            if source is not None:
                built_from, app_root = app_root, source
                base = f"{folder}/{app_root}".strip("/")
        prefix = base + "/" if base else ""
        game = f"{prefix}game.json" in present and f"{prefix}app.json" not in present
        root = path / folder if folder else path
        manifest = posixpath.join(app_root, "game.json" if game else "app.json") if app_root else \
            ("game.json" if game else "app.json")
        project = Project(root=root, relroot=relroot(root, scan_root), platform=platform, framework="native",
                          kind="minigame" if game else "miniprogram", manifest=manifest, app_root=app_root)
        project.project_config = conf_rel
        project.built_from = built_from
        projects[folder] = project

    for rel in files_named(ctx.listings, path, *project_files, "project.config.json"):
        name, folder = posixpath.basename(rel), posixpath.dirname(rel)
        if name in project_files:
            app_root = ""
            if root_key:
                doc = read_json(path / rel, rel, ctx, quiet=True)
                value = doc.value.get(root_key) if doc and isinstance(doc.value, dict) else None
                app_root = value.strip("./") if isinstance(value, str) else ""
            add(folder, app_root, name if app_root else "")
        elif name == "project.config.json" and (appid_prefix or config_keys):
            doc = read_json(path / rel, rel, ctx, quiet=True)
            conf = doc.value if doc and isinstance(doc.value, dict) else {}
            mp_root = conf.get("miniprogramRoot")
            app_root = mp_root.strip("./") if isinstance(mp_root, str) else ""
            templates = own_template_counts(listing, f"{folder}/{app_root}".strip("/"),
                                            ctx.platform_table().template_exts())
            if config_platform(conf, ctx.platform_table(), templates) == platform:
                add(folder, app_root, "")
    for rel in files_named(ctx.listings, path, "app.json"):
        folder = posixpath.dirname(rel)
        if any(folder == c or folder.startswith(c + "/") or c == "" for c in projects):
            continue
        if template_platform(listing, folder, ctx.platform_table().template_exts()) != platform:
            continue
        doc = read_json(path / rel, rel, ctx, quiet=True)
        if doc and isinstance(doc.value, dict) and "pages" in doc.value:
            add(folder, "", "")
    return list(projects.values())


def config_platform(conf: dict[str, Any], table: Any, templates: dict[str, int] | None = None) -> str | None:
    """The platform a ``project.config.json`` names: by its appid's prefix (``tt…`` Douyin, ``wx…``
    WeChat), else by a key only that platform's devtools write (QQ's ``qqappid``, Douyin's
    ``douyinProjectType``); None if neither. ``templates``: the app's own templates per platform
    (``own_template_counts``), if known: a key gives way when the app holds templates and none of them
    is one its platform reads (a WeChat project of .wxml only, copied into a Douyin IDE's folder, stays
    WeChat's; a Douyin port with .ttml pages beside leftover .wxml is Douyin's; QQ reads .wxml, so a QQ
    project of .wxml stays QQ's)."""
    appid = str(conf.get("appid", ""))
    for entry in table:
        if entry.appid_prefix and appid.startswith(entry.appid_prefix):
            return str(entry.id)
    for entry in table:
        if any(key in conf for key in entry.project_config_keys):
            if not templates or templates.get(str(entry.id)):
                return str(entry.id)
            readable = {entry.template_ext, *entry.also_template_exts}
            if any(getattr(table.get(other), "template_ext", None) in readable for other in templates):
                return str(entry.id)
            return None
    return None


class AppJsonPlatform:
    """A native platform shaped like WeChat (Alipay, Douyin, Baidu, QQ, Kuaishou): ``app.json``
    pages and subpackages, page JSON, one template per page. The platform differs only in data —
    its name, template extension, project files (and the key of theirs naming the app's folder) and
    appid prefix — so each is an instance of this
    plugin rather than a copy of it. API names are catalogue data (``[namespaces]``).
    """

    def __init__(self, platform: str, template_ext: str, project_files: tuple[str, ...] = (),
                 appid_prefix: str = "", project_config_keys: tuple[str, ...] = (),
                 also_template_exts: tuple[str, ...] = (), project_root_key: str = ""):
        self.platform = platform
        self.template_ext = template_ext
        self.project_files = project_files
        self.appid_prefix = appid_prefix
        self.project_config_keys = project_config_keys
        self.also_template_exts = also_template_exts
        self.project_root_key = project_root_key
        self.__name__ = f"zizhi_plugins.{platform}"  # shown by `zizhi plugins`

    def _ours(self, project: Project) -> bool:
        return project.platform == self.platform and project.framework == "native"

    @hookimpl
    def zizhi_discover(self, path: Path, ctx: ScanContext) -> list[Project]:
        return discover_native(path, ctx, self.platform, self.template_ext, self.project_files, self.appid_prefix,
                               self.project_config_keys, self.project_root_key)

    @hookimpl
    def zizhi_classify_file(self, relpath: str, project: Project) -> str | None:
        return classify_app_file(relpath, self.template_ext, self.also_template_exts) if self._ours(project) else None

    @hookimpl
    def zizhi_load_project(self, project: Project, ctx: ScanContext) -> None:
        if self._ours(project):
            load_app_project(project, ctx, (self.template_ext, *self.also_template_exts))

    @hookimpl
    def zizhi_extract(self, file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
        if file.kind != "json" or not self._ours(project):
            return None
        return manifest_signals(file, project)

    @hookimpl
    def zizhi_project_signals(self, project: Project, ctx: ScanContext) -> list[Signal] | None:
        return backend_signals(project) if self._ours(project) else None

    @hookimpl
    def zizhi_module_roots(self, project: Project, ctx: ScanContext) -> ModuleRoots | None:
        return module_roots(project) if self._ours(project) else None
