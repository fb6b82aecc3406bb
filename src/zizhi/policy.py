"""Policy packs: the legal knowledge (licences, filings, 类目, declarations, controls) as data.

A pack is TOML validated by ``schemas/policy.schema.json``. Packs come from plugins
(``zizhi_policy_packs``) and are merged; a later pack may add licences or triggers, and a
licence id defined twice is an error (ids are a public contract).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zizhi.catalogue import DataError, load_toml
from zizhi.resources import first_schema_error


@dataclass
class PolicyPack:
    names: list[str] = field(default_factory=list)
    checked: dict[str, str] = field(default_factory=dict)  # pack name -> date facts were checked
    licences: dict[str, dict[str, Any]] = field(default_factory=dict)
    laws: dict[str, dict[str, Any]] = field(default_factory=dict)
    triggers: list[dict[str, Any]] = field(default_factory=list)
    categories: dict[str, dict[str, Any]] = field(default_factory=dict)  # "wechat:社交-直播" -> data
    declarations: list[dict[str, Any]] = field(default_factory=list)
    controls: list[dict[str, Any]] = field(default_factory=list)
    rule_docs: list[dict[str, Any]] = field(default_factory=list)

    def add(self, data: dict[str, Any], origin: str) -> None:
        error = first_schema_error("policy.schema.json", data)
        if error:
            raise DataError(f"policy pack {origin}: {error}")
        name = data["name"]
        self.names.append(name)
        self.checked[name] = str(data["checked"])
        for law in data.get("law", []):
            self.laws[law["id"]] = law
        for lic in data.get("licence", []):
            if lic["id"] in self.licences:
                raise DataError(f"policy pack {origin}: licence {lic['id']} is already defined")
            self.licences[lic["id"]] = lic
        for cat in data.get("category", []):
            self.categories[f"{cat['platform']}:{cat['id']}"] = cat
        self.declarations.extend(data.get("declaration", []))
        self.controls.extend(data.get("control", []))
        self.rule_docs.extend(data.get("rule", []))
        for trig in data.get("trigger", []):
            self.triggers.append(trig)
        self._check_references(origin)

    def _check_references(self, origin: str) -> None:
        for trig in self.triggers:
            target = trig["obligation"]
            if target.startswith("category:"):
                if target.removeprefix("category:") not in self.categories:
                    raise DataError(f"policy pack {origin}: trigger {trig['id']} names unknown {target}")
            elif target not in self.licences:
                raise DataError(f"policy pack {origin}: trigger {trig['id']} names unknown licence {target}")
        for lic in self.licences.values():
            for b in lic.get("basis", []):
                if b["law"] not in self.laws:
                    raise DataError(f"policy pack {origin}: licence {lic['id']} cites unknown law {b['law']}")

    def basis(self, refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Resolve ``{law, article, verified}`` references to full citations."""
        out = []
        for ref in refs:
            law = self.laws.get(ref["law"], {})
            out.append(
                {
                    "law": ref["law"],
                    "title": law.get("title", ref["law"]),
                    "article": ref.get("article", ""),
                    "verified": ref.get("verified", law.get("verified", "unverified")),
                    "note": ref.get("note", ""),
                    "url": law.get("url", ""),
                }
            )
        return out


def load_pack(path: Path) -> dict[str, Any]:
    return load_toml(path)
