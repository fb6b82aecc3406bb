"""``--diff REV``: only the findings that the changes since REV introduce.

How: the pipeline runs twice — on the tree of REV (``git archive`` into a temporary folder, so
the repository, its index and its worktrees are never touched) and on the working tree as it is
(commits since REV, staged and unstaged edits, untracked files). A finding of the working tree is
*new* when no finding of REV's tree has the same identity (rule code, subject, project — see
:mod:`zizhi.identity`) at the same or a stronger severity: the obligation did not exist, or was
weaker, without the changes. Everything else existed before; it is left out and counted.

This counts changes that create an obligation without touching a signal's line, too (a licence
removed from ``zizhi.toml``, a page registered in ``app.json``). For each new finding, the
evidence on lines the changes added (``git diff REV``, plus untracked files) is put first and
the finding is placed on it, so that pull-request annotations land on the changed lines.

The config is searched in each tree (REV's ``zizhi.toml`` for REV); ``--config FILE`` is used
for both. Outside a git repository, or with a REV git does not know, exit 2.
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zizhi.baseline import match
from zizhi.identity import identity, repo_path
from zizhi.model import Finding, Project

if TYPE_CHECKING:
    from zizhi.context import Options
    from zizhi.engine import Engine
    from zizhi.report import Report


def _git(args: list[str], cwd: Path, binary: bool = False) -> Any:
    from zizhi.engine import UsageError

    try:
        proc = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=cwd, capture_output=True,
                              check=False)
    except OSError as exc:
        raise UsageError(f"--diff needs git, which could not be run: {exc}") from exc
    if proc.returncode != 0:
        raise _GitFailed(proc.stderr.decode("utf-8", "replace").strip())
    return proc.stdout if binary else proc.stdout.decode("utf-8", "replace")


class _GitFailed(Exception):
    pass


def repository(paths: list[Path]) -> Path:
    """The top folder of the one git repository holding every scanned path."""
    from zizhi.engine import UsageError

    tops = set()
    for raw in paths:
        path = raw.resolve()
        folder = path if path.is_dir() else path.parent
        try:
            tops.add(Path(_git(["rev-parse", "--show-toplevel"], folder).strip()).resolve())
        except _GitFailed as exc:
            raise UsageError(f"--diff: {raw} is not inside a git repository ({exc})") from exc
    if len(tops) != 1:
        raise UsageError(f"--diff: the scanned paths are in {len(tops)} git repositories; scan one at a time")
    return tops.pop()


def resolve_rev(top: Path, rev: str) -> str:
    from zizhi.engine import UsageError

    if rev.startswith("-"):
        raise UsageError(f"--diff: {rev!r} is not a revision")
    try:
        return str(_git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], top)).strip()
    except _GitFailed as exc:
        raise UsageError(f"--diff: unknown revision {rev!r} in {top}") from exc


def export_tree(top: Path, commit: str, dest: Path) -> None:
    """REV's files under ``dest`` (a fenced copy: ``dest/.git`` stops the config search there)."""
    data = _git(["archive", "--format=tar", commit], top, binary=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, filter=_in_tree)
        else:  # pragma: no cover - Python < 3.10.12
            tar.extractall(dest)
    (dest / ".git").mkdir(exist_ok=True)


def _in_tree(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
    """tarfile's "data" filter, leaving out (instead of failing on) what it refuses: a committed
    link to an absolute path or out of the tree (the walk would not follow it either)."""
    try:
        return tarfile.data_filter(member, path)
    except tarfile.FilterError:
        return None


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _unquote(path: str) -> str:
    if len(path) >= 2 and path.startswith('"') and path.endswith('"'):
        raw = path[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
        return raw.encode("latin-1").decode("utf-8", "replace")
    return path


def changed_lines(top: Path, commit: str) -> dict[str, set[int] | None]:
    """Repository-relative path -> lines added or changed since ``commit``; None = the whole file (untracked)."""
    out: dict[str, set[int] | None] = {}
    text = _git(["diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames", commit, "--"], top)
    current: str | None = None
    for line in text.splitlines():
        if line.startswith("+++ "):
            target = _unquote(line[4:])
            current = None if target == "/dev/null" else target.removeprefix("b/")
            continue
        m = _HUNK.match(line)
        if m and current is not None:
            start, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
            lines = out.setdefault(current, set())
            if lines is not None:
                lines.update(range(start, start + count))
    for path in _git(["ls-files", "--others", "--exclude-standard", "-z"], top).split("\0"):
        if path:
            out[path] = None
    return out


def _focus_on_changes(project: Project, finding: Finding, changed: dict[str, set[int] | None]) -> None:
    """Put the evidence on changed lines first and the finding on it; remember those places in
    ``project.changed_evidence`` (scan-root relative ``(path, line)``) for the reporters."""
    def on_changed(path: str, line: int) -> bool:
        lines = changed.get(repo_path(project, path), set())
        return lines is None or line in lines

    fresh = [e for e in finding.evidence if on_changed(e.signal.location.path, e.signal.location.line)]
    if fresh:
        finding.evidence = fresh + [e for e in finding.evidence if e not in fresh]
        finding.location = fresh[0].signal.location
        project.changed_evidence.update((e.signal.location.path, e.signal.location.line) for e in fresh)


def apply_diff(report: Report, rev: str, scan_paths: list[Path], engine: Engine, options: Options,
               config_path: Path | None, select: list[str], ignore: list[str]) -> None:
    from zizhi.engine import UsageError, check

    top = repository(scan_paths)
    commit = resolve_rev(top, rev)
    with tempfile.TemporaryDirectory(prefix="zizhi-diff-") as tmp:
        base_top = Path(tmp) / "tree"
        base_top.mkdir()
        export_tree(top, commit, base_top)
        base_projects: list[Project] = []
        for raw in scan_paths:
            rel = raw.resolve().relative_to(top)
            base_path = base_top / rel
            if not base_path.exists():
                continue  # a project added since REV: every finding of it is new
            try:
                # no per-file cache for a temporary tree: its files' stats and folder are new every run
                base_options = dataclasses.replace(options, cache=False)
                base_projects += check([base_path], engine, base_options, config_path, select, ignore).projects
            except UsageError:
                continue  # no project there at REV
        entries = [(identity(p, f), f.severity) for p in base_projects for f in p.findings]
        from zizhi.configdiff import summaries

        base_configs = summaries(base_projects)
    changed = changed_lines(top, commit)
    items = [(identity(p, f), f.severity, f) for p in report.projects for f in p.findings]
    matched, _, _ = match(items, entries)
    old = {id(f) for f in matched}
    for p in report.projects:
        p.findings = [f for f in p.findings if id(f) not in old]
        for f in p.findings:
            _focus_on_changes(p, f, changed)
    report.filtered.diff = rev
    report.filtered.unchanged = len(matched)
    from zizhi.configdiff import add_findings

    add_findings(report.projects, base_configs, rev, select, ignore)
