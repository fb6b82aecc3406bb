"""Inline suppressions: a comment naming rule codes and, required, a reason.

In the spirit of ESLint's ``-- description``::

    // zizhi-disable-next-line ZZ103 -- voice rooms run on the vendor's B22 (contract 2026-17)
    wx.joinVoIPChat({...})
    wx.createRewardedVideoAd({...}) // zizhi-disable-line ZZ101, ZZ120 -- ads removed before launch
    <!-- zizhi-disable-next-line ZZ103 -- reason -->          (WXML, Vue and other templates)

``/* … */`` comments work as well. A suppression hides a finding of one of its codes when the
finding's place or any of its evidence is on the suppressed line. A suppression without a reason
hides nothing and is reported (ZZ020); one that hides nothing is reported too (ZZ021), unless all
of its codes are switched off by the config or the command line. Manifests (JSON) cannot carry
comments: use ``ignore_paths`` and ``[rules] ignore`` in the config. ``--no-suppressions`` turns
all of this off to audit what the comments hide.

A filter after compare, before render: it only removes findings and adds ZZ020/ZZ021.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from zizhi.compare import apply_rule_config, rule_on
from zizhi.config import Config
from zizhi.context import ScanContext
from zizhi.lazyre import lazy
from zizhi.model import Finding, Location, Project, Severity

MARKER = "zizhi-disable-"
#: The comment's start and kind; its body runs to the first ``*/`` or ``-->`` or to the end of the line
#: (found with ``str.find``: the lazy ``(.*?)\s*(?:\*/|-->|$)`` this replaces was quadratic on a
#: long run of spaces).
_COMMENT = lazy(r"(?://|/\*|<!--)\s*zizhi-disable-(next-line|line)\b")
_CODE = lazy(r"\bZZ\d{3}\b", re.IGNORECASE)


@dataclass
class Suppression:
    """An inline suppression comment: where it is and which codes it names."""

    path: str  # scan-root relative
    project_path: str  # project relative (for the identity)
    line: int  # the comment's line
    target: int  # the line it suppresses
    kind: str  # next-line | line
    codes: list[str]
    reason: str
    used: list[Finding] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.project_path}#{self.kind}#{','.join(sorted(self.codes))}"


def marker_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) of each line of ``text`` that may hold a suppression comment: what is
    kept of a file's text after extraction (and in the cache)."""
    if MARKER not in text:
        return []
    return [(number, line) for number, line in enumerate(text.splitlines(), 1) if MARKER in line]


def parse(text: str, path: str, project_path: str = "") -> list[Suppression]:
    """Every suppression comment in a file's text."""
    return parse_lines(marker_lines(text), path, project_path)


def parse_lines(lines: list[tuple[int, str]], path: str, project_path: str = "") -> list[Suppression]:
    """Every suppression comment in the numbered lines of a file."""
    out = []
    for number, line in lines:
        m = _COMMENT.search(line)
        if m is None:
            continue
        kind, body = m.group(1), line[m.end():]
        ends = [at for at in (body.find("*/"), body.find("-->")) if at >= 0]
        body = (body[:min(ends)] if ends else body).strip()
        codes_part, sep, reason = body.partition("--")
        codes = sorted({c.upper() for c in _CODE.findall(codes_part)})
        target = number + 1 if kind == "next-line" else number
        out.append(Suppression(path, project_path or path, number, target, kind, codes,
                               reason.strip() if sep else ""))
    return out


def project_suppressions(project: Project) -> list[Suppression]:
    out: list[Suppression] = []
    for source in project.files:
        if source.markers:
            out.extend(parse_lines(source.markers, source.relpath, source.project_relpath))
    return out


def apply_suppressions(project: Project, ctx: ScanContext) -> list[Finding]:
    """The project's findings minus the suppressed ones, plus ZZ020/ZZ021 for bad suppressions.

    Suppressed findings are recorded in ``project.suppressed`` (the JSON report lists them).
    """
    if not ctx.options.suppressions:
        return project.findings
    suppressions = project_suppressions(project)
    if not suppressions:
        return project.findings
    by_line: dict[tuple[str, int], list[Suppression]] = {}
    for s in suppressions:
        if s.reason and s.codes:
            by_line.setdefault((s.path, s.target), []).append(s)
    kept: list[Finding] = []
    hidden: list[dict[str, Any]] = []
    for finding in project.findings:
        places = {finding.location, *(e.signal.location for e in finding.evidence)}
        match = next((s for loc in sorted(places) for s in by_line.get((loc.path, loc.line), [])
                      if finding.code in s.codes), None)
        if match is None:
            kept.append(finding)
            continue
        match.used.append(finding)
        hidden.append({"code": finding.code, "path": finding.location.path, "line": finding.location.line,
                       "obligation": finding.obligation or None, "reason": match.reason,
                       "comment": f"{match.path}:{match.line}"})
    project.suppressed = hidden
    cfg: Config = project.config or Config()
    extra: list[Finding] = []
    for s in suppressions:
        where = Location(s.path, s.line)
        codes = ", ".join(s.codes) or "(none)"
        if not s.reason:
            extra.append(Finding(
                code="ZZ020", severity=Severity.WARNING, location=where, key=s.key,
                message_zh=f"抑制注释缺少原因（{codes}），因此不生效：在代码后写“-- 原因”。",
                message_en=f"Suppression of {codes} has no reason, so it suppresses nothing: add '-- reason' "
                           "after the codes.",
                fix_zh=f"// zizhi-disable-{s.kind} {codes} -- 为什么不需要该资质", fix_en=f"// zizhi-disable-{s.kind} "
                f"{codes} -- why the licence is not needed here",
            ))
        elif not s.used and (not s.codes or any(rule_on(c, cfg, ctx) for c in s.codes)):
            what = f"of {codes}" if s.codes else "naming no rule code"
            extra.append(Finding(
                code="ZZ021", severity=Severity.WARNING, location=where, key=s.key,
                message_zh=f"抑制注释（{codes}）没有抑制任何问题：第 {s.target} 行上没有这些规则的问题。",
                message_en=f"Suppression {what} suppresses nothing: no finding of it is on line {s.target}.",
                fix_zh="删除该注释，或把它移到问题所在行。",
                fix_en="Delete the comment, or move it to the finding's line.",
            ))
    if not extra:
        return kept
    return apply_rule_config(kept + extra, cfg, ctx)
