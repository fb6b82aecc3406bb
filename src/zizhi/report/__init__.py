"""The report: the one model every output format renders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zizhi import __version__
from zizhi.model import Diagnostic, Project, Severity
from zizhi.report.view import View

if TYPE_CHECKING:
    from zizhi.catalogue import Catalogue
    from zizhi.policy import PolicyPack
    from zizhi.rules import RuleRegistry

#: Version of the JSON report format (``schemas/report.schema.json``). Bump the minor number
#: when fields are added, the major one if a field changes meaning or goes away.
REPORT_VERSION = "1.2"

Reporter = Callable[["Report"], str]


@dataclass
class Filtered:
    """What the filters after compare (suppressions, baseline, ``--diff``) left out of the report."""

    baselined: int = 0  # matched an entry of the baseline file
    unchanged: int = 0  # --diff: findings that existed before the changes
    other_files: int = 0  # files given: findings touching none of them
    baseline: str | None = None  # the baseline file
    stale: list[dict[str, Any]] = field(default_factory=list)  # baseline entries that matched nothing
    diff: str | None = None  # the revision of --diff

    def to_dict(self) -> dict[str, Any]:
        return {"baselined": self.baselined, "unchanged": self.unchanged,
                "other_files": self.other_files,
                "baseline": self.baseline, "stale_baseline_entries": self.stale, "diff": self.diff}


@dataclass
class Report:
    """What one run found, every project of it, for the reporters."""

    lang: str = "en"
    policy: PolicyPack | None = None
    rules: RuleRegistry | None = None
    scan_roots: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # not tied to one project
    projects: list[Project] = field(default_factory=list)
    filtered: Filtered = field(default_factory=Filtered)
    path_errors: list[str] = field(default_factory=list)  # paths given that could not be scanned (exit 2)
    warnings: list[str] = field(default_factory=list)  # for stderr, not the report: a config naming a retired code
    catalogue: Catalogue | None = None  # names of features and business types, for people
    view: View = field(default_factory=View)  # how the human formats are shown (set per destination)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "note": 0}
        for p in self.projects:
            for f in p.findings:
                out[f.severity.value] += 1
        return out

    def suppressed(self) -> int:
        """Findings hidden by inline ``zizhi-disable`` comments."""
        return sum(len(p.suppressed) for p in self.projects)

    def left_out(self, lang: str = "en") -> str:
        """One sentence on what suppressions, the baseline, --diff and file targets hid ('' if nothing)."""
        f, zh = self.filtered, lang == "zh"
        parts = []
        if self.suppressed():
            parts.append(f"{self.suppressed()} 项被行内注释抑制" if zh else f"{self.suppressed()} suppressed inline")
        if f.baseline is not None:
            parts.append(f"{f.baselined} 项在基线 {f.baseline} 中" if zh else
                         f"{f.baselined} in the baseline {f.baseline}")
            if f.stale:
                parts.append(f"{len(f.stale)} 条基线记录已失效（用 --write-baseline 重写）" if zh else
                             f"{len(f.stale)} stale baseline entr{'y' if len(f.stale) == 1 else 'ies'} "
                             "(prune with --write-baseline)")
        if f.diff is not None:
            parts.append(f"{f.unchanged} 项在 {f.diff} 之前已存在" if zh else f"{f.unchanged} existing before {f.diff}")
        if f.other_files:
            parts.append(f"{f.other_files} 项与所给文件无关" if zh else f"{f.other_files} not touching the given files")
        return ("，" if zh else ", ").join(parts)

    def worst(self) -> Severity | None:
        worst: Severity | None = None
        for p in self.projects:
            for f in p.findings:
                if worst is None or f.severity.rank > worst.rank:
                    worst = f.severity
        return worst

    def to_dict(self) -> dict[str, Any]:
        from zizhi.identity import fingerprints

        lang = self.lang
        return {
            "report_version": REPORT_VERSION,
            "tool": {"name": "zizhi", "version": __version__},
            "lang": lang,
            "policy": {
                "packs": self.policy.names if self.policy else [],
                "checked": self.policy.checked if self.policy else {},
            },
            "summary": {"projects": len(self.projects), **self.counts()},
            "filtered": {"suppressed": self.suppressed(), **self.filtered.to_dict()},
            "diagnostics": [d.to_dict() for d in self.diagnostics],
            "projects": [
                {
                    "root": p.relroot,
                    "platform": p.platform,
                    "framework": p.framework,
                    "kind": p.kind,
                    "manifest": p.rel(p.manifest) if p.manifest else None,
                    "config": str(p.config.path) if p.config and p.config.path else None,
                    "subject": p.config.subject if p.config else None,
                    "backends": [dict(b) for b in p.backends],
                    "features": [f.to_dict() for f in p.features],
                    "business_types": [b.to_dict() for b in p.business_types],
                    "obligations": [o.to_dict() for o in p.obligations],
                    "findings": [{**f.to_dict(lang), "fingerprint": fps[id(f)]} for f in p.findings],
                    "suppressed": [dict(s) for s in p.suppressed],
                    "diagnostics": [d.to_dict() for d in p.diagnostics],
                }
                for p, fps in ((p, fingerprints(p)) for p in self.projects)
            ],
        }
