"""Policy packs: the legal knowledge (licences, filings, 类目, declarations, controls) as data.

A pack is TOML validated by ``schemas/policy.schema.json``. Packs come from plugins
(``zizhi_policy_packs``) and are merged; a later pack may add licences or triggers, and a
licence id defined twice is an error (ids are a public contract).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zizhi.catalogue import DataError
from zizhi.resources import first_schema_error


@dataclass(eq=False, repr=False)  # (a holder for one run: no generated methods it never uses)
class PolicyPack:
    """The policy packs' licences, triggers and gates, merged."""

    names: list[str] = field(default_factory=list)
    checked: dict[str, str] = field(default_factory=dict)  # pack name -> date facts were checked
    licences: dict[str, dict[str, Any]] = field(default_factory=dict)
    laws: dict[str, dict[str, Any]] = field(default_factory=dict)
    triggers: list[dict[str, Any]] = field(default_factory=list)
    categories: dict[str, dict[str, Any]] = field(default_factory=dict)  # "wechat:社交-直播" -> data
    declarations: list[dict[str, Any]] = field(default_factory=list)
    controls: list[dict[str, Any]] = field(default_factory=list)
    rule_docs: list[dict[str, Any]] = field(default_factory=list)
    gates: list[dict[str, Any]] = field(default_factory=list)
    official_domains: list[str] = field(default_factory=list)

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
        self.gates.extend(data.get("gate", []))
        self.official_domains.extend(d for d in data.get("official_domains", []) if d not in self.official_domains)
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
        cited = [(f"licence {lic['id']}", b) for lic in self.licences.values() for b in lic.get("basis", [])]
        cited += [(f"category {key}", b) for key, cat in self.categories.items() for b in cat.get("basis", [])]
        for kind, items in (("trigger", self.triggers), ("declaration", self.declarations),
                            ("control", self.controls), ("gate", self.gates)):
            cited += [(f"{kind} {item['id']}", b) for item in items for b in item.get("basis", [])]
        for who, b in cited:
            law = self.laws.get(b["law"])
            if law is None:
                raise DataError(f"policy pack {origin}: {who} cites unknown law {b['law']}")
            if b.get("verified") == "official" and law["verified"] != "official":
                raise DataError(f"policy pack {origin}: {who} marks {b['law']} official, but the law is "
                                f"{law['verified']}")
        for trig in self.triggers:
            if trig["level"] == "required" and not self.has_official_basis(trig):
                raise DataError(f"policy pack {origin}: trigger {trig['id']} is required, but none of its basis "
                                "is official (◐/❓ facts make `likely` or `depends`)")
        for kind, items in (("declaration", self.declarations), ("control", self.controls), ("gate", self.gates)):
            for item in items:
                if item["level"] == "required" and not self._official(item.get("basis", [])):
                    raise DataError(f"policy pack {origin}: {kind} {item['id']} is required, but none of its "
                                    "basis is official")

    def _official(self, refs: list[dict[str, Any]]) -> bool:
        return any(b["verified"] == "official" for b in self.basis(refs))

    def has_official_basis(self, trig: dict[str, Any]) -> bool:
        """A trigger's basis is its own, or, when it cites none, that of its licence or category; it may be
        ``required`` only if one of those is official (a law marked official and not cited as less)."""
        if trig.get("basis"):
            return self._official(trig["basis"])
        target = trig["obligation"]
        if target.startswith("category:"):
            return self._official(self.categories[target.removeprefix("category:")].get("basis", []))
        return self._official(self.licences[target].get("basis", []))

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
