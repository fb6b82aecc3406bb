"""Stage 1: paths -> projects."""

from __future__ import annotations

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
    """
    found: dict[tuple[Path, str], Project] = {}
    for result in ctx.pm.hook.zizhi_discover(path=path, ctx=ctx):
        for project in result or []:
            key = (project.root, project.platform)
            have = found.get(key)
            if have is None or (have.framework == "native" and project.framework != "native"):
                found[key] = project
    wanted = getattr(ctx.options, "platform", None)
    if wanted:
        found = {k: p for k, p in found.items() if p.platform == wanted}
    projects = sorted(found.values(), key=lambda p: (p.relroot.count("/"), p.relroot, p.platform))
    return projects


def relroot(root: Path, scan_root: Path) -> str:
    try:
        rel = root.relative_to(scan_root).as_posix()
    except ValueError:
        return root.as_posix()
    return rel or "."
