"""The report: the one model every output format renders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zizhi import __version__
from zizhi.model import Diagnostic, Project, Severity

if TYPE_CHECKING:
    from zizhi.policy import PolicyPack
    from zizhi.rules import RuleRegistry

#: Version of the JSON report format (``schemas/report.schema.json``). Bump the minor number
#: when fields are added, the major one if a field changes meaning or goes away.
REPORT_VERSION = "1.1"

Reporter = Callable[["Report"], str]


@dataclass
class Report:
    lang: str = "en"
    policy: PolicyPack | None = None
    rules: RuleRegistry | None = None
    scan_roots: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # not tied to one project
    projects: list[Project] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "note": 0}
        for p in self.projects:
            for f in p.findings:
                out[f.severity.value] += 1
        return out

    def worst(self) -> Severity | None:
        worst: Severity | None = None
        for p in self.projects:
            for f in p.findings:
                if worst is None or f.severity.rank > worst.rank:
                    worst = f.severity
        return worst

    def to_dict(self) -> dict[str, Any]:
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
                    "findings": [f.to_dict(lang) for f in p.findings],
                    "diagnostics": [d.to_dict() for d in p.diagnostics],
                }
                for p in self.projects
            ],
        }
