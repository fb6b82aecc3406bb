"""Egret projects built as mini-games: the engine's project (``egretProperties.json``, the game's scripts
under ``src/``), whose mini-game project the build writes beside it (``../<name>_wxgame``).

A root is a folder with ``egretProperties.json`` holding a JSON object that names the engine
(``engineVersion``, ``egret_version``, ``compilerVersion``) or its ``modules``. Its mini-game platforms
are the build targets it is set up for (the platform table's ``egret_targets``: ``wxgame`` is WeChat):
the target ``egretProperties.json`` builds and publishes for (``"target": {"current": "wxgame"}``, what
``egret build`` and ``egret publish`` read), or the companion project a build for the target wrote
beside the project and the repository holds (``<name>_wxgame/`` with its ``game.json`` or
``project.config.json``: ``scripts/config.wxgame.ts`` builds into ``../${projectName}_wxgame``), whose
appid, when it is another platform's, makes it that platform's mini-game. The ``scripts/config.*.ts``
of every target are in every project and set nothing up. An Egret project set up for no mini-game
platform (a web game) is not one.

Every script of the project counts (the build compiles all of ``src/`` into one bundle: nothing is
imported), except what the engine and its tools write (``GENERATED``): ``bin-debug/`` and
``bin-release/`` (the compiled game), ``libs/`` (the engine's modules), ``scripts/`` (the build's own
configuration and plugins), ``template/``, ``resource/`` and ``.wing/``. The companion project is the
build's (``Project.outputs``: never a mini-game of its own), but the files the developer writes in it are
the game's: ``platform.js``, where the Egret docs put the calls of the platform's API (login, user info,
share, ads), and the open data context (``openDataContext/``), read as the project's (``companions``);
the engine's files there (``js/``: the engine's modules and the compiled ``src/``; ``library/``,
``resource/``, ``egret.*.js``, the platform's adapter, ``manifest.js``) never are. Sources: the Egret
docs, 小游戏 "tutorial", "api" (platform.js) and "openDataContext", "egretProperties.json 配置文件", and
the engine's project template (``tools/templates/empty/scripts/config.*.ts``).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.model import NOT_READ, ModuleRoots, Project, Signal
from zizhi.walk import files_named, scan_listing
from zizhi_plugins.appjson import read_json
from zizhi_plugins.gamesource import (
    build_config_platform,
    engine_project,
    every_script,
    folder_prefix,
    load_game_json,
    minigame_signal,
    not_read,
    sibling,
)

FRAMEWORK = "egret"
PROJECT_FILE = "egretProperties.json"

#: folders of an Egret project that are not the game's own code (see the module's docstring)
GENERATED = ("bin-debug/", "bin-release/", "libs/", "scripts/", "template/", "resource/", ".wing/")

#: folders of a companion project the build and the engine write (the compiled game, the engine's modules
#: and its mini-game library, the game's resources)
COMPANION_GENERATED = ("js/", "library/", "resource/")


def _ours(project: Project) -> bool:
    return project.framework == FRAMEWORK


def is_project_file(doc_value: Any) -> bool:
    """Whether an ``egretProperties.json`` is the engine's: it names the engine or its modules."""
    return isinstance(doc_value, dict) and any(
        k in doc_value for k in ("engineVersion", "egret_version", "compilerVersion", "modules"))


def current_target(doc_value: Any) -> str:
    """The target ``egret build`` and ``egret publish`` build for (``target.current``), or ""."""
    target = doc_value.get("target") if isinstance(doc_value, dict) else None
    current = target.get("current") if isinstance(target, dict) else None
    return current if isinstance(current, str) else ""


def companion_of(folder: str, target: str) -> str:
    """The scan-relative folder a build for ``target`` writes the mini-game project into."""
    return sibling(folder, f"{posixpath.basename(folder)}_{target}")


def engine_file(name: str) -> bool:
    """A file the build copies into a companion project's top: the engine's adapter to the platform
    (``egret.wxgame.js``), the platform's adapter (``weapp-adapter.js``), the module list (``manifest.js``)."""
    low = name.lower()
    return low.endswith(".js") and (low.startswith("egret.") or "adapter" in low or low == "manifest.js")


@hookimpl
def zizhi_discover(path: Path, ctx: ScanContext) -> list[Project]:
    listing = scan_listing(ctx.listings, path, lambda c, m, p: ctx.diagnose(c, m, p))
    files = files_named(ctx.listings, path, PROJECT_FILE)
    if not files:
        return []
    present = set(listing)
    targets = ctx.platform_table().egret_targets()
    out: list[Project] = []
    for rel in files:
        folder = posixpath.dirname(rel)
        prefix = folder_prefix(folder)
        doc = read_json(path / rel, rel, ctx, quiet=True)
        value = doc.value if doc is not None else None
        if not is_project_file(value):
            continue
        current = current_target(value)
        found: dict[str, tuple[str, list[str]]] = {}  # platform -> (marker, its companions)
        outputs: list[str] = []
        for target, default in targets.items():
            companion = companion_of(folder, target) if folder else ""  # (at the scan root: beside it, unseen)
            markers = [f"{companion}/{name}" for name in ("project.config.json", "game.json")] if companion else []
            held = [m for m in markers if m in present]
            platform = build_config_platform(path, held[0], ctx, default) if held and \
                held[0].endswith("project.config.json") else default
            marker = prefix + PROJECT_FILE if current == target else (held[-1] if held else None)
            if held:
                outputs.append(posixpath.relpath(companion, folder))
            if marker is None:
                continue
            have = found.setdefault(platform, (marker, []))
            if held:
                have[1].append(posixpath.relpath(companion, folder))
        for platform, (marker, companions) in sorted(found.items()):
            out.append(engine_project(path, ctx, folder, platform, FRAMEWORK, PROJECT_FILE,
                                      posixpath.relpath(marker, folder or "."), outputs, companions))
    return out


@hookimpl(tryfirst=True)
def zizhi_classify_file(relpath: str, project: Project) -> str | None:
    """The engine's and its tools' files, in the project and in its companions, are claimed so that no
    extractor reads them."""
    if not _ours(project):
        return None
    if relpath.startswith("../"):
        for companion in project.companions:
            if relpath.startswith(companion + "/"):
                inner = relpath[len(companion) + 1:]
                if inner.startswith(COMPANION_GENERATED) or ("/" not in inner and engine_file(inner)):
                    return NOT_READ
        return None
    return not_read(project, relpath, FRAMEWORK, GENERATED)


@hookimpl
def zizhi_load_project(project: Project, ctx: ScanContext) -> None:
    """The ``game.json`` of the companion project the build writes, when the repository holds it."""
    if _ours(project):
        load_game_json(project, ctx, [f"{companion}/game.json" for companion in project.companions])


@hookimpl
def zizhi_project_signals(project: Project, ctx: ScanContext) -> list[Signal] | None:
    """That the project is a mini-game, at the file that sets its target up (``egretProperties.json``:
    at ``target.current``; a companion: its project file)."""
    if not _ours(project):
        return None
    line = 0
    if project.project_config == PROJECT_FILE:
        doc = read_json(project.root / PROJECT_FILE, project.rel(PROJECT_FILE), ctx, quiet=True)
        line = doc.line_of("target", "current") if doc is not None and current_target(doc.value) else 0
    return [minigame_signal(project, line)]


@hookimpl
def zizhi_module_roots(project: Project, ctx: ScanContext) -> ModuleRoots | None:
    """No entry script: every script counts."""
    return every_script() if _ours(project) else None
