"""Config changes that lower what is reported, as findings of their own (``ZZ030``).

Under ``--diff REV`` and ``--baseline FILE`` only new findings are shown. A pull request that edits
``zizhi.toml`` — ``ignore_paths = ["**"]``, ``rules.ignore``, holdings it does not have, ``fail_on =
"never"`` — makes findings vanish, and they vanish from the very view that should show them
("Left out: 0"). So the config of each project is compared with REV's (or the one recorded in the
baseline file), and every change that can lower what is reported is a ``ZZ030`` warning on the
config file, which the pull request's own config cannot switch off (only ``--ignore`` on the
command line can).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zizhi.model import Finding, Location, Project, Severity

RANK = {"error": 3, "warning": 2, "note": 1, "off": 0, "never": 0}


def summary(config: Any) -> dict[str, Any]:
    """What of a config decides what is reported (JSON values, for the baseline file)."""
    if config is None:
        return {}
    return {
        "ignore_paths": sorted(config.ignore_paths), "ignore": sorted(config.ignore), "select": sorted(config.select),
        "severity": dict(sorted(config.severity.items())), "holdings": sorted(config.holdings),
        "categories": {k: sorted(v) for k, v in sorted(config.categories.items())}, "fail_on": config.fail_on,
    }


def _fail_rank(value: Any) -> int:
    return {"error": 3, "warning": 2, "note": 1}.get(str(value or "error"), 4)  # never: 4 (fails on nothing)


def weakenings(base: dict[str, Any], head: dict[str, Any]) -> list[str]:
    """The changes from ``base`` to ``head`` that can lower what is reported, in words."""
    out: list[str] = []

    def added(key: str) -> list[str]:
        return sorted(set(head.get(key) or []) - set(base.get(key) or []))

    if added("ignore_paths"):
        out.append(f"ignore_paths adds {', '.join(added('ignore_paths'))}")
    if added("ignore"):
        out.append(f"rules.ignore adds {', '.join(added('ignore'))}")
    head_select, base_select = set(head.get("select") or []), set(base.get("select") or [])
    if head_select and (not base_select or base_select - head_select):
        out.append(f"rules.select narrows to {', '.join(sorted(head_select))}")
    base_sev, head_sev = base.get("severity") or {}, head.get("severity") or {}
    for code, level in sorted(head_sev.items()):
        if code not in base_sev or RANK.get(str(level), 3) < RANK.get(str(base_sev[code]), 3):
            out.append(f"rules.severity sets {code} to {level}")
    if added("holdings"):
        out.append(f"holdings adds {', '.join(added('holdings'))}")
    base_cat, head_cat = base.get("categories") or {}, head.get("categories") or {}
    for platform, cats in sorted(head_cat.items()):
        new = sorted(set(cats) - set(base_cat.get(platform) or []))
        if new:
            out.append(f"categories.{platform} adds {', '.join(new)}")
    if _fail_rank(head.get("fail_on")) > _fail_rank(base.get("fail_on")):
        out.append(f"fail_on raised from {base.get('fail_on') or 'error'} to {head.get('fail_on')}")
    return out


def finding(project: Project, changes: list[str], since: str) -> Finding:
    """The ``ZZ030`` finding on the project's config file."""
    from zizhi.identity import scan_root

    path = project.config.path if project.config is not None and project.config.path else None
    where = "zizhi.toml"
    if path is not None:
        try:
            where = Path(path).resolve().relative_to(scan_root(project).resolve()).as_posix()
        except ValueError:
            where = Path(path).name
    text_en = f"the config lowers what zizhi reports (compared with {since}): " + "; ".join(changes)
    text_zh = f"配置降低了报告范围（与 {since} 相比）：" + "；".join(changes)
    return Finding("ZZ030", Severity.WARNING, text_zh, text_en, Location(where, 1), key="config:" + ";".join(changes),
                   fix_zh="确认这些配置改动是有意为之（持有的资质、选择的类目确实存在），并在评审中说明原因。",
                   fix_en="Confirm the config change is intended (the holdings and categories exist, the ignored "
                          "paths and rules do not hide the app's own code) and say why in the review.")


def add_findings(projects: list[Project], base: dict[str, dict[str, Any]], since: str,
                 select: list[str] | None = None, ignore: list[str] | None = None) -> int:
    """Add a ``ZZ030`` finding to each project whose config lowers what is reported compared with
    ``base`` (project identity -> config summary); the command line's ``--select``/``--ignore``
    apply. The number added."""
    from zizhi.identity import repo_path

    if any("ZZ030".startswith(c) for c in ignore or []) or (select and not any("ZZ030".startswith(c)
                                                                                  for c in select)):
        return 0
    count = 0
    for p in projects:
        key = f"{repo_path(p, '.')}#{p.platform}"
        if key not in base:
            continue
        changes = weakenings(base[key], summary(p.config))
        if changes:
            p.findings.insert(0, finding(p, changes, since))
            count += 1
    return count


def summaries(projects: list[Project]) -> dict[str, dict[str, Any]]:
    from zizhi.identity import repo_path

    return {f"{repo_path(p, '.')}#{p.platform}": summary(p.config) for p in projects}
