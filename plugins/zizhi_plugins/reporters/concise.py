"""``--format concise``: one line per finding, ``path:line:col: CODE message``, as ruff prints it.

The message is the finding's headline (its reasons are in the other formats); the path is as given
on the command line joined with the file's path, so that editors and terminals open it. Report-level
diagnostics (a path that could not be scanned) come first, project diagnostics are left to the other
formats; the last line counts the findings, as ruff does.
"""

from __future__ import annotations

from zizhi.report import Report
from zizhi.report.i18n import severity_name

from .common import shown_path
from .text import headline


def render_concise(report: Report) -> str:
    lang, view = report.lang, report.view
    out = [f"{d.location}: {view.style(d.code, 'code')} {d.message}" for d in report.diagnostics]
    for p in report.projects:
        obligations = {ob.id: ob for ob in p.obligations}
        for f in p.findings:
            loc = f.location
            where = f"{shown_path(report, p, loc.path)}:{loc.line or 1}:{loc.column or 1}"
            message = headline(f, obligations.get(f.obligation) if f.obligation else None, lang)
            out.append(f"{view.style(where, 'path')}: {view.style(f.code, f.severity.value)} {message}")
    c = report.counts()
    total = c["error"] + c["warning"] + c["note"]
    if lang == "zh":
        out.append(f"共 {total} 个问题（{c['error']} 个{severity_name('error', lang)}，{c['warning']} 个"
                   f"{severity_name('warning', lang)}，{c['note']} 个{severity_name('note', lang)}）。" if total
                   else "未发现问题。")
    else:
        out.append(f"Found {total} finding{'s' if total != 1 else ''} ({c['error']} error, {c['warning']} warning, "
                   f"{c['note']} note)." if total else "All clear: no findings.")
    return "\n".join(out) + "\n"
