"""The human report: per project, what it needs, why, where, and what is missing."""

from __future__ import annotations

from typing import Any

from zizhi.model import Evidence, Obligation, Project
from zizhi.report import Report

L: dict[str, dict[str, Any]] = {
    "zh": {
        "project": "项目", "features": "功能", "btypes": "业务类型", "needs": "所需资质与声明", "findings": "问题",
        "diagnostics": "诊断", "none": "无", "because": "原因", "evidence": "证据", "basis": "依据", "fix": "如何合规",
        "not_accepted": "该平台不接入",
        "held": "已声明", "missing": "未声明", "satisfied": "已满足", "depends": "取决于", "summary": "合计",
        "errors": "错误", "warnings": "警告", "notes": "提示", "more": "另有 {n} 处",
        "required": "必需", "likely": "很可能需要", "depends_level": "视情况",
        "verified": {"official": "✅官方", "secondary": "◐二手", "unverified": "❓未核实"},
        "no_findings": "未发现问题。", "disclaimer": "结果为“可能需要，请核实”，不构成法律意见。",
        "backend": "后端", "config": "配置", "projects_n": "{n} 个项目", "left_out": "未列出",
        "backends": "后端代码", "provider": "服务商",
    },
    "en": {
        "project": "Project", "features": "Features", "btypes": "Business types", "needs": "Needs",
        "findings": "Findings", "diagnostics": "Diagnostics", "none": "none", "because": "because",
        "evidence": "evidence", "basis": "basis", "fix": "how to comply", "held": "held", "missing": "MISSING",
        "not_accepted": "NOT ACCEPTED on this platform", "satisfied": "satisfied", "depends": "depends on",
        "summary": "Summary", "errors": "errors",
        "warnings": "warnings", "notes": "notes", "more": "{n} more",
        "required": "required", "likely": "likely", "depends_level": "depends",
        "verified": {"official": "✅ official", "secondary": "◐ secondary", "unverified": "❓ unverified"},
        "no_findings": "No findings.",
        "disclaimer": "Read results as 'likely needed, please check' — not legal advice.",
        "backend": "backend", "config": "config", "projects_n": "{n} project(s)", "left_out": "Left out",
        "backends": "Backends", "provider": "provider",
    },
}


def _name(ob: Obligation, lang: str) -> str:
    d = ob.data
    if ob.kind in ("licence", "filing"):
        return f"{ob.id} {d['name_zh']}" if lang == "zh" else f"{ob.id} {d['name_zh']} — {d['name_en']}"
    if ob.kind == "category":
        return f"类目 {d['platform']}「{d['id']}」" if lang == "zh" else \
            f"category {d['platform']} 「{d['id']}」 ({d['name_en']})"
    return d.get("name_zh" if lang == "zh" else "name_en", ob.id)


def _providers(evidence: list[Evidence]) -> str:
    """The services behind a feature's evidence (LLM providers ...), strongest evidence first."""
    names: list[str] = []
    for e in evidence:
        if e.provider and e.provider not in names:
            names.append(e.provider)
    return f" [{'; '.join(names)}]" if names else ""


def _project(p: Project, report: Report, out: list[str]) -> None:
    lang = report.lang
    t = L[lang]
    out.append(f"== {t['project']} {p.relroot}  [{p.platform} · {p.framework} · {p.kind}]")
    if p.config and p.config.path:
        out.append(f"   {t['config']}: {p.config.path}")
    if p.backends:
        out.append(f"   {t['backends']}: " + ", ".join(f"{b['root']} ({b['language']})" for b in p.backends))
    feats = ", ".join(
        f"{f.id}" + (f" ({t['backend']})" if all(e.signal.origin == "backend" for e in f.evidence) else "")
        + _providers(f.evidence)
        for f in p.features
    )
    out.append(f"   {t['features']}: {feats or t['none']}")
    out.append(f"   {t['btypes']}: {', '.join(b.id for b in p.business_types) or t['none']}")
    out.append(f"   {t['needs']}:")
    for ob in p.obligations:
        if ob.kind in ("declaration", "control") and ob.held:
            continue
        mark = "✓" if ob.held else "✗"
        state = (t["held"] + (f" {ob.held_as}" if ob.held_as else "")) if ob.held else t["missing"]
        if ob.kind == "category" and ob.data.get("accepted") is False:
            state = t["not_accepted"]
        level = t["depends_level"] if ob.level.value == "depends" else t[ob.level.value]
        out.append(f"     {mark} [{level}] {_name(ob, lang)} — {state}")
        for r in ob.reasons:
            text = r.text_zh if lang == "zh" else r.text_en
            cond = r.condition_zh if lang == "zh" else r.condition_en
            feats_txt = f" ({', '.join(r.features)})" if r.features else ""
            out.append(f"         {t['because']}: {text}{feats_txt}")
            if cond:
                out.append(f"           {t['depends']}: {cond}")
        shown = ob.evidence[:3]
        for e in shown:
            origin = f" [{t['backend']}]" if e.signal.origin == "backend" else ""
            provider = f" ({t['provider']}: {e.provider})" if e.provider else ""
            out.append(f"         {t['evidence']}: {e.signal.location}  {e.signal.name}{origin}{provider}")
        if len(ob.evidence) > len(shown):
            out.append(f"         {t['evidence']}: … " + t["more"].format(n=len(ob.evidence) - len(shown)))
        for b in ob.basis[:3]:
            mark_v = t["verified"].get(b["verified"], b["verified"])
            out.append(f"         {t['basis']}: {b['title']} {b['article']} ({mark_v})".rstrip())
    out.append(f"   {t['findings']}:")
    if not p.findings:
        out.append(f"     {t['no_findings']}")
    for f in p.findings:
        out.append(f"     {f.location}: {f.severity.value} {f.code} {f.message(lang)}")
        fix = f.fix(lang)
        if fix:
            out.append(f"         {t['fix']}: {fix}")
    if p.diagnostics:
        out.append(f"   {t['diagnostics']}:")
        for d in p.diagnostics:
            out.append(f"     {d.location}: {d.severity.value} {d.code} {d.message}")


def render_text(report: Report) -> str:
    t = L[report.lang]
    out: list[str] = []
    for d in report.diagnostics:
        out.append(f"{d.location}: {d.severity.value} {d.code} {d.message}")
    for p in report.projects:
        _project(p, report, out)
        out.append("")
    c = report.counts()
    out.append(f"{t['summary']}: {t['projects_n'].format(n=len(report.projects))}, {c['error']} {t['errors']}, "
               f"{c['warning']} {t['warnings']}, {c['note']} {t['notes']}. {t['disclaimer']}")
    hidden = report.left_out(report.lang)
    if hidden:
        out.append(f"{t['left_out']}: {hidden}" + ("。" if report.lang == "zh" else "."))
    return "\n".join(out) + "\n"
