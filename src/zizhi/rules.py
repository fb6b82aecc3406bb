"""Rule metadata: one stable code per kind of finding or diagnostic, with its docs.

``zizhi explain``, ``zizhi rules``, the docs pages and (later) SARIF ``rules[]`` all come from
these objects. Codes never change meaning; a renamed code stays in ``REDIRECTS``, and a removed one
in ``RETIRED`` (never reused: a rule defining a retired code is refused).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from zizhi.model import Severity

#: Old code -> current code. Empty until a rule is renamed.
REDIRECTS: dict[str, str] = {}


@dataclass(frozen=True)
class Retired:
    """A code that no longer exists: named in --select/--ignore or a config it is a warning, not an error."""

    name: str
    why_en: str
    why_zh: str


#: Removed codes -> what they were and why they went. A config or option naming one gets a warning.
RETIRED: dict[str, Retired] = {
    "ZZ011": Retired(
        "unsupported-platform",
        "it reported projects of platforms zizhi has no plugin for, but since platforms became data (the platform "
        "table) no such project is ever found, so it could never fire",
        "它报告 zizhi 没有插件的平台的项目；平台改为数据（平台表）后不会再发现这样的项目，它不可能出现"),
}


def retired_message(code: str, lang: str = "en", named: bool = True) -> str:
    """Why ``code`` is gone ('' if it is not retired); ``named``: and that naming it has no effect."""
    r = RETIRED.get(code)
    if r is None:
        return ""
    if lang == "zh":
        return f"规则 {code}（{r.name}）已停用：{r.why_zh}" + ("；此设置不起作用" if named else "。")
    return f"rule {code} ({r.name}) is retired: {r.why_en}" + ("; naming it has no effect" if named else ".")

FAMILIES = {
    "ZZ0": ("工具诊断", "Tool diagnostics"),
    "ZZ1": ("许可证与备案", "Licences and filings"),
    "ZZ2": ("服务类目与主体", "Service categories and subject type"),
    "ZZ3": ("清单声明", "Manifest declarations"),
    "ZZ4": ("管控措施", "Controls"),
}


@dataclass
class Rule:
    """A rule: its stable code, name, severity and documentation."""

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
            if r.code in RETIRED:
                raise ValueError(f"rule code {r.code} is retired and never reused ({r.plugin})")
            if r.code in self.rules:
                raise ValueError(f"rule code {r.code} defined twice ({self.rules[r.code].plugin}, {r.plugin})")
            self.rules[r.code] = r

    def get(self, code: str) -> Rule | None:
        code = REDIRECTS.get(code.upper(), code.upper())
        return self.rules.get(code)

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self.rules.values(), key=lambda r: r.code))
