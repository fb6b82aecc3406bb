"""Stage 1: paths -> projects."""

from __future__ import annotations

from pathlib import Path

from zizhi.context import ScanContext
from zizhi.model import Project


def discover(path: Path, ctx: ScanContext) -> list[Project]:
    """Every project the platform plugins recognise under ``path``, outermost claims first.

    Two plugins claiming the same root: the first registered wins. A project inside another is
    kept as its own project, and the outer project does not scan the inner one's files.
    """
    found: dict[Path, Project] = {}
    for result in ctx.pm.hook.zizhi_discover(path=path, ctx=ctx):
        for project in result or []:
            found.setdefault(project.root, project)
    projects = sorted(found.values(), key=lambda p: (p.relroot.count("/"), p.relroot))
    return projects


def relroot(root: Path, scan_root: Path) -> str:
    try:
        rel = root.relative_to(scan_root).as_posix()
    except ValueError:
        return root.as_posix()
    return rel or "."
