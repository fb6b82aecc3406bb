"""SARIF 2.1.0, as GitHub code scanning reads it.

* ``tool.driver.rules[]`` from the rule metadata (the same as ``zizhi explain`` and docs/rules.md);
* results with repository-relative ``uri`` (``uriBaseId`` ``%SRCROOT%``), ``region``, the level of
  the finding, and ``partialFingerprints`` from the finding's identity (rule code, obligation,
  project and platform — no line numbers, so they stay put when unrelated lines move);
* the reasoning chain — signal → feature → obligation — as ``relatedLocations``, linked from
  the message;
* ``automationDetails.id`` (the run's category) and tool diagnostics as notifications.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from zizhi import __version__
from zizhi.identity import project_path, repo_path
from zizhi.model import Location, Project
from zizhi.report import Report
from zizhi.rules import Rule

from .common import RULES_DOCS, chain, repository_of, rows, rule_url

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "zizhiIdentity/v2"


def _uri(path: str) -> str:
    return quote(path, safe="/")


def _text(text: str) -> str:
    """SARIF plain-text messages treat ``[text](id)`` as links: escape literal brackets."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _physical(project: Project, loc: Location) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(loc.line, 1)}
    if loc.column:
        region["startColumn"] = loc.column
    return {"artifactLocation": {"uri": _uri(repo_path(project, loc.path)), "uriBaseId": "%SRCROOT%"},
            "region": region}


def _rule(rule: Rule, lang: str) -> dict[str, Any]:
    zh = lang == "zh"
    title, what = (rule.title_zh, rule.what_zh) if zh else (rule.title_en, rule.what_en)
    why, how = (rule.why_zh, rule.how_zh) if zh else (rule.why_en, rule.how_en)
    heads = ("检查什么", "为什么重要", "示例", "如何合规", "参考") if zh else \
        ("What it checks", "Why it matters", "Example", "How to comply", "References")
    text = f"{what}\n\n{heads[1]}: {why}\n\n{heads[3]}: {how}"
    md = [f"## {rule.code} {rule.name}", "", f"**{title}**", "",
          f"### {heads[0]}", what, "", f"### {heads[1]}", why, ""]
    if rule.example:
        md += [f"### {heads[2]}", "```", rule.example, "```", ""]
    md += [f"### {heads[3]}", how, ""]
    if rule.references:
        md += [f"### {heads[4]}", *[f"- {r}" for r in rule.references], ""]
    md.append(f"[docs/rules.md#{rule.code.lower()}]({rule_url(rule.code)})")
    family = rule.family()[1].lower().replace(" ", "-") or "zizhi"
    tags = ["compliance", family, *([rule.data["licence"]] if rule.data.get("licence") else [])]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": title},
        "fullDescription": {"text": what},
        "help": {"text": text, "markdown": "\n".join(md)},
        "helpUri": rule_url(rule.code),
        "defaultConfiguration": {"level": rule.severity.value},
        "properties": {"tags": tags, "precision": "medium", "problem.severity": rule.severity.value.replace(
            "note", "recommendation")},
    }


def sarif(report: Report) -> dict[str, Any]:
    lang = report.lang
    rules = list(report.rules) if report.rules is not None else []
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for row in rows(report):
        f, p = row.finding, row.project
        related = []
        lines = []
        for n, e in enumerate(f.evidence[:20], 1):
            step = chain(f, e)
            related.append({"id": n, "physicalLocation": _physical(p, e.signal.location), "message": {"text": step}})
            place = f"{repo_path(p, e.signal.location.path)}:{e.signal.location.line}"
            lines.append(f"[{_text(e.signal.name)} {_text(place)}]({n}) → "
                         f"{_text(step.split(' → ', 1)[1])}")
        message = _text(f.message(lang))
        if lines:
            message += "\n\n" + ("证据：" if lang == "zh" else "Evidence: ") + "; ".join(lines)
        if f.fix(lang):
            message += "\n\n" + ("如何合规：" if lang == "zh" else "How to comply: ") + _text(f.fix(lang))
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": f.severity.value,
            "message": {"text": message},
            "locations": [{"physicalLocation": _physical(p, f.location)}],
            "partialFingerprints": {FINGERPRINT: row.fingerprint},
            "properties": {"obligation": f.obligation or None, "features": f.features,
                           "project": project_path(p)},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if related:
            result["relatedLocations"] = related
        results.append(result)
    notifications: list[dict[str, Any]] = []
    for p in report.projects:
        for d in p.diagnostics:
            notifications.append({
                "descriptor": {"id": d.code}, "level": d.severity.value, "message": {"text": d.message},
                "locations": [{"physicalLocation": _physical(p, d.location)}],
            })
    for d in report.diagnostics:
        notifications.append({"descriptor": {"id": d.code}, "level": d.severity.value, "message": {"text": d.message}})
    roots = sorted({repo_path(p, ".") for p in report.projects})
    category = "zizhi/" if roots in ([], ["."]) else f"zizhi/{'+'.join(roots)}/"
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "zizhi", "version": __version__, "semanticVersion": __version__,
            "informationUri": RULES_DOCS, "rules": [_rule(r, lang) for r in rules],
        }},
        "automationDetails": {"id": category},
        "invocations": [{"executionSuccessful": not any(n["descriptor"]["id"] == "ZZ099"
                                                         for n in notifications),
                         "toolExecutionNotifications": notifications}],
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {"filtered": {"suppressed": report.suppressed(), **report.filtered.to_dict()}},
    }
    base = repository_of(report)
    if base:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": Path(base).as_uri().rstrip("/") + "/"}}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render_sarif(report: Report) -> str:
    return json.dumps(sarif(report), ensure_ascii=False, indent=2) + "\n"
