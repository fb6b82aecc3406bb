"""The human report: per project, what it detected, then each finding once, carrying its reasons.

A finding is one missing obligation: its headline (``path:line:col: severity CODE …``), then why
(every reason of the obligation, each with the condition it depends on), the first piece of evidence
(signal → feature) and how to comply. ``--verbose`` (``View.verbose``) adds every piece of evidence,
the legal basis and the held obligations in full. Paths are shown as given on the command line
joined with the file's path, so that they open from where zizhi ran. Colour and wrapping come from
the ``View`` (a terminal only).
"""

from __future__ import annotations

from typing import Any

from zizhi.compare import reasons_text
from zizhi.model import Diagnostic, Evidence, Finding, Location, Obligation, Project
from zizhi.report import Report
from zizhi.report.i18n import btype_name, diagnostic_message, feature_name, kind_name, severity_name
from zizhi.report.view import View, wrap

from .common import evidence_features, shown_path

L: dict[str, dict[str, Any]] = {
    "zh": {
        "project": "项目", "features": "功能", "btypes": "业务类型", "held_line": "已持有",
        "diagnostics": "诊断", "none": "无", "because": "原因", "evidence": "证据", "basis": "依据",
        "fix": "如何合规", "not_accepted": "该平台不接入", "held": "已声明", "missing": "未声明",
        "depends": "取决于", "summary": "合计", "more": "另有 {n} 处", "more_inline": "（另有 {n} 处）",
        "required": "必需", "likely": "很可能需要", "depends_level": "视情况",
        "verified": {"official": "✅官方", "secondary": "◐二手", "unverified": "❓未核实"},
        "no_findings": "未发现问题。", "disclaimer": "结果为“可能需要，请核实”，不构成法律意见。",
        "backend": "后端", "config": "配置", "left_out": "未列出", "backends": "后端代码", "provider": "服务商",
        "counts": "{p} 个项目，{e} 个错误，{w} 个警告，{n} 个提示。", "same_obligation": "（同一义务，见上）",
        "verbose_hint": "加 --verbose 可显示全部证据、法律依据和已持有项的详情。",
        "held_title": "已持有与已满足",
    },
    "en": {
        "project": "Project", "features": "Features", "btypes": "Business types", "held_line": "Held",
        "diagnostics": "Diagnostics", "none": "none", "because": "because", "evidence": "evidence",
        "basis": "basis", "fix": "how to comply", "held": "held", "missing": "MISSING",
        "not_accepted": "NOT ACCEPTED on this platform", "depends": "depends on", "summary": "Summary",
        "more": "{n} more", "more_inline": " (+{n} more)",
        "required": "required", "likely": "likely", "depends_level": "depends",
        "verified": {"official": "✅ official", "secondary": "◐ secondary", "unverified": "❓ unverified"},
        "no_findings": "No findings.",
        "disclaimer": "Read results as 'likely needed, please check' — not legal advice.",
        "backend": "backend", "config": "config", "left_out": "Left out", "backends": "Backends",
        "provider": "provider", "counts": "{p} project(s), {e} error(s), {w} warning(s), {n} note(s).",
        "same_obligation": " (same obligation as above)",
        "verbose_hint": "Run with --verbose for all evidence, the legal basis and the held obligations in full.",
        "held_title": "Held and satisfied",
    },
}

#: evidence shown per finding with --verbose (the JSON report has up to 20, SARIF all)
VERBOSE_EVIDENCE = 20


def obligation_name(ob: Obligation, lang: str) -> str:
    d = ob.data
    if ob.kind in ("licence", "filing"):
        return f"{ob.id} {d['name_zh']}" if lang == "zh" else f"{ob.id} {d['name_zh']} — {d['name_en']}"
    if ob.kind == "category":
        return f"类目 {d['platform']}「{d['id']}」" if lang == "zh" else \
            f"category {d['platform']} 「{d['id']}」 ({d['name_en']})"
    return str(d.get("name_zh" if lang == "zh" else "name_en", ob.id))


def headline(f: Finding, ob: Obligation | None, lang: str) -> str:
    """The finding's message without the reasons at its end (they are shown one per line)."""
    message = f.message(lang)
    because = reasons_text(ob, lang) if ob is not None else ""
    if not because or not message.endswith(because):
        return message
    head = message[: -len(because)].rstrip()
    for tail in ("Because:", "原因：", ":", "："):
        if head.endswith(tail):
            head = head[: -len(tail)].rstrip()
            break
    return head or message


def _providers(evidence: list[Evidence]) -> str:
    """The services behind a feature's evidence (LLM providers ...), strongest evidence first."""
    names: list[str] = []
    for e in evidence:
        if e.provider and e.provider not in names:
            names.append(e.provider)
    return f" [{'; '.join(names)}]" if names else ""


class _Writer:
    def __init__(self, report: Report):
        self.report = report
        self.lang = report.lang
        self.t = L[self.lang]
        self.view: View = report.view
        self.lines: list[str] = []

    def add(self, line: str) -> None:
        self.lines.extend(wrap(line, self.view.width))

    def s(self, text: str, style: str) -> str:
        return self.view.style(text, style)

    def label(self, key: str) -> str:
        return self.s(f"{self.t[key]}:", "dim")

    def place(self, p: Project | None, loc: Location) -> str:
        shown = Location(shown_path(self.report, p, loc.path), loc.line, loc.column)
        return self.s(str(shown), "path")

    def features(self, names: list[str]) -> str:
        return ("、" if self.lang == "zh" else ", ").join(feature_name(self.report, f, self.lang) for f in names)

    def evidence(self, p: Project, f: Finding | None, e: Evidence) -> str:
        origin = f" [{self.t['backend']}]" if e.signal.origin == "backend" else ""
        provider = f" ({self.t['provider']}: {e.provider})" if e.provider else ""
        feats = evidence_features(f, e) if f is not None else sorted(e.features)
        to = f" → {self.features(feats)}" if feats else ""
        return f"{self.label('evidence')} {self.place(p, e.signal.location)} {e.signal.name}{origin}{provider}{to}"

    def reasons(self, ob: Obligation, indent: str) -> None:
        zh = self.lang == "zh"
        for r in ob.reasons:
            feats = f" ({self.features(r.features)})" if r.features else ""
            self.add(f"{indent}{self.label('because')} {r.text_zh if zh else r.text_en}{feats}")
            cond = r.condition_zh if zh else r.condition_en
            if cond:
                self.add(f"{indent}  {self.label('depends')} {cond}")

    def evidence_lines(self, p: Project, f: Finding | None, evidence: list[Evidence], indent: str) -> None:
        if not evidence:
            return
        if not self.view.verbose:  # the first piece, and how many more --verbose would show
            more = self.t["more_inline"].format(n=len(evidence) - 1) if len(evidence) > 1 else ""
            self.add(indent + self.evidence(p, f, evidence[0]) + more)
            return
        for e in evidence[:VERBOSE_EVIDENCE]:
            self.add(indent + self.evidence(p, f, e))
        if len(evidence) > VERBOSE_EVIDENCE:
            self.add(f"{indent}{self.label('evidence')} … {self.t['more'].format(n=len(evidence) - VERBOSE_EVIDENCE)}")

    def basis(self, ob: Obligation, indent: str) -> None:
        for b in ob.basis:
            mark = self.t["verified"].get(b["verified"], b["verified"])
            self.add(f"{indent}{self.label('basis')} {b['title']} {b['article']} ({mark})".rstrip())

    def severity(self, value: str) -> str:
        return self.s(severity_name(value, self.lang), value)

    def diagnostic(self, p: Project | None, d: Diagnostic, indent: str) -> None:
        self.add(f"{indent}{self.place(p, d.location)}: {self.severity(d.severity.value)} "
                 f"{self.s(d.code, 'code')} {diagnostic_message(d, self.lang, self.report)}")

    def finding(self, p: Project, f: Finding, ob: Obligation | None, first: bool) -> None:
        self.add(f"  {self.place(p, f.location)}: {self.severity(f.severity.value)} {self.s(f.code, 'code')} "
                 f"{headline(f, ob, self.lang)}")
        if ob is not None and first:
            self.reasons(ob, "      ")
            self.evidence_lines(p, f, f.evidence or ob.evidence, "      ")
            if self.view.verbose:
                self.basis(ob, "      ")
        elif ob is not None:
            self.add(f"      {self.s(self.t['same_obligation'].strip(), 'dim')}")
        fix = f.fix(self.lang)
        if fix:
            self.add(f"      {self.label('fix')} {fix}")

    def held(self, p: Project) -> None:
        held = [ob for ob in p.obligations if ob.held and ob.kind not in ("declaration", "control")]
        if not held:
            return
        if not self.view.verbose:
            items = [f"{ob.id if ob.kind != 'category' else obligation_name(ob, self.lang)}"
                     + (f" ({ob.held_as})" if ob.held_as and ob.kind != "category" else "") for ob in held]
            sep = "；" if self.lang == "zh" else "; "
            self.add(f"  {self.t['held_line']}: {self.s('✓', 'ok')} " + sep.join(items))
            return
        self.add(f"  {self.t['held_title']}:")
        for ob in held:
            level = self.t["depends_level"] if ob.level.value == "depends" else self.t[ob.level.value]
            state = self.t["held"] + (f" {ob.held_as}" if ob.held_as else "")
            self.add(f"    {self.s('✓', 'ok')} [{level}] {obligation_name(ob, self.lang)} — {state}")
            self.reasons(ob, "        ")
            self.evidence_lines(p, None, ob.evidence, "        ")
            self.basis(ob, "        ")

    def project(self, p: Project) -> None:
        t = self.t
        root = shown_path(self.report, p, p.relroot)
        kinds = " · ".join(kind_name(k, self.lang) for k in (p.platform, p.framework, p.kind))
        self.add(self.s(f"== {t['project']} {root}", "head") + f"  [{kinds}]")
        if p.config and p.config.path:
            self.add(f"  {t['config']}: {p.config.path}")
        if p.backends:
            self.add(f"  {t['backends']}: " + ", ".join(f"{b['root']} ({b['language']})" for b in p.backends))
        sep = "、" if self.lang == "zh" else ", "
        feats = sep.join(
            feature_name(self.report, f.id, self.lang) + (f" ({f.id})" if self.view.verbose else "")
            + (f" ({t['backend']})" if all(e.signal.origin == "backend" for e in f.evidence) else "")
            + _providers(f.evidence)
            for f in p.features
        )
        self.add(f"  {t['features']}: {feats or t['none']}")
        btypes = sep.join(btype_name(self.report, b.id, self.lang) + (f" ({b.id})" if self.view.verbose else "")
                          for b in p.business_types)
        self.add(f"  {t['btypes']}: {btypes or t['none']}")
        self.held(p)
        self.add("")
        if not p.findings:
            self.add(f"  {t['no_findings']}")
        obligations = {ob.id: ob for ob in p.obligations}
        shown: set[str] = set()
        for f in p.findings:
            ob = obligations.get(f.obligation) if f.obligation else None
            self.finding(p, f, ob, first=f.obligation not in shown)
            if f.obligation:
                shown.add(f.obligation)
        if p.diagnostics:
            self.add("")
            self.add(f"  {t['diagnostics']}:")
            for d in p.diagnostics:
                self.diagnostic(p, d, "    ")


def render_text(report: Report) -> str:
    w = _Writer(report)
    t = w.t
    for d in report.diagnostics:
        w.diagnostic(None, d, "")
    for p in report.projects:
        w.project(p)
        w.add("")
    c = report.counts()
    counts = t["counts"].format(p=len(report.projects), e=c["error"], w=c["warning"], n=c["note"])
    w.add(f"{t['summary']}: {counts}" + ("" if report.lang == "zh" else " ") + t["disclaimer"])
    hidden = report.left_out(report.lang)
    if hidden:
        w.add(f"{t['left_out']}: {hidden}" + ("。" if report.lang == "zh" else "."))
    if not w.view.verbose and any(p.findings for p in report.projects):
        w.add(w.s(t["verbose_hint"], "dim"))
    return "\n".join(w.lines) + "\n"
