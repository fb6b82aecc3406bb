"""Portfolio reports from ``zizhi audit``'s JSON Lines: HTML (one self-contained page), Markdown, CSV.

Every string of a record comes from a scanned repository and is untrusted. The HTML page carries the
records as JSON inside a ``<script type="application/json">`` block with ``<``, ``>``, ``&`` and the line
separators escaped (so no ``</script>`` can end it), and its script puts data into the page only as text
(``textContent``, attribute values through ``setAttribute`` of fixed names), never as markup. A Content
Security Policy allows only the page's own script (by its hash) and no network at all; charts are inline
SVG drawn here with escaped labels. Markdown escapes its syntax and puts names in code spans; CSV cells
that a spreadsheet would read as a formula are prefixed with ``'``.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zizhi import __version__

if TYPE_CHECKING:
    import argparse

    from zizhi.policy import PolicyPack

LEVELS = ("required", "likely", "depends")
Record = dict[str, Any]


# --- the data every format shares ---------------------------------------------------------------------------


def split(records: list[Record]) -> tuple[list[Record], list[Record]]:
    """(project records sorted by repository, root and platform; error records)."""
    projects = [r for r in records if "error" not in r and "root" in r]
    errors = [r for r in records if "error" in r]
    projects.sort(key=lambda r: (str(r.get("repository", "")), str(r.get("root", "")),
                                 str(r.get("platform", ""))))
    errors.sort(key=lambda r: str(r.get("repository", "")))
    return projects, errors


def run_diagnostics(records: list[Record]) -> list[tuple[str, str]]:
    """(repository, "CODE path: message") of the diagnostics of scans tied to no project."""
    out = []
    for r in records:
        if "root" in r or "error" in r:
            continue
        for d in r.get("diagnostics") or []:
            text = f"{d.get('code', '')} {d.get('path', '')}: {d.get('message', '')}"
            out.append((str(r.get("repository", "")), text))
    return sorted(out)


def licence_names(policy: PolicyPack | None) -> dict[str, dict[str, str]]:
    if policy is None:
        return {}
    return {lid: {"zh": str(lic.get("name_zh", lid)), "en": str(lic.get("name_en", lid))}
            for lid, lic in policy.licences.items()}


def state(ob: Record) -> str:
    """required / likely / depends, or held."""
    return "held" if ob.get("held") is True else str(ob.get("level", ""))


def licences_of(record: Record) -> dict[str, str]:
    """Licence and filing id → state, for one project."""
    return {str(o["id"]): state(o) for o in record.get("obligations", []) if o.get("kind") in ("licence", "filing")}


def categories_of(record: Record) -> list[str]:
    return [str(o["id"]).removeprefix("category:") for o in record.get("obligations", [])
            if o.get("kind") == "category"]


def severities(record: Record) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "note": 0}
    for f in record.get("findings", []):
        if f.get("severity") in out:
            out[f["severity"]] += 1
    return out


def licence_columns(projects: list[Record], policy: PolicyPack | None) -> list[str]:
    """The licences any project needs, in the policy pack's order (unknown ids after, sorted)."""
    seen = {lid for r in projects for lid in licences_of(r)}
    order = list(policy.licences) if policy else []
    return [lid for lid in order if lid in seen] + sorted(seen - set(order))


# --- HTML -------------------------------------------------------------------------------------------------------

UI = {
    "en": {"title": "zizhi portfolio report", "repos": "repositories", "projects": "projects",
           "failed": "failed", "search": "Search repository or project", "all_platforms": "all platforms",
           "all_licences": "any licence", "all_states": "any state", "only_findings": "any findings",
           "with_errors": "with errors", "with_warnings": "with errors or warnings",
           "repository": "Repository", "project": "Project", "platform": "Platform",
           "business": "Business types", "categories": "服务类目", "findings": "Findings",
           "required": "required", "likely": "likely", "depends": "depends", "held": "held",
           "features": "Features", "obligations": "Obligations", "because": "Why", "basis": "Legal basis",
           "evidence": "Evidence", "fix": "How to comply", "none": "none", "shown": "shown",
           "errors": "Repositories that could not be audited", "chart_licences": "Licences across the portfolio",
           "chart_business": "Business types across the portfolio", "commit": "commit",
           "disclaimer": "Results mean 'likely needed, please check', not legal advice.",
           "generated": "Generated by zizhi", "lang": "中文", "condition": "depends on",
           "run_diagnostics": "Diagnostics tied to no project"},
    "zh": {"title": "zizhi 项目组合报告", "repos": "个仓库", "projects": "个项目", "failed": "失败",
           "search": "搜索仓库或项目", "all_platforms": "全部平台", "all_licences": "任意资质",
           "all_states": "任意状态", "only_findings": "任意问题", "with_errors": "有错误",
           "with_warnings": "有错误或警告", "repository": "仓库", "project": "项目", "platform": "平台",
           "business": "业务类型", "categories": "服务类目", "findings": "问题", "required": "必需",
           "likely": "很可能", "depends": "视情况", "held": "已持有", "features": "功能",
           "obligations": "义务", "because": "原因", "basis": "法律依据", "evidence": "证据",
           "fix": "如何合规", "none": "无", "shown": "显示", "errors": "无法审计的仓库",
           "chart_licences": "各资质所需项目数", "chart_business": "各业务类型项目数", "commit": "提交",
           "disclaimer": "结果为“可能需要，请核实”，不构成法律意见。", "generated": "由 zizhi 生成",
           "lang": "English", "condition": "取决于",
           "run_diagnostics": "不属于任何项目的诊断"},
}

COLOURS = {"required": "#c62828", "likely": "#ef6c00", "depends": "#1565c0", "held": "#2e7d32"}

#: The page's style and script, kept beside this module and put inline into every page.
CSS = (Path(__file__).parent / "portfolio.css").read_text(encoding="utf-8")
SCRIPT = (Path(__file__).parent / "portfolio.js").read_text(encoding="utf-8")



def _json_for_script(data: Any) -> str:
    """JSON that cannot end or confuse its ``<script>`` block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _page_project(index: int, r: Record) -> Record:
    """What the page needs of one record (strings only as data)."""
    def s(value: Any) -> str:
        return "" if value is None else str(value)

    def ev(e: Record) -> Record:
        return {"path": s(e.get("path")), "line": int(e.get("line") or 0), "name": s(e.get("name")),
                "signal": s(e.get("signal")), "strength": s(e.get("strength"))}

    return {
        "index": index, "repository": s(r.get("repository")), "commit": s(r.get("commit")),
        "root": s(r.get("root")), "platform": s(r.get("platform")), "framework": s(r.get("framework")),
        "business": [s(b.get("id")) for b in r.get("business_types", [])],
        "licences": licences_of(r), "categories": categories_of(r), "sev": severities(r),
        "features": [{"id": s(f.get("id")), "confidence": s(f.get("confidence")), "because": s(f.get("because")),
                      "evidence": [ev(e) for e in f.get("evidence", [])[:5]]} for f in r.get("features", [])],
        "obligations": [{"id": s(o.get("id")), "state": state(o),
                         "because": [{"text": {k: s(v) for k, v in (b.get("text") or {}).items()},
                                      "condition": {k: s(v) for k, v in (b.get("condition") or {}).items()}}
                                     for b in o.get("because", [])],
                         "basis": [{"title": s(b.get("title")), "article": s(b.get("article")),
                                    "verified": s(b.get("verified")), "url": s(b.get("url"))}
                                   for b in o.get("basis", [])],
                         "evidence": [ev(e) for e in o.get("evidence", [])[:5]]} for o in r.get("obligations", [])],
        "findings": [{"code": s(f.get("code")), "severity": s(f.get("severity")), "path": s(f.get("path")),
                      "line": int(f.get("line") or 0), "message": s(f.get("message")), "fix": s(f.get("fix"))}
                     for f in r.get("findings", [])],
        "snippets": {s(k): s(v) for k, v in (r.get("snippets") or {}).items()},
    }


def _bar_chart(title_key: str, counts: list[tuple[str, dict[str, int]]], label: dict[str, str]) -> str:
    """An inline SVG bar chart (horizontal bars, stacked by state); every label escaped."""
    esc = html.escape
    if not counts:
        return ""
    row, left, width = 20, 170, 250
    peak = max(sum(c.values()) for _, c in counts) or 1
    height = row * len(counts) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 60}" height="{height}" '
             f'role="img" class="chart-svg">']
    for i, (name, by_state) in enumerate(counts):
        y = 10 + i * row
        shown = name if len(name) <= 30 else name[:29] + "…"
        parts.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end" font-size="12">'
                     f'<title>{esc(label.get(name, name))}</title>{esc(shown)}</text>')
        x = float(left)
        for st in (*LEVELS, "held", "count"):
            n = by_state.get(st, 0)
            if not n:
                continue
            w = width * n / peak
            colour = COLOURS.get(st, "#546e7a")
            parts.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" fill="{colour}">'
                         f'<title>{esc(name)}: {n} {esc(st)}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 14}" font-size="12">{sum(by_state.values())}</text>')
    parts.append("</svg>")
    return (f'<div class="chart"><h2 data-t="{title_key}"></h2>' + "".join(parts) + "</div>")


def render_html(records: list[Record], lang: str = "en", policy: PolicyPack | None = None) -> str:
    projects, errors = split(records)
    columns = licence_columns(projects, policy)
    names = licence_names(policy)
    lic_counts: dict[str, Counter[str]] = {lid: Counter() for lid in columns}
    biz: Counter[str] = Counter()
    for r in projects:
        for lid, st in licences_of(r).items():
            lic_counts[lid][st] += 1
        for b in r.get("business_types", []):
            biz[str(b.get("id"))] += 1
    charts = (_bar_chart("chart_licences", [(lid, dict(lic_counts[lid])) for lid in columns],
                         {lid: f"{lid} {names.get(lid, {}).get('zh', '')}" for lid in columns})
              + _bar_chart("chart_business", [(b, {"count": n}) for b, n in biz.most_common()], {}))
    data = {
        "lang": lang if lang in UI else "en", "ui": UI, "licences": names, "columns": columns,
        "platforms": sorted({str(r.get("platform", "")) for r in projects}),
        "projects": [_page_project(i, r) for i, r in enumerate(projects)],
    }
    repos = len({r.get("repository") for r in records})
    summary_counts = Counter[str]()
    for r in projects:
        summary_counts.update(severities(r))
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; script-src 'sha256-{script_hash}'; style-src 'unsafe-inline'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    esc = html.escape
    error_items = "".join(f"<li><code>{esc(str(e.get('repository')))}</code>: {esc(str(e.get('error')))}</li>"
                          for e in errors)
    error_block = (f'<h2 data-t="errors"></h2><ul class="errors">{error_items}</ul>' if errors else "")
    notes = run_diagnostics(records)
    if notes:
        items = "".join(f"<li><code>{esc(repo)}</code>: {esc(text)}</li>" for repo, text in notes)
        error_block += f'<h2 data-t="run_diagnostics"></h2><ul class="run-diagnostics">{items}</ul>'

    legend = "".join(f'<span class="badge b-{st}" data-t="{st}"></span>' for st in (*LEVELS, "held"))
    failed = f' · <b>{len(errors)}</b> <span data-t="failed"></span>' if errors else ""
    page = f"""<!DOCTYPE html>
<html lang="{'zh-CN' if data['lang'] == 'zh' else 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>zizhi</title>
<style>{CSS}</style>
</head>
<body>
<header>
<button id="f-lang" type="button" data-t="lang" style="float:right"></button>
<h1 data-t="title"></h1>
<div class="summary"><b>{repos}</b> <span data-t="repos"></span> · <b>{len(projects)}</b>
 <span data-t="projects"></span> · <span class="sev-error">{summary_counts['error']} E</span>
 <span class="sev-warning">{summary_counts['warning']} W</span>
 <span class="sev-note">{summary_counts['note']} N</span>{failed}</div>
</header>
<section class="charts">{charts}</section>
<div class="legend">{legend}</div>
<div class="filters">
<input id="f-search" type="search" aria-label="search">
<select id="f-platform" aria-label="platform"></select>
<select id="f-licence" aria-label="licence"></select>
<select id="f-state" aria-label="state"></select>
<select id="f-findings" aria-label="findings"></select>
<span id="shown" class="muted"></span>
</div>
<div class="table-wrap">
<table class="portfolio"><thead><tr id="head"></tr></thead><tbody id="body"></tbody></table>
</div>
{error_block}
<footer><span data-t="generated"></span> {esc(__version__)} · <span data-t="disclaimer"></span></footer>
<script type="application/json" id="zizhi-data">{_json_for_script(data)}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""
    return page


# --- Markdown ---------------------------------------------------------------------------------------------------

MD: dict[str, dict[str, Any]] = {
      "en": {"title": "zizhi portfolio", "summary": "{r} repositories, {p} projects: {e} errors, {w} warnings, "
             "{n} notes", "cols": ["repository", "project", "platform", "business types", "licences", "服务类目",
                                    "E", "W", "N"], "errors": "Could not be audited",
             "diagnostics": "Diagnostics tied to no project"},
      "zh": {"title": "zizhi 项目组合报告", "summary": "{r} 个仓库，{p} 个项目：{e} 个错误，{w} 个警告，{n} 个提示",
             "cols": ["仓库", "项目", "平台", "业务类型", "资质", "服务类目", "错误", "警告", "提示"],
             "errors": "无法审计", "diagnostics": "不属于任何项目的诊断"}}


def _md_text(text: str) -> str:
    for ch in "\\`*_{}[]<>|#!":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\r", " ").replace("\n", " ")


def _md_code(text: str) -> str:
    text = text.replace("\r", " ").replace("\n", " ").replace("|", "¦")  # a table cell: no pipe at all
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest or text[:1] == " " or text[-1:] == " " else ""
    return f"{fence}{pad}{text}{pad}{fence}" if text else ""


def render_markdown(records: list[Record], lang: str = "en", policy: PolicyPack | None = None) -> str:
    t = MD[lang if lang in MD else "en"]
    projects, errors = split(records)
    totals: Counter[str] = Counter()
    for r in projects:
        totals.update(severities(r))
    repos = len({r.get("repository") for r in records})
    out = [f"## {t['title']}", "", t["summary"].format(r=repos, p=len(projects), e=totals["error"],
                                                        w=totals["warning"], n=totals["note"]) + ".", "",
           "| " + " | ".join(t["cols"]) + " |", "|" + " --- |" * len(t["cols"])]
    for r in projects:
        lics = ", ".join(f"{_md_code(lid)} {st}" for lid, st in licences_of(r).items())
        cats = ", ".join(_md_code(c) for c in categories_of(r))
        sev = severities(r)
        out.append("| " + " | ".join([_md_code(str(r.get("repository", ""))), _md_code(str(r.get("root", ""))),
                                       _md_text(str(r.get("platform", ""))),
                                       ", ".join(_md_code(str(b.get("id", ""))) for b in r.get("business_types", [])),
                                       lics, cats, str(sev["error"]), str(sev["warning"]), str(sev["note"])]) + " |")
    if errors:
        out += ["", f"### {t['errors']}", ""]
        out += [f"- {_md_code(str(e.get('repository', '')))}: {_md_text(str(e.get('error', '')))}" for e in errors]
    notes = run_diagnostics(records)
    if notes:
        out += ["", f"### {t['diagnostics']}", ""]
        out += [f"- {_md_code(repo)}: {_md_text(text)}" for repo, text in notes]
    return "\n".join(out) + "\n"


# --- CSV ----------------------------------------------------------------------------------------------------------

CSV_COLUMNS = ["repository", "commit", "project", "platform", "framework", "kind", "business_types", "obligation",
               "obligation_kind", "level", "held", "name_zh", "rule", "errors", "warnings", "notes", "error"]


def _cell(value: Any) -> str:
    """A spreadsheet cell: text that would start a formula (=, +, -, @, tab, CR) is prefixed with '."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(records: list[Record], lang: str = "en", policy: PolicyPack | None = None) -> str:
    """One row per project and obligation (a project without obligations: one row without one)."""
    names = licence_names(policy)
    projects, errors = split(records)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in projects:
        sev = severities(r)
        base = [r.get("repository"), r.get("commit"), r.get("root"), r.get("platform"), r.get("framework"),
                r.get("kind"), " ".join(str(b.get("id")) for b in r.get("business_types", []))]
        tail = [sev["error"], sev["warning"], sev["note"], ""]
        obligations = r.get("obligations", []) or [None]
        for o in obligations:
            if o is None:
                mid: list[Any] = ["", "", "", "", "", ""]
            else:
                held = "" if o.get("held") is None else ("yes" if o.get("held") else "no")
                mid = [o.get("id"), o.get("kind"), o.get("level"), held,
                       names.get(str(o.get("id")), {}).get("zh", ""), o.get("rule")]
            writer.writerow([_cell(v) for v in base + mid + tail])
    for e in errors:
        writer.writerow([_cell(v) for v in [e.get("repository"), e.get("commit")] + [""] * 14 + [e.get("error")]])
    return buf.getvalue()


RENDERERS = {"html": render_html, "markdown": render_markdown, "csv": render_csv}


def cmd_report(args: argparse.Namespace) -> int:
    """``zizhi report FILE.jsonl --format html|markdown|csv``."""
    from zizhi.audit import read_records
    from zizhi.cliutil import _disabled, _lang, _usage, _write, check_writable
    from zizhi.report.safe import final

    if args.output and args.output != "-":
        problem = check_writable(args.output, "--output")
        if problem:
            return _usage(problem)
    if args.input == "-":
        records = []
        for line in sys.stdin:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and isinstance(record.get("repository"), str):
                records.append(record)
    else:
        path = Path(args.input)
        if not path.is_file():
            return _usage(f"{args.input}: no such file")
        try:
            records = list(read_records(path))
        except (OSError, UnicodeDecodeError) as exc:
            return _usage(f"{args.input}: cannot read: {getattr(exc, 'strerror', None) or exc}")
    from zizhi.engine import load_engine

    policy = load_engine(_disabled(args)).policy
    text = RENDERERS[args.format](records, _lang(args), policy)
    _write(final(text), args.output)
    return 0
