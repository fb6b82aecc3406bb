"""Rule metadata: one stable code per kind of finding or diagnostic, with its docs.

``zizhi explain``, ``zizhi rules``, the docs pages and (later) SARIF ``rules[]`` all come from
these objects. Codes never change meaning; a renamed code stays in ``REDIRECTS``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from zizhi.model import Severity

#: Old code -> current code. Empty until a rule is renamed.
REDIRECTS: dict[str, str] = {}

FAMILIES = {
    "ZZ0": ("工具诊断", "Tool diagnostics"),
    "ZZ1": ("许可证与备案", "Licences and filings"),
    "ZZ2": ("服务类目与主体", "Service categories and subject type"),
    "ZZ3": ("清单声明", "Manifest declarations"),
    "ZZ4": ("管控措施", "Controls"),
}


@dataclass
class Rule:
    code: str
    name: str  # kebab-case, stable too
    severity: Severity  # default; licence rules take the obligation's level instead
    title_zh: str
    title_en: str
    what_zh: str = ""
    what_en: str = ""
    why_zh: str = ""
    why_en: str = ""
    example: str = ""
    how_zh: str = ""
    how_en: str = ""
    references: list[str] = field(default_factory=list)
    plugin: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def family(self) -> tuple[str, str]:
        return FAMILIES.get(self.code[:3], ("", ""))

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "title": {"zh": self.title_zh, "en": self.title_en},
            "what": {"zh": self.what_zh, "en": self.what_en},
            "why": {"zh": self.why_zh, "en": self.why_en},
            "example": self.example,
            "how": {"zh": self.how_zh, "en": self.how_en},
            "references": self.references,
        }


class RuleRegistry:
    def __init__(self, rules: list[Rule]):
        self.rules: dict[str, Rule] = {}
        for r in rules:
            if r.code in self.rules:
                raise ValueError(f"rule code {r.code} defined twice ({self.rules[r.code].plugin}, {r.plugin})")
            self.rules[r.code] = r

    def get(self, code: str) -> Rule | None:
        code = REDIRECTS.get(code.upper(), code.upper())
        return self.rules.get(code)

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self.rules.values(), key=lambda r: r.code))
