"""The source projects of the game engines mini-games are made with (Cocos Creator, LayaAir, Egret), as a
library their plugins share. It is not a plugin: it implements no hook.

What the engines have in common: the repository holds the engine's project (its project file, the
game's own scripts) and the editor's folders; the mini-game project a platform's devtools open (its
``game.json``, ``project.config.json``, the engine's adapter and libraries, the compiled scripts) is
what the engine's build writes, into a folder of the project (``build/wechatgame``, ``release/wxgame``)
or beside it (Egret's ``../name_wxgame``), rarely committed. So a project is one per build target the
project has set up (the platform table says which target is which platform's), its scripts all count
(the editors attach them to scenes: nothing imports them), and its build folders are ``Project.outputs``:
a mini-game another plugin finds there is the build, not a project of its own.
"""

from __future__ import annotations

import posixpath
from bisect import bisect_left
from pathlib import Path
from typing import Any

from zizhi.context import ScanContext
from zizhi.discover import relroot
from zizhi.model import NOT_READ, Location, ModuleRoots, Project, Signal
from zizhi_plugins.appjson import config_platform, read_json

#: how much of a section's appid is read (an appid is 18 to 20 characters)
_APPID_MAX = 64


def first_under(ordered: list[str], folder: str) -> str | None:
    """The first path of the sorted ``ordered`` under ``folder`` (which ends with "/"), or None."""
    i = bisect_left(ordered, folder)
    return ordered[i] if i < len(ordered) and ordered[i].startswith(folder) else None


def appid_of(section: Any) -> str:
    """The appid a build setting's section holds (``appid`` or ``appId``; "" when none or blank)."""
    if not isinstance(section, dict):
        return ""
    for key in ("appid", "appId"):
        value = section.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:_APPID_MAX]
    return ""


def platform_of_appid(appid: str, ctx: ScanContext, default: str) -> str:
    """The platform an appid names by its prefix (``tt…`` Douyin, ``wx…`` WeChat: the platform table's
    ``appid_prefix``), else ``default``: an engine's WeChat build target was how Douyin games were built
    before the engines had a Douyin target, and the devtools that open the build go by its appid."""
    return (config_platform({"appid": appid}, ctx.platform_table()) or default) if appid else default


def build_config_platform(path: Path, rel: str, ctx: ScanContext, default: str) -> str:
    """The platform of a committed build's ``project.config.json`` at ``rel`` by its appid, else ``default``."""
    doc = read_json(path / rel, rel, ctx, quiet=True)
    value = doc.value if doc is not None else None
    return platform_of_appid(appid_of(value), ctx, default)


def engine_project(path: Path, ctx: ScanContext, folder: str, platform: str, framework: str, manifest: str,
                   marker: str, outputs: list[str], companions: list[str] | None = None) -> Project:
    """The mini-game of one build target of the engine project at ``folder`` (scan-relative; "" the
    scan root): ``manifest`` the engine's project file, ``marker`` the file that sets the target up
    (``Project.project_config``; both project-relative); ``companions``: folders beside the root whose
    files are the project's own (``Project.companions``)."""
    root = path / folder if folder else path
    project = Project(root=root, relroot=relroot(root, ctx.scan_root or path), platform=platform,
                      framework=framework, kind="minigame", manifest=manifest)
    project.project_config = marker
    project.outputs = list(outputs)
    project.companions = list(companions or [])
    return project


def minigame_signal(project: Project, line: int = 0) -> Signal:
    """That the project is a mini-game, at the file that sets its build target up (``project_config``)."""
    return Signal("project", "project.kind:minigame", Location(project.rel(project.project_config), line),
                  attrs={"engine": project.framework})


def section_line(project: Project, ctx: ScanContext, key: str) -> int:
    """The line of the top-level ``key`` of the project's marker file (a JSON object), or 0."""
    doc = read_json(project.root / project.project_config, project.rel(project.project_config), ctx, quiet=True)
    return doc.line_of(key) if doc is not None and isinstance(doc.value, dict) and key in doc.value else 0


def load_game_json(project: Project, ctx: ScanContext, candidates: list[str]) -> None:
    """The ``game.json`` the project's build writes, as far as the repository shows it (a build template the
    build copies, a committed build, Egret's companion: ``candidates``, project-relative, the first held):
    read as the project's manifest, what its declarations are checked against (``Project.declared_in``: the
    file a missing declaration's finding names). None shown: the project has no manifest, and no
    declaration is checked (the engine's settings write it)."""
    for rel in candidates:
        if not (project.root / rel).is_file():
            continue
        doc = read_json(project.root / rel, project.rel(rel), ctx, quiet=True)
        if doc is not None and isinstance(doc.value, dict):
            project.manifests[project.manifest] = doc.value
            project.declared_in = rel
            return


def not_read(project: Project, relpath: str, framework: str, generated: tuple[str, ...]) -> str | None:
    """``NOT_READ`` for a file of an engine project's own folders (``generated``: the editor's and the
    engine's), so that no extractor reads it; never for one of the project's backends (a committed
    build's project may name cloud functions the developer keeps there); else None."""
    if project.framework == framework and relpath.startswith(generated) and not project.in_backend(relpath):
        return NOT_READ
    return None


def every_script() -> ModuleRoots:
    """No entry script: the editor attaches the game's scripts to its scenes, so every one counts."""
    return ModuleRoots(entries=[], bases=[""], units=())


def folder_prefix(folder: str) -> str:
    return folder + "/" if folder else ""


def sibling(folder: str, name: str) -> str:
    """The scan-relative path of ``name`` beside ``folder`` (whose parent is "" at the top)."""
    parent = posixpath.dirname(folder)
    return posixpath.join(parent, name) if parent else name
