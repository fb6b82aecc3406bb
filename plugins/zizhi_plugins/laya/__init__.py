"""LayaAir projects built as mini-games: the IDE's project, whose ``game.json`` only the publish writes
(``release/wxgame/``, rarely committed), with the game's own scripts under ``src/``.

A root is a folder with the IDE's project file, ``<name>.laya``: a JSON object with the project's
``version`` (LayaAir 3: ``{"version": "3.1.4"}``) or its ``proName`` (LayaAir 1 and 2:
``{"proName": "game", "engineType": 0, "version": "2.1.0"}``); ``laya/.laya``, the UI project's file,
names no project. Its mini-game platforms are the publish targets the project has set up (the platform
table's ``laya_targets``: ``wxgame`` is WeChat): LayaAir 2's publish settings of the target
(``.laya/wxgame.json``, written when the project is first published for it), the target's section in
LayaAir 3's ``settings/BuildSettings.json`` with an appid, a committed publish (``release/wxgame/`` with
its ``game.json`` or ``project.config.json``) or the WeChat project LayaAir 2's IDE writes into ``bin/``
for its mini-game quick debug (``bin/project.config.json``; the Baidu one it writes beside it with the
same option, ``project.swan.json``, sets up nothing by itself). The devtools open a build by its appid:
a committed build's (or the quick debug's, or the section's) appid of another platform is that
platform's mini-game (LayaAir 2 published Douyin games through its WeChat target). A LayaAir project set
up for no mini-game platform (a web game) is not one.

Every script counts (LayaAir 3 attaches scripts to scenes; LayaAir 2's compile bundles ``src/``), except
what the IDE and the engine write or keep for themselves (``GENERATED``): ``bin/`` and ``release/``
(the compiled game, the engine's libraries and adapters), ``laya/`` (the UI project), ``libs/`` and
``engine/`` (the engine's declarations), ``.laya/`` (the IDE's gulp scripts), ``library/``, ``temp/``,
``local/`` and ``settings/`` (LayaAir 3's editor data), ``.rpt2_cache/`` (the compile's cache of
compiled scripts). A mini-game found in ``bin/`` or ``release/`` is the build (``Project.outputs``).
Sources: the LayaAir manuals, "微信小游戏" (the publish to ``release/wxgame``), "项目工程目录说明" (3.x)
and "用LayaAirIDE创建项目并详解目录结构" (2.x: the ``.laya`` folder's ``wxgame.json``, the ``bin/`` quick
debug).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.model import ModuleRoots, Project, Signal
from zizhi.walk import scan_listing
from zizhi_plugins.appjson import read_json
from zizhi_plugins.gamesource import (
    appid_of,
    build_config_platform,
    engine_project,
    every_script,
    folder_prefix,
    load_game_json,
    minigame_signal,
    not_read,
    platform_of_appid,
    section_line,
)

FRAMEWORK = "layaair"

#: folders of a LayaAir project that are not the game's own code (see the module's docstring)
GENERATED = ("bin/", "release/", "laya/", "libs/", "engine/", ".laya/", "library/", "temp/", "local/", "settings/",
             ".rpt2_cache/")

#: where the IDE writes the game's builds: a mini-game found there is one of them (``Project.outputs``)
OUTPUTS = ["bin", "release"]

#: LayaAir 3's build settings, a section per publish target
BUILD_SETTINGS = "settings/BuildSettings.json"

#: the devtools' project file LayaAir 2's IDE writes into ``bin/`` for its mini-game quick debug -> the
#: publish target it is the project of
QUICK_DEBUG = {"bin/project.config.json": "wxgame"}

#: ``.laya`` files looked at in one scan (a project has one)
MAX_PROJECT_FILES = 200


def _ours(project: Project) -> bool:
    return project.framework == FRAMEWORK


def is_project_file(path: Path, rel: str, ctx: ScanContext) -> bool:
    """Whether ``rel`` is the IDE's project file: ``<name>.laya`` holding a JSON object that names
    the project's ``version`` or ``proName``."""
    if posixpath.basename(rel) == ".laya":  # the UI project's file (laya/.laya)
        return False
    doc = read_json(path / rel, rel, ctx, quiet=True)
    value: Any = doc.value if doc else None
    return isinstance(value, dict) and any(isinstance(value.get(k), str) for k in ("version", "proName"))


def targets_set_up(path: Path, ctx: ScanContext, prefix: str, present: set[str], settings: Any,
                   targets: dict[str, str]) -> list[tuple[str, str]]:
    """(platform, the file that says so) for each mini-game publish target the project has set up."""
    found: dict[str, str] = {}
    sections = settings if isinstance(settings, dict) else {}
    for target, default in targets.items():
        build_config = f"{prefix}release/{target}/project.config.json"
        quick = next((prefix + f for f, t in QUICK_DEBUG.items() if t == target and prefix + f in present), None)
        appid = appid_of(sections.get(target))
        if build_config in present:  # the platform whose devtools open it
            platform = build_config_platform(path, build_config, ctx, default)
        elif quick is not None:
            platform = build_config_platform(path, quick, ctx, default)
        else:
            platform = platform_of_appid(appid, ctx, default)
        markers = [f"{prefix}.laya/{target}.json", prefix + BUILD_SETTINGS if appid else "", build_config,
                   f"{prefix}release/{target}/game.json", quick or ""]
        marker = next((m for m in markers if m and m in present), None)
        if marker is not None and platform not in found:
            found[platform] = marker
    return sorted(found.items())


@hookimpl
def zizhi_discover(path: Path, ctx: ScanContext) -> list[Project]:
    listing = scan_listing(ctx.listings, path, lambda c, m, p: ctx.diagnose(c, m, p))
    candidates = [rel for rel in listing if rel.endswith(".laya")][:MAX_PROJECT_FILES]
    if not candidates:
        return []
    present = set(listing)
    targets = ctx.platform_table().laya_targets()
    out: list[Project] = []
    seen: set[str] = set()
    for rel in candidates:
        folder = posixpath.dirname(rel)
        prefix = folder_prefix(folder)
        if folder in seen or not is_project_file(path, rel, ctx):
            continue
        settings_rel = prefix + BUILD_SETTINGS
        doc = read_json(path / settings_rel, settings_rel, ctx, quiet=True) if settings_rel in present else None
        for platform, marker in targets_set_up(path, ctx, prefix, present, doc.value if doc else None, targets):
            seen.add(folder)
            out.append(engine_project(path, ctx, folder, platform, FRAMEWORK, rel[len(prefix):],
                                      marker[len(prefix):], OUTPUTS))
    return out


@hookimpl(tryfirst=True)
def zizhi_classify_file(relpath: str, project: Project) -> str | None:
    """The IDE's and the engine's folders are claimed so that no extractor reads them."""
    return not_read(project, relpath, FRAMEWORK, GENERATED)


@hookimpl
def zizhi_load_project(project: Project, ctx: ScanContext) -> None:
    """The target's ``game.json`` as a committed publish holds it."""
    if _ours(project):
        targets = [t for t, p in ctx.platform_table().laya_targets().items() if p == project.platform]
        load_game_json(project, ctx, [f"release/{t}/game.json" for t in ctx.platform_table().laya_targets()
                                      if t in targets or f"release/{t}/" in project.project_config])


@hookimpl
def zizhi_project_signals(project: Project, ctx: ScanContext) -> list[Signal] | None:
    """That the project is a mini-game, at the file that sets its publish target up (LayaAir 3's build
    settings: at the target's section)."""
    if not _ours(project):
        return None
    line = 0
    if project.project_config == BUILD_SETTINGS:
        doc = read_json(project.root / BUILD_SETTINGS, project.rel(BUILD_SETTINGS), ctx, quiet=True)
        sections = doc.value if doc is not None and isinstance(doc.value, dict) else {}
        target = next((t for t, default in ctx.platform_table().laya_targets().items()
                       if appid_of(sections.get(t))
                       and platform_of_appid(appid_of(sections.get(t)), ctx, default) == project.platform), None)
        line = section_line(project, ctx, target) if target else 0
    return [minigame_signal(project, line)]


@hookimpl
def zizhi_module_roots(project: Project, ctx: ScanContext) -> ModuleRoots | None:
    """No entry script: every script counts."""
    return every_script() if _ours(project) else None
