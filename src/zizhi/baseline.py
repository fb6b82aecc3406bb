"""Baselines: accept today's findings, fail only on new ones.

``--write-baseline FILE`` records every finding of the run (after inline suppressions) by its
stable identity (:mod:`zizhi.identity`: rule code, subject, project root and platform, normalised
evidence — no line numbers) and its severity. ``--baseline FILE`` hides the findings that match an entry
and reports the entries that matched nothing (stale: prune them by writing the baseline again).

Matching: a finding matches an entry of the same rule code, subject and project whose severity
is at least the finding's (an obligation that became stronger — ``likely`` to ``required`` — is
new). When several entries share the key, the one sharing most evidence wins. New evidence for an
accepted obligation does not make it new: the obligation existed and was accepted; code moving
within or between files does not either.

Format 2 records each project by its own root and platform. A format-1 baseline (whose ``project``
was the scanned folder) is still read, and matched on the identities as format 1 computed them;
``--write-baseline`` always writes format 2.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from zizhi import __version__
from zizhi.identity import Identity, identity, legacy_identity
from zizhi.model import Finding, Project, Severity

FORMAT = 2
READABLE = (1, 2)


def entry(project: Project, finding: Finding) -> dict[str, Any]:
    ident = identity(project, finding)
    return {**ident.to_dict(), "severity": finding.severity.value, "message": finding.message_en}


def _ident(data: dict[str, Any]) -> Identity:
    return Identity(str(data["code"]), str(data["subject"]), str(data["project"]),
                    tuple(str(e) for e in data.get("evidence", [])), str(data.get("platform", "")))


def _overlap(a: Identity, b: Identity) -> float:
    sa, sb = set(a.evidence), set(b.evidence)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def match(findings: Iterable[tuple[Identity, Severity, Finding]],
          entries: list[tuple[Identity, Severity]]) -> tuple[list[Finding], list[Finding], list[int]]:
    """Pair findings with earlier entries: (matched findings, new findings, indexes of unused entries)."""
    by_key: dict[tuple[str, str, str, str], list[int]] = {}
    for i, (ident, _) in enumerate(entries):
        by_key.setdefault(ident.key, []).append(i)
    used: set[int] = set()
    matched, new = [], []
    for ident, severity, finding in findings:
        candidates = [i for i in by_key.get(ident.key, []) if i not in used and entries[i][1].rank >= severity.rank]
        if not candidates:
            new.append(finding)
            continue
        best = max(candidates, key=lambda i: _overlap(ident, entries[i][0]))
        used.add(best)
        matched.append(finding)
    return matched, new, [i for i in range(len(entries)) if i not in used]


def write_baseline(report: Any, path: Path) -> int:
    entries = [entry(p, f) for p in report.projects for f in p.findings]
    entries.sort(key=lambda e: (e["project"], e["platform"], e["code"], e["subject"], e["evidence"]))
    from zizhi.configdiff import summaries

    # the configs too: a later config that lowers what is reported is a finding (ZZ030)
    data = {"zizhi_baseline": FORMAT, "tool": f"zizhi {__version__}", "entries": entries,
            "configs": summaries(report.projects)}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(entries)


def read_baseline(path: Path) -> tuple[int, list[dict[str, Any]]]:
    """(format, entries) of a baseline file; a file zizhi did not write is a usage error."""
    from zizhi.engine import UsageError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the baseline: {exc.strerror}") from exc
    except ValueError as exc:
        raise UsageError(f"{path}: not a zizhi baseline (invalid JSON: {exc})") from exc
    if (not isinstance(data, dict) or data.get("zizhi_baseline") not in READABLE
            or not isinstance(data.get("entries"), list)):
        raise UsageError(f"{path}: not a zizhi baseline (write one with --write-baseline)")
    entries = data["entries"]
    for e in entries:
        if not (isinstance(e, dict) and {"code", "subject", "project", "severity"} <= e.keys()
                and e["severity"] in ("error", "warning", "note")):
            raise UsageError(f"{path}: baseline entry {e!r} lacks code, subject, project or severity")
    return int(data["zizhi_baseline"]), entries


def apply_baseline(report: Any, path: Path, select: list[str] | None = None, ignore: list[str] | None = None) -> None:
    """Hide the findings the baseline accepts; record the count and the stale entries in the report.

    Only entries of the scanned projects, and of the rules ``--select``/``--ignore`` leave on, can
    be stale: the others were not looked for in this run.
    """
    from zizhi.identity import project_path, repo_path

    form, all_entries = read_baseline(path)
    ident = identity if form == FORMAT else legacy_identity
    if form == FORMAT:
        projects = {(project_path(p), p.platform) for p in report.projects}
    else:
        projects = {(repo_path(p, "."), "") for p in report.projects}

    def in_scope(e: dict[str, Any]) -> bool:
        code = str(e["code"])
        return ((e["project"], str(e.get("platform", "")) if form == FORMAT else "") in projects
                and not any(code.startswith(c) for c in ignore or [])
                and (not select or any(code.startswith(c) for c in select)))

    raw = [e for e in all_entries if in_scope(e)]
    from zizhi.configdiff import add_findings

    configs = _configs(path)
    entries = [(_ident(e), Severity(e["severity"])) for e in raw]
    items = [(ident(p, f), f.severity, f) for p in report.projects for f in p.findings]
    matched, _, unused = match(items, entries)
    hidden = {id(f) for f in matched}
    for p in report.projects:
        p.findings = [f for f in p.findings if id(f) not in hidden]
    report.filtered.baseline = str(path)
    report.filtered.baselined = len(matched)
    report.filtered.stale = [raw[i] for i in unused]
    add_findings(report.projects, configs, f"the baseline {path.name}", select, ignore)


def _configs(path: Path) -> dict[str, dict[str, Any]]:
    """The project configs a baseline recorded (none in baselines of older zizhi versions)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    configs = data.get("configs") if isinstance(data, dict) else None
    if not isinstance(configs, dict):
        return {}
    return {str(k): v for k, v in configs.items() if isinstance(v, dict)}
