"""``zizhi check --statistics``: how many findings each rule has, most first (as ``ruff --statistics``)."""

from __future__ import annotations

from collections import Counter

from zizhi.report import Report
from zizhi.report.i18n import severity_name
from zizhi.report.view import text_width


def statistics(report: Report) -> str:
    lang = report.lang
    counts: Counter[tuple[str, str]] = Counter()
    for p in report.projects:
        for f in p.findings:
            counts[(f.code, f.severity.value)] += 1
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    out = []
    for (code, severity), n in rows:
        rule = report.rules.get(code) if report.rules is not None else None
        name = rule.name if rule else ""
        title = (rule.title_zh if lang == "zh" else rule.title_en) if rule else ""
        word = severity_name(severity, lang)
        shown = report.view.style(word, severity) + " " * (7 - text_width(word))
        out.append(f"{n:>{width}}  {report.view.style(code, 'code')}  {shown}  {name:<32} {title}".rstrip())
    total = sum(counts.values())
    if lang == "zh":
        out.append(f"共 {total} 个问题，{len(report.projects)} 个项目。")
    else:
        out.append(f"{total} finding{'s' if total != 1 else ''} in {len(report.projects)} project(s).")
    return "\n".join(out) + "\n"
