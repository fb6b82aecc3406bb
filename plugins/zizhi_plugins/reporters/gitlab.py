"""GitLab Code Quality (the Code Climate subset GitLab reads): one issue per finding with a
unique, line-independent ``fingerprint`` and a repository-relative ``location.path``."""

from __future__ import annotations

import json
from typing import Any

from zizhi.report import Report

from .common import chain, rows

SEVERITY = {"error": "major", "warning": "minor", "note": "info"}


def gitlab(report: Report) -> list[dict[str, Any]]:
    lang = report.lang
    issues = []
    for row in rows(report):
        f = row.finding
        body = [f.message(lang), "", *[f"- {e.signal.location}: {chain(f, e)}" for e in f.evidence[:20]]]
        if f.fix(lang):
            body += ["", f.fix(lang)]
        issues.append({
            "type": "issue",
            "engine_name": "zizhi",
            "check_name": f.code,
            "description": f"{f.code} {f.message(lang)}",
            "content": {"body": "\n".join(body).strip()},
            "categories": ["Compatibility"],
            "fingerprint": row.fingerprint,
            "severity": SEVERITY[f.severity.value],
            "location": {"path": row.path, "lines": {"begin": max(f.location.line, 1)}},
        })
    return issues


def render_gitlab(report: Report) -> str:
    return json.dumps(gitlab(report), ensure_ascii=False, indent=2) + "\n"
