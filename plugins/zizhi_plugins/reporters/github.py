"""GitHub Actions: workflow-command annotations, the text report, and a job summary.

Each finding becomes ``::error file=…,line=…,col=…,title=…::message`` (``warning``, ``notice``),
escaped as the runner expects: in property values ``%``, CR, LF, ``:`` and ``,``; in the message
``%``, CR and LF. GitHub shows only ten annotations of each kind per step, so the full text report
follows the annotations. When ``$GITHUB_STEP_SUMMARY`` is set, the Markdown report (the PR
comment body) is appended to it, cut to GitHub's limit with a link to the full report.
"""

from __future__ import annotations

import os

from zizhi.report import Report
from zizhi.report.safe import final

from .common import chain, rows
from .markdown import job_summary
from .text import render_text

LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    """The runner's escaping of a command's message (``%``, CR, LF), with the other control characters
    removed: a line of output never starts from data (``::stop-commands::``, ``::error``)."""
    return final(text, keep="\r").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, file: str | None = None, line: int = 0, col: int = 0,
               title: str = "") -> str:
    props = []
    if file:
        props.append(f"file={escape_property(file)}")
        if line:
            props.append(f"line={line}")
            if col:
                props.append(f"col={col}")
    if title:
        props.append(f"title={escape_property(title)}")
    return f"::{level} {','.join(props)}::{escape_data(message)}" if props else f"::{level}::{escape_data(message)}"


def render_github(report: Report) -> str:
    lang = report.lang
    out = []
    rules = report.rules
    for row in rows(report):
        f = row.finding
        rule = rules.get(f.code) if rules is not None else None
        title = f"{f.code} {rule.name}" if rule else f.code
        if f.obligation:
            title += f" ({f.obligation})"
        lines = [f.message(lang)]
        for e in f.evidence[:5]:
            lines.append(f"{e.signal.location}: {chain(f, e)}")
        if len(f.evidence) > 5:
            lines.append(f"… {len(f.evidence) - 5} more")
        if f.fix(lang):
            lines.append(("如何合规：" if lang == "zh" else "How to comply: ") + f.fix(lang))
        out.append(annotation(LEVEL[f.severity.value], "\n".join(lines), row.path, f.location.line,
                              f.location.column, title))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(final(job_summary(report)) + "\n")
    return "\n".join(out) + ("\n" if out else "") + render_text(report)
