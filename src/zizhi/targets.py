"""What ``zizhi check PATH ...`` scans when PATHs are files (the pre-commit changed-files hook).

A folder is scanned as it always was. A file stands for the project that holds it: the
nearest folder at or above it (up to the repository root; outside git, up to the working folder)
where a platform plugin finds a project whose root (or one of its ``companions``, the folders beside
it whose files are its own: an Egret project's ``../name_wxgame``) contains the file. That project is scanned
whole — an obligation is a fact about the whole project — and only findings touching the given
files are reported: the finding's place or one of its pieces of evidence is in one of them. A
manifest or config file (``*.json``, ``*.toml``) changes what the whole project declares, so for
it every finding of its project is reported.
A file in no project (a README, a root ``package.json``) is skipped with a note on stderr; when
only such files are given there is nothing to check and the exit code is 0, so that the hook
never fails a commit that touches no mini-program.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from zizhi.identity import repo_root

if TYPE_CHECKING:
    from zizhi.engine import Engine
    from zizhi.report import Report

WHOLE_PROJECT_SUFFIXES = (".json", ".toml")


#: what discovery found in a folder: each project's root, whether it is a fallback, its companions' folders
Found = list[tuple[Path, bool, tuple[Path, ...]]]


def _project_root_of(file: Path, engine: Engine, seen: dict[Path, Found],
                     listings: dict[str, object] | None = None) -> tuple[Path, Path, list[Path]] | None:
    """The root of the innermost project holding ``file``, the folder to scan for it and the other
    projects that scan finds; ``seen`` caches discovery per folder.

    The folder to scan is the root, or, for a project whose ``companions`` lie beside it (an Egret
    project's ``../name_wxgame``), the folder holding them all: scanned alone, the root would not see
    them. The other projects found in that folder are returned, to report none of their findings.

    Discovery at the top — the repository root, or outside git the working folder — lists the tree
    once and sees every project in it: tried first, it serves every file given, and the scan reuses
    the listing. Only a file that none of those projects holds (one inside a folder discovery
    skips, like a build output) is looked for from its own folder upwards. Seeing the whole tree
    also gives the right project: from ``miniprogram/pages/x/`` upwards, ``miniprogram/app.json``
    would be found before the ``project.config.json`` above it that makes ``miniprogram/`` the app
    root of a project that also owns ``cloudfunctions/``. The price: a repository (or a working
    folder) that is mostly something else is listed whole, as ``zizhi check .`` there would.
    A ``fallback`` project (pages without app.json) counts only as the top sees it: from a folder
    below, loose pages beside a project elsewhere in the repository would look like the only one.
    """
    from zizhi.context import ScanContext
    from zizhi.discover import discover
    from zizhi.walk import MEMO

    top = repo_root(file.parent)
    if not (top / ".git").exists():  # outside git: the working folder, if the file is below it
        cwd = Path.cwd().resolve()
        if cwd in file.parents:
            top = cwd

    def holding(directory: Path) -> list[tuple[Path, tuple[Path, ...]]]:
        roots = seen.get(directory)
        if roots is None:
            ctx = ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy,
                              platforms=engine.platforms, scan_root=directory)
            if listings is not None and MEMO in listings:  # (the walk kept in the cache, when it still holds)
                ctx.listings[MEMO] = listings[MEMO]
            roots = seen[directory] = [(p.root, p.fallback, tuple(Path(os.path.normpath(p.root / c))
                                                                  for c in p.companions))
                                       for p in discover(directory, ctx)]
            if listings is not None:
                from zizhi.walk import shared_listings

                listings.update(shared_listings(ctx.listings))
        return [(r, companions) for r, fallback, companions in roots
                if any(f == file.parent or f in file.parents for f in (r, *companions))
                and (directory == top or not fallback)]

    where = top
    found = holding(top)
    for directory in [file.parent, *file.parent.parents]:
        if found or directory == top:
            break
        where = directory
        found = holding(directory)
    if not found:
        return None
    root, companions = max(found, key=lambda rc: len(rc[0].parts))
    if not companions:
        return root, root, []
    folder = Path(os.path.commonpath([root, *companions]))
    others = [r for r, _fallback, _companions in seen[where] if r != root and (r == folder or folder in r.parents)]
    return root, folder, others


def resolve_targets(paths: list[Path], engine: Engine, listings: dict[str, object] | None = None,
                    ) -> tuple[list[Path], dict[Path, set[Path]] | None, list[Path]]:
    """(folders to scan, {project root: the files given in it} or None when only folders were given,
    files given that are in no project). ``listings``, when given, receives the folder listings
    walked to find the projects, for ``check`` to reuse."""
    scan: list[Path] = []
    files: dict[Path, set[Path]] = {}
    outside: list[Path] = []
    seen: dict[Path, Found] = {}
    covered: set[Path] = set()  # the projects a folder scanned for a project's companions finds
    for raw in paths:
        path = raw.resolve()
        if not path.is_file():
            if raw not in scan:
                scan.append(raw)
            continue
        found = _project_root_of(path, engine, seen, listings)
        if found is None:
            outside.append(raw)
            continue
        root, folder, others = found
        files.setdefault(root, set()).add(path)
        for other in others:  # scanned only for the companions' sake: none of its findings
            files.setdefault(other, set())
        covered.update(others)
        if folder not in scan:
            scan.append(folder)
    # a project that folder finds, given a file of its own, is reported from there: scanned alone too, it
    # would be reported twice (findings and all)
    return [p for p in scan if p not in covered], (files or None), outside


def filter_to_files(report: Report, files: dict[Path, set[Path]] | None) -> None:
    """Keep only the findings touching the given files (see the module docstring)."""
    if not files:
        return
    from zizhi.identity import scan_root

    for project in report.projects:
        given = files.get(project.root)
        if given is None or any(f.suffix in WHOLE_PROJECT_SUFFIXES for f in given):
            continue
        base = scan_root(project)
        wanted = {p.as_posix() for p in given}
        kept = []
        for finding in project.findings:
            places = [finding.location.path] + [e.signal.location.path for e in finding.evidence]
            if any((base / p).as_posix() in wanted for p in places):
                kept.append(finding)
        report.filtered.other_files += len(project.findings) - len(kept)
        project.findings = kept
