"""Built-in output formats, all rendered from the one report model: ``text`` (people), ``concise``
(one line per finding), ``json``
(machines, ``schemas/report.schema.json``), ``sarif`` (GitHub code scanning), ``github``
(workflow annotations + job summary), ``gitlab`` (Code Quality), ``junit`` and ``markdown``
(a pull-request comment)."""

from __future__ import annotations

import json

from zizhi import hookimpl
from zizhi.report import Report, Reporter

from .concise import render_concise
from .github import render_github
from .gitlab import render_gitlab
from .junit import render_junit
from .markdown import render_markdown
from .sarif import render_sarif
from .text import render_text


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


@hookimpl
def zizhi_reporters() -> dict[str, Reporter]:
    return {"text": render_text, "concise": render_concise, "json": render_json, "sarif": render_sarif,
            "github": render_github, "gitlab": render_gitlab, "junit": render_junit, "markdown": render_markdown}
