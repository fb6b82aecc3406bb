"""Cocos Creator projects built as mini-games: the source project of the engine most mini-games are
made with, whose ``game.json`` only the editor's build writes (``build/wechatgame/``, rarely committed).

A root is a folder with ``assets/`` and the editor's project file: ``project.json`` naming a
``cocos…`` engine (Creator 1.x and 2.x) or ``package.json`` with a ``creator`` section (Creator 3.x).
Its mini-game platforms are the editor's build targets the project has set up (the platform table's
``cocos_targets``: ``wechatgame`` is WeChat): a target's settings file (``settings/wechatgame.json``,
``profiles/v2/packages/wechatgame.json``), its section in ``settings/builder.json`` with an appid, a
custom build template (``build-templates/wechatgame/``) or a committed build (``build/wechatgame/``).
A Creator project set up for no mini-game platform (a web or native game) is not one.

Every script under the project counts (components are attached to scenes, not imported), except the
folders the editor writes or reads for itself (``library/``, ``temp/``, ``build/`` …: ``GENERATED``),
which are never read; a committed build is not a mini-game of its own (``Project.outputs``). Sources:
the Cocos Creator manuals, "Publish to Mini Game Platforms" and "Project Structure" (2.4, 3.8).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.model import ModuleRoots, Project, Signal
from zizhi.walk import files_named, scan_listing
from zizhi_plugins.appjson import read_json
from zizhi_plugins.gamesource import (
    appid_of,
    engine_project,
    every_script,
    first_under,
    load_game_json,
    minigame_signal,
    not_read,
    section_line,
)

FRAMEWORK = "cocos-creator"

#: folders of a Creator project that are not the game's own code: the editor's caches and imports
#: (library, temp, local), build outputs (build, native), editor extensions (packages in 2.x,
#: extensions in 3.x: they run in the editor, not in the game) and its settings
GENERATED = ("library/", "temp/", "local/", "build/", "native/", "packages/", "extensions/", "settings/",
             "profiles/")

#: where the editor writes its builds (``build/wechatgame`` …): a committed build's ``game.json`` makes
#: it a native mini-game to the platform plugins, which the engine drops (``Project.outputs``)
OUTPUTS = ["build"]


def _ours(project: Project) -> bool:
    return project.framework == FRAMEWORK


def _editor_file(folder: str, rel: str, ctx: ScanContext, path: Path) -> str | None:
    """The Creator version family a project file names: "2" (``project.json``: engine
    ``cocos2d-html5`` / ``cocos-creator-js``), "3" (``package.json`` with ``creator``), else None."""
    doc = read_json(path / rel, rel, ctx, quiet=True)
    value: Any = doc.value if doc else None
    if not isinstance(value, dict):
        return None
    if posixpath.basename(rel) == "project.json":
        engine = value.get("engine")
        return "2" if isinstance(engine, str) and engine.lower().startswith("cocos") else None
    creator = value.get("creator")
    return "3" if isinstance(creator, dict) and isinstance(creator.get("version"), str) else None


def targets_set_up(prefix: str, present: set[str], ordered: list[str], builder: Any,
                   targets: dict[str, str]) -> list[tuple[str, str]]:
    """(platform, the file that says so) for each mini-game build target the project has set up."""
    found: dict[str, str] = {}
    for target, platform in targets.items():
        if platform in found:
            continue
        for marker in (f"settings/{target}.json", f"profiles/v2/packages/{target}.json",
                       f"build/{target}/game.json"):
            if prefix + marker in present:
                found[platform] = prefix + marker
                break
        else:
            if isinstance(builder, dict) and appid_of(builder.get(target)):
                found[platform] = prefix + "settings/builder.json"
            else:
                hit = first_under(ordered, f"{prefix}build-templates/{target}/")
                if hit is not None:
                    found[platform] = hit
    return sorted(found.items())


@hookimpl
def zizhi_discover(path: Path, ctx: ScanContext) -> list[Project]:
    listing = scan_listing(ctx.listings, path, lambda c, m, p: ctx.diagnose(c, m, p))
    present: set[str] = set()
    targets = ctx.platform_table().cocos_targets()
    out: list[Project] = []
    seen: set[str] = set()
    ordered: list[str] = []
    for rel in files_named(ctx.listings, path, "project.json", "package.json"):
        folder = posixpath.dirname(rel)
        prefix = folder + "/" if folder else ""
        ordered = ordered or sorted(listing)
        if folder in seen or first_under(ordered, prefix + "assets/") is None:
            continue
        if _editor_file(folder, rel, ctx, path) is None:
            continue
        present = present or set(listing)
        builder_rel = prefix + "settings/builder.json"
        builder_doc = read_json(path / builder_rel, builder_rel, ctx, quiet=True) if builder_rel in present else None
        builder = builder_doc.value if builder_doc else None
        for platform, marker in targets_set_up(prefix, present, ordered, builder, targets):
            seen.add(folder)
            out.append(engine_project(path, ctx, folder, platform, FRAMEWORK, rel[len(prefix):],
                                      marker[len(prefix):], OUTPUTS))
    return out


@hookimpl(tryfirst=True)
def zizhi_classify_file(relpath: str, project: Project) -> str | None:
    """The editor's own folders are claimed so that no extractor reads them."""
    return not_read(project, relpath, FRAMEWORK, GENERATED)


@hookimpl
def zizhi_load_project(project: Project, ctx: ScanContext) -> None:
    """The target's ``game.json`` as a custom build template or a committed build holds it."""
    if _ours(project):
        targets = [t for t, p in ctx.platform_table().cocos_targets().items() if p == project.platform]
        load_game_json(project, ctx, [f"{folder}/{t}/game.json" for t in targets
                                      for folder in ("build-templates", "build")])


@hookimpl
def zizhi_project_signals(project: Project, ctx: ScanContext) -> list[Signal] | None:
    """That the project is a mini-game, at the file that sets up its build target."""
    if not _ours(project):
        return None
    marker = project.project_config
    line = 0
    if posixpath.basename(marker) == "builder.json":  # the line of the target's section
        doc = read_json(project.root / marker, project.rel(marker), ctx, quiet=True)
        sections = doc.value if doc and isinstance(doc.value, dict) else {}
        target = next((t for t, p in ctx.platform_table().cocos_targets().items()
                       if p == project.platform and appid_of(sections.get(t))), None)
        line = section_line(project, ctx, target) if target else 0
    return [minigame_signal(project, line)]


@hookimpl
def zizhi_module_roots(project: Project, ctx: ScanContext) -> ModuleRoots | None:
    """No entry script: the editor attaches components to scenes, so every script counts."""
    if not _ours(project):
        return None
    return every_script()
