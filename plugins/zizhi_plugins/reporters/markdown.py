"""Markdown: a pull-request comment body (and the GitHub job summary).

What the change needs — one entry per finding with its level, the reasons, the evidence as
links to the lines (on GitHub Actions or GitLab CI) and how to comply — then what was left out.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from zizhi.identity import project_path, repo_path
from zizhi.model import Finding, Project
from zizhi.report import Report

from .common import evidence_features, rule_url, source_link

ICON = {"error": "🔴", "warning": "🟠", "note": "🔵"}
MAX_CHARS = 60_000
T = {
    "en": {"title": "zizhi: licences, filings and 服务类目", "diff": "zizhi: what this change needs",
           "none": "No findings.", "evidence": "Evidence", "fix": "How to comply", "left": "Left out",
           "diag": "Diagnostics", "summary": "{e} errors, {w} warnings, {n} notes in {p} project(s)",
           "disclaimer": "Read results as 'likely needed, please check' — not legal advice.", "more": "… {n} more",
           "truncated": "… truncated: the full report is in the job log (format text) or the SARIF file.",
           "adds": "this change adds {names}: "},
    "zh": {"title": "zizhi：所需资质、备案与服务类目", "diff": "zizhi：本次改动需要什么", "none": "未发现问题。",
           "evidence": "证据", "fix": "如何合规", "left": "未列出", "diag": "诊断",
           "summary": "{p} 个项目：{e} 个错误，{w} 个警告，{n} 个提示",
           "disclaimer": "结果为“可能需要，请核实”，不构成法律意见。", "more": "… 另有 {n} 处",
           "truncated": "… 内容过长已截断：完整报告见任务日志（text 格式）或 SARIF 文件。",
           "adds": "本次改动新增 {names}："},
}


def md_escape(text: str) -> str:
    """Escape what GitHub/GitLab Markdown would otherwise interpret in running text."""
    for ch in "\\`*_{}[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\r", " ").replace("\n", " ")


def _code(text: str) -> str:
    """A code span holding ``text`` verbatim: its fence is one backtick longer than the longest run
    of backticks in it (CommonMark), padded with spaces when it starts or ends with one."""
    text = text.replace("\r", " ").replace("\n", " ")
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest or text[:1] == " " or text[-1:] == " " else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _place(project: Project, path: str, line: int) -> str:
    rel = repo_path(project, path)
    label = f"{rel}:{line}" if line else rel
    url = source_link(project, path, line)
    # the link's target percent-encoded: a ")", "]", space or "<" in a path cannot end it or open HTML
    return f"[{_code(label)}](<{_url(url)}>)" if url else _code(label)


def _url(url: str) -> str:
    return quote(url, safe="/:#?=&%~+@!$'*,;")


def _finding(p: Project, f: Finding, lang: str) -> list[str]:
    t = T[lang]
    sev = f.severity.value
    head = f"- {ICON[sev]} **[{f.code}]({rule_url(f.code)})** {sev}"
    if f.obligation:
        head += f" · {_code(f.obligation)}"
    changed = p.changed_evidence
    added = sorted({e.signal.name for e in f.evidence if (e.signal.location.path, e.signal.location.line) in changed})
    lead = t["adds"].format(names=", ".join(_code(n) for n in added)) if added else ""
    out = [head + f" — {lead}{md_escape(f.message(lang))}", f"  - {_place(p, f.location.path, f.location.line)}"]
    for e in f.evidence[:5]:
        feats = ", ".join(evidence_features(f, e))
        out.append(f"  - {t['evidence']}: {_place(p, e.signal.location.path, e.signal.location.line)} "
                   f"{_code(e.signal.name)} → {md_escape(feats) or '—'} → {_code(f.obligation or f.code)}")
    if len(f.evidence) > 5:
        out.append(f"  - {t['more'].format(n=len(f.evidence) - 5)}")
    if f.fix(lang):
        out.append(f"  - {t['fix']}: {md_escape(f.fix(lang))}")
    return out


def render_markdown(report: Report) -> str:
    lang = report.lang
    t = T[lang]
    c = report.counts()
    out = [f"## {t['diff'] if report.filtered.diff else t['title']}", "",
           t["summary"].format(e=c["error"], w=c["warning"], n=c["note"], p=len(report.projects)) + "."]
    hidden = report.left_out(report.lang)
    if hidden:
        out.append(f"{t['left']}: {hidden}.")
    out.append("")
    for p in report.projects:
        out += [f"### {_code(project_path(p))} · {p.platform} · {p.framework} · {p.kind}", ""]
        if not p.findings:
            out += [t["none"], ""]
        for f in p.findings:
            out += _finding(p, f, lang)
        if p.findings:
            out.append("")
        if p.diagnostics:
            out += [f"<details><summary>{t['diag']} ({len(p.diagnostics)})</summary>", ""]
            out += [f"- {_code(str(d.location))} {d.code} {md_escape(d.message)}" for d in p.diagnostics]
            out += ["", "</details>", ""]
    out.append(f"<sub>{t['disclaimer']}</sub>")
    text = "\n".join(out) + "\n"
    if len(text) > MAX_CHARS:  # GitHub rejects comments and summaries over 65,536 characters
        cut = text.rfind("\n- ", 0, MAX_CHARS)
        text = text[:cut if cut > 0 else MAX_CHARS] + "\n\n" + t["truncated"] + "\n"
    return text
