"""What the machine formats share: repository-relative places, the reasoning chain of a finding,
and links to the rule docs."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from zizhi.identity import fingerprints, repo_path, repo_root, scan_root
from zizhi.model import Evidence, Finding, Project
from zizhi.report import Report

#: Where docs/rules.md is published; ``helpUri`` of SARIF rules and links of the Markdown report.
RULES_DOCS = os.environ.get("ZIZHI_RULES_DOCS", "https://github.com/zizhi-dev/zizhi/blob/main/docs/rules.md")


def rule_url(code: str) -> str:
    return f"{RULES_DOCS}#{code.lower()}"


@dataclass
class Row:
    """One finding of one project, as the reporters list it."""

    project: Project
    finding: Finding
    path: str  # repository-relative
    fingerprint: str


def rows(report: Report) -> Iterator[Row]:
    for p in report.projects:
        fps = fingerprints(p)
        for f in p.findings:
            yield Row(p, f, repo_path(p, f.location.path), fps[id(f)])


def evidence_features(finding: Finding, e: Evidence) -> list[str]:
    """The features of the finding this piece of evidence supports."""
    return [f for f in e.features if f in finding.features] or sorted(e.features)


def chain(finding: Finding, e: Evidence) -> str:
    """``wx.joinVoIPChat (rtc.voip) → rtc_voice → MPC_B22``: signal → feature → obligation."""
    feats = ", ".join(evidence_features(finding, e))
    parts = [f"{e.signal.name} ({e.signal_id})"]
    if feats:
        parts.append(feats)
    parts.append(finding.obligation or finding.code)
    return " → ".join(parts)


def source_link(project: Project, path: str, line: int) -> str | None:
    """A web link to ``path:line`` of the commit under test, on GitHub Actions or GitLab CI."""
    rel = repo_path(project, path)
    anchor = f"#L{line}" if line else ""
    env = os.environ
    if env.get("GITHUB_SERVER_URL") and env.get("GITHUB_REPOSITORY") and env.get("GITHUB_SHA"):
        return f"{env['GITHUB_SERVER_URL']}/{env['GITHUB_REPOSITORY']}/blob/{env['GITHUB_SHA']}/{rel}{anchor}"
    if env.get("CI_PROJECT_URL") and env.get("CI_COMMIT_SHA"):
        return f"{env['CI_PROJECT_URL']}/-/blob/{env['CI_COMMIT_SHA']}/{rel}{anchor}"
    return None


def repository_of(report: Report) -> str | None:
    """The absolute repository root of the first project (SARIF ``originalUriBaseIds``)."""
    for p in report.projects:
        return repo_root(scan_root(p)).as_posix()
    return None


@lru_cache(maxsize=64)
def _given_roots(scan_roots: tuple[str, ...], cwd: str) -> dict[Path, str]:
    """Each scanned folder (resolved) -> the path given on the command line for it."""
    out: dict[Path, str] = {}
    for raw in scan_roots:
        path = Path(cwd, raw).resolve()
        if path.is_dir():
            out.setdefault(path, raw)
        else:  # a file given: its folder was scanned
            out.setdefault(path.parent, posixpath.dirname(raw.replace(os.sep, "/")) or ".")
    return out


def shown_path(report: Report, project: Project | None, path: str) -> str:
    """A scan-root-relative path as people can open it from where zizhi ran: joined to the folder
    as given on the command line (``examples/voice-square/pages/a.js``; unchanged for ``.``)."""
    if project is None:
        return path
    raw = _given_roots(tuple(report.scan_roots), os.getcwd()).get(scan_root(project))
    if raw is None:
        return path
    raw = raw.replace(os.sep, "/").rstrip("/") or "/"
    if raw in (".", "./"):
        return path or "."
    if path in ("", "."):
        return raw
    return posixpath.normpath(posixpath.join(raw, path))
