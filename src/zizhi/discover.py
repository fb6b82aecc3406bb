"""Stage 1: paths -> projects."""

from __future__ import annotations

import os
from pathlib import Path

from zizhi.context import ScanContext
from zizhi.model import Project


def discover(path: Path, ctx: ScanContext) -> list[Project]:
    """Every project the platform plugins recognise under ``path``, outermost claims first.

    A root may hold one project per target platform (a uni-app project built for WeChat and
    Alipay is two projects sharing files). Two plugins claiming the same root for the same
    platform: a framework plugin (uni-app, Taro) wins over a native one, else the first
    registered wins. A project inside another is kept as its own project, and the outer project
    does not scan the inner one's files. ``ctx.options.platform`` keeps only that platform.

    When there is no source project, the build output (``BUILD_OUTPUTS``: uni-app's
    ``unpackage/dist/build/mp-weixin``, Taro's ``dist``) is scanned as the platform it was built
    for; when there is source, the build output is never read.

    A project inside another project's ``outputs`` (the engine's build of a game whose source
    project a plugin found) is dropped: the source is read, never the build.

    A ``fallback`` project (WeChat pages whose app.json the repository left out) is a last resort:
    kept only when no plugin finds any other project, of any platform, in the source or the build
    output (a plugin sees only its own claims: another platform's project makes loose pages leftovers).
    """
    found: dict[tuple[Path, str], Project] = {}
    guessed: dict[tuple[Path, str], Project] = {}
    for where in [path, *build_outputs(path)]:
        for result in ctx.pm.hook.zizhi_discover(path=where, ctx=ctx):
            for project in result or []:
                key = (project.root, project.platform)
                claims = guessed if project.fallback else found
                have = claims.get(key)
                if have is None or (have.framework == "native" and project.framework != "native"):
                    claims[key] = project
        if found:
            break  # source wins; build output is read only when there is no source
    if not found:
        found = guessed
    found = _without_builds(found)
    wanted = getattr(ctx.options, "platform", None)
    if wanted:
        found = {k: p for k, p in found.items() if p.platform == wanted}
    projects = sorted(found.values(), key=lambda p: (p.relroot.count("/"), p.relroot, p.platform))
    return projects


def _without_builds(found: dict[tuple[Path, str], Project]) -> dict[tuple[Path, str], Project]:
    """``found`` without the projects whose root lies in another project's ``outputs``: a build the
    framework wrote (a committed ``build/wechatgame`` of a Cocos Creator project, LayaAir's
    ``release/wxgame``) holds the engine and the compiled scripts, and its ``game.json`` makes it a
    native mini-game to the platform plugins; the source project that builds it is what is read. The
    build's project's backends (a devtools ``cloudfunctionRoot`` kept in the build folder) become the
    source project's."""
    folders = [(project.root, os.path.normpath(os.path.join(project.root, out)))
               for project in found.values() for out in project.outputs]
    if not folders:
        return found

    owners = {project.root: project for project in found.values()}

    def built_by(project: Project) -> Project | None:
        root = os.path.normpath(project.root)
        return next((owners[owner] for owner, folder in folders
                     if owner != project.root and (root == folder or root.startswith(folder + os.sep))), None)

    kept: dict[tuple[Path, str], Project] = {}
    for key, project in found.items():
        owner = built_by(project)
        if owner is None:
            kept[key] = project
            continue
        # the build's own project may name cloud functions the developer keeps beside the build (the
        # devtools' cloudfunctionRoot in build/...): they are the game's backend, not the build's output
        cloud = project.cloudfunction_roots if project.cloudfunction_roots is not None else project.backend_roots
        for backend in project.backend_roots:
            moved = os.path.relpath(os.path.join(project.root, backend), owner.root).replace(os.sep, "/")
            if moved.startswith("../") or moved in owner.backend_roots:
                continue
            owner.backend_roots.append(moved)
            if backend in cloud and owner.cloudfunction_roots is not None:
                owner.cloudfunction_roots.append(moved)
    return kept


#: Folders where uni-app and Taro put the compiled mini-program (never walked as source).
BUILD_OUTPUTS = ("unpackage/dist/build", "unpackage/dist/dev", "dist")


def build_outputs(path: Path) -> list[Path]:
    """Compiled projects under ``path`` (``unpackage/dist/build/mp-weixin``, ``dist`` ...), scanned
    as the platform they were built for when no source project is found."""
    from zizhi.safeio import inside, note_read

    out: list[Path] = []
    top = os.path.realpath(path)
    for rel in BUILD_OUTPUTS:
        folder = path / rel
        # what the answer depends on below a skipped folder: whether it is there and what it lists
        # (a whole-command result, ``zizhi.resultcache``, looks only one level into unpackage/)
        note_read(folder)
        if not folder.is_dir() or not inside(folder, top):  # never a link out of the scanned folder
            continue
        if rel.startswith("unpackage"):
            out.extend(sorted(p for p in folder.iterdir() if p.is_dir() and inside(p, top)))
        else:
            out.append(folder)
    return out


def relroot(root: Path, scan_root: Path) -> str:
    try:
        rel = root.relative_to(scan_root).as_posix()
    except ValueError:
        return root.as_posix()
    return rel or "."
