"""Markdown: a pull-request comment body (and the GitHub job summary).

What the change needs — one entry per finding with its level, the reasons, the evidence as
links to the lines (on GitHub Actions or GitLab CI) and how to comply — then what was left out.
The report is never cut (``--format markdown:FILE`` holds every project); only the GitHub job
summary is cut to ``MAX_CHARS`` (``job_summary``: GitHub limits what a summary or a comment may
hold), ending with where the whole report is: the Markdown file this run wrote, and the job log.
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote

from zizhi.identity import project_path, repo_path
from zizhi.model import Finding, Project
from zizhi.report import Report
from zizhi.report.i18n import diagnostic_message, feature_name, kind_name, severity_name

from .common import evidence_features, rule_url, source_link

ICON = {"error": "🔴", "warning": "🟠", "note": "🔵"}
MAX_CHARS = 60_000
T = {
    "en": {"title": "zizhi: licences, filings and 服务类目", "diff": "zizhi: what this change needs",
           "none": "No findings.", "evidence": "Evidence", "fix": "How to comply", "left": "Left out",
           "diag": "Diagnostics", "summary": "{e} errors, {w} warnings, {n} notes in {p} project(s)",
           "disclaimer": "Read results as 'likely needed, please check' — not legal advice.", "more": "… {n} more",
           "truncated": "… cut to fit the job summary: the full report is {where}.",
           "in_file": "in {file} (written by this run; upload it as an artifact to keep it)",
           "in_log": "in the job log{run}", "run": " of [this run]({url})", "or": ", or ",
           "adds": "this change adds {names}: "},
    "zh": {"title": "zizhi：所需资质、备案与服务类目", "diff": "zizhi：本次改动需要什么", "none": "未发现问题。",
           "evidence": "证据", "fix": "如何合规", "left": "未列出", "diag": "诊断",
           "summary": "{p} 个项目：{e} 个错误，{w} 个警告，{n} 个提示",
           "disclaimer": "结果为“可能需要，请核实”，不构成法律意见。", "more": "… 另有 {n} 处",
           "truncated": "… 任务摘要篇幅有限，已截断：完整报告{where}。",
           "in_file": "见 {file}（本次运行写入；可作为构件上传保存）",
           "in_log": "见{run}任务日志", "run": "[本次运行]({url})的", "or": "，或",
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


def _finding(report: Report, p: Project, f: Finding, lang: str) -> list[str]:
    t = T[lang]
    sev = f.severity.value
    head = f"- {ICON[sev]} **[{f.code}]({rule_url(f.code)})** {severity_name(sev, lang)}"
    if f.obligation:
        head += f" · {_code(f.obligation)}"
    changed = p.changed_evidence
    added = sorted({e.signal.name for e in f.evidence if (e.signal.location.path, e.signal.location.line) in changed})
    lead = t["adds"].format(names=", ".join(_code(n) for n in added)) if added else ""
    out = [head + f" — {lead}{md_escape(f.message(lang))}", f"  - {_place(p, f.location.path, f.location.line)}"]
    for e in f.evidence[:5]:
        feats = ("、" if lang == "zh" else ", ").join(feature_name(report, x, lang) for x in evidence_features(f, e))
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
    counts = t["summary"].format(e=c["error"], w=c["warning"], n=c["note"], p=len(report.projects))
    out = [f"## {t['diff'] if report.filtered.diff else t['title']}", "", counts + ("。" if lang == "zh" else ".")]
    hidden = report.left_out(report.lang)
    if hidden:
        out.append(f"{t['left']}: {hidden}" + ("。" if lang == "zh" else "."))
    out.append("")
    for p in report.projects:
        kinds = " · ".join(kind_name(k, lang) for k in (p.platform, p.framework, p.kind))
        out += [f"### {_code(project_path(p))} · {kinds}", ""]
        if not p.findings:
            out += [t["none"], ""]
        for f in p.findings:
            out += _finding(report, p, f, lang)
        if p.findings:
            out.append("")
        if p.diagnostics:
            out += [f"<details><summary>{t['diag']} ({len(p.diagnostics)})</summary>", ""]
            out += [f"- {_code(str(d.location))} {d.code} {md_escape(diagnostic_message(d, lang, report))}"
                    for d in p.diagnostics]
            out += ["", "</details>", ""]
    out.append(f"<sub>{t['disclaimer']}</sub>")
    return "\n".join(out) + "\n"


def job_summary(report: Report) -> str:
    """The Markdown report cut to ``MAX_CHARS`` for ``$GITHUB_STEP_SUMMARY`` (GitHub rejects comments
    and summaries over 65,536 characters), ending with where the whole report is."""
    text = render_markdown(report)
    if len(text) <= MAX_CHARS:
        return text
    t = T[report.lang]
    env = os.environ
    run = ""
    if env.get("GITHUB_SERVER_URL") and env.get("GITHUB_REPOSITORY") and env.get("GITHUB_RUN_ID"):
        url = f"{env['GITHUB_SERVER_URL']}/{env['GITHUB_REPOSITORY']}/actions/runs/{env['GITHUB_RUN_ID']}"
        run = t["run"].format(url=_url(url))
    places = [t["in_log"].format(run=run)]
    full = report.view.files.get("markdown")
    if full:
        places.insert(0, t["in_file"].format(file=_code(full)))
    cut = text.rfind("\n- ", 0, MAX_CHARS)
    return text[:cut if cut > 0 else MAX_CHARS] + "\n\n" + t["truncated"].format(where=t["or"].join(places)) + "\n"
