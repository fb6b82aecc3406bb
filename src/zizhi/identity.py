"""Stable identities of findings: what baselines, ``--diff`` and the fingerprints of SARIF and
GitLab reports match on.

A finding is identified by its project — the project's root relative to the repository root and
its platform (a uni-app project built for WeChat and for Alipay is two projects) —, its rule code,
its subject (the obligation id, or for findings that have no obligation — a suppression comment —
the finding's ``key``) and its normalised evidence (``path#signal name``, no lines). Line numbers
never enter the identity, so moving code does not change it. The evidence tells apart two findings
of one rule and subject in one project, and shows people what was accepted.

In baseline format 1 the project part was the *scanned* folder, not the project's root,
and had no platform, so two projects scanned together shared identities; :func:`legacy_identity`
rebuilds that form so old baselines keep matching.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from zizhi.model import Finding, Project


@lru_cache(maxsize=256)
def _repo_root(start: Path) -> Path:
    for directory in [start, *start.parents]:
        if (directory / ".git").exists():
            return directory
    return start


@lru_cache(maxsize=256)
def _resolved(start: Path) -> Path:
    return start.resolve()


def repo_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding ``.git``; ``start`` itself outside git.
    (Asked for every piece of evidence of every finding, of a few folders: their real paths and
    repositories are remembered, as ``_repo_root`` remembered the repositories.)"""
    return _repo_root(_resolved(start))


def scan_root(project: Project) -> Path:
    """The folder the project's paths are relative to (its root minus ``relroot``)."""
    if project.relroot in ("", "."):
        return project.root
    depth = len(Path(project.relroot).parts)
    return project.root.parents[depth - 1]


def repo_path(project: Project, path: str) -> str:
    """A scan-root-relative path made relative to the repository root (forward slashes)."""
    absolute = scan_root(project) / path if path and path != "." else scan_root(project)
    base = repo_root(scan_root(project))
    try:
        rel = absolute.relative_to(base).as_posix()
    except ValueError:
        return absolute.as_posix()
    return rel or "."


def project_path(project: Project) -> str:
    """The project's root relative to the repository root (``.`` for the repository root itself)."""
    return repo_path(project, project.relroot)


@dataclass(frozen=True)
class Identity:
    """What names a finding across runs (baselines, --diff)."""

    code: str
    subject: str  # obligation id, or the finding's key
    project: str  # project root relative to the repository root
    evidence: tuple[str, ...]  # sorted "path#signal name", paths repository-relative
    platform: str = ""  # the project's platform ("" in the legacy form)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.code, self.subject, self.project, self.platform)

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "subject": self.subject, "project": self.project, "platform": self.platform,
                "evidence": list(self.evidence)}


def _evidence(project: Project, finding: Finding) -> tuple[str, ...]:
    evidence = sorted({f"{repo_path(project, e.signal.location.path)}#{e.signal.name}" for e in finding.evidence})
    if not evidence and not finding.obligation:
        evidence = [repo_path(project, finding.location.path)]
    return tuple(evidence)


def identity(project: Project, finding: Finding) -> Identity:
    return Identity(finding.code, finding.obligation or finding.key, project_path(project),
                    _evidence(project, finding), project.platform)


def legacy_identity(project: Project, finding: Finding) -> Identity:
    """The identity as baseline format 1 recorded it: the scanned folder as project, no platform."""
    return Identity(finding.code, finding.obligation or finding.key, repo_path(project, "."),
                    _evidence(project, finding))


def fingerprints(project: Project) -> dict[int, str]:
    """``id(finding)`` -> a fingerprint unique within the project and stable when lines move.

    The hash covers rule code, subject, project root and platform; a second finding with the same four adds its
    normalised evidence, and a counter settles exact twins.
    """
    out: dict[int, str] = {}
    seen: set[str] = set()
    for f in project.findings:
        ident = identity(project, f)
        parts = ["zizhi/2", *ident.key]
        digest = _hash(parts)
        if digest in seen:
            parts.append("\n".join(ident.evidence))
            digest = _hash(parts)
        n = 1
        while digest in seen:
            n += 1
            digest = _hash([*parts, str(n)])
        seen.add(digest)
        out[id(f)] = digest
    return out


def _hash(parts: list[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
