"""The built-in policy pack for mainland China (``pack.toml``), and the rule docs that its
licences, declarations and controls define."""

from __future__ import annotations

from pathlib import Path

from zizhi import hookimpl
from zizhi.catalogue import load_toml
from zizhi.model import Level, Severity
from zizhi.rules import Rule

PACK = Path(__file__).parent / "pack.toml"


@hookimpl
def zizhi_policy_packs() -> list[Path]:
    return [PACK]


@hookimpl
def zizhi_rules() -> list[Rule]:
    data = load_toml(PACK)
    laws = {law["id"]: law for law in data.get("law", [])}
    rules = []
    for lic in data.get("licence", []):
        levels = sorted({t["level"] for t in data.get("trigger", []) if t["obligation"] == lic["id"]},
                        key=lambda lv: -Level(lv).rank)
        refs = [f"{laws[b['law']]['title']} {b.get('article', '')}".strip() for b in lic.get("basis", [])]
        refs += [laws[b["law"]]["url"] for b in lic.get("basis", []) if laws[b["law"]].get("url")]
        rules.append(Rule(
            code=lic["rule"],
            name=f"missing-{lic['id'].lower().replace('_', '-')}",
            severity=Level(levels[0]).severity if levels else Severity.NOTE,
            title_zh=f"未声明持有：{lic['name_zh']}",
            title_en=f"{lic['name_en']} not held",
            what_zh=f"项目的功能需要{lic['name_zh']}（{lic['id']}），而配置 [holdings] 中没有它。",
            what_en=f"The project's features need {lic['name_en']} / {lic['name_zh']} ({lic['id']}), and "
                    "[holdings] in the config does not list it. Severity follows the obligation's level: "
                    "required → error, likely → warning, depends → note.",
            why_zh=lic["description_zh"],
            why_en=lic["description_en"],
            example=f"[holdings]\n{lic['id']} = \"…\"",
            how_zh=lic["how_zh"],
            how_en=lic["how_en"],
            references=refs + list(lic.get("sources", [])),
            plugin="policy_cn",
            data={"licence": lic["id"], "authority_zh": lic["authority_zh"], "authority_en": lic["authority_en"]},
        ))
    for doc in data.get("rule", []):
        severity = Severity.WARNING
        for item in data.get("declaration", []) + data.get("control", []) + data.get("gate", []):
            if item["rule"] == doc["code"]:
                severity = Level(item["level"]).severity
        rules.append(Rule(
            code=doc["code"], name=doc["name"], severity=severity, title_zh=doc["title_zh"],
            title_en=doc["title_en"], what_zh=doc["what_zh"], what_en=doc["what_en"], why_zh=doc["why_zh"],
            why_en=doc["why_en"], example=doc.get("example", ""), how_zh=doc["how_zh"], how_en=doc["how_en"],
            references=list(doc.get("references", [])), plugin="policy_cn",
        ))
    return rules
