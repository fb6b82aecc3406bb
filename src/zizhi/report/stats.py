"""``zizhi check --statistics``: how many findings each rule has, most first (as ``ruff --statistics``);
a rule whose findings have several severities (a config override, a level per obligation) lists them."""

from __future__ import annotations

from collections import Counter

from zizhi.report import Report
from zizhi.report.i18n import severity_name
from zizhi.report.view import text_width


def statistics(report: Report) -> str:
    lang = report.lang
    counts: Counter[str] = Counter()
    severities: dict[str, Counter[str]] = {}
    for p in report.projects:
        for f in p.findings:
            counts[f.code] += 1
            severities.setdefault(f.code, Counter())[f.severity.value] += 1
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    words = [("/".join(severity_name(s, lang) for s in ("error", "warning", "note") if severities[code][s]), code)
             for code, _ in rows]
    column = max((text_width(w) for w, _ in words), default=7)
    out = []
    for ((code, n), (word, _)) in zip(rows, words, strict=True):
        rule = report.rules.get(code) if report.rules is not None else None
        name = rule.name if rule else ""
        title = (rule.title_zh if lang == "zh" else rule.title_en) if rule else ""
        worst = next(s for s in ("error", "warning", "note") if severities[code][s])
        shown = report.view.style(word, worst) + " " * (column - text_width(word))
        out.append(f"{n:>{width}}  {report.view.style(code, 'code')}  {shown}  {name:<32} {title}".rstrip())
    total = sum(counts.values())
    if lang == "zh":
        out.append(f"共 {total} 个问题，{len(report.projects)} 个项目。")
    else:
        out.append(f"{total} finding{'s' if total != 1 else ''} in {len(report.projects)} project(s).")
    return "\n".join(out) + "\n"
