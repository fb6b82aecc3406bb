"""What the machine formats share: repository-relative places, the reasoning chain of a finding,
and links to the rule docs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from zizhi.identity import fingerprints, repo_path, repo_root, scan_root
from zizhi.model import Evidence, Finding, Project
from zizhi.report import Report

#: Where docs/rules.md is published; ``helpUri`` of SARIF rules and links of the Markdown report.
RULES_DOCS = os.environ.get("ZIZHI_RULES_DOCS", "https://github.com/zizhi-dev/zizhi/blob/main/docs/rules.md")


def rule_url(code: str) -> str:
    return f"{RULES_DOCS}#{code.lower()}"


@dataclass
class Row:
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
