"""WeChat mini-programs and mini-games: finding roots, reading manifests, page registration.
What WeChat shares with the platforms that copied its project shape is the library
``zizhi_plugins.appjson``.

Roots: ``project.config.json`` (``miniprogramRoot``, ``compileType``, ``cloudfunctionRoot``),
else a bare ``app.json`` with ``pages`` or a ``game.json``. Manifests are parsed with positions
and validated against ``schemas/app.schema.json``, ``game.schema.json`` and
``project-config.schema.json``: a wrong type is a diagnostic; unknown keys are not.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.discover import relroot
from zizhi.model import ModuleRoots, Project, Signal, SourceFile
from zizhi.walk import files_named, scan_listing
from zizhi_plugins.appjson import (
    backend_signals,
    classify_app_file,
    config_platform,
    load_app_project,
    loose_pages,
    manifest_signals,
    module_roots,
    own_template_counts,
    read_json,
    source_of_build,
    template_platform,
    template_platforms,
)


@hookimpl
def zizhi_discover(path: Path, ctx: ScanContext) -> list[Project]:
    exts = ctx.platform_table().template_exts()
    listing = scan_listing(ctx.listings, path, lambda c, m, p: ctx.diagnose(c, m, p))
    projects: dict[str, Project] = {}
    claimed_app_roots: set[str] = set()
    foreign: dict[str, str] = {}  # folder -> another platform, whose plugin claims it
    for rel in files_named(ctx.listings, path, "mini.project.json"):
        foreign[posixpath.dirname(rel)] = "alipay"
    for rel in files_named(ctx.listings, path, "project.config.json"):
        folder = posixpath.dirname(rel)
        doc = read_json(path / rel, rel, ctx, quiet=True)
        conf = doc.value if doc and isinstance(doc.value, dict) else {}
        mp_root = conf.get("miniprogramRoot")
        app_root = mp_root.strip("./") if isinstance(mp_root, str) else ""
        other = config_platform(conf, ctx.platform_table(),
                                own_template_counts(listing, f"{folder}/{app_root}".strip("/"), exts))
        if other not in (None, "wechat"):
            foreign[folder] = other  # tt…, qqappid: not ours, the Douyin or QQ plugin reads it
            if app_root:  # and its app.json where it points
                foreign[f"{folder}/{app_root}".strip("/")] = other
            continue
        game = conf.get("compileType") == "game"
        base = f"{folder}/{app_root}".strip("/") if folder else app_root
        built_from = ""
        if app_root and not (path / base).is_dir():  # a build output, not in the repository
            src_root = conf.get("srcMiniprogramRoot")  # the devtools' own name for the source folder
            src_root = src_root.strip("./") if isinstance(src_root, str) else ""
            source = src_root if src_root and (path / folder / src_root).is_dir() else \
                source_of_build(listing, folder, app_root, game)
            if source is not None:
                built_from, app_root = app_root, source
                base = f"{folder}/{app_root}".strip("/") if folder else app_root
        other = template_platform(listing, base, exts)
        if other not in (None, "wechat"):
            foreign[folder] = other  # .ttml/.axml/... and no .wxml: another platform's project
            continue
        manifest_name = "game.json" if game else "app.json"
        if not game and f"{base}/app.json".lstrip("/") not in listing and \
                f"{base}/game.json".lstrip("/") in listing:
            game, manifest_name = True, "game.json"
        manifest = posixpath.join(app_root, manifest_name) if app_root else manifest_name
        root = path / folder if folder else path
        cloud = conf.get("cloudfunctionRoot")
        jsserver = conf.get("jsserverRoot")  # a mini-game's server-side JS (interactive friend data)
        project = Project(
            root=root, relroot=relroot(root, ctx.scan_root or path),
            platform="wechat", framework="native", kind="minigame" if game else "miniprogram",
            manifest=manifest, app_root=app_root,
        )
        for server in (cloud, jsserver):
            if isinstance(server, str) and server.strip("./") and server.strip("./") not in project.backend_roots:
                project.backend_roots.append(server.strip("./"))
        if project.root.joinpath("cloudfunctions").is_dir() and "cloudfunctions" not in project.backend_roots:
            project.backend_roots.append("cloudfunctions")
        js_root = jsserver.strip("./") if isinstance(jsserver, str) else ""
        # cloud-function folders (other backends join later)
        project.cloudfunction_roots = [b for b in project.backend_roots if b != js_root]
        project.project_config = "project.config.json"
        project.built_from = built_from
        projects[folder] = project
        claimed_app_roots.add(base)
    for rel in files_named(ctx.listings, path, "app.json", "game.json"):
        name = posixpath.basename(rel)
        folder = posixpath.dirname(rel)
        if folder in claimed_app_roots or folder in projects or folder in foreign:
            continue
        if template_platform(listing, folder, exts) not in (None, "wechat"):
            continue  # an Alipay/Douyin/Baidu/QQ/Kuaishou project: its own plugin claims it
        doc = read_json(path / rel, rel, ctx, quiet=True)
        value = doc.value if doc else None
        if name == "app.json" and not (isinstance(value, dict) and "pages" in value):
            continue  # some other app.json (an Express app, a uni-app build config ...)
        if name == "game.json" and any(f"{folder}/game{ext}".lstrip("/") in listing for ext in exts):
            continue  # the config of a page named game (pages/game/game.wxml beside it), not a mini-game
        if any(folder == c or folder.startswith(c + "/") for c in claimed_app_roots if c) or \
                ("" in claimed_app_roots and folder == ""):
            continue
        root = path / folder if folder else path
        projects[folder] = Project(
            root=root, relroot=relroot(root, ctx.scan_root or path), platform="wechat",
            framework="native", kind="minigame" if name == "game.json" else "miniprogram", manifest=name,
        )
        claimed_app_roots.add(folder)
    # Component libraries published to npm: package.json with the WeChat "miniprogram" field, or a
    # root component (index.json with "component": true). No app.json: reported as kind "library".
    for rel in files_named(ctx.listings, path, "package.json"):
        folder = posixpath.dirname(rel)
        if folder in projects or any(folder == c or folder.startswith(c + "/") for c in claimed_app_roots if c) \
                or (folder != "" and "" in claimed_app_roots) or ("" in projects):
            continue
        pkg = read_json(path / rel, rel, ctx, quiet=True)
        index = f"{folder}/index.json".lstrip("/")
        index_doc = read_json(path / index, index, ctx, quiet=True) if index in listing else None
        is_component = bool(index_doc and isinstance(index_doc.value, dict) and index_doc.value.get("component"))
        if not (pkg and isinstance(pkg.value, dict) and "miniprogram" in pkg.value) and not is_component:
            continue
        root = path / folder if folder else path
        projects[folder] = Project(
            root=root, relroot=relroot(root, ctx.scan_root or path), platform="wechat",
            framework="native", kind="library", manifest="",
        )
        claimed_app_roots.add(folder)
    if not projects and not foreign:
        for folder in pages_without_manifest(listing, exts):
            root = path / folder if folder else path
            projects[folder] = Project(
                root=root, relroot=relroot(root, ctx.scan_root or path), platform="wechat",
                framework="native", kind="miniprogram", manifest="", fallback=True,
            )
    return list(projects.values())


#: Page templates a folder's ``pages/`` must hold to be read as a mini-program without its app.json.
PAGES_WITHOUT_MANIFEST = 2


def pages_without_manifest(listing: list[str], exts: dict[str, str]) -> list[str]:
    """The outermost folders whose ``pages/`` holds WeChat page templates (``pages/a/a.wxml`` with
    its script beside it, at least ``PAGES_WITHOUT_MANIFEST``) when nothing under the scan root is a
    project: a repository that left out app.json (and app.js) is still a mini-program's source.
    Only WeChat's templates: another platform's are its own plugin's (``template_platform``)."""
    counts: dict[str, int] = {}
    for unit in loose_pages(listing, (".wxml",)):  # a page is a template and its script
        head = "" if unit.startswith("pages/") else unit.partition("/pages/")[0]
        counts[head] = counts.get(head, 0) + 1
    candidates = [folder for folder, n in counts.items() if n >= PAGES_WITHOUT_MANIFEST]
    platforms = template_platforms(listing, candidates, exts)  # (one pass for every candidate folder)
    found: list[str] = []
    taken: set[str] = set()
    for folder in sorted(candidates, key=lambda f: (f.count("/"), f)):
        if platforms[folder] != "wechat":
            continue
        parts = folder.split("/")
        if "" in taken or any("/".join(parts[:i]) in taken for i in range(1, len(parts))):
            continue  # inside a folder found already (its pages are that one's)
        found.append(folder)
        taken.add(folder)
    return found


def _ours(project: Project) -> bool:
    return project.platform == "wechat" and project.framework == "native"


@hookimpl
def zizhi_classify_file(relpath: str, project: Project) -> str | None:
    if not _ours(project):
        return None
    return classify_app_file(relpath, ".wxml")


@hookimpl
def zizhi_load_project(project: Project, ctx: ScanContext) -> None:
    if _ours(project):
        load_app_project(project, ctx, ".wxml")


@hookimpl
def zizhi_extract(file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
    if file.kind != "json" or not _ours(project):
        return None
    return manifest_signals(file, project)


@hookimpl
def zizhi_project_signals(project: Project, ctx: ScanContext) -> list[Signal] | None:
    if not _ours(project):
        return None
    return backend_signals(project)


@hookimpl
def zizhi_module_roots(project: Project, ctx: ScanContext) -> ModuleRoots | None:
    return module_roots(project) if _ours(project) else None
